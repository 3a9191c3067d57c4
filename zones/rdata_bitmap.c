/*
 * rdata_bitmap.c - RFC 4034 type bitmaps and the four types that carry a
 * type list: NSEC (RFC 4034), NSEC3 (RFC 5155), CSYNC (RFC 7477) and the
 * obsolete NXT (RFC 2535, a flat bitmap of types 1..127).
 *
 * Presentation follows BIND 9.18: NSEC's next name and every name here
 * except NXT's is written absolute (BIND does not relativize them); NXT
 * prints unknown types as bare numbers, the others as TYPEnnn.
 * Text checks follow BIND: NSEC needs at least one type, an SHA-1 NSEC3
 * hash must be 20 octets, NXT types must be 1..127.
 */
#include "zones/rdata_bitmap.h"

#include "zones/rdata_odd.h"

/* All 65536 type bits, for building a bitmap from unordered text. */
typedef struct typeset {
	uint8_t bits[8192];
} typeset_t;

static void
typeset_add(typeset_t *ts, uint16_t type) {
	ts->bits[type >> 3] |= (uint8_t)(0x80 >> (type & 7));
}

static result_t
typeset_emit(const typeset_t *ts, wire_t *out) {
	for (unsigned win = 0; win < 256; win++) {
		const uint8_t *w = ts->bits + win * 32;
		int last = -1;
		for (int i = 31; i >= 0; i--) {
			if (w[i] != 0) {
				last = i;
				break;
			}
		}
		if (last < 0) {
			continue;
		}
		wire_write_u8(out, (uint8_t)win);
		wire_write_u8(out, (uint8_t)(last + 1));
		wire_write_bytes(out, w, (size_t)last + 1);
	}
	return wire_error(out);
}

static result_t
type_fromtoken(const text_token_t *tok, uint16_t *type) {
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	for (size_t i = 0; i < tok->len; i++) {
		if (tok->text[i] == '\\') {
			return R_UNKNOWNCLASSTYPE;
		}
	}
	if (rrtype_fromtext(tok->text, tok->len, type) != R_OK) {
		return R_UNKNOWNCLASSTYPE;
	}
	return R_OK;
}

result_t
bitmap_fromtext(const text_token_t *toks, size_t ntok, wire_t *out,
		size_t *bad) {
	static _Thread_local typeset_t ts;
	memset(&ts, 0, sizeof(ts));
	for (size_t i = 0; i < ntok; i++) {
		uint16_t type;
		result_t r = type_fromtoken(&toks[i], &type);
		if (r != R_OK) {
			*bad = i;
			return r;
		}
		typeset_add(&ts, type);
	}
	return typeset_emit(&ts, out);
}

result_t
bitmap_fromtypes(const uint16_t *types, size_t ntypes, wire_t *out) {
	static _Thread_local typeset_t ts;
	memset(&ts, 0, sizeof(ts));
	for (size_t i = 0; i < ntypes; i++) {
		typeset_add(&ts, types[i]);
	}
	return typeset_emit(&ts, out);
}

result_t
bitmap_check(const uint8_t *d, size_t len) {
	size_t pos = 0;
	int prev = -1;
	while (pos < len) {
		if (len - pos < 2) {
			return R_FORMERR;
		}
		unsigned win = d[pos], blen = d[pos + 1];
		if ((int)win <= prev || blen < 1 || blen > 32 ||
		    len - pos - 2 < blen || d[pos + 1 + blen] == 0) {
			return R_FORMERR;
		}
		prev = (int)win;
		pos += 2 + blen;
	}
	return R_OK;
}

bool
bitmap_has(const uint8_t *d, size_t len, uint16_t type) {
	size_t pos = 0;
	unsigned want = type >> 8, octet = (type & 0xff) >> 3;
	while (pos + 2 <= len) {
		unsigned win = d[pos], blen = d[pos + 1];
		if (len - pos - 2 < blen) {
			return false;
		}
		if (win == want) {
			return octet < blen &&
			       (d[pos + 2 + octet] & (0x80 >> (type & 7))) != 0;
		}
		pos += 2 + blen;
	}
	return false;
}

void
bitmap_totext(const uint8_t *d, size_t len, textbuf_t *out) {
	size_t pos = 0;
	char buf[16];
	while (pos + 2 <= len) {
		unsigned win = d[pos], blen = d[pos + 1];
		if (len - pos - 2 < blen) {
			return;
		}
		for (unsigned i = 0; i < blen * 8; i++) {
			if ((d[pos + 2 + i / 8] & (0x80 >> (i & 7))) != 0) {
				tb_putc(out, ' ');
				tb_puts(out, rrtype_totext(
						     (uint16_t)(win * 256 + i),
						     buf));
			}
		}
		pos += 2 + blen;
	}
}

/* ---- NSEC: next name, bitmap (non-empty) ---- */

static result_t
nsec_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	size_t bad;
	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	result_t r = odd_name_fromtext(&toks[0], origin, out);
	if (r != R_OK) {
		return odd_fail(err, 0, r);
	}
	if (ntok < 2) {
		/* BIND: an NSEC must list at least one type. */
		return odd_fail(err, ntok, R_FORMERR);
	}
	r = bitmap_fromtext(toks + 1, ntok - 1, out, &bad);
	if (r != R_OK) {
		return odd_fail(err, bad + 1, r);
	}
	return R_OK;
}

static result_t
nsec_check(const uint8_t *d, size_t len) {
	size_t used;
	result_t r = odd_name_check(d, len, &used);
	if (r != R_OK) {
		return r;
	}
	if (used == len) {
		return R_FORMERR; /* BIND: at least one type */
	}
	return bitmap_check(d + used, len - used);
}

static result_t
nsec_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	size_t pos = 0;
	if (nsec_check(rdata, len) != R_OK) {
		return R_FORMERR;
	}
	result_t r = field_name_totext(rdata, len, &pos, NULL, out);
	if (r != R_OK) {
		return r;
	}
	bitmap_totext(rdata + pos, len - pos, out);
	return out->error;
}

static result_t
nsec_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = nsec_check(msg + rdpos, rdlen);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
nsec_walk(const uint8_t *rdata, size_t len, rdata_name_fn fn, void *arg) {
	size_t used;
	if (odd_name_check(rdata, len, &used) != R_OK) {
		return R_FORMERR;
	}
	fn(arg, rdata, 0, false);
	return R_OK;
}

const rdata_ops_t rdata_ops_nsec = {
	.fromtext = nsec_fromtext,
	.totext = nsec_totext,
	.fromwire = nsec_fromwire,
	.walk_names = nsec_walk,
};

/*
 * ---- NSEC3: alg u8, flags u8, iterations u16, salt (len u8, "-" for
 * none), next hashed owner (len u8, base32hex), bitmap (may be empty) ----
 */

#define NSEC3_SHA1 1
#define NSEC3_SHA1_LEN 20
/* The hash must fit an owner label: 63 base32hex digits hold 39 octets. */
#define NSEC3_MAXHASH 39

static result_t
nsec3_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	       const name_t *origin, wire_t *out, rdata_error_t *err) {
	size_t bad;
	uint32_t alg;
	result_t r;
	if (ntok == 0) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	r = odd_number_fromtext(&toks[0], 0xff, &alg);
	if (r != R_OK) {
		return odd_fail(err, 0, r);
	}
	wire_write_u8(out, (uint8_t)alg);
	if (ntok <= 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u8_fromtext(&toks[1], out)) != R_OK) {
		return odd_fail(err, 1, r);
	}
	if (ntok <= 2) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u16_fromtext(&toks[2], out)) != R_OK) {
		return odd_fail(err, 2, r);
	}
	if (ntok <= 3) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	/* Salt: length byte, then hex or nothing for "-". */
	size_t lenpos = wire_pos(out);
	wire_write_u8(out, 0);
	if (!(toks[3].len == 1 && toks[3].text[0] == '-' && !toks[3].quoted)) {
		r = odd_hex_fromtext(&toks[3], 1, out);
		if (r != R_OK) {
			/* BIND's lexer is one token further by then. */
			return odd_fail(err, r == R_BADHEX ? 4 : 3, r);
		}
		size_t slen = wire_pos(out) - lenpos - 1;
		if (slen > 255) {
			return odd_fail(err, 3, R_RANGE);
		}
		out->base[lenpos] = (uint8_t)slen;
	}
	if ((r = wire_error(out)) != R_OK) {
		return odd_fail(err, 3, r);
	}
	if (ntok <= 4) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	lenpos = wire_pos(out);
	wire_write_u8(out, 0);
	r = odd_base32hex_fromtext(&toks[4], out);
	if (r != R_OK) {
		return odd_fail(err, 4, r);
	}
	size_t hlen = wire_pos(out) - lenpos - 1;
	/* BIND: the hash must fit an owner label (63 base32hex digits). */
	if (hlen < 1 || toks[4].len > NAME_MAXLABEL ||
	    (alg == NSEC3_SHA1 && hlen != NSEC3_SHA1_LEN)) {
		return odd_fail(err, 4, R_RANGE);
	}
	out->base[lenpos] = (uint8_t)hlen;
	r = bitmap_fromtext(toks + 5, ntok - 5, out, &bad);
	if (r != R_OK) {
		return odd_fail(err, bad + 5, r);
	}
	return R_OK;
}

/* Offset of the bitmap in checked NSEC3 rdata, or 0 when malformed. */
static size_t
nsec3_check(const uint8_t *d, size_t len) {
	if (len < 5) {
		return 0;
	}
	size_t pos = 4 + (size_t)d[4] + 1; /* after salt */
	if (pos >= len) {
		return 0;
	}
	size_t hlen = d[pos];
	if (hlen < 1 || hlen > NSEC3_MAXHASH || len - pos - 1 < hlen ||
	    (d[0] == NSEC3_SHA1 && hlen != NSEC3_SHA1_LEN)) {
		return 0;
	}
	pos += 1 + hlen;
	if (bitmap_check(d + pos, len - pos) != R_OK) {
		return 0;
	}
	return pos;
}

static result_t
nsec3_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	     const name_t *origin, textbuf_t *out) {
	size_t bm = nsec3_check(rdata, len);
	if (bm == 0) {
		return R_FORMERR;
	}
	tb_printf(out, "%u %u %u ", rdata[0], rdata[1], be16(rdata + 2));
	if (rdata[4] == 0) {
		tb_putc(out, '-');
	} else {
		odd_hex_nosplit(rdata + 5, rdata[4], true, out);
	}
	tb_putc(out, ' ');
	size_t hpos = 5 + (size_t)rdata[4];
	field_base32hex_totext(rdata + hpos + 1, rdata[hpos], out);
	bitmap_totext(rdata + bm, len - bm, out);
	return out->error;
}

static result_t
nsec3_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	       size_t rdpos, size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos ||
	    nsec3_check(msg + rdpos, rdlen) == 0) {
		return R_FORMERR;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_nsec3 = {
	.fromtext = nsec3_fromtext,
	.totext = nsec3_totext,
	.fromwire = nsec3_fromwire,
	.walk_names = NULL,
};

/* ---- CSYNC: SOA serial u32, flags u16, bitmap (may be empty) ---- */

static result_t
csync_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	       const name_t *origin, wire_t *out, rdata_error_t *err) {
	size_t bad;
	result_t r;
	if (ntok == 0) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u32_fromtext(&toks[0], out)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	if (ntok <= 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u16_fromtext(&toks[1], out)) != R_OK) {
		return odd_fail(err, 1, r);
	}
	r = bitmap_fromtext(toks + 2, ntok - 2, out, &bad);
	if (r != R_OK) {
		return odd_fail(err, bad + 2, r);
	}
	return R_OK;
}

static result_t
csync_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	     const name_t *origin, textbuf_t *out) {
	if (len < 6 || bitmap_check(rdata + 6, len - 6) != R_OK) {
		return R_FORMERR;
	}
	tb_printf(out, "%u %u", be32(rdata), be16(rdata + 4));
	bitmap_totext(rdata + 6, len - 6, out);
	return out->error;
}

static result_t
csync_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	       size_t rdpos, size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	if (rdlen < 6) {
		return R_UNEXPECTEDEND;
	}
	result_t r = bitmap_check(msg + rdpos + 6, rdlen - 6);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_csync = {
	.fromtext = csync_fromtext,
	.totext = csync_totext,
	.fromwire = csync_fromwire,
	.walk_names = NULL,
};

/*
 * ---- NXT: next name, then a flat bitmap whose bit n is type n.  Bit 0
 * would mean the never-defined "extended format", which BIND refuses
 * ("bad bitmap"); the map covers types 1..127 at most and may not end in
 * a zero octet. ----
 */

static result_t
nxt_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint8_t map[16] = { 0 };
	size_t maplen = 0;
	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	result_t r = odd_name_fromtext(&toks[0], origin, out);
	if (r != R_OK) {
		return odd_fail(err, 0, r);
	}
	for (size_t i = 1; i < ntok; i++) {
		uint16_t type;
		r = odd_type_fromtext(&toks[i], &type);
		if (r != R_OK) {
			return odd_fail(err, i, r);
		}
		if (type < 1 || type > 127) {
			return odd_fail(err, i, R_RANGE);
		}
		map[type / 8] |= (uint8_t)(0x80 >> (type % 8));
		if ((size_t)type / 8 + 1 > maplen) {
			maplen = (size_t)type / 8 + 1;
		}
	}
	wire_write_bytes(out, map, maplen);
	return wire_error(out);
}

static result_t
nxt_check(const uint8_t *d, size_t len, size_t *bm) {
	size_t used;
	result_t r = odd_name_check(d, len, &used);
	if (r != R_OK) {
		return r;
	}
	size_t mlen = len - used;
	/* Bit 0 would announce the never-defined extended format. */
	if (mlen > 0 &&
	    ((d[used] & 0x80) != 0 || mlen > 16 || d[len - 1] == 0)) {
		return R_BADBITMAP;
	}
	*bm = used;
	return R_OK;
}

static result_t
nxt_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	size_t bm, pos = 0;
	char buf[16];
	if (nxt_check(rdata, len, &bm) != R_OK) {
		return R_FORMERR;
	}
	result_t r = field_name_totext(rdata, len, &pos, origin, out);
	if (r != R_OK) {
		return r;
	}
	for (size_t i = 0; i < (len - bm) * 8 && i < 65536; i++) {
		if ((rdata[bm + i / 8] & (0x80 >> (i % 8))) == 0) {
			continue;
		}
		tb_putc(out, ' ');
		if ((rrtype_flags((uint16_t)i) & RRTYPE_F_KNOWN) != 0) {
			tb_puts(out, rrtype_totext((uint16_t)i, buf));
		} else {
			odd_putu(out, (uint32_t)i);
		}
	}
	return out->error;
}

static result_t
nxt_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	     size_t rdpos, size_t rdlen, wire_t *out) {
	size_t bm;
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = nxt_check(msg + rdpos, rdlen, &bm);
	if (r != R_OK) {
		return r;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_nxt = {
	.fromtext = nxt_fromtext,
	.totext = nxt_totext,
	.fromwire = nxt_fromwire,
	.walk_names = nsec_walk,
};
