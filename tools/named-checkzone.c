/*
 * named-checkzone / named-compilezone - check a zone file the way named
 * loads a primary zone, and optionally write it out again (text full or
 * relative style, or raw).  One program: the name it is run under
 * (argv[0]) picks named-compilezone's behaviour and defaults (dump always
 * on, -o required, -k fail, -n fail), as BIND's two names for one binary.
 *
 * Output follows BIND 9.18: load messages as "file:line: message",
 * zone-level ones as "zone NAME/CLASS: message", then "loaded serial N"
 * and "OK"; exit status 1 on any error.  Messages go to standard output,
 * or to standard error when the zone itself is written to standard output.
 *
 * Differences on purpose: integrity checks never use the network (BIND's
 * "full" mode resolves out-of-zone NS/MX/SRV targets with getaddrinfo);
 * journals (-j, -J) are not supported yet and an existing journal is an
 * error rather than being ignored.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "zones/dump.h"
#include "zones/master.h"
#include "zones/name.h"
#include "zones/rawfmt.h"
#include "zones/rdata.h"
#include "zones/result.h"
#include "zones/zone.h"
#include "zones/zonecheck.h"

#define VERSION_TEXT "9.18-bindery"

/* checkzone_os.c: chdir/chroot without <unistd.h>'s R_OK macro here. */
int checkzone_chdir(const char *dir);
int checkzone_chroot(const char *dir);

typedef struct tool {
	const char *prog;
	bool compile;
	bool quiet;
	bool dump;
	bool journal;
	const char *journal_path;
	bool input_raw;
	bool output_raw;
	int raw_version;
	bool serial_set;
	uint32_t source_serial;
	dump_style_t style;
	const char *output;
	const char *chroot_dir;
	const char *work_dir;
	uint16_t rclass;
	zonecheck_opts_t checks;

	/* load state */
	name_t origin;
	char zonetext[NAME_MAXTEXT + 32]; /* "example/IN" */
	zone_t *zone;
	FILE *msg;
	result_t check_error;  /* first error from our checks */
	bool master_err_first; /* the reader logged an error before us */
	bool any_error_logged;
	result_t fatal;	       /* out of memory and the like */
	/* BIND reports database clashes when it commits a batch (a run of
	 * RRs with one owner), at the batch's last line. */
	name_t batch_owner;
	bool have_batch;
	const char *batch_file;
	unsigned batch_line;
	result_t pending;
	char pending_owner[NAME_MAXTEXT];
} tool_t;

static void
usage(const tool_t *t) {
	fprintf(stderr,
		"usage: %s [-djqvD] [-c class] [-f inputformat] "
		"[-F outputformat] [-J filename] [-s (full|relative)] "
		"[-t directory] [-w directory] [-k (ignore|warn|fail)] "
		"[-m (ignore|warn|fail)] [-n (ignore|warn|fail)] "
		"[-r (ignore|warn|fail)] "
		"[-i (full|full-sibling|local|local-sibling|none)] "
		"[-M (ignore|warn|fail)] [-S (ignore|warn|fail)] "
		"[-W (ignore|warn)] %s zonename [ (filename|-) ]\n",
		t->prog, t->compile ? "-o filename" : "[-o filename]");
}

static void
zmsg(tool_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
zmsg(tool_t *t, const char *fmt, ...) {
	va_list ap;

	if (t->quiet) {
		return;
	}
	fprintf(t->msg, "zone %s: ", t->zonetext);
	va_start(ap, fmt);
	vfprintf(t->msg, fmt, ap);
	va_end(ap);
	fputc('\n', t->msg);
}

/* Every message from the reader and the checks comes through here. */
static void
log_cb(void *arg, int level, const char *file, unsigned line,
       const char *msg) {
	tool_t *t = arg;

	if ((level & MASTER_LOG_LEVELMASK) == MASTER_LOG_ERROR) {
		t->any_error_logged = true;
	}
	if (t->quiet) {
		return;
	}
	if (file == NULL) {
		fprintf(t->msg, "zone %s: %s\n", t->zonetext, msg);
		return;
	}
	char buf[2400];
	fprintf(t->msg, "%s\n",
		master_log_format(buf, sizeof(buf), level, file, line, msg));
}

/* The reader's log: remember whether its first error came before ours. */
static void
master_log_cb(void *arg, int level, const char *file, unsigned line,
	      const char *msg) {
	tool_t *t = arg;

	if ((level & MASTER_LOG_LEVELMASK) == MASTER_LOG_ERROR &&
	    t->check_error == R_OK) {
		t->master_err_first = true;
	}
	log_cb(arg, level, file, line, msg);
}

static void
note_error(tool_t *t, result_t r) {
	if (t->check_error == R_OK) {
		t->check_error = r;
	}
}

static void
flush_batch(tool_t *t) {
	char msg[NAME_MAXTEXT + 64];

	if (t->pending == R_OK) {
		return;
	}
	snprintf(msg, sizeof(msg), "%s: %s", t->pending_owner,
		 result_totext(t->pending));
	log_cb(t, MASTER_LOG_ERROR | MASTER_LOG_CTX_LOAD, t->batch_file,
	       t->batch_line, msg);
	note_error(t, t->pending);
	t->pending = R_OK;
}

static void
track_batch(tool_t *t, const master_rr_t *rr) {
	if (!t->have_batch || !name_equal(&t->batch_owner, rr->owner)) {
		flush_batch(t);
		name_copy(&t->batch_owner, rr->owner);
		t->have_batch = true;
	}
	t->batch_file = rr->file;
	t->batch_line = rr->line;
}

static result_t
rr_cb(void *arg, const master_rr_t *rr) {
	tool_t *t = arg;
	zone_add_info_t info;
	char msg[NAME_MAXTEXT + 64];
	result_t r;

	track_batch(t, rr);

	r = zonecheck_rr(&t->checks, &t->origin, rr);
	if (r == R_NOTZONETOP) {
		return R_OK;
	}
	if (r != R_OK) {
		note_error(t, r);
		return R_OK;
	}
	r = zone_add(t->zone, rr, &info);
	if (info.ttl_changed) {
		snprintf(msg, sizeof(msg), "TTL set to prior TTL (%u)",
			 info.prior_ttl);
		log_cb(t, MASTER_LOG_WARNING, rr->file, rr->line, msg);
	}
	switch (r) {
	case R_OK:
		r = zonecheck_max_ttl(&t->checks, rr,
				      info.ttl_changed ? info.prior_ttl
						       : rr->ttl);
		if (r != R_OK) {
			/* BIND stops loading at a TTL over the limit. */
			note_error(t, r);
			return r;
		}
		return R_OK;
	case R_SINGLETON:
	case R_CNAMEOTHER:
		if (t->pending == R_OK) {
			t->pending = r;
			if (name_totext(rr->owner, NULL, true, t->pending_owner,
					sizeof(t->pending_owner),
					NULL) != R_OK) {
				strcpy(t->pending_owner, "?");
			}
		}
		return R_OK;
	default:
		t->fatal = r;
		return r;
	}
}

static bool
parse_mode(const char *arg, bool allow_fail, zc_mode_t *out) {
	if (strcmp(arg, "ignore") == 0) {
		*out = ZC_IGNORE;
	} else if (strcmp(arg, "warn") == 0) {
		*out = ZC_WARN;
	} else if (allow_fail && strcmp(arg, "fail") == 0) {
		*out = ZC_FAIL;
	} else {
		return false;
	}
	return true;
}

static bool
parse_number(const char *arg, uint32_t *out) {
	char *end;

	if (*arg == '\0') {
		return false;
	}
	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (*end != '\0' || errno != 0 || v > UINT32_MAX) {
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

static bool
journal_check(tool_t *t, const char *file) {
	char path[4096];
	struct stat st;

	if (!t->journal) {
		return true;
	}
	if (t->journal_path != NULL) {
		snprintf(path, sizeof(path), "%s", t->journal_path);
	} else {
		snprintf(path, sizeof(path), "%s.jnl", file);
	}
	if (stat(path, &st) != 0) {
		return true; /* no journal: nothing to apply, as BIND */
	}
	zmsg(t, "journal file %s exists, but journals are not supported yet",
	     path);
	return false;
}

static result_t
read_stdin(char **buf, size_t *len) {
	size_t cap = 65536, n = 0;
	char *b = malloc(cap);

	if (b == NULL) {
		return R_NOMEMORY;
	}
	for (;;) {
		if (n == cap) {
			char *nb = realloc(b, cap * 2);
			if (nb == NULL) {
				free(b);
				return R_NOMEMORY;
			}
			b = nb;
			cap *= 2;
		}
		size_t got = fread(b + n, 1, cap - n, stdin);
		n += got;
		if (got == 0) {
			break;
		}
	}
	if (ferror(stdin)) {
		free(b);
		return R_IOERROR;
	}
	*buf = b;
	*len = n;
	return R_OK;
}

static result_t
load(tool_t *t, const char *file) {
	master_opts_t mo = {
		.origin = &t->origin,
		.rclass = t->rclass,
		.flags = MASTER_MANYERRORS,
		.rr = rr_cb,
		.log = master_log_cb,
		.arg = t,
	};
	result_t r;

	if (t->input_raw) {
		r = rawfmt_load_file(file, &mo);
	} else if (strcmp(file, "-") == 0) {
		char *buf;
		size_t len;
		r = read_stdin(&buf, &len);
		if (r == R_OK) {
			r = master_load_buffer(buf, len, file, &mo);
			free(buf);
		}
	} else {
		r = master_load_file(file, &mo);
	}
	flush_batch(t);
	if (t->fatal != R_OK) {
		return t->fatal;
	}
	if (r != R_OK && (t->master_err_first || t->check_error == R_OK)) {
		return r;
	}
	if (t->check_error != R_OK) {
		return t->check_error;
	}
	return r;
}

static result_t
write_raw(tool_t *t, FILE *fp) {
	rawfmt_header_t hdr = {
		.version = (uint32_t)t->raw_version,
		.dumptime = (uint32_t)time(NULL),
		.flags = t->serial_set ? RAWFMT_F_SOURCESERIALSET : 0,
		.sourceserial = t->source_serial,
	};
	rawfmt_writer_t *w;
	result_t r = rawfmt_writer_open(fp, &hdr, &w);
	const uint8_t **rd = NULL;
	uint16_t *len = NULL;
	size_t cap = 0;

	if (r != R_OK) {
		return r;
	}
	/* Main tree first, then the NSEC3 tree, as BIND's iterator. */
	size_t n = zone_node_count(t->zone);
	for (size_t i = 0; i < 2 * n && r == R_OK; i++) {
		const zone_node_t *node = zone_node_at(t->zone, i % n);
		bool nsec3_pass = i >= n;
		name_t owner;
		zone_node_name(node, &owner);
		for (const zone_rrset_t *s = node->rrsets; s != NULL && r == R_OK;
		     s = s->next) {
			if (zone_rrset_is_nsec3(s) != nsec3_pass) {
				continue;
			}
			if (s->count > cap) {
				cap = s->count;
				free(rd);
				free(len);
				rd = malloc(cap * sizeof(*rd));
				len = malloc(cap * sizeof(*len));
				if (rd == NULL || len == NULL) {
					r = R_NOMEMORY;
					break;
				}
			}
			size_t k = 0;
			for (const zone_rdata_t *d = s->head; d != NULL;
			     d = d->next) {
				rd[k] = d->data;
				len[k] = d->len;
				k++;
			}
			r = rawfmt_write_rrset(w, &owner, zone_class(t->zone),
					       s->type, s->covers, s->ttl, k,
					       rd, len);
		}
	}
	free(rd);
	free(len);
	if (r != R_OK) {
		rawfmt_writer_abort(w);
		return r;
	}
	return rawfmt_writer_close(w);
}

static result_t
write_zone(tool_t *t) {
	bool to_stdout = strcmp(t->output, "-") == 0;
	FILE *fp = to_stdout ? stdout : fopen(t->output, "w");
	result_t r;

	if (!to_stdout && !t->quiet) {
		fprintf(t->msg, "dump zone to %s...", t->output);
		fflush(t->msg);
	}
	if (fp == NULL) {
		/* BIND's words, and its "done" even so; the exit status says
		 * it failed. */
		fprintf(stderr, "could not open output file \"%s\" for writing\n",
			t->output);
		if (!t->quiet) {
			fprintf(t->msg, "done\n");
		}
		return R_IOERROR;
	}
	if (t->output_raw) {
		r = write_raw(t, fp);
	} else {
		r = dump_zone(t->zone, t->style, time(NULL), fp);
	}
	if (!to_stdout && fclose(fp) != 0 && r == R_OK) {
		r = R_IOERROR;
	}
	if (!t->quiet && !to_stdout) {
		if (r == R_OK) {
			fprintf(t->msg, "done\n");
		} else {
			fprintf(t->msg, "failed: %s\n", result_totext(r));
		}
	}
	return r;
}

/* BIND's wording for the common errno values (isc_result texts). */
static const char *
errno_text(int err) {
	switch (err) {
	case ENOENT:
		return "file not found";
	case EACCES:
	case EPERM:
		return "permission denied";
	case ENOTDIR:
		return "invalid file";
	default:
		return strerror(err);
	}
}

static int
run(tool_t *t, const char *zonename, const char *file) {
	result_t r;
	char cbuf[16];

	r = name_fromtext(&t->origin, zonename, strlen(zonename), NULL);
	if (r == R_NOOWNER) {
		name_t root;
		name_init_root(&root);
		r = name_fromtext(&t->origin, zonename, strlen(zonename),
				  &root);
	}
	if (r != R_OK) {
		fprintf(stderr, "%s: bad zone name '%s': %s\n", t->prog,
			zonename, result_totext(r));
		return 1;
	}
	char ztext[NAME_MAXTEXT];
	if (name_totext(&t->origin, NULL, true, ztext, sizeof(ztext), NULL) !=
	    R_OK) {
		return 1;
	}
	snprintf(t->zonetext, sizeof(t->zonetext), "%s/%s", ztext,
		 rrclass_totext(t->rclass, cbuf));

	int err;
	if (t->chroot_dir != NULL &&
	    (err = checkzone_chroot(t->chroot_dir)) != 0) {
		fprintf(stderr, "isc_dir_chroot: %s: %s\n", t->chroot_dir,
			errno_text(err));
		return 1;
	}
	if (t->work_dir != NULL && (err = checkzone_chdir(t->work_dir)) != 0) {
		fprintf(stderr, "isc_dir_chdir: %s: %s\n", t->work_dir,
			errno_text(err));
		return 1;
	}
	if (!journal_check(t, file)) {
		zmsg(t, "not loaded due to errors.");
		return 1;
	}
	r = zone_create(&t->origin, t->rclass, &t->zone);
	if (r != R_OK) {
		fprintf(stderr, "%s: %s\n", t->prog, result_totext(r));
		return 1;
	}
	t->checks.log = log_cb;
	t->checks.arg = t;
	r = load(t, file);
	if (r != R_OK) {
		zmsg(t, "loading from master file %s failed: %s", file,
		     result_totext(r));
		zmsg(t, "not loaded due to errors.");
		return 1;
	}
	r = zone_finish(t->zone);
	if (r != R_OK) {
		zmsg(t, "%s", result_totext(r));
		return 1;
	}
	uint32_t serial = 0;
	r = zonecheck_zone(&t->checks, t->zone, &serial);
	if (r != R_OK) {
		zmsg(t, "not loaded due to errors.");
		return 1;
	}
	zmsg(t, "loaded serial %u%s", serial,
	     zonecheck_is_secure(t->zone) ? " (DNSSEC signed)" : "");
	if (t->dump) {
		r = write_zone(t);
		if (r != R_OK) {
			return 1;
		}
	}
	if (!t->quiet) {
		fprintf(t->msg, "OK\n");
	}
	return 0;
}

int
main(int argc, char **argv) {
	tool_t t;
	int ch;
	const char *base;

	memset(&t, 0, sizeof(t));
	base = strrchr(argv[0], '/');
	base = base != NULL ? base + 1 : argv[0];
	t.compile = strstr(base, "compilezone") != NULL;
	t.prog = t.compile ? "named-compilezone" : "named-checkzone";
	t.dump = t.compile;
	t.rclass = RRCLASS_IN;
	t.raw_version = RAWFMT_VERSION;
	t.style = DUMP_FULL;
	t.msg = stdout;
	zonecheck_defaults(&t.checks, t.compile);

	opterr = 0;
	while ((ch = getopt(argc, argv,
			    ":c:df:hi:jJ:k:L:l:m:n:o:qr:s:S:t:T:vw:DF:M:W:")) !=
	       -1) {
		switch (ch) {
		case 'c':
			if (rrclass_fromtext(optarg, strlen(optarg),
					     &t.rclass) != R_OK) {
				return 1;
			}
			break;
		case 'd':
			break;
		case 'f':
			if (strcmp(optarg, "raw") == 0) {
				t.input_raw = true;
			} else if (strcmp(optarg, "text") == 0) {
				t.input_raw = false;
			} else {
				fprintf(stderr, "unknown file format: %s\n",
					optarg);
				return 1;
			}
			break;
		case 'F':
			if (strcmp(optarg, "text") == 0) {
				t.output_raw = false;
			} else if (strcmp(optarg, "raw") == 0) {
				t.output_raw = true;
				t.raw_version = RAWFMT_VERSION;
			} else if (strncmp(optarg, "raw=", 4) == 0) {
				if (strcmp(optarg + 4, "0") != 0 &&
				    strcmp(optarg + 4, "1") != 0) {
					fprintf(stderr,
						"unknown raw format version\n");
					return 1;
				}
				t.output_raw = true;
				t.raw_version = optarg[4] - '0';
			} else {
				fprintf(stderr, "unknown file format: %s\n",
					optarg);
				return 1;
			}
			break;
		case 'h':
			usage(&t);
			return 1;
		case 'i':
			if (strcmp(optarg, "full") == 0 ||
			    strcmp(optarg, "local") == 0) {
				t.checks.integrity = true;
				t.checks.sibling = true;
			} else if (strcmp(optarg, "full-sibling") == 0 ||
				   strcmp(optarg, "local-sibling") == 0) {
				t.checks.integrity = true;
				t.checks.sibling = false;
			} else if (strcmp(optarg, "none") == 0) {
				t.checks.integrity = false;
				t.checks.sibling = false;
			} else {
				fprintf(stderr, "invalid argument to -i: %s\n",
					optarg);
				return 1;
			}
			break;
		case 'j':
			t.journal = true;
			break;
		case 'J':
			t.journal = true;
			t.journal_path = optarg;
			break;
		case 'k':
		case 'm':
		case 'n':
		case 'M':
		case 'S':
		case 'r': {
			zc_mode_t mode;
			if (!parse_mode(optarg, true, &mode)) {
				fprintf(stderr, "invalid argument to -%c: %s\n",
					ch, optarg);
				return 1;
			}
			if (ch == 'k') {
				t.checks.names = mode;
			} else if (ch == 'm') {
				t.checks.mx = mode;
			} else if (ch == 'n') {
				t.checks.ns = mode;
			} else if (ch == 'M') {
				t.checks.mx_cname = mode;
			} else if (ch == 'S') {
				t.checks.srv_cname = mode;
			} else {
				t.checks.dup = mode;
			}
			break;
		}
		case 'W':
			/* BIND ignores values other than warn and ignore. */
			if (strcmp(optarg, "warn") == 0) {
				t.checks.wildcard = ZC_WARN;
			} else if (strcmp(optarg, "ignore") == 0) {
				t.checks.wildcard = ZC_IGNORE;
			}
			break;
		case 'T': {
			zc_mode_t mode;
			if (!parse_mode(optarg, false, &mode)) {
				fprintf(stderr, "invalid argument to -%c: %s\n",
					ch, optarg);
				return 1;
			}
			t.checks.spf = mode;
			break;
		}
		case 'l':
			if (!parse_number(optarg, &t.checks.max_ttl)) {
				fprintf(stderr, "maximum TTL "
						"must be numeric");
				return 1;
			}
			t.checks.max_ttl_set = true;
			break;
		case 'L':
			if (!parse_number(optarg, &t.source_serial)) {
				fprintf(stderr, "source serial number "
						"must be numeric");
				return 1;
			}
			t.serial_set = true;
			break;
		case 'o':
			t.output = optarg;
			t.dump = true;
			break;
		case 'q':
			t.quiet = true;
			break;
		case 's':
			if (strcmp(optarg, "full") == 0) {
				t.style = DUMP_FULL;
			} else if (strcmp(optarg, "relative") == 0) {
				t.style = DUMP_RELATIVE;
			} else {
				fprintf(stderr,
					"unknown or unsupported style: %s\n",
					optarg);
				return 1;
			}
			break;
		case 't':
			t.chroot_dir = optarg;
			break;
		case 'v':
			printf("%s\n", VERSION_TEXT);
			return 0;
		case 'w':
			t.work_dir = optarg;
			break;
		case 'D':
			t.dump = true;
			break;
		case ':':
			fprintf(stderr, "%s: option requires an argument -%c\n",
				t.prog, optopt);
			usage(&t);
			return 1;
		default:
			fprintf(stderr, "%s: invalid argument -%c\n", t.prog,
				optopt);
			usage(&t);
			return 1;
		}
	}
	if (t.compile && t.output == NULL) {
		fprintf(stderr, "output file required, but not specified\n");
		usage(&t);
		return 1;
	}
	if (argc - optind < 1 || argc - optind > 2) {
		usage(&t);
		return 1;
	}
	if (t.dump && t.output == NULL) {
		t.output = "-";
	}
	if (t.dump && strcmp(t.output, "-") == 0) {
		t.msg = stderr;
	}
	const char *zonename = argv[optind];
	const char *file = argc - optind == 2 ? argv[optind + 1] : "-";
	int rc = run(&t, zonename, file);
	zone_destroy(t.zone);
	fflush(stdout);
	return rc;
}
