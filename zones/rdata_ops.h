/*
 * rdata_ops.h - the internal interface between the generic rdata code
 * (rrtype.c / rdata.c, table-driven) and the hand-written converters for
 * types whose text form is irregular (one file each: rdata_loc.c,
 * rdata_apl.c, rdata_wks.c, rdata_svcb.c, rdata_bitmap.c ...).
 *
 * Not for use outside zones/.  A type whose descriptor has ops != NULL is
 * converted entirely by those functions; rdata.c still handles RFC 3597
 * "\#" text for it before calling fromtext.
 */
#ifndef BINDERY_RDATA_OPS_H
#define BINDERY_RDATA_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/name.h"
#include "zones/rdata.h"
#include "zones/result.h"
#include "zones/textbuf.h"
#include "zones/token.h"
#include "zones/wire.h"

typedef struct rdata_ops {
	/* Parse all of toks[0..ntok) into out; set err->token on failure. */
	result_t (*fromtext)(uint16_t rclass, const text_token_t *toks,
			     size_t ntok, const name_t *origin, wire_t *out,
			     rdata_error_t *err);
	/* Render rdata[0..len) in BIND's presentation format. */
	result_t (*totext)(uint16_t rclass, const uint8_t *rdata, size_t len,
			   const name_t *origin, textbuf_t *out);
	/*
	 * Validate wire rdata msg[rdpos..rdpos+rdlen) and write the
	 * uncompressed form to out (names in these types are never
	 * compressed, so this is a structural check plus copy).
	 */
	result_t (*fromwire)(uint16_t rclass, const uint8_t *msg, size_t msglen,
			     size_t rdpos, size_t rdlen, wire_t *out);
	/* Offsets of embedded names, for rdata_walk_names (may be NULL). */
	result_t (*walk_names)(const uint8_t *rdata, size_t len,
			       rdata_name_fn fn, void *arg);
} rdata_ops_t;

/*
 * Shared field helpers (rdata_fields.c), used by the table-driven code and
 * the hand-written converters alike.  Text helpers append to wire_t out;
 * render helpers append to textbuf_t.
 */

/* Value of one hex digit (either case), or -1. */
int field_hexdigit(char c);
/* Decimal unsigned integer no larger than max. */
result_t field_number_fromtext(const text_token_t *tok, uint32_t max,
			       uint32_t *val);
/* <character-string>: escapes \X and \DDD, at most 255 octets; writes the
 * length byte and the octets. */
result_t field_string_fromtext(const text_token_t *tok, wire_t *out);
/* Like field_string_fromtext but no length octet and no 255 limit (only
 * the rdata's): for text that runs to the end of the rdata (URI, CAA). */
result_t field_text_fromtext(const text_token_t *tok, wire_t *out);
/* Writes s[0..len) quoted, BIND style: " and \ escaped, octets outside
 * 0x20..0x7e as \DDD (pass a character-string's octets, not its length
 * octet). */
void field_string_totext(const uint8_t *s, size_t len, textbuf_t *out);
/* A domain name, uncompressed wire, relative to origin. */
result_t field_name_fromtext(const text_token_t *tok, const name_t *origin,
			     wire_t *out);
/* Renders the name at rdata[*pos] (advancing *pos); R_FORMERR if bad. */
result_t field_name_totext(const uint8_t *rdata, size_t len, size_t *pos,
			   const name_t *origin, textbuf_t *out);
/* Base64 over tokens toks[0..ntok) concatenated (BIND allows spaces). */
result_t field_base64_fromtext(const text_token_t *toks, size_t ntok,
			       wire_t *out);
void field_base64_totext(const uint8_t *d, size_t len, textbuf_t *out);
/* As field_base64_fromtext/field_hex_fromtext, and on failure *failed is
 * the index of the token where decoding failed (ntok: the input ended in
 * the middle of a group).  BIND's message names the token after it. */
result_t field_base64_fromtext_at(const text_token_t *toks, size_t ntok,
				  wire_t *out, size_t *failed);
result_t field_hex_fromtext_at(const text_token_t *toks, size_t ntok,
			       wire_t *out, size_t *failed);
/* Hex over tokens concatenated; "-" alone may mean empty where allowed. */
result_t field_hex_fromtext(const text_token_t *toks, size_t ntok, wire_t *out);
void field_hex_totext(const uint8_t *d, size_t len, bool upper, textbuf_t *out);
/* base32hex without padding (NSEC3 next hashed owner). */
result_t field_base32hex_fromtext(const text_token_t *tok, wire_t *out);
void field_base32hex_totext(const uint8_t *d, size_t len, textbuf_t *out);

#endif
