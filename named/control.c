/*
 * control.c - named's life cycle: start, reload, stop, and the signal
 * loop (see control.h for the contract and the order of the steps).
 *
 * Why this order: the generation is built before anything changes, so a
 * broken named.conf leaves a running server untouched; it is published
 * before listeners open, so the first query already sees zones; sockets
 * are bound before -u drops root (ports below 1024); the pid file is
 * written last, so its presence means "serving".
 */
#include "zones/result.h" /* first: it tames <unistd.h>'s R_OK */

#include "named/control.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "named/os.h"

/* Catches a system header that brought back access(2)'s R_OK macro. */
_Static_assert(R_OK == 0, "R_OK must be result_t's");

static void ctl_log(control_t *c, int sev, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
ctl_log(control_t *c, int sev, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	c->ops->logv(LOG_CAT_GENERAL, sev, fmt, ap);
	va_end(ap);
}

void
control_init(control_t *c, const control_ops_t *ops) {
	memset(c, 0, sizeof(*c));
	c->ops = ops;
}

static net_config_t
net_config_of(const control_t *c, const srv_gen_t *gen) {
	net_config_t nc = {
	        .listen = gen->listen,
	        .nlisten = gen->nlisten,
	        .workers = c->params.threads,
	        .tcp_clients = gen->tcp_clients,
	        .tcp_initial_timeout = gen->tcp_initial_timeout,
	        .tcp_idle_timeout = gen->tcp_idle_timeout,
	        .tcp_keepalive_timeout = gen->tcp_keepalive_timeout,
	};
	return nc;
}

/* chdir to the generation's directory and install its logging. */
static result_t
enter_gen(control_t *c, const srv_gen_t *gen) {
	char msg[512];
	if (gen->directory != NULL) {
		result_t r = os_chdir(gen->directory, msg, sizeof(msg));
		if (r != R_OK) {
			ctl_log(c, LOG_SEV_ERROR, "%s", msg);
			return r;
		}
	}
	if (c->stderr_log) {
		ctl_log(c, LOG_SEV_INFO,
		        "not using config file logging statement for logging "
		        "due to -g option");
	}
	/* With -g named still checks logging {} (its files must open) and
	 * refuses the configuration if they cannot; without -g installing
	 * it is the check, and the log module says "configuring logging". */
	if (c->stderr_log && c->ops->log_checkconfig != NULL) {
		result_t r = c->ops->log_checkconfig(gen->tree);
		if (r != R_OK) {
			ctl_log(c, LOG_SEV_ERROR,
			        "checking logging configuration failed: %s",
			        result_totext(r));
			return r;
		}
	}
	/* Even with -g: the log module then ignores the channels but still
	 * takes querylog. */
	result_t r = c->ops->log_configure(gen->tree, gen->querylog);
	return c->stderr_log ? R_OK : r;
}

/*
 * Opens listeners, or follows the new generation's list.  A
 * configuration that asks for none (listen-on { none; } for both
 * families) runs without any, as named does; one whose every address
 * failed is an error (net logged "unable to listen on any configured
 * interfaces").
 */
static result_t
update_net(control_t *c, const srv_gen_t *gen) {
	net_config_t nc = net_config_of(c, gen);
	if (c->net != NULL) {
		return c->ops->net_reconfigure(c->net, &nc);
	}
	if (nc.nlisten == 0) {
		return R_OK;
	}
	net_t *n = NULL;
	result_t r = c->ops->net_start(&nc, c->ops->handler, NULL, &n);
	if (r == R_OK) {
		c->net = n;
	}
	return r;
}

/*
 * Writes the generation's pid file if it differs from the one written.
 * At start-up a failure is fatal (named's earlyfatal); on reload it is
 * logged and the server goes on.
 */
static result_t
update_pidfile(control_t *c, const srv_gen_t *gen, bool first) {
	/* Kept absolute: a later reload may change the directory. */
	char want_abs[4096];
	const char *want = NULL;
	if (gen->pid_file != NULL) {
		if (os_abspath(gen->pid_file, want_abs, sizeof(want_abs)) !=
		    R_OK) {
			ctl_log(c, first ? LOG_SEV_CRITICAL : LOG_SEV_WARNING,
			        "couldn't open pid file '%s': %s",
			        gen->pid_file, strerror(ENAMETOOLONG));
			return first ? R_NOSPACE : R_OK;
		}
		want = want_abs;
	}
	if (want != NULL && c->pid_file != NULL &&
	    strcmp(want, c->pid_file) == 0) {
		return R_OK;
	}
	if (c->pid_file != NULL) {
		os_pidfile_remove(c->pid_file);
		free(c->pid_file);
		c->pid_file = NULL;
	}
	if (want == NULL) {
		return R_OK;
	}
	char msg[512];
	result_t r = os_pidfile_write(want, getpid(), msg, sizeof(msg));
	if (r != R_OK) {
		ctl_log(c, first ? LOG_SEV_CRITICAL : LOG_SEV_WARNING, "%s",
		        msg);
		return first ? r : R_OK;
	}
	c->pid_file = strdup(want);
	if (c->pid_file == NULL) {
		os_pidfile_remove(want);
		return R_NOMEMORY;
	}
	return R_OK;
}

/* Makes no generation current and frees the one that was. */
static void
drop_gen(control_t *c) {
	if (c->gen == NULL) {
		return;
	}
	srv_gen_t *old = NULL;
	c->ops->gen_publish(NULL, &old);
	if (old != NULL) {
		c->ops->gen_free(old);
	}
	c->gen = NULL;
}

static void
undo_start(control_t *c) {
	c->ops->net_stop(c->net);
	c->net = NULL;
	drop_gen(c);
	if (c->pid_file != NULL) {
		os_pidfile_remove(c->pid_file);
		free(c->pid_file);
		c->pid_file = NULL;
	}
}

static result_t
fatal(control_t *c, const char *what, result_t r) {
	if (what != NULL) {
		ctl_log(c, LOG_SEV_CRITICAL, "%s: %s", what, result_totext(r));
	}
	ctl_log(c, LOG_SEV_CRITICAL, "exiting (due to fatal error)");
	return r;
}

result_t
control_start(control_t *c) {
	srv_gen_t *gen = NULL;
	result_t r = c->ops->gen_build(c->conf_path, &c->params, NULL, &gen);
	if (r != R_OK) {
		/* the build logged the details; r is named's summary */
		return fatal(c, "loading configuration", r);
	}
	r = enter_gen(c, gen);
	if (r != R_OK) {
		c->ops->gen_free(gen);
		return fatal(c, "loading configuration", r);
	}
	srv_gen_t *old = NULL;
	c->ops->gen_publish(gen, &old);
	if (old != NULL) {
		c->ops->gen_free(old); /* a previous life of c */
	}
	c->gen = gen;
	r = update_net(c, gen);
	if (r != R_OK) {
		/* named 9.18 gives up here with the same two lines */
		undo_start(c);
		return fatal(c, "loading configuration", R_FAILURE);
	}
	if (c->change_user) {
		char msg[512];
		r = os_setids(c->uid, c->gid, msg, sizeof(msg));
		if (r != R_OK) {
			ctl_log(c, LOG_SEV_CRITICAL, "%s", msg);
			undo_start(c);
			return fatal(c, NULL, r);
		}
	}
	r = update_pidfile(c, gen, true);
	if (r != R_OK) {
		undo_start(c);
		return fatal(c, NULL, r);
	}
	ctl_log(c, LOG_SEV_NOTICE, "running");
	return R_OK;
}

result_t
control_reload(control_t *c) {
	srv_gen_t *gen = NULL;
	result_t r = c->ops->gen_build(c->conf_path, &c->params, c->gen, &gen);
	if (r == R_OK) {
		r = enter_gen(c, gen);
		if (r != R_OK) {
			c->ops->gen_free(gen);
		}
	}
	if (r != R_OK) {
		ctl_log(c, LOG_SEV_ERROR, "reloading configuration failed: %s",
		        result_totext(r));
		/* the failed build may have entered its new directory; the
		 * generation still serving resolves paths against its own */
		if (c->gen != NULL && c->gen->directory != NULL) {
			char msg[512];
			(void)os_chdir(c->gen->directory, msg, sizeof(msg));
		}
		return r;
	}
	srv_gen_t *old = NULL;
	c->ops->gen_publish(gen, &old);
	c->gen = gen;
	/* a listener that fails now is logged by net; the others and the
	 * new data are served, as named goes on after a reload */
	(void)update_net(c, gen);
	(void)update_pidfile(c, gen, false);
	if (old != NULL) {
		/* after net: listeners may still point at old's list */
		c->ops->gen_free(old);
	}
	ctl_log(c, LOG_SEV_INFO, "reloading configuration succeeded");
	ctl_log(c, LOG_SEV_INFO, "reloading zones succeeded");
	ctl_log(c, LOG_SEV_NOTICE, "running");
	return R_OK;
}

void
control_stop(control_t *c) {
	/* named 9.18 closes its interfaces ("no longer listening on ...")
	 * before it says "shutting down" */
	c->ops->net_stop(c->net);
	c->net = NULL;
	ctl_log(c, LOG_SEV_INFO, "shutting down");
	drop_gen(c);
	if (c->pid_file != NULL) {
		os_pidfile_remove(c->pid_file);
		free(c->pid_file);
		c->pid_file = NULL;
	}
	ctl_log(c, LOG_SEV_NOTICE, "exiting");
}

void
control_run(control_t *c, const sigset_t *set, void (*started)(void)) {
	if (started != NULL) {
		started();
	}
	for (;;) {
		int sig = 0;
		if (sigwait(set, &sig) != 0) {
			continue;
		}
		switch (sig) {
		case SIGHUP:
			ctl_log(c, LOG_SEV_INFO,
			        "received SIGHUP signal to reload zones");
			c->ops->log_reopen();
			(void)control_reload(c);
			break;
		case SIGTERM:
		case SIGINT:
			control_stop(c);
			return;
		default:
			break;
		}
	}
}
