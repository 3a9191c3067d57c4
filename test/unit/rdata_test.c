/*
 * rdata_test.c - unit tests for the RR type table (rrtype.c), the
 * table-driven rdata conversions (rdata.c) and the shared field helpers
 * (rdata_fields.c).  The known answers in rdata_test_vectors.h come from
 * BIND 9.18's own tools.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "zones/name.h"
#include "zones/rdata.h"
#include "zones/rdata_ops.h"
#include "zones/rdata_types.h"
#include "zones/token.h"

#include "rdata_test_vectors.h"

static uint8_t wire[RDATA_MAXLEN];
static uint8_t wire2[RDATA_MAXLEN];
static char text[300000];

static void
origin_example(name_t *o) {
	assert_int_equal(name_fromtext(o, "example.", 8, NULL), R_OK);
}

static size_t
unhex(const char *h, uint8_t *out) {
	size_t n = strlen(h) / 2;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		sscanf(h + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
	return n;
}

static uint16_t
type_of(const char *mn) {
	uint16_t t = 0;
	assert_int_equal(rrtype_fromtext(mn, strlen(mn), &t), R_OK);
	return t;
}

/* Parses s as rdata of (type, rclass) relative to example. */
static result_t
parse(uint16_t type, uint16_t rclass, const char *s, size_t *len,
      rdata_error_t *err) {
	text_token_t toks[512];
	size_t n = 0;
	name_t origin;

	origin_example(&origin);
	assert_int_equal(token_split(s, strlen(s), toks, 512, &n), R_OK);
	return rdata_fromtext(type, rclass, toks, n, &origin, wire,
	                      sizeof(wire), len, err);
}

static void
check_kat(const kat_t *k, uint16_t rclass) {
	uint16_t type = type_of(k->type);
	uint8_t expect[RDATA_MAXLEN];
	size_t elen = unhex(k->hex, expect);
	size_t len = 0, len2 = 0;
	result_t r;

	r = parse(type, rclass, k->text, &len, NULL);
	if (r != R_OK) {
		fail_msg("%s %s: %s", k->type, k->text, result_totext(r));
	}
	if (len != elen || memcmp(wire, expect, len) != 0) {
		fail_msg("%s %s: wire differs", k->type, k->text);
	}
	/* The wire form reads back to itself (no compression in it). */
	r = rdata_fromwire(type, rclass, wire, len, 0, len, true, wire2,
	                   sizeof(wire2), &len2);
	assert_int_equal(r, R_OK);
	assert_int_equal(len2, len);
	assert_memory_equal(wire2, wire, len);
	/* And renders exactly as BIND printed it. */
	r = rdata_totext(type, rclass, wire, len, NULL, text, sizeof(text),
	                 &len2);
	assert_int_equal(r, R_OK);
	if (strcmp(text, k->output) != 0) {
		fail_msg("%s %s:\n got  %s\n want %s", k->type, k->text, text,
		         k->output);
	}
	assert_int_equal(len2, strlen(k->output));
}

static void
test_known_answers_in(void **state) {
	for (size_t i = 0; i < sizeof(kat_in) / sizeof(kat_in[0]); i++) {
		check_kat(&kat_in[i], RRCLASS_IN);
	}
}

static void
test_known_answers_ch(void **state) {
	for (size_t i = 0; i < sizeof(kat_ch) / sizeof(kat_ch[0]); i++) {
		check_kat(&kat_ch[i], RRCLASS_CH);
	}
}

/* HS shares IN's A; other classes have no A text form but "\#". */
static void
test_class_specific(void **state) {
	size_t len = 0;
	assert_int_equal(parse(RRTYPE_A, RRCLASS_HS, "10.0.0.1", &len, NULL),
	                 R_OK);
	assert_int_equal(len, 4);
	assert_int_equal(parse(RRTYPE_AAAA, RRCLASS_CH, "::1", &len, NULL),
	                 R_UNKNOWNCLASSTYPE);
	assert_int_equal(parse(33, RRCLASS_CH, "1 2 3 a", &len, NULL),
	                 R_UNKNOWNCLASSTYPE);
	assert_int_equal(rdata_totext(33, RRCLASS_CH, (const uint8_t *)"\x01",
	                              1, NULL, text, sizeof(text), NULL),
	                 R_OK);
	assert_string_equal(text, "\\# 1 01");
}

/*
 * BIND's message names the token err points at, "eol" past the last
 * one, and no token at all when it was a quoted string (the master
 * reader prints it that way).
 */
static void
test_rejections(void **state) {
	for (size_t i = 0; i < sizeof(bad_in) / sizeof(bad_in[0]); i++) {
		const bad_t *b = &bad_in[i];
		text_token_t toks[512];
		size_t n = 0, len = 0;
		rdata_error_t err = {9999};
		name_t origin;
		char near[1024];

		origin_example(&origin);
		assert_int_equal(
		        token_split(b->text, strlen(b->text), toks, 512, &n),
		        R_OK);
		result_t r =
		        rdata_fromtext(type_of(b->type), RRCLASS_IN, toks, n,
		                       &origin, wire, sizeof(wire), &len, &err);
		if (r == R_OK) {
			fail_msg("%s %s: accepted", b->type, b->text);
		}
		if (strcmp(result_totext(r), b->message) != 0) {
			fail_msg("%s %s: got '%s' want '%s'", b->type, b->text,
			         result_totext(r), b->message);
		}
		assert_true(err.token <= n);
		if (err.token == n) {
			snprintf(near, sizeof(near), "eol");
		} else {
			snprintf(near, sizeof(near), "%.*s",
			         (int)toks[err.token].len,
			         toks[err.token].text);
		}
		bool quoted = err.token < n && toks[err.token].quoted;
		if (b->near == NULL ? !quoted
		                    : (quoted || strcmp(near, b->near) != 0)) {
			fail_msg("%s %s: near '%s'%s, want %s", b->type,
			         b->text, near, quoted ? " (quoted)" : "",
			         b->near == NULL ? "none" : b->near);
		}
	}
}

/* The error index points at the offending token (ntok for "near eol"). */
static void
test_error_token(void **state) {
	rdata_error_t err = {99};
	size_t len = 0;

	assert_int_equal(parse(RRTYPE_MX, RRCLASS_IN, "10 a extra", &len, &err),
	                 R_EXTRATOKEN);
	assert_int_equal(err.token, 2);
	assert_int_equal(parse(RRTYPE_MX, RRCLASS_IN, "99999 a", &len, &err),
	                 R_RANGE);
	assert_int_equal(err.token, 0);
	assert_int_equal(parse(RRTYPE_MX, RRCLASS_IN, "10", &len, &err),
	                 R_UNEXPECTEDEND);
	assert_int_equal(err.token, 1);
	assert_int_equal(
	        parse(RRTYPE_HINFO, RRCLASS_IN, "a \"\\300\"", &len, &err),
	        R_SYNTAX);
	assert_int_equal(err.token, 1);
}

/* Relative names need an origin. */
static void
test_no_origin(void **state) {
	text_token_t t = {"mail", 4, false};
	text_token_t toks[2] = {{"10", 2, false}, t};
	size_t len = 0;

	assert_int_equal(rdata_fromtext(RRTYPE_MX, RRCLASS_IN, toks, 2, NULL,
	                                wire, sizeof(wire), &len, NULL),
	                 R_NOOWNER);
	toks[1].text = "mail.";
	toks[1].len = 5;
	assert_int_equal(rdata_fromtext(RRTYPE_MX, RRCLASS_IN, toks, 2, NULL,
	                                wire, sizeof(wire), &len, NULL),
	                 R_OK);
	assert_int_equal(len, 2 + 6);
}

/* A message: header, then "example." at 12, then rdata at rdpos. */
static size_t
message(uint8_t *msg, const char *rdhex, size_t *rdpos, size_t *rdlen) {
	static const uint8_t head[] = {0,   0,   0,   0,   0,   0,   0,
	                               0,   0,   0,   0,   0,   7,   'e',
	                               'x', 'a', 'm', 'p', 'l', 'e', 0};
	memcpy(msg, head, sizeof(head));
	*rdpos = sizeof(head);
	*rdlen = unhex(rdhex, msg + sizeof(head));
	return sizeof(head) + *rdlen;
}

static void
test_fromwire_compression(void **state) {
	uint8_t msg[512];
	size_t rdpos, rdlen, len = 0;
	size_t mlen;

	/* MX 10 mail.<ptr to example.>: expanded. */
	mlen = message(msg, "000a046d61696cc00c", &rdpos, &rdlen);
	assert_int_equal(rdata_fromwire(RRTYPE_MX, RRCLASS_IN, msg, mlen, rdpos,
	                                rdlen, true, wire, sizeof(wire), &len),
	                 R_OK);
	assert_int_equal(len, 2 + 5 + 9);
	assert_memory_equal(wire,
	                    "\x00\x0a\x04mail\x07"
	                    "example\x00",
	                    len);
	/* Not where the caller forbids it. */
	assert_int_equal(rdata_fromwire(RRTYPE_MX, RRCLASS_IN, msg, mlen, rdpos,
	                                rdlen, false, wire, sizeof(wire), &len),
	                 R_DISALLOWED);
	/* SOA: both names compressed. */
	mlen = message(msg, "c00cc00c0000000100000002000000030000000400000005",
	               &rdpos, &rdlen);
	assert_int_equal(rdata_fromwire(RRTYPE_SOA, RRCLASS_IN, msg, mlen,
	                                rdpos, rdlen, true, wire, sizeof(wire),
	                                &len),
	                 R_OK);
	assert_int_equal(len, 9 + 9 + 20);
	/* SRV is not on RFC 3597's list: a pointer is refused. */
	mlen = message(msg, "000100020003c00c", &rdpos, &rdlen);
	assert_int_equal(rdata_fromwire(33, RRCLASS_IN, msg, mlen, rdpos, rdlen,
	                                true, wire, sizeof(wire), &len),
	                 R_DISALLOWED);
	/* A pointer that points forward (at itself) is bad. */
	mlen = message(msg, "000ac017", &rdpos, &rdlen);
	assert_int_not_equal(rdata_fromwire(RRTYPE_MX, RRCLASS_IN, msg, mlen,
	                                    rdpos, rdlen, true, wire,
	                                    sizeof(wire), &len),
	                     R_OK);
	/* A name that runs past the rdata (but not the message). */
	mlen = message(msg, "000a046d61696c00", &rdpos, &rdlen);
	assert_int_equal(rdata_fromwire(RRTYPE_MX, RRCLASS_IN, msg, mlen, rdpos,
	                                rdlen - 1, true, wire, sizeof(wire),
	                                &len),
	                 R_UNEXPECTEDEND);
	/* rdata beyond the message. */
	assert_int_equal(rdata_fromwire(RRTYPE_MX, RRCLASS_IN, msg, mlen, rdpos,
	                                rdlen + 1, true, wire, sizeof(wire),
	                                &len),
	                 R_UNEXPECTEDEND);
	/* Trailing octets. */
	mlen = message(msg, "0102030405", &rdpos, &rdlen);
	assert_int_equal(rdata_fromwire(RRTYPE_A, RRCLASS_IN, msg, mlen, rdpos,
	                                rdlen, true, wire, sizeof(wire), &len),
	                 R_EXTRADATA);
	/* Output too small. */
	mlen = message(msg, "01020304", &rdpos, &rdlen);
	assert_int_equal(rdata_fromwire(RRTYPE_A, RRCLASS_IN, msg, mlen, rdpos,
	                                rdlen, true, wire, 3, &len),
	                 R_NOSPACE);
	/* Unknown types take any octets. */
	assert_int_equal(rdata_fromwire(999, RRCLASS_IN, msg, mlen, rdpos,
	                                rdlen, true, wire, sizeof(wire), &len),
	                 R_OK);
	assert_int_equal(len, 4);
	/* TXT whose string overruns, HINFO with one string. */
	mlen = message(msg, "0561", &rdpos, &rdlen);
	assert_int_equal(rdata_fromwire(RRTYPE_TXT, RRCLASS_IN, msg, mlen,
	                                rdpos, rdlen, true, wire, sizeof(wire),
	                                &len),
	                 R_UNEXPECTEDEND);
	mlen = message(msg, "0161", &rdpos, &rdlen);
	assert_int_equal(rdata_fromwire(RRTYPE_HINFO, RRCLASS_IN, msg, mlen,
	                                rdpos, rdlen, true, wire, sizeof(wire),
	                                &len),
	                 R_UNEXPECTEDEND);
}

/* NAPTR's regexp is checked on wire input too (BIND does). */
static void
test_naptr_regexp(void **state) {
	uint8_t msg[64];
	size_t rdpos, rdlen, len = 0, mlen;

	/* order 1, pref 1, flags "", services "", regexp "x", "." */
	mlen = message(msg,
	               "0001000100000178"
	               "00",
	               &rdpos, &rdlen);
	assert_int_equal(rdata_fromwire(35, RRCLASS_IN, msg, mlen, rdpos, rdlen,
	                                true, wire, sizeof(wire), &len),
	                 R_SYNTAX);
	/* regexp "!a!b!" */
	mlen = message(msg,
	               "000100010000052161216221"
	               "00",
	               &rdpos, &rdlen);
	assert_int_equal(rdata_fromwire(35, RRCLASS_IN, msg, mlen, rdpos, rdlen,
	                                true, wire, sizeof(wire), &len),
	                 R_OK);
	assert_int_equal(rdata_naptr_check(wire, len), R_OK);
	/* "!a!\1!": a back-reference to a group that is not there... */
	uint8_t r[16];
	size_t rl = unhex("000100010000062161215c312100", r);
	assert_int_equal(rdata_naptr_check(r, rl), R_SYNTAX);
	/* ... and "!(a)!\1!" where it is. */
	rl = unhex("000100010000082128612921"
	           "5c312100",
	           r);
	assert_int_equal(rdata_naptr_check(r, rl), R_OK);
	/* Structure errors are reported, not read past. */
	assert_int_equal(rdata_naptr_check(wire, 6), R_FORMERR);
	assert_int_equal(rdata_naptr_check(wire, 8), R_FORMERR);
}

static void
test_tocanonical(void **state) {
	size_t len = 0;
	uint8_t out[256];

	assert_int_equal(
	        parse(RRTYPE_MX, RRCLASS_IN, "10 MAIL.Example.", &len, NULL),
	        R_OK);
	assert_int_equal(rdata_tocanonical(RRTYPE_MX, wire, len, out), R_OK);
	assert_memory_equal(out,
	                    "\x00\x0a\x04mail\x07"
	                    "example\x00",
	                    len);
	/* In place. */
	assert_int_equal(rdata_tocanonical(RRTYPE_MX, wire, len, wire), R_OK);
	assert_memory_equal(wire, out, len);
	/* RP names are downcased, TXT and TALINK are left alone. */
	assert_int_equal(parse(RRTYPE_RP, RRCLASS_IN, "A.B. C.D.", &len, NULL),
	                 R_OK);
	assert_int_equal(rdata_tocanonical(RRTYPE_RP, wire, len, out), R_OK);
	assert_memory_equal(out,
	                    "\x01"
	                    "a\x01"
	                    "b\x00\x01"
	                    "c\x01"
	                    "d\x00",
	                    len);
	assert_int_equal(parse(RRTYPE_TXT, RRCLASS_IN, "ABC", &len, NULL),
	                 R_OK);
	assert_int_equal(rdata_tocanonical(RRTYPE_TXT, wire, len, out), R_OK);
	assert_memory_equal(out,
	                    "\x03"
	                    "ABC",
	                    4);
	assert_int_equal(parse(58, RRCLASS_IN, "A. B.", &len, NULL), R_OK);
	assert_int_equal(rdata_tocanonical(58, wire, len, out), R_OK);
	assert_memory_equal(out,
	                    "\x01"
	                    "A\x00\x01"
	                    "B\x00",
	                    6);
}

static int
cmp_text(uint16_t type, const char *a, const char *b) {
	uint8_t wa[512];
	size_t la = 0, lb = 0;
	assert_int_equal(parse(type, RRCLASS_IN, a, &la, NULL), R_OK);
	memcpy(wa, wire, la);
	assert_int_equal(parse(type, RRCLASS_IN, b, &lb, NULL), R_OK);
	return rdata_compare(type, wa, la, wire, lb);
}

static void
test_compare(void **state) {
	assert_int_equal(cmp_text(RRTYPE_MX, "10 A.example.", "10 a.EXAMPLE."),
	                 0);
	assert_true(cmp_text(RRTYPE_MX, "10 b.", "20 a.") < 0);
	assert_true(cmp_text(RRTYPE_MX, "10 b.", "10 a.") > 0);
	/* Octet order of canonical wire: a shorter prefix sorts first. */
	assert_true(cmp_text(RRTYPE_TXT, "ab", "abc") < 0);
	assert_true(cmp_text(RRTYPE_TXT, "abc", "ab") > 0);
	/* TXT is case-sensitive: 'B' (0x42) < 'a' (0x61). */
	assert_true(cmp_text(RRTYPE_TXT, "B", "a") < 0);
	assert_true(cmp_text(RRTYPE_A, "10.0.0.2", "10.0.0.10") < 0);
	/* As BIND dedups them: NSAP-PTR names case-blind, LP and TALINK
	 * names case-sensitive (not in RFC 4034's list). */
	assert_int_equal(cmp_text(23, "A.", "a."), 0);
	assert_int_not_equal(cmp_text(107, "1 A.", "1 a."), 0);
	assert_int_not_equal(cmp_text(58, "A. B.", "a. b."), 0);
	/* CHAOS A: the name is compared case-blind too. */
	uint8_t cha[8] = {1, 'A', 0, 0, 1}, chb[8] = {1, 'a', 0, 0, 1};
	assert_int_equal(rdata_compare(RRTYPE_A, cha, 5, chb, 5), 0);
	uint8_t chc[8];
	assert_int_equal(rdata_tocanonical(RRTYPE_A, cha, 5, chc), R_OK);
	assert_memory_equal(chc, chb, 5);
	/* Other A-shaped octets (opaque, another class) are left alone. */
	assert_int_equal(rdata_tocanonical(RRTYPE_A, cha, 3, chc), R_OK);
	assert_memory_equal(chc, cha, 3);
	/* Long rdata with names (heap path). */
	char big[400];
	snprintf(big, sizeof(big), "%s.%s.%s.",
	         "A23456789012345678901234567890",
	         "b23456789012345678901234567890",
	         "c23456789012345678901234567890");
	char a[1200], b[1200];
	snprintf(a, sizeof(a), "1 %s %s", big, big);
	snprintf(b, sizeof(b), "1 %s %s", big, big);
	b[2] = 'a';
	assert_int_equal(cmp_text(26, a, b), 0);
	uint8_t wa[2000];
	size_t la = 0, lb = 0;
	assert_int_equal(parse(26, RRCLASS_IN, a, &la, NULL), R_OK);
	memcpy(wa, wire, la);
	assert_int_equal(parse(26, RRCLASS_IN, a, &lb, NULL), R_OK);
	wire[lb - 2] = 'z';
	assert_true(rdata_compare(26, wa, la, wire, lb) < 0);
}

typedef struct {
	size_t n;
	size_t off[4];
	bool comp[4];
} walk_t;

static void
collect(void *arg, const uint8_t *rdata, size_t offset, bool compressible) {
	walk_t *w = arg;
	if (w->n < 4) {
		w->off[w->n] = offset;
		w->comp[w->n] = compressible;
	}
	w->n++;
}

static void
test_walk_names(void **state) {
	walk_t w = {0};
	size_t len = 0;

	assert_int_equal(
	        parse(RRTYPE_SOA, RRCLASS_IN, "ns h 1 2 3 4 5", &len, NULL),
	        R_OK);
	assert_int_equal(rdata_walk_names(RRTYPE_SOA, wire, len, collect, &w),
	                 R_OK);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.off[0], 0);
	assert_int_equal(w.off[1], 12);
	assert_true(w.comp[0] && w.comp[1]);

	memset(&w, 0, sizeof(w));
	assert_int_equal(parse(33, RRCLASS_IN, "1 2 3 t", &len, NULL), R_OK);
	assert_int_equal(rdata_walk_names(33, wire, len, collect, &w), R_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.off[0], 6);
	assert_false(w.comp[0]);

	memset(&w, 0, sizeof(w));
	assert_int_equal(parse(35, RRCLASS_IN, "1 2 a b \"\" r.", &len, NULL),
	                 R_OK);
	assert_int_equal(rdata_walk_names(35, wire, len, collect, &w), R_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.off[0], 9);

	memset(&w, 0, sizeof(w));
	assert_int_equal(parse(RRTYPE_TXT, RRCLASS_IN, "a b", &len, NULL),
	                 R_OK);
	assert_int_equal(rdata_walk_names(RRTYPE_TXT, wire, len, collect, &w),
	                 R_OK);
	assert_int_equal(w.n, 0);
	/* SRV held as opaque octets of another class: no names. */
	memset(&w, 0, sizeof(w));
	assert_int_equal(rdata_walk_names(33, (const uint8_t *)"\x01\x02", 2,
	                                  collect, &w),
	                 R_OK);
	assert_int_equal(w.n, 0);
	/* Unknown type: no names; corrupt rdata: FORMERR. */
	assert_int_equal(rdata_walk_names(999, wire, len, collect, &w), R_OK);
	assert_int_equal(rdata_walk_names(RRTYPE_NS,
	                                  (const uint8_t *)"\x05"
	                                                   "ab",
	                                  3, collect, &w),
	                 R_FORMERR);
}

static void
test_totext_errors(void **state) {
	char small[8];
	size_t len = 0;

	assert_int_equal(
	        parse(RRTYPE_TXT, RRCLASS_IN, "abcdefghij", &len, NULL), R_OK);
	assert_int_equal(rdata_totext(RRTYPE_TXT, RRCLASS_IN, wire, len, NULL,
	                              small, sizeof(small), NULL),
	                 R_NOSPACE);
	/* Malformed stored rdata. */
	assert_int_equal(rdata_totext(RRTYPE_A, RRCLASS_IN,
	                              (const uint8_t *)"\x01\x02", 2, NULL,
	                              text, sizeof(text), NULL),
	                 R_FORMERR);
	assert_int_equal(rdata_totext(RRTYPE_MX, RRCLASS_IN,
	                              (const uint8_t *)"\x00\x01\x03"
	                                               "ab",
	                              5, NULL, text, sizeof(text), NULL),
	                 R_FORMERR);
	/* Relative to an origin. */
	name_t origin;
	origin_example(&origin);
	assert_int_equal(parse(RRTYPE_MX, RRCLASS_IN, "10 mail", &len, NULL),
	                 R_OK);
	assert_int_equal(rdata_totext(RRTYPE_MX, RRCLASS_IN, wire, len, &origin,
	                              text, sizeof(text), NULL),
	                 R_OK);
	assert_string_equal(text, "10 mail");
}

/* AAAA text must be what inet_ntop (and BIND) write, for every shape of
 * zero runs: all 256 patterns of zero/non-zero groups, two values each. */
static void
test_ipv6_text(void **state) {
	for (unsigned pat = 0; pat < 256; pat++) {
		for (unsigned v = 0; v < 2; v++) {
			uint8_t a[16] = {0};
			char want[64];
			for (int g = 0; g < 8; g++) {
				if (pat & (1u << g)) {
					uint16_t x = v ? (uint16_t)(0x1 << g)
					               : (uint16_t)(0xabc0 + g);
					a[2 * g] = (uint8_t)(x >> 8);
					a[2 * g + 1] = (uint8_t)x;
				}
			}
			/* ::ffff:a.b.c.d as well. */
			if (pat == 0xc0 && v == 1) {
				a[10] = a[11] = 0xff;
			}
			assert_non_null(
			        inet_ntop(AF_INET6, a, want, sizeof(want)));
			assert_int_equal(rdata_totext(RRTYPE_AAAA, RRCLASS_IN,
			                              a, 16, NULL, text,
			                              sizeof(text), NULL),
			                 R_OK);
			assert_string_equal(text, want);
		}
	}
}

static void
test_type_mnemonics(void **state) {
	char buf[16];
	uint16_t t = 0;
	const rrtype_desc_t *prev = NULL;

	/* The table is sorted (binary search depends on it). */
	for (unsigned i = 0; i <= 65535; i++) {
		const rrtype_desc_t *d = rrtype_find((uint16_t)i);
		if (d != NULL) {
			assert_int_equal(d->type, i);
			if (prev != NULL) {
				assert_true(prev < d);
			}
			prev = d;
			/* Every mnemonic reads back to its number. */
			assert_int_equal(
			        rrtype_fromtext(d->name, strlen(d->name), &t),
			        R_OK);
			assert_int_equal(t, i);
		}
	}
	assert_string_equal(rrtype_totext(RRTYPE_NSEC3PARAM, buf),
	                    "NSEC3PARAM");
	assert_string_equal(rrtype_totext(23, buf), "NSAP-PTR");
	assert_string_equal(rrtype_totext(65533, buf), "TYPE65533");
	assert_string_equal(rrtype_totext(65535, buf), "TYPE65535");
	assert_string_equal(rrtype_totext(32769, buf), "DLV");
	assert_int_equal(rrtype_fromtext("nsap-ptr", 8, &t), R_OK);
	assert_int_equal(t, 23);
	assert_int_equal(rrtype_fromtext("keydata", 7, &t), R_OK);
	assert_int_equal(t, 65533);
	assert_int_equal(rrtype_fromtext("type65535", 9, &t), R_OK);
	assert_int_equal(t, 65535);
	assert_int_equal(rrtype_fromtext("TYPE65536", 9, &t), R_UNKNOWNTYPE);
	assert_int_equal(rrtype_fromtext("TYPE", 4, &t), R_UNKNOWNTYPE);
	assert_int_equal(rrtype_fromtext("TYPE1x", 6, &t), R_UNKNOWNTYPE);
	assert_int_equal(rrtype_fromtext("AA", 2, &t), R_UNKNOWNTYPE);
	assert_int_equal(rrtype_fromtext("AAAAA", 4, &t), R_OK);
	assert_int_equal(t, RRTYPE_AAAA);

	assert_int_equal(rrtype_flags(RRTYPE_NS),
	                 RRTYPE_F_KNOWN | RRTYPE_F_COMPRESS |
	                         RRTYPE_F_CANONDOWN | RRTYPE_F_ADDITIONAL |
	                         RRTYPE_F_ZONECUTOK);
	assert_true(rrtype_flags(RRTYPE_CNAME) & RRTYPE_F_SINGLETON);
	assert_true(rrtype_flags(RRTYPE_DNAME) & RRTYPE_F_SINGLETON);
	assert_false(rrtype_flags(RRTYPE_DNAME) & RRTYPE_F_COMPRESS);
	assert_true(rrtype_flags(RRTYPE_DNAME) & RRTYPE_F_CANONDOWN);
	assert_true(rrtype_flags(RRTYPE_TSIG) & RRTYPE_F_META);
	assert_true(rrtype_flags(RRTYPE_DS) & RRTYPE_F_ZONECUTOK);
	assert_true(rrtype_flags(33) & RRTYPE_F_ADDITIONAL);
	assert_false(rrtype_flags(33) & RRTYPE_F_COMPRESS);
	assert_int_equal(rrtype_flags(999), 0);
}

static void
test_class_mnemonics(void **state) {
	char buf[16];
	uint16_t c = 0;

	assert_int_equal(rrclass_fromtext("in", 2, &c), R_OK);
	assert_int_equal(c, RRCLASS_IN);
	assert_int_equal(rrclass_fromtext("CHAOS", 5, &c), R_OK);
	assert_int_equal(c, RRCLASS_CH);
	assert_int_equal(rrclass_fromtext("hesiod", 6, &c), R_OK);
	assert_int_equal(c, RRCLASS_HS);
	assert_int_equal(rrclass_fromtext("CLASS1", 6, &c), R_OK);
	assert_int_equal(c, RRCLASS_IN);
	assert_int_equal(rrclass_fromtext("CLASS65536", 10, &c), R_BADCLASS);
	assert_int_equal(rrclass_fromtext("XX", 2, &c), R_BADCLASS);
	assert_string_equal(rrclass_totext(RRCLASS_CH, buf), "CH");
	assert_string_equal(rrclass_totext(RRCLASS_ANY, buf), "ANY");
	assert_string_equal(rrclass_totext(RRCLASS_NONE, buf), "NONE");
	assert_string_equal(rrclass_totext(42, buf), "CLASS42");
}

/* ---- field helpers (rdata_fields.c) ---- */

static result_t
tokens(const char *s, text_token_t *t, size_t *n) {
	return token_split(s, strlen(s), t, 16, n);
}

static void
test_field_number(void **state) {
	text_token_t t = {"4294967295", 10, false};
	uint32_t v = 0;

	assert_int_equal(field_number_fromtext(&t, UINT32_MAX, &v), R_OK);
	assert_int_equal(v, UINT32_MAX);
	t.text = "4294967296";
	assert_int_equal(field_number_fromtext(&t, UINT32_MAX, &v), R_RANGE);
	t.text = "99999999999999999999";
	t.len = 20;
	assert_int_equal(field_number_fromtext(&t, UINT32_MAX, &v), R_RANGE);
	t.text = "256";
	t.len = 3;
	assert_int_equal(field_number_fromtext(&t, 255, &v), R_RANGE);
	t.text = "+25";
	assert_int_equal(field_number_fromtext(&t, 255, &v), R_BADNUMBER);
	t.len = 0;
	assert_int_equal(field_number_fromtext(&t, 255, &v), R_BADNUMBER);
}

static void
test_field_strings(void **state) {
	uint8_t buf[300];
	wire_t w;
	text_token_t t = {"a\\\"\\065\\\\", 9, true};
	char out[64];
	textbuf_t tb;

	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_string_fromtext(&t, &w), R_OK);
	assert_int_equal(wire_pos(&w), 5);
	assert_memory_equal(buf,
	                    "\x04"
	                    "a\"A\\",
	                    5);
	tb_init(&tb, out, sizeof(out));
	field_string_totext(buf + 1, 4, &tb);
	assert_string_equal(out, "\"a\\\"A\\\\\"");
	/* Control and high octets as \DDD. */
	tb_init(&tb, out, sizeof(out));
	field_string_totext((const uint8_t *)"\x00\x7f\x80 ~", 5, &tb);
	assert_string_equal(out, "\"\\000\\127\\128 ~\"");
	/* Bad escapes. */
	text_token_t b1 = {"\\25", 3, false};
	text_token_t b2 = {"\\", 1, false};
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_string_fromtext(&b1, &w), R_SYNTAX);
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_string_fromtext(&b2, &w), R_UNEXPECTEDEND);
	/* No room. */
	wire_init(&w, buf, 2);
	assert_int_equal(field_string_fromtext(&t, &w), R_NOSPACE);
	/* Text to the end: no length octet, no 255 limit. */
	char longtext[400];
	memset(longtext, 'x', sizeof(longtext));
	text_token_t lt = {longtext, sizeof(longtext), true};
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_text_fromtext(&lt, &w), R_NOSPACE);
	lt.len = 299;
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_text_fromtext(&lt, &w), R_OK);
	assert_int_equal(wire_pos(&w), 299);
}

static void
test_field_base64(void **state) {
	uint8_t buf[64];
	wire_t w;
	text_token_t t[16];
	size_t n = 0;
	char out[256];
	textbuf_t tb;

	assert_int_equal(tokens("AQ ID BA==", t, &n), R_OK);
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_base64_fromtext(t, n, &w), R_OK);
	assert_int_equal(wire_pos(&w), 4);
	assert_memory_equal(buf, "\x01\x02\x03\x04", 4);
	tb_init(&tb, out, sizeof(out));
	field_base64_totext(buf, 4, &tb);
	assert_string_equal(out, "AQIDBA==");
	assert_int_equal(tokens("AQ=", t, &n), R_OK);
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_base64_fromtext(t, n, &w), R_BADBASE64);
	assert_int_equal(tokens("A===", t, &n), R_OK);
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_base64_fromtext(t, n, &w), R_BADBASE64);
	assert_int_equal(tokens("AQ==AQ==", t, &n), R_OK);
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_base64_fromtext(t, n, &w), R_BADBASE64);
	assert_int_equal(tokens("A*==", t, &n), R_OK);
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_base64_fromtext(t, n, &w), R_BADBASE64);
	/* 60 octets: 80 digits, split after 56. */
	uint8_t z[60] = {0};
	tb_init(&tb, out, sizeof(out));
	field_base64_totext(z, sizeof(z), &tb);
	assert_int_equal(strlen(out), 81);
	assert_int_equal(out[56], ' ');
}

static void
test_field_hex(void **state) {
	uint8_t buf[64];
	wire_t w;
	text_token_t t[16];
	size_t n = 0;
	char out[256];
	textbuf_t tb;

	assert_int_equal(tokens("0a B 0", t, &n), R_OK);
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_hex_fromtext(t, n, &w), R_OK);
	assert_int_equal(wire_pos(&w), 2);
	assert_memory_equal(buf, "\x0a\xb0", 2);
	tb_init(&tb, out, sizeof(out));
	field_hex_totext(buf, 2, false, &tb);
	assert_string_equal(out, "0ab0");
	tb_init(&tb, out, sizeof(out));
	field_hex_totext(buf, 2, true, &tb);
	assert_string_equal(out, "0AB0");
	assert_int_equal(tokens("abc", t, &n), R_OK);
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_hex_fromtext(t, n, &w), R_BADHEX);
	assert_int_equal(tokens("-", t, &n), R_OK);
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_hex_fromtext(t, n, &w), R_BADHEX);
	uint8_t z[30] = {0};
	tb_init(&tb, out, sizeof(out));
	field_hex_totext(z, sizeof(z), true, &tb);
	assert_int_equal(strlen(out), 61);
	assert_int_equal(out[56], ' ');
}

static void
test_field_base32hex(void **state) {
	uint8_t buf[64];
	wire_t w;
	char out[128];
	textbuf_t tb;
	/* RFC 4648 test vectors, base32hex without padding. */
	static const struct {
		const char *plain, *enc;
	} v[] = {{"f", "CO"},           {"fo", "CPNG"},
	         {"foo", "CPNMU"},      {"foob", "CPNMUOG"},
	         {"fooba", "CPNMUOJ1"}, {"foobar", "CPNMUOJ1E8"}};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		text_token_t t = {v[i].enc, strlen(v[i].enc), false};
		wire_init(&w, buf, sizeof(buf));
		assert_int_equal(field_base32hex_fromtext(&t, &w), R_OK);
		assert_int_equal(wire_pos(&w), strlen(v[i].plain));
		assert_memory_equal(buf, v[i].plain, wire_pos(&w));
		tb_init(&tb, out, sizeof(out));
		field_base32hex_totext(buf, wire_pos(&w), &tb);
		assert_string_equal(out, v[i].enc);
	}
	text_token_t lower = {"cpnmuoj1e8", 10, false};
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_base32hex_fromtext(&lower, &w), R_OK);
	text_token_t pad = {"CO======", 8, false};
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_base32hex_fromtext(&pad, &w), R_BADBASE32);
	text_token_t odd = {"CPN", 3, false};
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_base32hex_fromtext(&odd, &w), R_BADBASE32);
	text_token_t junk = {"CP", 2, false}; /* nonzero spare bits */
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_base32hex_fromtext(&junk, &w), R_BADBASE32);
	text_token_t w2 = {"CW", 2, false};
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_base32hex_fromtext(&w2, &w), R_BADBASE32);
}

static void
test_field_names(void **state) {
	uint8_t buf[300];
	wire_t w;
	name_t origin;
	text_token_t t = {"www", 3, false};
	char out[300];
	textbuf_t tb;
	size_t pos = 0;

	origin_example(&origin);
	wire_init(&w, buf, sizeof(buf));
	assert_int_equal(field_name_fromtext(&t, &origin, &w), R_OK);
	assert_int_equal(wire_pos(&w), 13);
	tb_init(&tb, out, sizeof(out));
	assert_int_equal(field_name_totext(buf, 13, &pos, NULL, &tb), R_OK);
	assert_string_equal(out, "www.example.");
	assert_int_equal(pos, 13);
	pos = 0;
	tb_init(&tb, out, sizeof(out));
	assert_int_equal(field_name_totext(buf, 12, &pos, NULL, &tb),
	                 R_FORMERR);
	pos = 14;
	assert_int_equal(field_name_totext(buf, 13, &pos, NULL, &tb),
	                 R_FORMERR);
}

/* A CHAOS A record's name may be compressed (named writes it so in its
 * CHAOS answers); an IN A record has no name to decompress. */
static void
test_chaos_a_compressed(void **state) {
	(void)state;
	/* "ch." at 0, then rdata at 4: pointer to 0 and address 0o177. */
	static const uint8_t msg[] = {2, 'c', 'h', 0, 0xc0, 0x00, 0x00, 0x7f};
	uint8_t out[64];
	size_t outlen = 0;
	assert_int_equal(rdata_fromwire(1, 3, msg, sizeof(msg), 4, 4, true,
	                                out, sizeof(out), &outlen),
	                 R_OK);
	static const uint8_t want[] = {2, 'c', 'h', 0, 0x00, 0x7f};
	assert_int_equal(outlen, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	/* Without compression allowed the pointer is refused. */
	assert_int_not_equal(rdata_fromwire(1, 3, msg, sizeof(msg), 4, 4,
	                                    false, out, sizeof(out), &outlen),
	                     R_OK);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_known_answers_in),
	        cmocka_unit_test(test_known_answers_ch),
	        cmocka_unit_test(test_class_specific),
	        cmocka_unit_test(test_rejections),
	        cmocka_unit_test(test_error_token),
	        cmocka_unit_test(test_no_origin),
	        cmocka_unit_test(test_fromwire_compression),
	        cmocka_unit_test(test_naptr_regexp),
	        cmocka_unit_test(test_tocanonical),
	        cmocka_unit_test(test_compare),
	        cmocka_unit_test(test_walk_names),
	        cmocka_unit_test(test_totext_errors),
	        cmocka_unit_test(test_ipv6_text),
	        cmocka_unit_test(test_type_mnemonics),
	        cmocka_unit_test(test_class_mnemonics),
	        cmocka_unit_test(test_field_number),
	        cmocka_unit_test(test_field_strings),
	        cmocka_unit_test(test_field_base64),
	        cmocka_unit_test(test_field_hex),
	        cmocka_unit_test(test_field_base32hex),
	        cmocka_unit_test(test_field_names),
	        cmocka_unit_test(test_chaos_a_compressed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
