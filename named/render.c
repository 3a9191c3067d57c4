/*
 * render.c - response rendering with name compression and truncation.
 *
 * Contract: see render.h.  Every write goes through a wire cursor bounded
 * by r->limit, so nothing is written past it; an RRset is written with a
 * private cursor and committed (pos, counts) only when all of it fitted,
 * and the compression table is cut back to its old size otherwise, so a
 * refused RRset leaves no trace.
 *
 * The compression table is a fixed array of remembered suffixes (offset,
 * length, literal run, key) chained by a key made of the suffix's length
 * and first label; chains run newest first, which is the entry named
 * points at when a suffix was written twice.  A candidate is confirmed
 * against the buffer (its literal octets at once, then label by label
 * through its pointer), so a key collision can never produce a wrong
 * pointer.  Rolling back pops entries newest first, restoring each chain
 * head from the popped entry's link.  The rules of what is looked up and
 * remembered (two suffixes each way) are named 9.18's and are listed in
 * render.h; the unit tests hold captured named responses for each.
 */
#include <string.h>

#include "named/render.h"
#include "zones/rdata.h"
#include "zones/rdata_types.h"
#include "zones/wire.h"

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

/*
 * Key of a suffix: a mix of its length and its first label's length,
 * first and last octets.  Cheap on purpose: two suffixes with one key
 * may still differ, so a key match is confirmed by comparing octets.
 */
static uint16_t
comp_key(const uint8_t *label, size_t suffix_len) {
	uint32_t h = ((uint32_t)suffix_len << 24) | ((uint32_t)label[0] << 16) |
	             ((uint32_t)label[1] << 8) | label[label[0]];

	h *= 2654435761u;
	return (uint16_t)(h >> 16);
}

/*
 * True if the name written at buf[off] (labels, maybe ending in a
 * pointer) has exactly the octets of suf[0..len).  The buffer holds only
 * what we wrote, but the walk is bounded anyway.
 */
static bool
comp_walk_matches(const render_t *r, size_t end, uint16_t off,
                  const uint8_t *suf, size_t len) {
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
		if (memcmp(r->buf + off + 1, suf + i + 1, l) != 0) {
			return false;
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
 * True if entry c (of suf's length) holds the octets of suf: its literal
 * run compared at once, then whatever its pointer leads to label by
 * label.
 */
static bool
comp_matches(const render_t *r, size_t end, const render_comp_t *c,
             const uint8_t *suf) {
	size_t p = (size_t)c->offset + c->literal;

	if (memcmp(r->buf + c->offset, suf, c->literal) != 0) {
		return false;
	}
	if (c->literal == c->length) {
		return true;
	}
	return p + 1 < end &&
	       comp_walk_matches(
	               r, end,
	               (uint16_t)(((r->buf[p] & 0x3f) << 8) | r->buf[p + 1]),
	               suf + c->literal, c->length - c->literal);
}

/*
 * Finds the newest remembered suffix with the octets of n's suffix that
 * starts at label i; its offset, or 0 when there is none (no name can
 * start at offset 0, the header's).
 */
static uint16_t
comp_find(const render_t *r, size_t end, const name_t *n, unsigned i,
          uint16_t key) {
	size_t slen = n->length - n->offsets[i];
	unsigned k = r->chain[key & (RENDER_COMPBUCKETS - 1)];

	while (k != 0) {
		const render_comp_t *c = &r->comp[k - 1];
		if (c->key == key && c->length == slen &&
		    comp_matches(r, end, c, n->wire + n->offsets[i]))
		{
			return c->offset;
		}
		k = c->next;
	}
	return 0;
}

/* Remembers that a suffix of `length` octets with `key` starts at off,
 * its first `literal` octets as labels (then a pointer, if short). */
static void
comp_add(render_t *r, size_t off, size_t length, size_t literal,
         uint16_t key) {
	render_comp_t *c;
	unsigned b = key & (RENDER_COMPBUCKETS - 1);

	if (r->ncomp == RENDER_MAXCOMP) {
		return;
	}
	c = &r->comp[r->ncomp];
	c->offset = (uint16_t)off;
	c->length = (uint16_t)length;
	c->literal = (uint16_t)literal;
	c->key = key;
	c->next = r->chain[b];
	r->ncomp++;
	r->chain[b] = (uint16_t)r->ncomp;
}

/* Forgets the entries from index ncomp on (an RRset that did not fit):
 * newest first, so each chain head goes back to what it was. */
static void
comp_rollback(render_t *r, unsigned ncomp) {
	while (r->ncomp > ncomp) {
		const render_comp_t *c = &r->comp[--r->ncomp];
		r->chain[c->key & (RENDER_COMPBUCKETS - 1)] = c->next;
	}
}

/*
 * Writes n at w's position, compressed when compress is set, and
 * remembers the first two suffixes of what it wrote literally (named
 * looks up and offers no more than two suffixes of a name).  Returns the
 * offset that names the whole of n from now on: where it starts, or the
 * pointer's target when n went out as a bare pointer; 0xffff if that is
 * not below 0x4000.  Pointers only aim at names written before n.
 */
static uint16_t
write_name(render_t *r, wire_t *w, const name_t *n, bool compress) {
	uint16_t key[2];
	unsigned nsuf = n->labels - 1u; /* suffixes before the root */
	unsigned match = nsuf;          /* first label pointed at */
	uint16_t target = 0;
	size_t start = wire_pos(w);

	if (nsuf > 2) {
		nsuf = 2;
	}
	/* A suffix's key is wanted to look it up or to remember it; the
	 * second one is needed only when the first is not found. */
	for (unsigned i = 0; i < nsuf; i++) {
		key[i] = comp_key(n->wire + n->offsets[i],
		                  n->length - n->offsets[i]);
		if (compress && r->ncomp > 0) {
			target = comp_find(r, start, n, i, key[i]);
			if (target != 0) {
				match = i;
				break;
			}
		}
	}
	if (target == 0) {
		match = n->labels - 1u;
		wire_write_bytes(w, n->wire, n->length);
	} else {
		wire_write_bytes(w, n->wire, n->offsets[match]);
		wire_write_u16(w, (uint16_t)(0xc000 | target));
	}
	if (wire_error(w) != R_OK) {
		return 0xffff;
	}
	for (unsigned i = 0; i < match && i < nsuf; i++) {
		size_t off = start + n->offsets[i];
		size_t lit = target == 0 ? n->length : n->offsets[match];
		if (off >= 0x4000) {
			break;
		}
		comp_add(r, off, n->length - n->offsets[i],
		         lit - n->offsets[i], key[i]);
	}
	if (match == 0) {
		return target;
	}
	return start < 0x4000 ? (uint16_t)start : 0xffff;
}

/* The state of one rdata being written, for the name walk's callback. */
typedef struct {
	render_t *r;
	wire_t *w;
	const uint8_t *rd;
	size_t len;
	size_t done; /* rd[0..done) is written */
	bool bad;
} rdwrite_t;

/* Writes the rdata up to a name and the name, compressed or not. */
static void
write_rdname(void *arg, const uint8_t *rdata, size_t offset,
             bool compressible) {
	rdwrite_t *c = arg;
	name_t nm;
	size_t used;

	(void)rdata;
	if (c->bad || offset < c->done ||
	    name_fromwire_raw(&nm, c->rd + offset, c->len - offset, &used) !=
	            R_OK)
	{
		c->bad = true;
		return;
	}
	wire_write_bytes(c->w, c->rd + c->done, offset - c->done);
	(void)write_name(c->r, c->w, &nm, compressible);
	c->done = offset + used;
}

/*
 * Writes one rdata: names compressed where the type allows it, and the
 * names of every type remembered.  Names are where (type, rclass) has
 * them: a CHAOS A record starts with a compressible name, and the types
 * defined only for IN are opaque octets in other classes, as named
 * treats them.  R_FORMERR if a type with names to compress has rdata
 * whose names do not parse.
 */
static result_t
write_rdata(render_t *r, wire_t *w, uint16_t type, uint16_t rclass,
            const uint8_t *rd, uint16_t len) {
	rdwrite_t c = {.r = r, .w = w, .rd = rd, .len = len};
	size_t lenpos = wire_pos(w);
	unsigned ncomp = r->ncomp;
	bool compress;

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
		write_rdname(&c, rd, 0, true);
		if (c.bad || c.done != len) {
			return R_FORMERR;
		}
		break;
	case RRTYPE_A:
		if (rclass == RRCLASS_CH) {
			/* A domain name and a 16-bit address. */
			write_rdname(&c, rd, 0, true);
			if (c.bad || len - c.done != 2) {
				return R_FORMERR;
			}
			wire_write_bytes(w, rd + c.done, 2);
			break;
		}
		wire_write_bytes(w, rd, len);
		return R_OK;
	case RRTYPE_AAAA:
	case RRTYPE_TXT:
		wire_write_bytes(w, rd, len);
		return R_OK;
	default:
		if (rclass != RRCLASS_IN && rrtype_desc(type, rclass) == NULL) {
			wire_write_bytes(w, rd, len);
			return R_OK;
		}
		compress = (rrtype_flags(type) & RRTYPE_F_COMPRESS) != 0;
		if (rdata_walk_names(type, rd, len, write_rdname, &c) !=
		            R_OK ||
		    c.bad)
		{
			if (compress) {
				return R_FORMERR;
			}
			/* Nothing to compress: named would have refused
			 * such rdata at load; send it as stored. */
			wire_seek(w, lenpos + 2);
			comp_rollback(r, ncomp);
			wire_write_bytes(w, rd, len);
			return R_OK;
		}
		wire_write_bytes(w, rd + c.done, len - c.done);
	}
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
	(void)write_name(r, &w, qname, true);
	wire_write_u16(&w, qtype);
	wire_write_u16(&w, qclass);
	if (wire_error(&w) != R_OK) {
		comp_rollback(r, ncomp);
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
	uint16_t owner_off = 0xffff;

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
		if (owner_off < 0x4000) {
			/* named names the owner of every record after the
			 * first by where the first one's name is. */
			wire_write_u16(&w, (uint16_t)(0xc000 | owner_off));
		} else {
			owner_off = write_name(r, &w, owner, true);
		}
		wire_write_u16(&w, type);
		wire_write_u16(&w, rclass);
		wire_write_u32(&w, ttl);
		if (write_rdata(r, &w, type, rclass, rdata[i], rdlen[i]) !=
		    R_OK) {
			comp_rollback(r, ncomp);
			return R_FORMERR;
		}
	}
	if (wire_error(&w) != R_OK) {
		comp_rollback(r, ncomp);
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

	/* named keeps RD and CD only for a QUERY, and echoes the question
	 * only for the opcodes it implements (QUERY 0, NOTIFY 4, UPDATE 5). */
	uint16_t keep = m->opcode == 0 ? (MESSAGE_F_RD | MESSAGE_F_CD) : 0;
	unsigned nq = (m->opcode == 0 || m->opcode == 4 || m->opcode == 5)
	                      ? m->counts[MESSAGE_SEC_QUESTION]
	                      : 0;
	res = render_init(&r, buf, bufsize, bufsize, m->id, m->opcode,
	                  (uint16_t)(MESSAGE_F_QR | (m->flags & keep)));
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
	for (unsigned i = 0; i < nq; i++) {
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
