/*
 * rdata_key.c - KEY (RFC 2535), DNSKEY/CDNSKEY (RFC 4034, 7344) and RKEY:
 * flags u16, protocol u8, algorithm u8, public key (base64).
 *
 * Text input as BIND 9.18: flags are a decimal or 0x-hex number, or
 * '|'-joined mnemonics from BIND's key-flag table (a prefix of a name
 * selects the first entry it begins, so "ZON" is ZONE and an empty part
 * is NOCONF); the algorithm is a mnemonic or number.  The key rules differ
 * per type, hence three tables:
 *   KEY      flags with NOKEY (0xC000) set: no key may follow; else needed
 *   DNSKEY   a key is always needed (CDNSKEY too)
 *   RKEY     any flag set is a format error (BIND wants 0)
 * Output: all numbers, key split into 56-character words.
 */
#include <strings.h>

#include "zones/rdata_odd.h"

#define KEYFLAG_NOKEY 0xC000

enum key_kind { KIND_KEY, KIND_DNSKEY, KIND_RKEY };

/* BIND's table, in its order (prefix matching depends on it). */
static const odd_mnemonic_t keyflags[] = {
	{ 0x4000, "NOCONF" }, { 0x8000, "NOAUTH" }, { 0xC000, "NOKEY" },
	{ 0x2000, "FLAG2" },  { 0x1000, "EXTEND" }, { 0x0800, "FLAG4" },
	{ 0x0400, "FLAG5" },  { 0x0000, "USER" },   { 0x0100, "ZONE" },
	{ 0x0200, "HOST" },   { 0x0300, "NTYP3" },  { 0x0080, "FLAG8" },
	{ 0x0040, "FLAG9" },  { 0x0020, "FLAG10" }, { 0x0010, "FLAG11" },
	{ 0x0000, "SIG0" },   { 0x0001, "SIG1" },   { 0x0002, "SIG2" },
	{ 0x0003, "SIG3" },   { 0x0004, "SIG4" },   { 0x0005, "SIG5" },
	{ 0x0006, "SIG6" },   { 0x0007, "SIG7" },   { 0x0008, "SIG8" },
	{ 0x0009, "SIG9" },   { 0x000a, "SIG10" },  { 0x000b, "SIG11" },
	{ 0x000c, "SIG12" },  { 0x000d, "SIG13" },  { 0x000e, "SIG14" },
	{ 0x000f, "SIG15" },  { 0x0001, "KSK" },    { 0, NULL },
};

static result_t
flags_fromtext(const text_token_t *tok, uint32_t *flags) {
	const char *s = tok->text;
	size_t n = tok->len;
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (n > 0 && s[0] >= '0' && s[0] <= '9') {
		/* A number: decimal, or hex after 0x. */
		uint64_t v = 0;
		size_t i = 0;
		unsigned base = 10;
		if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			i = 2;
		}
		for (; i < n; i++) {
			int d;
			char c = s[i];
			if (c >= '0' && c <= '9') {
				d = c - '0';
			} else if (base == 16 && c >= 'a' && c <= 'f') {
				d = c - 'a' + 10;
			} else if (base == 16 && c >= 'A' && c <= 'F') {
				d = c - 'A' + 10;
			} else {
				return R_UNKNOWNFLAG;
			}
			v = v * base + (unsigned)d;
			if (v > 0xffff) {
				return R_RANGE;
			}
		}
		*flags = (uint32_t)v;
		return R_OK;
	}
	uint32_t v = 0;
	size_t start = 0;
	while (start <= n) {
		size_t end = start;
		while (end < n && s[end] != '|') {
			end++;
		}
		size_t plen = end - start;
		if (plen == 0 && end == n && start > 0) {
			break; /* BIND ignores a trailing '|' */
		}
		const odd_mnemonic_t *m;
		for (m = keyflags; m->name != NULL; m++) {
			if (strlen(m->name) >= plen &&
			    strncasecmp(m->name, s + start, plen) == 0) {
				break;
			}
		}
		if (m->name == NULL) {
			return R_UNKNOWNFLAG;
		}
		v |= m->value;
		start = end + 1;
	}
	*flags = v;
	return R_OK;
}

static result_t
key_fromtext_kind(enum key_kind kind, const text_token_t *toks, size_t ntok,
		  wire_t *out, rdata_error_t *err) {
	uint32_t flags, alg;
	result_t r;
	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = flags_fromtext(&toks[0], &flags)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	if (kind == KIND_RKEY && flags != 0) {
		return odd_fail(err, 0, R_FORMERR); /* BIND: flags must be 0 */
	}
	wire_write_u16(out, (uint16_t)flags);
	if (ntok < 2) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if (toks[1].quoted) {
		/* BIND reads the protocol as a number token. */
		return odd_fail(err, 1, R_UNEXPECTEDTOKEN);
	}
	if ((r = odd_u8_fromtext(&toks[1], out)) != R_OK) {
		return odd_fail(err, 1, r);
	}
	if (ntok < 3) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	r = odd_mnemonic_fromtext(odd_secalg_table, &toks[2], 0xff, &alg);
	if (r != R_OK) {
		return odd_fail(err, 2, r);
	}
	wire_write_u8(out, (uint8_t)alg);
	if (kind == KIND_KEY && (flags & KEYFLAG_NOKEY) == KEYFLAG_NOKEY) {
		if (ntok > 3) {
			return odd_fail(err, 3, R_EXTRATOKEN);
		}
		return wire_error(out);
	}
	if (ntok < 4) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_base64_field(toks, ntok, 3, out, err)) != R_OK) {
		return r;
	}
	return wire_error(out);
}

static result_t
key_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	return key_fromtext_kind(KIND_KEY, toks, ntok, out, err);
}

static result_t
dnskey_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
		const name_t *origin, wire_t *out, rdata_error_t *err) {
	return key_fromtext_kind(KIND_DNSKEY, toks, ntok, out, err);
}

static result_t
rkey_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	return key_fromtext_kind(KIND_RKEY, toks, ntok, out, err);
}

static result_t
key_render(const uint8_t *rdata, size_t len, textbuf_t *out) {
	tb_printf(out, "%u %u %u", be16(rdata), rdata[2], rdata[3]);
	if (len > 4) {
		tb_putc(out, ' ');
		field_base64_totext(rdata + 4, len - 4, out);
	}
	return out->error;
}

/*
 * Four octets, then the key, which BIND requires on the wire too except
 * in a KEY whose flags say NOKEY (and there it must be absent).
 */
static result_t
key_check(enum key_kind kind, const uint8_t *msg, size_t msglen, size_t rdpos,
	  size_t rdlen) {
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	if (rdlen < 4) {
		return R_UNEXPECTEDEND;
	}
	uint16_t flags = be16(msg + rdpos);
	if (kind == KIND_RKEY && flags != 0) {
		return R_FORMERR;
	}
	bool nokey = kind == KIND_KEY &&
		     (flags & KEYFLAG_NOKEY) == KEYFLAG_NOKEY;
	if (rdlen == 4 && !nokey) {
		return R_UNEXPECTEDEND;
	}
	if (rdlen > 4 && nokey) {
		return R_EXTRADATA;
	}
	return R_OK;
}

static result_t
key_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	if (key_check(KIND_KEY, rdata, len, 0, len) != R_OK) {
		return R_FORMERR;
	}
	return key_render(rdata, len, out);
}

static result_t
dnskey_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	      const name_t *origin, textbuf_t *out) {
	if (key_check(KIND_DNSKEY, rdata, len, 0, len) != R_OK) {
		return R_FORMERR;
	}
	return key_render(rdata, len, out);
}

static result_t
rkey_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	if (key_check(KIND_RKEY, rdata, len, 0, len) != R_OK) {
		return R_FORMERR;
	}
	return key_render(rdata, len, out);
}

static result_t
key_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen, size_t rdpos,
	     size_t rdlen, wire_t *out) {
	result_t r = key_check(KIND_KEY, msg, msglen, rdpos, rdlen);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
dnskey_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
		size_t rdpos, size_t rdlen, wire_t *out) {
	result_t r = key_check(KIND_DNSKEY, msg, msglen, rdpos, rdlen);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
rkey_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	result_t r = key_check(KIND_RKEY, msg, msglen, rdpos, rdlen);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_key = {
	.fromtext = key_fromtext,
	.totext = key_totext,
	.fromwire = key_fromwire,
	.walk_names = NULL,
};

const rdata_ops_t rdata_ops_dnskey = {
	.fromtext = dnskey_fromtext,
	.totext = dnskey_totext,
	.fromwire = dnskey_fromwire,
	.walk_names = NULL,
};

const rdata_ops_t rdata_ops_rkey = {
	.fromtext = rkey_fromtext,
	.totext = rkey_totext,
	.fromwire = rkey_fromwire,
	.walk_names = NULL,
};
