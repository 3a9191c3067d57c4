/*
 * rdata_sig.c - SIG (RFC 2535) and RRSIG (RFC 4034 section 3): type
 * covered, algorithm, labels, original TTL, expiration, inception, key
 * tag, signer's name, signature.
 *
 * Text input as BIND 9.18: the type covered is a mnemonic, TYPEnnn or a
 * number, the algorithm a mnemonic or number, the original TTL a plain
 * number (no units), times YYYYMMDDHHmmSS or a number, and the base64
 * signature may be split over several tokens but not be empty.  Output
 * writes the algorithm as a number, times as YYYYMMDDHHmmSS (serial
 * arithmetic around the current time), the signature in 56-character
 * words, and the signer's name absolute: BIND never relativizes it.  The
 * signer's name is not compressible (RFC 4034 3.1.7).
 */
#include <time.h>

#include "zones/rdata_odd.h"

#define SIG_FIXED 18 /* octets before the signer's name */

static result_t
sig_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint16_t covered;
	uint32_t v;
	result_t r;
	size_t i = 0;

	if (ntok < 9) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_type_fromtext(&toks[0], &covered)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	wire_write_u16(out, covered);
	r = odd_mnemonic_fromtext(odd_secalg_table, &toks[1], 0xff, &v);
	if (r != R_OK) {
		return odd_fail(err, 1, r);
	}
	wire_write_u8(out, (uint8_t)v);
	if ((r = odd_u8_fromtext(&toks[2], out)) != R_OK) {
		return odd_fail(err, 2, r);
	}
	if ((r = odd_u32_fromtext(&toks[3], out)) != R_OK) {
		return odd_fail(err, 3, r);
	}
	for (i = 4; i <= 5; i++) {
		if ((r = odd_time_fromtext(&toks[i], &v)) != R_OK) {
			return odd_fail(err, i, r);
		}
		wire_write_u32(out, v);
	}
	if ((r = odd_u16_fromtext(&toks[6], out)) != R_OK) {
		return odd_fail(err, 6, r);
	}
	if ((r = odd_name_fromtext(&toks[7], origin, out)) != R_OK) {
		return odd_fail(err, 7, r);
	}
	return odd_base64_field(toks, ntok, 8, out, err);
}

/* Checks the layout; *sigpos gets the offset of the signature. */
static result_t
sig_check(const uint8_t *d, size_t len, size_t *sigpos) {
	size_t used;
	if (len < SIG_FIXED) {
		return R_UNEXPECTEDEND;
	}
	result_t r = odd_name_check(d + SIG_FIXED, len - SIG_FIXED, &used);
	if (r != R_OK) {
		return r;
	}
	if (SIG_FIXED + used >= len) {
		return R_FORMERR; /* no signature */
	}
	*sigpos = SIG_FIXED + used;
	return R_OK;
}

static result_t
sig_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	size_t sigpos, pos = SIG_FIXED;
	char buf[16];
	int64_t now = (int64_t)time(NULL);

	if (sig_check(rdata, len, &sigpos) != R_OK) {
		return R_FORMERR;
	}
	tb_puts(out, rrtype_totext(be16(rdata), buf));
	tb_printf(out, " %u %u %u ", rdata[2], rdata[3], be32(rdata + 4));
	odd_time_totext(be32(rdata + 8), now, out);
	tb_putc(out, ' ');
	odd_time_totext(be32(rdata + 12), now, out);
	tb_printf(out, " %u ", be16(rdata + 16));
	result_t r = field_name_totext(rdata, len, &pos, NULL, out);
	if (r != R_OK) {
		return r;
	}
	tb_putc(out, ' ');
	field_base64_totext(rdata + sigpos, len - sigpos, out);
	return out->error;
}

static result_t
sig_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen, size_t rdpos,
	     size_t rdlen, wire_t *out) {
	size_t sigpos;
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = sig_check(msg + rdpos, rdlen, &sigpos);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
sig_walk(const uint8_t *rdata, size_t len, rdata_name_fn fn, void *arg) {
	size_t sigpos;
	if (sig_check(rdata, len, &sigpos) != R_OK) {
		return R_FORMERR;
	}
	fn(arg, rdata, SIG_FIXED, false);
	return R_OK;
}

const rdata_ops_t rdata_ops_sig = {
	.fromtext = sig_fromtext,
	.totext = sig_totext,
	.fromwire = sig_fromwire,
	.walk_names = sig_walk,
};
