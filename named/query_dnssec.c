/*
 * query_dnssec.c - the authority-section proofs a DO query gets from a
 * signed zone (RFC 4035 3.1.3, RFC 5155 7.2), with their RRSIGs.
 *
 * NSEC zones (the apex has an NSEC): db_lookup() already names the
 * nodes: the NSEC covering the query name, the one covering the
 * wildcard at the closest encloser, the NODATA node's own NSEC.
 * NSEC3 zones (an NSEC3PARAM at the apex): db_nsec3_prove() hashes and
 * finds the matching/covering NSEC3 records.  Unsigned zones get
 * nothing.  Each proof is an authority entry (node, type) so that
 * duplicates (one NSEC proving two things) go out once, grouped with
 * the other RRsets of their owner as named groups them.
 */
#include "named/query_int.h"
#include "zones/rdata.h"

static void
add_nsec(qctx_t *c, const db_node_t *n) {
	const db_rrset_t *s;

	if (n == NULL) {
		return;
	}
	s = db_node_rrset(n, RRTYPE_NSEC);
	if (s != NULL && s->count > 0) {
		query_auth_add(c, n, s, RRTYPE_NSEC, s->ttl);
	}
}

static void
add_nsec3(qctx_t *c, const db_node_t *n) {
	const db_rrset_t *s;

	if (n == NULL) {
		return;
	}
	s = db_node_rrset(n, RRTYPE_NSEC3);
	if (s != NULL && s->count > 0) {
		query_auth_add(c, n, s, RRTYPE_NSEC3, s->ttl);
	}
}

bool
query_dnssec_has_nsec(const qctx_t *c) {
	const db_node_t *apex = db_apex(c->v);

	return apex != NULL && (db_node_flags(apex) & DB_NODE_NSEC) != 0;
}

static bool
zone_nsec(const qctx_t *c) {
	return query_dnssec_has_nsec(c);
}

/* NSEC3 proof for the current name with the given encloser depth. */
static bool
nsec3(qctx_t *c, unsigned encloser_labels, db_nsec3_proof_t *p) {
	return db_nsec3_prove(c->v, &c->name, encloser_labels, p) == R_OK;
}

/*
 * NSEC3 proof of the closest provable encloser of name, for a name that
 * has no NSEC3 of its own (an opt-out span): the NSEC3 matching the
 * deepest ancestor that has one, and the one covering the next closer
 * name below it.
 */
static bool
nsec3_closest(qctx_t *c, const name_t *name, db_nsec3_proof_t *p) {
	unsigned origin = db_origin(c->zone->db)->labels;

	for (unsigned k = name->labels - 1u; k >= origin && k > 0; k--) {
		if (db_nsec3_prove(c->v, name, k, p) != R_OK) {
			return false;
		}
		if (p->match != NULL) {
			return true;
		}
	}
	return false;
}

/* Index of the SOA among the authority entries (nauth if none). */
static unsigned
soa_index(const qctx_t *c) {
	for (unsigned i = 0; i < c->nauth; i++) {
		if (c->auth[i].type == RRTYPE_SOA) {
			return i;
		}
	}
	return c->nauth;
}

static void
insert_nsec3(qctx_t *c, unsigned at, const db_node_t *n) {
	const db_rrset_t *s;

	if (n == NULL) {
		return;
	}
	s = db_node_rrset(n, RRTYPE_NSEC3);
	if (s != NULL && s->count > 0) {
		query_auth_insert(c, at, n, s, RRTYPE_NSEC3, s->ttl);
	}
}

void
query_dnssec_nxdomain(qctx_t *c, const db_lookup_t *l) {
	db_nsec3_proof_t p;

	if (zone_nsec(c)) {
		add_nsec(c, l->nsec);
		add_nsec(c, l->wild_nsec);
	} else if (nsec3(c, l->encloser_labels, &p)) {
		add_nsec3(c, p.match);
		add_nsec3(c, p.next_closer);
		add_nsec3(c, p.wild);
	}
}

void
query_dnssec_nodata(qctx_t *c, const db_lookup_t *l) {
	db_nsec3_proof_t p;

	if (zone_nsec(c)) {
		add_nsec(c, l->nsec);
		if (l->outcome == DB_WILDCARD_NODATA) {
			add_nsec(c, l->wild_nsec);
		}
		return;
	}
	if (l->outcome == DB_WILDCARD_NODATA) {
		if (nsec3(c, l->encloser_labels, &p)) {
			add_nsec3(c, p.match);
			add_nsec3(c, p.next_closer);
			add_nsec3(c, p.wild);
		}
	} else if (nsec3(c, c->name.labels, &p)) {
		if (p.match != NULL) {
			add_nsec3(c, p.match);
		} else if (nsec3_closest(c, &c->name, &p)) {
			/* No NSEC3 of its own (opt-out): named puts the
			 * encloser's NSEC3 before the SOA, the covering
			 * one after it. */
			insert_nsec3(c, soa_index(c), p.match);
			add_nsec3(c, p.next_closer);
		}
	}
}

void
query_dnssec_wildcard(qctx_t *c, const db_lookup_t *l) {
	db_nsec3_proof_t p;

	if (zone_nsec(c)) {
		add_nsec(c, l->nsec);
	} else if (nsec3(c, l->encloser_labels, &p)) {
		add_nsec3(c, p.next_closer);
	}
}

void
query_dnssec_referral(qctx_t *c, const db_lookup_t *l) {
	db_nsec3_proof_t p;
	name_t cut;

	if (l->ds != NULL && l->ds->count > 0) {
		/* named adds a DS only together with its RRSIG (so an
		 * unsigned zone's DS stays out of referrals). */
		if (l->ds->sigcount > 0) {
			query_auth_add(c, l->node, l->ds, RRTYPE_DS,
			               l->ds->ttl);
		}
		return;
	}
	if (zone_nsec(c)) {
		add_nsec(c, l->node);
		return;
	}
	db_node_name(l->node, &cut);
	if (db_nsec3_prove(c->v, &cut, cut.labels, &p) != R_OK) {
		return;
	}
	if (p.match != NULL) {
		add_nsec3(c, p.match);
	} else if (nsec3_closest(c, &cut, &p)) {
		/* An opt-out span covers the cut. */
		add_nsec3(c, p.match);
		add_nsec3(c, p.next_closer);
	}
}
