/*
 * bench-db.c - benchmark of the zone database (zones/db.h) on one zone
 * file: load time, resident memory after load, lookup rate for hits and
 * misses on one pinned core, and the cost (time, memory) of publishing an
 * update of one record.  Driven by bench-db.py, which runs NSD and Knot
 * on the same file and prints ratios; never part of `make check` (timing
 * on a shared machine is noise).
 *
 *   bench-db ZONEFILE ORIGIN [--cpu N] [--seconds S] [--updates U]
 *
 * Prints one "key value" line per figure (the driver parses them):
 *   load_s (wall), load_cpu_s (user + system), rss_before_kib, rss_after_load_kib, nodes,
 *   hit_lookups_per_s, miss_lookups_per_s,
 *   update_median_us, update_max_us, update_rss_kib_per_update,
 *   update_pinned_* (memory added by one update while a reader holds the
 *   previous version, i.e. what the new version does not share); *_heap_*
 *   figures are allocator bytes (mallinfo2), finer than pages of RSS.
 */
#include <malloc.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zones/db.h"
#include "zones/zonetable.h"

static double
now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time (user + system) of this process so far. */
static double
cpu_now(void) {
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* VmRSS of this process in KiB, or -1. */
static long
rss_kib(void) {
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	if (f == NULL) {
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "VmRSS:", 6) == 0) {
			v = strtol(line + 6, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

/* Bytes the allocator has handed out (heap and mmap), finer than RSS. */
static long
heap_bytes(void) {
	struct mallinfo2 mi = mallinfo2();
	return (long)(mi.uordblks + mi.hblkhd);
}

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint32_t
rnd(void) {
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static int
cmp_double(const void *a, const void *b) {
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Looks names[0..n) up over and over for `seconds`; returns lookups/s.
 * sink counts outcomes so the compiler keeps the work. */
static double
lookup_rate(db_t *db, const name_t *names, size_t n, double seconds,
	    unsigned long *outcomes) {
	unsigned long done = 0;
	double t0 = now(), t = t0;

	while (t - t0 < seconds) {
		for (size_t i = 0; i < n; i++) {
			db_lookup_t res;
			const db_version_t *v = db_read_begin(db);
			if (v != NULL &&
			    db_lookup(v, &names[i], 1 /* A */, &res) == R_OK) {
				outcomes[res.outcome]++;
			}
			db_read_end(db);
		}
		done += n;
		t = now();
	}
	return (double)done / (t - t0);
}

static void
print_outcomes(const char *what, const unsigned long *o) {
	static const char *names[] = {"found", "cname", "dname", "delegation",
				      "nxdomain", "nodata", "wildcard",
				      "wildcard_cname", "wildcard_nodata"};
	printf("%s_outcomes", what);
	for (int i = 0; i < 9; i++) {
		if (o[i] != 0) {
			printf(" %s=%lu", names[i], o[i]);
		}
	}
	printf("\n");
}

/*
 * Zone table: lookup rate of names two labels below random zones, with
 * nzones zones in the table (every zone a distinct second-level name, as
 * a hosting view has them).  The rate must not fall as zones grow.
 */
static double
zonetable_rate(unsigned nzones, double seconds) {
	zonetable_t *zt;
	zonetable_txn_t *txn;
	name_t root;
	enum { Q = 4096 };
	static name_t q[Q];
	unsigned long done = 0, found = 0;

	name_init_root(&root);
	if (zonetable_create(&zt) != R_OK || zonetable_begin(zt, &txn) != R_OK) {
		return 0;
	}
	for (unsigned i = 0; i < nzones; i++) {
		char buf[64];
		int len = snprintf(buf, sizeof(buf), "zone%u.example%u", i,
				   i % 7);
		name_t o;
		if (name_fromtext(&o, buf, (size_t)len, &root) != R_OK ||
		    zonetable_txn_add(txn, &o, (void *)(uintptr_t)(i + 1)) !=
			    R_OK) {
			return 0;
		}
	}
	zonetable_commit(txn);
	for (unsigned i = 0; i < Q; i++) {
		char buf[80];
		unsigned j = rnd() % nzones;
		int len = snprintf(buf, sizeof(buf), "www.host%u.zone%u.example%u",
				   i, j, j % 7);
		if (name_fromtext(&q[i], buf, (size_t)len, &root) != R_OK) {
			return 0;
		}
	}
	double t0 = now(), t = t0;
	while (t - t0 < seconds) {
		zonetable_read_begin();
		for (unsigned i = 0; i < Q; i++) {
			zonetable_match_t m;
			found += zonetable_find(zt, &q[i], &m) == R_OK;
		}
		zonetable_read_end();
		done += Q;
		t = now();
	}
	zonetable_destroy(zt, NULL, NULL);
	return found == done ? (double)done / (t - t0) : 0;
}

int
main(int argc, char **argv) {
	int cpu = 1;
	double seconds = 3;
	int updates = 1000;

	if (argc < 3) {
		fprintf(stderr, "usage: bench-db ZONEFILE ORIGIN [--cpu N] "
				"[--seconds S] [--updates U]\n");
		return 2;
	}
	for (int i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--cpu") == 0) {
			cpu = atoi(argv[i + 1]);
		} else if (strcmp(argv[i], "--seconds") == 0) {
			seconds = atof(argv[i + 1]);
		} else if (strcmp(argv[i], "--updates") == 0) {
			updates = atoi(argv[i + 1]);
		}
	}
	if (cpu >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set) != 0) {
			perror("sched_setaffinity");
		}
	}
	name_t origin;
	name_t root;
	name_init_root(&root);
	if (name_fromtext(&origin, argv[2], strlen(argv[2]), &root) != R_OK) {
		fprintf(stderr, "bad origin %s\n", argv[2]);
		return 2;
	}
	db_thread_register();
	db_t *db;
	if (db_create(&origin, 1, &db) != R_OK) {
		return 1;
	}

	long rss0 = rss_kib();
	double c0 = cpu_now();
	double t0 = now();
	result_t r = db_load_file(db, argv[1], false, NULL, NULL);
	double t1 = now();
	double c1 = cpu_now();
	if (r != R_OK) {
		fprintf(stderr, "load %s: %s\n", argv[1], result_totext(r));
		return 1;
	}
	long rss1 = rss_kib();
	printf("load_s %.3f\n", t1 - t0);
	printf("load_cpu_s %.3f\n", c1 - c0);
	printf("rss_before_kib %ld\n", rss0);
	printf("rss_after_load_kib %ld\n", rss1);

	/* Sample existing names (hits) and make absent ones (misses). */
	enum { SAMPLE = 100000 };
	name_t *hits = malloc(SAMPLE * sizeof(*hits));
	name_t *miss = malloc(SAMPLE * sizeof(*miss));
	if (hits == NULL || miss == NULL) {
		return 1;
	}
	size_t nhits = 0, seen = 0;
	db_version_t *v = db_attach(db);
	db_iter_t it;
	for (const db_node_t *n = db_iter_first(&it, v, false); n != NULL;
	     n = db_iter_next(&it)) {
		if ((db_node_flags(n) & DB_NODE_ENT) != 0) {
			continue;
		}
		seen++;
		/* reservoir sampling: every name equally likely */
		if (nhits < SAMPLE) {
			db_node_name(n, &hits[nhits++]);
		} else {
			size_t j = rnd() % seen;
			if (j < SAMPLE) {
				db_node_name(n, &hits[j]);
			}
		}
	}
	printf("nodes %zu\n", db_version_nodes(v));
	db_detach(db, v);
	for (size_t i = 0; i < nhits; i++) {
		size_t j = rnd() % (i + 1);
		name_t tmp = hits[i];
		hits[i] = hits[j];
		hits[j] = tmp;
	}
	/* Misses: an existing name with "nx" appended to its first label.
	 * They are absent but spread over the whole tree like the hits (a
	 * common prefix such as "nx*.<origin>" would keep every search in
	 * one cached corner of the tree and flatter the rate). */
	for (size_t i = 0; i < SAMPLE; i++) {
		const name_t *h = &hits[i % (nhits ? nhits : 1)];
		uint8_t wire[NAME_MAXWIRE + 2];
		unsigned l0 = nhits ? h->wire[0] : 0;
		if (nhits == 0 || l0 == 0 || l0 > 61 ||
		    h->length + 2 > NAME_MAXWIRE) {
			char buf[64];
			int len = snprintf(buf, sizeof(buf), "nx%08x%u", rnd(),
					   (unsigned)i);
			if (name_fromtext(&miss[i], buf, (size_t)len,
					  &origin) != R_OK) {
				return 1;
			}
			continue;
		}
		wire[0] = (uint8_t)(l0 + 2);
		memcpy(wire + 1, h->wire + 1, l0);
		wire[1 + l0] = 'n';
		wire[2 + l0] = 'x';
		memcpy(wire + 3 + l0, h->wire + 1 + l0, h->length - 1 - l0);
		if (name_fromwire_raw(&miss[i], wire, h->length + 2u, NULL) !=
		    R_OK) {
			return 1;
		}
	}

	unsigned long o_hit[9] = {0}, o_miss[9] = {0};
	printf("hit_lookups_per_s %.0f\n",
	       lookup_rate(db, hits, nhits, seconds, o_hit));
	print_outcomes("hit", o_hit);
	printf("miss_lookups_per_s %.0f\n",
	       lookup_rate(db, miss, SAMPLE, seconds, o_miss));
	print_outcomes("miss", o_miss);

	/* Updates: each replaces the A record of an existing name and adds a
	 * new one (DEL + ADD, as an UPDATE or IXFR does). */
	double *us = malloc((size_t)updates * sizeof(double));
	if (us == NULL || updates <= 0) {
		return 1;
	}
	long rss_u0 = rss_kib();
	long heap_u0 = heap_bytes();
	for (int i = 0; i < updates; i++) {
		changeset_t *cs;
		char buf[64];
		name_t owner;
		int len = snprintf(buf, sizeof(buf), "upd%d", i);
		if (changeset_create(&cs) != R_OK ||
		    name_fromtext(&owner, buf, (size_t)len, &origin) != R_OK) {
			return 1;
		}
		uint8_t a[4] = {192, 0, 2, (uint8_t)i};
		changeset_add(cs, CHANGESET_ADD, &owner, 1, 300, a, 4);
		double ta = now();
		r = db_apply(db, cs, 0);
		double tb = now();
		changeset_destroy(cs);
		if (r != R_OK) {
			fprintf(stderr, "apply: %s\n", result_totext(r));
			return 1;
		}
		us[i] = (tb - ta) * 1e6;
	}
	long rss_u1 = rss_kib();
	long heap_u1 = heap_bytes();
	qsort(us, (size_t)updates, sizeof(double), cmp_double);
	printf("update_median_us %.1f\n", us[updates / 2]);
	printf("update_p99_us %.1f\n", us[(updates * 99) / 100]);
	printf("update_max_us %.1f\n", us[updates - 1]);
	printf("update_rss_kib_per_update %.2f\n",
	       (double)(rss_u1 - rss_u0) / updates);
	printf("update_heap_bytes_per_update %.0f\n",
	       (double)(heap_u1 - heap_u0) / updates);

	/* Memory a new version does not share with its predecessor: pin the
	 * current version, then publish 100 single-record updates, each on
	 * top of the last, while the pin keeps the first one alive. */
	v = db_attach(db);
	long rss_p0 = rss_kib();
	long heap_p0 = heap_bytes();
	for (int i = 0; i < 100; i++) {
		changeset_t *cs;
		char buf[64];
		name_t owner;
		int len = snprintf(buf, sizeof(buf), "pin%d", i);
		if (changeset_create(&cs) != R_OK ||
		    name_fromtext(&owner, buf, (size_t)len, &origin) != R_OK) {
			return 1;
		}
		uint8_t a[4] = {198, 51, 100, (uint8_t)i};
		changeset_add(cs, CHANGESET_ADD, &owner, 1, 300, a, 4);
		r = db_apply(db, cs, 0);
		changeset_destroy(cs);
		if (r != R_OK) {
			return 1;
		}
	}
	long rss_p1 = rss_kib();
	long heap_p1 = heap_bytes();
	printf("update_pinned_rss_kib_per_update %.2f\n",
	       (double)(rss_p1 - rss_p0) / 100);
	printf("update_pinned_heap_bytes_per_update %.0f\n",
	       (double)(heap_p1 - heap_p0) / 100);
	db_detach(db, v);

	printf("zonetable_finds_per_s_10_zones %.0f\n", zonetable_rate(10, 1));
	printf("zonetable_finds_per_s_100000_zones %.0f\n",
	       zonetable_rate(100000, 1));

	free(us);
	free(hits);
	free(miss);
	db_destroy(db);
	db_thread_unregister();
	return 0;
}
