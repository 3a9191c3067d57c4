/*
 * message_test.c - unit tests for named/message.c: header, question,
 * EDNS and TSIG location, and the FORMERR/drop classification BIND 9.18
 * applies to requests (checked against named 9.18 with the packets from
 * test/system/test_message.py).
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
#include "zones/rdata.h"
#include "zones/wire.h"

/* Packet builder: plain dotted names, no escapes. */
typedef struct {
	uint8_t buf[4096];
	wire_t w;
} pkt_t;

static void
pkt_header(pkt_t *p, uint16_t id, uint16_t flags, uint16_t qd, uint16_t an,
           uint16_t ns, uint16_t ar) {
	wire_init(&p->w, p->buf, sizeof(p->buf));
	wire_write_u16(&p->w, id);
	wire_write_u16(&p->w, flags);
	wire_write_u16(&p->w, qd);
	wire_write_u16(&p->w, an);
	wire_write_u16(&p->w, ns);
	wire_write_u16(&p->w, ar);
}

static void
pkt_name(pkt_t *p, const char *s) {
	while (*s != '\0') {
		const char *dot = strchr(s, '.');
		size_t l = dot ? (size_t)(dot - s) : strlen(s);
		wire_write_u8(&p->w, (uint8_t)l);
		wire_write_bytes(&p->w, s, l);
		s += l;
		if (*s == '.') {
			s++;
		}
	}
	wire_write_u8(&p->w, 0);
}

static void
pkt_q(pkt_t *p, const char *name, uint16_t type, uint16_t cls) {
	pkt_name(p, name);
	wire_write_u16(&p->w, type);
	wire_write_u16(&p->w, cls);
}

static void
pkt_rr(pkt_t *p, const char *name, uint16_t type, uint16_t cls, uint32_t ttl,
       const void *rd, uint16_t rdlen) {
	pkt_name(p, name);
	wire_write_u16(&p->w, type);
	wire_write_u16(&p->w, cls);
	wire_write_u32(&p->w, ttl);
	wire_write_u16(&p->w, rdlen);
	wire_write_bytes(&p->w, rd, rdlen);
}

static result_t
pkt_parse(pkt_t *p, message_t *m) {
	assert_int_equal(wire_error(&p->w), R_OK);
	return message_parse(m, p->buf, wire_pos(&p->w));
}

static const uint8_t a_rdata[4] = {192, 0, 2, 1};

static void
test_query_edns(void **state) {
	pkt_t p;
	message_t m;
	/* COOKIE with an 8-octet client cookie, then NSID (empty). */
	const uint8_t opts[] = {0, 10, 0, 8, 1, 2, 3, 4,
	                        5, 6,  7, 8, 0, 3, 0, 0};
	size_t off;
	uint16_t len;

	pkt_header(&p, 0x1234, 0x0100, 1, 0, 0, 1);
	pkt_q(&p, "www.Example.com", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_OPT, 1232, 0x00008000, opts, sizeof(opts));
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_int_equal(message_verdict(&m, R_OK), MESSAGE_OK);
	assert_int_equal(m.id, 0x1234);
	assert_int_equal(m.flags, MESSAGE_F_RD);
	assert_int_equal(m.opcode, 0);
	assert_int_equal(m.counts[0], 1);
	assert_int_equal(m.counts[3], 1);
	assert_int_equal(m.qtype, RRTYPE_A);
	assert_int_equal(m.qclass, RRCLASS_IN);
	assert_int_equal(m.qname.labels, 4);
	assert_memory_equal(m.qname.wire, "\3www\7Example\3com", 17);
	assert_true(m.has_opt);
	assert_int_equal(m.udp_size, 1232);
	assert_int_equal(m.edns_version, 0);
	assert_true(m.dnssec_ok);
	assert_true(m.has_cookie);
	assert_int_equal(m.cookie_len, 8);
	assert_memory_equal(m.wire + m.cookie, opts + 4, 8);
	assert_true(m.has_nsid);
	assert_false(m.has_keepalive);
	assert_false(m.has_tsig);
	assert_int_equal(m.trailing, 0);
	assert_int_equal(m.end, wire_pos(&p.w));
	assert_int_equal(message_opt_find(&m, MESSAGE_OPT_COOKIE, &off, &len),
	                 R_OK);
	assert_int_equal(off, m.cookie);
	assert_int_equal(len, 8);
	assert_int_equal(message_opt_find(&m, 12, &off, &len), R_NOTFOUND);
}

static void
test_edns_version_and_rcode(void **state) {
	pkt_t p;
	message_t m;

	/* Version 1, extended rcode bits: parse fine, caller says BADVERS. */
	pkt_header(&p, 1, 0x7800 | 0x0003, 1, 0, 0, 1);
	pkt_q(&p, "a", RRTYPE_TXT, RRCLASS_CH);
	pkt_rr(&p, "", RRTYPE_OPT, 4096, 0x05010000, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_int_equal(m.opcode, 15);
	assert_int_equal(m.rcode, 3);
	assert_int_equal(m.flags, 0);
	assert_int_equal(m.edns_version, 1);
	assert_int_equal(m.ext_rcode, 5);
	assert_false(m.dnssec_ok);
	assert_int_equal(m.qclass, RRCLASS_CH);
	assert_int_equal(message_opt_find(&m, 10, &(size_t){0}, &(uint16_t){0}),
	                 R_NOTFOUND);
}

static void
test_short_and_response(void **state) {
	pkt_t p;
	message_t m;
	uint8_t b[11] = {0};

	assert_int_equal(message_parse(&m, b, sizeof(b)), R_UNEXPECTEDEND);
	assert_int_equal(message_verdict(&m, R_UNEXPECTEDEND), MESSAGE_DROP);
	assert_int_equal(message_parse(&m, b, 0), R_UNEXPECTEDEND);
	assert_int_equal(message_verdict(&m, R_UNEXPECTEDEND), MESSAGE_DROP);

	/* A response is dropped even when it parses. */
	pkt_header(&p, 7, 0x8000, 1, 0, 0, 0);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_int_equal(message_verdict(&m, R_OK), MESSAGE_DROP);

	/* An empty header-only query parses (qdcount 0 is for the caller). */
	pkt_header(&p, 7, 0, 0, 0, 0, 0);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_int_equal(message_verdict(&m, R_OK), MESSAGE_OK);
}

static void
test_truncated(void **state) {
	pkt_t p;
	message_t m;
	size_t full;

	pkt_header(&p, 9, 0, 1, 0, 0, 1);
	pkt_q(&p, "example.com", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, NULL, 0);
	full = wire_pos(&p.w);
	/* Every cut is an error and a FORMERR (not a drop, not a crash). */
	for (size_t cut = MESSAGE_HEADERLEN; cut < full; cut++) {
		result_t r = message_parse(&m, p.buf, cut);
		assert_int_not_equal(r, R_OK);
		assert_int_equal(message_verdict(&m, r), MESSAGE_FORMERR);
		assert_int_equal(m.id, 9);
	}
	/* Cut inside the OPT: the question was read and is kept. */
	assert_int_not_equal(message_parse(&m, p.buf, full - 1), R_OK);
	assert_int_equal(m.counts[0], 1);
	assert_int_equal(m.qtype, RRTYPE_A);
	/* Cut inside the question: counts[0] says none was read. */
	assert_int_not_equal(message_parse(&m, p.buf, 14), R_OK);
	assert_int_equal(m.counts[0], 0);
}

static void
test_opt_rules(void **state) {
	pkt_t p;
	message_t m;
	const uint8_t badcookie[] = {0, 10, 0, 5, 1, 2, 3, 4, 5};
	const uint8_t cutopt[] = {0, 10, 0, 8, 1, 2};

	/* Two OPT records. */
	pkt_header(&p, 1, 0, 1, 0, 0, 2);
	pkt_q(&p, "x", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, NULL, 0);
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
	assert_false(m.opt_error);
	assert_int_equal(message_verdict(&m, R_FORMERR), MESSAGE_FORMERR);

	/* OPT in the answer section. */
	pkt_header(&p, 1, 0, 1, 1, 0, 0);
	pkt_q(&p, "x", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);

	/* OPT owned by a name other than the root. */
	pkt_header(&p, 1, 0, 1, 0, 0, 1);
	pkt_q(&p, "x", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "x", RRTYPE_OPT, 512, 0, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);

	/* A COOKIE of 5 octets: BIND's OPT parser refuses it. */
	pkt_header(&p, 1, 0, 1, 0, 0, 1);
	pkt_q(&p, "x", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, badcookie, sizeof(badcookie));
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
	/* ...and answers with an OPT (as for no other FORMERR). */
	assert_true(m.opt_error);
	assert_int_equal(m.counts[0], 1);

	/* An option longer than the OPT rdata: no OPT in the answer. */
	pkt_header(&p, 1, 0, 1, 0, 0, 1);
	pkt_q(&p, "x", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, cutopt, sizeof(cutopt));
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
	assert_false(m.opt_error);

	/* The first fault decides: a bad COOKIE before a cut option is
	 * named's OPTERR (FORMERR with an OPT)... */
	const uint8_t bad_then_cut[] = {0, 10, 0, 1, 0, 1, 2, 3, 4};
	pkt_header(&p, 1, 0, 1, 0, 0, 1);
	pkt_q(&p, "x", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, bad_then_cut, sizeof(bad_then_cut));
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
	assert_true(m.opt_error);
	/* ...a cut option before a bad one is not. */
	const uint8_t cut_then_bad[] = {0, 3, 0, 9, 1, 0, 10, 0, 1, 0};
	pkt_header(&p, 1, 0, 1, 0, 0, 1);
	pkt_q(&p, "x", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, cut_then_bad, sizeof(cut_then_bad));
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
	assert_false(m.opt_error);

	/* OPT owned by a pointer to the root label at offset 12+... works:
	 * the question name "x" ends in a 0 octet at offset 14. */
	pkt_header(&p, 1, 0, 1, 0, 0, 1);
	pkt_q(&p, "x", RRTYPE_A, RRCLASS_IN);
	wire_write_u16(&p.w, 0xc000 | 14);
	wire_write_u16(&p.w, RRTYPE_OPT);
	wire_write_u16(&p.w, 1400);
	wire_write_u32(&p.w, 0);
	wire_write_u16(&p.w, 0);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_true(m.has_opt);
	assert_int_equal(m.udp_size, 1400);
}

static void
test_tsig_rules(void **state) {
	pkt_t p;
	message_t m;
	uint8_t tsig[64];
	wire_t t;
	size_t at;

	/* hmac-sha256. time 0x0000 5f5e1000, fudge 300, mac 0, id, 0, 0 */
	wire_init(&t, tsig, sizeof(tsig));
	wire_write_bytes(&t, "\x0bhmac-sha256\0", 13);
	wire_write_u16(&t, 0);
	wire_write_u32(&t, 0x5f5e1000);
	wire_write_u16(&t, 300);
	wire_write_u16(&t, 0);
	wire_write_u16(&t, 0x1234);
	wire_write_u16(&t, 0);
	wire_write_u16(&t, 0);
	assert_int_equal(wire_error(&t), R_OK);

	pkt_header(&p, 0x1234, 0, 1, 0, 0, 2);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, NULL, 0);
	at = wire_pos(&p.w);
	pkt_rr(&p, "key", RRTYPE_TSIG, RRCLASS_ANY, 0, tsig, wire_pos(&t));
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_true(m.has_tsig);
	assert_false(m.has_sig0);
	assert_int_equal(m.tsig, at);
	assert_int_equal(m.tsig_rr.type, RRTYPE_TSIG);
	assert_int_equal(m.tsig_rr.rdlen, wire_pos(&t));
	assert_int_equal(m.tsig_rr.end, wire_pos(&p.w));
	assert_true(m.has_opt);

	/* TSIG before OPT: not last. */
	pkt_header(&p, 0x1234, 0, 1, 0, 0, 2);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "key", RRTYPE_TSIG, RRCLASS_ANY, 0, tsig, wire_pos(&t));
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);

	/* TSIG in the answer section. */
	pkt_header(&p, 0x1234, 0, 1, 1, 0, 0);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "key", RRTYPE_TSIG, RRCLASS_ANY, 0, tsig, wire_pos(&t));
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);

	/* TSIG of class IN. */
	pkt_header(&p, 0x1234, 0, 1, 0, 0, 1);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "key", RRTYPE_TSIG, RRCLASS_IN, 0, tsig, wire_pos(&t));
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
}

static void
test_questions(void **state) {
	pkt_t p;
	message_t m;

	/* Same name, two types: allowed by the parser. */
	pkt_header(&p, 1, 0, 2, 0, 0, 0);
	pkt_q(&p, "a.example", RRTYPE_A, RRCLASS_IN);
	pkt_q(&p, "A.EXAMPLE", RRTYPE_AAAA, RRCLASS_IN);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_int_equal(m.counts[0], 2);
	assert_int_equal(m.qtype, RRTYPE_A);

	/* The same type twice. */
	pkt_header(&p, 1, 0, 2, 0, 0, 0);
	pkt_q(&p, "a.example", RRTYPE_A, RRCLASS_IN);
	pkt_q(&p, "a.example", RRTYPE_A, RRCLASS_IN);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
	/* named echoes no question at all then. */
	assert_int_equal(m.counts[0], 0);

	/* Two names. */
	pkt_header(&p, 1, 0, 2, 0, 0, 0);
	pkt_q(&p, "a.example", RRTYPE_A, RRCLASS_IN);
	pkt_q(&p, "b.example", RRTYPE_AAAA, RRCLASS_IN);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);

	/* Two classes. */
	pkt_header(&p, 1, 0, 2, 0, 0, 0);
	pkt_q(&p, "a.example", RRTYPE_A, RRCLASS_IN);
	pkt_q(&p, "a.example", RRTYPE_AAAA, RRCLASS_CH);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);

	/* A compression pointer to itself. */
	pkt_header(&p, 1, 0, 1, 0, 0, 0);
	wire_write_u16(&p.w, 0xc000 | 12);
	wire_write_u16(&p.w, 1);
	wire_write_u16(&p.w, 1);
	assert_int_equal(pkt_parse(&p, &m), R_BADPOINTER);
	assert_int_equal(message_verdict(&m, R_BADPOINTER), MESSAGE_FORMERR);
}

static void
test_records(void **state) {
	pkt_t p;
	message_t m;
	message_rr_t rr;
	size_t pos;

	/* A well-formed answer and authority, then trailing octets. */
	pkt_header(&p, 1, 0, 1, 1, 1, 0);
	pkt_q(&p, "a.example", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "a.example", RRTYPE_A, RRCLASS_IN, 300, a_rdata, 4);
	pkt_rr(&p, "example", RRTYPE_NS, RRCLASS_IN, 60, "\2ns\0", 4);
	wire_write_bytes(&p.w, "junk", 4);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_int_equal(m.trailing, 4);
	pos = m.section[MESSAGE_SEC_ANSWER];
	assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
	assert_int_equal(rr.type, RRTYPE_A);
	assert_int_equal(rr.ttl, 300);
	assert_int_equal(rr.rdlen, 4);
	assert_memory_equal(m.wire + rr.rdata, a_rdata, 4);
	assert_int_equal(pos, m.section[MESSAGE_SEC_AUTHORITY]);
	assert_int_equal(message_rr_read(&m, &pos, &rr), R_OK);
	assert_int_equal(rr.type, RRTYPE_NS);
	assert_int_equal(pos, m.end);
	assert_int_not_equal(message_rr_read(&m, &pos, &rr), R_OK);

	/* An A record of 3 octets. */
	pkt_header(&p, 1, 0, 1, 1, 0, 0);
	pkt_q(&p, "a.example", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "a.example", RRTYPE_A, RRCLASS_IN, 300, a_rdata, 3);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);

	/* Class differs from the question's. */
	pkt_header(&p, 1, 0, 1, 0, 0, 1);
	pkt_q(&p, "a.example", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "a.example", RRTYPE_A, RRCLASS_CH, 300, a_rdata, 4);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);

	/* ...but KEY may (SIG(0) keys come in class ANY). */
	pkt_header(&p, 1, 0, 1, 0, 0, 1);
	pkt_q(&p, "a.example", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "a.example", RRTYPE_KEY, RRCLASS_ANY, 0, "\1\0\3\5\1\2\3\4",
	       8);
	assert_int_equal(pkt_parse(&p, &m), R_OK);

	/* rdlen running past the end. */
	pkt_header(&p, 1, 0, 1, 1, 0, 0);
	pkt_q(&p, "a.example", RRTYPE_A, RRCLASS_IN);
	pkt_name(&p, "a");
	wire_write_u16(&p.w, RRTYPE_A);
	wire_write_u16(&p.w, RRCLASS_IN);
	wire_write_u32(&p.w, 0);
	wire_write_u16(&p.w, 40);
	wire_write_bytes(&p.w, a_rdata, 4);
	assert_int_equal(pkt_parse(&p, &m), R_UNEXPECTEDEND);
	assert_int_equal(message_verdict(&m, R_UNEXPECTEDEND), MESSAGE_FORMERR);

	/* UPDATE: empty class-ANY RRs in the update section are fine,
	 * type ANY included. */
	pkt_header(&p, 1, 5 << 11, 1, 0, 2, 0);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "a.example", RRTYPE_A, RRCLASS_ANY, 0, NULL, 0);
	pkt_rr(&p, "b.example", RRTYPE_ANY, RRCLASS_ANY, 0, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_int_equal(m.opcode, 5);

	/* A deletion (class NONE) in the update section is a record of
	 * the zone's class: an empty A is FORMERR, as named answers it. */
	pkt_header(&p, 1, 5 << 11, 1, 0, 1, 0);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "a.example", RRTYPE_A, RRCLASS_NONE, 0, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
	pkt_header(&p, 1, 5 << 11, 1, 0, 1, 0);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "a.example", RRTYPE_A, RRCLASS_NONE, 0, a_rdata, 4);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	/* Prerequisites of class NONE/ANY and updates of class ANY must be
	 * empty. */
	pkt_header(&p, 1, 5 << 11, 1, 1, 0, 0);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "a.example", RRTYPE_A, RRCLASS_NONE, 0, a_rdata, 4);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
	pkt_header(&p, 1, 5 << 11, 1, 0, 1, 0);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "a.example", RRTYPE_A, RRCLASS_ANY, 0, a_rdata, 4);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
	/* In the additional section a class-NONE A is opaque data (named
	 * has no A outside IN, CH and HS), so it parses. */
	pkt_header(&p, 1, 5 << 11, 1, 0, 0, 1);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "a.example", RRTYPE_A, RRCLASS_NONE, 0, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	/* A TSIG in the update section is misplaced even when empty. */
	pkt_header(&p, 1, 5 << 11, 1, 0, 1, 0);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_TSIG, RRCLASS_ANY, 0, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);

	/* Outside UPDATE a meta type or type 0 as a record is FORMERR. */
	static const uint16_t meta[] = {0,           RRTYPE_ANY, RRTYPE_AXFR,
	                                RRTYPE_IXFR, 253,        254};
	for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++) {
		pkt_header(&p, 1, 0, 1, 0, 0, 1);
		pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
		pkt_rr(&p, "a.example", meta[i], RRCLASS_IN, 0, a_rdata, 4);
		assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
	}
	/* An unknown type above 127 is data. */
	pkt_header(&p, 1, 0, 1, 1, 0, 0);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "a.example", 128, RRCLASS_IN, 0, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
}

static void
test_sig0(void **state) {
	pkt_t p;
	message_t m;
	uint8_t sig[64];
	wire_t t;

	/* SIG covering type 0: alg 8, labels 0, ttl, exp, inc, tag, signer,
	 * one octet of signature. */
	wire_init(&t, sig, sizeof(sig));
	wire_write_u16(&t, 0);
	wire_write_u8(&t, 8);
	wire_write_u8(&t, 0);
	wire_write_u32(&t, 0);
	wire_write_u32(&t, 2000000000);
	wire_write_u32(&t, 1000000000);
	wire_write_u16(&t, 42);
	wire_write_bytes(&t, "\3key\0", 5);
	wire_write_u8(&t, 0xab);
	assert_int_equal(wire_error(&t), R_OK);

	pkt_header(&p, 1, 0, 1, 0, 0, 1);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_SIG, RRCLASS_ANY, 0, sig, wire_pos(&t));
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_true(m.has_sig0);
	assert_false(m.has_tsig);

	pkt_header(&p, 1, 0, 1, 0, 0, 2);
	pkt_q(&p, "example", RRTYPE_SOA, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_SIG, RRCLASS_ANY, 0, sig, wire_pos(&t));
	pkt_rr(&p, "", RRTYPE_OPT, 512, 0, NULL, 0);
	assert_int_equal(pkt_parse(&p, &m), R_FORMERR);
}

/* A message_t reused for the next packet keeps nothing of the last. */
static void
test_reuse(void **state) {
	pkt_t p;
	message_t m;
	const uint8_t opts[] = {0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8};

	pkt_header(&p, 1, 0, 1, 0, 0, 1);
	pkt_q(&p, "a", RRTYPE_A, RRCLASS_IN);
	pkt_rr(&p, "", RRTYPE_OPT, 4096, 0x01008000, opts, sizeof(opts));
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_true(m.has_opt && m.has_cookie && m.dnssec_ok);
	pkt_header(&p, 2, 0, 1, 0, 0, 0);
	pkt_q(&p, "b", RRTYPE_NS, RRCLASS_IN);
	assert_int_equal(pkt_parse(&p, &m), R_OK);
	assert_false(m.has_opt || m.has_cookie || m.dnssec_ok);
	assert_int_equal(m.udp_size, 0);
	assert_int_equal(m.ext_rcode, 0);
	assert_int_equal(m.cookie_len, 0);
	assert_int_equal(m.qtype, RRTYPE_NS);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_query_edns),
	        cmocka_unit_test(test_edns_version_and_rcode),
	        cmocka_unit_test(test_short_and_response),
	        cmocka_unit_test(test_truncated),
	        cmocka_unit_test(test_opt_rules),
	        cmocka_unit_test(test_tsig_rules),
	        cmocka_unit_test(test_questions),
	        cmocka_unit_test(test_records),
	        cmocka_unit_test(test_sig0),
	        cmocka_unit_test(test_reuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
