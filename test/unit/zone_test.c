/* zone_test.c - unit tests for the tools' in-memory zone (zones/zone.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "zones/name.h"
#include "zones/rdata.h"
#include "zones/zone.h"

static name_t origin;

static void
mkname(name_t *n, const char *text) {
	assert_int_equal(name_fromtext(n, text, strlen(text), &origin), R_OK);
}

static zone_t *
mkzone(void) {
	zone_t *z = NULL;
	assert_int_equal(name_fromtext(&origin, "example.", 8, NULL), R_OK);
	assert_int_equal(zone_create(&origin, RRCLASS_IN, &z), R_OK);
	return z;
}

static result_t
add(zone_t *z, const char *owner, uint16_t type, uint32_t ttl,
    const uint8_t *rd, size_t len, zone_add_info_t *info) {
	name_t n;
	mkname(&n, owner);
	master_rr_t rr = {.owner = &n,
			  .type = type,
			  .rclass = RRCLASS_IN,
			  .ttl = ttl,
			  .rdata = rd,
			  .rdlen = (uint16_t)len,
			  .file = "test.db",
			  .line = 1};
	return zone_add(z, &rr, info);
}

static result_t
add_a(zone_t *z, const char *owner, uint32_t ttl, uint8_t last) {
	uint8_t a[4] = {192, 0, 2, last};
	return add(z, owner, RRTYPE_A, ttl, a, 4, NULL);
}

static result_t
add_name(zone_t *z, const char *owner, uint16_t type, const char *target) {
	name_t t;
	mkname(&t, target);
	return add(z, owner, type, 300, t.wire, t.length, NULL);
}

static void
test_canonical_node_order(void **state) {
	zone_t *z = mkzone();
	/* Added out of order; RFC 4034 6.1 order is: example, a, z.a,
	 * yljkjljk.a, Z.a, zABC.a, z, \001.z, *.z, \200.z */
	const char *names[] = {"z", "zABC.a", "a", "@", "yljkjljk.a",
			       "\\200.z", "*.z", "\\001.z", "Z.a"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(add_a(z, names[i], 300, (uint8_t)i), R_OK);
	}
	assert_int_equal(zone_finish(z), R_OK);
	/* "Z.a" and "z"... each distinct owner once; Z.a is new. */
	const char *want[] = {"example.",     "a.example.",    "yljkjljk.a.example.",
			      "Z.a.example.", "zABC.a.example.", "z.example.",
			      "\\001.z.example.", "*.z.example.", "\\200.z.example."};
	assert_int_equal(zone_node_count(z), sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		name_t n;
		char buf[NAME_MAXTEXT];
		zone_node_name(zone_node_at(z, i), &n);
		assert_int_equal(name_totext(&n, NULL, false, buf, sizeof(buf),
					     NULL),
				 R_OK);
		assert_string_equal(buf, want[i]);
	}
	assert_null(zone_node_at(z, zone_node_count(z)));
	zone_destroy(z);
}

static void
test_rdata_sorted_and_deduplicated(void **state) {
	zone_t *z = mkzone();
	assert_int_equal(add_a(z, "www", 300, 9), R_OK);
	assert_int_equal(add_a(z, "www", 300, 1), R_OK);
	assert_int_equal(add_a(z, "www", 300, 9), R_OK);
	assert_int_equal(add_a(z, "www", 300, 5), R_OK);
	assert_int_equal(zone_rr_count(z), 4);
	assert_int_equal(zone_finish(z), R_OK);
	assert_int_equal(zone_rr_count(z), 3);
	name_t n;
	mkname(&n, "WWW");
	const zone_rrset_t *s = zone_node_rrset(zone_find(z, &n), RRTYPE_A, 0);
	assert_non_null(s);
	assert_int_equal(s->count, 3);
	const uint8_t want[] = {1, 5, 9};
	size_t i = 0;
	for (const zone_rdata_t *d = s->head; d != NULL; d = d->next, i++) {
		assert_int_equal(d->data[3], want[i]);
	}
	assert_int_equal(i, 3);
	assert_int_equal(s->tail->data[3], 9);
	zone_destroy(z);
}

static void
test_rrset_order_like_bind(void **state) {
	zone_t *z = mkzone();
	uint8_t mx[] = {0, 10, 1, 'm', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
	uint8_t txt[] = {1, 'x'};
	/* RRSIG covering A: type covered 1, then the rest (not parsed). */
	uint8_t sig[] = {0, 1, 8, 2, 0, 0, 14, 16, 0x70, 0, 0, 0, 0x60, 0,
			 0, 0, 4, 210, 0};
	uint8_t soa[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0,
			 0, 3, 0, 0, 0, 4, 0, 0, 0, 5};
	assert_int_equal(add(z, "@", RRTYPE_TXT, 300, txt, 2, NULL), R_OK);
	assert_int_equal(add(z, "@", RRTYPE_RRSIG, 300, sig, sizeof(sig), NULL),
			 R_OK);
	assert_int_equal(add(z, "@", RRTYPE_MX, 300, mx, sizeof(mx), NULL),
			 R_OK);
	assert_int_equal(add_name(z, "@", RRTYPE_NS, "ns"), R_OK);
	assert_int_equal(add_a(z, "@", 300, 1), R_OK);
	assert_int_equal(add(z, "@", RRTYPE_SOA, 300, soa, sizeof(soa), NULL),
			 R_OK);
	assert_int_equal(zone_finish(z), R_OK);
	const uint16_t want[] = {RRTYPE_SOA, RRTYPE_NS, RRTYPE_A, RRTYPE_RRSIG,
				 RRTYPE_MX, RRTYPE_TXT};
	const zone_rrset_t *s = zone_node_at(z, 0)->rrsets;
	for (size_t i = 0; i < 6; i++, s = s->next) {
		assert_non_null(s);
		assert_int_equal(s->type, want[i]);
	}
	assert_null(s);
	name_t apex;
	mkname(&apex, "@");
	s = zone_node_rrset(zone_find(z, &apex), RRTYPE_RRSIG, RRTYPE_A);
	assert_non_null(s);
	assert_int_equal(s->covers, RRTYPE_A);
	assert_null(zone_node_rrset(zone_find(z, &apex), RRTYPE_RRSIG, 0));
	zone_destroy(z);
}

static void
test_singleton_and_cname(void **state) {
	zone_t *z = mkzone();
	uint8_t soa1[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0,
			  0, 3, 0, 0, 0, 4, 0, 0, 0, 5};
	uint8_t soa2[sizeof(soa1)];
	memcpy(soa2, soa1, sizeof(soa1));
	soa2[5] = 2;
	zone_add_info_t info;
	assert_int_equal(add(z, "@", RRTYPE_SOA, 300, soa1, sizeof(soa1), &info),
			 R_OK);
	/* Same rdata again: a duplicate, not a clash. */
	assert_int_equal(add(z, "@", RRTYPE_SOA, 300, soa1, sizeof(soa1), &info),
			 R_OK);
	assert_true(info.duplicate);
	assert_int_equal(add(z, "@", RRTYPE_SOA, 300, soa2, sizeof(soa2), &info),
			 R_SINGLETON);

	assert_int_equal(add_name(z, "c", RRTYPE_CNAME, "x"), R_OK);
	assert_int_equal(add_a(z, "c", 300, 1), R_CNAMEOTHER);
	assert_int_equal(add_name(z, "c", RRTYPE_CNAME, "y"), R_SINGLETON);
	uint8_t sig[] = {0, 5, 8, 2, 0, 0, 14, 16, 0x70, 0, 0, 0, 0x60, 0,
			 0, 0, 4, 210, 0};
	assert_int_equal(add(z, "c", RRTYPE_RRSIG, 300, sig, sizeof(sig), NULL),
			 R_OK);
	uint8_t key[] = {1, 0, 3, 8, 1};
	assert_int_equal(add(z, "c", RRTYPE_KEY, 300, key, sizeof(key), NULL),
			 R_OK);
	assert_int_equal(add_a(z, "d", 300, 1), R_OK);
	assert_int_equal(add_name(z, "d", RRTYPE_CNAME, "x"), R_CNAMEOTHER);
	zone_destroy(z);
}

static void
test_ttl_batches(void **state) {
	zone_t *z = mkzone();
	zone_add_info_t info;
	uint8_t a1[4] = {1, 1, 1, 1}, a2[4] = {1, 1, 1, 2};

	assert_int_equal(add(z, "x", RRTYPE_A, 500, a1, 4, &info), R_OK);
	assert_false(info.ttl_changed);
	/* Same batch (same owner, consecutive): the first TTL is kept. */
	assert_int_equal(add(z, "x", RRTYPE_A, 400, a2, 4, &info), R_OK);
	assert_true(info.ttl_changed);
	assert_int_equal(info.prior_ttl, 500);
	/* Another owner in between starts a new batch: its TTL wins. */
	assert_int_equal(add_a(z, "y", 300, 1), R_OK);
	assert_int_equal(add(z, "x", RRTYPE_A, 200, a1, 4, &info), R_OK);
	assert_false(info.ttl_changed);
	assert_int_equal(zone_finish(z), R_OK);
	name_t n;
	mkname(&n, "x");
	const zone_rrset_t *s = zone_node_rrset(zone_find(z, &n), RRTYPE_A, 0);
	assert_int_equal(s->ttl, 200);
	assert_int_equal(s->count, 2);
	zone_destroy(z);
}

static void
test_out_of_zone_and_finished(void **state) {
	zone_t *z = mkzone();
	name_t other;
	uint8_t a[4] = {1, 2, 3, 4};
	assert_int_equal(name_fromtext(&other, "example.com.", 12, NULL), R_OK);
	master_rr_t rr = {.owner = &other, .type = RRTYPE_A,
			  .rclass = RRCLASS_IN, .ttl = 1, .rdata = a,
			  .rdlen = 4, .file = "f", .line = 3};
	assert_int_equal(zone_add(z, &rr, NULL), R_NOTZONETOP);
	assert_int_equal(zone_node_count(z), 0);
	assert_int_equal(zone_finish(z), R_OK);
	assert_int_equal(zone_finish(z), R_OK);
	assert_int_equal(add_a(z, "a", 1, 1), R_FAILURE);
	zone_destroy(z);
	zone_destroy(NULL);
}

static void
test_many_nodes_and_descendants(void **state) {
	zone_t *z = mkzone();
	char buf[64];
	for (int i = 0; i < 20000; i++) {
		snprintf(buf, sizeof(buf), "h%d.sub%d", i, i % 7);
		assert_int_equal(add_a(z, buf, 60, (uint8_t)i), R_OK);
	}
	assert_int_equal(zone_node_count(z), 20000);
	/* Lookups work before and after sorting. */
	name_t n;
	mkname(&n, "H12345.SUB4");
	assert_non_null(zone_find(z, &n));
	assert_int_equal(zone_finish(z), R_OK);
	assert_non_null(zone_find(z, &n));
	mkname(&n, "h12345.sub5");
	assert_null(zone_find(z, &n));
	/* sub3 has no data but names below it: an empty non-terminal. */
	mkname(&n, "sub3");
	assert_null(zone_find(z, &n));
	assert_true(zone_has_descendant(z, &n));
	mkname(&n, "sub9");
	assert_false(zone_has_descendant(z, &n));
	mkname(&n, "h1.sub1");
	assert_false(zone_has_descendant(z, &n));
	/* Sorted: each node precedes the next canonically. */
	for (size_t i = 1; i < zone_node_count(z); i++) {
		name_t a, b;
		zone_node_name(zone_node_at(z, i - 1), &a);
		zone_node_name(zone_node_at(z, i), &b);
		assert_true(name_compare(&a, &b) < 0);
	}
	zone_destroy(z);
}

static void
test_rdata_covers(void **state) {
	uint8_t sig[] = {0, 28, 8};
	assert_int_equal(zone_rdata_covers(RRTYPE_RRSIG, sig, 3), RRTYPE_AAAA);
	assert_int_equal(zone_rdata_covers(RRTYPE_SIG, sig, 3), RRTYPE_AAAA);
	assert_int_equal(zone_rdata_covers(RRTYPE_RRSIG, sig, 1), 0);
	assert_int_equal(zone_rdata_covers(RRTYPE_A, sig, 3), 0);
}

static void
test_accessors(void **state) {
	zone_t *z = mkzone();
	assert_true(name_equal(zone_origin(z), &origin));
	assert_int_equal(zone_class(z), RRCLASS_IN);
	assert_null(zone_node_rrset(NULL, RRTYPE_A, 0));
	/* Not finished yet: no indexed access. */
	assert_int_equal(add_a(z, "a", 1, 1), R_OK);
	assert_null(zone_node_at(z, 0));
	zone_destroy(z);
}

/* Random owners over an alphabet chosen to stress the sort key: case,
 * 0 octets, octets above 127, shared prefixes longer than the key. */
static void
test_sort_matches_name_compare(void **state) {
	zone_t *z = mkzone();
	static const uint8_t alphabet[] = {0, 'a', 'A', 'b', 'z', '-', 0x80,
					   0xff, '0'};
	unsigned seed = 12345;
	for (int i = 0; i < 5000; i++) {
		uint8_t wire[NAME_MAXWIRE];
		size_t p = 0;
		seed = seed * 1103515245u + 12345u;
		unsigned nlabels = 1 + (seed >> 16) % 4;
		for (unsigned l = 0; l < nlabels; l++) {
			seed = seed * 1103515245u + 12345u;
			unsigned len = 1 + (seed >> 16) % 20;
			wire[p++] = (uint8_t)len;
			for (unsigned b = 0; b < len; b++) {
				seed = seed * 1103515245u + 12345u;
				/* Mostly 'a' so prefixes run long. */
				unsigned r = (seed >> 16) % 32;
				wire[p++] = r < sizeof(alphabet) ? alphabet[r]
								 : 'a';
			}
		}
		memcpy(wire + p, origin.wire, origin.length);
		p += origin.length;
		name_t n;
		size_t used;
		assert_int_equal(name_fromwire_raw(&n, wire, p, &used), R_OK);
		uint8_t a[4] = {1, 2, 3, 4};
		master_rr_t rr = {.owner = &n, .type = RRTYPE_A,
				  .rclass = RRCLASS_IN, .ttl = 1, .rdata = a,
				  .rdlen = 4, .file = "f", .line = 1};
		assert_int_equal(zone_add(z, &rr, NULL), R_OK);
	}
	assert_int_equal(zone_finish(z), R_OK);
	for (size_t i = 1; i < zone_node_count(z); i++) {
		name_t a, b;
		zone_node_name(zone_node_at(z, i - 1), &a);
		zone_node_name(zone_node_at(z, i), &b);
		assert_true(name_compare(&a, &b) < 0);
	}
	zone_destroy(z);
}

/* A node with thousands of types: lookups go through the big table, the
 * CNAME rule still holds, RRsets come out in BIND's order. */
static void
test_many_types_at_one_node(void **state) {
	zone_t *z = mkzone();
	uint8_t rd[1] = {0};
	for (unsigned t = 60000; t > 57000; t--) {
		assert_int_equal(add(z, "x", (uint16_t)t, 300, rd, 1, NULL),
				 R_OK);
		/* a second rdata for the same RRset */
		uint8_t rd2[1] = {1};
		assert_int_equal(add(z, "x", (uint16_t)t, 300, rd2, 1, NULL),
				 R_OK);
	}
	assert_int_equal(add_name(z, "x", RRTYPE_CNAME, "y"), R_CNAMEOTHER);
	assert_int_equal(add_name(z, "c", RRTYPE_CNAME, "y"), R_OK);
	assert_int_equal(add_a(z, "c", 300, 1), R_CNAMEOTHER);
	assert_int_equal(zone_finish(z), R_OK);
	name_t n;
	mkname(&n, "x");
	const zone_node_t *node = zone_find(z, &n);
	assert_non_null(node);
	const zone_rrset_t *s = zone_node_rrset(node, 58000, 0);
	assert_non_null(s);
	assert_int_equal(s->count, 2);
	unsigned prev = 0, count = 0;
	for (s = node->rrsets; s != NULL; s = s->next, count++) {
		assert_true(s->type > prev);
		prev = s->type;
	}
	assert_int_equal(count, 3000);
	zone_destroy(z);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_node_order),
		cmocka_unit_test(test_rdata_sorted_and_deduplicated),
		cmocka_unit_test(test_rrset_order_like_bind),
		cmocka_unit_test(test_singleton_and_cname),
		cmocka_unit_test(test_ttl_batches),
		cmocka_unit_test(test_out_of_zone_and_finished),
		cmocka_unit_test(test_many_nodes_and_descendants),
		cmocka_unit_test(test_rdata_covers),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_sort_matches_name_compare),
		cmocka_unit_test(test_many_types_at_one_node),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
