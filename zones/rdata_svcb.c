/*
 * rdata_svcb.c - SVCB and HTTPS (RFC 9460): priority u16, target name
 * (uncompressed), then SvcParams (key u16, length u16, value) in strictly
 * increasing key order.
 *
 * Text as BIND 9.18 reads it.  Keys: mandatory, alpn, no-default-alpn,
 * port, ipv4hint, ech, ipv6hint, dohpath (input only; output is key7) and
 * keyNNNNN (no leading zeros).  A value follows '=' in the same token or
 * is a quoted string glued to "key=" ("alpn="h2,h3""; a space in between
 * leaves the value empty).  Values are unescaped twice: first as a
 * master-file string (\X, \DDD), then, for the list-valued keys, commas
 * split items and a backslash escapes the next character.  A keyNNNNN
 * value is taken as raw octets and must then be valid wire for that key
 * (FORMERR otherwise).  Parameters are sorted by key; a repeated key is
 * "duplicate query"; mandatory may not list itself or an absent key, and
 * no-default-alpn needs alpn ("disallowed").
 * Output: "1 . mandatory=alpn,port alpn="h2,h3" no-default-alpn port=443
 * ipv4hint=1.2.3.4 ech=AAAA ipv6hint=::1 key7="/q{?dns}" key65000".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zones/rdata_odd.h"

enum {
	SVC_MANDATORY = 0,
	SVC_ALPN = 1,
	SVC_NODEFAULTALPN = 2,
	SVC_PORT = 3,
	SVC_IPV4HINT = 4,
	SVC_ECH = 5,
	SVC_IPV6HINT = 6,
	SVC_DOHPATH = 7,
};

static const char *const svc_names[] = { "mandatory", "alpn",
					 "no-default-alpn", "port",
					 "ipv4hint", "ech",
					 "ipv6hint" };
#define SVC_NNAMES 7

/* A parsed parameter: key and its value in the scratch buffer. */
typedef struct svc_param {
	uint16_t key;
	size_t off, len;
} svc_param_t;

/* "keyNNNNN" or a known name; dohpath is accepted by name on input. */
static result_t
svc_key_parse(const char *s, size_t n, uint16_t *key) {
	for (unsigned k = 0; k < SVC_NNAMES; k++) {
		if (strlen(svc_names[k]) == n &&
		    memcmp(svc_names[k], s, n) == 0) {
			*key = (uint16_t)k;
			return R_OK;
		}
	}
	if (n == 7 && memcmp(s, "dohpath", 7) == 0) {
		*key = SVC_DOHPATH;
		return R_OK;
	}
	if (n > 3 && memcmp(s, "key", 3) == 0) {
		uint32_t v = 0;
		if (n > 4 && s[3] == '0') {
			return R_SYNTAX; /* no leading zeros */
		}
		for (size_t i = 3; i < n; i++) {
			if (s[i] < '0' || s[i] > '9' || n - 3 > 5) {
				return R_SYNTAX;
			}
			v = v * 10 + (uint32_t)(s[i] - '0');
		}
		if (v > 0xffff) {
			return R_RANGE;
		}
		*key = (uint16_t)v;
		return R_OK;
	}
	/* BIND matches names without regard to case, then fails them. */
	for (unsigned k = 0; k < SVC_NNAMES; k++) {
		if (strlen(svc_names[k]) == n &&
		    strncasecmp(svc_names[k], s, n) == 0) {
			return R_FORMERR;
		}
	}
	if (n == 7 && strncasecmp(s, "dohpath", 7) == 0) {
		return R_FORMERR;
	}
	return R_SYNTAX;
}

/*
 * RFC 9461: a relative URI template (starts with '/', UTF-8) with a "dns"
 * variable in one of its {...} expressions, as BIND checks it: the
 * expression may start with an operator and list several variables,
 * each possibly with a :N or * modifier.
 */
static bool
dohpath_ok(const uint8_t *v, size_t len) {
	bool found = false;
	if (len < 1 || v[0] != '/' || !odd_utf8_ok(v, len)) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (v[i] != '{') {
			continue;
		}
		size_t j = i + 1;
		if (j < len && strchr("+#./;?&", v[j]) != NULL && v[j] != 0) {
			j++;
		}
		while (j < len && v[j] != '}') {
			size_t s = j;
			while (j < len && v[j] != ',' && v[j] != '}' &&
			       v[j] != ':' && v[j] != '*') {
				j++;
			}
			if (j - s == 3 && memcmp(v + s, "dns", 3) == 0) {
				found = true;
			}
			while (j < len && v[j] != ',' && v[j] != '}') {
				j++;
			}
			if (j < len && v[j] == ',') {
				j++;
			}
		}
		i = j;
	}
	return found;
}

/* Checks one value as wire.  [raw network bytes] */
static result_t
svc_value_check(uint16_t key, const uint8_t *v, size_t len) {
	switch (key) {
	case SVC_MANDATORY:
		if (len < 2 || len % 2 != 0) {
			return R_FORMERR;
		}
		for (size_t i = 2; i < len; i += 2) {
			if (be16(v + i) <= be16(v + i - 2)) {
				return R_FORMERR;
			}
		}
		return R_OK;
	case SVC_ALPN: {
		if (len == 0) {
			return R_FORMERR;
		}
		size_t pos = 0;
		while (pos < len) {
			if (v[pos] == 0 || v[pos] > len - pos - 1) {
				return R_FORMERR;
			}
			pos += 1 + (size_t)v[pos];
		}
		return R_OK;
	}
	case SVC_NODEFAULTALPN:
		return len == 0 ? R_OK : R_FORMERR;
	case SVC_PORT:
		return len == 2 ? R_OK : R_FORMERR;
	case SVC_IPV4HINT:
		return len > 0 && len % 4 == 0 ? R_OK : R_FORMERR;
	case SVC_IPV6HINT:
		return len > 0 && len % 16 == 0 ? R_OK : R_FORMERR;
	case SVC_DOHPATH:
		return dohpath_ok(v, len) ? R_OK : R_FORMERR;
	default:
		return R_OK;
	}
}

/*
 * Splits raw[0..len) on unescaped commas; calls back per item with the
 * backslash escapes resolved.  Empty items are a syntax error.
 */
typedef result_t (*svc_item_fn)(const uint8_t *item, size_t n, wire_t *out);

static result_t
svc_split(const uint8_t *raw, size_t len, svc_item_fn fn, wire_t *out) {
	static _Thread_local uint8_t item[65536];
	size_t n = 0;
	if (len == 0) {
		return R_SYNTAX;
	}
	for (size_t i = 0; i <= len; i++) {
		if (i == len || raw[i] == ',') {
			if (n == 0) {
				return R_SYNTAX;
			}
			result_t r = fn(item, n, out);
			if (r != R_OK) {
				return r;
			}
			n = 0;
			continue;
		}
		if (raw[i] == '\\') {
			if (++i == len) {
				return R_SYNTAX;
			}
		}
		item[n++] = raw[i];
	}
	return wire_error(out);
}

static result_t
alpn_item(const uint8_t *item, size_t n, wire_t *out) {
	if (n > 255) {
		return R_SYNTAX;
	}
	wire_write_u8(out, (uint8_t)n);
	wire_write_bytes(out, item, n);
	return wire_error(out);
}

static result_t
addr_item(const uint8_t *item, size_t n, wire_t *out, bool v6) {
	char buf[64];
	uint8_t a[16];
	if (n >= sizeof(buf)) {
		return R_SYNTAX;
	}
	memcpy(buf, item, n);
	buf[n] = '\0';
	if (memchr(buf, '\0', n) != NULL ||
	    (v6 ? odd_ipv6_parse(buf, a) : odd_ipv4_parse(buf, a)) != R_OK) {
		return R_SYNTAX;
	}
	wire_write_bytes(out, a, v6 ? 16 : 4);
	return wire_error(out);
}

static result_t
v4_item(const uint8_t *item, size_t n, wire_t *out) {
	return addr_item(item, n, out, false);
}

static result_t
v6_item(const uint8_t *item, size_t n, wire_t *out) {
	return addr_item(item, n, out, true);
}

static result_t
mandatory_item(const uint8_t *item, size_t n, wire_t *out) {
	uint16_t key = 0;
	bool named = false;
	/* Inside the list BIND matches key names without regard to case. */
	for (unsigned k = 0; k < SVC_NNAMES; k++) {
		if (strlen(svc_names[k]) == n &&
		    strncasecmp(svc_names[k], (const char *)item, n) == 0) {
			key = (uint16_t)k;
			named = true;
		}
	}
	if (!named && svc_key_parse((const char *)item, n, &key) != R_OK) {
		return R_SYNTAX;
	}
	/* Insert in order; a repeat is a syntax error, as BIND. */
	uint8_t *base = out->base;
	size_t cnt = wire_pos(out) / 2, at = cnt;
	for (size_t i = 0; i < cnt; i++) {
		uint16_t k = be16(base + 2 * i);
		if (k == key) {
			return R_SYNTAX;
		}
		if (k > key && at == cnt) {
			at = i;
		}
	}
	wire_write_u16(out, 0);
	if (wire_error(out) != R_OK) {
		return wire_error(out);
	}
	memmove(base + 2 * at + 2, base + 2 * at, 2 * (cnt - at));
	put16(base + 2 * at, key);
	return R_OK;
}

/*
 * Encodes the (once unescaped) value raw[0..len) of key; byname says the
 * key was written by name rather than as keyNNNNN.
 */
static result_t
svc_encode(uint16_t key, bool byname, const uint8_t *raw, size_t len,
	   wire_t *out) {
	if (!byname || key > SVC_IPV6HINT) {
		/* keyNNNNN and dohpath: raw octets, validated afterwards. */
		wire_write_bytes(out, raw, len);
		return wire_error(out);
	}
	switch (key) {
	case SVC_MANDATORY: {
		/* Sorted in a buffer of its own: mandatory_item keeps the
		 * list ordered from offset 0. */
		static _Thread_local uint8_t mbuf[65536];
		wire_t mw;
		wire_init(&mw, mbuf, sizeof(mbuf));
		result_t r = svc_split(raw, len, mandatory_item, &mw);
		if (r != R_OK) {
			return r;
		}
		wire_write_bytes(out, mbuf, wire_pos(&mw));
		return wire_error(out);
	}
	case SVC_ALPN:
		return svc_split(raw, len, alpn_item, out);
	case SVC_NODEFAULTALPN:
		return len > 0 ? R_SYNTAX : R_OK;
	case SVC_PORT: {
		text_token_t t = { (const char *)raw, len, false };
		uint32_t v;
		if (len == 0) {
			return R_SYNTAX;
		}
		result_t r = odd_number_fromtext(&t, 0xffff, &v);
		if (r != R_OK) {
			return r == R_BADNUMBER ? R_SYNTAX : r;
		}
		wire_write_u16(out, (uint16_t)v);
		return wire_error(out);
	}
	case SVC_IPV4HINT:
		return svc_split(raw, len, v4_item, out);
	case SVC_IPV6HINT:
		return svc_split(raw, len, v6_item, out);
	case SVC_ECH: {
		text_token_t t = { (const char *)raw, len, false };
		return odd_base64_fromtext(&t, 1, out);
	}
	}
	return R_FORMERR;
}

static int
param_cmp(const void *a, const void *b) {
	const svc_param_t *x = a, *y = b;
	return (int)x->key - (int)y->key;
}

static result_t
svcb_params_fromtext(const text_token_t *toks, size_t ntok, size_t first,
		     wire_t *out, rdata_error_t *err, svc_param_t *params,
		     uint8_t *scratch, uint8_t *raw) {
	wire_t sw;
	size_t np = 0;
	result_t r;

	wire_init(&sw, scratch, 65535);
	for (size_t i = first; i < ntok; i++) {
		const text_token_t *t = &toks[i];
		size_t tokidx = i;
		if (t->quoted) {
			return odd_fail(err, i, R_UNEXPECTEDTOKEN);
		}
		const char *eq = memchr(t->text, '=', t->len);
		size_t klen = eq != NULL ? (size_t)(eq - t->text) : t->len;
		uint16_t key;
		if ((r = svc_key_parse(t->text, klen, &key)) != R_OK) {
			return odd_fail(err, i, r);
		}
		bool byname = !(klen > 3 && memcmp(t->text, "key", 3) == 0);
		text_token_t val = { eq != NULL ? eq + 1 : t->text + t->len,
				     eq != NULL ? t->len - klen - 1 : 0,
				     false };
		if (eq != NULL && val.len == 0 && i + 1 < ntok &&
		    toks[i + 1].quoted &&
		    toks[i + 1].text == t->text + t->len + 1) {
			/* key="value": the quoted string is glued on. */
			val = toks[++i];
		}
		wire_t rw;
		wire_init(&rw, raw, 65535);
		/* Numbers and addresses are read before unescaping. */
		if (byname && (key == SVC_PORT || key == SVC_IPV4HINT ||
			       key == SVC_IPV6HINT) &&
		    memchr(val.text, '\\', val.len) != NULL) {
			return odd_fail(err, tokidx, R_SYNTAX);
		}
		if ((r = odd_unescape(&val, &rw)) != R_OK) {
			return odd_fail(err, tokidx, R_SYNTAX);
		}
		size_t off = wire_pos(&sw);
		r = svc_encode(key, byname, raw, wire_pos(&rw), &sw);
		if (r != R_OK) {
			return odd_fail(err, tokidx, r);
		}
		size_t vlen = wire_pos(&sw) - off;
		/* mandatory=mandatory is reported after the whole list. */
		if (key != SVC_MANDATORY || !byname) {
			if (svc_value_check(key, scratch + off, vlen) != R_OK) {
				return odd_fail(err, tokidx, R_FORMERR);
			}
		} else if (vlen == 0) {
			return odd_fail(err, tokidx, R_SYNTAX);
		}
		params[np].key = key;
		params[np].off = off;
		params[np].len = vlen;
		np++;
	}
	qsort(params, np, sizeof(params[0]), param_cmp);
	for (size_t i = 1; i < np; i++) {
		if (params[i].key == params[i - 1].key) {
			return odd_fail(err, ntok, R_DUPQUERY);
		}
	}
	bool have_alpn = false, have_nodefault = false;
	for (size_t i = 0; i < np; i++) {
		have_alpn |= params[i].key == SVC_ALPN;
		have_nodefault |= params[i].key == SVC_NODEFAULTALPN;
	}
	if (have_nodefault && !have_alpn) {
		return odd_fail(err, ntok, R_DISALLOWED);
	}
	if (np > 0 && params[0].key == SVC_MANDATORY) {
		/*
		 * BIND: listing mandatory itself, or a mandatory list with
		 * no other key at all, is "disallowed"; a listed key that is
		 * absent otherwise makes an "inconsistent resource record".
		 */
		const uint8_t *m = scratch + params[0].off;
		for (size_t j = 0; j + 1 < params[0].len; j += 2) {
			if (be16(m + j) == SVC_MANDATORY) {
				return odd_fail(err, ntok, R_DISALLOWED);
			}
		}
		if (np == 1) {
			return odd_fail(err, ntok, R_DISALLOWED);
		}
		for (size_t j = 0; j + 1 < params[0].len; j += 2) {
			uint16_t k = be16(m + j);
			bool found = false;
			for (size_t i = 1; i < np; i++) {
				found |= params[i].key == k;
			}
			if (!found) {
				return odd_fail(err, ntok, R_INCONSISTENTRR);
			}
		}
		if (svc_value_check(SVC_MANDATORY, m, params[0].len) != R_OK) {
			return odd_fail(err, ntok, R_FORMERR);
		}
	}
	for (size_t i = 0; i < np; i++) {
		if (params[i].len > 0xffff) {
			return odd_fail(err, ntok, R_NOSPACE);
		}
		wire_write_u16(out, params[i].key);
		wire_write_u16(out, (uint16_t)params[i].len);
		wire_write_bytes(out, scratch + params[i].off, params[i].len);
	}
	return wire_error(out);
}

static result_t
svcb_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	result_t r;
	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u16_fromtext(&toks[0], out)) != R_OK) {
		return odd_fail(err, 0, r);
	}
	if (ntok < 2) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	/* BIND accepts a quoted target name. */
	if ((r = field_name_fromtext(&toks[1], origin, out)) != R_OK) {
		return odd_fail(err, 1, r);
	}
	svc_param_t *params = malloc(sizeof(*params) * (ntok + 1));
	uint8_t *scratch = malloc(65535);
	uint8_t *raw = malloc(65535);
	if (params == NULL || scratch == NULL || raw == NULL) {
		r = R_NOMEMORY;
	} else {
		r = svcb_params_fromtext(toks, ntok, 2, out, err, params,
					 scratch, raw);
	}
	free(params);
	free(scratch);
	free(raw);
	return r;
}

/* True if the (well-formed, ordered) parameter list from pos has key. */
static bool
svcb_has_key(const uint8_t *d, size_t len, size_t pos, uint16_t key) {
	while (pos + 4 <= len) {
		uint16_t k = be16(d + pos);
		if (k == key) {
			return true;
		}
		pos += 4 + (size_t)be16(d + pos + 2);
	}
	return false;
}

/*
 * BIND's cross-key rules, on the wire as in text: mandatory lists only
 * keys that are present (never itself), and no-default-alpn needs alpn.
 */
static result_t
svcb_check_keys(const uint8_t *d, size_t len, size_t first) {
	if (svcb_has_key(d, len, first, SVC_NODEFAULTALPN) &&
	    !svcb_has_key(d, len, first, SVC_ALPN)) {
		return R_FORMERR;
	}
	if (first + 4 <= len && be16(d + first) == SVC_MANDATORY) {
		size_t mlen = be16(d + first + 2);
		for (size_t i = 0; i + 1 < mlen; i += 2) {
			uint16_t k = be16(d + first + 4 + i);
			if (k == SVC_MANDATORY ||
			    !svcb_has_key(d, len, first, k)) {
				return R_FORMERR;
			}
		}
	}
	return R_OK;
}

/* Structure of the whole rdata; *ppos gets the first parameter's offset. */
static result_t
svcb_check(const uint8_t *d, size_t len, size_t *ppos) {
	size_t used;
	if (len < 3) {
		return R_UNEXPECTEDEND;
	}
	result_t r = odd_name_check(d + 2, len - 2, &used);
	if (r != R_OK) {
		return r;
	}
	size_t pos = 2 + used;
	*ppos = pos;
	int prev = -1;
	bool alpn = false;
	const uint8_t *mand = NULL; /* the mandatory list, once read */
	size_t mcount = 0, mi = 0;
	/*
	 * Checked in BIND's order, so malformed data fails as it does: a
	 * key is checked against the order, no-default-alpn and the
	 * mandatory list (a listed key passed over is missing) as soon as
	 * it is read, before its length.
	 */
	while (pos < len) {
		if (len - pos < 2) {
			return R_UNEXPECTEDEND;
		}
		uint16_t key = be16(d + pos);
		if ((int)key <= prev ||
		    (key == SVC_NODEFAULTALPN && !alpn)) {
			return R_FORMERR;
		}
		if (mi < mcount && be16(mand + 2 * mi) < key) {
			return R_FORMERR;
		}
		if (mi < mcount && be16(mand + 2 * mi) == key) {
			mi++;
		}
		alpn |= key == SVC_ALPN;
		if (len - pos < 4) {
			return R_UNEXPECTEDEND;
		}
		uint16_t vlen = be16(d + pos + 2);
		if (len - pos - 4 < vlen) {
			return R_UNEXPECTEDEND;
		}
		if (svc_value_check(key, d + pos + 4, vlen) != R_OK) {
			return R_FORMERR;
		}
		if (key == SVC_MANDATORY) {
			mand = d + pos + 4;
			mcount = vlen / 2;
		}
		prev = key;
		pos += 4 + (size_t)vlen;
	}
	return svcb_check_keys(d, len, *ppos);
}

static void
key_totext(uint16_t key, textbuf_t *out) {
	if (key < SVC_NNAMES) {
		tb_puts(out, svc_names[key]);
	} else {
		tb_printf(out, "key%u", key);
	}
}

/* Like a character-string, but BIND writes a space in alpn as \032. */
static void
alpn_string_totext(const uint8_t *s, size_t n, textbuf_t *out) {
	tb_putc(out, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] <= 0x20 || s[i] >= 0x7f) {
			tb_printf(out, "\\%03u", s[i]);
		} else {
			if (s[i] == '"' || s[i] == '\\') {
				tb_putc(out, '\\');
			}
			tb_putc(out, (char)s[i]);
		}
	}
	tb_putc(out, '"');
}

static void
param_totext(uint16_t key, const uint8_t *v, size_t len, textbuf_t *out) {
	static _Thread_local uint8_t esc[65536 * 2];
	size_t n = 0;
	key_totext(key, out);
	switch (key) {
	case SVC_MANDATORY:
		for (size_t i = 0; i + 1 < len; i += 2) {
			tb_putc(out, i == 0 ? '=' : ',');
			key_totext(be16(v + i), out);
		}
		return;
	case SVC_ALPN:
		/* Items joined by commas, commas and backslashes inside an
		 * item escaped, then the whole quoted as a string. */
		for (size_t pos = 0; pos < len; pos += 1 + (size_t)v[pos]) {
			if (pos > 0) {
				esc[n++] = ',';
			}
			for (size_t k = 0; k < v[pos] && pos + 1 + k < len;
			     k++) {
				uint8_t c = v[pos + 1 + k];
				if (c == ',' || c == '\\') {
					esc[n++] = '\\';
				}
				esc[n++] = c;
			}
		}
		tb_putc(out, '=');
		alpn_string_totext(esc, n, out);
		return;
	case SVC_NODEFAULTALPN:
		return;
	case SVC_PORT:
		tb_printf(out, "=%u", be16(v));
		return;
	case SVC_IPV4HINT:
		for (size_t i = 0; i + 4 <= len; i += 4) {
			tb_putc(out, i == 0 ? '=' : ',');
			odd_ipv4_totext(v + i, out);
		}
		return;
	case SVC_IPV6HINT:
		for (size_t i = 0; i + 16 <= len; i += 16) {
			tb_putc(out, i == 0 ? '=' : ',');
			odd_ipv6_totext(v + i, out);
		}
		return;
	case SVC_ECH:
		if (len > 0) {
			tb_putc(out, '=');
			odd_base64_nosplit(v, len, out);
		}
		return;
	default:
		if (len > 0) {
			tb_putc(out, '=');
			field_string_totext(v, len, out);
		}
		return;
	}
}

static result_t
svcb_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	size_t pos, npos = 2;
	if (svcb_check(rdata, len, &pos) != R_OK) {
		return R_FORMERR;
	}
	tb_printf(out, "%u ", be16(rdata));
	result_t r = field_name_totext(rdata, len, &npos, origin, out);
	if (r != R_OK) {
		return r;
	}
	while (pos < len) {
		uint16_t key = be16(rdata + pos), vlen = be16(rdata + pos + 2);
		tb_putc(out, ' ');
		param_totext(key, rdata + pos + 4, vlen, out);
		pos += 4 + (size_t)vlen;
	}
	return out->error;
}

static result_t
svcb_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	size_t pos;
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = svcb_check(msg + rdpos, rdlen, &pos);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

static result_t
svcb_walk(const uint8_t *rdata, size_t len, rdata_name_fn fn, void *arg) {
	size_t pos;
	if (svcb_check(rdata, len, &pos) != R_OK) {
		return R_FORMERR;
	}
	fn(arg, rdata, 2, false);
	return R_OK;
}

const rdata_ops_t rdata_ops_svcb = {
	.fromtext = svcb_fromtext,
	.totext = svcb_totext,
	.fromwire = svcb_fromwire,
	.walk_names = svcb_walk,
};
