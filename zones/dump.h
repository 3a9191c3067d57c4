/*
 * dump.h - write a finished zone (zone.h) as a text master file the way
 * BIND 9.18's masterdump does for named-compilezone.
 *
 * Styles:
 *  - DUMP_FULL (-s full, the default): one RR per line, absolute owner on
 *    every line, columns at 46 (TTL), 48 (class) and 64 (rdata) reached
 *    with tabs of width 8 then spaces, a single space when the column is
 *    already passed; "; resign=YYYYMMDDHHMMSS" after each RRSIG RRset.
 *    Byte-identical to BIND's output given the same rdata text.
 *  - DUMP_RELATIVE (-s relative): $ORIGIN and $TTL lines, owners and
 *    rdata names relative to the current $ORIGIN (chosen as BIND's
 *    red-black tree levels fall: branch points, wildcard parents, names
 *    with names below them), owner and class left out when they repeat,
 *    SOA written over several lines with BIND's comments, and the long
 *    forms of RRSIG, DNSKEY, DS, NSEC3, TLSA, SSHFP and "\#" cut into
 *    lines as BIND does (dump_multiline.h); other types on one line.
 *
 * Nodes come in the zone's canonical order and RRsets in its node order
 * (zone_finish()), except that, as BIND keeps NSEC3 RRsets in a tree of
 * their own, NSEC3 and RRSIG(NSEC3) RRsets come after everything else.
 */
#ifndef BINDERY_DUMP_H
#define BINDERY_DUMP_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "zones/result.h"
#include "zones/textbuf.h"
#include "zones/zone.h"

typedef enum {
	DUMP_FULL = 0,
	DUMP_RELATIVE = 1,
} dump_style_t;

/*
 * Writes the zone to fp.  now is the time used for BIND's resign rule (an
 * RRSIG whose inception is in the future resigns "now").  Returns R_OK,
 * R_IOERROR if a write failed, or the rdata_totext() error for rdata it
 * cannot render (R_FORMERR).
 */
result_t dump_zone(const zone_t *z, dump_style_t style, time_t now, FILE *fp);

/*
 * Formats one RR in the full style (owner absolute) into out, with the
 * newline.  Exposed for tests and for tools that print single RRs.
 */
result_t dump_rr_full(const name_t *owner, uint32_t ttl, uint16_t rclass,
		      uint16_t type, const uint8_t *rdata, size_t len,
		      textbuf_t *out);

/*
 * The resign time BIND attaches to an RRSIG RRset: the earliest
 * expiration, except that a signature whose inception lies after now
 * counts as now.  Serial-number arithmetic on the 32-bit times.
 */
uint32_t dump_resign_time(const zone_rrset_t *rrsig, uint32_t now);

/* "YYYYMMDDHHMMSS" (UTC) for a 32-bit UNIX time; buf holds 16 bytes. */
const char *dump_time_totext(uint32_t t, char buf[16]);

#endif
