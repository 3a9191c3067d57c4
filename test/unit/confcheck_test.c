/* confcheck_test.c - unit tests for conf_check() (config/check*.c): each
 * case parses a small named.conf and compares the verdict and the first
 * error message with what BIND 9.18's named-checkconf says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "config/cfgobj.h"
#include "config/check.h"

typedef struct {
	char first[1024];
	unsigned errors;
} logcap_t;

static void
capture(void *arg, conf_sev_t sev, const char *file, unsigned line,
        const char *msg) {
	logcap_t *c = arg;
	(void)file;
	(void)line;
	if (sev != CONF_SEV_ERROR) {
		return;
	}
	if (c->errors++ == 0) {
		snprintf(c->first, sizeof(c->first), "%s", msg);
	}
}

/* Returns conf_check's result; the first error message lands in cap. */
static result_t
run(const char *conf, logcap_t *cap) {
	conf_tree_t *tree = NULL;
	memset(cap, 0, sizeof(*cap));
	result_t r = conf_parse_buffer(conf, strlen(conf), "t.conf",
	                               CONF_GRAMMAR_NAMED, false, &tree,
	                               capture, cap);
	assert_int_equal(r, R_OK);
	r = conf_check(tree, 0, capture, cap);
	conf_tree_free(&tree);
	return r;
}

static void
expect_ok(const char *conf) {
	logcap_t cap;
	result_t r = run(conf, &cap);
	if (r != R_OK) {
		fail_msg("unexpected error for %s: %s", conf, cap.first);
	}
}

static void
expect_err(const char *conf, const char *msg) {
	logcap_t cap;
	result_t r = run(conf, &cap);
	assert_int_not_equal(r, R_OK);
	assert_string_equal(cap.first, msg);
}

static void
test_zone_types(void **state) {
	(void)state;
	expect_ok("zone \"a\" { type primary; file \"x\"; };");
	expect_err("zone \"a\" { type primary; };",
	           "zone 'a': missing 'file' entry");
	expect_err("zone \"a\" { type slave; file \"x\"; };",
	           "zone 'a': missing 'primaries' entry");
	expect_ok("zone \".\" { type mirror; };");
	expect_err("zone \"a\" { type redirect; };",
	           "redirect zones must be called \".\"");
	expect_err("zone \"a\" { file \"x\"; };", "zone 'a': type not present");
	expect_err("zone \"a\" { type forward; file \"x\"; };",
	           "option 'file' is not allowed in 'forward' zone 'a'");
	expect_err("zone \"a\" { type master; file \"x\"; request-ixfr no; };",
	           "option 'request-ixfr' is not allowed in 'master' zone 'a'");
	expect_ok("zone \"a\" { type primary; dlz \"x\"; };");
}

static void
test_zone_dups(void **state) {
	(void)state;
	expect_err("zone \"a\" { type primary; file \"x\"; };\n"
	           "zone \"A.\" { type primary; file \"y\"; };",
	           "zone 'A.': already exists previous definition: t.conf:1");
	expect_err("zone \"a\" { type primary; file \"x\"; }; "
	           "zone \"a\" CH { type primary; file \"y\"; };",
	           "zone 'a': class 'CH' does not match view/default class");
	expect_err("view v { }; zone \"x\" { type hint; file \"x\"; };",
	           "when using 'view' statements, all zones must be in views");
	expect_err("zone \"a\" { type secondary; primaries { 1.2.3.4; }; "
	           "file \"x\"; }; zone \"b\" { type secondary; primaries { "
	           "1.2.3.4; }; file \"x\"; };",
	           "writeable file 'x': already in use: t.conf:1");
	expect_ok("zone \"a\" { type primary; file \"x\"; }; "
	          "zone \"b\" { type primary; file \"x\"; };");
}

static void
test_update_policy(void **state) {
	(void)state;
	const char *fmt = "zone \"example.com\" { type primary; file \"x\"; "
	                  "update-policy { grant %s; }; };";
	static const struct {
		const char *rule;
		const char *err; /* NULL: accepted */
	} cases[] = {
	        {"* self TXT", "identity and name fields are not the same"},
	        {"* self . TXT", NULL},
	        {"* self * TXT", NULL},
	        {"* ms-self TXT",
	         "name field not set to placeholder value '.'"},
	        {"* krb5-self . TXT", NULL},
	        {"* external TXT", "missing name field type 'TXT' found"},
	        {"* subdomain foo.example.com A", NULL},
	        {"* zonesub TXT", NULL},
	        {"* zonesub foo.example.com",
	         "'foo.example.com' is not a valid type"},
	        {"* wildcard foo A", "'foo' is not a wildcard"},
	        {"* wildcard *.foo A", NULL},
	        {"* name foo FOO", "'FOO' is not a valid type"},
	        {"* name foo A(65536)", "'(65536)' is not a valid count"},
	        {"bad..name name foo A", "'bad..name' is not a valid name"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char conf[512];
		snprintf(conf, sizeof(conf), fmt, cases[i].rule);
		if (cases[i].err == NULL) {
			expect_ok(conf);
		} else {
			expect_err(conf, cases[i].err);
		}
	}
	expect_err("zone \"a\" { type primary; file \"x\"; allow-update { any; "
	           "}; update-policy local; };",
	           "zone 'a': 'allow-update' is ignored when 'update-policy' "
	           "is present");
}

static void
test_references(void **state) {
	(void)state;
	expect_err("options { allow-query { zz; }; };", "undefined ACL 'zz'");
	expect_ok("options { allow-transfer { zz; }; };");
	expect_ok("acl zz { 10/8; }; options { allow-query { zz; }; };");
	expect_err("acl any { any; };",
	           "attempt to redefine builtin acl 'any'");
	expect_err("zone \"a\" { type primary; file \"x\"; also-notify { zz; "
	           "}; };",
	           "unable to find primaries list 'zz'");
	expect_err("primaries p { 1.2.3.4; q; }; zone \"a\" { type secondary; "
	           "primaries { p; }; file \"x\"; };",
	           "unable to find primaries list 'q'");
	expect_err("zone \"a\" { type secondary; primaries { 1.2.3.4 tls zz; "
	           "}; file \"x\"; };",
	           "tls 'zz' is not defined");
	expect_err("primaries p { 1.2.3.4; }; masters p { 1.2.3.5; };",
	           "masters list 'p' is duplicated: also defined at t.conf:1");
	expect_err("server 1.2.3.4 { keys zz; };", "unknown key 'zz'");
}

static void
test_keys(void **state) {
	(void)state;
	expect_ok("key k { algorithm hmac-sha256; secret \"aaaa\"; };");
	expect_err("key k { algorithm hmac-foo; secret \"aaaa\"; };",
	           "unknown algorithm 'hmac-foo'");
	expect_err("key k { algorithm hmac-sha256; secret \"aa==\"; };",
	           "bad secret 'bad base64 encoding'");
	expect_err("key k { algorithm hmac-sha256; };",
	           "key 'k' must have both 'secret' and 'algorithm' defined");
	expect_err("key k { algorithm hmac-sha256-264; secret \"aaaa\"; };",
	           "key 'k' digest-bits too large [128..256]");
	expect_err("key k { algorithm hmac-sha256; secret \"aaaa\"; }; "
	           "key k { algorithm hmac-sha256; secret \"aaaa\"; };",
	           "key 'k': already exists previous definition: t.conf:1");
}

static void
test_logging(void **state) {
	(void)state;
	expect_ok("logging { category default { a; }; channel a { null; }; };");
	expect_err("logging { category foo { null; }; };",
	           "undefined category: 'foo'");
	expect_err("logging { category default { foo; }; };",
	           "undefined channel: 'foo'");
	expect_err("logging { channel a { file \"x\"; syslog; }; };",
	           "channel 'a': exactly one of file, syslog, null, and stderr "
	           "must be present");
}

static void
test_dnssec(void **state) {
	(void)state;
	expect_err("zone \"a\" { type primary; file \"x\"; dnssec-policy "
	           "default; };",
	           "'inline-signing yes;' must also be configured explicitly "
	           "for zones using dnssec-policy without a configured "
	           "'allow-update' or 'update-policy'. See "
	           "https://kb.isc.org/docs/"
	           "dnssec-policy-requires-dynamic-dns-or-inline-signing");
	expect_ok("zone \"a\" { type primary; file \"x\"; dnssec-policy "
	          "default; inline-signing yes; };");
	expect_ok("zone \"a\" { type primary; file \"x\"; dnssec-policy "
	          "default; allow-update { 1.2.3.4; }; };");
	expect_err("zone \"a\" { type primary; file \"x\"; dnssec-policy foo; "
	           "};",
	           "zone 'a': option 'dnssec-policy foo' has no matching "
	           "dnssec-policy config");
	expect_err("dnssec-policy a { nsec3param iterations 151; };",
	           "dnssec-policy: nsec3 iterations value 151 out of range");
	expect_err("dnssec-policy a { }; dnssec-policy a { };",
	           "dnssec-policy: duplicately named policy found 'a'");
	expect_err("zone \"a\" { type secondary; primaries { 1.2.3.4; }; "
	           "dnssec-dnskey-kskonly yes; };",
	           "dnssec-dnskey-kskonly: requires inline-signing when used "
	           "in secondary zone");
}

static void
test_ranges(void **state) {
	(void)state;
	expect_err("options { dnskey-sig-validity 5000; };",
	           "dnskey-sig-validity '5000' is out of range (0..3660)");
	expect_err("options { rate-limit { slip 11; }; };", "slip 11 > 10");
	expect_err("options { rate-limit { window 0; }; };",
	           "window 0 < 1 or > 3600");
	expect_err("options { nta-lifetime 8d; };",
	           "'nta-lifetime' cannot exceed one week");
	expect_err("options { check-names secondary warn; check-names slave "
	           "warn; };",
	           "'check-names' cannot take both 'secondary' and 'slave'");
	expect_err("options { cookie-secret "
	           "\"ebc7701beabb4a40c57d140eeb6733faaabbccdd\"; };",
	           "SipHash-2-4 cookie-secret must be 128 bits");
	expect_ok("options { cookie-secret "
	          "\"ebc7701beabb4a40c57d140eeb6733fa\"; };");
}

/* ---- cfgobj ---- */

static const char cfgtext[] =
        "acl trusted { !10.1.0.0/16; 10.0.0.0/8; };\n"
        "key \"k1\" { algorithm hmac-sha256-128; secret \"aGVsbG8=\"; };\n"
        "options { notify no; allow-query { trusted; }; };\n"
        "view inside { match-clients { trusted; };\n"
        "  notify yes;\n"
        "  zone \"example.com\" { type primary; file \"ex.db\"; notify "
        "explicit; };\n"
        "  zone \"other.com\" { type secondary; primaries { 1.2.3.4; }; "
        "allow-query { key k1; }; };\n"
        "};\n"
        "view outside CH { zone \"x\" CH { type hint; file \"h\"; }; };\n";

static cfg_t *
build(const char *text, conf_tree_t **treep) {
	logcap_t cap;
	cfg_t *cfg = NULL;
	memset(&cap, 0, sizeof(cap));
	assert_int_equal(conf_parse_buffer(text, strlen(text), "t.conf",
	                                   CONF_GRAMMAR_NAMED, false, treep,
	                                   capture, &cap),
	                 R_OK);
	assert_int_equal(conf_check(*treep, 0, capture, &cap), R_OK);
	assert_int_equal(cfg_build(*treep, &cfg), R_OK);
	return cfg;
}

static void
test_cfg_views_zones(void **state) {
	(void)state;
	conf_tree_t *tree = NULL;
	cfg_t *cfg = build(cfgtext, &tree);
	assert_int_equal(cfg_view_count(cfg), 2);
	const cfg_view_t *in = cfg_view_find(cfg, "inside", 1);
	assert_non_null(in);
	assert_null(cfg_view_find(cfg, "inside", 3));
	assert_non_null(cfg_view_find(cfg, "outside", 3));
	assert_int_equal(cfg_zone_count(in), 2);
	name_t n, root;
	name_init_root(&root);
	assert_int_equal(name_fromtext(&n, "EXAMPLE.com", 11, &root), R_OK);
	const cfg_zone_t *z = cfg_zone_find(in, &n);
	assert_non_null(z);
	assert_int_equal(cfg_zone_type(z), CFG_ZONE_PRIMARY);
	assert_string_equal(cfg_zone_file(z), "ex.db");
	assert_ptr_equal(cfg_zone_view(z), in);
	/* zone -> view -> options -> default */
	assert_string_equal(cfg_zone_text(z, "notify"), "explicit");
	const cfg_zone_t *o = cfg_zone_at(in, 1);
	bool b = false;
	assert_int_equal(cfg_zone_bool(o, "notify", &b), R_OK);
	assert_true(b); /* from the view, not options' "no" */
	const cfg_view_t *out = cfg_view_find(cfg, "outside", 3);
	assert_int_equal(cfg_view_bool(out, "notify", &b), R_OK);
	assert_false(b); /* from options */
	assert_int_equal(cfg_view_bool(out, "no-such-option", &b), R_NOTFOUND);
	cfg_free(&cfg);
	assert_null(cfg);
	conf_tree_free(&tree);
}

static void
test_cfg_keys(void **state) {
	(void)state;
	conf_tree_t *tree = NULL;
	cfg_t *cfg = build(cfgtext, &tree);
	assert_int_equal(cfg_key_count(cfg), 1);
	name_t n, root;
	name_init_root(&root);
	assert_int_equal(name_fromtext(&n, "K1", 2, &root), R_OK);
	const cfg_key_t *k = cfg_key_find(cfg, NULL, &n);
	assert_non_null(k);
	assert_string_equal(k->algorithm, "hmac-sha256");
	assert_int_equal(k->digestbits, 128);
	assert_int_equal(k->secretlen, 5);
	assert_memory_equal(k->secret, "hello", 5);
	cfg_free(&cfg);
	conf_tree_free(&tree);
}

static acl_verdict_t
match4(const acl_t *acl, const char *a, const name_t *key) {
	uint8_t addr[4];
	assert_int_equal(inet_pton(AF_INET, a, addr), 1);
	return acl_match_addr(acl, AF_INET, addr, key);
}

static void
test_cfg_acls(void **state) {
	(void)state;
	conf_tree_t *tree = NULL;
	cfg_t *cfg = build(cfgtext, &tree);
	const cfg_view_t *in = cfg_view_find(cfg, "inside", 1);
	acl_t *acl = NULL;
	assert_int_equal(cfg_view_acl(in, "match-clients", &acl), R_OK);
	/* the named ACL is a nested list: its DENY is no match outside */
	assert_int_equal(match4(acl, "10.2.3.4", NULL), ACL_ALLOW);
	assert_int_equal(match4(acl, "10.1.3.4", NULL), ACL_NOMATCH);
	assert_int_equal(match4(acl, "192.0.2.1", NULL), ACL_NOMATCH);
	acl_detach(&acl);
	/* inherited from options */
	const cfg_zone_t *z = cfg_zone_at(in, 0);
	assert_int_equal(cfg_zone_acl(z, "allow-query", &acl), R_OK);
	assert_int_equal(match4(acl, "10.9.9.9", NULL), ACL_ALLOW);
	acl_detach(&acl);
	/* the zone's own list: a key */
	const cfg_zone_t *o = cfg_zone_at(in, 1);
	name_t k, root;
	name_init_root(&root);
	assert_int_equal(name_fromtext(&k, "k1", 2, &root), R_OK);
	assert_int_equal(cfg_zone_acl(o, "allow-query", &acl), R_OK);
	assert_int_equal(match4(acl, "10.9.9.9", NULL), ACL_NOMATCH);
	assert_int_equal(match4(acl, "10.9.9.9", &k), ACL_ALLOW);
	acl_detach(&acl);
	assert_int_equal(cfg_zone_acl(o, "allow-notify", &acl), R_NOTFOUND);
	cfg_free(&cfg);
	conf_tree_free(&tree);

	/* localhost/localnets bound to the lists the server gives */
	cfg = build("options { allow-query { !localhost; localnets; }; };",
	            &tree);
	acl_t *lh, *ln;
	assert_int_equal(acl_create(&lh), R_OK);
	assert_int_equal(acl_create(&ln), R_OK);
	assert_int_equal(acl_add_text(lh, false, "192.0.2.1"), R_OK);
	assert_int_equal(acl_add_text(ln, false, "192.0.2.0/24"), R_OK);
	const cfg_view_t *dv = cfg_view_at(cfg, 0);
	assert_string_equal(cfg_view_name(dv), "_default");
	assert_int_equal(cfg_view_acl_env(dv, "allow-query", lh, ln, &acl),
	                 R_OK);
	assert_int_equal(match4(acl, "192.0.2.1", NULL), ACL_DENY);
	assert_int_equal(match4(acl, "192.0.2.7", NULL), ACL_ALLOW);
	assert_int_equal(match4(acl, "198.51.100.1", NULL), ACL_NOMATCH);
	acl_detach(&acl);
	/* without an environment both are empty lists */
	assert_int_equal(cfg_view_acl(dv, "allow-query", &acl), R_OK);
	assert_int_equal(match4(acl, "192.0.2.7", NULL), ACL_NOMATCH);
	acl_detach(&acl);
	acl_detach(&lh);
	acl_detach(&ln);
	cfg_free(&cfg);
	conf_tree_free(&tree);
}

static void
test_cfg_equal(void **state) {
	(void)state;
	conf_tree_t *t1 = NULL, *t2 = NULL, *t3 = NULL;
	cfg_t *a = build(cfgtext, &t1);
	cfg_t *b = build(cfgtext, &t2);
	assert_true(cfg_equal(a, b));
	char other[sizeof(cfgtext) + 8];
	snprintf(other, sizeof(other), "%s", cfgtext);
	char *p = strstr(other, "ex.db");
	assert_non_null(p);
	p[0] = 'y'; /* "yx.db" */
	cfg_t *c = build(other, &t3);
	assert_false(cfg_equal(a, c));
	cfg_free(&a);
	cfg_free(&b);
	cfg_free(&c);
	conf_tree_free(&t1);
	conf_tree_free(&t2);
	conf_tree_free(&t3);
}

static void
test_tls_http(void **state) {
	(void)state;
	expect_ok("tls t { ciphers \"HIGH:!aNULL:!MD5\"; };");
	expect_ok(
	        "tls t { ciphers \"EECDH+AESGCM:ECDHE-RSA-AES128-GCM-SHA256\"; "
	        "};");
	expect_err("tls t { ciphers \"NOPE-CIPHER\"; };",
	           "'ciphers' in the 'tls' clause 't' is not a valid cipher "
	           "list string");
	expect_err("tls t { ciphers \"!HIGH\"; };",
	           "'ciphers' in the 'tls' clause 't' is not a valid cipher "
	           "list string");
	expect_err("tls t { key-file \"k\"; };",
	           "tls 't': 'cert-file' and 'key-file' must both be "
	           "specified, or both omitted");
	expect_err("tls ephemeral { };",
	           "tls clause name 'ephemeral' is reserved for internal use");
	expect_err("options { listen-on-v6 http default { any; }; };",
	           "http must specify a 'tls' statement, 'tls ephemeral', or "
	           "'tls none'");
	expect_err("http h { endpoints { \"dns-query\"; }; };",
	           "endpoint 'dns-query' is not a valid absolute HTTP path");
	expect_err("http default { };",
	           "'http' name cannot be 'default' (which is a built-in "
	           "configuration)");
}

static void
test_cfg_defaults(void **state) {
	(void)state;
	conf_tree_t *tree = NULL;
	cfg_t *cfg = build("options { notify-delay 9; };\n"
	                   "key k { algorithm hmac-md5; secret \"aaaa\"; };\n"
	                   "view v { max-ncache-ttl 2h; zone \"a\" { type "
	                   "primary; file \"f\"; notify-delay 3; }; };\n",
	                   &tree);
	const cfg_view_t *v = cfg_view_at(cfg, 0);
	const cfg_zone_t *z = cfg_zone_at(v, 0);
	name_t root, n;
	name_init_root(&root);
	assert_int_equal(name_fromtext(&n, "a", 1, &root), R_OK);
	assert_true(name_equal(cfg_zone_name(z), &n));
	uint64_t u = 0;
	uint32_t d = 0;
	bool b = false;
	/* zone value, then the options value seen from the view */
	assert_int_equal(cfg_zone_uint(z, "notify-delay", &u), R_OK);
	assert_int_equal(u, 3);
	const conf_stmt_t *s = cfg_view_option(v, "notify-delay");
	assert_non_null(s);
	assert_int_equal(conf_value_uint(conf_stmt_arg(s, 0), &u), R_OK);
	assert_int_equal(u, 9);
	/* view value, then built-in defaults from the clause table */
	assert_int_equal(cfg_zone_duration(z, "max-ncache-ttl", &d), R_OK);
	assert_int_equal(d, 7200);
	assert_int_equal(cfg_zone_bool(z, "recursion", &b), R_OK);
	assert_true(b);
	assert_non_null(cfg_zone_option(z, "max-journal-size"));
	assert_string_equal(cfg_zone_text(z, "max-journal-size"), "default");
	/* wrong type and unknown */
	assert_int_equal(cfg_zone_uint(z, "file", &u), R_SYNTAX);
	assert_int_equal(cfg_zone_duration(z, "no-such", &d), R_NOTFOUND);
	/* keys by index */
	assert_int_equal(cfg_key_count(cfg), 1);
	assert_non_null(cfg_key_at(cfg, 0));
	assert_null(cfg_key_at(cfg, 1));
	assert_null(cfg_view_at(cfg, 1));
	assert_null(cfg_zone_at(v, 1));
	cfg_free(&cfg);
	conf_tree_free(&tree);
}

static void
test_cfg_many_zones(void **state) {
	(void)state;
	size_t cap = 1000 * 64, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	for (int i = 0; i < 1000; i++) {
		len += (size_t)snprintf(text + len, cap - len,
		                        "zone \"z%d.example\" { type primary; "
		                        "file \"z%d\"; };\n",
		                        i, i);
	}
	conf_tree_t *tree = NULL;
	cfg_t *cfg = build(text, &tree);
	const cfg_view_t *v = cfg_view_at(cfg, 0);
	assert_int_equal(cfg_zone_count(v), 1000);
	name_t root, n;
	name_init_root(&root);
	for (int i = 0; i < 1000; i += 7) {
		char zn[32], fn[32];
		snprintf(zn, sizeof(zn), "Z%d.EXAMPLE", i);
		snprintf(fn, sizeof(fn), "z%d", i);
		assert_int_equal(name_fromtext(&n, zn, strlen(zn), &root),
		                 R_OK);
		const cfg_zone_t *z = cfg_zone_find(v, &n);
		assert_non_null(z);
		assert_string_equal(cfg_zone_file(z), fn);
	}
	assert_int_equal(name_fromtext(&n, "z1000.example", 13, &root), R_OK);
	assert_null(cfg_zone_find(v, &n));
	cfg_free(&cfg);
	conf_tree_free(&tree);
	free(text);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_zone_types),
	        cmocka_unit_test(test_zone_dups),
	        cmocka_unit_test(test_update_policy),
	        cmocka_unit_test(test_references),
	        cmocka_unit_test(test_keys),
	        cmocka_unit_test(test_logging),
	        cmocka_unit_test(test_dnssec),
	        cmocka_unit_test(test_ranges),
	        cmocka_unit_test(test_tls_http),
	        cmocka_unit_test(test_cfg_views_zones),
	        cmocka_unit_test(test_cfg_keys),
	        cmocka_unit_test(test_cfg_acls),
	        cmocka_unit_test(test_cfg_equal),
	        cmocka_unit_test(test_cfg_many_zones),
	        cmocka_unit_test(test_cfg_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
