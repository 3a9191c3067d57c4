/*
 * db_concurrency_test.c - readers against a writer on one zone database
 * (zones/db.h): no reader may ever see a half-applied changeset.
 *
 * The writer applies thousands of changesets (bounded by a few seconds).
 * Changeset S -> S+1 changes, all at once:
 *  - the apex SOA serial to S+1,
 *  - the TXT at "serial" to the text "S+1",
 *  - the A records of "a.pair" and "b.pair" to the address S+1,
 *  - adds "n<S+1>" and deletes "n<S-7>" (a ring of 8 names).
 * Readers look up continuously inside read sections and check that every
 * one of those agrees with the version's serial, and that serials never go
 * backwards; every 32 rounds they also pin a version with db_attach(),
 * yield while the writer moves on, and check the pinned version again (it
 * must not change or be freed under them: ASan and TSan builds catch the
 * latter).  scripts/tsan.sh runs this test under ThreadSanitizer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <cmocka.h>

#include "zones/db.h"

#define T_A   1
#define T_NS  2
#define T_SOA 6
#define T_TXT 16

#define RING 8
#define READERS 3

static name_t origin;
static name_t n_serial, n_pa, n_pb;

static name_t
nm(const char *s) {
	name_t n;
	assert_int_equal(name_fromtext(&n, s, strlen(s), &origin), R_OK);
	return n;
}

static void
ring_name(uint32_t i, name_t *out) {
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "n%u.ring", (unsigned)i);
	/* Called from reader threads too: no cmocka asserts here. */
	if (name_fromtext(out, buf, (size_t)len, &origin) != R_OK) {
		abort();
	}
}

static uint16_t
soa_rdata(uint32_t serial, uint8_t *buf) {
	static const char *mn = "ns", *rn = "hostmaster";
	name_t a, b;
	size_t l = 0;
	if (name_fromtext(&a, mn, strlen(mn), &origin) != R_OK ||
	    name_fromtext(&b, rn, strlen(rn), &origin) != R_OK) {
		abort();
	}
	memcpy(buf, a.wire, a.length);
	l += a.length;
	memcpy(buf + l, b.wire, b.length);
	l += b.length;
	uint32_t v[5] = {serial, 3600, 1800, 604800, 300};
	for (int i = 0; i < 5; i++) {
		buf[l++] = (uint8_t)(v[i] >> 24);
		buf[l++] = (uint8_t)(v[i] >> 16);
		buf[l++] = (uint8_t)(v[i] >> 8);
		buf[l++] = (uint8_t)v[i];
	}
	return (uint16_t)l;
}

static uint16_t
txt_rdata(uint32_t serial, uint8_t *buf) {
	int len = snprintf((char *)buf + 1, 16, "%u", (unsigned)serial);
	buf[0] = (uint8_t)len;
	return (uint16_t)(len + 1);
}

static void
a_rdata(uint32_t serial, uint8_t *buf) {
	buf[0] = (uint8_t)(serial >> 24);
	buf[1] = (uint8_t)(serial >> 16);
	buf[2] = (uint8_t)(serial >> 8);
	buf[3] = (uint8_t)serial;
}

/* Adds (op ADD) or deletes (op DEL) the serial-dependent RRs of S. */
static void
serial_rrs(changeset_t *cs, changeset_op_t op, uint32_t s) {
	uint8_t buf[300];
	uint16_t l = soa_rdata(s, buf);
	assert_int_equal(changeset_add(cs, op, &origin, T_SOA, 300, buf, l),
			 R_OK);
	l = txt_rdata(s, buf);
	assert_int_equal(changeset_add(cs, op, &n_serial, T_TXT, 300, buf, l),
			 R_OK);
	a_rdata(s, buf);
	assert_int_equal(changeset_add(cs, op, &n_pa, T_A, 300, buf, 4), R_OK);
	assert_int_equal(changeset_add(cs, op, &n_pb, T_A, 300, buf, 4), R_OK);
}

/* ---- the readers' check of one version ---- */

static bool
has_a(const db_version_t *v, const name_t *n, uint32_t s) {
	db_lookup_t r;
	if (db_lookup(v, n, T_A, &r) != R_OK || r.outcome != DB_FOUND ||
	    r.rrset->count != 1) {
		return false;
	}
	db_rdata_iter_t it;
	const uint8_t *d;
	uint16_t len;
	uint8_t want[4];
	a_rdata(s, want);
	db_rdata_iter_init(&it, r.rrset->rdata, r.rrset->count);
	return db_rdata_iter_next(&it, &d, &len) && len == 4 &&
	       memcmp(d, want, 4) == 0;
}

static bool
absent(const db_version_t *v, const name_t *n) {
	db_lookup_t r;
	return db_lookup(v, n, T_A, &r) == R_OK && r.outcome == DB_NXDOMAIN;
}

/* Returns the version's serial, or 0 with *ok false on any
 * inconsistency. */
static uint32_t
check_version(const db_version_t *v, bool *ok) {
	uint32_t s;
	*ok = false;
	if (v == NULL || db_version_serial(v, &s) != R_OK) {
		return 0;
	}
	db_lookup_t r;
	uint8_t want[16];
	uint16_t wl = txt_rdata(s, want);
	if (db_lookup(v, &n_serial, T_TXT, &r) != R_OK ||
	    r.outcome != DB_FOUND || r.rrset->count != 1) {
		return 0;
	}
	db_rdata_iter_t it;
	const uint8_t *d;
	uint16_t len;
	db_rdata_iter_init(&it, r.rrset->rdata, 1);
	if (!db_rdata_iter_next(&it, &d, &len) || len != wl ||
	    memcmp(d, want, wl) != 0) {
		return 0;
	}
	if (!has_a(v, &n_pa, s) || !has_a(v, &n_pb, s)) {
		return 0;
	}
	/* the ring holds exactly n<s-7> .. n<s> */
	name_t rn;
	for (uint32_t i = s >= RING ? s - (RING - 1) : 1; i <= s; i++) {
		ring_name(i, &rn);
		if (!has_a(v, &rn, i)) {
			return 0;
		}
	}
	ring_name(s + 1, &rn);
	if (!absent(v, &rn)) {
		return 0;
	}
	if (s >= RING) {
		ring_name(s - RING, &rn);
		if (!absent(v, &rn)) {
			return 0;
		}
	}
	*ok = true;
	return s;
}

typedef struct rctx {
	db_t *db;
	int stop; /* atomic */
	unsigned long rounds, failures, pins; /* atomic adds */
	unsigned long live_rounds;	      /* atomic, while running */
} rctx_t;

static void *
reader(void *arg) {
	rctx_t *c = arg;
	uint32_t last = 0;
	unsigned long rounds = 0, failures = 0, pins = 0;

	db_thread_register();
	while (!__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE)) {
		bool ok;
		const db_version_t *v = db_read_begin(c->db);
		uint32_t s = check_version(v, &ok);
		db_read_end(c->db);
		if (!ok || s < last) {
			failures++;
		}
		last = s;
		rounds++;
		__atomic_fetch_add(&c->live_rounds, 1, __ATOMIC_RELAXED);
		if (rounds % 32 == 0) {
			db_version_t *p = db_attach(c->db);
			uint32_t s1 = check_version(p, &ok);
			for (int k = 0; k < 20; k++) {
				sched_yield();
			}
			uint32_t s2 = check_version(p, &ok);
			if (!ok || s1 != s2) {
				failures++;
			}
			db_detach(c->db, p);
			pins++;
		}
	}
	__atomic_fetch_add(&c->rounds, rounds, __ATOMIC_RELAXED);
	__atomic_fetch_add(&c->failures, failures, __ATOMIC_RELAXED);
	__atomic_fetch_add(&c->pins, pins, __ATOMIC_RELAXED);
	db_thread_unregister();
	return NULL;
}

static double
elapsed(const struct timespec *t0) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
test_readers_never_see_half_changes(void **state) {
	db_t *db;
	changeset_t *cs;
	uint8_t buf[300];

	assert_int_equal(db_create(&origin, 1, &db), R_OK);
	/* version 1: serial 1, ring n1, and filler so the tree is deep */
	assert_int_equal(changeset_create(&cs), R_OK);
	serial_rrs(cs, CHANGESET_ADD, 1);
	name_t ns = nm("ns");
	assert_int_equal(changeset_add(cs, CHANGESET_ADD, &origin, T_NS, 300,
				       ns.wire, ns.length),
			 R_OK);
	name_t rn;
	ring_name(1, &rn);
	a_rdata(1, buf);
	assert_int_equal(changeset_add(cs, CHANGESET_ADD, &rn, T_A, 300, buf,
				       4),
			 R_OK);
	for (int i = 0; i < 2000; i++) {
		char t[32];
		int len = snprintf(t, sizeof(t), "f%d.filler", i);
		name_t f;
		assert_int_equal(name_fromtext(&f, t, (size_t)len, &origin),
				 R_OK);
		a_rdata((uint32_t)i, buf);
		assert_int_equal(changeset_add(cs, CHANGESET_ADD, &f, T_A, 300,
					       buf, 4),
				 R_OK);
	}
	assert_int_equal(db_apply(db, cs, DB_APPLY_STRICT), R_OK);
	changeset_destroy(cs);
	bool ok;
	const db_version_t *v0 = db_read_begin(db);
	assert_int_equal(check_version(v0, &ok), 1);
	db_read_end(db);
	assert_true(ok);

	rctx_t ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.db = db;
	pthread_t th[READERS];
	for (int i = 0; i < READERS; i++) {
		assert_int_equal(pthread_create(&th[i], NULL, reader, &ctx), 0);
	}

	/* 1.5 s by default; slow builds (TSan) may ask for longer so the
	 * writer still gets through thousands of changesets. */
	double limit = 1.5;
	const char *env = getenv("DB_CONCURRENCY_SECONDS");
	if (env != NULL && atof(env) > 0) {
		limit = atof(env);
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	uint32_t s = 1;
	/* Thousands of changesets, and enough reader rounds to overlap
	 * them, whichever comes last, within the time limit. */
	while (elapsed(&t0) < limit &&
	       (s < 5000 ||
		__atomic_load_n(&ctx.live_rounds, __ATOMIC_RELAXED) < 20000)) {
		assert_int_equal(changeset_create(&cs), R_OK);
		serial_rrs(cs, CHANGESET_DEL, s);
		serial_rrs(cs, CHANGESET_ADD, s + 1);
		ring_name(s + 1, &rn);
		a_rdata(s + 1, buf);
		assert_int_equal(changeset_add(cs, CHANGESET_ADD, &rn, T_A,
					       300, buf, 4),
				 R_OK);
		if (s + 1 > RING) {
			ring_name(s + 1 - RING, &rn);
			assert_int_equal(changeset_add(cs, CHANGESET_DELNAME,
						       &rn, 0, 0, NULL, 0),
					 R_OK);
		}
		/* strict: the writer's own idea of the zone must hold too */
		assert_int_equal(db_apply(db, cs, DB_APPLY_STRICT), R_OK);
		changeset_destroy(cs);
		s++;
	}
	__atomic_store_n(&ctx.stop, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < READERS; i++) {
		pthread_join(th[i], NULL);
	}
	printf("# %u changesets, %lu reader rounds, %lu pinned checks in "
	       "%.2fs\n",
	       (unsigned)s - 1, ctx.rounds, ctx.pins, elapsed(&t0));
	assert_int_equal(ctx.failures, 0);
	/* enough work to mean something even on a loaded machine */
	assert_true(s > 200);
	assert_true(ctx.rounds > 100);

	const db_version_t *v = db_read_begin(db);
	assert_int_equal(check_version(v, &ok), s);
	assert_true(ok);
	db_read_end(db);
	db_destroy(db);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readers_never_see_half_changes),
	};
	name_t root;
	name_init_root(&root);
	assert_int_equal(name_fromtext(&origin, "conc.test", 9, &root), R_OK);
	n_serial = nm("serial");
	n_pa = nm("a.pair");
	n_pb = nm("b.pair");
	db_thread_register();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	db_thread_unregister();
	return r;
}
