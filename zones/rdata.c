/*
 * rdata.c - rdata text <-> wire <-> canonical form, driven by the type
 * table of rrtype.c (see rdata.h for the public contract).
 *
 * Regular types are described by a list of typed fields; this file
 * derives every conversion from that list.  Irregular types delegate to
 * their rdata_ops_t.  RFC 3597 "\# len hex" is handled here for every
 * type: the octets are then checked exactly as if they had arrived on the
 * wire, without name decompression, which is what BIND does (and why a
 * compression pointer there is "disallowed").
 *
 * Errors follow BIND's wording and choice (checked with named-compilezone):
 * a field that runs out of tokens is "unexpected end of input", leftover
 * tokens are "extra input text", leftover wire octets "extra input data",
 * a quoted token where a word is due is "unexpected token".
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "zones/name.h"
#include "zones/rdata.h"
#include "zones/rdata_ops.h"
#include "zones/rdata_types.h"
#include "zones/textbuf.h"
#include "zones/ttl.h"
#include "zones/wire.h"

/* ------------------------------------------------------------------ */
/* Small text helpers                                                  */

static result_t
set_err(rdata_error_t *err, size_t token, result_t r) {
	if (err != NULL) {
		err->token = token;
	}
	return r;
}

/* Copies an unquoted token into buf as a C string (for inet_pton etc.). */
static result_t
tok_cstr(const text_token_t *tok, char *buf, size_t size) {
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (tok->len >= size || memchr(tok->text, '\0', tok->len) != NULL) {
		return R_SYNTAX;
	}
	memcpy(buf, tok->text, tok->len);
	buf[tok->len] = '\0';
	return R_OK;
}

static bool
tok_eq(const text_token_t *tok, const char *word) {
	size_t n = strlen(word);
	return tok->len == n && strncasecmp(tok->text, word, n) == 0;
}

static result_t
number_fromtext(const text_token_t *tok, uint32_t max, uint32_t *v) {
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	return field_number_fromtext(tok, max, v);
}

static bool
tok_isnumber(const text_token_t *tok) {
	if (tok->len == 0) {
		return false;
	}
	for (size_t i = 0; i < tok->len; i++) {
		if (tok->text[i] < '0' || tok->text[i] > '9') {
			return false;
		}
	}
	return true;
}

/* DNSSEC algorithm mnemonics BIND accepts (dns_secalg). */
static const struct {
	const char *name;
	uint8_t value;
} secalgs[] = {
	{"RSAMD5", 1},
	{"DH", 2},
	{"DSA", 3},
	{"ECC", 4},
	{"RSASHA1", 5},
	{"DSA-NSEC3-SHA1", 6},
	{"NSEC3DSA", 6},
	{"RSASHA1-NSEC3-SHA1", 7},
	{"NSEC3RSASHA1", 7},
	{"RSASHA256", 8},
	{"RSASHA512", 10},
	{"ECCGOST", 12},
	{"ECDSAP256SHA256", 13},
	{"ECDSA256", 13},
	{"ECDSAP384SHA384", 14},
	{"ECDSA384", 14},
	{"ED25519", 15},
	{"ED448", 16},
	{"INDIRECT", 252},
	{"PRIVATEDNS", 253},
	{"PRIVATEOID", 254},
};

/* DS digest type mnemonics (dns_dsdigest). */
static const struct {
	const char *name;
	uint8_t value;
} dsdigests[] = {
	{"SHA-1", 1}, {"SHA1", 1},    {"SHA-256", 2}, {"SHA256", 2},
	{"GOST", 3},  {"SHA-384", 4}, {"SHA384", 4},
};

/* NSEC3 hash algorithm mnemonics (dns_hashalg): only SHA-1. */
static const struct {
	const char *name;
	uint8_t value;
} hashalgs[] = {
	{"SHA-1", 1},
};

static result_t
alg_fromtext(const text_token_t *tok, uint8_t kind, uint32_t *v) {
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (tok_isnumber(tok)) {
		return field_number_fromtext(tok, 255, v);
	}
	if (kind == FK_HASHALG) {
		for (size_t i = 0; i < sizeof(hashalgs) / sizeof(hashalgs[0]);
		     i++) {
			if (tok_eq(tok, hashalgs[i].name)) {
				*v = hashalgs[i].value;
				return R_OK;
			}
		}
	} else if (kind == FK_DIGESTTYPE) {
		for (size_t i = 0; i < sizeof(dsdigests) / sizeof(dsdigests[0]);
		     i++) {
			if (tok_eq(tok, dsdigests[i].name)) {
				*v = dsdigests[i].value;
				return R_OK;
			}
		}
	} else {
		for (size_t i = 0; i < sizeof(secalgs) / sizeof(secalgs[0]);
		     i++) {
			if (tok_eq(tok, secalgs[i].name)) {
				*v = secalgs[i].value;
				return R_OK;
			}
		}
	}
	return R_UNKNOWNCLASSTYPE;
}

static result_t
octal_fromtext(const text_token_t *tok, uint32_t *v) {
	uint32_t x = 0;

	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (tok->len == 0) {
		return R_BADNUMBER;
	}
	for (size_t i = 0; i < tok->len; i++) {
		char c = tok->text[i];
		if (c < '0' || c > '7') {
			return R_BADNUMBER;
		}
		x = x * 8 + (uint32_t)(c - '0');
		if (x > 0xffff) {
			return R_RANGE;
		}
	}
	*v = x;
	return R_OK;
}

static bool
is_leap(unsigned y) {
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; negative before). */
static int64_t
days_since_epoch(unsigned y, unsigned m, unsigned d) {
	static const unsigned before[12] = {0,   31,  59,  90,  120, 151,
	                                    181, 212, 243, 273, 304, 334};
	int64_t yy = (int64_t)y - 1;
	/* Days from 0001-01-01 to Jan 1 of year y, then shift to 1970. */
	int64_t days = yy * 365 + yy / 4 - yy / 100 + yy / 400;

	days += before[m - 1] + (m > 2 && is_leap(y) ? 1 : 0) + d - 1;
	return days - 719162; /* 0001-01-01 .. 1970-01-01 */
}

/* YYYYMMDDHHMMSS (years 0001-9999), stored modulo 2^32 as BIND's
 * time32 fields are. */
static result_t
time_fromtext(const text_token_t *tok, uint32_t *v) {
	static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30,
	                                   31, 31, 30, 31, 30, 31};
	unsigned f[6];
	static const unsigned width[6] = {4, 2, 2, 2, 2, 2};
	size_t p = 0;

	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (tok->len != 14 || !tok_isnumber(tok)) {
		return R_SYNTAX;
	}
	for (int i = 0; i < 6; i++) {
		f[i] = 0;
		for (unsigned k = 0; k < width[i]; k++) {
			f[i] = f[i] * 10 + (unsigned)(tok->text[p++] - '0');
		}
	}
	if (f[0] < 1 || f[1] < 1 || f[1] > 12 || f[2] < 1 ||
	    f[2] > mdays[f[1] - 1] + (f[1] == 2 && is_leap(f[0]) ? 1 : 0) ||
	    f[3] > 23 || f[4] > 59 || f[5] > 60)
	{
		return R_RANGE;
	}
	int64_t secs = days_since_epoch(f[0], f[1], f[2]) * 86400 +
	               (int64_t)f[3] * 3600 + (int64_t)f[4] * 60 + f[5];
	/* Before 1970 wraps like any other value out of 32 bits. */
	*v = (uint32_t)(uint64_t)secs;
	return R_OK;
}

/*
 * Strict dotted quad as inet_pton(AF_INET) accepts it: four decimal
 * parts 0..255, no leading zeros, nothing else.  (Hand-written because
 * it is on the zone-loading hot path.)
 */
static result_t
ipv4_fromtext(const text_token_t *tok, uint8_t a[4]) {
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		unsigned v = 0;
		size_t digits = 0;
		if (part > 0) {
			if (i >= tok->len || tok->text[i] != '.') {
				return R_BADDOTTEDQUAD;
			}
			i++;
		}
		while (i < tok->len && tok->text[i] >= '0' &&
		       tok->text[i] <= '9') {
			if (digits > 0 && v == 0) {
				return R_BADDOTTEDQUAD; /* leading zero */
			}
			v = v * 10 + (unsigned)(tok->text[i] - '0');
			if (v > 255) {
				return R_BADDOTTEDQUAD;
			}
			digits++;
			i++;
		}
		if (digits == 0) {
			return R_BADDOTTEDQUAD;
		}
		a[part] = (uint8_t)v;
	}
	return i == tok->len ? R_OK : R_BADDOTTEDQUAD;
}

/*
 * Hex tokens into out; *nbytes gets how many octets were written.  On a
 * decoding error *near is the token BIND's message names: the reader has
 * already fetched the token after the bad one (ntok: "near eol").
 */
static result_t
hex_tokens(const text_token_t *toks, size_t ntok, wire_t *out, size_t *nbytes,
	   size_t *near) {
	size_t start = wire_pos(out);
	size_t failed = ntok;

	for (size_t i = 0; i < ntok; i++) {
		if (toks[i].quoted) {
			*near = i;
			return R_UNEXPECTEDTOKEN;
		}
	}
	result_t r = field_hex_fromtext_at(toks, ntok, out, &failed);
	if (r != R_OK) {
		*near = failed < ntok ? failed + 1 : ntok;
		return r;
	}
	*nbytes = wire_pos(out) - start;
	return R_OK;
}

/* Index of the first token with a non-hex character, or ntok. */
static size_t
first_nonhex(const text_token_t *toks, size_t first, size_t ntok) {
	for (size_t i = first; i < ntok; i++) {
		for (size_t c = 0; c < toks[i].len; c++) {
			if (!isxdigit((unsigned char)toks[i].text[c])) {
				return i;
			}
		}
	}
	return ntok;
}

/*
 * A digest of known length is read token by token and must end exactly
 * at a token boundary, like BIND's fixed-length hex reader: overshooting
 * inside a token is bad hex, tokens after the digest are extra text.
 */
static result_t
digest_fromtext(const digest_spec_t *spec, size_t rdstart,
		const text_token_t *toks, size_t ntok, size_t first,
		wire_t *out, rdata_error_t *err) {
	uint8_t sel = out->base[rdstart + spec->sel_off];
	size_t want = sel < 8 ? spec->lens[sel] : 0;
	size_t got = 0;

	if (want == 0) {
		size_t near = 0;
		result_t r = hex_tokens(toks + first, ntok - first, out, &got,
		                        &near);
		if (r != R_OK) {
			return set_err(err, first + near, r);
		}
		if (got < spec->min_unknown) {
			return set_err(err, ntok, R_UNEXPECTEDEND);
		}
		return R_OK;
	}
	/*
	 * Nibbles carry over from one token to the next; what matters is
	 * how many whole octets have been read when a token ends.
	 */
	size_t nibbles = 0;
	size_t last = first;
	for (size_t i = first; i < ntok; i++) {
		if (nibbles / 2 == want) {
			return set_err(err, i, R_EXTRATOKEN);
		}
		if (toks[i].quoted) {
			return set_err(err, i, R_UNEXPECTEDTOKEN);
		}
		nibbles += toks[i].len;
		last = i + 1;
		size_t bad = first_nonhex(toks, i, i + 1);
		if (bad == i || nibbles / 2 > want) {
			/* Bad digit, or overshoot inside this token: BIND
			 * has read on to the next token by then. */
			return set_err(err, i + 1, R_BADHEX);
		}
	}
	if (nibbles < 2 * want) {
		/* Includes a dangling half octet: BIND ran out of input. */
		return set_err(err, ntok, R_UNEXPECTEDEND);
	}
	size_t near = 0;
	result_t r = hex_tokens(toks + first, last - first, out, &got, &near);
	if (r != R_OK) {
		return set_err(err, first + near, r);
	}
	return R_OK;
}

/* Parses one "to the end" or single-token field; see fields_fromtext. */
static result_t
field_fromtext(const rrtype_desc_t *d, uint8_t kind, size_t rdstart,
	       const text_token_t *toks, size_t ntok, size_t *ti,
	       const name_t *origin, wire_t *out, rdata_error_t *err) {
	size_t i = *ti;
	const text_token_t *tok = &toks[i];
	char buf[64];
	uint32_t v = 0;
	result_t r = R_OK;

	switch (kind) {
	case FK_STRINGS:
		for (; i < ntok; i++) {
			r = field_string_fromtext(&toks[i], out);
			if (r != R_OK) {
				return set_err(err, i, r);
			}
		}
		*ti = i;
		return R_OK;
	case FK_DIGEST:
		*ti = ntok;
		return digest_fromtext(d->digest, rdstart, toks, ntok, i, out,
		                       err);
	case FK_BASE64:
	case FK_BASE64_OPT:
		for (size_t k = i; k < ntok; k++) {
			if (toks[k].quoted) {
				return set_err(err, k, R_UNEXPECTEDTOKEN);
			}
		}
		{
			size_t failed = ntok - i;
			r = field_base64_fromtext_at(toks + i, ntok - i, out,
			                             &failed);
			*ti = ntok;
			if (r == R_OK) {
				return R_OK;
			}
			/* BIND stops after a padded group, so the extra
			 * token is named itself; a bad digit is named by
			 * the token read after it. */
			size_t at = i + failed;
			if (r != R_EXTRATOKEN && at < ntok) {
				at++;
			}
			return set_err(err, at, r);
		}
	case FK_HEX: {
		size_t n = 0;
		for (size_t k = i; k < ntok; k++) {
			if (toks[k].quoted) {
				return set_err(err, k, R_UNEXPECTEDTOKEN);
			}
		}
		size_t near = 0;
		r = hex_tokens(toks + i, ntok - i, out, &n, &near);
		*ti = ntok;
		return r == R_OK ? R_OK : set_err(err, i + near, r);
	}
	case FK_KEY_REST: {
		/* flags, protocol, algorithm, key: KEY's own text rules. */
		rdata_error_t kerr = {0};
		r = rdata_ops_key.fromtext(RRCLASS_IN, toks + i, ntok - i,
		                           origin, out, &kerr);
		*ti = ntok;
		return r == R_OK ? R_OK : set_err(err, i + kerr.token, r);
	}
	default:
		break;
	}

	/* Single-token fields. */
	switch (kind) {
	case FK_U8:
		r = number_fromtext(tok, 0xff, &v);
		wire_write_u8(out, (uint8_t)v);
		break;
	case FK_U16:
		r = number_fromtext(tok, 0xffff, &v);
		wire_write_u16(out, (uint16_t)v);
		break;
	case FK_U32:
		r = number_fromtext(tok, UINT32_MAX, &v);
		wire_write_u32(out, v);
		break;
	case FK_TTL:
		if (tok->quoted) {
			r = R_UNEXPECTEDTOKEN;
		} else if (tok_isnumber(tok)) {
			r = field_number_fromtext(tok, UINT32_MAX, &v);
		} else {
			r = ttl_fromtext(tok->text, tok->len, &v);
		}
		/* BIND words every bad SOA timer as a syntax error. */
		if (r != R_OK && r != R_UNEXPECTEDTOKEN) {
			r = R_SYNTAX;
		}
		wire_write_u32(out, v);
		break;
	case FK_TIME:
		r = time_fromtext(tok, &v);
		wire_write_u32(out, v);
		break;
	case FK_NAME:
		r = tok->quoted ? R_UNEXPECTEDTOKEN
		                : field_name_fromtext(tok, origin, out);
		break;
	case FK_STRING:
		r = field_string_fromtext(tok, out);
		break;
	case FK_STRING_REST:
		/* BIND insists on the quotes here (RFC 7553 target). */
		if (!tok->quoted) {
			r = R_SYNTAX;
			break;
		}
		r = field_text_fromtext(tok, out);
		break;
	case FK_IPV4: {
		uint8_t a[4];
		r = tok->quoted ? R_UNEXPECTEDTOKEN : ipv4_fromtext(tok, a);
		if (r == R_OK) {
			wire_write_bytes(out, a, 4);
		}
		break;
	}
	case FK_IPV6: {
		uint8_t a[16];
		r = tok_cstr(tok, buf, sizeof(buf));
		if (r == R_OK && inet_pton(AF_INET6, buf, a) != 1) {
			r = R_BADIPV6;
		} else if (r == R_SYNTAX) {
			r = R_BADIPV6;
		}
		if (r == R_OK) {
			wire_write_bytes(out, a, 16);
		}
		break;
	}
	case FK_OCTAL16:
		r = octal_fromtext(tok, &v);
		wire_write_u16(out, (uint16_t)v);
		break;
	case FK_ALG:
	case FK_DIGESTTYPE:
	case FK_HASHALG:
		r = alg_fromtext(tok, kind, &v);
		wire_write_u8(out, (uint8_t)v);
		break;
	case FK_HEX8: {
		size_t at = wire_pos(out);
		size_t n = 0;
		wire_write_u8(out, 0);
		if (tok->len == 1 && tok->text[0] == '-' && !tok->quoted) {
			break;
		}
		size_t near = 0;
		r = hex_tokens(tok, 1, out, &n, &near);
		if (r == R_OK && n > 255) {
			r = R_TEXTTOOLONG;
		}
		if (r == R_OK && n == 0) {
			r = R_BADHEX;
		}
		if (r == R_OK && wire_error(out) == R_OK) {
			out->base[at] = (uint8_t)n;
		}
		break;
	}
	default:
		r = R_NOTIMPLEMENTED;
		break;
	}
	if (r == R_OK) {
		r = wire_error(out);
	}
	if (r != R_OK) {
		/* A badly encoded salt is named by the token after it. */
		bool next = kind == FK_HEX8 && r == R_BADHEX;
		return set_err(err, next ? i + 1 : i, r);
	}
	*ti = i + 1;
	return R_OK;
}

static result_t
fields_fromtext(const rrtype_desc_t *d, const text_token_t *toks, size_t ntok,
		const name_t *origin, wire_t *out, rdata_error_t *err) {
	size_t ti = 0;
	size_t rdstart = wire_pos(out);

	for (const uint8_t *k = d->fields; *k != FK_END; k++) {
		bool rest = *k == FK_STRINGS || *k == FK_DIGEST ||
		            *k == FK_BASE64 || *k == FK_BASE64_OPT ||
		            *k == FK_HEX || *k == FK_KEY_REST;
		bool may_be_empty =
		        *k == FK_BASE64_OPT ||
		        (*k == FK_DIGEST && d->digest->min_unknown == 0);
		if (ti >= ntok && !(rest && may_be_empty)) {
			return set_err(err, ntok, R_UNEXPECTEDEND);
		}
		result_t r = field_fromtext(d, *k, rdstart, toks, ntok, &ti,
		                            origin, out, err);
		if (r != R_OK) {
			return r;
		}
	}
	if (ti < ntok) {
		return set_err(err, ti, R_EXTRATOKEN);
	}
	return R_OK;
}

/* ------------------------------------------------------------------ */
/* Wire input                                                          */

/*
 * Length of the uncompressed name at p[0..avail).  Compression pointers
 * are R_DISALLOWED (not permitted in this position), other extended
 * label types R_BADLABELTYPE.  [raw network bytes]
 */
static result_t
raw_name_len(const uint8_t *p, size_t avail, size_t *len) {
	size_t n = 0;

	for (;;) {
		if (n >= avail) {
			return R_UNEXPECTEDEND;
		}
		uint8_t l = p[n];
		if ((l & 0xc0) == 0xc0) {
			return R_DISALLOWED;
		}
		if ((l & 0xc0) != 0) {
			return R_BADLABELTYPE;
		}
		if (n + 1 + l > NAME_MAXWIRE) {
			return R_NAMETOOLONG;
		}
		n += 1 + (size_t)l;
		if (l == 0) {
			break;
		}
	}
	if (n > avail) {
		return R_UNEXPECTEDEND;
	}
	*len = n;
	return R_OK;
}

/*
 * Reads the fields of d from msg[*pos .. end) into out.  Only names of
 * types flagged compressible may be compressed, and only when the caller
 * allows it.  [raw network bytes]
 */
static result_t
fields_fromwire(const rrtype_desc_t *d, const uint8_t *msg, size_t msglen,
		size_t pos, size_t end, bool allow_compression, wire_t *out) {
	size_t rdstart = wire_pos(out);

	for (const uint8_t *k = d->fields; *k != FK_END; k++) {
		size_t avail = end - pos;
		size_t n = 0;
		switch (*k) {
		case FK_U8:
		case FK_ALG:
		case FK_DIGESTTYPE:
		case FK_HASHALG:
			n = 1;
			break;
		case FK_U16:
		case FK_OCTAL16:
			n = 2;
			break;
		case FK_U32:
		case FK_TTL:
		case FK_TIME:
		case FK_IPV4:
			n = 4;
			break;
		case FK_IPV6:
			n = 16;
			break;
		case FK_STRING:
		case FK_HEX8:
			if (avail < 1) {
				return R_UNEXPECTEDEND;
			}
			n = 1 + (size_t)msg[pos];
			break;
		case FK_STRINGS:
			/* At least one string, then strings to the end. */
			if (avail < 1) {
				return R_UNEXPECTEDEND;
			}
			while (n < avail) {
				n += 1 + (size_t)msg[pos + n];
			}
			break;
		case FK_STRING_REST:
		case FK_BASE64_OPT:
		case FK_KEY_REST:
			n = avail;
			break;
		case FK_BASE64:
		case FK_HEX:
			if (avail < 1) {
				return R_UNEXPECTEDEND;
			}
			n = avail;
			break;
		case FK_DIGEST: {
			const digest_spec_t *s = d->digest;
			uint8_t sel = out->base[rdstart + s->sel_off];
			size_t want = sel < 8 ? s->lens[sel] : 0;
			if (want == 0) {
				if (avail < s->min_unknown) {
					return R_UNEXPECTEDEND;
				}
				n = avail;
			} else if (avail != want && s->formerr) {
				return R_FORMERR;
			} else if (avail < want) {
				return R_UNEXPECTEDEND;
			} else {
				n = want; /* the rest is extra data */
			}
			break;
		}
		case FK_NAME:
			if ((d->flags & RRTYPE_F_COMPRESS) != 0 &&
			    allow_compression &&
			    raw_name_len(msg + pos, avail, &n) == R_DISALLOWED)
			{
				/* Only names that do use a pointer go the
				 * slow way through name_fromwire. */
				name_t nm;
				size_t p = pos;
				result_t r =
				        name_fromwire(&nm, msg, msglen, &p);
				if (r != R_OK) {
					return r;
				}
				if (p > end) {
					return R_UNEXPECTEDEND;
				}
				wire_write_bytes(out, nm.wire, nm.length);
				pos = p;
				continue;
			} else {
				result_t r = raw_name_len(msg + pos, avail, &n);
				if (r != R_OK) {
					return r;
				}
			}
			break;
		default:
			return R_NOTIMPLEMENTED;
		}
		if (n > avail) {
			return R_UNEXPECTEDEND;
		}
		wire_write_bytes(out, msg + pos, n);
		pos += n;
		if (wire_error(out) != R_OK) {
			return wire_error(out);
		}
	}
	if (pos != end) {
		return R_EXTRADATA;
	}
	return wire_error(out);
}

/* Checks and copies rdata of d (NULL: unknown type, any octets). */
static result_t
desc_fromwire(const rrtype_desc_t *d, uint16_t rclass, const uint8_t *msg,
	      size_t msglen, size_t rdpos, size_t rdlen, bool allow_compression,
	      wire_t *out) {
	result_t r;

	if (d != NULL && d->fields != NULL && (d->dflags & DF_GENERIC) == 0) {
		size_t start = wire_pos(out);
		r = fields_fromwire(d, msg, msglen, rdpos, rdpos + rdlen,
		                    allow_compression, out);
		if (d->check != NULL && r != R_NOSPACE) {
			/*
			 * BIND checks as it reads, so a bad field found by
			 * the check wins over a later structure error: run
			 * it on what was read even when reading stopped.
			 */
			result_t c = d->check(out->base + start,
			                      wire_pos(out) - start);
			if (r == R_OK || c == R_SYNTAX) {
				r = c;
			}
		}
		if (r != R_OK && r != R_NOSPACE &&
		    (d->dflags & DF_FORMERR) != 0) {
			r = R_FORMERR;
		}
		return r;
	}
	if (d != NULL && d->ops != NULL && d->ops->fromwire != NULL) {
		return d->ops->fromwire(rclass, msg, msglen, rdpos, rdlen, out);
	}
	/* No structure known (NULL, UNSPEC, KEYDATA, unknown types). */
	wire_write_bytes(out, msg + rdpos, rdlen);
	return wire_error(out);
}

result_t
rdata_fromwire(uint16_t type, uint16_t rclass, const uint8_t *msg,
	       size_t msglen, size_t rdpos, size_t rdlen,
	       bool allow_compression, uint8_t *out, size_t outmax,
	       size_t *outlen) {
	wire_t w;
	result_t r;

	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_UNEXPECTEDEND;
	}
	wire_init(&w, out, outmax > RDATA_MAXLEN ? RDATA_MAXLEN : outmax);
	r = desc_fromwire(rrtype_desc(type, rclass), rclass, msg, msglen, rdpos,
	                  rdlen, allow_compression, &w);
	if (r != R_OK) {
		return r;
	}
	*outlen = wire_pos(&w);
	return R_OK;
}

/* ------------------------------------------------------------------ */
/* Text input                                                          */

/* RFC 3597: "\#" length hex...; the octets are then checked as wire. */
static result_t
generic_fromtext(const rrtype_desc_t *d, uint16_t rclass,
		 const text_token_t *toks, size_t ntok, uint8_t *out,
		 size_t outmax, size_t *outlen, rdata_error_t *err) {
	uint32_t len = 0;
	result_t r;

	if (ntok < 2) {
		return set_err(err, ntok, R_UNEXPECTEDEND);
	}
	r = number_fromtext(&toks[1], RDATA_MAXLEN, &len);
	if (r != R_OK) {
		/* BIND names the token only when it is not a number. */
		return set_err(err, r == R_RANGE ? ntok : 1, r);
	}
	if (len == 0 && ntok > 2) {
		return set_err(err, 2, R_EXTRATOKEN);
	}
	size_t nibbles = 0;
	for (size_t i = 2; i < ntok; i++) {
		if (toks[i].quoted) {
			return set_err(err, i, R_UNEXPECTEDTOKEN);
		}
		if (first_nonhex(toks, i, i + 1) == i) {
			return set_err(err, i + 1, R_BADHEX);
		}
		nibbles += toks[i].len;
	}
	/* Allocated only once nothing can return early. */
	uint8_t *raw = malloc(len > 0 ? len : 1);
	if (raw == NULL) {
		return R_NOMEMORY;
	}
	wire_t w;
	wire_init(&w, raw, len);
	r = R_OK;
	if (nibbles > 2 * (size_t)len) {
		r = R_NOSPACE;
	} else if (nibbles < 2 * (size_t)len) {
		r = R_UNEXPECTEDEND;
	} else {
		size_t n = 0, near = 0;
		r = hex_tokens(toks + 2, ntok - 2, &w, &n, &near);
	}
	if (r == R_OK) {
		wire_t o;
		wire_init(&o, out,
		          outmax > RDATA_MAXLEN ? RDATA_MAXLEN : outmax);
		r = desc_fromwire(d, rclass, raw, len, 0, len, false, &o);
		if (r == R_OK) {
			*outlen = wire_pos(&o);
		}
	}
	free(raw);
	return r == R_OK ? R_OK : set_err(err, ntok, r);
}

result_t
rdata_fromtext(uint16_t type, uint16_t rclass, const text_token_t *toks,
	       size_t ntok, const name_t *origin, uint8_t *out, size_t outmax,
	       size_t *outlen, rdata_error_t *err) {
	const rrtype_desc_t *d = rrtype_desc(type, rclass);
	wire_t w;
	result_t r;

	/* Failures that name no token (no room left, ...) are at the end. */
	(void)set_err(err, ntok, R_OK);
	if (ntok > 0 && !toks[0].quoted && toks[0].len == 2 &&
	    toks[0].text[0] == '\\' && toks[0].text[1] == '#')
	{
		return generic_fromtext(d, rclass, toks, ntok, out, outmax,
		                        outlen, err);
	}
	if (d != NULL && (d->flags & RRTYPE_F_META) != 0 && d->ops == NULL) {
		return set_err(err, 0, R_UNKNOWNCLASSTYPE);
	}
	wire_init(&w, out, outmax > RDATA_MAXLEN ? RDATA_MAXLEN : outmax);
	if (d != NULL && d->fields != NULL) {
		r = fields_fromtext(d, toks, ntok, origin, &w, err);
		if (d->check != NULL && r != R_NOSPACE &&
		    wire_error(&w) == R_OK) {
			/* As on the wire: the check's verdict on what was
			 * parsed comes first, blamed on the checked token. */
			result_t c = d->check(w.base, wire_pos(&w));
			if (r == R_OK || c == R_SYNTAX) {
				size_t at = d->check_token < ntok
				                    ? d->check_token
				                    : ntok;
				r = c == R_OK ? R_OK : set_err(err, at, c);
			}
		}
	} else if (d != NULL && d->ops != NULL && d->ops->fromtext != NULL) {
		r = d->ops->fromtext(rclass, toks, ntok, origin, &w, err);
	} else if (d != NULL && (d->dflags & DF_NOTEXT_SYNTAX) != 0) {
		r = set_err(err, 0, R_SYNTAX);
	} else {
		r = set_err(err, 0, R_UNKNOWNCLASSTYPE);
	}
	if (r == R_OK) {
		r = wire_error(&w);
	}
	if (r != R_OK) {
		return r;
	}
	*outlen = wire_pos(&w);
	return R_OK;
}

/* ------------------------------------------------------------------ */
/* Walking stored (uncompressed, already validated) rdata              */

/*
 * Size of the field of kind k at rdata[pos..len).  Stored rdata has been
 * validated on the way in, but this is still bounds-checked so corrupt
 * data gives R_FORMERR, never an overrun.
 */
static result_t
field_size(const rrtype_desc_t *d, uint8_t k, const uint8_t *rdata, size_t len,
	   size_t pos, size_t *n) {
	size_t avail = len - pos;
	size_t s = 0;

	switch (k) {
	case FK_U8:
	case FK_ALG:
	case FK_DIGESTTYPE:
	case FK_HASHALG:
		s = 1;
		break;
	case FK_U16:
	case FK_OCTAL16:
		s = 2;
		break;
	case FK_U32:
	case FK_TTL:
	case FK_TIME:
	case FK_IPV4:
		s = 4;
		break;
	case FK_IPV6:
		s = 16;
		break;
	case FK_STRING:
	case FK_HEX8:
		if (avail < 1) {
			return R_FORMERR;
		}
		s = 1 + (size_t)rdata[pos];
		break;
	case FK_STRINGS:
		while (s < avail) {
			s += 1 + (size_t)rdata[pos + s];
		}
		break;
	case FK_DIGEST:
	case FK_BASE64:
	case FK_BASE64_OPT:
	case FK_HEX:
	case FK_STRING_REST:
	case FK_KEY_REST:
		s = avail;
		break;
	case FK_NAME:
		if (raw_name_len(rdata + pos, avail, &s) != R_OK) {
			return R_FORMERR;
		}
		break;
	default:
		return R_FORMERR;
	}
	(void)d;
	if (s > avail) {
		return R_FORMERR;
	}
	*n = s;
	return R_OK;
}

/* Decimal without printf: dumps print millions of these. */
static void
put_uint(textbuf_t *tb, uint32_t v) {
	char d[10];
	size_t n = 0;

	do {
		d[sizeof(d) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	tb_putmem(tb, d + sizeof(d) - n, n);
}

/* glibc's inet_ntop formats IPv4 with sprintf; this is the same text. */
static void
put_ipv4(textbuf_t *tb, const uint8_t *p) {
	for (int i = 0; i < 4; i++) {
		if (i > 0) {
			tb_putc(tb, '.');
		}
		put_uint(tb, p[i]);
	}
}

/*
 * IPv6 text as inet_ntop writes it (and BIND, whose formatter is the
 * same classic code): lower-case groups without leading zeros, the
 * first longest run of two or more zero groups as "::", and the last
 * 32 bits as a dotted quad for ::a.b.c.d and ::ffff:a.b.c.d.  glibc's
 * version formats each group with sprintf, too slow for dumps.
 */
static void
put_ipv6(textbuf_t *tb, const uint8_t *p) {
	static const char hex[] = "0123456789abcdef";
	unsigned w[8];
	int best = -1, bestlen = 0;

	for (int i = 0; i < 8; i++) {
		w[i] = be16(p + 2 * i);
	}
	for (int i = 0; i < 8;) {
		if (w[i] != 0) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && w[j] == 0) {
			j++;
		}
		if (j - i > bestlen) {
			best = i;
			bestlen = j - i;
		}
		i = j;
	}
	if (bestlen < 2) {
		best = -1;
	}
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + bestlen) {
			if (i == best) {
				tb_putc(tb, ':');
			}
			continue;
		}
		if (i > 0) {
			tb_putc(tb, ':');
		}
		if (i == 6 && best == 0 &&
		    (bestlen == 6 || (bestlen == 5 && w[5] == 0xffff))) {
			put_ipv4(tb, p + 12);
			return;
		}
		char g[4];
		size_t n = 0;
		for (int shift = 12; shift >= 0; shift -= 4) {
			unsigned nib = (w[i] >> shift) & 0xf;
			if (n > 0 || nib != 0 || shift == 0) {
				g[n++] = hex[nib];
			}
		}
		tb_putmem(tb, g, n);
	}
	if (best >= 0 && best + bestlen == 8) {
		tb_putc(tb, ':');
	}
}

static void
hex_plain(const uint8_t *p, size_t n, textbuf_t *tb) {
	static const char digits[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		tb_putc(tb, digits[p[i] >> 4]);
		tb_putc(tb, digits[p[i] & 0xf]);
	}
}

static result_t
field_totext(uint8_t k, const uint8_t *p, size_t n, const uint8_t *rdata,
	     size_t len, size_t pos, const name_t *origin, textbuf_t *tb) {
	switch (k) {
	case FK_U8:
	case FK_ALG:
	case FK_DIGESTTYPE:
	case FK_HASHALG:
		put_uint(tb, p[0]);
		break;
	case FK_U16:
		put_uint(tb, be16(p));
		break;
	case FK_OCTAL16:
		tb_printf(tb, "%o", be16(p));
		break;
	case FK_U32:
	case FK_TTL:
		put_uint(tb, be32(p));
		break;
	case FK_TIME: {
		time_t t = (time_t)be32(p);
		struct tm tm;
		if (gmtime_r(&t, &tm) == NULL) {
			return R_FORMERR;
		}
		tb_printf(tb, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900,
		          tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		          tm.tm_sec);
		break;
	}
	case FK_IPV4:
		put_ipv4(tb, p);
		break;
	case FK_IPV6:
		put_ipv6(tb, p);
		break;
	case FK_NAME: {
		size_t q = pos;
		return field_name_totext(rdata, len, &q, origin, tb);
	}
	case FK_STRING:
		field_string_totext(p + 1, n - 1, tb);
		break;
	case FK_STRINGS:
		for (size_t i = 0; i < n; i += 1 + (size_t)p[i]) {
			if (i > 0) {
				tb_putc(tb, ' ');
			}
			field_string_totext(p + i + 1, p[i], tb);
		}
		break;
	case FK_STRING_REST:
		field_string_totext(p, n, tb);
		break;
	case FK_DIGEST:
	case FK_HEX:
		field_hex_totext(p, n, true, tb);
		break;
	case FK_BASE64:
	case FK_BASE64_OPT:
		field_base64_totext(p, n, tb);
		break;
	case FK_KEY_REST:
		return rdata_ops_key.totext(RRCLASS_IN, p, n, NULL, tb);
	case FK_HEX8:
		if (n == 1) {
			tb_putc(tb, '-');
		} else {
			hex_plain(p + 1, n - 1, tb);
		}
		break;
	default:
		return R_FORMERR;
	}
	return tb->error;
}

static result_t
fields_totext(const rrtype_desc_t *d, const uint8_t *rdata, size_t len,
	      const name_t *origin, textbuf_t *tb) {
	size_t pos = 0;
	bool first = true;

	for (const uint8_t *k = d->fields; *k != FK_END; k++) {
		size_t n = 0;
		if (field_size(d, *k, rdata, len, pos, &n) != R_OK) {
			return R_FORMERR;
		}
		/* An empty trailing field prints nothing, not even the
		 * separator ("SSHFP 1 3", "SINK 1 2 3"). */
		bool empty_rest =
		        n == 0 && (*k == FK_DIGEST || *k == FK_BASE64_OPT);
		if (!first && !empty_rest) {
			tb_putc(tb, ' ');
		}
		first = false;
		if (!empty_rest) {
			result_t r = field_totext(*k, rdata + pos, n, rdata,
			                          len, pos, origin, tb);
			if (r != R_OK) {
				return r;
			}
		}
		pos += n;
	}
	if (pos != len) {
		return R_FORMERR;
	}
	return tb->error;
}

/* "\# len HEX", hex in 56-character words as BIND dumps it. */
static result_t
generic_totext(const uint8_t *rdata, size_t len, textbuf_t *tb) {
	tb_printf(tb, "\\# %zu", len);
	if (len > 0) {
		tb_putc(tb, ' ');
		field_hex_totext(rdata, len, true, tb);
	}
	return tb->error;
}

result_t
rdata_totext(uint16_t type, uint16_t rclass, const uint8_t *rdata, size_t len,
	     const name_t *origin, char *buf, size_t bufsize, size_t *outlen) {
	const rrtype_desc_t *d = rrtype_desc(type, rclass);
	textbuf_t tb;
	result_t r;

	tb_init(&tb, buf, bufsize);
	if (len > RDATA_MAXLEN) {
		return R_FORMERR;
	}
	if (d != NULL && d->fields != NULL && (d->dflags & DF_GENERIC) == 0) {
		r = fields_totext(d, rdata, len, origin, &tb);
	} else if (d != NULL && d->ops != NULL && d->ops->totext != NULL) {
		r = d->ops->totext(rclass, rdata, len, origin, &tb);
	} else {
		r = generic_totext(rdata, len, &tb);
	}
	if (r == R_OK) {
		r = tb.error;
	}
	if (r != R_OK) {
		return r;
	}
	if (outlen != NULL) {
		*outlen = tb.len;
	}
	return R_OK;
}

static bool
has_names(const rrtype_desc_t *d) {
	for (const uint8_t *k = d->fields; *k != FK_END; k++) {
		if (*k == FK_NAME) {
			return true;
		}
	}
	return false;
}

result_t
rdata_walk_names(uint16_t type, const uint8_t *rdata, size_t len,
		 rdata_name_fn fn, void *arg) {
	/*
	 * There is no class here: names are walked with IN's layout.  The
	 * class-specific types are opaque octets in other classes (SRV in
	 * CHAOS, say), so for them rdata that does not fit IN's layout has
	 * no names rather than being an error.
	 */
	const rrtype_desc_t *d = rrtype_find(type);
	size_t pos = 0;
	result_t r = R_OK;

	if (d == NULL) {
		return R_OK;
	}
	if (d->fields == NULL || (d->dflags & DF_GENERIC) != 0) {
		if (d->ops != NULL && d->ops->walk_names != NULL) {
			r = d->ops->walk_names(rdata, len, fn, arg);
		}
	} else if (has_names(d)) {
		for (const uint8_t *k = d->fields; *k != FK_END && r == R_OK;
		     k++) {
			size_t n = 0;
			if (field_size(d, *k, rdata, len, pos, &n) != R_OK) {
				r = R_FORMERR;
				break;
			}
			pos += n;
		}
		if (r == R_OK && pos != len) {
			r = R_FORMERR;
		}
		/* Only call back for rdata that is well-formed throughout. */
		pos = 0;
		for (const uint8_t *k = d->fields; *k != FK_END && r == R_OK;
		     k++) {
			size_t n = 0;
			(void)field_size(d, *k, rdata, len, pos, &n);
			if (*k == FK_NAME) {
				fn(arg, rdata, pos,
				   (d->flags & RRTYPE_F_COMPRESS) != 0);
			}
			pos += n;
		}
	}
	if (r != R_OK && (d->dflags & DF_IN_ONLY) != 0) {
		return R_OK;
	}
	return r;
}

/* ------------------------------------------------------------------ */
/* Canonical form and order                                            */

typedef struct {
	uint8_t *buf;
	size_t len;
} downcase_ctx_t;

static void
downcase_name(void *arg, const uint8_t *rdata, size_t offset,
	      bool compressible) {
	downcase_ctx_t *c = arg;
	size_t p = offset;

	(void)rdata;
	(void)compressible;
	while (p < c->len && c->buf[p] != 0) {
		size_t l = c->buf[p];
		for (size_t i = p + 1; i <= p + l && i < c->len; i++) {
			uint8_t ch = c->buf[i];
			if (ch >= 'A' && ch <= 'Z') {
				c->buf[i] = (uint8_t)(ch + 32);
			}
		}
		p += 1 + l;
	}
}

/*
 * CHAOS A (a name and an octal address) is the one class-specific layout
 * whose name BIND compares case-blind.  These functions get no class,
 * but the layouts tell themselves apart: IN/HS A is exactly 4 octets and
 * CHAOS A never is (a name is 1 or at least 3 octets, plus 2).
 */
static bool
is_chaos_a(uint16_t type, size_t len) {
	return type == RRTYPE_A && len != 4;
}

static bool
canon_downcases(uint16_t type, size_t len) {
	return (rrtype_flags(type) & RRTYPE_F_CANONDOWN) != 0 ||
	       is_chaos_a(type, len);
}

result_t
rdata_tocanonical(uint16_t type, const uint8_t *rdata, size_t len,
		  uint8_t *out) {
	if (out != rdata) {
		memmove(out, rdata, len);
	}
	if (!canon_downcases(type, len)) {
		return R_OK;
	}
	downcase_ctx_t c = {out, len};
	if (is_chaos_a(type, len)) {
		/* Anything else of that length is A held opaque in some
		 * other class: nothing to downcase. */
		size_t n = 0;
		if (raw_name_len(out, len, &n) == R_OK && n + 2 == len) {
			downcase_name(&c, out, 0, false);
		}
		return R_OK;
	}
	return rdata_walk_names(type, out, len, downcase_name, &c);
}

static int
bytes_compare(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
	size_t n = alen < blen ? alen : blen;
	int c = n > 0 ? memcmp(a, b, n) : 0;

	if (c != 0) {
		return c < 0 ? -1 : 1;
	}
	return alen < blen ? -1 : (alen > blen ? 1 : 0);
}

int
rdata_compare(uint16_t type, const uint8_t *a, size_t alen, const uint8_t *b,
	      size_t blen) {
	uint8_t sa[512], sb[512];
	uint8_t *ca = sa, *cb = sb;
	int c;

	if (!canon_downcases(type, alen) && !canon_downcases(type, blen)) {
		return bytes_compare(a, alen, b, blen);
	}
	/* Most rdata with names is short: compare on the stack. */
	if (alen > sizeof(sa)) {
		ca = malloc(alen);
	}
	if (blen > sizeof(sb)) {
		cb = malloc(blen);
	}
	if (ca == NULL || cb == NULL) {
		/* Out of memory: fall back to case-sensitive order. */
		c = bytes_compare(a, alen, b, blen);
	} else {
		(void)rdata_tocanonical(type, a, alen, ca);
		(void)rdata_tocanonical(type, b, blen, cb);
		c = bytes_compare(ca, alen, cb, blen);
	}
	if (ca != sa) {
		free(ca);
	}
	if (cb != sb) {
		free(cb);
	}
	return c;
}
