/*
 * db.c - zone database core: arena, nodes and RRset blocks, versions,
 * RCU publication and reclamation, node accessors (see db.h, db_int.h).
 *
 * Reclamation order: versions form a list from the oldest to the current
 * one.  Only the oldest version is ever freed, and only when nothing
 * references it (refs == 0, which also means no read section can see it:
 * the "current" reference is dropped only after a grace period).  Freeing
 * it frees exactly what its successor retired; when the successor belongs
 * to another lineage (a reload), the whole old tree and its arena go.
 */
#include "zones/db_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <urcu/urcu-memb.h>
#include <urcu/pointer.h>

#include "zones/zone.h"

/* ---- arena ---- */

/*
 * Chunks double from 64 KiB (a server may hold tens of thousands of
 * small zones) up to 8 MiB.  Those are placed on 2 MiB boundaries and
 * marked for transparent huge pages: lookups walk a large tree in random
 * order, and with 4 KiB pages most steps would miss the TLB as well as
 * the cache.
 */
#define ARENA_FIRST (64u << 10)
#define ARENA_CHUNK (8u << 20)
#define ARENA_ALIGN (2u << 20)

typedef struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t align[];
} arena_chunk_t;

struct db_arena {
	arena_chunk_t *chunks;
	size_t bytes;
};

db_arena_t *
db_arena_create(void) {
	db_arena_t *a = calloc(1, sizeof(*a));
	if (a == NULL) {
		abort();
	}
	return a;
}

void *
db_arena_alloc(db_arena_t *a, size_t size) {
	size = (size + 7) & ~(size_t)7;
	arena_chunk_t *c = a->chunks;
	if (c == NULL || c->size - c->used < size) {
		size_t csize = a->bytes < ARENA_FIRST ? ARENA_FIRST : a->bytes;
		if (csize > ARENA_CHUNK) {
			csize = ARENA_CHUNK;
		}
		if (csize < size) {
			csize = size;
		}
		void *mem = NULL;
		if (csize >= ARENA_CHUNK) {
			if (posix_memalign(&mem, ARENA_ALIGN,
					   sizeof(*c) + csize) != 0) {
				mem = NULL;
			}
#ifdef MADV_HUGEPAGE
			if (mem != NULL) {
				(void)madvise(mem, sizeof(*c) + csize,
					      MADV_HUGEPAGE);
			}
#endif
		} else {
			mem = malloc(sizeof(*c) + csize);
		}
		if (mem == NULL) {
			abort(); /* out of memory */
		}
		c = mem;
		c->used = 0;
		c->size = csize;
		c->next = a->chunks;
		a->chunks = c;
		a->bytes += csize;
	}
	void *p = (uint8_t *)c->align + c->used;
	c->used += size;
	return p;
}

size_t
db_arena_bytes(const db_arena_t *a) {
	return a == NULL ? 0 : a->bytes;
}

void
db_arena_destroy(db_arena_t *a) {
	if (a == NULL) {
		return;
	}
	arena_chunk_t *c = a->chunks;
	while (c != NULL) {
		arena_chunk_t *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

static void *
xmalloc(size_t size) {
	void *p = malloc(size);
	if (p == NULL) {
		abort(); /* out of memory: STYLE allows aborting */
	}
	return p;
}

/* ---- nodes and blocks ---- */

db_node_t *
db_node_new(db_arena_t *a, uint32_t gen, const uint8_t *wire, unsigned wirelen,
	    const uint8_t *key, uint16_t keylen) {
	size_t size = sizeof(db_node_t) + wirelen + keylen;
	db_node_t *n = a != NULL ? db_arena_alloc(a, size) : xmalloc(size);
	memset(n, 0, sizeof(*n));
	n->alloc = a != NULL ? DB_ALLOC_ARENA : DB_ALLOC_MALLOC;
	n->namelen = (uint8_t)wirelen;
	/* key first: a search step then reads the node's first cache line
	 * and the key's leading octets, which usually decide, together */
	memcpy(n->data, key, keylen);
	memcpy(n->data + keylen, wire, wirelen);
	n->rb.key = n->data;
	n->rb.keylen = keylen;
	n->rb.gen = gen;
	return n;
}

void
db_node_free(db_node_t *n) {
	if (n != NULL && n->alloc == DB_ALLOC_MALLOC) {
		free(n);
	}
}

void
db_rrsets_free(const db_rrsets_t *s) {
	if (s != NULL && s->alloc == DB_ALLOC_MALLOC) {
		free((void *)(uintptr_t)s);
	}
}

static uint16_t
primary_type(const db_rrref_t *r) {
	return r->type == RRTYPE_RRSIG ? r->covers : r->type;
}

int
db_rrref_compare(const db_rrref_t *a, const db_rrref_t *b) {
	uint16_t pa = primary_type(a), pb = primary_type(b);
	if (pa != pb) {
		return pa < pb ? -1 : 1;
	}
	bool sa = a->type == RRTYPE_RRSIG, sb = b->type == RRTYPE_RRSIG;
	if (sa != sb) {
		return sa ? 1 : -1;
	}
	return rdata_compare(a->type, a->rdata, a->rdlen, b->rdata, b->rdlen);
}

db_rrsets_t *
db_rrsets_build(db_arena_t *a, uint32_t gen, const db_rrref_t *refs,
		size_t n) {
	if (n == 0) {
		return NULL;
	}
	size_t nsets = 0, bytes = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || primary_type(&refs[i]) != primary_type(&refs[i - 1])) {
			nsets++;
		}
		bytes += 2 + (size_t)refs[i].rdlen;
	}
	size_t size = sizeof(db_rrsets_t) + nsets * sizeof(db_rrset_t) + bytes;
	db_rrsets_t *s = a != NULL ? db_arena_alloc(a, size) : xmalloc(size);
	s->gen = gen;
	s->count = (uint16_t)nsets;
	s->alloc = a != NULL ? DB_ALLOC_ARENA : DB_ALLOC_MALLOC;
	s->pad = 0;
	uint8_t *p = (uint8_t *)&s->sets[nsets];
	size_t si = 0;
	for (size_t i = 0; i < n;) {
		db_rrset_t *e = &s->sets[si++];
		uint16_t t = primary_type(&refs[i]);
		memset(e, 0, sizeof(*e));
		e->type = t;
		size_t j = i;
		while (j < n && refs[j].type == t && refs[j].type != RRTYPE_RRSIG) {
			if (e->count == 0) {
				e->ttl = refs[j].ttl;
				e->rdata = p;
			}
			e->count++;
			*p++ = (uint8_t)(refs[j].rdlen >> 8);
			*p++ = (uint8_t)refs[j].rdlen;
			memcpy(p, refs[j].rdata, refs[j].rdlen);
			p += refs[j].rdlen;
			j++;
		}
		while (j < n && refs[j].type == RRTYPE_RRSIG &&
		       refs[j].covers == t) {
			if (e->sigcount == 0) {
				e->sigttl = refs[j].ttl;
				e->sigs = p;
			}
			e->sigcount++;
			*p++ = (uint8_t)(refs[j].rdlen >> 8);
			*p++ = (uint8_t)refs[j].rdlen;
			memcpy(p, refs[j].rdata, refs[j].rdlen);
			p += refs[j].rdlen;
			j++;
		}
		if (j == i) {
			/* An RRSIG covering RRSIG cannot sit beside itself;
			 * keep it as plain data so nothing is lost. */
			e->type = refs[i].type;
			e->count = 1;
			e->ttl = refs[i].ttl;
			e->rdata = p;
			*p++ = (uint8_t)(refs[i].rdlen >> 8);
			*p++ = (uint8_t)refs[i].rdlen;
			memcpy(p, refs[i].rdata, refs[i].rdlen);
			p += refs[i].rdlen;
			j = i + 1;
		}
		i = j;
	}
	s->count = (uint16_t)si;
	return s;
}

bool
db_refs_fit(const db_rrref_t *refs, size_t n) {
	size_t sets = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && refs[i].type == refs[i - 1].type &&
		    refs[i].covers == refs[i - 1].covers) {
			run++;
		} else {
			run = 1;
		}
		if (i == 0 || primary_type(&refs[i]) != primary_type(&refs[i - 1])) {
			sets++;
		}
		if (run > UINT16_MAX || sets > UINT16_MAX) {
			return false;
		}
	}
	return true;
}

size_t
db_node_rr_count(const db_node_t *n) {
	size_t c = 0;
	if (n->sets == NULL) {
		return 0;
	}
	for (unsigned i = 0; i < n->sets->count; i++) {
		c += n->sets->sets[i].count + n->sets->sets[i].sigcount;
	}
	return c;
}

static size_t
expand_run(const uint8_t *run, unsigned count, uint16_t type, uint16_t covers,
	   uint32_t ttl, db_rrref_t *out) {
	db_rdata_iter_t it;
	const uint8_t *d;
	uint16_t len;
	size_t k = 0;
	db_rdata_iter_init(&it, run, count);
	while (db_rdata_iter_next(&it, &d, &len)) {
		out[k].type = type;
		out[k].covers = covers;
		out[k].ttl = ttl;
		out[k].rdata = d;
		out[k].rdlen = len;
		out[k].seq = 0;
		k++;
	}
	return k;
}

size_t
db_node_expand(const db_node_t *n, db_rrref_t *refs) {
	size_t k = 0;
	if (n->sets == NULL) {
		return 0;
	}
	for (unsigned i = 0; i < n->sets->count; i++) {
		const db_rrset_t *e = &n->sets->sets[i];
		k += expand_run(e->rdata, e->count, e->type, 0, e->ttl,
				refs + k);
		k += expand_run(e->sigs, e->sigcount, RRTYPE_RRSIG, e->type,
				e->sigttl, refs + k);
	}
	return k;
}

uint16_t
db_flags_of(const db_rrsets_t *sets, bool apex) {
	uint16_t f = apex ? DB_NODE_APEX : 0;
	if (sets == NULL) {
		return f | DB_NODE_ENT;
	}
	for (unsigned i = 0; i < sets->count; i++) {
		const db_rrset_t *e = &sets->sets[i];
		if (e->count == 0) {
			continue;
		}
		switch (e->type) {
		case RRTYPE_NS:
			if (!apex) {
				f |= DB_NODE_DELEG;
			}
			break;
		case RRTYPE_DNAME:
			f |= DB_NODE_DNAME;
			break;
		case RRTYPE_CNAME:
			f |= DB_NODE_CNAME;
			break;
		case RRTYPE_NSEC:
			f |= DB_NODE_NSEC;
			break;
		case RRTYPE_DS:
			f |= DB_NODE_DS;
			break;
		default:
			break;
		}
	}
	return f;
}

void
db_tree_free(rbt_node_t *root) {
	/* Iterative post-order would need a stack as deep as the tree; the
	 * depth is bounded by 2 log2(n) so recursion is fine. */
	if (root == NULL) {
		return;
	}
	db_tree_free(root->left);
	db_tree_free(root->right);
	db_node_t *n = (db_node_t *)root;
	db_rrsets_free(n->sets);
	db_node_free(n);
}

/* ---- transactions ---- */

static void
retire_push(db_version_t *v, void *p) {
	if (v->nretired == v->retiredcap) {
		size_t ncap = v->retiredcap ? v->retiredcap * 2 : 16;
		void **n = realloc(v->retired, ncap * sizeof(*n));
		if (n == NULL) {
			abort();
		}
		v->retired = n;
		v->retiredcap = ncap;
	}
	v->retired[v->nretired++] = p;
}

rbt_node_t *
db_node_clone(void *arg, const rbt_node_t *rn) {
	(void)arg;
	const db_node_t *n = (const db_node_t *)rn;
	size_t size = sizeof(db_node_t) + n->namelen + n->rb.keylen;
	db_node_t *c = xmalloc(size);
	memcpy(c, n, size);
	c->alloc = DB_ALLOC_MALLOC;
	c->rb.key = c->data;
	return &c->rb;
}

/* Retired entries: nodes as is, blocks tagged with the low bit (both are
 * at least 8-aligned). */
void
db_node_retire(void *arg, rbt_node_t *rn) {
	db_version_t *v = arg;
	if (rn->gen == v->gen) {
		db_node_free((db_node_t *)rn);
		return;
	}
	retire_push(v, rn);
}

void
db_rrsets_retire(db_version_t *v, const db_rrsets_t *s) {
	if (s == NULL) {
		return;
	}
	if (s->gen == v->gen) {
		db_rrsets_free(s);
		return;
	}
	retire_push(v, (void *)((uintptr_t)s | 1));
}

static void
free_retired(db_version_t *v) {
	for (size_t i = 0; i < v->nretired; i++) {
		uintptr_t p = (uintptr_t)v->retired[i];
		if (p & 1) {
			db_rrsets_free((const db_rrsets_t *)(p & ~(uintptr_t)1));
		} else {
			db_node_free((db_node_t *)p);
		}
	}
	free(v->retired);
	v->retired = NULL;
	v->nretired = 0;
}

/* ---- versions ---- */

db_version_t *
db_version_new(db_t *db, const db_version_t *base) {
	db_version_t *v = calloc(1, sizeof(*v));
	if (v == NULL) {
		abort();
	}
	v->db = db;
	atomic_init(&v->refs, 1);
	v->gen = ++db->nextgen;
	if (base != NULL) {
		v->root = base->root;
		v->nsec3root = base->nsec3root;
		v->apex = base->apex;
		v->nodes = base->nodes;
		v->nsec3nodes = base->nsec3nodes;
		v->ncuts = base->ncuts;
		v->arena = base->arena;
	}
	return v;
}

/* Frees what generation gen made in a tree reachable from n: such nodes
 * form the top part of every path they are on. */
static void
discard_gen(rbt_node_t *rn, uint32_t gen) {
	if (rn == NULL || rn->gen != gen) {
		return;
	}
	discard_gen(rn->left, gen);
	discard_gen(rn->right, gen);
	db_node_t *n = (db_node_t *)rn;
	if (n->sets != NULL && n->sets->gen == gen) {
		db_rrsets_free(n->sets);
	}
	db_node_free(n);
}

void
db_version_discard(db_version_t *v, bool own_arena) {
	if (own_arena) {
		db_tree_free(v->root);
		db_tree_free(v->nsec3root);
		db_arena_destroy(v->arena);
	} else {
		discard_gen(v->root, v->gen);
		discard_gen(v->nsec3root, v->gen);
	}
	free(v->retired);
	changeset_destroy(v->changes);
	free(v);
}

/* Under vlock: frees the oldest version, which must have a successor. */
static void
reclaim_one(db_t *db) {
	db_version_t *old = db->oldest;
	db_version_t *next = old->newer;
	free_retired(next);
	if (next->arena != old->arena) {
		/* a reload: the old lineage ends with old */
		db_tree_free(old->root);
		db_tree_free(old->nsec3root);
		db_arena_destroy(old->arena);
	}
	changeset_destroy(old->changes);
	free(old->retired);
	free(old);
	db->oldest = next;
}

/* Under vlock: frees the oldest versions nobody references. */
static void
reclaim_locked(db_t *db) {
	while (db->oldest != NULL && db->oldest != db->current &&
	       atomic_load(&db->oldest->refs) == 0) {
		reclaim_one(db);
	}
}

void
db_publish(db_t *db, db_version_t *v) {
	pthread_mutex_lock(&db->vlock);
	v->id = ++db->nextid;
	db_version_t *prev = db->current;
	if (prev != NULL) {
		prev->newer = v;
	} else {
		db->oldest = v;
	}
	rcu_set_pointer(&db->current, v);
	pthread_mutex_unlock(&db->vlock);
	/* Readers that fetched prev without a reference may still use it. */
	urcu_memb_synchronize_rcu();
	if (db->histmax > 0) {
		if (db->nhist == db->histmax) {
			db_detach(db, db->hist[0]);
			memmove(db->hist, db->hist + 1,
				(db->nhist - 1) * sizeof(*db->hist));
			db->nhist--;
		}
		db->hist[db->nhist++] = db_version_ref(db, v);
	}
	if (prev != NULL) {
		db_detach(db, prev);
	}
}

result_t
db_set_history(db_t *db, unsigned versions) {
	pthread_mutex_lock(&db->wlock);
	while (db->nhist > versions) {
		db_detach(db, db->hist[0]);
		memmove(db->hist, db->hist + 1,
			(db->nhist - 1) * sizeof(*db->hist));
		db->nhist--;
	}
	db_version_t **n = realloc(db->hist,
				   (versions > 0 ? versions : 1) * sizeof(*n));
	if (n == NULL) {
		pthread_mutex_unlock(&db->wlock);
		return R_NOMEMORY;
	}
	db->hist = n;
	db->histmax = versions;
	pthread_mutex_unlock(&db->wlock);
	return R_OK;
}

/* The serial in the SOA that cs deletes (its predecessor's serial). */
static bool
deleted_serial(const changeset_t *cs, uint32_t *serial) {
	changeset_rr_t e;
	if (cs == NULL || changeset_get(cs, 0, &e) != R_OK ||
	    e.op != CHANGESET_DEL || e.type != RRTYPE_SOA || e.rdlen < 20) {
		return false;
	}
	const uint8_t *p = e.rdata + e.rdlen - 20;
	*serial = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
		  ((uint32_t)p[2] << 8) | p[3];
	return true;
}

result_t
db_history_walk(db_t *db, uint32_t from_serial, db_history_fn fn, void *arg) {
	pthread_mutex_lock(&db->wlock);
	result_t r = R_NOTFOUND;
	unsigned start = db->nhist;
	for (unsigned i = 0; i < db->nhist; i++) {
		uint32_t s;
		if (deleted_serial(db->hist[i]->changes, &s) &&
		    s == from_serial) {
			start = i;
		}
	}
	/* the chain must reach the current version without a reload */
	bool whole = start < db->nhist &&
		     db->hist[db->nhist - 1] == db->current;
	for (unsigned i = start; whole && i < db->nhist; i++) {
		if (db->hist[i]->changes == NULL) {
			whole = false;
		}
	}
	if (whole) {
		r = R_OK;
		for (unsigned i = start; r == R_OK && i < db->nhist; i++) {
			r = fn(arg, db->hist[i]);
		}
	}
	pthread_mutex_unlock(&db->wlock);
	return r;
}

/* ---- databases ---- */

result_t
db_create(const name_t *origin, uint16_t rclass, db_t **out) {
	db_t *db = calloc(1, sizeof(*db));
	if (db == NULL) {
		return R_NOMEMORY;
	}
	name_copy(&db->origin, origin);
	db->rclass = rclass;
	db_key(origin->wire, db->apexkey, &db->apexkeylen, NULL);
	pthread_mutex_init(&db->wlock, NULL);
	pthread_mutex_init(&db->vlock, NULL);
	*out = db;
	return R_OK;
}

void
db_destroy(db_t *db) {
	if (db == NULL) {
		return;
	}
	pthread_mutex_lock(&db->vlock);
	db_version_t *cur = db->current;
	free(db->hist); /* the history's references go with the chain */
	db->hist = NULL;
	db->nhist = 0;
	if (cur != NULL) {
		/* No references may remain (contract): free the chain. */
		while (db->oldest != cur) {
			reclaim_one(db);
		}
		free_retired(cur);
		db_tree_free(cur->root);
		db_tree_free(cur->nsec3root);
		db_arena_destroy(cur->arena);
		changeset_destroy(cur->changes);
		free(cur);
		db->current = NULL;
		db->oldest = NULL;
	}
	pthread_mutex_unlock(&db->vlock);
	pthread_mutex_destroy(&db->vlock);
	pthread_mutex_destroy(&db->wlock);
	free(db);
}

const name_t *
db_origin(const db_t *db) {
	return &db->origin;
}

uint16_t
db_class(const db_t *db) {
	return db->rclass;
}

/* ---- reading ---- */

void
db_thread_register(void) {
	urcu_memb_register_thread();
}

void
db_thread_unregister(void) {
	urcu_memb_unregister_thread();
}

const db_version_t *
db_read_begin(db_t *db) {
	urcu_memb_read_lock();
	return rcu_dereference(db->current);
}

void
db_read_end(db_t *db) {
	(void)db;
	urcu_memb_read_unlock();
}

db_version_t *
db_attach(db_t *db) {
	urcu_memb_read_lock();
	db_version_t *v = rcu_dereference(db->current);
	if (v != NULL) {
		/* current holds a reference until a grace period after it
		 * stops being current, so refs > 0 here */
		atomic_fetch_add(&v->refs, 1);
	}
	urcu_memb_read_unlock();
	return v;
}

db_version_t *
db_version_ref(db_t *db, db_version_t *v) {
	(void)db;
	atomic_fetch_add(&v->refs, 1);
	return v;
}

void
db_detach(db_t *db, db_version_t *v) {
	if (v == NULL) {
		return;
	}
	if (atomic_fetch_sub(&v->refs, 1) == 1) {
		pthread_mutex_lock(&db->vlock);
		reclaim_locked(db);
		pthread_mutex_unlock(&db->vlock);
	}
}

uint64_t
db_version_id(const db_version_t *v) {
	return v->id;
}

const changeset_t *
db_version_changeset(const db_version_t *v) {
	return v->changes;
}

size_t
db_version_nodes(const db_version_t *v) {
	return v->nodes;
}

size_t
db_version_nsec3_nodes(const db_version_t *v) {
	return v->nsec3nodes;
}

const db_node_t *
db_apex(const db_version_t *v) {
	return v->apex;
}

result_t
db_version_serial(const db_version_t *v, uint32_t *serial) {
	if (v->apex == NULL) {
		return R_NOTFOUND;
	}
	const db_rrset_t *s = db_node_rrset(v->apex, RRTYPE_SOA);
	if (s == NULL) {
		return R_NOTFOUND;
	}
	const uint8_t *d;
	uint16_t len;
	db_rdata_iter_t it;
	db_rdata_iter_init(&it, s->rdata, s->count);
	if (!db_rdata_iter_next(&it, &d, &len)) {
		return R_NOTFOUND;
	}
	size_t pos = 0;
	for (int i = 0; i < 2; i++) { /* MNAME, RNAME */
		size_t used;
		name_t tmp;
		if (name_fromwire_raw(&tmp, d + pos, len - pos, &used) != R_OK) {
			return R_FORMERR;
		}
		pos += used;
	}
	if (len - pos < 20) {
		return R_FORMERR;
	}
	*serial = ((uint32_t)d[pos] << 24) | ((uint32_t)d[pos + 1] << 16) |
		  ((uint32_t)d[pos + 2] << 8) | d[pos + 3];
	return R_OK;
}

/* ---- nodes ---- */

const uint8_t *
db_node_wire(const db_node_t *n) {
	return n->data + n->rb.keylen;
}

unsigned
db_node_wirelen(const db_node_t *n) {
	return n->namelen;
}

void
db_node_name(const db_node_t *n, name_t *out) {
	size_t used;
	/* stored names were valid when stored */
	if (name_fromwire_raw(out, n->data + n->rb.keylen, n->namelen,
			      &used) != R_OK) {
		name_init_root(out);
	}
}

unsigned
db_node_flags(const db_node_t *n) {
	return n->flags;
}

const db_rrset_t *
db_node_rrset(const db_node_t *n, uint16_t type) {
	const db_rrsets_t *s = n->sets;
	if (s == NULL) {
		return NULL;
	}
	for (unsigned i = 0; i < s->count; i++) {
		if (s->sets[i].type == type) {
			return s->sets[i].count > 0 ? &s->sets[i] : NULL;
		}
		if (s->sets[i].type > type) {
			break;
		}
	}
	return NULL;
}

unsigned
db_node_rrset_count(const db_node_t *n) {
	return n->sets == NULL ? 0 : n->sets->count;
}

const db_rrset_t *
db_node_rrset_at(const db_node_t *n, unsigned i) {
	if (n->sets == NULL || i >= n->sets->count) {
		return NULL;
	}
	return &n->sets->sets[i];
}
