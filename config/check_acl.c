/*
 * check_acl.c - acl statements and address-match-list references.
 *
 * BIND 9.18 resolves ACL names only for the options it compiles while
 * checking (the view-level query/recursion/listen/sortlist lists, dns64,
 * rate-limit, controls, statistics-channels); zone-level and transfer or
 * update lists are resolved later by named itself, so named-checkconf
 * accepts unknown names there.  We report exactly where BIND reports.
 */
#include <string.h>
#include <strings.h>

#include "config/check_int.h"

static const char *const builtin_acls[] = {"any", "none", "localhost",
                                           "localnets"};

static bool
is_builtin(const char *name) {
	for (size_t i = 0; i < sizeof(builtin_acls) / sizeof(builtin_acls[0]);
	     i++) {
		if (strcasecmp(name, builtin_acls[i]) == 0) {
			return true;
		}
	}
	return false;
}

void
check_acls(check_ctx_t *ctx) {
	for (const conf_stmt_t *s = check_top(ctx, "acl"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const char *name = check_arg(s, 0);
		if (name == NULL) {
			continue;
		}
		if (is_builtin(name)) {
			check_error(ctx, &s->loc,
			            "attempt to redefine builtin acl '%s'",
			            name);
			continue;
		}
		for (const conf_stmt_t *p = check_top(ctx, "acl"); p != s;
		     p = conf_stmt_findnext(p))
		{
			const char *pn = check_arg(p, 0);
			if (pn != NULL && strcasecmp(pn, name) == 0) {
				check_error(ctx, &s->loc,
				            "attempt to redefine acl '%s' "
				            "previous definition: %s:%u",
				            name, p->loc.file, p->loc.line);
				break;
			}
		}
	}
}

static const conf_stmt_t *
find_acl(const check_ctx_t *ctx, const char *name) {
	for (const conf_stmt_t *s = check_top(ctx, "acl"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const char *n = check_arg(s, 0);
		if (n != NULL && strcasecmp(n, name) == 0) {
			return s;
		}
	}
	return NULL;
}

/*
 * "geoip [db NAME] FIELD VALUE": BIND 9.18 is built with GeoIP2 (MaxMind
 * DB), which has no area code or netspeed data, only five databases, and
 * two-letter country codes.
 */
static void
check_geoip(check_ctx_t *ctx, const conf_stmt_t *s) {
	static const char *const dbs[] = {"country", "city", "asnum", "isp",
	                                  "domain"};
	static const char *const unavailable[] = {"area", "areacode",
	                                          "netspeed"};
	size_t i = 0;
	const char *w = check_arg(s, i);
	if (w != NULL && strcasecmp(w, "db") == 0) {
		const char *db = check_arg(s, 1);
		bool known = false;
		for (size_t k = 0; db != NULL && k < 5; k++) {
			known = known || strcasecmp(db, dbs[k]) == 0;
		}
		if (db != NULL && !known) {
			check_error(ctx, &s->loc,
			            "database '%s' is not defined for GeoIP2",
			            db);
			return;
		}
		i = 2;
	}
	const char *field = check_arg(s, i);
	const char *value = check_arg(s, i + 1);
	if (field == NULL) {
		return;
	}
	for (size_t k = 0; k < 3; k++) {
		if (strcasecmp(field, unavailable[k]) == 0) {
			check_error(ctx, &s->loc,
			            "type '%s' is unavailable in GeoIP2 "
			            "databases",
			            field);
			return;
		}
	}
	if (strcasecmp(field, "country") == 0 && value != NULL &&
	    strlen(value) == 3) {
		check_error(ctx, &s->loc,
		            "three-letter country codes are unavailable in "
		            "GeoIP2 databases");
	}
}

static void
aml_walk(check_ctx_t *ctx, const conf_block_t *aml, unsigned depth) {
	if (aml == NULL || depth > 32) {
		return; /* depth bound: "acl a { a; };" is legal */
	}
	for (const conf_stmt_t *s = aml->first; s != NULL; s = s->next) {
		conf_aml_elem_t e;
		if (conf_aml_elem(s, &e) != R_OK) {
			continue; /* the parser has reported it */
		}
		if (e.kind == CONF_AML_GEOIP) {
			check_geoip(ctx, s);
		} else if (e.kind == CONF_AML_NESTED) {
			aml_walk(ctx, e.nested, depth + 1);
		} else if (e.kind == CONF_AML_NAME && !is_builtin(e.name)) {
			const conf_stmt_t *acl = find_acl(ctx, e.name);
			if (acl == NULL) {
				check_error(ctx, &s->loc, "undefined ACL '%s'",
				            e.name);
			} else {
				aml_walk(ctx, conf_stmt_block(acl), depth + 1);
			}
		}
	}
}

void
check_aml_block(check_ctx_t *ctx, const conf_block_t *aml,
                const conf_block_t *view) {
	(void)view;
	aml_walk(ctx, aml, 0);
}

/* The options whose lists BIND compiles while checking a view. */
static const char *const checked_aml[] = {
        "allow-query",        "allow-query-on",
        "allow-query-cache",  "allow-query-cache-on",
        "allow-recursion",    "allow-recursion-on",
        "blackhole",          "keep-response-order",
        "listen-on",          "listen-on-v6",
        "sortlist",           "match-clients",
        "match-destinations",
};

void
check_aml_options(check_ctx_t *ctx, const conf_block_t *blk,
                  const conf_block_t *view) {
	for (size_t i = 0; i < sizeof(checked_aml) / sizeof(checked_aml[0]);
	     i++) {
		for (const conf_stmt_t *s =
		             conf_block_find(blk, checked_aml[i]);
		     s != NULL; s = conf_stmt_findnext(s))
		{
			check_aml_block(ctx, conf_stmt_block(s), view);
		}
	}
	for (const conf_stmt_t *s = conf_block_find(blk, "dns64"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const conf_block_t *b = conf_stmt_block(s);
		static const char *const sub[] = {"clients", "mapped",
		                                  "exclude"};
		for (size_t i = 0; i < 3; i++) {
			check_aml_block(ctx, conf_block_findblock(b, sub[i]),
			                view);
		}
	}
	const conf_block_t *rl = conf_block_findblock(blk, "rate-limit");
	if (rl != NULL) {
		check_aml_block(ctx, conf_block_findblock(rl, "exempt-clients"),
		                view);
	}
}
