/*
 * rdata_apl.c - APL (RFC 3123): a list of items, each address family u16,
 * prefix u8, N bit and AFD length (one octet), and the address with
 * trailing zero octets dropped.  Text "[!]afi:address/prefix", families 1
 * (IPv4) and 2 (IPv6) only, host bits allowed; an empty list is valid.
 * On the wire BIND refuses over-long prefixes or AFD parts and an AFD part
 * that ends in a zero octet; other families are kept, and then the whole
 * rdata prints as "\\# len hex".
 */
#include <stdlib.h>

#include "zones/rdata_odd.h"

/*
 * One "[!]afi:address/prefix" item, checked in BIND's order so the same
 * message comes out: the shape (':' and '/', a numeric family, possibly
 * empty), the prefix as an 8-bit number, the family (1 or 2, else "not
 * implemented"), the address, then the prefix against the family.
 */
static result_t
apl_item_fromtext(const text_token_t *tok, wire_t *out) {
	char buf[80];
	char *s, *colon, *slash, *end;
	bool neg = false;
	uint8_t a[16];
	size_t alen;
	unsigned long pfx, afi = 0;

	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (tok->len >= sizeof(buf)) {
		return R_SYNTAX;
	}
	memcpy(buf, tok->text, tok->len);
	buf[tok->len] = '\0';
	s = buf;
	if (*s == '!') {
		neg = true;
		s++;
	}
	colon = strchr(s, ':');
	slash = colon != NULL ? strchr(colon, '/') : NULL;
	if (colon == NULL || slash == NULL) {
		return R_SYNTAX;
	}
	if (s[0] == '-' && s[1] >= '0' && s[1] <= '9') {
		return R_RANGE; /* BIND: a negative family */
	}
	for (char *p = s; p < colon; p++) {
		if (*p < '0' || *p > '9') {
			return R_SYNTAX;
		}
		if (afi <= 0xffff) {
			afi = afi * 10 + (unsigned long)(*p - '0');
		}
	}
	if (afi > 0xffff) {
		return R_RANGE;
	}
	*colon = '\0';
	*slash = '\0';
	pfx = strtoul(slash + 1, &end, 10);
	if (*end != '\0' || slash[1] < '0' || slash[1] > '9') {
		return R_BADNUMBER;
	}
	if (pfx > 255) {
		return R_RANGE;
	}
	if (afi != 1 && afi != 2) {
		return R_NOTIMPLEMENTED;
	}
	if (colon[1] == '\0') {
		return R_SYNTAX; /* no address */
	}
	if (afi == 1) {
		if (odd_ipv4_parse(colon + 1, a) != R_OK) {
			return R_BADDOTTEDQUAD;
		}
		alen = 4;
	} else {
		if (odd_ipv6_parse(colon + 1, a) != R_OK) {
			return R_BADIPV6;
		}
		alen = 16;
	}
	if (pfx > alen * 8) {
		return R_RANGE;
	}
	while (alen > 0 && a[alen - 1] == 0) {
		alen--;
	}
	wire_write_u16(out, (uint16_t)afi);
	wire_write_u8(out, (uint8_t)pfx);
	wire_write_u8(out, (uint8_t)((neg ? 0x80 : 0) | alen));
	wire_write_bytes(out, a, alen);
	return wire_error(out);
}

static result_t
apl_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	for (size_t i = 0; i < ntok; i++) {
		result_t r = apl_item_fromtext(&toks[i], out);
		if (r != R_OK) {
			return odd_fail(err, i, r);
		}
	}
	return wire_error(out);
}

static result_t
apl_check(const uint8_t *d, size_t len) {
	size_t pos = 0;
	while (pos < len) {
		if (len - pos < 4) {
			return R_UNEXPECTEDEND;
		}
		unsigned afi = be16(d + pos), pfx = d[pos + 2];
		size_t alen = d[pos + 3] & 0x7f;
		/* Other families are kept unchecked (printed as \#). */
		size_t max = afi == 1 ? 4 : afi == 2 ? 16 : 127;
		if (alen > len - pos - 4) {
			return R_UNEXPECTEDEND;
		}
		if (pfx > (afi == 1 || afi == 2 ? max * 8 : 255) ||
		    alen > max) {
			return R_RANGE;
		}
		if (alen > 0 && d[pos + 3 + alen] == 0) {
			return R_FORMERR;
		}
		pos += 4 + alen;
	}
	return R_OK;
}

static result_t
apl_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	size_t pos = 0;
	if (apl_check(rdata, len) != R_OK) {
		return R_FORMERR;
	}
	for (size_t p = 0; p < len; p += 4 + (rdata[p + 3] & 0x7f)) {
		unsigned afi = be16(rdata + p);
		if (afi != 1 && afi != 2) {
			odd_generic_totext(rdata, len, out);
			return out->error;
		}
	}
	while (pos < len) {
		unsigned afi = be16(rdata + pos);
		size_t alen = rdata[pos + 3] & 0x7f;
		uint8_t a[16] = { 0 };
		memcpy(a, rdata + pos + 4, alen);
		if (pos > 0) {
			tb_putc(out, ' ');
		}
		tb_printf(out, "%s%u:", (rdata[pos + 3] & 0x80) ? "!" : "",
			  afi);
		if (afi == 1) {
			odd_ipv4_totext(a, out);
		} else {
			odd_ipv6_totext(a, out);
		}
		tb_printf(out, "/%u", rdata[pos + 2]);
		pos += 4 + alen;
	}
	return out->error;
}

static result_t
apl_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	     size_t rdpos, size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	result_t r = apl_check(msg + rdpos, rdlen);
	return r != R_OK ? r : odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_apl = {
	.fromtext = apl_fromtext,
	.totext = apl_totext,
	.fromwire = apl_fromwire,
	.walk_names = NULL,
};
