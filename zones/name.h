/*
 * name.h - absolute domain names in uncompressed wire form.
 *
 * A name_t is always absolute (ends with the root label) and at most 255
 * octets in at most 128 labels.  Case is preserved as given; every
 * comparison is case-insensitive (ASCII only, as RFC 4343 says).
 * offsets[i] is the wire offset of label i (label 0 is the leftmost, the
 * last one is the root label), precomputed so label access is O(1).
 *
 * Text form follows BIND 9.18: "\X" (X taken literally, so "\." is a dot
 * inside a label) and "\DDD" (exactly three decimal digits, <= 255)
 * escapes on input; on output the characters  " ( ) . ; \ @ $  are escaped
 * with a backslash and bytes outside 0x21..0x7e are written as \DDD.  The
 * root is ".".
 */
#ifndef BINDERY_NAME_H
#define BINDERY_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/result.h"

#define NAME_MAXWIRE   255
#define NAME_MAXLABEL  63
#define NAME_MAXLABELS 128
/* Longest text form: 255 octets each as \DDD, plus dots and NUL. */
#define NAME_MAXTEXT 1024

typedef struct name {
	uint8_t length;			 /* octets in wire, root label included */
	uint8_t labels;			 /* labels, root label included */
	uint8_t offsets[NAME_MAXLABELS]; /* offset of each label in wire */
	uint8_t wire[NAME_MAXWIRE];
} name_t;

/* Makes n the root name ".". */
void name_init_root(name_t *n);

/* Copies src to dst (only the used part of the arrays). */
void name_copy(name_t *dst, const name_t *src);

/*
 * Reads an uncompressed absolute name from wire[0..len).  Sets *used to the
 * octets consumed when used != NULL.  Fails with R_UNEXPECTEDEND,
 * R_BADLABELTYPE (compression pointer or extended label),
 * R_NAMETOOLONG.  [raw network bytes]
 */
result_t name_fromwire_raw(name_t *out, const uint8_t *wire, size_t len,
			   size_t *used);

/*
 * Reads a possibly compressed name at msg[*pos] within a whole DNS message
 * msg[0..msglen).  Compression pointers must point strictly backwards,
 * before the start of the run of labels that holds the pointer (so each
 * jump lands earlier than the last and loops are impossible), else
 * R_BADPOINTER.  Other errors: R_UNEXPECTEDEND, R_BADLABELTYPE (0x40/0x80
 * label types), R_NAMETOOLONG.  On success *pos moves past the name as it
 * sits at *pos (the pointer, not its target).  [raw network bytes]
 */
result_t name_fromwire(name_t *out, const uint8_t *msg, size_t msglen,
		       size_t *pos);

/*
 * Parses text[0..len) (not NUL-terminated, escapes allowed).  A name not
 * ending in an unescaped dot is relative and gets origin appended; with
 * origin == NULL a relative name is an error (R_NOOWNER).  A lone "@"
 * means origin, in rdata as well as for owners, as in BIND ("@." and
 * "a.@" are ordinary labels).  A 256-octet name is R_NAMETOOLONG, which
 * BIND reports as "ran out of space".  Errors: R_EMPTYLABEL, R_LABELTOOLONG, R_NAMETOOLONG,
 * R_BADESCAPE, R_UNEXPECTEDEND (empty text).
 */
result_t name_fromtext(name_t *out, const char *text, size_t len,
		       const name_t *origin);

/*
 * Writes n as text into buf (NUL-terminated) and the length without the
 * NUL into *outlen (if not NULL).  If origin != NULL and n is at or below
 * origin, the name is written relative to it ("@" for origin itself).
 * omit_final_dot drops the trailing dot of absolute names (never for the
 * root).  R_NOSPACE if bufsize is too small.
 */
result_t name_totext(const name_t *n, const name_t *origin, bool omit_final_dot,
		     char *buf, size_t bufsize, size_t *outlen);

/*
 * Writes n as BIND 9.18 writes a domain name inside rdata: relative to
 * origin (no trailing dot) only when origin is not the root, n is strictly
 * below it and n's trailing labels repeat origin's in exactly the same
 * case; otherwise absolute with the final dot (so a name equal to origin
 * is written in full, never as "@").  origin may be NULL.  R_NOSPACE if
 * bufsize is too small.
 */
result_t name_totext_rdata(const name_t *n, const name_t *origin, char *buf,
			   size_t bufsize, size_t *outlen);

/* Case-insensitive equality. */
bool name_equal(const name_t *a, const name_t *b);

/* DNSSEC canonical order (RFC 4034 section 6.1): <0, 0, >0. */
int name_compare(const name_t *a, const name_t *b);

/* Canonical order on raw uncompressed wire names (for data stored as wire). */
int name_wire_compare(const uint8_t *a, const uint8_t *b);

/* True if n equals parent or is below it. */
bool name_issubdomain(const name_t *n, const name_t *parent);

/* Number of trailing labels (root included) a and b have in common. */
unsigned name_common_labels(const name_t *a, const name_t *b);

/* out = the last `labels` labels of n (1 gives the root). */
void name_suffix(const name_t *n, unsigned labels, name_t *out);

/*
 * out = the first prefix_labels labels of prefix (not counting its root),
 * followed by suffix.  R_NAMETOOLONG if the result exceeds 255 octets.
 * out may alias suffix but not prefix.
 */
result_t name_concat(name_t *out, const name_t *prefix, unsigned prefix_labels,
		     const name_t *suffix);

/* True if the leftmost label is exactly "*". */
bool name_iswildcard(const name_t *n);

/* Lowercases ASCII letters in place. */
void name_downcase(name_t *n);

/* Case-insensitive hash of the name (stable within one process run). */
uint32_t name_hash(const name_t *n);

/*
 * check-names rules, as BIND 9.18 applies them (checked against
 * named-checkzone -k fail): in a host name every label is letters, digits
 * and hyphens, and its first and last octet is a letter or a digit (so no
 * underscore, no leading or trailing hyphen, no escaped dot).  With
 * wildcard, a leftmost label of exactly "*" is also allowed.  A mailbox
 * name's first label may hold any octet in 0x21..0x7e; the rest must be a
 * host name.  The root passes both.
 */
bool name_ishostname(const name_t *n, bool wildcard);
bool name_ismailbox(const name_t *n);

#endif
