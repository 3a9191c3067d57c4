/*
 * rdata_cert.c - CERT (RFC 4398): type u16, key tag u16, algorithm u8,
 * certificate (base64).  Type and algorithm take mnemonics or numbers on
 * input and are printed as mnemonics when BIND 9.18 knows one.
 */
#include "zones/rdata_odd.h"

static const odd_mnemonic_t cert_types[] = {
	{ 1, "PKIX" },	  { 2, "SPKI" },    { 3, "PGP" },  { 4, "IPKIX" },
	{ 5, "ISPKI" },	  { 6, "IPGP" },    { 7, "ACPKIX" },
	{ 8, "IACPKIX" }, { 253, "URI" },   { 254, "OID" },
	{ 0, NULL },
};

static result_t
cert_fromtext(uint16_t rclass, const text_token_t *toks, size_t ntok,
	      const name_t *origin, wire_t *out, rdata_error_t *err) {
	uint32_t v;
	result_t r;
	if (ntok == 0) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_mnemonic_fromtext(cert_types, &toks[0], 0xffff, &v)) !=
	    R_OK) {
		return odd_fail(err, 0, r);
	}
	wire_write_u16(out, (uint16_t)v);
	if (ntok <= 1) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	if ((r = odd_u16_fromtext(&toks[1], out)) != R_OK) {
		return odd_fail(err, 1, r);
	}
	if (ntok <= 2) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	r = odd_mnemonic_fromtext(odd_secalg_table, &toks[2], 0xff, &v);
	if (r != R_OK) {
		return odd_fail(err, 2, r);
	}
	wire_write_u8(out, (uint8_t)v);
	if (ntok <= 3) {
		return odd_fail(err, ntok, R_UNEXPECTEDEND);
	}
	return odd_base64_field(toks, ntok, 3, out, err);
}

static result_t
cert_totext(uint16_t rclass, const uint8_t *rdata, size_t len,
	    const name_t *origin, textbuf_t *out) {
	if (len < 6) {
		return R_FORMERR;
	}
	const char *t = odd_mnemonic_name(cert_types, be16(rdata));
	const char *a = odd_mnemonic_name(odd_secalg_table, rdata[4]);
	if (t != NULL) {
		tb_puts(out, t);
	} else {
		odd_putu(out, be16(rdata));
	}
	tb_printf(out, " %u ", be16(rdata + 2));
	if (a != NULL) {
		tb_puts(out, a);
	} else {
		odd_putu(out, rdata[4]);
	}
	tb_putc(out, ' ');
	field_base64_totext(rdata + 5, len - 5, out);
	return out->error;
}

static result_t
cert_fromwire(uint16_t rclass, const uint8_t *msg, size_t msglen,
	      size_t rdpos, size_t rdlen, wire_t *out) {
	if (rdlen < 6) {
		return R_UNEXPECTEDEND; /* BIND wants a certificate */
	}
	return odd_copy(msg, msglen, rdpos, rdlen, out);
}

const rdata_ops_t rdata_ops_cert = {
	.fromtext = cert_fromtext,
	.totext = cert_totext,
	.fromwire = cert_fromwire,
	.walk_names = NULL,
};
