/*
 * log.c - named's logging (see log.h for the contract).
 *
 * Bootstrap version: every message goes to stderr in named -g format
 * ("21-Nov-2026 20:04:09.123 text").  Channels and routes come next.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "named/log.h"

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

static int log_debuglevel;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

const char *
log_category_name(log_category_t cat) {
	if ((int)cat < 0 || cat >= LOG_CAT_COUNT) {
		return "default";
	}
	return log_catnames[cat];
}

int
log_category_find(const char *name) {
	for (int i = 0; i < LOG_CAT_COUNT; i++) {
		if (strcmp(log_catnames[i], name) == 0) {
			return i;
		}
	}
	return -1;
}

void
log_set_foreground(bool stderr_only) {
	(void)stderr_only;
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

result_t
log_set_logfile(const char *path) {
	(void)path;
	return R_OK;
}

result_t
log_configure(const conf_tree_t *tree, int querylog) {
	(void)tree;
	(void)querylog;
	return R_OK;
}

bool
log_wouldlog(log_category_t cat, int severity) {
	(void)cat;
	return severity <= LOG_SEV_INFO || severity <= log_get_debuglevel();
}

void
log_vwrite(log_category_t cat, int severity, const char *fmt, va_list ap) {
	struct timeval tv;
	struct tm tm;
	char stamp[64];

	if (!log_wouldlog(cat, severity)) {
		return;
	}
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	size_t n = strftime(stamp, sizeof(stamp), "%d-%b-%Y %H:%M:%S", &tm);
	snprintf(stamp + n, sizeof(stamp) - n, ".%03ld",
		 (long)(tv.tv_usec / 1000));
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "%s ", stamp);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&log_lock);
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
}

void
log_shutdown(void) {
	fflush(stderr);
}
