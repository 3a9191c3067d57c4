/*
 * control_test.c - unit tests for named/control.c over fake server, net
 * and log modules: the order and wording of the start-up, reload and
 * shutdown log lines, what is published, freed, started and reconfigured
 * in each case (success, build failure, bad directory, pid file failure,
 * unknown user, no listener), the pid file's life, and the signal loop
 * (SIGHUP reloads and reopens logs, SIGTERM and SIGINT stop).
 */
#include "zones/result.h" /* first: it tames <unistd.h>'s R_OK */

#include <limits.h>
#include <pwd.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "named/control.h"

/* Catches a system header that brought back access(2)'s R_OK macro. */
_Static_assert(R_OK == 0, "R_OK must be result_t's");

/* ---- fakes ---- */

#define MAXLOG 64

static struct {
	/* what the next build does */
	result_t build_result;
	char directory[PATH_MAX];
	const char *pid_file; /* relative or absolute, or NULL */
	size_t nlisten;
	const char *fail_chdir; /* a failing build changes directory */
	/* what happened */
	int builds, publishes, frees, net_starts, net_reconfs, net_stops;
	int log_configures, log_reopens, started;
	result_t log_check_result, log_configure_result;
	const srv_gen_t *last_prev;
	char last_path[PATH_MAX];
	srv_params_t last_params;
	srv_gen_t *current;
	net_config_t last_netcfg;
	net_handler_fn last_handler;
	result_t net_start_result;
	int live_gens, live_nets;
	char *log[MAXLOG];
	int sev[MAXLOG];
	int nlog;
} f;

static srv_listen_t fake_listen[4];

static result_t
fake_build(const char *path, const srv_params_t *params, const srv_gen_t *prev,
           srv_gen_t **out) {
	f.builds++;
	f.last_prev = prev;
	snprintf(f.last_path, sizeof(f.last_path), "%s", path);
	f.last_params = *params;
	if (f.build_result != R_OK) {
		if (f.fail_chdir != NULL) {
			/* as server_gen_build may: entered, then failed */
			assert_int_equal(chdir(f.fail_chdir), 0);
		}
		return f.build_result;
	}
	srv_gen_t *g = calloc(1, sizeof(*g));
	assert_non_null(g);
	g->directory = strdup(f.directory);
	g->pid_file = f.pid_file != NULL ? strdup(f.pid_file) : NULL;
	g->listen = fake_listen;
	g->nlisten = f.nlisten;
	g->tcp_clients = 150;
	g->tcp_idle_timeout = 300;
	g->querylog = 1;
	f.live_gens++;
	*out = g;
	return R_OK;
}

static void
fake_publish(srv_gen_t *gen, srv_gen_t **old) {
	f.publishes++;
	assert_non_null(old); /* control frees old itself */
	*old = f.current;
	f.current = gen;
}

static void
fake_free(srv_gen_t *gen) {
	assert_true(gen != f.current); /* never the current one */
	f.frees++;
	f.live_gens--;
	free(gen->directory);
	free(gen->pid_file);
	free(gen);
}

static result_t
fake_net_start(const net_config_t *cfg, net_handler_fn fn, void *arg,
               net_t **out) {
	(void)arg;
	f.net_starts++;
	f.last_netcfg = *cfg;
	f.last_handler = fn;
	/* listeners are opened after the generation is current */
	assert_non_null(f.current);
	if (f.net_start_result != R_OK) {
		return f.net_start_result;
	}
	f.live_nets++;
	*out = malloc(1);
	return R_OK;
}

static result_t
fake_net_reconf(net_t *n, const net_config_t *cfg) {
	assert_non_null(n);
	f.net_reconfs++;
	f.last_netcfg = *cfg;
	return R_OK;
}

static void
fake_net_stop(net_t *n) {
	f.net_stops++;
	if (n != NULL) {
		f.live_nets--;
		free(n);
	}
}

static result_t
fake_log_configure(const conf_tree_t *tree, int querylog) {
	(void)tree;
	assert_int_equal(querylog, 1);
	f.log_configures++;
	return f.log_configure_result;
}

static result_t
fake_log_checkconfig(const conf_tree_t *tree) {
	(void)tree;
	return f.log_check_result;
}

static void
fake_log_reopen(void) {
	f.log_reopens++;
}

static void
fake_logv(log_category_t cat, int sev, const char *fmt, va_list ap) {
	assert_int_equal(cat, LOG_CAT_GENERAL);
	assert_true(f.nlog < MAXLOG);
	assert_true(vasprintf(&f.log[f.nlog], fmt, ap) >= 0);
	f.sev[f.nlog++] = sev;
}

static size_t
fake_handler(void *arg, const uint8_t *req, size_t len,
             const dispatch_client_t *cl, uint8_t *resp, size_t respsize) {
	(void)arg, (void)req, (void)len, (void)cl, (void)resp, (void)respsize;
	return 0;
}

static const control_ops_t ops = {
        .gen_build = fake_build,
        .gen_publish = fake_publish,
        .gen_free = fake_free,
        .net_start = fake_net_start,
        .net_reconfigure = fake_net_reconf,
        .net_stop = fake_net_stop,
        .handler = fake_handler,
        .log_configure = fake_log_configure,
        .log_checkconfig = fake_log_checkconfig,
        .log_reopen = fake_log_reopen,
        .logv = fake_logv,
};

static char tmpdir[256];

static void
log_clear(void) {
	for (int i = 0; i < f.nlog; i++) {
		free(f.log[i]);
	}
	f.nlog = 0;
}

static int
setup(void **state) {
	(void)state;
	log_clear();
	memset(&f, 0, sizeof(f));
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/control_test.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		return -1;
	}
	snprintf(f.directory, sizeof(f.directory), "%s", tmpdir);
	f.nlisten = 2;
	return 0;
}

static int
teardown(void **state) {
	(void)state;
	log_clear();
	/* nothing leaked across the life cycle */
	int gens = f.live_gens - (f.current != NULL ? 1 : 0);
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0 || gens != 0) {
		return -1;
	}
	if (chdir("/") != 0) {
		return -1;
	}
	return 0;
}

/* The log, one message a line, for whole-sequence comparisons. */
static const char *
log_text(void) {
	static char buf[8192];
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < f.nlog; i++) {
		int n = snprintf(buf + used, sizeof(buf) - used, "%s\n",
		                 f.log[i]);
		assert_true(n > 0 && (size_t)n < sizeof(buf) - used);
		used += (size_t)n;
	}
	return buf;
}

static void
init(control_t *c, bool stderr_log) {
	control_init(c, &ops);
	snprintf(c->conf_path, sizeof(c->conf_path), "%s/named.conf", tmpdir);
	c->params.port = 15600;
	c->params.threads = 3;
	c->stderr_log = stderr_log;
}

static char *
slurp(const char *path) {
	static char buf[64];
	FILE *fp = fopen(path, "r");
	if (fp == NULL) {
		return NULL;
	}
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

/* ---- tests ---- */

static void
test_start_stop(void **state) {
	(void)state;
	control_t c;
	init(&c, false);
	f.pid_file = "run/named.pid";
	assert_int_equal(control_start(&c), R_OK);

	char want[4 * PATH_MAX];
	/* the rest is server_gen_build's to say */
	assert_string_equal(log_text(), "running\n");
	assert_int_equal(f.sev[f.nlog - 1], LOG_SEV_NOTICE);

	/* built from the absolute path with the command line's params */
	assert_int_equal(f.builds, 1);
	assert_null(f.last_prev);
	snprintf(want, sizeof(want), "%s/named.conf", tmpdir);
	assert_string_equal(f.last_path, want);
	assert_int_equal(f.last_params.port, 15600);
	/* published, in its directory, logging from named.conf */
	assert_non_null(f.current);
	assert_ptr_equal(c.gen, f.current);
	char cwd[PATH_MAX], real[PATH_MAX];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_non_null(realpath(tmpdir, real));
	assert_string_equal(cwd, real);
	assert_int_equal(f.log_configures, 1);
	/* listeners from the generation, dispatch as handler */
	assert_int_equal(f.net_starts, 1);
	assert_ptr_equal(f.last_netcfg.listen, fake_listen);
	assert_int_equal(f.last_netcfg.nlisten, 2);
	assert_int_equal(f.last_netcfg.workers, 3);
	assert_int_equal(f.last_netcfg.tcp_clients, 150);
	assert_int_equal(f.last_netcfg.tcp_idle_timeout, 300);
	assert_ptr_equal(f.last_handler, fake_handler);
	/* pid file, parent made, absolute name kept */
	char pidpath[PATH_MAX + 32];
	snprintf(pidpath, sizeof(pidpath), "%s/run/named.pid", tmpdir);
	char pidtext[32];
	snprintf(pidtext, sizeof(pidtext), "%ld\n", (long)getpid());
	assert_string_equal(slurp(pidpath), pidtext);
	assert_string_equal(c.pid_file, pidpath);

	log_clear();
	control_stop(&c);
	assert_string_equal(log_text(), "shutting down\nexiting\n");
	assert_int_equal(f.net_stops, 1);
	assert_int_equal(f.live_nets, 0);
	assert_null(f.current);
	assert_null(c.gen);
	assert_null(c.net);
	assert_int_equal(f.live_gens, 0);
	assert_null(slurp(pidpath));
	assert_null(c.pid_file);
}

static void
test_start_foreground_stderr(void **state) {
	(void)state;
	control_t c;
	init(&c, true);
	assert_int_equal(control_start(&c), R_OK);
	/* -g: the log module is told (it ignores the channels then, but
	 * takes querylog) and the line named prints is there */
	assert_int_equal(f.log_configures, 1);
	assert_non_null(strstr(log_text(),
	                       "not using config file logging statement for "
	                       "logging due to -g option\n"));
	assert_null(c.pid_file); /* pid-file none */
	control_stop(&c);
	assert_int_equal(f.live_gens, 0);
}

/* named -g with a logging {} file that cannot be opened: checked and
 * refused; without -g installing it fails (the log module says why). */
static void
test_start_bad_logging(void **state) {
	(void)state;
	control_t c;
	init(&c, true);
	f.log_check_result = R_FILENOTFOUND;
	assert_int_equal(control_start(&c), R_FILENOTFOUND);
	assert_non_null(strstr(log_text(),
	                       "checking logging configuration failed: file "
	                       "not found\nloading configuration: file not "
	                       "found\nexiting (due to fatal error)\n"));
	assert_int_equal(f.net_starts, 0);
	assert_null(c.gen);
	assert_int_equal(f.live_gens, 0);

	log_clear();
	f.log_check_result = R_OK;
	f.log_configure_result = R_FILENOTFOUND;
	init(&c, false);
	assert_int_equal(control_start(&c), R_FILENOTFOUND);
	assert_int_equal(f.net_starts, 0);
	assert_int_equal(f.live_gens, 0);
	f.log_configure_result = R_OK;
}

static void
test_start_build_fails(void **state) {
	(void)state;
	control_t c;
	init(&c, false);
	f.build_result = R_FILENOTFOUND;
	assert_int_equal(control_start(&c), R_FILENOTFOUND);
	/* the build logged the details; its result is named's summary */
	assert_string_equal(log_text(), "loading configuration: file not "
	                                "found\nexiting (due to fatal "
	                                "error)\n");
	assert_int_equal(f.sev[0], LOG_SEV_CRITICAL);
	assert_int_equal(f.publishes, 0);
	assert_int_equal(f.net_starts, 0);
	assert_int_equal(f.log_configures, 0);
	assert_null(c.gen);
}

static void
test_start_bad_directory(void **state) {
	(void)state;
	control_t c;
	init(&c, false);
	snprintf(f.directory, sizeof(f.directory), "%s/missing", tmpdir);
	assert_int_equal(control_start(&c), R_FILENOTFOUND);
	assert_int_equal(f.publishes, 0);
	assert_int_equal(f.frees, 1);
	assert_int_equal(f.live_gens, 0);
	assert_int_equal(f.net_starts, 0);
	assert_non_null(strstr(log_text(), "loading configuration: file not "
	                                   "found\nexiting (due to fatal "
	                                   "error)\n"));
}

static void
test_start_pidfile_fails(void **state) {
	(void)state;
	control_t c;
	init(&c, false);
	/* the pid file's parent is a regular file */
	char plain[PATH_MAX + 32];
	snprintf(plain, sizeof(plain), "%s/plain", tmpdir);
	FILE *fp = fopen(plain, "w");
	assert_non_null(fp);
	fclose(fp);
	f.pid_file = "plain/sub/named.pid";
	assert_int_not_equal(control_start(&c), R_OK);
	/* everything undone: listeners closed, generation freed */
	assert_int_equal(f.net_starts, 1);
	assert_int_equal(f.live_nets, 0);
	assert_null(f.current);
	assert_int_equal(f.live_gens, 0);
	assert_null(c.gen);
	char want[2 * PATH_MAX];
	snprintf(want, sizeof(want),
	         "couldn't mkdir '%s/plain/sub': Not a directory\n"
	         "exiting (due to fatal error)\n",
	         tmpdir);
	const char *text = log_text();
	assert_string_equal(text + strlen(text) - strlen(want), want);
	assert_null(strstr(text, "running"));
}

static void
test_start_setids_fails(void **state) {
	(void)state;
	control_t c;
	init(&c, false);
	/* setuid(-1) is EINVAL for root and everyone else */
	c.change_user = true;
	c.uid = (uid_t)-1;
	c.gid = getgid();
	f.pid_file = "named.pid";
	assert_int_equal(control_start(&c), R_FAILURE);
	assert_int_equal(f.net_starts, 1); /* bound before the switch */
	assert_int_equal(f.live_nets, 0);
	assert_int_equal(f.live_gens, 0);
	assert_non_null(strstr(log_text(), "setuid(): Invalid argument\n"
	                                   "exiting (due to fatal error)\n"));
	char pidpath[PATH_MAX + 32];
	snprintf(pidpath, sizeof(pidpath), "%s/named.pid", tmpdir);
	assert_null(slurp(pidpath)); /* never written */

	/* the ids we have already are fine */
	log_clear();
	c.uid = getuid();
	c.gid = getgid();
	assert_int_equal(control_start(&c), R_OK);
	assert_non_null(slurp(pidpath));
	control_stop(&c);
}

static void
test_reload(void **state) {
	(void)state;
	control_t c;
	init(&c, false);
	f.pid_file = "a.pid";
	assert_int_equal(control_start(&c), R_OK);
	srv_gen_t *first = c.gen;

	/* the new one lists three addresses and another pid file */
	f.nlisten = 3;
	f.pid_file = "b.pid";
	log_clear();
	assert_int_equal(control_reload(&c), R_OK);
	assert_ptr_equal(f.last_prev, first); /* unchanged zones shared */
	assert_true(c.gen != first);
	assert_ptr_equal(f.current, c.gen);
	assert_int_equal(f.frees, 1); /* the old one, after publishing */
	assert_int_equal(f.live_gens, 1);
	assert_int_equal(f.net_starts, 1);
	assert_int_equal(f.net_reconfs, 1);
	assert_int_equal(f.last_netcfg.nlisten, 3);
	assert_int_equal(f.log_configures, 2);
	assert_string_equal(log_text(), "reloading configuration succeeded\n"
	                                "reloading zones succeeded\n"
	                                "running\n");
	char a[PATH_MAX + 16], b[PATH_MAX + 16];
	snprintf(a, sizeof(a), "%s/a.pid", tmpdir);
	snprintf(b, sizeof(b), "%s/b.pid", tmpdir);
	assert_null(slurp(a)); /* moved */
	assert_non_null(slurp(b));

	/* a broken named.conf: the old generation keeps serving */
	srv_gen_t *second = c.gen;
	f.build_result = R_EXISTS;
	log_clear();
	assert_int_equal(control_reload(&c), R_EXISTS);
	assert_ptr_equal(c.gen, second);
	assert_ptr_equal(f.current, second);
	assert_ptr_equal(f.last_prev, second);
	assert_int_equal(f.net_reconfs, 1);
	assert_int_equal(f.frees, 1);
	assert_string_equal(log_text(),
	                    "reloading configuration failed: already exists\n");
	assert_int_equal(f.sev[0], LOG_SEV_ERROR);
	assert_non_null(slurp(b));
	/* one that changed directory before failing: we are back */
	f.fail_chdir = "/";
	assert_int_equal(control_reload(&c), R_EXISTS);
	char cwd[PATH_MAX], real[PATH_MAX];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_non_null(realpath(tmpdir, real));
	assert_string_equal(cwd, real);
	f.fail_chdir = NULL;

	/* a directory that vanished: refused too, new generation freed */
	f.build_result = R_OK;
	snprintf(f.directory, sizeof(f.directory), "%s/gone", tmpdir);
	log_clear();
	assert_int_not_equal(control_reload(&c), R_OK);
	assert_ptr_equal(c.gen, second);
	assert_int_equal(f.frees, 2);
	assert_int_equal(f.live_gens, 1);
	assert_non_null(strstr(log_text(), "reloading configuration failed"));

	/* pid-file none after a reload removes the file */
	snprintf(f.directory, sizeof(f.directory), "%s", tmpdir);
	f.pid_file = NULL;
	assert_int_equal(control_reload(&c), R_OK);
	assert_null(slurp(b));
	assert_null(c.pid_file);

	control_stop(&c);
	assert_int_equal(f.live_gens, 0);
	assert_int_equal(f.live_nets, 0);
}

static void
test_listeners_fail(void **state) {
	(void)state;
	control_t c;
	init(&c, false);
	f.pid_file = "named.pid";
	/* every configured address failed: named 9.18 exits */
	f.net_start_result = R_IOERROR;
	assert_int_equal(control_start(&c), R_FAILURE);
	assert_string_equal(log_text(), "loading configuration: failure\n"
	                                "exiting (due to fatal error)\n");
	assert_null(c.net);
	assert_null(c.gen);
	assert_null(f.current);
	assert_int_equal(f.live_gens, 0);
	char pidpath[PATH_MAX + 32];
	snprintf(pidpath, sizeof(pidpath), "%s/named.pid", tmpdir);
	assert_null(slurp(pidpath));
}

static void
test_no_listener_configured(void **state) {
	(void)state;
	control_t c;
	init(&c, true);
	/* listen-on { none; } for both families: runs, like named */
	f.nlisten = 0;
	f.net_start_result = R_IOERROR; /* would fail if it were called */
	assert_int_equal(control_start(&c), R_OK);
	assert_int_equal(f.net_starts, 0);
	assert_null(c.net);
	assert_non_null(strstr(log_text(), "running\n"));
	/* a reload that adds addresses opens them */
	f.nlisten = 2;
	f.net_start_result = R_OK;
	assert_int_equal(control_reload(&c), R_OK);
	assert_int_equal(f.net_starts, 1);
	assert_int_equal(f.net_reconfs, 0);
	assert_non_null(c.net);
	control_stop(&c);
	assert_int_equal(f.live_nets, 0);
	assert_int_equal(f.live_gens, 0);
}

static int started_calls;

static void
on_started(void) {
	started_calls++;
}

static void
run_with(int stopsig) {
	control_t c;
	init(&c, false);
	assert_int_equal(control_start(&c), R_OK);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, &set, &old), 0);
	/* pending when the loop starts: SIGHUP (1) is taken first */
	assert_int_equal(raise(SIGHUP), 0);
	assert_int_equal(raise(stopsig), 0);
	started_calls = 0;
	log_clear();
	control_run(&c, &set, on_started);
	assert_int_equal(started_calls, 1);
	assert_int_equal(f.builds, 2);
	assert_int_equal(f.log_reopens, 1);
	const char *text = log_text();
	assert_true(strncmp(text, "received SIGHUP signal to reload zones\n",
	                    39) == 0);
	assert_non_null(strstr(text, "reloading configuration succeeded\n"));
	const char *tail = "shutting down\nexiting\n";
	assert_string_equal(text + strlen(text) - strlen(tail), tail);
	assert_null(f.current);
	assert_int_equal(f.live_gens, 0);
	assert_int_equal(f.live_nets, 0);
	/* nothing left pending */
	sigset_t pend;
	assert_int_equal(sigpending(&pend), 0);
	assert_false(sigismember(&pend, SIGHUP));
	assert_false(sigismember(&pend, stopsig));
	assert_int_equal(pthread_sigmask(SIG_SETMASK, &old, NULL), 0);
}

static void
test_run_term(void **state) {
	(void)state;
	run_with(SIGTERM);
}

static void
test_run_int(void **state) {
	(void)state;
	run_with(SIGINT);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_start_stop, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_start_foreground_stderr,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_start_bad_logging, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_start_build_fails, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_start_bad_directory, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_start_pidfile_fails, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_start_setids_fails, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_reload, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_listeners_fail, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_no_listener_configured,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_run_term, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_run_int, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
