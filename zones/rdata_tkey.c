/*
 * rdata_tkey.c - the transaction meta types TKEY (RFC 2930) and TSIG
 * (RFC 8945).  They never appear in master files (the reader refuses meta
 * types); the text forms matter for logs and tools, and follow BIND 9.18:
 *   TKEY  "alg. inception expire mode error keysize key othersize other"
 *   TSIG  "alg. timesigned fudge macsize mac origid error othersize other"
 * Numbers are decimal, the error a TSIG/DNS rcode mnemonic when one
 * exists, key/MAC base64 (split into 56-character words; an empty one
 * leaves two spaces, as in BIND).  The algorithm name is not compressed.
 */
#include "zones/rdata_odd.h"

/* Extended rcodes as TSIG/TKEY print them (RFC 2845, 2930, 4635). */
static const odd_mnemonic_t tsig_rcodes[] = {
	{ 0, "NOERROR" },     { 1, "FORMERR" },	    { 2, "SERVFAIL" },
	{ 3, "NXDOMAIN" },    { 4, "NOTIMP" },	    { 5, "REFUSED" },
	{ 6, "YXDOMAIN" },    { 7, "YXRRSET" },	    { 8, "NXRRSET" },
	{ 9, "NOTAUTH" },     { 10, "NOTZONE" },    { 11, "RESERVED11" },
	{ 12, "RESERVED12" }, { 13, "RESERVED13" }, { 14, "RESERVED14" },
	{ 15, "RESERVED15" }, { 16, "BADSIG" },	    { 17, "BADKEY" },
	{ 18, "BADTIME" },    { 19, "BADMODE" },    { 20, "BADNAME" },
	{ 21, "BADALG" },     { 22, "BADTRUNC" },   { 0, NULL },
};

static void
rcode_totext(uint16_t v, textbuf_t *out) {
	const char *n = odd_mnemonic_name(tsig_rcodes, v);
	if (n != NULL) {
		tb_puts(out, n);
	} else {
		odd_putu(out, v);
	}
}

/*
 * toks[*i] is a u16 length n; then n octets of base64 follow, possibly
 * split over several tokens (as totext splits them into words).  Advances
 * *i past what it used.
 */
static result_t
sized_base64_fromtext(const text_token_t *toks, size_t ntok, size_t *i,
		      wire_t *out) {
	uint32_t n;
	result_t r = odd_number_fromtext(&toks[*i], 0xffff, &n);
	if (r != R_OK) {
		return r;
	}
	wire_write_u16(out, (uint16_t)n);
	(*i)++;
	if (n == 0) {
		return wire_error(out);
	}
	size_t start = wire_pos(out);
	for (size_t j = *i; j < ntok; j++) {
		wire_seek(out, start);
		r = odd_base64_fromtext(toks + *i, j - *i + 1, out);
		if (r == R_OK && wire_pos(out) - start == n) {
			*i = j + 1;
			return wire_error(out);
		}
		if (r == R_OK ? wire_pos(out) - start > n : r != R_BADBASE64) {
			/* Too long, or padding ended it short of n. */
			return r == R_UNEXPECTEDTOKEN ? r : R_BADBASE64;
		}
	}
	return *i < ntok ? R_BADBASE64 : R_UNEXPECTEDEND;
}

/* Checks "name, fixed octets, u16-sized blob, [fixed2], u16-sized blob"
 * and returns the offset after the name.  [raw network bytes] */
static result_t
meta_check(const uint8_t *d, size_t len, size_t fixed1, size_t fixed2,
	   size_t *namelen) {
	size_t pos;
	if (odd_name_check(d, len, &pos) != R_OK) {
		return R_FORMERR;
	}
	*namelen = pos;
	if (len - pos < fixed1 + 2) {
		return R_FORMERR;
	}
	pos += fixed1;
	size_t n = be16(d + pos);
	if (len - pos - 2 < n) {
		return R_FORMERR;
	}
	pos += 2 + n;
	if (len - pos < fixed2 + 2) {
		return R_FORMERR;
	}
	pos += fixed2;
	n = be16(d + pos);
	return len - pos - 2 == n ? R_OK : R_FORMERR;
}

/* ---- TKEY: name, inception u32, expire u32, mode u16, error u16,
 *      key (u16 + data), other (u16 + data) ---- */

static result_t
tkey_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint32_t v;
	result_t r;
	size_t i;
	if (ntok < 7) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_name_fromtext(&toks[0], origin, out)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	for (i = 1; i <= 2; i++) {
		if ((r = odd_u32_fromtext(&toks[i], out)) != R_OK) {
			return odd_fail(err, i, r);
		}
	}
	if ((r = odd_u16_fromtext(&toks[3], out)) != R_OK) {
		return odd_fail(err, 3, r);
	}
	if ((r = odd_mnemonic_fromtext(tsig_rcodes, &toks[4], 0xffff, &v)) !=
	    R_OK) {
		return odd_fail(err, 4, r);
	}
	wire_write_u16(out, (uint16_t)v);
	i = 5;
	for (int blob = 0; blob < 2; blob++) {
		if (i >= ntok) {
			return odd_fail(err, ntok, R_UNEXPECTEDEND);
		}
		size_t at = i;
		if ((r = sized_base64_fromtext(toks, ntok, &i, out)) != R_OK) {
			return odd_fail(err, at, r);
		}
	}
	if (i < ntok) {
		return odd_fail(err, i, R_EXTRATOKEN);
	}
	return wire_error(out);
}

static result_t
tkey_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	size_t pos = 0, nl;
	if (meta_check(rdata, len, 12, 0, &nl) != R_OK) {
		return R_FORMERR;
	}
	result_t r = field_name_totext(rdata, len, &pos, origin, out);
	if (r != R_OK) {
		return r;
	}
	const uint8_t *d = rdata + nl;
	tb_printf(out, " %u %u %u ", be32(d), be32(d + 4), be16(d + 8));
	rcode_totext(be16(d + 10), out);
	size_t klen = be16(d + 12);
	tb_printf(out, " %zu ", klen);
	field_base64_totext(d + 14, klen, out);
	size_t olen = be16(d + 14 + klen);
	tb_printf(out, " %zu", olen);
	if (olen > 0) {
		tb_putc(out, ' ');
		field_base64_totext(d + 16 + klen, olen, out);
	}
	return out->error;
}

static result_t
tkey_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	size_t nl;
	if (rdpos > msglen || rdlen > msglen - rdpos ||
	    meta_check(msg + rdpos, rdlen, 12, 0, &nl) != R_OK) {
		return R_FORMERR;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
meta_walk(const uint8_t *rdata, size_t len, rdata_name_fn fn, void *arg) {
	size_t used;
	if (odd_name_check(rdata, len, &used) != R_OK) {
		return R_FORMERR;
	}
	fn(arg, rdata, 0, false);
	return R_OK;
}

const rdata_ops_t rdata_ops_tkey = {
	.fromtext = tkey_fromtext,
	.totext = tkey_totext,
	.fromwire = tkey_fromwire,
	.walk_names = meta_walk,
};

/* ---- TSIG: name, time signed u48, fudge u16, MAC (u16 + data),
 *      original id u16, error u16, other (u16 + data) ---- */

static result_t
tsig_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint32_t v;
	result_t r;
	size_t i = 2;
	if (ntok < 7) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_name_fromtext(&toks[0], origin, out)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	/* 48-bit time: up to 15 digits, checked by hand. */
	uint64_t t = 0;
	if (toks[1].len == 0 || toks[1].len > 15) {
		return odd_fail(err, 1, R_RANGE);
	}
	for (size_t k = 0; k < toks[1].len; k++) {
		char c = toks[1].text[k];
		if (c < '0' || c > '9') {
			return odd_fail(err, 1, R_BADNUMBER);
		}
		t = t * 10 + (uint64_t)(c - '0');
	}
	if (t > 0xffffffffffffULL) {
		return odd_fail(err, 1, R_RANGE);
	}
	wire_write_u16(out, (uint16_t)(t >> 32));
	wire_write_u32(out, (uint32_t)t);
	if ((r = odd_u16_fromtext(&toks[i++], out)) != R_OK) {
		return odd_fail(err, i - 1, r);
	}
	size_t at = i;
	if ((r = sized_base64_fromtext(toks, ntok, &i, out)) != R_OK) {
		return odd_fail(err, at, r);
	}
	if (i + 3 > ntok) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u16_fromtext(&toks[i++], out)) != R_OK) {
		return odd_fail(err, i - 1, r);
	}
	if ((r = odd_mnemonic_fromtext(tsig_rcodes, &toks[i++], 0xffff, &v)) !=
	    R_OK) {
		return odd_fail(err, i - 1, r);
	}
	wire_write_u16(out, (uint16_t)v);
	at = i;
	if ((r = sized_base64_fromtext(toks, ntok, &i, out)) != R_OK) {
		return odd_fail(err, at, r);
	}
	if (i < ntok) {
		return odd_fail(err, i, R_EXTRATOKEN);
	}
	return wire_error(out);
}

static result_t
tsig_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	size_t pos = 0, nl;
	if (meta_check(rdata, len, 8, 4, &nl) != R_OK) {
		return R_FORMERR;
	}
	result_t r = field_name_totext(rdata, len, &pos, origin, out);
	if (r != R_OK) {
		return r;
	}
	const uint8_t *d = rdata + nl;
	uint64_t t = ((uint64_t)be16(d) << 32) | be32(d + 2);
	size_t mlen = be16(d + 8);
	tb_printf(out, " %llu %u %zu ", (unsigned long long)t, be16(d + 6),
		  mlen);
	field_base64_totext(d + 10, mlen, out);
	const uint8_t *p = d + 10 + mlen;
	tb_printf(out, " %u ", be16(p));
	rcode_totext(be16(p + 2), out);
	size_t olen = be16(p + 4);
	tb_printf(out, " %zu ", olen);
	odd_base64_nosplit(p + 6, olen, out);
	return out->error;
}

static result_t
tsig_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	size_t nl;
	if (rdpos > msglen || rdlen > msglen - rdpos ||
	    meta_check(msg + rdpos, rdlen, 8, 4, &nl) != R_OK) {
		return R_FORMERR;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_tsig = {
	.fromtext = tsig_fromtext,
	.totext = tsig_totext,
	.fromwire = tsig_fromwire,
	.walk_names = meta_walk,
};
