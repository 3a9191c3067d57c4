/*
 * rdata_caa.c - CAA (RFC 8659): flags u8, tag (length-prefixed, letters
 * and digits), value (the rest of the rdata, no length octet).
 *
 * As BIND 9.18: the tag must be an unquoted word of letters and digits
 * (a quoted tag is "unexpected token", other characters a syntax error);
 * the value is one token, quoted or not; output always quotes it.
 */
#include "zones/rdata_odd.h"

static bool
tag_ok(const uint8_t *t, size_t n) {
	if (n == 0) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		uint8_t c = t[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z'))) {
			return false;
		}
	}
	return true;
}

static result_t
caa_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	result_t r;
	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u8_fromtext(&toks[0], out)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	if (ntok < 2) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if (toks[1].quoted) {
		return odd_fail(err, 1, R_UNEXPECTEDTOKEN);
	}
	if (toks[1].len > 255 ||
	    !tag_ok((const uint8_t *)toks[1].text, toks[1].len)) {
		return odd_fail(err, 1, R_SYNTAX);
	}
	wire_write_u8(out, (uint8_t)toks[1].len);
	wire_write_bytes(out, toks[1].text, toks[1].len);
	if (ntok < 3) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_unescape(&toks[2], out)) != R_OK) {
		return odd_fail(err, 2, r);
	}
	if (ntok > 3) {
		return odd_fail(err, 3, R_EXTRATOKEN);
	}
	return wire_error(out);
}

static result_t
caa_check(const uint8_t *d, size_t len) {
	if (len < 2) {
		return R_UNEXPECTEDEND;
	}
	if (d[1] > len - 2 || !tag_ok(d + 2, d[1])) {
		return R_FORMERR;
	}
	return R_OK;
}

static result_t
caa_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	if (caa_check(rdata, len) != R_OK) {
		return R_FORMERR;
	}
	tb_printf(out, "%u ", rdata[0]);
	tb_putmem(out, (const char *)rdata + 2, rdata[1]);
	tb_putc(out, ' ');
	size_t v = 2 + (size_t)rdata[1];
	field_string_totext(rdata + v, len - v, out);
	return out->error;
}

static result_t
caa_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen, size_t rdpos,
	     size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = caa_check(msg + rdpos, rdlen);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_caa = {
	.fromtext = caa_fromtext,
	.totext = caa_totext,
	.fromwire = caa_fromwire,
	.walk_names = NULL,
};
