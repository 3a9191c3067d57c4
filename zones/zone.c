/*
 * zone.c - the tools' in-memory zone (see zone.h for the contract).
 *
 * Memory: every node, RRset and rdata is carved out of an arena of large
 * chunks, so loading a million records costs a few hundred mallocs, and
 * zone_destroy() frees the chunks in one walk.  Only the hash bucket array
 * and the sorted node array are separate allocations (grown
 * geometrically).
 *
 * BIND's loader adds records in batches: consecutive RRs with the same
 * owner form one batch.  Within a batch a TTL that differs from the
 * RRset's first one is overridden ("TTL set to prior TTL"); a later batch
 * for the same RRset replaces the TTL.  We mimic that with a batch counter
 * stamped on each RRset.
 */
#include "zones/zone.h"

#include <stdlib.h>
#include <string.h>

#include "zones/rdata.h"
#include "zones/wire.h"

#define ARENA_CHUNK (1024 * 1024)
#define HASH_INITIAL 1024

typedef struct arena_chunk {
	struct arena_chunk *next;
	size_t used;
	size_t size;
	/* data follows, max_align_t aligned */
	_Alignas(max_align_t) unsigned char data[];
} arena_chunk_t;

/* Internal RRset: the public part plus the batch stamp. */
typedef struct rrset_int {
	zone_rrset_t pub;
	uint64_t batch;
} rrset_int_t;

struct zone {
	name_t origin;
	uint16_t rclass;
	bool finished;
	arena_chunk_t *chunks;
	zone_node_t **buckets;
	size_t nbuckets;
	size_t nnodes;
	size_t nrr;
	zone_node_t **sorted; /* every node; in canonical order once finished */
	size_t sortedcap;
	/* batch tracking */
	zone_node_t *batch_node;
	uint64_t batch;
	/* (node, type, covers) -> RRset for nodes with many RRsets, so a
	 * node with thousands of types does not make loading quadratic */
	struct bigent *big;
	size_t bigcap, bigused;
	/* interned file names */
	const char *file_in;
	const char *file_copy;
};

/* Node flags. */
#define NODE_CNAME 0x01 /* has a CNAME RRset */
#define NODE_OTHER 0x02 /* has an RRset that may not sit at a CNAME */
#define NODE_BIG   0x04 /* its RRsets are in the big table */

#define BIG_THRESHOLD 16 /* RRsets before a node moves to the big table */

struct bigent {
	const zone_node_t *node; /* NULL: free slot */
	uint32_t key;		 /* type << 16 | covers */
	zone_rrset_t *set;
};

static void *
arena_alloc(zone_t *z, size_t n) {
	arena_chunk_t *c = z->chunks;

	n = (n + 7) & ~(size_t)7;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
		c = malloc(sizeof(*c) + size);
		if (c == NULL) {
			return NULL;
		}
		c->size = size;
		c->used = 0;
		if (n > ARENA_CHUNK / 4 && z->chunks != NULL) {
			/* A big one-off: keep the current chunk in front so
			 * its free space is still used. */
			c->next = z->chunks->next;
			z->chunks->next = c;
			c->used = n;
			return c->data;
		}
		c->next = z->chunks;
		z->chunks = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	return p;
}

result_t
zone_create(const name_t *origin, uint16_t rclass, zone_t **out) {
	zone_t *z = calloc(1, sizeof(*z));

	if (z == NULL) {
		return R_NOMEMORY;
	}
	name_copy(&z->origin, origin);
	z->rclass = rclass;
	z->nbuckets = HASH_INITIAL;
	z->buckets = calloc(z->nbuckets, sizeof(*z->buckets));
	if (z->buckets == NULL) {
		free(z);
		return R_NOMEMORY;
	}
	*out = z;
	return R_OK;
}

void
zone_destroy(zone_t *z) {
	if (z == NULL) {
		return;
	}
	arena_chunk_t *c = z->chunks;
	while (c != NULL) {
		arena_chunk_t *next = c->next;
		free(c);
		c = next;
	}
	free(z->buckets);
	free(z->sorted);
	free(z->big);
	free(z);
}

const name_t *
zone_origin(const zone_t *z) {
	return &z->origin;
}

uint16_t
zone_class(const zone_t *z) {
	return z->rclass;
}

static int
lower(uint8_t c) {
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Case-insensitive equality of two uncompressed wire names. */
static bool
wire_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
	if (alen != blen) {
		return false;
	}
	for (size_t i = 0; i < alen; i++) {
		if (a[i] != b[i] && lower(a[i]) != lower(b[i])) {
			return false;
		}
	}
	return true;
}

static zone_node_t *
node_lookup(const zone_t *z, const name_t *name, uint32_t hash) {
	zone_node_t *n = z->buckets[hash & (z->nbuckets - 1)];

	for (; n != NULL; n = n->hnext) {
		if (n->hash == hash && wire_equal(n->wire, n->namelen,
						  name->wire, name->length)) {
			return n;
		}
	}
	return NULL;
}

static result_t
grow(zone_t *z) {
	size_t nb = z->nbuckets * 2;
	zone_node_t **b = calloc(nb, sizeof(*b));

	if (b == NULL) {
		return R_NOMEMORY;
	}
	for (size_t i = 0; i < z->nbuckets; i++) {
		zone_node_t *n = z->buckets[i];
		while (n != NULL) {
			zone_node_t *next = n->hnext;
			n->hnext = b[n->hash & (nb - 1)];
			b[n->hash & (nb - 1)] = n;
			n = next;
		}
	}
	free(z->buckets);
	z->buckets = b;
	z->nbuckets = nb;
	return R_OK;
}

uint16_t
zone_rdata_covers(uint16_t type, const uint8_t *rdata, size_t len) {
	if ((type != RRTYPE_RRSIG && type != RRTYPE_SIG) || len < 2) {
		return 0;
	}
	return be16(rdata);
}

bool
zone_rrset_is_nsec3(const zone_rrset_t *s) {
	return s->type == RRTYPE_NSEC3 ||
	       (s->type == RRTYPE_RRSIG && s->covers == RRTYPE_NSEC3);
}

static size_t
big_slot(const zone_t *z, const zone_node_t *node, uint32_t key) {
	uint64_t h = (uint64_t)(uintptr_t)node * 0x9e3779b97f4a7c15ull;
	h ^= (uint64_t)key * 0xc2b2ae3d27d4eb4full;
	h ^= h >> 29;
	return (size_t)h & (z->bigcap - 1);
}

static zone_rrset_t *
big_find(const zone_t *z, const zone_node_t *node, uint32_t key) {
	if (z->bigcap == 0) {
		return NULL;
	}
	for (size_t i = big_slot(z, node, key);; i = (i + 1) & (z->bigcap - 1)) {
		const struct bigent *e = &z->big[i];
		if (e->node == NULL) {
			return NULL;
		}
		if (e->node == node && e->key == key) {
			return e->set;
		}
	}
}

static result_t big_insert(zone_t *z, const zone_node_t *node,
			   zone_rrset_t *set);

static result_t
big_grow(zone_t *z) {
	size_t oldcap = z->bigcap;
	struct bigent *old = z->big;
	size_t cap = oldcap ? oldcap * 2 : 1024;
	struct bigent *b = calloc(cap, sizeof(*b));

	if (b == NULL) {
		return R_NOMEMORY;
	}
	z->big = b;
	z->bigcap = cap;
	z->bigused = 0;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].node != NULL) {
			(void)big_insert(z, old[i].node, old[i].set);
		}
	}
	free(old);
	return R_OK;
}

static result_t
big_insert(zone_t *z, const zone_node_t *node, zone_rrset_t *set) {
	/* Keep the table at most half full. */
	if ((z->bigused + 1) * 2 > z->bigcap && big_grow(z) != R_OK) {
		return R_NOMEMORY;
	}
	uint32_t key = ((uint32_t)set->type << 16) | set->covers;
	size_t i = big_slot(z, node, key);
	while (z->big[i].node != NULL) {
		i = (i + 1) & (z->bigcap - 1);
	}
	z->big[i] = (struct bigent){node, key, set};
	z->bigused++;
	return R_OK;
}

/* Types BIND lets sit next to a CNAME (DNSSEC and the old KEY/SIG/NXT). */
static bool
cname_compatible(uint16_t type) {
	switch (type) {
	case RRTYPE_CNAME:
	case RRTYPE_RRSIG:
	case RRTYPE_NSEC:
	case RRTYPE_SIG:
	case RRTYPE_NXT:
	case RRTYPE_KEY:
		return true;
	default:
		return false;
	}
}

static bool
is_singleton(uint16_t type) {
	return type == RRTYPE_SOA || type == RRTYPE_CNAME ||
	       type == RRTYPE_DNAME;
}

static const char *
intern_file(zone_t *z, const char *file) {
	if (file == NULL) {
		return NULL;
	}
	if (z->file_in == file ||
	    (z->file_copy != NULL && strcmp(z->file_copy, file) == 0)) {
		z->file_in = file;
		return z->file_copy;
	}
	size_t len = strlen(file);
	char *copy = arena_alloc(z, len + 1);
	if (copy == NULL) {
		return NULL;
	}
	memcpy(copy, file, len + 1);
	z->file_in = file;
	z->file_copy = copy;
	return copy;
}

static void
info_clear(zone_add_info_t *info) {
	if (info != NULL) {
		info->ttl_changed = false;
		info->prior_ttl = 0;
		info->duplicate = false;
	}
}

result_t
zone_add(zone_t *z, const master_rr_t *rr, zone_add_info_t *info) {
	info_clear(info);
	if (z->finished) {
		return R_FAILURE;
	}
	if (!name_issubdomain(rr->owner, &z->origin)) {
		return R_NOTZONETOP;
	}

	/* Master files list an owner's records together: try the node of
	 * the current batch before hashing. */
	zone_node_t *node = z->batch_node;
	uint32_t hash = 0;
	if (node == NULL || !wire_equal(node->wire, node->namelen,
					rr->owner->wire, rr->owner->length)) {
		hash = name_hash(rr->owner);
		node = node_lookup(z, rr->owner, hash);
	}
	uint16_t covers = zone_rdata_covers(rr->type, rr->rdata, rr->rdlen);

	if (node == NULL) {
		if (z->nnodes >= z->nbuckets && grow(z) != R_OK) {
			return R_NOMEMORY;
		}
		node = arena_alloc(z, sizeof(*node) + rr->owner->length);
		if (node == NULL) {
			return R_NOMEMORY;
		}
		node->rrsets = NULL;
		node->flags = 0;
		node->nsets = 0;
		node->hash = hash;
		node->namelen = rr->owner->length;
		memcpy(node->wire, rr->owner->wire, rr->owner->length);
		if (z->nnodes == z->sortedcap) {
			size_t cap = z->sortedcap ? z->sortedcap * 2 : 1024;
			zone_node_t **a = realloc(z->sorted, cap * sizeof(*a));
			if (a == NULL) {
				return R_NOMEMORY;
			}
			z->sorted = a;
			z->sortedcap = cap;
		}
		node->hnext = z->buckets[hash & (z->nbuckets - 1)];
		z->buckets[hash & (z->nbuckets - 1)] = node;
		z->sorted[z->nnodes++] = node;
	}
	if (node != z->batch_node) {
		z->batch_node = node;
		z->batch++;
	}

	/* CNAME and other data, from the node's flags. */
	if (rr->type == RRTYPE_CNAME && (node->flags & NODE_OTHER) != 0) {
		return R_CNAMEOTHER;
	}
	if ((node->flags & NODE_CNAME) != 0 && !cname_compatible(rr->type)) {
		return R_CNAMEOTHER;
	}

	rrset_int_t *set = NULL;
	if ((node->flags & NODE_BIG) != 0) {
		set = (rrset_int_t *)big_find(
			z, node, ((uint32_t)rr->type << 16) | covers);
	} else {
		for (zone_rrset_t *s = node->rrsets; s != NULL; s = s->next) {
			if (s->type == rr->type && s->covers == covers) {
				set = (rrset_int_t *)s;
				break;
			}
		}
	}

	/* BIND warns about the TTL before it finds the singleton clash. */
	if (set != NULL && set->batch == z->batch && set->pub.ttl != rr->ttl &&
	    info != NULL) {
		info->ttl_changed = true;
		info->prior_ttl = set->pub.ttl;
	}
	if (set != NULL && is_singleton(rr->type)) {
		const zone_rdata_t *d = set->pub.head;
		if (d->len == rr->rdlen &&
		    rdata_compare(rr->type, d->data, d->len, rr->rdata,
				  rr->rdlen) == 0) {
			if (info != NULL) {
				info->duplicate = true;
			}
			return R_OK;
		}
		return R_SINGLETON;
	}

	const char *file = intern_file(z, rr->file);
	if (rr->file != NULL && file == NULL) {
		return R_NOMEMORY;
	}
	zone_rdata_t *d = arena_alloc(z, sizeof(*d) + rr->rdlen);
	if (d == NULL) {
		return R_NOMEMORY;
	}
	d->next = NULL;
	d->file = file;
	d->line = rr->line;
	d->batch = (uint32_t)z->batch;
	d->len = rr->rdlen;
	if (rr->rdlen > 0) {
		memcpy(d->data, rr->rdata, rr->rdlen);
	}

	if (set == NULL) {
		set = arena_alloc(z, sizeof(*set));
		if (set == NULL) {
			return R_NOMEMORY;
		}
		set->pub.type = rr->type;
		set->pub.covers = covers;
		set->pub.ttl = rr->ttl;
		set->pub.count = 0;
		set->pub.head = NULL;
		set->pub.tail = NULL;
		set->pub.next = node->rrsets;
		set->batch = z->batch;
		node->rrsets = &set->pub;
		if (rr->type == RRTYPE_CNAME) {
			node->flags |= NODE_CNAME;
		} else if (!cname_compatible(rr->type)) {
			node->flags |= NODE_OTHER;
		}
		if (node->nsets < UINT16_MAX) {
			node->nsets++;
		}
		if ((node->flags & NODE_BIG) != 0) {
			if (big_insert(z, node, &set->pub) != R_OK) {
				return R_NOMEMORY;
			}
		} else if (node->nsets > BIG_THRESHOLD) {
			for (zone_rrset_t *s = node->rrsets; s != NULL;
			     s = s->next) {
				if (big_insert(z, node, s) != R_OK) {
					return R_NOMEMORY;
				}
			}
			node->flags |= NODE_BIG;
		}
	} else if (set->batch != z->batch) {
		/* A later batch for the same RRset: its TTL wins. */
		set->batch = z->batch;
		set->pub.ttl = rr->ttl;
	}
	if (set->pub.tail == NULL) {
		set->pub.head = d;
	} else {
		set->pub.tail->next = d;
	}
	set->pub.tail = d;
	set->pub.count++;
	z->nrr++;
	return R_OK;
}

/* Merge sort of an rdata list in canonical order (stable, so of two equal
 * rdatas the first read stays first and the later one is dropped). */
static zone_rdata_t *
rdata_merge(uint16_t type, zone_rdata_t *a, zone_rdata_t *b) {
	zone_rdata_t head;
	zone_rdata_t *t = &head;

	while (a != NULL && b != NULL) {
		if (rdata_compare(type, a->data, a->len, b->data, b->len) <= 0) {
			t->next = a;
			a = a->next;
		} else {
			t->next = b;
			b = b->next;
		}
		t = t->next;
	}
	t->next = a != NULL ? a : b;
	return head.next;
}

static zone_rdata_t *
rdata_sort(uint16_t type, zone_rdata_t *list, size_t n) {
	if (n < 2) {
		return list;
	}
	size_t half = n / 2;
	zone_rdata_t *mid = list;
	for (size_t i = 1; i < half; i++) {
		mid = mid->next;
	}
	zone_rdata_t *second = mid->next;
	mid->next = NULL;
	list = rdata_sort(type, list, half);
	second = rdata_sort(type, second, n - half);
	return rdata_merge(type, list, second);
}

static size_t
rrset_finish(zone_rrset_t *s) {
	size_t removed = 0;

	/* The sort is stable: equal rdatas stay in the order they came. */
	s->head = rdata_sort(s->type, s->head, s->count);
	zone_rdata_t **pp = &s->head;
	zone_rdata_t *last = NULL;
	while (*pp != NULL) {
		zone_rdata_t *d = *pp;
		zone_rdata_t *n = d->next;
		if (n != NULL && rdata_compare(s->type, d->data, d->len,
					       n->data, n->len) == 0) {
			/* BIND: a later duplicate in the same batch replaces
			 * the earlier one; from a later batch it is dropped. */
			if (d->batch == n->batch) {
				*pp = n;
			} else {
				d->next = n->next;
			}
			s->count--;
			removed++;
			continue;
		}
		last = d;
		pp = &d->next;
	}
	s->tail = last;
	return removed;
}

/* BIND's dump order of RRsets at one node: SOA, NS, then by type with each
 * RRSIG right after what it covers. */
static uint32_t
rrset_rank(const zone_rrset_t *s) {
	uint32_t t = s->covers != 0 || s->type == RRTYPE_RRSIG ||
				     s->type == RRTYPE_SIG
			     ? s->covers
			     : s->type;
	uint32_t sig = (s->type == RRTYPE_RRSIG || s->type == RRTYPE_SIG)
			       ? 1
			       : 0;
	uint32_t cls = t == RRTYPE_SOA ? 0 : t == RRTYPE_NS ? 1 : 2;
	/* SIG sorts after RRSIG for the same covered type. */
	if (s->type == RRTYPE_SIG) {
		sig = 2;
	}
	return (cls << 20) | (t << 2) | sig;
}

static zone_rrset_t *
rrset_merge(zone_rrset_t *a, zone_rrset_t *b) {
	zone_rrset_t head;
	zone_rrset_t *t = &head;

	while (a != NULL && b != NULL) {
		if (rrset_rank(a) <= rrset_rank(b)) {
			t->next = a;
			a = a->next;
		} else {
			t->next = b;
			b = b->next;
		}
		t = t->next;
	}
	t->next = a != NULL ? a : b;
	return head.next;
}

/* Stable merge sort: a node may hold tens of thousands of RRsets. */
static zone_rrset_t *
rrset_sort(zone_rrset_t *list, size_t n) {
	if (n < 2) {
		return list;
	}
	size_t half = n / 2;
	zone_rrset_t *mid = list;
	for (size_t i = 1; i < half; i++) {
		mid = mid->next;
	}
	zone_rrset_t *second = mid->next;
	mid->next = NULL;
	return rrset_merge(rrset_sort(list, half),
			   rrset_sort(second, n - half));
}

static void
node_sort_rrsets(zone_node_t *node) {
	size_t n = 0;
	for (zone_rrset_t *s = node->rrsets; s != NULL; s = s->next) {
		n++;
	}
	node->rrsets = rrset_sort(node->rrsets, n);
}

/*
 * Sorting a million owners spends most of its time walking labels from
 * the root end.  Each node gets a 128-bit key instead: the first 16 octets
 * of its labels below the origin, from the top down, lowercased, each
 * label followed by a 0 octet and the rest 0-padded.  Key order agrees
 * with canonical order whenever keys differ, unless a label holds a 0
 * octet inside the key; such nodes (and equal keys) fall back to the full
 * comparison.
 */
typedef struct sortent {
	uint64_t key[2];
	bool exact; /* key is safe to compare */
	zone_node_t *node;
} sortent_t;

static void
sort_key(const zone_node_t *n, unsigned skip_labels, sortent_t *e) {
	uint8_t off[NAME_MAXLABELS];
	unsigned nl = 0;
	size_t p = 0;
	uint8_t key[16];
	size_t k = 0;

	while (p < n->namelen && n->wire[p] != 0 && nl < NAME_MAXLABELS) {
		off[nl++] = (uint8_t)p;
		p += 1 + (size_t)n->wire[p];
	}
	e->exact = true;
	memset(key, 0, sizeof(key));
	/* Labels from the top, skipping those of the origin. */
	for (int i = (int)nl - 1 - (int)skip_labels; i >= 0 && k < 16; i--) {
		const uint8_t *l = n->wire + off[i];
		for (unsigned b = 1; b <= l[0] && k < 16; b++) {
			if (l[b] == 0) {
				e->exact = false;
			}
			key[k++] = (uint8_t)lower(l[b]);
		}
		if (k < 16) {
			key[k++] = 0;
		}
	}
	e->key[0] = e->key[1] = 0;
	for (size_t i = 0; i < 16; i++) {
		e->key[i / 8] = (e->key[i / 8] << 8) | key[i];
	}
	e->node = (zone_node_t *)n;
}

static int
sortent_cmp(const void *a, const void *b) {
	const sortent_t *x = a, *y = b;

	if (x->exact && y->exact) {
		if (x->key[0] != y->key[0]) {
			return x->key[0] < y->key[0] ? -1 : 1;
		}
		if (x->key[1] != y->key[1]) {
			return x->key[1] < y->key[1] ? -1 : 1;
		}
	}
	return name_wire_compare(x->node->wire, y->node->wire);
}

result_t
zone_finish(zone_t *z) {
	if (z->finished) {
		return R_OK;
	}
	/* Walk the nodes in creation order (sequential in the arena), not
	 * through the hash chains. */
	zone_node_t **arr = z->sorted;
	size_t k = z->nnodes;
	for (size_t i = 0; i < k; i++) {
		zone_node_t *n = arr[i];
		for (zone_rrset_t *s = n->rrsets; s != NULL; s = s->next) {
			z->nrr -= rrset_finish(s);
		}
		node_sort_rrsets(n);
	}
	sortent_t *ents = malloc((k ? k : 1) * sizeof(*ents));
	if (ents == NULL) {
		return R_NOMEMORY;
	}
	unsigned skip = z->origin.labels - 1; /* origin labels, root excluded */
	for (size_t i = 0; i < k; i++) {
		sort_key(arr[i], skip, &ents[i]);
	}
	qsort(ents, k, sizeof(*ents), sortent_cmp);
	for (size_t i = 0; i < k; i++) {
		arr[i] = ents[i].node;
	}
	free(ents);
	z->sorted = arr;
	z->finished = true;
	return R_OK;
}

size_t
zone_node_count(const zone_t *z) {
	return z->nnodes;
}

const zone_node_t *
zone_node_at(const zone_t *z, size_t i) {
	if (!z->finished || i >= z->nnodes) {
		return NULL;
	}
	return z->sorted[i];
}

size_t
zone_rr_count(const zone_t *z) {
	return z->nrr;
}

const zone_node_t *
zone_find(const zone_t *z, const name_t *name) {
	return node_lookup(z, name, name_hash(name));
}

const zone_rrset_t *
zone_node_rrset(const zone_node_t *node, uint16_t type, uint16_t covers) {
	if (node == NULL) {
		return NULL;
	}
	for (const zone_rrset_t *s = node->rrsets; s != NULL; s = s->next) {
		if (s->type == type && s->covers == covers) {
			return s;
		}
	}
	return NULL;
}

bool
zone_has_descendant(const zone_t *z, const name_t *name) {
	size_t lo = 0, hi = z->nnodes;

	if (!z->finished) {
		return false;
	}
	/* First node sorting after name: descendants follow it directly in
	 * canonical order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (name_wire_compare(z->sorted[mid]->wire, name->wire) <= 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (lo >= z->nnodes) {
		return false;
	}
	name_t n;
	zone_node_name(z->sorted[lo], &n);
	return n.labels > name->labels && name_issubdomain(&n, name);
}

void
zone_node_name(const zone_node_t *node, name_t *out) {
	size_t used;

	/* The wire was copied from a valid name_t, so this cannot fail. */
	if (name_fromwire_raw(out, node->wire, node->namelen, &used) != R_OK) {
		name_init_root(out);
	}
}
