/*
 * rdata.h - RR types, classes and rdata in text, wire and canonical form.
 *
 * Rdata is always held in uncompressed wire form with embedded names in
 * the case they were given.  One descriptor table (rrtype.c) drives the
 * generic conversions; types whose text form is irregular (LOC, APL, WKS,
 * SVCB/HTTPS, NSEC-style bitmaps, ...) have their own file each and are
 * reached through the same table.
 *
 * Text output is BIND 9.18's presentation format, one line, as
 * named-compilezone -D prints it.  Text input accepts what BIND's master
 * loader accepts, including RFC 3597 "\# len hex" for every type.
 *
 * Every function that reads wire data bounds-checks it and never aborts.
 */
#ifndef BINDERY_RDATA_H
#define BINDERY_RDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/name.h"
#include "zones/result.h"
#include "zones/token.h"

#define RDATA_MAXLEN 65535

/* Well-known class numbers. */
enum {
	RRCLASS_IN = 1,
	RRCLASS_CH = 3,
	RRCLASS_HS = 4,
	RRCLASS_NONE = 254,
	RRCLASS_ANY = 255,
};

/* Type numbers used by name elsewhere (the table in rrtype.c has them all). */
enum {
	RRTYPE_A = 1,
	RRTYPE_NS = 2,
	RRTYPE_MD = 3,
	RRTYPE_MF = 4,
	RRTYPE_CNAME = 5,
	RRTYPE_SOA = 6,
	RRTYPE_MB = 7,
	RRTYPE_MG = 8,
	RRTYPE_MR = 9,
	RRTYPE_NULL = 10,
	RRTYPE_WKS = 11,
	RRTYPE_PTR = 12,
	RRTYPE_HINFO = 13,
	RRTYPE_MINFO = 14,
	RRTYPE_MX = 15,
	RRTYPE_TXT = 16,
	RRTYPE_RP = 17,
	RRTYPE_AFSDB = 18,
	RRTYPE_SIG = 24,
	RRTYPE_KEY = 25,
	RRTYPE_PX = 26,
	RRTYPE_AAAA = 28,
	RRTYPE_LOC = 29,
	RRTYPE_NXT = 30,
	RRTYPE_SRV = 33,
	RRTYPE_NAPTR = 35,
	RRTYPE_KX = 36,
	RRTYPE_A6 = 38,
	RRTYPE_DNAME = 39,
	RRTYPE_OPT = 41,
	RRTYPE_APL = 42,
	RRTYPE_DS = 43,
	RRTYPE_RRSIG = 46,
	RRTYPE_NSEC = 47,
	RRTYPE_DNSKEY = 48,
	RRTYPE_NSEC3 = 50,
	RRTYPE_NSEC3PARAM = 51,
	RRTYPE_SVCB = 64,
	RRTYPE_HTTPS = 65,
	RRTYPE_TKEY = 249,
	RRTYPE_TSIG = 250,
	RRTYPE_IXFR = 251,
	RRTYPE_AXFR = 252,
	RRTYPE_ANY = 255,
};

/* Descriptor flags (rrtype_flags()). */
#define RRTYPE_F_META	    0x01 /* not storable in a zone (OPT, TSIG, ...) */
#define RRTYPE_F_SINGLETON  0x02 /* at most one RR per RRset (SOA, CNAME, DNAME) */
#define RRTYPE_F_ADDITIONAL 0x04 /* names in rdata trigger additional processing */
#define RRTYPE_F_COMPRESS   0x08 /* embedded names may be compressed (RFC 3597 list) */
#define RRTYPE_F_CANONDOWN  0x10 /* names are downcased in canonical form (RFC 4034/6840) */
#define RRTYPE_F_ZONECUTOK  0x20 /* may sit at a zone cut in the parent (NS, DS, NSEC...) */
#define RRTYPE_F_KNOWN	    0x80 /* in the table (otherwise only \# form) */

/* Mnemonic -> number; accepts "TYPEnnn" (0..65535).  Case-insensitive. */
result_t rrtype_fromtext(const char *text, size_t len, uint16_t *type);
/* Number -> mnemonic or "TYPEnnn"; buf must hold 16 bytes.  Returns buf. */
const char *rrtype_totext(uint16_t type, char buf[16]);
unsigned rrtype_flags(uint16_t type);

/* "IN", "CH"/"CHAOS", "HS"/"HESIOD", "NONE", "ANY", "CLASSnnn". */
result_t rrclass_fromtext(const char *text, size_t len, uint16_t *rclass);
const char *rrclass_totext(uint16_t rclass, char buf[16]);

/* Where a text parse failed, for "file:line: near 'token': message". */
typedef struct rdata_error {
	size_t token; /* index of the offending token (ntok if ran out) */
} rdata_error_t;

/*
 * Parses tokens toks[0..ntok) as rdata of (type, rclass) into out[0..outmax)
 * and sets *outlen.  Relative names get origin appended (origin NULL: they
 * are errors).  All tokens must be consumed (R_EXTRADATA otherwise).
 * On failure err (if not NULL) tells which token.
 */
result_t rdata_fromtext(uint16_t type, uint16_t rclass, const text_token_t *toks,
			size_t ntok, const name_t *origin, uint8_t *out,
			size_t outmax, size_t *outlen, rdata_error_t *err);

/*
 * Writes rdata in BIND 9.18's presentation format (one line, no owner/
 * TTL/class/type) into buf, NUL-terminated; *outlen (if not NULL) gets the
 * length.  Names are written relative to origin when origin != NULL.
 * Malformed rdata (R_FORMERR) or too small a buffer (R_NOSPACE) fail.
 */
result_t rdata_totext(uint16_t type, uint16_t rclass, const uint8_t *rdata,
		      size_t len, const name_t *origin, char *buf,
		      size_t bufsize, size_t *outlen);

/*
 * Reads the rdata of (type, rclass) that sits at msg[rdpos .. rdpos+rdlen)
 * of a whole message msg[0..msglen), expanding compressed names (allowed
 * only where RFC 3597 lets them be; with allow_compression false none
 * are), checking its structure, and writes the uncompressed form to out.
 * [raw network bytes]
 */
result_t rdata_fromwire(uint16_t type, uint16_t rclass, const uint8_t *msg,
			size_t msglen, size_t rdpos, size_t rdlen,
			bool allow_compression, uint8_t *out, size_t outmax,
			size_t *outlen);

/* Canonical form (RFC 4034 section 6.2): names downcased where the type's
 * descriptor says so.  out may equal rdata. */
result_t rdata_tocanonical(uint16_t type, const uint8_t *rdata, size_t len,
			   uint8_t *out);

/* Compares two rdatas of one type in canonical order (RFC 4034 6.3). */
int rdata_compare(uint16_t type, const uint8_t *a, size_t alen,
		  const uint8_t *b, size_t blen);

/*
 * Calls fn for each domain name embedded in the rdata, with its offset in
 * rdata and whether it is compressible.  Used by the renderer (compression),
 * additional-section processing and the zone checks (NS/MX/SRV targets).
 */
typedef void (*rdata_name_fn)(void *arg, const uint8_t *rdata, size_t offset,
			      bool compressible);
result_t rdata_walk_names(uint16_t type, const uint8_t *rdata, size_t len,
			  rdata_name_fn fn, void *arg);

/*
 * For OPT rdata (the options list) that rdata_fromwire() refused: true
 * when, walking the options in order, the first fault is an option that
 * fits but says something wrong (a 5-octet COOKIE: BIND's OPTERR, which
 * named answers with FORMERR and an OPT of its own), false when it is an
 * option cut short (named's FORMERR then has no OPT).  [raw network bytes]
 */
bool rdata_opt_is_opterr(const uint8_t *rdata, size_t len);

#endif
