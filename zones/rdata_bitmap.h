/*
 * rdata_bitmap.h - RFC 4034 section 4.1.2 type bitmaps (NSEC, NSEC3,
 * CSYNC) in text and wire form.
 *
 * Wire form: a sequence of (window, length, bits[length]) blocks, windows
 * strictly increasing, length 1..32, the last octet of each block nonzero
 * (BIND rejects trailing zero octets, so we do too: a bitmap then has one
 * wire form, which keeps canonical comparison meaningful).
 * Text form: type mnemonics or TYPEnnn, any order, duplicates allowed.
 */
#ifndef BINDERY_RDATA_BITMAP_H
#define BINDERY_RDATA_BITMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/rdata_ops.h"

/*
 * Parses toks[0..ntok) as type names and appends the bitmap to out.
 * Zero tokens give an empty bitmap (callers decide if that is allowed).
 * On failure *bad is the index of the offending token.
 */
result_t bitmap_fromtext(const text_token_t *toks, size_t ntok, wire_t *out,
			 size_t *bad);

/*
 * Builds a bitmap from a list of types (any order, duplicates allowed)
 * into out.  For the signer and tests.
 */
result_t bitmap_fromtypes(const uint16_t *types, size_t ntypes, wire_t *out);

/* Checks the structure of d[0..len) as above.  [raw network bytes] */
result_t bitmap_check(const uint8_t *d, size_t len);

/* True if type is set in the (already checked) bitmap d[0..len). */
bool bitmap_has(const uint8_t *d, size_t len, uint16_t type);

/* Appends " TYPE" for every type set, in increasing order. */
void bitmap_totext(const uint8_t *d, size_t len, textbuf_t *out);

#endif
