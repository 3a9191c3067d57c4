/*
 * log_test.c - unit tests for named/log.c and named/log_channel.c: the
 * line layout of every print-* combination and time format (as named
 * 9.18 writes them), severity filtering, category routing and its
 * fallback to "default", file rotation by size and versions (increment,
 * unlimited, 0, timestamp), dynamic severity following the debug level,
 * querylog, -g and -L, syslog routing, reopen, and reconfiguration from
 * one thread while others log.  Every test runs in a fresh temporary
 * directory.
 */
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "config/ast.h"
#include "named/log.h"
#include "named/log_int.h"

static char tmpdir[64];
static char olddir[4096];

static int
setup(void **state) {
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/log_test.XXXXXX");
	if (mkdtemp(tmpdir) == NULL || getcwd(olddir, sizeof(olddir)) == NULL ||
	    chdir(tmpdir) != 0)
	{
		return -1;
	}
	log_set_foreground(false);
	log_set_debuglevel(0);
	log_set_logfile(NULL);
	log_test_set_stderr(NULL);
	log_test_set_syslog(NULL);
	return 0;
}

static int
teardown(void **state) {
	char cmd[128];
	(void)state;
	log_shutdown();
	log_test_set_stderr(NULL);
	log_test_set_syslog(NULL);
	if (chdir(olddir) != 0) {
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static conf_tree_t *
parse(const char *text) {
	conf_tree_t *tree = NULL;
	assert_int_equal(conf_parse_buffer(text, strlen(text), "t.conf",
	                                   CONF_GRAMMAR_NAMED, false, &tree,
	                                   conf_log_stderr, NULL),
	                 R_OK);
	return tree;
}

static result_t
configure(const char *text, int querylog) {
	conf_tree_t *tree = parse(text);
	result_t r = log_configure(tree, querylog);
	conf_tree_free(&tree);
	return r;
}

/* The whole file, or "" if it does not exist. */
static char *
slurp(const char *path) {
	FILE *fp = fopen(path, "r");
	char *buf;
	long n;

	if (fp == NULL) {
		return strdup("");
	}
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	return buf;
}

static int
count_lines(const char *path) {
	char *s = slurp(path);
	int n = 0;
	for (char *p = s; *p != '\0'; p++) {
		n += *p == '\n';
	}
	free(s);
	return n;
}

static bool
exists(const char *path) {
	struct stat st;
	return stat(path, &st) == 0;
}

static off_t
fsize(const char *path) {
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void
touch(const char *path, const char *text) {
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* ---- names ------------------------------------------------------------ */

static void
test_category_names(void **state) {
	(void)state;
	assert_string_equal(log_category_name(LOG_CAT_QUERIES), "queries");
	assert_string_equal(log_category_name(LOG_CAT_XFER_IN), "xfer-in");
	assert_string_equal(log_category_name(LOG_CAT_UPDATE_SECURITY),
	                    "update-security");
	assert_string_equal(log_category_name((log_category_t)999), "default");
	for (int c = 0; c < LOG_CAT_COUNT; c++) {
		assert_int_equal(log_category_find(log_category_name(c)), c);
	}
	assert_int_equal(log_category_find("xfer-out"), LOG_CAT_XFER_OUT);
	/* case matters, as in named ("undefined category") */
	assert_int_equal(log_category_find("XFER-OUT"), -1);
	assert_int_equal(log_category_find("nosuch"), -1);
	assert_int_equal(log_category_find(NULL), -1);
	assert_int_equal(log_facility_find("local3"), LOG_LOCAL3);
	assert_int_equal(log_facility_find("daemon"), LOG_DAEMON);
	assert_int_equal(log_facility_find("bogus"), -1);
}

/* ---- layout ----------------------------------------------------------- */

/* 2026-11-21 20:04:09.123 UTC */
static const struct timeval when = {1795291449, 123456};

static void
test_format_times(void **state) {
	char buf[64];
	(void)state;

	setenv("TZ", "XST5", 1); /* local time five hours behind UTC */
	tzset();
	log_format_time(LOG_TIME_LOCAL, &when, buf, sizeof(buf));
	assert_string_equal(buf, "21-Nov-2026 15:04:09.123");
	log_format_time(LOG_TIME_ISO8601, &when, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-21T15:04:09.123");
	log_format_time(LOG_TIME_ISO8601_UTC, &when, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-21T20:04:09.123Z");
	assert_int_equal(
	        log_format_time(LOG_TIME_NONE, &when, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* cut, never overrun */
	assert_int_equal(log_format_time(LOG_TIME_LOCAL, &when, buf, 6), 5);
	assert_string_equal(buf, "21-No");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
test_format_combinations(void **state) {
	static const struct {
		bool t, c, s;
		const char *want;
	} cases[] = {
	        {false, false, false, "hello"},
	        {true, false, false, "2026-11-21T20:04:09.123Z hello"},
	        {false, true, false, "xfer-in: hello"},
	        {false, false, true, "warning: hello"},
	        {true, true, false, "2026-11-21T20:04:09.123Z xfer-in: hello"},
	        {true, false, true, "2026-11-21T20:04:09.123Z warning: hello"},
	        {false, true, true, "xfer-in: warning: hello"},
	        {true, true, true,
	         "2026-11-21T20:04:09.123Z xfer-in: warning: hello"},
	};
	log_channel_t *ch = log_channel_new("x", LOG_DEST_STDERR);
	log_msg_t m = {"xfer-in", LOG_SEV_WARNING, "hello", when};
	char buf[256];
	(void)state;

	assert_non_null(ch);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ch->ptime = cases[i].t ? LOG_TIME_ISO8601_UTC : LOG_TIME_NONE;
		ch->pcategory = cases[i].c;
		ch->pseverity = cases[i].s;
		size_t n = log_channel_format(ch, &m, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
	}
	log_channel_free(ch);
}

static void
test_format_severities(void **state) {
	static const struct {
		int sev;
		const char *want;
	} cases[] = {
	        {LOG_SEV_CRITICAL, "critical: t"},
	        {LOG_SEV_ERROR, "error: t"},
	        {LOG_SEV_WARNING, "warning: t"},
	        {LOG_SEV_NOTICE, "notice: t"},
	        {LOG_SEV_INFO, "info: t"},
	        {LOG_SEV_DEBUG(1), "debug 1: t"},
	        {LOG_SEV_DEBUG(3), "debug 3: t"},
	        {LOG_SEV_DEBUG(99), "debug 99: t"},
	};
	log_channel_t *ch = log_channel_new("x", LOG_DEST_STDERR);
	char buf[64];
	(void)state;

	ch->pseverity = true;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		log_msg_t m = {"general", cases[i].sev, "t", when};
		log_channel_format(ch, &m, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}
	/* a short buffer cuts the line and stays terminated */
	log_msg_t m = {"general", LOG_SEV_INFO, "0123456789", when};
	assert_int_equal(log_channel_format(ch, &m, buf, 8), 7);
	assert_string_equal(buf, "info: 0");
	log_channel_free(ch);
}

/* Through a configured file channel, print-* read from named.conf. */
static void
test_format_from_config(void **state) {
	char *s;
	(void)state;

	assert_int_equal(
	        configure(
	                "logging {\n"
	                " channel a { file \"a.log\"; print-time yes;"
	                " print-category yes; print-severity yes;"
	                " severity debug 3; };\n"
	                " channel b { file \"b.log\"; print-time iso8601-utc;"
	                " print-category no; };\n"
	                " channel c { file \"c.log\"; print-severity true; };\n"
	                " channel d { file \"d.log\"; print-time local; };\n"
	                " channel e { file \"e.log\"; print-time iso8601; };\n"
	                " channel f { file \"f.log\"; print-time no;"
	                " print-category 1; };\n"
	                " category default { a; b; c; d; e; f; };\n"
	                "};\n",
	                -1),
	        R_OK);
	log_write(LOG_CAT_ZONELOAD, LOG_SEV_INFO, "zone %s: loaded serial %u",
	          "example", 7u);
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(2), "dbg");
	log_shutdown();

	char *all = slurp("a.log");
	/* named's own first line at debug 1, as named 9.18 writes it */
	assert_non_null(strstr(all, " general: debug 1: now using logging "
	                            "configuration from config file\n"));
	s = strchr(all, '\n') + 1;
	/* "21-Nov-2026 20:04:09.123 zoneload: info: zone ..." */
	assert_int_equal(strlen(s) > 25, true);
	assert_int_equal(s[2], '-');
	assert_int_equal(s[6], '-');
	assert_int_equal(s[11], ' ');
	assert_int_equal(s[20], '.');
	assert_int_equal(s[24], ' ');
	assert_memory_equal(
	        s + 25, "zoneload: info: zone example: loaded serial 7\n", 46);
	assert_non_null(strstr(s, " general: debug 2: dbg\n"));
	free(all);

	s = slurp("b.log");
	assert_int_equal(s[10], 'T');
	assert_int_equal(s[23], 'Z');
	assert_string_equal(s + 24, " zone example: loaded serial 7\n");
	free(s);

	s = slurp("c.log");
	assert_string_equal(s, "info: zone example: loaded serial 7\n");
	free(s);

	s = slurp("d.log"); /* local: the same as yes */
	assert_int_equal(s[2], '-');
	assert_int_equal(s[20], '.');
	assert_string_equal(s + 24, " zone example: loaded serial 7\n");
	free(s);

	s = slurp("e.log"); /* iso8601: local time, no Z */
	assert_int_equal(s[10], 'T');
	assert_int_equal(s[19], '.');
	assert_string_equal(s + 23, " zone example: loaded serial 7\n");
	free(s);

	s = slurp("f.log");
	assert_string_equal(s, "zoneload: zone example: loaded serial 7\n");
	free(s);
}

/* ---- filtering and routing --------------------------------------------- */

static void
test_severity_filter(void **state) {
	char *s;
	(void)state;

	assert_int_equal(
	        configure("logging {\n"
	                  " channel w { file \"w.log\"; severity warning;"
	                  " print-severity yes; };\n"
	                  " channel d { file \"d.log\"; severity debug;"
	                  " print-severity yes; };\n"
	                  " channel i { file \"i.log\"; };\n"
	                  " category default { w; d; i; };\n"
	                  "};\n",
	                  -1),
	        R_OK);
	assert_true(log_wouldlog(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1)));
	assert_false(log_wouldlog(LOG_CAT_GENERAL, LOG_SEV_DEBUG(2)));
	log_write(LOG_CAT_GENERAL, LOG_SEV_CRITICAL, "c");
	log_write(LOG_CAT_GENERAL, LOG_SEV_ERROR, "e");
	log_write(LOG_CAT_GENERAL, LOG_SEV_WARNING, "w");
	log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE, "n");
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO, "i");
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1), "d1");
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(2), "d2");
	log_shutdown();

	s = slurp("w.log");
	assert_string_equal(s, "critical: c\nerror: e\nwarning: w\n");
	free(s);
	s = slurp("d.log");
	assert_string_equal(s, "debug 1: now using logging configuration "
	                       "from config file\n"
	                       "critical: c\nerror: e\nwarning: w\nnotice: n\n"
	                       "info: i\ndebug 1: d1\n");
	free(s);
	s = slurp("i.log"); /* a user channel's default severity is info */
	assert_string_equal(s, "c\ne\nw\nn\ni\n");
	free(s);
}

static void
test_category_routing(void **state) {
	char *s;
	(void)state;

	assert_int_equal(
	        configure(
	                "logging {\n"
	                " channel x { file \"x.log\"; print-category yes; };\n"
	                " channel d { file \"d.log\"; print-category yes; };\n"
	                " channel u { file \"u.log\"; print-category yes; };\n"
	                " category xfer-in { x; };\n"
	                " category xfer-in { d; };\n" /* accumulates */
	                " category notify { null; };\n"
	                " category default { d; };\n"
	                " category cname { u; };\n" /* known, never used */
	                "};\n",
	                -1),
	        R_OK);
	log_write(LOG_CAT_XFER_IN, LOG_SEV_INFO, "in");
	log_write(LOG_CAT_XFER_OUT, LOG_SEV_INFO, "out");
	log_write(LOG_CAT_NOTIFY, LOG_SEV_INFO, "notify");
	log_write(LOG_CAT_UNMATCHED, LOG_SEV_INFO, "unmatched");
	log_write(LOG_CAT_DEFAULT, LOG_SEV_INFO, "dflt");
	assert_false(log_wouldlog(LOG_CAT_NOTIFY, LOG_SEV_CRITICAL));
	assert_false(log_wouldlog(LOG_CAT_UNMATCHED, LOG_SEV_CRITICAL));
	assert_true(log_wouldlog(LOG_CAT_XFER_OUT, LOG_SEV_INFO));
	log_shutdown();

	s = slurp("x.log");
	assert_string_equal(s, "xfer-in: in\n");
	free(s);
	s = slurp("d.log");
	assert_string_equal(s, "xfer-in: in\nxfer-out: out\ndefault: dflt\n");
	free(s);
	s = slurp("u.log");
	assert_string_equal(s, "");
	free(s);
}

/* Without "category default", default goes to default_syslog and
 * default_debug; named.run is written only while debugging. */
static int nsyslog;
static int lastprio;
static char lastline[256];

static void
fake_syslog(int prio, const char *line) {
	nsyslog++;
	lastprio = prio;
	snprintf(lastline, sizeof(lastline), "%s", line);
}

static void
test_default_routes(void **state) {
	(void)state;

	log_test_set_syslog(fake_syslog);
	nsyslog = 0;
	assert_int_equal(configure("logging {\n"
	                           " channel x { file \"x.log\"; };\n"
	                           " category xfer-in { x; };\n"
	                           "};\n",
	                           -1),
	                 R_OK);
	log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE, "running");
	assert_int_equal(nsyslog, 1);
	assert_int_equal(lastprio, LOG_DAEMON | LOG_NOTICE);
	assert_string_equal(lastline, "running");
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1), "quiet");
	assert_int_equal(nsyslog, 1);
	assert_false(exists("named.run"));
	log_write(LOG_CAT_XFER_IN, LOG_SEV_INFO, "xfr");
	assert_int_equal(nsyslog, 1);

	/* debug level 2: default_debug opens named.run, print-time on */
	log_set_debuglevel(2);
	assert_true(log_wouldlog(LOG_CAT_DATABASE, LOG_SEV_DEBUG(2)));
	assert_false(log_wouldlog(LOG_CAT_DATABASE, LOG_SEV_DEBUG(3)));
	log_write(LOG_CAT_DATABASE, LOG_SEV_DEBUG(2), "deep");
	log_write(LOG_CAT_DATABASE, LOG_SEV_DEBUG(3), "deeper");
	log_write(LOG_CAT_DATABASE, LOG_SEV_INFO, "info");
	assert_int_equal(nsyslog, 2);
	log_shutdown();
	char *s = slurp("named.run");
	assert_int_equal(count_lines("named.run"), 2);
	assert_non_null(strstr(s, " deep\n"));
	assert_non_null(strstr(s, " info\n"));
	assert_int_equal(s[2], '-');
	free(s);
}

static void
test_syslog_channel(void **state) {
	(void)state;

	log_test_set_syslog(fake_syslog);
	nsyslog = 0;
	assert_int_equal(
	        configure("logging {\n"
	                  " channel s { syslog local4; severity notice;"
	                  " print-category yes; };\n"
	                  " channel t { syslog; print-severity yes; };\n"
	                  " category security { s; };\n"
	                  " category default { t; };\n"
	                  "};\n",
	                  -1),
	        R_OK);
	log_write(LOG_CAT_SECURITY, LOG_SEV_ERROR, "denied");
	assert_int_equal(nsyslog, 1);
	assert_int_equal(lastprio, LOG_LOCAL4 | LOG_ERR);
	assert_string_equal(lastline, "security: denied");
	log_write(LOG_CAT_SECURITY, LOG_SEV_INFO, "approved");
	assert_int_equal(nsyslog, 1);
	log_write(LOG_CAT_CLIENT, LOG_SEV_CRITICAL, "boom");
	assert_int_equal(lastprio, LOG_DAEMON | LOG_CRIT);
	assert_string_equal(lastline, "critical: boom");
	log_set_debuglevel(5);
	log_write(LOG_CAT_CLIENT, LOG_SEV_DEBUG(1), "x");
	assert_int_equal(nsyslog, 2); /* t stops at info */
}

/* ---- dynamic severity ------------------------------------------------- */

static void
test_dynamic(void **state) {
	char *s;
	(void)state;

	assert_int_equal(
	        configure("logging {\n"
	                  " channel dyn { file \"dyn.log\"; severity dynamic;"
	                  " print-severity yes; };\n"
	                  " category default { dyn; };\n"
	                  "};\n",
	                  -1),
	        R_OK);
	assert_true(log_wouldlog(LOG_CAT_GENERAL, LOG_SEV_INFO));
	assert_false(log_wouldlog(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1)));
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO, "a");
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1), "b");
	log_set_debuglevel(3);
	assert_int_equal(log_get_debuglevel(), 3);
	assert_true(log_wouldlog(LOG_CAT_GENERAL, LOG_SEV_DEBUG(3)));
	assert_false(log_wouldlog(LOG_CAT_GENERAL, LOG_SEV_DEBUG(4)));
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(3), "c");
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(4), "d");
	log_set_debuglevel(-7); /* clamps to 0 */
	assert_int_equal(log_get_debuglevel(), 0);
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1), "e");
	log_shutdown();
	s = slurp("dyn.log");
	assert_string_equal(s, "info: a\ndebug 3: c\n");
	free(s);
}

/* ---- querylog --------------------------------------------------------- */

static void
test_querylog(void **state) {
	const char *withq = "logging {\n"
	                    " channel q { file \"q.log\"; };\n"
	                    " category queries { q; };\n"
	                    "};\n";
	const char *withoutq = "logging {\n"
	                       " channel q { file \"q.log\"; };\n"
	                       " category default { q; };\n"
	                       "};\n";
	(void)state;

	/* unset: on exactly when a queries category is configured */
	assert_int_equal(configure(withq, -1), R_OK);
	assert_true(log_wouldlog(LOG_CAT_QUERIES, LOG_SEV_INFO));
	log_write(LOG_CAT_QUERIES, LOG_SEV_INFO, "query 1");
	assert_int_equal(configure(withoutq, -1), R_OK);
	assert_false(log_wouldlog(LOG_CAT_QUERIES, LOG_SEV_INFO));
	log_write(LOG_CAT_QUERIES, LOG_SEV_INFO, "query 2");
	/* explicit */
	assert_int_equal(configure(withq, 0), R_OK);
	assert_false(log_wouldlog(LOG_CAT_QUERIES, LOG_SEV_INFO));
	log_write(LOG_CAT_QUERIES, LOG_SEV_INFO, "query 3");
	assert_int_equal(configure(withoutq, 1), R_OK);
	assert_true(log_wouldlog(LOG_CAT_QUERIES, LOG_SEV_INFO));
	log_write(LOG_CAT_QUERIES, LOG_SEV_INFO, "query 4");
	/* no logging statement at all: querylog yes goes to default */
	log_test_set_syslog(fake_syslog);
	nsyslog = 0;
	assert_int_equal(log_configure(NULL, 1), R_OK);
	assert_true(log_wouldlog(LOG_CAT_QUERIES, LOG_SEV_INFO));
	log_write(LOG_CAT_QUERIES, LOG_SEV_INFO, "query 5");
	assert_int_equal(nsyslog, 1);
	assert_int_equal(log_configure(NULL, -1), R_OK);
	assert_false(log_wouldlog(LOG_CAT_QUERIES, LOG_SEV_INFO));
	log_shutdown();
	char *s = slurp("q.log");
	assert_string_equal(s, "query 1\nquery 4\n");
	free(s);
}

/* ---- files ------------------------------------------------------------- */

static void
test_rotation_size_versions(void **state) {
	char line[64];
	(void)state;

	memset(line, 'x', 49);
	line[49] = '\0';
	assert_int_equal(
	        configure("logging {\n"
	                  " channel r { file \"r.log\" versions 2 size 1k; };\n"
	                  " channel n { file \"n.log\" size 1k; };\n"
	                  " channel z { file \"z.log\" versions 0 size 1k; };\n"
	                  " category default { r; n; z; };\n"
	                  "};\n",
	                  -1),
	        R_OK);
	for (int i = 0; i < 100; i++) { /* 5000 octets in 50-octet lines */
		log_write(LOG_CAT_GENERAL, LOG_SEV_INFO, "%s", line);
	}
	log_shutdown();
	/* each full file holds 21 lines (1050 > 1024), the roll comes at
	 * the next message: r.log has 100 - 4 * 21 = 16 lines, two kept */
	assert_int_equal(count_lines("r.log"), 16);
	assert_int_equal(fsize("r.log.0"), 1050);
	assert_int_equal(fsize("r.log.1"), 1050);
	assert_false(exists("r.log.2"));
	/* no versions: the file stops growing once past the size */
	assert_int_equal(fsize("n.log"), 1050);
	assert_false(exists("n.log.0"));
	/* versions 0: the full file is simply started again */
	assert_int_equal(count_lines("z.log"), 16);
	assert_false(exists("z.log.0"));
}

static void
test_rotation_at_open(void **state) {
	(void)state;

	/* versions without size: rolled at each first open; old versions
	 * past the limit removed; a file under its size is not rolled */
	touch("v.log", "old\n");
	touch("v.log.0", "older\n");
	touch("v.log.1", "oldest\n");
	touch("v.log.2", "gone\n");
	touch("v.log.7", "gone too\n");
	touch("s.log", "small\n");
	assert_int_equal(
	        configure("logging {\n"
	                  " channel v { file \"v.log\" versions 2; };\n"
	                  " channel s { file \"s.log\" versions 2 size 1m; };\n"
	                  " channel w { file \"w.log\" versions 1; };\n"
	                  " category default { v; s; w; };\n"
	                  "};\n",
	                  -1),
	        R_OK);
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO, "new");
	log_shutdown();
	char *s = slurp("v.log");
	assert_string_equal(s, "new\n");
	free(s);
	s = slurp("v.log.0");
	assert_string_equal(s, "old\n");
	free(s);
	s = slurp("v.log.1");
	assert_string_equal(s, "older\n");
	free(s);
	assert_false(exists("v.log.2"));
	assert_false(exists("v.log.7"));
	s = slurp("s.log");
	assert_string_equal(s, "small\nnew\n");
	free(s);
	assert_false(exists("s.log.0"));
	/* named's quirk, kept: the file made empty at configuration is
	 * rolled at the first message, leaving an empty w.log.0 */
	assert_int_equal(fsize("w.log.0"), 0);
	assert_int_equal(fsize("w.log"), 4);
}

static void
test_roll_unlimited(void **state) {
	(void)state;

	/* shifts up to the first gap and leaves what lies beyond it */
	touch("u.log", "base\n");
	touch("u.log.0", "zero\n");
	touch("u.log.1", "one\n");
	touch("u.log.3", "three\n");
	assert_int_equal(log_file_roll("u.log", LOG_VERSIONS_UNLIMITED, false),
	                 R_OK);
	char *s = slurp("u.log.0");
	assert_string_equal(s, "base\n");
	free(s);
	s = slurp("u.log.1");
	assert_string_equal(s, "zero\n");
	free(s);
	s = slurp("u.log.2");
	assert_string_equal(s, "one\n");
	free(s);
	s = slurp("u.log.3");
	assert_string_equal(s, "three\n");
	free(s);
	assert_false(exists("u.log"));
	/* the gap is gone now: the next roll shifts all four */
	touch("u.log", "base2\n");
	assert_int_equal(log_file_roll("u.log", LOG_VERSIONS_UNLIMITED, false),
	                 R_OK);
	s = slurp("u.log.4");
	assert_string_equal(s, "three\n");
	free(s);
	/* never: nothing moves */
	touch("u.log", "x\n");
	assert_int_equal(log_file_roll("u.log", LOG_VERSIONS_NEVER, false),
	                 R_OK);
	assert_true(exists("u.log"));
	/* 0: removed, with every numbered version */
	assert_int_equal(log_file_roll("u.log", 0, false), R_OK);
	assert_false(exists("u.log"));
	assert_false(exists("u.log.4"));
	assert_false(exists("u.log.0"));
	/* a path in a directory */
	assert_int_equal(mkdir("sub", 0755), 0);
	touch("sub/a.log", "a\n");
	touch("sub/a.log.5", "five\n");
	assert_int_equal(log_file_roll("sub/a.log", 3, false), R_OK);
	assert_true(exists("sub/a.log.0"));
	assert_false(exists("sub/a.log.5"));
	/* a missing directory is an error, not a crash */
	assert_int_not_equal(log_file_roll("nodir/a.log", 3, false), R_OK);
	/* so is a path too long to take a suffix */
	char *longp = malloc(PATH_MAX);
	memset(longp, 'a', PATH_MAX - 10);
	longp[PATH_MAX - 10] = '\0';
	assert_int_equal(log_file_roll(longp, 3, false), R_RANGE);
	free(longp);
}

static int
count_prefixed(const char *prefix) {
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
			n++;
		}
	}
	closedir(d);
	return n;
}

static void
test_roll_timestamp(void **state) {
	(void)state;

	touch("t.log", "cur\n");
	touch("t.log.20200101000000", "a\n");
	touch("t.log.20210101000000000", "b\n");
	touch("t.log.x", "kept: not a version\n");
	assert_int_equal(log_file_roll("t.log", 2, true), R_OK);
	/* kept: the newest old one and the one just made, plus t.log.x */
	assert_false(exists("t.log"));
	assert_false(exists("t.log.20200101000000"));
	assert_true(exists("t.log.20210101000000000"));
	assert_true(exists("t.log.x"));
	assert_int_equal(count_prefixed("t.log."), 3);
	/* the new name: 17 digits of UTC time */
	DIR *d = opendir(".");
	struct dirent *e;
	bool found = false;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "t.log.20", 8) == 0 &&
		    strcmp(e->d_name, "t.log.20210101000000000") != 0)
		{
			assert_int_equal(strlen(e->d_name), 6 + 17);
			char *s = slurp(e->d_name);
			assert_string_equal(s, "cur\n");
			free(s);
			found = true;
		}
	}
	closedir(d);
	assert_true(found);
}

static void
test_bad_file(void **state) {
	char *s;
	(void)state;

	conf_tree_t *tree = parse("logging {\n"
	                          " channel bad { file \"nodir/x.log\"; };\n"
	                          " channel ok { file \"ok.log\"; };\n"
	                          " category default { bad; ok; };\n"
	                          "};\n");
	assert_int_equal(log_checkconfig(tree), R_FILENOTFOUND);
	assert_true(exists("ok.log")); /* opened once, as named does */
	/* configure installs the rest and reports the failure */
	FILE *err = tmpfile();
	log_test_set_stderr(err);
	assert_int_equal(log_configure(tree, -1), R_FILENOTFOUND);
	conf_tree_free(&tree);
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO, "still logging");
	log_shutdown();
	s = slurp("ok.log");
	assert_non_null(strstr(s, "configuring logging: file 'nodir/x.log': "
	                          "file not found\n"));
	assert_non_null(strstr(s, "still logging\n"));
	free(s);
	fclose(err);

	tree = parse("logging { channel ok { file \"ok.log\"; }; };\n");
	assert_int_equal(log_checkconfig(tree), R_OK);
	conf_tree_free(&tree);
	/* names are compared with case, as named does (its check does
	 * not, so this passes named-checkconf and fails in named) */
	tree = parse("logging { channel Ok { file \"ok.log\"; };\n"
	             " category general { ok; }; };\n");
	assert_int_equal(log_checkconfig(tree), R_NOTFOUND);
	conf_tree_free(&tree);
	tree = parse("logging { channel Ok { file \"ok.log\"; };\n"
	             " category general { Ok; }; };\n");
	assert_int_equal(log_checkconfig(tree), R_OK);
	assert_int_equal(log_checkconfig(NULL), R_OK);
	conf_tree_free(&tree);
}

static void
test_reopen(void **state) {
	(void)state;

	assert_int_equal(
	        configure("logging {\n"
	                  " channel f { file \"f.log\"; buffered yes; };\n"
	                  " category default { f; };\n"
	                  "};\n",
	                  -1),
	        R_OK);
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO, "one");
	assert_int_equal(rename("f.log", "f.log.moved"), 0);
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO, "two"); /* old file */
	log_reopen();
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO, "three");
	log_shutdown();
	char *s = slurp("f.log.moved");
	assert_string_equal(s, "one\ntwo\n");
	free(s);
	s = slurp("f.log");
	assert_string_equal(s, "three\n");
	free(s);
}

/* ---- -g, -L, before configuration --------------------------------------- */

static void
test_foreground(void **state) {
	FILE *err = tmpfile();
	char buf[512];
	(void)state;

	log_test_set_stderr(err);
	log_set_foreground(true);
	assert_int_equal(configure("options { querylog yes; };\n"
	                           "logging {\n"
	                           " channel f { file \"f.log\"; };\n"
	                           " category default { f; };\n"
	                           "};\n",
	                           1),
	                 R_OK);
	assert_true(exists("f.log")); /* opened, then ignored */
	log_write(LOG_CAT_QUERIES, LOG_SEV_INFO, "client query");
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1), "hidden");
	log_set_debuglevel(1);
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1), "shown");
	log_shutdown();
	assert_int_equal(fsize("f.log"), 0);
	rewind(err);
	/* "21-Nov-2026 20:04:09.123 text" */
	assert_non_null(fgets(buf, sizeof(buf), err));
	assert_string_equal(buf + 24, " client query\n");
	assert_int_equal(buf[2], '-');
	assert_int_equal(buf[20], '.');
	assert_non_null(fgets(buf, sizeof(buf), err));
	assert_string_equal(buf + 24, " shown\n");
	assert_null(fgets(buf, sizeof(buf), err));
	fclose(err);
}

static void
test_logfile(void **state) {
	(void)state;

	assert_int_equal(log_set_logfile("L.log"), R_OK);
	assert_int_equal(log_configure(NULL, -1), R_OK);
	log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE, "starting");
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1), "no");
	log_shutdown();
	assert_int_equal(log_set_logfile(NULL), R_OK);
	char *s = slurp("L.log");
	assert_string_equal(s + 24, " general: notice: starting\n");
	free(s);
	assert_false(exists("named.run"));
}

static void
test_boot_stderr(void **state) {
	FILE *err = tmpfile();
	char buf[LOG_MSGMAX * 2];
	char *big = malloc(LOG_MSGMAX * 2);
	(void)state;

	/* after shutdown, and before any configuration, messages go to
	 * stderr in -g layout; queries do not; long text is cut */
	log_shutdown();
	log_test_set_stderr(err);
	log_write(LOG_CAT_SECURITY, LOG_SEV_WARNING, "boot %d", 42);
	log_write(LOG_CAT_QUERIES, LOG_SEV_INFO, "query");
	memset(big, 'y', LOG_MSGMAX * 2 - 1);
	big[LOG_MSGMAX * 2 - 1] = '\0';
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO, "%s", big);
	free(big);
	rewind(err);
	assert_non_null(fgets(buf, sizeof(buf), err));
	assert_string_equal(buf + 24, " boot 42\n");
	assert_non_null(fgets(buf, sizeof(buf), err));
	assert_int_equal(strlen(buf), 24 + 1 + LOG_MSGMAX - 1 + 1);
	assert_null(fgets(buf, sizeof(buf), err));
	fclose(err);
}

/* Before named.conf is read, the command line decides (named_log_init):
 * -f without -L: syslog only; -L: that file; -g: stderr. */
static void
test_preconfig_routes(void **state) {
	FILE *err = tmpfile();
	char buf[256];
	(void)state;

	log_test_set_stderr(err);
	log_test_set_syslog(fake_syslog);
	nsyslog = 0;
	log_set_foreground(false);
	log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE, "starting");
	assert_int_equal(nsyslog, 1);
	assert_string_equal(lastline, "starting");
	log_set_debuglevel(1);
	log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1), "debugging");
	assert_int_equal(nsyslog, 1);
	assert_int_equal(count_lines("named.run"), 1);
	log_set_debuglevel(0);

	assert_int_equal(log_set_logfile("L.log"), R_OK);
	log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE, "to the file");
	assert_int_equal(nsyslog, 1);
	char *s = slurp("L.log");
	assert_string_equal(s + 24, " general: notice: to the file\n");
	free(s);
	assert_int_equal(log_set_logfile(NULL), R_OK);

	log_set_foreground(true);
	log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE, "on stderr");
	assert_int_equal(nsyslog, 1);

	/* once configured, the command line no longer moves the routes */
	log_set_foreground(false);
	assert_int_equal(configure("logging { channel c { file \"c.log\"; };\n"
	                           " category default { c; }; };\n",
	                           -1),
	                 R_OK);
	assert_int_equal(log_set_logfile("X.log"), R_OK);
	log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE, "configured");
	assert_int_equal(nsyslog, 1);
	assert_false(exists("X.log"));
	log_shutdown();
	assert_int_equal(log_set_logfile(NULL), R_OK);
	s = slurp("c.log");
	assert_string_equal(s, "configured\n");
	free(s);

	rewind(err);
	assert_non_null(fgets(buf, sizeof(buf), err));
	assert_string_equal(buf + 24, " on stderr\n");
	assert_null(fgets(buf, sizeof(buf), err));
	fclose(err);
}

/* ---- concurrency -------------------------------------------------------- */

static volatile int stop;
static long written[3];

static void *
writer(void *arg) {
	long id = (long)arg;
	long n = 0;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if (log_wouldlog(LOG_CAT_QUERIES, LOG_SEV_INFO)) {
			log_write(LOG_CAT_QUERIES, LOG_SEV_INFO,
			          "thread %ld query %ld", id, n);
		}
		log_write(LOG_CAT_GENERAL, LOG_SEV_INFO, "thread %ld msg %ld",
		          id, n);
		n++;
		__atomic_store_n(&written[id], n, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void
test_reconfigure_while_logging(void **state) {
	pthread_t t[3];
	const char *confs[2] = {
	        "logging {\n"
	        " channel a { file \"c.log\" versions 3 size 4k;"
	        " print-time yes; print-category yes; };\n"
	        " category default { a; };\n"
	        " category queries { a; null; };\n"
	        "};\n",
	        "logging {\n"
	        " channel b { file \"c.log\" versions 3 size 4k;"
	        " print-severity yes; };\n"
	        " channel b2 { file \"d.log\"; };\n"
	        " category default { b; b2; };\n"
	        "};\n",
	};
	conf_tree_t *trees[2] = {parse(confs[0]), parse(confs[1])};
	(void)state;

	stop = 0;
	memset(written, 0, sizeof(written));
	assert_int_equal(log_configure(trees[0], -1), R_OK);
	for (long i = 0; i < 3; i++) {
		assert_int_equal(pthread_create(&t[i], NULL, writer, (void *)i),
		                 0);
	}
	for (int i = 0; i < 200; i++) { /* ends on trees[1] */
		assert_int_equal(log_configure(trees[i & 1], -1), R_OK);
		if (i % 50 == 0) {
			log_reopen();
		}
	}
	/* the last configuration (d.log) sees every thread write */
	long base[3];
	for (int i = 0; i < 3; i++) {
		base[i] = __atomic_load_n(&written[i], __ATOMIC_RELAXED);
	}
	for (int i = 0; i < 3; i++) {
		while (__atomic_load_n(&written[i], __ATOMIC_RELAXED) <
		       base[i] + 100) {
			usleep(1000);
		}
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
	}
	conf_tree_free(&trees[0]);
	conf_tree_free(&trees[1]);
	log_shutdown();
	/* every line whole: a known prefix and a trailing newline */
	char *s = slurp("d.log");
	assert_true(strlen(s) > 0);
	for (char *p = s; *p != '\0';) {
		char *nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_memory_equal(p, "thread ", 7);
		p = nl + 1;
	}
	free(s);
	assert_true(exists("c.log.0"));
	assert_false(exists("c.log.3"));
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_category_names, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_format_times, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_format_combinations, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_format_severities, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_format_from_config, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_severity_filter, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_category_routing, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_default_routes, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_syslog_channel, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_dynamic, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_querylog, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_rotation_size_versions,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_rotation_at_open, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_roll_unlimited, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_roll_timestamp, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_bad_file, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_reopen, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_foreground, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_logfile, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_boot_stderr, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_preconfig_routes, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_reconfigure_while_logging,
	                                        setup, teardown),
	};
	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
