/*
 * server_test.c - server generations (named/server.h): built from real
 * named.conf files in a temporary directory, with named's log lines
 * captured from stderr (the log module writes there before
 * log_configure()).
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <arpa/inet.h>
#include <unistd.h>
#undef R_OK /* unistd.h's access() mode; ours is the result code */

#include <cmocka.h>

#include "named/log.h"
#include "named/server_int.h"
#include "zones/rawfmt.h"
#include "zones/rdata.h"

static char tmpdir[256];
static char logbuf[65536];

/* ---- helpers ---- */

/* text (absolute with or without the final dot) as a name */
static void
mkname(name_t *n, const char *text) {
	char buf[300];
	size_t len = strlen(text);
	snprintf(buf, sizeof(buf), "%s%s", text,
	         len > 0 && text[len - 1] == '.' ? "" : ".");
	assert_int_equal(name_fromtext(n, buf, strlen(buf), NULL), R_OK);
}

static void
write_file(const char *name, const char *text) {
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Moves a file's mtime forward, so a rewrite within the same second is
 * seen as a change even on filesystems with 1 s timestamps. */
static void
bump_mtime(const char *name, int seconds) {
	char path[512];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_int_equal(stat(path, &st), 0);
	struct timeval tv[2] = {{st.st_atime, 0}, {st.st_mtime + seconds, 0}};
	assert_int_equal(utimes(path, tv), 0);
}

static void
rm_tree(const char *dir) {
	DIR *d = opendir(dir);
	if (d == NULL) {
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
		{
			continue;
		}
		char p[600];
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (unlink(p) != 0) {
			rmdir(p); /* the empty directory one test makes */
		}
	}
	closedir(d);
	rmdir(dir);
}

static int
setup(void **state) {
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/server_test.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		return -1;
	}
	return 0;
}

static int
teardown(void **state) {
	(void)state;
	server_publish(NULL, NULL);
	if (chdir("/") != 0) {
		return -1;
	}
	rm_tree(tmpdir);
	return 0;
}

/*
 * Builds from conf (written as named.conf, with "@DIR@" replaced by the
 * temporary directory), capturing everything logged into logbuf.
 */
static result_t
build(const char *conf, const srv_params_t *params, const srv_gen_t *prev,
      srv_gen_t **out) {
	char text[8192], *o = text;
	for (const char *p = conf; *p != '\0';) {
		if (strncmp(p, "@DIR@", 5) == 0) {
			o += sprintf(o, "%s", tmpdir);
			p += 5;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	write_file("named.conf", text);

	char path[512], lpath[512];
	snprintf(path, sizeof(path), "%s/named.conf", tmpdir);
	snprintf(lpath, sizeof(lpath), "%s.log", tmpdir);
	fflush(stderr);
	int saved = dup(2);
	int fd = open(lpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);
	srv_params_t def = {.port = 15290, .family = AF_INET, .threads = 2};
	result_t r = server_gen_build(path, params != NULL ? params : &def,
	                              prev, out);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	FILE *f = fopen(lpath, "r");
	assert_non_null(f);
	size_t n = fread(logbuf, 1, sizeof(logbuf) - 1, f);
	logbuf[n] = '\0';
	fclose(f);
	unlink(lpath);
	if (getenv("SERVER_TEST_LOG") != NULL) {
		fputs(logbuf, stderr);
	}
	return r;
}

static bool
logged(const char *text) {
	return strstr(logbuf, text) != NULL;
}

static srv_view_t *
view_named(const srv_gen_t *g, const char *name) {
	for (size_t i = 0; i < g->nviews; i++) {
		if (strcmp(g->views[i]->name, name) == 0) {
			return g->views[i];
		}
	}
	return NULL;
}

static srv_zone_t *
zone_named(const srv_view_t *v, const char *origin) {
	name_t n;
	mkname(&n, origin);
	for (size_t i = 0; i < v->nzones; i++) {
		if (name_equal(&v->zonelist[i]->origin, &n)) {
			return v->zonelist[i];
		}
	}
	return NULL;
}

/* The zone the view's table answers qname from, or NULL. */
static srv_zone_t *
table_find(const srv_view_t *v, const char *qname) {
	name_t n;
	zonetable_match_t m;
	srv_zone_t *z = NULL;
	mkname(&n, qname);
	zonetable_read_begin();
	if (zonetable_find(v->zones, &n, &m) == R_OK) {
		z = m.zone;
	}
	zonetable_read_end();
	return z;
}

static uint32_t
db_serial(srv_zone_t *z) {
	uint32_t serial = 0;
	const db_version_t *v = db_read_begin(z->db);
	assert_non_null(v);
	assert_int_equal(db_version_serial(v, &serial), R_OK);
	db_read_end(z->db);
	return serial;
}

static bool
allowed(const acl_t *acl, const char *addr) {
	struct sockaddr_in sin = {.sin_family = AF_INET};
	assert_int_equal(inet_pton(AF_INET, addr, &sin.sin_addr), 1);
	return acl_allowed(acl, (struct sockaddr *)&sin, NULL);
}

static void
zonefile(const char *file, const char *origin, unsigned serial,
         const char *extra) {
	char text[2048];
	snprintf(text, sizeof(text),
	         "$ORIGIN %s.\n$TTL 300\n"
	         "@ IN SOA ns1 host %u 3600 600 86400 300\n"
	         "  IN NS ns1\n"
	         "ns1 IN A 127.0.0.1\n%s",
	         origin, serial, extra != NULL ? extra : "");
	write_file(file, text);
}

#define OPTS                                                                   \
	"options { directory \"@DIR@\"; listen-on port 15290 { 127.0.0.1; "    \
	"}; listen-on-v6 { none; }; recursion no; dnssec-validation no; "      \
	"notify explicit; pid-file \"named.pid\"; };\ncontrols { };\n"

/* ---- tests ---- */

static void
test_zones_load_and_fail(void **state) {
	(void)state;
	zonefile("good.db", "good.test", 2026010101, NULL);
	write_file("bad.db", "$TTL 300\n@ IN SOA ns1 host 1 1 1 1 1\n"
	                     "@ IN NS ns1\nns1 IN A 127.0.0.999\n");
	zonefile("cname.db", "cname.test", 5,
	         "x IN CNAME ns1\nx IN A 1.2.3.4\n");
	write_file("nons.db", "$TTL 300\n@ IN SOA ns1 host 7 1 1 1 1\n"
	                      "ns1 IN A 127.0.0.1\n");
	zonefile("names.db", "names.test", 8, "bad_name IN A 1.2.3.4\n");
	zonefile("ooz.db", "ooz.test", 9, "other.example. IN A 1.2.3.4\n");
	char dir[600];
	snprintf(dir, sizeof(dir), "%s/dir.db", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	srv_gen_t *g = NULL;
	result_t r = build(
	        OPTS
	        "zone \"good.test\" { type primary; file \"good.db\"; };\n"
	        "zone \"bad.test\" { type primary; file \"bad.db\"; };\n"
	        "zone \"cname.test\" { type primary; file \"cname.db\"; };\n"
	        "zone \"nons.test\" { type primary; file \"nons.db\"; };\n"
	        "zone \"names.test\" { type primary; file \"names.db\"; };\n"
	        "zone \"ooz.test\" { type primary; file \"ooz.db\"; };\n"
	        "zone \"missing.test\" { type primary; file \"missing.db\"; "
	        "};\n"
	        "zone \"dir.test\" { type primary; file \"dir.db\"; };\n",
	        NULL, NULL, &g);
	assert_int_equal(r, R_OK);
	assert_non_null(g);
	assert_int_equal(g->nviews, 1);
	srv_view_t *v = g->views[0];
	assert_string_equal(v->name, "_default");
	assert_int_equal(v->nzones, 8);

	srv_zone_t *good = zone_named(v, "good.test");
	assert_true(good->loaded && good->served);
	assert_int_equal(good->serial, 2026010101u);
	assert_int_equal(db_serial(good), 2026010101u);
	assert_true(logged("zone good.test/IN: loaded serial 2026010101\n"));
	srv_zone_t *ooz = zone_named(v, "ooz.test");
	assert_true(ooz->loaded);
	assert_true(logged("ooz.db:6: ignoring out-of-zone data "
	                   "(other.example)"));

	const char *broken[] = {"bad.test",   "cname.test",   "nons.test",
	                        "names.test", "missing.test", "dir.test"};
	for (size_t i = 0; i < 6; i++) {
		srv_zone_t *z = zone_named(v, broken[i]);
		assert_non_null(z);
		assert_false(z->loaded);
		assert_null(z->db);
		assert_true(z->served);
		/* still in the table: the query path answers SERVFAIL */
		assert_ptr_equal(table_find(v, broken[i]), z);
		char line[200];
		snprintf(line, sizeof(line),
		         "zone %s/IN: not loaded due to errors.\n", broken[i]);
		assert_true(logged(line));
	}
	assert_true(logged("dns_rdata_fromtext: bad.db:4: near "
	                   "'127.0.0.999': bad dotted quad\n"));
	assert_true(logged("zone bad.test/IN: loading from master file "
	                   "bad.db failed: bad dotted quad\n"));
	assert_true(logged("dns_master_load: cname.db:7: x.cname.test: "
	                   "CNAME and other data\n"));
	assert_true(logged("zone cname.test/IN: loading from master file "
	                   "cname.db failed: CNAME and other data\n"));
	assert_true(logged("zone nons.test/IN: has no NS records\n"));
	assert_false(logged("loading from master file nons.db"));
	assert_true(logged("names.db:6: bad_name.names.test: bad owner "
	                   "name (check-names)\n"));
	assert_true(logged("zone missing.test/IN: loading from master file "
	                   "missing.db failed: file not found\n"));
	assert_true(logged("dns_master_load: dir.db:1: isc_lex_gettoken() "
	                   "failed: not a file\n"));
	assert_true(logged("zone dir.test/IN: loading from master file "
	                   "dir.db failed: not a file\n"));
	assert_true(logged("all zones loaded"));

	assert_ptr_equal(table_find(v, "www.good.test"), good);
	assert_null(table_find(v, "example.com"));
	server_gen_free(g);
}

static void
test_check_options(void **state) {
	(void)state;
	zonefile("names.db", "names.test", 8, "bad_name IN A 1.2.3.4\n");
	zonefile("names2.db", "names2.test", 8, "bad_name IN A 1.2.3.4\n");
	zonefile("mx.db", "mx.test", 3, "@ IN MX 10 1.2.3.4\n");
	srv_gen_t *g = NULL;
	/* check-names ignore in the options lets the zone load; a zone's
	 * own check-names overrides */
	assert_int_equal(
	        build("options { directory \"@DIR@\"; listen-on port 15290 { "
	              "127.0.0.1; }; listen-on-v6 { none; }; check-names "
	              "primary ignore; check-mx fail; };\n"
	              "zone \"names.test\" { type primary; file \"names.db\"; "
	              "};\n"
	              "zone \"names2.test\" { type primary; file "
	              "\"names2.db\"; "
	              "check-names fail; };\n"
	              "zone \"mx.test\" { type primary; file \"mx.db\"; };\n",
	              NULL, NULL, &g),
	        R_OK);
	srv_view_t *v = g->views[0];
	assert_true(zone_named(v, "names.test")->loaded);
	assert_false(zone_named(v, "names2.test")->loaded);
	assert_false(zone_named(v, "mx.test")->loaded);
	server_gen_free(g);
}

static void
test_options_values(void **state) {
	(void)state;
	zonefile("good.db", "good.test", 1, NULL);
	srv_gen_t *g = NULL;
	assert_int_equal(
	        build("acl \"bad\" { 10.0.0.0/8; };\n"
	              "options { directory \"@DIR@\"; listen-on port 15291 { "
	              "127.0.0.1; }; listen-on-v6 { none; }; recursion yes; "
	              "version \"v1.2\"; hostname none; server-id hostname; "
	              "edns-udp-size 4000; max-udp-size 9000; answer-cookie "
	              "no; "
	              "cookie-algorithm aes; cookie-secret "
	              "\"000102030405060708090a0b0c0d0e0f\"; querylog yes; "
	              "tcp-clients 77; tcp-idle-timeout 100; "
	              "tcp-initial-timeout 250; tcp-keepalive-timeout 400; "
	              "tcp-advertised-timeout 0; pid-file \"my.pid\"; "
	              "dump-file \"/var/tmp/dump.db\"; "
	              "blackhole { bad; }; minimal-responses no-auth; "
	              "minimal-any yes; allow-query { 127.0.0.1; }; };\n"
	              "zone \"good.test\" { type primary; file \"good.db\"; "
	              "allow-query { 192.0.2.0/24; }; };\n",
	              NULL, NULL, &g),
	        R_OK);
	assert_string_equal(g->version, "v1.2");
	assert_null(g->hostname);
	char hn[256];
	assert_int_equal(gethostname(hn, sizeof(hn)), 0);
	assert_string_equal(g->server_id, hn);
	assert_int_equal(g->edns_udp_size, 4000);
	assert_int_equal(g->max_udp_size, 4096); /* clamped as named does */
	assert_false(g->answer_cookie);
	assert_int_equal(g->cookie_alg, 1);
	assert_int_equal(g->cookie_secret_len, 16);
	assert_int_equal(g->cookie_secret[0], 0);
	assert_int_equal(g->cookie_secret[15], 0x0f);
	assert_int_equal(g->querylog, 1);
	assert_int_equal(g->tcp_clients, 77);
	assert_int_equal(g->tcp_idle_timeout, 100);
	assert_int_equal(g->tcp_initial_timeout, 250);
	assert_int_equal(g->tcp_keepalive_timeout, 400);
	assert_int_equal(g->tcp_advertised_timeout, 0);
	char want[600];
	snprintf(want, sizeof(want), "%s/my.pid", g->directory);
	assert_string_equal(g->pid_file, want);
	assert_string_equal(g->dump_file, "/var/tmp/dump.db");
	assert_non_null(g->statistics_file);
	/* directory is absolute and is where we are now */
	char cwd[512];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_string_equal(g->directory, cwd);
	assert_non_null(g->blackhole);
	assert_true(allowed(g->blackhole, "10.1.2.3"));
	assert_false(allowed(g->blackhole, "11.1.2.3"));

	srv_view_t *v = g->views[0];
	assert_true(v->recursion);
	assert_true(logged("named.conf:2: recursion yes: this server is "
	                   "authoritative-only; recursive queries are "
	                   "refused\n"));
	assert_int_equal(v->minimal_responses, SRV_MINIMAL_NO_AUTH);
	assert_true(v->minimal_any);
	assert_non_null(v->allow_query);
	assert_true(allowed(v->allow_query, "127.0.0.1"));
	assert_false(allowed(v->allow_query, "127.0.0.2"));
	assert_null(v->match_clients);
	srv_zone_t *z = zone_named(v, "good.test");
	assert_non_null(z->allow_query);
	assert_true(allowed(z->allow_query, "192.0.2.7"));
	assert_false(allowed(z->allow_query, "127.0.0.1"));
	assert_null(z->allow_query_on);

	assert_int_equal(g->nlisten, 1);
	const struct sockaddr_in *sin =
	        (const struct sockaddr_in *)&g->listen[0].addr;
	assert_int_equal(sin->sin_family, AF_INET);
	assert_int_equal(ntohs(sin->sin_port), 15291);
	assert_int_equal(ntohl(sin->sin_addr.s_addr), 0x7f000001);
	server_gen_free(g);
}

/* Options the query path reads per answer, resolved at build time. */
static void
test_query_options(void **state) {
	(void)state;
	zonefile("good.db", "good.test", 1, NULL);
	zonefile("other.db", "other.test", 1, NULL);
	srv_gen_t *g = NULL;
	srv_params_t p = {.port = 15293, .family = AF_INET, .threads = 1};
	assert_int_equal(build("options { directory \"@DIR@\"; "
	                       "preferred-glue AAAA; zero-no-soa-ttl no; };\n"
	                       "zone \"good.test\" { type primary; file "
	                       "\"good.db\"; };\n"
	                       "zone \"other.test\" { type primary; file "
	                       "\"other.db\"; zero-no-soa-ttl yes; };\n",
	                       &p, NULL, &g),
	                 R_OK);
	srv_view_t *v = g->views[0];
	assert_int_equal(v->preferred_glue, RRTYPE_AAAA);
	assert_false(zone_named(v, "good.test")->zero_no_soa_ttl);
	assert_true(zone_named(v, "other.test")->zero_no_soa_ttl);

	/* A changed inherited value makes a new zone object on reload, so
	 * a shared zone never carries a stale one. */
	srv_gen_t *g2 = NULL;
	assert_int_equal(build("options { directory \"@DIR@\"; "
	                       "preferred-glue A; };\n"
	                       "zone \"good.test\" { type primary; file "
	                       "\"good.db\"; };\n"
	                       "zone \"other.test\" { type primary; file "
	                       "\"other.db\"; zero-no-soa-ttl yes; };\n",
	                       &p, g, &g2),
	                 R_OK);
	srv_view_t *v2 = g2->views[0];
	assert_int_equal(v2->preferred_glue, RRTYPE_A);
	assert_true(zone_named(v2, "good.test")->zero_no_soa_ttl);
	assert_ptr_not_equal(zone_named(v2, "good.test"),
	                     zone_named(v, "good.test"));
	server_gen_free(g2);
	server_gen_free(g);
}

static void
test_options_defaults(void **state) {
	(void)state;
	zonefile("good.db", "good.test", 1, NULL);
	srv_gen_t *g = NULL;
	srv_params_t p = {.port = 15292, .family = AF_INET, .threads = 1};
	assert_int_equal(build("options { directory \"@DIR@\"; };\n"
	                       "zone \"good.test\" { type primary; file "
	                       "\"good.db\"; };\n",
	                       &p, NULL, &g),
	                 R_OK);
	assert_string_equal(g->version, SRV_VERSION_DEFAULT);
	char hn[256];
	assert_int_equal(gethostname(hn, sizeof(hn)), 0);
	assert_string_equal(g->hostname, hn);
	assert_null(g->server_id);
	assert_int_equal(g->edns_udp_size, 1232);
	assert_int_equal(g->max_udp_size, 1232);
	assert_true(g->answer_cookie);
	assert_int_equal(g->cookie_alg, 0);
	assert_int_equal(g->cookie_secret_len, 16);
	assert_int_equal(g->querylog, -1);
	assert_int_equal(g->tcp_clients, 150);
	assert_int_equal(g->tcp_initial_timeout, 300);
	assert_int_equal(g->tcp_idle_timeout, 300);
	assert_int_equal(g->tcp_keepalive_timeout, 300);
	assert_int_equal(g->tcp_advertised_timeout, 300);
	assert_string_equal(g->pid_file, SRV_PIDFILE_DEFAULT);
	char want[600];
	snprintf(want, sizeof(want), "%s/named_dump.db", g->directory);
	assert_string_equal(g->dump_file, want);
	snprintf(want, sizeof(want), "%s/named.stats", g->directory);
	assert_string_equal(g->statistics_file, want);
	assert_null(g->blackhole);
	srv_view_t *v = g->views[0];
	assert_true(v->recursion); /* BIND's default, but not warned about */
	assert_false(logged("recursion yes"));
	assert_int_equal(v->minimal_responses, SRV_MINIMAL_NO_AUTH_RECURSIVE);
	assert_false(v->minimal_any);
	assert_int_equal(v->preferred_glue, 0);
	assert_true(zone_named(v, "good.test")->zero_no_soa_ttl);
	assert_null(v->allow_query);
	assert_null(v->allow_query_on);
	assert_null(v->match_clients);
	assert_null(v->match_destinations);

	/* no listen-on: every IPv4 interface address, on params->port;
	 * -4 keeps IPv6 out */
	srv_ifaddr_t *ifs;
	size_t nifs, nv4 = 0;
	assert_int_equal(srvopt_interfaces(&ifs, &nifs), R_OK);
	for (size_t i = 0; i < nifs; i++) {
		nv4 += ifs[i].addr.ss_family == AF_INET;
	}
	free(ifs);
	assert_true(nv4 >= 1);
	assert_int_equal(g->nlisten, nv4);
	bool lo = false;
	for (size_t i = 0; i < g->nlisten; i++) {
		const struct sockaddr_in *sin =
		        (const struct sockaddr_in *)&g->listen[i].addr;
		assert_int_equal(sin->sin_family, AF_INET);
		assert_int_equal(ntohs(sin->sin_port), 15292);
		lo |= ntohl(sin->sin_addr.s_addr) == 0x7f000001;
	}
	assert_true(lo);
	server_gen_free(g);
}

/* srvopt_listeners over a fixed interface list. */
static void
add_if(srv_ifaddr_t *ifs, size_t *n, const char *text) {
	memset(&ifs[*n], 0, sizeof(ifs[*n]));
	if (strchr(text, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ifs[*n].addr;
		s6->sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, text, &s6->sin6_addr), 1);
		ifs[*n].addrlen = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ifs[*n].addr;
		s4->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, text, &s4->sin_addr), 1);
		ifs[*n].addrlen = sizeof(*s4);
	}
	(*n)++;
}

static void
quiet(void *arg, conf_sev_t sev, const char *file, unsigned line,
      const char *msg) {
	(void)arg, (void)sev, (void)file, (void)line, (void)msg;
}

static size_t
listeners(const char *conf, int family, in_port_t port, char out[][64]) {
	conf_tree_t *tree = NULL;
	assert_int_equal(conf_parse_buffer(conf, strlen(conf), "t.conf",
	                                   CONF_GRAMMAR_NAMED, false, &tree,
	                                   quiet, NULL),
	                 R_OK);
	srv_ifaddr_t ifs[8];
	size_t n = 0;
	add_if(ifs, &n, "127.0.0.1");
	add_if(ifs, &n, "192.0.2.5");
	add_if(ifs, &n, "198.51.100.1");
	add_if(ifs, &n, "::1");
	add_if(ifs, &n, "2001:db8::1");
	add_if(ifs, &n, "127.0.0.1"); /* an address on two interfaces */
	srv_gen_t gen = {0};
	srv_params_t p = {.port = port, .family = family};
	assert_int_equal(
	        srvopt_listeners(&gen, tree,
	                         conf_block_findblock(tree->top, "options"), &p,
	                         ifs, n, NULL, NULL),
	        R_OK);
	for (size_t i = 0; i < gen.nlisten; i++) {
		char a[INET6_ADDRSTRLEN];
		const struct sockaddr *sa =
		        (const struct sockaddr *)&gen.listen[i].addr;
		if (sa->sa_family == AF_INET) {
			const struct sockaddr_in *s = (const void *)sa;
			inet_ntop(AF_INET, &s->sin_addr, a, sizeof(a));
			snprintf(out[i], 64, "%s#%u", a, ntohs(s->sin_port));
		} else {
			const struct sockaddr_in6 *s = (const void *)sa;
			inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof(a));
			snprintf(out[i], 64, "%s#%u", a, ntohs(s->sin6_port));
		}
	}
	size_t cnt = gen.nlisten;
	free(gen.listen);
	conf_tree_free(&tree);
	return cnt;
}

static void
test_listeners(void **state) {
	(void)state;
	char l[8][64];
	/* first list that allows an address gives its port */
	assert_int_equal(
	        listeners("options { listen-on port 1111 { 192.0.2.0/24; }; "
	                  "listen-on { 127.0.0.1; }; listen-on-v6 { none; }; "
	                  "};",
	                  0, 5300, l),
	        2);
	assert_string_equal(l[0], "127.0.0.1#5300");
	assert_string_equal(l[1], "192.0.2.5#1111");
	/* a negated element stops the search for that address */
	assert_int_equal(listeners("options { listen-on { !127.0.0.1; any; }; "
	                           "listen-on port 53 { 127.0.0.1; }; "
	                           "listen-on-v6 port 5353 { ::1; }; };",
	                           0, 0, l),
	                 3);
	assert_string_equal(l[0], "192.0.2.5#53");
	assert_string_equal(l[1], "198.51.100.1#53");
	assert_string_equal(l[2], "::1#5353");
	/* no statements: both families, every address; -6 keeps IPv6 */
	assert_int_equal(listeners("options { };", AF_INET6, 15293, l), 2);
	assert_string_equal(l[0], "::1#15293");
	assert_string_equal(l[1], "2001:db8::1#15293");
	/* options' port when -p is not given; named acl */
	assert_int_equal(
	        listeners("acl lo { 127/8; }; options { port 5301; "
	                  "listen-on { lo; }; listen-on-v6 { none; }; };",
	                  0, 0, l),
	        1);
	assert_string_equal(l[0], "127.0.0.1#5301");
	assert_int_equal(listeners("options { listen-on { none; }; "
	                           "listen-on-v6 { none; }; };",
	                           0, 53, l),
	                 0);
}

static void
test_compile_aml(void **state) {
	(void)state;
	const char *conf =
	        "acl a { !10.1/16; 10/8; };\n"
	        "acl b { a; 192.0.2.1; };\n"
	        "options { blackhole { ! 10.2.3.4; b; { 203.0.113/24; }; "
	        "localhost; nosuch; }; };";
	conf_tree_t *tree = NULL;
	assert_int_equal(conf_parse_buffer(conf, strlen(conf), "t.conf",
	                                   CONF_GRAMMAR_NAMED, false, &tree,
	                                   quiet, NULL),
	                 R_OK);
	const conf_block_t *opt = conf_block_findblock(tree->top, "options");
	const conf_block_t *bh = conf_block_findblock(opt, "blackhole");
	acl_t *acl = NULL;
	/* an unknown acl name is an error, not a silent "nothing" */
	assert_int_equal(srvopt_compile_aml(tree, bh, NULL, NULL, &acl),
	                 R_NOTFOUND);
	assert_null(acl);
	conf_tree_free(&tree);

	conf = "acl a { !10.1/16; 10/8; };\n"
	       "acl b { a; 192.0.2.1; };\n"
	       "options { blackhole { ! 10.2.3.4; b; { 203.0.113/24; }; "
	       "localhost; }; };";
	assert_int_equal(conf_parse_buffer(conf, strlen(conf), "t.conf",
	                                   CONF_GRAMMAR_NAMED, false, &tree,
	                                   quiet, NULL),
	                 R_OK);
	opt = conf_block_findblock(tree->top, "options");
	bh = conf_block_findblock(opt, "blackhole");
	acl_t *lh = NULL;
	assert_int_equal(acl_create(&lh), R_OK);
	assert_int_equal(acl_add_text(lh, false, "198.51.100.9"), R_OK);
	assert_int_equal(srvopt_compile_aml(tree, bh, lh, NULL, &acl), R_OK);
	assert_true(allowed(acl, "10.9.9.9"));
	assert_false(allowed(acl, "10.2.3.4"));
	assert_false(allowed(acl, "10.1.0.1")); /* denied inside b: no match */
	assert_true(allowed(acl, "192.0.2.1"));
	assert_true(allowed(acl, "203.0.113.44"));
	assert_true(allowed(acl, "198.51.100.9"));
	assert_false(allowed(acl, "198.51.100.8"));
	acl_detach(&acl);
	acl_detach(&lh);
	conf_tree_free(&tree);
}

static void
test_option_lookup(void **state) {
	(void)state;
	const char *conf = "options { version \"x\"; };";
	conf_tree_t *tree = NULL;
	assert_int_equal(conf_parse_buffer(conf, strlen(conf), "t.conf",
	                                   CONF_GRAMMAR_NAMED, false, &tree,
	                                   quiet, NULL),
	                 R_OK);
	srv_gen_t gen = {0};
	assert_int_equal(cfg_build(tree, &gen.cfg), R_OK);
	const conf_block_t *opt = conf_block_findblock(tree->top, "options");
	const conf_stmt_t *s = srvopt_stmt(&gen, opt, "version");
	assert_non_null(s);
	assert_false(srvopt_is_default(s));
	assert_string_equal(conf_stmt_arg(s, 0)->text, "x");
	/* not written: the clause table's default */
	s = srvopt_stmt(&gen, opt, "edns-udp-size");
	assert_non_null(s);
	assert_true(srvopt_is_default(s));
	assert_string_equal(conf_stmt_arg(s, 0)->text, "1232");
	/* no default at all */
	assert_null(srvopt_stmt(&gen, opt, "blackhole"));
	assert_false(srvopt_is_default(NULL));
	/* no options block */
	assert_non_null(srvopt_stmt(&gen, NULL, "tcp-clients"));
	cfg_free(&gen.cfg);
	conf_tree_free(&tree);
}

static void
test_views(void **state) {
	(void)state;
	zonefile("a.db", "a.test", 11, NULL);
	zonefile("b.db", "b.test", 22, NULL);
	zonefile("b2.db", "b.test", 23, NULL);
	write_file("hints.db", ". 3600 IN NS a.root.\n"
	                       "a.root. 3600 IN A 192.0.2.53\n");
	srv_gen_t *g = NULL;
	assert_int_equal(
	        build("acl internal { 127.0.0.0/8; };\n" OPTS
	              "view \"in\" { match-clients { internal; }; "
	              "minimal-responses yes; allow-query-on { 127.0.0.1; };\n"
	              " zone \"a.test\" { type primary; file \"a.db\"; };\n"
	              " zone \"b.test\" { type primary; file \"b.db\"; };\n"
	              " zone \".\" { type hint; file \"hints.db\"; };\n"
	              "};\n"
	              "view \"out\" { match-clients { any; }; "
	              "match-recursive-only no;\n"
	              " zone \"b.test\" { type primary; file \"b2.db\"; };\n"
	              " zone \"a.test\" { in-view \"in\"; };\n"
	              " zone \"sec.test\" { type secondary; primaries { "
	              "127.0.0.1 port 15299; }; file \"sec.db\"; };\n"
	              "};\n",
	              NULL, NULL, &g),
	        R_OK);
	assert_int_equal(g->nviews, 2);
	srv_view_t *in = view_named(g, "in"), *out = view_named(g, "out");
	assert_non_null(in);
	assert_non_null(out);
	assert_int_equal(in->rclass, 1);
	assert_true(allowed(in->match_clients, "127.0.0.5"));
	assert_false(allowed(in->match_clients, "192.0.2.1"));
	assert_true(allowed(out->match_clients, "192.0.2.1"));
	assert_int_equal(in->minimal_responses, SRV_MINIMAL_YES);
	assert_int_equal(out->minimal_responses, SRV_MINIMAL_NO_AUTH_RECURSIVE);
	assert_non_null(in->allow_query_on);
	assert_null(out->allow_query_on);
	assert_false(in->recursion); /* from options */

	srv_zone_t *ina = zone_named(in, "a.test");
	srv_zone_t *inb = zone_named(in, "b.test");
	srv_zone_t *outb = zone_named(out, "b.test");
	assert_true(ina->loaded && inb->loaded && outb->loaded);
	assert_ptr_not_equal(inb, outb);
	assert_int_equal(db_serial(inb), 22);
	assert_int_equal(db_serial(outb), 23);
	assert_true(logged("zone a.test/IN/in: loaded serial 11\n"));
	assert_true(logged("zone b.test/IN/out: loaded serial 23\n"));
	assert_string_equal(srvzone_typetext(CFG_ZONE_SECONDARY), "secondary");
	assert_string_equal(srvzone_typetext(CFG_ZONE_STATICSTUB),
	                    "static-stub");
	/* in-view shares the object, and its cfg is the defining zone's */
	assert_ptr_equal(zone_named(out, "a.test"), ina);
	assert_int_equal(atomic_load(&ina->refs), 2);
	assert_ptr_equal(table_find(out, "x.a.test"), ina);
	assert_ptr_equal(table_find(out, "x.b.test"), outb);
	assert_ptr_equal(table_find(in, "x.b.test"), inb);

	/* the hint zone is kept silently and out of the table */
	srv_zone_t *hint = zone_named(in, ".");
	assert_non_null(hint);
	assert_false(hint->served);
	assert_null(table_find(in, "example.com"));
	assert_false(logged("type hint"));
	/* other types: in the table, not served, a warning */
	srv_zone_t *sec = zone_named(out, "sec.test");
	assert_false(sec->served);
	assert_false(sec->loaded);
	assert_ptr_equal(table_find(out, "sec.test"), sec);
	assert_true(logged("zone sec.test/IN/out: type secondary is not "
	                   "served yet\n"));
	assert_false(logged("recursion yes"));

	server_publish(g, NULL);
	zonetable_read_begin();
	const srv_gen_t *cur = server_current();
	assert_ptr_equal(cur, g);
	/* publication moved the in-view object's cfg to this generation */
	assert_ptr_equal(server_zone_cfg(ina), in->zonecfg[0]);
	zonetable_read_end();

	/* view "out" goes: its own zones are removed, the in-view entry is
	 * not (it is view "in"'s zone, which stays and is shared) */
	srv_gen_t *g2 = NULL;
	assert_int_equal(
	        build("acl internal { 127.0.0.0/8; };\n" OPTS
	              "view \"in\" { match-clients { internal; }; "
	              "minimal-responses yes; allow-query-on { 127.0.0.1; };\n"
	              " zone \"a.test\" { type primary; file \"a.db\"; };\n"
	              " zone \"b.test\" { type primary; file \"b.db\"; };\n"
	              " zone \".\" { type hint; file \"hints.db\"; };\n"
	              "};\n",
	              NULL, g, &g2),
	        R_OK);
	assert_true(logged("zone sec.test/IN/out: (secondary) removed\n"));
	assert_true(logged("zone b.test/IN/out: (primary) removed\n"));
	assert_false(logged("zone a.test/IN/in: (primary) removed"));
	assert_false(logged("loaded serial"));
	assert_ptr_equal(zone_named(g2->views[0], "a.test"), ina);
	server_publish(g2, NULL);
	assert_int_equal(atomic_load(&ina->refs), 1);
}

static void
test_reload(void **state) {
	(void)state;
	zonefile("a.db", "a.test", 1, NULL);
	zonefile("b.db", "b.test", 1, NULL);
	zonefile("c.db", "c.test", 1, NULL);
	const char *conf =
	        OPTS "zone \"a.test\" { type primary; file \"a.db\"; };\n"
	             "zone \"b.test\" { type primary; file \"b.db\"; };\n"
	             "zone \"c.test\" { type primary; file \"c.db\"; };\n";
	srv_gen_t *g1 = NULL, *g2 = NULL, *g3 = NULL, *old = NULL;
	assert_int_equal(build(conf, NULL, NULL, &g1), R_OK);
	server_publish(g1, &old);
	assert_null(old);

	/* unchanged config and files: every zone object shared, not read */
	assert_int_equal(build(conf, NULL, g1, &g2), R_OK);
	assert_false(logged("loaded serial"));
	for (size_t i = 0; i < 3; i++) {
		assert_ptr_equal(g2->views[0]->zonelist[i],
		                 g1->views[0]->zonelist[i]);
		assert_int_equal(atomic_load(&g2->views[0]->zonelist[i]->refs),
		                 2);
	}
	db_t *adb = zone_named(g1->views[0], "a.test")->db;
	server_publish(g2, &old);
	assert_ptr_equal(old, g1);
	server_gen_free(old);
	assert_int_equal(atomic_load(&g2->views[0]->zonelist[0]->refs), 1);

	/* b's file changes; c is dropped; a's options change; d is new */
	zonefile("b.db", "b.test", 2, NULL);
	bump_mtime("b.db", 5);
	zonefile("d.db", "d.test", 4, NULL);
	const char *conf3 =
	        OPTS "zone \"a.test\" { type primary; file \"a.db\"; };\n"
	             "zone \"b.test\" { type primary; file \"b.db\"; };\n"
	             "zone \"d.test\" { type primary; file \"d.db\"; "
	             "check-names warn; };\n";
	assert_int_equal(build(conf3, NULL, g2, &g3), R_OK);
	srv_view_t *v2 = g2->views[0], *v3 = g3->views[0];
	assert_int_equal(v3->nzones, 3);
	assert_ptr_equal(zone_named(v3, "a.test"), zone_named(v2, "a.test"));
	assert_ptr_equal(zone_named(v3, "a.test")->db, adb);
	assert_ptr_not_equal(zone_named(v3, "b.test"),
	                     zone_named(v2, "b.test"));
	assert_int_equal(db_serial(zone_named(v3, "b.test")), 2);
	assert_int_equal(db_serial(zone_named(v2, "b.test")), 1);
	assert_null(zone_named(v3, "c.test"));
	assert_null(table_find(v3, "c.test"));
	assert_true(zone_named(v3, "d.test")->loaded);
	assert_true(logged("zone b.test/IN: loaded serial 2\n"));
	assert_true(logged("zone d.test/IN: loaded serial 4\n"));
	assert_false(logged("zone a.test/IN: loaded"));
	assert_true(logged("zone c.test/IN: (primary) removed\n"));
	assert_false(logged("zone a.test/IN: (primary) removed"));
	server_publish(g3, NULL); /* frees g2, and c with it */

	/* a zone option change reloads the zone */
	srv_gen_t *g4 = NULL;
	const char *conf4 =
	        OPTS "zone \"a.test\" { type primary; file \"a.db\"; "
	             "check-mx warn; };\n"
	             "zone \"b.test\" { type primary; file \"b.db\"; };\n"
	             "zone \"d.test\" { type primary; file \"d.db\"; "
	             "check-names warn; };\n";
	assert_int_equal(build(conf4, NULL, g3, &g4), R_OK);
	assert_ptr_not_equal(zone_named(g4->views[0], "a.test"),
	                     zone_named(g3->views[0], "a.test"));
	assert_true(logged("zone a.test/IN: loaded serial 1\n"));
	assert_ptr_equal(zone_named(g4->views[0], "d.test"),
	                 zone_named(g3->views[0], "d.test"));
	server_publish(g4, NULL);

	/* a file broken on reload: logged, and the old data stays */
	write_file("b.db", "$TTL 300\n@ IN SOA ns1 host 3 1 1 1 1\n"
	                   "@ IN NS ns1\nns1 IN A 1.2.3\n");
	bump_mtime("b.db", 10);
	srv_gen_t *g5 = NULL;
	assert_int_equal(build(conf4, NULL, g4, &g5), R_OK);
	assert_true(logged("zone b.test/IN: not loaded due to errors.\n"));
	srv_zone_t *b5 = zone_named(g5->views[0], "b.test");
	srv_zone_t *b4 = zone_named(g4->views[0], "b.test");
	assert_ptr_not_equal(b5, b4);
	assert_ptr_equal(b5->db, b4->db);
	assert_true(b5->loaded);
	assert_int_equal(b5->serial, 2);
	assert_int_equal(db_serial(b5), 2);
	assert_ptr_equal(table_find(g5->views[0], "b.test"), b5);
	server_publish(g5, NULL); /* b4 goes; the shared data stays */
	assert_int_equal(db_serial(b5), 2);

	/* still broken, and the zone's options change too: the old data
	 * is still what is served, under the new options */
	srv_gen_t *g5b = NULL;
	const char *conf5 =
	        OPTS "zone \"a.test\" { type primary; file \"a.db\"; "
	             "check-mx warn; };\n"
	             "zone \"b.test\" { type primary; file \"b.db\"; "
	             "allow-query { 127.0.0.1; }; };\n"
	             "zone \"d.test\" { type primary; file \"d.db\"; "
	             "check-names warn; };\n";
	assert_int_equal(build(conf5, NULL, g5, &g5b), R_OK);
	assert_true(logged("zone b.test/IN: not loaded due to errors.\n"));
	srv_zone_t *b5b = zone_named(g5b->views[0], "b.test");
	assert_ptr_equal(b5b->db, b5->db);
	assert_non_null(b5b->allow_query);
	assert_int_equal(db_serial(b5b), 2);
	/* only an unloaded object takes data, only from the same zone */
	assert_false(srvzone_keep_data(b5b, b5));
	srv_zone_t *d5 = zone_named(g5b->views[0], "d.test");
	d5->loaded = false;
	assert_false(srvzone_keep_data(d5, b5));
	d5->loaded = true;
	server_publish(g5b, NULL);

	/* fixed again: read again, since the recorded mtime is older */
	zonefile("b.db", "b.test", 6, NULL);
	bump_mtime("b.db", 20);
	srv_gen_t *g6 = NULL;
	assert_int_equal(build(conf4, NULL, g5b, &g6), R_OK);
	assert_int_equal(db_serial(zone_named(g6->views[0], "b.test")), 6);
	server_publish(g6, NULL);
}

static size_t
count_logged(const char *text) {
	size_t n = 0;
	for (const char *p = logbuf; (p = strstr(p, text)) != NULL; p++) {
		n++;
	}
	return n;
}

/* "recursion yes" is warned about once per statement, not per view. */
static void
test_recursion_warning(void **state) {
	(void)state;
	srv_gen_t *g = NULL;
	assert_int_equal(
	        build("options { directory \"@DIR@\"; listen-on port 15290 { "
	              "127.0.0.1; }; listen-on-v6 { none; }; recursion yes; "
	              "};\n"
	              "view a { };\nview b { };\n"
	              "view c { recursion no; };\nview d { recursion yes; };\n",
	              NULL, NULL, &g),
	        R_OK);
	assert_int_equal(g->nviews, 4);
	assert_true(g->views[0]->recursion && g->views[1]->recursion);
	assert_false(g->views[2]->recursion);
	assert_true(g->views[3]->recursion);
	assert_int_equal(count_logged("recursion yes: this server"), 2);
	assert_true(logged("named.conf:1: recursion yes"));
	assert_true(logged("named.conf:5: recursion yes"));
	server_gen_free(g);
}

/* $INCLUDEd files count as the zone's files: changing one reloads. */
static void
test_reload_include(void **state) {
	(void)state;
	zonefile("inc.db", "i.test", 1, "$INCLUDE \"part.db\"\n");
	write_file("part.db", "www IN A 192.0.2.80\n");
	const char *conf =
	        OPTS "zone \"i.test\" { type primary; file \"inc.db\"; };\n";
	srv_gen_t *g1 = NULL, *g2 = NULL, *g3 = NULL;
	assert_int_equal(build(conf, NULL, NULL, &g1), R_OK);
	srv_zone_t *z1 = g1->views[0]->zonelist[0];
	assert_true(z1->loaded);
	assert_int_equal(build(conf, NULL, g1, &g2), R_OK);
	assert_ptr_equal(g2->views[0]->zonelist[0], z1);

	/* same size, same second: the nanosecond mtime still tells */
	write_file("part.db", "www IN A 192.0.2.81\n");
	assert_int_equal(build(conf, NULL, g2, &g3), R_OK);
	srv_zone_t *z3 = g3->views[0]->zonelist[0];
	assert_ptr_not_equal(z3, z1);
	assert_true(z3->loaded);
	assert_true(logged("zone i.test/IN: loaded serial 1\n"));
	server_gen_free(g1);
	server_gen_free(g2);
	server_gen_free(g3);
}

static void
test_bad_config(void **state) {
	(void)state;
	zonefile("a.db", "a.test", 1, NULL);
	srv_gen_t *g = NULL, *bad = (srv_gen_t *)1;
	assert_int_equal(build(OPTS "zone \"a.test\" { type primary; file "
	                            "\"a.db\"; };\n",
	                       NULL, NULL, &g),
	                 R_OK);
	server_publish(g, NULL);

	/* syntax error: R_FAILURE, named's "loading configuration: failure" */
	assert_int_equal(build("options { directory \"@DIR@\" "
	                       "recursion no; };\n",
	                       NULL, g, &bad),
	                 R_FAILURE);
	assert_null(bad);
	char want[600];
	snprintf(want, sizeof(want),
	         "%s/named.conf:1: missing ';' before 'recursion'", tmpdir);
	assert_true(logged(want));
	assert_false(logged("loading configuration: failure\n"));

	/* semantic error (named-checkconf's) */
	bad = (srv_gen_t *)1;
	assert_int_equal(build(OPTS "zone \"a.test\" { type primary; };\n",
	                       NULL, g, &bad),
	                 R_FAILURE);
	assert_null(bad);
	assert_true(logged("zone 'a.test': missing 'file' entry"));

	/* root hints that do not load refuse the configuration */
	write_file("hints.db", ". 3600 IN NS a.root.\n"
	                       "a.root. 3600 IN A 192.0.2\n");
	bad = (srv_gen_t *)1;
	assert_int_equal(build(OPTS "zone \".\" { type hint; file "
	                            "\"hints.db\"; };\n",
	                       NULL, g, &bad),
	                 R_BADDOTTEDQUAD);
	assert_null(bad);
	assert_true(logged("dns_rdata_fromtext: hints.db:2: near "
	                   "'192.0.2': bad dotted quad\n"));
	assert_true(logged("could not configure root hints from 'hints.db': "
	                   "bad dotted quad\n"));
	/* the caller words it: "loading configuration: bad dotted quad" */
	bad = (srv_gen_t *)1;
	assert_int_equal(build(OPTS "zone \".\" { type hint; file "
	                            "\"nohints.db\"; };\n",
	                       NULL, g, &bad),
	                 R_FILENOTFOUND);
	assert_null(bad);
	assert_true(logged("could not configure root hints from "
	                   "'nohints.db': file not found\n"));
	/* idem: "loading configuration: file not found" */

	/* a directory that does not exist */
	bad = (srv_gen_t *)1;
	assert_int_not_equal(build("options { directory \"/nonexistent/x\"; "
	                           "};\n",
	                           NULL, g, &bad),
	                     R_OK);
	assert_null(bad);
	assert_true(logged("change directory to '/nonexistent/x' failed"));

	/* the published generation is untouched and still shares nothing */
	zonetable_read_begin();
	assert_ptr_equal(server_current(), g);
	zonetable_read_end();
	assert_int_equal(atomic_load(&g->views[0]->zonelist[0]->refs), 1);
	assert_true(g->views[0]->zonelist[0]->loaded);
}

static void
test_raw_format(void **state) {
	(void)state;
	name_t origin, ns;
	assert_int_equal(name_fromtext(&origin, "raw.test.", 9, NULL), R_OK);
	assert_int_equal(name_fromtext(&ns, "ns1.raw.test.", 13, NULL), R_OK);
	uint8_t soa[300];
	size_t sl = 0;
	memcpy(soa, ns.wire, ns.length);
	sl += ns.length;
	memcpy(soa + sl, ns.wire, ns.length);
	sl += ns.length;
	const uint32_t vals[5] = {77, 3600, 600, 86400, 300};
	for (int i = 0; i < 5; i++) {
		soa[sl++] = (uint8_t)(vals[i] >> 24);
		soa[sl++] = (uint8_t)(vals[i] >> 16);
		soa[sl++] = (uint8_t)(vals[i] >> 8);
		soa[sl++] = (uint8_t)vals[i];
	}
	const uint8_t a[4] = {127, 0, 0, 1};
	char path[512];
	snprintf(path, sizeof(path), "%s/raw.db", tmpdir);
	rawfmt_writer_t *w = NULL;
	assert_int_equal(rawfmt_writer_open_path(path, NULL, &w), R_OK);
	const uint8_t *rd[1] = {soa};
	uint16_t rl[1] = {(uint16_t)sl};
	assert_int_equal(
	        rawfmt_write_rrset(w, &origin, 1, 6, 0, 300, 1, rd, rl), R_OK);
	rd[0] = ns.wire;
	rl[0] = ns.length;
	assert_int_equal(
	        rawfmt_write_rrset(w, &origin, 1, 2, 0, 300, 1, rd, rl), R_OK);
	rd[0] = a;
	rl[0] = 4;
	assert_int_equal(rawfmt_write_rrset(w, &ns, 1, 1, 0, 300, 1, rd, rl),
	                 R_OK);
	assert_int_equal(rawfmt_writer_close(w), R_OK);

	srv_gen_t *g = NULL;
	assert_int_equal(
	        build(OPTS "zone \"raw.test\" { type primary; file \"raw.db\"; "
	                   "masterfile-format raw; };\n"
	                   "zone \"text.test\" { type primary; file "
	                   "\"raw.db\"; };\n",
	              NULL, NULL, &g),
	        R_OK);
	srv_zone_t *z = zone_named(g->views[0], "raw.test");
	assert_true(z->raw);
	assert_true(z->loaded);
	assert_int_equal(db_serial(z), 77);
	assert_true(logged("zone raw.test/IN: loaded serial 77\n"));
	/* the same bytes read as text fail */
	assert_false(zone_named(g->views[0], "text.test")->loaded);
	server_gen_free(g);
}

static void
test_zone_refs(void **state) {
	(void)state;
	zonefile("a.db", "a.test", 1, NULL);
	srv_gen_t *g = NULL;
	assert_int_equal(build(OPTS "zone \"a.test\" { type primary; file "
	                            "\"a.db\"; };\n",
	                       NULL, NULL, &g),
	                 R_OK);
	srv_zone_t *z = g->views[0]->zonelist[0];
	assert_ptr_equal(server_zone_ref(z), z);
	assert_int_equal(atomic_load(&z->refs), 2);
	assert_ptr_equal(server_zone_cfg(z), g->views[0]->zonecfg[0]);
	server_gen_free(g);
	/* our reference keeps the zone and its data alive */
	assert_int_equal(atomic_load(&z->refs), 1);
	assert_int_equal(db_serial(z), 1);
	server_zone_unref(z);
	server_zone_unref(NULL);

	/* nothing current after publishing NULL; the old one handed back */
	srv_gen_t *g2 = NULL, *old = NULL;
	assert_int_equal(build(OPTS, NULL, NULL, &g2), R_OK);
	server_publish(g2, NULL);
	server_publish(NULL, &old);
	assert_ptr_equal(old, g2);
	zonetable_read_begin();
	assert_null(server_current());
	zonetable_read_end();
	server_gen_free(old);
}

static void
test_many_zones_parallel(void **state) {
	(void)state;
	char conf[8192], *o = conf;
	o += sprintf(o, "%s", OPTS);
	for (int i = 0; i < 40; i++) {
		char f[32], n[32];
		snprintf(f, sizeof(f), "z%d.db", i);
		snprintf(n, sizeof(n), "z%d.test", i);
		zonefile(f, n, (unsigned)(100 + i),
		         i % 7 == 3 ? "bad IN A 1.2\n" : NULL);
		o += sprintf(o, "zone \"%s\" { type primary; file \"%s\"; };\n",
		             n, f);
	}
	srv_params_t p = {.port = 15294, .family = AF_INET, .threads = 4};
	srv_gen_t *g = NULL;
	assert_int_equal(build(conf, &p, NULL, &g), R_OK);
	srv_view_t *v = g->views[0];
	assert_int_equal(v->nzones, 40);
	for (int i = 0; i < 40; i++) {
		char n[32];
		snprintf(n, sizeof(n), "z%d.test", i);
		srv_zone_t *z = zone_named(v, n);
		if (i % 7 == 3) {
			assert_false(z->loaded);
		} else {
			assert_true(z->loaded);
			assert_int_equal(db_serial(z), (uint32_t)(100 + i));
		}
		assert_ptr_equal(table_find(v, n), z);
	}
	server_gen_free(g);
}

int
main(void) {
	log_set_foreground(true);
	db_thread_register();
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_zones_load_and_fail, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_check_options, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_options_values, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_query_options, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_options_defaults, setup,
	                                        teardown),
	        cmocka_unit_test(test_listeners),
	        cmocka_unit_test(test_compile_aml),
	        cmocka_unit_test(test_option_lookup),
	        cmocka_unit_test_setup_teardown(test_views, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_reload, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_reload_include, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_recursion_warning, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_bad_config, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_raw_format, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_zone_refs, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_many_zones_parallel, setup,
	                                        teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	db_thread_unregister();
	return rc;
}
