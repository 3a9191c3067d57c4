/*
 * rbt.c - persistent left-leaning red-black tree (see rbt.h).
 *
 * The balancing is Sedgewick's left-leaning red-black tree (a 2-3 tree:
 * a red link only ever leans left and no node has two red links), whose
 * insert and delete are short recursive functions.  Persistence comes from
 * one rule: before a node is written it goes through cow(), which copies
 * it unless the current transaction made it.  Colours live in the child,
 * so colour flips copy both children too; that is still O(log n) nodes.
 *
 * Depth is bounded by 2 log2(n + 1), so the recursion is shallow.
 */
#include "zones/rbt.h"

#include <stdlib.h>
#include <string.h>

static inline bool
is_red(const rbt_node_t *n) {
	return n != NULL && n->red;
}

/*
 * The search hot path: keys are short (tens of octets), so compare eight
 * octets at a time inline instead of calling memcmp.
 */
static inline int
key_cmp(const uint8_t *key, size_t keylen, const uint8_t *b, size_t blen) {
	size_t m = keylen < blen ? keylen : blen;
	size_t i = 0;
	for (; i + 8 <= m; i += 8) {
		uint64_t x, y;
		memcpy(&x, key + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* memcmp order is big-endian integer order */
			x = __builtin_bswap64(x);
			y = __builtin_bswap64(y);
#endif
			return x < y ? -1 : 1;
		}
	}
	for (; i < m; i++) {
		if (key[i] != b[i]) {
			return key[i] < b[i] ? -1 : 1;
		}
	}
	return keylen < blen ? -1 : (keylen > blen ? 1 : 0);
}

int
rbt_key_compare(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
	return key_cmp(a, alen, b, blen);
}

static inline int
cmp_node(const uint8_t *key, size_t keylen, const rbt_node_t *n) {
	return key_cmp(key, keylen, n->key, n->keylen);
}

/* Both children are fetched while this node's key is compared: the walk
 * is bound by memory latency, not by the comparisons. */
static inline void
prefetch_children(const rbt_node_t *n) {
	__builtin_prefetch(n->left);
	__builtin_prefetch(n->right);
}

void
rbt_key_fromname(const uint8_t *wire, uint8_t *key, uint16_t *len,
		 uint16_t *labelend) {
	uint8_t offs[NAME_MAXLABELS];
	unsigned n = 0;
	size_t pos = 0;

	/* Offsets of the non-root labels, left to right. */
	while (wire[pos] != 0 && n < NAME_MAXLABELS) {
		offs[n++] = (uint8_t)pos;
		pos += 1 + (size_t)wire[pos];
	}
	size_t k = 0;
	if (labelend != NULL) {
		labelend[1] = 0;
	}
	for (unsigned i = n; i-- > 0;) {
		const uint8_t *lab = wire + offs[i];
		for (unsigned j = 1; j <= lab[0]; j++) {
			uint8_t c = lab[j];
			if (c >= 'A' && c <= 'Z') {
				c = (uint8_t)(c + 32);
			}
			/* 0x00 ends a label, so it and the escape octet
			 * itself are escaped, keeping memcmp order. */
			if (c <= 1) {
				key[k++] = 1;
				key[k++] = (uint8_t)(c + 1);
			} else {
				key[k++] = c;
			}
		}
		key[k++] = 0;
		if (labelend != NULL) {
			labelend[n - i + 1] = (uint16_t)k;
		}
	}
	*len = (uint16_t)k;
}

rbt_node_t *
rbt_find(const rbt_node_t *root, const uint8_t *key, size_t keylen) {
	const rbt_node_t *n = root;
	while (n != NULL) {
		prefetch_children(n);
		int c = cmp_node(key, keylen, n);
		if (c == 0) {
			return (rbt_node_t *)(uintptr_t)n;
		}
		n = c < 0 ? n->left : n->right;
	}
	return NULL;
}

rbt_node_t *
rbt_find_pred(const rbt_node_t *root, const uint8_t *key, size_t keylen,
	      rbt_node_t **pred) {
	const rbt_node_t *n = root;
	const rbt_node_t *p = NULL;
	while (n != NULL) {
		prefetch_children(n);
		int c = cmp_node(key, keylen, n);
		if (c == 0) {
			if (n->left != NULL) {
				p = n->left;
				while (p->right != NULL) {
					p = p->right;
				}
			}
			*pred = (rbt_node_t *)(uintptr_t)p;
			return (rbt_node_t *)(uintptr_t)n;
		}
		if (c < 0) {
			n = n->left;
		} else {
			p = n;
			n = n->right;
		}
	}
	*pred = (rbt_node_t *)(uintptr_t)p;
	return NULL;
}

rbt_node_t *
rbt_lower(const rbt_node_t *root, const uint8_t *key, size_t keylen) {
	const rbt_node_t *n = root;
	const rbt_node_t *cand = NULL;
	while (n != NULL) {
		if (cmp_node(key, keylen, n) > 0) {
			cand = n;
			n = n->right;
		} else {
			n = n->left;
		}
	}
	return (rbt_node_t *)(uintptr_t)cand;
}

rbt_node_t *
rbt_higher(const rbt_node_t *root, const uint8_t *key, size_t keylen) {
	const rbt_node_t *n = root;
	const rbt_node_t *cand = NULL;
	while (n != NULL) {
		if (cmp_node(key, keylen, n) < 0) {
			cand = n;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return (rbt_node_t *)(uintptr_t)cand;
}

rbt_node_t *
rbt_first(const rbt_node_t *root) {
	const rbt_node_t *n = root;
	while (n != NULL && n->left != NULL) {
		n = n->left;
	}
	return (rbt_node_t *)(uintptr_t)n;
}

rbt_node_t *
rbt_last(const rbt_node_t *root) {
	const rbt_node_t *n = root;
	while (n != NULL && n->right != NULL) {
		n = n->right;
	}
	return (rbt_node_t *)(uintptr_t)n;
}

/* ---- copy on write ---- */

static rbt_node_t *
cow(rbt_txn_t *txn, rbt_node_t *n) {
	if (n == NULL || n->gen == txn->gen) {
		return n;
	}
	rbt_node_t *c = txn->clone(txn->arg, n);
	if (c == NULL) {
		abort(); /* out of memory: see rbt_txn_t.clone */
	}
	c->gen = txn->gen;
	txn->retire(txn->arg, n);
	return c;
}

/* h is writable in all the helpers below. */
static rbt_node_t *
rotate_left(rbt_txn_t *txn, rbt_node_t *h) {
	rbt_node_t *x = cow(txn, h->right);
	h->right = x->left;
	x->left = h;
	x->red = h->red;
	h->red = 1;
	return x;
}

static rbt_node_t *
rotate_right(rbt_txn_t *txn, rbt_node_t *h) {
	rbt_node_t *x = cow(txn, h->left);
	h->left = x->right;
	x->right = h;
	x->red = h->red;
	h->red = 1;
	return x;
}

static void
flip_colors(rbt_txn_t *txn, rbt_node_t *h) {
	h->red = !h->red;
	h->left = cow(txn, h->left);
	h->left->red = !h->left->red;
	h->right = cow(txn, h->right);
	h->right->red = !h->right->red;
}

static rbt_node_t *
fixup(rbt_txn_t *txn, rbt_node_t *h) {
	if (is_red(h->right) && !is_red(h->left)) {
		h = rotate_left(txn, h);
	}
	if (is_red(h->left) && is_red(h->left->left)) {
		h = rotate_right(txn, h);
	}
	if (is_red(h->left) && is_red(h->right)) {
		flip_colors(txn, h);
	}
	return h;
}

static rbt_node_t *
put(rbt_txn_t *txn, rbt_node_t *h, rbt_node_t *node, bool *replaced) {
	if (h == NULL) {
		return node;
	}
	int c = cmp_node(node->key, node->keylen, h);
	if (c == 0) {
		node->left = h->left;
		node->right = h->right;
		node->red = h->red;
		*replaced = true;
		txn->retire(txn->arg, h);
		return node;
	}
	h = cow(txn, h);
	if (c < 0) {
		h->left = put(txn, h->left, node, replaced);
	} else {
		h->right = put(txn, h->right, node, replaced);
	}
	return fixup(txn, h);
}

result_t
rbt_insert(rbt_txn_t *txn, rbt_node_t **root, rbt_node_t *node,
	   bool *replaced) {
	bool rep = false;
	node->left = NULL;
	node->right = NULL;
	node->red = 1;
	rbt_node_t *r = put(txn, *root, node, &rep);
	if (r->red) {
		r = cow(txn, r);
		r->red = 0;
	}
	*root = r;
	if (replaced != NULL) {
		*replaced = rep;
	}
	return R_OK;
}

result_t
rbt_modify(rbt_txn_t *txn, rbt_node_t **root, const uint8_t *key,
	   size_t keylen, rbt_node_t **out) {
	if (rbt_find(*root, key, keylen) == NULL) {
		return R_NOTFOUND;
	}
	rbt_node_t **slot = root;
	for (;;) {
		rbt_node_t *n = cow(txn, *slot);
		*slot = n;
		int c = cmp_node(key, keylen, n);
		if (c == 0) {
			*out = n;
			return R_OK;
		}
		slot = c < 0 ? &n->left : &n->right;
	}
}

static rbt_node_t *
move_red_left(rbt_txn_t *txn, rbt_node_t *h) {
	flip_colors(txn, h);
	if (is_red(h->right->left)) {
		h->right = rotate_right(txn, h->right);
		h = rotate_left(txn, h);
		flip_colors(txn, h);
	}
	return h;
}

static rbt_node_t *
move_red_right(rbt_txn_t *txn, rbt_node_t *h) {
	flip_colors(txn, h);
	if (is_red(h->left->left)) {
		h = rotate_right(txn, h);
		flip_colors(txn, h);
	}
	return h;
}

/* Removes the minimum of h's subtree without retiring it: *min gets the
 * node (unchanged, possibly shared) so the caller can move it. */
static rbt_node_t *
delete_min(rbt_txn_t *txn, rbt_node_t *h, rbt_node_t **min) {
	if (h->left == NULL) {
		/* In a left-leaning tree a node without a left child has
		 * no right child either. */
		*min = h;
		return NULL;
	}
	h = cow(txn, h);
	if (!is_red(h->left) && !is_red(h->left->left)) {
		h = move_red_left(txn, h);
	}
	h->left = delete_min(txn, h->left, min);
	return fixup(txn, h);
}

static rbt_node_t *
del(rbt_txn_t *txn, rbt_node_t *h, const uint8_t *key, size_t keylen) {
	h = cow(txn, h);
	if (cmp_node(key, keylen, h) < 0) {
		if (!is_red(h->left) && !is_red(h->left->left)) {
			h = move_red_left(txn, h);
		}
		h->left = del(txn, h->left, key, keylen);
		return fixup(txn, h);
	}
	if (is_red(h->left)) {
		h = rotate_right(txn, h);
	}
	if (cmp_node(key, keylen, h) == 0 && h->right == NULL) {
		txn->retire(txn->arg, h);
		return NULL;
	}
	if (!is_red(h->right) && !is_red(h->right->left)) {
		h = move_red_right(txn, h);
	}
	if (cmp_node(key, keylen, h) == 0) {
		rbt_node_t *m = NULL;
		h->right = delete_min(txn, h->right, &m);
		m = cow(txn, m);
		m->left = h->left;
		m->right = h->right;
		m->red = h->red;
		txn->retire(txn->arg, h);
		h = m;
	} else {
		h->right = del(txn, h->right, key, keylen);
	}
	return fixup(txn, h);
}

result_t
rbt_delete(rbt_txn_t *txn, rbt_node_t **root, const uint8_t *key,
	   size_t keylen) {
	if (rbt_find(*root, key, keylen) == NULL) {
		return R_NOTFOUND;
	}
	rbt_node_t *r = cow(txn, *root);
	if (!is_red(r->left) && !is_red(r->right)) {
		r->red = 1;
	}
	r = del(txn, r, key, keylen);
	if (r != NULL && r->red) {
		r->red = 0; /* del() returns a writable root */
	}
	*root = r;
	return R_OK;
}

/* ---- bulk build ---- */

/* Most nodes a 2-3 tree of black height bh can hold: 3^bh - 1. */
static size_t
cap23(unsigned bh) {
	size_t c = 1;
	for (unsigned i = 0; i < bh; i++) {
		if (c > SIZE_MAX / 3) {
			return SIZE_MAX;
		}
		c *= 3;
	}
	return c - 1;
}

/*
 * Builds a subtree of n nodes with black height bh; requires
 * 2^bh - 1 <= n <= 3^bh - 1.  A root is a 2-node (black) when both halves
 * fit below it, else a 3-node (black with a red left child) over three
 * near-equal thirds; either way every part stays within the bounds.
 */
static rbt_node_t *
build(rbt_node_t **nodes, size_t n, unsigned bh) {
	if (n == 0) {
		return NULL;
	}
	size_t cap = cap23(bh - 1);
	if (n / 2 <= cap) { /* n / 2 == ceil((n - 1) / 2) */
		size_t left = n / 2;
		rbt_node_t *r = nodes[left];
		r->left = build(nodes, left, bh - 1);
		r->right = build(nodes + left + 1, n - 1 - left, bh - 1);
		r->red = 0;
		return r;
	}
	size_t rest = n - 2;
	size_t a = (rest + 2) / 3, b = (rest + 1) / 3, c = rest / 3;
	rbt_node_t *k1 = nodes[a];
	rbt_node_t *k2 = nodes[a + 1 + b];
	k1->left = build(nodes, a, bh - 1);
	k1->right = build(nodes + a + 1, b, bh - 1);
	k1->red = 1;
	k2->left = k1;
	k2->right = build(nodes + a + 2 + b, c, bh - 1);
	k2->red = 0;
	return k2;
}

rbt_node_t *
rbt_build(rbt_node_t **nodes, size_t n) {
	unsigned bh = 0;
	while (bh < 63 && (((size_t)1 << (bh + 1)) - 1) <= n) {
		bh++;
	}
	return build(nodes, n, bh);
}

/* ---- checks and walks ---- */

static int
check(const rbt_node_t *n, const rbt_node_t **prev, bool parent_red) {
	if (n == NULL) {
		return 0;
	}
	if (is_red(n->right)) {
		return -1;
	}
	if (n->red && parent_red) {
		return -1;
	}
	int l = check(n->left, prev, n->red);
	if (l < 0) {
		return -1;
	}
	if (*prev != NULL &&
	    rbt_key_compare((*prev)->key, (*prev)->keylen, n->key,
			    n->keylen) >= 0) {
		return -1;
	}
	*prev = n;
	int r = check(n->right, prev, n->red);
	if (r < 0 || r != l) {
		return -1;
	}
	return l + (n->red ? 0 : 1);
}

int
rbt_check(const rbt_node_t *root) {
	const rbt_node_t *prev = NULL;
	if (root != NULL && root->red) {
		return -1;
	}
	return check(root, &prev, false);
}

size_t
rbt_count(const rbt_node_t *root) {
	rbt_iter_t it;
	size_t c = 0;
	for (rbt_node_t *n = rbt_iter_first(&it, root); n != NULL;
	     n = rbt_iter_next(&it)) {
		c++;
	}
	return c;
}

static void
push_left(rbt_iter_t *it, const rbt_node_t *n) {
	while (n != NULL && it->depth < RBT_MAXDEPTH) {
		it->stack[it->depth++] = n;
		n = n->left;
	}
}

rbt_node_t *
rbt_iter_first(rbt_iter_t *it, const rbt_node_t *root) {
	it->depth = 0;
	push_left(it, root);
	return rbt_iter_next(it);
}

rbt_node_t *
rbt_iter_next(rbt_iter_t *it) {
	if (it->depth == 0) {
		return NULL;
	}
	const rbt_node_t *n = it->stack[--it->depth];
	push_left(it, n->right);
	return (rbt_node_t *)(uintptr_t)n;
}
