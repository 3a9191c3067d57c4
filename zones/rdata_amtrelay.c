/*
 * rdata_amtrelay.c - AMTRELAY (RFC 8777): precedence u8, one octet
 * holding the discovery-optional bit and the relay type (D<<7 | type),
 * then the relay (none ".", IPv4, IPv6 or a name, see odd_gateway_*).
 * As BIND 9.18: relay types 4..127 are "not implemented" in text, but on
 * the wire they are kept as opaque octets and printed as "\# len hex".
 */
#include "zones/rdata_odd.h"

static result_t
amtrelay_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
		  const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint32_t d, type;
	result_t r;
	if (ntok == 0) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u8_fromtext(&toks[0], out)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	if (ntok <= 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_number_fromtext(&toks[1], 1, &d)) != R_OK) {
		return odd_fail(err, 1, r);
	}
	if (ntok <= 2) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_number_fromtext(&toks[2], 0x7f, &type)) != R_OK) {
		return odd_fail(err, 2, r);
	}
	if (type > 3) {
		return odd_fail(err, ntok, R_NOTIMPLEMENTED);
	}
	wire_write_u8(out, (uint8_t)((d << 7) | type));
	if (ntok < 4) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_gateway_fromtext(type, &toks[3], origin, out)) != R_OK) {
		return odd_fail(err, 3, r);
	}
	if (ntok > 4) {
		return odd_fail(err, 4, R_EXTRATOKEN);
	}
	return wire_error(out);
}

static result_t
amtrelay_check(const uint8_t *d, size_t len) {
	size_t glen;
	if (len >= 2 && (d[1] & 0x7f) > 3) {
		return R_OK; /* undefined relay type: opaque, printed as \# */
	}
	if (len < 2) {
		return R_UNEXPECTEDEND;
	}
	unsigned type = d[1] & 0x7f;
	if (type == 1 || type == 2) {
		/* Addresses: BIND wants the exact length. */
		return len - 2 == (type == 1 ? 4u : 16u) ? R_OK : R_FORMERR;
	}
	result_t r = odd_gateway_len(type, d + 2, len - 2, &glen);
	if (r != R_OK) {
		return r;
	}
	if (2 + glen == len) {
		return R_OK;
	}
	return type == 0 ? R_FORMERR : R_EXTRADATA;
}

static result_t
amtrelay_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
		const name_t *origin, textbuf_t *out) {
	if (amtrelay_check(rdata, len) != R_OK) {
		return R_FORMERR;
	}
	if ((rdata[1] & 0x7f) > 3) {
		odd_generic_totext(rdata, len, out);
		return out->error;
	}
	tb_printf(out, "%u %u %u ", rdata[0], rdata[1] >> 7, rdata[1] & 0x7f);
	result_t r = odd_gateway_totext(rdata[1] & 0x7f, rdata + 2, len - 2,
					out);
	if (r != R_OK) {
		return r;
	}
	return out->error;
}

static result_t
amtrelay_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
		  size_t rdpos, size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = amtrelay_check(msg + rdpos, rdlen);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
amtrelay_walk(const uint8_t *rdata, size_t len, rdata_name_fn fn, void *arg) {
	if (amtrelay_check(rdata, len) != R_OK) {
		return R_FORMERR;
	}
	if ((rdata[1] & 0x7f) == 3) {
		fn(arg, rdata, 2, false);
	}
	return R_OK;
}

const rdata_ops_t rdata_ops_amtrelay = {
	.fromtext = amtrelay_fromtext,
	.totext = amtrelay_totext,
	.fromwire = amtrelay_fromwire,
	.walk_names = amtrelay_walk,
};
