/*
 * db_update.c - db_apply(): the next version from a changeset, by path
 * copying.
 *
 * The changeset's entries are grouped by owner (a stable sort on the tree
 * key, so order within one owner is kept).  Each owner's RRs are expanded
 * into a small array, the entries are applied to it in order, and the
 * result is compared with what was there: only real changes reach the
 * tree (one new RRset block and one path copy per owner) and the
 * version's effective changeset.  Ancestors are created as empty
 * non-terminals on the way in and removed on the way out, and the flags
 * of the owner and of a wildcard's parent are updated, so every
 * invariant the loader establishes also holds after an update.
 */
#include "zones/db_int.h"

#include <stdlib.h>
#include <string.h>

#include "zones/zone.h"

typedef struct item {
	size_t idx;	/* entry in the changeset */
	uint8_t tree;	/* 0 main, 1 NSEC3 */
	uint16_t keylen;
	uint8_t key[RBT_KEYMAX];
} item_t;

typedef struct refvec {
	db_rrref_t *v;
	size_t n, cap;
} refvec_t;

typedef struct txn {
	db_t *db;
	db_version_t *nv;
	rbt_txn_t rt;
	unsigned flags;
	changeset_t *soadel, *dels, *soaadd, *adds;
	refvec_t old, cur;
} txn_t;

static void
refvec_push(refvec_t *r, const db_rrref_t *e) {
	if (r->n == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;
		db_rrref_t *n = realloc(r->v, ncap * sizeof(*n));
		if (n == NULL) {
			abort(); /* out of memory */
		}
		r->v = n;
		r->cap = ncap;
	}
	r->v[r->n++] = *e;
}

static int
item_compare(const void *a, const void *b) {
	const item_t *x = a, *y = b;
	if (x->tree != y->tree) {
		return x->tree < y->tree ? -1 : 1;
	}
	int c = rbt_key_compare(x->key, x->keylen, y->key, y->keylen);
	if (c != 0) {
		return c;
	}
	return x->idx < y->idx ? -1 : (x->idx > y->idx ? 1 : 0);
}

static uint16_t
covers_of(const changeset_rr_t *e) {
	if (e->type != RRTYPE_RRSIG || e->rdata == NULL) {
		return 0;
	}
	return zone_rdata_covers(e->type, e->rdata, e->rdlen);
}

static ptrdiff_t
find_rr(const refvec_t *r, uint16_t type, uint16_t covers,
	const uint8_t *rdata, uint16_t rdlen) {
	for (size_t i = 0; i < r->n; i++) {
		const db_rrref_t *e = &r->v[i];
		if (e->type == type && e->covers == covers &&
		    rdata_compare(type, e->rdata, e->rdlen, rdata, rdlen) == 0) {
			return (ptrdiff_t)i;
		}
	}
	return -1;
}

static void
remove_at(refvec_t *r, size_t i) {
	r->v[i] = r->v[--r->n];
}

/* Applies one entry to the owner's working set. */
static result_t
apply_entry(txn_t *t, const changeset_rr_t *e, uint8_t tree) {
	refvec_t *cur = &t->cur;
	uint16_t covers = covers_of(e);
	switch (e->op) {
	case CHANGESET_ADD: {
		ptrdiff_t i = find_rr(cur, e->type, covers, e->rdata, e->rdlen);
		if (i >= 0 && (t->flags & DB_APPLY_STRICT)) {
			return R_EXISTS;
		}
		if (i < 0) {
			db_rrref_t r = {.type = e->type, .covers = covers,
					.ttl = e->ttl, .rdata = e->rdata,
					.rdlen = e->rdlen};
			refvec_push(cur, &r);
		}
		/* the RRset takes the TTL of the RR added last */
		for (size_t k = 0; k < cur->n; k++) {
			if (cur->v[k].type == e->type &&
			    cur->v[k].covers == covers) {
				cur->v[k].ttl = e->ttl;
			}
		}
		return R_OK;
	}
	case CHANGESET_DEL: {
		ptrdiff_t i = find_rr(cur, e->type, covers, e->rdata, e->rdlen);
		if (i < 0) {
			return (t->flags & DB_APPLY_STRICT) ? R_NOTFOUND : R_OK;
		}
		remove_at(cur, (size_t)i);
		return R_OK;
	}
	case CHANGESET_DELRRSET:
		for (size_t k = cur->n; k-- > 0;) {
			if (cur->v[k].type == e->type) {
				remove_at(cur, k);
			}
		}
		return R_OK;
	case CHANGESET_DELNAME:
		cur->n = 0;
		return R_OK;
	}
	(void)tree;
	return R_RANGE;
}

static int
ref_qsort(const void *a, const void *b) {
	return db_rrref_compare(a, b);
}

static result_t
record(txn_t *t, changeset_op_t op, const uint8_t *owner, uint8_t ownerlen,
       const db_rrref_t *r) {
	changeset_t *cs;
	if (r->type == RRTYPE_SOA) {
		cs = op == CHANGESET_DEL ? t->soadel : t->soaadd;
	} else {
		cs = op == CHANGESET_DEL ? t->dels : t->adds;
	}
	return changeset_add_wire(cs, op, owner, ownerlen, r->type, r->ttl,
				  r->rdata, r->rdlen);
}

/* Records old -> cur for one owner; *changed tells whether anything did. */
static result_t
record_diff(txn_t *t, const uint8_t *owner, uint8_t ownerlen, bool *changed) {
	const refvec_t *o = &t->old, *c = &t->cur;
	size_t i = 0, j = 0;
	*changed = false;
	while (i < o->n || j < c->n) {
		int cmp;
		if (i == o->n) {
			cmp = 1;
		} else if (j == c->n) {
			cmp = -1;
		} else {
			cmp = db_rrref_compare(&o->v[i], &c->v[j]);
		}
		result_t r = R_OK;
		if (cmp < 0) {
			r = record(t, CHANGESET_DEL, owner, ownerlen, &o->v[i++]);
			*changed = true;
		} else if (cmp > 0) {
			r = record(t, CHANGESET_ADD, owner, ownerlen, &c->v[j++]);
			*changed = true;
		} else {
			if (o->v[i].ttl != c->v[j].ttl) {
				r = record(t, CHANGESET_DEL, owner, ownerlen,
					   &o->v[i]);
				if (r == R_OK) {
					r = record(t, CHANGESET_ADD, owner,
						   ownerlen, &c->v[j]);
				}
				*changed = true;
			}
			i++;
			j++;
		}
		if (r != R_OK) {
			return r;
		}
	}
	return R_OK;
}

static bool
has_descendant(const rbt_node_t *root, const uint8_t *key, size_t keylen) {
	const rbt_node_t *h = rbt_higher(root, key, keylen);
	return h != NULL && h->keylen > keylen &&
	       memcmp(h->key, key, keylen) == 0;
}

static size_t
cut_count(uint16_t flags) {
	return (flags & (DB_NODE_DELEG | DB_NODE_DNAME)) ? 1 : 0;
}

static bool
is_wild(const uint8_t *wire) {
	return wire[0] == 1 && wire[1] == '*';
}

/* Sets or clears DB_NODE_WILDCHILD on the node with key. */
static void
set_wildchild(txn_t *t, const uint8_t *key, size_t keylen, bool on) {
	const db_node_t *p = (const db_node_t *)rbt_find(t->nv->root, key,
							 keylen);
	if (p == NULL || ((p->flags & DB_NODE_WILDCHILD) != 0) == on) {
		return;
	}
	rbt_node_t *m;
	if (rbt_modify(&t->rt, &t->nv->root, key, keylen, &m) == R_OK) {
		db_node_t *n = (db_node_t *)m;
		if (on) {
			n->flags |= DB_NODE_WILDCHILD;
		} else {
			n->flags &= (uint16_t)~DB_NODE_WILDCHILD;
		}
	}
}

/* Puts the working set of one owner into the main tree. */
static void
update_main(txn_t *t, const uint8_t *owner, uint8_t wirelen,
	    const uint8_t *key, uint16_t keylen) {
	db_version_t *v = t->nv;
	/* owner may live in the node this function deletes */
	uint8_t wire[NAME_MAXWIRE];
	memcpy(wire, owner, wirelen);
	unsigned apexlabels = t->db->origin.labels;
	uint16_t ends[NAME_MAXLABELS + 2];
	uint8_t k2[RBT_KEYMAX];
	uint16_t kl2;
	db_key(wire, k2, &kl2, ends);
	uint8_t offs[NAME_MAXLABELS];
	unsigned nl = 0;
	for (size_t p = 0; wire[p] != 0; p += 1 + (size_t)wire[p]) {
		offs[nl++] = (uint8_t)p;
	}
	unsigned labels = nl + 1;
	bool apex = labels == apexlabels;
	bool wild = labels > apexlabels && is_wild(wire);
	const db_node_t *old = (const db_node_t *)rbt_find(v->root, key, keylen);
	db_rrsets_t *sets = db_rrsets_build(NULL, v->gen, t->cur.v, t->cur.n);

	if (sets != NULL) {
		if (old != NULL) {
			rbt_node_t *m;
			rbt_modify(&t->rt, &v->root, key, keylen, &m);
			db_node_t *n = (db_node_t *)m;
			db_rrsets_retire(v, n->sets);
			v->ncuts -= cut_count(n->flags);
			n->sets = sets;
			n->flags = (uint16_t)(db_flags_of(sets, apex) |
					      (n->flags & DB_NODE_WILDCHILD));
			v->ncuts += cut_count(n->flags);
		} else {
			db_node_t *n = db_node_new(NULL, v->gen, wire, wirelen,
						   key, keylen);
			n->sets = sets;
			n->flags = db_flags_of(sets, apex);
			rbt_insert(&t->rt, &v->root, &n->rb, NULL);
			v->nodes++;
			v->ncuts += cut_count(n->flags);
			unsigned l;
			for (l = labels - 1; l >= apexlabels; l--) {
				if (rbt_find(v->root, key, ends[l]) != NULL) {
					break;
				}
				unsigned woff = offs[labels - l];
				db_node_t *e = db_node_new(NULL, v->gen,
							   wire + woff,
							   wirelen - woff, key,
							   ends[l]);
				e->flags = db_flags_of(NULL, l == apexlabels);
				rbt_insert(&t->rt, &v->root, &e->rb, NULL);
				v->nodes++;
			}
			/* new empty wildcards exist too (RFC 4592 4.2) */
			for (unsigned k = l + 1; k < labels; k++) {
				if (k > apexlabels && is_wild(wire + offs[labels - k])) {
					set_wildchild(t, key, ends[k - 1], true);
				}
			}
		}
		if (wild) {
			set_wildchild(t, key, ends[labels - 1], true);
		}
		return;
	}
	if (old == NULL) {
		return;
	}
	v->ncuts -= cut_count(old->flags);
	if (apex || has_descendant(v->root, key, keylen)) {
		rbt_node_t *m;
		rbt_modify(&t->rt, &v->root, key, keylen, &m);
		db_node_t *n = (db_node_t *)m;
		db_rrsets_retire(v, n->sets);
		n->sets = NULL;
		n->flags = (uint16_t)(db_flags_of(NULL, apex) |
				      (n->flags & DB_NODE_WILDCHILD));
		return;
	}
	db_rrsets_retire(v, old->sets);
	rbt_delete(&t->rt, &v->root, key, keylen);
	v->nodes--;
	for (unsigned l = labels - 1; l > apexlabels; l--) {
		const db_node_t *a = (const db_node_t *)rbt_find(v->root, key,
								 ends[l]);
		if (a == NULL || a->sets != NULL ||
		    has_descendant(v->root, key, ends[l])) {
			break;
		}
		rbt_delete(&t->rt, &v->root, key, ends[l]);
		v->nodes--;
		if (is_wild(wire + offs[labels - l])) {
			set_wildchild(t, key, ends[l - 1], false);
		}
	}
	if (wild) {
		set_wildchild(t, key, ends[labels - 1], false);
	}
}

static void
update_nsec3(txn_t *t, const uint8_t *wire, uint8_t wirelen,
	     const uint8_t *key, uint16_t keylen) {
	db_version_t *v = t->nv;
	db_rrsets_t *sets = db_rrsets_build(NULL, v->gen, t->cur.v, t->cur.n);
	rbt_node_t *m;
	if (rbt_modify(&t->rt, &v->nsec3root, key, keylen, &m) == R_OK) {
		db_node_t *n = (db_node_t *)m;
		db_rrsets_retire(v, n->sets);
		if (sets != NULL) {
			n->sets = sets;
			return;
		}
		n->sets = NULL;
		rbt_delete(&t->rt, &v->nsec3root, key, keylen);
		v->nsec3nodes--;
		return;
	}
	if (sets == NULL) {
		return;
	}
	db_node_t *n = db_node_new(NULL, v->gen, wire, wirelen, key, keylen);
	n->sets = sets;
	n->flags = DB_NODE_NSEC3TREE;
	rbt_insert(&t->rt, &v->nsec3root, &n->rb, NULL);
	v->nsec3nodes++;
}

/* Applies entries items[i..j) (one owner, one tree). */
static result_t
apply_owner(txn_t *t, const changeset_t *cs, const item_t *items, size_t i,
	    size_t j) {
	const item_t *it = &items[i];
	rbt_node_t *root = it->tree ? t->nv->nsec3root : t->nv->root;
	const db_node_t *node = (const db_node_t *)rbt_find(root, it->key,
							    it->keylen);
	t->old.n = 0;
	t->cur.n = 0;
	if (node != NULL) {
		size_t cnt = db_node_rr_count(node);
		for (size_t k = 0; k < cnt; k++) {
			db_rrref_t z = {0};
			refvec_push(&t->old, &z);
		}
		db_node_expand(node, t->old.v);
		if (t->old.n > 1) {
			qsort(t->old.v, t->old.n, sizeof(db_rrref_t),
			      ref_qsort);
		}
		for (size_t k = 0; k < t->old.n; k++) {
			refvec_push(&t->cur, &t->old.v[k]);
		}
	}
	changeset_rr_t e;
	for (size_t k = i; k < j; k++) {
		changeset_get(cs, items[k].idx, &e);
		result_t r = apply_entry(t, &e, it->tree);
		if (r != R_OK) {
			return r;
		}
	}
	if (t->cur.n > 1) {
		qsort(t->cur.v, t->cur.n, sizeof(db_rrref_t), ref_qsort);
	}
	if (!db_refs_fit(t->cur.v, t->cur.n)) {
		return R_RANGE;
	}
	bool changed;
	changeset_get(cs, it->idx, &e);
	result_t r = record_diff(t, e.owner, e.ownerlen, &changed);
	if (r != R_OK || !changed) {
		return r;
	}
	/* the node keeps the case it was first stored with */
	const uint8_t *wire = node != NULL ? db_node_wire(node) : e.owner;
	uint8_t wirelen = node != NULL ? node->namelen : e.ownerlen;
	if (it->tree) {
		update_nsec3(t, wire, wirelen, it->key, it->keylen);
	} else {
		update_main(t, wire, wirelen, it->key, it->keylen);
	}
	return R_OK;
}

/* Builds the work list: one item per entry and tree it touches. */
static result_t
make_items(db_t *db, const changeset_t *cs, item_t **out, size_t *nout) {
	size_t n = changeset_count(cs);
	item_t *items = malloc((2 * n + 1) * sizeof(*items));
	if (items == NULL) {
		return R_NOMEMORY;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		changeset_rr_t e;
		changeset_get(cs, i, &e);
		name_t owner;
		size_t used;
		if (name_fromwire_raw(&owner, e.owner, e.ownerlen, &used) !=
			    R_OK ||
		    used != e.ownerlen)
		{
			free(items);
			return R_FORMERR;
		}
		if (!name_issubdomain(&owner, &db->origin)) {
			free(items);
			return R_NOTZONETOP;
		}
		bool main = true, nsec3 = false;
		if (e.op == CHANGESET_DELNAME ||
		    (e.op == CHANGESET_DELRRSET && e.type == RRTYPE_RRSIG)) {
			nsec3 = true;
		} else if (db_is_nsec3_type(e.type, covers_of(&e))) {
			main = false;
			nsec3 = true;
		}
		for (int tree = 0; tree < 2; tree++) {
			if ((tree == 0 && !main) || (tree == 1 && !nsec3)) {
				continue;
			}
			item_t *it = &items[k++];
			it->idx = i;
			it->tree = (uint8_t)tree;
			db_key(e.owner, it->key, &it->keylen, NULL);
		}
	}
	qsort(items, k, sizeof(*items), item_compare);
	*out = items;
	*nout = k;
	return R_OK;
}

result_t
db_apply(db_t *db, const changeset_t *cs, unsigned flags) {
	item_t *items;
	size_t nitems;
	result_t r = make_items(db, cs, &items, &nitems);
	if (r != R_OK) {
		return r;
	}
	pthread_mutex_lock(&db->wlock);
	txn_t t = {.db = db, .flags = flags};
	t.nv = db_version_new(db, db->current);
	t.rt.gen = t.nv->gen;
	t.rt.clone = db_node_clone;
	t.rt.retire = db_node_retire;
	t.rt.arg = t.nv;
	r = changeset_create(&t.soadel);
	if (r == R_OK) {
		r = changeset_create(&t.dels);
	}
	if (r == R_OK) {
		r = changeset_create(&t.soaadd);
	}
	if (r == R_OK) {
		r = changeset_create(&t.adds);
	}
	for (size_t i = 0; r == R_OK && i < nitems;) {
		size_t j = i + 1;
		while (j < nitems && items[j].tree == items[i].tree &&
		       items[j].keylen == items[i].keylen &&
		       memcmp(items[j].key, items[i].key, items[i].keylen) == 0) {
			j++;
		}
		r = apply_owner(&t, cs, items, i, j);
		i = j;
	}
	if (r == R_OK) {
		r = changeset_create(&t.nv->changes);
	}
	if (r == R_OK) {
		r = changeset_append(t.nv->changes, t.soadel);
	}
	if (r == R_OK) {
		r = changeset_append(t.nv->changes, t.dels);
	}
	if (r == R_OK) {
		r = changeset_append(t.nv->changes, t.soaadd);
	}
	if (r == R_OK) {
		r = changeset_append(t.nv->changes, t.adds);
	}
	changeset_destroy(t.soadel);
	changeset_destroy(t.dels);
	changeset_destroy(t.soaadd);
	changeset_destroy(t.adds);
	free(t.old.v);
	free(t.cur.v);
	free(items);
	if (r != R_OK) {
		db_version_discard(t.nv, false);
		pthread_mutex_unlock(&db->wlock);
		return r;
	}
	t.nv->apex = (const db_node_t *)rbt_find(t.nv->root, db->apexkey,
						 db->apexkeylen);
	db_publish(db, t.nv);
	pthread_mutex_unlock(&db->wlock);
	return R_OK;
}
