/*
 * query_additional.c - the additional section: which names get their
 * addresses added, and in which order named 9.18 writes them.
 *
 * Two sources, with different rules (both observed on named 9.18):
 *  - names in answer/authority records of the types with additional
 *    processing (NS, MX, SRV, ...): only names that are authoritative
 *    data of the same zone; an address below a zone cut (glue) or in
 *    another zone is not added; minimal-responses yes adds nothing
 *    (except to a qtype NS answer), nor does a client's EDNS buffer of
 *    512 octets or less (even for NS); NAPTR only with flag A, SVCB and
 *    HTTPS for their target;
 *  - a referral's NS targets: only glue, i.e. names at or below a zone
 *    cut of this zone (the delegation itself or a sibling), whatever
 *    minimal-responses says, taken in reverse NS order (named's glue
 *    cache builds its list by prepending); when the query name is itself
 *    such glue and has the queried address type, that RRset comes first
 *    and its name leads the passes.
 * named 9.18 also bounds the work: an RRset of more than 13 records
 * gets no additional processing at all, and one message looks up at
 * most 13 in-zone names (found or not) for it.
 * named renders the additional section in passes: all RRsets of the
 * preferred address type (preferred-glue if configured, else A for a
 * client over IPv4, AAAA over IPv6) name
 * by name, then the other address type, then the RRSIGs, each pass in
 * the order the names were added.  An RRset already in the answer is
 * not repeated.
 */
#include "config/ast.h"
#include "named/query_int.h"
#include "zones/rdata.h"

/* Types whose rdata names trigger A/AAAA lookups in named 9.18 (PX, LP,
 * PTR and the rest do not). */
static bool
addl_type(uint16_t type) {
	switch (type) {
	case RRTYPE_NS:
	case RRTYPE_MD:
	case RRTYPE_MF:
	case RRTYPE_MB:
	case RRTYPE_MX:
	case RRTYPE_AFSDB:
	case 21: /* RT */
	case RRTYPE_SRV:
	case RRTYPE_KX:
	case RRTYPE_NAPTR:
	case RRTYPE_SVCB:
	case RRTYPE_HTTPS:
		return true;
	default:
		return false;
	}
}

/* What a NAPTR or SVCB/HTTPS rdata asks additional processing for. */
typedef struct special {
	long off;      /* offset of the name to look up, or -1 for none */
	bool owner;    /* SVCB/HTTPS target "." stands for the owner */
	uint16_t type; /* RRTYPE_A (addresses) or RRTYPE_SRV (NAPTR "S") */
} special_t;

/*
 * NAPTR: the replacement, for addresses when the flags hold "A", for an
 * SRV RRset (and then its targets' addresses) when they hold "S".
 * SVCB/HTTPS: the target's addresses; a target of "." means the owner.
 */
static special_t
special_target(uint16_t type, const uint8_t *d, uint16_t len) {
	special_t sp = {.off = -1, .owner = false, .type = RRTYPE_A};
	size_t p;
	bool a = false, srv = false;

	if (type == RRTYPE_SVCB || type == RRTYPE_HTTPS) {
		if (len > 3 && d[2] != 0) {
			sp.off = 2;
		} else if (len >= 3) {
			sp.owner = true;
		}
		return sp;
	}
	/* NAPTR: order, preference, flags, services, regexp, name. */
	p = 4;
	if (p >= len || p + 1u + d[p] > len) {
		return sp;
	}
	for (unsigned i = 1; i <= d[p]; i++) {
		a = a || d[p + i] == 'a' || d[p + i] == 'A';
		srv = srv || d[p + i] == 's' || d[p + i] == 'S';
	}
	for (int k = 0; k < 3; k++) {
		if (p >= len) {
			return sp;
		}
		p += 1u + d[p];
	}
	if (p < len && (a || srv)) {
		sp.off = (long)p;
		sp.type = srv ? RRTYPE_SRV : RRTYPE_A;
	}
	return sp;
}

static void
addl_push_type(qctx_t *c, const db_node_t *node, bool glue, uint16_t type) {
	for (unsigned i = 0; i < c->naddl; i++) {
		if (c->addl[i].node == node && c->addl[i].synth < 0 &&
		    c->addl[i].type == type) {
			return;
		}
	}
	if (c->naddl < QUERY_MAXADDL) {
		c->addl[c->naddl].node = node;
		c->addl[c->naddl].glue = glue;
		c->addl[c->naddl].synth = -1;
		c->addl[c->naddl].type = type;
		c->naddl++;
	}
}

/* Queues node's addresses. */
static void
addl_push(qctx_t *c, const db_node_t *node, bool glue) {
	addl_push_type(c, node, glue, 0);
}

/* Queues a name answered by the wildcard node w (named adds such
 * synthesized addresses too, with the name as owner). */
static void
addl_push_synth(qctx_t *c, const db_node_t *w, const name_t *name) {
	for (unsigned i = 0; i < c->naddl; i++) {
		if (c->addl[i].synth >= 0 &&
		    name_equal(&c->addl_synth[c->addl[i].synth], name)) {
			return;
		}
	}
	if (c->naddl < QUERY_MAXADDL && c->nsynth < QUERY_MAXSYNTH) {
		name_copy(&c->addl_synth[c->nsynth], name);
		c->addl[c->naddl].node = w;
		c->addl[c->naddl].glue = false;
		c->addl[c->naddl].synth = (int8_t)c->nsynth;
		c->addl[c->naddl].type = 0;
		c->nsynth++;
		c->naddl++;
	}
}

/* The owner of additional entry i. */
static void
addl_owner(const qctx_t *c, unsigned i, name_t *owner) {
	if (c->addl[i].synth >= 0) {
		name_copy(owner, &c->addl_synth[c->addl[i].synth]);
	} else {
		db_node_name(c->addl[i].node, owner);
	}
}

static bool
has_address(const db_node_t *n) {
	const db_rrset_t *a = db_node_rrset(n, RRTYPE_A);
	const db_rrset_t *aaaa = db_node_rrset(n, RRTYPE_AAAA);

	return (a != NULL && a->count > 0) || (aaaa != NULL && aaaa->count > 0);
}

typedef struct {
	qctx_t *c;
	uint16_t rdlen;
} walk_t;

/*
 * Looks target up for its addresses (type A) or its RRset of type (SRV
 * for a NAPTR "S"), if it is in this zone and the message's lookup
 * budget allows; queues what authoritative data (or a wildcard) gives.
 */
static void
addl_lookup(qctx_t *c, const name_t *target, uint16_t type) {
	db_lookup_t l;

	if (!name_issubdomain(target, db_origin(c->zone->db))) {
		return; /* outside the zone: not looked up, not counted */
	}
	if (c->addl_budget == 0) {
		return;
	}
	c->addl_budget--;
	if (db_lookup(c->v, target, type, &l) != R_OK) {
		return;
	}
	if (type != RRTYPE_A) {
		if (l.outcome == DB_FOUND && l.rrset != NULL &&
		    l.rrset->count > 0) {
			addl_push_type(c, l.node, false, type);
			query_addl_from_set(c, l.rrset, target);
		}
		return;
	}
	if ((l.outcome == DB_FOUND || l.outcome == DB_NODATA) &&
	    l.node != NULL && has_address(l.node))
	{
		addl_push(c, l.node, false);
	} else if ((l.outcome == DB_WILDCARD ||
	            l.outcome == DB_WILDCARD_NODATA) &&
	           l.node != NULL && has_address(l.node))
	{
		addl_push_synth(c, l.node, target);
	}
}

/* rdata_walk_names() callback: the addresses of one embedded name. */
static void
target_cb(void *arg, const uint8_t *rdata, size_t offset, bool compressible) {
	walk_t *w = arg;
	name_t target;

	(void)compressible;
	if (offset >= w->rdlen ||
	    name_fromwire_raw(&target, rdata + offset, w->rdlen - offset,
	                      NULL) != R_OK)
	{
		return;
	}
	addl_lookup(w->c, &target, RRTYPE_A);
}

void
query_addl_from_set(qctx_t *c, const db_rrset_t *s, const name_t *owner) {
	db_rdata_iter_t it;
	const uint8_t *d;
	uint16_t len;
	walk_t w = {.c = c};

	/* minimal-responses yes leaves only glue, except for qtype NS; a
	 * small EDNS buffer leaves only glue, always. */
	if (!addl_type(s->type) || c->small ||
	    (c->q->view != NULL &&
	     c->q->view->minimal_responses == SRV_MINIMAL_YES &&
	     c->qtype != RRTYPE_NS))
	{
		return;
	}
	if (s->count > QUERY_MAXADDLNAMES) {
		return;
	}
	db_rdata_iter_init(&it, s->rdata, s->count);
	while (db_rdata_iter_next(&it, &d, &len)) {
		w.rdlen = len;
		if (s->type == RRTYPE_NAPTR || s->type == RRTYPE_SVCB ||
		    s->type == RRTYPE_HTTPS)
		{
			special_t sp = special_target(s->type, d, len);
			name_t target;
			if (sp.owner && owner != NULL) {
				addl_lookup(c, owner, RRTYPE_A);
			} else if (sp.off >= 0 &&
			           name_fromwire_raw(&target, d + sp.off,
			                             len - (size_t)sp.off,
			                             NULL) == R_OK)
			{
				addl_lookup(c, &target, sp.type);
			}
			continue;
		}
		(void)rdata_walk_names(s->type, d, len, target_cb, &w);
	}
}

/* The node of target if it is glue (at or below a cut of this zone)
 * with an address, else NULL. */
static const db_node_t *
glue_node(qctx_t *c, const name_t *target) {
	db_lookup_t l;
	const db_node_t *node;

	if (db_lookup(c->v, target, RRTYPE_A, &l) != R_OK ||
	    l.outcome != DB_DELEGATION) {
		return NULL;
	}
	node = db_find_node(c->v, target);
	return node != NULL && has_address(node) ? node : NULL;
}

void
query_addl_glue(qctx_t *c, const db_rrset_t *ns) {
	const uint8_t *rd[QUERY_MAXADDL];
	uint16_t rl[QUERY_MAXADDL];
	unsigned n = 0;
	db_rdata_iter_t it;
	const uint8_t *d;
	uint16_t len;

	db_rdata_iter_init(&it, ns->rdata, ns->count);
	while (n < QUERY_MAXADDL && db_rdata_iter_next(&it, &d, &len)) {
		rd[n] = d;
		rl[n] = len;
		n++;
	}
	/* When the query name is itself glue with data of the query type
	 * (an address query for a name server's name), named puts that
	 * RRset first in the section and the name first in its passes;
	 * the others follow in reverse NS order. */
	for (unsigned i = 0;
	     i < n && (c->qtype == RRTYPE_A || c->qtype == RRTYPE_AAAA); i++)
	{
		name_t target;
		const db_node_t *node;
		const db_rrset_t *s;

		if (name_fromwire_raw(&target, rd[i], rl[i], NULL) != R_OK ||
		    !name_equal(&target, &c->name))
		{
			continue;
		}
		node = glue_node(c, &target);
		s = node != NULL ? db_node_rrset(node, c->qtype) : NULL;
		if (s != NULL && s->count > 0) {
			addl_push(c, node, true);
			c->primed = node;
		}
		break;
	}
	while (n-- > 0) {
		name_t target;
		const db_node_t *node;

		if (name_fromwire_raw(&target, rd[n], rl[n], NULL) != R_OK) {
			continue;
		}
		node = glue_node(c, &target);
		if (node != NULL) {
			addl_push(c, node, true);
		}
	}
}

/* Was additional entry i's RRset of type put in the answer already? */
static bool
in_answer(const qctx_t *c, unsigned i, uint16_t type) {
	const qaddl_t *e = &c->addl[i];

	for (unsigned k = 0; k < c->nans; k++) {
		const struct qans *a = &c->ans[k];
		if (a->node != e->node || a->type != type ||
		    a->synth != (e->synth >= 0)) {
			continue;
		}
		if (e->synth < 0 ||
		    name_equal(&c->stepname[a->step], &c->addl_synth[e->synth]))
		{
			return true;
		}
	}
	return false;
}

/* One pass over the queued names: their RRsets of one address type.
 * Returns false once the response is full. */
static bool
addl_pass(qctx_t *c, uint16_t type) {
	for (unsigned i = 0; i < c->naddl; i++) {
		const db_node_t *node = c->addl[i].node;
		const db_rrset_t *s = db_node_rrset(node, type);
		name_t owner;
		result_t res;

		if (c->addl[i].type != 0 || s == NULL || s->count == 0 ||
		    in_answer(c, i, type) ||
		    (node == c->primed && type == c->qtype))
		{
			continue;
		}
		addl_owner(c, i, &owner);
		res = query_put_run(c, MESSAGE_SEC_ADDITIONAL, &owner, type,
		                    s->ttl, s->rdata, s->count);
		if (res == R_NOSPACE) {
			return false;
		}
	}
	return true;
}

/* RRSIG pass: per name, the A's signatures then the AAAA's.  Returns
 * false once the response is full. */
static bool
addl_sig_pass(qctx_t *c) {
	static const uint16_t types[2] = {RRTYPE_A, RRTYPE_AAAA};

	for (unsigned i = 0; i < c->naddl; i++) {
		const db_node_t *node = c->addl[i].node;
		name_t owner;
		bool named = false;
		/* An address entry signs its A and AAAA; a typed entry (the
		 * SRV of a NAPTR) its own RRset. */
		unsigned nt = c->addl[i].type != 0 ? 1 : 2;

		for (unsigned t = 0; t < nt; t++) {
			uint16_t ty = c->addl[i].type != 0 ? c->addl[i].type
			                                   : types[t];
			const db_rrset_t *s = db_node_rrset(node, ty);
			if (s == NULL || s->count == 0 || s->sigcount == 0 ||
			    in_answer(c, i, types[t])) {
				continue;
			}
			if (!named) {
				addl_owner(c, i, &owner);
				named = true;
			}
			if (query_put_run(c, MESSAGE_SEC_ADDITIONAL, &owner,
			                  RRTYPE_RRSIG, s->sigttl, s->sigs,
			                  s->sigcount) == R_NOSPACE)
			{
				return false;
			}
		}
	}
	return true;
}

/* Last pass: the RRsets that are not addresses (a NAPTR's SRV). */
static void
addl_rest_pass(qctx_t *c) {
	for (unsigned i = 0; i < c->naddl; i++) {
		const db_rrset_t *s;
		name_t owner;

		if (c->addl[i].type == 0 || in_answer(c, i, c->addl[i].type)) {
			continue;
		}
		s = db_node_rrset(c->addl[i].node, c->addl[i].type);
		if (s == NULL || s->count == 0) {
			continue;
		}
		addl_owner(c, i, &owner);
		if (query_put_run(c, MESSAGE_SEC_ADDITIONAL, &owner, s->type,
		                  s->ttl, s->rdata, s->count) == R_NOSPACE)
		{
			return;
		}
	}
}

/*
 * The address type named renders first: the view's preferred-glue (view,
 * then options) when set, else the client's transport family.  Read only
 * when there is additional data to order.
 */
static bool
prefer_aaaa(const qctx_t *c) {
	const srv_view_t *v = c->q->view;

	if (v != NULL && v->preferred_glue != 0) {
		return v->preferred_glue == RRTYPE_AAAA;
	}
	return c->q->prefer_aaaa;
}

void
query_addl_render(qctx_t *c) {
	uint16_t first, second;

	if (c->naddl == 0) {
		return;
	}
	first = prefer_aaaa(c) ? RRTYPE_AAAA : RRTYPE_A;
	second = first == RRTYPE_A ? RRTYPE_AAAA : RRTYPE_A;
	if (c->primed != NULL) {
		const db_rrset_t *s = db_node_rrset(c->primed, c->qtype);
		name_t owner;

		db_node_name(c->primed, &owner);
		if (query_put_run(c, MESSAGE_SEC_ADDITIONAL, &owner, c->qtype,
		                  s->ttl, s->rdata, s->count) == R_NOSPACE)
		{
			return;
		}
	}
	if (!addl_pass(c, first) || !addl_pass(c, second)) {
		return;
	}
	if (c->dnssec && !addl_sig_pass(c)) {
		return;
	}
	addl_rest_pass(c);
}
