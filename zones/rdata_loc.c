/*
 * rdata_loc.c - LOC (RFC 1876): version, size, horizontal and vertical
 * precision (each a 4-bit mantissa and 4-bit power of ten, centimetres),
 * latitude and longitude (2^31 + thousandths of an arc second), altitude
 * (centimetres above 100 km below the WGS 84 spheroid).
 *
 * Text, as BIND 9.18 parses it:
 *   d [m [s[.fff]]] N|S  d [m [s[.fff]]] E|W  alt[m] [size[m] [hp[m] [vp[m]]]]
 * Degrees up to 90/180 (and then no minutes or seconds), minutes 0..59,
 * seconds 0..59.999 with at most three decimals; metres with at most two
 * decimals; altitude -100000.00..42849672.95; sizes 0..90000000.00,
 * stored with one significant digit (truncated).  Defaults: size 1m,
 * hp 10000m, vp 10m.  Output: "52 22 23.000 N 4 53 32.000 E -2.00m 1m
 * 10000m 10m".  Only version 0 is defined; BIND keeps other versions
 * from the wire unchecked and prints them as "\# len hex", so do we.
 */
#include "zones/rdata_odd.h"

#define LOC_EQUATOR 0x80000000U
#define LOC_ALTBASE 10000000U /* 100000.00 m in cm */
#define LOC_LEN 16

/*
 * Parses [+-]digits[.digits] with at most `decimals` fraction digits into
 * an integer scaled by 10^decimals.  A trailing 'm' is allowed when
 * metres is true.  Signs only when signok.
 */
static result_t
decimal_fromtext(const text_token_t *tok, unsigned decimals, bool metres,
		 bool signok, int64_t *val) {
	const char *s = tok->text;
	size_t n = tok->len, i = 0;
	bool neg = false, digits = false;
	int64_t v = 0;
	unsigned frac = 0;

	if (metres && n > 0 && s[n - 1] == 'm') {
		n--;
	}
	if (!signok && n > 1 && s[0] == '-') {
		return R_RANGE; /* BIND: a negative size or second */
	}
	if (i < n && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++; /* a '+' is fine on sizes too */
	}
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (s[i] - '0');
		digits = true;
		if (v > 100000000000LL) {
			return R_RANGE;
		}
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			if (++frac > decimals) {
				return R_SYNTAX;
			}
			v = v * 10 + (s[i] - '0');
			digits = true;
		}
	}
	if (i != n || !digits) {
		return R_SYNTAX;
	}
	for (; frac < decimals; frac++) {
		v *= 10;
	}
	*val = neg ? -v : v;
	return R_OK;
}

/* One coordinate: d [m [s]] H.  *i advances past the hemisphere token. */
static result_t
coord_fromtext(const text_token_t *toks, size_t ntok, size_t *i,
	       unsigned maxdeg, char pos, char neg, uint32_t *out,
	       rdata_error_t *err) {
	uint32_t deg, min = 0;
	int64_t ms = 0;
	result_t r;
	size_t k = *i;

	if (k >= ntok) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_number_fromtext(&toks[k], maxdeg, &deg)) != R_OK) {
		return odd_fail(err, k, r);
	}
	for (int part = 0; part < 3; part++) {
		k++;
		if (k >= ntok) {
			return odd_fail(err, ntok, R_UNEXPECTEDEND);
		}
		const text_token_t *t = &toks[k];
		if (t->len == 1 && (t->text[0] == pos || t->text[0] == neg)) {
			int64_t v = ((int64_t)deg * 3600 + min * 60) * 1000;
			v += ms;
			if (v > (int64_t)maxdeg * 3600000) {
				return odd_fail(err, k, R_RANGE);
			}
			*out = t->text[0] == pos ? LOC_EQUATOR + (uint32_t)v
						 : LOC_EQUATOR - (uint32_t)v;
			*i = k + 1;
			return R_OK;
		}
		if (part == 0) {
			r = odd_number_fromtext(t, 59, &min);
		} else if (part == 1) {
			r = decimal_fromtext(t, 3, false, false, &ms);
			if (r == R_OK && ms > 59999) {
				r = R_RANGE;
			}
			/* With a fraction, BIND range-checks the whole
			 * seconds before it looks at the rest ("+79.65m"). */
			size_t d = t->len > 0 && t->text[0] == '+' ? 1 : 0;
			unsigned lead = 0;
			bool frac = memchr(t->text, '.', t->len) != NULL;
			while (r == R_SYNTAX && frac && d < t->len &&
			       t->text[d] >= '0' && t->text[d] <= '9' &&
			       lead < 60) {
				lead = lead * 10 + (unsigned)(t->text[d++] - '0');
			}
			if (r == R_SYNTAX && frac && lead > 59) {
				r = R_RANGE;
			}
		} else {
			r = R_SYNTAX;
		}
		if (r == R_OK && deg == maxdeg && (min != 0 || ms != 0)) {
			r = R_RANGE;
		}
		if (r != R_OK) {
			return odd_fail(err, k, r);
		}
	}
	return odd_fail(err, k, R_SYNTAX);
}

/* Centimetres -> BIND's mantissa/exponent octet (truncating). */
static uint8_t
size_encode(int64_t cm) {
	unsigned exp = 0;
	while (cm >= 10 && exp < 9) {
		cm /= 10;
		exp++;
	}
	return (uint8_t)((cm << 4) | exp);
}

static result_t
loc_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint32_t lat, lon;
	uint8_t sizes[3] = { 0x12, 0x16, 0x13 }; /* 1m 10000m 10m */
	int64_t v;
	size_t i = 0;
	result_t r;

	if ((r = coord_fromtext(toks, ntok, &i, 90, 'N', 'S', &lat, err)) !=
	    R_OK) {
		return r;
	}
	if ((r = coord_fromtext(toks, ntok, &i, 180, 'E', 'W', &lon, err)) !=
	    R_OK) {
		return r;
	}
	if (i >= ntok) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = decimal_fromtext(&toks[i], 2, true, true, &v)) != R_OK) {
		return odd_fail(err, i, r);
	}
	if (v < -10000000LL || v > 4284967295LL) {
		return odd_fail(err, i, R_RANGE);
	}
	uint32_t alt = (uint32_t)(v + LOC_ALTBASE);
	i++;
	for (int k = 0; k < 3 && i < ntok; k++, i++) {
		r = decimal_fromtext(&toks[i], 2, true, false, &v);
		if (r == R_OK && v / 100 > 90000000) {
			r = R_RANGE;
		}
		if (r != R_OK) {
			return odd_fail(err, i, r);
		}
		sizes[k] = size_encode(v);
	}
	if (i < ntok) {
		return odd_fail(err, i, R_EXTRATOKEN);
	}
	wire_write_u8(out, 0);
	wire_write_bytes(out, sizes, 3);
	wire_write_u32(out, lat);
	wire_write_u32(out, lon);
	wire_write_u32(out, alt);
	return wire_error(out);
}

/* Digits 0..9, and no power of ten on a zero mantissa (BIND). */
static bool
size_ok(uint8_t s) {
	unsigned m = s >> 4, e = s & 0xf;
	return m <= 9 && e <= 9 && (m > 0 || e == 0);
}

static result_t
loc_check(const uint8_t *d, size_t len) {
	if (len >= 1 && d[0] != 0) {
		return R_OK; /* a future version: kept, shown as \# */
	}
	if (len < LOC_LEN) {
		return R_UNEXPECTEDEND;
	}
	if (!size_ok(d[1]) || !size_ok(d[2]) || !size_ok(d[3])) {
		return R_RANGE;
	}
	uint32_t lat = be32(d + 4), lon = be32(d + 8);
	uint32_t dlat = lat >= LOC_EQUATOR ? lat - LOC_EQUATOR
					   : LOC_EQUATOR - lat;
	uint32_t dlon = lon >= LOC_EQUATOR ? lon - LOC_EQUATOR
					   : LOC_EQUATOR - lon;
	if (dlat > 90U * 3600000 || dlon > 180U * 3600000) {
		return R_RANGE;
	}
	return len == LOC_LEN ? R_OK : R_EXTRADATA;
}

static void
size_totext(uint8_t s, textbuf_t *out) {
	unsigned m = s >> 4, e = s & 0xf;
	uint64_t cm = m;
	for (unsigned k = 0; k < e; k++) {
		cm *= 10;
	}
	if (cm >= 100 && cm % 100 == 0) {
		tb_printf(out, "%llum", (unsigned long long)(cm / 100));
	} else {
		tb_printf(out, "%llu.%02llum", (unsigned long long)(cm / 100),
			  (unsigned long long)(cm % 100));
	}
}

static void
coord_totext(uint32_t v, char pos, char neg, textbuf_t *out) {
	char h = v >= LOC_EQUATOR ? pos : neg;
	uint32_t d = v >= LOC_EQUATOR ? v - LOC_EQUATOR : LOC_EQUATOR - v;
	tb_printf(out, "%u %u %u.%03u %c", d / 3600000, d / 60000 % 60,
		  d / 1000 % 60, d % 1000, h);
}

static result_t
loc_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	if (loc_check(rdata, len) != R_OK) {
		return R_FORMERR;
	}
	if (rdata[0] != 0) {
		odd_generic_totext(rdata, len, out);
		return out->error;
	}
	coord_totext(be32(rdata + 4), 'N', 'S', out);
	tb_putc(out, ' ');
	coord_totext(be32(rdata + 8), 'E', 'W', out);
	int64_t alt = (int64_t)be32(rdata + 12) - LOC_ALTBASE;
	uint64_t a = (uint64_t)(alt < 0 ? -alt : alt);
	tb_printf(out, " %s%llu.%02llum ", alt < 0 ? "-" : "",
		  (unsigned long long)(a / 100), (unsigned long long)(a % 100));
	size_totext(rdata[1], out);
	tb_putc(out, ' ');
	size_totext(rdata[2], out);
	tb_putc(out, ' ');
	size_totext(rdata[3], out);
	return out->error;
}

static result_t
loc_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen, size_t rdpos,
	     size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = loc_check(msg + rdpos, rdlen);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_loc = {
	.fromtext = loc_fromtext,
	.totext = loc_totext,
	.fromwire = loc_fromwire,
	.walk_names = NULL,
};
