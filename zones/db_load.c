/*
 * db_load.c - building a whole version from RRs in any order (master
 * file, raw file, AXFR): collect, sort once, build the trees in O(n).
 *
 * RRs are collected in runs: consecutive RRs with the same owner (the
 * usual shape of a zone file) share one owner record, so the owner's key
 * is computed once per run and the sort is over runs, not RRs.  Runs of
 * one owner that are not adjacent in the input are merged after the sort.
 * Nodes, RRset blocks and empty non-terminals are allocated from the new
 * lineage's arena; the collected input is freed at commit.
 */
#include "zones/db_int.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "zones/rawfmt.h"
#include "zones/zone.h"

typedef struct lrr {
	uint32_t rdoff;
	uint32_t seq;
	uint32_t ttl;
	uint16_t rdlen;
	uint16_t type;
	uint16_t covers;
} lrr_t;

typedef struct lrun {
	size_t off; /* in bytes: owner wire, then key */
	uint32_t first, nrr;
	uint16_t keylen;
	uint8_t namelen;
	uint8_t tree; /* 0 main, 1 NSEC3 */
} lrun_t;

struct db_loader {
	db_t *db;
	uint8_t *bytes;
	size_t nbytes, capbytes;
	lrr_t *rrs;
	size_t nrrs, caprrs;
	lrun_t *runs;
	size_t nruns, capruns;
};

static void *
grow(void *p, size_t *cap, size_t need, size_t elem) {
	if (need <= *cap) {
		return p;
	}
	size_t ncap = *cap ? *cap : 1024;
	while (ncap < need) {
		ncap *= 2;
	}
	void *n = realloc(p, ncap * elem);
	if (n == NULL) {
		return NULL;
	}
	*cap = ncap;
	return n;
}

result_t
db_loader_create(db_t *db, db_loader_t **out) {
	db_loader_t *l = calloc(1, sizeof(*l));
	if (l == NULL) {
		return R_NOMEMORY;
	}
	l->db = db;
	*out = l;
	return R_OK;
}

void
db_loader_destroy(db_loader_t *l) {
	if (l == NULL) {
		return;
	}
	free(l->bytes);
	free(l->rrs);
	free(l->runs);
	free(l);
}

static result_t
put_bytes(db_loader_t *l, const uint8_t *p, size_t n, size_t *off) {
	uint8_t *b = grow(l->bytes, &l->capbytes, l->nbytes + n, 1);
	if (b == NULL) {
		return R_NOMEMORY;
	}
	l->bytes = b;
	*off = l->nbytes;
	if (n > 0) {
		memcpy(b + l->nbytes, p, n);
	}
	l->nbytes += n;
	return R_OK;
}

result_t
db_loader_add(db_loader_t *l, const master_rr_t *rr) {
	if (!name_issubdomain(rr->owner, &l->db->origin)) {
		return R_NOTZONETOP;
	}
	if (l->nrrs >= UINT32_MAX - 1 || l->nbytes > UINT32_MAX - 70000) {
		return R_NOSPACE; /* offsets are 32-bit */
	}
	uint16_t covers = 0;
	if (rr->type == RRTYPE_RRSIG) {
		covers = zone_rdata_covers(rr->type, rr->rdata, rr->rdlen);
	}
	uint8_t tree = db_is_nsec3_type(rr->type, covers) ? 1 : 0;
	lrun_t *last = l->nruns > 0 ? &l->runs[l->nruns - 1] : NULL;
	if (last == NULL || last->tree != tree ||
	    last->namelen != rr->owner->length ||
	    memcmp(l->bytes + last->off, rr->owner->wire, last->namelen) != 0) {
		lrun_t *runs = grow(l->runs, &l->capruns, l->nruns + 1,
				    sizeof(*runs));
		if (runs == NULL) {
			return R_NOMEMORY;
		}
		l->runs = runs;
		uint8_t key[RBT_KEYMAX];
		uint16_t keylen;
		db_key(rr->owner->wire, key, &keylen, NULL);
		size_t off, koff;
		if (put_bytes(l, rr->owner->wire, rr->owner->length, &off) !=
			    R_OK ||
		    put_bytes(l, key, keylen, &koff) != R_OK)
		{
			return R_NOMEMORY;
		}
		last = &l->runs[l->nruns++];
		last->off = off;
		last->first = (uint32_t)l->nrrs;
		last->nrr = 0;
		last->keylen = keylen;
		last->namelen = rr->owner->length;
		last->tree = tree;
	}
	lrr_t *rrs = grow(l->rrs, &l->caprrs, l->nrrs + 1, sizeof(*rrs));
	if (rrs == NULL) {
		return R_NOMEMORY;
	}
	l->rrs = rrs;
	size_t rdoff;
	if (put_bytes(l, rr->rdata, rr->rdlen, &rdoff) != R_OK) {
		return R_NOMEMORY;
	}
	lrr_t *e = &l->rrs[l->nrrs];
	e->rdoff = (uint32_t)rdoff;
	e->seq = (uint32_t)l->nrrs;
	e->ttl = rr->ttl;
	e->rdlen = rr->rdlen;
	e->type = rr->type;
	e->covers = covers;
	l->nrrs++;
	last->nrr++;
	return R_OK;
}

result_t
db_loader_rr(void *arg, const master_rr_t *rr) {
	return db_loader_add(arg, rr);
}

/*
 * Sort entry for one run.  Every key in the zone starts with the origin's
 * key, so runs are ordered by the octets after it: pfx holds the first
 * sixteen of them big-endian (zero-padded; a key never has a zero right
 * after a label's end, so padding cannot tie with real octets), and only
 * runs with equal pfx compare the rest.  This keeps the sort, the main
 * cost of a load, on integer compares.
 */
typedef struct sortent {
	uint64_t pfx, pfx2;
	uint32_t run;
} sortent_t;

static int
run_compare(const void *a, const void *b, void *arg) {
	const db_loader_t *l = arg;
	const sortent_t *x = a, *y = b;
	if (x->pfx != y->pfx) {
		return x->pfx < y->pfx ? -1 : 1;
	}
	if (x->pfx2 != y->pfx2) {
		return x->pfx2 < y->pfx2 ? -1 : 1;
	}
	const lrun_t *ra = &l->runs[x->run];
	const lrun_t *rb = &l->runs[y->run];
	/* equal pfx: the origin's key and the next 16 octets are common */
	size_t skip = l->db->apexkeylen + 16;
	size_t la = ra->keylen > skip ? ra->keylen - skip : 0;
	size_t lb = rb->keylen > skip ? rb->keylen - skip : 0;
	int c = rbt_key_compare(l->bytes + ra->off + ra->namelen + skip, la,
				l->bytes + rb->off + rb->namelen + skip, lb);
	if (c != 0) {
		return c;
	}
	/* keep input order among runs of one owner: first case wins */
	return x->run < y->run ? -1 : (x->run > y->run ? 1 : 0);
}

static uint64_t
key_prefix(const uint8_t *key, size_t len, size_t skip) {
	uint64_t p = 0;
	for (size_t i = 0; i < 8; i++) {
		p <<= 8;
		if (skip + i < len) {
			p |= key[skip + i];
		}
	}
	return p;
}

/* Sorts the runs into order[]: main tree runs first, then NSEC3 runs. */
static result_t
sort_runs(db_loader_t *l, uint32_t *order) {
	sortent_t *e = malloc((l->nruns + 1) * sizeof(*e));
	if (e == NULL) {
		return R_NOMEMORY;
	}
	size_t skip = l->db->apexkeylen;
	size_t nmain = 0;
	for (int tree = 0; tree < 2; tree++) {
		size_t start = nmain;
		size_t k = start;
		for (size_t i = 0; i < l->nruns; i++) {
			const lrun_t *r = &l->runs[i];
			if (r->tree != tree) {
				continue;
			}
			e[k].pfx = key_prefix(l->bytes + r->off + r->namelen,
					      r->keylen, skip);
			e[k].pfx2 = key_prefix(l->bytes + r->off + r->namelen,
					       r->keylen, skip + 8);
			e[k].run = (uint32_t)i;
			k++;
		}
		qsort_r(e + start, k - start, sizeof(*e), run_compare, l);
		nmain = k;
	}
	for (size_t i = 0; i < l->nruns; i++) {
		order[i] = e[i].run;
	}
	free(e);
	return R_OK;
}

static int
ref_compare(const void *a, const void *b) {
	const db_rrref_t *x = a, *y = b;
	int c = db_rrref_compare(x, y);
	if (c != 0) {
		return c;
	}
	return x->seq < y->seq ? -1 : (x->seq > y->seq ? 1 : 0);
}

/*
 * Sorts refs, drops duplicates (canonical rdata equal: the first one read
 * stays) and gives each RRset the TTL of its first RR in input order.
 * Returns the new count.
 */
static size_t
normalize(db_rrref_t *refs, size_t n) {
	if (n > 1) {
		qsort(refs, n, sizeof(*refs), ref_compare);
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && db_rrref_compare(&refs[k - 1], &refs[i]) == 0) {
			continue;
		}
		refs[k++] = refs[i];
	}
	for (size_t i = 0; i < k;) {
		size_t j = i;
		uint32_t best = refs[i].seq, ttl = refs[i].ttl;
		while (j < k && refs[j].type == refs[i].type &&
		       refs[j].covers == refs[i].covers) {
			if (refs[j].seq < best) {
				best = refs[j].seq;
				ttl = refs[j].ttl;
			}
			j++;
		}
		for (size_t m = i; m < j; m++) {
			refs[m].ttl = ttl;
		}
		i = j;
	}
	return k;
}

typedef struct build {
	db_loader_t *l;
	db_version_t *v;
	rbt_node_t **nodes;
	size_t n, cap;
	db_rrref_t *refs;
	size_t refcap;
} build_t;

static void
push_node(build_t *b, db_node_t *n) {
	rbt_node_t **nn = grow(b->nodes, &b->cap, b->n + 1, sizeof(*nn));
	if (nn == NULL) {
		abort(); /* out of memory */
	}
	b->nodes = nn;
	b->nodes[b->n++] = &n->rb;
}

/* Collects the RRs of runs order[i..j) (one owner) into b->refs. */
static size_t
gather(build_t *b, const uint32_t *order, size_t i, size_t j) {
	size_t total = 0;
	for (size_t m = i; m < j; m++) {
		total += b->l->runs[order[m]].nrr;
	}
	db_rrref_t *r = grow(b->refs, &b->refcap, total, sizeof(*r));
	if (r == NULL) {
		abort();
	}
	b->refs = r;
	size_t k = 0;
	for (size_t m = i; m < j; m++) {
		const lrun_t *run = &b->l->runs[order[m]];
		for (uint32_t q = 0; q < run->nrr; q++) {
			const lrr_t *e = &b->l->rrs[run->first + q];
			r[k].type = e->type;
			r[k].covers = e->covers;
			r[k].ttl = e->ttl;
			r[k].rdata = b->l->bytes + e->rdoff;
			r[k].rdlen = e->rdlen;
			r[k].seq = e->seq;
			k++;
		}
	}
	return normalize(r, k);
}

result_t
db_loader_commit(db_loader_t *l) {
	db_t *db = l->db;
	if (l->nrrs == 0) {
		db_loader_destroy(l);
		return R_NOTFOUND;
	}
	uint32_t *order = malloc(l->nruns * sizeof(*order));
	if (order == NULL) {
		db_loader_destroy(l);
		return R_NOMEMORY;
	}
	if (sort_runs(l, order) != R_OK) {
		free(order);
		db_loader_destroy(l);
		return R_NOMEMORY;
	}

	pthread_mutex_lock(&db->wlock);
	db_version_t *v = db_version_new(db, NULL);
	v->arena = db_arena_create();
	build_t b = {.l = l, .v = v};
	db_node_t *path[NAME_MAXLABELS + 2];
	unsigned apexlabels = db->origin.labels;
	const uint8_t *prevkey = NULL;
	uint16_t prevkeylen = 0;
	size_t mainnodes = 0;
	int curtree = 0;

	for (size_t i = 0; i < l->nruns;) {
		const lrun_t *run = &l->runs[order[i]];
		const uint8_t *wire = l->bytes + run->off;
		const uint8_t *key = wire + run->namelen;
		size_t j = i + 1;
		while (j < l->nruns) {
			const lrun_t *o = &l->runs[order[j]];
			if (o->tree != run->tree || o->keylen != run->keylen ||
			    memcmp(l->bytes + o->off + o->namelen, key,
				   run->keylen) != 0) {
				break;
			}
			j++;
		}
		if (run->tree != curtree) {
			/* main tree done: build it, start the NSEC3 one */
			v->root = rbt_build(b.nodes, b.n);
			mainnodes = b.n;
			b.n = 0;
			curtree = 1;
		}
		size_t nref = gather(&b, order, i, j);
		if (!db_refs_fit(b.refs, nref)) {
			/* more than a response could ever carry */
			free(b.nodes);
			free(b.refs);
			free(order);
			db_loader_destroy(l);
			db_version_discard(v, true);
			pthread_mutex_unlock(&db->wlock);
			return R_RANGE;
		}
		db_rrsets_t *sets = db_rrsets_build(v->arena, v->gen, b.refs,
						    nref);
		if (run->tree == 1) {
			db_node_t *n = db_node_new(v->arena, v->gen, wire,
						   run->namelen, key,
						   run->keylen);
			n->sets = sets;
			n->flags = DB_NODE_NSEC3TREE;
			push_node(&b, n);
			i = j;
			continue;
		}
		/* Main tree: the ancestors this name shares with the previous
		 * one exist; create the others as empty non-terminals. */
		uint16_t ends[NAME_MAXLABELS + 2];
		uint16_t kl;
		uint8_t tmpkey[RBT_KEYMAX];
		db_key(wire, tmpkey, &kl, ends);
		uint8_t offs[NAME_MAXLABELS];
		unsigned nl = 0;
		for (size_t p = 0; wire[p] != 0; p += 1 + (size_t)wire[p]) {
			offs[nl++] = (uint8_t)p;
		}
		unsigned labels = nl + 1;
		unsigned common = apexlabels - 1;
		if (prevkey != NULL) {
			size_t d = 0;
			size_t m = prevkeylen < kl ? prevkeylen : kl;
			while (d < m && prevkey[d] == key[d]) {
				d++;
			}
			for (unsigned k = apexlabels; k <= labels; k++) {
				if (ends[k] <= d) {
					common = k;
				}
			}
		}
		for (unsigned k = common + 1; k < labels; k++) {
			if (k < apexlabels) {
				continue;
			}
			unsigned woff = offs[labels - k];
			db_node_t *ent = db_node_new(v->arena, v->gen,
						     wire + woff,
						     run->namelen - woff, key,
						     ends[k]);
			ent->flags = db_flags_of(NULL, k == apexlabels);
			push_node(&b, ent);
			path[k] = ent;
			/* an empty wildcard still exists (RFC 4592 4.2) */
			if (k > apexlabels && wire[woff] == 1 &&
			    wire[woff + 1] == '*') {
				path[k - 1]->flags |= DB_NODE_WILDCHILD;
			}
		}
		db_node_t *n = db_node_new(v->arena, v->gen, wire, run->namelen,
					   key, run->keylen);
		n->sets = sets;
		n->flags = db_flags_of(sets, labels == apexlabels);
		path[labels] = n;
		if (labels > apexlabels && wire[0] == 1 && wire[1] == '*') {
			path[labels - 1]->flags |= DB_NODE_WILDCHILD;
		}
		push_node(&b, n);
		prevkey = key;
		prevkeylen = run->keylen;
		i = j;
	}
	if (curtree == 0) {
		v->root = rbt_build(b.nodes, b.n);
		mainnodes = b.n;
		b.n = 0;
	} else {
		v->nsec3root = rbt_build(b.nodes, b.n);
		v->nsec3nodes = b.n;
	}
	v->nodes = mainnodes;
	v->apex = (const db_node_t *)rbt_find(v->root, db->apexkey,
					      db->apexkeylen);
	v->ncuts = 0;
	rbt_iter_t it;
	for (rbt_node_t *rn = rbt_iter_first(&it, v->root); rn != NULL;
	     rn = rbt_iter_next(&it)) {
		if (((db_node_t *)rn)->flags & (DB_NODE_DELEG | DB_NODE_DNAME)) {
			v->ncuts++;
		}
	}
	free(b.nodes);
	free(b.refs);
	free(order);
	size_t collected = l->capbytes + l->caprrs * sizeof(lrr_t) +
			   l->capruns * sizeof(lrun_t);
	db_loader_destroy(l);
#ifdef __GLIBC__
	/* The collected input of a big zone was several times the size of
	 * the result; hand the freed heap back instead of keeping it
	 * resident.  (Not for small zones: trimming walks the heap.) */
	if (collected > (16u << 20)) {
		malloc_trim(0);
	}
#endif
	db_publish(db, v);
	pthread_mutex_unlock(&db->wlock);
	return R_OK;
}

/* master_opts_t has one arg for both callbacks: route them apart. */
typedef struct loadctx {
	db_loader_t *l;
	master_log_fn log;
	void *logarg;
} loadctx_t;

static result_t
load_rr(void *arg, const master_rr_t *rr) {
	return db_loader_add(((loadctx_t *)arg)->l, rr);
}

static void
load_log(void *arg, int level, const char *file, unsigned line,
	 const char *msg) {
	loadctx_t *c = arg;
	if (c->log != NULL) {
		c->log(c->logarg, level, file, line, msg);
	}
}

result_t
db_load_file(db_t *db, const char *path, bool raw, master_log_fn log,
	     void *logarg) {
	loadctx_t c = {.log = log, .logarg = logarg};
	result_t r = db_loader_create(db, &c.l);
	if (r != R_OK) {
		return r;
	}
	master_opts_t opts = {
		.origin = &db->origin,
		.rclass = db->rclass,
		.rr = load_rr,
		.log = load_log,
		.arg = &c,
	};
	r = raw ? rawfmt_load_file(path, &opts) : master_load_file(path, &opts);
	if (r != R_OK) {
		db_loader_destroy(c.l);
		return r;
	}
	return db_loader_commit(c.l);
}
