/*
 * db_int.h - internals shared by the database's files (db.c, db_load.c,
 * db_lookup.c, db_update.c, db_diff.c).  Not for use outside zones/db*.
 *
 * Memory: a version belongs to a lineage (one load and the updates on top
 * of it).  Nodes and RRset blocks made by the load live in the lineage's
 * arena; those made by updates are malloc'd one each.  Every object
 * records the generation that made it (nodes in rb.gen, blocks in gen):
 * a writer may change in place only what its own generation made.
 * Objects an update replaces are listed in the new version's retired
 * list and freed when the version before it is reclaimed.
 */
#ifndef BINDERY_DB_INT_H
#define BINDERY_DB_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "zones/db.h"
#include "zones/rbt.h"
#include "zones/rdata.h"

#define DB_ALLOC_ARENA	0
#define DB_ALLOC_MALLOC 1

/* The RRsets of one node: entries sorted by type, rdata runs after them. */
typedef struct db_rrsets {
	uint32_t gen;
	uint16_t count;
	uint8_t alloc;
	uint8_t pad;
	db_rrset_t sets[];
} db_rrsets_t;

struct db_node {
	rbt_node_t rb; /* first: a db_node_t * is an rbt_node_t * */
	const db_rrsets_t *sets; /* NULL for an empty non-terminal */
	uint16_t flags;
	uint8_t namelen;
	uint8_t alloc;
	uint8_t data[]; /* the tree key, then the owner wire name */
};

typedef struct db_arena db_arena_t;

struct db_version {
	db_t *db;
	uint64_t id;
	uint32_t gen;
	atomic_uint refs;
	rbt_node_t *root;
	rbt_node_t *nsec3root;
	const db_node_t *apex;
	size_t nodes, nsec3nodes;
	size_t ncuts; /* nodes with DB_NODE_DELEG or DB_NODE_DNAME */
	db_arena_t *arena; /* the lineage's arena (NULL: none) */
	changeset_t *changes;
	void **retired; /* objects of the previous version this one dropped */
	size_t nretired, retiredcap;
	db_version_t *newer;
};

struct db {
	name_t origin;
	uint16_t rclass;
	uint8_t apexkey[RBT_KEYMAX];
	uint16_t apexkeylen;
	db_version_t *current; /* RCU-protected */
	db_version_t *oldest;
	pthread_mutex_t wlock; /* one writer at a time */
	pthread_mutex_t vlock; /* version list and reclamation */
	uint64_t nextid;
	uint32_t nextgen;
	/* history: the last histmax published versions, referenced, oldest
	 * first (guarded by wlock) */
	db_version_t **hist;
	unsigned nhist, histmax;
};

/* One RR seen by the builders: RRSIGs carry the covered type. */
typedef struct db_rrref {
	uint16_t type;
	uint16_t covers; /* RRSIG: covered type; else 0 */
	uint32_t ttl;
	const uint8_t *rdata;
	uint16_t rdlen;
	uint32_t seq; /* input order (first TTL wins at load) */
} db_rrref_t;

/* ---- arena (db.c) ---- */
db_arena_t *db_arena_create(void);
void *db_arena_alloc(db_arena_t *a, size_t size); /* 8-aligned, never NULL */
void db_arena_destroy(db_arena_t *a);
size_t db_arena_bytes(const db_arena_t *a);

/* ---- objects (db.c) ---- */

/* Allocates a node for wire name (with its key) from arena a, or with
 * malloc when a is NULL.  gen set, no links, no RRsets. */
db_node_t *db_node_new(db_arena_t *a, uint32_t gen, const uint8_t *wire,
		       unsigned wirelen, const uint8_t *key, uint16_t keylen);

/* Sort order of RRs inside a node: by type (RRSIGs by covered type,
 * after the data), then rdata in canonical order. */
int db_rrref_compare(const db_rrref_t *a, const db_rrref_t *b);

/*
 * Builds a block from refs[0..n) (sorted with db_rrref_compare, no
 * duplicates), in arena a or with malloc if a is NULL.  Each RRset takes
 * the TTL of its first entry.  Returns NULL for n == 0.
 */
db_rrsets_t *db_rrsets_build(db_arena_t *a, uint32_t gen,
			     const db_rrref_t *refs, size_t n);

/* True if refs[0..n) (sorted) fit a block: at most 65535 RRsets, each
 * with at most 65535 rdatas and 65535 signatures (db_rrset_t counts). */
bool db_refs_fit(const db_rrref_t *refs, size_t n);

/* Expands a node's RRs into refs (capacity from db_node_rr_count). */
size_t db_node_rr_count(const db_node_t *n);
size_t db_node_expand(const db_node_t *n, db_rrref_t *refs);

/* Flags implied by the RRsets (plus APEX), without WILDCHILD. */
uint16_t db_flags_of(const db_rrsets_t *sets, bool apex);

/* Frees one malloc'd node / block (arena objects are left alone). */
void db_node_free(db_node_t *n);
void db_rrsets_free(const db_rrsets_t *s);

/* Frees every malloc'd object of a whole tree (not the arena). */
void db_tree_free(rbt_node_t *root);

/* rbt_txn_t callbacks; arg is the version being built. */
rbt_node_t *db_node_clone(void *arg, const rbt_node_t *n);
void db_node_retire(void *arg, rbt_node_t *n);
/* A block no longer used by the version being built. */
void db_rrsets_retire(db_version_t *v, const db_rrsets_t *s);

/* ---- versions (db.c) ---- */

/* A fresh version record (refs 1, id and gen assigned) based on base
 * (roots, counts and lineage copied) or empty when base is NULL. */
db_version_t *db_version_new(db_t *db, const db_version_t *base);

/*
 * Publishes v as current (under wlock held by the caller), waits a grace
 * period and drops the previous current version's reference.
 */
void db_publish(db_t *db, db_version_t *v);

/* Frees a version that was never published, with all objects its
 * generation made (its lineage arena too, if it owns a new one). */
void db_version_discard(db_version_t *v, bool own_arena);

/* Key of a name into key[RBT_KEYMAX]. */
static inline void
db_key(const uint8_t *wire, uint8_t *key, uint16_t *len, uint16_t *ends) {
	rbt_key_fromname(wire, key, len, ends);
}

/* True if the type goes to the NSEC3 tree. */
static inline bool
db_is_nsec3_type(uint16_t type, uint16_t covers) {
	return type == RRTYPE_NSEC3 ||
	       (type == RRTYPE_RRSIG && covers == RRTYPE_NSEC3);
}

#endif
