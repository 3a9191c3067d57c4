/*
 * rdata_doa.c - DOA (draft-durand-doa-over-dns): enterprise u32, type
 * u32, location u8, media type (character-string), data (base64 to the
 * end; "-" for none).  BIND 9.18 prints the data as one unbroken word.
 */
#include "zones/rdata_odd.h"

static result_t
doa_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	result_t r;
	/* Fields in order, so the first bad one is reported (BIND). */
	for (size_t i = 0; i < 4; i++) {
		if (ntok <= i) {
			return odd_fail(err, ntok, R_UNEXPECTEDEND);
		}
		if (i < 2) {
			r = odd_u32_fromtext(&toks[i], out);
		} else if (i == 2) {
			r = odd_u8_fromtext(&toks[i], out);
		} else {
			r = field_string_fromtext(&toks[i], out);
		}
		if (r != R_OK) {
			return odd_fail(err, i, r);
		}
	}
	if (ntok <= 4) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if (toks[4].len == 1 && toks[4].text[0] == '-' && !toks[4].quoted) {
		if (ntok > 5) {
			return odd_fail(err, 5, R_EXTRATOKEN);
		}
		return wire_error(out);
	}
	return odd_base64_field(toks, ntok, 4, out, err);
}

static result_t
doa_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	if (len < 10 || rdata[9] > len - 10) {
		return R_FORMERR;
	}
	tb_printf(out, "%u %u %u ", be32(rdata), be32(rdata + 4), rdata[8]);
	field_string_totext(rdata + 10, rdata[9], out);
	tb_putc(out, ' ');
	size_t pos = 10 + (size_t)rdata[9];
	if (pos == len) {
		tb_putc(out, '-');
	} else {
		odd_base64_nosplit(rdata + pos, len - pos, out);
	}
	return out->error;
}

static result_t
doa_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen, size_t rdpos,
	     size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	if (rdlen < 10 || msg[rdpos + 9] > rdlen - 10) {
		return R_UNEXPECTEDEND;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_doa = {
	.fromtext = doa_fromtext,
	.totext = doa_totext,
	.fromwire = doa_fromwire,
	.walk_names = NULL,
};
