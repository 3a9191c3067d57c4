/*
 * db_test.c - unit tests for the zone database (zones/db*.c): every
 * lookup outcome on small hand-written zones, loading (ENTs, flags, case,
 * duplicates), changeset application (RR, RRset and name deletion, ENT
 * creation and removal, flags, TTL changes, strict mode), version
 * isolation, reclamation and diffs.
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
#include "zones/db_int.h" /* invariant checks on the trees */

static name_t
nm(const char *s) {
	name_t n;
	assert_int_equal(name_fromtext(&n, s, strlen(s), NULL), R_OK);
	return n;
}

static const char *ZONE1 =
	"$ORIGIN example.\n"
	"$TTL 300\n"
	"@ SOA ns1 host 1 3600 600 86400 300\n"
	"@ NS ns1\n"
	"ns1 A 192.0.2.1\n"
	"WwW A 192.0.2.2\n"
	"www AAAA 2001:db8::2\n"
	"www A 192.0.2.2\n" /* duplicate: dropped */
	"alias CNAME www\n"
	"a.b.c A 192.0.2.3\n"
	"sub NS ns.sub\n"
	"sub NS ns1\n"
	"sub DS 12345 8 2 "
	"49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE"
	"8D2D5A8A06B9E1F0C8A6A4E1\n"
	"ns.sub A 192.0.2.4\n"
	"dn DNAME example.net.\n"
	"*.wild A 192.0.2.5\n"
	"*.wild2 CNAME www\n"
	"www MX 10 ns1\n"
	"www 600 TXT \"later ttl\"\n";

typedef struct logctx {
	int errors;
} logctx_t;

static void
logfn(void *arg, int level, const char *file, unsigned line, const char *msg) {
	char buf[512];
	master_log_format(buf, sizeof(buf), level, file, line, msg);
	fprintf(stderr, "%s\n", buf);
	((logctx_t *)arg)->errors++;
}

static db_t *
load(const char *origin, const char *text) {
	db_t *db;
	name_t o = nm(origin);
	assert_int_equal(db_create(&o, RRCLASS_IN, &db), R_OK);
	db_loader_t *l;
	assert_int_equal(db_loader_create(db, &l), R_OK);
	logctx_t lc = {0};
	master_opts_t opts = {.origin = &o, .rclass = RRCLASS_IN,
			      .rr = db_loader_rr, .log = NULL, .arg = l};
	(void)lc;
	(void)logfn;
	assert_int_equal(
		master_load_buffer(text, strlen(text), "test.db", &opts), R_OK);
	assert_int_equal(db_loader_commit(l), R_OK);
	return db;
}

/* Adds every RR of text (master-file syntax, origin example.) to cs. */
typedef struct csctx {
	changeset_t *cs;
	changeset_op_t op;
} csctx_t;

static result_t
cs_rr(void *arg, const master_rr_t *rr) {
	csctx_t *c = arg;
	return changeset_add(c->cs, c->op, rr->owner, rr->type, rr->ttl,
			     rr->rdata, rr->rdlen);
}

static void
cs_text(changeset_t *cs, changeset_op_t op, const char *origin,
	const char *text) {
	name_t o = nm(origin);
	csctx_t c = {cs, op};
	master_opts_t opts = {.origin = &o, .rclass = RRCLASS_IN, .rr = cs_rr,
			      .arg = &c};
	char buf[1024];
	snprintf(buf, sizeof(buf), "$TTL 300\n%s\n", text);
	assert_int_equal(master_load_buffer(buf, strlen(buf), "cs", &opts),
			 R_OK);
}

static void
cs_del(changeset_t *cs, changeset_op_t op, const char *owner, uint16_t type) {
	name_t n = nm(owner);
	assert_int_equal(changeset_add(cs, op, &n, type, 0, NULL, 0), R_OK);
}

/*
 * Tests pin versions with db_attach rather than read sections: a failed
 * assertion jumps out without unpinning, and a read section left open
 * would make the next writer's grace period wait forever.
 */
static db_version_t *pinned;

static const db_version_t *
pin(db_t *db) {
	pinned = db_attach(db);
	return pinned;
}

static void
unpin(db_t *db) {
	db_detach(db, pinned);
	pinned = NULL;
}

/* The read-section API itself, on a version known to be there. */
static void
test_read_section(void **state) {
	db_t *db = load("example.", ZONE1);
	const db_version_t *v = db_read_begin(db);
	bool ok = v != NULL && db_version_id(v) == 1 &&
		  db_version_nodes(v) > 0;
	db_read_end(db);
	assert_true(ok);
	db_destroy(db);
}

static db_lookup_t
look(const db_version_t *v, const char *q, uint16_t type) {
	db_lookup_t r;
	name_t n = nm(q);
	assert_int_equal(db_lookup(v, &n, type, &r), R_OK);
	return r;
}

static void
assert_node_name(const db_node_t *n, const char *want) {
	assert_non_null(n);
	name_t got;
	char buf[NAME_MAXTEXT];
	db_node_name(n, &got);
	assert_int_equal(name_totext(&got, NULL, false, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, want);
}

/* Checks tree invariants, node counts and that every ancestor exists. */
static void
check_version(const db_version_t *v) {
	assert_true(rbt_check(v->root) >= 0);
	assert_true(rbt_check(v->nsec3root) >= 0);
	assert_int_equal(rbt_count(v->root), v->nodes);
	assert_int_equal(rbt_count(v->nsec3root), v->nsec3nodes);
	db_iter_t it;
	size_t cuts = 0;
	name_t prevname;
	bool prevent = false;
	for (const db_node_t *n = db_iter_first(&it, v, false); n != NULL;
	     n = db_iter_next(&it)) {
		name_t nn, parent;
		db_node_name(n, &nn);
		if (prevent) {
			/* an ENT is followed by one of its descendants */
			assert_true(name_issubdomain(&nn, &prevname) &&
				    !name_equal(&nn, &prevname));
		}
		prevent = (n->flags & DB_NODE_ENT) && !(n->flags & DB_NODE_APEX);
		prevname = nn;
		if (n->flags & (DB_NODE_DELEG | DB_NODE_DNAME)) {
			cuts++;
		}
		assert_int_equal((n->sets == NULL), (n->flags & DB_NODE_ENT) != 0);
		if (nn.labels > v->db->origin.labels) {
			name_suffix(&nn, nn.labels - 1u, &parent);
			const db_node_t *p = db_find_node(v, &parent);
			assert_non_null(p);
			if (name_iswildcard(&nn)) {
				assert_true(p->flags & DB_NODE_WILDCHILD);
			}
		}
	}
	assert_false(prevent);
	assert_int_equal(cuts, v->ncuts);
}

static void
test_lookup_outcomes(void **state) {
	db_t *db = load("example.", ZONE1);
	const db_version_t *v = pin(db);
	assert_non_null(v);
	check_version(v);
	uint32_t serial;
	assert_int_equal(db_version_serial(v, &serial), R_OK);
	assert_int_equal(serial, 1);

	db_lookup_t r = look(v, "www.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_FOUND);
	assert_node_name(r.node, "WwW.example."); /* case as first loaded */
	assert_non_null(r.rrset);
	assert_int_equal(r.rrset->count, 1);
	assert_int_equal(r.rrset->ttl, 300);
	assert_memory_equal(r.rrset->rdata, "\x00\x04\xc0\x00\x02\x02", 6);

	r = look(v, "WWW.EXAMPLE.", RRTYPE_TXT);
	assert_int_equal(r.outcome, DB_FOUND);
	assert_int_equal(r.rrset->ttl, 600);

	r = look(v, "www.example.", RRTYPE_SRV);
	assert_int_equal(r.outcome, DB_NODATA);
	assert_null(r.rrset);
	assert_null(r.nsec); /* unsigned zone */

	r = look(v, "www.example.", RRTYPE_ANY);
	assert_int_equal(r.outcome, DB_FOUND);
	assert_null(r.rrset);
	assert_int_equal(db_node_rrset_count(r.node), 4);

	r = look(v, "alias.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_CNAME);
	assert_int_equal(r.rrset->type, RRTYPE_CNAME);
	r = look(v, "alias.example.", RRTYPE_CNAME);
	assert_int_equal(r.outcome, DB_FOUND);

	/* empty non-terminals */
	r = look(v, "c.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NODATA);
	assert_true(db_node_flags(r.node) & DB_NODE_ENT);
	r = look(v, "b.c.example.", RRTYPE_ANY);
	assert_int_equal(r.outcome, DB_NODATA);
	r = look(v, "a.b.c.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_FOUND);

	/* delegation, at and below the cut, DS from the parent side */
	r = look(v, "sub.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_DELEGATION);
	assert_node_name(r.node, "sub.example.");
	assert_int_equal(r.rrset->type, RRTYPE_NS);
	assert_int_equal(r.rrset->count, 2);
	assert_non_null(r.ds);
	r = look(v, "deep.x.sub.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_DELEGATION);
	assert_node_name(r.node, "sub.example.");
	r = look(v, "ns.sub.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_DELEGATION);
	r = look(v, "sub.example.", RRTYPE_DS);
	assert_int_equal(r.outcome, DB_FOUND);
	assert_int_equal(r.rrset->type, RRTYPE_DS);
	r = look(v, "sub.example.", RRTYPE_ANY);
	assert_int_equal(r.outcome, DB_DELEGATION);
	/* glue is found below the cut */
	name_t g = nm("ns.sub.example.");
	const db_node_t *gn = db_find_node(v, &g);
	assert_non_null(gn);
	assert_non_null(db_node_rrset(gn, RRTYPE_A));
	/* db_glue: ns.sub (below the cut) and ns1 (in zone) both have A */
	const db_node_t *glue[4];
	assert_int_equal(db_glue(v, r.ds, glue, 4), 0); /* DS names nobody */
	r = look(v, "sub.example.", RRTYPE_A);
	assert_int_equal(db_glue(v, r.rrset, glue, 4), 2);
	assert_node_name(glue[0], "ns.sub.example.");
	assert_node_name(glue[1], "ns1.example.");
	assert_int_equal(db_glue(v, r.rrset, glue, 1), 1);
	assert_int_equal(db_glue(v, NULL, glue, 4), 0);
	g = nm("nothere.sub.example.");
	assert_null(db_find_node(v, &g));
	g = nm("ns.other.");
	assert_null(db_find_node(v, &g));
	/* the apex NS is not a cut */
	r = look(v, "example.", RRTYPE_NS);
	assert_int_equal(r.outcome, DB_FOUND);
	assert_true(db_node_flags(r.node) & DB_NODE_APEX);
	assert_ptr_equal(r.node, db_apex(v));

	/* DNAME */
	r = look(v, "foo.dn.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_DNAME);
	assert_node_name(r.node, "dn.example.");
	assert_int_equal(r.rrset->type, RRTYPE_DNAME);
	r = look(v, "dn.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NODATA);
	r = look(v, "dn.example.", RRTYPE_DNAME);
	assert_int_equal(r.outcome, DB_FOUND);

	/* NXDOMAIN with the closest encloser */
	r = look(v, "nope.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NXDOMAIN);
	assert_ptr_equal(r.encloser, db_apex(v));
	assert_int_equal(r.encloser_labels, 2);
	r = look(v, "x.a.b.c.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NXDOMAIN);
	assert_node_name(r.encloser, "a.b.c.example.");
	assert_int_equal(r.encloser_labels, 5);
	r = look(v, "y.c.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NXDOMAIN);
	assert_node_name(r.encloser, "c.example.");
	r = look(v, "zzz.b.c.example.", RRTYPE_A);
	assert_node_name(r.encloser, "b.c.example.");

	/* wildcards */
	r = look(v, "foo.wild.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_WILDCARD);
	assert_node_name(r.node, "*.wild.example.");
	assert_node_name(r.encloser, "wild.example.");
	assert_int_equal(r.rrset->type, RRTYPE_A);
	r = look(v, "bar.foo.wild.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_WILDCARD);
	r = look(v, "foo.wild.example.", RRTYPE_MX);
	assert_int_equal(r.outcome, DB_WILDCARD_NODATA);
	assert_node_name(r.node, "*.wild.example.");
	r = look(v, "foo.wild2.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_WILDCARD_CNAME);
	assert_int_equal(r.rrset->type, RRTYPE_CNAME);
	r = look(v, "*.wild.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_FOUND); /* the wildcard itself */
	r = look(v, "wild.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NODATA); /* ENT above it */
	assert_true(db_node_flags(r.node) & DB_NODE_WILDCHILD);

	/* outside the zone */
	db_lookup_t x;
	name_t o = nm("example.net.");
	assert_int_equal(db_lookup(v, &o, RRTYPE_A, &x), R_NOTZONETOP);
	unpin(db);
	db_destroy(db);
}

static const char *ZONE_NSEC =
	"$ORIGIN example.\n"
	"$TTL 300\n"
	"@ SOA ns1 host 7 3600 600 86400 300\n"
	"@ NS ns1\n"
	"@ NSEC a NS SOA RRSIG NSEC\n"
	"@ RRSIG SOA 8 1 300 20300101000000 20200101000000 1 example. "
	"AAAA\n"
	"a A 192.0.2.1\n"
	"a NSEC c A RRSIG NSEC\n"
	"c A 192.0.2.2\n"
	"c NSEC z.e A RRSIG NSEC\n"
	"z.e A 192.0.2.3\n"
	"z.e NSEC example. A RRSIG NSEC\n"
	"ns1 A 192.0.2.9\n"; /* no NSEC: skipped when proving */

static void
test_nsec_proofs(void **state) {
	db_t *db = load("example.", ZONE_NSEC);
	const db_version_t *v = pin(db);
	check_version(v);
	/* RRSIG kept beside the type it covers */
	const db_rrset_t *soa = db_node_rrset(db_apex(v), RRTYPE_SOA);
	assert_non_null(soa);
	assert_int_equal(soa->sigcount, 1);
	assert_int_equal(soa->sigttl, 300);

	db_lookup_t r = look(v, "b.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NXDOMAIN);
	assert_node_name(r.nsec, "a.example.");
	/* "*.example." sorts between the apex and a */
	assert_ptr_equal(r.wild_nsec, db_apex(v));

	r = look(v, "d.example.", RRTYPE_A);
	assert_node_name(r.nsec, "c.example.");
	r = look(v, "zz.example.", RRTYPE_A);
	assert_node_name(r.nsec, "z.e.example.");
	/* ns1 (after z.e: "e" < "ns1") has no NSEC: the proof for
	 * "nt.example." walks back past it to z.e */
	r = look(v, "nt.example.", RRTYPE_A);
	assert_node_name(r.nsec, "z.e.example.");

	/* NODATA at a node: its own NSEC; at an ENT: the covering one */
	r = look(v, "a.example.", RRTYPE_MX);
	assert_int_equal(r.outcome, DB_NODATA);
	assert_node_name(r.nsec, "a.example.");
	r = look(v, "e.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NODATA);
	assert_node_name(r.nsec, "c.example.");

	r = look(v, "example.", RRTYPE_RRSIG);
	assert_int_equal(r.outcome, DB_FOUND);
	r = look(v, "a.example.", RRTYPE_RRSIG);
	assert_int_equal(r.outcome, DB_NODATA);

	name_t q = nm("b.example.");
	assert_node_name(db_nsec_covering(v, &q), "a.example.");
	q = nm("a.example.");
	assert_node_name(db_nsec_covering(v, &q), "a.example.");
	db_nsec3_proof_t p;
	assert_int_equal(db_nsec3_prove(v, &q, 2, &p), R_NOTFOUND);
	unpin(db);
	db_destroy(db);
}

static void
test_nsec3_tree(void **state) {
	/* Hashes of "example." with no salt and 0 iterations (RFC 5155
	 * appendix A uses salt aabbccdd, 12 iterations: used below). */
	const char *zone =
		"$ORIGIN example.\n"
		"$TTL 300\n"
		"@ SOA ns1 host 7 3600 600 86400 300\n"
		"@ NS ns1\n"
		"@ NSEC3PARAM 1 0 12 aabbccdd\n"
		"ns1 A 192.0.2.1\n"
		"0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NSEC3 1 1 12 aabbccdd "
		"2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA RRSIG DNSKEY "
		"NSEC3PARAM\n"
		"2t7b4g4vsa5smi47k61mv5bv1a22bojr NSEC3 1 1 12 aabbccdd "
		"2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG\n"
		"2vptu5timamqttgl4luu9kg21e0aor3s NSEC3 1 1 12 aabbccdd "
		"0p9mhaveqvm6t7vbl5lop2u3t2rp3tom MX RRSIG\n";
	db_t *db = load("example.", zone);
	const db_version_t *v = pin(db);
	check_version(v);
	assert_int_equal(db_version_nsec3_nodes(v), 3);
	assert_int_equal(db_version_nodes(v), 2);
	/* NSEC3 owners are not in the main tree */
	db_lookup_t r = look(v, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example.",
			     RRTYPE_NSEC3);
	assert_int_equal(r.outcome, DB_NXDOMAIN);

	/* RFC 5155 appendix A: H(example) = 0p9mhave..., H(a.example) =
	 * 35mthgpgcu1qg68fab165klnsnk3dpvl (absent here: covered by
	 * 2t7b4g4v...? no: 35m > 2vp so covered by 2vptu5ti...). */
	name_t q = nm("x.example.");
	db_nsec3_proof_t p;
	assert_int_equal(db_nsec3_prove(v, &q, 2, &p), R_OK);
	assert_node_name(p.match, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example.");
	assert_non_null(p.next_closer);
	assert_non_null(p.wild);
	q = nm("a.example.");
	assert_int_equal(db_nsec3_prove(v, &q, 2, &p), R_OK);
	assert_node_name(p.next_closer,
			 "2vptu5timamqttgl4luu9kg21e0aor3s.example.");
	db_iter_t it;
	size_t n = 0;
	for (const db_node_t *x = db_iter_first(&it, v, true); x != NULL;
	     x = db_iter_next(&it)) {
		n++;
	}
	assert_int_equal(n, 5);
	unpin(db);
	db_destroy(db);
}

static size_t
count_op(const changeset_t *cs, changeset_op_t op) {
	size_t c = 0;
	for (size_t i = 0; i < changeset_count(cs); i++) {
		changeset_rr_t e;
		assert_int_equal(changeset_get(cs, i, &e), R_OK);
		if (e.op == op) {
			c++;
		}
	}
	return c;
}

static void
test_apply_and_isolation(void **state) {
	db_t *db = load("example.", ZONE1);
	db_version_t *v1 = db_attach(db);
	assert_int_equal(db_version_id(v1), 1);
	assert_null(db_version_changeset(v1));
	size_t nodes1 = db_version_nodes(v1);

	changeset_t *cs;
	assert_int_equal(changeset_create(&cs), R_OK);
	cs_text(cs, CHANGESET_DEL, "example.", "@ SOA ns1 host 1 3600 600 86400 300");
	cs_text(cs, CHANGESET_DEL, "example.", "www A 192.0.2.2");
	cs_text(cs, CHANGESET_ADD, "example.", "@ SOA ns1 host 2 3600 600 86400 300");
	cs_text(cs, CHANGESET_ADD, "example.", "new A 192.0.2.77");
	cs_text(cs, CHANGESET_ADD, "example.", "p.q.r A 192.0.2.78");
	cs_text(cs, CHANGESET_DEL, "example.", "nothere A 192.0.2.1");
	assert_int_equal(db_apply(db, cs, 0), R_OK);
	changeset_destroy(cs);

	db_version_t *v2 = db_attach(db);
	assert_int_equal(db_version_id(v2), 2);
	check_version(v2);
	uint32_t serial;
	assert_int_equal(db_version_serial(v2, &serial), R_OK);
	assert_int_equal(serial, 2);
	assert_int_equal(db_version_serial(v1, &serial), R_OK);
	assert_int_equal(serial, 1);
	/* old version untouched */
	assert_int_equal(look(v1, "www.example.", RRTYPE_A).outcome, DB_FOUND);
	assert_int_equal(look(v1, "new.example.", RRTYPE_A).outcome,
			 DB_NXDOMAIN);
	assert_int_equal(look(v1, "q.r.example.", RRTYPE_A).outcome,
			 DB_NXDOMAIN);
	assert_int_equal(db_version_nodes(v1), nodes1);
	check_version(v1);
	/* new version */
	assert_int_equal(look(v2, "www.example.", RRTYPE_A).outcome,
			 DB_NODATA);
	assert_int_equal(look(v2, "www.example.", RRTYPE_AAAA).outcome,
			 DB_FOUND);
	assert_int_equal(look(v2, "new.example.", RRTYPE_A).outcome, DB_FOUND);
	db_lookup_t r = look(v2, "q.r.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NODATA);
	assert_true(db_node_flags(r.node) & DB_NODE_ENT);
	assert_int_equal(look(v2, "r.example.", RRTYPE_A).outcome, DB_NODATA);
	assert_int_equal(db_version_nodes(v2), nodes1 + 4);
	/* the effective changeset: SOA first in each half, no no-ops */
	const changeset_t *ecs = db_version_changeset(v2);
	assert_non_null(ecs);
	assert_int_equal(changeset_count(ecs), 5);
	changeset_rr_t e;
	changeset_get(ecs, 0, &e);
	assert_int_equal(e.op, CHANGESET_DEL);
	assert_int_equal(e.type, RRTYPE_SOA);
	changeset_get(ecs, 2, &e);
	assert_int_equal(e.op, CHANGESET_ADD);
	assert_int_equal(e.type, RRTYPE_SOA);
	assert_int_equal(count_op(ecs, CHANGESET_DEL), 2);

	/* the diff of the two versions is the same change */
	changeset_t *d;
	assert_int_equal(db_diff(v1, v2, &d), R_OK);
	assert_int_equal(changeset_count(d), 5);
	for (size_t i = 0; i < 5; i++) {
		changeset_rr_t a, b;
		changeset_get(d, i, &a);
		changeset_get(ecs, i, &b);
		assert_int_equal(a.op, b.op);
		assert_int_equal(a.type, b.type);
		assert_int_equal(a.rdlen, b.rdlen);
		assert_memory_equal(a.rdata, b.rdata, a.rdlen);
	}
	changeset_destroy(d);
	assert_int_equal(db_diff(v2, v2, &d), R_OK);
	assert_int_equal(changeset_count(d), 0);
	changeset_destroy(d);

	/* removing the deep name removes its ENTs again */
	assert_int_equal(changeset_create(&cs), R_OK);
	cs_text(cs, CHANGESET_DEL, "example.", "p.q.r A 192.0.2.78");
	assert_int_equal(db_apply(db, cs, 0), R_OK);
	changeset_destroy(cs);
	const db_version_t *v3 = pin(db);
	check_version(v3);
	assert_int_equal(look(v3, "r.example.", RRTYPE_A).outcome, DB_NXDOMAIN);
	assert_int_equal(db_version_nodes(v3), nodes1 + 1);
	unpin(db);

	db_detach(db, v1);
	db_detach(db, v2);
	db_destroy(db);
}

static void
test_apply_rrset_name_flags(void **state) {
	db_t *db = load("example.", ZONE1);
	changeset_t *cs;

	/* delete an RRset, a name, add a cut, a wildcard, a DNAME */
	assert_int_equal(changeset_create(&cs), R_OK);
	cs_del(cs, CHANGESET_DELRRSET, "www.example.", RRTYPE_AAAA);
	cs_del(cs, CHANGESET_DELNAME, "a.b.c.example.", 0);
	cs_text(cs, CHANGESET_ADD, "example.", "newsub NS ns.elsewhere.");
	cs_text(cs, CHANGESET_ADD, "example.", "*.w2 A 192.0.2.50");
	cs_text(cs, CHANGESET_ADD, "example.", "d2 DNAME example.org.");
	cs_del(cs, CHANGESET_DELNAME, "sub.example.", 0);
	assert_int_equal(db_apply(db, cs, 0), R_OK);
	changeset_destroy(cs);

	const db_version_t *v = pin(db);
	check_version(v);
	assert_int_equal(look(v, "www.example.", RRTYPE_AAAA).outcome,
			 DB_NODATA);
	assert_int_equal(look(v, "www.example.", RRTYPE_A).outcome, DB_FOUND);
	assert_int_equal(look(v, "a.b.c.example.", RRTYPE_A).outcome,
			 DB_NXDOMAIN);
	assert_int_equal(look(v, "c.example.", RRTYPE_A).outcome, DB_NXDOMAIN);
	db_lookup_t r = look(v, "x.newsub.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_DELEGATION);
	assert_null(r.ds);
	assert_int_equal(look(v, "foo.w2.example.", RRTYPE_A).outcome,
			 DB_WILDCARD);
	assert_int_equal(look(v, "foo.d2.example.", RRTYPE_A).outcome,
			 DB_DNAME);
	/* sub lost its NS and DS; its child ns.sub stays, sub is an ENT */
	r = look(v, "sub.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NODATA);
	assert_true(db_node_flags(r.node) & DB_NODE_ENT);
	assert_int_equal(look(v, "ns.sub.example.", RRTYPE_A).outcome,
			 DB_FOUND);
	unpin(db);

	/* and back: flags cleared */
	assert_int_equal(changeset_create(&cs), R_OK);
	cs_del(cs, CHANGESET_DELRRSET, "newsub.example.", RRTYPE_NS);
	cs_text(cs, CHANGESET_DEL, "example.", "*.w2 A 192.0.2.50");
	cs_del(cs, CHANGESET_DELNAME, "d2.example.", 0);
	cs_del(cs, CHANGESET_DELNAME, "ns.sub.example.", 0);
	assert_int_equal(db_apply(db, cs, 0), R_OK);
	changeset_destroy(cs);
	v = pin(db);
	check_version(v);
	assert_int_equal(look(v, "x.newsub.example.", RRTYPE_A).outcome,
			 DB_NXDOMAIN);
	assert_int_equal(look(v, "foo.w2.example.", RRTYPE_A).outcome,
			 DB_NXDOMAIN);
	assert_int_equal(look(v, "w2.example.", RRTYPE_A).outcome,
			 DB_NXDOMAIN);
	assert_int_equal(look(v, "foo.d2.example.", RRTYPE_A).outcome,
			 DB_NXDOMAIN);
	assert_int_equal(look(v, "sub.example.", RRTYPE_A).outcome,
			 DB_NXDOMAIN);
	assert_int_equal(v->ncuts, 1); /* only dn's DNAME is left */
	unpin(db);
	db_destroy(db);
}

static void
test_apply_ttl_strict_errors(void **state) {
	db_t *db = load("example.", ZONE1);
	changeset_t *cs;

	/* re-adding an RR with a new TTL changes the whole RRset's TTL */
	assert_int_equal(changeset_create(&cs), R_OK);
	cs_text(cs, CHANGESET_ADD, "example.", "sub 900 NS ns1");
	assert_int_equal(db_apply(db, cs, 0), R_OK);
	changeset_destroy(cs);
	db_version_t *v = db_attach(db);
	db_lookup_t r = look(v, "sub.example.", RRTYPE_A);
	assert_int_equal(r.rrset->ttl, 900);
	const changeset_t *ecs = db_version_changeset(v);
	assert_int_equal(count_op(ecs, CHANGESET_DEL), 2);
	assert_int_equal(count_op(ecs, CHANGESET_ADD), 2);
	uint64_t id = db_version_id(v);
	db_detach(db, v);

	/* strict: deleting an absent RR fails and publishes nothing */
	assert_int_equal(changeset_create(&cs), R_OK);
	cs_text(cs, CHANGESET_ADD, "example.", "ok A 192.0.2.1");
	cs_text(cs, CHANGESET_DEL, "example.", "www A 10.0.0.1");
	assert_int_equal(db_apply(db, cs, DB_APPLY_STRICT), R_NOTFOUND);
	assert_int_equal(db_apply(db, cs, 0), R_OK); /* lenient: fine */
	changeset_destroy(cs);
	assert_int_equal(changeset_create(&cs), R_OK);
	cs_text(cs, CHANGESET_ADD, "example.", "ok A 192.0.2.1");
	assert_int_equal(db_apply(db, cs, DB_APPLY_STRICT), R_EXISTS);
	changeset_destroy(cs);
	v = db_attach(db);
	assert_int_equal(db_version_id(v), id + 1);
	/* a no-op changeset still makes a version, with nothing in it */
	db_detach(db, v);

	/* out of zone */
	assert_int_equal(changeset_create(&cs), R_OK);
	cs_text(cs, CHANGESET_ADD, "org.", "x A 192.0.2.1");
	assert_int_equal(db_apply(db, cs, 0), R_NOTZONETOP);
	changeset_destroy(cs);
	v = db_attach(db);
	assert_int_equal(db_version_id(v), id + 1);
	check_version(v);
	db_detach(db, v);
	db_destroy(db);
}

/* Many small versions with some pinned: all stay intact and are freed. */
static void
test_many_versions(void **state) {
	db_t *db = load("example.", ZONE1);
	db_version_t *pins[8] = {0};
	char buf[128];
	for (int i = 0; i < 200; i++) {
		changeset_t *cs;
		assert_int_equal(changeset_create(&cs), R_OK);
		snprintf(buf, sizeof(buf), "n%d.l%d A 192.0.2.%d", i, i % 7,
			 i % 250);
		cs_text(cs, CHANGESET_ADD, "example.", buf);
		if (i >= 10) {
			snprintf(buf, sizeof(buf), "n%d.l%d A 192.0.2.%d",
				 i - 10, (i - 10) % 7, (i - 10) % 250);
			cs_text(cs, CHANGESET_DEL, "example.", buf);
		}
		assert_int_equal(db_apply(db, cs, 0), R_OK);
		changeset_destroy(cs);
		if (i % 25 == 0) {
			db_detach(db, pins[(i / 25) % 8]);
			pins[(i / 25) % 8] = db_attach(db);
		}
	}
	for (int p = 0; p < 8; p++) {
		if (pins[p] == NULL) {
			continue;
		}
		check_version(pins[p]);
		/* version made after change i has names i-9 .. i */
		uint64_t id = db_version_id(pins[p]);
		int i = (int)id - 2;
		snprintf(buf, sizeof(buf), "n%d.l%d.example.", i, i % 7);
		assert_int_equal(look(pins[p], buf, RRTYPE_A).outcome,
				 DB_FOUND);
		if (i >= 10) {
			snprintf(buf, sizeof(buf), "n%d.l%d.example.", i - 10,
				 (i - 10) % 7);
			assert_int_equal(look(pins[p], buf, RRTYPE_A).outcome,
					 DB_NXDOMAIN);
		}
		db_detach(db, pins[p]);
	}
	const db_version_t *v = pin(db);
	check_version(v);
	unpin(db);
	db_destroy(db);
}

static void
test_reload_and_diff(void **state) {
	db_t *db = load("example.", ZONE1);
	db_version_t *a = db_attach(db);
	char *z2 = strdup(ZONE1);
	/* same zone with www's address changed and the serial bumped */
	char *p = strstr(z2, "host 1 ");
	p[5] = '2';
	p = strstr(z2, "WwW A 192.0.2.2");
	p[14] = '9';
	p = strstr(z2, "www A 192.0.2.2");
	p[14] = '9';
	db_loader_t *l;
	assert_int_equal(db_loader_create(db, &l), R_OK);
	name_t o = nm("example.");
	master_opts_t opts = {.origin = &o, .rclass = RRCLASS_IN,
			      .rr = db_loader_rr, .arg = l};
	assert_int_equal(master_load_buffer(z2, strlen(z2), "t2", &opts), R_OK);
	assert_int_equal(db_loader_commit(l), R_OK);
	free(z2);
	db_version_t *b = db_attach(db);
	check_version(b);
	changeset_t *d;
	assert_int_equal(db_diff(a, b, &d), R_OK);
	assert_int_equal(changeset_count(d), 4);
	changeset_rr_t e;
	changeset_get(d, 0, &e);
	assert_int_equal(e.type, RRTYPE_SOA);
	assert_int_equal(e.op, CHANGESET_DEL);
	changeset_get(d, 1, &e);
	assert_int_equal(e.type, RRTYPE_A);
	assert_int_equal(e.op, CHANGESET_DEL);
	assert_memory_equal(e.rdata, "\xc0\x00\x02\x02", 4);
	changeset_get(d, 3, &e);
	assert_int_equal(e.op, CHANGESET_ADD);
	assert_memory_equal(e.rdata, "\xc0\x00\x02\x09", 4);
	/* applying the diff to the old data gives the new data */
	db_t *db2 = load("example.", ZONE1);
	assert_int_equal(db_apply(db2, d, DB_APPLY_STRICT), R_OK);
	db_version_t *c = db_attach(db2);
	changeset_t *d2;
	assert_int_equal(db_diff(b, c, &d2), R_OK);
	assert_int_equal(changeset_count(d2), 0);
	changeset_destroy(d2);
	changeset_destroy(d);
	db_detach(db2, c);
	db_destroy(db2);
	/* the old lineage stays readable until detached */
	assert_int_equal(look(a, "www.example.", RRTYPE_A).outcome, DB_FOUND);
	db_detach(db, a);
	db_detach(db, b);
	db_destroy(db);
}

static void
test_apex_dname(void **state) {
	db_t *db = load("example.",
			"$ORIGIN example.\n$TTL 60\n"
			"@ SOA ns1 host 1 3600 600 86400 300\n"
			"@ NS ns1.example.net.\n"
			"@ DNAME example.org.\n");
	const db_version_t *v = pin(db);
	db_lookup_t r = look(v, "a.b.example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_DNAME);
	assert_ptr_equal(r.node, db_apex(v));
	r = look(v, "example.", RRTYPE_A);
	assert_int_equal(r.outcome, DB_NODATA);
	r = look(v, "example.", RRTYPE_DNAME);
	assert_int_equal(r.outcome, DB_FOUND);
	unpin(db);
	db_destroy(db);
}

/*
 * Random changesets against a set-of-RRs model: after every apply the
 * version must equal a fresh load of the model's RRs (db_diff empty, the
 * same nodes with the same flags), and its effective changeset must turn
 * the previous model into the new one.
 */
#define RND_NAMES 24
static const char *rnd_names[RND_NAMES] = {
	"example.",	   "a.example.",     "b.a.example.",  "c.b.a.example.",
	"*.example.",	   "*.a.example.",   "x.*.a.example.", "d.example.",
	"e.d.example.",	   "f.e.d.example.", "z.example.",    "y.z.example.",
	"w.y.z.example.",  "*.z.example.",   "m.example.",    "n.m.example.",
	"o.n.m.example.",  "p.example.",     "q.p.example.",  "r.q.p.example.",
	"s.example.",	   "t.s.example.",   "u.example.",    "v.u.example.",
};

typedef struct mrr {
	int name, kind; /* 0 A, 1 NS, 2 TXT, 3 DNAME, 4 MX, 5 RRSIG, 6 NSEC3 */
	int val;
	bool present;
} mrr_t;

#define RND_KINDS 7
#define RND_RRS (RND_NAMES * RND_KINDS * 2)

static void
mrr_text(const mrr_t *m, char *buf, size_t size) {
	static const char *fmt[] = {"%s 300 A 10.0.0.%d", "%s 300 NS ns%d.x.",
				    "%s 300 TXT \"t%d\"",
				    "%s 300 DNAME d%d.x.",
				    "%s 300 MX %d mx.x.",
				    "%s 300 RRSIG A 8 2 300 20300101000000 "
				    "20200101000000 %d example. AAAA",
				    "%s 300 NSEC3 1 0 %d - "
				    "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom A"};
	snprintf(buf, size, fmt[m->kind], rnd_names[m->name], m->val + 1);
}

static db_t *
load_model(const mrr_t *model, size_t n) {
	char *text = malloc(65536);
	size_t len = 0;
	len += (size_t)snprintf(text + len, 65536 - len, "$ORIGIN example.\n");
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		if (model[i].present) {
			char line[256];
			mrr_text(&model[i], line, sizeof(line));
			len += (size_t)snprintf(text + len, 65536 - len, "%s\n",
						line);
			count++;
		}
	}
	db_t *db = NULL;
	if (count > 0) {
		db = load("example.", text);
	}
	free(text);
	return db;
}

static void
test_random_apply_equals_load(void **state) {
	mrr_t model[RND_RRS];
	size_t n = 0;
	for (int i = 0; i < RND_NAMES; i++) {
		for (int k = 0; k < RND_KINDS; k++) {
			for (int val = 0; val < 2; val++) {
				model[n++] = (mrr_t){i, k, val, false};
			}
		}
	}
	name_t o = nm("example.");
	db_t *db;
	assert_int_equal(db_create(&o, RRCLASS_IN, &db), R_OK);
	srand(4242);
	for (int round = 0; round < 400; round++) {
		bool before[RND_RRS];
		for (size_t i = 0; i < n; i++) {
			before[i] = model[i].present;
		}
		changeset_t *cs;
		assert_int_equal(changeset_create(&cs), R_OK);
		int ops = 1 + rand() % 6;
		for (int op = 0; op < ops; op++) {
			size_t i = (size_t)rand() % n;
			char line[256];
			mrr_text(&model[i], line, sizeof(line));
			int what = rand() % 8;
			if (what < 4) {
				cs_text(cs, CHANGESET_ADD, "example.", line);
				model[i].present = true;
			} else if (what < 7) {
				cs_text(cs, CHANGESET_DEL, "example.", line);
				model[i].present = false;
			} else {
				/* delete the whole name */
				cs_del(cs, CHANGESET_DELNAME,
				       rnd_names[model[i].name], 0);
				for (size_t j = 0; j < n; j++) {
					if (model[j].name == model[i].name) {
						model[j].present = false;
					}
				}
			}
		}
		assert_int_equal(db_apply(db, cs, 0), R_OK);
		changeset_destroy(cs);
		db_version_t *v = db_attach(db);
		check_version(v);
		/* the effective changeset is exactly the model's change */
		const changeset_t *ecs = db_version_changeset(v);
		size_t want = 0;
		for (size_t i = 0; i < n; i++) {
			want += before[i] != model[i].present;
		}
		assert_int_equal(changeset_count(ecs), want);
		db_t *ref = load_model(model, n);
		if (ref == NULL) {
			/* an emptied zone keeps at most its apex, as an ENT */
			assert_true(db_version_nodes(v) <= 1);
			assert_int_equal(db_version_nsec3_nodes(v), 0);
			db_detach(db, v);
			continue;
		}
		db_version_t *rv = db_attach(ref);
		changeset_t *d;
		assert_int_equal(db_diff(v, rv, &d), R_OK);
		assert_int_equal(changeset_count(d), 0);
		changeset_destroy(d);
		/* same nodes, same flags: ENTs, cuts, wildcard parents */
		db_iter_t ia, ib;
		const db_node_t *x = db_iter_first(&ia, v, true);
		const db_node_t *y = db_iter_first(&ib, rv, true);
		while (x != NULL && y != NULL) {
			name_t nx, ny;
			db_node_name(x, &nx);
			db_node_name(y, &ny);
			assert_true(name_equal(&nx, &ny));
			assert_int_equal(db_node_flags(x), db_node_flags(y));
			x = db_iter_next(&ia);
			y = db_iter_next(&ib);
		}
		assert_null(x);
		assert_null(y);
		db_detach(ref, rv);
		db_destroy(ref);
		db_detach(db, v);
	}
	db_destroy(db);
}

/* The raw and the text form of the same zones load to equal versions. */
static void
test_load_file_raw_and_text(void **state) {
	static const char *zones[][2] = {{"example.test.", "example.test"},
					 {"example.test.", "signed.test"}};
	for (size_t z = 0; z < 2; z++) {
		char path[1024];
		name_t o = nm(zones[z][0]);
		db_t *a, *b;
		assert_int_equal(db_create(&o, RRCLASS_IN, &a), R_OK);
		assert_int_equal(db_create(&o, RRCLASS_IN, &b), R_OK);
		snprintf(path, sizeof(path), "%s/%s.db", RAW_VECTORS,
			 zones[z][1]);
		assert_int_equal(db_load_file(a, path, false, NULL, NULL), R_OK);
		snprintf(path, sizeof(path), "%s/%s.raw", RAW_VECTORS,
			 zones[z][1]);
		assert_int_equal(db_load_file(b, path, true, NULL, NULL), R_OK);
		db_version_t *va = db_attach(a), *vb = db_attach(b);
		check_version(va);
		check_version(vb);
		assert_true(db_version_nodes(va) > 3);
		changeset_t *d;
		assert_int_equal(db_diff(va, vb, &d), R_OK);
		assert_int_equal(changeset_count(d), 0);
		changeset_destroy(d);
		db_detach(a, va);
		db_detach(b, vb);
		db_destroy(a);
		db_destroy(b);
	}
}

typedef struct histctx {
	uint32_t serials[16];
	unsigned n;
} histctx_t;

static result_t
hist_fn(void *arg, const db_version_t *v) {
	histctx_t *h = arg;
	assert_non_null(db_version_changeset(v));
	assert_int_equal(db_version_serial(v, &h->serials[h->n]), R_OK);
	h->n++;
	return R_OK;
}

static void
test_history(void **state) {
	db_t *db = load("example.", ZONE1);
	histctx_t h = {0};
	assert_int_equal(db_history_walk(db, 1, hist_fn, &h), R_NOTFOUND);
	assert_int_equal(db_set_history(db, 3), R_OK);
	for (unsigned s = 1; s <= 4; s++) {
		changeset_t *cs;
		char buf[128];
		assert_int_equal(changeset_create(&cs), R_OK);
		snprintf(buf, sizeof(buf), "@ SOA ns1 host %u 3600 600 86400 300",
			 s);
		cs_text(cs, CHANGESET_DEL, "example.", buf);
		snprintf(buf, sizeof(buf), "@ SOA ns1 host %u 3600 600 86400 300",
			 s + 1);
		cs_text(cs, CHANGESET_ADD, "example.", buf);
		snprintf(buf, sizeof(buf), "h%u A 192.0.2.%u", s, s);
		cs_text(cs, CHANGESET_ADD, "example.", buf);
		assert_int_equal(db_apply(db, cs, 0), R_OK);
		changeset_destroy(cs);
	}
	/* kept: the versions with serials 3, 4, 5 */
	assert_int_equal(db_history_walk(db, 2, hist_fn, &h), R_OK);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.serials[0], 3);
	assert_int_equal(h.serials[2], 5);
	h.n = 0;
	assert_int_equal(db_history_walk(db, 4, hist_fn, &h), R_OK);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.serials[0], 5);
	h.n = 0;
	assert_int_equal(db_history_walk(db, 1, hist_fn, &h), R_NOTFOUND);
	assert_int_equal(db_history_walk(db, 5, hist_fn, &h), R_NOTFOUND);
	assert_int_equal(h.n, 0);
	assert_int_equal(db_set_history(db, 1), R_OK);
	assert_int_equal(db_history_walk(db, 3, hist_fn, &h), R_NOTFOUND);
	assert_int_equal(db_history_walk(db, 4, hist_fn, &h), R_OK);
	assert_int_equal(h.n, 1);
	/* a reload breaks the chain */
	db_loader_t *l;
	assert_int_equal(db_loader_create(db, &l), R_OK);
	name_t o = nm("example.");
	master_opts_t opts = {.origin = &o, .rclass = RRCLASS_IN,
			      .rr = db_loader_rr, .arg = l};
	assert_int_equal(master_load_buffer(ZONE1, strlen(ZONE1), "t", &opts),
			 R_OK);
	assert_int_equal(db_loader_commit(l), R_OK);
	h.n = 0;
	assert_int_equal(db_history_walk(db, 4, hist_fn, &h), R_NOTFOUND);
	assert_int_equal(h.n, 0);
	db_destroy(db);
}

static void
test_loader_errors(void **state) {
	db_t *db;
	name_t o = nm("example.");
	assert_int_equal(db_create(&o, RRCLASS_IN, &db), R_OK);
	assert_null(db_read_begin(db));
	db_read_end(db);
	assert_null(db_attach(db));
	db_loader_t *l;
	assert_int_equal(db_loader_create(db, &l), R_OK);
	assert_int_equal(db_loader_commit(l), R_NOTFOUND);
	assert_int_equal(db_loader_create(db, &l), R_OK);
	name_t other = nm("www.example.org.");
	master_rr_t rr = {.owner = &other, .type = RRTYPE_A,
			  .rclass = RRCLASS_IN, .ttl = 1,
			  .rdata = (const uint8_t *)"\x01\x02\x03\x04",
			  .rdlen = 4};
	assert_int_equal(db_loader_add(l, &rr), R_NOTZONETOP);
	db_loader_destroy(l);
	/* 65536 A records at one name do not fit an RRset */
	assert_int_equal(db_loader_create(db, &l), R_OK);
	name_t big = nm("big.example.");
	uint8_t addr[4] = {10, 0, 0, 0};
	rr.owner = &big;
	rr.rdata = addr;
	for (unsigned i = 0; i <= 65535; i++) {
		addr[2] = (uint8_t)(i >> 8);
		addr[3] = (uint8_t)i;
		assert_int_equal(db_loader_add(l, &rr), R_OK);
	}
	assert_int_equal(db_loader_commit(l), R_RANGE);
	assert_null(db_attach(db));
	assert_int_equal(db_load_file(db, "/nonexistent/zone.db", false, NULL,
				      NULL),
			 R_FILENOTFOUND);
	/* apply on an empty database creates the apex as needed */
	changeset_t *cs;
	assert_int_equal(changeset_create(&cs), R_OK);
	cs_text(cs, CHANGESET_ADD, "example.", "a.b A 192.0.2.1");
	assert_int_equal(db_apply(db, cs, 0), R_OK);
	changeset_destroy(cs);
	const db_version_t *v = pin(db);
	check_version(v);
	assert_int_equal(db_version_nodes(v), 3);
	assert_true(db_node_flags(db_apex(v)) & DB_NODE_ENT);
	uint32_t serial;
	assert_int_equal(db_version_serial(v, &serial), R_NOTFOUND);
	unpin(db);
	db_destroy(db);
}

static void
test_changeset_basics(void **state) {
	changeset_t *cs, *cs2;
	assert_int_equal(changeset_create(&cs), R_OK);
	name_t n = nm("a.example.");
	assert_int_equal(changeset_add(cs, CHANGESET_ADD, &n, RRTYPE_A, 5,
				       (const uint8_t *)"\1\2\3\4", 4),
			 R_OK);
	assert_int_equal(changeset_add(cs, CHANGESET_DELRRSET, &n, RRTYPE_MX,
				       0, (const uint8_t *)"xx", 2),
			 R_OK);
	assert_int_equal(changeset_add(cs, 9, &n, RRTYPE_A, 0, NULL, 0),
			 R_RANGE);
	assert_int_equal(changeset_count(cs), 2);
	assert_int_equal(changeset_adds(cs), 1);
	assert_int_equal(changeset_dels(cs), 1);
	changeset_rr_t e;
	assert_int_equal(changeset_get(cs, 1, &e), R_OK);
	assert_null(e.rdata);
	assert_int_equal(e.rdlen, 0);
	assert_int_equal(changeset_get(cs, 2, &e), R_RANGE);
	/* many entries: earlier pointers stay valid */
	assert_int_equal(changeset_get(cs, 0, &e), R_OK);
	const uint8_t *first = e.rdata;
	for (int i = 0; i < 5000; i++) {
		assert_int_equal(changeset_add(cs, CHANGESET_ADD, &n,
					       RRTYPE_TXT, 1,
					       (const uint8_t *)"\3abc", 4),
				 R_OK);
	}
	assert_int_equal(changeset_get(cs, 0, &e), R_OK);
	assert_ptr_equal(e.rdata, first);
	assert_memory_equal(e.rdata, "\1\2\3\4", 4);
	assert_int_equal(changeset_create(&cs2), R_OK);
	assert_int_equal(changeset_append(cs2, cs), R_OK);
	assert_int_equal(changeset_count(cs2), 5002);
	assert_int_equal(changeset_append(cs2, cs2), R_OK);
	assert_int_equal(changeset_count(cs2), 10004);
	changeset_destroy(cs);
	changeset_destroy(cs2);
	changeset_destroy(NULL);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_changeset_basics),
		cmocka_unit_test(test_read_section),
		cmocka_unit_test(test_lookup_outcomes),
		cmocka_unit_test(test_nsec_proofs),
		cmocka_unit_test(test_nsec3_tree),
		cmocka_unit_test(test_apply_and_isolation),
		cmocka_unit_test(test_apply_rrset_name_flags),
		cmocka_unit_test(test_apply_ttl_strict_errors),
		cmocka_unit_test(test_many_versions),
		cmocka_unit_test(test_reload_and_diff),
		cmocka_unit_test(test_apex_dname),
		cmocka_unit_test(test_random_apply_equals_load),
		cmocka_unit_test(test_load_file_raw_and_text),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_loader_errors),
	};
	db_thread_register();
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	db_thread_unregister();
	return r;
}
