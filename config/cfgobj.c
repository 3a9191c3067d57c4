/*
 * cfgobj.c - typed configuration objects (see cfgobj.h).
 *
 * The objects index the checked tree rather than copying every option:
 * views and zones keep their blocks, and option lookups walk the blocks in
 * inheritance order.  Built-in defaults come from the clause table as
 * named.conf text, parsed once per cfg_t into a private "options" block,
 * so defaults and user values go through the same parser and getters.
 */
#include "config/cfgobj.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/schema.h"

struct cfg_zone {
	name_t name;
	cfg_zonetype_t type;
	const conf_block_t *blk;
	const cfg_view_t *view;
	const cfg_t *cfg;
};

struct cfg_view {
	char *name;
	uint16_t rclass;
	const conf_block_t *blk; /* NULL for the implicit default view */
	cfg_zone_t *zones;
	size_t nzones;
	uint32_t *index; /* open addressing by name_hash: zone number + 1 */
	size_t icap;     /* power of two, > 2 * nzones */
	const cfg_t *cfg;
};

struct cfg {
	const conf_tree_t *tree;
	const conf_block_t *options;
	conf_tree_t *deftree;
	const conf_block_t *defaults;
	cfg_view_t *views;
	size_t nviews;
	cfg_key_t *keys;
	size_t nkeys;
};

static void
quiet_log(void *arg, conf_sev_t sev, const char *file, unsigned line,
          const char *msg) {
	(void)arg, (void)sev, (void)file, (void)line, (void)msg;
}

/* Parses every options default of the clause table as one block. */
static void
build_defaults(cfg_t *cfg) {
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	if (buf == NULL) {
		return;
	}
	len += (size_t)snprintf(buf, cap, "options {\n");
	for (unsigned i = 0; i < schema_nclauses; i++) {
		const conf_clause_t *c = &schema_clauses[i];
		if (c->deflt == NULL || (c->ctxs & CTXBIT(CTX_OPTIONS)) == 0) {
			continue;
		}
		size_t need = strlen(c->name) + strlen(c->deflt) + 8;
		if (len + need + 8 > cap) {
			cap = (cap + need) * 2;
			char *nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				return;
			}
			buf = nb;
		}
		len += (size_t)snprintf(buf + len, cap - len, "%s %s;\n",
		                        c->name, c->deflt);
	}
	len += (size_t)snprintf(buf + len, cap - len, "};\n");
	if (conf_parse_buffer(buf, len, "<defaults>", CONF_GRAMMAR_NAMED, false,
	                      &cfg->deftree, quiet_log, NULL) == R_OK)
	{
		cfg->defaults =
		        conf_block_findblock(cfg->deftree->top, "options");
	}
	free(buf);
}

static int
b64val(int c) {
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
	                               "nopqrstuvwxyz0123456789+/";
	const char *p = c != 0 ? strchr(alphabet, c) : NULL;
	return p != NULL ? (int)(p - alphabet) : -1;
}

static result_t
b64decode(const char *s, uint8_t *out, size_t max, size_t *outlen) {
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t n = 0;
	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s) || *s == '=') {
			continue;
		}
		int v = b64val(*s);
		if (v < 0) {
			return R_BADBASE64;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == max) {
				return R_NOSPACE;
			}
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	*outlen = n;
	return R_OK;
}

static result_t
parse_name(const char *text, name_t *out) {
	name_t root;
	name_init_root(&root);
	size_t len = strlen(text);
	if (len == 0) {
		return R_UNEXPECTEDEND;
	}
	return name_fromtext(out, text, len, &root);
}

static const char *
arg0(const conf_stmt_t *s) {
	const conf_value_t *v = s != NULL ? conf_stmt_arg(s, 0) : NULL;
	return v != NULL && v->kind != CONF_V_BLOCK ? v->text : NULL;
}

static result_t
add_keys(cfg_t *cfg, const conf_block_t *blk, const cfg_view_t *view) {
	for (const conf_stmt_t *s = conf_block_find(blk, "key"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const char *n = arg0(s);
		const conf_block_t *b = conf_stmt_block(s);
		const char *alg = arg0(conf_block_find(b, "algorithm"));
		const char *sec = arg0(conf_block_find(b, "secret"));
		if (n == NULL || alg == NULL || sec == NULL) {
			continue;
		}
		cfg_key_t *nk =
		        realloc(cfg->keys, (cfg->nkeys + 1) * sizeof(*nk));
		if (nk == NULL) {
			return R_NOMEMORY;
		}
		cfg->keys = nk;
		cfg_key_t *k = &cfg->keys[cfg->nkeys];
		memset(k, 0, sizeof(*k));
		if (parse_name(n, &k->name) != R_OK) {
			continue;
		}
		name_downcase(&k->name);
		size_t i = 0;
		for (; alg[i] != '\0' && i < sizeof(k->algorithm) - 1; i++) {
			k->algorithm[i] = (char)tolower((unsigned char)alg[i]);
		}
		k->algorithm[i] = '\0';
		/* "hmac-sha256-128": split off the truncation. */
		char *dash = strrchr(k->algorithm, '-');
		if (dash != NULL && isdigit((unsigned char)dash[1])) {
			k->digestbits = (unsigned)strtoul(dash + 1, NULL, 10);
			*dash = '\0';
		}
		result_t r = b64decode(sec, k->secret, sizeof(k->secret),
		                       &k->secretlen);
		if (r != R_OK) {
			return r;
		}
		k->view = view;
		cfg->nkeys++;
	}
	return R_OK;
}

static cfg_zonetype_t
zonetype(const conf_block_t *zb) {
	static const struct {
		const char *w;
		cfg_zonetype_t t;
	} types[] = {
	        {"primary", CFG_ZONE_PRIMARY},
	        {"master", CFG_ZONE_PRIMARY},
	        {"secondary", CFG_ZONE_SECONDARY},
	        {"slave", CFG_ZONE_SECONDARY},
	        {"mirror", CFG_ZONE_MIRROR},
	        {"stub", CFG_ZONE_STUB},
	        {"static-stub", CFG_ZONE_STATICSTUB},
	        {"forward", CFG_ZONE_FORWARD},
	        {"hint", CFG_ZONE_HINT},
	        {"redirect", CFG_ZONE_REDIRECT},
	        {"delegation-only", CFG_ZONE_DELEGATION},
	};
	const char *t = arg0(conf_block_find(zb, "type"));
	for (size_t i = 0; t != NULL && i < sizeof(types) / sizeof(types[0]);
	     i++) {
		if (strcasecmp(t, types[i].w) == 0) {
			return types[i].t;
		}
	}
	return CFG_ZONE_INVIEW;
}

/* Builds the name index so cfg_zone_find() is O(1) with many zones. */
static result_t
index_zones(cfg_view_t *v) {
	size_t cap = 16;
	while (cap < 2 * v->nzones + 1) {
		cap *= 2;
	}
	v->index = calloc(cap, sizeof(*v->index));
	if (v->index == NULL) {
		return R_NOMEMORY;
	}
	v->icap = cap;
	for (size_t i = 0; i < v->nzones; i++) {
		size_t j = name_hash(&v->zones[i].name) & (cap - 1);
		while (v->index[j] != 0) {
			j = (j + 1) & (cap - 1);
		}
		v->index[j] = (uint32_t)i + 1;
	}
	return R_OK;
}

static result_t
add_zones(cfg_view_t *v, const conf_block_t *blk) {
	size_t count = conf_block_countname(blk, "zone");
	v->zones = calloc(count > 0 ? count : 1, sizeof(*v->zones));
	if (v->zones == NULL) {
		return R_NOMEMORY;
	}
	for (const conf_stmt_t *s = conf_block_find(blk, "zone"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		cfg_zone_t *z = &v->zones[v->nzones];
		const char *n = arg0(s);
		if (n == NULL || parse_name(n, &z->name) != R_OK) {
			continue;
		}
		z->blk = conf_stmt_block(s);
		z->type = zonetype(z->blk);
		z->view = v;
		z->cfg = v->cfg;
		v->nzones++;
	}
	return index_zones(v);
}

static uint16_t
view_class(const conf_stmt_t *s) {
	const conf_value_t *c = conf_stmt_arg(s, 1);
	if (c == NULL || c->kind == CONF_V_BLOCK) {
		return 1;
	}
	if (strcasecmp(c->text, "CH") == 0 || strcasecmp(c->text, "CHAOS") == 0)
	{
		return 3;
	}
	if (strcasecmp(c->text, "HS") == 0 ||
	    strcasecmp(c->text, "HESIOD") == 0) {
		return 4;
	}
	if (strcasecmp(c->text, "ANY") == 0) {
		return 255;
	}
	return 1;
}

result_t
cfg_build(const conf_tree_t *tree, cfg_t **out) {
	cfg_t *cfg = calloc(1, sizeof(*cfg));
	result_t r = R_OK;
	if (cfg == NULL) {
		return R_NOMEMORY;
	}
	cfg->tree = tree;
	cfg->options = conf_block_findblock(tree->top, "options");
	build_defaults(cfg);

	size_t nv = conf_block_countname(tree->top, "view");
	cfg->views = calloc(nv > 0 ? nv : 1, sizeof(*cfg->views));
	if (cfg->views == NULL) {
		cfg_free(&cfg);
		return R_NOMEMORY;
	}
	if (nv == 0) {
		cfg_view_t *v = &cfg->views[0];
		v->name = strdup("_default");
		v->rclass = 1;
		v->cfg = cfg;
		cfg->nviews = 1;
		if (v->name == NULL) {
			r = R_NOMEMORY;
		} else {
			r = add_zones(v, tree->top);
		}
	}
	for (const conf_stmt_t *s = conf_block_find(tree->top, "view");
	     s != NULL && r == R_OK; s = conf_stmt_findnext(s))
	{
		cfg_view_t *v = &cfg->views[cfg->nviews];
		const char *n = arg0(s);
		v->name = strdup(n != NULL ? n : "");
		v->rclass = view_class(s);
		v->blk = conf_stmt_block(s);
		v->cfg = cfg;
		cfg->nviews++;
		if (v->name == NULL) {
			r = R_NOMEMORY;
			break;
		}
		r = add_zones(v, v->blk);
		if (r == R_OK) {
			r = add_keys(cfg, v->blk, v);
		}
	}
	if (r == R_OK) {
		r = add_keys(cfg, tree->top, NULL);
	}
	if (r != R_OK) {
		cfg_free(&cfg);
		return r;
	}
	*out = cfg;
	return R_OK;
}

void
cfg_free(cfg_t **cfgp) {
	cfg_t *cfg = *cfgp;
	*cfgp = NULL;
	if (cfg == NULL) {
		return;
	}
	for (size_t i = 0; i < cfg->nviews; i++) {
		free(cfg->views[i].name);
		free(cfg->views[i].zones);
		free(cfg->views[i].index);
	}
	free(cfg->views);
	free(cfg->keys);
	if (cfg->deftree != NULL) {
		conf_tree_free(&cfg->deftree);
	}
	free(cfg);
}

size_t
cfg_view_count(const cfg_t *cfg) {
	return cfg->nviews;
}

const cfg_view_t *
cfg_view_at(const cfg_t *cfg, size_t i) {
	return i < cfg->nviews ? &cfg->views[i] : NULL;
}

const cfg_view_t *
cfg_view_find(const cfg_t *cfg, const char *name, uint16_t rclass) {
	for (size_t i = 0; i < cfg->nviews; i++) {
		if (strcmp(cfg->views[i].name, name) == 0 &&
		    cfg->views[i].rclass == rclass) {
			return &cfg->views[i];
		}
	}
	return NULL;
}

const char *
cfg_view_name(const cfg_view_t *v) {
	return v->name;
}

uint16_t
cfg_view_class(const cfg_view_t *v) {
	return v->rclass;
}

size_t
cfg_zone_count(const cfg_view_t *v) {
	return v->nzones;
}

const cfg_zone_t *
cfg_zone_at(const cfg_view_t *v, size_t i) {
	return i < v->nzones ? &v->zones[i] : NULL;
}

const cfg_zone_t *
cfg_zone_find(const cfg_view_t *v, const name_t *name) {
	if (v->icap == 0) {
		return NULL;
	}
	/* The first definition wins, as it is the one conf_check accepts;
	 * probing from the hash slot meets zones in insertion order. */
	size_t j = name_hash(name) & (v->icap - 1);
	while (v->index[j] != 0) {
		const cfg_zone_t *z = &v->zones[v->index[j] - 1];
		if (name_equal(&z->name, name)) {
			return z;
		}
		j = (j + 1) & (v->icap - 1);
	}
	return NULL;
}

const name_t *
cfg_zone_name(const cfg_zone_t *z) {
	return &z->name;
}

cfg_zonetype_t
cfg_zone_type(const cfg_zone_t *z) {
	return z->type;
}

const cfg_view_t *
cfg_zone_view(const cfg_zone_t *z) {
	return z->view;
}

const char *
cfg_zone_file(const cfg_zone_t *z) {
	return arg0(conf_block_find(z->blk, "file"));
}

size_t
cfg_key_count(const cfg_t *cfg) {
	return cfg->nkeys;
}

const cfg_key_t *
cfg_key_at(const cfg_t *cfg, size_t i) {
	return i < cfg->nkeys ? &cfg->keys[i] : NULL;
}

const cfg_key_t *
cfg_key_find(const cfg_t *cfg, const cfg_view_t *view, const name_t *name) {
	const cfg_key_t *global = NULL;
	for (size_t i = 0; i < cfg->nkeys; i++) {
		const cfg_key_t *k = &cfg->keys[i];
		if (!name_equal(&k->name, name)) {
			continue;
		}
		if (view != NULL && k->view == view) {
			return k;
		}
		if (k->view == NULL && global == NULL) {
			global = k;
		}
	}
	return global;
}

const conf_stmt_t *
cfg_view_option(const cfg_view_t *v, const char *name) {
	const conf_stmt_t *s = NULL;
	if (v->blk != NULL) {
		s = conf_block_find(v->blk, name);
	}
	if (s == NULL && v->cfg->options != NULL) {
		s = conf_block_find(v->cfg->options, name);
	}
	if (s == NULL && v->cfg->defaults != NULL) {
		s = conf_block_find(v->cfg->defaults, name);
	}
	return s;
}

const conf_stmt_t *
cfg_zone_option(const cfg_zone_t *z, const char *name) {
	const conf_stmt_t *s = conf_block_find(z->blk, name);
	return s != NULL ? s : cfg_view_option(z->view, name);
}

static result_t
stmt_bool(const conf_stmt_t *s, bool *out) {
	const conf_value_t *v = s != NULL ? conf_stmt_arg(s, 0) : NULL;
	if (v == NULL) {
		return R_NOTFOUND;
	}
	return conf_value_boolean(v, out) == R_OK ? R_OK : R_SYNTAX;
}

result_t
cfg_zone_bool(const cfg_zone_t *z, const char *name, bool *out) {
	return stmt_bool(cfg_zone_option(z, name), out);
}

result_t
cfg_view_bool(const cfg_view_t *v, const char *name, bool *out) {
	return stmt_bool(cfg_view_option(v, name), out);
}

result_t
cfg_zone_uint(const cfg_zone_t *z, const char *name, uint64_t *out) {
	const conf_stmt_t *s = cfg_zone_option(z, name);
	const conf_value_t *v = s != NULL ? conf_stmt_arg(s, 0) : NULL;
	if (v == NULL) {
		return R_NOTFOUND;
	}
	return conf_value_uint(v, out) == R_OK ? R_OK : R_SYNTAX;
}

result_t
cfg_zone_duration(const cfg_zone_t *z, const char *name, uint32_t *out) {
	const conf_stmt_t *s = cfg_zone_option(z, name);
	const conf_value_t *v = s != NULL ? conf_stmt_arg(s, 0) : NULL;
	if (v == NULL) {
		return R_NOTFOUND;
	}
	return conf_value_duration(v, out) == R_OK ? R_OK : R_SYNTAX;
}

const char *
cfg_zone_text(const cfg_zone_t *z, const char *name) {
	return arg0(cfg_zone_option(z, name));
}

/* ---- ACL compilation ---- */

typedef struct {
	const cfg_t *cfg;
	acl_t *localhost, *localnets;
} aclenv_t;

static result_t compile_aml(const aclenv_t *env, const conf_block_t *aml,
                            acl_t *acl, unsigned depth);

static result_t
compile_name(const aclenv_t *env, const conf_aml_elem_t *e, acl_t *acl,
             unsigned depth) {
	const cfg_t *cfg = env->cfg;
	if (strcasecmp(e->name, "any") == 0 || strcasecmp(e->name, "none") == 0)
	{
		return acl_add_text(acl, e->negated, e->name);
	}
	if (strcasecmp(e->name, "localhost") == 0 && env->localhost != NULL) {
		return acl_add_nested(acl, e->negated, env->localhost);
	}
	if (strcasecmp(e->name, "localnets") == 0 && env->localnets != NULL) {
		return acl_add_nested(acl, e->negated, env->localnets);
	}
	acl_t *inner;
	result_t r = acl_create(&inner);
	if (r != R_OK) {
		return r;
	}
	/* localhost/localnets stay empty: the server knows its interfaces. */
	if (strcasecmp(e->name, "localhost") != 0 &&
	    strcasecmp(e->name, "localnets") != 0)
	{
		for (const conf_stmt_t *s =
		             conf_block_find(cfg->tree->top, "acl");
		     s != NULL; s = conf_stmt_findnext(s))
		{
			const char *n = arg0(s);
			if (n != NULL && strcasecmp(n, e->name) == 0) {
				r = compile_aml(env, conf_stmt_block(s), inner,
				                depth + 1);
				break;
			}
		}
	}
	if (r == R_OK) {
		r = acl_add_nested(acl, e->negated, inner);
	}
	acl_detach(&inner);
	return r;
}

static result_t
compile_aml(const aclenv_t *env, const conf_block_t *aml, acl_t *acl,
            unsigned depth) {
	if (depth > 32) {
		return R_FAILURE; /* "acl a { a; };" cannot be compiled */
	}
	for (const conf_stmt_t *s = aml != NULL ? aml->first : NULL; s != NULL;
	     s = s->next)
	{
		conf_aml_elem_t e;
		result_t r = conf_aml_elem(s, &e);
		if (r != R_OK) {
			return r;
		}
		switch (e.kind) {
		case CONF_AML_PREFIX:
			r = acl_add_prefix(acl, e.negated, e.addr.family,
			                   e.addr.addr, e.addr.prefixlen);
			break;
		case CONF_AML_KEY: {
			name_t kn;
			r = parse_name(e.name, &kn);
			if (r == R_OK) {
				r = acl_add_key(acl, e.negated, &kn);
			}
			break;
		}
		case CONF_AML_NAME:
			r = compile_name(env, &e, acl, depth);
			break;
		case CONF_AML_NESTED: {
			acl_t *inner;
			r = acl_create(&inner);
			if (r == R_OK) {
				r = compile_aml(env, e.nested, inner,
				                depth + 1);
				if (r == R_OK) {
					r = acl_add_nested(acl, e.negated,
					                   inner);
				}
				acl_detach(&inner);
			}
			break;
		}
		case CONF_AML_GEOIP:
			r = R_NOTIMPLEMENTED;
			break;
		}
		if (r != R_OK) {
			return r;
		}
	}
	return R_OK;
}

static result_t
acl_from_stmt(const aclenv_t *env, const conf_stmt_t *s, acl_t **out) {
	acl_t *acl;
	if (s == NULL || conf_stmt_block(s) == NULL) {
		return R_NOTFOUND;
	}
	result_t r = acl_create(&acl);
	if (r != R_OK) {
		return r;
	}
	r = compile_aml(env, conf_stmt_block(s), acl, 0);
	if (r != R_OK) {
		acl_detach(&acl);
		return r;
	}
	*out = acl;
	return R_OK;
}

result_t
cfg_zone_acl_env(const cfg_zone_t *z, const char *name, acl_t *localhost,
                 acl_t *localnets, acl_t **out) {
	aclenv_t env = {z->cfg, localhost, localnets};
	return acl_from_stmt(&env, cfg_zone_option(z, name), out);
}

result_t
cfg_view_acl_env(const cfg_view_t *v, const char *name, acl_t *localhost,
                 acl_t *localnets, acl_t **out) {
	aclenv_t env = {v->cfg, localhost, localnets};
	return acl_from_stmt(&env, cfg_view_option(v, name), out);
}

result_t
cfg_zone_acl(const cfg_zone_t *z, const char *name, acl_t **out) {
	return cfg_zone_acl_env(z, name, NULL, NULL, out);
}

result_t
cfg_view_acl(const cfg_view_t *v, const char *name, acl_t **out) {
	return cfg_view_acl_env(v, name, NULL, NULL, out);
}

/* ---- equality ---- */

static bool block_equal(const conf_block_t *a, const conf_block_t *b);

static bool
stmt_equal(const conf_stmt_t *a, const conf_stmt_t *b) {
	if (a->negated != b->negated || a->nvalues != b->nvalues) {
		return false;
	}
	for (size_t i = 0; i < a->nvalues; i++) {
		const conf_value_t *va = &a->values[i], *vb = &b->values[i];
		if (va->kind != vb->kind) {
			return false;
		}
		if (va->kind == CONF_V_BLOCK) {
			if (!block_equal(va->block, vb->block)) {
				return false;
			}
		} else if (strcmp(va->text, vb->text) != 0) {
			return false;
		}
	}
	return true;
}

static bool
block_equal(const conf_block_t *a, const conf_block_t *b) {
	if (a == NULL || b == NULL) {
		return a == b;
	}
	if (a->count != b->count) {
		return false;
	}
	const conf_stmt_t *x = a->first, *y = b->first;
	for (; x != NULL && y != NULL; x = x->next, y = y->next) {
		if (!stmt_equal(x, y)) {
			return false;
		}
	}
	return x == NULL && y == NULL;
}

bool
cfg_equal(const cfg_t *a, const cfg_t *b) {
	if (a->nviews != b->nviews || a->nkeys != b->nkeys ||
	    !block_equal(a->options, b->options))
	{
		return false;
	}
	for (size_t i = 0; i < a->nkeys; i++) {
		const cfg_key_t *x = &a->keys[i], *y = &b->keys[i];
		if (!name_equal(&x->name, &y->name) ||
		    strcmp(x->algorithm, y->algorithm) != 0 ||
		    x->digestbits != y->digestbits ||
		    x->secretlen != y->secretlen ||
		    memcmp(x->secret, y->secret, x->secretlen) != 0)
		{
			return false;
		}
	}
	for (size_t i = 0; i < a->nviews; i++) {
		const cfg_view_t *x = &a->views[i], *y = &b->views[i];
		if (strcmp(x->name, y->name) != 0 || x->rclass != y->rclass ||
		    x->nzones != y->nzones || !block_equal(x->blk, y->blk))
		{
			return false;
		}
		for (size_t j = 0; j < x->nzones; j++) {
			const cfg_zone_t *zx = &x->zones[j], *zy = &y->zones[j];
			if (!name_equal(&zx->name, &zy->name) ||
			    zx->type != zy->type ||
			    !block_equal(zx->blk, zy->blk))
			{
				return false;
			}
		}
	}
	return true;
}
