/*
 * log.c - named's logging: categories, routes from logging {}, and the
 * lock-free publication of those routes (see log.h for the contract,
 * log_channel.c for what one channel does with a message).
 *
 * Routes.  A log_routes_t holds every channel of one configuration and,
 * per category, the channels its messages go to (a category without a
 * "category" statement already points at "default"'s channels, so a
 * message never looks twice).  It is immutable once published.
 *
 * Publication.  Writers of messages may be any thread, registered with
 * liburcu or not, so the routes are guarded by a small epoch scheme of
 * our own instead of RCU: a writer of messages bumps the reader count
 * of the current epoch's parity, checks the epoch did not move, and only
 * then loads the routes pointer; log_configure() swaps the pointer,
 * advances the epoch and waits until the old parity's count drains
 * before freeing the old routes.  A message in flight thus finishes on
 * the routes it started with, and nothing is freed under it.
 *
 * log_wouldlog() does not enter at all: per category it reads the most
 * verbose fixed severity and the debug level from which dynamic channels
 * count, kept in plain arrays next to the routes (a reconfiguration can
 * make one answer stale for an instant; log_write checks each channel
 * again, so that costs at most one formatted message).
 *
 * BIND's defaults (named 9.18, checked by running it):
 *  - built-in channels default_syslog (syslog daemon, info),
 *    default_debug (file named.run, severity dynamic, print-time, only
 *    while the debug level is above 0; on stderr without that condition
 *    under -g), default_stderr (stderr, info, print-time), null; with -L
 *    also default_logfile (that file, dynamic, time, category, severity);
 *  - "default" goes to default_syslog (or default_logfile) and
 *    default_debug unless configured; "unmatched" to null;
 *  - under -g the logging statement is ignored (its files are still
 *    opened once, so an unwritable one still fails the configuration);
 *  - queries are logged only when querylog is on, or unset and the
 *    logging statement has a "queries" category.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "named/log.h"
#include "named/log_int.h"

static const char *const log_catnames[LOG_CAT_COUNT] = {
        [LOG_CAT_DEFAULT] = "default",
        [LOG_CAT_GENERAL] = "general",
        [LOG_CAT_CLIENT] = "client",
        [LOG_CAT_CONFIG] = "config",
        [LOG_CAT_DATABASE] = "database",
        [LOG_CAT_DNSSEC] = "dnssec",
        [LOG_CAT_EDNS_DISABLED] = "edns-disabled",
        [LOG_CAT_LAME_SERVERS] = "lame-servers",
        [LOG_CAT_NETWORK] = "network",
        [LOG_CAT_NOTIFY] = "notify",
        [LOG_CAT_NSID] = "nsid",
        [LOG_CAT_QUERIES] = "queries",
        [LOG_CAT_QUERY_ERRORS] = "query-errors",
        [LOG_CAT_RATE_LIMIT] = "rate-limit",
        [LOG_CAT_RESOLVER] = "resolver",
        [LOG_CAT_SECURITY] = "security",
        [LOG_CAT_UNMATCHED] = "unmatched",
        [LOG_CAT_UPDATE] = "update",
        [LOG_CAT_UPDATE_SECURITY] = "update-security",
        [LOG_CAT_XFER_IN] = "xfer-in",
        [LOG_CAT_XFER_OUT] = "xfer-out",
        [LOG_CAT_ZONELOAD] = "zoneload",
};

/* No channel of the category is dynamic: the debug level never counts. */
#define LOG_NODYN INT_MAX
/* No fixed channel: no severity passes on that account (below every
 * severity, and the zero of log_fixedmax's encoding). */
#define LOG_NOFIXED (-1000)

typedef struct log_routes {
	log_channel_t **channels; /* owned */
	size_t nchannels;
	log_channel_t **cat[LOG_CAT_COUNT]; /* borrowed from channels */
	size_t ncat[LOG_CAT_COUNT];
	int fixedmax[LOG_CAT_COUNT];
	int dynfrom[LOG_CAT_COUNT];
	bool querylog;
	bool isstatic; /* the bootstrap routes: never freed */
} log_routes_t;

/* Settings from the command line. */
static bool log_foreground;
static int log_debuglevel;
static char *log_logfile;
static bool log_configured; /* log_configure() ran since the last
                               log_shutdown() (log_cfglock) */

/* Publication (see the header comment). */
static log_routes_t *log_routes;
static unsigned long log_epoch;
static unsigned long log_readers[2];
static pthread_mutex_t log_cfglock = PTHREAD_MUTEX_INITIALIZER;

/*
 * What log_wouldlog reads, initialised to the bootstrap routes so it
 * needs no once-check: log_fixedmax holds fixedmax - LOG_NOFIXED (zero:
 * no fixed channel), log_dynfrom the level itself (zero: dynamic from
 * debug level 0; queries are off until configured).
 */
static int log_fixedmax[LOG_CAT_COUNT];
static int log_dynfrom[LOG_CAT_COUNT] = {[LOG_CAT_QUERIES] = LOG_NODYN};

/* The routes before any configuration: everything but queries to
 * stderr with the time, severity dynamic (named -g's layout). */
static log_channel_t log_boot_channel;
static log_channel_t *log_boot_list[1] = {&log_boot_channel};
static log_routes_t log_boot_routes;
static pthread_once_t log_boot_once = PTHREAD_ONCE_INIT;

static void
log_publish_tables(const log_routes_t *r) {
	for (int c = 0; c < LOG_CAT_COUNT; c++) {
		__atomic_store_n(&log_fixedmax[c], r->fixedmax[c] - LOG_NOFIXED,
		                 __ATOMIC_RELAXED);
		__atomic_store_n(&log_dynfrom[c], r->dynfrom[c],
		                 __ATOMIC_RELAXED);
	}
}

/* Per category: the most verbose fixed severity, and the debug level
 * from which dynamic channels start to count. */
static void
log_compute_tables(log_routes_t *r) {
	for (int c = 0; c < LOG_CAT_COUNT; c++) {
		int fixed = LOG_NOFIXED, dyn = LOG_NODYN;
		for (size_t i = 0; i < r->ncat[c]; i++) {
			const log_channel_t *ch = r->cat[c][i];
			if (ch->dest == LOG_DEST_NULL) {
				continue;
			}
			if (ch->dynamic) {
				int from = ch->debugonly ? 1 : 0;
				if (from < dyn) {
					dyn = from;
				}
			} else if (ch->severity > fixed) {
				fixed = ch->severity;
			}
		}
		r->fixedmax[c] = fixed;
		r->dynfrom[c] = dyn;
	}
}

static void
log_boot_init(void) {
	log_channel_t *ch = &log_boot_channel;

	ch->name = (char *)"default_stderr";
	ch->dest = LOG_DEST_STDERR;
	ch->dynamic = true;
	ch->ptime = LOG_TIME_LOCAL;
	pthread_mutex_init(&ch->lock, NULL);
	log_boot_routes.isstatic = true;
	log_boot_routes.channels = log_boot_list;
	log_boot_routes.nchannels = 1;
	for (int c = 0; c < LOG_CAT_COUNT; c++) {
		if (c == LOG_CAT_QUERIES) {
			continue;
		}
		log_boot_routes.cat[c] = log_boot_list;
		log_boot_routes.ncat[c] = 1;
	}
	log_compute_tables(&log_boot_routes);
	log_publish_tables(&log_boot_routes);
	__atomic_store_n(&log_routes, &log_boot_routes, __ATOMIC_SEQ_CST);
}

static void
log_boot(void) {
	pthread_once(&log_boot_once, log_boot_init);
}

static log_routes_t *
log_enter(int *slot) {
	for (;;) {
		unsigned long e = __atomic_load_n(&log_epoch, __ATOMIC_SEQ_CST);
		int s = (int)(e & 1);
		__atomic_fetch_add(&log_readers[s], 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&log_epoch, __ATOMIC_SEQ_CST) == e) {
			*slot = s;
			return __atomic_load_n(&log_routes, __ATOMIC_SEQ_CST);
		}
		__atomic_fetch_sub(&log_readers[s], 1, __ATOMIC_SEQ_CST);
	}
}

static void
log_leave(int slot) {
	__atomic_fetch_sub(&log_readers[slot], 1, __ATOMIC_SEQ_CST);
}

static void
log_routes_free(log_routes_t *r) {
	if (r == NULL || r->isstatic) {
		return;
	}
	for (size_t i = 0; i < r->nchannels; i++) {
		log_channel_free(r->channels[i]);
	}
	free(r->channels);
	for (int c = 0; c < LOG_CAT_COUNT; c++) {
		free(r->cat[c]);
	}
	free(r);
}

/* Swaps in r (log_cfglock held) and frees the old routes once no
 * message is still being written through them. */
static void
log_publish(log_routes_t *r) {
	log_routes_t *old;
	unsigned long e;

	log_publish_tables(r);
	old = __atomic_exchange_n(&log_routes, r, __ATOMIC_SEQ_CST);
	e = __atomic_fetch_add(&log_epoch, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&log_readers[e & 1], __ATOMIC_SEQ_CST) != 0) {
		sched_yield();
	}
	log_routes_free(old);
}

/* ---- categories and settings ---------------------------------------- */

const char *
log_category_name(log_category_t cat) {
	if ((int)cat < 0 || cat >= LOG_CAT_COUNT) {
		return "default";
	}
	return log_catnames[cat];
}

int
log_category_find(const char *name) {
	if (name == NULL) {
		return -1;
	}
	for (int i = 0; i < LOG_CAT_COUNT; i++) {
		if (strcmp(log_catnames[i], name) == 0) {
			return i;
		}
	}
	return -1;
}

void
log_set_debuglevel(int level) {
	__atomic_store_n(&log_debuglevel, level < 0 ? 0 : level,
	                 __ATOMIC_RELAXED);
}

int
log_get_debuglevel(void) {
	return __atomic_load_n(&log_debuglevel, __ATOMIC_RELAXED);
}

/* ---- building routes ------------------------------------------------- */

typedef struct log_build {
	log_routes_t *r;
	size_t cap;
	result_t err; /* first error: a file that cannot be opened, a
	                 category naming no channel */
	char errwhat[300];
} log_build_t;

static result_t
log_add_channel(log_build_t *b, log_channel_t *ch) {
	if (ch == NULL) {
		return R_NOMEMORY;
	}
	if (b->r->nchannels == b->cap) {
		size_t ncap = b->cap == 0 ? 8 : b->cap * 2;
		log_channel_t **nv =
		        realloc(b->r->channels, ncap * sizeof(*nv));
		if (nv == NULL) {
			log_channel_free(ch);
			return R_NOMEMORY;
		}
		b->r->channels = nv;
		b->cap = ncap;
	}
	b->r->channels[b->r->nchannels++] = ch;
	return R_OK;
}

/* The channel of that name (case matters, as in named); user channels
 * were added after the built-ins, so searching from the end finds a
 * redefinition (channel default_debug { ... }) first. */
static log_channel_t *
log_find_channel(const log_routes_t *r, const char *name) {
	for (size_t i = r->nchannels; i > 0; i--) {
		if (strcmp(r->channels[i - 1]->name, name) == 0) {
			return r->channels[i - 1];
		}
	}
	return NULL;
}

static result_t
log_route(log_routes_t *r, int cat, log_channel_t *ch) {
	log_channel_t **nv =
	        realloc(r->cat[cat], (r->ncat[cat] + 1) * sizeof(*nv));
	if (nv == NULL) {
		return R_NOMEMORY;
	}
	nv[r->ncat[cat]++] = ch;
	r->cat[cat] = nv;
	return R_OK;
}

static result_t
log_add_builtins(log_build_t *b, bool foreground, const char *logfile) {
	log_channel_t *ch;
	result_t res;

	ch = log_channel_new("default_syslog", LOG_DEST_SYSLOG);
	if ((res = log_add_channel(b, ch)) != R_OK) {
		return res;
	}
	if (foreground) {
		ch = log_channel_new("default_debug", LOG_DEST_STDERR);
		if (ch != NULL) {
			ch->dynamic = true;
			ch->ptime = LOG_TIME_LOCAL;
		}
	} else {
		ch = log_channel_new("default_debug", LOG_DEST_FILE);
		if (ch != NULL) {
			ch->dynamic = true;
			ch->debugonly = true;
			ch->ptime = LOG_TIME_LOCAL;
			if (log_channel_setfile(ch, "named.run",
			                        LOG_VERSIONS_NEVER, 0,
			                        false) != R_OK) {
				log_channel_free(ch);
				ch = NULL;
			}
		}
	}
	if ((res = log_add_channel(b, ch)) != R_OK) {
		return res;
	}
	ch = log_channel_new("default_stderr", LOG_DEST_STDERR);
	if (ch != NULL) {
		ch->ptime = LOG_TIME_LOCAL;
	}
	if ((res = log_add_channel(b, ch)) != R_OK) {
		return res;
	}
	if ((res = log_add_channel(
	             b, log_channel_new("null", LOG_DEST_NULL))) != R_OK) {
		return res;
	}
	if (logfile != NULL) {
		ch = log_channel_new("default_logfile", LOG_DEST_FILE);
		if (ch != NULL) {
			ch->dynamic = true;
			ch->ptime = LOG_TIME_LOCAL;
			ch->pcategory = true;
			ch->pseverity = true;
			if (log_channel_setfile(ch, logfile, LOG_VERSIONS_NEVER,
			                        0, false) != R_OK) {
				log_channel_free(ch);
				ch = NULL;
			}
		}
		if ((res = log_add_channel(b, ch)) != R_OK) {
			return res;
		}
	}
	return R_OK;
}

static bool
log_value_bool(const conf_value_t *v, bool dflt) {
	bool out;
	if (v == NULL || conf_value_boolean(v, &out) != R_OK) {
		return dflt;
	}
	return out;
}

/* severity critical | error | warning | notice | info | debug [N] |
 * dynamic ("debug" alone is debug 1, as named reads it). */
static void
log_parse_severity(log_channel_t *ch, const conf_stmt_t *s) {
	static const char *const names[] = {"critical", "error", "warning",
	                                    "notice", "info"};
	const conf_value_t *v = conf_stmt_arg(s, 0);
	uint64_t n;

	if (v == NULL) {
		return;
	}
	if (conf_value_is(v, "dynamic")) {
		ch->dynamic = true;
		return;
	}
	if (conf_value_is(v, "debug")) {
		const conf_value_t *lv = conf_stmt_arg(s, 1);
		ch->severity = LOG_SEV_DEBUG(1);
		if (lv != NULL && conf_value_uint(lv, &n) == R_OK) {
			/* capped where log_fixedmax's encoding cannot
			 * overflow; no message is that deep anyway */
			ch->severity = n > INT_MAX / 2 ? INT_MAX / 2 : (int)n;
		}
		return;
	}
	for (int i = 0; i < 5; i++) {
		if (conf_value_is(v, names[i])) {
			ch->severity = LOG_SEV_CRITICAL + i;
			return;
		}
	}
}

static result_t
log_parse_file(log_channel_t *ch, const conf_stmt_t *s) {
	const conf_value_t *path = conf_stmt_arg(s, 0);
	const conf_value_t *v;
	int versions = LOG_VERSIONS_NEVER;
	uint64_t size = 0, n;
	bool tsuffix = false;

	if (path == NULL || path->text == NULL) {
		return R_SYNTAX;
	}
	v = conf_stmt_keyword(s, "versions");
	if (v != NULL) {
		if (conf_value_is(v, "unlimited")) {
			versions = LOG_VERSIONS_UNLIMITED;
		} else if (conf_value_uint(v, &n) == R_OK) {
			versions = n > INT_MAX - 1 ? INT_MAX - 1 : (int)n;
		}
	}
	v = conf_stmt_keyword(s, "size");
	if (v != NULL && conf_value_size(v, &n) == R_OK &&
	    n != CONF_SIZE_UNLIMITED && n != CONF_SIZE_DEFAULT)
	{
		size = n;
	}
	v = conf_stmt_keyword(s, "suffix");
	if (v != NULL && conf_value_is(v, "timestamp")) {
		tsuffix = true;
	}
	return log_channel_setfile(ch, path->text, versions, size, tsuffix);
}

/* One "channel NAME { ... };" statement.  A file that cannot be opened
 * is remembered as the error and its channel left out. */
static result_t
log_parse_channel(log_build_t *b, const conf_stmt_t *cs) {
	const conf_value_t *name = conf_stmt_arg(cs, 0);
	const conf_block_t *blk = conf_stmt_block(cs);
	const conf_stmt_t *s;
	log_channel_t *ch;
	result_t res = R_OK;

	if (name == NULL || name->text == NULL || blk == NULL) {
		return R_OK;
	}
	ch = log_channel_new(name->text, LOG_DEST_NULL);
	if (ch == NULL) {
		return R_NOMEMORY;
	}
	for (s = blk->first; s != NULL && res == R_OK; s = s->next) {
		if (s->name == NULL) {
			continue;
		}
		if (strcasecmp(s->name, "file") == 0) {
			res = log_parse_file(ch, s);
		} else if (strcasecmp(s->name, "syslog") == 0) {
			const conf_value_t *f = conf_stmt_arg(s, 0);
			ch->dest = LOG_DEST_SYSLOG;
			if (f != NULL && f->text != NULL &&
			    log_facility_find(f->text) >= 0) {
				ch->facility = log_facility_find(f->text);
			}
		} else if (strcasecmp(s->name, "stderr") == 0) {
			ch->dest = LOG_DEST_STDERR;
		} else if (strcasecmp(s->name, "null") == 0) {
			ch->dest = LOG_DEST_NULL;
		} else if (strcasecmp(s->name, "severity") == 0) {
			log_parse_severity(ch, s);
		} else if (strcasecmp(s->name, "print-time") == 0) {
			const conf_value_t *v = conf_stmt_arg(s, 0);
			if (conf_value_is(v, "iso8601")) {
				ch->ptime = LOG_TIME_ISO8601;
			} else if (conf_value_is(v, "iso8601-utc")) {
				ch->ptime = LOG_TIME_ISO8601_UTC;
			} else if (conf_value_is(v, "local")) {
				ch->ptime = LOG_TIME_LOCAL;
			} else {
				ch->ptime = log_value_bool(v, false)
				                    ? LOG_TIME_LOCAL
				                    : LOG_TIME_NONE;
			}
		} else if (strcasecmp(s->name, "print-category") == 0) {
			ch->pcategory =
			        log_value_bool(conf_stmt_arg(s, 0), false);
		} else if (strcasecmp(s->name, "print-severity") == 0) {
			ch->pseverity =
			        log_value_bool(conf_stmt_arg(s, 0), false);
		} else if (strcasecmp(s->name, "buffered") == 0) {
			ch->buffered =
			        log_value_bool(conf_stmt_arg(s, 0), false);
		}
	}
	if (res != R_OK) {
		log_channel_free(ch);
		return res == R_NOMEMORY ? res : R_OK;
	}
	res = log_channel_touch(ch);
	if (res != R_OK) {
		if (b->err == R_OK) {
			b->err = res;
			snprintf(b->errwhat, sizeof(b->errwhat), "file '%s'",
			         ch->path);
		}
		/* kept by name, so categories naming it still resolve,
		 * but writing nowhere */
		ch->dest = LOG_DEST_NULL;
	}
	return log_add_channel(b, ch);
}

static result_t
log_parse_categories(log_build_t *b, const conf_block_t *logging, bool *seen) {
	for (const conf_stmt_t *cs = conf_block_find(logging, "category");
	     cs != NULL; cs = conf_stmt_findnext(cs))
	{
		const conf_value_t *name = conf_stmt_arg(cs, 0);
		const conf_block_t *blk = conf_stmt_block(cs);
		int cat = name != NULL ? log_category_find(name->text) : -1;

		if (cat < 0 || blk == NULL) {
			continue; /* a category named never logs */
		}
		seen[cat] = true;
		for (const conf_stmt_t *s = blk->first; s != NULL; s = s->next)
		{
			log_channel_t *ch;
			if (s->name == NULL) {
				continue;
			}
			ch = log_find_channel(b->r, s->name);
			if (ch == NULL) {
				/* named refuses such a configuration (its
				 * check compares names ignoring case, the
				 * lookup does not) */
				if (b->err == R_OK) {
					b->err = R_NOTFOUND;
					snprintf(b->errwhat, sizeof(b->errwhat),
					         "channel '%s'", s->name);
				}
				continue;
			}
			result_t res = log_route(b->r, cat, ch);
			if (res != R_OK) {
				return res;
			}
		}
	}
	return R_OK;
}

/* "default" and "unmatched" when the configuration leaves them out. */
static result_t
log_default_routes(log_build_t *b, bool *seen, bool foreground,
                   const char *logfile) {
	log_routes_t *r = b->r;
	result_t res;

	if (!seen[LOG_CAT_DEFAULT]) {
		const char *first = NULL;
		if (!foreground) {
			first = logfile != NULL ? "default_logfile"
			                        : "default_syslog";
		}
		if (first != NULL) {
			res = log_route(r, LOG_CAT_DEFAULT,
			                log_find_channel(r, first));
			if (res != R_OK) {
				return res;
			}
		}
		res = log_route(r, LOG_CAT_DEFAULT,
		                log_find_channel(r, "default_debug"));
		if (res != R_OK) {
			return res;
		}
		seen[LOG_CAT_DEFAULT] = true;
	}
	if (!seen[LOG_CAT_UNMATCHED]) {
		res = log_route(r, LOG_CAT_UNMATCHED,
		                log_find_channel(r, "null"));
		if (res != R_OK) {
			return res;
		}
		seen[LOG_CAT_UNMATCHED] = true;
	}
	/* the rest fall back to default's channels */
	for (int c = 0; c < LOG_CAT_COUNT; c++) {
		if (seen[c]) {
			continue;
		}
		for (size_t i = 0; i < r->ncat[LOG_CAT_DEFAULT]; i++) {
			res = log_route(r, c, r->cat[LOG_CAT_DEFAULT][i]);
			if (res != R_OK) {
				return res;
			}
		}
	}
	return R_OK;
}

/* Builds the routes for tree (NULL: defaults) into *out. */
static result_t
log_build(const conf_tree_t *tree, int querylog, bool foreground,
          const char *logfile, log_build_t *b) {
	const conf_block_t *logging = NULL;
	bool seen[LOG_CAT_COUNT] = {false};
	result_t res;

	b->r = calloc(1, sizeof(*b->r));
	if (b->r == NULL) {
		return R_NOMEMORY;
	}
	if (tree != NULL) {
		logging = conf_block_findblock(tree->top, "logging");
	}
	res = log_add_builtins(b, foreground, logfile);
	/* every channel is read (and its file opened once) even under -g,
	 * as named does: an unwritable file fails either way */
	for (const conf_stmt_t *cs = conf_block_find(logging, "channel");
	     cs != NULL && res == R_OK; cs = conf_stmt_findnext(cs))
	{
		res = log_parse_channel(b, cs);
	}
	if (res == R_OK && !foreground && logging != NULL) {
		res = log_parse_categories(b, logging, seen);
	}
	if (res == R_OK) {
		res = log_default_routes(b, seen, foreground, logfile);
	}
	if (res != R_OK) {
		log_routes_free(b->r);
		b->r = NULL;
		return res;
	}
	if (querylog < 0) {
		bool found = false;
		for (const conf_stmt_t *cs =
		             conf_block_find(logging, "category");
		     cs != NULL; cs = conf_stmt_findnext(cs))
		{
			const conf_value_t *n = conf_stmt_arg(cs, 0);
			if (conf_value_is(n, "queries")) {
				found = true;
			}
		}
		querylog = found;
	}
	b->r->querylog = querylog != 0;
	if (!b->r->querylog) {
		b->r->ncat[LOG_CAT_QUERIES] = 0;
	}
	log_compute_tables(b->r);
	return R_OK;
}

/*
 * named's routes before its configuration is read (named_log_init):
 * under -g everything to stderr, otherwise default_syslog (or -L's
 * file) and default_debug.  Installed when the command line settings
 * arrive, unless log_configure() has already run.
 */
static void
log_install_defaults(void) {
	log_build_t *b;

	log_boot();
	b = calloc(1, sizeof(*b));
	if (b == NULL) {
		return;
	}
	pthread_mutex_lock(&log_cfglock);
	if (!log_configured &&
	    log_build(NULL, -1,
	              __atomic_load_n(&log_foreground, __ATOMIC_RELAXED),
	              log_logfile, b) == R_OK)
	{
		log_publish(b->r);
	}
	pthread_mutex_unlock(&log_cfglock);
	free(b);
}

void
log_set_foreground(bool stderr_only) {
	__atomic_store_n(&log_foreground, stderr_only, __ATOMIC_RELAXED);
	log_install_defaults();
}

result_t
log_set_logfile(const char *path) {
	char *p = NULL;

	if (path != NULL) {
		p = strdup(path);
		if (p == NULL) {
			return R_NOMEMORY;
		}
	}
	pthread_mutex_lock(&log_cfglock);
	free(log_logfile);
	log_logfile = p;
	pthread_mutex_unlock(&log_cfglock);
	log_install_defaults();
	return R_OK;
}

result_t
log_checkconfig(const conf_tree_t *tree) {
	log_build_t b = {0};
	result_t res;

	pthread_mutex_lock(&log_cfglock);
	res = log_build(tree, -1, log_foreground, log_logfile, &b);
	pthread_mutex_unlock(&log_cfglock);
	log_routes_free(b.r);
	return res != R_OK ? res : b.err;
}

result_t
log_configure(const conf_tree_t *tree, int querylog) {
	log_build_t b = {0};
	bool foreground, haslogging;
	result_t res;

	log_boot();
	pthread_mutex_lock(&log_cfglock);
	foreground = __atomic_load_n(&log_foreground, __ATOMIC_RELAXED);
	res = log_build(tree, querylog, foreground, log_logfile, &b);
	if (res == R_OK) {
		log_publish(b.r);
		log_configured = true;
	}
	pthread_mutex_unlock(&log_cfglock);
	if (res != R_OK) {
		log_write(LOG_CAT_CONFIG, LOG_SEV_ERROR,
		          "configuring logging: %s", result_totext(res));
		return res;
	}
	haslogging =
	        tree != NULL && conf_block_find(tree->top, "logging") != NULL;
	/* (under -g, "not using config file logging statement ..." is the
	 * server's line: named prints it with or without a statement) */
	if (!foreground && haslogging) {
		log_write(LOG_CAT_GENERAL, LOG_SEV_DEBUG(1),
		          "now using logging configuration from config file");
	}
	if (b.err != R_OK) {
		log_write(LOG_CAT_CONFIG, LOG_SEV_ERROR,
		          "configuring logging: %s: %s", b.errwhat,
		          result_totext(b.err));
	}
	return b.err;
}

/* ---- writing ------------------------------------------------------- */

bool
log_wouldlog(log_category_t cat, int severity) {
	if ((unsigned)cat >= LOG_CAT_COUNT) {
		cat = LOG_CAT_DEFAULT;
	}
	if (severity <=
	    __atomic_load_n(&log_fixedmax[cat], __ATOMIC_RELAXED) + LOG_NOFIXED)
	{
		return true;
	}
	int from = __atomic_load_n(&log_dynfrom[cat], __ATOMIC_RELAXED);
	int level = __atomic_load_n(&log_debuglevel, __ATOMIC_RELAXED);
	return level >= from && severity <= level;
}

void
log_vwrite(log_category_t cat, int severity, const char *fmt, va_list ap) {
	char text[LOG_MSGMAX];
	log_msg_t m;
	log_routes_t *r;
	int slot, level;

	if ((unsigned)cat >= LOG_CAT_COUNT) {
		cat = LOG_CAT_DEFAULT;
	}
	if (!log_wouldlog(cat, severity)) {
		return;
	}
	log_boot();
	if (vsnprintf(text, sizeof(text), fmt, ap) < 0) {
		return;
	}
	gettimeofday(&m.when, NULL);
	m.category = log_catnames[cat];
	m.severity = severity;
	m.text = text;
	level = log_get_debuglevel();
	r = log_enter(&slot);
	for (size_t i = 0; i < r->ncat[cat]; i++) {
		log_channel_t *ch = r->cat[cat][i];
		if (log_channel_accepts(ch, severity, level)) {
			log_channel_write(ch, &m);
		}
	}
	log_leave(slot);
}

void
log_write(log_category_t cat, int severity, const char *fmt, ...) {
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(cat, severity, fmt, ap);
	va_end(ap);
}

void
log_reopen(void) {
	log_routes_t *r;
	int slot;

	log_boot();
	r = log_enter(&slot);
	for (size_t i = 0; i < r->nchannels; i++) {
		log_channel_reopen(r->channels[i]);
	}
	log_leave(slot);
}

void
log_shutdown(void) {
	log_boot();
	pthread_mutex_lock(&log_cfglock);
	/* back to stderr, so messages after shutdown still show */
	log_publish(&log_boot_routes);
	log_configured = false;
	pthread_mutex_unlock(&log_cfglock);
	fflush(stderr);
}
