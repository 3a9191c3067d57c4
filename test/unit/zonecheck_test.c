/* zonecheck_test.c - unit tests for BIND's zone checks (zones/zonecheck.c).
 * Zones are written as master-file text and loaded with the real reader,
 * so each case reads like the zone file a user would check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "zones/master.h"
#include "zones/name.h"
#include "zones/rdata.h"
#include "zones/zone.h"
#include "zones/zonecheck.h"

static char logbuf[16384];
static size_t loglen;
static int nerrors;

static void
log_cb(void *arg, int level, const char *file, unsigned line,
       const char *msg) {
	char buf[2048];
	if ((level & MASTER_LOG_LEVELMASK) == MASTER_LOG_ERROR) {
		nerrors++;
	}
	if (file == NULL) {
		snprintf(buf, sizeof(buf), "zone: %s\n", msg);
	} else {
		master_log_format(buf, sizeof(buf) - 1, level, file, line, msg);
		strcat(buf, "\n");
	}
	size_t n = strlen(buf);
	if (loglen + n < sizeof(logbuf)) {
		memcpy(logbuf + loglen, buf, n + 1);
		loglen += n;
	}
}

typedef struct ctx {
	zonecheck_opts_t *o;
	zone_t *z;
	name_t origin;
	result_t rr_result; /* first non-OK from zonecheck_rr */
	int skipped;
} ctx_t;

static result_t
rr_cb(void *arg, const master_rr_t *rr) {
	ctx_t *c = arg;
	result_t r = zonecheck_rr(c->o, &c->origin, rr);
	if (r == R_NOTZONETOP) {
		c->skipped++;
		return R_OK;
	}
	if (r != R_OK) {
		if (c->rr_result == R_OK) {
			c->rr_result = r;
		}
		return R_OK;
	}
	zone_add_info_t info;
	if (zone_add(c->z, rr, &info) == R_OK) {
		r = zonecheck_max_ttl(c->o, rr,
				      info.ttl_changed ? info.prior_ttl
						       : rr->ttl);
		if (r != R_OK && c->rr_result == R_OK) {
			c->rr_result = r;
		}
	}
	return R_OK;
}

static void
reset_log(void) {
	logbuf[0] = '\0';
	loglen = 0;
	nerrors = 0;
}

/* Loads text as zone "example", runs the per-RR checks; returns the zone
 * finished (caller destroys). */
static zone_t *
load(ctx_t *c, zonecheck_opts_t *o, const char *text) {
	reset_log();
	memset(c, 0, sizeof(*c));
	c->o = o;
	o->log = log_cb;
	o->arg = NULL;
	assert_int_equal(name_fromtext(&c->origin, "example.", 8, NULL), R_OK);
	assert_int_equal(zone_create(&c->origin, RRCLASS_IN, &c->z), R_OK);
	master_opts_t mo = {.origin = &c->origin,
			    .rclass = RRCLASS_IN,
			    .flags = MASTER_MANYERRORS,
			    .rr = rr_cb,
			    .log = log_cb,
			    .arg = c};
	assert_int_equal(master_load_buffer(text, strlen(text), "t.db", &mo),
			 R_OK);
	assert_int_equal(zone_finish(c->z), R_OK);
	return c->z;
}

#define HEAD                                   \
	"$TTL 300\n"                           \
	"@ SOA ns hostmaster 7 3600 1200 604800 1200\n"

static void
test_defaults(void **state) {
	zonecheck_opts_t o;
	zonecheck_defaults(&o, false);
	assert_int_equal(o.names, ZC_WARN);
	assert_int_equal(o.ns, ZC_WARN);
	assert_true(o.integrity);
	zonecheck_defaults(&o, true);
	assert_int_equal(o.names, ZC_FAIL);
	assert_int_equal(o.ns, ZC_FAIL);
	assert_int_equal(o.mx, ZC_WARN);
	assert_int_equal(o.mx_cname, ZC_WARN);
}

static void
test_good_zone(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	uint32_t serial = 0;
	zonecheck_defaults(&o, false);
	zone_t *z = load(&c, &o,
			 HEAD "@ NS ns\n@ MX 10 mail\nns A 192.0.2.1\n"
			      "mail AAAA 2001:db8::1\n"
			      "_sip._tcp SRV 0 0 5060 ns\n");
	assert_int_equal(zonecheck_zone(&o, z, &serial), R_OK);
	assert_int_equal(serial, 7);
	assert_int_equal(nerrors, 0);
	assert_string_equal(logbuf, "");
	assert_false(zonecheck_is_secure(z));
	zone_destroy(z);
}

static void
test_soa_and_ns_missing(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	zonecheck_defaults(&o, false);
	zone_t *z = load(&c, &o, "$TTL 300\n@ NS ns\nns A 192.0.2.1\n");
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_BADZONE);
	assert_non_null(strstr(logbuf, "zone: has 0 SOA records\n"));
	zone_destroy(z);

	z = load(&c, &o, HEAD "ns A 192.0.2.1\n");
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_BADZONE);
	assert_non_null(strstr(logbuf, "zone: has no NS records\n"));
	zone_destroy(z);

	/* Both are reported when both are missing. */
	z = load(&c, &o, "$TTL 300\nns A 192.0.2.1\n");
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_BADZONE);
	assert_non_null(strstr(logbuf, "zone: has 0 SOA records\nzone: has no "
				       "NS records\n"));
	zone_destroy(z);
}

static void
test_apex_ns_targets(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	zonecheck_defaults(&o, false);
	o.integrity = false; /* apex NS checks do not depend on -i */
	zone_t *z = load(&c, &o,
			 HEAD "@ NS ns\n@ NS ns3\n@ NS cn\n@ NS x.dn\n"
			      "@ NS ns.other.\n"
			      "cn CNAME ns\nns A 1.2.3.4\ndn DNAME foo.\n");
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_BADZONE);
	assert_non_null(strstr(logbuf, "zone: NS 'cn.example' is a CNAME "
				       "(illegal)\n"));
	assert_non_null(strstr(logbuf, "zone: NS 'ns3.example' has no "
				       "address records (A or AAAA)\n"));
	assert_non_null(strstr(logbuf, "zone: NS 'x.dn.example' is below a "
				       "DNAME 'dn.example' (illegal)\n"));
	/* Out-of-zone targets are never looked up. */
	assert_null(strstr(logbuf, "ns.other"));
	zone_destroy(z);
}

static void
test_mx_srv_targets(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	const char *text = HEAD "@ NS ns\n@ MX 1 nomx\n@ MX 2 cn\n"
				"_s._tcp SRV 1 1 1 cn\n_t._tcp SRV 1 1 1 nosrv\n"
				"_u._tcp SRV 0 0 0 .\n"
				"cn CNAME ns\nns A 1.2.3.4\n";
	zonecheck_defaults(&o, false);
	zone_t *z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_non_null(strstr(logbuf, "zone: example/MX 'nomx.example' has "
				       "no address records (A or AAAA)\n"));
	assert_non_null(strstr(logbuf, "zone: example/MX 'cn.example' is a "
				       "CNAME (illegal)\n"));
	assert_non_null(strstr(logbuf, "zone: _s._tcp.example/SRV "
				       "'cn.example' is a CNAME (illegal)\n"));
	assert_non_null(strstr(logbuf, "zone: _t._tcp.example/SRV "
				       "'nosrv.example' has no address"));
	assert_null(strstr(logbuf, "_u._tcp"));
	zone_destroy(z);

	o.mx_cname = ZC_FAIL;
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_BADZONE);
	zone_destroy(z);

	zonecheck_defaults(&o, false);
	o.mx_cname = ZC_IGNORE;
	o.srv_cname = ZC_IGNORE;
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_null(strstr(logbuf, "CNAME"));
	zone_destroy(z);

	zonecheck_defaults(&o, false);
	o.mx = ZC_FAIL; /* makes "no address records" for MX fatal */
	o.mx_cname = ZC_IGNORE;
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_BADZONE);
	zone_destroy(z);

	zonecheck_defaults(&o, false);
	o.integrity = false;
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_null(strstr(logbuf, "MX"));
	zone_destroy(z);
}

static void
test_glue(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	const char *text = HEAD "@ NS ns\nns A 1.2.3.4\n"
				"sub NS ns.sub\nsub NS ns2.sub\nsub NS ns.sub2\n"
				"ns2.sub AAAA ::1\n"
				"sub2 NS ns.other.\n"
				"www.sub A 1.1.1.1\n" /* occluded: not checked */
				"mx.sub MX 1 nothere\n";
	zonecheck_defaults(&o, false);
	zone_t *z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_non_null(strstr(logbuf, "zone: sub.example/NS 'ns.sub.example' "
				       "has no REQUIRED GLUE address records "
				       "(A or AAAA)\n"));
	assert_null(strstr(logbuf, "ns2.sub.example"));
	assert_non_null(strstr(logbuf, "zone: sub.example/NS "
				       "'ns.sub2.example' has no SIBLING GLUE "
				       "address records (A or AAAA)\n"));
	assert_null(strstr(logbuf, "nothere"));
	zone_destroy(z);

	o.sibling = false; /* -i local-sibling */
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_null(strstr(logbuf, "SIBLING"));
	assert_non_null(strstr(logbuf, "REQUIRED GLUE"));
	zone_destroy(z);
}

static void
test_wildcard_and_empty_nonterminal(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	zonecheck_defaults(&o, false);
	zone_t *z = load(&c, &o,
			 HEAD "@ NS ns\nns A 1.2.3.4\n*.w A 1.1.1.1\n"
			      "@ MX 1 host.w\n@ MX 2 a.b.c\nx.b.c A 1.1.1.1\n");
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	/* host.w matches the wildcard. */
	assert_null(strstr(logbuf, "host.w"));
	assert_non_null(strstr(logbuf, "'a.b.c.example' has no address"));
	zone_destroy(z);
}

static void
test_rr_checks(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	zonecheck_defaults(&o, false);
	zone_t *z = load(&c, &o,
			 HEAD "@ NS ns\nns A 1.2.3.4\n"
			      "www.other. A 1.2.3.4\n"
			      "bad_name A 1.2.3.4\n"
			      "gc._msdcs A 1.2.3.5\n"
			      "a._spf A 1.2.3.5\n"
			      "host MX 10 bad_target\n"
			      "x.*.wild A 1.2.3.4\n"
			      "@ MX 10 1.2.3.4\n"
			      "@ NS 10.0.0.1\n");
	assert_int_equal(c.skipped, 1);
	assert_int_equal(c.rr_result, R_OK);
	assert_non_null(strstr(logbuf, "t.db:5: ignoring out-of-zone data "
				       "(www.other)\n"));
	assert_non_null(strstr(logbuf, "t.db:6: bad_name.example: bad owner "
				       "name (check-names)\n"));
	assert_null(strstr(logbuf, "gc._msdcs"));
	assert_null(strstr(logbuf, "_spf"));
	assert_non_null(strstr(logbuf, "t.db:9: warning: bad_target.example: "
				       "bad name (check-names)\n"));
	assert_non_null(strstr(logbuf, "t.db:10: warning: ownername "
				       "'x.*.wild.example' contains an "
				       "non-terminal wildcard\n"));
	assert_non_null(strstr(logbuf, "t.db:11: warning: '1.2.3.4': MX is "
				       "an address\n"));
	assert_non_null(strstr(logbuf, "t.db:12: NS record '10.0.0.1' appears "
				       "to be an address\n"));
	zone_destroy(z);

	/* The same in named-compilezone's strict modes. */
	zonecheck_defaults(&o, true);
	z = load(&c, &o, HEAD "@ NS ns\nns A 1.2.3.4\nhost MX 10 bad_target\n");
	assert_int_equal(c.rr_result, R_BADNAME);
	assert_non_null(strstr(logbuf, "dns_rdata_fromtext: t.db:5: near "
				       "'bad_target': bad name "
				       "(check-names)\n"));
	zone_destroy(z);
	z = load(&c, &o, HEAD "@ NS ns\nns A 1.2.3.4\n@ NS 10.0.0.1\n");
	assert_int_equal(c.rr_result, R_NSISADDRESS);
	zone_destroy(z);

	/* -k ignore silences check-names. */
	o.names = ZC_IGNORE;
	z = load(&c, &o, HEAD "bad_name A 1.2.3.4\n");
	assert_int_equal(c.rr_result, R_OK);
	assert_null(strstr(logbuf, "bad_name"));
	zone_destroy(z);
}

static void
test_ds_apex_maxttl_nsec3(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	zonecheck_defaults(&o, false);
	zone_t *z = load(&c, &o,
			 HEAD "@ DS 1 8 1 "
			      "0123456789abcdef0123456789abcdef01234567\n");
	assert_int_equal(c.rr_result, R_ATZONETOP);
	assert_non_null(strstr(logbuf, "t.db:3: DS record at top of zone "
				       "(example)\n"));
	zone_destroy(z);

	o.max_ttl_set = true;
	o.max_ttl = 500;
	z = load(&c, &o, HEAD "x 1000 A 1.1.1.1\ny 500 A 1.1.1.1\n");
	assert_int_equal(c.rr_result, R_RANGE);
	assert_non_null(strstr(logbuf, "dns_master_load: t.db:3: TTL 1000 "
				       "exceeds configured max-zone-ttl 500\n"));
	assert_null(strstr(logbuf, "t.db:4"));
	zone_destroy(z);
	/* The limit applies to the TTL the RRset keeps. */
	z = load(&c, &o, HEAD "x 400 A 1.1.1.1\nx 600 A 1.1.1.2\n");
	assert_int_equal(c.rr_result, R_OK);
	zone_destroy(z);
}

static void
test_nsec3_owner(void **state) {
	zonecheck_opts_t o;
	zonecheck_defaults(&o, false);
	o.log = log_cb;
	name_t origin, owner;
	uint8_t rd[] = {1, 0, 0, 1, 0, 1, 0, 0};
	assert_int_equal(name_fromtext(&origin, "example.", 8, NULL), R_OK);
	master_rr_t rr = {.owner = &owner, .type = RRTYPE_NSEC3,
			  .rclass = RRCLASS_IN, .ttl = 1, .rdata = rd,
			  .rdlen = sizeof(rd), .file = "f", .line = 9};
	reset_log();
	assert_int_equal(name_fromtext(&owner, "CPNMU===", 8, &origin), R_OK);
	assert_int_equal(zonecheck_rr(&o, &origin, &rr), R_BADOWNERNAME);
	assert_non_null(strstr(logbuf, "f:9: CPNMU===.example: bad owner name"));
	assert_int_equal(name_fromtext(&owner, "CPNMU", 5, &origin), R_OK);
	assert_int_equal(zonecheck_rr(&o, &origin, &rr), R_OK);
	assert_int_equal(name_fromtext(&owner, "CPNMUOJ1E8", 10, &origin),
			 R_OK);
	assert_int_equal(zonecheck_rr(&o, &origin, &rr), R_OK);
	/* 3 characters: not a whole number of octets. */
	assert_int_equal(name_fromtext(&owner, "CPN", 3, &origin), R_OK);
	assert_int_equal(zonecheck_rr(&o, &origin, &rr), R_BADOWNERNAME);
	o.names = ZC_IGNORE;
	assert_int_equal(zonecheck_rr(&o, &origin, &rr), R_OK);
}

static void
test_spf(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	zonecheck_defaults(&o, false);
	zone_t *z = load(&c, &o,
			 HEAD "@ NS ns\nns A 1.2.3.4\n"
			      "y TYPE99 \\# 7 06763d73706631\n"
			      "z TYPE99 \\# 7 06763d73706631\n"
			      "z TXT \"v=spf1\"\n");
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_non_null(strstr(logbuf, "zone: 'y.example' found type SPF "
				       "record but no SPF TXT record found, "
				       "add matching type TXT record\n"));
	assert_null(strstr(logbuf, "'z.example'"));
	zone_destroy(z);
	o.spf = ZC_IGNORE;
	z = load(&c, &o, HEAD "@ NS ns\nns A 1.2.3.4\ny TYPE99 \\# 1 00\n");
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_null(strstr(logbuf, "SPF"));
	zone_destroy(z);
}

static void
test_dname_bottom(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	zonecheck_defaults(&o, false);
	/* Below a DNAME nothing is visible, so nothing is checked. */
	zone_t *z = load(&c, &o,
			 HEAD "@ NS ns\nns A 1.2.3.4\nd DNAME other.\n"
			      "x.d MX 1 nowhere\n@ MX 1 y.d\n");
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_null(strstr(logbuf, "nowhere"));
	assert_non_null(strstr(logbuf, "zone: example/MX 'y.d.example' is "
				       "below a DNAME 'd.example' "
				       "(illegal)\n"));
	zone_destroy(z);
}

static void
test_cds_cdnskey(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	const char *key = "@ DNSKEY 257 3 10 AwEAAbqjg7xdvnU2Q/gtLw5LOfr5cDeTRjYu\n";
	char text[1024];
	zonecheck_defaults(&o, false);

	/* Algorithm 10 CDS next to an algorithm 10 DNSKEY: fine. */
	snprintf(text, sizeof(text), HEAD "@ NS ns\nns A 1.2.3.4\n%s"
		 "@ CDS 14364 10 99 FD03B2312C8F0FE72C1751EF\n", key);
	zone_t *z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	zone_destroy(z);

	/* Algorithm 14 has no DNSKEY. */
	snprintf(text, sizeof(text), HEAD "@ NS ns\nns A 1.2.3.4\n%s"
		 "@ CDS 14364 14 99 FD03B2312C8F0FE72C1751EF\n", key);
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_BADZONE);
	assert_non_null(strstr(logbuf, "zone: CDS/CDNSKEY consistency checks "
				       "failed\n"));
	zone_destroy(z);

	snprintf(text, sizeof(text), HEAD "@ NS ns\nns A 1.2.3.4\n%s"
		 "@ CDNSKEY 257 3 8 AwEAAbqjg7xdvnU2Q/gtLw5LOfr5cDeTRjYu\n", key);
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_BADZONE);
	zone_destroy(z);

	/* Deletion records alone need no DNSKEY; mixed with others they
	 * are inconsistent. */
	z = load(&c, &o, HEAD "@ NS ns\nns A 1.2.3.4\n@ CDS 0 0 0 00\n"
			      "@ CDNSKEY 0 3 0 AA==\n");
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	zone_destroy(z);
	snprintf(text, sizeof(text), HEAD "@ NS ns\nns A 1.2.3.4\n%s"
		 "@ CDS 0 0 0 00\n@ CDS 14364 10 99 FD03B2312C8F0FE72C1751EF\n",
		 key);
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_BADZONE);
	zone_destroy(z);
}

static void
test_deprecated_algorithms(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	zonecheck_defaults(&o, false);
	const char *text =
		HEAD "@ NS ns\nns A 1.2.3.4\nc NS ns\n"
		"c DS 1 7 1 0123456789abcdef0123456789abcdef01234567\n"
		"c DS 1 8 2 0123456789abcdef0123456789abcdef"
		"0123456789abcdef0123456789abcdef\n"
		"@ DNSKEY 256 3 5 AwEAAbqjg7xdvnU2Q/gtLw5LOfr5cDeTRjYu\n";
	zone_t *z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_non_null(strstr(logbuf, "zone: c.example/DS deprecated digest "
				       "type 1 (SHA-1)\nzone: c.example/DS "
				       "deprecated algorithm 7 "
				       "(NSEC3RSASHA1)\n"));
	assert_null(strstr(logbuf, "algorithm 8"));
	assert_non_null(strstr(logbuf, "zone: deprecated DNSKEY algorithm "
				       "found: 5 (RSASHA1)\n\n"));
	assert_non_null(strstr(logbuf, "zone: all DNSKEY algorithms found are "
				       "deprecated\n"));
	zone_destroy(z);

	/* DS/KEY warnings belong to check-integrity; DNSKEY ones do not. */
	o.integrity = false;
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_null(strstr(logbuf, "/DS"));
	assert_non_null(strstr(logbuf, "deprecated DNSKEY"));
	zone_destroy(z);
}

static void
test_token_text(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	zonecheck_defaults(&o, true);
	/* The quoted token keeps "@" and "#" as the user typed them. */
	zone_t *z = load(&c, &o, HEAD "@ NS ns\nns A 1.2.3.4\n"
				      "x MX 1 !@#3.\ny MX 1 a\\.b\n");
	assert_non_null(strstr(logbuf, "near '!@#3.': bad name"));
	assert_non_null(strstr(logbuf, "near 'a\\.b': bad name"));
	zone_destroy(z);
}

static void
test_dup_records(void **state) {
	zonecheck_opts_t o;
	ctx_t c;
	const char *text = HEAD "@ NS ns\nns A 1.2.3.4\n"
				"@ NSEC a.example. A\n@ NSEC A.example. A\n"
				"x NSEC b.example. A\nx NSEC c.example. A\n";
	zonecheck_defaults(&o, false);
	zone_t *z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_non_null(strstr(logbuf, "zone: example/NSEC has semantically "
				       "identical records\n"));
	assert_null(strstr(logbuf, "x.example/NSEC"));
	zone_destroy(z);
	o.dup = ZC_FAIL;
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_BADZONE);
	zone_destroy(z);
	o.dup = ZC_IGNORE;
	z = load(&c, &o, text);
	assert_int_equal(zonecheck_zone(&o, z, NULL), R_OK);
	assert_null(strstr(logbuf, "semantically"));
	zone_destroy(z);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good_zone),
		cmocka_unit_test(test_soa_and_ns_missing),
		cmocka_unit_test(test_apex_ns_targets),
		cmocka_unit_test(test_mx_srv_targets),
		cmocka_unit_test(test_glue),
		cmocka_unit_test(test_wildcard_and_empty_nonterminal),
		cmocka_unit_test(test_rr_checks),
		cmocka_unit_test(test_ds_apex_maxttl_nsec3),
		cmocka_unit_test(test_nsec3_owner),
		cmocka_unit_test(test_spf),
		cmocka_unit_test(test_dname_bottom),
		cmocka_unit_test(test_cds_cdnskey),
		cmocka_unit_test(test_deprecated_algorithms),
		cmocka_unit_test(test_token_text),
		cmocka_unit_test(test_dup_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
