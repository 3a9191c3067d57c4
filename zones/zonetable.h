/*
 * zonetable.h - a view's table of zones: which zone answers for a name.
 *
 * Contract
 *  - The table maps zone origins (absolute names, compared without regard
 *    to ASCII case) to an opaque zone pointer owned by the caller (the
 *    server's zone object; this layer never looks inside it).
 *  - zonetable_find() returns the deepest zone whose origin is the query
 *    name or one of its ancestors.  Cost: hashing the name once (O(name
 *    length)) plus one hash probe per label count that some zone in the
 *    table has, deepest first; the number of zones does not enter, so
 *    100,000 zones look up as fast as ten.
 *  - Readers never block and never allocate: the table is an immutable
 *    snapshot published through liburcu (memb flavour, the one db.h uses,
 *    so one read section covers the zone table and the zone's database).
 *    A reading thread must be registered with liburcu (db_thread_register
 *    or zonetable_thread_register, once) and brackets its use with
 *    zonetable_read_begin()/zonetable_read_end(); a zone pointer obtained
 *    inside stays valid until the section ends (or longer if the caller
 *    holds its own reference on the zone).
 *  - Writers change the table in a transaction: begin, any number of
 *    adds and removes on a private copy, commit publishes the copy with
 *    one pointer swap and waits one grace period, so when commit returns
 *    no reader can still see a removed zone and the caller may free it.
 *    A commit costs O(zones in the table) (the copy), so a reconfiguration
 *    batches all its changes into one transaction.  Transactions on one
 *    table are serialized by a mutex inside it; the begin call waits.
 *    Never begin or commit inside a read section (commit waits for
 *    readers).
 *  - Errors are result_t values; out of memory is R_NOMEMORY with the
 *    table unchanged.
 */
#ifndef BINDERY_ZONETABLE_H
#define BINDERY_ZONETABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/name.h"
#include "zones/result.h"

typedef struct zonetable zonetable_t;
typedef struct zonetable_txn zonetable_txn_t;

/* What zonetable_find() returns.  Pointers live as long as the zone is in
 * the snapshot the read section saw. */
typedef struct zonetable_match {
	void *zone;		/* the caller's zone pointer */
	const uint8_t *origin;	/* the zone's origin, wire form, case as added */
	unsigned origin_len;	/* its length in octets */
	unsigned labels;	/* its label count, root label included */
	bool exact;		/* the query name is the origin itself */
} zonetable_match_t;

/* Creates an empty table.  R_NOMEMORY. */
result_t zonetable_create(zonetable_t **out);

/*
 * Frees zt and its snapshot.  If free_zone is not NULL it is called once
 * for every zone still in the table.  Requires: no reader and no
 * transaction on zt.  zt may be NULL.
 */
void zonetable_destroy(zonetable_t *zt, void (*free_zone)(void *zone, void *arg),
		       void *arg);

/* liburcu (memb) registration of the calling thread; same as
 * db_thread_register(), call only one of the two per thread. */
void zonetable_thread_register(void);
void zonetable_thread_unregister(void);

/* Read section (nestable; pairs with db_read_begin/end freely). */
void zonetable_read_begin(void);
void zonetable_read_end(void);

/*
 * The deepest zone containing qname (qname equal to or below its origin)
 * into *out.  R_NOTFOUND if no zone contains it.  Must be called inside a
 * read section.  Allocation free.
 */
result_t zonetable_find(const zonetable_t *zt, const name_t *qname,
			zonetable_match_t *out);

/* The zone whose origin is exactly name; R_NOTFOUND.  In a read section. */
result_t zonetable_find_exact(const zonetable_t *zt, const name_t *name,
			      zonetable_match_t *out);

/* Number of zones in the current snapshot.  In a read section. */
size_t zonetable_count(const zonetable_t *zt);

/*
 * Calls fn for every zone of the current snapshot (in no particular
 * order) until fn returns false.  In a read section; fn must not begin a
 * transaction.
 */
void zonetable_foreach(const zonetable_t *zt,
		       bool (*fn)(void *arg, const zonetable_match_t *m),
		       void *arg);

/* ---- writing ---- */

/*
 * Starts a transaction: takes the table's writer mutex and copies the
 * current snapshot.  R_NOMEMORY (mutex released).
 */
result_t zonetable_begin(zonetable_t *zt, zonetable_txn_t **out);

/*
 * Adds origin -> zone (zone must not be NULL: R_RANGE).  R_EXISTS if the
 * origin is already in the transaction's table (nothing changed);
 * R_NOMEMORY.
 */
result_t zonetable_txn_add(zonetable_txn_t *txn, const name_t *origin,
			   void *zone);

/*
 * Removes origin; the zone pointer it had goes to *old (if old is not
 * NULL).  The caller may free that zone only after zonetable_commit()
 * returns.  R_NOTFOUND if absent.
 */
result_t zonetable_txn_remove(zonetable_txn_t *txn, const name_t *origin,
			      void **old);

/*
 * Publishes the transaction's table, waits for readers of the previous
 * snapshot to leave, frees what only they could see, releases the mutex
 * and frees txn.  Always R_OK.
 */
result_t zonetable_commit(zonetable_txn_t *txn);

/* Drops the transaction without publishing anything.  txn may be NULL. */
void zonetable_abort(zonetable_txn_t *txn);

/* One-change transactions: begin, add (resp. remove), commit. */
result_t zonetable_add(zonetable_t *zt, const name_t *origin, void *zone);
result_t zonetable_remove(zonetable_t *zt, const name_t *origin, void **old);

#endif
