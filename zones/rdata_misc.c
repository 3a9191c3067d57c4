/*
 * rdata_misc.c - small historic and identifier types whose text form is
 * neither a plain field list nor worth a file each:
 *   GPOS   (RFC 1712)  three character-strings (BIND does not check them)
 *   NSAP   (RFC 1706)  "0x" then hex digits with optional dots
 *   EUI48, EUI64 (RFC 7043)  xx-xx-... (6 or 8 groups of 1-2 hex digits)
 *   L64, NID (RFC 6742)  preference u16, then four 16-bit hex groups
 *   ISDN   (RFC 1183)  address and optional subaddress character-strings
 *   X25    (RFC 1183)  one character-string of at least four digits
 *   ATMA   (ATM Forum)  format 0: hex (dots allowed), 1: "+" E.164 digits
 * Outputs and rejections are BIND 9.18's (named-compilezone -D).
 */
#include "zones/rdata_odd.h"


/*
 * Between min and max character-strings exactly filling d[0..len); BIND's
 * codes: too short or too few is R_UNEXPECTEDEND, too many R_EXTRADATA.
 */
static result_t
strings_check(const uint8_t *d, size_t len, unsigned min, unsigned max) {
	size_t pos = 0;
	unsigned n = 0;
	while (pos < len && n < max) {
		pos += 1 + (size_t)d[pos];
		n++;
	}
	if (pos > len || n < min) {
		return R_UNEXPECTEDEND;
	}
	return pos == len ? R_OK : R_EXTRADATA;
}

static bool
strings_ok(const uint8_t *d, size_t len, unsigned min, unsigned max) {
	return strings_check(d, len, min, max) == R_OK;
}

static void
strings_totext(const uint8_t *d, size_t len, textbuf_t *out) {
	for (size_t pos = 0; pos < len; pos += 1 + (size_t)d[pos]) {
		if (pos > 0) {
			tb_putc(out, ' ');
		}
		field_string_totext(d + pos + 1, d[pos], out);
	}
}

static result_t
strings_fromtext(const text_token_t *toks, size_t ntok, unsigned min,
		 unsigned max, wire_t *out, rdata_error_t *err) {
	if (ntok < min) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if (ntok > max) {
		return odd_fail(err, max, R_EXTRATOKEN);
	}
	for (size_t i = 0; i < ntok; i++) {
		result_t r = field_string_fromtext(&toks[i], out);
		if (r != R_OK) {
			return odd_fail(err, i, r);
		}
	}
	return wire_error(out);
}

static result_t
copy_checked(result_t r, const uint8_t *msg, size_t msglen, size_t rdpos,
	     size_t rdlen, wire_t *out) {
	if (r != R_OK) {
		return r;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

/* R_FORMERR unless ok: for the checks BIND reports as plain FORMERR. */
static result_t
formerr_unless(bool ok) {
	return ok ? R_OK : R_FORMERR;
}

static bool
in_msg(size_t msglen, size_t rdpos, size_t rdlen) {
	return rdpos <= msglen && rdlen <= msglen - rdpos;
}

/* ---- GPOS, ISDN, X25 ---- */

static result_t
gpos_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	return strings_fromtext(toks, ntok, 3, 3, out, err);
}

static result_t
gpos_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	if (!strings_ok(rdata, len, 3, 3)) {
		return R_FORMERR;
	}
	strings_totext(rdata, len, out);
	return out->error;
}

static result_t
gpos_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	if (!in_msg(msglen, rdpos, rdlen)) {
		return R_FORMERR;
	}
	return copy_checked(strings_check(msg + rdpos, rdlen, 3, 3), msg,
			    msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_gpos = {
	.fromtext = gpos_fromtext,
	.totext = gpos_totext,
	.fromwire = gpos_fromwire,
	.walk_names = NULL,
};

static result_t
isdn_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	return strings_fromtext(toks, ntok, 1, 2, out, err);
}

static result_t
isdn_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	if (!strings_ok(rdata, len, 1, 2)) {
		return R_FORMERR;
	}
	strings_totext(rdata, len, out);
	return out->error;
}

static result_t
isdn_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	if (!in_msg(msglen, rdpos, rdlen)) {
		return R_FORMERR;
	}
	return copy_checked(strings_check(msg + rdpos, rdlen, 1, 2), msg,
			    msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_isdn = {
	.fromtext = isdn_fromtext,
	.totext = isdn_totext,
	.fromwire = isdn_fromwire,
	.walk_names = NULL,
};

/* BIND: fewer than 4 octets is a syntax error, a non-digit out of range. */
static result_t
x25_check(const uint8_t *d, size_t len) {
	if (len < 1 || d[0] != len - 1 || d[0] < 4) {
		return R_SYNTAX;
	}
	for (size_t i = 1; i < len; i++) {
		if (d[i] < '0' || d[i] > '9') {
			return R_RANGE;
		}
	}
	return R_OK;
}

static bool
x25_ok(const uint8_t *d, size_t len) {
	return x25_check(d, len) == R_OK;
}

static result_t
x25_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	size_t start = wire_pos(out);
	result_t r = field_string_fromtext(&toks[0], out);
	if (r != R_OK) {
		return odd_fail(err, 0, r);
	}
	r = x25_check(out->base + start, wire_pos(out) - start);
	if (r != R_OK) {
		return odd_fail(err, 0, r);
	}
	if (ntok > 1) {
		return odd_fail(err, 1, R_EXTRATOKEN);
	}
	return R_OK;
}

static result_t
x25_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	if (!x25_ok(rdata, len)) {
		return R_FORMERR;
	}
	strings_totext(rdata, len, out);
	return out->error;
}

static result_t
x25_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	     size_t rdpos, size_t rdlen, wire_t *out) {
	return copy_checked(formerr_unless(in_msg(msglen, rdpos, rdlen) &&
					   x25_ok(msg + rdpos, rdlen)),
			    msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_x25 = {
	.fromtext = x25_fromtext,
	.totext = x25_totext,
	.fromwire = x25_fromwire,
	.walk_names = NULL,
};

/* ---- NSAP ---- */

static result_t
nsap_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	const text_token_t *t = &toks[0];
	if (t->quoted) {
		return odd_fail(err, 0, R_UNEXPECTEDTOKEN);
	}
	if (t->len < 2 || t->text[0] != '0' ||
	    (t->text[1] != 'x' && t->text[1] != 'X')) {
		return odd_fail(err, 0, R_SYNTAX);
	}
	int hi = -1;
	size_t n = 0;
	for (size_t i = 2; i < t->len; i++) {
		if (t->text[i] == '.') {
			continue;
		}
		int v = field_hexdigit(t->text[i]);
		if (v < 0) {
			return odd_fail(err, 0, R_SYNTAX);
		}
		if (hi < 0) {
			hi = v;
		} else {
			wire_write_u8(out, (uint8_t)(hi << 4 | v));
			hi = -1;
			n++;
		}
	}
	if (hi >= 0 || n == 0) {
		return odd_fail(err, 0, R_UNEXPECTEDEND);
	}
	if (ntok > 1) {
		return odd_fail(err, 1, R_EXTRATOKEN);
	}
	return wire_error(out);
}

static result_t
nsap_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	if (len < 1) {
		return R_FORMERR;
	}
	tb_puts(out, "0x");
	odd_hex_nosplit(rdata, len, false, out);
	return out->error;
}

static result_t
nsap_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	return copy_checked(rdlen >= 1 ? R_OK : R_UNEXPECTEDEND, msg, msglen,
			    rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_nsap = {
	.fromtext = nsap_fromtext,
	.totext = nsap_totext,
	.fromwire = nsap_fromwire,
	.walk_names = NULL,
};

/* ---- EUI48 / EUI64 ---- */

static result_t
eui_fromtext(const text_token_t *toks, size_t ntok, size_t groups,
	     wire_t *out, rdata_error_t *err) {
	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	const text_token_t *t = &toks[0];
	if (t->quoted) {
		return odd_fail(err, 0, R_UNEXPECTEDTOKEN);
	}
	/* Like BIND's "%2x-%2x-..." scan: 1-2 hex digits per group, '-'
	 * between groups, anything after the last group ignored. */
	size_t i = 0;
	for (size_t g = 0; g < groups; g++) {
		if (g > 0) {
			if (i >= t->len || t->text[i] != '-') {
				return odd_fail(err, 1, R_BADEUI);
			}
			i++;
		}
		unsigned v = 0, nd = 0;
		while (nd < 2 && i < t->len && field_hexdigit(t->text[i]) >= 0) {
			v = v * 16 + (unsigned)field_hexdigit(t->text[i]);
			nd++;
			i++;
		}
		if (nd == 0) {
			return odd_fail(err, 1, R_BADEUI);
		}
		wire_write_u8(out, (uint8_t)v);
	}
	if (ntok > 1) {
		return odd_fail(err, 1, R_EXTRATOKEN);
	}
	return wire_error(out);
}

static result_t
eui_totext(const uint8_t *rdata, size_t len, size_t groups,
	   textbuf_t *out) {
	if (len != groups) {
		return R_FORMERR;
	}
	for (size_t i = 0; i < len; i++) {
		tb_printf(out, i == 0 ? "%02x" : "-%02x", rdata[i]);
	}
	return out->error;
}

static result_t
eui48_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	       const name_t *origin, wire_t *out, rdata_error_t *err) {
	return eui_fromtext(toks, ntok, 6, out, err);
}

static result_t
eui48_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	     const name_t *origin, textbuf_t *out) {
	return eui_totext(rdata, len, 6, out);
}

static result_t
eui48_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	       size_t rdpos, size_t rdlen, wire_t *out) {
	return copy_checked(formerr_unless(rdlen == 6), msg, msglen, rdpos,
			    rdlen, out);
}

const rdata_ops_t rdata_ops_eui48 = {
	.fromtext = eui48_fromtext,
	.totext = eui48_totext,
	.fromwire = eui48_fromwire,
	.walk_names = NULL,
};

static result_t
eui64_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	       const name_t *origin, wire_t *out, rdata_error_t *err) {
	return eui_fromtext(toks, ntok, 8, out, err);
}

static result_t
eui64_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	     const name_t *origin, textbuf_t *out) {
	return eui_totext(rdata, len, 8, out);
}

static result_t
eui64_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	       size_t rdpos, size_t rdlen, wire_t *out) {
	return copy_checked(formerr_unless(rdlen == 8), msg, msglen, rdpos,
			    rdlen, out);
}

const rdata_ops_t rdata_ops_eui64 = {
	.fromtext = eui64_fromtext,
	.totext = eui64_totext,
	.fromwire = eui64_fromwire,
	.walk_names = NULL,
};

/* ---- L64 / NID: preference, then 64 bits as four hex groups ---- */

static result_t
ilnp_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	result_t r;
	if (ntok == 0) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u16_fromtext(&toks[0], out)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	if (ntok <= 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}

	const text_token_t *t = &toks[1];
	size_t i = 0;
	if (t->quoted) {
		return odd_fail(err, 1, R_UNEXPECTEDTOKEN);
	}
	for (int g = 0; g < 4; g++) {
		unsigned v = 0, nd = 0;
		if (g > 0) {
			if (i >= t->len || t->text[i] != ':') {
				return odd_fail(err, 1, R_SYNTAX);
			}
			i++;
		}
		while (i < t->len && field_hexdigit(t->text[i]) >= 0) {
			if (++nd > 4) {
				return odd_fail(err, 1, R_SYNTAX);
			}
			v = v * 16 + (unsigned)field_hexdigit(t->text[i]);
			i++;
		}
		if (nd == 0) {
			return odd_fail(err, 1, R_SYNTAX);
		}
		wire_write_u16(out, (uint16_t)v);
	}
	if (i != t->len) {
		return odd_fail(err, 1, R_SYNTAX);
	}
	if (ntok > 2) {
		return odd_fail(err, 2, R_EXTRATOKEN);
	}
	return wire_error(out);
}

static result_t
ilnp_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	if (len != 10) {
		return R_FORMERR;
	}
	tb_printf(out, "%u %x:%x:%x:%x", be16(rdata), be16(rdata + 2),
		  be16(rdata + 4), be16(rdata + 6), be16(rdata + 8));
	return out->error;
}

static result_t
ilnp_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	return copy_checked(formerr_unless(rdlen == 10), msg, msglen, rdpos,
			    rdlen, out);
}

const rdata_ops_t rdata_ops_l64 = {
	.fromtext = ilnp_fromtext,
	.totext = ilnp_totext,
	.fromwire = ilnp_fromwire,
	.walk_names = NULL,
};

const rdata_ops_t rdata_ops_nid = {
	.fromtext = ilnp_fromtext,
	.totext = ilnp_totext,
	.fromwire = ilnp_fromwire,
	.walk_names = NULL,
};

/* ---- ATMA ---- */

#define ATMA_NSAP 0
#define ATMA_E164 1

static result_t
atma_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	const text_token_t *t = &toks[0];
	if (t->quoted) {
		return odd_fail(err, 0, R_UNEXPECTEDTOKEN);
	}
	if (t->len > 0 && t->text[0] == '+') {
		size_t n = 0;
		wire_write_u8(out, ATMA_E164);
		for (size_t i = 1; i < t->len; i++) {
			char c = t->text[i];
			if (c == '.') {
				if (i == 1 || t->text[i - 1] == '.') {
					return odd_fail(err, 0, R_SYNTAX);
				}
				if (i + 1 == t->len) {
					return odd_fail(err, 0,
							R_UNEXPECTEDEND);
				}
				continue;
			}
			if (c < '0' || c > '9') {
				return odd_fail(err, 0, R_SYNTAX);
			}
			wire_write_u8(out, (uint8_t)c);
			n++;
		}
		if (n == 0) {
			return odd_fail(err, 0, R_UNEXPECTEDEND);
		}
		if (ntok > 1) {
			return odd_fail(err, 1, R_EXTRATOKEN);
		}
		return wire_error(out);
	}
	wire_write_u8(out, ATMA_NSAP);
	int hi = -1;
	size_t n = 0;
	for (size_t i = 0; i < t->len; i++) {
		if (t->text[i] == '.') {
			/* BIND: a dot only after a digit, never last. */
			if (i == 0 || t->text[i - 1] == '.') {
				return odd_fail(err, 0, R_SYNTAX);
			}
			if (i + 1 == t->len) {
				return odd_fail(err, 0, R_UNEXPECTEDEND);
			}
			continue;
		}
		int v = field_hexdigit(t->text[i]);
		if (v < 0) {
			return odd_fail(err, 0, R_SYNTAX);
		}
		if (hi < 0) {
			hi = v;
		} else {
			wire_write_u8(out, (uint8_t)(hi << 4 | v));
			hi = -1;
			n++;
		}
	}
	if (hi >= 0 || n == 0) {
		return odd_fail(err, 0, R_UNEXPECTEDEND);
	}
	if (ntok > 1) {
		return odd_fail(err, 1, R_EXTRATOKEN);
	}
	return wire_error(out);
}

static bool
atma_ok(const uint8_t *d, size_t len) {
	if (len < 2) {
		return false;
	}
	if (d[0] == ATMA_E164) {
		for (size_t i = 1; i < len; i++) {
			if (d[i] < '0' || d[i] > '9') {
				return false;
			}
		}
	}
	return true;
}

static result_t
atma_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	if (!atma_ok(rdata, len)) {
		return R_FORMERR;
	}
	if (rdata[0] > ATMA_E164) {
		/* Undefined format: BIND keeps it and prints it generically. */
		odd_generic_totext(rdata, len, out);
	} else if (rdata[0] == ATMA_E164) {
		tb_putc(out, '+');
		tb_putmem(out, (const char *)rdata + 1, len - 1);
	} else {
		odd_hex_nosplit(rdata + 1, len - 1, false, out);
	}
	return out->error;
}

static result_t
atma_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	if (!in_msg(msglen, rdpos, rdlen)) {
		return R_FORMERR;
	}
	if (rdlen < 2) {
		return R_UNEXPECTEDEND;
	}
	return copy_checked(formerr_unless(atma_ok(msg + rdpos, rdlen)), msg,
			    msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_atma = {
	.fromtext = atma_fromtext,
	.totext = atma_totext,
	.fromwire = atma_fromwire,
	.walk_names = NULL,
};
