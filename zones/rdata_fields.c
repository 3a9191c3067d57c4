/*
 * rdata_fields.c - the field-level converters shared by the table-driven
 * rdata code (rdata.c) and the hand-written converters (rdata_*.c).
 *
 * Contract (see rdata_ops.h for each function): text parsers read one or
 * more tokens as the master-file reader produced them (escapes still in
 * place, quotes removed) and append wire octets to a wire_t; renderers
 * append BIND 9.18 presentation text to a textbuf_t.  Nothing here
 * allocates; every input byte is bounds-checked.
 *
 * BIND behaviour reproduced here (checked against named-compilezone):
 *  - numbers are plain decimal; a sign, "0x" or trailing junk is
 *    "not a valid number", a value over the field's maximum "out of range";
 *  - character-strings longer than 255 octets and bad \DDD escapes
 *    (value > 255, fewer than three digits) are syntax errors;
 *  - character-strings are always rendered quoted, with " and \ escaped
 *    by a backslash and octets outside 0x20..0x7e as \DDD;
 *  - base64 and hex may be split over several tokens, and groups may
 *    straddle tokens;
 *  - long base64 and hex are rendered in words of 56 characters separated
 *    by a space (what -D / the default dump style prints);
 *  - hex is rendered in upper case; base32hex in upper case, no padding.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "zones/name.h"
#include "zones/rdata_ops.h"
#include "zones/textbuf.h"
#include "zones/token.h"
#include "zones/wire.h"

/* BIND's dump style splits base64/hex into words this long. */
#define FIELD_SPLIT 56

result_t
field_number_fromtext(const text_token_t *tok, uint32_t max, uint32_t *val) {
	uint64_t v = 0;

	if (tok->len == 0) {
		return R_BADNUMBER;
	}
	for (size_t i = 0; i < tok->len; i++) {
		char c = tok->text[i];
		if (c < '0' || c > '9') {
			return R_BADNUMBER;
		}
		v = v * 10 + (uint64_t)(c - '0');
		if (v > UINT32_MAX) {
			/* Keep accumulating would overflow; BIND's lexer
			 * reports such numbers as out of range. */
			return R_RANGE;
		}
	}
	if (v > max) {
		return R_RANGE;
	}
	*val = (uint32_t)v;
	return R_OK;
}

/*
 * Decodes the escapes of tok (\X and \DDD) into out, at most limit
 * octets (R_SYNTAX beyond, as BIND says for over-long strings).
 */
static result_t
unescape(const text_token_t *tok, size_t limit, wire_t *out) {
	size_t n = 0;
	size_t i = 0;

	while (i < tok->len) {
		unsigned c = (unsigned char)tok->text[i++];
		if (c == '\\') {
			if (i >= tok->len) {
				return R_UNEXPECTEDEND;
			}
			c = (unsigned char)tok->text[i];
			if (c >= '0' && c <= '9') {
				/* \DDD: exactly three decimal digits. */
				if (tok->len - i < 3) {
					return R_SYNTAX;
				}
				unsigned v = 0;
				for (int k = 0; k < 3; k++) {
					char d = tok->text[i + (size_t)k];
					if (d < '0' || d > '9') {
						return R_SYNTAX;
					}
					v = v * 10 + (unsigned)(d - '0');
				}
				if (v > 255) {
					return R_SYNTAX;
				}
				c = v;
				i += 3;
			} else {
				i++;
			}
		}
		if (n == limit) {
			return R_SYNTAX;
		}
		wire_write_u8(out, (uint8_t)c);
		n++;
	}
	return wire_error(out);
}

result_t
field_string_fromtext(const text_token_t *tok, wire_t *out) {
	size_t at = wire_pos(out);
	result_t r;

	wire_write_u8(out, 0);
	r = unescape(tok, 255, out);
	if (r != R_OK) {
		return r;
	}
	out->base[at] = (uint8_t)(wire_pos(out) - at - 1);
	return R_OK;
}

result_t
field_text_fromtext(const text_token_t *tok, wire_t *out) {
	return unescape(tok, RDATA_MAXLEN, out);
}

void
field_string_totext(const uint8_t *s, size_t len, textbuf_t *out) {
	size_t run = 0; /* start of the pending run of plain characters */

	tb_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		uint8_t c = s[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			continue;
		}
		tb_putmem(out, (const char *)s + run, i - run);
		run = i + 1;
		if (c < 0x20 || c >= 0x7f) {
			char e[4] = {'\\', (char)('0' + c / 100),
			             (char)('0' + c / 10 % 10),
			             (char)('0' + c % 10)};
			tb_putmem(out, e, 4);
		} else {
			tb_putc(out, '\\');
			tb_putc(out, (char)c);
		}
	}
	tb_putmem(out, (const char *)s + run, len - run);
	tb_putc(out, '"');
}

result_t
field_name_fromtext(const text_token_t *tok, const name_t *origin,
		    wire_t *out) {
	name_t n;
	result_t r;

	r = name_fromtext(&n, tok->text, tok->len, origin);
	if (r != R_OK) {
		return r;
	}
	wire_write_bytes(out, n.wire, n.length);
	return wire_error(out);
}

result_t
field_name_totext(const uint8_t *rdata, size_t len, size_t *pos,
		  const name_t *origin, textbuf_t *out) {
	name_t n;
	size_t used = 0;
	char buf[NAME_MAXTEXT];
	size_t tlen = 0;
	result_t r;

	if (*pos > len) {
		return R_FORMERR;
	}
	r = name_fromwire_raw(&n, rdata + *pos, len - *pos, &used);
	if (r != R_OK) {
		return R_FORMERR;
	}
	r = name_totext(&n, origin, false, buf, sizeof(buf), &tlen);
	if (r != R_OK) {
		return r;
	}
	tb_putmem(out, buf, tlen);
	*pos += used;
	return out->error;
}

/* Value of a base64 digit, -1 for anything else ('=' included). */
static int
b64_value(char c) {
	if (c >= 'A' && c <= 'Z') {
		return c - 'A';
	}
	if (c >= 'a' && c <= 'z') {
		return c - 'a' + 26;
	}
	if (c >= '0' && c <= '9') {
		return c - '0' + 52;
	}
	if (c == '+') {
		return 62;
	}
	if (c == '/') {
		return 63;
	}
	return -1;
}

result_t
field_base64_fromtext_at(const text_token_t *toks, size_t ntok, wire_t *out,
			 size_t *failed) {
	unsigned quad[4];
	unsigned nq = 0;   /* digits (or pads) in the current group */
	unsigned pads = 0; /* '=' seen in the current group */
	bool done = false; /* a padded group ended the data */

	for (size_t t = 0; t < ntok; t++) {
		for (size_t i = 0; i < toks[t].len; i++) {
			char c = toks[t].text[i];
			if (done) {
				/* Nothing may follow the padded final group:
				 * BIND stops reading there, so a following
				 * token is extra text. */
				*failed = t;
				return i == 0 ? R_EXTRATOKEN : R_BADBASE64;
			}
			if (c == '=') {
				/* Padding only in the last two positions. */
				if (nq < 2) {
					*failed = t;
					return R_BADBASE64;
				}
				pads++;
				quad[nq++] = 0;
			} else {
				int v = b64_value(c);
				if (v < 0 || pads > 0) {
					*failed = t;
					return R_BADBASE64;
				}
				quad[nq++] = (unsigned)v;
			}
			if (nq == 4) {
				uint32_t bits = (quad[0] << 18) |
				                (quad[1] << 12) |
				                (quad[2] << 6) | quad[3];
				/* Bits under the padding must be zero
				 * (canonical encoding, as BIND insists). */
				if ((pads == 2 && (bits & 0xffff) != 0) ||
				    (pads == 1 && (bits & 0xff) != 0)) {
					*failed = t;
					return R_BADBASE64;
				}
				wire_write_u8(out, (uint8_t)(bits >> 16));
				if (pads < 2) {
					wire_write_u8(out,
					              (uint8_t)(bits >> 8));
				}
				if (pads < 1) {
					wire_write_u8(out, (uint8_t)bits);
				}
				if (pads > 0) {
					done = true;
				}
				nq = 0;
				pads = 0;
			}
		}
	}
	if (nq != 0) {
		*failed = ntok;
		return R_BADBASE64;
	}
	return wire_error(out);
}

result_t
field_base64_fromtext(const text_token_t *toks, size_t ntok, wire_t *out) {
	size_t failed = 0;
	return field_base64_fromtext_at(toks, ntok, out, &failed);
}

static const char b64_digits[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/*
 * Output in words of FIELD_SPLIT characters separated by a space, built
 * in a small buffer so the text buffer is touched once per word.
 */
typedef struct {
	textbuf_t *out;
	size_t col;                 /* characters in the current word */
	char word[FIELD_SPLIT + 1]; /* separator slot + one word */
	size_t n;
} splitter_t;

static void
split_flush(splitter_t *sp) {
	if (sp->n > 0) {
		tb_putmem(sp->out, sp->word, sp->n);
		sp->n = 0;
	}
}

static void
split_putc(splitter_t *sp, char c) {
	if (sp->col == FIELD_SPLIT) {
		split_flush(sp);
		sp->word[sp->n++] = ' ';
		sp->col = 0;
	}
	sp->word[sp->n++] = c;
	sp->col++;
}

void
field_base64_totext(const uint8_t *d, size_t len, textbuf_t *out) {
	splitter_t sp = {.out = out};

	for (size_t i = 0; i < len; i += 3) {
		uint32_t bits = (uint32_t)d[i] << 16;
		size_t n = len - i;
		if (n > 1) {
			bits |= (uint32_t)d[i + 1] << 8;
		}
		if (n > 2) {
			bits |= d[i + 2];
		}
		split_putc(&sp, b64_digits[(bits >> 18) & 0x3f]);
		split_putc(&sp, b64_digits[(bits >> 12) & 0x3f]);
		split_putc(&sp, n > 1 ? b64_digits[(bits >> 6) & 0x3f] : '=');
		split_putc(&sp, n > 2 ? b64_digits[bits & 0x3f] : '=');
	}
	split_flush(&sp);
}

int
field_hexdigit(char c) {
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

result_t
field_hex_fromtext_at(const text_token_t *toks, size_t ntok, wire_t *out,
		      size_t *failed) {
	int hi = -1;

	for (size_t t = 0; t < ntok; t++) {
		for (size_t i = 0; i < toks[t].len; i++) {
			int v = field_hexdigit(toks[t].text[i]);
			if (v < 0) {
				*failed = t;
				return R_BADHEX;
			}
			if (hi < 0) {
				hi = v;
			} else {
				wire_write_u8(out, (uint8_t)((hi << 4) | v));
				hi = -1;
			}
		}
	}
	if (hi >= 0) {
		*failed = ntok;
		return R_BADHEX;
	}
	return wire_error(out);
}

result_t
field_hex_fromtext(const text_token_t *toks, size_t ntok, wire_t *out) {
	size_t failed = 0;
	return field_hex_fromtext_at(toks, ntok, out, &failed);
}

void
field_hex_totext(const uint8_t *d, size_t len, bool upper, textbuf_t *out) {
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	splitter_t sp = {.out = out};

	for (size_t i = 0; i < len; i++) {
		split_putc(&sp, digits[d[i] >> 4]);
		split_putc(&sp, digits[d[i] & 0xf]);
	}
	split_flush(&sp);
}

static const char b32hex_digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

static int
b32hex_value(char c) {
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'A' && c <= 'V') {
		return c - 'A' + 10;
	}
	if (c >= 'a' && c <= 'v') {
		return c - 'a' + 10;
	}
	return -1;
}

result_t
field_base32hex_fromtext(const text_token_t *tok, wire_t *out) {
	uint32_t acc = 0;
	unsigned bits = 0;

	for (size_t i = 0; i < tok->len; i++) {
		int v = b32hex_value(tok->text[i]);
		if (v < 0) {
			return R_BADBASE32;
		}
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			wire_write_u8(out, (uint8_t)(acc >> bits));
			acc &= (1u << bits) - 1;
		}
	}
	/*
	 * Without padding, a valid encoding leaves fewer than 5 bits over
	 * (lengths 2, 4, 5, 7 mod 8 digits) and those bits are zero; the
	 * impossible lengths 1, 3, 6 mod 8 leave 5 or more.
	 */
	if (bits >= 5 || acc != 0) {
		return R_BADBASE32;
	}
	return wire_error(out);
}

void
field_base32hex_totext(const uint8_t *d, size_t len, textbuf_t *out) {
	uint32_t acc = 0;
	unsigned bits = 0;

	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | d[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			tb_putc(out, b32hex_digits[(acc >> bits) & 0x1f]);
		}
		acc &= (1u << bits) - 1;
	}
	if (bits > 0) {
		tb_putc(out, b32hex_digits[(acc << (5 - bits)) & 0x1f]);
	}
}
