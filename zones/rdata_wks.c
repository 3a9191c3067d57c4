/*
 * rdata_wks.c - WKS (RFC 1035 3.4.2): IPv4 address, protocol u8, and a
 * bitmap of ports (bit n = port n), trailing zero octets dropped.
 *
 * Text as Debian's BIND 9.18 accepts it: the protocol is a number or a
 * name from the system's protocol database (tcp, udp, icmp ...), each
 * service a number (0..65535) or a name from the services database for
 * that protocol, case-insensitive.  Output is numeric: "1.2.3.4 6 21 25".
 */
#include <ctype.h>
#include <netdb.h>
#include <stdio.h>

#include "zones/rdata_odd.h"

#define WKS_MAXMAP 8192

static void
lower_cstr(char *s) {
	for (; *s != '\0'; s++) {
		*s = (char)tolower((unsigned char)*s);
	}
}

static result_t
proto_fromtext(const text_token_t *tok, uint32_t *proto, char *pname,
	       size_t psize) {
	char buf[64], tmp[1024];
	struct protoent pe, *res = NULL;
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (odd_tok_cstr(tok, buf, sizeof(buf)) != R_OK) {
		return R_SYNTAX;
	}
	if (buf[0] != '\0' && strspn(buf, "0123456789") == strlen(buf)) {
		result_t r = odd_number_fromtext(tok, 0xff, proto);
		if (r != R_OK) {
			return r;
		}
		if (getprotobynumber_r((int)*proto, &pe, tmp, sizeof(tmp),
				       &res) == 0 &&
		    res != NULL) {
			snprintf(pname, psize, "%s", res->p_name);
		} else {
			pname[0] = '\0';
		}
		return R_OK;
	}
	lower_cstr(buf);
	if (getprotobyname_r(buf, &pe, tmp, sizeof(tmp), &res) != 0 ||
	    res == NULL) {
		return R_UNKNOWNPROTO;
	}
	*proto = (uint32_t)res->p_proto;
	snprintf(pname, psize, "%s", buf);
	return R_OK;
}

static result_t
service_fromtext(const text_token_t *tok, const char *pname, uint32_t *port) {
	char buf[64], tmp[1024];
	struct servent se, *res = NULL;
	if (tok->quoted) {
		return R_UNEXPECTEDTOKEN;
	}
	if (odd_tok_cstr(tok, buf, sizeof(buf)) != R_OK) {
		return R_UNKNOWNSERVICE;
	}
	if (strspn(buf, "0123456789") == strlen(buf)) {
		return odd_number_fromtext(tok, 0xffff, port);
	}
	lower_cstr(buf);
	if (pname[0] == '\0' ||
	    getservbyname_r(buf, pname, &se, tmp, sizeof(tmp), &res) != 0 ||
	    res == NULL) {
		return R_UNKNOWNSERVICE;
	}
	*port = ntohs((uint16_t)res->s_port);
	return R_OK;
}

static result_t
wks_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	     const name_t *origin, wire_t *out, rdata_error_t *err) {
	static _Thread_local uint8_t map[WKS_MAXMAP];
	char pname[64];
	uint32_t proto, port;
	size_t maplen = 0;
	result_t r;

	if (ntok < 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if (odd_ipv4_fromtext(&toks[0], out) != R_OK) {
		return odd_fail(err, 0, R_BADDOTTEDQUAD);
	}
	if (ntok < 2) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	r = proto_fromtext(&toks[1], &proto, pname, sizeof(pname));
	if (r != R_OK) {
		return odd_fail(err, 1, r);
	}
	wire_write_u8(out, (uint8_t)proto);
	memset(map, 0, sizeof(map));
	for (size_t i = 2; i < ntok; i++) {
		if ((r = service_fromtext(&toks[i], pname, &port)) != R_OK) {
			return odd_fail(err, i, r);
		}
		map[port / 8] |= (uint8_t)(0x80 >> (port % 8));
		if (port / 8 + 1 > maplen) {
			maplen = port / 8 + 1;
		}
	}
	wire_write_bytes(out, map, maplen);
	return wire_error(out);
}

/* Address, protocol, and a port map without trailing zero octets. */
static bool
wks_ok(const uint8_t *d, size_t len) {
	return len >= 5 && len <= 5 + WKS_MAXMAP &&
	       (len == 5 || d[len - 1] != 0);
}

static result_t
wks_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	   const name_t *origin, textbuf_t *out) {
	if (!wks_ok(rdata, len)) {
		return R_FORMERR;
	}
	odd_ipv4_totext(rdata, out);
	tb_printf(out, " %u", rdata[4]);
	for (size_t i = 0; i < (len - 5) * 8; i++) {
		if ((rdata[5 + i / 8] & (0x80 >> (i % 8))) != 0) {
			tb_printf(out, " %zu", i);
		}
	}
	return out->error;
}

static result_t
wks_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen, size_t rdpos,
	     size_t rdlen, wire_t *out) {
	if (rdpos > msglen || rdlen > msglen - rdpos) {
		return R_FORMERR;
	}
	if (rdlen < 5) {
		return R_UNEXPECTEDEND;
	}
	if (!wks_ok(msg + rdpos, rdlen)) {
		return R_FORMERR;
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_wks = {
	.fromtext = wks_fromtext,
	.totext = wks_totext,
	.fromwire = wks_fromwire,
	.walk_names = NULL,
};
