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
 * signer's name is not compressible (RFC 4034 3.1.7).  RRSIG (not SIG)
 * must have a labels field no smaller than the signer's label count: the
 * signer is at or above the owner (BIND: out of range / FORMERR).
 */
#include <time.h>

#include "zones/rdata_odd.h"

#define SIG_FIXED 18 /* octets before the signer's name */

/* Labels in the uncompressed name at d (the root not counted). */
static unsigned
name_labels(const uint8_t *d) {
	unsigned n = 0;
	for (size_t p = 0; d[p] != 0; p += 1 + (size_t)d[p]) {
		n++;
	}
	return n;
}

/*
 * Fields are read in order, so an error is reported at the first bad
 * token even when later ones are missing (as BIND's lexer does).  For
 * RRSIG, BIND also wants the labels field to cover the signer's name:
 * the signer is the apex above the owner, so fewer labels cannot be.
 */
static result_t
sig_parse(bool rrsig, const text_token_t *toks, size_t ntok,
	  const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint16_t covered;
	uint32_t v;
	result_t r;
	size_t base = wire_pos(out);

	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_type_fromtext(&toks[0], &covered)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	wire_write_u16(out, covered);
	if (ntok < 2) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	r = odd_mnemonic_fromtext(odd_secalg_table, &toks[1], 0xff, &v);
	if (r != R_OK) {
		return odd_fail(err, 1, r);
	}
	wire_write_u8(out, (uint8_t)v);
	for (size_t i = 2; i <= 7; i++) {
		if (i >= ntok) {
			return odd_fail(err, ntok, R_UNEXPECTEDEND);
		}
		if (i == 2) {
			r = odd_u8_fromtext(&toks[i], out);
		} else if (i == 3) {
			r = odd_u32_fromtext(&toks[i], out);
		} else if (i <= 5) {
			r = odd_time_fromtext(&toks[i], &v);
			wire_write_u32(out, v);
		} else if (i == 6) {
			r = odd_u16_fromtext(&toks[i], out);
		} else {
			r = odd_name_fromtext(&toks[i], origin, out);
		}
		if (r == R_OK) {
			r = wire_error(out);
		}
		if (r != R_OK) {
			return odd_fail(err, i, r);
		}
	}
	const uint8_t *rd = out->base + base;
	if (rrsig && rd[3] < name_labels(rd + SIG_FIXED)) {
		return odd_fail(err, 7, R_RANGE);
	}
	if (ntok < 9) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	return odd_base64_field(toks, ntok, 8, out, err);
}

static result_t
sig_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	return sig_parse(false, toks, ntok, origin, out, err);
}

static result_t
rrsig_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	       const name_t *origin, wire_t *out, rdata_error_t *err) {
	return sig_parse(true, toks, ntok, origin, out, err);
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

/*
 * RRSIG writes the type covered as a mnemonic or TYPEnnn; SIG, as BIND,
 * writes a bare number for a type it has no mnemonic for.
 */
static result_t
sig_render(bool rrsig, const uint8_t *rdata, size_t len, textbuf_t *out) {
	size_t sigpos, pos = SIG_FIXED;
	char buf[16];
	int64_t now = (int64_t)time(NULL);

	if (sig_check(rdata, len, &sigpos) != R_OK) {
		return R_FORMERR;
	}
	uint16_t covered = be16(rdata);
	if (rrsig || (covered != 0 &&
		      (rrtype_flags(covered) & RRTYPE_F_KNOWN) != 0)) {
		tb_puts(out, rrtype_totext(covered, buf));
	} else {
		odd_putu(out, covered);
	}
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
rrsig_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	       size_t rdpos, size_t rdlen, wire_t *out) {
	size_t sigpos;
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	const uint8_t *d = msg + rdpos;
	result_t r = sig_check(d, rdlen, &sigpos);
	if (r != R_OK) {
		return r;
	}
	if (d[3] < name_labels(d + SIG_FIXED)) {
		return R_FORMERR;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
sig_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	return sig_render(false, rdata, len, out);
}

static result_t
sig_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen, size_t rdpos,
	     size_t rdlen, wire_t *out) {
	size_t sigpos;
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = sig_check(msg + rdpos, rdlen, &sigpos);
	if (r == R_FORMERR) {
		r = R_UNEXPECTEDEND; /* BIND: a SIG without signature */
	}
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

static result_t
rrsig_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	     const name_t *origin, textbuf_t *out) {
	size_t sigpos;
	if (sig_check(rdata, len, &sigpos) != R_OK ||
	    rdata[3] < name_labels(rdata + SIG_FIXED)) {
		return R_FORMERR;
	}
	return sig_render(true, rdata, len, out);
}

const rdata_ops_t rdata_ops_rrsig = {
	.fromtext = rrsig_fromtext,
	.totext = rrsig_totext,
	.fromwire = rrsig_fromwire,
	.walk_names = sig_walk,
};
