/*
 * main.c - the named program: command line, process set-up, then the
 * life cycle in control.c over the real modules.
 *
 * Order (named 9.18's, see control.h for the rest): signals blocked in
 * every thread (the main thread takes them with sigwait, so no handler
 * runs inside a library), command line, -u user checked, logging
 * settings, start-up lines, -t chroot, daemon fork (before any thread
 * exists: fork copies only the caller), then control_start() and the
 * signal loop.  Exit status: 0 after SIGTERM/SIGINT, 1 for a usage
 * error or a failed start.
 */
#include "zones/result.h" /* first: it tames <unistd.h>'s R_OK */

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "named/args.h"
#include "named/control.h"
#include "named/dispatch.h"
#include "named/log.h"
#include "named/net.h"
#include "named/os.h"
#include "named/server.h"

/* Catches a system header that brought back access(2)'s R_OK macro. */
_Static_assert(R_OK == 0, "R_OK must be result_t's");

/* net's handler signature around dispatch_request(). */
static size_t
handle_request(void *arg, const uint8_t *req, size_t len,
               const dispatch_client_t *cl, uint8_t *resp, size_t respsize) {
	(void)arg;
	return dispatch_request(req, len, cl, resp, respsize);
}

static const control_ops_t real_ops = {
        .gen_build = server_gen_build,
        .gen_publish = server_publish,
        .gen_free = server_gen_free,
        .net_start = net_start,
        .net_reconfigure = net_reconfigure,
        .net_stop = net_stop,
        .handler = handle_request,
        .log_configure = log_configure,
        .log_checkconfig = log_checkconfig,
        .log_reopen = log_reopen,
        .logv = log_vwrite,
};

/* "running as: named -g -c named.conf", as named logs its argv. */
static void
log_argv(int argc, char **argv) {
	char line[1024];
	size_t used = 0;
	line[0] = '\0';
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (i == 0) {
			const char *slash = strrchr(w, '/');
			w = slash != NULL ? slash + 1 : w;
		}
		int n = snprintf(line + used, sizeof(line) - used, "%s%s",
		                 i > 0 ? " " : "", w);
		if (n < 0 || (size_t)n >= sizeof(line) - used) {
			break;
		}
		used += (size_t)n;
	}
	log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE, "running as: %s", line);
}

static void
log_startup(int argc, char **argv, const named_args_t *args, unsigned workers,
            long ncpus) {
	log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE, "starting %s",
	          args_version());
	struct utsname u;
	if (uname(&u) == 0) {
		log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE,
		          "running on %s %s %s %s", u.sysname, u.machine,
		          u.release, u.version);
	}
	log_argv(argc, argv);
	for (unsigned i = 0; i < args->nignored; i++) {
		log_write(LOG_CAT_GENERAL, LOG_SEV_INFO,
		          "option '%s' is accepted and ignored",
		          args->ignored[i]);
	}
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO,
	          "found %ld CPU%s, using %u worker thread%s", ncpus,
	          ncpus == 1 ? "" : "s", workers, workers == 1 ? "" : "s");
	/* one SO_REUSEPORT UDP socket per worker and address (net.h) */
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO,
	          "using %u UDP listener%s per interface", workers,
	          workers == 1 ? "" : "s");
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof(cwd)) != NULL) {
		log_write(LOG_CAT_GENERAL, LOG_SEV_INFO,
		          "the initial working directory is '%s'", cwd);
	}
}

static int
fatal_exit(const char *msg) {
	log_write(LOG_CAT_GENERAL, LOG_SEV_CRITICAL, "%s", msg);
	log_write(LOG_CAT_GENERAL, LOG_SEV_CRITICAL,
	          "exiting (due to fatal error)");
	log_shutdown();
	return 1;
}

int
main(int argc, char **argv) {
	/* Before any thread: every thread inherits the mask, and only
	 * control_run()'s sigwait() sees these. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	named_args_t args;
	switch (args_parse(argc, argv, &args, stdout, stderr)) {
	case ARGS_RUN:
		break;
	case ARGS_EXIT_OK:
		return fflush(stdout) == 0 ? 0 : 1;
	case ARGS_FAIL:
	default:
		return 1;
	}
	char msg[512];
	uid_t uid = 0;
	gid_t gid = 0;
	if (args.user != NULL &&
	    os_user_lookup(args.user, &uid, &gid, msg, sizeof(msg)) != R_OK)
	{
		fprintf(stderr, "named: %s\n", msg);
		return 1;
	}

	log_set_foreground(args.stderr_log);
	log_set_debuglevel(args.debuglevel);
	if (args.logfile != NULL && log_set_logfile(args.logfile) != R_OK) {
		fprintf(stderr, "named: could not open log file '%s'\n",
		        args.logfile);
		return 1;
	}
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpus < 1) {
		ncpus = 1;
	}
	unsigned workers = args.ncpus > 0 ? args.ncpus : (unsigned)ncpus;
	log_startup(argc, argv, &args, workers, ncpus);

	/* groups now: after -t, /etc/group may be out of reach */
	if (args.user != NULL &&
	    os_initgroups(args.user, gid, msg, sizeof(msg)) != R_OK)
	{
		return fatal_exit(msg);
	}
	if (args.chroot_dir != NULL &&
	    os_chroot(args.chroot_dir, msg, sizeof(msg)) != R_OK)
	{
		return fatal_exit(msg);
	}
	if (!args.foreground && os_daemonize(msg, sizeof(msg)) != R_OK) {
		return fatal_exit(msg);
	}

	control_t ctl;
	control_init(&ctl, &real_ops);
	if (os_abspath(args.conffile, ctl.conf_path, sizeof(ctl.conf_path)) !=
	    R_OK) {
		return fatal_exit("loading configuration: file name too long");
	}
	ctl.params.port = (in_port_t)args.port;
	ctl.params.family = args.family;
	ctl.params.threads = workers;
	ctl.stderr_log = args.stderr_log;
	ctl.change_user = args.user != NULL;
	ctl.uid = uid;
	ctl.gid = gid;
	if (control_start(&ctl) != R_OK) {
		log_shutdown();
		return 1;
	}
	control_run(&ctl, &set, os_daemon_started);
	log_shutdown();
	return 0;
}
