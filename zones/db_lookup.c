/*
 * db_lookup.c - the read side: classify a query name in one version
 * (db_lookup), exact finds for additional data, NSEC and NSEC3 proofs,
 * and walks.  Nothing here allocates (NSEC3 hashing aside) or writes.
 *
 * The tree key of a name's ancestor is a prefix of the name's key, so
 * every ancestor search reuses the key computed once for the query name.
 * Closest encloser: since every ancestor of every name exists as a node,
 * the deepest existing ancestor of an absent name is the longest label-
 * aligned common prefix of its key with its predecessor's key.
 */
#include "zones/db_int.h"

#include <string.h>

#include <openssl/evp.h>

static inline const db_node_t *
as_node(const rbt_node_t *n) {
	return (const db_node_t *)n;
}

static bool
zone_has_nsec(const db_version_t *v) {
	return v->apex != NULL && (v->apex->flags & DB_NODE_NSEC) != 0;
}

/* Last node at or before key that has an NSEC RRset, wrapping around. */
static const db_node_t *
nsec_at_or_before(const db_version_t *v, const uint8_t *key, size_t keylen) {
	rbt_node_t *pred;
	rbt_node_t *n = rbt_find_pred(v->root, key, keylen, &pred);
	if (n == NULL) {
		n = pred;
	}
	bool wrapped = false;
	for (;;) {
		if (n == NULL) {
			if (wrapped) {
				return NULL;
			}
			wrapped = true;
			n = rbt_last(v->root);
			continue;
		}
		if (as_node(n)->flags & DB_NODE_NSEC) {
			return as_node(n);
		}
		n = rbt_lower(v->root, n->key, n->keylen);
	}
}

/* Fills out for a name that exists at node n (exact or wildcard). */
static db_outcome_t
answer_at(const db_node_t *n, uint16_t qtype, db_lookup_t *out) {
	out->node = n;
	if (qtype == RRTYPE_ANY) {
		return n->sets != NULL ? DB_FOUND : DB_NODATA;
	}
	if (qtype == RRTYPE_RRSIG) {
		if (n->sets != NULL) {
			for (unsigned i = 0; i < n->sets->count; i++) {
				if (n->sets->sets[i].sigcount > 0) {
					return DB_FOUND;
				}
			}
		}
		return DB_NODATA;
	}
	const db_rrset_t *s = db_node_rrset(n, qtype);
	if (s != NULL) {
		out->rrset = s;
		return DB_FOUND;
	}
	if ((n->flags & DB_NODE_CNAME) && qtype != RRTYPE_CNAME) {
		out->rrset = db_node_rrset(n, RRTYPE_CNAME);
		return DB_CNAME;
	}
	return DB_NODATA;
}

static void
delegation(const db_node_t *n, db_lookup_t *out) {
	out->outcome = DB_DELEGATION;
	out->node = n;
	out->rrset = db_node_rrset(n, RRTYPE_NS);
	out->ds = db_node_rrset(n, RRTYPE_DS);
}

result_t
db_lookup(const db_version_t *v, const name_t *qname, uint16_t qtype,
	  db_lookup_t *out) {
	const db_t *db = v->db;
	if (!name_issubdomain(qname, &db->origin)) {
		return R_NOTZONETOP;
	}
	if (v->apex == NULL) {
		return R_NOTFOUND;
	}
	memset(out, 0, sizeof(*out));
	uint8_t key[RBT_KEYMAX];
	uint16_t keylen, ends[NAME_MAXLABELS + 2];
	db_key(qname->wire, key, &keylen, ends);
	unsigned apexlabels = db->origin.labels;
	unsigned ql = qname->labels;

	/* A DNAME at the apex redirects every name below it (RFC 6672). */
	if ((v->apex->flags & DB_NODE_DNAME) && ql > apexlabels) {
		out->outcome = DB_DNAME;
		out->node = v->apex;
		out->rrset = db_node_rrset(v->apex, RRTYPE_DNAME);
		return R_OK;
	}
	/* Cuts and DNAMEs above qname, top down. */
	if (v->ncuts > 0) {
		for (unsigned l = apexlabels + 1; l < ql; l++) {
			const db_node_t *a = as_node(
				rbt_find(v->root, key, ends[l]));
			if (a == NULL) {
				break; /* nothing deeper exists either */
			}
			if (a->flags & DB_NODE_DELEG) {
				delegation(a, out);
				return R_OK;
			}
			if (a->flags & DB_NODE_DNAME) {
				out->outcome = DB_DNAME;
				out->node = a;
				out->rrset = db_node_rrset(a, RRTYPE_DNAME);
				return R_OK;
			}
		}
	}

	rbt_node_t *pred;
	const db_node_t *n = as_node(rbt_find_pred(v->root, key, keylen, &pred));
	if (n != NULL) {
		if ((n->flags & DB_NODE_DELEG) && qtype != RRTYPE_DS) {
			delegation(n, out);
			return R_OK;
		}
		out->outcome = answer_at(n, qtype, out);
		if (out->outcome == DB_NODATA && zone_has_nsec(v)) {
			out->nsec = (n->flags & DB_NODE_NSEC)
					    ? n
					    : nsec_at_or_before(v, key, keylen);
		}
		return R_OK;
	}

	/* Absent: closest encloser from the predecessor's key. */
	unsigned ce = apexlabels;
	if (pred != NULL) {
		size_t d = 0;
		size_t m = pred->keylen < keylen ? pred->keylen : keylen;
		while (d < m && pred->key[d] == key[d]) {
			d++;
		}
		for (unsigned k = apexlabels; k < ql; k++) {
			if (ends[k] <= d) {
				ce = k;
			}
		}
	}
	const db_node_t *enc = as_node(rbt_find(v->root, key, ends[ce]));
	if (enc == NULL) {
		enc = v->apex; /* cannot happen while ENTs are kept */
		ce = apexlabels;
	}
	out->encloser = enc;
	out->encloser_labels = ce;
	bool nsec = zone_has_nsec(v);
	if (enc->flags & DB_NODE_WILDCHILD) {
		uint8_t wkey[RBT_KEYMAX];
		size_t wl = ends[ce];
		memcpy(wkey, key, wl);
		wkey[wl++] = '*';
		wkey[wl++] = 0;
		const db_node_t *w = as_node(rbt_find(v->root, wkey, wl));
		if (w != NULL) {
			db_outcome_t o = answer_at(w, qtype, out);
			out->outcome = o == DB_FOUND	? DB_WILDCARD
				       : o == DB_CNAME ? DB_WILDCARD_CNAME
						       : DB_WILDCARD_NODATA;
			if (nsec) {
				out->nsec = nsec_at_or_before(v, key, keylen);
				if (out->outcome == DB_WILDCARD_NODATA) {
					out->wild_nsec = w;
				}
			}
			return R_OK;
		}
	}
	out->outcome = DB_NXDOMAIN;
	if (nsec) {
		out->nsec = nsec_at_or_before(v, key, keylen);
		uint8_t wkey[RBT_KEYMAX];
		size_t wl = ends[ce];
		memcpy(wkey, key, wl);
		wkey[wl++] = '*';
		wkey[wl++] = 0;
		out->wild_nsec = nsec_at_or_before(v, wkey, wl);
	}
	return R_OK;
}

const db_node_t *
db_find_node(const db_version_t *v, const name_t *name) {
	if (!name_issubdomain(name, &v->db->origin)) {
		return NULL;
	}
	uint8_t key[RBT_KEYMAX];
	uint16_t keylen;
	db_key(name->wire, key, &keylen, NULL);
	return as_node(rbt_find(v->root, key, keylen));
}

const db_node_t *
db_nsec_covering(const db_version_t *v, const name_t *name) {
	if (!name_issubdomain(name, &v->db->origin)) {
		return NULL;
	}
	uint8_t key[RBT_KEYMAX];
	uint16_t keylen;
	db_key(name->wire, key, &keylen, NULL);
	return nsec_at_or_before(v, key, keylen);
}

typedef struct gluectx {
	const db_version_t *v;
	const db_node_t **out;
	unsigned max, n;
	uint16_t rdlen; /* of the rdata being walked */
} gluectx_t;

static void
glue_name(void *arg, const uint8_t *rdata, size_t offset, bool compressible) {
	(void)compressible;
	gluectx_t *g = arg;
	name_t target;
	size_t used;
	if (g->n >= g->max || offset >= g->rdlen ||
	    name_fromwire_raw(&target, rdata + offset, g->rdlen - offset,
			      &used) != R_OK) {
		return;
	}
	const db_node_t *n = db_find_node(g->v, &target);
	if (n != NULL && (db_node_rrset(n, RRTYPE_A) != NULL ||
			  db_node_rrset(n, RRTYPE_AAAA) != NULL)) {
		g->out[g->n++] = n;
	}
}

unsigned
db_glue(const db_version_t *v, const db_rrset_t *ns, const db_node_t **out,
	unsigned max) {
	gluectx_t g = {.v = v, .out = out, .max = max};
	if (ns == NULL) {
		return 0;
	}
	db_rdata_iter_t it;
	const uint8_t *d;
	uint16_t len;
	db_rdata_iter_init(&it, ns->rdata, ns->count);
	while (db_rdata_iter_next(&it, &d, &len)) {
		g.rdlen = len;
		(void)rdata_walk_names(ns->type, d, len, glue_name, &g);
	}
	return g.n;
}

/* ---- NSEC3 ---- */

static const char b32hex[] = "0123456789abcdefghijklmnopqrstuv";

/* RFC 5155 section 5 hash of wire name (lowercased here) into out[20]. */
static bool
nsec3_hash(const uint8_t *wire, size_t wirelen, const uint8_t *salt,
	   size_t saltlen, unsigned iterations, uint8_t out[20]) {
	uint8_t buf[NAME_MAXWIRE + 255];
	size_t n = 0;
	for (size_t i = 0; i < wirelen; i++) {
		uint8_t c = wire[i];
		buf[n++] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
	}
	memcpy(buf + n, salt, saltlen);
	n += saltlen;
	unsigned int len;
	if (!EVP_Digest(buf, n, out, &len, EVP_sha1(), NULL)) {
		return false;
	}
	for (unsigned k = 0; k < iterations; k++) {
		memcpy(buf, out, 20);
		memcpy(buf + 20, salt, saltlen);
		if (!EVP_Digest(buf, 20 + saltlen, out, &len, EVP_sha1(),
				NULL)) {
			return false;
		}
	}
	return true;
}

/*
 * The NSEC3 node whose owner hash equals (exact) or covers the hash of
 * wire.  *exact tells which.  Covering wraps from the first to the last.
 */
static const db_node_t *
nsec3_find(const db_version_t *v, const uint8_t *wire, size_t wirelen,
	   const uint8_t *salt, size_t saltlen, unsigned iter, bool *exact) {
	uint8_t h[20];
	if (!nsec3_hash(wire, wirelen, salt, saltlen, iter, h)) {
		return NULL;
	}
	/* key: origin's key, then the 32-character base32hex label */
	uint8_t key[RBT_KEYMAX + 40];
	size_t kl = v->db->apexkeylen;
	memcpy(key, v->db->apexkey, kl);
	for (unsigned i = 0; i < 160; i += 5) {
		unsigned byte = i / 8, bit = i % 8;
		unsigned w = ((unsigned)h[byte] << 8) |
			     (byte + 1 < 20 ? h[byte + 1] : 0);
		key[kl++] = (uint8_t)b32hex[(w >> (11 - bit)) & 31];
	}
	key[kl++] = 0;
	rbt_node_t *pred;
	rbt_node_t *n = rbt_find_pred(v->nsec3root, key, kl, &pred);
	if (n != NULL) {
		*exact = true;
		return as_node(n);
	}
	*exact = false;
	return as_node(pred != NULL ? pred : rbt_last(v->nsec3root));
}

result_t
db_nsec3_prove(const db_version_t *v, const name_t *qname,
	       unsigned encloser_labels, db_nsec3_proof_t *out) {
	if (v->apex == NULL || v->nsec3root == NULL) {
		return R_NOTFOUND;
	}
	const db_rrset_t *p = db_node_rrset(v->apex, RRTYPE_NSEC3PARAM);
	if (p == NULL) {
		return R_NOTFOUND;
	}
	const uint8_t *salt = NULL;
	size_t saltlen = 0;
	unsigned iter = 0;
	bool found = false;
	db_rdata_iter_t it;
	const uint8_t *d;
	uint16_t len;
	db_rdata_iter_init(&it, p->rdata, p->count);
	while (db_rdata_iter_next(&it, &d, &len)) {
		if (len >= 5 && d[0] == 1 && d[1] == 0 && 5u + d[4] <= len) {
			iter = ((unsigned)d[2] << 8) | d[3];
			saltlen = d[4];
			salt = d + 5;
			found = true;
			break;
		}
	}
	if (!found) {
		return R_NOTFOUND;
	}
	if (encloser_labels < v->db->origin.labels ||
	    encloser_labels > qname->labels) {
		return R_RANGE;
	}
	memset(out, 0, sizeof(*out));
	name_t ce, nc, wild;
	name_suffix(qname, encloser_labels, &ce);
	bool exact;
	out->match = nsec3_find(v, ce.wire, ce.length, salt, saltlen, iter,
				&exact);
	if (!exact) {
		out->match = NULL;
	}
	if (encloser_labels < qname->labels) {
		name_suffix(qname, encloser_labels + 1, &nc);
		out->next_closer = nsec3_find(v, nc.wire, nc.length, salt,
					      saltlen, iter, &exact);
		name_t star;
		if (name_fromtext(&star, "*", 1, &ce) == R_OK) {
			wild = star;
			out->wild = nsec3_find(v, wild.wire, wild.length, salt,
					       saltlen, iter, &exact);
		}
	}
	return R_OK;
}

/* ---- walks ---- */

static void
iter_push_left(db_iter_t *it, const rbt_node_t *n) {
	while (n != NULL && it->depth < 128) {
		it->stack[it->depth++] = n;
		n = n->left;
	}
}

const db_node_t *
db_iter_first(db_iter_t *it, const db_version_t *v, bool nsec3) {
	it->v = v;
	it->nsec3 = nsec3;
	it->tree = 0;
	it->depth = 0;
	iter_push_left(it, v->root);
	return db_iter_next(it);
}

const db_node_t *
db_iter_next(db_iter_t *it) {
	for (;;) {
		if (it->depth > 0) {
			const rbt_node_t *n = it->stack[--it->depth];
			iter_push_left(it, n->right);
			return as_node(n);
		}
		if (it->tree == 0 && it->nsec3) {
			it->tree = 1;
			iter_push_left(it, it->v->nsec3root);
			continue;
		}
		it->tree = 2;
		return NULL;
	}
}
