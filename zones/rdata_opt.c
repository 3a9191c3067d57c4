/*
 * rdata_opt.c - OPT (RFC 6891), the EDNS pseudo-record: a sequence of
 * options (code u16, length u16, data).  It has no master-file form, so
 * fromtext always fails (BIND: "not implemented").  The wire parser checks
 * the framing and the options BIND 9.18 checks: LLQ length 18, Client
 * Subnet (family 0/1/2, prefix lengths, address octets, no bits past the
 * prefix), EXPIRE length 0 or 4, COOKIE 8 or 16..40, KEY-TAG even and
 * non-empty, EDE at least 2 with valid UTF-8 text and no BOM, CLIENT-TAG
 * and SERVER-TAG length 2.  Text (for logs): "code len base64" per option.
 */
#include "zones/rdata_odd.h"

enum {
	OPT_LLQ = 1,
	OPT_ECS = 8,
	OPT_EXPIRE = 9,
	OPT_COOKIE = 10,
	OPT_KEYTAG = 14,
	OPT_EDE = 15,
	OPT_CLIENTTAG = 16,
	OPT_SERVERTAG = 17,
};

static bool
ecs_ok(const uint8_t *v, size_t len) {
	if (len < 4) {
		return false;
	}
	unsigned family = be16(v), src = v[2], scope = v[3];
	unsigned max = family == 1 ? 32 : family == 2 ? 128 : 0;
	if (family == 0) {
		if (src != 0 || scope != 0) {
			return false;
		}
	} else if (max == 0 || src > max || scope > max) {
		return false;
	}
	size_t bytes = (src + 7) / 8;
	if (bytes + 4 != len) {
		return false;
	}
	if (bytes > 0 && src % 8 != 0) {
		uint8_t mask = (uint8_t)(0xff >> (src % 8));
		if ((v[4 + bytes - 1] & mask) != 0) {
			return false;
		}
	}
	return true;
}

static bool
option_ok(uint16_t code, const uint8_t *v, size_t len) {
	switch (code) {
	case OPT_LLQ:
		return len == 18;
	case OPT_ECS:
		return ecs_ok(v, len);
	case OPT_EXPIRE:
		return len == 0 || len == 4;
	case OPT_COOKIE:
		return len == 8 || (len >= 16 && len <= 40);
	case OPT_KEYTAG:
		return len > 0 && len % 2 == 0;
	case OPT_EDE:
		return len >= 2 &&
		       !(len >= 5 && v[2] == 0xef && v[3] == 0xbb &&
			 v[4] == 0xbf) &&
		       odd_utf8_ok(v + 2, len - 2);
	case OPT_CLIENTTAG:
	case OPT_SERVERTAG:
		return len == 2;
	default:
		return true;
	}
}

static result_t
opt_check(const uint8_t *d, size_t len) {
	size_t pos = 0;
	while (pos < len) {
		if (len - pos < 4) {
			return R_FORMERR;
		}
		uint16_t code = be16(d + pos);
		size_t olen = be16(d + pos + 2);
		if (len - pos - 4 < olen ||
		    !option_ok(code, d + pos + 4, olen)) {
			return R_FORMERR;
		}
		pos += 4 + olen;
	}
	return R_OK;
}

bool
rdata_opt_is_opterr(const uint8_t *d, size_t len) {
	size_t pos = 0;
	while (pos < len) {
		if (len - pos < 4) {
			return false;
		}
		uint16_t code = be16(d + pos);
		size_t olen = be16(d + pos + 2);
		if (len - pos - 4 < olen) {
			return false;
		}
		if (!option_ok(code, d + pos + 4, olen)) {
			return true;
		}
		pos += 4 + olen;
	}
	return false;
}

static result_t
opt_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	return odd_fail(err, 0, R_NOTIMPLEMENTED);
}

static result_t
opt_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	size_t pos = 0;
	if (opt_check(rdata, len) != R_OK) {
		return R_FORMERR;
	}
	while (pos < len) {
		size_t olen = be16(rdata + pos + 2);
		tb_printf(out, "%u %zu", be16(rdata + pos), olen);
		if (olen > 0) {
			tb_putc(out, ' ');
			field_base64_totext(rdata + pos + 4, olen, out);
		}
		pos += 4 + olen;
		if (pos < len) {
			tb_putc(out, ' ');
		}
	}
	return out->error;
}

static result_t
opt_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen, size_t rdpos,
	     size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos ||
	    opt_check(msg + rdpos, rdlen) != R_OK) {
		return R_FORMERR;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_opt = {
	.fromtext = opt_fromtext,
	.totext = opt_totext,
	.fromwire = opt_fromwire,
	.walk_names = NULL,
};
