/*
 * dispatch_test.c - unit tests for named/dispatch.c, dispatch_chaos.c,
 * cookie.c and querylog.c.
 *
 * The generation is built by hand (views, zone tables, one loaded zone)
 * so every branch can be reached; the expected octets were captured from
 * Debian's named 9.18.49 answering the same requests for the same zone
 * (/usr/sbin/named -g on 127.0.0.1, see the hex strings), with the
 * COOKIE bytes, which depend on the time, checked by structure and with
 * cookie_check() instead.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "config/acl.h"
#include "named/cookie.h"
#include "named/dispatch.h"
#include "named/message.h"
#include "named/querylog.h"
#include "zones/db.h"
#include "zones/rdata.h"
#include "zones/zonetable.h"

/* ---- fixture ---- */

static const char zone_text[] = "$TTL 300\n"
                                "@ IN SOA ns1 hostmaster 1 3600 900 604800 60\n"
                                "@ IN NS ns1\n"
                                "ns1 IN A 127.0.0.1\n"
                                "www IN A 192.0.2.1\n";

static srv_zone_t zone_example, zone_denied, zone_big;
static srv_view_t view_default;
static srv_view_t *views_default[1] = {&view_default};
static srv_gen_t gen;
static struct sockaddr_in peer4, local4;
static struct sockaddr_in6 peer6;
static dispatch_client_t cl_udp, cl_tcp;
static char tmpdir[64];

static name_t
mk(const char *s) {
	name_t n;
	assert_int_equal(name_fromtext(&n, s, strlen(s), NULL), R_OK);
	return n;
}

static void
load_zone(srv_zone_t *z, const char *origin, const char *text) {
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.db", tmpdir, origin);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	memset(z, 0, sizeof(*z));
	z->origin = mk(origin);
	z->rclass = RRCLASS_IN;
	z->type = CFG_ZONE_PRIMARY;
	assert_int_equal(db_create(&z->origin, RRCLASS_IN, &z->db), R_OK);
	assert_int_equal(db_load_file(z->db, path, false, NULL, NULL), R_OK);
	z->loaded = true;
	z->served = true;
	z->zero_no_soa_ttl = true; /* named's default */
	unlink(path);
}

static acl_t *
acl_of(const char *text) {
	acl_t *a;
	assert_int_equal(acl_create(&a), R_OK);
	assert_int_equal(acl_add_text(a, false, text), R_OK);
	return a;
}

static int
setup(void **state) {
	(void)state;
	char big[8192];
	size_t n;

	db_thread_register();
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dispatch_test.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	load_zone(&zone_example, "example.com.", zone_text);
	load_zone(&zone_denied, "denied.test.", zone_text);
	zone_denied.allow_query = acl_of("none");
	n = (size_t)snprintf(big, sizeof(big),
	                     "$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\n"
	                     "ns1 A 127.0.0.1\n");
	for (int i = 1; i <= 99; i++) {
		n += (size_t)snprintf(big + n, sizeof(big) - n,
		                      "many A 10.0.0.%d\n", i);
	}
	load_zone(&zone_big, "big.test.", big);

	memset(&view_default, 0, sizeof(view_default));
	view_default.name = "_default";
	view_default.rclass = RRCLASS_IN;
	view_default.minimal_responses = SRV_MINIMAL_NO_AUTH_RECURSIVE;
	assert_int_equal(zonetable_create(&view_default.zones), R_OK);
	assert_int_equal(zonetable_add(view_default.zones, &zone_example.origin,
	                               &zone_example),
	                 R_OK);
	assert_int_equal(zonetable_add(view_default.zones, &zone_denied.origin,
	                               &zone_denied),
	                 R_OK);
	assert_int_equal(
	        zonetable_add(view_default.zones, &zone_big.origin, &zone_big),
	        R_OK);

	memset(&gen, 0, sizeof(gen));
	gen.views = views_default;
	gen.nviews = 1;
	gen.version = "9.18.49-1~deb12u3-Debian";
	gen.hostname = "vm";
	gen.server_id = "ns1.test";
	gen.edns_udp_size = 1232;
	gen.max_udp_size = 1232;
	gen.answer_cookie = true;
	for (int i = 0; i < 16; i++) {
		gen.cookie_secret[i] = (uint8_t)i;
	}
	gen.cookie_secret_len = 16;
	gen.querylog = 1;
	gen.tcp_advertised_timeout = 300;

	peer4.sin_family = AF_INET;
	peer4.sin_port = htons(49649);
	inet_pton(AF_INET, "127.0.0.1", &peer4.sin_addr);
	local4.sin_family = AF_INET;
	local4.sin_port = htons(15400);
	inet_pton(AF_INET, "127.0.0.1", &local4.sin_addr);
	peer6.sin6_family = AF_INET6;
	peer6.sin6_port = htons(5353);
	inet_pton(AF_INET6, "2001:db8::1", &peer6.sin6_addr);
	cl_udp.peer = (struct sockaddr *)&peer4;
	cl_udp.local = (struct sockaddr *)&local4;
	cl_udp.tcp = false;
	cl_tcp = cl_udp;
	cl_tcp.tcp = true;
	return 0;
}

static void
free_zone(srv_zone_t *z) {
	db_destroy(z->db);
	if (z->allow_query != NULL) {
		acl_detach(&z->allow_query);
	}
}

static int
teardown(void **state) {
	(void)state;
	zonetable_destroy(view_default.zones, NULL, NULL);
	free_zone(&zone_example);
	free_zone(&zone_denied);
	free_zone(&zone_big);
	rmdir(tmpdir);
	db_thread_unregister();
	return 0;
}

/* ---- request building ---- */

typedef struct req {
	uint8_t b[1024];
	size_t len;
	size_t arcount_at;
} req_t;

static void
put8(req_t *q, uint8_t v) {
	q->b[q->len++] = v;
}
static void
put16(req_t *q, uint16_t v) {
	put8(q, (uint8_t)(v >> 8));
	put8(q, (uint8_t)v);
}
static void
putname(req_t *q, const char *s) {
	name_t n = mk(s);
	memcpy(q->b + q->len, n.wire, n.length);
	q->len += n.length;
}

/* Header with one question (or none when qname is NULL). */
static void
req_start(req_t *q, uint8_t opcode, uint16_t flags, const char *qname,
          uint16_t qtype, uint16_t qclass) {
	q->len = 0;
	put16(q, 0x1234);
	put16(q, (uint16_t)(flags | (opcode << 11)));
	put16(q, qname != NULL ? 1 : 0);
	put16(q, 0);
	put16(q, 0);
	q->arcount_at = q->len;
	put16(q, 0);
	if (qname != NULL) {
		putname(q, qname);
		put16(q, qtype);
		put16(q, qclass);
	}
}

static void
bump_ar(req_t *q) {
	uint16_t ar = (uint16_t)((q->b[q->arcount_at] << 8) |
	                         q->b[q->arcount_at + 1]);
	ar++;
	q->b[q->arcount_at] = (uint8_t)(ar >> 8);
	q->b[q->arcount_at + 1] = (uint8_t)ar;
}

/* OPT with the options given as (code, len, data) triples. */
static void
req_opt(req_t *q, uint16_t udp, uint8_t version, bool do_bit,
        const uint8_t *opts, uint16_t optslen) {
	put8(q, 0);
	put16(q, RRTYPE_OPT);
	put16(q, udp);
	put8(q, 0);
	put8(q, version);
	put16(q, do_bit ? 0x8000 : 0);
	put16(q, optslen);
	if (optslen > 0) {
		memcpy(q->b + q->len, opts, optslen);
	}
	q->len += optslen;
	bump_ar(q);
}

static size_t
hex2bin(const char *hex, uint8_t *out, size_t max) {
	size_t n = 0;
	while (hex[0] != '\0' && hex[1] != '\0' && n < max) {
		unsigned v;
		assert_int_equal(sscanf(hex, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

static uint8_t resp[65535];

static size_t
ask(const req_t *q, const dispatch_client_t *cl) {
	size_t n;
	zonetable_read_begin();
	n = dispatch_answer(&gen, q->b, q->len, cl, resp,
	                    cl->tcp ? 65535 : 65535);
	zonetable_read_end();
	return n;
}

static void
assert_resp_hex(size_t n, const char *hex) {
	uint8_t want[4096];
	size_t wl = hex2bin(hex, want, sizeof(want));
	if (n != wl || memcmp(resp, want, wl) != 0) {
		fprintf(stderr, "got  ");
		for (size_t i = 0; i < n; i++) {
			fprintf(stderr, "%02x", resp[i]);
		}
		fprintf(stderr, "\nwant %s\n", hex);
	}
	assert_int_equal(n, wl);
	assert_memory_equal(resp, want, wl);
}

static uint16_t
get16(const uint8_t *p) {
	return (uint16_t)((p[0] << 8) | p[1]);
}

/* ---- parse-level outcomes ---- */

static void
test_drop_and_formerr(void **state) {
	(void)state;
	req_t q;

	/* Short header: nothing. */
	q.len = 5;
	memset(q.b, 0, 5);
	assert_int_equal(ask(&q, &cl_udp), 0);
	/* QR set: nothing. */
	req_start(&q, 0, MESSAGE_F_QR, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	assert_int_equal(ask(&q, &cl_udp), 0);
	/* Two identical questions: a parse error, FORMERR without them. */
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	q.b[5] = 2;
	putname(&q, "www.example.com.");
	put16(&q, RRTYPE_A);
	put16(&q, RRCLASS_IN);
	assert_resp_hex(ask(&q, &cl_udp), "123481010000000000000000");
	/* A response buffer too small for a header: nothing. */
	req_start(&q, 0, 0, "www.example.com.", RRTYPE_A, RRCLASS_IN);
	zonetable_read_begin();
	assert_int_equal(dispatch_answer(&gen, q.b, q.len, &cl_udp, resp, 11),
	                 0);
	assert_int_equal(dispatch_answer(NULL, q.b, q.len, &cl_udp, resp, 512),
	                 0);
	zonetable_read_end();
}

static void
test_blackhole(void **state) {
	(void)state;
	req_t q;

	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	gen.blackhole = acl_of("127.0.0.0/8");
	assert_int_equal(ask(&q, &cl_udp), 0);
	acl_detach(&gen.blackhole);
	gen.blackhole = acl_of("10.0.0.0/8");
	assert_true(ask(&q, &cl_udp) > 0);
	acl_detach(&gen.blackhole);
}

/* ---- answers ---- */

static void
test_plain(void **state) {
	(void)state;
	req_t q;

	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348500000100010000000003777777076578616d706c650363"
	                "6f6d0000010001c00c000100010000012c0004c0000201");
	/* EDNS: our OPT advertises edns-udp-size. */
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348500000100010000000103777777076578616d706c650363"
	                "6f6d0000010001c00c000100010000012c0004c0000201000029"
	                "04d0000000000000");
	/* DO and CD echoed. */
	req_start(&q, 0, MESSAGE_F_RD | MESSAGE_F_CD, "www.example.com.",
	          RRTYPE_A, RRCLASS_IN);
	req_opt(&q, 1232, 0, true, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348510000100010000000103777777076578616d706c650363"
	                "6f6d0000010001c00c000100010000012c0004c0000201000029"
	                "04d0000080000000");
}

static void
test_refused(void **state) {
	(void)state;
	req_t q;

	req_start(&q, 0, MESSAGE_F_RD, "www.other.org.", RRTYPE_A, RRCLASS_IN);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348105000100000000000003777777056f74686572036f7267"
	                "0000010001");
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348105000100000000000103777777056f74686572036f7267"
	                "000001000100002904d0000000000000");
	/* allow-query { none; } on the zone. */
	req_start(&q, 0, MESSAGE_F_RD, "www.denied.test.", RRTYPE_A,
	          RRCLASS_IN);
	assert_resp_hex(ask(&q, &cl_udp),
	                "123481050001000000000000037777770664656e69656404746573"
	                "740000010001");
	/* The view's list applies when the zone has none... */
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	view_default.allow_query = acl_of("10.0.0.0/8");
	ask(&q, &cl_udp);
	assert_int_equal(resp[3] & 0xf, 5);
	/* ...and allow-query-on is matched against the local address. */
	acl_detach(&view_default.allow_query);
	view_default.allow_query_on = acl_of("127.0.0.2");
	ask(&q, &cl_udp);
	assert_int_equal(resp[3] & 0xf, 5);
	acl_detach(&view_default.allow_query_on);
	view_default.allow_query_on = acl_of("127.0.0.1");
	ask(&q, &cl_udp);
	assert_int_equal(resp[3] & 0xf, 0);
	acl_detach(&view_default.allow_query_on);
	/* The zone's own list wins over the view's. */
	zone_example.allow_query = acl_of("127.0.0.1");
	view_default.allow_query = acl_of("none");
	ask(&q, &cl_udp);
	assert_int_equal(resp[3] & 0xf, 0);
	acl_detach(&zone_example.allow_query);
	acl_detach(&view_default.allow_query);
}

static void
test_opcodes(void **state) {
	(void)state;
	req_t q;

	/* STATUS without EDNS: NOTIMP, no question, RD not kept. */
	req_start(&q, 2, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	assert_resp_hex(ask(&q, &cl_udp), "123490040000000000000000");
	/* Opcode 3 with EDNS. */
	req_start(&q, 3, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12349804000000000000000100002904d0000000000000");
	/* IQUERY. */
	req_start(&q, 1, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348804000000000000000100002904d0000000000000");
	/* Opcode 3 over TCP with NSID, COOKIE and keepalive: all three
	 * options, in named's order. */
	static const uint8_t opts[] = {0, 11, 0, 0, 0, 10, 0, 8, 0, 1,
	                               2, 3,  4, 5, 6, 7,  0, 3, 0, 0};
	req_start(&q, 3, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, opts, sizeof(opts));
	size_t n = ask(&q, &cl_tcp);
	assert_int_equal(n, 12 + 11 + 12 + 28 + 6);
	assert_int_equal(get16(resp + 2), 0x9804);
	assert_int_equal(get16(resp + 12 + 9), 12 + 28 + 6);
	assert_int_equal(get16(resp + 23), 3);
	assert_memory_equal(resp + 27, "ns1.test", 8);
	assert_int_equal(get16(resp + 35), 10);
	assert_int_equal(get16(resp + 37), 24);
	assert_true(cookie_check(gen.cookie_secret, 16, resp + 39, 24,
	                         (uint32_t)time(NULL), cl_tcp.peer));
	assert_memory_equal(resp + 63, "\x00\x0b\x00\x02\x01\x2c", 6);
}

static void
test_questions(void **state) {
	(void)state;
	req_t q;

	/* No question, no EDNS / EDNS. */
	req_start(&q, 0, MESSAGE_F_RD, NULL, 0, 0);
	assert_resp_hex(ask(&q, &cl_udp), "123481010000000000000000");
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348101000000000000000100002904d0000000000000");
	/* No question but a cookie: NOERROR with our cookie. */
	static const uint8_t ck[] = {0, 10, 0, 8, 0, 1, 2, 3, 4, 5, 6, 7};
	req_start(&q, 0, MESSAGE_F_RD, NULL, 0, 0);
	req_opt(&q, 1232, 0, false, ck, sizeof(ck));
	size_t n = ask(&q, &cl_udp);
	assert_int_equal(n, 12 + 11 + 28);
	assert_memory_equal(
	        resp, "\x12\x34\x81\x00\x00\x00\x00\x00\x00\x00\x00\x01", 12);
	assert_memory_equal(resp + 23,
	                    "\x00\x0a\x00\x18\x00\x01\x02\x03\x04\x05\x06\x07"
	                    "\x01\x00\x00\x00",
	                    16);
	/* Same with opcode 3: NOTIMP; NOTIFY: FORMERR (both with it). */
	q.b[2] = 3 << 3;
	n = ask(&q, &cl_udp);
	assert_int_equal(get16(resp + 2), 0x9804);
	assert_int_equal(n, 12 + 11 + 28);
	q.b[2] = 4 << 3;
	ask(&q, &cl_udp);
	assert_int_equal(get16(resp + 2), 0xa001);

	/* Two distinct questions: FORMERR echoing both, cookie kept. */
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	q.b[5] = 2;
	putname(&q, "www.example.com.");
	put16(&q, RRTYPE_AAAA);
	put16(&q, RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348101000200000000000103777777076578616d706c650363"
	                "6f6d0000010001c00c001c000100002904d0000000000000");

	/* Meta classes: FORMERR with the question and the OPT. */
	static const uint16_t classes[] = {RRCLASS_ANY, RRCLASS_NONE, 0};
	for (size_t i = 0; i < 3; i++) {
		char want[256];
		req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
		          classes[i]);
		req_opt(&q, 1232, 0, false, NULL, 0);
		snprintf(want, sizeof(want),
		         "12348101000100000000000103777777076578616d706c650363"
		         "6f6d00000100%02x00002904d0000000000000",
		         classes[i] & 0xff);
		assert_resp_hex(ask(&q, &cl_udp), want);
	}
}

static void
test_classes(void **state) {
	(void)state;
	req_t q;

	/* A class named has no code for: NOTIMP with question and OPT. */
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A, 33);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348104000100000000000103777777076578616d706c650363"
	                "6f6d000001002100002904d0000000000000");
	/* No question: the class comes from the first record (here an A
	 * of class 1232 in additional, unknown: NOTIMP). */
	q.len = hex2bin(
	        "12340100000000000000000100000104d000000000000400000000", q.b,
	        sizeof(q.b));
	assert_resp_hex(ask(&q, &cl_udp), "123481040000000000000000");
	/* ...and of class IN: named finds no question and fails. */
	q.b[15] = 0;
	q.b[16] = 1;
	assert_resp_hex(ask(&q, &cl_udp), "123481020000000000000000");
	/* A parse error in opcode 3: no RD, no question (named 9.18). */
	q.len = hex2bin("122019000001000000000001037777076578616d706c6503636f6d"
	                "000001000100002904d00000110000",
	                q.b, sizeof(q.b));
	assert_resp_hex(ask(&q, &cl_udp), "122098010000000000000000");
}

static void
test_meta_types(void **state) {
	(void)state;
	req_t q;
	static const struct {
		uint16_t type;
		uint8_t rcode;
	} cases[] = {
	        {253, 4},         {254, 4},         {RRTYPE_TSIG, 1},
	        {RRTYPE_OPT, 1},  {RRTYPE_TKEY, 1}, {RRTYPE_AXFR, 9},
	        {RRTYPE_IXFR, 9}, {128, 1},         {200, 1},
	        {248, 1},         {127, 0},         {256, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		req_start(&q, 0, MESSAGE_F_RD, "www.example.com.",
		          cases[i].type, RRCLASS_IN);
		size_t n = ask(&q, &cl_udp);
		if (cases[i].rcode != 0) {
			assert_int_equal(n, 12 + 21);
		}
		assert_int_equal(resp[2], 0x81 | (cases[i].rcode == 0 ? 4 : 0));
		assert_int_equal(resp[3], cases[i].rcode);
		assert_int_equal(get16(resp + 4), 1);
	}
	/* AXFR of an apex: not served yet, REFUSED. */
	req_start(&q, 0, 0, "example.com.", RRTYPE_AXFR, RRCLASS_IN);
	ask(&q, &cl_tcp);
	assert_int_equal(resp[3], 5);
}

static void
test_badvers(void **state) {
	(void)state;
	req_t q;
	static const uint8_t opts[] = {0, 10, 0, 8, 0, 1, 2, 3,
	                               4, 5,  6, 7, 0, 3, 0, 0};

	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 1, false, opts, sizeof(opts));
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348100000100000000000103777777076578616d706c650363"
	                "6f6d000001000100002904d0010000000000");
}

static void
test_edns_options(void **state) {
	(void)state;
	req_t q;
	static const uint8_t nsid[] = {0, 3, 0, 0};
	static const uint8_t ka[] = {0, 11, 0, 0};

	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, nsid, sizeof(nsid));
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348500000100010000000103777777076578616d706c650363"
	                "6f6d0000010001c00c000100010000012c0004c0000201000029"
	                "04d000000000000c000300086e73312e74657374");
	/* No server-id: no NSID. */
	gen.server_id = NULL;
	assert_int_equal(ask(&q, &cl_udp), 12 + 21 + 16 + 11);
	gen.server_id = "ns1.test";

	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, ka, sizeof(ka));
	assert_resp_hex(ask(&q, &cl_tcp),
	                "12348500000100010000000103777777076578616d706c650363"
	                "6f6d0000010001c00c000100010000012c0004c0000201000029"
	                "04d0000000000006000b0002012c");
	/* Keepalive is a TCP option only. */
	assert_int_equal(ask(&q, &cl_udp), 12 + 21 + 16 + 11);
	gen.tcp_advertised_timeout = 100;
	ask(&q, &cl_tcp);
	assert_int_equal(get16(resp + 12 + 21 + 16 + 11 + 4), 100);
	gen.tcp_advertised_timeout = 300;
}

static void
test_cookie_answers(void **state) {
	(void)state;
	req_t q;
	uint8_t opts[4 + 24] = {0, 10, 0, 8, 0, 1, 2, 3, 4, 5, 6, 7};
	uint32_t now = (uint32_t)time(NULL);
	size_t n;

	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, opts, 12);
	n = ask(&q, &cl_udp);
	assert_int_equal(n, 12 + 21 + 16 + 11 + 28);
	assert_int_equal(get16(resp + 49 + 9), 28);
	assert_memory_equal(resp + 49 + 11, "\x00\x0a\x00\x18", 4);
	assert_true(cookie_check(gen.cookie_secret, 16, resp + 64, 24, now,
	                         cl_udp.peer) ||
	            cookie_check(gen.cookie_secret, 16, resp + 64, 24, now + 1,
	                         cl_udp.peer));
	/* Sending it back: still answered, a fresh cookie. */
	memcpy(opts + 4, resp + 64, 24);
	opts[3] = 24;
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, opts, sizeof(opts));
	assert_int_equal(ask(&q, &cl_udp), 12 + 21 + 16 + 11 + 28);
	/* A bad server cookie is no error (no BADCOOKIE for queries). */
	opts[20] ^= 1;
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, opts, sizeof(opts));
	assert_int_equal(ask(&q, &cl_udp), 12 + 21 + 16 + 11 + 28);
	assert_int_equal(resp[3], 0);
	/* A wrong length: FORMERR with a bare OPT (message layer). */
	opts[3] = 7;
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, opts, 4 + 7);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348101000100000000000103777777076578616d706c650363"
	                "6f6d000001000100002904d0000000000000");
	/* answer-cookie no: no cookie in the answer. */
	gen.answer_cookie = false;
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, opts, 12);
	opts[3] = 8;
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, opts, 12);
	assert_int_equal(ask(&q, &cl_udp), 12 + 21 + 16 + 11);
	gen.answer_cookie = true;
	/* No secret configured: the process-wide random one still makes
	 * cookies that check. */
	gen.cookie_secret_len = 0;
	assert_int_equal(ask(&q, &cl_udp), 12 + 21 + 16 + 11 + 28);
	assert_true(cookie_check(cookie_default_secret(), 16, resp + 64, 24,
	                         (uint32_t)time(NULL), cl_udp.peer));
	gen.cookie_secret_len = 16;
}

/* ---- cookies ---- */

static void
test_cookie_vector(void **state) {
	(void)state;
	/* named 9.18 with cookie-secret "000102030405060708090a0b0c0d0e0f",
	 * client cookie a1b2c3d4e5f60718 from 127.0.0.1 answered
	 * 010000006b01fb2d 2faabbd74e550be5. */
	uint8_t secret[16], client[8], want[24], out[24];
	hex2bin("000102030405060708090a0b0c0d0e0f", secret, 16);
	hex2bin("a1b2c3d4e5f60718", client, 8);
	hex2bin("a1b2c3d4e5f60718010000006b01fb2d2faabbd74e550be5", want, 24);
	uint32_t when = 0x6b01fb2d;

	assert_int_equal(cookie_make(secret, 16, client, when,
	                             (struct sockaddr *)&peer4, out),
	                 R_OK);
	assert_memory_equal(out, want, 24);
	assert_true(cookie_check(secret, 16, want, 24, when,
	                         (struct sockaddr *)&peer4));
	/* Within an hour old and five minutes ahead; not beyond. */
	assert_true(cookie_check(secret, 16, want, 24, when + 3600,
	                         (struct sockaddr *)&peer4));
	assert_false(cookie_check(secret, 16, want, 24, when + 3601,
	                          (struct sockaddr *)&peer4));
	assert_true(cookie_check(secret, 16, want, 24, when - 300,
	                         (struct sockaddr *)&peer4));
	assert_false(cookie_check(secret, 16, want, 24, when - 301,
	                          (struct sockaddr *)&peer4));
	/* Another address, another secret, a changed octet, a bad length,
	 * a bad version. */
	struct sockaddr_in other = peer4;
	other.sin_addr.s_addr ^= htonl(1);
	assert_false(cookie_check(secret, 16, want, 24, when,
	                          (struct sockaddr *)&other));
	/* The port does not count. */
	other = peer4;
	other.sin_port = htons(1);
	assert_true(cookie_check(secret, 16, want, 24, when,
	                         (struct sockaddr *)&other));
	secret[0] ^= 1;
	assert_false(cookie_check(secret, 16, want, 24, when,
	                          (struct sockaddr *)&peer4));
	secret[0] ^= 1;
	want[23] ^= 0x80;
	assert_false(cookie_check(secret, 16, want, 24, when,
	                          (struct sockaddr *)&peer4));
	want[23] ^= 0x80;
	assert_false(cookie_check(secret, 16, want, 23, when,
	                          (struct sockaddr *)&peer4));
	assert_false(cookie_check(secret, 15, want, 24, when,
	                          (struct sockaddr *)&peer4));
	want[8] = 2;
	assert_false(cookie_check(secret, 16, want, 24, when,
	                          (struct sockaddr *)&peer4));
	/* IPv6 hashes 16 octets; other families make nothing. */
	assert_int_equal(cookie_make(secret, 16, client, when,
	                             (struct sockaddr *)&peer6, out),
	                 R_OK);
	assert_true(cookie_check(secret, 16, out, 24, when,
	                         (struct sockaddr *)&peer6));
	assert_false(cookie_check(secret, 16, out, 24, when,
	                          (struct sockaddr *)&peer4));
	struct sockaddr unix_sa = {.sa_family = AF_UNIX};
	assert_int_equal(cookie_make(secret, 16, client, when, &unix_sa, out),
	                 R_RANGE);
	assert_int_equal(cookie_make(secret, 8, client, when,
	                             (struct sockaddr *)&peer4, out),
	                 R_RANGE);
	/* Random secrets differ. */
	uint8_t r1[16], r2[16];
	assert_int_equal(cookie_secret_random(r1, 16), R_OK);
	assert_int_equal(cookie_secret_random(r2, 16), R_OK);
	assert_memory_not_equal(r1, r2, 16);
	assert_ptr_equal(cookie_default_secret(), cookie_default_secret());
}

/* ---- UDP sizes ---- */

static void
test_udp_sizes(void **state) {
	(void)state;
	req_t q;
	size_t n;

	/* 99 A records (about 1.6 KB) do not fit 512 octets: TC. */
	req_start(&q, 0, MESSAGE_F_RD, "many.big.test.", RRTYPE_A, RRCLASS_IN);
	n = ask(&q, &cl_udp);
	assert_true(n <= 512);
	assert_true((resp[2] & 0x02) != 0);
	/* Client size below 512 counts as 512. */
	req_opt(&q, 100, 0, false, NULL, 0);
	n = ask(&q, &cl_udp);
	assert_true(n <= 512);
	assert_true((resp[2] & 0x02) != 0);
	/* 4096 from the client, but max-udp-size 1232: still TC. */
	req_start(&q, 0, MESSAGE_F_RD, "many.big.test.", RRTYPE_A, RRCLASS_IN);
	req_opt(&q, 4096, 0, false, NULL, 0);
	n = ask(&q, &cl_udp);
	assert_true(n <= 1232);
	assert_true((resp[2] & 0x02) != 0);
	/* max-udp-size 4096: it fits. */
	gen.max_udp_size = 4096;
	n = ask(&q, &cl_udp);
	assert_true(n > 1232);
	assert_true((resp[2] & 0x02) == 0);
	assert_int_equal(get16(resp + 6), 99);
	/* ...but not if the client said 1500. */
	req_start(&q, 0, MESSAGE_F_RD, "many.big.test.", RRTYPE_A, RRCLASS_IN);
	req_opt(&q, 1500, 0, false, NULL, 0);
	n = ask(&q, &cl_udp);
	assert_true(n <= 1500);
	assert_true((resp[2] & 0x02) != 0);
	gen.max_udp_size = 1232;
	/* TCP: 65535, no EDNS needed. */
	req_start(&q, 0, MESSAGE_F_RD, "many.big.test.", RRTYPE_A, RRCLASS_IN);
	n = ask(&q, &cl_tcp);
	assert_true(n > 1232);
	assert_int_equal(get16(resp + 6), 99);
}

/* ---- CHAOS ---- */

static void
test_chaos(void **state) {
	(void)state;
	req_t q;

	req_start(&q, 0, MESSAGE_F_RD, "version.bind.", RRTYPE_TXT, RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234850000010001000000000776657273696f6e0462696e6400"
	                "00100003c00c0010000300000000001918392e31382e34392d31"
	                "7e646562313275332d44656269616e");
	req_start(&q, 0, MESSAGE_F_RD, "hostname.bind.", RRTYPE_TXT,
	          RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348500000100010000000008686f73746e616d650462696e64"
	                "0000100003c00c0010000300000000000302766d");
	req_start(&q, 0, MESSAGE_F_RD, "id.server.", RRTYPE_TXT, RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234850000010001000000000269640673657276657200001000"
	                "03c00c00100003000000000009086e73312e74657374");
	/* Case of the question kept in the answer. */
	req_start(&q, 0, MESSAGE_F_RD, "VERSION.BIND.", RRTYPE_TXT, RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234850000010001000000000756455253494f4e0442494e4400"
	                "00100003c00c0010000300000000001918392e31382e34392d31"
	                "7e646562313275332d44656269616e");
	/* Other types: SOA, NS, NODATA. */
	req_start(&q, 0, MESSAGE_F_RD, "version.bind.", RRTYPE_A, RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234850000010000000100000776657273696f6e0462696e6400"
	                "00010003c00c00060003000151800023c00c0a686f73746d6173"
	                "746572c00c000000000000708000001c2000093a8000015180");
	req_start(&q, 0, MESSAGE_F_RD, "version.bind.", RRTYPE_SOA, RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234850000010001000000000776657273696f6e0462696e6400"
	                "00060003c00c00060003000151800023c00c0a686f73746d6173"
	                "746572c00c000000000000708000001c2000093a8000015180");
	req_start(&q, 0, MESSAGE_F_RD, "version.bind.", RRTYPE_NS, RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234850000010001000000000776657273696f6e0462696e6400"
	                "00020003c00c00020003000000000002c00c");
	req_start(&q, 0, MESSAGE_F_RD, "version.bind.", RRTYPE_ANY, RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234850000010003000000000776657273696f6e0462696e6400"
	                "00ff0003c00c0010000300000000001918392e31382e34392d31"
	                "7e646562313275332d44656269616ec00c000600030001518000"
	                "23c00c0a686f73746d6173746572c00c00000000000070800000"
	                "1c2000093a8000015180c00c00020003000000000002c00c");
	/* Below an apex: NXDOMAIN. */
	req_start(&q, 0, MESSAGE_F_RD, "foo.version.bind.", RRTYPE_TXT,
	          RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348503000100000001000003666f6f0776657273696f6e0462"
	                "696e640000100003c01000060003000151800023c0100a686f73"
	                "746d6173746572c010000000000000708000001c2000093a8000"
	                "015180");
	/* Not a built-in zone: REFUSED. */
	req_start(&q, 0, MESSAGE_F_RD, "version.server.", RRTYPE_TXT,
	          RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234810500010000000000000776657273696f6e067365727665"
	                "720000100003");
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_CH);
	ask(&q, &cl_udp);
	assert_int_equal(resp[3], 5);
	/* The options' allow-query (the _default view's) covers them. */
	view_default.allow_query = acl_of("10.0.0.0/8");
	req_start(&q, 0, MESSAGE_F_RD, "id.server.", RRTYPE_TXT, RRCLASS_CH);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(
	        ask(&q, &cl_tcp),
	        "12348105000100000000000102696406736572766572000010000300"
	        "002904d0000000000006000f00020012");
	acl_detach(&view_default.allow_query);
	/* HS has no built-in view. */
	req_start(&q, 0, MESSAGE_F_RD, "version.bind.", RRTYPE_TXT, RRCLASS_HS);
	ask(&q, &cl_udp);
	assert_int_equal(resp[3], 5);
	/* version none: NODATA with the SOA. */
	gen.version = NULL;
	req_start(&q, 0, MESSAGE_F_RD, "version.bind.", RRTYPE_TXT, RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234850000010000000100000776657273696f6e0462696e6400"
	                "00100003c00c00060003000151800023c00c0a686f73746d6173"
	                "746572c00c000000000000708000001c2000093a8000015180");
	gen.version = "9.18.49-1~deb12u3-Debian";
	gen.hostname = NULL;
	req_start(&q, 0, MESSAGE_F_RD, "hostname.bind.", RRTYPE_TXT,
	          RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348500000100000001000008686f73746e616d650462696e64"
	                "0000100003c00c00060003000151800023c00c0a686f73746d61"
	                "73746572c00c000000000000708000001c2000093a8000015180");
	gen.hostname = "vm";
}

static void
test_chaos_authors(void **state) {
	(void)state;
	req_t q;
	size_t n;

	/* Over 512-octet UDP named sends the 18 names that fit, TC set. */
	req_start(&q, 0, MESSAGE_F_RD, "authors.bind.", RRTYPE_TXT, RRCLASS_CH);
	n = ask(&q, &cl_udp);
	assert_true(n <= 512 && n > 400);
	assert_int_equal(get16(resp + 2), 0x8700);
	assert_int_equal(get16(resp + 6), 18);
	/* With EDNS (512) named sends TC, the question and the OPT only. */
	req_opt(&q, 512, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348700000100000000000107617574686f72730462696e6400"
	                "0010000300002904d0000000000000");
	req_start(&q, 0, MESSAGE_F_RD, "authors.bind.", RRTYPE_TXT, RRCLASS_CH);
	/* TCP: all 20. */
	n = ask(&q, &cl_tcp);
	assert_int_equal(get16(resp + 2), 0x8500);
	assert_int_equal(get16(resp + 6), 20);
	/* A configured "version" hides them (NODATA). */
	const char *conf = "options { version \"x\"; };";
	conf_tree_t *tree = NULL;
	assert_int_equal(conf_parse_buffer(conf, strlen(conf), "t.conf",
	                                   CONF_GRAMMAR_NAMED, false, &tree,
	                                   NULL, NULL),
	                 R_OK);
	gen.tree = tree;
	n = ask(&q, &cl_udp);
	assert_int_equal(get16(resp + 6), 0);
	assert_int_equal(get16(resp + 8), 1);
	gen.tree = NULL;
	conf_tree_free(&tree);
}

/* The _bind view answers 3 a second per /24 and key over UDP. */
static unsigned
burst(const char *qname, uint16_t qtype, const char *peer, bool tcp,
      unsigned n) {
	struct sockaddr_in p = peer4;
	dispatch_client_t c = tcp ? cl_tcp : cl_udp;
	unsigned answered = 0;
	req_t q;

	inet_pton(AF_INET, peer, &p.sin_addr);
	c.peer = (struct sockaddr *)&p;
	req_start(&q, 0, MESSAGE_F_RD, qname, qtype, RRCLASS_CH);
	for (unsigned i = 0; i < n; i++) {
		if (ask(&q, &c) > 0) {
			answered++;
		}
	}
	return answered;
}

static void
test_chaos_rate_limit(void **state) {
	(void)state;
	unsigned a;

	/* A burst of 10 crosses at most one second boundary. */
	a = burst("version.bind.", RRTYPE_TXT, "192.0.2.1", false, 10);
	assert_true(a >= 3 && a <= 6);
	/* Another /24 has its own count; the same /24 shares it. */
	a = burst("version.bind.", RRTYPE_TXT, "198.51.100.1", false, 2);
	assert_int_equal(a, 2);
	/* Another name is another key; NXDOMAIN counts by zone. */
	a = burst("hostname.bind.", RRTYPE_TXT, "192.0.2.2", false, 2);
	assert_int_equal(a, 2);
	a = burst("a.id.server.", RRTYPE_TXT, "203.0.113.1", false, 5) +
	    burst("b.id.server.", RRTYPE_TXT, "203.0.113.2", false, 5);
	assert_true(a >= 3 && a <= 6);
	/* REFUSED counts per prefix alone. */
	a = burst("x.bind.", RRTYPE_TXT, "203.0.114.1", false, 5) +
	    burst("y.bind.", RRTYPE_TXT, "203.0.114.2", false, 5);
	assert_true(a >= 3 && a <= 6);
	/* TCP is never limited. */
	a = burst("version.bind.", RRTYPE_TXT, "192.0.2.1", true, 10);
	assert_int_equal(a, 10);
}

/* ---- named's other answers: EDE, minimal, EXPIRE, NOTIFY/UPDATE, XFR ---- */

static void
test_ede_prohibited(void **state) {
	(void)state;
	req_t q;

	/* allow-query denial with EDNS: EDE 18 (Prohibited), no text. */
	req_start(&q, 0, MESSAGE_F_RD, "www.denied.test.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(
	        ask(&q, &cl_udp),
	        "123481050001000000000001037777770664656e6965640474657374"
	        "000001000100002904d0000000000006000f00020012");
	/* No view: the same. */
	view_default.match_clients = acl_of("10.0.0.1");
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348105000100000000000103777777076578616d706c6503636f"
	                "6d000001000100002904d0000000000006000f00020012");
	acl_detach(&view_default.match_clients);
	/* Not in any zone: no EDE. */
	req_start(&q, 0, MESSAGE_F_RD, "www.other.org.", RRTYPE_A, RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_int_equal(ask(&q, &cl_udp), 12 + 19 + 11);
}

static void
test_minimal_small_buffer(void **state) {
	(void)state;
	req_t q;
	static const uint16_t sizes[] = {0, 100, 511, 512};

	/* Without RD the view (no-auth-recursive) adds the NS... */
	req_start(&q, 0, 0, "www.example.com.", RRTYPE_A, RRCLASS_IN);
	ask(&q, &cl_udp);
	assert_int_equal(get16(resp + 8), 1);
	req_opt(&q, 1232, 0, false, NULL, 0);
	ask(&q, &cl_udp);
	assert_int_equal(get16(resp + 8), 1);
	/* ...but not for an EDNS buffer of 512 or less. */
	for (size_t i = 0; i < 4; i++) {
		req_start(&q, 0, 0, "www.example.com.", RRTYPE_A, RRCLASS_IN);
		req_opt(&q, sizes[i], 0, false, NULL, 0);
		assert_resp_hex(ask(&q, &cl_udp),
		                "12348400000100010000000103777777076578616d706c"
		                "6503636f6d0000010001c00c000100010000012c0004c0"
		                "00020100002904d0000000000000");
	}
	/* Over TCP the buffer size does not matter. */
	ask(&q, &cl_tcp);
	assert_int_equal(get16(resp + 8), 1);
}

static void
test_expire(void **state) {
	(void)state;
	req_t q;
	static const uint8_t opts[] = {0, 9, 0, 0, 0, 11, 0, 0};

	req_start(&q, 0, MESSAGE_F_RD, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	req_opt(&q, 1232, 0, false, opts, sizeof(opts));
	assert_resp_hex(ask(&q, &cl_tcp),
	                "123485000001000100000001076578616d706c6503636f6d000006"
	                "0001c00c000600010000012c0027036e7331c00c0a686f73746d61"
	                "73746572c00c0000000100000e100000038400093a800000003c00"
	                "002904d000000000000e0009000400093a80000b0002012c");
	/* Not at the apex, or not SOA: no EXPIRE. */
	req_start(&q, 0, MESSAGE_F_RD, "example.com.", RRTYPE_NS, RRCLASS_IN);
	req_opt(&q, 1232, 0, false, opts, 4);
	size_t n = ask(&q, &cl_udp);
	assert_memory_equal(resp + n - 11,
	                    "\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00", 11);
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_SOA,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, opts, 4);
	n = ask(&q, &cl_udp);
	assert_memory_equal(resp + n - 11,
	                    "\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00", 11);
}

static void
test_notify_update(void **state) {
	(void)state;
	req_t q;

	/* NOTIFY for a primary zone: acknowledged with AA. */
	req_start(&q, 4, MESSAGE_F_AA, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234a4000001000000000000076578616d706c6503636f6d000006"
	                "0001");
	/* Not a zone apex: NOTAUTH; not SOA: FORMERR. */
	req_start(&q, 4, MESSAGE_F_AA, "www.example.com.", RRTYPE_SOA,
	          RRCLASS_IN);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234a009000100000000000003777777076578616d706c6503636f"
	                "6d0000060001");
	req_start(&q, 4, MESSAGE_F_AA, "example.com.", RRTYPE_A, RRCLASS_IN);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234a0010001000000000000076578616d706c6503636f6d000001"
	                "0001");
	/* The built-in CHAOS view implements neither. */
	req_start(&q, 4, 0, "version.bind.", RRTYPE_SOA, RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234a00400010000000000000776657273696f6e0462696e6400"
	                "00060003");
	/* UPDATE: refused (no allow-update), NOTAUTH elsewhere. */
	req_start(&q, 5, 0, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234a8050001000000000000076578616d706c6503636f6d000006"
	                "0001");
	req_start(&q, 5, 0, "other.org.", RRTYPE_SOA, RRCLASS_IN);
	assert_resp_hex(
	        ask(&q, &cl_udp),
	        "1234a8090001000000000000056f74686572036f72670000060001");
}

static void
test_xfr(void **state) {
	(void)state;
	req_t q;

	/* Over UDP at an apex: FORMERR; below one: NOTAUTH. */
	req_start(&q, 0, MESSAGE_F_RD, "example.com.", RRTYPE_AXFR, RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "123481010001000000000001076578616d706c6503636f6d0000fc"
	                "000100002904d0000000000000");
	req_start(&q, 0, MESSAGE_F_RD, "example.com.", RRTYPE_IXFR, RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "123481010001000000000001076578616d706c6503636f6d0000fb"
	                "000100002904d0000000000000");
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_AXFR,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_tcp),
	                "12348109000100000000000103777777076578616d706c6503636f"
	                "6d0000fc000100002904d0000000000000");
	/* IXFR over TCP: FORMERR without the client's SOA in authority;
	 * with it the transfer would start (REFUSED until xfer-out). */
	req_start(&q, 0, 0, "example.com.", RRTYPE_IXFR, RRCLASS_IN);
	ask(&q, &cl_tcp);
	assert_int_equal(resp[3], 1);
	q.b[9] = 1; /* nscount */
	putname(&q, "example.com.");
	put16(&q, RRTYPE_SOA);
	put16(&q, RRCLASS_IN);
	put16(&q, 0);
	put16(&q, 300);
	put16(&q, 22);
	put8(&q, 0);
	put8(&q, 0);
	for (int i = 0; i < 20; i++) {
		put8(&q, 0);
	}
	ask(&q, &cl_tcp);
	assert_int_equal(resp[3], 5);
	/* AXFR over TCP at the apex: REFUSED until xfer-out exists. */
	req_start(&q, 0, 0, "example.com.", RRTYPE_AXFR, RRCLASS_IN);
	ask(&q, &cl_tcp);
	assert_int_equal(resp[3], 5);
}

static void
test_chaos_authority(void **state) {
	(void)state;
	req_t q;

	/* Without RD the _bind view (no-auth-recursive) adds its NS. */
	req_start(&q, 0, 0, "version.bind.", RRTYPE_TXT, RRCLASS_CH);
	assert_resp_hex(
	        ask(&q, &cl_tcp),
	        "1234840000010001000100000776657273696f6e0462696e640000"
	        "100003c00c0010000300000000001918392e31382e34392d317e64"
	        "6562313275332d44656269616ec00c00020003000000000002c00c");
	req_start(&q, 0, 0, "version.bind.", RRTYPE_SOA, RRCLASS_CH);
	assert_resp_hex(ask(&q, &cl_tcp),
	                "1234840000010001000100000776657273696f6e0462696e640000"
	                "060003c00c00060003000151800023c00c0a686f73746d61737465"
	                "72c00c000000000000708000001c2000093a8000015180c00c0002"
	                "0003000000000002c00c");
	/* A small EDNS buffer: minimal. */
	req_start(&q, 0, 0, "version.bind.", RRTYPE_TXT, RRCLASS_CH);
	req_opt(&q, 512, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234840000010001000000010776657273696f6e0462696e640000"
	                "100003c00c0010000300000000001918392e31382e34392d317e64"
	                "6562313275332d44656269616e00002904d0000000000000");
	/* minimal-responses no in options: NS even with RD; yes: never. */
	const char *confs[] = {"options { minimal-responses no; };",
	                       "options { minimal-responses yes; };",
	                       "options { minimal-responses no-auth; };"};
	const uint16_t want_ns[] = {1, 0, 0};
	for (size_t i = 0; i < 3; i++) {
		conf_tree_t *tree = NULL;
		assert_int_equal(conf_parse_buffer(confs[i], strlen(confs[i]),
		                                   "t.conf", CONF_GRAMMAR_NAMED,
		                                   false, &tree, NULL, NULL),
		                 R_OK);
		gen.tree = tree;
		req_start(&q, 0, MESSAGE_F_RD, "hostname.bind.", RRTYPE_TXT,
		          RRCLASS_CH);
		ask(&q, &cl_tcp);
		assert_int_equal(get16(resp + 8), want_ns[i]);
		gen.tree = NULL;
		conf_tree_free(&tree);
	}
}

/* Forward zones are not in named's zone table; static-stub zones only
 * serve recursion. */
static void
test_zone_types(void **state) {
	(void)state;
	srv_zone_t fwd_below, fwd_alone, sstub;
	req_t q;

	memset(&fwd_below, 0, sizeof(fwd_below));
	fwd_below.origin = mk("fwd.example.com.");
	fwd_below.type = CFG_ZONE_FORWARD;
	fwd_alone = fwd_below;
	fwd_alone.origin = mk("fwd.test.");
	sstub = fwd_below;
	sstub.origin = mk("ss.test.");
	sstub.type = CFG_ZONE_STATICSTUB;
	assert_int_equal(zonetable_add(view_default.zones, &fwd_below.origin,
	                               &fwd_below),
	                 R_OK);
	assert_int_equal(zonetable_add(view_default.zones, &fwd_alone.origin,
	                               &fwd_alone),
	                 R_OK);
	assert_int_equal(zonetable_add(view_default.zones, &sstub.origin,
	                               &sstub),
	                 R_OK);

	/* Under example.com: the zone above answers (NXDOMAIN, named's
	 * octets). */
	req_start(&q, 0, MESSAGE_F_RD, "www.fwd.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234850300010000000100010377777703667764076578616d706c"
	                "6503636f6d0000010001076578616d706c6503636f6d0000060001"
	                "0000003c0027036e7331c0250a686f73746d6173746572c0250000"
	                "000100000e100000038400093a800000003c00002904d000000000"
	                "0000");
	/* Alone, or static-stub: REFUSED. */
	req_start(&q, 0, MESSAGE_F_RD, "www.fwd.test.", RRTYPE_A, RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "12348105000100000000000103777777036677640474657374000001"
	                "000100002904d0000000000000");
	req_start(&q, 0, MESSAGE_F_RD, "ss.test.", RRTYPE_NS, RRCLASS_IN);
	req_opt(&q, 1232, 0, false, NULL, 0);
	assert_resp_hex(ask(&q, &cl_udp),
	                "1234810500010000000000010273730474657374000002000100002904"
	                "d0000000000000");
	/* NOTIFY for the forward zone: not one of ours. */
	req_start(&q, 4, 0, "fwd.test.", RRTYPE_SOA, RRCLASS_IN);
	ask(&q, &cl_udp);
	assert_int_equal(resp[3] & 0xf, 9);

	assert_int_equal(zonetable_remove(view_default.zones, &fwd_below.origin,
	                                  NULL),
	                 R_OK);
	assert_int_equal(zonetable_remove(view_default.zones, &fwd_alone.origin,
	                                  NULL),
	                 R_OK);
	assert_int_equal(zonetable_remove(view_default.zones, &sstub.origin,
	                                  NULL),
	                 R_OK);
}

/* ---- views ---- */

static void
test_views(void **state) {
	(void)state;
	srv_view_t internal, external, chaosview;
	srv_view_t *vs[3] = {&internal, &external, &chaosview};
	req_t q;

	internal = view_default;
	internal.name = "internal";
	internal.match_clients = acl_of("10.1.1.1");
	external = view_default;
	external.name = "ext";
	external.match_clients = acl_of("127.0.0.1");
	external.match_destinations = acl_of("127.0.0.1");
	gen.views = vs;
	gen.nviews = 2;

	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	ask(&q, &cl_udp);
	assert_int_equal(get16(resp + 2), 0x8500);
	/* match-destinations refuses 127.0.0.2: no view left. */
	struct sockaddr_in l2 = local4;
	inet_pton(AF_INET, "127.0.0.2", &l2.sin_addr);
	dispatch_client_t c2 = cl_udp;
	c2.local = (struct sockaddr *)&l2;
	assert_resp_hex(ask(&q, &c2),
	                "12348105000100000000000003777777076578616d706c650363"
	                "6f6d0000010001");
	/* IPv6 client matches neither. */
	c2 = cl_udp;
	c2.peer = (struct sockaddr *)&peer6;
	ask(&q, &c2);
	assert_int_equal(resp[3], 5);
	/* match-recursive-only: needs RD and recursion. */
	external.match_recursive_only = true;
	ask(&q, &cl_udp);
	assert_int_equal(resp[3], 5);
	external.recursion = true;
	ask(&q, &cl_udp);
	assert_int_equal(resp[3], 0);
	req_start(&q, 0, 0, "www.example.com.", RRTYPE_A, RRCLASS_IN);
	ask(&q, &cl_udp);
	assert_int_equal(resp[3], 5);
	external.match_recursive_only = false;
	/* A view of class CH replaces the built-in one. */
	chaosview = view_default;
	chaosview.name = "ch";
	chaosview.rclass = RRCLASS_CH;
	chaosview.match_clients = acl_of("10.9.9.9");
	gen.nviews = 3;
	req_start(&q, 0, MESSAGE_F_RD, "version.bind.", RRTYPE_TXT, RRCLASS_CH);
	/* (TCP: no rate limit to count with.) */
	ask(&q, &cl_tcp);
	assert_int_equal(resp[3], 5);
	gen.nviews = 2;
	ask(&q, &cl_tcp);
	assert_int_equal(resp[3], 0);

	acl_detach(&internal.match_clients);
	acl_detach(&external.match_clients);
	acl_detach(&external.match_destinations);
	acl_detach(&chaosview.match_clients);
	gen.views = views_default;
	gen.nviews = 1;
}

/* ---- TSIG ---- */

static void
test_tsig_badkey(void **state) {
	(void)state;
	req_t q;
	size_t n, at;

	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	putname(&q, "unknown.key.");
	put16(&q, RRTYPE_TSIG);
	put16(&q, RRCLASS_ANY);
	put16(&q, 0);
	put16(&q, 0);
	name_t alg = mk("hmac-sha256.");
	put16(&q, (uint16_t)(alg.length + 16 + 32));
	putname(&q, "hmac-sha256.");
	for (int i = 0; i < 6; i++) {
		put8(&q, 0);
	}
	put16(&q, 300);
	put16(&q, 32);
	for (int i = 0; i < 32; i++) {
		put8(&q, 0xaa);
	}
	put16(&q, 0x1234);
	put16(&q, 0);
	put16(&q, 0);
	bump_ar(&q);
	n = ask(&q, &cl_udp);
	/* named: 1234 8109 0001 0000 0000 0001, question, then
	 * 07756e6b6e6f776e036b657900 00fa 00ff 00000000 001d
	 * 0b686d61632d73686132353600 <time 6> 012c 0000 1234 0011 0000 */
	at = 12 + 21;
	assert_int_equal(n, at + 13 + 10 + 29);
	assert_memory_equal(
	        resp, "\x12\x34\x81\x09\x00\x01\x00\x00\x00\x00\x00\x01", 12);
	assert_memory_equal(resp + at,
	                    "\x07unknown\x03key\x00\x00\xfa\x00\xff\x00\x00\x00"
	                    "\x00\x00\x1d\x0bhmac-sha256\x00",
	                    36);
	assert_memory_equal(resp + at + 42,
	                    "\x01\x2c\x00\x00\x12\x34\x00\x11\x00\x00", 10);
	uint64_t t = ((uint64_t)get16(resp + at + 36) << 32) |
	             ((uint64_t)get16(resp + at + 38) << 16) |
	             get16(resp + at + 40);
	assert_true(t + 5 >= (uint64_t)time(NULL) && t <= (uint64_t)time(NULL));
	/* No view takes it: REFUSED, still with the BADKEY record. */
	view_default.match_clients = acl_of("10.0.0.1");
	n = ask(&q, &cl_udp);
	acl_detach(&view_default.match_clients);
	assert_int_equal(n, at + 13 + 10 + 29);
	assert_memory_equal(
	        resp, "\x12\x34\x81\x05\x00\x01\x00\x00\x00\x00\x00\x01", 12);
	assert_memory_equal(resp + at + 42,
	                    "\x01\x2c\x00\x00\x12\x34\x00\x11\x00\x00", 10);
}

/* ---- query log lines ---- */

static void
test_querylog(void **state) {
	(void)state;
	char line[QUERYLOG_LINE_MAX], want[512];
	name_t qn = mk("www.example.com.");
	const void *id = (const void *)0x7fe072ee2098;
	querylog_info_t qi = {
	        .id = id,
	        .peer = (struct sockaddr *)&peer4,
	        .local = (struct sockaddr *)&local4,
	        .qname = &qn,
	        .qtype = RRTYPE_A,
	        .qclass = RRCLASS_IN,
	        .view = "_default",
	        .rd = true,
	        .edns_version = -1,
	};

	querylog_format_query(&qi, line, sizeof(line));
	assert_string_equal(line, "client @0x7fe072ee2098 127.0.0.1#49649 "
	                          "(www.example.com): query: www.example.com "
	                          "IN A + (127.0.0.1)");
	qi.edns_version = 0;
	qi.cookie_sent = true;
	querylog_format_query(&qi, line, sizeof(line));
	assert_string_equal(line, "client @0x7fe072ee2098 127.0.0.1#49649 "
	                          "(www.example.com): query: www.example.com "
	                          "IN A +E(0)K (127.0.0.1)");
	qi.tcp = true;
	qi.cookie_valid = true;
	querylog_format_query(&qi, line, sizeof(line));
	assert_string_equal(line, "client @0x7fe072ee2098 127.0.0.1#49649 "
	                          "(www.example.com): query: www.example.com "
	                          "IN A +E(0)TV (127.0.0.1)");
	qi.tcp = false;
	qi.cookie_valid = qi.cookie_sent = false;
	qi.dnssec_ok = qi.cd = true;
	qi.is_signed = true;
	qi.rd = false;
	qi.view = "ext";
	qi.qtype = 65000;
	qi.qclass = RRCLASS_CH;
	querylog_format_query(&qi, line, sizeof(line));
	assert_string_equal(line, "client @0x7fe072ee2098 127.0.0.1#49649 "
	                          "(www.example.com): view ext: query: "
	                          "www.example.com CH TYPE65000 -SE(0)DC "
	                          "(127.0.0.1)");
	/* Root, IPv6, no question, _bind hidden. */
	name_t root = mk(".");
	qi.qname = &root;
	qi.view = "_bind";
	qi.peer = (struct sockaddr *)&peer6;
	qi.edns_version = -1;
	qi.dnssec_ok = qi.cd = qi.is_signed = false;
	qi.rd = true;
	qi.qtype = RRTYPE_NS;
	qi.qclass = RRCLASS_IN;
	querylog_format_query(&qi, line, sizeof(line));
	assert_string_equal(line, "client @0x7fe072ee2098 2001:db8::1#5353 "
	                          "(.): query: . IN NS + (127.0.0.1)");
	/* EDNS Client Subnet, as named 9.18 appends it. */
	static const uint8_t ecs4[] = {0, 1, 24, 0, 192, 0, 2};
	static const uint8_t ecs6[] = {0, 2, 48, 0, 0x20, 0x01, 0x0d, 0xb8,
	                               0, 1};
	qi.ecs = ecs4;
	qi.ecslen = sizeof(ecs4);
	querylog_format_query(&qi, line, sizeof(line));
	assert_string_equal(line, "client @0x7fe072ee2098 2001:db8::1#5353 "
	                          "(.): query: . IN NS + (127.0.0.1) "
	                          "[ECS 192.0.2.0/24/0]");
	qi.ecs = ecs6;
	qi.ecslen = sizeof(ecs6);
	querylog_format_query(&qi, line, sizeof(line));
	assert_string_equal(line, "client @0x7fe072ee2098 2001:db8::1#5353 "
	                          "(.): query: . IN NS + (127.0.0.1) "
	                          "[ECS 2001:db8:1::/48/0]");
	qi.ecs = NULL;
	qi.ecslen = 0;
	qi.qname = NULL;
	qi.view = NULL;
	querylog_format_prefix(&qi, line, sizeof(line));
	assert_string_equal(line, "client @0x7fe072ee2098 2001:db8::1#5353: ");
	/* Cut at the buffer's end, NUL-terminated. */
	assert_int_equal(querylog_format_prefix(&qi, line, 10), 9);
	assert_string_equal(line, "client @0");
	snprintf(want, sizeof(want), "127.0.0.1");
	querylog_format_peer((struct sockaddr *)&local4, false, line,
	                     sizeof(line));
	assert_string_equal(line, want);
	struct sockaddr unix_sa = {.sa_family = AF_UNIX};
	querylog_format_peer(&unix_sa, true, line, sizeof(line));
	assert_string_equal(line, "<unknown>");
	/* fail2ban's named-refused failregex (its 1.x form, which skips
	 * named's "@0x..." client address), in POSIX ERE: the denial line
	 * dispatch writes must match, with the host captured. */
	regex_t re;
	regmatch_t mt[3];
	assert_int_equal(
	        regcomp(&re,
	                "client (@[^ ]* *)?([^ #]+)#[^ ]+( \\([^ ]+\\))?: "
	                "(view (internal|external): )?query( \\(cache\\))? "
	                "'.*' denied[ ]*$",
	                REG_EXTENDED),
	        0);
	qi.qname = &qn;
	qi.peer = (struct sockaddr *)&peer4;
	qi.view = "internal";
	querylog_format_prefix(&qi, line, sizeof(line));
	strcat(line, "query 'www.example.com/A/IN' denied");
	assert_int_equal(regexec(&re, line, 3, mt, 0), 0);
	assert_int_equal(mt[2].rm_eo - mt[2].rm_so, 9);
	assert_memory_equal(line + mt[2].rm_so, "127.0.0.1", 9);
	regfree(&re);
	querylog_client(&qi, LOG_CAT_SECURITY, LOG_SEV_INFO,
	                "query '%s' denied", "www.example.com/A/IN");
}

/*
 * The real path: a generation built by server_gen_build() from a
 * named.conf, published, answered through dispatch_request().
 */
static void
test_from_named_conf(void **state) {
	(void)state;
	char dir[64], path[128], conf[2048];
	FILE *f;
	srv_gen_t *g = NULL, *old = NULL;
	req_t q;
	size_t n;

	snprintf(dir, sizeof(dir), "/tmp/dispatch_conf.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ex.db", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(zone_text, f);
	fclose(f);
	snprintf(conf, sizeof(conf),
	         "options {\n"
	         "\tdirectory \"%s\";\n"
	         "\tlisten-on port 15499 { 127.0.0.1; };\n"
	         "\tlisten-on-v6 { none; };\n"
	         "\trecursion no;\n"
	         "\tdnssec-validation no;\n"
	         "\tnotify explicit;\n"
	         "\tpid-file none;\n"
	         "\tserver-id \"gen.test\";\n"
	         "\tversion none;\n"
	         "\tcookie-secret \"000102030405060708090a0b0c0d0e0f\";\n"
	         "\tmax-udp-size 4096;\n"
	         "\tedns-udp-size 4096;\n"
	         "};\n"
	         "controls { };\n"
	         "view \"inside\" {\n"
	         "\tmatch-clients { 10.0.0.0/8; };\n"
	         "\tzone \"example.com\" { type primary; file \"ex.db\"; };\n"
	         "};\n"
	         "view \"outside\" {\n"
	         "\tallow-query { 127.0.0.1; };\n"
	         "\tzone \"example.com\" { type primary; file \"ex.db\"; };\n"
	         "\tzone \"closed.test\" { type primary; file \"ex.db\";\n"
	         "\t\tallow-query { none; }; };\n"
	         "};\n",
	         dir);
	snprintf(path, sizeof(path), "%s/named.conf", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(conf, f);
	fclose(f);
	srv_params_t params = {.port = 15499, .family = AF_INET, .threads = 1};
	assert_int_equal(server_gen_build(path, &params, NULL, &g), R_OK);
	server_publish(g, &old);
	assert_null(old);

	/* NSID from server-id, our size 4096, the configured secret. */
	static const uint8_t opts[] = {0, 3, 0, 0, 0, 10, 0, 8,
	                               9, 8, 7, 6, 5, 4,  3, 2};
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	req_opt(&q, 4096, 0, false, opts, sizeof(opts));
	n = dispatch_request(q.b, q.len, &cl_udp, resp, sizeof(resp));
	assert_int_equal(n, 12 + 21 + 16 + 11 + 12 + 28);
	assert_int_equal(get16(resp + 2), 0x8500);
	assert_int_equal(get16(resp + 49 + 3), 4096);
	assert_memory_equal(resp + 60, "\x00\x03\x00\x08gen.test", 12);
	assert_true(cookie_check(gen.cookie_secret, 16, resp + 76, 24,
	                         (uint32_t)time(NULL), cl_udp.peer));
	/* version none: NODATA. */
	req_start(&q, 0, MESSAGE_F_RD, "version.bind.", RRTYPE_TXT, RRCLASS_CH);
	n = dispatch_request(q.b, q.len, &cl_tcp, resp, sizeof(resp));
	assert_int_equal(get16(resp + 2), 0x8500);
	assert_int_equal(get16(resp + 6), 0);
	assert_int_equal(get16(resp + 8), 1);
	/* The zone's allow-query, the view's allow-query. */
	req_start(&q, 0, MESSAGE_F_RD, "closed.test.", RRTYPE_SOA, RRCLASS_IN);
	dispatch_request(q.b, q.len, &cl_udp, resp, sizeof(resp));
	assert_int_equal(get16(resp + 2), 0x8105);
	struct sockaddr_in p2 = peer4;
	inet_pton(AF_INET, "127.0.0.2", &p2.sin_addr);
	dispatch_client_t c2 = cl_udp;
	c2.peer = (struct sockaddr *)&p2;
	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	dispatch_request(q.b, q.len, &c2, resp, sizeof(resp));
	assert_int_equal(get16(resp + 2), 0x8105);
	/* The first view takes 10/8. */
	inet_pton(AF_INET, "10.1.2.3", &p2.sin_addr);
	dispatch_request(q.b, q.len, &c2, resp, sizeof(resp));
	assert_int_equal(get16(resp + 2), 0x8500);

	unlink(path);
	snprintf(path, sizeof(path), "%s/ex.db", dir);
	unlink(path);
	rmdir(dir);
	/* The generation stays published until the process ends. */
}

/* dispatch_request() reads the published generation; with none it
 * answers nothing. */
static void
test_no_generation(void **state) {
	(void)state;
	req_t q;

	req_start(&q, 0, MESSAGE_F_RD, "www.example.com.", RRTYPE_A,
	          RRCLASS_IN);
	zonetable_read_begin();
	bool none = server_current() == NULL;
	zonetable_read_end();
	if (none) {
		assert_int_equal(dispatch_request(q.b, q.len, &cl_udp, resp,
		                                  sizeof(resp)),
		                 0);
	}
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_drop_and_formerr),
	        cmocka_unit_test(test_blackhole),
	        cmocka_unit_test(test_plain),
	        cmocka_unit_test(test_refused),
	        cmocka_unit_test(test_opcodes),
	        cmocka_unit_test(test_questions),
	        cmocka_unit_test(test_classes),
	        cmocka_unit_test(test_meta_types),
	        cmocka_unit_test(test_badvers),
	        cmocka_unit_test(test_edns_options),
	        cmocka_unit_test(test_cookie_answers),
	        cmocka_unit_test(test_cookie_vector),
	        cmocka_unit_test(test_udp_sizes),
	        cmocka_unit_test(test_chaos),
	        cmocka_unit_test(test_chaos_authors),
	        cmocka_unit_test(test_chaos_rate_limit),
	        cmocka_unit_test(test_ede_prohibited),
	        cmocka_unit_test(test_minimal_small_buffer),
	        cmocka_unit_test(test_expire),
	        cmocka_unit_test(test_notify_update),
	        cmocka_unit_test(test_xfr),
	        cmocka_unit_test(test_chaos_authority),
	        cmocka_unit_test(test_zone_types),
	        cmocka_unit_test(test_views),
	        cmocka_unit_test(test_tsig_badkey),
	        cmocka_unit_test(test_querylog),
	        cmocka_unit_test(test_no_generation),
	        cmocka_unit_test(test_from_named_conf),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
