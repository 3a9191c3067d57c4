/*
 * zonetable.c - a view's zone table: deepest zone containing a name,
 * read lock-free from an RCU-published immutable snapshot.  The contract
 * is in zonetable.h.
 *
 * Shape
 *  - A snapshot is an open-addressing hash table (linear probing) of
 *    entries keyed by the folded wire form of the origin.  Entries are
 *    immutable and shared between successive snapshots; only the slot
 *    array is copied per transaction.
 *  - The hash of a name is built label by label from the root side, so
 *    hashing a query name once gives the hash of every one of its
 *    suffixes (every candidate origin) for free.
 *  - The snapshot counts its zones per label count.  A lookup probes only
 *    the suffix lengths some zone has, deepest first: a view of 50,000
 *    second-level zones probes once or twice per query whatever the
 *    query name's depth.
 *  - The snapshot pointer is read with an acquire load and written with a
 *    release store (what rcu_dereference/rcu_assign_pointer do on every
 *    architecture we build for), spelled as C11 atomics so
 *    ThreadSanitizer can see the ordering.
 *  - Zone names come from configuration, never from the network; query
 *    names only probe.  So a fixed hash seed cannot be used to flood a
 *    chain.
 */
#include "zones/zonetable.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <urcu/urcu-memb.h>

typedef struct zt_entry {
	uint32_t hash;
	uint8_t len;	/* wire length */
	uint8_t labels; /* root label included */
	void *zone;
	/* len octets folded (the key), then len octets as added */
	uint8_t data[];
} zt_entry_t;

typedef struct zt_slot {
	uint32_t hash;
	zt_entry_t *e; /* NULL: empty */
} zt_slot_t;

typedef struct zt_snap {
	size_t cap; /* power of two */
	size_t count;
	unsigned maxlabels; /* deepest origin, 0 when empty */
	uint32_t perdepth[NAME_MAXLABELS + 1]; /* zones per label count */
	zt_slot_t slots[];
} zt_snap_t;

struct zonetable {
	zt_snap_t *snap; /* published; read with acquire */
	pthread_mutex_t wlock;
};

struct zonetable_txn {
	zonetable_t *zt;
	zt_snap_t *snap; /* private until commit */
	zt_entry_t **fresh; /* entries made in this transaction */
	size_t nfresh, capfresh;
	zt_entry_t **retired; /* published entries removed here */
	size_t nretired, capretired;
};

#define ZT_MINCAP 16

static inline uint8_t
zt_fold(uint8_t c) {
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

/* Extends hash h by one label (length octet first), folded: FNV-1a. */
static inline uint32_t
zt_mix_label(uint32_t h, const uint8_t *label) {
	unsigned n = (unsigned)label[0] + 1;

	for (unsigned i = 0; i < n; i++) {
		h ^= zt_fold(label[i]);
		h *= 16777619u;
	}
	return h;
}

/* Final avalanche (murmur3 fmix32) so the low bits index well. */
static inline uint32_t
zt_finish(uint32_t h) {
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

#define ZT_SEED 2166136261u

/* The hash of a whole name, as the suffix walk of zt_lookup computes it. */
static uint32_t
zt_hash_name(const name_t *n) {
	uint32_t h = ZT_SEED;

	for (unsigned k = n->labels; k > 0; k--) {
		h = zt_mix_label(h, n->wire + n->offsets[k - 1]);
	}
	return zt_finish(h);
}

static bool
zt_key_equal(const zt_entry_t *e, const uint8_t *wire, unsigned len) {
	if (e->len != len) {
		return false;
	}
	for (unsigned i = 0; i < len; i++) {
		if (e->data[i] != zt_fold(wire[i])) {
			return false;
		}
	}
	return true;
}

static zt_snap_t *
zt_snap_new(size_t cap) {
	zt_snap_t *s = calloc(1, sizeof(*s) + cap * sizeof(zt_slot_t));

	if (s != NULL) {
		s->cap = cap;
	}
	return s;
}

/* Index of the slot holding the key, or of the empty slot ending its
 * probe run. */
static size_t
zt_probe(const zt_snap_t *s, uint32_t hash, const uint8_t *wire,
	 unsigned len) {
	size_t mask = s->cap - 1;
	size_t i = hash & mask;

	while (s->slots[i].e != NULL) {
		if (s->slots[i].hash == hash &&
		    zt_key_equal(s->slots[i].e, wire, len)) {
			return i;
		}
		i = (i + 1) & mask;
	}
	return i;
}

static void
zt_fill(zonetable_match_t *out, const zt_entry_t *e, bool exact) {
	out->zone = e->zone;
	out->origin = e->data + e->len;
	out->origin_len = e->len;
	out->labels = e->labels;
	out->exact = exact;
}

static const zt_snap_t *
zt_current(const zonetable_t *zt) {
	return __atomic_load_n(&zt->snap, __ATOMIC_ACQUIRE);
}

result_t
zonetable_create(zonetable_t **out) {
	zonetable_t *zt = calloc(1, sizeof(*zt));

	if (zt == NULL) {
		return R_NOMEMORY;
	}
	zt->snap = zt_snap_new(ZT_MINCAP);
	if (zt->snap == NULL) {
		free(zt);
		return R_NOMEMORY;
	}
	pthread_mutex_init(&zt->wlock, NULL);
	*out = zt;
	return R_OK;
}

void
zonetable_destroy(zonetable_t *zt, void (*free_zone)(void *zone, void *arg),
		  void *arg) {
	if (zt == NULL) {
		return;
	}
	zt_snap_t *s = zt->snap;
	for (size_t i = 0; i < s->cap; i++) {
		zt_entry_t *e = s->slots[i].e;
		if (e == NULL) {
			continue;
		}
		if (free_zone != NULL) {
			free_zone(e->zone, arg);
		}
		free(e);
	}
	free(s);
	pthread_mutex_destroy(&zt->wlock);
	free(zt);
}

void
zonetable_thread_register(void) {
	urcu_memb_register_thread();
}

void
zonetable_thread_unregister(void) {
	urcu_memb_unregister_thread();
}

void
zonetable_read_begin(void) {
	urcu_memb_read_lock();
}

void
zonetable_read_end(void) {
	urcu_memb_read_unlock();
}

result_t
zonetable_find(const zonetable_t *zt, const name_t *qname,
	       zonetable_match_t *out) {
	const zt_snap_t *s = zt_current(zt);
	uint32_t hs[NAME_MAXLABELS + 1];
	unsigned top = qname->labels;

	if (s->count == 0) {
		return R_NOTFOUND;
	}
	if (top > s->maxlabels) {
		top = s->maxlabels;
	}
	/* hs[k]: unfinished hash of the suffix with k labels. */
	uint32_t h = ZT_SEED;
	for (unsigned k = 1; k <= top; k++) {
		h = zt_mix_label(h, qname->wire + qname->offsets[qname->labels - k]);
		hs[k] = h;
	}
	for (unsigned k = top; k > 0; k--) {
		if (s->perdepth[k] == 0) {
			continue;
		}
		unsigned start = qname->offsets[qname->labels - k];
		const uint8_t *wire = qname->wire + start;
		uint32_t fh = zt_finish(hs[k]);
		size_t i = zt_probe(s, fh, wire, qname->length - start);
		if (s->slots[i].e != NULL) {
			zt_fill(out, s->slots[i].e, k == qname->labels);
			return R_OK;
		}
	}
	return R_NOTFOUND;
}

result_t
zonetable_find_exact(const zonetable_t *zt, const name_t *name,
		     zonetable_match_t *out) {
	const zt_snap_t *s = zt_current(zt);
	size_t i = zt_probe(s, zt_hash_name(name), name->wire, name->length);

	if (s->slots[i].e == NULL) {
		return R_NOTFOUND;
	}
	zt_fill(out, s->slots[i].e, true);
	return R_OK;
}

size_t
zonetable_count(const zonetable_t *zt) {
	return zt_current(zt)->count;
}

void
zonetable_foreach(const zonetable_t *zt,
		  bool (*fn)(void *arg, const zonetable_match_t *m), void *arg) {
	const zt_snap_t *s = zt_current(zt);

	for (size_t i = 0; i < s->cap; i++) {
		const zt_entry_t *e = s->slots[i].e;
		if (e == NULL) {
			continue;
		}
		zonetable_match_t m;
		zt_fill(&m, e, true);
		if (!fn(arg, &m)) {
			return;
		}
	}
}

/* ---- writing ---- */

static bool
zt_push(zt_entry_t ***arr, size_t *n, size_t *cap, zt_entry_t *e) {
	if (*n == *cap) {
		size_t ncap = *cap == 0 ? 8 : *cap * 2;
		zt_entry_t **na = realloc(*arr, ncap * sizeof(*na));
		if (na == NULL) {
			return false;
		}
		*arr = na;
		*cap = ncap;
	}
	(*arr)[(*n)++] = e;
	return true;
}

/* Copy of s with cap slots (cap a power of two >= 2 * s->count). */
static zt_snap_t *
zt_snap_copy(const zt_snap_t *s, size_t cap) {
	zt_snap_t *n = zt_snap_new(cap);

	if (n == NULL) {
		return NULL;
	}
	n->count = s->count;
	n->maxlabels = s->maxlabels;
	memcpy(n->perdepth, s->perdepth, sizeof(n->perdepth));
	if (cap == s->cap) {
		memcpy(n->slots, s->slots, cap * sizeof(zt_slot_t));
		return n;
	}
	for (size_t i = 0; i < s->cap; i++) {
		zt_entry_t *e = s->slots[i].e;
		if (e == NULL) {
			continue;
		}
		size_t j = s->slots[i].hash & (cap - 1);
		while (n->slots[j].e != NULL) {
			j = (j + 1) & (cap - 1);
		}
		n->slots[j] = s->slots[i];
	}
	return n;
}

result_t
zonetable_begin(zonetable_t *zt, zonetable_txn_t **out) {
	zonetable_txn_t *txn = calloc(1, sizeof(*txn));

	if (txn == NULL) {
		return R_NOMEMORY;
	}
	pthread_mutex_lock(&zt->wlock);
	/* Under the writer lock nobody else publishes: a plain read of our
	 * own last store is enough. */
	txn->snap = zt_snap_copy(zt->snap, zt->snap->cap);
	if (txn->snap == NULL) {
		pthread_mutex_unlock(&zt->wlock);
		free(txn);
		return R_NOMEMORY;
	}
	txn->zt = zt;
	*out = txn;
	return R_OK;
}

result_t
zonetable_txn_add(zonetable_txn_t *txn, const name_t *origin, void *zone) {
	zt_snap_t *s = txn->snap;
	uint32_t h = zt_hash_name(origin);

	if (zone == NULL) {
		return R_RANGE;
	}
	size_t i = zt_probe(s, h, origin->wire, origin->length);
	if (s->slots[i].e != NULL) {
		return R_EXISTS;
	}
	/* Keep the load factor at most 1/2 so probe runs stay short. */
	if ((s->count + 1) * 2 > s->cap) {
		zt_snap_t *g = zt_snap_copy(s, s->cap * 2);
		if (g == NULL) {
			return R_NOMEMORY;
		}
		free(s);
		txn->snap = s = g;
		i = zt_probe(s, h, origin->wire, origin->length);
	}
	zt_entry_t *e = malloc(sizeof(*e) + 2 * (size_t)origin->length);
	if (e == NULL) {
		return R_NOMEMORY;
	}
	if (!zt_push(&txn->fresh, &txn->nfresh, &txn->capfresh, e)) {
		free(e);
		return R_NOMEMORY;
	}
	e->hash = h;
	e->len = origin->length;
	e->labels = origin->labels;
	e->zone = zone;
	for (unsigned k = 0; k < origin->length; k++) {
		e->data[k] = zt_fold(origin->wire[k]);
	}
	memcpy(e->data + origin->length, origin->wire, origin->length);
	s->slots[i].hash = h;
	s->slots[i].e = e;
	s->count++;
	s->perdepth[e->labels]++;
	if (e->labels > s->maxlabels) {
		s->maxlabels = e->labels;
	}
	return R_OK;
}

/* Removes slot i with backward-shift deletion (no tombstones, so probe
 * runs never grow with churn). */
static void
zt_slot_delete(zt_snap_t *s, size_t i) {
	size_t mask = s->cap - 1;
	size_t j = i;

	for (;;) {
		j = (j + 1) & mask;
		if (s->slots[j].e == NULL) {
			break;
		}
		size_t home = s->slots[j].hash & mask;
		/* Move j into the hole at i unless its home lies cyclically
		 * in (i, j]. */
		bool stays = (i <= j) ? (i < home && home <= j)
				      : (i < home || home <= j);
		if (!stays) {
			s->slots[i] = s->slots[j];
			i = j;
		}
	}
	s->slots[i].e = NULL;
	s->slots[i].hash = 0;
}

result_t
zonetable_txn_remove(zonetable_txn_t *txn, const name_t *origin, void **old) {
	zt_snap_t *s = txn->snap;
	size_t i = zt_probe(s, zt_hash_name(origin), origin->wire,
			    origin->length);
	zt_entry_t *e = s->slots[i].e;

	if (e == NULL) {
		return R_NOTFOUND;
	}
	/* Find out where the entry goes before touching the table, so an
	 * allocation failure leaves it unchanged. */
	size_t f;
	for (f = 0; f < txn->nfresh; f++) {
		if (txn->fresh[f] == e) {
			break;
		}
	}
	if (f == txn->nfresh &&
	    !zt_push(&txn->retired, &txn->nretired, &txn->capretired, e)) {
		return R_NOMEMORY;
	}
	zt_slot_delete(s, i);
	s->count--;
	s->perdepth[e->labels]--;
	while (s->maxlabels > 0 && s->perdepth[s->maxlabels] == 0) {
		s->maxlabels--;
	}
	if (old != NULL) {
		*old = e->zone;
	}
	if (f < txn->nfresh) {
		/* Never published: nobody else can hold it. */
		txn->fresh[f] = txn->fresh[--txn->nfresh];
		free(e);
	}
	return R_OK;
}

static void
zt_txn_free(zonetable_txn_t *txn) {
	free(txn->fresh);
	free(txn->retired);
	free(txn);
}

result_t
zonetable_commit(zonetable_txn_t *txn) {
	zonetable_t *zt = txn->zt;
	zt_snap_t *prev = zt->snap;

	__atomic_store_n(&zt->snap, txn->snap, __ATOMIC_RELEASE);
	urcu_memb_synchronize_rcu();
	free(prev);
	for (size_t i = 0; i < txn->nretired; i++) {
		free(txn->retired[i]);
	}
	pthread_mutex_unlock(&zt->wlock);
	zt_txn_free(txn);
	return R_OK;
}

void
zonetable_abort(zonetable_txn_t *txn) {
	if (txn == NULL) {
		return;
	}
	for (size_t i = 0; i < txn->nfresh; i++) {
		free(txn->fresh[i]);
	}
	free(txn->snap);
	pthread_mutex_unlock(&txn->zt->wlock);
	zt_txn_free(txn);
}

result_t
zonetable_add(zonetable_t *zt, const name_t *origin, void *zone) {
	zonetable_txn_t *txn;
	result_t r = zonetable_begin(zt, &txn);

	if (r != R_OK) {
		return r;
	}
	r = zonetable_txn_add(txn, origin, zone);
	if (r != R_OK) {
		zonetable_abort(txn);
		return r;
	}
	return zonetable_commit(txn);
}

result_t
zonetable_remove(zonetable_t *zt, const name_t *origin, void **old) {
	zonetable_txn_t *txn;
	void *z = NULL;
	result_t r = zonetable_begin(zt, &txn);

	if (r != R_OK) {
		return r;
	}
	r = zonetable_txn_remove(txn, origin, &z);
	if (r != R_OK) {
		zonetable_abort(txn);
		return r;
	}
	zonetable_commit(txn);
	if (old != NULL) {
		*old = z;
	}
	return R_OK;
}
