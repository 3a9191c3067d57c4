/*
 * db.h - the server's zone database: one zone's data as a chain of
 * immutable versions, read without locks, written by changesets.
 *
 * Model
 *  - A db_t holds one zone (origin, class).  Its data is published as
 *    versions.  A version is immutable once published: nothing a reader
 *    can reach through it ever changes until it is freed.
 *  - Storage: a red-black tree of owner names in DNSSEC canonical order
 *    (rbt.h) with path copying: a write copies only the nodes on the path
 *    to each changed name (O(k log n) for k names), everything else is
 *    shared with the previous version.  NSEC3 RRs (and RRSIGs covering
 *    NSEC3) live in a second tree, keyed the same way.
 *  - Why path copying and not per-node version chains (BIND's rbtdb): a
 *    reader then never picks a version at each node, so the lookup is a
 *    plain tree search, and an old version is just a root that stays
 *    valid on its own.  Measured on the 1,000,000-record bench zone
 *    (920,832 nodes, tree depth 21, on the shared 2-core machine, CPU
 *    time): load 1.4-1.7 s of which 0.43 s is master-file parsing,
 *    VmRSS 141 MiB after load; a one-record update publishes in 5-40 us
 *    (grace period included) and adds no measurable RSS.
 *  - A node is an owner name (wire form, case as first loaded), its flags
 *    (DB_NODE_*) and its RRsets.  Every ancestor of a name, from the apex
 *    down, exists as a node: those without data are empty non-terminals
 *    (flag DB_NODE_ENT, no RRsets), so NODATA at an ENT and closest
 *    enclosers come straight from the tree.
 *  - An RRset (db_rrset_t) is one type at a node with its RRSIGs beside
 *    it.  rdata is stored as a run of (RDLENGTH as 2 bytes big-endian,
 *    uncompressed wire rdata) pairs in canonical order, ready to copy into
 *    a response.  RRSIGs whose covered type has no data at the node get an
 *    entry with count 0.  RRSIG itself never appears as a type entry.
 *
 * Threads
 *  - Readers: a thread that reads calls db_thread_register() once (it is
 *    liburcu's rcu_register_thread, memb flavour), then brackets each
 *    query with db_read_begin()/db_read_end().  Inside, the version and
 *    every pointer obtained from it are valid; reading takes no lock,
 *    makes no allocation and never waits for a writer.  Do not call
 *    db_apply/db_load_commit or other writers inside a read section.
 *  - Long-lived pins (AXFR/IXFR out, dumping, diffs, tests): db_attach()
 *    takes a counted reference to the current version, valid until
 *    db_detach(); it may be kept across read sections and threads.
 *  - Writers: db_apply() and db_loader_commit() are serialized per zone by
 *    a mutex inside db_t; different zones write in parallel.  The writer
 *    publishes with one pointer swap, then waits one RCU grace period
 *    (synchronize_rcu) so the previous version can be released; memory
 *    of old versions is freed once no read section and no db_attach()
 *    reference can see them (oldest first).
 *
 * Errors are result_t values; nothing here aborts on bad input.
 */
#ifndef BINDERY_DB_H
#define BINDERY_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/changeset.h"
#include "zones/master.h"
#include "zones/name.h"
#include "zones/result.h"

typedef struct db db_t;
typedef struct db_version db_version_t;
typedef struct db_node db_node_t;
typedef struct db_loader db_loader_t;

/* Node flags (db_node_flags). */
#define DB_NODE_APEX	 0x0001 /* the zone's origin */
#define DB_NODE_DELEG	 0x0002 /* zone cut: NS at a name other than the apex */
#define DB_NODE_DNAME	 0x0004 /* has a DNAME RRset */
#define DB_NODE_CNAME	 0x0008 /* has a CNAME RRset */
#define DB_NODE_WILDCHILD 0x0010 /* "*.<this name>" exists */
#define DB_NODE_ENT	 0x0020 /* empty non-terminal: no RRsets, has children */
#define DB_NODE_NSEC	 0x0040 /* has an NSEC RRset */
#define DB_NODE_DS	 0x0080 /* has a DS RRset */
#define DB_NODE_NSEC3TREE 0x0100 /* node of the NSEC3 tree */

/*
 * One RRset at a node, with the RRSIGs covering it.  rdata and sigs are
 * runs of count (resp. sigcount) entries "u16 big-endian length, bytes";
 * iterate with db_rdata_iter_*.  count may be 0 when only RRSIGs exist
 * for the type.  sigttl is the RRSIGs' TTL (0 when sigcount is 0).
 */
typedef struct db_rrset {
	uint16_t type;
	uint16_t count;
	uint16_t sigcount;
	uint16_t reserved;
	uint32_t ttl;
	uint32_t sigttl;
	const uint8_t *rdata;
	const uint8_t *sigs;
} db_rrset_t;

typedef struct db_rdata_iter {
	const uint8_t *p;
	unsigned left;
} db_rdata_iter_t;

/* Iterates the rdatas of a run: db_rdata_iter_init(&it, s->rdata,
 * s->count) then while (db_rdata_iter_next(&it, &data, &len)) ... */
static inline void
db_rdata_iter_init(db_rdata_iter_t *it, const uint8_t *run, unsigned count) {
	it->p = run;
	it->left = count;
}

static inline bool
db_rdata_iter_next(db_rdata_iter_t *it, const uint8_t **data, uint16_t *len) {
	if (it->left == 0) {
		return false;
	}
	uint16_t l = (uint16_t)((it->p[0] << 8) | it->p[1]);
	*data = it->p + 2;
	*len = l;
	it->p += 2 + (size_t)l;
	it->left--;
	return true;
}

/* ---- zone databases ---- */

/* Creates an empty database (no version yet) for origin/rclass. */
result_t db_create(const name_t *origin, uint16_t rclass, db_t **out);

/*
 * Frees db and every version.  Requires: no thread inside a read section
 * on db, no db_attach() reference outstanding, no writer running.
 * db may be NULL.
 */
void db_destroy(db_t *db);

const name_t *db_origin(const db_t *db);
uint16_t db_class(const db_t *db);

/* ---- loading a whole zone (master file, raw file, AXFR) ---- */

/*
 * Starts building a complete new version (replacing whatever db holds).
 * RRs are collected in any order; nothing is visible until commit.
 */
result_t db_loader_create(db_t *db, db_loader_t **out);

/*
 * Adds one RR.  The owner must be at or below the origin (R_NOTZONETOP
 * otherwise, nothing added); rr->rclass is not checked (the reader did).
 * An RR identical (type, canonical rdata) to one already added is
 * dropped silently; an RR whose TTL differs from its RRset's takes the
 * RRset's first TTL, as BIND does.  No zone checks (SOA count, CNAME and
 * other data...): those are the tools' and the zone state machine's.
 */
result_t db_loader_add(db_loader_t *l, const master_rr_t *rr);

/* master_rr_fn adaptor: arg is the db_loader_t. */
result_t db_loader_rr(void *arg, const master_rr_t *rr);

/*
 * Sorts, builds the trees in O(n) from the sorted names (ENT nodes and
 * flags computed here), publishes the result as the current version and
 * frees l.  The new version has no changeset (db_version_changeset() is
 * NULL).  On failure nothing is published and l is freed too.
 * R_NOTFOUND if no RR was added; R_RANGE if an RRset would hold more
 * than 65535 RRs (or 65535 RRSIGs) or a name more than 65535 RRsets.
 */
result_t db_loader_commit(db_loader_t *l);

/* Frees l without publishing anything.  l may be NULL. */
void db_loader_destroy(db_loader_t *l);

/*
 * Convenience: reads a master file (raw == false) or a BIND raw file
 * (raw == true) at path into a new version and publishes it.  log/arg as
 * in master_opts_t (log may be NULL).  Returns the reader's error or the
 * commit's.
 */
result_t db_load_file(db_t *db, const char *path, bool raw, master_log_fn log,
		      void *logarg);

/* ---- writing changes ---- */

/* Flags for db_apply(). */
#define DB_APPLY_STRICT 0x01 /* IXFR rules: deleting an absent RR is
			      * R_NOTFOUND, adding a present one R_EXISTS */

/*
 * Applies cs on top of the current version and publishes the result as
 * the new current version.  Rdata must be valid uncompressed wire form
 * for its type (what rdata_fromwire()/rdata_fromtext() produce): the
 * callers (UPDATE, IXFR, journal) validate it, db_apply does not again.
 * Entries are applied in order:
 *  - ADD adds an RR (owner at or below the origin, else R_NOTZONETOP);
 *    adding an RR already present is a no-op (R_EXISTS with
 *    DB_APPLY_STRICT).  If the RRset exists with another TTL, the whole
 *    RRset takes the new TTL (as UPDATE does).  An RRSIG goes beside the
 *    type it covers; NSEC3 and its RRSIGs go to the NSEC3 tree.
 *  - DEL removes one RR matched by type and canonical rdata (absent: no-op,
 *    or R_NOTFOUND with DB_APPLY_STRICT).
 *  - DELRRSET removes the RRset of that type (for RRSIG: every RRSIG at
 *    the name); DELNAME removes every RRset at the owner.
 * Names that gain data get their missing ancestors as ENT nodes; names
 * that lose their last RRset disappear (or become ENTs if they have
 * children), and ENTs left without children disappear.  Flags are
 * recomputed on every touched node and its parent.
 * The new version keeps the effective changeset: only ADD/DEL of single
 * RRs that changed the zone, DELRRSET/DELNAME expanded, a TTL change shown
 * as deletion and re-addition of the RRset (db_version_changeset()).
 * Cost: O(k log n) time and memory for k touched names.
 * If no version exists yet, cs is applied to an empty zone.  R_RANGE if
 * an RRset would grow past 65535 RRs (see db_loader_commit).
 * On any error nothing is published.  Must not be called inside a read
 * section.
 */
result_t db_apply(db_t *db, const changeset_t *cs, unsigned flags);

/* ---- reading ---- */

/* liburcu thread registration, once per thread that calls db_read_begin
 * or db_attach. */
void db_thread_register(void);
void db_thread_unregister(void);

/*
 * Enters a read section (rcu_read_lock) and returns the current version,
 * or NULL when nothing is loaded (the section is entered all the same:
 * always pair with db_read_end).  Read sections may nest.
 */
const db_version_t *db_read_begin(db_t *db);
void db_read_end(db_t *db);

/*
 * Counted reference to the current version (NULL when nothing is
 * loaded), valid until db_detach(), from any registered thread.
 */
db_version_t *db_attach(db_t *db);
/* Another reference to an already-referenced version. */
db_version_t *db_version_ref(db_t *db, db_version_t *v);
/* Drops a reference from db_attach()/db_version_ref().  v may be NULL. */
void db_detach(db_t *db, db_version_t *v);

/* Monotonic version number within db (1 for the first version). */
uint64_t db_version_id(const db_version_t *v);

/* The SOA serial at the apex; R_NOTFOUND if the version has no SOA. */
result_t db_version_serial(const db_version_t *v, uint32_t *serial);

/*
 * The effective changeset that turned the previous version into v, or
 * NULL for a version made by a loader.  Lives as long as v.
 */
const changeset_t *db_version_changeset(const db_version_t *v);

/*
 * History for IXFR out: db keeps references to the last `versions`
 * published versions (0, the default, keeps none), so their changesets
 * stay available.  Shrinking drops the oldest at once.  Memory: each kept
 * version holds what later versions replaced (O(k log n) per update).
 */
result_t db_set_history(db_t *db, unsigned versions);

/*
 * Calls fn, oldest first, for each kept version after the one whose SOA
 * serial is from_serial, up to the current version; fn reads
 * db_version_changeset(v) (never NULL here) and returns R_OK to go on.
 * R_NOTFOUND (fn never called) unless the kept history reaches from
 * from_serial to the current version without a gap or a reload (a
 * version made by a loader has no changeset).  Serialized with writers.
 * A serial that repeats in the history (updates that did not bump it)
 * is matched at its last occurrence.  from_serial equal to the current
 * serial is R_NOTFOUND too: the caller answers "up to date" itself.
 */
typedef result_t (*db_history_fn)(void *arg, const db_version_t *v);
result_t db_history_walk(db_t *db, uint32_t from_serial, db_history_fn fn,
			 void *arg);

/* Nodes in the main tree (ENTs included) and in the NSEC3 tree. */
size_t db_version_nodes(const db_version_t *v);
size_t db_version_nsec3_nodes(const db_version_t *v);

/* The apex node, or NULL if the version has no data at the origin. */
const db_node_t *db_apex(const db_version_t *v);

/* ---- nodes ---- */

/* Owner name in wire form (case as loaded) and its length. */
const uint8_t *db_node_wire(const db_node_t *n);
unsigned db_node_wirelen(const db_node_t *n);
void db_node_name(const db_node_t *n, name_t *out);
unsigned db_node_flags(const db_node_t *n);
/* The RRset of type (not RRSIG) at n, or NULL. */
const db_rrset_t *db_node_rrset(const db_node_t *n, uint16_t type);
/* Number of RRset entries and the i-th, in type order (NULL past end). */
unsigned db_node_rrset_count(const db_node_t *n);
const db_rrset_t *db_node_rrset_at(const db_node_t *n, unsigned i);

/* ---- lookups ---- */

typedef enum {
	DB_FOUND,	    /* qname exists with qtype data (or qtype ANY) */
	DB_CNAME,	    /* qname has a CNAME and no qtype data */
	DB_DNAME,	    /* a DNAME strictly above qname redirects it */
	DB_DELEGATION,	    /* a zone cut at or above qname (not the apex) */
	DB_NXDOMAIN,	    /* qname does not exist, no wildcard applies */
	DB_NODATA,	    /* qname exists (possibly as ENT) without qtype */
	DB_WILDCARD,	    /* synthesized from *.<encloser> with qtype data */
	DB_WILDCARD_CNAME,  /* the wildcard node holds a CNAME */
	DB_WILDCARD_NODATA, /* the wildcard node exists without qtype */
} db_outcome_t;

/*
 * Result of db_lookup().  Pointers stay valid while the version is pinned.
 * Fields not listed for an outcome are NULL/0.
 *  node:     FOUND, CNAME, NODATA: the qname node.  DNAME: the DNAME
 *            owner.  DELEGATION: the cut node.  WILDCARD*: the wildcard
 *            node "*.<encloser>".
 *  rrset:    FOUND/WILDCARD: the qtype RRset (NULL for qtype ANY: walk
 *            node).  CNAME/WILDCARD_CNAME: the CNAME.  DNAME: the DNAME.
 *            DELEGATION: the NS RRset at the cut.
 *  ds:       DELEGATION: the DS RRset at the cut (NULL when unsigned).
 *  encloser: NXDOMAIN, WILDCARD*: the closest encloser node;
 *            encloser_labels its label count (root label included).
 *  nsec:     zones with NSEC (apex has NSEC): NXDOMAIN, WILDCARD*: the
 *            node whose NSEC covers qname; NODATA at an ENT: the node
 *            whose NSEC covers the ENT (NODATA elsewhere: node itself).
 *  wild_nsec: NXDOMAIN in NSEC zones: the node whose NSEC covers
 *            "*.<encloser>" (may equal nsec).  WILDCARD_NODATA: the
 *            wildcard node itself.
 * NSEC3 proofs are not part of db_lookup (hashing): see db_nsec3_prove.
 * Rules:
 *  - Zone cuts and DNAMEs are looked for on every ancestor of qname below
 *    the apex, top down; the first one found wins (a cut wins over a
 *    DNAME at the same node).  At the cut node itself qtype DS is
 *    answered from the parent side (FOUND/NODATA), anything else is a
 *    DELEGATION.
 *  - A DNAME at the apex redirects every name below the apex.
 *  - At qname: qtype data gives FOUND; else a CNAME (qtype not CNAME,
 *    not ANY) gives CNAME; else NODATA.  qtype ANY is FOUND at any node
 *    with data and qtype RRSIG is FOUND at a node with any RRSIG, both
 *    with rrset NULL (the caller walks the node's RRsets).
 *  - qname absent: the closest encloser is the deepest existing ancestor;
 *    if "*.<encloser>" exists it is used as in RFC 4592 (the outcomes
 *    WILDCARD*); else NXDOMAIN.
 * Returns R_OK with *out filled, or R_NOTZONETOP if qname is not at or
 * below the origin, R_NOTFOUND if the version has no apex.  Allocation
 * free; O(labels x log n).
 */
typedef struct db_lookup {
	db_outcome_t outcome;
	const db_node_t *node;
	const db_rrset_t *rrset;
	const db_rrset_t *ds;
	const db_node_t *encloser;
	unsigned encloser_labels;
	const db_node_t *nsec;
	const db_node_t *wild_nsec;
} db_lookup_t;

result_t db_lookup(const db_version_t *v, const name_t *qname, uint16_t qtype,
		   db_lookup_t *out);

/*
 * Exact node for name in the main tree, ignoring zone cuts (so it finds
 * glue and occluded data): for additional-section processing of NS, MX,
 * SRV targets, in-zone or sibling glue below other cuts.  NULL if name is
 * absent or outside the zone.  Allocation free.
 */
const db_node_t *db_find_node(const db_version_t *v, const name_t *name);

/*
 * Glue for a delegation: for each name server named in ns (an NS RRset,
 * as DB_DELEGATION returns it), the node of that name if it is in this
 * zone (below this cut, below a sibling cut, or ordinary in-zone data)
 * and has A or AAAA data.  Writes at most max nodes to out, in NS order,
 * and returns how many.  Allocation free.  Glue is looked up, not linked
 * at load: with path copying a stored link would point at a node copy
 * that a later version replaces.
 */
unsigned db_glue(const db_version_t *v, const db_rrset_t *ns,
		 const db_node_t **out, unsigned max);

/*
 * The node whose NSEC proves the absence of name: the last node in
 * canonical order at or before name that has an NSEC RRset (wrapping to
 * the last NSEC node of the zone).  NULL if the zone has no NSEC.
 */
const db_node_t *db_nsec_covering(const db_version_t *v, const name_t *name);

/*
 * NSEC3 proofs for qname (RFC 5155 7.2) using the zone's NSEC3PARAM
 * (first one with flags 0): match = the NSEC3 node matching the closest
 * encloser (or qname itself when it exists), next_closer = the NSEC3 node
 * covering the next closer name, wild = the one covering
 * "*.<closest encloser>".  encloser_labels is the closest encloser's label
 * count as db_lookup reported it (use qname's count for NODATA).  Nodes
 * are NSEC3-tree nodes; any of them NULL if not found.  R_NOTFOUND if the
 * zone has no NSEC3PARAM or no NSEC3 tree; R_RANGE if encloser_labels is
 * not between the origin's and qname's label counts.  Hashes with
 * OpenSSL (which may allocate).
 */
typedef struct db_nsec3_proof {
	const db_node_t *match;
	const db_node_t *next_closer;
	const db_node_t *wild;
} db_nsec3_proof_t;

result_t db_nsec3_prove(const db_version_t *v, const name_t *qname,
			unsigned encloser_labels, db_nsec3_proof_t *out);

/* ---- walking and diffs ---- */

/*
 * In-order walk over a version's main tree (then, with nsec3 true, the
 * NSEC3 tree).  The iterator holds no reference: the version must stay
 * pinned.  db_iter_next returns NULL at the end.
 */
typedef struct db_iter {
	const void *stack[128];
	unsigned depth;
	int tree; /* 0 main, 1 nsec3, 2 done */
	bool nsec3;
	const db_version_t *v;
} db_iter_t;

const db_node_t *db_iter_first(db_iter_t *it, const db_version_t *v,
			       bool nsec3);
const db_node_t *db_iter_next(db_iter_t *it);

/*
 * The changeset that turns version a into version b (both pinned; they
 * may come from different loads of the zone, which is what
 * ixfr-from-differences needs): DEL of every RR in a not in b, then ADD
 * of every RR in b not in a, each half in canonical order of owner and
 * type except that the apex SOA comes first in each half (the IXFR
 * layout: old SOA, deletions, new SOA, additions).
 * A TTL change is a DEL and an ADD of the RR.  Nodes shared by the two
 * versions are skipped without looking at their data.
 */
result_t db_diff(const db_version_t *a, const db_version_t *b,
		 changeset_t **out);

#endif
