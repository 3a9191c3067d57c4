/*
 * args.h - named's command line, as BIND 9.18's named reads it.
 *
 *	named [-4|-6] [-c conffile] [-d debuglevel] [-D comment] [-E engine]
 *	      [-f|-g] [-L logfile] [-n number_of_cpus] [-p port] [-s]
 *	      [-S sockets] [-t chrootdir] [-u username] [-U listeners]
 *	      [-X lockfile] [-m {usage|trace|record}] [-M fill|nofill]
 *	named [-v|-V]
 *
 * Contract
 *  - args_parse() reads argv left to right without permuting it (like
 *    BIND's isc_commandline_parse: the first non-option word is "extra
 *    command line arguments"), keeps no global state, and writes only to
 *    the two streams it is given, so it can be called repeatedly.
 *  - Options are acted on in order: -v/-V print and stop at once, so
 *    `named -m bogus -v` fails while `named -v -m bogus` prints the
 *    version, as named does.
 *  - Bad usage prints named's usage text and a one-line reason on `err`
 *    ("named: port 'abc' must be numeric") and returns ARGS_FAIL; the
 *    caller exits 1.
 *  - Options that mean nothing to Bindery (-D, -E, -M, -m, -s, -S, -U, -X,
 *    -T, -x, -N) are accepted and listed in args->ignored so named can
 *    log them once logging runs.
 *  - String fields point into argv; nothing is allocated.
 */
#ifndef BINDERY_NAMED_ARGS_H
#define BINDERY_NAMED_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#define ARGS_DEFAULT_CONF "/etc/bind/named.conf"
#define ARGS_MAX_IGNORED  16

typedef enum {
	ARGS_RUN = 0, /* start the server with *args */
	ARGS_EXIT_OK, /* -v or -V printed: exit 0 */
	ARGS_FAIL,    /* usage error printed: exit 1 */
} args_action_t;

typedef struct named_args {
	const char *conffile;   /* -c, or ARGS_DEFAULT_CONF */
	int family;             /* -4: AF_INET, -6: AF_INET6, else 0 */
	int debuglevel;         /* -d, 0 */
	bool foreground;        /* -f or -g */
	bool stderr_log;        /* -g: log to stderr only */
	const char *logfile;    /* -L, or NULL */
	unsigned ncpus;         /* -n, 0: one per core */
	unsigned port;          /* -p, 0: not given (53) */
	const char *chroot_dir; /* -t, or NULL */
	const char *user;       /* -u, or NULL */
	/* Accepted, no effect: "-S 4096" style, for the log. */
	char ignored[ARGS_MAX_IGNORED][64];
	unsigned nignored;
} named_args_t;

/*
 * Parses argv[1..argc) into *args (always initialised to the defaults
 * first).  -v/-V output goes to `out`, usage and errors to `err`.
 */
args_action_t args_parse(int argc, char *const *argv, named_args_t *args,
                         FILE *out, FILE *err);

/* Prints named's usage text (the same as on a usage error) to fp. */
void args_usage(FILE *fp);

/* The version line for -v and the start-up log ("Bindery 0.1.0 ..."). */
const char *args_version(void);

/* -V: the version line and how this binary was built, one fact a line. */
void args_print_build(FILE *fp);

#endif
