/* acl_test.c - unit tests for config/acl.c (compiled address match lists). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config/acl.h"

static acl_verdict_t
m4(const acl_t *acl, const char *addr, const name_t *key) {
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, addr, &sin.sin_addr), 1);
	return acl_match(acl, (struct sockaddr *)&sin, key);
}

static acl_verdict_t
m6(const acl_t *acl, const char *addr, const name_t *key) {
	struct sockaddr_in6 s6;
	memset(&s6, 0, sizeof(s6));
	s6.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, addr, &s6.sin6_addr), 1);
	return acl_match(acl, (struct sockaddr *)&s6, key);
}

static acl_t *
mk(const char *const *elems) {
	acl_t *a;
	assert_int_equal(acl_create(&a), R_OK);
	for (; *elems != NULL; elems++) {
		const char *e = *elems;
		bool neg = e[0] == '!';
		assert_int_equal(acl_add_text(a, neg, neg ? e + 1 : e), R_OK);
	}
	return a;
}

static void
test_empty(void **state) {
	(void)state;
	acl_t *a;
	assert_int_equal(acl_create(&a), R_OK);
	assert_int_equal(m4(a, "1.2.3.4", NULL), ACL_NOMATCH);
	assert_false(acl_allowed(a, NULL, NULL));
	acl_detach(&a);
	assert_null(a);
}

static void
test_first_match_wins(void **state) {
	(void)state;
	const char *e[] = {"!10.1.0.0/16", "10.0.0.0/8", NULL};
	acl_t *a = mk(e);
	assert_int_equal(m4(a, "10.1.2.3", NULL), ACL_DENY);
	assert_int_equal(m4(a, "10.2.2.3", NULL), ACL_ALLOW);
	assert_int_equal(m4(a, "11.0.0.1", NULL), ACL_NOMATCH);
	acl_detach(&a);

	/* Broader element first: it wins even though the narrower one is
	 * more specific. */
	const char *f[] = {"10.0.0.0/8", "!10.1.0.0/16", NULL};
	a = mk(f);
	assert_int_equal(m4(a, "10.1.2.3", NULL), ACL_ALLOW);
	acl_detach(&a);
}

static void
test_any_none(void **state) {
	(void)state;
	const char *e[] = {"none", NULL};
	acl_t *a = mk(e);
	assert_int_equal(m4(a, "1.2.3.4", NULL), ACL_DENY);
	assert_int_equal(m6(a, "::1", NULL), ACL_DENY);
	acl_detach(&a);
	const char *f[] = {"!none", NULL};
	a = mk(f);
	assert_int_equal(m6(a, "2001:db8::1", NULL), ACL_ALLOW);
	acl_detach(&a);
}

static void
test_ipv6_and_mapped(void **state) {
	(void)state;
	const char *e[] = {"2001:db8::/32", "192.0.2.0/24", NULL};
	acl_t *a = mk(e);
	assert_int_equal(m6(a, "2001:db8:1::5", NULL), ACL_ALLOW);
	assert_int_equal(m6(a, "2001:db9::5", NULL), ACL_NOMATCH);
	assert_int_equal(m6(a, "::ffff:192.0.2.7", NULL), ACL_ALLOW);
	assert_int_equal(m4(a, "192.0.3.7", NULL), ACL_NOMATCH);
	acl_detach(&a);
}

static void
test_prefix_errors(void **state) {
	(void)state;
	acl_t *a;
	assert_int_equal(acl_create(&a), R_OK);
	assert_int_equal(acl_add_text(a, false, "19.0.0.0/7"), R_BADADDRESS);
	assert_int_equal(acl_add_text(a, false, "1.2.3.4/33"), R_RANGE);
	assert_int_equal(acl_add_text(a, false, "bogus"), R_BADADDRESS);
	assert_int_equal(acl_add_text(a, false, "1.2.3.4/x"), R_BADADDRESS);
	uint8_t addr[4] = {1, 2, 3, 4};
	assert_int_equal(acl_add_prefix(a, false, AF_UNSPEC, addr, 8), R_RANGE);
	assert_int_equal(acl_count(a), 0);
	acl_detach(&a);
}

static void
test_keys(void **state) {
	(void)state;
	name_t k1, k2, root;
	name_init_root(&root);
	assert_int_equal(name_fromtext(&k1, "key1.", 5, &root), R_OK);
	assert_int_equal(name_fromtext(&k2, "KEY2", 4, &root), R_OK);
	acl_t *a;
	assert_int_equal(acl_create(&a), R_OK);
	assert_int_equal(acl_add_key(a, true, &k2), R_OK);
	assert_int_equal(acl_add_key(a, false, &k1), R_OK);
	assert_int_equal(m4(a, "1.2.3.4", NULL), ACL_NOMATCH);
	assert_int_equal(m4(a, "1.2.3.4", &k1), ACL_ALLOW);
	name_t k2lower;
	assert_int_equal(name_fromtext(&k2lower, "key2", 4, &root), R_OK);
	assert_int_equal(m4(a, "1.2.3.4", &k2lower), ACL_DENY);
	acl_detach(&a);
}

static void
test_nested(void **state) {
	(void)state;
	/* A DENY inside a nested list is no match for the outer list. */
	const char *in[] = {"!10.1.0.0/16", "10.0.0.0/8", NULL};
	acl_t *inner = mk(in);
	acl_t *outer;
	assert_int_equal(acl_create(&outer), R_OK);
	assert_int_equal(acl_add_nested(outer, true, inner), R_OK);
	assert_int_equal(acl_add_text(outer, false, "any"), R_OK);
	assert_int_equal(m4(outer, "10.2.0.1", NULL), ACL_DENY);
	assert_int_equal(m4(outer, "10.1.0.1", NULL), ACL_ALLOW);
	assert_int_equal(m4(outer, "9.9.9.9", NULL), ACL_ALLOW);
	/* loops are refused */
	assert_int_equal(acl_add_nested(inner, false, outer), R_FAILURE);
	assert_int_equal(acl_add_nested(outer, false, outer), R_FAILURE);
	acl_detach(&inner); /* outer still holds it */
	assert_int_equal(m4(outer, "10.2.0.1", NULL), ACL_DENY);
	acl_detach(&outer);
}

static void
test_nested_before_prefix(void **state) {
	(void)state;
	name_t k, root;
	name_init_root(&root);
	assert_int_equal(name_fromtext(&k, "k", 1, &root), R_OK);
	acl_t *inner, *outer;
	assert_int_equal(acl_create(&inner), R_OK);
	assert_int_equal(acl_add_key(inner, false, &k), R_OK);
	assert_int_equal(acl_create(&outer), R_OK);
	assert_int_equal(acl_add_nested(outer, true, inner), R_OK);
	assert_int_equal(acl_add_text(outer, false, "0.0.0.0/0"), R_OK);
	assert_int_equal(m4(outer, "5.5.5.5", &k), ACL_DENY);
	assert_int_equal(m4(outer, "5.5.5.5", NULL), ACL_ALLOW);
	assert_int_equal(m6(outer, "::5", NULL), ACL_NOMATCH);
	acl_detach(&inner);
	acl_detach(&outer);
}

static void
test_many_prefixes(void **state) {
	(void)state;
	acl_t *a;
	char buf[32];
	assert_int_equal(acl_create(&a), R_OK);
	for (int i = 0; i < 200; i++) {
		snprintf(buf, sizeof(buf), "10.%d.0.0/16", i);
		assert_int_equal(acl_add_text(a, i % 2 == 1, buf), R_OK);
	}
	assert_int_equal(acl_count(a), 200);
	assert_int_equal(m4(a, "10.0.1.1", NULL), ACL_ALLOW);
	assert_int_equal(m4(a, "10.1.1.1", NULL), ACL_DENY);
	assert_int_equal(m4(a, "10.199.1.1", NULL), ACL_DENY);
	assert_int_equal(m4(a, "10.200.1.1", NULL), ACL_NOMATCH);
	acl_detach(&a);
}

static void
test_interfaces(void **state) {
	(void)state;
	acl_t *lh = NULL, *ln = NULL;
	assert_int_equal(acl_interfaces_create(&lh, &ln), R_OK);
	/* the loopback interface is always there */
	assert_int_equal(m4(lh, "127.0.0.1", NULL), ACL_ALLOW);
	assert_int_equal(m4(ln, "127.0.0.1", NULL), ACL_ALLOW);
	assert_int_equal(m4(ln, "127.1.2.3", NULL), ACL_ALLOW); /* 127/8 */
	assert_int_equal(m4(lh, "127.1.2.3", NULL), ACL_NOMATCH);
	assert_int_equal(m4(lh, "192.0.2.255", NULL), ACL_NOMATCH);
	/* usable as nested lists */
	acl_t *outer;
	assert_int_equal(acl_create(&outer), R_OK);
	assert_int_equal(acl_add_nested(outer, true, lh), R_OK);
	assert_int_equal(acl_add_text(outer, false, "any"), R_OK);
	assert_int_equal(m4(outer, "127.0.0.1", NULL), ACL_DENY);
	assert_int_equal(m4(outer, "192.0.2.1", NULL), ACL_ALLOW);
	acl_detach(&outer);
	acl_detach(&lh);
	acl_detach(&ln);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_empty),
	        cmocka_unit_test(test_first_match_wins),
	        cmocka_unit_test(test_any_none),
	        cmocka_unit_test(test_ipv6_and_mapped),
	        cmocka_unit_test(test_prefix_errors),
	        cmocka_unit_test(test_keys),
	        cmocka_unit_test(test_nested),
	        cmocka_unit_test(test_nested_before_prefix),
	        cmocka_unit_test(test_many_prefixes),
	        cmocka_unit_test(test_interfaces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
