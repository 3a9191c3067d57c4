/*
 * rdata_odd.c - helpers shared by the hand-written rdata converters
 * (see rdata_odd.h for the contract).
 */
#include "zones/rdata_odd.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <strings.h>

result_t
odd_fail(rdata_error_t *err, size_t token, result_t r) {
	if (err != NULL) {
		err->token = token;
	}
	return r;
}

result_t
odd_unquoted(const text_token_t *toks, size_t ntok) {
	for (size_t i = 0; i < ntok; i++) {
		if (toks[i].quoted) {
			return R_UNEXPECTEDTOKEN;
		}
	}
	return R_OK;
}

result_t
odd_number_fromtext(const text_token_t *tok, uint32_t max, uint32_t *val) {
	if (tok->quoted) {
		return R_BADNUMBER;
	}
	return field_number_fromtext(tok, max, val);
}

result_t
odd_name_fromtext(const text_token_t *tok, const name_t *origin,
		  wire_t *out) {
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	return field_name_fromtext(tok, origin, out);
}

result_t
odd_base64_fromtext(const text_token_t *toks, size_t ntok, wire_t *out) {
	result_t r = odd_unquoted(toks, ntok);
	return r != R_OK ? r : field_base64_fromtext(toks, ntok, out);
}

size_t
odd_base64_errtok(const text_token_t *toks, size_t ntok) {
	for (size_t i = 0; i < ntok; i++) {
		if (toks[i].quoted) {
			return i;
		}
		for (size_t k = 0; k < toks[i].len; k++) {
			char c = toks[i].text[k];
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			      (c >= '0' && c <= '9') || c == '+' || c == '/' ||
			      c == '=')) {
				/* BIND has read one token further by then. */
				return i + 1;
			}
		}
	}
	return ntok;
}

result_t
odd_hex_fromtext(const text_token_t *toks, size_t ntok, wire_t *out) {
	result_t r = odd_unquoted(toks, ntok);
	return r != R_OK ? r : field_hex_fromtext(toks, ntok, out);
}

result_t
odd_base32hex_fromtext(const text_token_t *tok, wire_t *out) {
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	return field_base32hex_fromtext(tok, out);
}

result_t
odd_tok_cstr(const text_token_t *tok, char *buf, size_t size) {
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (tok->len >= size) {
		return R_SYNTAX;
	}
	for (size_t i = 0; i < tok->len; i++) {
		if (tok->text[i] == '\\' || tok->text[i] == '\0') {
			return R_SYNTAX;
		}
	}
	memcpy(buf, tok->text, tok->len);
	buf[tok->len] = '\0';
	return R_OK;
}

result_t
odd_u8_fromtext(const text_token_t *tok, wire_t *out) {
	uint32_t v;
	result_t r = odd_number_fromtext(tok, 0xff, &v);
	if (r == R_OK) {
		wire_write_u8(out, (uint8_t)v);
		r = wire_error(out);
	}
	return r;
}

result_t
odd_u16_fromtext(const text_token_t *tok, wire_t *out) {
	uint32_t v;
	result_t r = odd_number_fromtext(tok, 0xffff, &v);
	if (r == R_OK) {
		wire_write_u16(out, (uint16_t)v);
		r = wire_error(out);
	}
	return r;
}

result_t
odd_u32_fromtext(const text_token_t *tok, wire_t *out) {
	uint32_t v;
	result_t r = odd_number_fromtext(tok, 0xffffffffU, &v);
	if (r == R_OK) {
		wire_write_u32(out, v);
		r = wire_error(out);
	}
	return r;
}

result_t
odd_ipv4_parse(const char *s, uint8_t out[4]) {
	/* inet_pton's IPv4 form is BIND's: exactly four decimal parts. */
	return inet_pton(AF_INET, s, out) == 1 ? R_OK : R_BADADDRESS;
}

result_t
odd_ipv6_parse(const char *s, uint8_t out[16]) {
	return inet_pton(AF_INET6, s, out) == 1 ? R_OK : R_BADADDRESS;
}

result_t
odd_ipv4_fromtext(const text_token_t *tok, wire_t *out) {
	char buf[64];
	uint8_t a[4];
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (odd_tok_cstr(tok, buf, sizeof(buf)) != R_OK ||
	    odd_ipv4_parse(buf, a) != R_OK) {
		return R_BADADDRESS;
	}
	wire_write_bytes(out, a, 4);
	return wire_error(out);
}

result_t
odd_ipv6_fromtext(const text_token_t *tok, wire_t *out) {
	char buf[64];
	uint8_t a[16];
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (odd_tok_cstr(tok, buf, sizeof(buf)) != R_OK ||
	    odd_ipv6_parse(buf, a) != R_OK) {
		return R_BADADDRESS;
	}
	wire_write_bytes(out, a, 16);
	return wire_error(out);
}

void
odd_ipv4_totext(const uint8_t a[4], textbuf_t *out) {
	tb_printf(out, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

void
odd_ipv6_totext(const uint8_t a[16], textbuf_t *out) {
	/* glibc's RFC 5952 form matches BIND's (lowercase, longest zero
	 * run compressed, ::ffff:a.b.c.d for mapped addresses). */
	char buf[INET6_ADDRSTRLEN];
	if (inet_ntop(AF_INET6, a, buf, sizeof(buf)) == NULL) {
		if (out->error == R_OK) {
			out->error = R_FAILURE;
		}
		return;
	}
	tb_puts(out, buf);
}

result_t
odd_name_check(const uint8_t *d, size_t len, size_t *used) {
	size_t pos = 0;
	while (pos < len) {
		uint8_t l = d[pos];
		if (l >= 0xc0) {
			return R_DISALLOWED; /* compression is not allowed here */
		}
		if (l > 63) {
			return R_BADLABELTYPE;
		}
		pos += 1 + (size_t)l;
		if (pos > NAME_MAXWIRE) {
			return R_NAMETOOLONG;
		}
		if (l == 0) {
			*used = pos;
			return R_OK;
		}
	}
	return R_UNEXPECTEDEND;
}

result_t
odd_copy(const uint8_t *msg, size_t msglen, size_t rdpos, size_t rdlen,
	 wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	wire_write_bytes(out, msg + rdpos, rdlen);
	return wire_error(out);
}

result_t
odd_mnemonic_fromtext(const odd_mnemonic_t *table, const text_token_t *tok,
		      uint32_t max, uint32_t *val) {
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	size_t digits = 0;
	while (digits < tok->len && tok->text[digits] >= '0' &&
	       tok->text[digits] <= '9') {
		digits++;
	}
	if (tok->len > 0 && digits == tok->len) {
		return field_number_fromtext(tok, max, val);
	}
	for (const odd_mnemonic_t *m = table; m->name != NULL; m++) {
		if (strlen(m->name) == tok->len &&
		    strncasecmp(m->name, tok->text, tok->len) == 0) {
			*val = m->value;
			return R_OK;
		}
	}
	return R_UNKNOWNCLASSTYPE;
}

const char *
odd_mnemonic_name(const odd_mnemonic_t *table, uint32_t v) {
	for (const odd_mnemonic_t *m = table; m->name != NULL; m++) {
		if (m->value == v) {
			return m->name;
		}
	}
	return NULL;
}

const odd_mnemonic_t odd_secalg_table[] = {
	{ 1, "RSAMD5" },
	{ 2, "DH" },
	{ 3, "DSA" },
	{ 5, "RSASHA1" },
	{ 6, "NSEC3DSA" },
	{ 7, "NSEC3RSASHA1" },
	{ 8, "RSASHA256" },
	{ 10, "RSASHA512" },
	{ 12, "ECCGOST" },
	{ 13, "ECDSAP256SHA256" },
	{ 14, "ECDSAP384SHA384" },
	{ 15, "ED25519" },
	{ 16, "ED448" },
	{ 252, "INDIRECT" },
	{ 253, "PRIVATEDNS" },
	{ 254, "PRIVATEOID" },
	{ 0, NULL },
};

void
odd_putu(textbuf_t *out, uint32_t v) {
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%u", v);
	tb_putmem(out, buf, (size_t)n);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d) {
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool
is_leap(int64_t y) {
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
digits(const char *s, size_t n) {
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v;
}

result_t
odd_time_fromtext(const text_token_t *tok, uint32_t *val) {
	static const unsigned mdays[12] = { 31, 28, 31, 30, 31, 30,
					    31, 31, 30, 31, 30, 31 };
	/* BIND: all digits; 14 of them are a date, up to 10 a number,
	 * anything else a syntax error. */
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (tok->len == 0) {
		return R_SYNTAX;
	}
	for (size_t i = 0; i < tok->len; i++) {
		if (tok->text[i] < '0' || tok->text[i] > '9') {
			return R_SYNTAX;
		}
	}
	if (tok->len != 14) {
		if (tok->len > 10) {
			return R_SYNTAX;
		}
		return field_number_fromtext(tok, 0xffffffffU, val);
	}
	const char *s = tok->text;
	int64_t y = digits(s, 4);
	unsigned mo = digits(s + 4, 2), d = digits(s + 6, 2);
	unsigned h = digits(s + 8, 2), mi = digits(s + 10, 2);
	unsigned se = digits(s + 12, 2);
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 60) {
		return R_RANGE;
	}
	unsigned dim = mdays[mo - 1] + (mo == 2 && is_leap(y) ? 1 : 0);
	if (d > dim) {
		return R_RANGE;
	}
	int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
		    se;
	*val = (uint32_t)(uint64_t)t;
	return R_OK;
}

void
odd_time_totext(uint32_t val, int64_t now, textbuf_t *out) {
	int64_t t = now + (int32_t)(val - (uint32_t)now);
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - days * 86400;
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	tb_printf(out, "%04lld%02u%02u%02u%02u%02u", (long long)y, m, d,
		  (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60),
		  (unsigned)(secs % 60));
}

/*
 * The shared field renderers split long output into 56-character words;
 * some BIND types (HIP, NSEC3 salt, ...) print one unbroken word.  Whole
 * chunks of 42 octets (56 base64 digits, no padding) and 28 octets (56 hex
 * digits) never reach the split point, so rendering chunk by chunk gives
 * the unbroken form without a second encoder.
 */
void
odd_base64_nosplit(const uint8_t *d, size_t len, textbuf_t *out) {
	for (size_t i = 0; i < len; i += 42) {
		field_base64_totext(d + i, len - i < 42 ? len - i : 42, out);
	}
}

void
odd_hex_nosplit(const uint8_t *d, size_t len, bool upper, textbuf_t *out) {
	for (size_t i = 0; i < len; i += 28) {
		size_t n = len - i < 28 ? len - i : 28;
		field_hex_totext(d + i, n, upper, out);
	}
}

result_t
odd_unescape(const text_token_t *tok, wire_t *out) {
	for (size_t i = 0; i < tok->len; i++) {
		char c = tok->text[i];
		if (c != '\\') {
			wire_write_u8(out, (uint8_t)c);
			continue;
		}
		if (++i >= tok->len) {
			return R_SYNTAX;
		}
		c = tok->text[i];
		if (c >= '0' && c <= '9') {
			unsigned v = 0;
			for (int k = 0; k < 3; k++, i++) {
				if (i >= tok->len || tok->text[i] < '0' ||
				    tok->text[i] > '9') {
					return R_SYNTAX;
				}
				v = v * 10 + (unsigned)(tok->text[i] - '0');
			}
			i--;
			if (v > 255) {
				return R_SYNTAX;
			}
			wire_write_u8(out, (uint8_t)v);
		} else {
			wire_write_u8(out, (uint8_t)c);
		}
	}
	return wire_error(out);
}

/* Strict UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
bool
odd_utf8_ok(const uint8_t *s, size_t n) {
	size_t i = 0;
	while (i < n) {
		uint8_t c = s[i];
		size_t k;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			k = 1, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			k = 2, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			k = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (n - i - 1 < k) {
			return false;
		}
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80) {
				return false;
			}
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff)) {
			return false;
		}
		i += k + 1;
	}
	return true;
}

void
odd_generic_totext(const uint8_t *d, size_t len, textbuf_t *out) {
	tb_printf(out, "\\# %zu", len);
	if (len > 0) {
		tb_putc(out, ' ');
		field_hex_totext(d, len, true, out);
	}
}

result_t
odd_type_fromtext(const text_token_t *tok, uint16_t *type) {
	uint32_t v;
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (tok->len > 0 && tok->text[0] >= '0' && tok->text[0] <= '9') {
		result_t r = field_number_fromtext(tok, 0xffff, &v);
		if (r == R_OK) {
			*type = (uint16_t)v;
		}
		return r;
	}
	if (memchr(tok->text, '\\', tok->len) != NULL ||
	    rrtype_fromtext(tok->text, tok->len, type) != R_OK) {
		return R_UNKNOWNCLASSTYPE;
	}
	return R_OK;
}

/* Typed gateway/relay field of IPSECKEY and AMTRELAY (see rdata_odd.h). */
result_t
odd_gateway_fromtext(unsigned type, const text_token_t *tok,
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

result_t
odd_gateway_len(unsigned type, const uint8_t *d, size_t len, size_t *glen) {
	switch (type) {
	case 0:
		*glen = 0;
		return R_OK;
	case 1:
		*glen = 4;
		return len >= 4 ? R_OK : R_UNEXPECTEDEND;
	case 2:
		*glen = 16;
		return len >= 16 ? R_OK : R_UNEXPECTEDEND;
	case 3:
		return odd_name_check(d, len, glen);
	default:
		return R_NOTIMPLEMENTED;
	}
}

result_t
odd_gateway_totext(unsigned type, const uint8_t *d, size_t len,
		   textbuf_t *out) {
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

result_t
odd_base64_field(const text_token_t *toks, size_t ntok, size_t first,
		 wire_t *out, rdata_error_t *err) {
	result_t r = odd_base64_fromtext(toks + first, ntok - first, out);
	if (r == R_OK) {
		return wire_error(out);
	}
	size_t at = first + odd_base64_errtok(toks + first, ntok - first);
	if (r == R_EXTRADATA || r == R_EXTRATOKEN) {
		/* Text after the padded final group: BIND stops reading
		 * base64 there and finds an extra token. */
		at = first;
		while (at < ntok && memchr(toks[at].text, '=', toks[at].len) ==
					    NULL) {
			at++;
		}
		return odd_fail(err, at + 1, R_EXTRATOKEN);
	}
	return odd_fail(err, at, r);
}
