/*
 * rdata_a6.c - A6 (RFC 2874): prefix length u8 (0..128), the address
 * suffix in (128 - prefix + 7) / 8 octets, then the prefix name unless
 * the prefix length is 0.  Text "64 ::1:2:3:4 prefix.name."; BIND zeroes
 * the prefix bits of the suffix on input, rejects them set on the wire,
 * and with prefix 128 prints an empty address ("128  foo.").
 */
#include "zones/rdata_odd.h"

static result_t
a6_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	    const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint32_t plen;
	result_t r;
	size_t i = 1;
	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_number_fromtext(&toks[0], 128, &plen)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	wire_write_u8(out, (uint8_t)plen);
	if (plen < 128) {
		uint8_t a[16];
		char buf[64];
		if (i >= ntok) {
			return odd_fail(err, ntok, R_UNEXPECTEDEND);
		}
		if (toks[i].quoted) {
			return odd_fail(err, i, R_UNEXPECTEDTOKEN);
		}
		if (odd_tok_cstr(&toks[i], buf, sizeof(buf)) != R_OK ||
		    odd_ipv6_parse(buf, a) != R_OK) {
			return odd_fail(err, i, R_BADIPV6);
		}
		size_t skip = plen / 8;
		if (plen % 8 != 0) {
			a[skip] &= (uint8_t)(0xff >> (plen % 8));
		}
		wire_write_bytes(out, a + skip, 16 - skip);
		i++;
	}
	if (plen > 0) {
		if (i >= ntok) {
			return odd_fail(err, ntok, R_UNEXPECTEDEND);
		}
		if ((r = odd_name_fromtext(&toks[i], origin, out)) != R_OK) {
			return odd_fail(err, i, r);
		}
		i++;
	}
	if (i < ntok) {
		return odd_fail(err, i, R_EXTRATOKEN);
	}
	return wire_error(out);
}

/*
 * Checks the layout and sets *pos to the prefix name's offset (== len when
 * there is none).  BIND's codes: R_RANGE for a prefix over 128,
 * R_UNEXPECTEDEND when short, R_EXTRADATA for octets left over, R_FORMERR
 * for prefix bits set in the suffix.  [raw network bytes]
 */
static result_t
a6_check(const uint8_t *d, size_t len, size_t *pos) {
	if (len < 1) {
		return R_UNEXPECTEDEND;
	}
	if (d[0] > 128) {
		return R_RANGE;
	}
	unsigned plen = d[0];
	size_t octets = plen == 128 ? 0 : 16 - plen / 8;
	size_t p = 1 + octets, used;
	if (p > len) {
		return R_UNEXPECTEDEND;
	}
	if (octets > 0 && plen % 8 != 0 &&
	    (d[1] & (uint8_t)~(0xff >> (plen % 8))) != 0) {
		return R_FORMERR;
	}
	*pos = p;
	if (plen == 0) {
		return p == len ? R_OK : R_EXTRADATA;
	}
	result_t r = odd_name_check(d + p, len - p, &used);
	if (r != R_OK) {
		return r;
	}
	return p + used == len ? R_OK : R_EXTRADATA;
}

static result_t
a6_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	  const name_t *origin, textbuf_t *out) {
	size_t pos;
	if (a6_check(rdata, len, &pos) != R_OK) {
		return R_FORMERR;
	}
	unsigned plen = rdata[0];
	tb_printf(out, "%u ", plen);
	if (plen < 128) {
		uint8_t a[16] = { 0 };
		memcpy(a + plen / 8, rdata + 1, 16 - plen / 8);
		odd_ipv6_totext(a, out);
	}
	if (plen > 0) {
		tb_putc(out, ' ');
		result_t r = field_name_totext(rdata, len, &pos, origin, out);
		if (r != R_OK) {
			return r;
		}
	}
	return out->error;
}

static result_t
a6_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen, size_t rdpos,
	    size_t rdlen, wire_t *out) {
	size_t pos;
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = a6_check(msg + rdpos, rdlen, &pos);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
a6_walk(const uint8_t *rdata, size_t len, rdata_name_fn fn, void *arg) {
	size_t pos;
	if (a6_check(rdata, len, &pos) != R_OK) {
		return R_FORMERR;
	}
	if (pos < len) {
		fn(arg, rdata, pos, false);
	}
	return R_OK;
}

const rdata_ops_t rdata_ops_a6 = {
	.fromtext = a6_fromtext,
	.totext = a6_totext,
	.fromwire = a6_fromwire,
	.walk_names = a6_walk,
};
