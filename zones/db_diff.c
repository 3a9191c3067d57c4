/*
 * db_diff.c - db_diff(): the changeset between two versions, by a merge
 * walk of both trees in canonical order.  Nodes that are the same object
 * in both versions (shared by path copying) are skipped without reading
 * their data, so diffing two close versions costs a walk, not a compare
 * of every RRset.
 */
#include "zones/db_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct dctx {
	changeset_t *soadel, *dels, *soaadd, *adds;
	db_rrref_t *a, *b;
	size_t acap, bcap;
} dctx_t;

static db_rrref_t *
fit(db_rrref_t *v, size_t *cap, size_t need) {
	if (need <= *cap) {
		return v;
	}
	size_t ncap = need < 16 ? 16 : need;
	db_rrref_t *n = realloc(v, ncap * sizeof(*n));
	if (n == NULL) {
		abort(); /* out of memory */
	}
	*cap = ncap;
	return n;
}

static result_t
emit(dctx_t *c, changeset_op_t op, const db_node_t *n, const db_rrref_t *r) {
	changeset_t *cs;
	if (r->type == RRTYPE_SOA) {
		cs = op == CHANGESET_DEL ? c->soadel : c->soaadd;
	} else {
		cs = op == CHANGESET_DEL ? c->dels : c->adds;
	}
	return changeset_add_wire(cs, op, db_node_wire(n),
				  (uint8_t)db_node_wirelen(n), r->type, r->ttl,
				  r->rdata, r->rdlen);
}

/* Differences between the RRs of na (may be NULL) and nb (may be NULL). */
static result_t
diff_nodes(dctx_t *c, const db_node_t *na, const db_node_t *nb) {
	size_t an = 0, bn = 0;
	if (na != NULL) {
		c->a = fit(c->a, &c->acap, db_node_rr_count(na));
		an = db_node_expand(na, c->a);
	}
	if (nb != NULL) {
		c->b = fit(c->b, &c->bcap, db_node_rr_count(nb));
		bn = db_node_expand(nb, c->b);
	}
	size_t i = 0, j = 0;
	while (i < an || j < bn) {
		int cmp = i == an   ? 1
			  : j == bn ? -1
				    : db_rrref_compare(&c->a[i], &c->b[j]);
		result_t r = R_OK;
		if (cmp < 0) {
			r = emit(c, CHANGESET_DEL, na, &c->a[i++]);
		} else if (cmp > 0) {
			r = emit(c, CHANGESET_ADD, nb, &c->b[j++]);
		} else {
			if (c->a[i].ttl != c->b[j].ttl) {
				r = emit(c, CHANGESET_DEL, na, &c->a[i]);
				if (r == R_OK) {
					r = emit(c, CHANGESET_ADD, nb, &c->b[j]);
				}
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

static result_t
diff_trees(dctx_t *c, const rbt_node_t *ra, const rbt_node_t *rb) {
	rbt_iter_t *ia = malloc(sizeof(*ia)), *ib = malloc(sizeof(*ib));
	if (ia == NULL || ib == NULL) {
		free(ia);
		free(ib);
		return R_NOMEMORY;
	}
	const rbt_node_t *x = rbt_iter_first(ia, ra);
	const rbt_node_t *y = rbt_iter_first(ib, rb);
	result_t r = R_OK;
	while (r == R_OK && (x != NULL || y != NULL)) {
		int cmp = x == NULL   ? 1
			  : y == NULL ? -1
				      : rbt_key_compare(x->key, x->keylen,
							y->key, y->keylen);
		if (cmp < 0) {
			r = diff_nodes(c, (const db_node_t *)x, NULL);
			x = rbt_iter_next(ia);
		} else if (cmp > 0) {
			r = diff_nodes(c, NULL, (const db_node_t *)y);
			y = rbt_iter_next(ib);
		} else {
			const db_node_t *na = (const db_node_t *)x;
			const db_node_t *nb = (const db_node_t *)y;
			if (na != nb && na->sets != nb->sets) {
				r = diff_nodes(c, na, nb);
			}
			x = rbt_iter_next(ia);
			y = rbt_iter_next(ib);
		}
	}
	free(ia);
	free(ib);
	return r;
}

result_t
db_diff(const db_version_t *a, const db_version_t *b, changeset_t **out) {
	dctx_t c = {0};
	changeset_t *res = NULL;
	result_t r = changeset_create(&c.soadel);
	if (r == R_OK) {
		r = changeset_create(&c.dels);
	}
	if (r == R_OK) {
		r = changeset_create(&c.soaadd);
	}
	if (r == R_OK) {
		r = changeset_create(&c.adds);
	}
	if (r == R_OK) {
		r = diff_trees(&c, a->root, b->root);
	}
	if (r == R_OK) {
		r = diff_trees(&c, a->nsec3root, b->nsec3root);
	}
	if (r == R_OK) {
		r = changeset_create(&res);
	}
	if (r == R_OK) {
		r = changeset_append(res, c.soadel);
	}
	if (r == R_OK) {
		r = changeset_append(res, c.dels);
	}
	if (r == R_OK) {
		r = changeset_append(res, c.soaadd);
	}
	if (r == R_OK) {
		r = changeset_append(res, c.adds);
	}
	changeset_destroy(c.soadel);
	changeset_destroy(c.dels);
	changeset_destroy(c.soaadd);
	changeset_destroy(c.adds);
	free(c.a);
	free(c.b);
	if (r != R_OK) {
		changeset_destroy(res);
		return r;
	}
	*out = res;
	return R_OK;
}
