/*
 * rdata_odd.h - small helpers shared by the hand-written rdata converters
 * (rdata_loc.c, rdata_svcb.c, rdata_bitmap.c, rdata_sig.c ...), and the
 * list of the rdata_ops_t tables they export.
 *
 * Not for use outside zones/.  The helpers add what the generic field
 * helpers of rdata_ops.h do not cover: BIND's handling of quoted tokens
 * and of error positions, IP addresses, mnemonic tables, DNSSEC times,
 * the typed gateway field, and the "validate one embedded uncompressed
 * name" step that every wire parser here needs.
 *
 * Wire parsers here fail with the code BIND 9.18 gives for the same
 * octets (R_UNEXPECTEDEND when data runs out, R_EXTRADATA when some is
 * left over, R_RANGE, R_FORMERR ...), found by feeding "\# len hex"
 * records to named-compilezone.
 *
 * Contract shared by every fromtext helper: on failure the token index is
 * stored in err (when err is not NULL) and nothing useful is left in out;
 * rdata_fromtext() discards out on failure anyway.
 */
#ifndef BINDERY_RDATA_ODD_H
#define BINDERY_RDATA_ODD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/rdata_ops.h"

/*
 * The converters this module set provides.  Type table mapping: KEY 25
 * rdata_ops_key; DNSKEY 48 and CDNSKEY 60 rdata_ops_dnskey; RKEY 57
 * rdata_ops_rkey; SIG 24 rdata_ops_sig; RRSIG 46 rdata_ops_rrsig (they
 * differ: RRSIG prints TYPEnnn and checks labels against the signer);
 * SVCB 64 and HTTPS 65 rdata_ops_svcb; the others by their name.
 */
extern const rdata_ops_t rdata_ops_loc, rdata_ops_apl, rdata_ops_wks,
	rdata_ops_svcb, rdata_ops_nsec, rdata_ops_nsec3, rdata_ops_csync,
	rdata_ops_nxt, rdata_ops_a6, rdata_ops_ipseckey, rdata_ops_hip,
	rdata_ops_amtrelay, rdata_ops_gpos, rdata_ops_nsap, rdata_ops_eui48,
	rdata_ops_eui64, rdata_ops_l64, rdata_ops_nid, rdata_ops_isdn,
	rdata_ops_x25, rdata_ops_atma, rdata_ops_caa, rdata_ops_cert,
	rdata_ops_key, rdata_ops_dnskey, rdata_ops_rkey, rdata_ops_sig,
	rdata_ops_rrsig, rdata_ops_tkey, rdata_ops_tsig, rdata_ops_doa,
	rdata_ops_opt;

/* Records the failing token index (err may be NULL) and returns r. */
result_t odd_fail(rdata_error_t *err, size_t token, result_t r);

/*
 * Copies the token into buf as a NUL-terminated C string.  A quoted token
 * fails with R_UNEXPECTEDTOKEN; one with a backslash or a NUL, or longer
 * than size-1, with R_SYNTAX: the fields that use this (addresses,
 * protocol and service names) have no use for escapes.
 */
result_t odd_tok_cstr(const text_token_t *tok, char *buf, size_t size);

/*
 * The field helpers of rdata_ops.h with BIND's rule for quoted tokens
 * added: a quoted number is "not a valid number", a quoted name, base64,
 * hex or base32hex word an "unexpected token" (BIND reads those fields as
 * plain words; only character-strings may be quoted).
 */
result_t odd_number_fromtext(const text_token_t *tok, uint32_t max,
			     uint32_t *val);
result_t odd_name_fromtext(const text_token_t *tok, const name_t *origin,
			   wire_t *out);
result_t odd_base64_fromtext(const text_token_t *toks, size_t ntok,
			     wire_t *out);
result_t odd_hex_fromtext(const text_token_t *toks, size_t ntok, wire_t *out);
result_t odd_base32hex_fromtext(const text_token_t *tok, wire_t *out);
/*
 * Where BIND reports a base64 error over toks[0..ntok): at the token after
 * the first one holding a character outside the alphabet (its lexer has
 * read one ahead by then), else at the end of the line (an incomplete
 * final group is only noticed there).  Returns ntok for "end of line".
 */
size_t odd_base64_errtok(const text_token_t *toks, size_t ntok);

/*
 * Base64 over toks[first..ntok) with BIND's error positions (see
 * odd_base64_errtok; text after padding is "extra input text").
 */
result_t odd_base64_field(const text_token_t *toks, size_t ntok,
			  size_t first, wire_t *out, rdata_error_t *err);

/* R_UNEXPECTEDTOKEN if any of toks[0..ntok) is quoted. */
result_t odd_unquoted(const text_token_t *toks, size_t ntok);

/* Unsigned decimal no larger than max, appended big-endian in 1/2/4 bytes. */
result_t odd_u8_fromtext(const text_token_t *tok, wire_t *out);
result_t odd_u16_fromtext(const text_token_t *tok, wire_t *out);
result_t odd_u32_fromtext(const text_token_t *tok, wire_t *out);

/* Dotted-quad / RFC 4291 text addresses into 4 / 16 bytes (R_BADADDRESS). */
result_t odd_ipv4_parse(const char *s, uint8_t out[4]);
result_t odd_ipv6_parse(const char *s, uint8_t out[16]);
result_t odd_ipv4_fromtext(const text_token_t *tok, wire_t *out);
result_t odd_ipv6_fromtext(const text_token_t *tok, wire_t *out);
void odd_ipv4_totext(const uint8_t a[4], textbuf_t *out);
void odd_ipv6_totext(const uint8_t a[16], textbuf_t *out);

/*
 * Checks that d[0..len) starts with one uncompressed absolute name and
 * stores its length in *used.  Otherwise, with BIND's codes:
 * R_UNEXPECTEDEND (runs past len), R_DISALLOWED (compression pointer),
 * R_BADLABELTYPE, R_NAMETOOLONG.  [raw network bytes]
 */
result_t odd_name_check(const uint8_t *d, size_t len, size_t *used);

/* Appends msg[rdpos..rdpos+rdlen) to out, after bounds checks. */
result_t odd_copy(const uint8_t *msg, size_t msglen, size_t rdpos,
		  size_t rdlen, wire_t *out);

/* A number <-> mnemonic table, terminated by a NULL name. */
typedef struct odd_mnemonic {
	uint32_t value;
	const char *name;
} odd_mnemonic_t;

/*
 * Parses a token that is either one of the table's mnemonics (case-
 * insensitive) or a decimal number no larger than max.
 */
result_t odd_mnemonic_fromtext(const odd_mnemonic_t *table,
			       const text_token_t *tok, uint32_t max,
			       uint32_t *val);
/* The mnemonic for v, or NULL. */
const char *odd_mnemonic_name(const odd_mnemonic_t *table, uint32_t v);

/* DNSSEC algorithm mnemonics as BIND 9.18 knows them (no ECC for 4). */
extern const odd_mnemonic_t odd_secalg_table[];

/*
 * DNSSEC 32-bit times (RRSIG, SIG): text is YYYYMMDDHHmmSS (any year,
 * seconds up to 60, taken modulo 2^32) or a plain decimal number.
 * Output is YYYYMMDDHHmmSS of the instant within 2^31 seconds of now that
 * has those low 32 bits (RFC 4034 3.1.5 serial arithmetic, as BIND).
 */
result_t odd_time_fromtext(const text_token_t *tok, uint32_t *val);
void odd_time_totext(uint32_t val, int64_t now, textbuf_t *out);

/* Base64 / hex in one unbroken word (the field helpers split at 56). */
void odd_base64_nosplit(const uint8_t *d, size_t len, textbuf_t *out);
void odd_hex_nosplit(const uint8_t *d, size_t len, bool upper, textbuf_t *out);

/* Appends the token's octets with \X and \DDD escapes resolved. */
result_t odd_unescape(const text_token_t *tok, wire_t *out);

/* Strict UTF-8: no overlongs, surrogates or values past U+10FFFF. */
bool odd_utf8_ok(const uint8_t *s, size_t n);

/*
 * RFC 3597 "\# len HEX" (hex upper case, 56-character words), which BIND
 * prints for rdata of a known type that it accepts on the wire but has no
 * text for (LOC version 1, an APL family other than 1 and 2, ...).
 */
void odd_generic_totext(const uint8_t *d, size_t len, textbuf_t *out);

/*
 * A type as SIG/RRSIG and NXT read it: a mnemonic, TYPEnnn, or (unlike
 * NSEC-style bitmaps) a bare decimal number up to 65535.
 */
result_t odd_type_fromtext(const text_token_t *tok, uint16_t *type);

/*
 * The typed gateway/relay field shared by IPSECKEY and AMTRELAY: type 0
 * none ("."), 1 IPv4, 2 IPv6, 3 an uncompressed name (printed absolute:
 * BIND does not relativize it).  odd_gateway_len() checks d[0..len) and
 * gives the field's length in *glen; R_UNEXPECTEDEND (or a name error)
 * for short data, R_NOTIMPLEMENTED for a type above 3.
 */
result_t odd_gateway_fromtext(unsigned type, const text_token_t *tok,
			      const name_t *origin, wire_t *out);
result_t odd_gateway_len(unsigned type, const uint8_t *d, size_t len,
			 size_t *glen);
result_t odd_gateway_totext(unsigned type, const uint8_t *d, size_t len,
			    textbuf_t *out);

/* Appends decimal v. */
void odd_putu(textbuf_t *out, uint32_t v);

#endif
