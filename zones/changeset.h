/*
 * changeset.h - the one diff type: an ordered list of RR changes to a zone,
 * as IXFR, UPDATE, the journal and the database (db.h) carry them.
 *
 * Contract:
 *  - A changeset is a list of entries (op, owner, ttl, type, rdata).  The
 *    order is kept: entries are applied (db_apply) in list order, so "delete
 *    X then add X" replaces X.
 *  - Ops: CHANGESET_ADD and CHANGESET_DEL name one RR (owner, type, rdata;
 *    TTL is that of the RR; for DEL the TTL is informational).
 *    CHANGESET_DELRRSET (owner, type) and CHANGESET_DELNAME (owner) are the
 *    UPDATE shorthands ("delete an RRset", "delete all RRsets from a
 *    name"); they carry no rdata.  A changeset kept by a database version
 *    (db_version_changeset) or produced by db_diff() holds only ADD and DEL
 *    of single RRs that really changed the zone: that form is what IXFR and
 *    the journal need.
 *  - Entries are copied in: owner and rdata need not outlive the add call.
 *    Storage is one growing arena per changeset (no malloc per entry).
 *  - Entry pointers returned by changeset_get() stay valid until the
 *    changeset is destroyed (the arena never moves stored bytes).
 *  - RRSIG/SIG rdata carries its covered type inside; no separate field.
 */
#ifndef BINDERY_CHANGESET_H
#define BINDERY_CHANGESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/name.h"
#include "zones/result.h"

typedef enum {
	CHANGESET_ADD = 1,	/* add one RR */
	CHANGESET_DEL = 2,	/* delete one RR (matched by type and rdata) */
	CHANGESET_DELRRSET = 3, /* delete the whole RRset (owner, type) */
	CHANGESET_DELNAME = 4,	/* delete every RRset at owner */
} changeset_op_t;

typedef struct changeset changeset_t;

/* One entry, as read back.  Pointers live as long as the changeset. */
typedef struct changeset_rr {
	changeset_op_t op;
	const uint8_t *owner; /* uncompressed wire name, case as given */
	uint8_t ownerlen;
	uint16_t type;
	uint32_t ttl;
	const uint8_t *rdata; /* uncompressed wire form; NULL for DELRRSET/DELNAME */
	uint16_t rdlen;
} changeset_rr_t;

/* Creates an empty changeset.  R_NOMEMORY on failure. */
result_t changeset_create(changeset_t **out);

/* Frees cs and everything in it.  cs may be NULL. */
void changeset_destroy(changeset_t *cs);

/*
 * Appends an entry.  rdata/rdlen are ignored (may be NULL/0) for
 * DELRRSET and DELNAME; for ADD and DEL rdata may be empty (rdlen 0) only
 * if the type allows it, which is not checked here.  R_RANGE for an
 * unknown op, R_NOMEMORY.
 */
result_t changeset_add(changeset_t *cs, changeset_op_t op, const name_t *owner,
		       uint16_t type, uint32_t ttl, const uint8_t *rdata,
		       uint16_t rdlen);

/* Same as changeset_add() with the owner already in wire form
 * (owner[0..ownerlen) must be a valid uncompressed name; not checked). */
result_t changeset_add_wire(changeset_t *cs, changeset_op_t op,
			    const uint8_t *owner, uint8_t ownerlen,
			    uint16_t type, uint32_t ttl, const uint8_t *rdata,
			    uint16_t rdlen);

/* Number of entries. */
size_t changeset_count(const changeset_t *cs);

/* Entry i (0-based) into *out.  R_RANGE if i >= count. */
result_t changeset_get(const changeset_t *cs, size_t i, changeset_rr_t *out);

/* Counts of ADD and DEL entries (DELRRSET/DELNAME count as deletions). */
size_t changeset_adds(const changeset_t *cs);
size_t changeset_dels(const changeset_t *cs);

/* Appends every entry of src to dst, in order.  R_NOMEMORY. */
result_t changeset_append(changeset_t *dst, const changeset_t *src);

#endif
