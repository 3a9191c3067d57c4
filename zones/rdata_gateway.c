/*
 * rdata_gateway.c - IPSECKEY (RFC 4025) and AMTRELAY (RFC 8777), which
 * share a typed gateway/relay field: 0 none ("."), 1 IPv4, 2 IPv6,
 * 3 an uncompressed domain name (printed absolute: BIND does not
 * relativize it).
 *
 * IPSECKEY: precedence u8, gateway type u8, algorithm u8, gateway, public
 * key (base64, required in text, split into 56-character words on output).
 * AMTRELAY: precedence u8, D bit and type (one octet: D<<7 | type), relay.
 * In text BIND rejects types above 3 ("out of range" for IPSECKEY, "not
 * implemented" for AMTRELAY 4..127).  On the wire an IPSECKEY needs a
 * known type and a key; an AMTRELAY of type 4..127 is kept as opaque
 * octets and printed as "\\# len hex".
 */
#include "zones/rdata_odd.h"

static result_t
gateway_fromtext(unsigned type, const text_token_t *tok,
		 const name_t *origin, wire_t *out) {
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	switch (type) {
	case 0:
		if (tok->len != 1 || tok->text[0] != '.') {
			return R_SYNTAX;
		}
		return R_OK;
	case 1:
		return odd_ipv4_fromtext(tok, out) == R_OK ? R_OK
							   : R_BADDOTTEDQUAD;
	case 2:
		return odd_ipv6_fromtext(tok, out) == R_OK ? R_OK : R_BADIPV6;
	default:
		return odd_name_fromtext(tok, origin, out);
	}
}

/* Length of the gateway at d[0..len) for type, or 0 when malformed
 * (type 0 has length 0 and is reported through *ok). */
static bool
gateway_len(unsigned type, const uint8_t *d, size_t len, size_t *glen) {
	switch (type) {
	case 0:
		*glen = 0;
		return true;
	case 1:
		*glen = 4;
		return len >= 4;
	case 2:
		*glen = 16;
		return len >= 16;
	case 3:
		return odd_name_check(d, len, glen) == R_OK;
	default:
		return false;
	}
}

static result_t
gateway_totext(unsigned type, const uint8_t *d, size_t len, textbuf_t *out) {
	size_t pos = 0;
	switch (type) {
	case 0:
		tb_putc(out, '.');
		return out->error;
	case 1:
		odd_ipv4_totext(d, out);
		return out->error;
	case 2:
		odd_ipv6_totext(d, out);
		return out->error;
	default:
		return field_name_totext(d, len, &pos, NULL, out);
	}
}

/* ---- IPSECKEY ---- */

static result_t
ipseckey_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
		  const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint32_t type;
	result_t r;
	if (ntok < 4) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u8_fromtext(&toks[0], out)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	if ((r = odd_number_fromtext(&toks[1], 3, &type)) != R_OK) {
		return odd_fail(err, 1, r);
	}
	wire_write_u8(out, (uint8_t)type);
	if ((r = odd_u8_fromtext(&toks[2], out)) != R_OK) {
		return odd_fail(err, 2, r);
	}
	if ((r = gateway_fromtext(type, &toks[3], origin, out)) != R_OK) {
		return odd_fail(err, 3, r);
	}
	if (ntok < 5) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_base64_fromtext(toks + 4, ntok - 4, out)) != R_OK) {
		return odd_fail(err, 4, r == R_EXTRADATA ? R_EXTRATOKEN : r);
	}
	return wire_error(out);
}

static result_t
ipseckey_check(const uint8_t *d, size_t len, size_t *keypos) {
	size_t glen;
	if (len < 3 || !gateway_len(d[1], d + 3, len - 3, &glen) ||
	    3 + glen >= len) {
		return R_FORMERR;
	}
	*keypos = 3 + glen;
	return R_OK;
}

static result_t
ipseckey_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
		const name_t *origin, textbuf_t *out) {
	size_t kp;
	if (ipseckey_check(rdata, len, &kp) != R_OK) {
		return R_FORMERR;
	}
	tb_printf(out, "%u %u %u ", rdata[0], rdata[1], rdata[2]);
	result_t r = gateway_totext(rdata[1], rdata + 3, len - 3, out);
	if (r != R_OK) {
		return r;
	}
	if (kp < len) {
		tb_putc(out, ' ');
		field_base64_totext(rdata + kp, len - kp, out);
	}
	return out->error;
}

static result_t
ipseckey_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
		  size_t rdpos, size_t rdlen, wire_t *out) {
	size_t kp;
	if (rdpos > msglen || rdlen > msglen - rdpos ||
	    ipseckey_check(msg + rdpos, rdlen, &kp) != R_OK) {
		return R_FORMERR;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
ipseckey_walk(const uint8_t *rdata, size_t len, rdata_name_fn fn, void *arg) {
	size_t kp;
	if (ipseckey_check(rdata, len, &kp) != R_OK) {
		return R_FORMERR;
	}
	if (rdata[1] == 3) {
		fn(arg, rdata, 3, false);
	}
	return R_OK;
}

const rdata_ops_t rdata_ops_ipseckey = {
	.fromtext = ipseckey_fromtext,
	.totext = ipseckey_totext,
	.fromwire = ipseckey_fromwire,
	.walk_names = ipseckey_walk,
};

/* ---- AMTRELAY ---- */

static result_t
amtrelay_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
		  const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint32_t d, type;
	result_t r;
	if (ntok < 3) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u8_fromtext(&toks[0], out)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	if ((r = odd_number_fromtext(&toks[1], 1, &d)) != R_OK) {
		return odd_fail(err, 1, r);
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
	if ((r = gateway_fromtext(type, &toks[3], origin, out)) != R_OK) {
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
	if (len < 2 || !gateway_len(d[1] & 0x7f, d + 2, len - 2, &glen) ||
	    2 + glen != len) {
		return R_FORMERR;
	}
	return R_OK;
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
	result_t r = gateway_totext(rdata[1] & 0x7f, rdata + 2, len - 2, out);
	if (r != R_OK) {
		return r;
	}
	return out->error;
}

static result_t
amtrelay_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
		  size_t rdpos, size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos ||
	    amtrelay_check(msg + rdpos, rdlen) != R_OK) {
		return R_FORMERR;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
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
