/*
 * render_test.c - unit tests for named/render.c: exact octets of small
 * responses (compression of owners and of the rdata names RFC 3597
 * allows, case kept), whole-RRset truncation with TC, the OPT record and
 * extended rcodes, and round trips through message_parse().
 *
 * The compression rules are proved against named 9.18 itself: each
 * captured response below (named 9.18 with minimal-responses no, queries
 * without RD) is decoded and its records are rendered again, RRset by
 * RRset in named's order; every octet must come out the same.  Each was
 * chosen so that breaking one rule of render.h changes its octets.
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

/* HIP (RFC 8005): its rendezvous names are the cheapest names to keep. */
#define TYPE_HIP 55

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
	/* Its owner looks up _h._tcp.example.com. and _tcp.example.com.
	 * only, as named does: no pointer to example.com. */
	assert_memory_equal(m.wire + rr.owner,
	                    "\2_h\4_tcp\7example\3com\0", 22);
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
	name_t u = mk("u.other.");
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
	/* The next RRset does not (its owner, written literally first,
	 * was remembered on the way): nothing of it stays, TC is set. */
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_AUTHORITY, &u, RRTYPE_TXT,
	                              RRCLASS_IN, 60, rds, lens, 1),
	                 R_NOSPACE);
	assert_true(render_isfull(&r));
	assert_int_equal(r.pos, before);
	assert_int_equal(r.ncomp, ncomp);
	/* No chain still leads to a forgotten entry. */
	for (unsigned b = 0; b < RENDER_COMPBUCKETS; b++) {
		for (unsigned k = r.chain[b]; k != 0; k = r.comp[k - 1].next) {
			assert_true(k <= r.ncomp);
		}
	}
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
 * cannot be pointer targets and must not be remembered as such. */
static void
test_far_offsets(void **state) {
	static uint8_t buf[65535];
	static uint8_t big[60000];
	render_t r;
	name_t q = mk("q.example.");
	size_t len, pos;
	message_t m;
	message_rr_t rr;
	const uint8_t ns[] = "\1x\4name\7example\0";
	unsigned ncomp;

	memset(big, 0, sizeof(big));
	assert_int_equal(
	        render_init(&r, buf, sizeof(buf), 65535, 4, 0, MESSAGE_F_QR),
	        R_OK);
	assert_int_equal(render_question(&r, &q, RRTYPE_NULL, RRCLASS_IN),
	                 R_OK);
	assert_int_equal(one(&r, MESSAGE_SEC_ANSWER, "q.example.", RRTYPE_NULL,
	                     big, 20000),
	                 R_OK);
	ncomp = r.ncomp;
	/* Written past 0x4000: "name" literal, example. by pointer, and
	 * name.example. not remembered. */
	assert_int_equal(one(&r, MESSAGE_SEC_AUTHORITY, "name.example.",
	                     RRTYPE_NS, ns, sizeof(ns) - 1),
	                 R_OK);
	assert_int_equal(r.ncomp, ncomp);
	assert_int_equal(one(&r, MESSAGE_SEC_ADDITIONAL, "x.name.example.",
	                     RRTYPE_A, a1, 4),
	                 R_OK);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(message_parse(&m, buf, len), R_OK);
	pos = m.section[MESSAGE_SEC_AUTHORITY];
	assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
	assert_true(rr.owner > 0x4000);
	assert_memory_equal(buf + rr.owner, "\4name\xc0\x0e", 7);
	/* The NS target could not point at the far owner: literal. */
	assert_memory_equal(buf + rr.rdata, ns, sizeof(ns) - 1);
	assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
	assert_memory_equal(buf + rr.owner, ns, sizeof(ns) - 1);
}

/* More suffixes than the table holds (HIP rendezvous names are all kept
 * and cost three octets each): the table stops growing at its size, the
 * names still go out right, and a name written after it fills still finds
 * what the table kept. */
static void
test_table_full(void **state) {
	static uint8_t buf[16384];
	static uint8_t hip[3000 + 6];
	render_t r;
	size_t len, pos, p;
	message_t m;
	message_rr_t rr;
	name_t q = mk("h.example.");
	name_t got, want;
	const uint8_t *rd = hip;
	uint16_t rdl;
	size_t n = 0, b_owner, target;

	/* HIT length 1, algorithm 2, PK length 1, HIT, PK. */
	memcpy(hip, "\1\2\0\1\xaa\xbb", 6);
	n = 6;
	for (unsigned i = 0; i < 1000; i++) {
		hip[n++] = 1;
		hip[n++] = (uint8_t)('a' + i % 26);
		hip[n++] = 0;
	}
	rdl = (uint16_t)n;
	assert_int_equal(render_init(&r, buf, sizeof(buf), sizeof(buf), 6, 0,
	                             MESSAGE_F_QR),
	                 R_OK);
	assert_int_equal(render_question(&r, &q, TYPE_HIP, RRCLASS_IN),
	                 R_OK);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(render_rrset(&r, MESSAGE_SEC_ANSWER, &q,
		                              TYPE_HIP, RRCLASS_IN, 300, &rd,
		                              &rdl, 1),
		                 R_OK);
		assert_true(r.ncomp <= RENDER_MAXCOMP);
	}
	assert_int_equal(r.ncomp, RENDER_MAXCOMP);
	/* b. was kept (many times): the newest kept copy is pointed at. */
	assert_int_equal(one(&r, MESSAGE_SEC_ADDITIONAL, "b.", RRTYPE_A, a1, 4),
	                 R_OK);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(message_parse(&m, buf, len), R_OK);
	assert_int_equal(m.counts[1], 3);
	pos = m.section[MESSAGE_SEC_ADDITIONAL];
	assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
	p = rr.owner;
	assert_int_equal(name_fromwire(&got, buf, len, &p), R_OK);
	want = mk("b.");
	assert_true(name_equal(&got, &want));
	b_owner = rr.owner;
	/* Every record still reads back as the stored rdata. */
	pos = m.section[MESSAGE_SEC_ANSWER];
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
		assert_int_equal(rr.rdlen, n);
		assert_memory_equal(buf + rr.rdata, hip, n);
	}
	/* The question took 2 entries and two records 2000: the third
	 * record's names 0..45 were kept, the last "b." among them is its
	 * 28th name (the record's 990th, written later, was not kept). */
	target = rr.rdata + 6 + 27 * 3;
	assert_int_equal(buf[b_owner], 0xc0 | (target >> 8));
	assert_int_equal(buf[b_owner + 1], target & 0xff);
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

	/* The same request with opcode 12: QR alone (RD and CD dropped)
	 * and no question, as named answers opcodes it does not know;
	 * with NOTIFY (4) the question stays, the flags still go. */
	uint8_t req3[sizeof(req)];
	memcpy(req3, req, sizeof(req));
	req3[2] = 0x61; /* opcode 12, RD */
	assert_int_equal(message_parse(&m, req3, sizeof(req3) - 1), R_FORMERR);
	assert_int_equal(render_formerr(&m, 1232, out, sizeof(out), &len),
	                 R_OK);
	assert_int_equal(len, 12);
	assert_memory_equal(out, "\x11\x11\xe0\x01\0\0\0\0\0\0\0\0", 12);
	req3[2] = 0x21; /* NOTIFY, RD */
	assert_int_equal(message_parse(&m, req3, sizeof(req3) - 1), R_FORMERR);
	assert_int_equal(render_formerr(&m, 1232, out, sizeof(out), &len),
	                 R_OK);
	assert_int_equal(len, sizeof(want) - 1);
	assert_memory_equal(out, "\x11\x11\xa0\x01\x00\x02", 6);
	assert_memory_equal(out + 6, want + 6, len - 6);
}

/* One response captured from named 9.18, as hex. */
typedef struct capture {
	const char *name;
	const char *hex;
} capture_t;

static const capture_t captures[] = {
	{"named case: WWW.EXAMPLE A",
	 /* owner www.example. does not match the question's WWW.EXAMPLE.:
	  * matching is case-sensitive */
	 "42428400000100010002000203575757074558414d504c450000010001037777"
	 "77076578616d706c6500000100010000012c0004c000020ac021000200010000"
	 "012c0006036e7331c021c021000200010000012c0006036e7332c021c0440001"
	 "00010000012c0004c0000201c056000100010000012c0004c0000202"},
	{"named remember-two: b.ent.example AAAA",
	 /* the question keeps b.ent.example. and ent.example. only: the SOA
	  * owner example. goes out literally */
	 "424284000001000000010000016203656e74076578616d706c6500001c000107"
	 "6578616d706c6500000600010000001e0027036e7331c01f0a686f73746d6173"
	 "746572c01f0000000100000e100000038400093a800000001e"},
	{"named lookup-two: cwild.example A",
	 /* foo.wild.example. looks up only itself and wild.example.: literal,
	  * though example. is known */
	 "424284000001000200020002056377696c64076578616d706c650000010001c0"
	 "0c000500010000012c001203666f6f0477696c64076578616d706c6500c02b00"
	 "0100010000012c0004c000021ec012000200010000012c0006036e7331c012c0"
	 "12000200010000012c0006036e7332c012c059000100010000012c0004c00002"
	 "01c06b000100010000012c0004c0000202"},
	{"named third-suffix: a.b.c.deep.example A",
	 /* x.c.deep.example.: c.deep.example. is the question's third suffix,
	  * not kept: literal */
	 "4242840000010002000200020161016201630464656570076578616d706c6500"
	 "00010001c00c000500010000012c0012017801630464656570076578616d706c"
	 "6500c030000100010000012c0004c000025a076578616d706c65000002000100"
	 "00012c0006036e7331c052c052000200010000012c0006036e7332c052c06500"
	 "0100010000012c0004c0000201c077000100010000012c0004c0000202"},
	{"named second-suffix: p.b.c.deep.example A",
	 /* y.b.c.deep.example.: b.c.deep.example. is the question's second
	  * suffix: y + pointer */
	 "4242840000010002000200020170016201630464656570076578616d706c6500"
	 "00010001c00c000500010000012c00040179c00ec030000100010000012c0004"
	 "c000025b076578616d706c6500000200010000012c0006036e7332c044c04400"
	 "0200010000012c0006036e7331c044c069000100010000012c0004c0000201c0"
	 "57000100010000012c0004c0000202"},
	{"named srv-newest: _s._tcp.example SRV",
	 /* SRV targets are kept though not compressed; NS owner and glue
	  * point at the newest example. */
	 "424284000001000200020004025f73045f746370076578616d706c6500002100"
	 "01c00c002100010000012c00110001000000500162076578616d706c6500c00c"
	 "002100010000012c00110000000000500161076578616d706c6500c052000200"
	 "010000012c0006036e7332c052c052000200010000012c0006036e7331c052c0"
	 "50000100010000012c0004c0000229c033000100010000012c0004c000022ac0"
	 "79000100010000012c0004c0000201c067000100010000012c0004c0000202"},
	{"named owner-offset: X.EXAMPLE SRV",
	 /* the second SRV's owner points at the first owner, not at the newer
	  * x.example. in its rdata */
	 "4242840000010002000200020158074558414d504c4500002100010178076578"
	 "616d706c6500002100010000012c00110000000000500178076578616d706c65"
	 "00c01b002100010000012c00110001000000500178076578616d706c6500c055"
	 "000200010000012c0006036e7332c055c055000200010000012c0006036e7331"
	 "c055c07c000100010000012c0004c0000201c06a000100010000012c0004c000"
	 "0202"},
	{"named dname: x.dn.example A",
	 /* the DNAME target other. is kept: the synthesized CNAME's x.other.
	  * points into it */
	 "424284000001000200000000017802646e076578616d706c650000010001c00e"
	 "002700010000012c0007056f7468657200c00c000500010000012c00040178c0"
	 "2a"},
	{"named mx: mx.example MX",
	 /* MX targets compress against each other: mail + pointer to the
	  * first MX's other. */
	 "424284000001000200020002026d78076578616d706c6500000f0001c00c000f"
	 "00010000012c000f0014056d61696c32056f7468657200c00c000f0001000001"
	 "2c0009000a046d61696cc030c00f000200010000012c0006036e7332c00fc00f"
	 "000200010000012c0006036e7331c00fc06a000100010000012c0004c0000201"
	 "c058000100010000012c0004c0000202"},
	{"named rp: rp.example RP",
	 /* RP names go out literally but are kept; the NS owner and targets
	  * point into them */
	 "424284000001000100020002027270076578616d706c650000110001c00c0011"
	 "00010000012c001a036e7331076578616d706c6500036e7332076578616d706c"
	 "6500c039000200010000012c0002c035c039000200010000012c0002c028c028"
	 "000100010000012c0004c0000201c035000100010000012c0004c0000202"},
	{"named two-labels: nope.example A",
	 /* example. is the two-label question's second suffix: the SOA owner
	  * points at it */
	 "424284030001000000010000046e6f7065076578616d706c650000010001c011"
	 "000600010000001e0027036e7331c0110a686f73746d6173746572c011000000"
	 "0100000e100000038400093a800000001e"},
	{"named any-edns: example ANY",
	 /* the second NS owner repeats the pointer its first owner was; OPT
	  * last */
	 "434384000001000300000001076578616d706c650000ff0001c00c0006000100"
	 "00012c0027036e7331c00c0a686f73746d6173746572c00c0000000100000e10"
	 "0000038400093a800000001ec00c000200010000012c0002c025c00c00020001"
	 "0000012c0006036e7332c00c00002904d0000000000000"},
	{"named case-suffix: Rp.Example ANY",
	 /* rp.example. goes out literally beside the question's Example.:
	  * case-sensitive */
	 "434384000001000100020001025270074578616d706c650000ff000102727007"
	 "6578616d706c6500001100010000012c001a036e7331076578616d706c650003"
	 "6e7332076578616d706c6500c043000200010000012c0002c03fc04300020001"
	 "0000012c0002c03200002904d0000000000000"},
};

static size_t
unhex(const char *hex, uint8_t *out, size_t max) {
	size_t n = 0;

	for (; hex[0] != '\0' && hex[1] != '\0' && n < max; hex += 2) {
		char two[3] = {hex[0], hex[1], '\0'};
		out[n++] = (uint8_t)strtoul(two, NULL, 16);
	}
	return n;
}

#define CAP_MAXRR 16

/*
 * Decodes the captured response in *state, renders its question and
 * records again (consecutive records of one section, owner, type, class
 * and TTL as one RRset; the OPT from its fields) and compares octets.
 */
static void
test_capture(void **state) {
	const capture_t *c = *state;
	static uint8_t want[4096], got[4096];
	static uint8_t rdstore[CAP_MAXRR][512];
	const uint8_t *rds[CAP_MAXRR];
	uint16_t rdls[CAP_MAXRR];
	size_t wlen = unhex(c->hex, want, sizeof(want));
	size_t len, pos, n = 0;
	message_t m;
	message_rr_t rr, first = {0};
	render_t r;
	name_t owner, cur;
	unsigned cursec = 0;

	assert_int_equal(message_parse(&m, want, wlen), R_OK);
	assert_int_equal(render_init(&r, got, sizeof(got), sizeof(got), m.id,
	                             m.opcode, m.flags),
	                 R_OK);
	render_set_rcode(&r, (uint16_t)(m.rcode | (m.ext_rcode << 4)));
	if (m.has_opt) {
		render_edns_t e = {.udp_size = m.udp_size,
		                   .version = m.edns_version,
		                   .dnssec_ok = m.dnssec_ok,
		                   .options = want + m.opt_rdata,
		                   .options_len = m.opt_rdlen};
		assert_int_equal(render_set_edns(&r, &e), R_OK);
	}
	assert_int_equal(m.counts[MESSAGE_SEC_QUESTION], 1);
	assert_int_equal(render_question(&r, &m.qname, m.qtype, m.qclass),
	                 R_OK);
	pos = m.section[MESSAGE_SEC_ANSWER];
	for (unsigned sec = 1; sec <= 3; sec++) {
		for (unsigned i = 0; i < m.counts[sec]; i++) {
			size_t p, rdlen;
			assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
			if (rr.type == RRTYPE_OPT) {
				continue;
			}
			p = rr.owner;
			assert_int_equal(name_fromwire(&owner, want, wlen, &p),
			                 R_OK);
			if (n > 0 &&
			    (sec != cursec || rr.type != first.type ||
			     rr.rclass != first.rclass || rr.ttl != first.ttl ||
			     owner.length != cur.length ||
			     memcmp(owner.wire, cur.wire, cur.length) != 0))
			{
				assert_int_equal(
				        render_rrset(&r, cursec, &cur, first.type,
				                     first.rclass, first.ttl, rds,
				                     rdls, n),
				        R_OK);
				n = 0;
			}
			assert_true(n < CAP_MAXRR);
			assert_int_equal(rdata_fromwire(rr.type, rr.rclass, want,
			                                wlen, rr.rdata, rr.rdlen,
			                                true, rdstore[n],
			                                sizeof(rdstore[n]),
			                                &rdlen),
			                 R_OK);
			rds[n] = rdstore[n];
			rdls[n] = (uint16_t)rdlen;
			if (n++ == 0) {
				first = rr;
				cur = owner;
				cursec = sec;
			}
		}
	}
	if (n > 0) {
		assert_int_equal(render_rrset(&r, cursec, &cur, first.type,
		                              first.rclass, first.ttl, rds, rdls,
		                              n),
		                 R_OK);
	}
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(len, wlen);
	assert_memory_equal(got, want, wlen);
}

/*
 * Suffixes of one length and one first label share a key; only their
 * octets tell them apart, in the literal run and behind a pointer.
 */
static void
test_key_collisions(void **state) {
	uint8_t buf[512];
	render_t r;
	name_t q = mk("www.example.com.");
	size_t len;

	assert_int_equal(
	        render_init(&r, buf, sizeof(buf), 512, 1, 0, MESSAGE_F_QR),
	        R_OK);
	assert_int_equal(render_question(&r, &q, RRTYPE_A, RRCLASS_IN), R_OK);
	/* "x" + pointer to example.com at 16, remembered as x.example.com. */
	assert_int_equal(one(&r, MESSAGE_SEC_ANSWER, "x.example.com.",
	                     RRTYPE_A, a1, 4),
	                 R_OK);
	assert_memory_equal(buf + 33, "\1x\xc0\x10", 4);
	/* Same key as www.example.com (literal run differs): literal. */
	assert_int_equal(one(&r, MESSAGE_SEC_AUTHORITY, "www.examplf.com.",
	                     RRTYPE_A, a1, 4),
	                 R_OK);
	assert_memory_equal(buf + 51, "\3www\7examplf\3com\0", 17);
	/* Same key as x.example.com (differs behind its pointer): it may
	 * only point at the examplf.com just written, at 55. */
	assert_int_equal(one(&r, MESSAGE_SEC_ADDITIONAL, "x.examplf.com.",
	                     RRTYPE_A, a1, 4),
	                 R_OK);
	assert_memory_equal(buf + 82, "\1x\xc0\x37", 4);
	/* And each original still finds itself. */
	assert_int_equal(one(&r, MESSAGE_SEC_ADDITIONAL, "x.example.com.",
	                     RRTYPE_A, a1, 4),
	                 R_OK);
	assert_memory_equal(buf + 100, "\xc0\x21", 2);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(len, 116);
}

/*
 * A TCP response from named 9.18 whose answer (one TXT record of 68
 * strings of 250 "x") ends past offset 0x4000: the names after it point
 * back at the question, but none of them is remembered, so the glue
 * owners are ns1/ns2 + pointer again rather than pointers into the NS
 * rdata.  The TXT rdata is rebuilt here; the octets around it are
 * named's.
 */
static void
test_far_capture(void **state) {
	static const char *head_hex =
	        "55558400000100010002000203626967076578616d706c65000010000"
	        "1c00c001000010000012c42ac";
	static const char *tail_hex =
	        "c010000200010000012c0006036e7332c010c010000200010000012c00"
	        "06036e7331c010036e7331c010000100010000012c0004c0000201036e"
	        "7332c010000100010000012c0004c0000202";
	static uint8_t want[20000], got[20000], txt[68 * 251];
	const uint8_t *rd;
	uint16_t rdl;
	size_t hlen, tlen, len;
	render_t r;
	name_t q = mk("big.example."), apex = mk("example.");
	name_t n1 = mk("ns1.example."), n2 = mk("ns2.example.");
	const uint8_t *nsrd[2] = {(const uint8_t *)"\3ns2\7example",
	                          (const uint8_t *)"\3ns1\7example"};
	uint16_t nslen[2] = {13, 13};
	static const uint8_t a1b[4] = {192, 0, 2, 1}, a2b[4] = {192, 0, 2, 2};

	for (unsigned i = 0; i < 68; i++) {
		txt[i * 251] = 250;
		memset(txt + i * 251 + 1, 'x', 250);
	}
	hlen = unhex(head_hex, want, 64);
	memcpy(want + hlen, txt, sizeof(txt));
	tlen = unhex(tail_hex, want + hlen + sizeof(txt),
	             sizeof(want) - hlen - sizeof(txt));
	assert_int_equal(render_init(&r, got, sizeof(got), 65535, 0x5555, 0,
	                             MESSAGE_F_QR | MESSAGE_F_AA),
	                 R_OK);
	assert_int_equal(render_question(&r, &q, RRTYPE_TXT, RRCLASS_IN), R_OK);
	rd = txt;
	rdl = sizeof(txt);
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_ANSWER, &q, RRTYPE_TXT,
	                              RRCLASS_IN, 300, &rd, &rdl, 1),
	                 R_OK);
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_AUTHORITY, &apex,
	                              RRTYPE_NS, RRCLASS_IN, 300, nsrd, nslen,
	                              2),
	                 R_OK);
	rd = a1b;
	rdl = 4;
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_ADDITIONAL, &n1,
	                              RRTYPE_A, RRCLASS_IN, 300, &rd, &rdl, 1),
	                 R_OK);
	rd = a2b;
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_ADDITIONAL, &n2,
	                              RRTYPE_A, RRCLASS_IN, 300, &rd, &rdl, 1),
	                 R_OK);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_int_equal(len, hlen + sizeof(txt) + tlen);
	assert_memory_equal(got, want, len);
}

/*
 * Names by class, captured from named 9.18 (zone chz. in class CHAOS;
 * our rdata_fromwire() does not yet take a compressed CHAOS A name, so
 * these are built by hand rather than decoded): a CHAOS A record's name
 * is compressed and remembered, and SRV, defined for IN only, is opaque
 * in CHAOS, so its name is neither.
 */
static void
test_chaos_classes(void **state) {
	static const char *ch_a_hex =
	        "44448400000100010001000101680363687a0000010003c00c0001000300"
	        "00012c0007026e73c00e0008c00e000200030000012c0002c023c0230001"
	        "00030000012c0004c00e029c";
	static const char *ch_srv_hex =
	        "44448400000100010001000101730363687a0000210003c00c0021000300"
	        "00012c000e000000000050026e730363687a00c00e000200030000012c00"
	        "05026e73c00ec03d000100030000012c0004c00e029c";
	static const uint8_t h_a[] = "\2ns\3chz\0\0\x08"; /* octal 10 */
	static const uint8_t ns_a[] = "\3chz\0\x02\x9c"; /* octal 1234 */
	static const uint8_t ns[] = "\2ns\3chz\0";
	static const uint8_t srv[] = "\0\0\0\0\0\x50\2ns\3chz\0";
	const uint8_t *rd;
	uint16_t rdl;
	uint8_t want[128], got[128];
	size_t wlen, len;
	render_t r;
	name_t q, apex = mk("chz."), nsn = mk("ns.chz.");

	for (unsigned t = 0; t < 2; t++) {
		wlen = unhex(t == 0 ? ch_a_hex : ch_srv_hex, want, sizeof(want));
		q = mk(t == 0 ? "h.chz." : "s.chz.");
		assert_int_equal(render_init(&r, got, sizeof(got), sizeof(got),
		                             0x4444, 0,
		                             MESSAGE_F_QR | MESSAGE_F_AA),
		                 R_OK);
		assert_int_equal(render_question(&r, &q,
		                                 t == 0 ? RRTYPE_A : RRTYPE_SRV,
		                                 RRCLASS_CH),
		                 R_OK);
		rd = t == 0 ? h_a : srv;
		rdl = t == 0 ? sizeof(h_a) - 1 : sizeof(srv) - 1;
		assert_int_equal(render_rrset(&r, MESSAGE_SEC_ANSWER, &q,
		                              t == 0 ? RRTYPE_A : RRTYPE_SRV,
		                              RRCLASS_CH, 300, &rd, &rdl, 1),
		                 R_OK);
		rd = ns;
		rdl = sizeof(ns) - 1;
		assert_int_equal(render_rrset(&r, MESSAGE_SEC_AUTHORITY, &apex,
		                              RRTYPE_NS, RRCLASS_CH, 300, &rd,
		                              &rdl, 1),
		                 R_OK);
		rd = ns_a;
		rdl = sizeof(ns_a) - 1;
		assert_int_equal(render_rrset(&r, MESSAGE_SEC_ADDITIONAL, &nsn,
		                              RRTYPE_A, RRCLASS_CH, 300, &rd,
		                              &rdl, 1),
		                 R_OK);
		assert_int_equal(render_finish(&r, &len), R_OK);
		assert_int_equal(len, wlen);
		assert_memory_equal(got, want, wlen);
	}
	/* The same SRV rdata in IN has its name remembered (the NS target
	 * then points into it): the class is what decides. */
	q = mk("s.chz.");
	assert_int_equal(render_init(&r, got, sizeof(got), sizeof(got), 1, 0,
	                             MESSAGE_F_QR),
	                 R_OK);
	assert_int_equal(render_question(&r, &q, RRTYPE_SRV, RRCLASS_IN),
	                 R_OK);
	rd = srv;
	rdl = sizeof(srv) - 1;
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_ANSWER, &q, RRTYPE_SRV,
	                              RRCLASS_IN, 300, &rd, &rdl, 1),
	                 R_OK);
	rd = ns;
	rdl = sizeof(ns) - 1;
	assert_int_equal(render_rrset(&r, MESSAGE_SEC_AUTHORITY, &apex,
	                              RRTYPE_NS, RRCLASS_IN, 300, &rd, &rdl,
	                              1),
	                 R_OK);
	assert_int_equal(render_finish(&r, &len), R_OK);
	/* SRV rdata at 12+11+10+2 = 35, its name at 41: NS rdata c029. */
	assert_memory_equal(got + len - 2, "\xc0\x29", 2);
}

int
main(void) {
	enum { NFIXED = 12, NCAP = sizeof(captures) / sizeof(captures[0]) };
	struct CMUnitTest tests[NFIXED + NCAP] = {
	        cmocka_unit_test(test_simple_a),
	        cmocka_unit_test(test_rdata_compression),
	        cmocka_unit_test(test_soa_two_names),
	        cmocka_unit_test(test_truncation),
	        cmocka_unit_test(test_edns_rcode),
	        cmocka_unit_test(test_limits),
	        cmocka_unit_test(test_far_offsets),
	        cmocka_unit_test(test_table_full),
	        cmocka_unit_test(test_formerr),
	        cmocka_unit_test(test_chaos_classes),
	        cmocka_unit_test(test_far_capture),
	        cmocka_unit_test(test_key_collisions),
	};

	for (unsigned i = 0; i < NCAP; i++) {
		tests[NFIXED + i] = (struct CMUnitTest){
		        .name = captures[i].name,
		        .test_func = test_capture,
		        .initial_state = (void *)&captures[i],
		};
	}
	return _cmocka_run_group_tests("render_test", tests, NFIXED + NCAP, NULL,
	                               NULL);
}
