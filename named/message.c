/*
 * message.c - DNS message parsing in one pass over the network buffer.
 *
 * Contract: see message.h.  Everything here reads raw network bytes: each
 * read goes through the wire cursor (sticky error) or name_fromwire(),
 * which refuse to step outside [0, len).  Nothing is allocated: rdata is
 * validated by decoding it into a per-thread scratch buffer, the one
 * place a whole rdata must be materialised (BIND refuses a message whose
 * rdata its type's wire parser refuses, so we must look at it too).
 */
#include <stddef.h>
#include <string.h>

#include "named/message.h"
#include "zones/rdata.h"
#include "zones/wire.h"

enum { OPCODE_UPDATE = 5 };

/* Scratch for rdata validation: rdata decompressed never exceeds this. */
static _Thread_local uint8_t rdata_scratch[RDATA_MAXLEN];

result_t
message_rr_read(const message_t *m, size_t *pos, message_rr_t *rr) {
	name_t owner;
	wire_t w;
	size_t p = *pos;
	result_t r;

	r = name_fromwire(&owner, m->wire, m->len, &p);
	if (r != R_OK) {
		return r;
	}
	wire_init(&w, m->wire, m->len);
	wire_seek(&w, p);
	rr->owner = *pos;
	rr->type = wire_read_u16(&w);
	rr->rclass = wire_read_u16(&w);
	rr->ttl = wire_read_u32(&w);
	rr->rdlen = wire_read_u16(&w);
	rr->rdata = wire_pos(&w);
	wire_skip(&w, rr->rdlen);
	if (wire_error(&w) != R_OK) {
		return wire_error(&w);
	}
	rr->end = wire_pos(&w);
	*pos = rr->end;
	return R_OK;
}

/*
 * Walks the OPT options once: they were checked by rdata_fromwire(), so
 * the framing is sound; this only notes where the interesting ones are.
 */
static void
opt_scan(message_t *m) {
	wire_t w;

	wire_init(&w, m->wire + m->opt_rdata, m->opt_rdlen);
	while (wire_avail(&w) >= 4 && wire_error(&w) == R_OK) {
		uint16_t code = wire_read_u16(&w);
		uint16_t olen = wire_read_u16(&w);
		size_t at = m->opt_rdata + wire_pos(&w);
		wire_skip(&w, olen);
		if (wire_error(&w) != R_OK) {
			break;
		}
		/* The first of each counts, as BIND takes the first. */
		if (code == MESSAGE_OPT_COOKIE && !m->has_cookie) {
			m->has_cookie = true;
			m->cookie = at;
			m->cookie_len = olen;
		} else if (code == MESSAGE_OPT_NSID) {
			m->has_nsid = true;
		} else if (code == MESSAGE_OPT_KEEPALIVE) {
			m->has_keepalive = true;
		}
	}
}

result_t
message_opt_find(const message_t *m, uint16_t code, size_t *off,
                 uint16_t *len) {
	wire_t w;

	if (!m->has_opt) {
		return R_NOTFOUND;
	}
	wire_init(&w, m->wire + m->opt_rdata, m->opt_rdlen);
	while (wire_avail(&w) >= 4 && wire_error(&w) == R_OK) {
		uint16_t c = wire_read_u16(&w);
		uint16_t olen = wire_read_u16(&w);
		size_t at = m->opt_rdata + wire_pos(&w);
		wire_skip(&w, olen);
		if (wire_error(&w) == R_OK && c == code) {
			*off = at;
			*len = olen;
			return R_OK;
		}
	}
	return R_NOTFOUND;
}

/*
 * Questions: BIND allows several only if they share one name and class
 * and repeat no type.  seen is a bitmap of the types read so far.  On
 * any error the question count drops to 0: named then echoes no question
 * in its FORMERR answer, not even the ones that were good.
 */
static result_t
parse_questions(message_t *m, size_t *pos) {
	uint8_t seen[65536 / 8];
	unsigned count = m->counts[MESSAGE_SEC_QUESTION];
	result_t r;

	if (count > 1) {
		memset(seen, 0, sizeof(seen));
	}
	for (unsigned i = 0; i < count; i++) {
		name_t qn;
		wire_t w;
		size_t p = *pos;
		uint16_t qtype, qclass;

		r = name_fromwire(&qn, m->wire, m->len, &p);
		if (r != R_OK) {
			m->counts[MESSAGE_SEC_QUESTION] = 0;
			return r;
		}
		wire_init(&w, m->wire, m->len);
		wire_seek(&w, p);
		qtype = wire_read_u16(&w);
		qclass = wire_read_u16(&w);
		if (wire_error(&w) != R_OK) {
			m->counts[MESSAGE_SEC_QUESTION] = 0;
			return wire_error(&w);
		}
		if (i == 0) {
			m->qname = qn;
			m->qtype = qtype;
			m->qclass = qclass;
		} else if (!name_equal(&qn, &m->qname) || qclass != m->qclass ||
		           (seen[qtype >> 3] & (1u << (qtype & 7))) != 0)
		{
			m->counts[MESSAGE_SEC_QUESTION] = 0;
			return R_FORMERR;
		}
		if (count > 1) {
			seen[qtype >> 3] |= (uint8_t)(1u << (qtype & 7));
		}
		*pos = wire_pos(&w);
	}
	return R_OK;
}

/* Types that may carry a class other than the message's. */
static bool
class_exempt(uint16_t type) {
	return type == RRTYPE_OPT || type == RRTYPE_TSIG ||
	       type == RRTYPE_KEY || type == RRTYPE_SIG;
}

/* The special-record rules for one RR (index i of section sec). */
static result_t
check_special(message_t *m, unsigned sec, unsigned i, size_t start,
              const message_rr_t *rr) {
	bool last = (sec == MESSAGE_SEC_ADDITIONAL &&
	             i + 1u == m->counts[MESSAGE_SEC_ADDITIONAL]);

	if (rr->type == RRTYPE_OPT) {
		/* Owned by the root (maybe by a pointer to it), in
		 * additional, at most once. */
		name_t owner;
		size_t p = rr->owner;
		if (name_fromwire(&owner, m->wire, m->len, &p) != R_OK ||
		    owner.labels != 1 || sec != MESSAGE_SEC_ADDITIONAL ||
		    m->has_opt)
		{
			return R_FORMERR;
		}
		m->has_opt = true;
		m->opt = start;
		m->udp_size = rr->rclass;
		m->ext_rcode = (uint8_t)(rr->ttl >> 24);
		m->edns_version = (uint8_t)(rr->ttl >> 16);
		m->edns_flags = (uint16_t)rr->ttl;
		m->dnssec_ok = (rr->ttl & 0x8000) != 0;
		m->opt_rdata = rr->rdata;
		m->opt_rdlen = rr->rdlen;
		opt_scan(m);
	} else if (rr->type == RRTYPE_TSIG) {
		if (!last || rr->rclass != RRCLASS_ANY) {
			return R_FORMERR;
		}
		m->has_tsig = true;
		m->tsig = start;
		m->tsig_rr = *rr;
	} else if (rr->type == RRTYPE_SIG && rr->rdlen >= 2 &&
	           be16(m->wire + rr->rdata) == 0)
	{
		/* SIG(0): a transaction signature, so last as TSIG is. */
		if (!last || rr->rclass != RRCLASS_ANY) {
			return R_FORMERR;
		}
		m->has_sig0 = true;
		m->tsig = start;
		m->tsig_rr = *rr;
	}
	return R_OK;
}

static result_t
parse_section(message_t *m, unsigned sec, size_t *pos, bool *class_set) {
	for (unsigned i = 0; i < m->counts[sec]; i++) {
		message_rr_t rr;
		size_t start = *pos;
		size_t outlen;
		result_t r;

		r = message_rr_read(m, pos, &rr);
		if (r != R_OK) {
			return r;
		}
		if (!*class_set) {
			if (rr.type != RRTYPE_OPT && rr.type != RRTYPE_TSIG &&
			    rr.type != RRTYPE_TKEY) {
				m->qclass = rr.rclass;
				*class_set = true;
			}
		} else if (m->opcode != OPCODE_UPDATE &&
		           rr.rclass != m->qclass && !class_exempt(rr.type))
		{
			return R_FORMERR;
		}
		/* Meta types (and type 0) are not data: outside UPDATE
		 * only OPT and TSIG (and TKEY, whose rdata decides) may
		 * appear, as named 9.18 answers. */
		if (m->opcode != OPCODE_UPDATE && rr.type != RRTYPE_OPT &&
		    rr.type != RRTYPE_TSIG && rr.type != RRTYPE_TKEY &&
		    (rr.type == 0 ||
		     (rrtype_flags(rr.type) & RRTYPE_F_META) != 0))
		{
			return R_FORMERR;
		}
		/* Placement rules first, as named checks them before it
		 * reads the rdata (a TSIG in UPDATE's update section too). */
		r = check_special(m, sec, i, start, &rr);
		if (r != R_OK) {
			return r;
		}
		/* UPDATE (RFC 2136): prerequisites of class ANY or NONE and
		 * updates of class ANY name RRsets, not records, and must be
		 * empty; a deletion (class NONE) carries a record of the
		 * zone's class, read as such. */
		uint16_t rdclass = rr.rclass;
		if (m->opcode == OPCODE_UPDATE &&
		    ((sec == MESSAGE_SEC_ANSWER &&
		      (rr.rclass == RRCLASS_ANY || rr.rclass == RRCLASS_NONE)) ||
		     (sec == MESSAGE_SEC_AUTHORITY && rr.rclass == RRCLASS_ANY)))
		{
			if (rr.rdlen != 0) {
				return R_FORMERR;
			}
			continue;
		}
		if (m->opcode == OPCODE_UPDATE && sec == MESSAGE_SEC_AUTHORITY &&
		    rr.rclass == RRCLASS_NONE)
		{
			rdclass = m->qclass;
		}
		r = rdata_fromwire(rr.type, rdclass, m->wire, m->len,
		                   rr.rdata, rr.rdlen, true, rdata_scratch,
		                   sizeof(rdata_scratch), &outlen);
		if (r != R_OK) {
			/* Options that fit but say something wrong (BIND's
			 * OPTERR, not a short read): named still puts an OPT
			 * in its FORMERR answer. */
			m->opt_error = rr.type == RRTYPE_OPT &&
			               rdata_opt_is_opterr(m->wire + rr.rdata,
			                                   rr.rdlen);
			return R_FORMERR;
		}
	}
	return R_OK;
}

result_t
message_parse(message_t *m, const uint8_t *wire, size_t len) {
	wire_t w;
	uint16_t hflags;
	bool class_set;
	size_t pos;
	result_t r;

	/* Everything but the 385-octet qname, which is written before it
	 * is read: no field can keep a value from an earlier packet. */
	memset(m, 0, offsetof(message_t, qname));
	memset(&m->qtype, 0, sizeof(*m) - offsetof(message_t, qtype));
	m->wire = wire;
	m->len = len;
	if (len < MESSAGE_HEADERLEN) {
		return R_UNEXPECTEDEND;
	}
	wire_init(&w, wire, len);
	m->id = wire_read_u16(&w);
	hflags = wire_read_u16(&w);
	m->opcode = (uint8_t)((hflags >> 11) & 0xf);
	m->rcode = (uint8_t)(hflags & 0xf);
	m->flags = hflags & (uint16_t)~0x780f;
	for (unsigned s = 0; s < 4; s++) {
		m->counts[s] = wire_read_u16(&w);
	}
	pos = MESSAGE_HEADERLEN;
	m->section[MESSAGE_SEC_QUESTION] = pos;
	r = parse_questions(m, &pos);
	if (r != R_OK) {
		return r;
	}
	class_set = m->counts[MESSAGE_SEC_QUESTION] > 0;
	for (unsigned s = 1; s < 4; s++) {
		m->section[s] = pos;
		r = parse_section(m, s, &pos, &class_set);
		if (r != R_OK) {
			return r;
		}
	}
	m->end = pos;
	m->trailing = len - pos;
	return R_OK;
}

message_verdict_t
message_verdict(const message_t *m, result_t r) {
	if (m->len < MESSAGE_HEADERLEN || (m->flags & MESSAGE_F_QR) != 0) {
		return MESSAGE_DROP;
	}
	return r == R_OK ? MESSAGE_OK : MESSAGE_FORMERR;
}
