/*
 * db_model_test.c - randomized test of the zone database (zones/db.h)
 * against a naive model: a sorted array of names.
 *
 * Thousands of random names (drawn from a tiny alphabet so they share
 * labels and suffixes, which makes empty non-terminals and deep closest
 * enclosers common) are added and deleted through changesets.  After
 * every few changesets the current version is checked against the model:
 *  - tree order: an in-order walk yields exactly the model's names (data
 *    names, their ancestors as ENTs, the apex) in canonical order, with
 *    the ENT flag and the RRsets the model expects;
 *  - lookups: data names are FOUND, ENTs NODATA, absent names NXDOMAIN
 *    with the closest encloser the model computes;
 *  - NSEC predecessor: db_nsec_covering() and the nsec/wild_nsec of
 *    lookups equal the model's last NSEC owner at or before the name
 *    (wrapping to the last one).
 * Older versions kept with db_attach() must still match the model state
 * they were taken at after many later changesets (path copying).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "zones/db.h"

#define T_A	 1
#define T_NS	 2
#define T_SOA	 6
#define T_NSEC	 47

static name_t origin;

static uint64_t rng_state = 0x853c49e6748fea9bull;

static uint32_t
rnd(void) {
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static name_t
nm(const char *s) {
	name_t n;
	assert_int_equal(name_fromtext(&n, s, strlen(s), &origin), R_OK);
	return n;
}

/* A random name 1..maxdepth labels below the origin; letters of mixed
 * case (lookups must fold), digits, and the octets around the escaping
 * rbt keys do (0x00, 0x01, 0x02) and above 0x7f. */
static void
random_name(name_t *out, unsigned maxdepth) {
	static const uint8_t alpha[] = {'a', 'B', 'c', '0', '-', 0x00,
					0x01, 0x02, 0xc8, 'A'};
	name_t rel;
	unsigned labels = 1 + rnd() % maxdepth;
	size_t pos = 0;

	for (unsigned i = 0; i < labels; i++) {
		unsigned len = 1 + rnd() % 2;
		rel.wire[pos++] = (uint8_t)len;
		for (unsigned k = 0; k < len; k++) {
			rel.wire[pos++] = alpha[rnd() % sizeof(alpha)];
		}
	}
	memcpy(rel.wire + pos, origin.wire, origin.length);
	pos += origin.length;
	assert_int_equal(name_fromwire_raw(out, rel.wire, pos, NULL), R_OK);
}

/* ---- the model ---- */

typedef struct mname {
	name_t name;
	int nA; /* A records 0..3 (A rdata 10.0.0.i) */
} mname_t;

typedef struct model {
	mname_t *v; /* data names other than the apex, sorted */
	size_t n, cap;
} model_t;

/* Index of name in the model or -1. */
static long
model_find(const model_t *m, const name_t *name) {
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = name_compare(&m->v[mid].name, name);
		if (c == 0) {
			return (long)mid;
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return -1;
}

static void
model_insert(model_t *m, const name_t *name, int nA) {
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->v = realloc(m->v, m->cap * sizeof(*m->v));
		assert_non_null(m->v);
	}
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (name_compare(&m->v[mid].name, name) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	memmove(&m->v[lo + 1], &m->v[lo], (m->n - lo) * sizeof(*m->v));
	m->v[lo].name = *name;
	m->v[lo].nA = nA;
	m->n++;
}

static void
model_remove(model_t *m, long i) {
	memmove(&m->v[i], &m->v[i + 1], (m->n - (size_t)i - 1) * sizeof(*m->v));
	m->n--;
}

static model_t
model_copy(const model_t *m) {
	model_t c = {NULL, m->n, m->n ? m->n : 1};
	c.v = malloc(c.cap * sizeof(*c.v));
	assert_non_null(c.v);
	memcpy(c.v, m->v, m->n * sizeof(*m->v));
	return c;
}

/* Every node the tree must hold: apex, data names and all their
 * ancestors below the apex (ENTs unless they have data), sorted. */
typedef struct mnode {
	name_t name;
	int data; /* index into the model, -1 for ENT, -2 for apex */
} mnode_t;

static int
mnode_cmp(const void *a, const void *b) {
	return name_compare(&((const mnode_t *)a)->name,
			    &((const mnode_t *)b)->name);
}

static mnode_t *
model_nodes(const model_t *m, size_t *count) {
	size_t cap = 1 + m->n * 8, n = 0;
	mnode_t *out = malloc(cap * sizeof(*out));
	assert_non_null(out);
	out[n].name = origin;
	out[n++].data = -2;
	for (size_t i = 0; i < m->n; i++) {
		const name_t *nmp = &m->v[i].name;
		out[n].name = *nmp;
		out[n++].data = (int)i;
		for (unsigned l = origin.labels + 1; l < nmp->labels; l++) {
			name_t anc;
			name_suffix(nmp, l, &anc);
			if (n == cap) {
				cap *= 2;
				out = realloc(out, cap * sizeof(*out));
				assert_non_null(out);
			}
			out[n].name = anc;
			out[n++].data = model_find(m, &anc) >= 0 ? -3 : -1;
		}
	}
	qsort(out, n, sizeof(*out), mnode_cmp);
	/* dedupe: ancestors repeat; a -3 duplicate is the data entry */
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (w > 0 && name_equal(&out[w - 1].name, &out[i].name)) {
			if (out[i].data >= 0) {
				out[w - 1] = out[i];
			}
			continue;
		}
		out[w++] = out[i];
	}
	size_t k = 0;
	for (size_t i = 0; i < w; i++) {
		if (out[i].data != -3) {
			out[k++] = out[i];
		}
	}
	*count = k;
	return out;
}

/* The model's answer to "last NSEC owner at or before name" (apex and
 * every data name have an NSEC), wrapping to the last one. */
static const name_t *
model_nsec_cover(const model_t *m, const name_t *name) {
	const name_t *best = NULL;
	if (name_compare(&origin, name) <= 0) {
		best = &origin;
	}
	/* binary search: greatest data name <= name */
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (name_compare(&m->v[mid].name, name) <= 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (lo > 0) {
		best = &m->v[lo - 1].name;
	}
	if (best == NULL) {
		best = m->n > 0 ? &m->v[m->n - 1].name : &origin;
	}
	return best;
}

/* Deepest ancestor of name (below or at origin) that is a node. */
static unsigned
model_encloser(const mnode_t *nodes, size_t count, const name_t *name) {
	for (unsigned l = name->labels - 1; l > origin.labels; l--) {
		name_t anc;
		name_suffix(name, l, &anc);
		size_t lo = 0, hi = count;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = name_compare(&nodes[mid].name, &anc);
			if (c == 0) {
				return l;
			}
			if (c < 0) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
	}
	return origin.labels;
}

/* ---- building changesets ---- */

static void
a_rdata(int i, uint8_t out[4]) {
	out[0] = 10;
	out[1] = 0;
	out[2] = 0;
	out[3] = (uint8_t)i;
}

/* NSEC rdata: next name = origin, bitmap {A, NSEC} (the database does
 * not interpret it). */
static uint16_t
nsec_rdata(uint8_t *buf) {
	memcpy(buf, origin.wire, origin.length);
	uint16_t l = origin.length;
	static const uint8_t bm[] = {0x00, 0x06, 0x40, 0x00, 0x00, 0x00,
				     0x00, 0x01};
	memcpy(buf + l, bm, sizeof(bm));
	return (uint16_t)(l + sizeof(bm));
}

static void
add_name(changeset_t *cs, const name_t *n, int nA) {
	uint8_t a[4], nsec[300];
	for (int i = 0; i < nA; i++) {
		a_rdata(i, a);
		assert_int_equal(changeset_add(cs, CHANGESET_ADD, n, T_A, 300,
					       a, 4),
				 R_OK);
	}
	uint16_t nl = nsec_rdata(nsec);
	assert_int_equal(changeset_add(cs, CHANGESET_ADD, n, T_NSEC, 300, nsec,
				       nl),
			 R_OK);
}

static void
apex_changeset(changeset_t *cs) {
	uint8_t soa[300];
	size_t l = 0;
	name_t ns = nm("ns");
	name_t mbox = nm("hostmaster");
	memcpy(soa, ns.wire, ns.length);
	l += ns.length;
	memcpy(soa + l, mbox.wire, mbox.length);
	l += mbox.length;
	static const uint8_t nums[20] = {0, 0, 0, 1, 0, 0, 0x0e, 0x10,
					 0, 0, 0x07, 0x08, 0, 0x09, 0x3a, 0x80,
					 0, 0, 0x01, 0x2c};
	memcpy(soa + l, nums, 20);
	l += 20;
	assert_int_equal(changeset_add(cs, CHANGESET_ADD, &origin, T_SOA, 300,
				       soa, (uint16_t)l),
			 R_OK);
	assert_int_equal(changeset_add(cs, CHANGESET_ADD, &origin, T_NS, 300,
				       ns.wire, ns.length),
			 R_OK);
	uint8_t nsec[300];
	uint16_t nl = nsec_rdata(nsec);
	assert_int_equal(changeset_add(cs, CHANGESET_ADD, &origin, T_NSEC, 300,
				       nsec, nl),
			 R_OK);
}

/* One random changeset, applied to the model as it is built. */
static changeset_t *
random_changeset(model_t *m, unsigned ops) {
	changeset_t *cs;
	assert_int_equal(changeset_create(&cs), R_OK);
	for (unsigned k = 0; k < ops; k++) {
		unsigned what = rnd() % 10;
		if (what < 7 || m->n == 0) {
			/* add a name (or more A records to an existing one) */
			name_t n;
			random_name(&n, 4);
			long i = model_find(m, &n);
			if (i >= 0) {
				if (m->v[i].nA < 3) {
					uint8_t a[4];
					a_rdata(m->v[i].nA, a);
					assert_int_equal(
						changeset_add(cs, CHANGESET_ADD,
							      &n, T_A, 300, a,
							      4),
						R_OK);
					m->v[i].nA++;
				}
				continue;
			}
			int nA = 1 + (int)(rnd() % 2);
			add_name(cs, &n, nA);
			model_insert(m, &n, nA);
		} else if (what < 9) {
			/* delete a whole name */
			long i = (long)(rnd() % m->n);
			name_t n = m->v[i].name;
			assert_int_equal(changeset_add(cs, CHANGESET_DELNAME,
						       &n, 0, 0, NULL, 0),
					 R_OK);
			model_remove(m, i);
		} else {
			/* delete one A record; the last one takes the name
			 * with it (its NSEC too) */
			long i = (long)(rnd() % m->n);
			name_t n = m->v[i].name;
			uint8_t a[4];
			a_rdata(m->v[i].nA - 1, a);
			assert_int_equal(changeset_add(cs, CHANGESET_DEL, &n,
						       T_A, 300, a, 4),
					 R_OK);
			if (--m->v[i].nA == 0) {
				assert_int_equal(
					changeset_add(cs, CHANGESET_DELRRSET,
						      &n, T_NSEC, 0, NULL, 0),
					R_OK);
				model_remove(m, i);
			}
		}
	}
	return cs;
}

/* ---- checks ---- */

static void
check_walk(const db_version_t *v, const model_t *m, const mnode_t *nodes,
	   size_t count) {
	db_iter_t it;
	size_t i = 0;
	for (const db_node_t *n = db_iter_first(&it, v, false); n != NULL;
	     n = db_iter_next(&it), i++) {
		assert_true(i < count);
		name_t got;
		db_node_name(n, &got);
		if (!name_equal(&got, &nodes[i].name)) {
			char a[NAME_MAXTEXT], b[NAME_MAXTEXT];
			name_totext(&got, NULL, false, a, sizeof(a), NULL);
			name_totext(&nodes[i].name, NULL, false, b, sizeof(b),
				    NULL);
			fail_msg("walk position %zu: tree has %s, model %s", i,
				 a, b);
		}
		/* case is kept as given: every owner ends in the origin as
		 * the changesets spelled it (which name first created an
		 * ENT, and so its case, is not the model's business) */
		assert_int_equal(db_node_wirelen(n), nodes[i].name.length);
		assert_memory_equal(db_node_wire(n) + db_node_wirelen(n) -
					    origin.length,
				    origin.wire, origin.length);
		unsigned flags = db_node_flags(n);
		if (nodes[i].data == -1) {
			if ((flags & DB_NODE_ENT) == 0) {
				char a[NAME_MAXTEXT];
				name_totext(&got, NULL, false, a, sizeof(a),
					    NULL);
				fail_msg("%s: model ENT, tree flags %#x, %u "
					 "rrsets",
					 a, flags, db_node_rrset_count(n));
			}
			assert_int_equal(db_node_rrset_count(n), 0);
			continue;
		}
		if ((flags & DB_NODE_ENT) != 0 ||
		    (flags & DB_NODE_NSEC) == 0) {
			char a[NAME_MAXTEXT];
			name_totext(&got, NULL, false, a, sizeof(a), NULL);
			fail_msg("%s: model data, tree flags %#x, %u rrsets", a,
				 flags, db_node_rrset_count(n));
		}
		if (nodes[i].data == -2) {
			assert_true(flags & DB_NODE_APEX);
			continue;
		}
		const db_rrset_t *a = db_node_rrset(n, T_A);
		assert_non_null(a);
		assert_int_equal(a->count, m->v[nodes[i].data].nA);
		assert_int_equal(db_node_rrset_count(n), 2);
	}
	assert_int_equal(i, count);
	assert_int_equal(db_version_nodes(v), count);
}

static void
check_name(const db_version_t *v, const model_t *m, const mnode_t *nodes,
	   size_t count, const name_t *q) {
	db_lookup_t res;
	assert_int_equal(db_lookup(v, q, T_A, &res), R_OK);
	const db_node_t *cover = db_nsec_covering(v, q);
	assert_non_null(cover);
	name_t got, want_cover = *model_nsec_cover(m, q);
	db_node_name(cover, &got);
	assert_true(name_equal(&got, &want_cover));

	if (name_equal(q, &origin)) {
		/* no A at the apex; its own NSEC proves it */
		assert_int_equal(res.outcome, DB_NODATA);
		assert_true(db_node_flags(res.node) & DB_NODE_APEX);
		assert_ptr_equal(res.nsec, res.node);
		return;
	}
	long di = model_find(m, q);
	if (di >= 0) {
		assert_int_equal(res.outcome, DB_FOUND);
		db_node_name(res.node, &got);
		assert_true(name_equal(&got, q));
		assert_int_equal(res.rrset->count, m->v[di].nA);
		return;
	}
	/* an ENT? */
	size_t lo = 0, hi = count;
	bool ent = false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = name_compare(&nodes[mid].name, q);
		if (c == 0) {
			ent = true;
			break;
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (ent) {
		assert_int_equal(res.outcome, DB_NODATA);
		assert_true(db_node_flags(res.node) & DB_NODE_ENT);
		db_node_name(res.nsec, &got);
		assert_true(name_equal(&got, &want_cover));
		return;
	}
	assert_int_equal(res.outcome, DB_NXDOMAIN);
	unsigned el = model_encloser(nodes, count, q);
	assert_int_equal(res.encloser_labels, el);
	name_t enc;
	name_suffix(q, el, &enc);
	db_node_name(res.encloser, &got);
	assert_true(name_equal(&got, &enc));
	assert_non_null(res.nsec);
	db_node_name(res.nsec, &got);
	assert_true(name_equal(&got, &want_cover));
	/* the NSEC that denies the wildcard at the closest encloser */
	name_t star, wild;
	assert_int_equal(name_fromtext(&star, "*", 1, &origin), R_OK);
	if (name_concat(&wild, &star, 1, &enc) == R_OK) {
		assert_non_null(res.wild_nsec);
		db_node_name(res.wild_nsec, &got);
		assert_true(name_equal(&got, model_nsec_cover(m, &wild)));
	}
}

static void
check_version(const db_version_t *v, const model_t *m, unsigned queries) {
	size_t count;
	mnode_t *nodes = model_nodes(m, &count);
	check_walk(v, m, nodes, count);
	for (unsigned i = 0; i < queries; i++) {
		name_t q;
		switch (rnd() % 3) {
		case 0:
			random_name(&q, 5);
			break;
		case 1:
			q = nodes[rnd() % count].name;
			break;
		default: {
			/* below an existing node: absent, encloser known */
			name_t pre;
			random_name(&pre, 2);
			if (name_concat(&q, &pre, 1,
					&nodes[rnd() % count].name) != R_OK) {
				q = pre;
			}
			break;
		}
		}
		check_name(v, m, nodes, count, &q);
	}
	free(nodes);
}

static void
test_random_model(void **state) {
	db_t *db;
	model_t m = {NULL, 0, 0};
	changeset_t *cs;

	assert_int_equal(db_create(&origin, 1, &db), R_OK);
	assert_int_equal(changeset_create(&cs), R_OK);
	apex_changeset(cs);
	assert_int_equal(db_apply(db, cs, 0), R_OK);
	changeset_destroy(cs);

	enum { KEEP = 4 };
	db_version_t *kept[KEEP] = {NULL};
	model_t kept_model[KEEP];
	unsigned nkept = 0;
	size_t peak = 0;

	for (unsigned round = 0; round < 400; round++) {
		/* grow for most of the run, then shrink */
		unsigned ops = 1 + rnd() % 60;
		if (round <= 300) {
			cs = random_changeset(&m, ops);
		} else {
			assert_int_equal(changeset_create(&cs), R_OK);
			for (unsigned k = 0; k < ops && m.n > 0; k++) {
				long i = (long)(rnd() % m.n);
				assert_int_equal(
					changeset_add(cs, CHANGESET_DELNAME,
						      &m.v[i].name, 0, 0, NULL,
						      0),
					R_OK);
				model_remove(&m, i);
			}
		}
		assert_int_equal(db_apply(db, cs, 0), R_OK);
		changeset_destroy(cs);
		if (m.n > peak) {
			peak = m.n;
		}
		if (round % 20 == 0) {
			db_version_t *v = db_attach(db);
			assert_non_null(v);
			check_version(v, &m, 300);
			if (nkept < KEEP) {
				kept[nkept] = v;
				kept_model[nkept++] = model_copy(&m);
			} else {
				db_detach(db, v);
			}
		}
	}
	db_version_t *v = db_attach(db);
	check_version(v, &m, 1000);
	db_detach(db, v);
	/* thousands of names went through the tree */
	assert_true(peak > 2000);
	/* versions pinned long ago are exactly as they were */
	for (unsigned i = 0; i < nkept; i++) {
		check_version(kept[i], &kept_model[i], 200);
		db_detach(db, kept[i]);
		free(kept_model[i].v);
	}
	db_destroy(db);
	free(m.v);
}

/* The same names loaded in one go by the loader build the same tree as
 * the changesets did. */
static void
test_loader_matches_model(void **state) {
	db_t *db;
	model_t m = {NULL, 0, 0};
	changeset_t *cs = random_changeset(&m, 3000);
	changeset_destroy(cs);

	assert_int_equal(db_create(&origin, 1, &db), R_OK);
	db_loader_t *l;
	assert_int_equal(db_loader_create(db, &l), R_OK);
	/* add in reverse canonical order: the loader must sort */
	changeset_t *apex;
	assert_int_equal(changeset_create(&apex), R_OK);
	apex_changeset(apex);
	for (size_t k = m.n + 1; k > 0; k--) {
		changeset_t *one;
		assert_int_equal(changeset_create(&one), R_OK);
		if (k == 1) {
			changeset_append(one, apex);
		} else {
			add_name(one, &m.v[k - 2].name, m.v[k - 2].nA);
		}
		for (size_t e = 0; e < changeset_count(one); e++) {
			changeset_rr_t rr;
			assert_int_equal(changeset_get(one, e, &rr), R_OK);
			master_rr_t mr;
			name_t owner;
			memset(&mr, 0, sizeof(mr));
			assert_int_equal(name_fromwire_raw(&owner, rr.owner,
							   rr.ownerlen, NULL),
					 R_OK);
			mr.owner = &owner;
			mr.type = rr.type;
			mr.rclass = 1;
			mr.ttl = rr.ttl;
			mr.rdata = rr.rdata;
			mr.rdlen = rr.rdlen;
			assert_int_equal(db_loader_add(l, &mr), R_OK);
		}
		changeset_destroy(one);
	}
	changeset_destroy(apex);
	assert_int_equal(db_loader_commit(l), R_OK);
	db_version_t *v = db_attach(db);
	check_version(v, &m, 1000);
	db_detach(db, v);
	db_destroy(db);
	free(m.v);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_model),
		cmocka_unit_test(test_loader_matches_model),
	};
	name_t root;
	name_init_root(&root);
	assert_int_equal(name_fromtext(&origin, "Model.TEST", 10, &root), R_OK);
	db_thread_register();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	db_thread_unregister();
	return r;
}
