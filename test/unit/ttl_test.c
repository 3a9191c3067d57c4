/* ttl_test.c - unit tests for ttl_fromtext(), vectors checked against
 * named-compilezone 9.18 (which TTL texts it accepts and what they mean). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "zones/ttl.h"

static result_t
parse(const char *s, uint32_t *v) {
	return ttl_fromtext(s, strlen(s), v);
}

static void
test_plain(void **state) {
	uint32_t v = 1;
	assert_int_equal(parse("0", &v), R_OK);
	assert_int_equal(v, 0);
	assert_int_equal(parse("300", &v), R_OK);
	assert_int_equal(v, 300);
	assert_int_equal(parse("4294967295", &v), R_OK);
	assert_int_equal(v, 4294967295U);
	assert_int_equal(parse("000000000000000000000000000000001", &v), R_OK);
	assert_int_equal(v, 1);
}

static void
test_units(void **state) {
	uint32_t v = 0;
	assert_int_equal(parse("1w2d3h4m5s", &v), R_OK);
	assert_int_equal(v, 7 * 86400 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	assert_int_equal(parse("1W2D3H4M5S", &v), R_OK);
	assert_int_equal(v, 7 * 86400 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	assert_int_equal(parse("5s1w", &v), R_OK); /* any order */
	assert_int_equal(v, 604805);
	assert_int_equal(parse("1h1h", &v), R_OK); /* repeats add up */
	assert_int_equal(v, 7200);
	/* a bare number after units only when they summed to zero */
	assert_int_equal(parse("0h30", &v), R_OK);
	assert_int_equal(v, 30);
}

static void
test_errors(void **state) {
	uint32_t v = 77;
	assert_int_equal(parse("", &v), R_BADTTL);
	assert_int_equal(parse("1H30", &v), R_BADTTL);
	assert_int_equal(parse("1x", &v), R_BADTTL);
	assert_int_equal(parse("h", &v), R_BADTTL);
	assert_int_equal(parse("-1", &v), R_BADTTL);
	assert_int_equal(parse("1 h", &v), R_BADTTL);
	assert_int_equal(parse("4294967296", &v), R_BADTTL);
	assert_int_equal(parse("3000000000s3000000000s", &v), R_RANGE);
	assert_int_equal(parse("7102w", &v), R_RANGE);
	/* 64 characters is over BIND's limit even if the value is fine */
	assert_int_equal(
		parse("0000000000000000000000000000000000000000000000000000000000000001",
		      &v),
		R_BADTTL);
	assert_int_equal(v, 77); /* untouched on failure */
	/* not NUL-terminated: only len bytes count */
	assert_int_equal(ttl_fromtext("12x", 2, &v), R_OK);
	assert_int_equal(v, 12);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
