/*
 * rdata_ipseckey.c - IPSECKEY (RFC 4025): precedence u8, gateway type u8,
 * algorithm u8, gateway (none ".", IPv4, IPv6 or a name, see
 * odd_gateway_*), public key (base64, split into 56-character words on
 * output).  As BIND 9.18: a gateway type above 3 is "out of range" in
 * text and malformed on the wire, and the key is required in both.
 */
#include "zones/rdata_odd.h"

static result_t
ipseckey_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
		  const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint32_t type;
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
	if ((r = odd_number_fromtext(&toks[1], 3, &type)) != R_OK) {
		return odd_fail(err, 1, r);
	}
	wire_write_u8(out, (uint8_t)type);
	if (ntok <= 2) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u8_fromtext(&toks[2], out)) != R_OK) {
		return odd_fail(err, 2, r);
	}
	if (ntok <= 3) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_gateway_fromtext(type, &toks[3], origin, out)) != R_OK) {
		return odd_fail(err, 3, r);
	}
	if (ntok < 5) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	return odd_base64_field(toks, ntok, 4, out, err);
}

static result_t
ipseckey_check(const uint8_t *d, size_t len, size_t *keypos) {
	size_t glen;
	if (len < 3) {
		return R_UNEXPECTEDEND;
	}
	result_t r = odd_gateway_len(d[1], d + 3, len - 3, &glen);
	if (r != R_OK) {
		return r;
	}
	if (3 + glen >= len) {
		return R_UNEXPECTEDEND; /* no key */
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
	result_t r = odd_gateway_totext(rdata[1], rdata + 3, len - 3, out);
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
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = ipseckey_check(msg + rdpos, rdlen, &kp);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
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
