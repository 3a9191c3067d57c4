/*
 * query_test.c - unit tests for named/query.c: query_answer() against
 * responses captured from named 9.18 on the same zones.
 *
 * test/unit/data/query/ holds the zones, the named.conf they were served
 * with (views 1..6 differ only in minimal-responses/minimal-any and are
 * selected by source address), the case list cases.in and the captured
 * cases.txt (gen_cases.py writes it: view, tcp, flags, query octets,
 * named's response octets).  Each case becomes one cmocka test: the
 * query is parsed, answered by query_answer() into a renderer set up as
 * dispatch sets it up, and both responses are compared as named's
 * clients see them: header (id, flags, rcode, counts) exactly, then the
 * records of every section in order, each as text, with the records of
 * one RRset sorted (named shuffles them, we keep canonical order), names
 * with their case (named writes owners as loaded in the zone), and the
 * total length, which also checks render.c's name compression against
 * named's (QUERY_TEST_LOOSE_LENGTH=1 only reports a difference).
 *
 * The other tests check the contract's edges directly: SERVFAIL for a
 * zone that is not loaded, the IPv6 glue order, a response that cannot
 * hold even one RRset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/ast.h"
#include "config/cfgobj.h"
#include "named/message.h"
#include "named/query.h"
#include "named/render.h"
#include "named/server.h"
#include "zones/db.h"
#include "zones/rdata.h"
#include "zones/zonetable.h"

#ifndef QUERY_DATA
#define QUERY_DATA "test/unit/data/query"
#endif

#define NZONES   7
#define NVIEWS   6
#define MAXCASES 4096
#define MAXLINES 256
#define LINELEN  2400

static const char *zone_names[NZONES] = {
        "example.com",     "other.test", "signed.test", "n3.test",
        "kid.example.com", "oo.test",    "edge.test"};
static srv_zone_t zones[NZONES];
static srv_view_t views[NVIEWS];

typedef struct qcase {
	int view; /* 1..NVIEWS */
	bool tcp;
	bool nolen;
	bool trunc; /* named cut an RRset short: compare owners/types only */
	uint8_t query[512];
	size_t qlen;
	uint8_t resp[65535];
	size_t rlen;
	char title[300];
} qcase_t;

static qcase_t *cases;
static size_t ncases;

/* ---- fixture: zones and views as named.conf.in declares them ---- */

/* Absolute name from text (a final dot is implied). */
static name_t
mkname(const char *s) {
	name_t n, root;
	name_init_root(&root);
	assert_int_equal(name_fromtext(&n, s, strlen(s), &root), R_OK);
	return n;
}

static int
setup_all(void **state) {
	(void)state;
	db_thread_register();
	for (int i = 0; i < NZONES; i++) {
		char path[512];
		name_t origin;
		srv_zone_t *z = &zones[i];

		snprintf(path, sizeof(path), "%s/%s.db", QUERY_DATA,
		         zone_names[i]);
		origin = mkname(zone_names[i]);
		name_copy(&z->origin, &origin);
		z->rclass = RRCLASS_IN;
		if (db_create(&origin, RRCLASS_IN, &z->db) != R_OK ||
		    db_load_file(z->db, path, false, NULL, NULL) != R_OK)
		{
			fprintf(stderr, "cannot load %s\n", path);
			return -1;
		}
		z->loaded = true;
		z->served = true;
		z->zero_no_soa_ttl = true; /* named's default */
	}
	for (int v = 0; v < NVIEWS; v++) {
		srv_view_t *vw = &views[v];
		static const srv_minimal_t mr[NVIEWS] = {
		        SRV_MINIMAL_NO_AUTH_RECURSIVE,
		        SRV_MINIMAL_NO,
		        SRV_MINIMAL_YES,
		        SRV_MINIMAL_NO_AUTH,
		        SRV_MINIMAL_NO_AUTH_RECURSIVE,
		        SRV_MINIMAL_YES};
		vw->rclass = RRCLASS_IN;
		vw->minimal_responses = mr[v];
		vw->minimal_any = v >= 4;
		if (zonetable_create(&vw->zones) != R_OK) {
			return -1;
		}
		for (int i = 0; i < NZONES; i++) {
			if (zonetable_add(vw->zones, &zones[i].origin,
			                  &zones[i]) != R_OK) {
				return -1;
			}
		}
	}
	return 0;
}

static int
teardown_all(void **state) {
	(void)state;
	for (int v = 0; v < NVIEWS; v++) {
		zonetable_destroy(views[v].zones, NULL, NULL);
	}
	for (int i = 0; i < NZONES; i++) {
		db_destroy(zones[i].db);
	}
	return 0;
}

/* ---- answering a request the way dispatch does ---- */

typedef struct answered {
	uint8_t buf[65535];
	size_t len;
	result_t res;
} answered_t;

/*
 * Answers wire[0..len) with view v: limit 65535 over TCP, else the
 * client's EDNS size cut to 512..1232 (named's max-udp-size), 512
 * without EDNS; OPT with 1232 and the client's DO.
 */
static void
answer(const uint8_t *wire, size_t len, const srv_view_t *v, bool tcp,
       bool prefer_aaaa, const srv_zone_t *force_zone, answered_t *out) {
	message_t m;
	render_t r;
	zonetable_match_t match;
	query_req_t q;
	size_t limit = 512;
	srv_view_t small_view;

	assert_int_equal(message_parse(&m, wire, len), R_OK);
	if (m.has_opt) {
		limit = m.udp_size < 512 ? 512 : m.udp_size;
		if (limit > 1232) {
			limit = 1232;
		}
	}
	if (tcp) {
		limit = 65535;
	}
	assert_int_equal(
	        render_init(
	                &r, out->buf, sizeof(out->buf), limit, m.id, m.opcode,
	                (uint16_t)(MESSAGE_F_QR |
	                           (m.flags & (MESSAGE_F_RD | MESSAGE_F_CD)))),
	        R_OK);
	if (m.has_opt) {
		render_edns_t e = {.udp_size = 1232, .dnssec_ok = m.dnssec_ok};
		assert_int_equal(render_set_edns(&r, &e), R_OK);
	}
	assert_int_equal(render_question(&r, &m.qname, m.qtype, m.qclass),
	                 R_OK);
	memset(&q, 0, sizeof(q));
	q.msg = &m;
	q.view = v;
	q.dnssec_ok = m.dnssec_ok;
	q.tcp = tcp;
	q.prefer_aaaa = prefer_aaaa;
	/* As dispatch does: an EDNS buffer of 512 or less gets minimal
	 * responses (the view's setting notwithstanding). */
	if (m.has_opt && m.udp_size <= 512 && !tcp) {
		small_view = *v;
		small_view.minimal_responses = SRV_MINIMAL_YES;
		q.view = &small_view;
		q.minimal_small = true;
	}
	zonetable_read_begin();
	if (force_zone != NULL) {
		q.zone = force_zone;
	} else {
		assert_int_equal(zonetable_find(v->zones, &m.qname, &match),
		                 R_OK);
		q.zone = match.zone;
		q.match = &match;
	}
	out->res = query_answer(&q, &r);
	zonetable_read_end();
	assert_int_equal(render_finish(&r, &out->len), R_OK);
}

/* ---- normalised view of a response ---- */

typedef struct norm {
	uint8_t header[12];
	char lines[MAXLINES][LINELEN];
	size_t keylen[MAXLINES]; /* prefix that names the RRset */
	int n;
} norm_t;

static int
cmpline(const void *a, const void *b) {
	return strcmp(a, b);
}

/* Parses a response into header + one text line per record, the lines
 * of one RRset sorted.  Returns false (with a message) if it does not
 * parse. */
static bool
normalise(const uint8_t *wire, size_t len, norm_t *n) {
	message_t m;
	size_t pos;
	int start = 0;

	memset(n, 0, sizeof(*n));
	if (len < 12) {
		return false;
	}
	memcpy(n->header, wire, 12);
	if (message_parse(&m, wire, len) != R_OK) {
		return false;
	}
	pos = m.section[MESSAGE_SEC_ANSWER];
	for (unsigned sec = 1; sec <= 3; sec++) {
		for (unsigned i = 0; i < m.counts[sec]; i++) {
			message_rr_t rr;
			name_t owner;
			size_t opos;
			char otext[NAME_MAXTEXT], tbuf[16], cbuf[16];
			static char rtext[LINELEN - 300];
			static uint8_t rd[65535];
			size_t rdlen;
			char *line;

			if (n->n >= MAXLINES ||
			    message_rr_read(&m, &pos, &rr) != R_OK) {
				return false;
			}
			line = n->lines[n->n];
			if (rr.type == RRTYPE_OPT) {
				/* Options as hex: here only EDE can appear. */
				int k = snprintf(line, LINELEN,
				                 "%u OPT %u %08x ", sec,
				                 rr.rclass, (unsigned)rr.ttl);
				for (unsigned j = 0; j < rr.rdlen && k < 2000;
				     j++) {
					k += snprintf(
					        line + k, LINELEN - (size_t)k,
					        "%02x", wire[rr.rdata + j]);
				}
				n->keylen[n->n] = (size_t)k;
				n->n++;
				continue;
			}
			opos = rr.owner;
			if (name_fromwire(&owner, wire, len, &opos) != R_OK ||
			    name_totext(&owner, NULL, false, otext,
			                sizeof(otext), NULL) != R_OK ||
			    rdata_fromwire(rr.type, rr.rclass, wire, len,
			                   rr.rdata, rr.rdlen, true, rd,
			                   sizeof(rd), &rdlen) != R_OK ||
			    rdata_totext(rr.type, rr.rclass, rd, rdlen, NULL,
			                 rtext, sizeof(rtext), NULL) != R_OK)
			{
				return false;
			}
			snprintf(line, LINELEN, "%u %.1000s %s %s %u %.1200s",
			         sec, otext, rrtype_totext(rr.type, tbuf),
			         rrclass_totext(rr.rclass, cbuf),
			         (unsigned)rr.ttl, rtext);
			n->keylen[n->n] = (size_t)snprintf(NULL, 0, "%u %s %s",
			                                   sec, otext, tbuf);
			n->n++;
		}
	}
	/* Sort each run of lines with the same section/owner/type. */
	for (int i = 1; i <= n->n; i++) {
		if (i == n->n || n->keylen[i] != n->keylen[start] ||
		    strncmp(n->lines[i], n->lines[start], n->keylen[i]) != 0)
		{
			qsort(n->lines[start], (size_t)(i - start), LINELEN,
			      cmpline);
			start = i;
		}
	}
	return true;
}

static void
dump(const char *who, const norm_t *n, size_t len) {
	fprintf(stderr,
	        "  %s (%zu octets): id %02x%02x flags %02x%02x "
	        "counts %u/%u/%u/%u\n",
	        who, len, n->header[0], n->header[1], n->header[2],
	        n->header[3], n->header[5], n->header[7], n->header[9],
	        n->header[11]);
	for (int i = 0; i < n->n; i++) {
		fprintf(stderr, "    %s\n", n->lines[i]);
	}
}

static void
hexdump(const char *who, const uint8_t *p, size_t len) {
	fprintf(stderr, "  %s hex:", who);
	for (size_t i = 0; i < len; i++) {
		fprintf(stderr, "%s%02x", i % 32 == 0 ? "\n    " : " ", p[i]);
	}
	fprintf(stderr, "\n");
}

/* ---- the captured cases ---- */

static size_t
unhex(const char *s, uint8_t *out, size_t max) {
	size_t n = 0;

	while (s[0] != '\0' && s[1] != '\0' && n < max) {
		unsigned v;
		if (sscanf(s, "%2x", &v) != 1) {
			break;
		}
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static void
load_cases(void) {
	char path[512];
	static char line[300000];
	FILE *f;

	/* QUERY_CASES names another capture (gen_cases.py output), for
	 * differential runs against a larger set. */
	if (getenv("QUERY_CASES") != NULL) {
		snprintf(path, sizeof(path), "%s", getenv("QUERY_CASES"));
	} else {
		snprintf(path, sizeof(path), "%s/cases.txt", QUERY_DATA);
	}
	f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(1);
	}
	cases = calloc(MAXCASES, sizeof(*cases));
	if (cases == NULL) {
		exit(1);
	}
	while (ncases < MAXCASES && fgets(line, sizeof(line), f) != NULL) {
		qcase_t *c = &cases[ncases];
		char flags[64];
		static char qhex[2048], rhex[140000];
		int tcp;
		message_t m;
		char qn[NAME_MAXTEXT], tb[16];

		if (sscanf(line, "%d %d %63s %2047s %139999s", &c->view, &tcp,
		           flags, qhex, rhex) != 5 ||
		    c->view < 1 || c->view > NVIEWS)
		{
			continue;
		}
		c->tcp = tcp != 0;
		c->nolen = strstr(flags, "nolen") != NULL;
		c->trunc = strstr(flags, "trunc") != NULL;
		c->qlen = unhex(qhex, c->query, sizeof(c->query));
		c->rlen = unhex(rhex, c->resp, sizeof(c->resp));
		if (message_parse(&m, c->query, c->qlen) != R_OK) {
			continue;
		}
		(void)name_totext(&m.qname, NULL, false, qn, sizeof(qn), NULL);
		snprintf(c->title, sizeof(c->title), "view%d %.200s/%s%s%s%s%s",
		         c->view, qn, rrtype_totext(m.qtype, tb),
		         (m.flags & MESSAGE_F_RD) ? " rd" : "",
		         m.dnssec_ok ? " do" : "", m.has_opt ? "" : " noedns",
		         c->tcp ? " tcp" : "");
		ncases++;
	}
	fclose(f);
}

static void
test_bind_case(void **state) {
	const qcase_t *c = *state;
	static answered_t ours;
	static norm_t a, b;
	bool ok;

	answer(c->query, c->qlen, &views[c->view - 1], c->tcp, false, NULL,
	       &ours);
	assert_int_equal(ours.res, R_OK);
	assert_true(normalise(c->resp, c->rlen, &b));
	ok = normalise(ours.buf, ours.len, &a);
	if (ok) {
		ok = memcmp(a.header, b.header, 12) == 0 && a.n == b.n;
		for (int i = 0; ok && i < a.n; i++) {
			/* A cut RRset holds the records named's shuffle
			 * put first: only the RRset's key must agree. */
			size_t k = c->trunc ? a.keylen[i] : LINELEN;
			ok = strncmp(a.lines[i], b.lines[i], k) == 0;
		}
		/* Same records, other length: name compression (render.c)
		 * or record order; QUERY_TEST_LOOSE_LENGTH only reports it. */
		if (ok && !c->nolen && ours.len != c->rlen) {
			fprintf(stderr, "%s: length %zu, named %zu\n", c->title,
			        ours.len, c->rlen);
			ok = getenv("QUERY_TEST_LOOSE_LENGTH") != NULL;
		}
	}
	if (!ok) {
		fprintf(stderr, "%s\n", c->title);
		dump("named", &b, c->rlen);
		dump("ours", &a, ours.len);
		if (getenv("QUERY_TEST_HEX") != NULL) {
			hexdump("named", c->resp, c->rlen);
			hexdump("ours", ours.buf, ours.len);
		}
	}
	assert_true(ok);
}

/* ---- direct tests of the contract ---- */

/* Builds a query for qname/qtype, RD clear, EDNS 1232 (DO if asked). */
static size_t
mkquery(uint8_t *buf, const char *qname, uint16_t qtype, bool dnssec) {
	name_t n = mkname(qname);
	size_t p = 12;

	memset(buf, 0, 12);
	buf[0] = 0x12;
	buf[1] = 0x34;
	buf[5] = 1;  /* qdcount */
	buf[11] = 1; /* arcount */
	memcpy(buf + p, n.wire, n.length);
	p += n.length;
	buf[p++] = (uint8_t)(qtype >> 8);
	buf[p++] = (uint8_t)qtype;
	buf[p++] = 0;
	buf[p++] = 1;
	/* OPT: root, type 41, class 1232, ttl (DO), rdlen 0 */
	buf[p++] = 0;
	buf[p++] = 0;
	buf[p++] = 41;
	buf[p++] = 0x04;
	buf[p++] = 0xd0;
	buf[p++] = 0;
	buf[p++] = 0;
	buf[p++] = dnssec ? 0x80 : 0;
	buf[p++] = 0;
	buf[p++] = 0;
	buf[p++] = 0;
	return p;
}

static void
test_not_loaded(void **state) {
	uint8_t q[512];
	size_t ql = mkquery(q, "www.example.com", RRTYPE_A, false);
	static answered_t out;
	srv_zone_t z = zones[0];

	(void)state;
	z.loaded = false;
	answer(q, ql, &views[1], false, false, &z, &out);
	assert_int_equal(out.res, R_OK);
	assert_int_equal(out.buf[3] & 0x0f, 2); /* SERVFAIL */
	assert_int_equal(out.buf[2] & 0x04, 0); /* no AA */
	assert_int_equal(out.buf[7], 0);        /* no answer */

	z = zones[0];
	z.served = false;
	answer(q, ql, &views[1], false, false, &z, &out);
	assert_int_equal(out.buf[3] & 0x0f, 2);

	z = zones[0];
	z.db = NULL;
	answer(q, ql, &views[1], false, false, &z, &out);
	assert_int_equal(out.buf[3] & 0x0f, 2);
}

/* A version-less database (created, never loaded) is SERVFAIL too. */
static void
test_empty_db(void **state) {
	uint8_t q[512];
	size_t ql = mkquery(q, "www.example.com", RRTYPE_A, false);
	static answered_t out;
	srv_zone_t z = zones[0];
	name_t origin = mkname("example.com");

	(void)state;
	assert_int_equal(db_create(&origin, RRCLASS_IN, &z.db), R_OK);
	answer(q, ql, &views[1], false, false, &z, &out);
	assert_int_equal(out.buf[3] & 0x0f, 2);
	db_destroy(z.db);
}

/* Over IPv6 named puts AAAA glue before A: check the order of types in
 * the additional section of a referral with both. */
static void
test_prefer_aaaa(void **state) {
	uint8_t q[512];
	size_t ql = mkquery(q, "x.deleg.example.com", RRTYPE_A, false);
	static answered_t out;
	static norm_t n;
	int first_a = -1, first_aaaa = -1;

	(void)state;
	answer(q, ql, &views[1], false, true, NULL, &out);
	assert_true(normalise(out.buf, out.len, &n));
	for (int i = 0; i < n.n; i++) {
		if (n.lines[i][0] != '3') {
			continue;
		}
		if (strstr(n.lines[i], " AAAA ") != NULL && first_aaaa < 0) {
			first_aaaa = i;
		} else if (strstr(n.lines[i], " A ") != NULL && first_a < 0) {
			first_a = i;
		}
	}
	assert_true(first_aaaa >= 0 && first_a >= 0);
	assert_true(first_aaaa < first_a);
	/* And with IPv4 the other way round. */
	answer(q, ql, &views[1], false, false, NULL, &out);
	assert_true(normalise(out.buf, out.len, &n));
	first_a = first_aaaa = -1;
	for (int i = 0; i < n.n; i++) {
		if (n.lines[i][0] != '3') {
			continue;
		}
		if (strstr(n.lines[i], " AAAA ") != NULL && first_aaaa < 0) {
			first_aaaa = i;
		} else if (strstr(n.lines[i], " A ") != NULL && first_a < 0) {
			first_a = i;
		}
	}
	assert_true(first_a < first_aaaa);
}

/* A response with room for the question only: the answer RRset does not
 * fit, TC is set and nothing is written past the limit. */
static void
test_tiny_limit(void **state) {
	uint8_t q[512];
	size_t ql = mkquery(q, "big.example.com", RRTYPE_TXT, false);
	message_t m;
	render_t r;
	query_req_t rq;
	uint8_t buf[64];
	size_t len;

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(message_parse(&m, q, ql), R_OK);
	assert_int_equal(render_init(&r, buf, 48, 48, m.id, 0, MESSAGE_F_QR),
	                 R_OK);
	assert_int_equal(render_question(&r, &m.qname, m.qtype, m.qclass),
	                 R_OK);
	memset(&rq, 0, sizeof(rq));
	rq.msg = &m;
	rq.view = &views[1];
	rq.zone = &zones[0];
	assert_int_equal(query_answer(&rq, &r), R_OK);
	assert_int_equal(render_finish(&r, &len), R_OK);
	assert_true(len <= 48);
	assert_true(buf[2] & 0x02); /* TC */
	assert_int_equal(buf[7], 0);
	for (size_t i = 48; i < sizeof(buf); i++) {
		assert_int_equal(buf[i], 0xee);
	}
}

/*
 * Every captured query answered at every response size from the bare
 * question up to 700 octets (and with EDNS taken away): the response
 * never passes the limit, always parses, keeps the question, and when
 * something did not fit TC is set unless only additional data was cut.
 */
static void
test_all_limits(void **state) {
	static uint8_t buf[800];

	(void)state;
	for (size_t i = 0; i < ncases; i++) {
		const qcase_t *c = &cases[i];
		const srv_view_t *v = &views[c->view - 1];
		message_t m;
		zonetable_match_t match;

		assert_int_equal(message_parse(&m, c->query, c->qlen), R_OK);
		size_t qend = 12 + m.qname.length + 4;
		for (size_t limit = qend; limit <= 700; limit += 7) {
			render_t r;
			query_req_t q;
			size_t len;
			message_t back;

			memset(buf, 0xa5, sizeof(buf));
			assert_int_equal(render_init(&r, buf, limit, limit,
			                             m.id, 0, MESSAGE_F_QR),
			                 R_OK);
			assert_int_equal(render_question(&r, &m.qname, m.qtype,
			                                 m.qclass),
			                 R_OK);
			memset(&q, 0, sizeof(q));
			q.msg = &m;
			q.view = v;
			q.dnssec_ok = m.dnssec_ok;
			zonetable_read_begin();
			assert_int_equal(
			        zonetable_find(v->zones, &m.qname, &match),
			        R_OK);
			q.zone = match.zone;
			q.match = &match;
			assert_int_equal(query_answer(&q, &r), R_OK);
			zonetable_read_end();
			assert_int_equal(render_finish(&r, &len), R_OK);
			assert_true(len <= limit);
			for (size_t k = limit; k < sizeof(buf); k++) {
				assert_int_equal(buf[k], 0xa5);
			}
			assert_int_equal(message_parse(&back, buf, len), R_OK);
			assert_int_equal(back.counts[0], 1);
			assert_true(name_equal(&back.qname, &m.qname));
		}
	}
}

/*
 * Random queries over all the zones: names built from labels that occur
 * in them (so CNAMEs, DNAMEs, wildcards, cuts, ENTs and the NSEC3 chain
 * are hit, with mixed case), random qtypes, DO, RD, sizes and views.
 * Deterministic (fixed seed).  Same invariants as test_all_limits, plus:
 * the rcode is one named gives for these (NOERROR, SERVFAIL, NXDOMAIN,
 * YXDOMAIN) and a NOERROR answer without records has authority data.
 */
/* A small linear congruential generator: reproducible runs. */
static unsigned
rnd(uint32_t *seed) {
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

static void
test_random_queries(void **state) {
	static const char *labels[] = {
	        "www",  "*",     "sub",     "wild", "foo",    "dn",     "x",
	        "c1",   "loop1", "self",    "b",    "ent",    "mx",     "ns1",
	        "kid",  "insec", "sub2",    "wc",   "wcloop", "deleg",  "a",
	        "big",  "MiXeD", "nope",    "ns",   "extdn",  "longdn", "tosub",
	        "caps", "WWW",   "dangling"};
	static const char *origins[] = {"example.com",     "other.test",
	                                "signed.test",     "n3.test",
	                                "kid.example.com", "oo.test"};
	static const uint16_t types[] = {
	        RRTYPE_A,   RRTYPE_AAAA,  RRTYPE_NS,    RRTYPE_SOA,
	        RRTYPE_MX,  RRTYPE_TXT,   RRTYPE_CNAME, RRTYPE_DNAME,
	        RRTYPE_DS,  RRTYPE_RRSIG, RRTYPE_NSEC,  RRTYPE_DNSKEY,
	        RRTYPE_ANY, RRTYPE_SRV,   RRTYPE_NSEC3, 0,
	        999};
	static uint8_t buf[1300];
	uint32_t seed = 12345;

	(void)state;
	for (int iter = 0; iter < 4000; iter++) {
		char text[600];
		size_t tl = 0;
		uint8_t qbuf[600];
		size_t ql;
		message_t m;
		zonetable_match_t match;
		render_t r;
		query_req_t q;
		size_t len, limit;
		message_t back;
		const srv_view_t *v;
		unsigned nl;

		nl = rnd(&seed) % 4;
		for (unsigned i = 0; i < nl; i++) {
			tl += (size_t)snprintf(
			        text + tl, sizeof(text) - tl, "%s.",
			        labels[rnd(&seed) %
			               (sizeof(labels) / sizeof(labels[0]))]);
		}
		snprintf(text + tl, sizeof(text) - tl, "%s",
		         origins[rnd(&seed) % 6]);
		{
			uint16_t t = types[rnd(&seed) %
			                   (sizeof(types) / sizeof(types[0]))];
			bool dnssec = rnd(&seed) % 2 != 0;
			ql = mkquery(qbuf, text, t, dnssec);
		}
		if (rnd(&seed) % 2) {
			qbuf[2] |= 0x01; /* RD */
		}
		v = &views[seed % NVIEWS];
		limit = 40 + seed % 1200;
		assert_int_equal(message_parse(&m, qbuf, ql), R_OK);
		assert_int_equal(render_init(&r, buf, sizeof(buf), limit, m.id,
		                             0, MESSAGE_F_QR),
		                 R_OK);
		if (render_question(&r, &m.qname, m.qtype, m.qclass) != R_OK) {
			continue;
		}
		memset(&q, 0, sizeof(q));
		q.msg = &m;
		q.view = v;
		q.dnssec_ok = m.dnssec_ok;
		q.tcp = (seed & 8) != 0;
		q.prefer_aaaa = (seed & 16) != 0;
		zonetable_read_begin();
		assert_int_equal(zonetable_find(v->zones, &m.qname, &match),
		                 R_OK);
		q.zone = match.zone;
		q.match = &match;
		assert_int_equal(query_answer(&q, &r), R_OK);
		zonetable_read_end();
		assert_int_equal(render_finish(&r, &len), R_OK);
		assert_true(len <= limit);
		assert_int_equal(message_parse(&back, buf, len), R_OK);
		assert_true(back.rcode == 0 || back.rcode == 2 ||
		            back.rcode == 3 || back.rcode == 6);
		if (back.rcode == 0 && back.counts[1] == 0 &&
		    (back.flags & MESSAGE_F_TC) == 0) {
			assert_true(back.counts[2] > 0);
		}
	}
}

/*
 * Options read from named.conf: preferred-glue AAAA puts AAAA before A
 * for an IPv4 client (named 9.18, checked by hand: h1 AAAA, h2 AAAA,
 * ns AAAA, h1 A ...), and zero-no-soa-ttl no keeps the SOA's TTL in an
 * NXDOMAIN to an SOA query.
 */
static void
test_config_options(void **state) {
	static const char conf[] =
	        "options { preferred-glue AAAA; zero-no-soa-ttl no; };\n"
	        "zone \"example.com\" { type primary; file \"x\"; };\n";
	conf_tree_t *tree = NULL;
	cfg_t *cfg = NULL;
	srv_view_t v = views[1];
	srv_zone_t z = zones[0];
	uint8_t q[512];
	size_t ql;
	static answered_t out;
	static norm_t n;
	int first_a = -1, first_aaaa = -1;

	(void)state;
	assert_int_equal(conf_parse_buffer(conf, sizeof(conf) - 1, "t.conf",
	                                   CONF_GRAMMAR_NAMED, false, &tree,
	                                   NULL, NULL),
	                 R_OK);
	assert_int_equal(cfg_build(tree, &cfg), R_OK);
	assert_true(cfg_view_count(cfg) > 0);
	v.cfg = cfg_view_at(cfg, 0);
	z.cfg = cfg_zone_at(v.cfg, 0);
	assert_non_null(z.cfg);
	/* What server_gen_build() reads from these options. */
	v.preferred_glue = RRTYPE_AAAA;
	bool zt = true;
	assert_int_equal(cfg_zone_bool(z.cfg, "zero-no-soa-ttl", &zt), R_OK);
	z.zero_no_soa_ttl = zt;

	ql = mkquery(q, "x.deleg.example.com", RRTYPE_A, false);
	answer(q, ql, &v, false, false, &z, &out);
	assert_true(normalise(out.buf, out.len, &n));
	for (int i = 0; i < n.n; i++) {
		if (n.lines[i][0] != '3') {
			continue;
		}
		if (strstr(n.lines[i], " AAAA ") != NULL && first_aaaa < 0) {
			first_aaaa = i;
		} else if (strstr(n.lines[i], " A ") != NULL && first_a < 0) {
			first_a = i;
		}
	}
	assert_true(first_aaaa >= 0 && first_a >= 0);
	assert_true(first_aaaa < first_a);

	/* NXDOMAIN to an SOA query: TTL 300 (min of 3600 and 300), not 0. */
	ql = mkquery(q, "nope.example.com", RRTYPE_SOA, false);
	answer(q, ql, &v, false, false, &z, &out);
	assert_true(normalise(out.buf, out.len, &n));
	assert_int_equal(out.buf[3] & 0x0f, 3);
	assert_non_null(strstr(n.lines[0], " SOA IN 300 "));
	/* With named's default: TTL 0. */
	answer(q, ql, &views[1], false, false, &zones[0], &out);
	assert_true(normalise(out.buf, out.len, &n));
	assert_non_null(strstr(n.lines[0], " SOA IN 0 "));

	cfg_free(&cfg);
	conf_tree_free(&tree);
}

int
main(void) {
	struct CMUnitTest *tests;
	size_t n = 0;
	static const struct CMUnitTest fixed[] = {
	        cmocka_unit_test(test_not_loaded),
	        cmocka_unit_test(test_empty_db),
	        cmocka_unit_test(test_prefer_aaaa),
	        cmocka_unit_test(test_tiny_limit),
	        cmocka_unit_test(test_all_limits),
	        cmocka_unit_test(test_random_queries),
	        cmocka_unit_test(test_config_options),
	};
	size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);

	load_cases();
	tests = calloc(ncases + nfixed, sizeof(*tests));
	if (tests == NULL) {
		return 1;
	}
	for (size_t i = 0; i < nfixed; i++) {
		tests[n++] = fixed[i];
	}
	for (size_t i = 0; i < ncases; i++) {
		tests[n].name = cases[i].title;
		tests[n].test_func = test_bind_case;
		tests[n].initial_state = &cases[i];
		n++;
	}
	int rc = _cmocka_run_group_tests("query", tests, n, setup_all,
	                                 teardown_all);
	free(tests);
	free(cases);
	return rc;
}
