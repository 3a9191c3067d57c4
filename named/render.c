/*
 * render.c - response rendering with name compression and truncation.
 *
 * Contract: see render.h.  Every write goes through a wire cursor bounded
 * by r->limit, so nothing is written past it; an RRset is written with a
 * private cursor and committed (pos, counts) only when all of it fitted,
 * and the compression table is cut back to its old size otherwise, so a
 * refused RRset leaves no trace.
 *
 * The compression table remembers, for every name written literally, the
 * offset of each of its suffixes (a suffix starting at or beyond 0x4000
 * cannot be pointed at and is not kept) with the suffix's length and a
 * hash of its octets.  A lookup hashes the name's suffixes from the right
 * and checks a candidate by walking the labels in the buffer, so a hash
 * collision can never produce a wrong pointer.
 */
#include <string.h>

#include "named/render.h"
#include "zones/rdata.h"
#include "zones/wire.h"

/* Names embedded in one rdata: SOA and MINFO have two, none has more
 * than a handful. */
#define RENDER_MAXRDNAMES 8

result_t
render_init(render_t *r, uint8_t *buf, size_t bufsize, size_t limit,
            uint16_t id, uint8_t opcode, uint16_t flags) {
	if (limit > bufsize) {
		limit = bufsize;
	}
	if (limit > 65535) {
		limit = 65535;
	}
	if (limit < MESSAGE_HEADERLEN) {
		return R_NOSPACE;
	}
	memset(r, 0, offsetof(render_t, comp));
	r->buf = buf;
	r->limit = limit;
	r->pos = MESSAGE_HEADERLEN;
	r->id = id;
	r->opcode = opcode & 0xf;
	r->flags = flags & (uint16_t)~0x780f;
	return R_OK;
}

void
render_set_rcode(render_t *r, uint16_t rcode) {
	r->rcode = rcode & 0xfff;
}

result_t
render_reserve(render_t *r, size_t n) {
	if (r->limit - r->pos < n) {
		return R_NOSPACE;
	}
	r->limit -= n;
	r->reserved += n;
	return R_OK;
}

result_t
render_set_edns(render_t *r, const render_edns_t *e) {
	size_t need = 11 + (size_t)e->options_len;

	if (r->has_edns) {
		/* Replace: give back the old reservation first. */
		r->limit += 11 + (size_t)r->edns.options_len;
		r->reserved -= 11 + (size_t)r->edns.options_len;
		r->has_edns = false;
	}
	if (render_reserve(r, need) != R_OK) {
		return R_NOSPACE;
	}
	r->edns = *e;
	r->has_edns = true;
	return R_OK;
}

bool
render_isfull(const render_t *r) {
	return r->full;
}

/* FNV-1a step over a run of octets. */
static uint32_t
hash_bytes(uint32_t h, const uint8_t *p, size_t n) {
	for (size_t i = 0; i < n; i++) {
		h = (h ^ p[i]) * 16777619u;
	}
	return h;
}

/*
 * True if the name written at buf[off] (labels, maybe ending in a
 * pointer) has exactly the octets of suf[0..len).  The buffer holds only
 * what we wrote, but the walk is bounded anyway.
 */
static bool
comp_matches(const render_t *r, size_t end, uint16_t off, const uint8_t *suf,
             size_t len) {
	size_t i = 0;
	unsigned hops = 0;

	while (off < end) {
		uint8_t l = r->buf[off];
		if ((l & 0xc0) == 0xc0) {
			if ((size_t)off + 1 >= end || ++hops > 127) {
				return false;
			}
			off = (uint16_t)(((l & 0x3f) << 8) | r->buf[off + 1]);
			continue;
		}
		if (i >= len || suf[i] != l || off + 1u + l > end ||
		    i + 1u + l > len) {
			return false;
		}
		/* Labels are short: a loop beats a call to memcmp. */
		for (unsigned j = 1; j <= l; j++) {
			if (r->buf[off + j] != suf[i + j]) {
				return false;
			}
		}
		i += 1u + l;
		off = (uint16_t)(off + 1u + l);
		if (l == 0) {
			return i == len;
		}
	}
	return false;
}

/*
 * Writes n at w's position, compressed when compress is set, and
 * remembers its literal suffixes.  end is the offset up to which the
 * buffer holds finished data (pointers may only aim below it).
 */
static void
write_name(render_t *r, wire_t *w, const name_t *n, bool compress) {
	uint32_t h[NAME_MAXLABELS];
	unsigned match = n->labels - 1u; /* the root: no pointer */
	uint16_t target = 0;
	size_t start = wire_pos(w);

	if (!compress) {
		wire_write_bytes(w, n->wire, n->length);
		return;
	}
	h[n->labels - 1] = 2166136261u;
	for (int i = n->labels - 2; i >= 0; i--) {
		const uint8_t *lab = n->wire + n->offsets[i];
		h[i] = hash_bytes(h[i + 1], lab, 1u + lab[0]);
	}
	for (unsigned i = 0; i + 1u < n->labels && match == n->labels - 1u; i++)
	{
		size_t slen = n->length - n->offsets[i];
		for (unsigned k = 0; k < r->ncomp; k++) {
			const render_comp_t *c = &r->comp[k];
			if (c->hash == h[i] && c->length == slen &&
			    comp_matches(r, start, c->offset,
			                 n->wire + n->offsets[i], slen))
			{
				match = i;
				target = c->offset;
				break;
			}
		}
	}
	if (match == n->labels - 1u) {
		wire_write_bytes(w, n->wire, n->length);
	} else {
		wire_write_bytes(w, n->wire, n->offsets[match]);
		wire_write_u16(w, (uint16_t)(0xc000 | target));
	}
	if (wire_error(w) != R_OK) {
		return;
	}
	for (unsigned i = 0; i < match && r->ncomp < RENDER_MAXCOMP; i++) {
		size_t off = start + n->offsets[i];
		if (off >= 0x4000) {
			break;
		}
		r->comp[r->ncomp].offset = (uint16_t)off;
		r->comp[r->ncomp].length =
		        (uint16_t)(n->length - n->offsets[i]);
		r->comp[r->ncomp].hash = h[i];
		r->ncomp++;
	}
}

typedef struct {
	size_t off[RENDER_MAXRDNAMES];
	unsigned n;
	bool overflow;
} rdnames_t;

static void
collect_name(void *arg, const uint8_t *rdata, size_t offset,
             bool compressible) {
	rdnames_t *c = arg;

	if (!compressible) {
		return;
	}
	if (c->n == RENDER_MAXRDNAMES) {
		c->overflow = true;
		return;
	}
	c->off[c->n++] = offset;
}

/* Writes one rdata, compressing the names the type allows. */
static result_t
write_rdata(render_t *r, wire_t *w, uint16_t type, const uint8_t *rd,
            uint16_t len) {
	rdnames_t names = {.n = 0};
	size_t lenpos = wire_pos(w);
	size_t done = 0;
	bool whole = false; /* the rdata must be exactly one name */

	wire_write_u16(w, len);
	switch (type) {
	case RRTYPE_NS:
	case RRTYPE_CNAME:
	case RRTYPE_PTR:
	case RRTYPE_MB:
	case RRTYPE_MD:
	case RRTYPE_MF:
	case RRTYPE_MG:
	case RRTYPE_MR:
		/* The rdata is one name and nothing else: the common case
		 * of the hot path skips the descriptor walk. */
		names.off[0] = 0;
		names.n = 1;
		whole = true;
		break;
	case RRTYPE_A:
	case RRTYPE_AAAA:
		wire_write_bytes(w, rd, len);
		return R_OK;
	default:
		if ((rrtype_flags(type) & RRTYPE_F_COMPRESS) == 0) {
			wire_write_bytes(w, rd, len);
			return R_OK;
		}
		if (rdata_walk_names(type, rd, len, collect_name, &names) !=
		            R_OK ||
		    names.overflow)
		{
			return R_FORMERR;
		}
	}
	for (unsigned i = 0; i < names.n; i++) {
		name_t nm;
		size_t used;
		if (names.off[i] < done ||
		    name_fromwire_raw(&nm, rd + names.off[i],
		                      len - names.off[i], &used) != R_OK)
		{
			return R_FORMERR;
		}
		wire_write_bytes(w, rd + done, names.off[i] - done);
		write_name(r, w, &nm, true);
		done = names.off[i] + used;
	}
	if (whole && done != len) {
		return R_FORMERR;
	}
	wire_write_bytes(w, rd + done, len - done);
	if (wire_error(w) == R_OK) {
		put16(r->buf + lenpos, (uint16_t)(wire_pos(w) - lenpos - 2));
	}
	return R_OK;
}

/* Marks the response full; TC only for answer and authority data. */
static void
set_full(render_t *r, unsigned sec) {
	r->full = true;
	if (sec != MESSAGE_SEC_ADDITIONAL) {
		r->flags |= MESSAGE_F_TC;
	}
}

result_t
render_question(render_t *r, const name_t *qname, uint16_t qtype,
                uint16_t qclass) {
	wire_t w;
	unsigned ncomp = r->ncomp;

	if (r->full) {
		return R_NOSPACE;
	}
	if (r->section != MESSAGE_SEC_QUESTION ||
	    r->counts[MESSAGE_SEC_QUESTION] == 0xffff)
	{
		return R_RANGE;
	}
	wire_init(&w, r->buf, r->limit);
	w.pos = r->pos;
	write_name(r, &w, qname, true);
	wire_write_u16(&w, qtype);
	wire_write_u16(&w, qclass);
	if (wire_error(&w) != R_OK) {
		r->ncomp = ncomp;
		set_full(r, MESSAGE_SEC_QUESTION);
		return R_NOSPACE;
	}
	r->pos = wire_pos(&w);
	r->counts[MESSAGE_SEC_QUESTION]++;
	return R_OK;
}

result_t
render_rrset(render_t *r, unsigned sec, const name_t *owner, uint16_t type,
             uint16_t rclass, uint32_t ttl, const uint8_t *const *rdata,
             const uint16_t *rdlen, size_t n) {
	wire_t w;
	unsigned ncomp = r->ncomp;

	if (sec < MESSAGE_SEC_ANSWER || sec > MESSAGE_SEC_ADDITIONAL ||
	    sec < r->section)
	{
		return R_RANGE;
	}
	if (r->full) {
		return R_NOSPACE;
	}
	if (n > 0xffffu - r->counts[sec]) {
		set_full(r, sec);
		return R_NOSPACE;
	}
	r->section = sec;
	wire_init(&w, r->buf, r->limit);
	w.pos = r->pos;
	for (size_t i = 0; i < n && wire_error(&w) == R_OK; i++) {
		write_name(r, &w, owner, true);
		wire_write_u16(&w, type);
		wire_write_u16(&w, rclass);
		wire_write_u32(&w, ttl);
		if (write_rdata(r, &w, type, rdata[i], rdlen[i]) != R_OK) {
			r->ncomp = ncomp;
			return R_FORMERR;
		}
	}
	if (wire_error(&w) != R_OK) {
		r->ncomp = ncomp;
		set_full(r, sec);
		return R_NOSPACE;
	}
	r->pos = wire_pos(&w);
	r->counts[sec] = (uint16_t)(r->counts[sec] + n);
	return R_OK;
}

result_t
render_finish(render_t *r, size_t *len) {
	wire_t w;
	size_t optlen = 0;

	if (r->has_edns) {
		optlen = 11 + (size_t)r->edns.options_len;
		r->limit += optlen;
		r->reserved -= optlen;
		if (r->counts[MESSAGE_SEC_ADDITIONAL] == 0xffff) {
			return R_NOSPACE;
		}
	}
	wire_init(&w, r->buf, r->limit);
	w.pos = r->pos;
	if (r->has_edns) {
		uint32_t ttl = ((uint32_t)(r->rcode >> 4) << 24) |
		               ((uint32_t)r->edns.version << 16) |
		               (r->edns.dnssec_ok ? 0x8000u : 0);
		wire_write_u8(&w, 0);
		wire_write_u16(&w, RRTYPE_OPT);
		wire_write_u16(&w, r->edns.udp_size);
		wire_write_u32(&w, ttl);
		wire_write_u16(&w, r->edns.options_len);
		wire_write_bytes(&w, r->edns.options, r->edns.options_len);
		r->counts[MESSAGE_SEC_ADDITIONAL]++;
	}
	if (wire_error(&w) != R_OK) {
		return R_NOSPACE;
	}
	r->pos = wire_pos(&w);
	put16(r->buf, r->id);
	put16(r->buf + 2, (uint16_t)(r->flags | ((unsigned)r->opcode << 11) |
	                             (r->rcode & 0xf)));
	for (unsigned s = 0; s < 4; s++) {
		put16(r->buf + 4 + 2 * s, r->counts[s]);
	}
	*len = r->pos;
	return R_OK;
}

result_t
render_formerr(const message_t *m, uint16_t udp_size, uint8_t *buf,
               size_t bufsize, size_t *len) {
	render_t r;
	size_t pos = m->section[MESSAGE_SEC_QUESTION];
	result_t res;

	res = render_init(
	        &r, buf, bufsize, bufsize, m->id, m->opcode,
	        (uint16_t)(MESSAGE_F_QR |
	                   (m->flags & (MESSAGE_F_RD | MESSAGE_F_CD))));
	if (res != R_OK) {
		return res;
	}
	render_set_rcode(&r, 1);
	if (m->opt_error) {
		render_edns_t e = {.udp_size = udp_size};
		if (render_set_edns(&r, &e) != R_OK) {
			return R_NOSPACE;
		}
	}
	/* counts[0] > 0 only if every question parsed, so these reads
	 * succeed; they are checked all the same. */
	for (unsigned i = 0; i < m->counts[MESSAGE_SEC_QUESTION]; i++) {
		name_t qn;
		if (name_fromwire(&qn, m->wire, m->len, &pos) != R_OK ||
		    pos + 4 > m->len) {
			return R_FORMERR;
		}
		res = render_question(&r, &qn, be16(m->wire + pos),
		                      be16(m->wire + pos + 2));
		if (res != R_OK) {
			return res;
		}
		pos += 4;
	}
	return render_finish(&r, len);
}
