/*
 * log.h - named's logging: BIND 9.18's categories, severities, channels.
 *
 * Contract
 *  - log_write() may be called from any thread at any time, before or
 *    after configuration.  Before log_configure() (and with -g) messages
 *    go to stderr in named's -g format: "21-Nov-2026 20:04:09.123 text".
 *    Once the command line is known (log_set_foreground(false), or -L's
 *    log_set_logfile()), they go where named 9.18 sends them before it
 *    reads named.conf: syslog (or the -L file) and, with -d, named.run;
 *    so `named -f` prints nothing on stderr, as named does.
 *  - log_configure() installs the channels and category routes of a
 *    checked named.conf's logging {} statement (BIND's defaults when it
 *    has none: default_syslog + default_debug for "default", queries
 *    only when querylog is on, ...).  It swaps the routing atomically;
 *    a message in flight on another thread goes to the old or the new
 *    routes, never to freed memory.
 *  - log_wouldlog() is the cheap check the query path makes before
 *    formatting anything (querylog, debug levels): one load and compare.
 *  - Nothing here aborts: a channel whose file cannot be opened is
 *    reported (through the remaining channels and the result) and dropped.
 */
#ifndef BINDERY_NAMED_LOG_H
#define BINDERY_NAMED_LOG_H

#include <stdarg.h>
#include <stdbool.h>

#include "config/ast.h"
#include "zones/result.h"

/* BIND's categories (the ones named uses); LOG_CAT_COUNT last. */
typedef enum {
	LOG_CAT_DEFAULT = 0,
	LOG_CAT_GENERAL,
	LOG_CAT_CLIENT,
	LOG_CAT_CONFIG,
	LOG_CAT_DATABASE,
	LOG_CAT_DNSSEC,
	LOG_CAT_EDNS_DISABLED,
	LOG_CAT_LAME_SERVERS,
	LOG_CAT_NETWORK,
	LOG_CAT_NOTIFY,
	LOG_CAT_NSID,
	LOG_CAT_QUERIES,
	LOG_CAT_QUERY_ERRORS,
	LOG_CAT_RATE_LIMIT,
	LOG_CAT_RESOLVER,
	LOG_CAT_SECURITY,
	LOG_CAT_UNMATCHED,
	LOG_CAT_UPDATE,
	LOG_CAT_UPDATE_SECURITY,
	LOG_CAT_XFER_IN,
	LOG_CAT_XFER_OUT,
	LOG_CAT_ZONELOAD,
	LOG_CAT_COUNT
} log_category_t;

/* Severities, most severe first; debug levels are LOG_SEV_DEBUG(n). */
#define LOG_SEV_CRITICAL (-5)
#define LOG_SEV_ERROR    (-4)
#define LOG_SEV_WARNING  (-3)
#define LOG_SEV_NOTICE   (-2)
#define LOG_SEV_INFO     (-1)
#define LOG_SEV_DEBUG(n) (n) /* n >= 1 */

/* The category's name as named.conf spells it ("queries", "xfer-in"). */
const char *log_category_name(log_category_t cat);
/* Category by name; -1 if unknown. */
int log_category_find(const char *name);

/*
 * Process-wide settings from the command line: -g (foreground, log to
 * stderr only, ignoring logging {}), -d level (debug level), -L file
 * (default log file instead of syslog).  Call before log_configure();
 * log_set_foreground() and log_set_logfile() install named's
 * pre-configuration routes for these settings (see above).
 * log_set_debuglevel() may be called at any time (rndc trace).
 */
void log_set_foreground(bool stderr_only);
void log_set_debuglevel(int level);
int log_get_debuglevel(void);
result_t log_set_logfile(const char *path);

/*
 * Installs logging from a checked tree (NULL: BIND's defaults).
 * `directory` is the server's working directory (relative file
 * channels are opened there; named has already chdir()ed, so it may be
 * NULL).  querylog: the effective "querylog" option (-1 when unset, as
 * BIND then logs queries only if a "queries" category is configured).
 * Errors (a file that cannot be opened) are logged and returned, with
 * the rest installed.
 */
result_t log_configure(const conf_tree_t *tree, int querylog);

/*
 * Checks a tree's logging {} without installing anything: every file
 * channel is opened for appending once (so it exists afterwards), as
 * named does before it accepts a configuration.  The first failure is
 * returned (R_FILENOTFOUND, R_IOERROR); named then prints "checking
 * logging configuration failed: <result text>" and refuses the
 * configuration, keeping the logging it had.
 */
result_t log_checkconfig(const conf_tree_t *tree);

/* Would a message of this category and severity be written anywhere? */
bool log_wouldlog(log_category_t cat, int severity);

/* Writes one message (no trailing newline in fmt). */
void log_write(log_category_t cat, int severity, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void log_vwrite(log_category_t cat, int severity, const char *fmt, va_list ap);

/* Reopens file channels (after rotation by others); SIGHUP does this. */
void log_reopen(void);

/* Flushes and closes every channel (at exit). */
void log_shutdown(void);

#endif
