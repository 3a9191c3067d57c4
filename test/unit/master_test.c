/*
 * master_test.c - unit tests for the master-file reader (master.c), its
 * scanner (master_lex.c) and $GENERATE expansion (generate.c).
 *
 * Expected records, messages and lines were taken from Debian's BIND 9.18
 * named-checkzone / named-compilezone -D run on the same input.  Records
 * are captured as "owner ttl class type hex-rdata" so the tests do not
 * depend on the rdata text renderer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#undef R_OK /* access() mode from unistd.h; result_t's R_OK is meant */

#include <cmocka.h>

#include "zones/generate.h"
#include "zones/master.h"
#include "zones/master_lex.h"
#include "zones/rdata.h"

/* ---- capture ---------------------------------------------------------- */

typedef struct capture {
	char rrs[65536];
	size_t rrlen;
	char logs[16384];
	size_t loglen;
	unsigned count;
	unsigned stop_after; /* 0: never stop */
	unsigned lines[64];  /* line of each RR (first 64) */
} capture_t;

static void
appendf(char *buf, size_t size, size_t *len, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0) {
		*len += (size_t)n;
		if (*len >= size) {
			*len = size - 1;
		}
	}
}

static result_t
cap_rr(void *arg, const master_rr_t *rr) {
	capture_t *c = arg;
	char owner[NAME_MAXTEXT], tb[16], cb[16];

	assert_int_equal(name_totext(rr->owner, NULL, false, owner,
				     sizeof(owner), NULL),
			 R_OK);
	appendf(c->rrs, sizeof(c->rrs), &c->rrlen, "%s %u %s %s ", owner,
		rr->ttl, rrclass_totext(rr->rclass, cb),
		rrtype_totext(rr->type, tb));
	for (size_t i = 0; i < rr->rdlen; i++) {
		appendf(c->rrs, sizeof(c->rrs), &c->rrlen, "%02x",
			rr->rdata[i]);
	}
	appendf(c->rrs, sizeof(c->rrs), &c->rrlen, "\n");
	if (c->count < 64) {
		c->lines[c->count] = rr->line;
	}
	c->count++;
	if (c->stop_after != 0 && c->count >= c->stop_after) {
		return R_FAILURE;
	}
	return R_OK;
}

static void
cap_log(void *arg, int level, const char *file, unsigned line,
	const char *msg) {
	capture_t *c = arg;
	char buf[2048];
	int lv = level & MASTER_LOG_LEVELMASK;

	master_log_format(buf, sizeof(buf), level, file, line, msg);
	appendf(c->logs, sizeof(c->logs), &c->loglen, "%c %s\n",
		lv == MASTER_LOG_ERROR ? 'E' : lv == MASTER_LOG_WARNING ? 'W' : 'I',
		buf);
}

static name_t example;

static result_t
load(const char *text, unsigned flags, capture_t *c) {
	master_opts_t o = {
		.origin = &example,
		.rclass = RRCLASS_IN,
		.flags = flags,
		.rr = cap_rr,
		.log = cap_log,
		.arg = c,
	};
	memset(c, 0, sizeof(*c));
	return master_load_buffer(text, strlen(text), "t.db", &o);
}

static int
setup(void **state) {
	assert_int_equal(name_fromtext(&example, "example.", 8, NULL), R_OK);
	return 0;
}

#define HDR "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 1.2.3.4\n"
#define HDR_RRS                                                           \
	"example. 300 IN SOA 026e73076578616d706c6500026"                  \
	"86d076578616d706c65000000000100000002000000030000000400000005\n"  \
	"example. 300 IN NS 026e73076578616d706c6500\n"                     \
	"ns.example. 300 IN A 01020304\n"

/* ---- scanner ---------------------------------------------------------- */

static void
test_lex_entries(void **state) {
	const char *text = "; comment only\n"
			   "\n"
			   "a  IN A 1.2.3.4 ; trailing\n"
			   "\tTXT \"x y\" ( z\n"
			   "   w ) \"\"q\n"
			   "b a(b)c\\ d \\\n"
			   "e\n";
	lex_t lx;
	lex_entry_t e;

	lex_init(&lx, text, strlen(text));
	lex_entry_init(&e);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.ntok, 4);
	assert_false(e.initial_ws);
	assert_int_equal(e.line, 3);
	assert_memory_equal(e.toks[3].text, "1.2.3.4", 7);

	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_true(e.initial_ws);
	assert_int_equal(e.line, 4);
	assert_int_equal(e.ntok, 6);
	assert_true(e.toks[1].quoted);
	assert_int_equal(e.toks[1].len, 3);
	assert_int_equal(e.lines[3], 5); /* "w" is on line 5 */
	assert_true(e.toks[4].quoted);	 /* "" is an empty quoted token */
	assert_int_equal(e.toks[4].len, 0);
	assert_int_equal(e.toks[5].len, 1);
	assert_int_equal(e.error, R_OK);

	/* ( ) split tokens; an escaped blank or newline stays inside one */
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.line, 6);
	assert_int_equal(e.ntok, 5);
	assert_int_equal(e.toks[3].len, 4); /* "c\ d" */
	assert_int_equal(e.toks[4].len, 3); /* "\<newline>e" */
	assert_int_equal(lx.line, 8);
	assert_int_equal(lex_next(&lx, &e), R_EOF);
	lex_entry_free(&e);
}

static void
test_lex_faults(void **state) {
	const char *text = "a TXT \"open\nb A 1 ) x y\nc A ( 1\n";
	lex_t lx;
	lex_entry_t e;

	lex_init(&lx, text, strlen(text));
	lex_entry_init(&e);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.error, R_UNBALANCEDQUOTES);
	assert_int_equal(e.errline, 1);
	assert_int_equal(e.ntok, 2);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.error, R_UNBALANCED);
	assert_int_equal(e.ntok, 3);
	assert_int_equal(e.after.len, 1); /* "x" follows the stray ')' */
	assert_memory_equal(e.after.text, "x", 1);
	/* the rest of the line is the next entry, with an owner field */
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.error, R_OK);
	assert_false(e.initial_ws);
	assert_int_equal(e.ntok, 2);
	assert_int_equal(e.line, 2);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.error, R_UNBALANCED); /* end inside ( */
	assert_true(e.eof_fault);
	assert_int_equal(e.ntok, 3);
	assert_int_equal(lex_next(&lx, &e), R_EOF);

	/* ...unless the caller drops it */
	lex_init(&lx, text, strlen(text));
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	lex_skip_line(&lx);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.line, 3);
	assert_memory_equal(e.toks[0].text, "c", 1);

	/* a stray ')' with only blanks after it: the next line is normal */
	lex_init(&lx, "a )  \n b\n", 10);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.after.len, 0);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_true(e.initial_ws);
	assert_int_equal(e.line, 2);

	/* NUL and a final lone backslash */
	lex_init(&lx, "a b\0c\nd \\", 9);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.error, R_SYNTAX);
	assert_int_equal(e.ntok, 2);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.error, R_UNEXPECTEDEND);
	assert_true(e.eof_fault);
	assert_int_equal(e.ntok, 1);
	assert_int_equal(lex_next(&lx, &e), R_EOF);
	lex_entry_free(&e);

	/* many tokens grow the array */
	char big[4000];
	size_t n = 0;
	for (int i = 0; i < 500; i++) {
		n += (size_t)snprintf(big + n, sizeof(big) - n, "t%d ", i % 10);
	}
	lex_init(&lx, big, n);
	lex_entry_init(&e);
	assert_int_equal(lex_next(&lx, &e), R_OK);
	assert_int_equal(e.ntok, 500);
	lex_entry_free(&e);
}

/* ---- records ---------------------------------------------------------- */

static void
test_basic_forms(void **state) {
	capture_t c;
	result_t r = load(HDR "www 60 IN A 10.0.0.1\n"
			      "     IN 70 A 10.0.0.2\n"
			      "abs.example.com. A 10.0.0.3 ; c\n"
			      "@ 1w2d CNAME x\n"
			      "m ( MX\n 10\n mail )\n"
			      "t TXT \"a b\" c\n"
			      "u TYPE1 10.0.0.4\n"
			      "u CLASS1 A 10.0.0.5\n"
			      "v TYPE65000 \\# 2 abcd\n"
			      "w in a 10.0.0.6\n",
			  0, &c);
	assert_int_equal(r, R_OK);
	assert_string_equal(c.logs, "");
	assert_string_equal(
		c.rrs, HDR_RRS "www.example. 60 IN A 0a000001\n"
			       "www.example. 70 IN A 0a000002\n"
			       "abs.example.com. 300 IN A 0a000003\n"
			       "example. 777600 IN CNAME 0178076578616d706c6500\n"
			       "m.example. 300 IN MX 000a046d61696c076578616d706c6500\n"
			       "t.example. 300 IN TXT 036120620163\n"
			       "u.example. 300 IN A 0a000004\n"
			       "u.example. 300 IN A 0a000005\n"
			       "v.example. 300 IN TYPE65000 abcd\n"
			       "w.example. 300 IN A 0a000006\n");
	/* the record's line is where it started */
	assert_int_equal(c.lines[7], 9);
	assert_int_equal(c.lines[8], 12);
}

static void
test_origin(void **state) {
	capture_t c;
	result_t r = load(HDR "$ORIGIN sub\n"
			      "a A 1.1.1.1\n"
			      "$ORIGIN other.test.\n"
			      "@ A 1.1.1.2\n"
			      "  A 1.1.1.3\n"
			      "$origin x\n"
			      "  A 1.1.1.4\n"
			      "b NS @\n",
			  0, &c);
	assert_int_equal(r, R_OK);
	assert_string_equal(c.logs, "W t.db:11: record with inherited owner "
				    "(other.test) immediately after $ORIGIN "
				    "(x.other.test)\n");
	assert_string_equal(c.rrs, HDR_RRS
			    "a.sub.example. 300 IN A 01010101\n"
			    "other.test. 300 IN A 01010102\n"
			    "other.test. 300 IN A 01010103\n"
			    "other.test. 300 IN A 01010104\n"
			    "b.x.other.test. 300 IN NS 0178056f74686572047465737400\n");
}

/* ---- default TTL rules ------------------------------------------------ */

static void
test_ttl_soa_minimum(void **state) {
	capture_t c;
	result_t r = load("@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns 1d A 1.2.3.4\n"
			  "w A 1.2.3.5\n",
			  0, &c);
	assert_int_equal(r, R_OK);
	assert_string_equal(
		c.logs, "W t.db:1: no TTL specified; using SOA MINTTL instead\n");
	/* the SOA minimum stays the default after an explicit TTL */
	assert_non_null(strstr(c.rrs, "ns.example. 86400 IN A"));
	assert_non_null(strstr(c.rrs, "w.example. 5 IN A"));
	assert_non_null(strstr(c.rrs, "example. 5 IN NS"));
}

static void
test_ttl_rfc1035(void **state) {
	capture_t c;
	result_t r = load("ns A 1.2.3.4\n@ 300 SOA ns hm 1 2 3 4 5\n"
			  "@ NS ns\nx A 1.1.1.1\n",
			  MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_NOTTL);
	assert_string_equal(c.logs,
			    "E t.db:1: no TTL specified; zone rejected\n"
			    "W t.db:3: using RFC1035 TTL semantics\n");
	assert_int_equal(c.count, 3);
	assert_non_null(strstr(c.rrs, "x.example. 300 IN A"));
}

static void
test_ttl_directive(void **state) {
	capture_t c;
	result_t r = load("$TTL 1h\n@ SOA ns hm 1 2 3 4 5\n"
			  "a 10 A 1.1.1.1\nb A 1.1.1.2\n"
			  "$TTL 4294967295\nc A 1.1.1.3\n"
			  "d 2147483648 A 1.1.1.4\n"
			  "$TTL 2147483647\ne A 1.1.1.5\n",
			  0, &c);
	assert_int_equal(r, R_OK);
	assert_string_equal(c.logs,
			    "W dns_master_load: t.db:5: $TTL 4294967295 > "
			    "MAXTTL, setting $TTL to 0\n"
			    "W dns_master_load: t.db:7: $TTL 2147483648 > "
			    "MAXTTL, setting $TTL to 0\n");
	assert_non_null(strstr(c.rrs, "a.example. 10 IN A"));
	assert_non_null(strstr(c.rrs, "b.example. 3600 IN A"));
	assert_non_null(strstr(c.rrs, "c.example. 0 IN A"));
	assert_non_null(strstr(c.rrs, "d.example. 0 IN A"));
	assert_non_null(strstr(c.rrs, "e.example. 2147483647 IN A"));

	/* a bad $TTL ends the load without a message, as BIND does */
	r = load("$TTL 1x\n@ 1 SOA ns hm 1 2 3 4 5\n", MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_BADTTL);
	assert_string_equal(c.logs, "");
	assert_int_equal(c.count, 0);
}

/* ---- errors ----------------------------------------------------------- */

static void
test_errors_manyerrors(void **state) {
	capture_t c;
	result_t r = load(HDR "x FOO 1.2.3.4\n"
			      "y A 1.2.3\n"
			      "z IN ( A\n 1.2.3.4 1.2.3.5 )\n"
			      "w CH A 1.2.3.4\n"
			      "v IN TSIG 1\n"
			      "ok A 9.9.9.9\n"
			      "x MX 10\n"
			      "y MX 10 (\n )\n"
			      "a..b A 1.2.3.4\n"
			      "x A ( 1.2.3.4\ny A 1.2.3.4\n",
			  MASTER_MANYERRORS, &c);
	/* the first error is the result */
	assert_int_equal(r, R_UNKNOWNCLASSTYPE);
	assert_string_equal(
		c.logs,
		"E t.db:5: unknown RR type 'FOO'\n"
		"E dns_rdata_fromtext: t.db:6: near '1.2.3': bad dotted quad\n"
		"E dns_rdata_fromtext: t.db:8: near '1.2.3.5': extra input text\n"
		"E t.db:9: class 'CH' != zone class 'IN'\n"
		"E t.db:10: type 'TSIG': invalid use of a meta type\n"
		"E dns_rdata_fromtext: t.db:10: near '1': unknown class/type\n"
		"E dns_rdata_fromtext: t.db:12: near eol: unexpected end of input\n"
		"E dns_rdata_fromtext: t.db:13: near eol: unexpected end of input\n"
		"E dns_master_load: t.db:15: empty label\n"
		"E dns_rdata_fromtext: t.db:16: near 'y': extra input text\n");
	assert_int_equal(c.count, 4);
	assert_non_null(strstr(c.rrs, "ok.example. 300 IN A 09090909"));
}

static void
test_errors_stop_first(void **state) {
	capture_t c;
	result_t r = load(HDR "x FOO 1.2.3.4\ny A 1.2.3\n", 0, &c);
	assert_int_equal(r, R_UNKNOWNCLASSTYPE);
	assert_string_equal(c.logs, "E t.db:5: unknown RR type 'FOO'\n");

	r = load(HDR "y A 1.2.3\nx FOO 1.2.3.4\n", 0, &c);
	assert_int_equal(r, R_BADDOTTEDQUAD);
	assert_int_equal(c.count, 3);
}

static void
test_errors_fields(void **state) {
	capture_t c;
	result_t r;

	r = load(" A 1.2.3.4\n" HDR, MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_NOOWNER);
	assert_string_equal(c.logs, "E t.db:1: no current owner name\n");
	assert_int_equal(c.count, 3);

	/* a bad owner leaves the last good one current */
	r = load(HDR "a A 1.1.1.1\nb..c A 1.1.1.2\n A 1.1.1.3\n",
		 MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_EMPTYLABEL);
	assert_string_equal(c.logs, "E dns_master_load: t.db:6: empty label\n");
	assert_non_null(strstr(c.rrs, "a.example. 300 IN A 01010103\n"));

	/* BIND's recovery loses the following entry as well */
	r = load(HDR "x 300\ny A 1.2.3.4\nz A 1.2.3.4\n", MASTER_MANYERRORS,
		 &c);
	assert_int_equal(r, R_UNEXPECTEDEND);
	assert_string_equal(c.logs,
			    "E dns_master_load: t.db:5: unexpected end of line\n"
			    "E dns_master_load: t.db:5: unexpected end of input\n");
	assert_int_equal(c.count, 4);
	assert_null(strstr(c.rrs, "y.example."));
	assert_non_null(strstr(c.rrs, "z.example."));

	/* ...and when there is none, says so */
	r = load(HDR "$INCLUDE\n", MASTER_MANYERRORS, &c);
	assert_string_equal(c.logs,
			    "E dns_master_load: t.db:5: unexpected end of line\n"
			    "E dns_master_load: t.db:5: unexpected end of input\n"
			    "W t.db: file does not end with newline\n");

	/* class and TTL at most once each, in BIND's order */
	r = load(HDR "ns IN 300 IN A 1.2.3.4\nns 300 300 A 1.2.3.4\n"
		     "ns 1x A 1.2.3.4\n ; blank\n $TTL 5\nx \"A\" 1.2.3.4\n",
		 MASTER_MANYERRORS, &c);
	assert_string_equal(c.logs, "E t.db:5: unknown RR type 'IN'\n"
				    "E t.db:6: unknown RR type '300'\n"
				    "E t.db:7: unknown RR type '1x'\n"
				    "E t.db:9: unknown RR type '$TTL'\n"
				    "E dns_master_load: t.db:10: syntax error\n"
				    "E dns_master_load: t.db:10: isc_lex_gettoken() "
				    "failed: unbalanced quotes\n"
				    "E dns_master_load: t.db:10: unbalanced quotes\n");

	r = load(HDR "$FOO bar\n$TTL\n$TTL 3 4\n$ORIGIN\n$ORIGIN a..b\n"
		     "$ORIGIN a b\n",
		 MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_SYNTAX);
	assert_string_equal(
		c.logs, "E dns_master_load: t.db:5: unknown $ directive '$FOO'\n"
			"E t.db:5: unknown RR type 'bar'\n"
			"E dns_master_load: t.db:6: unexpected end of line\n"
			"E dns_master_load: t.db:6: unexpected end of input\n"
			"E dns_master_load: t.db:8: unexpected end of line\n"
			"E dns_master_load: t.db:8: unexpected end of input\n"
			"E dns_master_load: t.db:10: extra input text\n");
	r = load(HDR "$TTL 3 4\n$ORIGIN a..b\n", MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_EXTRATOKEN);
	assert_string_equal(c.logs,
			    "E dns_master_load: t.db:5: extra input text\n"
			    "E dns_master_load: t.db:6: empty label\n");

	/* meta types: BIND's loader and then its rdata parser object */
	r = load(HDR "b OPT 1\ne TYPE200 1\nf MAILA\ng TSIG\n",
		 MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_METATYPE);
	assert_string_equal(
		c.logs,
		"E t.db:5: type 'OPT': invalid use of a meta type\n"
		"E dns_rdata_fromtext: t.db:5: near '1': not implemented\n"
		"E t.db:6: type 'TYPE200': invalid use of a meta type\n"
		"E dns_rdata_fromtext: t.db:6: near '1': unknown class/type\n"
		"E t.db:7: type 'MAILA': invalid use of a meta type\n"
		"E dns_rdata_fromtext: t.db:7: near eol: unknown class/type\n"
		"E t.db:8: type 'TSIG': invalid use of a meta type\n"
		"E dns_rdata_fromtext: t.db:8: near eol: unknown class/type\n");
}

static void
test_errors_scan(void **state) {
	capture_t c;
	result_t r;

	/* "near eol" only when the rdata parser had read a token */
	r = load(HDR "x TXT \"abc\nz FOO 1\nx TXT \"a\" \"b\n",
		 MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_UNBALANCEDQUOTES);
	assert_string_equal(
		c.logs,
		"E dns_rdata_fromtext: t.db:5: unbalanced quotes\n"
		"E t.db:6: unknown RR type 'FOO'\n"
		"E dns_rdata_fromtext: t.db:7: near eol: unbalanced quotes\n");

	/* the last line lacks its newline (a comment alone does not count) */
	r = load(HDR "x A 1.2.3.4", 0, &c);
	assert_int_equal(r, R_OK);
	assert_string_equal(c.logs,
			    "W t.db:5: file does not end with newline\n");
	r = load(HDR "x A 1.2.3.4\n; comment", 0, &c);
	assert_string_equal(c.logs, "");
	r = load(HDR "x FOO 1.2.3.4", MASTER_MANYERRORS, &c);
	assert_string_equal(c.logs, "E t.db:5: unknown RR type 'FOO'\n"
				    "W t.db: file does not end with newline\n");
	r = load(HDR "x MX 10", MASTER_MANYERRORS, &c);
	assert_string_equal(c.logs, "E dns_rdata_fromtext: t.db:5: near eof: "
				    "unexpected end of input\n");
	r = load(HDR "x 300", MASTER_MANYERRORS, &c);
	assert_string_equal(c.logs,
			    "E dns_master_load: t.db:5: unexpected end of file\n"
			    "E dns_master_load: t.db:5: unexpected end of input\n"
			    "W t.db: file does not end with newline\n");
	r = load("x\\", 0, &c);
	assert_int_equal(r, R_UNEXPECTEDEND);
	assert_string_equal(c.logs,
			    "E dns_master_load: t.db:1: isc_lex_gettoken() "
			    "failed: unexpected end of input\n"
			    "E dns_master_load: t.db:1: unexpected end of input\n"
			    "W t.db: file does not end with newline\n");

	/* NUL bytes outside quotes and comments */
	static const char nul[] = HDR "x\0 A 1.2.3.4\nz FOO 1\n"
				      "\0x A 1.2.3.4\ny TXT \"a\0b\" ; \0\n";
	memset(&c, 0, sizeof(c));
	master_opts_t o = {
		.origin = &example,
		.rclass = RRCLASS_IN,
		.flags = MASTER_MANYERRORS,
		.rr = cap_rr,
		.log = cap_log,
		.arg = &c,
	};
	r = master_load_buffer(nul, sizeof(nul) - 1, "t.db", &o);
	assert_int_equal(r, R_SYNTAX);
	assert_string_equal(c.logs, "E dns_master_load: t.db:5: syntax error\n"
				    "E t.db:6: unknown RR type 'FOO'\n"
				    "E dns_master_load: t.db:7: syntax error\n");
	assert_non_null(strstr(c.rrs, "y.example. 300 IN TXT 03610062\n"));

	r = load(HDR "x A 1.2.3.4 ; (\nx A 1.2.3.5 )\nz FOO 1\n",
		 MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_UNBALANCED);
	assert_string_equal(
		c.logs, "E dns_rdata_fromtext: t.db:6: unbalanced parentheses\n"
			"E t.db:7: unknown RR type 'FOO'\n");
	assert_int_equal(c.count, 4);

	/* faults as BIND's loader and rdata parser each meet them */
	r = load(HDR "()\n ( )\nx A ( 1.2.3.4\n\n\n", MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_UNBALANCED);
	assert_string_equal(
		c.logs, "E dns_rdata_fromtext: t.db:7: unbalanced parentheses\n");
	assert_int_equal(c.count, 3);
	r = load(HDR "x TXT ( a\nb\n\n; c\n", MASTER_MANYERRORS, &c);
	assert_string_equal(c.logs, "E dns_rdata_fromtext: t.db:9: near eof: "
				    "unbalanced parentheses\n");
	r = load(HDR "x A (\n\n", MASTER_MANYERRORS, &c);
	assert_string_equal(
		c.logs, "E dns_rdata_fromtext: t.db:7: unbalanced parentheses\n");
	r = load(HDR "x (\n\n", MASTER_MANYERRORS, &c);
	assert_string_equal(c.logs,
			    "E dns_master_load: t.db:7: isc_lex_gettoken() "
			    "failed: unbalanced parentheses\n"
			    "E dns_master_load: t.db:5: unbalanced parentheses\n"
			    "W t.db: file does not end with newline\n");
	r = load(HDR "x FOO 1 (\n\nz\n", MASTER_MANYERRORS, &c);
	assert_string_equal(c.logs,
			    "E t.db:5: unknown RR type 'FOO'\n"
			    "E dns_master_load: t.db:8: isc_lex_gettoken() "
			    "failed: unbalanced parentheses\n"
			    "E dns_master_load: t.db:7: unbalanced parentheses\n"
			    "W t.db: file does not end with newline\n");
	r = load(HDR "x A 1.2.3 \"abc\ny A 1.2.3.4\nz A 1.2.3.4 \"abc\n",
		 MASTER_MANYERRORS, &c);
	assert_string_equal(
		c.logs,
		"E dns_rdata_fromtext: t.db:5: near '1.2.3': bad dotted quad\n"
		"E dns_rdata_fromtext: t.db:7: extra input text\n");
	assert_int_equal(c.count, 4);

	/* after a stray ')' BIND reads the rest of the line as an entry,
	 * except where its rdata parser named the next token */
	r = load(HDR "x A 1.2.3.4 ) b\nz FOO 1\nx TXT a ) b c\nz FOO 2\n",
		 MASTER_MANYERRORS, &c);
	assert_string_equal(
		c.logs,
		"E dns_rdata_fromtext: t.db:5: unbalanced parentheses\n"
		"E dns_master_load: t.db:5: unexpected end of line\n"
		"E dns_master_load: t.db:5: unexpected end of input\n"
		"E dns_rdata_fromtext: t.db:7: near 'b': unbalanced parentheses\n"
		"E t.db:8: unknown RR type 'FOO'\n");

	r = load(HDR ")\n", 0, &c);
	assert_int_equal(r, R_UNBALANCED);
	assert_string_equal(
		c.logs, "E dns_master_load: t.db:5: isc_lex_gettoken() failed: "
			"unbalanced parentheses\n"
			"E dns_master_load: t.db:5: unbalanced parentheses\n");
}

static void
test_callback_stops(void **state) {
	capture_t c;
	master_opts_t o = {
		.origin = &example,
		.rclass = RRCLASS_IN,
		.flags = MASTER_MANYERRORS,
		.rr = cap_rr,
		.log = cap_log,
		.arg = &c,
	};
	const char *text = HDR "a A 1.1.1.1\n";

	memset(&c, 0, sizeof(c));
	c.stop_after = 2;
	assert_int_equal(master_load_buffer(text, strlen(text), "t.db", &o),
			 R_FAILURE);
	assert_int_equal(c.count, 2);
}

/* ---- $INCLUDE ----------------------------------------------------------- */

static char tmpdir[64];

static void
write_file(const char *name, const char *text) {
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_include(void **state) {
	capture_t c;
	char text[2048], inc[256], self[256];
	master_opts_t o = {
		.origin = &example,
		.rclass = RRCLASS_IN,
		.rr = cap_rr,
		.log = cap_log,
		.arg = &c,
	};

	strcpy(tmpdir, "/tmp/master_testXXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(inc, sizeof(inc), "%s/inc1.db", tmpdir);
	write_file("inc1.db", "$ORIGIN sub.example.\n$TTL 77\n"
			      "a A 1.1.1.1\n A 1.1.1.2\n");
	snprintf(text, sizeof(text),
		 HDR "xx A 2.2.2.2\n$INCLUDE %s\n  A 3.3.3.3\n"
		     "c A 4.4.4.4\n$INCLUDE \"%s\" foo ; comment\n  A 5.5.5.5\n",
		 inc, inc);
	if (load(text, 0, &c) != R_OK) {
		fprintf(stderr, "%s", c.logs);
		fail();
	}
	/* origin and owner come back after the include; $TTL carries over */
	assert_string_equal(c.rrs, HDR_RRS
			    "xx.example. 300 IN A 02020202\n"
			    "a.sub.example. 77 IN A 01010101\n"
			    "a.sub.example. 77 IN A 01010102\n"
			    "xx.example. 77 IN A 03030303\n"
			    "c.example. 77 IN A 04040404\n"
			    "a.sub.example. 77 IN A 01010101\n"
			    "a.sub.example. 77 IN A 01010102\n"
			    "c.example. 77 IN A 05050505\n");

	/* an include origin applies inside; errors name the included file */
	write_file("inc2.db", "x A 1.1.1.1\ny FOO 1\n");
	snprintf(text, sizeof(text), HDR "$INCLUDE %s/inc2.db foo\n", tmpdir);
	assert_int_equal(load(text, 0, &c), R_UNKNOWNCLASSTYPE);
	assert_non_null(strstr(c.rrs, "x.foo.example. 300 IN A"));
	snprintf(self, sizeof(self), "E %s/inc2.db:2: unknown RR type 'FOO'\n",
		 tmpdir);
	assert_string_equal(c.logs, self);

	/* a missing file */
	assert_int_equal(load(HDR "$INCLUDE /nonexistent/x.db\n", 0, &c),
			 R_FILENOTFOUND);
	assert_string_equal(c.logs, "E dns_master_load: t.db:5: "
				    "/nonexistent/x.db: file not found\n");

	/* a file including itself is stopped */
	snprintf(self, sizeof(self), "%s/self.db", tmpdir);
	snprintf(text, sizeof(text), "$INCLUDE %s\n", self);
	write_file("self.db", text);
	memset(&c, 0, sizeof(c));
	o.flags = MASTER_MANYERRORS;
	assert_int_equal(master_load_file(self, &o), R_TOOMANYFILES);
	snprintf(text, sizeof(text),
		 "E dns_master_load: %s:1: %s: too many open files\n", self,
		 self);
	assert_string_equal(c.logs, text);

	/* refused when asked */
	memset(&c, 0, sizeof(c));
	o.flags = MASTER_NOINCLUDE;
	snprintf(text, sizeof(text), HDR "$INCLUDE %s\n", inc);
	assert_int_equal(master_load_buffer(text, strlen(text), "t.db", &o),
			 R_FAILURE);

	/* master_load_file: the whole file, and a missing one */
	write_file("z.db", HDR);
	snprintf(text, sizeof(text), "%s/z.db", tmpdir);
	memset(&c, 0, sizeof(c));
	o.flags = 0;
	assert_int_equal(master_load_file(text, &o), R_OK);
	assert_string_equal(c.rrs, HDR_RRS);
	assert_int_equal(master_load_file("/nonexistent/z.db", &o),
			 R_FILENOTFOUND);

	const char *names[] = {"inc1.db", "inc2.db", "self.db", "z.db"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(text, sizeof(text), "%s/%s", tmpdir, names[i]);
		unlink(text);
	}
	rmdir(tmpdir);
}

/* ---- $GENERATE ---------------------------------------------------------- */

static void
test_generate_range(void **state) {
	uint32_t a, b, s;
	assert_int_equal(generate_range("1-10/4", 6, &a, &b, &s), R_OK);
	assert_true(a == 1 && b == 10 && s == 4);
	assert_int_equal(generate_range("+1-2", 4, &a, &b, &s), R_OK);
	assert_true(a == 1 && b == 2 && s == 1);
	assert_int_equal(generate_range("3-1", 3, &a, &b, &s), R_RANGE);
	assert_int_equal(generate_range("1-3/0", 5, &a, &b, &s), R_RANGE);
	assert_int_equal(generate_range("1", 1, &a, &b, &s), R_RANGE);
	assert_int_equal(generate_range("0-4294967295", 12, &a, &b, &s),
			 R_RANGE);
	assert_int_equal(generate_range("1-2/4294967295", 14, &a, &b, &s),
			 R_RANGE);
	assert_int_equal(generate_range("1-2x", 4, &a, &b, &s), R_RANGE);
	assert_int_equal(generate_range("0-2147483647", 12, &a, &b, &s), R_OK);
}

static void
expect_expand(const char *tmpl, uint32_t it, const char *want) {
	char out[GENERATE_MAXTEXT];
	size_t n = 0;
	assert_int_equal(generate_expand(tmpl, strlen(tmpl), it, out,
					 sizeof(out), &n),
			 R_OK);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(out, want, n);
}

static void
test_generate_expand(void **state) {
	char out[16];
	size_t n;

	expect_expand("h$", 3, "h3");
	expect_expand("h${0,3,d}", 5, "h005");
	expect_expand("x${5,4,x}", 1, "x0006");
	expect_expand("h${-5,2,X}", 10, "h05");
	expect_expand("${0,0,o}", 10, "12");
	expect_expand("$$-\\$-a\\$", 1, "$-\\$-a\\$");
	expect_expand("h$${0}", 1, "h${0}");
	expect_expand("h$\\${0}", 1, "h1\\${0}");
	expect_expand("${0,4,n}", 250, "a.f.");
	expect_expand("${0,0,n}", 250, "a.f");
	expect_expand("${0,1,N}", 250, "A.F");
	expect_expand("${0,10,n}", 65530, "a.f.f.f.0.");
	expect_expand("${0,5,n}", 250, "a.f.0");
	expect_expand("${0,3,n}", 1, "1.0");
	expect_expand("h${4294967295}", 1, "h0"); /* offset wraps to -1 */
	expect_expand("h${-2147483648,0,x}", 1, "h80000001");
	expect_expand("h${-5}", 1, "h-4");
	expect_expand("no-dollar", 9, "no-dollar");

	assert_int_equal(generate_expand("h${2147483647}", 14, 1, out,
					 sizeof(out), &n),
			 R_RANGE);
	const char *bad[] = {"${", "${}", "${1", "${1,2,q}", "${0,3,}",
			     "${0,3,d,5}", "${x}"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(generate_expand(bad[i], strlen(bad[i]), 1, out,
						 sizeof(out), &n),
				 R_SYNTAX);
	}
	assert_int_equal(generate_expand("${0,20}", 7, 1, out, sizeof(out), &n),
			 R_NOSPACE);
	assert_int_equal(generate_expand("0123456789abcdefg", 17, 1, out,
					 sizeof(out), &n),
			 R_NOSPACE);
}

static void
test_generate_load(void **state) {
	capture_t c;
	result_t r;

	r = load(HDR "$GENERATE 1-3 h$ A 1.2.3.$\n"
		     "$GENERATE 1-10/4 h${0,3,d} CNAME x${5,4,x}\n"
		     "$GENERATE 1-2 h$ IN 60 A 1.2.4.$\n"
		     "$GENERATE 250-250 ${0,0,n} PTR x${0,1,N}.\n"
		     "$GENERATE 1-2 a\\$$ A 1.2.5.$\n",
		 0, &c);
	assert_int_equal(r, R_OK);
	assert_string_equal(c.logs, "");
	assert_string_equal(c.rrs,
			    HDR_RRS "h1.example. 300 IN A 01020301\n"
				    "h2.example. 300 IN A 01020302\n"
				    "h3.example. 300 IN A 01020303\n"
				    "h001.example. 300 IN CNAME 0578303030360765"
				    "78616d706c6500\n"
				    "h005.example. 300 IN CNAME 057830303061076578"
				    "616d706c6500\n"
				    "h009.example. 300 IN CNAME 057830303065076578"
				    "616d706c6500\n"
				    "h1.example. 60 IN A 01020401\n"
				    "h2.example. 60 IN A 01020402\n"
				    "a.f.example. 300 IN PTR 027841014600\n"
				    "a\\$1.example. 300 IN A 01020501\n"
				    "a\\$2.example. 300 IN A 01020502\n");

	r = load(HDR "$GENERATE 3-1 h$ A 1.2.3.$\n"
		     "$GENERATE 1-2 h${1 A 1.2.3.$\n"
		     "$GENERATE 1-2 h$ FOO 1\n"
		     "$GENERATE 1-2 h$ 1x A 1.2.3.4\n"
		     "$GENERATE 1-2 h$ CH A 1.2.3.$\n"
		     "$GENERATE 1-2 h$ A\n"
		     "$GENERATE 1-2 h${2147483647} A 1.2.3.4\n"
		     "$GENERATE 1-2 h$ A 1.2.3\n",
		 MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_SYNTAX); /* BIND: "syntax error" */
	assert_string_equal(
		c.logs, "E $GENERATE: t.db:5: invalid range '3-1'\n"
			"E $GENERATE: t.db:6: syntax error\n"
			"E $GENERATE: t.db:7: unknown RR type 'FOO'\n"
			"E $GENERATE: t.db:8: unknown RR type '1x'\n"
			"E dns_master_load: t.db:8: extra input text\n"
			"E t.db:9: class 'CH' != zone class 'IN'\n"
			"E dns_master_load: t.db:10: unexpected end of line\n"
			"E dns_master_load: t.db:10: unexpected end of input\n"
			"E $GENERATE: t.db:12: bad dotted quad\n");
	/* (BIND also prints the rdata parser's message about its internal
	 * buffer, named by its address; that line is left out.) */
	r = load(HDR "$GENERATE 1-2 h${2147483647} A 1.2.3.4\n"
		     "$GENERATE 1-2 h${1,128,d} A 1.2.3.4\n"
		     "$GENERATE 1-2 h${1,127,d} A 1.2.3.4\n"
		     "$GENERATE 1-2 h$ MX 1 m$\n",
		 MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_RANGE);
	assert_string_equal(
		c.logs, "E $GENERATE: t.db:5: out of range\n"
			"E $GENERATE: t.db:6: ran out of space\n"
			"E $GENERATE: t.db:7: label too long\n"
			"E $GENERATE: t.db:8: unexpected end of input\n"
			"E dns_master_load: t.db:8: extra input text\n");
	assert_int_equal(c.count, 3);

	/* no TTL known: BIND says so once and generates with TTL 0 */
	r = load("$GENERATE 1-2 h$ A 1.2.3.$\n@ 300 SOA ns hm 1 2 3 4 5\n",
		 MASTER_MANYERRORS, &c);
	assert_int_equal(r, R_NOTTL);
	assert_string_equal(c.logs,
			    "E dns_master_load: t.db:1: no TTL specified\n");
	assert_non_null(strstr(c.rrs, "h2.example. 0 IN A 01020302\n"));
}

/* ---- a mixed file, compared with named-compilezone -D ------------------ */

/*
 * Every form at once; named-compilezone -D printed the same 30 records
 * (as a set: BIND prints in tree order, we in file order).
 */
static const char rich_in[] =
		"$TTL 1h\n"
		"@ IN SOA ns1 hostmaster ( 2024 ; serial\n"
		"   7200 3600\n"
		"   1w 300 )\n"
		"   IN NS ns1\n"
		"   NS ns2.example.\n"
		"ns1 IN 1d A 192.0.2.1\n"
		"ns2 1D IN A 192.0.2.2\n"
		"$ORIGIN sub.example.\n"
		"www CNAME @\n"
		"txt TXT \"quoted ; not a comment\" unquoted\\;semi \"esc\\\"aped\" a(b)c\n"
		"mx MX 10 mail\n"
		"   MX ( 20\n"
		"     mail2 )\n"
		"$ORIGIN example.\n"
		"$GENERATE 1-20/3 host$ A 10.0.0.$\n"
		"$GENERATE 0-3 ${0,3,n}.rev PTR h${10,3,x}.\n"
		"$GENERATE 5-7 g${-1,2,o} 45 IN TXT \"v${0,5,X}\"\n"
		"$GENERATE 1-2 esc\\$$ CNAME target$$\n"
		"u TYPE65000 \\# 3 abcdef\n"
		"v CLASS1 TYPE1 1.2.3.4\n"
		"w 3600 IN AAAA 2001:db8::1\n"
		"x SRV 0 5 5060 sip\n"
		"y HINFO \"PC\" \"Linux\"\n";

static const char rich_out[] =
		"example. 3600 IN SOA ns1.example. hostmaster.example. 2024 7200 3600 604800 300\n"
		"example. 3600 IN NS ns1.example.\n"
		"example. 3600 IN NS ns2.example.\n"
		"ns1.example. 86400 IN A 192.0.2.1\n"
		"ns2.example. 86400 IN A 192.0.2.2\n"
		"www.sub.example. 3600 IN CNAME sub.example.\n"
		"txt.sub.example. 3600 IN TXT \"quoted ; not a comment\" \"unquoted;semi\" \"esc\\\"aped\" \"a\" \"b\" \"c\"\n"
		"mx.sub.example. 3600 IN MX 10 mail.sub.example.\n"
		"mx.sub.example. 3600 IN MX 20 mail2.sub.example.\n"
		"host1.example. 3600 IN A 10.0.0.1\n"
		"host4.example. 3600 IN A 10.0.0.4\n"
		"host7.example. 3600 IN A 10.0.0.7\n"
		"host10.example. 3600 IN A 10.0.0.10\n"
		"host13.example. 3600 IN A 10.0.0.13\n"
		"host16.example. 3600 IN A 10.0.0.16\n"
		"host19.example. 3600 IN A 10.0.0.19\n"
		"0.0.rev.example. 3600 IN PTR h00a.\n"
		"1.0.rev.example. 3600 IN PTR h00b.\n"
		"2.0.rev.example. 3600 IN PTR h00c.\n"
		"3.0.rev.example. 3600 IN PTR h00d.\n"
		"g04.example. 45 IN TXT \"v00005\"\n"
		"g05.example. 45 IN TXT \"v00006\"\n"
		"g06.example. 45 IN TXT \"v00007\"\n"
		"esc\\$1.example. 3600 IN CNAME target\\$.example.\n"
		"esc\\$2.example. 3600 IN CNAME target\\$.example.\n"
		"u.example. 3600 IN TYPE65000 \\# 3 ABCDEF\n"
		"v.example. 3600 IN A 1.2.3.4\n"
		"w.example. 3600 IN AAAA 2001:db8::1\n"
		"x.example. 3600 IN SRV 0 5 5060 sip.example.\n"
		"y.example. 3600 IN HINFO \"PC\" \"Linux\"\n";

static result_t
text_rr(void *arg, const master_rr_t *rr) {
	capture_t *c = arg;
	char owner[NAME_MAXTEXT], tb[16], cb[16], rd[4096];

	assert_int_equal(name_totext(rr->owner, NULL, false, owner,
				     sizeof(owner), NULL),
			 R_OK);
	assert_int_equal(rdata_totext(rr->type, rr->rclass, rr->rdata,
				      rr->rdlen, NULL, rd, sizeof(rd), NULL),
			 R_OK);
	appendf(c->rrs, sizeof(c->rrs), &c->rrlen, "%s %u %s %s %s\n", owner,
		rr->ttl, rrclass_totext(rr->rclass, cb),
		rrtype_totext(rr->type, tb), rd);
	return R_OK;
}

static void
test_rich_file(void **state) {
	capture_t c;
	master_opts_t o = {
		.origin = &example,
		.rclass = RRCLASS_IN,
		.rr = text_rr,
		.log = cap_log,
		.arg = &c,
	};

	memset(&c, 0, sizeof(c));
	assert_int_equal(master_load_buffer(rich_in, strlen(rich_in), "rich.db",
					    &o),
			 R_OK);
	assert_string_equal(c.logs, "");
	assert_string_equal(c.rrs, rich_out);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lex_entries),
		cmocka_unit_test(test_lex_faults),
		cmocka_unit_test(test_basic_forms),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_ttl_soa_minimum),
		cmocka_unit_test(test_ttl_rfc1035),
		cmocka_unit_test(test_ttl_directive),
		cmocka_unit_test(test_errors_manyerrors),
		cmocka_unit_test(test_errors_stop_first),
		cmocka_unit_test(test_errors_fields),
		cmocka_unit_test(test_errors_scan),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_generate_range),
		cmocka_unit_test(test_generate_expand),
		cmocka_unit_test(test_generate_load),
		cmocka_unit_test(test_rich_file),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
