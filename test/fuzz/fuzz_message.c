/*
 * fuzz_message.c - libFuzzer target: arbitrary bytes as a DNS request.
 *
 * message_parse() must never crash, read out of bounds or hang.  When it
 * accepts the packet, the question and the ordinary records (not OPT,
 * TSIG or SIG(0)) are rendered back into a response with compression,
 * an OPT is added when the request had one, and the result must parse
 * again with the same id, opcode, question and EDNS fields, and every
 * record rendered must come back with the same owner, type, class, TTL
 * and (uncompressed) rdata.  A request refused with FORMERR gets
 * render_formerr()'s answer, which must parse and echo id, opcode and
 * the questions.  Any violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "named/message.h"
#include "named/render.h"
#include "zones/rdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXRR 64

typedef struct {
	name_t owner;
	uint16_t type, rclass;
	uint32_t ttl;
	size_t off, len; /* uncompressed rdata in arena */
} kept_t;

static uint8_t out[65535];
static uint8_t arena[MAXRR * 2048];
static uint8_t back[RDATA_MAXLEN];
static kept_t kept[MAXRR];

static void
check(int cond) {
	if (!cond) {
		abort();
	}
}

static bool
skip_type(const message_t *m, size_t start, uint16_t type) {
	return type == RRTYPE_OPT || type == RRTYPE_TSIG ||
	       ((m->has_sig0 || m->has_tsig) && start == m->tsig);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	message_t m, m2;
	render_t r;
	size_t len, used = 0, pos;
	unsigned nkept = 0, nrr[4] = {0};
	result_t res;

	res = message_parse(&m, data, size);
	if (message_verdict(&m, res) == MESSAGE_FORMERR) {
		/* named's FORMERR answer: a well-formed message echoing
		 * id, opcode and whatever questions parsed. */
		check(render_formerr(&m, 1232, out, sizeof(out), &len) == R_OK);
		check(message_parse(&m2, out, len) == R_OK);
		check(m2.id == m.id && m2.opcode == m.opcode && m2.rcode == 1 &&
		      (m2.flags & MESSAGE_F_QR) != 0);
		check(m2.counts[0] == m.counts[0]);
		check(m2.has_opt == m.opt_error);
		return 0;
	}
	if (res != R_OK) {
		return 0;
	}
	check(m.end + m.trailing == size);
	check(render_init(&r, out, sizeof(out), sizeof(out), m.id, m.opcode,
	                  m.flags) == R_OK);
	if (m.has_opt) {
		render_edns_t e = {.udp_size = m.udp_size,
		                   .dnssec_ok = m.dnssec_ok};
		check(render_set_edns(&r, &e) == R_OK);
	}
	if (m.counts[0] > 0) {
		check(render_question(&r, &m.qname, m.qtype, m.qclass) == R_OK);
	}
	pos = m.section[MESSAGE_SEC_ANSWER];
	for (unsigned s = 1; s < 4; s++) {
		for (unsigned i = 0; i < m.counts[s]; i++) {
			message_rr_t rr;
			size_t start = pos, olen, npos;
			kept_t *k = &kept[nkept];
			const uint8_t *rd;
			uint16_t rdl;

			check(message_rr_read(&m, &pos, &rr) == R_OK);
			if (skip_type(&m, start, rr.type) || nkept == MAXRR ||
			    render_isfull(&r)) {
				continue;
			}
			if (rdata_fromwire(rr.type, rr.rclass, data, size,
			                   rr.rdata, rr.rdlen, true,
			                   arena + used, sizeof(arena) - used,
			                   &olen) != R_OK)
			{
				/* UPDATE's empty RRs, or no room here. */
				continue;
			}
			npos = start;
			check(name_fromwire(&k->owner, data, size, &npos) ==
			      R_OK);
			k->type = rr.type;
			k->rclass = rr.rclass;
			k->ttl = rr.ttl;
			k->off = used;
			k->len = olen;
			rd = arena + used;
			rdl = (uint16_t)olen;
			res = render_rrset(&r, s, &k->owner, rr.type, rr.rclass,
			                   rr.ttl, &rd, &rdl, 1);
			check(res == R_OK || res == R_NOSPACE);
			if (res == R_OK) {
				used += olen;
				nkept++;
				nrr[s]++;
			}
		}
	}
	check(render_finish(&r, &len) == R_OK);
	check(len <= sizeof(out));

	/* The response parses back to what went in. */
	check(message_parse(&m2, out, len) == R_OK);
	check(m2.id == m.id && m2.opcode == m.opcode && m2.trailing == 0);
	check(m2.counts[0] == (m.counts[0] > 0 ? 1 : 0));
	if (m.counts[0] > 0) {
		check(m2.qname.length == m.qname.length &&
		      memcmp(m2.qname.wire, m.qname.wire, m.qname.length) == 0);
		check(m2.qtype == m.qtype && m2.qclass == m.qclass);
	}
	check(m2.has_opt == m.has_opt);
	if (m.has_opt) {
		check(m2.udp_size == m.udp_size && m2.dnssec_ok == m.dnssec_ok);
	}
	check(m2.counts[1] == nrr[1] && m2.counts[2] == nrr[2]);
	check(m2.counts[3] == nrr[3] + (m.has_opt ? 1 : 0));
	pos = m2.section[MESSAGE_SEC_ANSWER];
	for (unsigned i = 0; i < nkept; i++) {
		message_rr_t rr;
		name_t owner;
		size_t npos = pos, olen;
		const kept_t *k = &kept[i];

		check(name_fromwire(&owner, out, len, &npos) == R_OK);
		check(message_rr_read(&m2, &pos, &rr) == R_OK);
		check(owner.length == k->owner.length &&
		      memcmp(owner.wire, k->owner.wire, owner.length) == 0);
		check(rr.type == k->type && rr.rclass == k->rclass &&
		      rr.ttl == k->ttl);
		check(rdata_fromwire(rr.type, rr.rclass, out, len, rr.rdata,
		                     rr.rdlen, true, back, sizeof(back),
		                     &olen) == R_OK);
		check(olen == k->len &&
		      memcmp(back, arena + k->off, olen) == 0);
	}
	return 0;
}
