/*
 * args_test.c - unit tests for named/args.c: every option's value and
 * its errors in named 9.18's words (checked against /usr/sbin/named by
 * hand), left-to-right order (-v before/after a bad option), clusters
 * and glued arguments, "--", extra words, and the ignored options list.
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

#include "named/args.h"

/* One parse with captured output. */
typedef struct run {
	args_action_t action;
	named_args_t a;
	char *out;
	char *err;
} run_t;

static run_t
parse(const char *first, ...) {
	char *argv[32];
	int argc = 0;
	argv[argc++] = (char *)"named";
	va_list ap;
	va_start(ap, first);
	for (const char *w = first; w != NULL; w = va_arg(ap, const char *)) {
		assert_true(argc < 31);
		argv[argc++] = (char *)w;
	}
	va_end(ap);
	argv[argc] = NULL;

	run_t r;
	size_t olen = 0, elen = 0;
	FILE *out = open_memstream(&r.out, &olen);
	FILE *err = open_memstream(&r.err, &elen);
	assert_non_null(out);
	assert_non_null(err);
	r.action = args_parse(argc, argv, &r.a, out, err);
	fclose(out);
	fclose(err);
	return r;
}

static void
done(run_t *r) {
	free(r->out);
	free(r->err);
}

/* The last line of s (the reason, after the usage text). */
static const char *
last_line(const char *s) {
	size_t len = strlen(s);
	assert_true(len > 0 && s[len - 1] == '\n');
	const char *p = s + len - 1;
	while (p > s && p[-1] != '\n') {
		p--;
	}
	return p;
}

static void
test_defaults(void **state) {
	(void)state;
	run_t r = parse(NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_string_equal(r.a.conffile, "/etc/bind/named.conf");
	assert_int_equal(r.a.family, 0);
	assert_int_equal(r.a.port, 0);
	assert_int_equal(r.a.debuglevel, 0);
	assert_false(r.a.foreground);
	assert_false(r.a.stderr_log);
	assert_null(r.a.logfile);
	assert_null(r.a.chroot_dir);
	assert_null(r.a.user);
	assert_int_equal(r.a.ncpus, 0);
	assert_int_equal(r.a.nignored, 0);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "");
	done(&r);
}

static void
test_values(void **state) {
	(void)state;
	run_t r = parse("-4", "-c", "conf/n.conf", "-d", "7", "-f", "-L",
	                "/tmp/log", "-n", "3", "-p", "5300", "-t", "/chroot",
	                "-u", "bind", NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_int_equal(r.a.family, AF_INET);
	assert_string_equal(r.a.conffile, "conf/n.conf");
	assert_int_equal(r.a.debuglevel, 7);
	assert_true(r.a.foreground);
	assert_false(r.a.stderr_log);
	assert_string_equal(r.a.logfile, "/tmp/log");
	assert_int_equal(r.a.ncpus, 3);
	assert_int_equal(r.a.port, 5300);
	assert_string_equal(r.a.chroot_dir, "/chroot");
	assert_string_equal(r.a.user, "bind");
	done(&r);

	r = parse("-6", "-g", NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_int_equal(r.a.family, AF_INET6);
	assert_true(r.a.foreground);
	assert_true(r.a.stderr_log);
	done(&r);

	/* the same family twice is fine */
	r = parse("-4", "-4", NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_int_equal(r.a.family, AF_INET);
	done(&r);
}

static void
test_clusters(void **state) {
	(void)state;
	/* flags cluster; an argument may be glued on or follow */
	run_t r = parse("-gp15600", "-c/x.conf", "-4d", "2", NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_true(r.a.stderr_log);
	assert_int_equal(r.a.port, 15600);
	assert_string_equal(r.a.conffile, "/x.conf");
	assert_int_equal(r.a.family, AF_INET);
	assert_int_equal(r.a.debuglevel, 2);
	done(&r);

	/* -g then -v in one word: the version wins, as in named */
	r = parse("-gv", NULL);
	assert_int_equal(r.action, ARGS_EXIT_OK);
	done(&r);
}

static void
test_version(void **state) {
	(void)state;
	run_t r = parse("-v", NULL);
	assert_int_equal(r.action, ARGS_EXIT_OK);
	char want[256];
	snprintf(want, sizeof(want), "%s\n", args_version());
	assert_string_equal(r.out, want);
	assert_non_null(strstr(r.out, "Bindery "));
	assert_non_null(strstr(r.out, "BIND 9.18"));
	assert_string_equal(r.err, "");
	done(&r);

	r = parse("-V", NULL);
	assert_int_equal(r.action, ARGS_EXIT_OK);
	assert_memory_equal(r.out, want, strlen(want));
	assert_non_null(strstr(r.out, "\nrunning on Linux "));
	assert_non_null(
	        strstr(r.out, "\nlinked to OpenSSL version: OpenSSL 3."));
	assert_non_null(strstr(r.out, "named configuration:  "
	                              "/etc/bind/named.conf"));
	done(&r);

	/* left to right: -v stops before a later bad option ... */
	r = parse("-v", "-m", "bogus", NULL);
	assert_int_equal(r.action, ARGS_EXIT_OK);
	done(&r);
	/* ... and a bad option before -v fails */
	r = parse("-m", "bogus", "-v", NULL);
	assert_int_equal(r.action, ARGS_FAIL);
	assert_string_equal(r.err, "named: unrecognized flag 'bogus'\n");
	assert_string_equal(r.out, "");
	done(&r);
}

/* A value error: exactly one line, no usage text. */
static void
check_value_error(const char *opt, const char *val, const char *want) {
	run_t r = parse(opt, val, NULL);
	assert_int_equal(r.action, ARGS_FAIL);
	assert_string_equal(r.err, want);
	done(&r);
}

static void
test_value_errors(void **state) {
	(void)state;
	check_value_error("-p", "abc", "named: port 'abc' must be numeric\n");
	check_value_error("-p", "12abc",
	                  "named: port '12abc' must be numeric\n");
	check_value_error("-p", "70000", "named: port '70000' out of range\n");
	check_value_error("-p", "0", "named: port '0' out of range\n");
	check_value_error("-p", "-1", "named: port '-1' out of range\n");
	check_value_error("-p", "", "named: port '' out of range\n");
	check_value_error("-p", "dns=abc",
	                  "named: port 'abc' must be numeric\n");
	check_value_error("-p", "dns=", "named: port '' out of range\n");
	check_value_error("-p", "tls=70000",
	                  "named: port '70000' out of range\n");
	check_value_error("-p", "foo=5",
	                  "named: port 'foo=5' must be numeric\n");
	/* named 9.18 reads "http=80" as port '0' */
	check_value_error("-p", "http=80", "named: port '0' out of range\n");
	check_value_error("-d", "x",
	                  "named: debug level 'x' must be numeric\n");
	check_value_error("-d", "-1", "named: debug level '-1' out of range\n");
	check_value_error("-d", "99999999999",
	                  "named: debug level '99999999999' out of range\n");
	check_value_error("-n", "abc",
	                  "named: number of cpus 'abc' must be numeric\n");
	check_value_error("-n", "-1",
	                  "named: number of cpus '-1' out of range\n");
	check_value_error("-N", "x",
	                  "named: number of cpus 'x' must be numeric\n");
	check_value_error("-U", "x",
	                  "named: number of UDP listeners per interface 'x' "
	                  "must be numeric\n");
	check_value_error("-M", "record",
	                  "named: unrecognized flag 'record'\n");
	check_value_error("-m", "usage,bogus",
	                  "named: unrecognized flag 'bogus'\n");
	check_value_error("-m", "", "named: unrecognized flag ''\n");
	check_value_error("-A", "x", "named: unknown fuzzing type 'x'\n");

	run_t r = parse("-4", "-6", NULL);
	assert_int_equal(r.action, ARGS_FAIL);
	assert_string_equal(r.err, "named: cannot specify -4 and -6\n");
	done(&r);
	r = parse("-6", "-4", NULL);
	assert_int_equal(r.action, ARGS_FAIL);
	done(&r);
}

static void
test_edges_accepted(void **state) {
	(void)state;
	/* limits and strtol's quirks that named accepts */
	run_t r = parse("-p", "65535", "-d", "2147483647", "-n", "0", NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_int_equal(r.a.port, 65535);
	assert_int_equal(r.a.debuglevel, 2147483647);
	assert_int_equal(r.a.ncpus, 0);
	done(&r);
	/* 9.18's port kinds: dns= sets the port, the others are ignored */
	r = parse("-p", "dns=5300", "-p", "tls=853", "-p", "https=443", NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_int_equal(r.a.port, 5300);
	assert_int_equal(r.a.nignored, 2);
	assert_string_equal(r.a.ignored[0], "-p tls=853");
	assert_string_equal(r.a.ignored[1], "-p https=443");
	done(&r);
	r = parse("-p", " 53", "-d", "", NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_int_equal(r.a.port, 53);
	assert_int_equal(r.a.debuglevel, 0);
	done(&r);
}

/* A usage error: the usage text, then the reason. */
static void
check_usage_error(run_t r, const char *want_last) {
	assert_int_equal(r.action, ARGS_FAIL);
	assert_true(strncmp(r.err, "usage: named [-4|-6]", 20) == 0);
	assert_non_null(strstr(r.err, "usage: named [-v|-V|-C]\n"));
	assert_string_equal(last_line(r.err), want_last);
	assert_string_equal(r.out, "");
	done(&r);
}

static void
test_usage_errors(void **state) {
	(void)state;
	check_usage_error(parse("-h", NULL), "named: unknown option '-h'\n");
	check_usage_error(parse("-Z", NULL), "named: unknown option '-Z'\n");
	check_usage_error(parse("-gZ", NULL), "named: unknown option '-Z'\n");
	check_usage_error(parse("-p", NULL),
	                  "named: option '-p' requires an argument\n");
	check_usage_error(parse("extra", NULL),
	                  "named: extra command line arguments\n");
	check_usage_error(parse("-g", "extra", "-v", NULL),
	                  "named: extra command line arguments\n");
	check_usage_error(parse("--", "-g", NULL),
	                  "named: extra command line arguments\n");
	check_usage_error(parse("-", NULL), "named: unknown option '--'\n");
	/* the word after an option taking an argument is its value */
	run_t r = parse("-t", "-c", NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_string_equal(r.a.chroot_dir, "-c");
	done(&r);
	/* a lone "--" ends the options and is not an error */
	r = parse("-g", "--", NULL);
	assert_int_equal(r.action, ARGS_RUN);
	done(&r);
}

static void
test_ignored(void **state) {
	(void)state;
	run_t r = parse("-s", "-S", "4096", "-U", "4", "-M", "fill", "-m",
	                "usage,trace", "-D", "tag", "-E", "pkcs11", "-X",
	                "/run/lock", "-T", "nosyslog", "-x", "cache", NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_int_equal(r.a.nignored, 10);
	assert_string_equal(r.a.ignored[0], "-s");
	assert_string_equal(r.a.ignored[1], "-S 4096");
	assert_string_equal(r.a.ignored[2], "-U 4");
	assert_string_equal(r.a.ignored[3], "-M fill");
	assert_string_equal(r.a.ignored[4], "-m usage,trace");
	assert_string_equal(r.a.ignored[5], "-D tag");
	assert_string_equal(r.a.ignored[9], "-x cache");
	assert_string_equal(r.err, "");
	done(&r);

	/* more than fit: parsing still succeeds, the list stops growing */
	r = parse("-s", "-s", "-s", "-s", "-s", "-s", "-s", "-s", "-s", "-s",
	          "-s", "-s", "-s", "-s", "-s", "-s", "-s", "-s", "-s", "-s",
	          NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_int_equal(r.a.nignored, ARGS_MAX_IGNORED);
	done(&r);

	/* a long value is cut, not overflowed */
	char big[200];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	r = parse("-D", big, NULL);
	assert_int_equal(r.action, ARGS_RUN);
	assert_int_equal(strlen(r.a.ignored[0]), sizeof(r.a.ignored[0]) - 1);
	done(&r);
}

static void
test_usage_text(void **state) {
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	args_usage(fp);
	fclose(fp);
	/* named 9.18's text, line for line */
	assert_string_equal(
	        buf, "usage: named [-4|-6] [-c conffile] [-d debuglevel] "
	             "[-D comment] [-E engine]\n"
	             "             [-f|-g] [-L logfile] [-n number_of_cpus] "
	             "[-p port] [-s]\n"
	             "             [-S sockets] [-t chrootdir] [-u username] "
	             "[-U listeners]\n"
	             "             [-X lockfile] [-m {usage|trace|record}]\n"
	             "             [-M fill|nofill]\n"
	             "usage: named [-v|-V|-C]\n");
	free(buf);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_defaults),
	        cmocka_unit_test(test_values),
	        cmocka_unit_test(test_clusters),
	        cmocka_unit_test(test_version),
	        cmocka_unit_test(test_value_errors),
	        cmocka_unit_test(test_edges_accepted),
	        cmocka_unit_test(test_usage_errors),
	        cmocka_unit_test(test_ignored),
	        cmocka_unit_test(test_usage_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
