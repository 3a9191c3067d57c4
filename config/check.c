/*
 * check.c - conf_check(): the order of the checks, the views, and the
 * helpers the per-topic files share (check_int.h).
 *
 * BIND reports every problem it finds rather than stopping at the first,
 * so each check logs and records failure in the context and carries on.
 */
#include "config/check.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/check_int.h"

static void
vreport(check_ctx_t *ctx, conf_sev_t sev, const conf_loc_t *loc,
        const char *fmt, va_list ap) {
	char msg[1024];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (ctx->log != NULL) {
		ctx->log(ctx->logarg, sev, loc != NULL ? loc->file : NULL,
		         loc != NULL ? loc->line : 0, msg);
	}
}

void
check_error(check_ctx_t *ctx, const conf_loc_t *loc, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	vreport(ctx, CONF_SEV_ERROR, loc, fmt, ap);
	va_end(ap);
	check_fail(ctx, R_FAILURE);
}

void
check_warning(check_ctx_t *ctx, const conf_loc_t *loc, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	vreport(ctx, CONF_SEV_WARNING, loc, fmt, ap);
	va_end(ap);
}

void
check_fail(check_ctx_t *ctx, result_t r) {
	if (ctx->result == R_OK) {
		ctx->result = r;
	}
}

const conf_value_t *
check_argv(const conf_stmt_t *s, size_t i) {
	if (s == NULL) {
		return NULL;
	}
	return conf_stmt_arg(s, i);
}

const char *
check_arg(const conf_stmt_t *s, size_t i) {
	const conf_value_t *v = check_argv(s, i);
	if (v == NULL || v->kind == CONF_V_BLOCK) {
		return NULL;
	}
	return v->text;
}

const conf_stmt_t *
check_lookup_view(const check_ctx_t *ctx, const conf_block_t *view,
                  const char *name) {
	const conf_stmt_t *s = NULL;
	if (view != NULL) {
		s = conf_block_find(view, name);
	}
	if (s == NULL && ctx->options != NULL) {
		s = conf_block_find(ctx->options, name);
	}
	return s;
}

const conf_stmt_t *
check_lookup(const check_ctx_t *ctx, const conf_block_t *zone,
             const conf_block_t *view, const char *name) {
	const conf_stmt_t *s = NULL;
	if (zone != NULL) {
		s = conf_block_find(zone, name);
	}
	if (s == NULL) {
		s = check_lookup_view(ctx, view, name);
	}
	return s;
}

bool
check_bool(const conf_stmt_t *s, bool def) {
	bool b;
	const conf_value_t *v = check_argv(s, 0);
	if (v == NULL || conf_value_boolean(v, &b) != R_OK) {
		return def;
	}
	return b;
}

result_t
check_name(const char *text, name_t *out) {
	size_t len = strlen(text);
	name_t root;
	name_init_root(&root);
	if (len == 0) {
		return R_UNEXPECTEDEND;
	}
	return name_fromtext(out, text, len, &root);
}

result_t
check_class(const char *text, uint16_t *out) {
	static const struct {
		const char *name;
		uint16_t value;
	} classes[] = {{"IN", 1},     {"CH", 3},     {"CHAOS", 3}, {"HS", 4},
	               {"HESIOD", 4}, {"NONE", 254}, {"ANY", 255}};
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strcasecmp(text, classes[i].name) == 0) {
			*out = classes[i].value;
			return R_OK;
		}
	}
	if (strncasecmp(text, "CLASS", 5) == 0 && text[5] >= '0' &&
	    text[5] <= '9') {
		char *end;
		unsigned long v = strtoul(text + 5, &end, 10);
		if (*end == '\0' && v <= 65535) {
			*out = (uint16_t)v;
			return R_OK;
		}
	}
	return R_BADCLASS;
}

unsigned
check_zonetype(const conf_block_t *zone) {
	static const struct {
		const char *name;
		unsigned bit;
	} types[] = {
	        {"primary", CZ_PRIMARY},
	        {"master", CZ_PRIMARY},
	        {"secondary", CZ_SECONDARY},
	        {"slave", CZ_SECONDARY},
	        {"mirror", CZ_MIRROR},
	        {"forward", CZ_FORWARD},
	        {"hint", CZ_HINT},
	        {"redirect", CZ_REDIRECT},
	        {"static-stub", CZ_STATICSTUB},
	        {"stub", CZ_STUB},
	        {"delegation-only", CZ_DELEGATION},
	};
	const char *t = check_arg(conf_block_find(zone, "type"), 0);
	if (t == NULL) {
		return conf_block_find(zone, "in-view") != NULL ? CZ_INVIEW : 0;
	}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcasecmp(t, types[i].name) == 0) {
			return types[i].bit;
		}
	}
	return 0;
}

const conf_stmt_t *
check_top(const check_ctx_t *ctx, const char *name) {
	return conf_block_find(ctx->top, name);
}

static bool
find_named(const conf_block_t *blk, const char *stmtname, const char *name) {
	for (const conf_stmt_t *s = conf_block_find(blk, stmtname); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const char *n = check_arg(s, 0);
		if (n != NULL && strcasecmp(n, name) == 0) {
			return true;
		}
	}
	return false;
}

bool
check_defined(const check_ctx_t *ctx, const char *kind, const char *name,
              const conf_block_t *view) {
	if (strcmp(kind, "primaries") == 0) {
		return find_named(ctx->top, "primaries", name) ||
		       find_named(ctx->top, "masters", name);
	}
	if (strcmp(kind, "key") == 0 && view != NULL &&
	    find_named(view, "key", name)) {
		return true;
	}
	if (strcmp(kind, "key") == 0) {
		/* Key names are domain names: compare them as names. */
		name_t want, have;
		if (check_name(name, &want) != R_OK) {
			return find_named(ctx->top, kind, name);
		}
		for (const conf_stmt_t *s = conf_block_find(ctx->top, "key");
		     s != NULL; s = conf_stmt_findnext(s))
		{
			const char *n = check_arg(s, 0);
			if (n != NULL && check_name(n, &have) == R_OK &&
			    name_equal(&want, &have)) {
				return true;
			}
		}
		return false;
	}
	return find_named(ctx->top, kind, name);
}

/* ---- hash map (check_int.h) ---- */

typedef struct {
	uint8_t *key; /* NULL: empty slot */
	size_t len;
	uint32_t hash;
	void *value;
} hslot_t;

struct check_hash {
	hslot_t *slots;
	size_t cap, count; /* cap is a power of two */
};

static uint32_t
fnv1a(const uint8_t *p, size_t len) {
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h = (h ^ p[i]) * 16777619u;
	}
	return h;
}

check_hash_t *
check_hash_create(void) {
	check_hash_t *h = calloc(1, sizeof(*h));
	if (h == NULL) {
		abort();
	}
	h->cap = 64;
	h->slots = calloc(h->cap, sizeof(hslot_t));
	if (h->slots == NULL) {
		abort();
	}
	return h;
}

void
check_hash_destroy(check_hash_t *h) {
	if (h == NULL) {
		return;
	}
	for (size_t i = 0; i < h->cap; i++) {
		free(h->slots[i].key);
	}
	free(h->slots);
	free(h);
}

static void
hash_grow(check_hash_t *h) {
	size_t ncap = h->cap * 2;
	hslot_t *ns = calloc(ncap, sizeof(hslot_t));
	if (ns == NULL) {
		abort();
	}
	for (size_t i = 0; i < h->cap; i++) {
		if (h->slots[i].key == NULL) {
			continue;
		}
		size_t j = h->slots[i].hash & (ncap - 1);
		while (ns[j].key != NULL) {
			j = (j + 1) & (ncap - 1);
		}
		ns[j] = h->slots[i];
	}
	free(h->slots);
	h->slots = ns;
	h->cap = ncap;
}

void *
check_hash_find(const check_hash_t *h, const void *key, size_t len) {
	uint32_t hv = fnv1a(key, len);
	for (size_t j = hv & (h->cap - 1); h->slots[j].key != NULL;
	     j = (j + 1) & (h->cap - 1))
	{
		const hslot_t *s = &h->slots[j];
		if (s->hash == hv && s->len == len &&
		    memcmp(s->key, key, len) == 0) {
			return s->value;
		}
	}
	return NULL;
}

void *
check_hash_add(check_hash_t *h, const void *key, size_t len, void *value) {
	uint32_t hv = fnv1a(key, len);
	size_t j = hv & (h->cap - 1);
	while (h->slots[j].key != NULL) {
		hslot_t *s = &h->slots[j];
		if (s->hash == hv && s->len == len &&
		    memcmp(s->key, key, len) == 0) {
			return s->value;
		}
		j = (j + 1) & (h->cap - 1);
	}
	uint8_t *copy = malloc(len > 0 ? len : 1);
	if (copy == NULL) {
		abort();
	}
	memcpy(copy, key, len);
	h->slots[j] = (hslot_t){copy, len, hv, value};
	if (++h->count * 2 > h->cap) {
		hash_grow(h);
	}
	return NULL;
}

bool
check_aml_isnone(const conf_block_t *aml) {
	conf_aml_elem_t e;
	if (aml == NULL || aml->count != 1 ||
	    conf_aml_elem(aml->first, &e) != R_OK || e.kind != CONF_AML_NAME)
	{
		return false;
	}
	if (!e.negated && strcasecmp(e.name, "none") == 0) {
		return true;
	}
	return e.negated && strcasecmp(e.name, "any") == 0;
}

/* Views: unique (name, class) pairs; zones must all be in views once any
 * view exists. */
static void
check_views(check_ctx_t *ctx) {
	const conf_stmt_t *first = check_top(ctx, "view");

	if (first == NULL) {
		check_scope_t scope = {NULL, NULL, "_default", 1};
		check_zones(ctx, &scope, ctx->top);
		return;
	}
	const conf_stmt_t *z = check_top(ctx, "zone");
	if (z != NULL) {
		check_error(ctx, &z->loc,
		            "when using 'view' statements, all zones must be "
		            "in views");
	}
	for (const conf_stmt_t *v = first; v != NULL; v = conf_stmt_findnext(v))
	{
		check_scope_t scope = {conf_stmt_block(v), v, check_arg(v, 0),
		                       1};
		const char *cls = NULL;
		const conf_value_t *a1 = check_argv(v, 1);
		if (a1 != NULL && a1->kind != CONF_V_BLOCK) {
			cls = a1->text;
		}
		if (scope.name == NULL || scope.view == NULL) {
			continue;
		}
		if (cls != NULL && check_class(cls, &scope.rclass) != R_OK) {
			check_error(ctx, &v->loc, "unknown class '%s'", cls);
			continue;
		}
		for (const conf_stmt_t *p = first; p != v;
		     p = conf_stmt_findnext(p)) {
			const char *pn = check_arg(p, 0);
			uint16_t pc = 1;
			const conf_value_t *p1 = check_argv(p, 1);
			if (p1 != NULL && p1->kind != CONF_V_BLOCK) {
				(void)check_class(p1->text, &pc);
			}
			if (pn != NULL && strcmp(pn, scope.name) == 0 &&
			    pc == scope.rclass) {
				check_error(ctx, &v->loc,
				            "view '%s': already exists "
				            "previous definition: %s:%u",
				            scope.name, p->loc.file,
				            p->loc.line);
				break;
			}
		}
		if (scope.rclass != 1 &&
		    check_bool(conf_block_find(scope.view, "recursion"), true))
		{
			check_warning(ctx, &v->loc,
			              "recursion will be disabled for non-IN "
			              "view '%s'",
			              scope.name);
		}
		check_options_block(ctx, scope.view, &scope, LEVEL_VIEW);
		check_keys(ctx, scope.view, scope.view);
		check_trust_anchors(ctx, scope.view);
		check_zones(ctx, &scope, scope.view);
	}
}

result_t
conf_check_ex(const conf_tree_t *tree, unsigned flags, conf_log_t log,
              void *logarg, FILE *out, FILE *err) {
	check_ctx_t ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.tree = tree;
	ctx.flags = flags;
	ctx.log = log;
	ctx.logarg = logarg;
	ctx.out = out != NULL ? out : stdout;
	ctx.err = err != NULL ? err : stderr;
	ctx.result = R_OK;
	ctx.top = tree != NULL ? tree->top : NULL;
	if (ctx.top == NULL) {
		return R_FAILURE;
	}
	ctx.options = conf_block_findblock(ctx.top, "options");

	check_toplevel_lists(&ctx);
	check_acls(&ctx);
	check_remote_lists(&ctx);
	check_keys(&ctx, ctx.top, NULL);
	check_trust_anchors(&ctx, ctx.top);
	check_controls(&ctx);
	check_logging(&ctx);
	if (ctx.options != NULL) {
		check_scope_t scope = {NULL, NULL, "_default", 1};
		check_options_block(&ctx, ctx.options, &scope, LEVEL_OPTIONS);
	}
	check_views(&ctx);
	check_zones_global(&ctx);
	check_kasps(&ctx); /* BIND reports policy problems after zones */

	if (ctx.result == R_OK && (flags & CHECK_LOADZONES) != 0) {
		check_load_zones(&ctx);
	}
	return ctx.result;
}

result_t
conf_check(const conf_tree_t *tree, unsigned flags, conf_log_t log,
           void *logarg) {
	return conf_check_ex(tree, flags, log, logarg, stdout, stderr);
}
