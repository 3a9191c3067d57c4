/*
 * log_channel.c - one logging channel: line layout, time stamps, files
 * with BIND's rotation, stderr and syslog.
 *
 * Contract: see log_int.h.  The behaviour copied from named 9.18 (checked
 * by running it):
 *  - layout "<time> <category>: <severity>: <text>", each part switched
 *    by print-time / print-category / print-severity; debug severities
 *    read "debug N"; print-time yes and local give "21-Nov-2026
 *    20:04:09.123", iso8601 "2026-11-21T20:04:09.123" (local time),
 *    iso8601-utc "2026-11-21T20:04:09.123Z".
 *  - a file is opened at its first message, not at configuration.  At
 *    that open it is rolled when it has versions and no size limit, or
 *    when it is at or over its size limit; without versions a full file
 *    is left alone and messages to it are dropped until it shrinks or
 *    disappears.  After each write a file that grew past its size is
 *    marked, and the next message closes, rolls and reopens it.
 *  - rolling by increment removes path.N for N >= versions, shifts
 *    path.(N-1) -> path.N down to path -> path.0; "unlimited" shifts up
 *    to the first missing number; versions 0 just removes path.  By
 *    timestamp, path -> path.<UTC yyyymmddhhmmssmmm>, keeping the newest
 *    `versions` numbered files.
 * Files are written through stdio under the channel's mutex and flushed
 * after each line unless "buffered yes".  The size is taken at open and
 * then counted (named asks fstat after every line; the count gives the
 * same answer while we are the file's only writer, without a syscall).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>

#include "named/log_int.h"

static pthread_mutex_t log_stderr_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_stderr_fp;
static void (*log_syslog_fn)(int prio, const char *line);
static pthread_once_t log_syslog_once = PTHREAD_ONCE_INIT;

static const char *const log_months[12] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static const char *const log_sevnames[] = {
        "critical", "error", "warning", "notice", "info",
};

static const struct {
	const char *name;
	int facility;
} log_facilities[] = {
        {"kern", LOG_KERN},         {"user", LOG_USER},
        {"mail", LOG_MAIL},         {"daemon", LOG_DAEMON},
        {"auth", LOG_AUTH},         {"syslog", LOG_SYSLOG},
        {"lpr", LOG_LPR},           {"news", LOG_NEWS},
        {"uucp", LOG_UUCP},         {"cron", LOG_CRON},
        {"authpriv", LOG_AUTHPRIV}, {"ftp", LOG_FTP},
        {"local0", LOG_LOCAL0},     {"local1", LOG_LOCAL1},
        {"local2", LOG_LOCAL2},     {"local3", LOG_LOCAL3},
        {"local4", LOG_LOCAL4},     {"local5", LOG_LOCAL5},
        {"local6", LOG_LOCAL6},     {"local7", LOG_LOCAL7},
};

int
log_facility_find(const char *name) {
	for (size_t i = 0;
	     i < sizeof(log_facilities) / sizeof(log_facilities[0]); i++) {
		if (strcasecmp(name, log_facilities[i].name) == 0) {
			return log_facilities[i].facility;
		}
	}
	return -1;
}

void
log_test_set_stderr(FILE *fp) {
	pthread_mutex_lock(&log_stderr_lock);
	log_stderr_fp = fp;
	pthread_mutex_unlock(&log_stderr_lock);
}

void
log_test_set_syslog(void (*fn)(int prio, const char *line)) {
	__atomic_store_n(&log_syslog_fn, fn, __ATOMIC_RELEASE);
}

log_channel_t *
log_channel_new(const char *name, log_dest_t dest) {
	log_channel_t *ch = calloc(1, sizeof(*ch));
	if (ch == NULL) {
		return NULL;
	}
	ch->name = strdup(name);
	if (ch->name == NULL) {
		free(ch);
		return NULL;
	}
	ch->dest = dest;
	ch->severity = LOG_SEV_INFO;
	ch->facility = LOG_DAEMON;
	ch->versions = LOG_VERSIONS_NEVER;
	pthread_mutex_init(&ch->lock, NULL);
	return ch;
}

result_t
log_channel_setfile(log_channel_t *ch, const char *path, int versions,
                    uint64_t maxsize, bool tsuffix) {
	char *p = strdup(path);
	if (p == NULL) {
		return R_NOMEMORY;
	}
	free(ch->path);
	ch->path = p;
	ch->dest = LOG_DEST_FILE;
	ch->versions = versions;
	ch->maxsize = maxsize;
	ch->tsuffix = tsuffix;
	return R_OK;
}

void
log_channel_free(log_channel_t *ch) {
	if (ch == NULL) {
		return;
	}
	if (ch->fp != NULL) {
		fclose(ch->fp);
	}
	pthread_mutex_destroy(&ch->lock);
	free(ch->path);
	free(ch->name);
	free(ch);
}

bool
log_channel_accepts(const log_channel_t *ch, int severity, int debuglevel) {
	if (ch->dest == LOG_DEST_NULL) {
		return false;
	}
	if (ch->debugonly && debuglevel <= 0) {
		return false;
	}
	if (ch->dynamic) {
		return severity <= debuglevel;
	}
	return severity <= ch->severity;
}

static result_t
log_errno_result(int err) {
	return err == ENOENT || err == ENOTDIR ? R_FILENOTFOUND : R_IOERROR;
}

result_t
log_channel_touch(const log_channel_t *ch) {
	if (ch->dest != LOG_DEST_FILE) {
		return R_OK;
	}
	FILE *fp = fopen(ch->path, "a");
	if (fp == NULL) {
		return log_errno_result(errno);
	}
	fclose(fp);
	return R_OK;
}

/* ---- formatting ---------------------------------------------------- */

size_t
log_format_time(log_timefmt_t fmt, const struct timeval *tv, char *buf,
                size_t size) {
	struct tm tm;
	time_t t = tv->tv_sec;
	int ms = (int)(tv->tv_usec / 1000);
	int n;

	if (size == 0) {
		return 0;
	}
	if (fmt == LOG_TIME_ISO8601_UTC) {
		gmtime_r(&t, &tm);
	} else {
		localtime_r(&t, &tm);
	}
	switch (fmt) {
	case LOG_TIME_NONE:
		buf[0] = '\0';
		return 0;
	case LOG_TIME_ISO8601:
	case LOG_TIME_ISO8601_UTC:
		n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s",
		             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		             tm.tm_hour, tm.tm_min, tm.tm_sec, ms,
		             fmt == LOG_TIME_ISO8601_UTC ? "Z" : "");
		break;
	default:
		n = snprintf(buf, size, "%02d-%s-%04d %02d:%02d:%02d.%03d",
		             tm.tm_mday, log_months[tm.tm_mon % 12],
		             tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		             tm.tm_sec, ms);
		break;
	}
	if (n < 0) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n < size ? (size_t)n : size - 1;
}

/* Appends text to buf at *pos, cutting at size - 1. */
static void
log_append(char *buf, size_t size, size_t *pos, const char *text) {
	size_t len = strlen(text);
	if (*pos + 1 >= size) {
		return;
	}
	if (len > size - 1 - *pos) {
		len = size - 1 - *pos;
	}
	memcpy(buf + *pos, text, len);
	*pos += len;
	buf[*pos] = '\0';
}

size_t
log_channel_format(const log_channel_t *ch, const log_msg_t *m, char *buf,
                   size_t size) {
	char part[64];
	size_t pos = 0;

	if (size == 0) {
		return 0;
	}
	buf[0] = '\0';
	if (ch->ptime != LOG_TIME_NONE) {
		log_format_time(ch->ptime, &m->when, part, sizeof(part));
		log_append(buf, size, &pos, part);
		log_append(buf, size, &pos, " ");
	}
	if (ch->pcategory) {
		log_append(buf, size, &pos, m->category);
		log_append(buf, size, &pos, ": ");
	}
	if (ch->pseverity) {
		if (m->severity > 0) {
			snprintf(part, sizeof(part), "debug %d: ", m->severity);
		} else {
			int i = m->severity - LOG_SEV_CRITICAL;
			if (i < 0) {
				i = 0;
			}
			if (i > 4) {
				i = 4;
			}
			snprintf(part, sizeof(part), "%s: ", log_sevnames[i]);
		}
		log_append(buf, size, &pos, part);
	}
	log_append(buf, size, &pos, m->text);
	return pos;
}

/* ---- rotation ------------------------------------------------------ */

/* Splits path into the directory to scan and the base name. */
static result_t
log_split(const char *path, char **dir, const char **base) {
	const char *slash = strrchr(path, '/');
	if (slash == NULL) {
		*dir = strdup(".");
		*base = path;
	} else if (slash == path) {
		*dir = strdup("/");
		*base = slash + 1;
	} else {
		*dir = strndup(path, (size_t)(slash - path));
		*base = slash + 1;
	}
	return *dir == NULL ? R_NOMEMORY : R_OK;
}

/* If name is base "." digits, its number (saturating); else -1. */
static long long
log_suffix_number(const char *name, const char *base) {
	size_t blen = strlen(base);
	unsigned long long v = 0;
	const char *p;

	if (strncmp(name, base, blen) != 0 || name[blen] != '.' ||
	    name[blen + 1] == '\0')
	{
		return -1;
	}
	for (p = name + blen + 1; *p != '\0'; p++) {
		if (*p < '0' || *p > '9') {
			return -1;
		}
		if (v < (unsigned long long)LLONG_MAX / 10) {
			v = v * 10 + (unsigned long long)(*p - '0');
		} else {
			v = LLONG_MAX;
		}
	}
	return (long long)v;
}

typedef struct {
	long long num;
	char *name;
} log_numbered_t;

static int
log_numbered_cmp(const void *a, const void *b) {
	const log_numbered_t *x = a, *y = b;
	/* newest (largest) first */
	return x->num < y->num ? 1 : x->num > y->num ? -1 : 0;
}

/* Collects dir's files named base.<digits>. */
static result_t
log_scan(const char *dir, const char *base, log_numbered_t **out,
         size_t *count) {
	DIR *d = opendir(dir);
	struct dirent *e;
	log_numbered_t *v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*count = 0;
	if (d == NULL) {
		return log_errno_result(errno);
	}
	while ((e = readdir(d)) != NULL) {
		long long num = log_suffix_number(e->d_name, base);
		if (num < 0) {
			continue;
		}
		if (n == cap) {
			size_t ncap = cap == 0 ? 16 : cap * 2;
			log_numbered_t *nv = realloc(v, ncap * sizeof(*v));
			if (nv == NULL) {
				goto nomem;
			}
			v = nv;
			cap = ncap;
		}
		v[n].num = num;
		v[n].name = strdup(e->d_name);
		if (v[n].name == NULL) {
			goto nomem;
		}
		n++;
	}
	closedir(d);
	*out = v;
	*count = n;
	return R_OK;
nomem:
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
	}
	free(v);
	closedir(d);
	return R_NOMEMORY;
}

static void
log_scan_free(log_numbered_t *v, size_t n) {
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
	}
	free(v);
}

/* dir + "/" + name, in buf. */
static bool
log_join(char *buf, size_t size, const char *dir, const char *name) {
	int n = snprintf(buf, size, "%s/%s", dir, name);
	return n > 0 && (size_t)n < size;
}

static bool
log_exists(const char *path) {
	struct stat st;
	return stat(path, &st) == 0;
}

static result_t
log_roll_increment(const char *path, int versions, const char *dir,
                   const char *base) {
	char from[PATH_MAX], to[PATH_MAX];
	long long top;

	if (versions == LOG_VERSIONS_UNLIMITED) {
		/* shift everything up to the first gap */
		for (top = 0; top < INT_MAX; top++) {
			snprintf(from, sizeof(from), "%s.%lld", path, top);
			if (!log_exists(from)) {
				break;
			}
		}
	} else {
		log_numbered_t *v;
		size_t n;
		result_t r = log_scan(dir, base, &v, &n);
		if (r != R_OK) {
			return r;
		}
		for (size_t i = 0; i < n; i++) {
			if (v[i].num >= versions &&
			    log_join(from, sizeof(from), dir, v[i].name)) {
				(void)unlink(from);
			}
		}
		log_scan_free(v, n);
		top = versions - 1;
	}
	for (long long i = top; i > 0; i--) {
		snprintf(from, sizeof(from), "%s.%lld", path, i - 1);
		snprintf(to, sizeof(to), "%s.%lld", path, i);
		if (rename(from, to) != 0 && errno != ENOENT) {
			return log_errno_result(errno);
		}
	}
	if (versions == 0) {
		if (unlink(path) != 0 && errno != ENOENT) {
			return log_errno_result(errno);
		}
		return R_OK;
	}
	snprintf(to, sizeof(to), "%s.0", path);
	if (rename(path, to) != 0 && errno != ENOENT) {
		return log_errno_result(errno);
	}
	return R_OK;
}

static result_t
log_roll_timestamp(const char *path, int versions, const char *dir,
                   const char *base) {
	char name[PATH_MAX], to[PATH_MAX];
	struct timeval tv;
	struct tm tm;

	if (versions != LOG_VERSIONS_UNLIMITED) {
		log_numbered_t *v;
		size_t n;
		result_t r = log_scan(dir, base, &v, &n);
		if (r != R_OK) {
			return r;
		}
		qsort(v, n, sizeof(*v), log_numbered_cmp);
		/* keep versions - 1 old ones: the one made now is the last */
		size_t keep = versions > 0 ? (size_t)versions - 1 : 0;
		for (size_t i = keep; i < n; i++) {
			if (log_join(name, sizeof(name), dir, v[i].name)) {
				(void)unlink(name);
			}
		}
		log_scan_free(v, n);
	}
	if (versions == 0) {
		if (unlink(path) != 0 && errno != ENOENT) {
			return log_errno_result(errno);
		}
		return R_OK;
	}
	gettimeofday(&tv, NULL);
	time_t t = tv.tv_sec;
	gmtime_r(&t, &tm);
	snprintf(to, sizeof(to), "%s.%04d%02d%02d%02d%02d%02d%03d", path,
	         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	         tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000));
	if (rename(path, to) != 0 && errno != ENOENT) {
		return log_errno_result(errno);
	}
	return R_OK;
}

result_t
log_file_roll(const char *path, int versions, bool tsuffix) {
	char *dir;
	const char *base;
	result_t r;

	if (versions == LOG_VERSIONS_NEVER) {
		return R_OK;
	}
	/* room for ".<17 digits>" in every name built below */
	if (strlen(path) + 24 >= PATH_MAX) {
		return R_RANGE;
	}
	r = log_split(path, &dir, &base);
	if (r != R_OK) {
		return r;
	}
	if (tsuffix) {
		r = log_roll_timestamp(path, versions, dir, base);
	} else {
		r = log_roll_increment(path, versions, dir, base);
	}
	free(dir);
	return r;
}

/* ---- writing ------------------------------------------------------- */

/*
 * Opens ch's file (lock held), rolling it first when BIND would.  False
 * when the message must be dropped (a full file that may not roll, or
 * the file cannot be opened).
 */
static bool
log_file_open(log_channel_t *ch) {
	struct stat st;
	bool roll = false;

	if (stat(ch->path, &st) == 0) {
		if (S_ISREG(st.st_mode) &&
		    ((ch->maxsize == 0 && ch->versions != LOG_VERSIONS_NEVER) ||
		     (ch->maxsize > 0 && (uint64_t)st.st_size >= ch->maxsize)))
		{
			roll = true;
		}
	}
	if (roll) {
		if (ch->versions == LOG_VERSIONS_NEVER) {
			ch->maxreached = true;
			return false;
		}
		(void)log_file_roll(ch->path, ch->versions, ch->tsuffix);
	}
	ch->fp = fopen(ch->path, "a");
	if (ch->fp == NULL) {
		return false;
	}
	ch->cursize =
	        fstat(fileno(ch->fp), &st) == 0 ? (uint64_t)st.st_size : 0;
	return true;
}

static void
log_file_write(log_channel_t *ch, const char *line, size_t len) {
	struct stat st;

	pthread_mutex_lock(&ch->lock);
	if (ch->maxreached) {
		/* reopen (and so roll) only if that can make room */
		bool again = ch->versions != LOG_VERSIONS_NEVER;
		if (!again) {
			again = stat(ch->path, &st) != 0 ||
			        (uint64_t)st.st_size < ch->maxsize;
		}
		if (!again) {
			pthread_mutex_unlock(&ch->lock);
			return;
		}
		if (ch->fp != NULL) {
			fclose(ch->fp);
			ch->fp = NULL;
		}
		ch->maxreached = false;
	}
	if (ch->fp == NULL && !log_file_open(ch)) {
		pthread_mutex_unlock(&ch->lock);
		return;
	}
	fwrite(line, 1, len, ch->fp);
	fputc('\n', ch->fp);
	if (!ch->buffered) {
		fflush(ch->fp);
	}
	ch->cursize += len + 1;
	if (ch->maxsize > 0 && ch->cursize > ch->maxsize) {
		ch->maxreached = true;
	}
	pthread_mutex_unlock(&ch->lock);
}

static int
log_syslog_priority(int severity) {
	switch (severity) {
	case LOG_SEV_CRITICAL:
		return LOG_CRIT;
	case LOG_SEV_ERROR:
		return LOG_ERR;
	case LOG_SEV_WARNING:
		return LOG_WARNING;
	case LOG_SEV_NOTICE:
		return LOG_NOTICE;
	case LOG_SEV_INFO:
		return LOG_INFO;
	default:
		return severity < LOG_SEV_CRITICAL ? LOG_CRIT : LOG_DEBUG;
	}
}

static void
log_syslog_open(void) {
	openlog("named", LOG_PID, LOG_DAEMON);
}

void
log_channel_write(log_channel_t *ch, const log_msg_t *m) {
	char line[LOG_MSGMAX + 128];
	size_t len;

	if (ch->dest == LOG_DEST_NULL) {
		return;
	}
	len = log_channel_format(ch, m, line, sizeof(line));
	switch (ch->dest) {
	case LOG_DEST_FILE:
		log_file_write(ch, line, len);
		break;
	case LOG_DEST_STDERR: {
		pthread_mutex_lock(&log_stderr_lock);
		FILE *fp = log_stderr_fp != NULL ? log_stderr_fp : stderr;
		fwrite(line, 1, len, fp);
		fputc('\n', fp);
		fflush(fp);
		pthread_mutex_unlock(&log_stderr_lock);
		break;
	}
	case LOG_DEST_SYSLOG: {
		void (*fn)(int, const char *) =
		        __atomic_load_n(&log_syslog_fn, __ATOMIC_ACQUIRE);
		int prio = ch->facility | log_syslog_priority(m->severity);
		if (fn != NULL) {
			fn(prio, line);
		} else {
			pthread_once(&log_syslog_once, log_syslog_open);
			syslog(prio, "%s", line);
		}
		break;
	}
	default:
		break;
	}
}

void
log_channel_reopen(log_channel_t *ch) {
	if (ch->dest != LOG_DEST_FILE) {
		return;
	}
	pthread_mutex_lock(&ch->lock);
	if (ch->fp != NULL) {
		fclose(ch->fp);
		ch->fp = NULL;
	}
	ch->maxreached = false;
	pthread_mutex_unlock(&ch->lock);
}
