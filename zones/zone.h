/*
 * zone.h - a simple in-memory zone for the tools (named-checkzone,
 * named-compilezone): load RRs one by one, check, dump.
 *
 * Contract:
 *  - zone_add() takes RRs in any order.  Owners are kept in a hash table
 *    (name_hash, grown geometrically); RRsets are keyed by (type, covers)
 *    where covers is the type-covered field of RRSIG/SIG and 0 otherwise.
 *    Nodes, RRsets and rdata live in one arena: no malloc per record.
 *  - zone_add() enforces what BIND's database enforces at load time and
 *    reports it as a result: a second different rdata in a singleton
 *    RRset (SOA, CNAME, DNAME...) is R_SINGLETON, CNAME next to other data
 *    is R_CNAMEOTHER (RRSIG, NSEC, SIG, NXT and KEY may sit at a CNAME).
 *    An RR whose TTL differs from its RRset's keeps the RRset's first TTL
 *    and info->ttl_changed is set so the caller can warn like BIND.
 *  - zone_finish() must be called once after the last zone_add(): it sorts
 *    nodes in DNSSEC canonical order (RFC 4034 6.1), rdata within each
 *    RRset in canonical order with duplicates removed as BIND's database
 *    does (rdatas equal in canonical form, e.g. names differing in case:
 *    within one batch the later one stays, across batches the earlier
 *    one), and the RRsets of a node in the order BIND's dumper
 *    writes them (SOA, NS, then by type, each RRSIG right after the type
 *    it covers).  After that the zone is read-only; zone_add() fails.
 *  - The structs below are readable by callers (iteration); only zone.c
 *    writes them.
 *
 * Later the server gets a red-black-tree database with versions; this one
 * stays small and separate on purpose.
 */
#ifndef BINDERY_ZONE_H
#define BINDERY_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/master.h"
#include "zones/name.h"
#include "zones/result.h"

typedef struct zone_rdata zone_rdata_t;
typedef struct zone_rrset zone_rrset_t;
typedef struct zone_node zone_node_t;
typedef struct zone zone_t;

struct zone_rdata {
	zone_rdata_t *next;
	const char *file; /* where it was read (interned, lives with zone) */
	unsigned line;
	uint32_t batch; /* load batch it came in (see zone.c) */
	uint16_t len;
	uint8_t data[]; /* uncompressed wire form */
};

struct zone_rrset {
	zone_rrset_t *next;
	zone_rdata_t *head; /* sorted canonically after zone_finish() */
	zone_rdata_t *tail;
	uint32_t ttl;
	uint32_t count; /* rdatas (after zone_finish(): without duplicates) */
	uint16_t type;
	uint16_t covers; /* RRSIG/SIG: type covered; else 0 */
};

struct zone_node {
	zone_node_t *hnext; /* hash chain */
	zone_rrset_t *rrsets;
	uint32_t hash;
	uint8_t namelen;
	uint8_t flags;	 /* zone.c's bookkeeping */
	uint16_t nsets;	 /* RRsets at the node, saturating at 65535 */
	uint8_t wire[]; /* owner, case as first seen */
};

/* Per-add details for warnings. */
typedef struct zone_add_info {
	bool ttl_changed;   /* RR's TTL differed; RRset kept prior_ttl */
	uint32_t prior_ttl;
	bool duplicate;	    /* identical rdata already present (not added) */
} zone_add_info_t;

/* Creates an empty zone for origin/rclass. */
result_t zone_create(const name_t *origin, uint16_t rclass, zone_t **out);

/* Frees z and everything in it.  z may be NULL. */
void zone_destroy(zone_t *z);

/* The origin given to zone_create() (lives as long as z). */
const name_t *zone_origin(const zone_t *z);
uint16_t zone_class(const zone_t *z);

/*
 * Adds rr (owner must be at or below the origin: R_NOTZONETOP otherwise,
 * nothing added).  info, if not NULL, is always written.  Errors:
 * R_SINGLETON, R_CNAMEOTHER (nothing added), R_NOMEMORY, R_FAILURE after
 * zone_finish().  An exact duplicate is R_OK with info->duplicate set.
 */
result_t zone_add(zone_t *z, const master_rr_t *rr, zone_add_info_t *info);

/* Sorts everything (see above).  Idempotent. */
result_t zone_finish(zone_t *z);

/* Number of owner names; after zone_finish() nodes are indexable. */
size_t zone_node_count(const zone_t *z);
/* i-th node in canonical order (requires zone_finish()); NULL if out of
 * range. */
const zone_node_t *zone_node_at(const zone_t *z, size_t i);

/* Number of RRs (duplicates excluded after zone_finish()). */
size_t zone_rr_count(const zone_t *z);

/* The node owning name, or NULL. */
const zone_node_t *zone_find(const zone_t *z, const name_t *name);

/* The RRset (type, covers) at node, or NULL.  node may be NULL. */
const zone_rrset_t *zone_node_rrset(const zone_node_t *node, uint16_t type,
				    uint16_t covers);

/* True if some node lies strictly below name (so name exists, possibly as
 * an empty non-terminal).  Requires zone_finish(). */
bool zone_has_descendant(const zone_t *z, const name_t *name);

/* Fills out with the node's owner name. */
void zone_node_name(const zone_node_t *node, name_t *out);

/*
 * True for the RRsets BIND keeps in its separate NSEC3 tree (NSEC3 and the
 * RRSIGs covering NSEC3): its dumps list them after every other name.
 */
bool zone_rrset_is_nsec3(const zone_rrset_t *s);

/* The covered type of an RRSIG/SIG rdata (0 if too short or another type). */
uint16_t zone_rdata_covers(uint16_t type, const uint8_t *rdata, size_t len);

#endif
