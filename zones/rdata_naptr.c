/*
 * rdata_naptr.c - the semantic check BIND applies to NAPTR's regexp field
 * (RFC 3403 section 4.1), on text and on wire input alike.
 *
 * Contract: rdata_naptr_check() takes a structurally valid NAPTR rdata
 * and returns R_OK or R_SYNTAX, accepting exactly what BIND 9.18 accepts
 * (checked case by case with named-compilezone):
 *  - an empty regexp is fine;
 *  - otherwise it is <delim> pattern <delim> replacement <delim> flags,
 *    where the delimiter is not a digit, a backslash, 'i' or NUL; a
 *    backslash escapes the next octet (so it can escape the delimiter);
 *    the only flag is 'i'; NUL octets are not allowed anywhere;
 *  - the pattern must be a valid POSIX extended regular expression, and
 *    in the replacement \0 is invalid and \N may not exceed the number of
 *    parenthesised subexpressions of the pattern.
 * glibc's regcomp() checks the ERE syntax; BIND is stricter than glibc
 * about empty alternatives ("a||b") and stacked repetitions ("a**"), so
 * those are checked here first.
 */
#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zones/rdata_types.h"

/* Is c a repetition operator in an ERE? */
static bool
is_repeat(char c) {
	return c == '*' || c == '+' || c == '?' || c == '{';
}

/*
 * The stricter-than-glibc rules: no repetition operator without an atom
 * to repeat, none directly after another one, no empty alternative.
 * Bracket expressions and escaped characters are atoms.
 */
static bool
ere_shape_ok(const char *re, size_t len) {
	enum { START, ATOM, REPEAT } prev = START;

	for (size_t i = 0; i < len; i++) {
		char c = re[i];
		if (c == '\\') {
			i++;
			prev = ATOM;
		} else if (c == '[') {
			/* Skip to the closing ']' ("[]...]" and "[^]...]"
			 * keep their first ']' literal). */
			size_t j = i + 1;
			if (j < len && re[j] == '^') {
				j++;
			}
			if (j < len && re[j] == ']') {
				j++;
			}
			while (j < len && re[j] != ']') {
				if (re[j] == '[' && j + 1 < len &&
				    (re[j + 1] == ':' || re[j + 1] == '.' ||
				     re[j + 1] == '='))
				{
					char end = re[j + 1];
					j += 2;
					while (j + 1 < len &&
					       !(re[j] == end &&
					         re[j + 1] == ']')) {
						j++;
					}
					j++;
				}
				j++;
			}
			i = j;
			prev = ATOM;
		} else if (is_repeat(c)) {
			if (prev != ATOM) {
				return false;
			}
			if (c == '{') {
				while (i < len && re[i] != '}') {
					i++;
				}
			}
			prev = REPEAT;
		} else if (c == '|') {
			if (prev == START) {
				return false;
			}
			prev = START;
		} else if (c == '(') {
			prev = START;
		} else if (c == ')') {
			/* "()" is accepted, "(a|)" is not. */
			if (prev == START && i > 0 && re[i - 1] == '|') {
				return false;
			}
			prev = ATOM;
		} else {
			prev = ATOM;
		}
	}
	return !(prev == START && len > 0 && re[len - 1] == '|');
}

/* Validates the regexp field s[0..len); see the file comment. */
static result_t
regexp_check(const uint8_t *s, size_t len) {
	char pattern[256];
	size_t plen = 0;
	unsigned part = 0; /* 0 pattern, 1 replacement, 2 flags */
	unsigned maxref = 0;
	uint8_t delim;

	if (len == 0) {
		return R_OK;
	}
	delim = s[0];
	if ((delim >= '0' && delim <= '9') || delim == '\\' || delim == 'i' ||
	    delim == 0)
	{
		return R_SYNTAX;
	}
	for (size_t i = 1; i < len; i++) {
		uint8_t c = s[i];
		if (c == 0) {
			return R_SYNTAX;
		}
		if (c == delim) {
			if (part == 2) {
				return R_SYNTAX;
			}
			part++;
			continue;
		}
		if (part == 2) {
			if (c != 'i') {
				return R_SYNTAX;
			}
			continue;
		}
		if (c == '\\') {
			if (i + 1 >= len || s[i + 1] == 0) {
				return R_SYNTAX;
			}
			uint8_t e = s[++i];
			if (part == 1) {
				if (e == '0') {
					return R_SYNTAX;
				}
				if (e >= '1' && e <= '9' &&
				    (unsigned)(e - '0') > maxref) {
					maxref = (unsigned)(e - '0');
				}
				continue;
			}
			pattern[plen++] = (char)c;
			pattern[plen++] = (char)e;
			continue;
		}
		if (part == 0) {
			pattern[plen++] = (char)c;
		}
	}
	if (part != 2) {
		return R_SYNTAX;
	}
	pattern[plen] = '\0';
	if (!ere_shape_ok(pattern, plen)) {
		return R_SYNTAX;
	}
	regex_t re;
	if (regcomp(&re, pattern, REG_EXTENDED) != 0) {
		return R_SYNTAX;
	}
	size_t nsub = re.re_nsub;
	regfree(&re);
	return maxref > nsub ? R_SYNTAX : R_OK;
}

result_t
rdata_naptr_check(const uint8_t *rdata, size_t len) {
	/* order u16, preference u16, flags, services, regexp, replacement */
	size_t pos = 4;

	for (int i = 0; i < 2; i++) {
		if (pos >= len) {
			return R_FORMERR;
		}
		pos += 1 + (size_t)rdata[pos];
	}
	if (pos >= len || pos + 1 + rdata[pos] > len) {
		return R_FORMERR;
	}
	return regexp_check(rdata + pos + 1, rdata[pos]);
}
