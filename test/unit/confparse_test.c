/*
 * confparse_test.c - unit tests of the named.conf parser: lexer, grammar,
 * includes, typed values, the schema pass and canonical printing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "config/ast.h"
#include "config/print.h"
#include "config/schema.h"

/* Collects messages so tests can look at the first error. */
typedef struct msgs {
	char first[512];
	unsigned errors;
	unsigned warnings;
} msgs_t;

static void
collect(void *arg, conf_sev_t sev, const char *file, unsigned line,
	const char *msg) {
	msgs_t *m = arg;
	if (sev == CONF_SEV_ERROR) {
		if (m->errors++ == 0) {
			snprintf(m->first, sizeof(m->first), "%s:%u: %s",
				 file != NULL ? file : "-", line, msg);
		}
	} else {
		m->warnings++;
	}
}

static conf_tree_t *
parse_ok(const char *text) {
	msgs_t m = { .errors = 0 };
	conf_tree_t *t = NULL;
	result_t r = conf_parse_buffer(text, strlen(text), "t.conf",
				       CONF_GRAMMAR_NAMED, false, &t, collect,
				       &m);
	if (r != R_OK) {
		fprintf(stderr, "unexpected failure: %s\n", m.first);
	}
	assert_int_equal(r, R_OK);
	assert_non_null(t);
	return t;
}

/* Parses text that must fail; returns the first error message. */
static void
parse_fail(const char *text, const char *expect) {
	msgs_t m = { .errors = 0 };
	conf_tree_t *t = (conf_tree_t *)0x1;
	result_t r = conf_parse_buffer(text, strlen(text), "t.conf",
				       CONF_GRAMMAR_NAMED, false, &t, collect,
				       &m);
	assert_int_not_equal(r, R_OK);
	assert_ptr_equal(t, (conf_tree_t *)0x1); /* untouched on failure */
	assert_true(m.errors > 0);
	if (strcmp(m.first, expect) != 0) {
		fprintf(stderr, "got '%s'\nexpected '%s'\n", m.first, expect);
	}
	assert_string_equal(m.first, expect);
}

static char *
print_tree(const conf_tree_t *t, unsigned flags) {
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(conf_print(t, f, flags), R_OK);
	fclose(f);
	return buf;
}

static void
shape(void **state) {
	(void)state;
	conf_tree_t *t = parse_ok("# shell\n// c++\n/* c\n style */\n"
				  "zone \"example\" in { type primary;\n"
				  "  file \"e.db\"; };\n");
	conf_stmt_t *z = conf_block_find(t->top, "ZONE");
	assert_non_null(z);
	assert_int_equal(z->loc.line, 5);
	assert_string_equal(z->loc.file, "t.conf");
	assert_int_equal(conf_stmt_nargs(z), 3);
	assert_int_equal(conf_stmt_arg(z, 0)->kind, CONF_V_STRING);
	assert_string_equal(conf_stmt_arg(z, 0)->text, "example");
	assert_int_equal(conf_stmt_arg(z, 1)->kind, CONF_V_WORD);
	conf_block_t *b = conf_stmt_block(z);
	assert_non_null(b);
	assert_int_equal(b->count, 2);
	conf_stmt_t *f = conf_block_find(b, "file");
	assert_non_null(f);
	assert_int_equal(f->loc.line, 6);
	assert_non_null(f->clause);
	assert_int_equal(conf_stmt_arg(f, 0)->type, CONF_T_QSTRING);
	assert_null(conf_block_find(b, "journal"));
	conf_tree_free(&t);
	assert_null(t);
}

static void
syntax_errors(void **state) {
	(void)state;
	parse_fail("options { recursion no }; ",
		   "t.conf:1: missing ';' before '}'");
	parse_fail("options { recursion no;\n",
		   "t.conf:2: '}' expected near end of file");
	parse_fail("options { recursion no; }; };",
		   "t.conf:1: syntax error near '}'");
	parse_fail("options {\n recursion \"no; };",
		   "t.conf:2: unexpected end of file in quoted string");
	parse_fail("options { /* x; };",
		   "t.conf:1: unexpected end of file in comment");
	parse_fail("options { dnssec-validation auto }",
		   "t.conf:1: missing ';' before '}'");
	parse_fail("options { recursion yes no; };",
		   "t.conf:1: missing ';' before 'no'");
}

static void
schema_errors(void **state) {
	(void)state;
	parse_fail("foo { };", "t.conf:1: unknown option 'foo'");
	parse_fail("options {\n foo yes; };", "t.conf:2: unknown option 'foo'");
	parse_fail("options { fake-iquery yes; };",
		   "t.conf:1: option 'fake-iquery' no longer exists");
	parse_fail("options { recursion maybe; };",
		   "t.conf:1: boolean expected near 'maybe'");
	parse_fail("options { recursion; };",
		   "t.conf:1: boolean expected near ';'");
	parse_fail("options { directory /tmp; };",
		   "t.conf:1: expected quoted string near '/tmp'");
	parse_fail("options { recursion yes; recursion no; };",
		   "t.conf:1: 'recursion' redefined near 'recursion'");
	parse_fail("options { }; options { };",
		   "t.conf:1: 'options' redefined near 'options'");
	parse_fail("options { port 99999; };",
		   "t.conf:1: port '99999' out of range");
	parse_fail("options { listen-on port 99999 { any; }; };",
		   "t.conf:1: port '99999' out of range");
	parse_fail("options { lame-ttl 1x; };",
		   "t.conf:1: expected ISO 8601 duration or TTL value near "
		   "'1x'");
	parse_fail("acl a { 127.0.0.1/8; };",
		   "t.conf:1: '127.0.0.1/8': address/prefix length "
		   "mismatch '8'");
	parse_fail("acl a { 127.1; };",
		   "t.conf:1: incomplete IPv4 address or prefix near ';'");
	parse_fail("acl a { 1.2.3.4/33; };",
		   "t.conf:1: invalid prefix length '33'");
	parse_fail("zone x { pubkey 1; };",
		   "t.conf:1: option 'pubkey' no longer exists");
	/* a clause valid elsewhere is unknown in the wrong block */
	parse_fail("options { algorithm hmac-md5; };",
		   "t.conf:1: unknown option 'algorithm'");
}

static void
warnings(void **state) {
	(void)state;
	msgs_t m = { .errors = 0 };
	conf_tree_t *t = NULL;
	const char *text = "options { glue-cache yes; dscp 4; };";
	assert_int_equal(conf_parse_buffer(text, strlen(text), "w.conf",
					   CONF_GRAMMAR_NAMED, false, &t,
					   collect, &m),
			 R_OK);
	assert_int_equal(m.errors, 0);
	assert_int_equal(m.warnings, 2);
	conf_tree_free(&t);
}

static void
typed_values(void **state) {
	(void)state;
	conf_value_t v = { .kind = CONF_V_WORD };
	uint64_t u;
	uint32_t u32;
	bool b;
	conf_addr_t a;
#define SET(s) (v.text = (s), v.len = strlen(s))
	SET("42");
	assert_int_equal(conf_value_uint(&v, &u), R_OK);
	assert_int_equal(u, 42);
	SET("0053"); /* C-style octal, as BIND reads it */
	assert_int_equal(conf_value_uint(&v, &u), R_OK);
	assert_int_equal(u, 43);
	SET("4x");
	assert_int_not_equal(conf_value_uint(&v, &u), R_OK);
	SET("99999999999999999999999");
	assert_int_equal(conf_value_uint(&v, &u), R_RANGE);
	SET("TRUE");
	assert_int_equal(conf_value_boolean(&v, &b), R_OK);
	assert_true(b);
	SET("0");
	assert_int_equal(conf_value_boolean(&v, &b), R_OK);
	assert_false(b);
	SET("maybe");
	assert_int_equal(conf_value_boolean(&v, &b), R_SYNTAX);
	SET("10M");
	assert_int_equal(conf_value_size(&v, &u), R_OK);
	assert_int_equal(u, 10 * 1024 * 1024);
	SET("unlimited");
	assert_int_equal(conf_value_size(&v, &u), R_OK);
	assert_true(u == CONF_SIZE_UNLIMITED);
	SET("10X");
	assert_int_not_equal(conf_value_size(&v, &u), R_OK);
	SET("50%");
	assert_int_equal(conf_value_percentage(&v, &u32), R_OK);
	assert_int_equal(u32, 50);
	SET("1w2d3h4m5s");
	assert_int_equal(conf_value_duration(&v, &u32), R_OK);
	assert_int_equal(u32, 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	SET("P1DT2H");
	assert_int_equal(conf_value_duration(&v, &u32), R_OK);
	assert_int_equal(u32, 86400 + 7200);
	SET("P1W");
	assert_int_equal(conf_value_duration(&v, &u32), R_OK);
	assert_int_equal(u32, 604800);
	SET("PT");
	assert_int_not_equal(conf_value_duration(&v, &u32), R_OK);
	SET("P1H"); /* hours need the T */
	assert_int_not_equal(conf_value_duration(&v, &u32), R_OK);
	SET("1h30");
	assert_int_not_equal(conf_value_duration(&v, &u32), R_OK);
	SET("1.2.3.4");
	assert_int_equal(conf_value_address(&v, &a), R_OK);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(a.addr[3], 4);
	SET("fe80::1%2");
	assert_int_equal(conf_value_address(&v, &a), R_OK);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(a.scope, 2);
	SET("1.2.3");
	assert_int_equal(conf_value_address(&v, &a), R_BADADDRESS);
	SET("10/8");
	assert_int_equal(conf_value_prefix(&v, &a), R_OK);
	assert_int_equal(a.prefixlen, 8);
	assert_true(a.has_prefix);
	SET("10.1/8");
	assert_int_equal(conf_value_prefix(&v, &a), R_RANGE);
	SET("2001:db8::/32");
	assert_int_equal(conf_value_prefix(&v, &a), R_OK);
	assert_int_equal(a.prefixlen, 32);
	SET("2001:db8::1/32");
	assert_int_equal(conf_value_prefix(&v, &a), R_RANGE);
#undef SET
}

static void
aml(void **state) {
	(void)state;
	conf_tree_t *t = parse_ok("acl a { !10/8; key \"k\"; { any; }; "
				  "localhost; 2001:db8::/32; };");
	conf_block_t *b = conf_block_findblock(t->top, "acl");
	assert_non_null(b);
	conf_aml_elem_t e;
	conf_stmt_t *s = b->first;
	assert_int_equal(conf_aml_elem(s, &e), R_OK);
	assert_int_equal(e.kind, CONF_AML_PREFIX);
	assert_true(e.negated);
	assert_int_equal(e.addr.prefixlen, 8);
	s = s->next;
	assert_int_equal(conf_aml_elem(s, &e), R_OK);
	assert_int_equal(e.kind, CONF_AML_KEY);
	assert_string_equal(e.name, "k");
	s = s->next;
	assert_int_equal(conf_aml_elem(s, &e), R_OK);
	assert_int_equal(e.kind, CONF_AML_NESTED);
	assert_int_equal(e.nested->count, 1);
	s = s->next;
	assert_int_equal(conf_aml_elem(s, &e), R_OK);
	assert_int_equal(e.kind, CONF_AML_NAME);
	assert_string_equal(e.name, "localhost");
	s = s->next;
	assert_int_equal(conf_aml_elem(s, &e), R_OK);
	assert_int_equal(e.addr.family, AF_INET6);
	conf_tree_free(&t);
}

static void
keywords(void **state) {
	(void)state;
	conf_tree_t *t = parse_ok(
		"controls { inet 127.0.0.1 port 953 allow { any; } "
		"keys { \"k\"; }; };");
	conf_block_t *c = conf_block_findblock(t->top, "controls");
	conf_stmt_t *inet = conf_block_find(c, "inet");
	const conf_value_t *port = conf_stmt_keyword(inet, "port");
	assert_non_null(port);
	assert_string_equal(port->text, "953");
	assert_int_equal(port->type, CONF_T_INTEGER);
	const conf_value_t *keys = conf_stmt_keyword(inet, "keys");
	assert_non_null(keys);
	assert_int_equal(keys->kind, CONF_V_BLOCK);
	assert_null(conf_stmt_keyword(inet, "read-only"));
	conf_tree_free(&t);
}

static void
multi(void **state) {
	(void)state;
	conf_tree_t *t = parse_ok("zone a { type hint; file \"x\"; };\n"
				  "zone b { type hint; file \"y\"; };\n"
				  "zone c { type hint; file \"z\"; };\n");
	assert_int_equal(conf_block_countname(t->top, "zone"), 3);
	conf_stmt_t *z = conf_block_find(t->top, "zone");
	z = conf_stmt_findnext(z);
	assert_string_equal(conf_stmt_arg(z, 0)->text, "b");
	assert_int_equal(z->loc.line, 2);
	conf_tree_free(&t);
}

static void
printing(void **state) {
	(void)state;
	conf_tree_t *t = parse_ok(
		"key k { secret \"abcd\"; algorithm hmac-sha256; };\n"
		"options { recursion 1; max-cache-size 10m; lame-ttl 1d;\n"
		" directory \"/x\"; listen-on { 10/8; !1.2.3.4; }; };\n");
	char *out = print_tree(t, 0);
	assert_string_equal(out, "options {\n"
				 "\tdirectory \"/x\";\n"
				 "\tlisten-on  {\n"
				 "\t\t10.0.0.0/8;\n"
				 "\t\t!1.2.3.4/32;\n"
				 "\t};\n"
				 "\tlame-ttl 86400;\n"
				 "\tmax-cache-size 10485760;\n"
				 "\trecursion yes;\n"
				 "};\n"
				 "key \"k\" {\n"
				 "\talgorithm \"hmac-sha256\";\n"
				 "\tsecret \"abcd\";\n"
				 "};\n");
	/* printed text parses back and prints the same */
	conf_tree_t *t2 = parse_ok(out);
	char *out2 = print_tree(t2, 0);
	assert_string_equal(out, out2);
	char *hidden = print_tree(t, CONF_PRINT_NOSECRETS);
	assert_non_null(strstr(hidden, "secret \"????\";"));
	free(out);
	free(out2);
	free(hidden);
	conf_tree_free(&t);
	conf_tree_free(&t2);
}

static void
schema_lookup(void **state) {
	(void)state;
	const conf_clause_t *c = schema_find(CTX_OPTIONS, "Recursion");
	assert_non_null(c);
	assert_string_equal(c->name, "recursion");
	assert_null(schema_find(CTX_ZONE, "recursion"));
	c = schema_find(CTX_TOP, "zone");
	assert_non_null(c);
	assert_int_equal(schema_body_ctx(c), CTX_ZONE);
	assert_true(c->flags & CF_MULTI);
	c = schema_find(CTX_ZONE, "primaries");
	assert_non_null(c);
	assert_true(c->zonetypes & ZT_SECONDARY);
	assert_false(c->zonetypes & ZT_PRIMARY);
	assert_int_equal(schema_zonetype("slave"), ZT_SECONDARY);
	assert_int_equal(schema_zonetype("nonsense"), 0);
	assert_true(schema_find(CTX_OPTIONS, "glue-cache")->flags &
		    CF_DEPRECATED);
	assert_string_equal(schema_default("edns-udp-size"), "1232");
	/* zone: type first; options: own clauses before shared ones */
	assert_true(schema_rank(CTX_ZONE, schema_find(CTX_ZONE, "type")) <
		    schema_rank(CTX_ZONE, schema_find(CTX_ZONE, "file")));
	assert_true(
		schema_rank(CTX_OPTIONS, schema_find(CTX_OPTIONS, "port")) <
		schema_rank(CTX_OPTIONS,
			    schema_find(CTX_OPTIONS, "allow-query")));
}

static void
rndc(void **state) {
	(void)state;
	const char *text = "options { default-server localhost; "
			   "default-key k; default-port 953; };\n"
			   "key k { algorithm hmac-sha256; secret \"x\"; };\n"
			   "server localhost { key k; addresses { 127.0.0.1 "
			   "port 953; }; };\n";
	msgs_t m = { .errors = 0 };
	conf_tree_t *t = NULL;
	assert_int_equal(conf_parse_buffer(text, strlen(text), "rndc.conf",
					   CONF_GRAMMAR_RNDC, false, &t,
					   collect, &m),
			 R_OK);
	conf_block_t *o = conf_block_findblock(t->top, "options");
	assert_non_null(conf_block_find(o, "default-key"));
	conf_tree_free(&t);
	/* named.conf clauses are not rndc.conf clauses */
	text = "options { recursion no; };";
	assert_int_not_equal(conf_parse_buffer(text, strlen(text), "r",
					       CONF_GRAMMAR_RNDC, false, &t,
					       collect, &m),
			     R_OK);
}

static void
includes(void **state) {
	(void)state;
	char dir[] = "/tmp/confparse_testXXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], inc[256], loop[256];
	snprintf(path, sizeof(path), "%s/named.conf", dir);
	snprintf(inc, sizeof(inc), "%s/inc.conf", dir);
	snprintf(loop, sizeof(loop), "%s/loop.conf", dir);
	FILE *f = fopen(inc, "w");
	fprintf(f, "\n\nrecursion no;\n");
	fclose(f);
	f = fopen(path, "w");
	fprintf(f, "options {\n include \"%s\";\n};\n", inc);
	fclose(f);
	msgs_t m = { .errors = 0 };
	conf_tree_t *t = NULL;
	assert_int_equal(conf_parse_file(path, NULL, &t, collect, &m), R_OK);
	conf_stmt_t *r =
		conf_block_find(conf_block_findblock(t->top, "options"),
				"recursion");
	assert_non_null(r);
	assert_int_equal(r->loc.line, 3);
	assert_string_equal(r->loc.file, inc);
	conf_tree_free(&t);
	/* the same through a chroot directory */
	f = fopen(path, "w");
	fprintf(f, "options {\n include \"/inc.conf\";\n};\n");
	fclose(f);
	assert_int_equal(conf_parse_file("named.conf", dir, &t, collect, &m),
			 R_OK);
	conf_tree_free(&t);
	/* glob patterns: matches read last to first, as BIND does */
	f = fopen(path, "w");
	fprintf(f, "options {\n include \"/inc*.conf\";\n};\n");
	fclose(f);
	assert_int_equal(conf_parse_file("named.conf", dir, &t, collect, &m),
			 R_OK);
	conf_tree_free(&t);
	f = fopen(path, "w");
	fprintf(f, "include \"/nomatch*.conf\";\n");
	fclose(f);
	m.errors = 0;
	assert_int_not_equal(conf_parse_file("named.conf", dir, &t, collect,
					     &m),
			     R_OK);
	assert_string_equal(m.first, "named.conf:1: parsing failed: file not "
				     "found");
	/* a loop is an error, not a crash */
	f = fopen(loop, "w");
	fprintf(f, "include \"%s\";\n", loop);
	fclose(f);
	m.errors = 0;
	assert_int_not_equal(conf_parse_file(loop, NULL, &t, collect, &m),
			     R_OK);
	assert_non_null(strstr(m.first, "include loop"));
	/* a missing file */
	m.errors = 0;
	assert_int_equal(conf_parse_file("/nonexistent/x.conf", NULL, &t,
					 collect, &m),
			 R_FILENOTFOUND);
	assert_string_equal(m.first,
			    "-:0: open: /nonexistent/x.conf: file not found");
	/* includes refused when parsing a buffer without them */
	const char *text = "include \"/etc/passwd\";";
	m.errors = 0;
	assert_int_not_equal(conf_parse_buffer(text, strlen(text), "b",
					       CONF_GRAMMAR_NAMED, false, &t,
					       collect, &m),
			     R_OK);
	remove(path);
	remove(inc);
	remove(loop);
	remove(dir);
}

static void
lexer_edges(void **state) {
	(void)state;
	/* slashes inside words, comments glued to tokens, '#' and '!' */
	conf_tree_t *t = parse_ok("acl a{10.0.0.0/8;//x\n!2001:db8::/32;"
				  "/*c*/1.2.3.4;#z\n};");
	conf_block_t *b = conf_block_findblock(t->top, "acl");
	assert_non_null(b);
	assert_int_equal(b->count, 3);
	assert_string_equal(b->first->name, "10.0.0.0/8");
	assert_true(b->first->next->negated);
	assert_string_equal(b->first->next->name, "2001:db8::/32");
	assert_int_equal(b->last->loc.line, 2);
	conf_tree_free(&t);
	/* escapes stay in strings; an empty string is a value */
	t = parse_ok("options { directory \"a\\\"b\"; version \"\"; };");
	conf_stmt_t *d = conf_block_find(conf_block_findblock(t->top,
							     "options"),
					 "directory");
	assert_string_equal(conf_stmt_arg(d, 0)->text, "a\\\"b");
	conf_tree_free(&t);
	parse_fail("options { ; };", "t.conf:1: syntax error near ';'");
	/* a NUL byte separates tokens, as in BIND 9.18 */
	{
		static const char nul[] = "options {\n directory\0\"/x\";"
					  " recursion no\0; };";
		msgs_t m = { .errors = 0 };
		conf_tree_t *t3 = NULL;
		assert_int_equal(conf_parse_buffer(nul, sizeof(nul) - 1,
						   "n.conf", CONF_GRAMMAR_NAMED,
						   false, &t3, collect, &m),
				 R_OK);
		conf_stmt_t *dir = conf_block_find(
			conf_block_findblock(t3->top, "options"), "directory");
		assert_string_equal(conf_stmt_arg(dir, 0)->text, "/x");
		conf_tree_free(&t3);
	}
	parse_fail("{ };", "t.conf:1: unexpected token near '{'");
}

static void
keyword_order(void **state) {
	(void)state;
	/* any order in, grammar order out */
	conf_tree_t *t = parse_ok(
		"tls t { cert-file \"c\"; key-file \"k\"; };\n"
		"http h { endpoints { \"/dns-query\"; }; };\n"
		"options { listen-on http h tls t port 443 { any; };\n"
		" allow-transfer transport tls { any; }; };\n");
	char *out = print_tree(t, 0);
	assert_non_null(strstr(out, "\tlisten-on port 443 tls \"t\" "
				    "http \"h\" {\n"));
	assert_non_null(strstr(out, "\tallow-transfer  transport \"tls\" "
				    "{\n"));
	/* tls prints key-file before cert-file, as BIND does */
	assert_true(strstr(out, "key-file") < strstr(out, "cert-file"));
	free(out);
	conf_tree_free(&t);
	parse_fail("options { listen-on port 1 port 2 { any; }; };",
		   "t.conf:1: unexpected 'port'");
}

static void
raw_text(void **state) {
	(void)state;
	/* dyndb's block is opaque: kept and printed as written */
	conf_tree_t *t = parse_ok("view v {\n dyndb \"x\" \"y\" { a b; "
				  "c { d; };\n  e; };\n};\n");
	conf_stmt_t *d = conf_block_find(conf_block_findblock(t->top, "view"),
					 "dyndb");
	assert_non_null(d);
	assert_string_equal(conf_stmt_block(d)->raw,
			    " a b; c { d; };\n  e; ");
	char *out = print_tree(t, 0);
	assert_string_equal(out, "view \"v\" {\n"
				 "\tdyndb \"x\" \"y\" { a b; c { d; };\n"
				 "  e; \t};\n"
				 "};\n");
	conf_tree_t *t2 = parse_ok(out);
	char *out2 = print_tree(t2, 0);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	conf_tree_free(&t);
	conf_tree_free(&t2);
	/* other blocks keep no text */
	t = parse_ok("options { directory \"/\"; };");
	assert_null(conf_block_findblock(t->top, "options")->raw);
	conf_tree_free(&t);
}

static void
empty_input(void **state) {
	(void)state;
	conf_tree_t *t = parse_ok("");
	assert_int_equal(t->top->count, 0);
	assert_null(conf_block_find(t->top, "options"));
	char *out = print_tree(t, 0);
	assert_string_equal(out, "");
	free(out);
	conf_tree_free(&t);
}

static void
misc_api(void **state) {
	(void)state;
	/* conf_log_stderr writes "file:line: msg" */
	char tmpl[] = "/tmp/confparse_logXXXXXX";
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	FILE *saved = stderr;
	stderr = fdopen(fd, "w+");
	assert_non_null(stderr);
	conf_log_stderr(NULL, CONF_SEV_ERROR, "f.conf", 7, "boom");
	conf_log_stderr(NULL, CONF_SEV_WARNING, NULL, 0, "no place");
	fflush(stderr);
	rewind(stderr);
	char buf[128] = { 0 };
	size_t n = fread(buf, 1, sizeof(buf) - 1, stderr);
	fclose(stderr);
	stderr = saved;
	remove(tmpl);
	buf[n] = '\0';
	assert_string_equal(buf, "f.conf:7: boom\nno place\n");

	/* rndc.conf read from a file */
	char rpath[] = "/tmp/confparse_rndcXXXXXX";
	fd = mkstemp(rpath);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "key k { algorithm hmac-sha256; secret \"x\"; };\n"
		   "options { default-key k; default-source-address *; };\n");
	fclose(f);
	msgs_t m = { .errors = 0 };
	conf_tree_t *t = NULL;
	assert_int_equal(conf_parse_file_grammar(rpath, NULL, CONF_GRAMMAR_RNDC,
						 &t, collect, &m),
			 R_OK);
	const conf_value_t *v = conf_stmt_arg(
		conf_block_find(conf_block_findblock(t->top, "options"),
				"default-source-address"),
		0);
	assert_int_equal(v->type, CONF_T_STAR);
	assert_true(conf_value_is(v, "*"));
	assert_false(conf_value_is(v, "any"));
	assert_false(conf_value_is(NULL, "any"));
	conf_tree_free(&t);
	/* the same file is not a named.conf */
	assert_int_not_equal(conf_parse_file(rpath, NULL, &t, collect, &m),
			     R_OK);
	remove(rpath);
	assert_non_null(schema_find_any("default-key"));
	assert_null(schema_find_any("no-such-clause"));
	assert_null(conf_block_find(NULL, "x"));
	assert_null(conf_stmt_findnext(NULL));
	assert_int_equal(conf_stmt_nargs(NULL), 0);
	assert_null(conf_stmt_arg(NULL, 0));
	conf_tree_free(NULL);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shape),	 cmocka_unit_test(syntax_errors),
		cmocka_unit_test(schema_errors), cmocka_unit_test(warnings),
		cmocka_unit_test(typed_values),	 cmocka_unit_test(aml),
		cmocka_unit_test(keywords),	 cmocka_unit_test(multi),
		cmocka_unit_test(printing),	 cmocka_unit_test(schema_lookup),
		cmocka_unit_test(rndc),		 cmocka_unit_test(includes),
		cmocka_unit_test(lexer_edges),	 cmocka_unit_test(keyword_order),
		cmocka_unit_test(empty_input),	 cmocka_unit_test(misc_api),
		cmocka_unit_test(raw_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
