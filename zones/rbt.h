/*
 * rbt.h - persistent (path-copying) left-leaning red-black tree of byte
 * string keys, ordered by memcmp (shorter key first on a common prefix).
 *
 * The database (db.c) stores owner names under a key whose memcmp order is
 * DNSSEC canonical order (rbt_key_fromname); this module knows nothing of
 * DNS beyond that conversion.
 *
 * Persistence: a tree is a root pointer; a version is immutable once
 * published.  Writers work in a transaction (rbt_txn_t) with a generation
 * number: a node whose gen equals the transaction's may be changed in
 * place (the writer made it and nobody else can see it yet); any other
 * node is first copied through txn->clone, and the original handed to
 * txn->retire (the caller frees it once no reader of an older version can
 * reach it).  So an insert or delete costs O(log n) time and copies
 * O(log n) nodes, and every node reachable from an older root is left
 * untouched.
 *
 * Nodes are embedded in the caller's structures (rbt_node_t first); the
 * caller owns their memory.  key points into the caller's node and must
 * stay valid and unchanged while the node is in a tree.
 */
#ifndef BINDERY_RBT_H
#define BINDERY_RBT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/name.h"
#include "zones/result.h"

/* Deepest possible path: 2 log2(2^32) plus slack. */
#define RBT_MAXDEPTH 96
/* Longest key rbt_key_fromname can produce: every octet escaped. */
#define RBT_KEYMAX (2 * NAME_MAXWIRE + 2)

typedef struct rbt_node rbt_node_t;
struct rbt_node {
	rbt_node_t *left;
	rbt_node_t *right;
	const uint8_t *key;
	uint32_t gen;	 /* generation (transaction) that created the node */
	uint16_t keylen;
	uint8_t red;	 /* colour of the link from the parent */
	uint8_t user;	 /* free for the embedding structure */
};

typedef struct rbt_txn {
	uint32_t gen;
	/* Returns a copy of n (payload included, key pointing into the copy)
	 * with gen set to txn->gen.  Must not fail (out of memory aborts,
	 * as STYLE allows): a half-copied path could not be undone. */
	rbt_node_t *(*clone)(void *arg, const rbt_node_t *n);
	/* n is no longer part of the tree being built. */
	void (*retire)(void *arg, rbt_node_t *n);
	void *arg;
} rbt_txn_t;

/*
 * Writes the key of name into key[RBT_KEYMAX] and its length into *len:
 * labels from the root side, each label lowercased with octets 0x00 and
 * 0x01 escaped as 0x01 0x01 / 0x01 0x02, and a 0x00 after each label.
 * memcmp order of keys equals name_compare() order; the key of an
 * ancestor is a prefix of the key of its descendants, and the key of the
 * suffix of n with the last k labels is key[0 .. labelend[k]) when
 * labelend (NAME_MAXLABELS + 1 entries, may be NULL) is given:
 * labelend[1] is 0 (the root), labelend[k] the end of the key of the
 * k-label suffix.
 */
void rbt_key_fromname(const uint8_t *wire, uint8_t *key, uint16_t *len,
		      uint16_t *labelend);

/* memcmp-then-length order of two keys. */
int rbt_key_compare(const uint8_t *a, size_t alen, const uint8_t *b,
		    size_t blen);

/* The node with key, or NULL. */
rbt_node_t *rbt_find(const rbt_node_t *root, const uint8_t *key,
		     size_t keylen);

/*
 * Exact match or, if none, the greatest node below key (*pred, NULL if
 * key is below every node).  Returns the exact node or NULL; *pred is
 * set in both cases (to the exact node's predecessor when found).
 */
rbt_node_t *rbt_find_pred(const rbt_node_t *root, const uint8_t *key,
			  size_t keylen, rbt_node_t **pred);

/* Greatest node with key < given key / least with key > given; NULL. */
rbt_node_t *rbt_lower(const rbt_node_t *root, const uint8_t *key,
		      size_t keylen);
rbt_node_t *rbt_higher(const rbt_node_t *root, const uint8_t *key,
		       size_t keylen);
rbt_node_t *rbt_first(const rbt_node_t *root);
rbt_node_t *rbt_last(const rbt_node_t *root);

/*
 * Inserts node (gen = txn->gen set by the caller; links and colour are
 * set here) into *root.  If a node with the same key exists it is
 * replaced by node (the old one retired) and *replaced (if not NULL) is
 * set true.  Always R_OK.
 */
result_t rbt_insert(rbt_txn_t *txn, rbt_node_t **root, rbt_node_t *node,
		    bool *replaced);

/*
 * Copies the path to the node with key and returns that node, writable
 * (gen == txn->gen), in *out.  R_NOTFOUND if absent.
 */
result_t rbt_modify(rbt_txn_t *txn, rbt_node_t **root, const uint8_t *key,
		    size_t keylen, rbt_node_t **out);

/* Removes the node with key (retired).  R_NOTFOUND if absent. */
result_t rbt_delete(rbt_txn_t *txn, rbt_node_t **root, const uint8_t *key,
		    size_t keylen);

/*
 * Builds a valid tree from nodes[0..n) sorted by strictly increasing key,
 * in O(n); links and colours are overwritten.  Returns the root (NULL for
 * n == 0).
 */
rbt_node_t *rbt_build(rbt_node_t **nodes, size_t n);

/*
 * Checks the invariants (order, no red right link, no two reds in a row,
 * equal black height).  Returns the black height, or -1 if broken.
 * For tests.
 */
int rbt_check(const rbt_node_t *root);

/* Number of nodes (O(n)). */
size_t rbt_count(const rbt_node_t *root);

/* In-order iteration with an explicit stack. */
typedef struct rbt_iter {
	const rbt_node_t *stack[RBT_MAXDEPTH];
	unsigned depth;
} rbt_iter_t;

rbt_node_t *rbt_iter_first(rbt_iter_t *it, const rbt_node_t *root);
rbt_node_t *rbt_iter_next(rbt_iter_t *it);

#endif
