/*
 * check_load.c - named-checkconf -z: load every primary zone (and every
 * redirect zone that has a file) of every view with the zone loader and
 * the checks named applies on load, as BIND 9.18 does:
 *
 *	zone example/IN: loaded serial 1
 *	zone example/IN: loading from master file f failed: <reason>
 *	zone example/IN: not loaded due to errors.
 * and the loader's own messages all go to ctx->out (BIND prints them on
 * standard output); only the summary line
 *	_default/example/IN: <reason>
 * goes to ctx->err (standard error).  The "loading from master file"
 * line is printed only when reading the file failed, not when only the
 * post-load checks did, and the reason given is the first error met.
 *
 * The check-* options are looked up zone -> view -> options with the
 * defaults named uses for primary zones.  Zones in DLZ or "database"
 * backends are skipped (nothing to read from a master file here); files
 * in "masterfile-format raw" are read with the raw reader.
 *
 * Relative file names are taken relative to options { directory }, as in
 * named: we chdir() there for the loads and return to the previous
 * working directory afterwards (so $INCLUDE paths resolve like BIND's).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#undef R_OK /* unistd.h's access() mode; ours is the result code */

#include "config/check_int.h"
#include "zones/master.h"
#include "zones/rawfmt.h"
#include "zones/zone.h"
#include "zones/zonecheck.h"

typedef struct {
	check_ctx_t *ctx;
	const name_t *origin;
	zone_t *zone;
	zonecheck_opts_t opts;
	bool failed;
	/* Data conflicts (singleton types, CNAME and other data) are
	 * reported once per owner, after its last record, as BIND does. */
	bool have_batch;
	name_t batch_owner;
	const char *batch_file;
	unsigned batch_line;
	result_t pending;
	result_t first_err; /* first error met while reading, for messages */
	char pending_owner[NAME_MAXTEXT];
} loadstate_t;

/* Loader and zone-check messages go to ctx->out, as named-checkconf -z
 * prints them on standard output (only the final "view/zone/class:
 * result" line is an error message on standard error). */
static void
load_log(void *arg, int level, const char *file, unsigned line,
         const char *msg) {
	loadstate_t *st = arg;
	char buf[1200];
	int lvl = level & MASTER_LOG_LEVELMASK;
	if (lvl == MASTER_LOG_INFO) {
		return;
	}
	if (file == NULL) {
		/* zone-level message from the zone checks */
		char zn[NAME_MAXTEXT];
		if (name_totext(st->origin, NULL, true, zn, sizeof(zn), NULL) !=
		    R_OK) {
			zn[0] = '\0';
		}
		snprintf(buf, sizeof(buf), "zone %s/IN: %s", zn, msg);
	} else {
		master_log_format(buf, sizeof(buf), level, file, line, msg);
	}
	fprintf(st->ctx->out, "%s\n", buf);
}

static void
flush_batch(loadstate_t *st) {
	char msg[NAME_MAXTEXT + 64];
	if (st->pending == R_OK) {
		return;
	}
	snprintf(msg, sizeof(msg), "%s: %s", st->pending_owner,
	         result_totext(st->pending));
	load_log(st, MASTER_LOG_ERROR | MASTER_LOG_CTX_LOAD, st->batch_file,
	         st->batch_line, msg);
	st->failed = true;
	st->pending = R_OK;
}

static result_t
load_rr(void *arg, const master_rr_t *rr) {
	loadstate_t *st = arg;
	zone_add_info_t info;
	char msg[NAME_MAXTEXT + 64];

	if (!st->have_batch || !name_equal(&st->batch_owner, rr->owner)) {
		flush_batch(st);
		name_copy(&st->batch_owner, rr->owner);
		st->have_batch = true;
	}
	st->batch_file = rr->file;
	st->batch_line = rr->line;

	result_t r = zonecheck_rr(&st->opts, st->origin, rr);
	if (r == R_NOTZONETOP) {
		return R_OK;
	}
	if (r != R_OK) {
		st->failed = true;
		if (st->first_err == R_OK) {
			st->first_err = r;
		}
		return R_OK; /* go on: BIND reports every bad record */
	}
	r = zone_add(st->zone, rr, &info);
	if (info.ttl_changed) {
		snprintf(msg, sizeof(msg), "TTL set to prior TTL (%u)",
		         info.prior_ttl);
		load_log(st, MASTER_LOG_WARNING, rr->file, rr->line, msg);
	}
	switch (r) {
	case R_OK:
		r = zonecheck_max_ttl(&st->opts, rr,
		                      info.ttl_changed ? info.prior_ttl
		                                       : rr->ttl);
		if (r != R_OK) {
			st->failed = true;
			return r; /* BIND stops loading at a TTL over the limit
			           */
		}
		return R_OK;
	case R_SINGLETON:
	case R_CNAMEOTHER:
		if (st->pending == R_OK) {
			st->pending = r;
			if (name_totext(
			            rr->owner, NULL, true, st->pending_owner,
			            sizeof(st->pending_owner), NULL) != R_OK)
			{
				strcpy(st->pending_owner, "?");
			}
		}
		return R_OK;
	default:
		st->failed = true;
		return r;
	}
}

static zc_mode_t
mode_opt(const check_ctx_t *ctx, const conf_block_t *zb,
         const conf_block_t *view, const char *name, zc_mode_t def) {
	const char *v = check_arg(check_lookup(ctx, zb, view, name), 0);
	if (v == NULL) {
		return def;
	}
	if (strcasecmp(v, "fail") == 0) {
		return ZC_FAIL;
	}
	if (strcasecmp(v, "warn") == 0) {
		return ZC_WARN;
	}
	return ZC_IGNORE;
}

/* check-names is a list "check-names (primary|master|...) mode;" at view
 * and options level, and "check-names mode;" in a zone. */
static zc_mode_t
checknames_mode(const check_ctx_t *ctx, const conf_block_t *zb,
                const conf_block_t *view) {
	const conf_block_t *levels[3] = {zb, view, ctx->options};
	for (int i = 0; i < 3; i++) {
		for (const conf_stmt_t *s =
		             conf_block_find(levels[i], "check-names");
		     s != NULL; s = conf_stmt_findnext(s))
		{
			const char *a0 = check_arg(s, 0);
			const char *a1 = check_arg(s, 1);
			const char *mode = NULL;
			if (i == 0) {
				mode = a0;
			} else if (a0 != NULL && a1 != NULL &&
			           (strcasecmp(a0, "primary") == 0 ||
			            strcasecmp(a0, "master") == 0))
			{
				mode = a1;
			}
			if (mode == NULL) {
				continue;
			}
			if (strcasecmp(mode, "fail") == 0) {
				return ZC_FAIL;
			}
			return strcasecmp(mode, "warn") == 0 ? ZC_WARN
			                                     : ZC_IGNORE;
		}
	}
	return ZC_FAIL;
}

static void
load_one(check_ctx_t *ctx, const char *viewname, const conf_block_t *view,
         uint16_t rclass, const conf_stmt_t *zs) {
	const conf_block_t *zb = conf_stmt_block(zs);
	const char *zname = check_arg(zs, 0);
	unsigned type = check_zonetype(zb);
	const char *file = check_arg(conf_block_find(zb, "file"), 0);
	loadstate_t st;
	name_t origin;
	char cls[16];

	if (zname == NULL || (type != CZ_PRIMARY && type != CZ_REDIRECT) ||
	    file == NULL || conf_block_find(zb, "dlz") != NULL ||
	    conf_block_find(zb, "database") != NULL)
	{
		return;
	}
	const char *fmt =
	        check_arg(check_lookup(ctx, zb, view, "masterfile-format"), 0);
	bool raw = fmt != NULL && strcasecmp(fmt, "raw") == 0;
	if (fmt != NULL && !raw && strcasecmp(fmt, "text") != 0) {
		return; /* "map" is gone in 9.18; the parser refuses it */
	}
	if (check_name(zname, &origin) != R_OK) {
		return;
	}
	snprintf(cls, sizeof(cls), "%s",
	         rclass == 1   ? "IN"
	         : rclass == 3 ? "CH"
	         : rclass == 4 ? "HS"
	                       : "IN");
	char zn[NAME_MAXTEXT];
	if (name_totext(&origin, NULL, true, zn, sizeof(zn), NULL) != R_OK) {
		return;
	}

	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.origin = &origin;
	zonecheck_defaults(&st.opts, false);
	st.opts.names = checknames_mode(ctx, zb, view);
	st.opts.mx = mode_opt(ctx, zb, view, "check-mx", ZC_WARN);
	st.opts.mx_cname = mode_opt(ctx, zb, view, "check-mx-cname", ZC_WARN);
	st.opts.srv_cname = mode_opt(ctx, zb, view, "check-srv-cname", ZC_WARN);
	st.opts.wildcard =
	        check_bool(check_lookup(ctx, zb, view, "check-wildcard"), true)
	                ? ZC_WARN
	                : ZC_IGNORE;
	st.opts.spf = mode_opt(ctx, zb, view, "check-spf", ZC_WARN);
	st.opts.dup = mode_opt(ctx, zb, view, "check-dup-records", ZC_WARN);
	st.opts.integrity = check_bool(
	        check_lookup(ctx, zb, view, "check-integrity"), true);
	st.opts.sibling =
	        check_bool(check_lookup(ctx, zb, view, "check-sibling"), true);
	const conf_stmt_t *mzt = check_lookup(ctx, zb, view, "max-zone-ttl");
	uint32_t ttl;
	if (mzt != NULL && check_argv(mzt, 0) != NULL &&
	    conf_value_duration(check_argv(mzt, 0), &ttl) == R_OK)
	{
		st.opts.max_ttl_set = true;
		st.opts.max_ttl = ttl;
	}
	st.opts.log = load_log;
	st.opts.arg = &st;

	result_t r = zone_create(&origin, rclass, &st.zone);
	if (r != R_OK) {
		check_fail(ctx, r);
		return;
	}
	master_opts_t mo = {&origin, rclass,   MASTER_MANYERRORS,
	                    load_rr, load_log, &st};
	r = raw ? rawfmt_load_file(file, &mo) : master_load_file(file, &mo);
	flush_batch(&st);
	uint32_t serial = 0;
	if (r == R_OK && st.failed) {
		r = st.first_err != R_OK ? st.first_err : R_BADZONE;
	}
	bool readfail = r != R_OK;
	if (r == R_OK) {
		r = zone_finish(st.zone);
	}
	if (r == R_OK) {
		r = zonecheck_zone(&st.opts, st.zone, &serial);
	}
	if (r == R_OK) {
		fprintf(ctx->out, "zone %s/%s: loaded serial %u\n", zn, cls,
		        serial);
	} else {
		if (readfail) {
			fprintf(ctx->out,
			        "zone %s/%s: loading from master file %s "
			        "failed: %s\n",
			        zn, cls, file, result_totext(r));
		}
		fprintf(ctx->out, "zone %s/%s: not loaded due to errors.\n", zn,
		        cls);
		fprintf(ctx->err, "%s/%s/%s: %s\n", viewname, zn, cls,
		        result_totext(r));
		check_fail(ctx, r);
	}
	zone_destroy(st.zone);
}

static void load_views(check_ctx_t *ctx);

void
check_load_zones(check_ctx_t *ctx) {
	const char *dir =
	        check_arg(conf_block_find(ctx->options, "directory"), 0);
	int saved = -1;
	if (dir != NULL) {
		saved = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (saved < 0 || chdir(dir) != 0) {
			char msg[1200];
			snprintf(msg, sizeof(msg),
			         "change directory to '%s' failed: %s", dir,
			         result_totext(R_FILENOTFOUND));
			if (ctx->log != NULL) {
				ctx->log(ctx->logarg, CONF_SEV_ERROR, NULL, 0,
				         msg);
			}
			if (saved >= 0) {
				close(saved);
			}
			check_fail(ctx, R_FILENOTFOUND);
			return;
		}
	}
	load_views(ctx);
	if (saved >= 0) {
		if (fchdir(saved) != 0) {
			check_fail(ctx, R_IOERROR);
		}
		close(saved);
	}
}

static void
load_views(check_ctx_t *ctx) {
	const conf_stmt_t *v = check_top(ctx, "view");
	if (v == NULL) {
		for (const conf_stmt_t *z = check_top(ctx, "zone"); z != NULL;
		     z = conf_stmt_findnext(z))
		{
			load_one(ctx, "_default", NULL, 1, z);
		}
		return;
	}
	for (; v != NULL; v = conf_stmt_findnext(v)) {
		const conf_block_t *vb = conf_stmt_block(v);
		const char *vn = check_arg(v, 0);
		uint16_t rclass = 1;
		const conf_value_t *cv = check_argv(v, 1);
		if (cv != NULL && cv->kind != CONF_V_BLOCK) {
			(void)check_class(cv->text, &rclass);
		}
		if (rclass == 255 || rclass == 254) {
			/* named cannot build a view of a meta class; BIND's
			 * -z fails here without a message of its own. */
			check_fail(ctx, R_BADCLASS);
			continue;
		}
		for (const conf_stmt_t *z = conf_block_find(vb, "zone");
		     z != NULL; z = conf_stmt_findnext(z))
		{
			load_one(ctx, vn != NULL ? vn : "_default", vb, rclass,
			         z);
		}
	}
}
