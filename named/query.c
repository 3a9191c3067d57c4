/*
 * query.c - the authoritative answer algorithm (contract: query.h).
 *
 * Shape: a lookup loop (db_lookup() classifies the current name; CNAME
 * and DNAME restart it with a new name, at most QUERY_MAXRESTARTS
 * times as named 9.18 does), then the authority section, then the
 * additional section.  The answer section is written while the loop
 * runs; authority and additional records are first collected in small
 * fixed arrays, because named renders a section name by name (all the
 * RRsets of one owner together, in the order the owners were first
 * added) and renders the additional section in passes (A, then AAAA,
 * then RRSIGs, then the rest), and both orders can only be produced
 * once everything is known.
 *
 * What goes where follows named 9.18 as observed on the wire (the unit
 * test compares against responses captured from it):
 *  - answer owners are the node's name as loaded (not the query's case);
 *    a wildcard answer's owner is the query's labels, lower-cased, over
 *    the closest encloser as loaded;
 *  - positive answers get the zone's NS RRset in authority unless
 *    minimal-responses says otherwise (no: always; no-auth-recursive:
 *    only when RD is clear; yes, no-auth: never), the answer already
 *    holds it, or the answer is a DNSKEY, a DS from the parent side of a
 *    cut, or a minimal-any ANY; ANY triggers no additional processing;
 *  - additional data: see query_additional.c (same-zone authoritative
 *    addresses, glue for referrals, named's 13-name limit and passes);
 *  - a CNAME/DNAME target outside the zone (or in another zone of the
 *    view) is not followed and the answer then has no authority section;
 *  - the restart limit answers SERVFAIL with what the answer holds and
 *    an Extended DNS Error; YXDOMAIN keeps only the DNAME;
 *  - DNSSEC proofs: see query_dnssec.c.
 *
 * Never allocates: per-thread arrays hold the rdata pointers an RRset
 * needs for render_rrset(); everything else lives on the stack (only the
 * NSEC3 hashing inside db_nsec3_prove() goes through OpenSSL, which may
 * allocate).
 */
#include <string.h>

#include "named/query.h"
#include "named/query_int.h"
#include "zones/rdata.h"
#include "zones/wire.h"

/* Pointers handed to render_rrset(): an RRset larger than this cannot
 * fit in 65535 octets anyway (each RR needs at least 12 octets). */
#define QUERY_MAXRRS 5462

static _Thread_local const uint8_t *tl_rdata[QUERY_MAXRRS];
static _Thread_local uint16_t tl_rdlen[QUERY_MAXRRS];

void
query_set_rcode(qctx_t *c, uint16_t rcode) {
	render_set_rcode(c->r, rcode);
}

/* Marks the response full as the renderer would (too many RRs). */
static void
mark_full(qctx_t *c, unsigned sec) {
	c->r->full = true;
	if (sec != MESSAGE_SEC_ADDITIONAL) {
		c->r->flags |= MESSAGE_F_TC;
	}
}

/*
 * Writes tl_rdata/tl_rdlen[0..n) as one RRset.  named renders the answer
 * and authority sections "partially": when an RRset does not fit, the
 * records of it that do fit stay, and TC is set.  render_rrset() is all
 * or nothing, so on R_NOSPACE the refusal is undone (the renderer left
 * the buffer as it was; only its full/TC marks changed) and the records
 * go one by one until one does not fit.  Additional data is never cut
 * inside an RRset.
 */
static result_t
put_partial(qctx_t *c, unsigned sec, const name_t *owner, uint16_t type,
            uint32_t ttl, unsigned n) {
	render_t *r = c->r;
	uint16_t flags = r->flags;
	result_t res;

	if (r->full) {
		return R_NOSPACE;
	}
	res = render_rrset(r, sec, owner, type, c->rclass, ttl, tl_rdata,
	                   tl_rdlen, n);
	if (res != R_NOSPACE || sec == MESSAGE_SEC_ADDITIONAL || n < 2 ||
	    r->section > sec)
	{
		return res;
	}
	r->full = false;
	r->flags = flags;
	for (unsigned i = 0; i < n; i++) {
		res = render_rrset(r, sec, owner, type, c->rclass, ttl,
		                   &tl_rdata[i], &tl_rdlen[i], 1);
		if (res != R_OK) {
			return res;
		}
	}
	return R_OK;
}

result_t
query_put_run(qctx_t *c, unsigned sec, const name_t *owner, uint16_t type,
              uint32_t ttl, const uint8_t *run, unsigned count) {
	db_rdata_iter_t it;
	const uint8_t *d;
	uint16_t len;
	unsigned n = 0;

	if (count == 0) {
		return R_OK;
	}
	if (type == RRTYPE_RRSIG && sec != MESSAGE_SEC_ADDITIONAL) {
		c->wrote_sig = true;
	}
	if (count > QUERY_MAXRRS) {
		mark_full(c, sec);
		return R_NOSPACE;
	}
	db_rdata_iter_init(&it, run, count);
	while (db_rdata_iter_next(&it, &d, &len)) {
		tl_rdata[n] = d;
		tl_rdlen[n] = len;
		n++;
	}
	return put_partial(c, sec, owner, type, ttl, n);
}

result_t
query_put_set(qctx_t *c, unsigned sec, const name_t *owner, const db_rrset_t *s,
              bool sigs) {
	result_t res = R_OK;

	if (s->count > 0) {
		res = query_put_run(c, sec, owner, s->type, s->ttl, s->rdata,
		                    s->count);
		if (res == R_NOSPACE) {
			return res;
		}
	}
	if (sigs && s->sigcount > 0) {
		res = query_put_run(c, sec, owner, RRTYPE_RRSIG, s->sigttl,
		                    s->sigs, s->sigcount);
	}
	return res;
}

/* ---- answer section bookkeeping ---- */

/*
 * Whether the answer already holds (node, type).  Synthesized owners
 * (wildcard answers) are told apart by the name looked up at their step,
 * since their node is the wildcard's, shared by every name it answers.
 */
static bool
answer_has(const qctx_t *c, const db_node_t *node, uint16_t type, bool synth) {
	for (unsigned i = 0; i < c->nans; i++) {
		const struct qans *a = &c->ans[i];
		if (a->node != node || a->type != type || a->synth != synth) {
			continue;
		}
		if (!synth || name_equal(&c->stepname[a->step], &c->name)) {
			return true;
		}
	}
	return false;
}

static void
answer_note(qctx_t *c, const db_node_t *node, uint16_t type, bool synth) {
	if (c->nans < QUERY_MAXANS) {
		c->ans[c->nans].node = node;
		c->ans[c->nans].type = type;
		c->ans[c->nans].synth = synth;
		c->ans[c->nans].step = (uint8_t)c->restarts;
		c->nans++;
	}
}

/*
 * Writes an RRset into the answer, once: named keeps one copy of an
 * RRset per message, which is why a CNAME loop shows each CNAME only
 * once.  owner is the name to write; synth marks a wildcard answer
 * (node is then the wildcard node).
 */
static void
answer_set(qctx_t *c, const name_t *owner, const db_node_t *node,
           const db_rrset_t *s, bool synth) {
	if (answer_has(c, node, s->type, synth)) {
		return;
	}
	answer_note(c, node, s->type, synth);
	(void)query_put_set(c, MESSAGE_SEC_ANSWER, owner, s, c->dnssec);
	query_addl_from_set(c, s, owner);
}

/* ---- authority section ---- */

/* Adds an authority RRset at position at (entries after it move up). */
void
query_auth_insert(qctx_t *c, unsigned at, const db_node_t *node,
                  const db_rrset_t *set, uint16_t type, uint32_t ttl) {
	for (unsigned i = 0; i < c->nauth; i++) {
		if (c->auth[i].node == node && c->auth[i].type == type) {
			return;
		}
	}
	if (c->nauth >= QUERY_MAXAUTH) {
		return;
	}
	if (at > c->nauth) {
		at = c->nauth;
	}
	memmove(&c->auth[at + 1], &c->auth[at],
	        (c->nauth - at) * sizeof(c->auth[0]));
	c->auth[at].node = node;
	c->auth[at].set = set;
	c->auth[at].type = type;
	c->auth[at].ttl = ttl;
	c->nauth++;
}

void
query_auth_add(qctx_t *c, const db_node_t *node, const db_rrset_t *set,
               uint16_t type, uint32_t ttl) {
	query_auth_insert(c, c->nauth, node, set, type, ttl);
}

/* Marks where a positive wildcard answer's proof starts in the
 * authority list (the zone's NS goes before it). */
static void
query_auth_mark_wild(qctx_t *c) {
	if (!c->wild_marked) {
		c->wild_marked = true;
		c->wild_mark = c->nauth;
	}
}

/* Writes the authority entries grouped by owner, first owner first. */
static void
auth_render(qctx_t *c) {
	bool done[QUERY_MAXAUTH] = {false};
	name_t owner;

	for (unsigned i = 0; i < c->nauth; i++) {
		if (done[i]) {
			continue;
		}
		db_node_name(c->auth[i].node, &owner);
		for (unsigned j = i; j < c->nauth; j++) {
			const qauth_t *a = &c->auth[j];
			if (done[j] || a->node != c->auth[i].node) {
				continue;
			}
			done[j] = true;
			if (a->set->count > 0) {
				(void)query_put_run(c, MESSAGE_SEC_AUTHORITY,
				                    &owner, a->type, a->ttl,
				                    a->set->rdata,
				                    a->set->count);
			}
			if (c->dnssec && a->set->sigcount > 0) {
				/* The negative SOA's RRSIG takes the SOA's
				 * reduced TTL, as named sends it. */
				uint32_t st = a->type == RRTYPE_SOA
				                      ? a->ttl
				                      : a->set->sigttl;
				(void)query_put_run(c, MESSAGE_SEC_AUTHORITY,
				                    &owner, RRTYPE_RRSIG, st,
				                    a->set->sigs,
				                    a->set->sigcount);
			}
		}
	}
}

/* zero-no-soa-ttl for the zone (zone, view, options; default yes),
 * read when the generation was built. */
static bool
zero_no_soa_ttl(const qctx_t *c) {
	return c->zone->zero_no_soa_ttl;
}

/* The SOA for a negative answer: TTL = min(SOA TTL, MINIMUM). */
static void
auth_soa(qctx_t *c, bool nxdomain) {
	const db_node_t *apex = db_apex(c->v);
	const db_rrset_t *soa =
	        apex != NULL ? db_node_rrset(apex, RRTYPE_SOA) : NULL;
	db_rdata_iter_t it;
	const uint8_t *d;
	uint16_t len;
	uint32_t ttl;

	if (soa == NULL || soa->count == 0) {
		return;
	}
	ttl = soa->ttl;
	db_rdata_iter_init(&it, soa->rdata, soa->count);
	if (db_rdata_iter_next(&it, &d, &len) && len >= 20) {
		uint32_t min = be32(d + len - 4);
		if (min < ttl) {
			ttl = min;
		}
	}
	if (nxdomain && c->qtype == RRTYPE_SOA && zero_no_soa_ttl(c)) {
		/* named's zero-no-soa-ttl: an NXDOMAIN answer to an SOA
		 * query carries the SOA with TTL 0 (NODATA does not). */
		ttl = 0;
	}
	query_auth_add(c, apex, soa, RRTYPE_SOA, ttl);
}

/* The zone's NS RRset in authority (positive answers). */
static void
auth_ns(qctx_t *c) {
	const db_node_t *apex = db_apex(c->v);
	const db_rrset_t *ns =
	        apex != NULL ? db_node_rrset(apex, RRTYPE_NS) : NULL;

	if (ns == NULL || ns->count == 0 ||
	    answer_has(c, apex, RRTYPE_NS, false)) {
		return;
	}
	/* named puts the NS before the wildcard's NSEC/NSEC3 proof. */
	query_auth_insert(c, c->wild_marked ? c->wild_mark : c->nauth, apex, ns,
	                  RRTYPE_NS, ns->ttl);
	query_addl_from_set(c, ns, NULL);
}

/* Whether minimal-responses lets a positive answer carry the NS. */
static bool
want_auth_ns(const qctx_t *c) {
	if (c->small) {
		return false;
	}
	srv_minimal_t m = c->q->view != NULL ? c->q->view->minimal_responses
	                                     : SRV_MINIMAL_NO_AUTH_RECURSIVE;
	switch (m) {
	case SRV_MINIMAL_NO:
		return true;
	case SRV_MINIMAL_NO_AUTH_RECURSIVE:
		return (c->q->msg->flags & MESSAGE_F_RD) == 0;
	default:
		return false;
	}
}

/* ---- the lookup loop ---- */

/*
 * True if target is answered from the zone being used: inside its
 * origin and, when the view is known, not inside a deeper zone of the
 * view (named does not leave the first zone's database on a restart).
 */
static bool
same_zone(const qctx_t *c, const name_t *target) {
	zonetable_match_t m;

	if (!name_issubdomain(target, db_origin(c->zone->db))) {
		return false;
	}
	if (c->q->view == NULL || c->q->view->zones == NULL) {
		return true;
	}
	if (zonetable_find(c->q->view->zones, target, &m) != R_OK) {
		return false;
	}
	return m.zone == (const void *)c->zone;
}

/* The first (only) name of a CNAME or DNAME rdata. */
static bool
rdata_target(const db_rrset_t *s, name_t *out) {
	db_rdata_iter_t it;
	const uint8_t *d;
	uint16_t len;

	db_rdata_iter_init(&it, s->rdata, s->count);
	if (!db_rdata_iter_next(&it, &d, &len)) {
		return false;
	}
	return name_fromwire_raw(out, d, len, NULL) == R_OK;
}

typedef enum {
	STEP_DONE,    /* final answer reached */
	STEP_RESTART, /* c->name holds the next name to look up */
} step_t;

/* Referral: NS at the cut, DS (or its proof of absence), glue. */
static void
do_referral(qctx_t *c, const db_lookup_t *l) {
	if (l->rrset != NULL) {
		query_auth_add(c, l->node, l->rrset, RRTYPE_NS, l->rrset->ttl);
	}
	if (c->dnssec) {
		query_dnssec_referral(c, l);
	}
	if (l->rrset != NULL) {
		query_addl_glue(c, l->rrset);
	}
	c->final = QFINAL_REFERRAL;
}

/* One RRset of an ANY answer, with its RRSIGs when sigs is set. */
static void
any_put(qctx_t *c, const db_node_t *node, const db_rrset_t *s, bool sigs) {
	if (s == NULL || s->count == 0 || answer_has(c, node, s->type, false)) {
		return;
	}
	answer_note(c, node, s->type, false);
	(void)query_put_set(c, MESSAGE_SEC_ANSWER, &c->owner, s, sigs);
}

/* minimal-any (UDP only): one RRset for ANY (and one RRSIG set for
 * qtype RRSIG), no authority data. */
static bool
minimal_any(const qctx_t *c) {
	return c->q->view != NULL && c->q->view->minimal_any && !c->q->tcp;
}

/*
 * The ANY answer: every RRset at the node, each with its RRSIGs (named
 * sends them whether or not DO was set: they are RRsets of the node like
 * any other).  named lists them in the order the types were first
 * loaded, which the database does not keep; a master file starts with
 * the SOA and the NS at the apex, so those come first there and the
 * rest in type order.  minimal-any sends the first RRset only, with its
 * RRSIGs only under DO.
 */
static void
answer_any(qctx_t *c, const db_node_t *node) {
	unsigned n = db_node_rrset_count(node);
	bool apex = (db_node_flags(node) & DB_NODE_APEX) != 0;
	bool one = minimal_any(c);
	bool sigs = !one || c->dnssec;

	if (one) {
		c->no_auth_ns = true;
	}
	if (apex) {
		any_put(c, node, db_node_rrset(node, RRTYPE_SOA), sigs);
		if (one && c->nans > 0) {
			return;
		}
		any_put(c, node, db_node_rrset(node, RRTYPE_NS), sigs);
	}
	for (unsigned i = 0; i < n; i++) {
		if (one && c->nans > 0) {
			return;
		}
		any_put(c, node, db_node_rrset_at(node, i), sigs);
	}
}

static bool
put_sigs(qctx_t *c, const db_rrset_t *s) {
	if (s == NULL || s->sigcount == 0) {
		return false;
	}
	(void)query_put_run(c, MESSAGE_SEC_ANSWER, &c->owner, RRTYPE_RRSIG,
	                    s->sigttl, s->sigs, s->sigcount);
	return true;
}

/*
 * qtype RRSIG: every signature at the node, one RRset per covered type;
 * with minimal-any over UDP only the first (the SOA's at the apex, as for
 * ANY).
 */
static void
answer_rrsig(qctx_t *c, const db_node_t *node) {
	unsigned n = db_node_rrset_count(node);
	bool one = minimal_any(c);

	if (one) {
		/* Unlike ANY, the NS and additional data stay. */
		if ((db_node_flags(node) & DB_NODE_APEX) != 0 &&
		    put_sigs(c, db_node_rrset(node, RRTYPE_SOA)))
		{
			return;
		}
	}
	for (unsigned i = 0; i < n; i++) {
		if (put_sigs(c, db_node_rrset_at(node, i)) && one) {
			return;
		}
	}
}

/*
 * DNAME: the DNAME itself, then the CNAME synthesized from it (owner =
 * the current name, TTL = the DNAME's), then restart at the new name.
 * YXDOMAIN when the new name would exceed 255 octets.
 */
static step_t
do_dname(qctx_t *c, const db_lookup_t *l) {
	name_t owner, target, next;
	unsigned keep;

	db_node_name(l->node, &owner);
	if (l->rrset == NULL || !rdata_target(l->rrset, &target)) {
		query_set_rcode(c, 2);
		c->final = QFINAL_FAIL;
		return STEP_DONE;
	}
	answer_set(c, &owner, l->node, l->rrset, false);
	keep = c->name.labels - owner.labels;
	if (name_concat(&next, &c->name, keep, &target) != R_OK) {
		query_set_rcode(c, 6);
		c->final = QFINAL_FAIL;
		return STEP_DONE;
	}
	{
		const uint8_t *rd = next.wire;
		uint16_t rl = next.length;
		(void)render_rrset(c->r, MESSAGE_SEC_ANSWER, &c->name,
		                   RRTYPE_CNAME, c->rclass, l->rrset->ttl, &rd,
		                   &rl, 1);
	}
	if (c->qtype == RRTYPE_CNAME || c->qtype == RRTYPE_ANY) {
		/* The synthesized CNAME answers these: no restart. */
		c->any = c->qtype == RRTYPE_ANY;
		if (c->any && minimal_any(c)) {
			c->no_auth_ns = true;
		}
		c->final = QFINAL_POSITIVE;
		return STEP_DONE;
	}
	name_copy(&c->name, &next);
	return STEP_RESTART;
}

/*
 * The owner name answer records get, as named writes it: the node's own
 * name (case as loaded, not as asked) for data found at a node; for a
 * wildcard, the query name's labels above the closest encloser in lower
 * case followed by the encloser's name as loaded.
 */
static void
set_owner(qctx_t *c, const db_lookup_t *l) {
	switch (l->outcome) {
	case DB_FOUND:
	case DB_CNAME:
		db_node_name(l->node, &c->owner);
		return;
	case DB_WILDCARD:
	case DB_WILDCARD_CNAME: {
		name_t low, enc;
		name_copy(&low, &c->name);
		name_downcase(&low);
		db_node_name(l->encloser, &enc);
		if (name_concat(&c->owner, &low,
		                c->name.labels - l->encloser_labels,
		                &enc) != R_OK)
		{
			name_copy(&c->owner, &c->name);
		}
		return;
	}
	default:
		name_copy(&c->owner, &c->name);
		return;
	}
}

/* Types a CNAME does not redirect (they may sit beside it): named
 * answers NODATA for them at a CNAME. */
static bool
beside_cname(uint16_t qtype) {
	return qtype == RRTYPE_NSEC || qtype == RRTYPE_KEY ||
	       qtype == RRTYPE_SIG;
}

/*
 * Where named classifies differently from db_lookup():
 *  - qtype NSEC, KEY or SIG at a CNAME (or wildcard CNAME) is NODATA;
 *  - qtype NSEC at a zone cut that has one is answered from the parent
 *    side (the NSEC is the parent's data), like DS.
 */
static void
adjust(qctx_t *c, db_lookup_t *l) {
	if ((l->outcome == DB_CNAME || l->outcome == DB_WILDCARD_CNAME) &&
	    beside_cname(c->qtype))
	{
		const db_node_t *own =
		        (db_node_flags(l->node) & DB_NODE_NSEC) != 0 ? l->node
		                                                     : NULL;
		if (l->outcome == DB_CNAME) {
			l->outcome = DB_NODATA;
			l->nsec = own;
		} else {
			l->outcome = DB_WILDCARD_NODATA;
			l->wild_nsec = own;
		}
		l->rrset = NULL;
		return;
	}
	if (l->outcome == DB_DELEGATION && c->qtype == RRTYPE_NSEC &&
	    db_node_wirelen(l->node) == c->name.length)
	{
		const db_rrset_t *nsec = db_node_rrset(l->node, RRTYPE_NSEC);
		if (nsec != NULL && nsec->count > 0) {
			l->outcome = DB_FOUND;
			l->rrset = nsec;
			l->ds = NULL;
			c->nsec_at_cut = true;
		}
	}
}

static step_t
lookup_step(qctx_t *c) {
	db_lookup_t l;
	name_t target;

	if (c->restarts <= QUERY_MAXRESTARTS) {
		name_copy(&c->stepname[c->restarts], &c->name);
	}
	if (db_lookup(c->v, &c->name, c->qtype, &l) != R_OK) {
		/* Not in this zone (cannot happen for the first name) or no
		 * apex: what is in the answer stands. */
		c->final = QFINAL_OTHER;
		return STEP_DONE;
	}
	adjust(c, &l);
	set_owner(c, &l);
	switch (l.outcome) {
	case DB_FOUND:
		if ((db_node_flags(l.node) & DB_NODE_DELEG) && !c->nsec_at_cut)
		{
			/* DS from the parent side of a cut: named adds no
			 * NS to it. */
			c->no_auth_ns = true;
		}
		if (c->qtype == RRTYPE_ANY) {
			answer_any(c, l.node);
			c->any = true;
		} else if (c->qtype == RRTYPE_RRSIG) {
			answer_rrsig(c, l.node);
		} else if (l.rrset != NULL) {
			answer_set(c, &c->owner, l.node, l.rrset, false);
		}
		if (c->qtype == RRTYPE_DNSKEY) {
			/* named keeps DNSKEY answers small: no NS. */
			c->no_auth_ns = true;
		}
		c->final = QFINAL_POSITIVE;
		return STEP_DONE;
	case DB_WILDCARD:
		if (c->qtype == RRTYPE_ANY) {
			answer_any(c, l.node);
			c->any = true;
		} else if (c->qtype == RRTYPE_RRSIG) {
			answer_rrsig(c, l.node);
		} else if (l.rrset != NULL) {
			answer_set(c, &c->owner, l.node, l.rrset, true);
		}
		if (c->dnssec) {
			/* The zone's NS goes before this proof (not before
			 * a wildcard CNAME's, added earlier in a chain). */
			query_auth_mark_wild(c);
			query_dnssec_wildcard(c, &l);
		}
		c->final = QFINAL_POSITIVE;
		return STEP_DONE;
	case DB_CNAME:
	case DB_WILDCARD_CNAME:
		answer_set(c, &c->owner, l.node, l.rrset,
		           l.outcome == DB_WILDCARD_CNAME);
		if (l.outcome == DB_WILDCARD_CNAME && c->dnssec) {
			query_dnssec_wildcard(c, &l);
		}
		if (!rdata_target(l.rrset, &target)) {
			c->final = QFINAL_OTHER;
			return STEP_DONE;
		}
		name_copy(&c->name, &target);
		return STEP_RESTART;
	case DB_DNAME:
		return do_dname(c, &l);
	case DB_DELEGATION:
		if (c->restarts == 0) {
			c->r->flags &= (uint16_t)~MESSAGE_F_AA;
		}
		do_referral(c, &l);
		return STEP_DONE;
	case DB_NXDOMAIN:
		query_set_rcode(c, 3);
		auth_soa(c, true);
		if (c->dnssec) {
			query_dnssec_nxdomain(c, &l);
		}
		c->final = QFINAL_NEGATIVE;
		return STEP_DONE;
	case DB_NODATA:
	case DB_WILDCARD_NODATA:
		if (c->dnssec && l.outcome == DB_WILDCARD_NODATA &&
		    !query_dnssec_has_nsec(c)) {
			/* named adds the NSEC3 wildcard proof before the
			 * SOA (the NSEC one after it). */
			query_dnssec_nodata(c, &l);
			auth_soa(c, false);
		} else {
			auth_soa(c, false);
			if (c->dnssec) {
				query_dnssec_nodata(c, &l);
			}
		}
		c->final = QFINAL_NEGATIVE;
		return STEP_DONE;
	}
	c->final = QFINAL_OTHER;
	return STEP_DONE;
}

/* Zone answering DS at a zone's apex: the parent, when the view has it. */
static const srv_zone_t *
ds_zone(const query_req_t *q) {
	zonetable_match_t m;
	name_t parent;

	if (q->msg->qtype != RRTYPE_DS || q->match == NULL ||
	    !q->match->exact || q->view == NULL || q->view->zones == NULL ||
	    q->msg->qname.labels < 2)
	{
		return q->zone;
	}
	name_suffix(&q->msg->qname, q->msg->qname.labels - 1u, &parent);
	if (zonetable_find(q->view->zones, &parent, &m) != R_OK ||
	    m.zone == NULL) {
		return q->zone;
	}
	return m.zone;
}

static bool
zone_usable(const srv_zone_t *z) {
	return z != NULL && z->loaded && z->served && z->db != NULL;
}

/* EDNS options with an Extended DNS Error appended (RFC 8914): lives
 * until render_finish() on this thread, as render_set_edns() needs. */
static _Thread_local uint8_t tl_opts[1024];

/*
 * Appends EDE (option 15: info-code, then text) to the response's OPT
 * options, after the ones dispatch put there, as named orders them.
 * Without EDNS, or without room, the response goes out without it.
 */
static void
add_ede(render_t *r, uint16_t code, const char *text) {
	size_t tlen = strlen(text);
	render_edns_t old, e;
	size_t n;

	if (!r->has_edns) {
		return;
	}
	old = r->edns;
	n = old.options_len;
	if (n + 6 + tlen > sizeof(tl_opts) || n + 6 + tlen > 0xffff) {
		return;
	}
	if (n > 0 && old.options != tl_opts) {
		memmove(tl_opts, old.options, n);
	}
	put16(tl_opts + n, 15);
	put16(tl_opts + n + 2, (uint16_t)(2 + tlen));
	put16(tl_opts + n + 4, code);
	memcpy(tl_opts + n + 6, text, tlen);
	e = old;
	e.options = tl_opts;
	e.options_len = (uint16_t)(n + 6 + tlen);
	if (render_set_edns(r, &e) != R_OK) {
		(void)render_set_edns(r, &old);
	}
}

/* Where the renderer stood before query_answer() wrote anything. */
typedef struct mark {
	size_t pos;
	unsigned section;
} mark_t;

/*
 * named answers a truncated UDP query that carried EDNS with no records
 * at all (TC and the OPT only), while without EDNS it keeps what fitted.
 * The renderer has no way to take records back, so its position, counts
 * and section are rewound to the mark.  Its compression table is left
 * alone (it is render.c's business): the renderer stays full, so no
 * later name can point at the octets given back.
 */
static void
truncate_all(render_t *r, const mark_t *m) {
	r->pos = m->pos;
	r->section = m->section;
	r->counts[MESSAGE_SEC_ANSWER] = 0;
	r->counts[MESSAGE_SEC_AUTHORITY] = 0;
	r->counts[MESSAGE_SEC_ADDITIONAL] = 0;
	r->full = true;
}

result_t
query_answer(const query_req_t *q, render_t *r) {
	qctx_t c;
	mark_t start;
	const srv_zone_t *zone = ds_zone(q);

	if (!zone_usable(zone)) {
		zone = q->zone;
	}
	if (!zone_usable(zone)) {
		render_set_rcode(r, 2);
		return R_OK;
	}
	memset(&c, 0, offsetof(qctx_t, ans));
	c.q = q;
	c.r = r;
	c.zone = zone;
	c.rclass = q->msg->qclass;
	c.qtype = q->msg->qtype;
	c.dnssec = q->dnssec_ok;
	c.addl_budget = QUERY_MAXADDLNAMES;
	/* named answers a client offering 512 octets of EDNS buffer or
	 * less minimally, whatever the view says (dispatch may say so in
	 * minimal_small; the request says so too). */
	c.small = q->minimal_small ||
	          (q->msg->has_opt && q->msg->udp_size <= 512 && !q->tcp);
	name_copy(&c.name, &q->msg->qname);

	c.v = db_read_begin(zone->db);
	if (c.v == NULL || db_apex(c.v) == NULL) {
		db_read_end(zone->db);
		render_set_rcode(r, 2);
		return R_OK;
	}
	start.pos = r->pos;
	start.section = r->section;
	r->flags |= MESSAGE_F_AA;
	for (;;) {
		if (lookup_step(&c) == STEP_DONE) {
			break;
		}
		if (!same_zone(&c, &c.name)) {
			c.final = QFINAL_OTHER;
			break;
		}
		if (c.restarts >= QUERY_MAXRESTARTS) {
			query_set_rcode(&c, 2);
			c.final = QFINAL_FAIL;
			add_ede(r, 0, "max. restarts reached");
			break;
		}
		c.restarts++;
	}
	if (c.final == QFINAL_FAIL) {
		c.nauth = 0;
		c.naddl = 0;
	}
	if (c.final == QFINAL_POSITIVE && !c.no_auth_ns && want_auth_ns(&c)) {
		auth_ns(&c);
	}
	auth_render(&c);
	if (!c.any && c.final != QFINAL_FAIL) {
		query_addl_render(&c);
	}
	db_read_end(zone->db);
	if ((r->flags & MESSAGE_F_TC) != 0 && q->msg->has_opt) {
		truncate_all(r, &start);
	} else if ((r->flags & MESSAGE_F_TC) != 0 &&
	           (q->msg->flags & MESSAGE_F_AD) != 0 && !c.wrote_sig)
	{
		/* named's partial answer to a request without EDNS keeps
		 * the request's AD bit (its other answers clear it), unless
		 * RRSIGs went into it (ANY or RRSIG from a signed zone). */
		r->flags |= MESSAGE_F_AD;
	}
	return R_OK;
}
