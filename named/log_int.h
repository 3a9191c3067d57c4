/*
 * log_int.h - the pieces of named's logging shared by log.c (routes,
 * configuration) and log_channel.c (one destination: formatting, files,
 * rotation, syslog), and the hooks the unit tests use.  Not for other
 * modules: they see only log.h.
 *
 * A channel is immutable after configuration except for its file state
 * (fp, maxreached, reopen), which its own mutex guards; so a message
 * goes through the channel's lock only for the write itself.
 */
#ifndef BINDERY_NAMED_LOG_INT_H
#define BINDERY_NAMED_LOG_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "named/log.h"

typedef enum {
	LOG_DEST_NULL,
	LOG_DEST_FILE,
	LOG_DEST_STDERR,
	LOG_DEST_SYSLOG,
} log_dest_t;

/* print-time: no, yes/local, iso8601 (local), iso8601-utc. */
typedef enum {
	LOG_TIME_NONE,
	LOG_TIME_LOCAL,
	LOG_TIME_ISO8601,
	LOG_TIME_ISO8601_UTC,
} log_timefmt_t;

/* File versions: a count >= 0, or one of these. */
#define LOG_VERSIONS_NEVER     (-2) /* no "versions": never roll */
#define LOG_VERSIONS_UNLIMITED (-1) /* "versions unlimited" */

/* BIND's message buffer: longer messages are cut, as BIND cuts them. */
#define LOG_MSGMAX 8192

typedef struct log_channel {
	char *name;
	log_dest_t dest;
	int severity;   /* threshold when !dynamic */
	bool dynamic;   /* "severity dynamic": follows the debug level */
	bool debugonly; /* written only while the debug level is > 0
	                   (the built-in default_debug file, named.run) */
	log_timefmt_t ptime;
	bool pcategory;
	bool pseverity;
	bool buffered;
	int facility; /* syslog facility (LOG_DAEMON ...) */
	/* file destination */
	char *path;
	int versions;
	uint64_t maxsize; /* 0: no limit */
	bool tsuffix;     /* suffix timestamp instead of increment */
	pthread_mutex_t lock;
	FILE *fp;         /* NULL until the first write (or after reopen) */
	bool maxreached;  /* grew past maxsize: roll (or stop) next time */
	uint64_t cursize; /* file size: fstat at open, then counted, so a
	                     size-limited file costs no fstat per line */
} log_channel_t;

/* One message on its way to the channels of its category. */
typedef struct log_msg {
	const char *category;
	int severity;
	const char *text;
	struct timeval when;
} log_msg_t;

/* Creates a channel with BIND's defaults for a user channel (severity
 * info, nothing printed but the text).  NULL when out of memory. */
log_channel_t *log_channel_new(const char *name, log_dest_t dest);
/* Sets the file destination (copies path). */
result_t log_channel_setfile(log_channel_t *ch, const char *path, int versions,
                             uint64_t maxsize, bool tsuffix);
void log_channel_free(log_channel_t *ch);

/* Would ch write a message of this severity at this debug level? */
bool log_channel_accepts(const log_channel_t *ch, int severity, int debuglevel);

/*
 * Opens the file for appending and closes it again, as BIND does for
 * every file channel when it reads the configuration, so an unwritable
 * path is found then (and the file exists afterwards).
 * R_FILENOTFOUND or R_IOERROR.
 */
result_t log_channel_touch(const log_channel_t *ch);

/* Writes one message (file: opening and rolling as needed). */
void log_channel_write(log_channel_t *ch, const log_msg_t *m);

/* Closes the file so the next write opens it again. */
void log_channel_reopen(log_channel_t *ch);

/*
 * The line a channel writes for m, without a newline:
 * "<time> <category>: <severity>: <text>" with the parts the channel's
 * print-* switch on.  Returns the length (cut to size - 1).
 */
size_t log_channel_format(const log_channel_t *ch, const log_msg_t *m,
                          char *buf, size_t size);

/* The time stamp in one of the print-time formats; returns the length. */
size_t log_format_time(log_timefmt_t fmt, const struct timeval *tv, char *buf,
                       size_t size);

/*
 * Rolls a log file as BIND does before opening it: path.N-1 -> path.N
 * ... path -> path.0 with old versions beyond the limit removed
 * ("increment"), or path -> path.YYYYMMDDHHMMSS keeping the newest
 * `versions` ("timestamp").  versions 0 removes path.
 */
result_t log_file_roll(const char *path, int versions, bool tsuffix);

/* Test hooks: where stderr channels write (NULL: stderr), and a
 * replacement for syslog(3) (NULL: the real one). */
void log_test_set_stderr(FILE *fp);
void log_test_set_syslog(void (*fn)(int prio, const char *line));

/* Syslog facility by name ("daemon", "local0"); -1 if unknown. */
int log_facility_find(const char *name);

#endif
