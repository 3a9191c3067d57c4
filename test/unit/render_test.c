/*
 * render_test.c - unit tests for named/render.c: exact octets of small
 * responses (compression of owners and of the rdata names RFC 3597
 * allows, case kept), whole-RRset truncation with TC, the OPT record and
 * extended rcodes, and round trips through message_parse().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "named/message.h"
#include "named/render.h"
#include "zones/rdata.h"
#include "zones/wire.h"

static name_t
mk(const char *s) {
	name_t n;
	assert_int_equal(name_fromtext(&n, s, strlen(s), NULL), R_OK);
	return n;
}

static result_t
one(render_t *r, unsigned sec, const char *owner, uint16_t type, const void *rd,
    uint16_t len) {
	name_t o = mk(owner);
	const uint8_t *p = rd;
	return render_rrset(r, sec, &o, type, RRCLASS_IN, 300, &p, &len, 1);
}

static const uint8_t a1[4] = {192, 0, 2, 1};

static void
test_simple_a(void **state) {
	uint8_t buf[512];
	render_t r;
	name_t q = mk("www.example.com.");
	size_t len;
	message_t m;
	static const uint8_t want[] =
	        "\x12\x34\x84\x00\x00\x01\x00\x01\x00\x00\x00\x00"
	        "\x03www\x07"
	        "example\x03"
	        "com\x00\x00\x01\x00\x01"
	        "\xc0\x0c\x00\x01\x00\x01\x00\x00\x01\x2c\x00\x04\xc0\x00\x02"
	        "\x01";

	assert_int_equal(render_init(&r, buf, sizeof(buf), 512, 0x1234, 0,
	                             MESSAGE_F_QR | MESSAGE_F_AA),
	                 R_OK);
	assert_int_equal(render_question(&r, &q, RRTYPE_A, RRCLASS_IN), R_OK);
	assert_int_equal(one(&r, MESSAGE_SEC_ANSWER, "www.example.com.",
	                     RRTYPE_A, a1, 4),
	                 R_OK);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(len, sizeof(want) - 1);
	assert_memory_equal(buf, want, len);
	assert_int_equal(message_parse(&m, buf, len), R_OK);
	assert_int_equal(m.counts[1], 1);
}

static void
test_rdata_compression(void **state) {
	uint8_t buf[512];
	render_t r;
	name_t q = mk("WWW.example.com.");
	size_t len;
	message_t m;
	message_rr_t rr;
	size_t pos;
	/* CNAME web.example.com: compressible (RFC 3597). */
	const uint8_t cname[] = "\3web\7example\3com";
	/* SRV 0 0 80 web.example.com: never compressed (RFC 2782). */
	const uint8_t srv[] = "\0\0\0\0\0\x50\3web\7example\3com";

	assert_int_equal(
	        render_init(&r, buf, sizeof(buf), 512, 1, 0, MESSAGE_F_QR),
	        R_OK);
	assert_int_equal(render_question(&r, &q, RRTYPE_CNAME, RRCLASS_IN),
	                 R_OK);
	/* Owner in another case: only "example.com" may be shared. */
	assert_int_equal(one(&r, MESSAGE_SEC_ANSWER, "www.example.com.",
	                     RRTYPE_CNAME, cname, sizeof(cname)),
	                 R_OK);
	assert_int_equal(one(&r, MESSAGE_SEC_ADDITIONAL, "_h._tcp.example.com.",
	                     RRTYPE_SRV, srv, sizeof(srv)),
	                 R_OK);
	assert_int_equal(render_finish(&r, &len), R_OK);

	/* Question at 12 ("\3WWW" at 12, "\7example" at 16). */
	pos = 12 + 17 + 4;
	/* Answer owner: "\3www" then a pointer to 16. */
	assert_memory_equal(buf + pos, "\3www\xc0\x10", 6);
	/* rdata: "\3web" then a pointer to 16; rdlen 6. */
	assert_memory_equal(buf + pos + 6 + 8, "\x00\x06\3web\xc0\x10", 8);

	assert_int_equal(message_parse(&m, buf, len), R_OK);
	pos = m.section[MESSAGE_SEC_ADDITIONAL];
	assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
	assert_int_equal(rr.type, RRTYPE_SRV);
	/* SRV rdata went out as stored, uncompressed. */
	assert_int_equal(rr.rdlen, sizeof(srv));
	assert_memory_equal(m.wire + rr.rdata, srv, sizeof(srv));
	/* Its owner shares "_tcp"? no: only example.com, by pointer. */
	assert_memory_equal(m.wire + rr.owner, "\2_h\4_tcp\xc0\x10", 10);
}

static void
test_soa_two_names(void **state) {
	uint8_t buf[512];
	render_t r;
	size_t len;
	message_t m;
	uint8_t soa[128];
	uint8_t back[128];
	size_t n = 0, outlen;
	message_rr_t rr;
	size_t pos;

	memcpy(soa + n, "\3ns1\7example\0", 13);
	n += 13;
	memcpy(soa + n, "\4host\7example\0", 14);
	n += 14;
	memset(soa + n, 0x11, 20);
	n += 20;
	assert_int_equal(
	        render_init(&r, buf, sizeof(buf), 512, 1, 0, MESSAGE_F_QR),
	        R_OK);
	assert_int_equal(one(&r, MESSAGE_SEC_AUTHORITY, "example.", RRTYPE_SOA,
	                     soa, (uint16_t)n),
	                 R_OK);
	assert_int_equal(render_finish(&r, &len), R_OK);
	/* Both rdata names point at the owner's "example". */
	assert_memory_equal(buf + 12 + 9 + 10, "\3ns1\xc0\x0c\4host\xc0\x0c",
	                    13);
	assert_int_equal(len, 12 + 9 + 10 + 13 + 20);
	/* Decompressed again it is the stored rdata. */
	assert_int_equal(message_parse(&m, buf, len), R_OK);
	pos = m.section[MESSAGE_SEC_AUTHORITY];
	assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
	assert_int_equal(rdata_fromwire(RRTYPE_SOA, RRCLASS_IN, buf, len,
	                                rr.rdata, rr.rdlen, true, back,
	                                sizeof(back), &outlen),
	                 R_OK);
	assert_int_equal(outlen, n);
	assert_memory_equal(back, soa, n);
}

static void
test_truncation(void **state) {
	uint8_t buf[600];
	uint8_t txt[201];
	render_t r;
	name_t q = mk("t.example.");
	size_t len, before;
	unsigned ncomp;
	message_t m;
	const uint8_t *rds[3] = {txt, txt, txt};
	uint16_t lens[3] = {sizeof(txt), sizeof(txt), sizeof(txt)};
	name_t o = mk("t.example.");
	render_edns_t e = {.udp_size = 1232, .dnssec_ok = true};

	txt[0] = 200;
	memset(txt + 1, 'x', 200);
	assert_int_equal(
	        render_init(&r, buf, sizeof(buf), 512, 2, 0, MESSAGE_F_QR),
	        R_OK);
	assert_int_equal(render_set_edns(&r, &e), R_OK);
	assert_int_equal(render_question(&r, &q, RRTYPE_TXT, RRCLASS_IN), R_OK);
	/* Two TXT records of ~213 octets fit in 512 - 11. */
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_ANSWER, &o, RRTYPE_TXT,
	                              RRCLASS_IN, 60, rds, lens, 2),
	                 R_OK);
	before = r.pos;
	ncomp = r.ncomp;
	/* The next RRset does not: nothing of it stays, TC is set. */
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_AUTHORITY, &o, RRTYPE_TXT,
	                              RRCLASS_IN, 60, rds, lens, 1),
	                 R_NOSPACE);
	assert_true(render_isfull(&r));
	assert_int_equal(r.pos, before);
	assert_int_equal(r.ncomp, ncomp);
	/* Nothing more goes in, even something small. */
	assert_int_equal(
	        one(&r, MESSAGE_SEC_ADDITIONAL, "t.example.", RRTYPE_A, a1, 4),
	        R_NOSPACE);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_true(len <= 512);
	assert_int_equal(message_parse(&m, buf, len), R_OK);
	assert_true((m.flags & MESSAGE_F_TC) != 0);
	assert_int_equal(m.counts[1], 2);
	assert_int_equal(m.counts[2], 0);
	assert_int_equal(m.counts[3], 1);
	assert_true(m.has_opt);
	assert_true(m.dnssec_ok);
	assert_int_equal(m.udp_size, 1232);

	/* Additional data left out: no TC. */
	assert_int_equal(
	        render_init(&r, buf, sizeof(buf), 512, 2, 0, MESSAGE_F_QR),
	        R_OK);
	assert_int_equal(render_question(&r, &q, RRTYPE_TXT, RRCLASS_IN), R_OK);
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_ANSWER, &o, RRTYPE_TXT,
	                              RRCLASS_IN, 60, rds, lens, 2),
	                 R_OK);
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_ADDITIONAL, &o,
	                              RRTYPE_TXT, RRCLASS_IN, 60, rds, lens, 1),
	                 R_NOSPACE);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(message_parse(&m, buf, len), R_OK);
	assert_true((m.flags & MESSAGE_F_TC) == 0);
	assert_int_equal(m.counts[3], 0);
}

static void
test_edns_rcode(void **state) {
	uint8_t buf[512];
	uint8_t opts[] = {0, 3, 0, 2, 'n', 's'};
	render_t r;
	size_t len;
	message_t m;
	render_edns_t e = {
	        .udp_size = 1232, .options = opts, .options_len = sizeof(opts)};

	assert_int_equal(render_init(&r, buf, sizeof(buf), 512, 3, 2,
	                             MESSAGE_F_QR | MESSAGE_F_RD),
	                 R_OK);
	render_set_rcode(&r, 16); /* BADVERS */
	assert_int_equal(render_set_edns(&r, &e), R_OK);
	/* Set twice: the reservation is replaced, not doubled. */
	assert_int_equal(render_set_edns(&r, &e), R_OK);
	assert_int_equal(r.reserved, 11 + sizeof(opts));
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(len, 12 + 11 + sizeof(opts));
	assert_int_equal(message_parse(&m, buf, len), R_OK);
	assert_int_equal(m.opcode, 2);
	assert_int_equal(m.rcode, 0);
	assert_int_equal(m.ext_rcode, 1);
	assert_int_equal(m.flags, MESSAGE_F_QR | MESSAGE_F_RD);
	assert_false(m.dnssec_ok);
	assert_int_equal(m.opt_rdlen, sizeof(opts));

	/* Without EDNS only the low 4 bits of the rcode exist. */
	assert_int_equal(
	        render_init(&r, buf, sizeof(buf), 512, 3, 0, MESSAGE_F_QR),
	        R_OK);
	render_set_rcode(&r, 5);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(len, 12);
	assert_int_equal(buf[3], 5);
}

static void
test_limits(void **state) {
	uint8_t buf[64];
	render_t r;
	name_t q = mk("example.");
	render_edns_t e = {.udp_size = 512};

	assert_int_equal(render_init(&r, buf, 11, 512, 0, 0, 0), R_NOSPACE);
	assert_int_equal(render_init(&r, buf, sizeof(buf), 20, 0, 0, 0), R_OK);
	/* 8 octets left: no room for an 11-octet OPT. */
	assert_int_equal(render_set_edns(&r, &e), R_NOSPACE);
	assert_int_equal(render_reserve(&r, 8), R_OK);
	assert_int_equal(render_reserve(&r, 1), R_NOSPACE);
	/* A question that no longer fits: full, TC. */
	assert_int_equal(render_question(&r, &q, 1, 1), R_NOSPACE);
	assert_true(render_isfull(&r));
	assert_true((r.flags & MESSAGE_F_TC) != 0);

	/* Sections go forward only; the question comes first. */
	assert_int_equal(render_init(&r, buf, sizeof(buf), 64, 0, 0, 0), R_OK);
	assert_int_equal(one(&r, MESSAGE_SEC_AUTHORITY, "a.", RRTYPE_A, a1, 4),
	                 R_OK);
	assert_int_equal(one(&r, MESSAGE_SEC_ANSWER, "a.", RRTYPE_A, a1, 4),
	                 R_RANGE);
	assert_int_equal(render_question(&r, &q, 1, 1), R_RANGE);
	assert_int_equal(one(&r, MESSAGE_SEC_QUESTION, "a.", RRTYPE_A, a1, 4),
	                 R_RANGE);
	/* Malformed stored rdata with names is refused, not rendered. */
	assert_int_equal(
	        one(&r, MESSAGE_SEC_ADDITIONAL, "a.", RRTYPE_NS, "\3ab", 3),
	        R_FORMERR);
	/* A one-name type with octets after the name. */
	assert_int_equal(one(&r, MESSAGE_SEC_ADDITIONAL, "a.", RRTYPE_CNAME,
	                     "\1a\0x", 4),
	                 R_FORMERR);
	assert_int_equal(one(&r, MESSAGE_SEC_ADDITIONAL, "a.", RRTYPE_MX,
	                     "\0\1\1a\0x", 6),
	                 R_FORMERR);
}

/* Far into a TCP-sized response, names stay correct: offsets past 0x3fff
 * cannot be pointer targets and must not be used as such. */
static void
test_far_offsets(void **state) {
	static uint8_t buf[65535];
	static uint8_t big[60000];
	render_t r;
	name_t q = mk("q.example.");
	size_t len, pos;
	message_t m;
	message_rr_t rr;
	const uint8_t ns[] = "\4deep\4name\7example\0";

	memset(big, 0, sizeof(big));
	assert_int_equal(
	        render_init(&r, buf, sizeof(buf), 65535, 4, 0, MESSAGE_F_QR),
	        R_OK);
	assert_int_equal(render_question(&r, &q, RRTYPE_NULL, RRCLASS_IN),
	                 R_OK);
	assert_int_equal(one(&r, MESSAGE_SEC_ANSWER, "q.example.", RRTYPE_NULL,
	                     big, 20000),
	                 R_OK);
	/* Written past 0x4000: "deep.name" literal, example by pointer. */
	assert_int_equal(one(&r, MESSAGE_SEC_AUTHORITY, "x.name.example.",
	                     RRTYPE_NS, ns, sizeof(ns) - 1),
	                 R_OK);
	assert_int_equal(one(&r, MESSAGE_SEC_ADDITIONAL, "deep.name.example.",
	                     RRTYPE_A, a1, 4),
	                 R_OK);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(message_parse(&m, buf, len), R_OK);
	pos = m.section[MESSAGE_SEC_ADDITIONAL];
	assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
	/* The additional owner could not point at the far NS target. */
	assert_memory_equal(buf + rr.owner, "\4deep\4name\xc0", 11);
}

/* More names than the table holds: later ones are written in full (or
 * against what the table kept) and the response still parses. */
static void
test_table_full(void **state) {
	static uint8_t buf[8192];
	render_t r;
	size_t len, pos;
	message_t m;
	char text[64];

	assert_int_equal(render_init(&r, buf, sizeof(buf), sizeof(buf), 6, 0,
	                             MESSAGE_F_QR),
	                 R_OK);
	for (unsigned i = 0; i < 2 * RENDER_MAXCOMP; i++) {
		snprintf(text, sizeof(text), "h%u.z%u.example.", i, i);
		assert_int_equal(
		        one(&r, MESSAGE_SEC_ANSWER, text, RRTYPE_A, a1, 4),
		        R_OK);
		assert_true(r.ncomp <= RENDER_MAXCOMP);
	}
	assert_int_equal(r.ncomp, RENDER_MAXCOMP);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(message_parse(&m, buf, len), R_OK);
	assert_int_equal(m.counts[1], 2 * RENDER_MAXCOMP);
	pos = m.section[MESSAGE_SEC_ANSWER];
	for (unsigned i = 0; i < 2 * RENDER_MAXCOMP; i++) {
		message_rr_t rr;
		name_t got, want;
		size_t p;
		assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
		p = rr.owner;
		assert_int_equal(name_fromwire(&got, buf, len, &p), R_OK);
		snprintf(text, sizeof(text), "h%u.z%u.example.", i, i);
		want = mk(text);
		assert_true(name_equal(&got, &want));
	}
}

/* named's FORMERR answers (octets captured from named 9.18). */
static void
test_formerr(void **state) {
	uint8_t out[512];
	size_t len;
	message_t m;
	/* RD|AD|CD, two questions for www.example A and AAAA, then an A
	 * record of 3 octets in additional. */
	static const uint8_t req[] =
	        "\x11\x11\x01\x30\x00\x02\x00\x00\x00\x00\x00\x01"
	        "\3www\7"
	        "example\0\0\1\0\1"
	        "\xc0\x0c\0\x1c\0\1"
	        "\xc0\x0c\0\1\0\1\0\0\0\0\0\3\1\2\3";
	static const uint8_t want[] =
	        "\x11\x11\x81\x11\x00\x02\x00\x00\x00\x00\x00\x00"
	        "\3www\7"
	        "example\0\0\1\0\1"
	        "\xc0\x0c\0\x1c\0\1";
	/* A COOKIE of 5 octets: FORMERR with a bare OPT. */
	static const uint8_t req2[] =
	        "\x22\x22\x00\x00\x00\x01\x00\x00\x00\x00\x00\x01"
	        "\1x\0\0\1\0\1"
	        "\0\0\x29\x10\0\0\0\0\0\0\x09\0\x0a\0\5abcde";
	static const uint8_t want2[] =
	        "\x22\x22\x80\x01\x00\x01\x00\x00\x00\x00\x00\x01"
	        "\1x\0\0\1\0\1"
	        "\0\0\x29\x04\xd0\0\0\0\0\0\0";

	assert_int_equal(message_parse(&m, req, sizeof(req) - 1), R_FORMERR);
	assert_int_equal(render_formerr(&m, 1232, out, sizeof(out), &len),
	                 R_OK);
	assert_int_equal(len, sizeof(want) - 1);
	assert_memory_equal(out, want, len);

	assert_int_equal(message_parse(&m, req2, sizeof(req2) - 1), R_FORMERR);
	assert_int_equal(render_formerr(&m, 1232, out, sizeof(out), &len),
	                 R_OK);
	assert_int_equal(len, sizeof(want2) - 1);
	assert_memory_equal(out, want2, len);

	/* A question that does not parse is not echoed. */
	assert_int_equal(message_parse(&m, req, 20), R_UNEXPECTEDEND);
	assert_int_equal(render_formerr(&m, 1232, out, sizeof(out), &len),
	                 R_OK);
	assert_int_equal(len, 12);
	assert_memory_equal(out, "\x11\x11\x81\x11\0\0\0\0\0\0\0\0", 12);
	/* Too small a buffer. */
	assert_int_equal(render_formerr(&m, 1232, out, 11, &len), R_NOSPACE);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_simple_a),
	        cmocka_unit_test(test_rdata_compression),
	        cmocka_unit_test(test_soa_two_names),
	        cmocka_unit_test(test_truncation),
	        cmocka_unit_test(test_edns_rcode),
	        cmocka_unit_test(test_limits),
	        cmocka_unit_test(test_far_offsets),
	        cmocka_unit_test(test_table_full),
	        cmocka_unit_test(test_formerr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
