/*
 * dump_multiline.h - BIND 9.18's multi-line rdata layout for the relative
 * dump style (internal to zones/dump.c).
 *
 * BIND writes long rdata of some types over several lines inside
 * parentheses, continuation lines indented with four tabs and base64 or
 * hex cut in 44-character pieces: RRSIG/SIG, DNSKEY/KEY/CDNSKEY (with a
 * "; KSK; alg = ... ; key id = N" comment), DS/CDS, NSEC3, TLSA/SMIMEA,
 * SSHFP, and every type written in RFC 3597 "\# len hex" form.
 *
 * dump_multiline() rewrites the one-line text of rdata_totext() (oneline,
 * for the same rdata) into that layout and appends it to out.  Returns
 * false, appending nothing, for types it does not lay out (the caller then
 * writes oneline as it is).
 */
#ifndef BINDERY_DUMP_MULTILINE_H
#define BINDERY_DUMP_MULTILINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/textbuf.h"

bool dump_multiline(uint16_t type, const uint8_t *rdata, size_t len,
		    const char *oneline, textbuf_t *out);

/* RFC 4034 appendix B key tag of KEY/DNSKEY rdata (the plain sum for every
 * algorithm, as BIND 9.18 prints it). */
uint16_t dump_key_tag(const uint8_t *rdata, size_t len);

#endif
