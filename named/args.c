/*
 * args.c - named's command line (see args.h for the contract).
 *
 * A small hand-written parser instead of getopt(3): glibc's getopt
 * permutes argv and keeps global state, while named stops at the first
 * non-option word and the unit tests call the parser many times.
 * Messages are named 9.18's, word for word, because scripts and people
 * match on them.
 */
#include "named/args.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>

#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include "config.h"

#define BIND_COMPAT "9.18.49"

/* Options that take an argument (the others are flags). */
static const char with_arg[] = "AcdDELmMnNptTuUSxX";
/* Flags and options named knows. */
static const char known[] = "46AcdDEfgLmMnNpsStTuUvVxX";

void
args_usage(FILE *fp) {
	fprintf(fp, "usage: named [-4|-6] [-c conffile] [-d debuglevel] "
	            "[-D comment] [-E engine]\n"
	            "             [-f|-g] [-L logfile] [-n number_of_cpus] "
	            "[-p port] [-s]\n"
	            "             [-S sockets] [-t chrootdir] [-u username] "
	            "[-U listeners]\n"
	            "             [-X lockfile] [-m {usage|trace|record}]\n"
	            "             [-M fill|nofill]\n"
	            "usage: named [-v|-V|-C]\n");
}

const char *
args_version(void) {
	return "Bindery " PACKAGE_VERSION " (BIND " BIND_COMPAT " compatible)";
}

void
args_print_build(FILE *fp) {
	fprintf(fp, "%s\n", args_version());
	struct utsname u;
	if (uname(&u) == 0) {
		fprintf(fp, "running on %s %s %s %s\n", u.sysname, u.machine,
		        u.release, u.version);
	}
#ifdef __VERSION__
	fprintf(fp, "compiled by %s %s\n",
#ifdef __clang__
	        "clang",
#else
	        "GCC",
#endif
	        __VERSION__);
#endif
	fprintf(fp, "compiled with OpenSSL version: %s\n",
	        OPENSSL_VERSION_TEXT);
	fprintf(fp, "linked to OpenSSL version: %s\n",
	        OpenSSL_version(OPENSSL_VERSION));
	fprintf(fp,
	        "compatible with BIND %s named.conf, zone files, "
	        "journals and rndc\n",
	        BIND_COMPAT);
	fprintf(fp, "\ndefault paths:\n");
	fprintf(fp, "  named configuration:  %s\n", ARGS_DEFAULT_CONF);
	fprintf(fp, "  named PID file:       /run/named/named.pid\n");
}

/* The outcome of converting one numeric argument. */
typedef enum { NUM_OK, NUM_NOTNUMERIC, NUM_RANGE } num_t;

/*
 * Reads a decimal number as named does: strtol over the whole text
 * (leading blanks allowed, nothing after the digits), 0..max.  An empty
 * text is 0, as strtol makes it.
 */
static num_t
parse_num(const char *text, long max, long *out) {
	char *end = NULL;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (end == NULL || *end != '\0') {
		return NUM_NOTNUMERIC;
	}
	if (errno == ERANGE || v < 0 || v > max) {
		return NUM_RANGE;
	}
	*out = v;
	return NUM_OK;
}

/* Reports a bad number with named's wording; returns false on error. */
static bool
get_num(const char *what, const char *text, long min, long max, long *out,
        FILE *err) {
	long v = 0;
	num_t r = parse_num(text, max, &v);
	if (r == NUM_NOTNUMERIC) {
		fprintf(err, "named: %s '%s' must be numeric\n", what, text);
		return false;
	}
	if (r == NUM_RANGE || v < min) {
		fprintf(err, "named: %s '%s' out of range\n", what, text);
		return false;
	}
	*out = v;
	return true;
}

/* -m takes a comma-separated list of memory debugging flags. */
static bool
check_mflags(const char *text, FILE *err) {
	static const char *const names[] = {"usage", "trace", "record"};
	const char *p = text;
	for (;;) {
		size_t len = strcspn(p, ",");
		bool ok = false;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (strlen(names[i]) == len &&
			    strncmp(p, names[i], len) == 0) {
				ok = true;
			}
		}
		if (!ok) {
			fprintf(err, "named: unrecognized flag '%.*s'\n",
			        (int)len, p);
			return false;
		}
		if (p[len] == '\0') {
			return true;
		}
		p += len + 1;
	}
}

static void
note_ignored(named_args_t *a, char opt, const char *arg) {
	if (a->nignored >= ARGS_MAX_IGNORED) {
		return;
	}
	char *slot = a->ignored[a->nignored++];
	if (arg != NULL) {
		snprintf(slot, sizeof(a->ignored[0]), "-%c %s", opt, arg);
	} else {
		snprintf(slot, sizeof(a->ignored[0]), "-%c", opt);
	}
}

/*
 * -p port, or -p dns=port / tls=port / https=port / http=port as 9.18
 * takes them.  Only the DNS port means anything here; the others are
 * checked and ignored.  named 9.18 skips six characters after "http"
 * too (so "http=80" is port '0'); the same text gives the same verdict.
 */
static args_action_t
apply_port(named_args_t *a, const char *arg, FILE *err) {
	static const struct {
		const char *prefix;
		size_t skip;
		bool dns;
	} kinds[] = {
	        {"dns=", 4, true},
	        {"tls=", 4, false},
	        {"https=", 6, false},
	        {"http=", 6, false},
	};
	const char *num = arg;
	bool dns = true;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strncmp(arg, kinds[i].prefix, strlen(kinds[i].prefix)) == 0)
		{
			num = arg + kinds[i].skip;
			dns = kinds[i].dns;
			break;
		}
	}
	long v = 0;
	if (!get_num("port", num, 1, 65535, &v, err)) {
		return ARGS_FAIL;
	}
	if (dns) {
		a->port = (unsigned)v;
	} else {
		note_ignored(a, 'p', arg);
	}
	return ARGS_RUN;
}

/* Acts on one option; returns ARGS_RUN to go on. */
static args_action_t
apply(named_args_t *a, char opt, const char *arg, FILE *out, FILE *err) {
	long v = 0;
	switch (opt) {
	case '4':
	case '6': {
		int fam = opt == '4' ? AF_INET : AF_INET6;
		if (a->family != 0 && a->family != fam) {
			fprintf(err, "named: cannot specify -4 and -6\n");
			return ARGS_FAIL;
		}
		a->family = fam;
		return ARGS_RUN;
	}
	case 'A':
		/* named's fuzzing hooks; Bindery fuzzes with libFuzzer */
		fprintf(err, "named: unknown fuzzing type '%s'\n", arg);
		return ARGS_FAIL;
	case 'c':
		a->conffile = arg;
		return ARGS_RUN;
	case 'd':
		if (!get_num("debug level", arg, 0, INT_MAX, &v, err)) {
			return ARGS_FAIL;
		}
		a->debuglevel = (int)v;
		return ARGS_RUN;
	case 'f':
		a->foreground = true;
		return ARGS_RUN;
	case 'g':
		a->foreground = true;
		a->stderr_log = true;
		return ARGS_RUN;
	case 'L':
		a->logfile = arg;
		return ARGS_RUN;
	case 'm':
		if (!check_mflags(arg, err)) {
			return ARGS_FAIL;
		}
		note_ignored(a, opt, arg);
		return ARGS_RUN;
	case 'M':
		if (strcmp(arg, "fill") != 0 && strcmp(arg, "nofill") != 0) {
			fprintf(err, "named: unrecognized flag '%s'\n", arg);
			return ARGS_FAIL;
		}
		note_ignored(a, opt, arg);
		return ARGS_RUN;
	case 'n':
		if (!get_num("number of cpus", arg, 0, INT_MAX, &v, err)) {
			return ARGS_FAIL;
		}
		a->ncpus = (unsigned)v;
		return ARGS_RUN;
	case 'N':
		if (!get_num("number of cpus", arg, 0, INT_MAX, &v, err)) {
			return ARGS_FAIL;
		}
		note_ignored(a, opt, arg);
		return ARGS_RUN;
	case 'p':
		return apply_port(a, arg, err);
	case 't':
		a->chroot_dir = arg;
		return ARGS_RUN;
	case 'u':
		a->user = arg;
		return ARGS_RUN;
	case 'U':
		if (!get_num("number of UDP listeners per interface", arg, 0,
		             INT_MAX, &v, err)) {
			return ARGS_FAIL;
		}
		note_ignored(a, opt, arg);
		return ARGS_RUN;
	case 'v':
		fprintf(out, "%s\n", args_version());
		return ARGS_EXIT_OK;
	case 'V':
		args_print_build(out);
		return ARGS_EXIT_OK;
	default:
		/* -D -E -s -S -T -x -X: nothing to do here */
		note_ignored(a, opt, arg);
		return ARGS_RUN;
	}
}

static args_action_t
usage_fail(FILE *err, const char *fmt, const char *what) {
	args_usage(err);
	fprintf(err, "named: ");
	fprintf(err, fmt, what);
	fprintf(err, "\n");
	return ARGS_FAIL;
}

args_action_t
args_parse(int argc, char *const *argv, named_args_t *a, FILE *out, FILE *err) {
	memset(a, 0, sizeof(*a));
	a->conffile = ARGS_DEFAULT_CONF;

	int i = 1;
	for (; i < argc; i++) {
		const char *w = argv[i];
		if (w[0] != '-' || w[1] == '\0') {
			if (strcmp(w, "-") == 0) {
				/* named's own (odd) wording for a lone dash */
				return usage_fail(err, "unknown option '%s'",
				                  "--");
			}
			break;
		}
		if (strcmp(w, "--") == 0) {
			i++;
			break;
		}
		/* A cluster of flags, the last of which may take an
		 * argument glued on or in the next word: -gv, -p53. */
		for (const char *p = w + 1; *p != '\0'; p++) {
			char opt = *p;
			char name[2] = {opt, '\0'};
			if (strchr(known, opt) == NULL) {
				return usage_fail(err, "unknown option '-%s'",
				                  name);
			}
			const char *arg = NULL;
			if (strchr(with_arg, opt) != NULL) {
				if (p[1] != '\0') {
					arg = p + 1;
				} else if (i + 1 < argc) {
					arg = argv[++i];
				} else {
					return usage_fail(
					        err,
					        "option '-%s' requires an "
					        "argument",
					        name);
				}
			}
			args_action_t r = apply(a, opt, arg, out, err);
			if (r != ARGS_RUN) {
				return r;
			}
			if (arg != NULL) {
				break;
			}
		}
	}
	if (i < argc) {
		return usage_fail(err, "%s", "extra command line arguments");
	}
	return ARGS_RUN;
}
