/*
 * acl.h - compiled address match lists (named.conf "address_match_list").
 *
 * An acl_t is an ordered list of elements: address prefixes (IPv4, IPv6,
 * or "any" which covers both families), TSIG key names, and nested lists
 * (named ACLs, "localhost", "localnets", inline { ... } lists).  Each
 * element may be negated.  Matching follows BIND 9.18:
 *
 *   - elements are tried in order and the first one that matches decides:
 *     a plain element gives ACL_ALLOW, a negated one ACL_DENY;
 *   - a nested list "matches" only if it gives ACL_ALLOW for the request;
 *     a DENY inside a nested list counts as no match for the outer list, so
 *     "! { ! 10/8; any; }" can never turn into a surprise allow through
 *     double negation;
 *   - no element matching gives ACL_NOMATCH (callers treat it as deny);
 *   - an IPv4-mapped IPv6 source (::ffff:a.b.c.d) is matched as IPv4.
 *
 * "none" is "! any" and "! none" is "any", as in BIND.
 *
 * Speed: prefixes live in one binary trie per family whose nodes remember
 * the lowest element index ending there, so a lookup is one walk of at most
 * 32 or 128 steps plus a scan of the (few) non-prefix elements before the
 * best prefix hit.  No allocation and no locking on the match path.
 *
 * Lifetime: an ACL is built once (acl_add_* calls) and then only read;
 * reads from many threads are safe.  Nested lists are shared by reference
 * count (acl_attach/acl_detach); acl_detach frees on the last reference.
 */
#ifndef BINDERY_ACL_H
#define BINDERY_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "zones/name.h"
#include "zones/result.h"

typedef struct acl acl_t;

typedef enum {
	ACL_NOMATCH = 0, /* no element matched */
	ACL_ALLOW,       /* first match was a positive element */
	ACL_DENY         /* first match was a negated element */
} acl_verdict_t;

/* Creates an empty list (matches nothing) with one reference. */
result_t acl_create(acl_t **out);

/* Adds a reference; returns acl for convenience. */
acl_t *acl_attach(acl_t *acl);

/* Drops a reference and sets *aclp to NULL; frees on the last one. */
void acl_detach(acl_t **aclp);

/*
 * Appends a prefix element.  family is AF_INET (addr: 4 octets), AF_INET6
 * (16 octets) or AF_UNSPEC (addr ignored, prefixlen must be 0: "any",
 * matching both families).  R_RANGE if prefixlen exceeds the family's
 * width, R_BADADDRESS if addr has bits set beyond prefixlen (BIND's
 * "address/prefix length mismatch"), R_BADADDRESS for an unknown family.
 */
result_t acl_add_prefix(acl_t *acl, bool negated, int family, const void *addr,
                        unsigned prefixlen);

/*
 * Parses "addr", "addr/len" (IPv4 or IPv6 text) or "any"/"none" and
 * appends it.  For IPv4 without a length BIND's classful shorthand is not
 * applied: a bare address is a host (/32).  Same errors as acl_add_prefix,
 * plus R_BADADDRESS for unparsable text.
 */
result_t acl_add_text(acl_t *acl, bool negated, const char *text);

/* Appends a "key <name>" element (the request's TSIG key name). */
result_t acl_add_key(acl_t *acl, bool negated, const name_t *key);

/*
 * Appends a nested list; the outer list takes its own reference to inner.
 * R_FAILURE if inner is acl itself or contains it (a loop).
 */
result_t acl_add_nested(acl_t *acl, bool negated, acl_t *inner);

/* Number of elements (for tests and diagnostics). */
size_t acl_count(const acl_t *acl);

/*
 * Matches a request: sa is the source address (AF_INET or AF_INET6;
 * other families match only nothing), key the name of the TSIG key that
 * signed the request or NULL.  Never fails, never allocates.
 */
acl_verdict_t acl_match(const acl_t *acl, const struct sockaddr *sa,
                        const name_t *key);

/* Same as acl_match() with the address given as raw octets. */
acl_verdict_t acl_match_addr(const acl_t *acl, int family, const uint8_t *addr,
                             const name_t *key);

/*
 * Builds the two built-in lists from the host's interfaces (getifaddrs):
 * *localhost matches each interface address, *localnets each interface's
 * network (address masked by its netmask).  Both are new references.
 * R_IOERROR if the interfaces cannot be read.
 */
result_t acl_interfaces_create(acl_t **localhost, acl_t **localnets);

/* True only for ACL_ALLOW: the usual "is this request allowed" question. */
bool acl_allowed(const acl_t *acl, const struct sockaddr *sa,
                 const name_t *key);

#endif
