/*
 * rbt_test.c - unit tests for zones/rbt.c: key order equals DNSSEC
 * canonical order, insert/delete keep the red-black invariants, bulk build
 * gives valid trees of every size, and path copying leaves every older
 * root exactly as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "zones/rbt.h"

/* Test node: a key of up to 8 bytes and a value. */
typedef struct tnode {
	rbt_node_t rb;
	uint32_t value;
	uint8_t keybuf[8];
} tnode_t;

typedef struct tctx {
	size_t live;	 /* allocated nodes */
	tnode_t **garbage; /* retired nodes of older generations */
	size_t ngarbage, gcap;
	uint32_t gen;
} tctx_t;

static tnode_t *
tnode_new(tctx_t *c, uint32_t k, uint32_t value) {
	tnode_t *n = calloc(1, sizeof(*n));
	assert_non_null(n);
	n->keybuf[0] = (uint8_t)(k >> 24);
	n->keybuf[1] = (uint8_t)(k >> 16);
	n->keybuf[2] = (uint8_t)(k >> 8);
	n->keybuf[3] = (uint8_t)k;
	n->rb.key = n->keybuf;
	n->rb.keylen = 4;
	n->rb.gen = c->gen;
	n->value = value;
	c->live++;
	return n;
}

static rbt_node_t *
t_clone(void *arg, const rbt_node_t *n) {
	tctx_t *c = arg;
	tnode_t *t = malloc(sizeof(*t));
	assert_non_null(t);
	memcpy(t, n, sizeof(*t));
	t->rb.key = t->keybuf;
	c->live++;
	return &t->rb;
}

static void
t_retire(void *arg, rbt_node_t *n) {
	tctx_t *c = arg;
	if (n->gen == c->gen) {
		/* made in this transaction: nobody else can see it */
		free(n);
		c->live--;
		return;
	}
	if (c->ngarbage == c->gcap) {
		c->gcap = c->gcap ? c->gcap * 2 : 64;
		c->garbage = realloc(c->garbage, c->gcap * sizeof(*c->garbage));
		assert_non_null(c->garbage);
	}
	c->garbage[c->ngarbage++] = (tnode_t *)n;
}

static rbt_txn_t
txn_of(tctx_t *c) {
	rbt_txn_t t = {.gen = c->gen, .clone = t_clone, .retire = t_retire,
		       .arg = c};
	return t;
}

static uint32_t
key_of(const rbt_node_t *n) {
	return ((uint32_t)n->key[0] << 24) | ((uint32_t)n->key[1] << 16) |
	       ((uint32_t)n->key[2] << 8) | n->key[3];
}

static void
mkkey(uint32_t k, uint8_t out[4]) {
	out[0] = (uint8_t)(k >> 24);
	out[1] = (uint8_t)(k >> 16);
	out[2] = (uint8_t)(k >> 8);
	out[3] = (uint8_t)k;
}

/* Frees every node reachable from root that is not in the garbage. */
static void
free_tree(tctx_t *c, rbt_node_t *n) {
	if (n == NULL) {
		return;
	}
	free_tree(c, n->left);
	free_tree(c, n->right);
	free(n);
	c->live--;
}

static void
free_garbage(tctx_t *c) {
	for (size_t i = 0; i < c->ngarbage; i++) {
		free(c->garbage[i]);
		c->live--;
	}
	c->ngarbage = 0;
}

static void
test_key_order_is_canonical(void **state) {
	static const char *names[] = {
		"example.",    "a.example.",	"yljkjljk.a.example.",
		"Z.a.example.", "zABC.a.EXAMPLE.", "z.example.",
		"\\001.z.example.", "*.z.example.", "\\200.z.example.",
		"\\000.example.", "\\000\\000.example.", "\\001\\000.example.",
		"a\\000.example.", "a\\000b.example.", "a.b.example.",
		"ab.example.", ".", "com.", "a-.example.", "a\\001.example.",
	};
	size_t n = sizeof(names) / sizeof(names[0]);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			name_t a, b;
			assert_int_equal(name_fromtext(&a, names[i],
						       strlen(names[i]), NULL),
					 R_OK);
			assert_int_equal(name_fromtext(&b, names[j],
						       strlen(names[j]), NULL),
					 R_OK);
			uint8_t ka[RBT_KEYMAX], kb[RBT_KEYMAX];
			uint16_t la, lb;
			rbt_key_fromname(a.wire, ka, &la, NULL);
			rbt_key_fromname(b.wire, kb, &lb, NULL);
			int want = name_compare(&a, &b);
			int got = rbt_key_compare(ka, la, kb, lb);
			want = want < 0 ? -1 : want > 0;
			got = got < 0 ? -1 : got > 0;
			if (want != got) {
				fail_msg("%s vs %s: want %d got %d", names[i],
					 names[j], want, got);
			}
		}
	}
}

static void
test_key_suffix_prefix(void **state) {
	name_t a;
	const char *t = "x.Y.z.";
	assert_int_equal(name_fromtext(&a, t, strlen(t), NULL), R_OK);
	uint8_t k[RBT_KEYMAX];
	uint16_t len, ends[NAME_MAXLABELS + 1];
	rbt_key_fromname(a.wire, k, &len, ends);
	assert_int_equal(len, 6);
	assert_int_equal(ends[1], 0);
	assert_int_equal(ends[2], 2);
	assert_int_equal(ends[3], 4);
	assert_int_equal(ends[4], 6);
	assert_memory_equal(k, "z\0y\0x\0", 6);
	rbt_key_fromname((const uint8_t *)"", k, &len, ends);
	assert_int_equal(len, 0);
}

static void
test_build_all_sizes(void **state) {
	tctx_t c = {.gen = 1};
	for (size_t n = 0; n < 600; n++) {
		rbt_node_t **v = malloc((n + 1) * sizeof(*v));
		for (size_t i = 0; i < n; i++) {
			v[i] = &tnode_new(&c, (uint32_t)(i * 3), 0)->rb;
		}
		rbt_node_t *root = rbt_build(v, n);
		int bh = rbt_check(root);
		if (bh < 0) {
			fail_msg("build of %zu nodes is not a valid tree", n);
		}
		assert_int_equal(rbt_count(root), n);
		/* Inserting and deleting in a built tree keeps it valid. */
		rbt_txn_t t = txn_of(&c);
		rbt_insert(&t, &root, &tnode_new(&c, 1, 0)->rb, NULL);
		assert_true(rbt_check(root) >= 0);
		if (n > 0) {
			uint8_t k[4];
			mkkey((uint32_t)((n / 2) * 3), k);
			assert_int_equal(rbt_delete(&t, &root, k, 4), R_OK);
			assert_true(rbt_check(root) >= 0);
			assert_int_equal(rbt_count(root), n);
		}
		free_tree(&c, root);
		free(v);
	}
	assert_int_equal(c.live, 0);
}

static void
test_find_pred_lower_higher(void **state) {
	tctx_t c = {.gen = 1};
	rbt_node_t *root = NULL;
	rbt_txn_t t = txn_of(&c);
	for (uint32_t k = 10; k <= 100; k += 10) {
		rbt_insert(&t, &root, &tnode_new(&c, k, k)->rb, NULL);
	}
	uint8_t key[4];
	rbt_node_t *pred;
	mkkey(35, key);
	assert_null(rbt_find_pred(root, key, 4, &pred));
	assert_int_equal(key_of(pred), 30);
	assert_int_equal(key_of(rbt_lower(root, key, 4)), 30);
	assert_int_equal(key_of(rbt_higher(root, key, 4)), 40);
	mkkey(40, key);
	rbt_node_t *n = rbt_find_pred(root, key, 4, &pred);
	assert_non_null(n);
	assert_int_equal(key_of(n), 40);
	assert_int_equal(key_of(pred), 30);
	assert_int_equal(key_of(rbt_lower(root, key, 4)), 30);
	assert_int_equal(key_of(rbt_higher(root, key, 4)), 50);
	mkkey(5, key);
	assert_null(rbt_find_pred(root, key, 4, &pred));
	assert_null(pred);
	assert_null(rbt_lower(root, key, 4));
	mkkey(100, key);
	assert_null(rbt_higher(root, key, 4));
	assert_int_equal(key_of(rbt_first(root)), 10);
	assert_int_equal(key_of(rbt_last(root)), 100);
	/* replace keeps the count and changes the value */
	bool rep = false;
	rbt_insert(&t, &root, &tnode_new(&c, 40, 4040)->rb, &rep);
	assert_true(rep);
	mkkey(40, key);
	assert_int_equal(((tnode_t *)rbt_find(root, key, 4))->value, 4040);
	assert_int_equal(rbt_count(root), 10);
	mkkey(41, key);
	assert_int_equal(rbt_delete(&t, &root, key, 4), R_NOTFOUND);
	rbt_node_t *out;
	assert_int_equal(rbt_modify(&t, &root, key, 4, &out), R_NOTFOUND);
	free_tree(&c, root);
	free_garbage(&c);
	assert_int_equal(c.live, 0);
}

/*
 * Random inserts and deletes across many generations; after each
 * generation the tree is checked, and every earlier root is checked to
 * still hold exactly the keys it held when it was made.
 */
#define GENS 60
#define KEYSPACE 400

static void
test_persistence_random(void **state) {
	tctx_t c = {.gen = 1};
	rbt_node_t *roots[GENS + 1];
	static uint8_t present[GENS + 1][KEYSPACE];
	static uint32_t values[GENS + 1][KEYSPACE];
	memset(present, 0, sizeof(present));
	srand(12345);
	rbt_node_t *root = NULL;
	roots[0] = NULL;
	for (int g = 1; g <= GENS; g++) {
		c.gen = (uint32_t)g + 1;
		rbt_txn_t t = txn_of(&c);
		memcpy(present[g], present[g - 1], KEYSPACE);
		memcpy(values[g], values[g - 1], sizeof(values[g]));
		int ops = 1 + rand() % 40;
		for (int o = 0; o < ops; o++) {
			uint32_t k = (uint32_t)(rand() % KEYSPACE);
			uint8_t key[4];
			mkkey(k, key);
			int what = rand() % 3;
			if (what == 0) {
				result_t r = rbt_delete(&t, &root, key, 4);
				assert_int_equal(r, present[g][k] ? R_OK
								  : R_NOTFOUND);
				present[g][k] = 0;
			} else if (what == 1 && present[g][k]) {
				rbt_node_t *m;
				assert_int_equal(
					rbt_modify(&t, &root, key, 4, &m), R_OK);
				assert_int_equal(m->gen, c.gen);
				((tnode_t *)m)->value = (uint32_t)rand();
				values[g][k] = ((tnode_t *)m)->value;
			} else {
				uint32_t val = (uint32_t)rand();
				tnode_t *n = tnode_new(&c, k, val);
				rbt_insert(&t, &root, &n->rb, NULL);
				present[g][k] = 1;
				values[g][k] = val;
			}
			assert_true(rbt_check(root) >= 0);
		}
		roots[g] = root;
		for (int h = 0; h <= g; h++) {
			rbt_iter_t it;
			rbt_node_t *n = rbt_iter_first(&it, roots[h]);
			for (uint32_t k = 0; k < KEYSPACE; k++) {
				if (!present[h][k]) {
					continue;
				}
				assert_non_null(n);
				assert_int_equal(key_of(n), k);
				assert_int_equal(((tnode_t *)n)->value,
						 values[h][k]);
				n = rbt_iter_next(&it);
			}
			assert_null(n);
			assert_true(rbt_check(roots[h]) >= 0);
		}
	}
	/* Every node is either in the last tree or retired exactly once. */
	free_tree(&c, root);
	free_garbage(&c);
	assert_int_equal(c.live, 0);
	free(c.garbage);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_order_is_canonical),
		cmocka_unit_test(test_key_suffix_prefix),
		cmocka_unit_test(test_build_all_sizes),
		cmocka_unit_test(test_find_pred_lower_higher),
		cmocka_unit_test(test_persistence_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
