/*
 * rdata_hip.c - HIP (RFC 8005): HIT length u8, PK algorithm u8, PK length
 * u16, HIT, public key, then rendezvous server names (uncompressed) to
 * the end.  Text: "alg HIT-hex PK-base64 [servers...]"; BIND prints the
 * HIT (upper case hex) and key unbroken and the servers absolute.
 */
#include "zones/rdata_odd.h"

static result_t
hip_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint32_t alg;
	result_t r;
	if (ntok == 0) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_number_fromtext(&toks[0], 0xff, &alg)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	size_t start = wire_pos(out);
	wire_write_u8(out, 0);
	wire_write_u8(out, (uint8_t)alg);
	wire_write_u16(out, 0);
	if (ntok <= 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_hex_fromtext(&toks[1], 1, out)) != R_OK) {
		return odd_fail(err, 1, r);
	}
	size_t hitlen = wire_pos(out) - start - 4;
	if (hitlen < 1 || hitlen > 255) {
		return odd_fail(err, 1, hitlen < 1 ? R_BADHEX : R_RANGE);
	}
	if (ntok <= 2) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_base64_fromtext(&toks[2], 1, out)) != R_OK) {
		return odd_fail(err, 2, r);
	}
	size_t pklen = wire_pos(out) - start - 4 - hitlen;
	if (pklen < 1 || pklen > 0xffff) {
		return odd_fail(err, 2, R_BADBASE64);
	}
	if (wire_error(out) != R_OK) {
		return wire_error(out);
	}
	out->base[start] = (uint8_t)hitlen;
	put16(out->base + start + 2, (uint16_t)pklen);
	for (size_t i = 3; i < ntok; i++) {
		if ((r = odd_name_fromtext(&toks[i], origin, out)) != R_OK) {
			return odd_fail(err, i, r);
		}
	}
	return wire_error(out);
}

/*
 * Checks the layout; *first gets the offset of the first rendezvous
 * server (== len when there is none).  [raw network bytes]
 */
static result_t
hip_check(const uint8_t *d, size_t len, size_t *first) {
	if (len < 4 || d[0] == 0 || be16(d + 2) == 0) {
		return R_FORMERR;
	}
	size_t pos = 4 + (size_t)d[0] + be16(d + 2);
	if (pos > len) {
		return R_FORMERR;
	}
	for (size_t p = pos, used; p < len; p += used) {
		result_t r = odd_name_check(d + p, len - p, &used);
		if (r != R_OK) {
			return r;
		}
	}
	*first = pos;
	return R_OK;
}

static result_t
hip_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	size_t pos;
	if (hip_check(rdata, len, &pos) != R_OK) {
		return R_FORMERR;
	}
	tb_printf(out, "%u ", rdata[1]);
	odd_hex_nosplit(rdata + 4, rdata[0], true, out);
	tb_putc(out, ' ');
	odd_base64_nosplit(rdata + 4 + rdata[0], be16(rdata + 2), out);
	while (pos < len) {
		tb_putc(out, ' ');
		result_t r = field_name_totext(rdata, len, &pos, NULL, out);
		if (r != R_OK) {
			return r;
		}
	}
	return out->error;
}

static result_t
hip_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen, size_t rdpos,
	     size_t rdlen, wire_t *out) {
	size_t pos;
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = hip_check(msg + rdpos, rdlen, &pos);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
hip_walk(const uint8_t *rdata, size_t len, rdata_name_fn fn, void *arg) {
	size_t pos, used;
	if (hip_check(rdata, len, &pos) != R_OK) {
		return R_FORMERR;
	}
	for (; pos < len; pos += used) {
		(void)odd_name_check(rdata + pos, len - pos, &used);
		fn(arg, rdata, pos, false);
	}
	return R_OK;
}

const rdata_ops_t rdata_ops_hip = {
	.fromtext = hip_fromtext,
	.totext = hip_totext,
	.fromwire = hip_fromwire,
	.walk_names = hip_walk,
};
