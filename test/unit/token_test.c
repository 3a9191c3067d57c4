/* token_test.c - unit tests for token_split() and token_is(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "zones/token.h"

static size_t
split(const char *s, text_token_t *t, size_t max, result_t *r) {
	size_t n = 0;
	*r = token_split(s, strlen(s), t, max, &n);
	return n;
}

static void
test_words_quotes_comments(void **state) {
	text_token_t t[8];
	result_t r;
	size_t n = split("www  IN A 1.2.3.4 ; comment", t, 8, &r);
	assert_int_equal(r, R_OK);
	assert_int_equal(n, 4);
	assert_true(token_is(&t[0], "WWW"));
	assert_memory_equal(t[3].text, "1.2.3.4", 7);

	n = split("TXT \"a b\\\" c\" x\\ y", t, 8, &r);
	assert_int_equal(r, R_OK);
	assert_int_equal(n, 3);
	assert_true(t[1].quoted);
	assert_int_equal(t[1].len, 7);
	assert_false(token_is(&t[1], "a b"));
	assert_int_equal(t[2].len, 4);
}

static void
test_parentheses(void **state) {
	text_token_t t[16];
	result_t r;
	size_t n = split("SOA ns. host. ( 1 ; serial\n 2 3\n 4 5 )", t, 16, &r);
	assert_int_equal(r, R_OK);
	assert_int_equal(n, 8);
	split("SOA ( 1 2", t, 16, &r);
	assert_int_equal(r, R_SYNTAX);
	split("A 1 ) ", t, 16, &r);
	assert_int_equal(r, R_SYNTAX);
	split("A 1\nB", t, 16, &r);
	assert_int_equal(r, R_SYNTAX);
}

static void
test_errors(void **state) {
	text_token_t t[2];
	result_t r;
	split("\"open", t, 2, &r);
	assert_int_equal(r, R_UNEXPECTEDEND);
	split("a b c", t, 2, &r);
	assert_int_equal(r, R_NOSPACE);
	split("a\\", t, 2, &r);
	assert_int_equal(r, R_UNEXPECTEDEND);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_quotes_comments),
		cmocka_unit_test(test_parentheses),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
