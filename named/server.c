/*
 * server.c - server generations (see server.h): named.conf -> checked
 * tree -> config objects -> views with compiled ACLs, zones (shared with
 * the previous generation when unchanged, else loaded in parallel) and
 * zone tables -> one pointer published through RCU.
 *
 * Order of a build, and why:
 *  1. parse and check (errors logged as "file:line: message"; the
 *     result is named's summary, R_FAILURE, for the caller's "loading
 *     configuration: failure" or "reloading configuration failed");
 *  2. chdir to options { directory } (named does: relative zone files,
 *     $INCLUDEs and file options are relative to it);
 *  3. server options and listeners (server_opts.c);
 *  4. every view: ACLs, flags, zone objects (server_zone.c), reusing the
 *     previous generation's object when srvzone_reusable() says so;
 *  5. load the new primary zones on the thread pool;
 *  6. a zone that failed to load keeps the previous generation's data
 *     (named goes on serving the old zone when a reload fails);
 *  7. the zone tables, one transaction per view (one copy, one grace
 *     period, whatever the number of zones).
 * Nothing is published here: server_publish() does that.
 *
 * Publication: shared zone objects carry a cfg pointer into the
 * generation that configured them; server_publish() moves it to the new
 * generation's cfg before the swap (an atomic store; readers use
 * server_zone_cfg()), so it never points into a freed tree.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#undef R_OK /* unistd.h's access() mode; ours is the result code */

#include <urcu/urcu-memb.h>
#include <urcu/pointer.h>

#include "config/check.h"
#include "named/log.h"
#include "named/server_int.h"
#include "zones/rdata.h"

static srv_gen_t *current_gen;
static pthread_mutex_t publish_lock = PTHREAD_MUTEX_INITIALIZER;

static void
conf_to_log(void *arg, conf_sev_t sev, const char *file, unsigned line,
            const char *msg) {
	(void)arg;
	int level = sev == CONF_SEV_ERROR ? LOG_SEV_ERROR : LOG_SEV_WARNING;
	if (file != NULL) {
		log_write(LOG_CAT_CONFIG, level, "%s:%u: %s", file, line, msg);
	} else {
		log_write(LOG_CAT_CONFIG, level, "%s", msg);
	}
}

/* ---- views ---- */

/* A view-level list, or NULL when unset or left at BIND's default
 * (every list the query path checks defaults to "any"). */
static result_t
view_acl(const cfg_view_t *cv, const char *name, const srv_zctx_t *ctx,
         acl_t **out) {
	*out = NULL;
	const conf_stmt_t *s = cfg_view_option(cv, name);
	if (s == NULL || srvopt_is_default(s)) {
		return R_OK;
	}
	result_t r =
	        cfg_view_acl_env(cv, name, ctx->localhost, ctx->localnets, out);
	if (r != R_OK) {
		log_write(LOG_CAT_CONFIG, LOG_SEV_ERROR, "%s:%u: %s: %s",
		          s->loc.file, s->loc.line, name, result_totext(r));
	}
	return r;
}

static srv_minimal_t
minimal_of(const cfg_view_t *cv) {
	const conf_stmt_t *s = cfg_view_option(cv, "minimal-responses");
	const conf_value_t *v = s != NULL ? conf_stmt_arg(s, 0) : NULL;
	bool b;
	if (v == NULL || v->kind == CONF_V_BLOCK) {
		return SRV_MINIMAL_NO_AUTH_RECURSIVE;
	}
	if (conf_value_is(v, "no-auth")) {
		return SRV_MINIMAL_NO_AUTH;
	}
	if (conf_value_is(v, "no-auth-recursive")) {
		return SRV_MINIMAL_NO_AUTH_RECURSIVE;
	}
	if (conf_value_boolean(v, &b) == R_OK) {
		return b ? SRV_MINIMAL_YES : SRV_MINIMAL_NO;
	}
	return SRV_MINIMAL_NO_AUTH_RECURSIVE;
}

static bool
view_bool(const cfg_view_t *cv, const char *name, bool def) {
	bool b;
	return cfg_view_bool(cv, name, &b) == R_OK ? b : def;
}

/* Sorted (origin order) index of a previous view's zones. */
typedef struct zindex {
	srv_zone_t **z;
	size_t n;
} zindex_t;

static int
zcmp(const void *a, const void *b) {
	const srv_zone_t *const *x = a, *const *y = b;
	return name_compare(&(*x)->origin, &(*y)->origin);
}

static void
zindex_build(zindex_t *ix, const srv_view_t *pv) {
	ix->z = NULL;
	ix->n = 0;
	if (pv == NULL || pv->nzones == 0) {
		return;
	}
	ix->z = malloc(pv->nzones * sizeof(*ix->z));
	if (ix->z == NULL) {
		return; /* nothing shared: every zone is loaded again */
	}
	memcpy(ix->z, pv->zonelist, pv->nzones * sizeof(*ix->z));
	ix->n = pv->nzones;
	qsort(ix->z, ix->n, sizeof(*ix->z), zcmp);
}

static srv_zone_t *
zindex_find(const zindex_t *ix, const name_t *origin) {
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = name_compare(origin, &ix->z[mid]->origin);
		if (c == 0) {
			return ix->z[mid];
		}
		if (c < 0) {
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	return NULL;
}

static const srv_view_t *
find_view(srv_view_t *const *views, size_t n, const char *name,
          uint16_t rclass) {
	for (size_t i = 0; i < n; i++) {
		if (views[i] != NULL && views[i]->rclass == rclass &&
		    strcmp(views[i]->name, name) == 0)
		{
			return views[i];
		}
	}
	return NULL;
}

/* Zones to load, with the previous generation's object for the same
 * zone (NULL if none) to fall back on. */
typedef struct job {
	srv_zone_t *z;
	srv_zone_t *prev;
} job_t;

typedef struct jobs {
	job_t *v;
	size_t n, cap;
} jobs_t;

static void
jobs_add(jobs_t *j, srv_zone_t *z, srv_zone_t *prev) {
	if (j->n == j->cap) {
		size_t cap = j->cap == 0 ? 16 : j->cap * 2;
		job_t *nv = realloc(j->v, cap * sizeof(*nv));
		if (nv == NULL) {
			abort(); /* out of memory may abort (STYLE) */
		}
		j->v = nv;
		j->cap = cap;
	}
	j->v[j->n].z = z;
	j->v[j->n].prev = prev;
	j->n++;
}

/* An in-view zone shares the object of the view it names (which named
 * requires to come first). */
static result_t
inview_zone(srv_gen_t *gen, size_t nbuilt, const srv_zctx_t *ctx,
            const cfg_zone_t *cz, srv_zone_t **out, const cfg_zone_t **ocfg) {
	const char *target = cfg_zone_text(cz, "in-view");
	const srv_view_t *tv =
	        target != NULL ? find_view(gen->views, nbuilt, target,
	                                   cfg_view_class(cfg_zone_view(cz)))
	                       : NULL;
	for (size_t i = 0; tv != NULL && i < tv->nzones; i++) {
		if (name_equal(&tv->zonelist[i]->origin, cfg_zone_name(cz))) {
			*out = server_zone_ref(tv->zonelist[i]);
			*ocfg = tv->zonecfg[i];
			return R_OK;
		}
	}
	result_t r = srvzone_create(ctx, cz, out);
	if (r == R_OK) {
		*ocfg = cz;
		log_write(LOG_CAT_GENERAL, LOG_SEV_WARNING,
		          "zone %s: in-view '%s': no such zone there; not "
		          "served",
		          (*out)->logname, target != NULL ? target : "?");
	}
	return r;
}

static const conf_block_t *
view_block(const conf_tree_t *tree, size_t i) {
	size_t k = 0;
	for (const conf_stmt_t *s = conf_block_find(tree->top, "view");
	     s != NULL; s = conf_stmt_findnext(s), k++)
	{
		if (k == i) {
			return conf_stmt_block(s);
		}
	}
	return NULL;
}

static void
view_free(srv_view_t *v) {
	if (v == NULL) {
		return;
	}
	zonetable_destroy(v->zones, NULL, NULL);
	for (size_t i = 0; i < v->nzones; i++) {
		server_zone_unref(v->zonelist[i]);
	}
	free(v->zonelist);
	free(v->zonecfg);
	acl_detach(&v->match_clients);
	acl_detach(&v->match_destinations);
	acl_detach(&v->allow_query);
	acl_detach(&v->allow_query_on);
	free(v->name);
	free(v);
}

static result_t
view_build(srv_gen_t *gen, size_t idx, const srv_gen_t *prev, srv_zctx_t *ctx,
           jobs_t *jobs, result_t *hint_err, srv_view_t **out) {
	const cfg_view_t *cv = cfg_view_at(gen->cfg, idx);
	srv_view_t *v = calloc(1, sizeof(*v));
	if (v == NULL) {
		return R_NOMEMORY;
	}
	v->name = strdup(cfg_view_name(cv));
	if (v->name == NULL) {
		free(v);
		return R_NOMEMORY;
	}
	v->rclass = cfg_view_class(cv);
	v->cfg = cv;
	ctx->view = view_block(gen->tree, idx);
	ctx->viewname = strcmp(v->name, "_default") == 0 ? NULL : v->name;

	result_t r = view_acl(cv, "match-clients", ctx, &v->match_clients);
	if (r == R_OK) {
		r = view_acl(cv, "match-destinations", ctx,
		             &v->match_destinations);
	}
	if (r == R_OK) {
		r = view_acl(cv, "allow-query", ctx, &v->allow_query);
	}
	if (r == R_OK) {
		r = view_acl(cv, "allow-query-on", ctx, &v->allow_query_on);
	}
	if (r != R_OK) {
		view_free(v);
		return r;
	}
	v->match_recursive_only = view_bool(cv, "match-recursive-only", false);
	v->recursion = view_bool(cv, "recursion", true);
	const conf_stmt_t *rs = cfg_view_option(cv, "recursion");
	if (v->recursion && rs != NULL && !srvopt_is_default(rs) &&
	    rs != ctx->recursion_warned)
	{
		/* views that inherit the options' statement share one line */
		ctx->recursion_warned = rs;
		log_write(LOG_CAT_CONFIG, LOG_SEV_WARNING,
		          "%s:%u: recursion yes: this server is "
		          "authoritative-only; recursive queries are refused",
		          rs->loc.file, rs->loc.line);
	}
	v->minimal_responses = minimal_of(cv);
	v->minimal_any = view_bool(cv, "minimal-any", false);
	const conf_value_t *pg =
	        conf_stmt_arg(cfg_view_option(cv, "preferred-glue"), 0);
	v->preferred_glue = conf_value_is(pg, "AAAA") ? RRTYPE_AAAA
	                    : conf_value_is(pg, "A")  ? RRTYPE_A
	                                              : 0;

	size_t n = cfg_zone_count(cv);
	v->zonelist = calloc(n > 0 ? n : 1, sizeof(*v->zonelist));
	v->zonecfg = calloc(n > 0 ? n : 1, sizeof(*v->zonecfg));
	if (v->zonelist == NULL || v->zonecfg == NULL) {
		view_free(v);
		return R_NOMEMORY;
	}
	zindex_t ix;
	zindex_build(&ix, prev != NULL ? find_view(prev->views, prev->nviews,
	                                           v->name, v->rclass)
	                               : NULL);
	for (size_t i = 0; i < n && r == R_OK; i++) {
		const cfg_zone_t *cz = cfg_zone_at(cv, i);
		srv_zone_t *z = NULL;
		const cfg_zone_t *zc = cz;
		if (cfg_zone_type(cz) == CFG_ZONE_INVIEW) {
			r = inview_zone(gen, idx, ctx, cz, &z, &zc);
		} else {
			r = srvzone_create(ctx, cz, &z);
			if (r == R_OK && z->type == CFG_ZONE_HINT) {
				r = srvzone_check_hints(z);
				if (r != R_OK) {
					server_zone_unref(z);
					*hint_err = r;
				}
			}
			if (r == R_OK) {
				srv_zone_t *p = zindex_find(&ix, &z->origin);
				if (p != NULL && srvzone_reusable(z, p)) {
					server_zone_unref(z);
					z = server_zone_ref(p);
				} else if (z->served) {
					jobs_add(jobs, z, p);
				}
			}
		}
		if (r == R_OK) {
			v->zonelist[v->nzones] = z;
			v->zonecfg[v->nzones] = zc;
			v->nzones++;
		}
	}
	free(ix.z);
	if (r != R_OK) {
		view_free(v);
		return r;
	}
	*out = v;
	return R_OK;
}

/* Hint and redirect zones answer no query by name: they stay out of
 * the table (and in zonelist). */
static bool
in_table(const srv_zone_t *z) {
	return z->type != CFG_ZONE_HINT && z->type != CFG_ZONE_REDIRECT;
}

static result_t
view_table(srv_view_t *v) {
	result_t r = zonetable_create(&v->zones);
	if (r != R_OK) {
		return r;
	}
	zonetable_txn_t *txn = NULL;
	r = zonetable_begin(v->zones, &txn);
	for (size_t i = 0; r == R_OK && i < v->nzones; i++) {
		if (!in_table(v->zonelist[i])) {
			continue;
		}
		r = zonetable_txn_add(txn, &v->zonelist[i]->origin,
		                      v->zonelist[i]);
		if (r == R_EXISTS) {
			r = R_OK; /* conf_check refuses these; keep the first */
		}
	}
	if (r != R_OK) {
		zonetable_abort(txn);
		return r;
	}
	return zonetable_commit(txn);
}

/* Step 6: a zone whose reload failed keeps serving the previous data. */
static void
fall_back(const job_t *j) {
	if (!j->z->loaded && j->prev != NULL) {
		srvzone_keep_data(j->z, j->prev);
	}
}

/*
 * "zone c.test/IN: (primary) removed" for each zone of prev that the new
 * generation no longer has, as named logs it on reconfiguration.  An
 * in-view entry is not the view's own zone: its view reports it.
 */
static void
log_removed(const srv_gen_t *gen, const srv_gen_t *prev) {
	for (size_t i = 0; prev != NULL && i < prev->nviews; i++) {
		const srv_view_t *pv = prev->views[i];
		zindex_t ix;
		zindex_build(&ix, find_view(gen->views, gen->nviews, pv->name,
		                            pv->rclass));
		for (size_t k = 0; k < pv->nzones; k++) {
			const srv_zone_t *z = pv->zonelist[k];
			const cfg_view_t *owner = cfg_zone_view(pv->zonecfg[k]);
			if (strcmp(cfg_view_name(owner), pv->name) != 0 ||
			    zindex_find(&ix, &z->origin) != NULL)
			{
				continue;
			}
			log_write(LOG_CAT_GENERAL, LOG_SEV_INFO,
			          "zone %s: (%s) removed", z->logname,
			          srvzone_typetext(z->type));
		}
		free(ix.z);
	}
}

/* ---- the build ---- */

/* The result named words a refused configuration with: "failure" for
 * errors in named.conf itself (they were logged line by line), "file
 * not found" for a missing file, a root hints file's own reason.  The
 * caller says "loading configuration: ..." (start) or "reloading
 * configuration failed: ..." (SIGHUP). */
static result_t
config_result(result_t r) {
	return r == R_FILENOTFOUND || r == R_NOMEMORY ? r : R_FAILURE;
}

static result_t
set_directory(srv_gen_t *gen, const conf_block_t *options) {
	const conf_stmt_t *s = conf_block_find(options, "directory");
	const conf_value_t *v = s != NULL ? conf_stmt_arg(s, 0) : NULL;
	if (v != NULL && v->kind != CONF_V_BLOCK) {
		if (chdir(v->text) != 0) {
			log_write(LOG_CAT_GENERAL, LOG_SEV_ERROR,
			          "change directory to '%s' failed: %s",
			          v->text, result_totext(R_FILENOTFOUND));
			return R_FILENOTFOUND;
		}
	}
	char buf[4096];
	if (getcwd(buf, sizeof(buf)) == NULL) {
		return R_IOERROR;
	}
	gen->directory = strdup(buf);
	if (gen->directory == NULL) {
		return R_NOMEMORY;
	}
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO,
	          "the working directory is now '%s'", gen->directory);
	return R_OK;
}

static result_t
build_views(srv_gen_t *gen, const srv_gen_t *prev, const srv_params_t *params,
            srv_zctx_t *ctx, result_t *hint_err) {
	size_t nv = cfg_view_count(gen->cfg);
	gen->views = calloc(nv > 0 ? nv : 1, sizeof(*gen->views));
	if (gen->views == NULL) {
		return R_NOMEMORY;
	}
	jobs_t jobs = {0};
	result_t r = R_OK;
	for (size_t i = 0; i < nv && r == R_OK; i++) {
		r = view_build(gen, i, prev, ctx, &jobs, hint_err,
		               &gen->views[i]);
		if (r == R_OK) {
			gen->nviews++;
		}
	}
	if (r == R_OK) {
		/* before the loads, where named logs it; from here on only
		 * running out of memory can fail the build */
		log_removed(gen, prev);
		srv_zone_t **zl =
		        malloc((jobs.n > 0 ? jobs.n : 1) * sizeof(*zl));
		if (zl == NULL) {
			r = R_NOMEMORY;
		} else {
			for (size_t i = 0; i < jobs.n; i++) {
				zl[i] = jobs.v[i].z;
			}
			r = srvzone_load_all(zl, jobs.n,
			                     params != NULL ? params->threads
			                                    : 0);
			free(zl);
		}
	}
	for (size_t i = 0; r == R_OK && i < jobs.n; i++) {
		fall_back(&jobs.v[i]);
	}
	free(jobs.v);
	for (size_t i = 0; r == R_OK && i < gen->nviews; i++) {
		r = view_table(gen->views[i]);
	}
	return r;
}

result_t
server_gen_build(const char *path, const srv_params_t *params,
                 const srv_gen_t *prev, srv_gen_t **out) {
	*out = NULL;
	log_write(LOG_CAT_GENERAL, LOG_SEV_INFO,
	          "loading configuration from '%s'", path);
	conf_tree_t *tree = NULL;
	result_t r = conf_parse_file(path, NULL, &tree, conf_to_log, NULL);
	if (r != R_OK) {
		return config_result(r);
	}
	r = conf_check(tree, 0, conf_to_log, NULL);
	if (r != R_OK) {
		conf_tree_free(&tree);
		return R_FAILURE;
	}
	srv_gen_t *gen = calloc(1, sizeof(*gen));
	if (gen == NULL) {
		conf_tree_free(&tree);
		return R_NOMEMORY;
	}
	gen->tree = tree;
	r = cfg_build(tree, &gen->cfg);
	const conf_block_t *options =
	        conf_block_findblock(tree->top, "options");

	srv_zctx_t ctx = {.tree = tree, .options = options};
	if (acl_interfaces_create(&ctx.localhost, &ctx.localnets) != R_OK) {
		/* localhost/localnets then match nothing */
		log_write(LOG_CAT_NETWORK, LOG_SEV_WARNING,
		          "could not read the interface addresses: "
		          "localhost and localnets match nothing");
		ctx.localhost = ctx.localnets = NULL;
	}
	if (r == R_OK) {
		r = set_directory(gen, options);
	}
	if (r == R_OK) {
		r = srvopt_apply(gen, options, ctx.localhost, ctx.localnets);
	}
	if (r == R_OK) {
		srv_ifaddr_t *ifs = NULL;
		size_t nifs = 0;
		if (srvopt_interfaces(&ifs, &nifs) != R_OK) {
			log_write(LOG_CAT_NETWORK, LOG_SEV_WARNING,
			          "could not read the interface addresses: "
			          "no listeners");
		}
		r = srvopt_listeners(gen, tree, options, params, ifs, nifs,
		                     ctx.localhost, ctx.localnets);
		free(ifs);
	}
	result_t hint_err = R_OK;
	if (r == R_OK) {
		r = build_views(gen, prev, params, &ctx, &hint_err);
	}
	acl_detach(&ctx.localhost);
	acl_detach(&ctx.localnets);
	if (r != R_OK) {
		server_gen_free(gen);
		return hint_err != R_OK ? hint_err : config_result(r);
	}
	log_write(LOG_CAT_GENERAL, LOG_SEV_NOTICE, "all zones loaded");
	*out = gen;
	return R_OK;
}

/* ---- publication and lifetime ---- */

void
server_publish(srv_gen_t *gen, srv_gen_t **old) {
	pthread_mutex_lock(&publish_lock);
	srv_gen_t *prev = current_gen;
	for (size_t i = 0; gen != NULL && i < gen->nviews; i++) {
		srv_view_t *v = gen->views[i];
		for (size_t k = 0; k < v->nzones; k++) {
			__atomic_store_n(&v->zonelist[k]->cfg, v->zonecfg[k],
			                 __ATOMIC_RELEASE);
		}
	}
	rcu_assign_pointer(current_gen, gen);
	pthread_mutex_unlock(&publish_lock);
	urcu_memb_synchronize_rcu();
	if (old != NULL) {
		*old = prev;
	} else {
		server_gen_free(prev);
	}
}

const srv_gen_t *
server_current(void) {
	return rcu_dereference(current_gen);
}

void
server_gen_free(srv_gen_t *gen) {
	if (gen == NULL) {
		return;
	}
	for (size_t i = 0; i < gen->nviews; i++) {
		view_free(gen->views[i]);
	}
	free(gen->views);
	acl_detach(&gen->blackhole);
	free(gen->version);
	free(gen->hostname);
	free(gen->server_id);
	free(gen->listen);
	free(gen->directory);
	free(gen->pid_file);
	free(gen->dump_file);
	free(gen->statistics_file);
	cfg_free(&gen->cfg);
	conf_tree_free(&gen->tree);
	free(gen);
}
