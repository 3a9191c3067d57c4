/*
 * control.h - named's life cycle: first load, reload on SIGHUP, shutdown
 * on SIGTERM/SIGINT, in named's order and with named's log lines.
 *
 * Start-up (control_start), after the caller parsed the command line,
 * chrooted and (without -f/-g) daemonized:
 *	server generation built; server_gen_build() itself logs "loading
 *	  configuration from '/abs/named.conf'", the working directory, the
 *	  zones and "all zones loaded", or "loading configuration: failure"
 *	  (then this logs "exiting (due to fatal error)" and the caller
 *	  exits 1)
 *	chdir(directory) (again: the build may have run elsewhere)
 *	logging {} installed (with -g, "not using config file logging
 *	  statement for logging due to -g option": the log module, told by
 *	  log_set_foreground(), ignores the channels but takes querylog)
 *	generation published, listeners opened with dispatch as handler
 *	  (none configured: none opened; all configured ones failing is
 *	  fatal: "loading configuration: failure", as named 9.18)
 *	-u: privileges dropped (sockets are bound by now)
 *	pid-file written (parent directories created)
 *	"running"
 * Reload (control_reload): a new generation is built with the current one
 * as prev; on success it is published, listeners and logging follow it
 * ("reloading configuration succeeded", "reloading zones succeeded",
 * "running"); on failure "reloading configuration failed: <why>" and
 * the old one keeps serving.  Stop (control_stop): "shutting down",
 * listeners closed, generation freed, pid file removed, "exiting".
 *
 * Everything outside this module is reached through control_ops_t, so the
 * unit tests drive the life cycle with fakes; named/main.c passes the
 * real modules (server.h, net.h, log.h, dispatch.h).
 */
#ifndef BINDERY_NAMED_CONTROL_H
#define BINDERY_NAMED_CONTROL_H

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/types.h>

#include "named/log.h"
#include "named/net.h"
#include "named/server.h"
#include "zones/result.h"

typedef struct control_ops {
	result_t (*gen_build)(const char *path, const srv_params_t *params,
	                      const srv_gen_t *prev, srv_gen_t **out);
	void (*gen_publish)(srv_gen_t *gen, srv_gen_t **old);
	void (*gen_free)(srv_gen_t *gen);
	result_t (*net_start)(const net_config_t *cfg, net_handler_fn fn,
	                      void *arg, net_t **out);
	result_t (*net_reconfigure)(net_t *n, const net_config_t *cfg);
	void (*net_stop)(net_t *n);
	net_handler_fn handler; /* what net_start is given */
	result_t (*log_configure)(const conf_tree_t *tree, int querylog);
	/* May be NULL: no check of logging {} under -g. */
	result_t (*log_checkconfig)(const conf_tree_t *tree);
	void (*log_reopen)(void);
	void (*logv)(log_category_t cat, int severity, const char *fmt,
	             va_list ap);
} control_ops_t;

typedef struct control {
	const control_ops_t *ops;
	/* Settings (the caller fills these before control_start). */
	char conf_path[4096]; /* absolute */
	srv_params_t params;
	bool stderr_log;  /* -g */
	bool change_user; /* -u given: uid and gid below */
	uid_t uid;
	gid_t gid;
	/* State. */
	srv_gen_t *gen; /* current generation */
	net_t *net;     /* NULL until listeners opened */
	char *pid_file; /* the file written, or NULL */
} control_t;

/* Zeroes c and sets its ops; the caller then fills the settings. */
void control_init(control_t *c, const control_ops_t *ops);

/* First load (see above).  On error everything is undone and logged. */
result_t control_start(control_t *c);

/* SIGHUP.  R_OK when the new configuration is serving; otherwise the
 * error, with the old generation still serving. */
result_t control_reload(control_t *c);

/* Shutdown (see above).  c can be reused with control_start. */
void control_stop(control_t *c);

/*
 * Waits for the signals in `set` (which the caller blocked in every
 * thread) and acts on them: SIGHUP reloads, SIGTERM and SIGINT stop.
 * Returns after a stop.  `started` (may be NULL) runs once, before the
 * first wait (main uses it to release a waiting daemon parent).
 */
void control_run(control_t *c, const sigset_t *set, void (*started)(void));

#endif
