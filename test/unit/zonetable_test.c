/*
 * zonetable_test.c - unit tests for zones/zonetable.c: deepest-zone
 * lookup (hand cases and 20,000 random zones against a naive scan),
 * case handling, transactions (abort, add-then-remove, growth and
 * backward-shift deletion under churn), foreach, destroy's callback, and
 * readers that run while a writer adds and removes zones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include <cmocka.h>

#include "zones/zonetable.h"

static name_t
nm(const char *s) {
	name_t n;
	assert_int_equal(name_fromtext(&n, s, strlen(s), NULL), R_OK);
	return n;
}

/* A test zone: its origin, so a match can be checked against it. */
typedef struct tzone {
	name_t origin;
	int id;
	int live;
} tzone_t;

static void
add(zonetable_t *zt, tzone_t *z, const char *origin) {
	z->origin = nm(origin);
	assert_int_equal(zonetable_add(zt, &z->origin, z), R_OK);
}

/* The origin of the zone found for qname, as text, or "-" for none. */
static const char *
find_text(zonetable_t *zt, const char *qname, bool *exact) {
	static char buf[NAME_MAXTEXT];
	name_t q = nm(qname);
	zonetable_match_t m;

	zonetable_read_begin();
	result_t r = zonetable_find(zt, &q, &m);
	zonetable_read_end();
	if (r != R_OK) {
		assert_int_equal(r, R_NOTFOUND);
		return "-";
	}
	tzone_t *z = m.zone;
	name_t o;
	assert_int_equal(name_fromwire_raw(&o, m.origin, m.origin_len, NULL),
			 R_OK);
	assert_true(name_equal(&o, &z->origin));
	assert_int_equal(m.labels, z->origin.labels);
	assert_int_equal(name_totext(&o, NULL, false, buf, sizeof(buf), NULL),
			 R_OK);
	if (exact != NULL) {
		*exact = m.exact;
	}
	return buf;
}

static void
test_empty(void **state) {
	zonetable_t *zt;
	assert_int_equal(zonetable_create(&zt), R_OK);
	assert_string_equal(find_text(zt, "example.com.", NULL), "-");
	assert_string_equal(find_text(zt, ".", NULL), "-");
	zonetable_read_begin();
	assert_int_equal(zonetable_count(zt), 0);
	zonetable_read_end();
	zonetable_destroy(zt, NULL, NULL);
}

static void
test_deepest(void **state) {
	zonetable_t *zt;
	tzone_t z[6];
	bool exact = false;

	assert_int_equal(zonetable_create(&zt), R_OK);
	add(zt, &z[0], "com.");
	add(zt, &z[1], "Example.COM.");
	add(zt, &z[2], "sub.example.com.");
	add(zt, &z[3], "ab.c.");
	add(zt, &z[4], "d.e.f.g.h.i.");
	assert_string_equal(find_text(zt, "www.sub.example.com.", &exact),
			    "sub.example.com.");
	assert_false(exact);
	assert_string_equal(find_text(zt, "SUB.EXAMPLE.COM.", &exact),
			    "sub.example.com.");
	assert_true(exact);
	/* case of the origin is kept as added */
	assert_string_equal(find_text(zt, "a.b.example.com.", NULL),
			    "Example.COM.");
	assert_string_equal(find_text(zt, "xsub.example.com.", NULL),
			    "Example.COM.");
	assert_string_equal(find_text(zt, "org.", NULL), "-");
	assert_string_equal(find_text(zt, "c.", NULL), "-");
	/* label boundaries matter: "a.bc" is not under "ab.c" */
	assert_string_equal(find_text(zt, "a.bc.", NULL), "-");
	assert_string_equal(find_text(zt, "x.ab.c.", NULL), "ab.c.");
	assert_string_equal(find_text(zt, "e.f.g.h.i.", NULL), "-");
	assert_string_equal(find_text(zt, "a.b.c.d.e.f.g.h.i.", NULL),
			    "d.e.f.g.h.i.");
	/* escaped and binary labels fold only ASCII letters */
	add(zt, &z[5], "\\200A\\.b.com.");
	assert_string_equal(find_text(zt, "x.\\200a\\.B.com.", NULL),
			    "\\200A\\.b.com.");
	assert_string_equal(find_text(zt, "x.\\232a\\.B.com.", NULL), "com.");
	/* the root zone catches everything else */
	tzone_t root;
	add(zt, &root, ".");
	assert_string_equal(find_text(zt, "org.", NULL), ".");
	assert_string_equal(find_text(zt, ".", &exact), ".");
	assert_true(exact);
	assert_string_equal(find_text(zt, "a.bc.", NULL), ".");
	zonetable_read_begin();
	assert_int_equal(zonetable_count(zt), 7);
	zonetable_read_end();
	zonetable_destroy(zt, NULL, NULL);
}

static void
test_add_remove_errors(void **state) {
	zonetable_t *zt;
	tzone_t a, b;
	void *old = NULL;
	zonetable_match_t m;

	assert_int_equal(zonetable_create(&zt), R_OK);
	add(zt, &a, "example.com.");
	b.origin = nm("EXAMPLE.com.");
	assert_int_equal(zonetable_add(zt, &b.origin, &b), R_EXISTS);
	assert_int_equal(zonetable_add(zt, &b.origin, NULL), R_RANGE);
	name_t other = nm("example.net.");
	assert_int_equal(zonetable_remove(zt, &other, &old), R_NOTFOUND);
	assert_null(old);
	zonetable_read_begin();
	assert_int_equal(zonetable_find_exact(zt, &b.origin, &m), R_OK);
	assert_ptr_equal(m.zone, &a);
	assert_true(m.exact);
	name_t below = nm("www.example.com.");
	assert_int_equal(zonetable_find_exact(zt, &below, &m), R_NOTFOUND);
	zonetable_read_end();
	assert_int_equal(zonetable_remove(zt, &b.origin, &old), R_OK);
	assert_ptr_equal(old, &a);
	assert_string_equal(find_text(zt, "www.example.com.", NULL), "-");
	zonetable_read_begin();
	assert_int_equal(zonetable_count(zt), 0);
	zonetable_read_end();
	zonetable_destroy(zt, NULL, NULL);
}

static void
test_txn(void **state) {
	zonetable_t *zt;
	zonetable_txn_t *txn;
	tzone_t a, b, c;
	void *old = NULL;

	assert_int_equal(zonetable_create(&zt), R_OK);
	add(zt, &a, "a.test.");
	/* an aborted transaction publishes nothing */
	assert_int_equal(zonetable_begin(zt, &txn), R_OK);
	b.origin = nm("b.test.");
	assert_int_equal(zonetable_txn_add(txn, &b.origin, &b), R_OK);
	assert_int_equal(zonetable_txn_remove(txn, &a.origin, NULL), R_OK);
	/* readers do not see the private copy */
	assert_string_equal(find_text(zt, "x.a.test.", NULL), "a.test.");
	assert_string_equal(find_text(zt, "x.b.test.", NULL), "-");
	zonetable_abort(txn);
	assert_string_equal(find_text(zt, "x.a.test.", NULL), "a.test.");
	assert_string_equal(find_text(zt, "x.b.test.", NULL), "-");

	/* add then remove in one transaction; swap a zone for another */
	assert_int_equal(zonetable_begin(zt, &txn), R_OK);
	assert_int_equal(zonetable_txn_add(txn, &b.origin, &b), R_OK);
	assert_int_equal(zonetable_txn_add(txn, &b.origin, &b), R_EXISTS);
	assert_int_equal(zonetable_txn_remove(txn, &b.origin, &old), R_OK);
	assert_ptr_equal(old, &b);
	assert_int_equal(zonetable_txn_remove(txn, &b.origin, NULL),
			 R_NOTFOUND);
	assert_int_equal(zonetable_txn_remove(txn, &a.origin, &old), R_OK);
	assert_ptr_equal(old, &a);
	c.origin = nm("a.test.");
	assert_int_equal(zonetable_txn_add(txn, &c.origin, &c), R_OK);
	assert_int_equal(zonetable_commit(txn), R_OK);
	zonetable_match_t m;
	name_t q = nm("www.a.test.");
	zonetable_read_begin();
	assert_int_equal(zonetable_find(zt, &q, &m), R_OK);
	assert_ptr_equal(m.zone, &c);
	assert_int_equal(zonetable_count(zt), 1);
	zonetable_read_end();
	zonetable_abort(NULL);
	zonetable_destroy(zt, NULL, NULL);
}

/* ---- random zones against a naive scan ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t
rnd(void) {
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* A random name of 1..depth labels below one of a few TLDs, drawn from a
 * small alphabet so names share suffixes and collide often. */
static void
random_name(name_t *out, unsigned depth) {
	static const char *tlds[] = {"com.", "net.", "Org.", "x.y."};
	char buf[300];
	size_t pos = 0;
	unsigned labels = 1 + rnd() % depth;

	for (unsigned i = 0; i < labels; i++) {
		unsigned len = 1 + rnd() % 3;
		for (unsigned k = 0; k < len; k++) {
			static const char alpha[] = "abAB0-";
			buf[pos++] = alpha[rnd() % 6];
		}
		buf[pos++] = '.';
	}
	const char *t = tlds[rnd() % 4];
	memcpy(buf + pos, t, strlen(t));
	pos += strlen(t);
	assert_int_equal(name_fromtext(out, buf, pos, NULL), R_OK);
}

static tzone_t *
naive_find(tzone_t *zones, size_t n, const name_t *q) {
	tzone_t *best = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!zones[i].live || !name_issubdomain(q, &zones[i].origin)) {
			continue;
		}
		if (best == NULL || zones[i].origin.labels > best->origin.labels) {
			best = &zones[i];
		}
	}
	return best;
}

static void
check_queries(zonetable_t *zt, tzone_t *zones, size_t n, unsigned nq) {
	zonetable_read_begin();
	for (unsigned i = 0; i < nq; i++) {
		name_t q;
		zonetable_match_t m;
		if (rnd() % 2 == 0) {
			/* below a known zone, maybe deeper */
			tzone_t *z = &zones[rnd() % n];
			name_t pre;
			random_name(&pre, 3);
			if (name_concat(&q, &pre, rnd() % 3, &z->origin) !=
			    R_OK) {
				q = z->origin;
			}
		} else {
			random_name(&q, 5);
		}
		tzone_t *want = naive_find(zones, n, &q);
		result_t r = zonetable_find(zt, &q, &m);
		if (want == NULL) {
			assert_int_equal(r, R_NOTFOUND);
			continue;
		}
		assert_int_equal(r, R_OK);
		assert_ptr_equal(m.zone, want);
		assert_int_equal(m.exact, name_equal(&q, &want->origin));
	}
	zonetable_read_end();
}

static void
test_random_against_naive(void **state) {
	enum { N = 20000 };
	tzone_t *zones = calloc(N, sizeof(*zones));
	zonetable_t *zt;
	zonetable_txn_t *txn;
	size_t n = 0;

	assert_non_null(zones);
	assert_int_equal(zonetable_create(&zt), R_OK);
	/* one big transaction: the table grows many times inside it */
	assert_int_equal(zonetable_begin(zt, &txn), R_OK);
	while (n < N) {
		random_name(&zones[n].origin, 4);
		zones[n].id = (int)n;
		result_t r = zonetable_txn_add(txn, &zones[n].origin,
					       &zones[n]);
		if (r == R_EXISTS) {
			continue;
		}
		assert_int_equal(r, R_OK);
		zones[n].live = 1;
		n++;
	}
	assert_int_equal(zonetable_commit(txn), R_OK);
	zonetable_read_begin();
	assert_int_equal(zonetable_count(zt), N);
	zonetable_read_end();
	check_queries(zt, zones, n, 300);

	/* churn: remove and re-add in batches; backward-shift deletion
	 * must keep every remaining key reachable */
	size_t live = N;
	for (int round = 0; round < 6; round++) {
		assert_int_equal(zonetable_begin(zt, &txn), R_OK);
		for (int k = 0; k < 3000; k++) {
			tzone_t *z = &zones[rnd() % N];
			void *old = NULL;
			if (z->live) {
				assert_int_equal(zonetable_txn_remove(txn,
								      &z->origin,
								      &old),
						 R_OK);
				assert_ptr_equal(old, z);
				z->live = 0;
				live--;
			} else {
				assert_int_equal(zonetable_txn_add(txn,
								   &z->origin,
								   z),
						 R_OK);
				z->live = 1;
				live++;
			}
		}
		assert_int_equal(zonetable_commit(txn), R_OK);
		zonetable_read_begin();
		assert_int_equal(zonetable_count(zt), live);
		for (size_t i = 0; i < N; i++) {
			zonetable_match_t m;
			result_t r = zonetable_find_exact(zt, &zones[i].origin,
							  &m);
			assert_int_equal(r, zones[i].live ? R_OK : R_NOTFOUND);
			if (r == R_OK) {
				assert_ptr_equal(m.zone, &zones[i]);
			}
		}
		zonetable_read_end();
		check_queries(zt, zones, n, 100);
	}
	zonetable_destroy(zt, NULL, NULL);
	free(zones);
}

static bool
count_cb(void *arg, const zonetable_match_t *m) {
	int *c = arg;
	tzone_t *z = m->zone;
	assert_int_equal(m->origin_len, z->origin.length);
	assert_memory_equal(m->origin, z->origin.wire, m->origin_len);
	(*c)++;
	return *c < 3;
}

static void
free_cb(void *zone, void *arg) {
	tzone_t *z = zone;
	int *c = arg;
	z->live = 0;
	(*c)++;
}

static void
test_foreach_destroy(void **state) {
	zonetable_t *zt;
	tzone_t z[5];
	int c = 0;
	static const char *names[] = {"a.", "b.", "c.a.", "d.", "e.f."};

	assert_int_equal(zonetable_create(&zt), R_OK);
	for (int i = 0; i < 5; i++) {
		add(zt, &z[i], names[i]);
		z[i].live = 1;
	}
	zonetable_read_begin();
	zonetable_foreach(zt, count_cb, &c);
	zonetable_read_end();
	assert_int_equal(c, 3); /* stopped when the callback said so */
	c = 0;
	zonetable_destroy(zt, free_cb, &c);
	assert_int_equal(c, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(z[i].live, 0);
	}
	zonetable_destroy(NULL, NULL, NULL);
}

/* ---- readers while a writer changes the table ---- */

typedef struct rctx {
	zonetable_t *zt;
	tzone_t *stable;
	volatile int stop;
	unsigned long lookups;
	int failures;
} rctx_t;

static void *
reader(void *arg) {
	rctx_t *c = arg;
	name_t q = nm("www.host.stable.test.");
	name_t q2 = nm("x.churn.test.");
	unsigned long n = 0;

	zonetable_thread_register();
	while (!__atomic_load_n(&c->stop, __ATOMIC_RELAXED)) {
		zonetable_match_t m;
		zonetable_read_begin();
		if (zonetable_find(c->zt, &q, &m) != R_OK ||
		    m.zone != c->stable) {
			__atomic_fetch_add(&c->failures, 1, __ATOMIC_RELAXED);
		}
		/* the churning zone is either there, whole, or absent */
		if (zonetable_find(c->zt, &q2, &m) == R_OK) {
			tzone_t *z = m.zone;
			name_t o;
			if (name_fromwire_raw(&o, m.origin, m.origin_len,
					      NULL) != R_OK ||
			    !name_equal(&o, &z->origin) ||
			    !name_issubdomain(&q2, &o)) {
				__atomic_fetch_add(&c->failures, 1, __ATOMIC_RELAXED);
			}
		}
		zonetable_read_end();
		n++;
	}
	__atomic_fetch_add(&c->lookups, n, __ATOMIC_RELAXED);
	zonetable_thread_unregister();
	return NULL;
}

static void
test_concurrent_readers(void **state) {
	zonetable_t *zt;
	tzone_t stable, test;
	rctx_t ctx;
	pthread_t th[2];

	assert_int_equal(zonetable_create(&zt), R_OK);
	add(zt, &stable, "stable.test.");
	add(zt, &test, "test.");
	memset(&ctx, 0, sizeof(ctx));
	ctx.zt = zt;
	ctx.stable = &stable;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pthread_create(&th[i], NULL, reader, &ctx), 0);
	}
	/* The writer adds and removes a zone (freeing it after commit, so a
	 * reader that kept using it past its read section would read freed
	 * memory under ASan) and grows/shrinks the table with filler. */
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rounds = 0;
	do {
		tzone_t *z = calloc(1, sizeof(*z));
		assert_non_null(z);
		z->origin = nm(rounds % 2 ? "churn.test." : "x.churn.test.");
		zonetable_txn_t *txn;
		assert_int_equal(zonetable_begin(zt, &txn), R_OK);
		assert_int_equal(zonetable_txn_add(txn, &z->origin, z), R_OK);
		name_t fill[40];
		for (int k = 0; k < 40; k++) {
			char buf[40];
			int len = snprintf(buf, sizeof(buf), "f%d.test.", k);
			assert_int_equal(name_fromtext(&fill[k], buf,
						       (size_t)len, NULL),
					 R_OK);
			assert_int_equal(zonetable_txn_add(txn, &fill[k], &test),
					 R_OK);
		}
		assert_int_equal(zonetable_commit(txn), R_OK);
		void *old = NULL;
		assert_int_equal(zonetable_begin(zt, &txn), R_OK);
		assert_int_equal(zonetable_txn_remove(txn, &z->origin, &old),
				 R_OK);
		for (int k = 0; k < 40; k++) {
			assert_int_equal(zonetable_txn_remove(txn, &fill[k],
							      NULL),
					 R_OK);
		}
		assert_int_equal(zonetable_commit(txn), R_OK);
		assert_ptr_equal(old, z);
		free(old);
		rounds++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 +
			 (t.tv_nsec - t0.tv_nsec) / 1000000 <
		 700);
	__atomic_store_n(&ctx.stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
	}
	assert_int_equal(ctx.failures, 0);
	assert_true(rounds > 10);
	zonetable_destroy(zt, NULL, NULL);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_deepest),
		cmocka_unit_test(test_add_remove_errors),
		cmocka_unit_test(test_txn),
		cmocka_unit_test(test_random_against_naive),
		cmocka_unit_test(test_foreach_destroy),
		cmocka_unit_test(test_concurrent_readers),
	};
	zonetable_thread_register();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	zonetable_thread_unregister();
	return r;
}
