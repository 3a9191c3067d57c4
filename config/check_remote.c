/*
 * check_remote.c - server lists: primaries (masters), parental-agents and
 * also-notify.  An element is either an address (with optional port, key
 * and tls) or the name of a top-level list of the same kind, which is then
 * followed (BIND only resolves lists when a zone uses them, so unused
 * lists with dangling names are accepted, as there).
 */
#include <string.h>
#include <strings.h>

#include "config/check_int.h"

static bool
tls_defined(const check_ctx_t *ctx, const char *name) {
	/* "ephemeral" is built in; "none" (plain DNS) only makes sense on
	 * listen-on, not for a server we talk to. */
	if (strcasecmp(name, "ephemeral") == 0) {
		return true;
	}
	return check_defined(ctx, "tls", name, NULL);
}

static const conf_stmt_t *
find_list(const check_ctx_t *ctx, const char *kind, const char *name) {
	static const char *const primaries[] = {"primaries", "masters", NULL};
	static const char *const agents[] = {"parental-agents", NULL};
	const char *const *kinds =
	        strcmp(kind, "parental-agents") == 0 ? agents : primaries;
	for (size_t k = 0; kinds[k] != NULL; k++) {
		for (const conf_stmt_t *s = check_top(ctx, kinds[k]); s != NULL;
		     s = conf_stmt_findnext(s))
		{
			const char *n = check_arg(s, 0);
			if (n != NULL && strcasecmp(n, name) == 0) {
				return s;
			}
		}
	}
	return NULL;
}

static size_t
walk_list(check_ctx_t *ctx, const conf_block_t *b, const char *kind,
          const conf_block_t *view, unsigned depth) {
	size_t n = 0;
	if (b == NULL || depth > 16) {
		return 1; /* lists naming each other: BIND accepts loops too */
	}
	for (const conf_stmt_t *e = b->first; e != NULL; e = e->next) {
		conf_addr_t addr;
		if (e->name == NULL) {
			continue;
		}
		const conf_value_t *tls = conf_stmt_keyword(e, "tls");
		name_t tn;
		if (tls != NULL && tls->kind != CONF_V_BLOCK &&
		    check_name(tls->text, &tn) != R_OK)
		{
			check_error(ctx, &tls->loc, "'%s' is not a valid name",
			            tls->text);
		} else if (tls != NULL && tls->kind != CONF_V_BLOCK &&
		           !tls_defined(ctx, tls->text))
		{
			check_error(ctx, &tls->loc, "tls '%s' is not defined",
			            tls->text);
		}
		if (conf_value_address(&e->values[0], &addr) == R_OK) {
			n++;
			continue;
		}
		const conf_stmt_t *list = find_list(ctx, kind, e->name);
		if (list == NULL) {
			check_error(ctx, &e->loc, "unable to find %s list '%s'",
			            kind, e->name);
			n++; /* reported; do not also call it empty */
			continue;
		}
		n += walk_list(ctx, conf_stmt_block(list), kind, view,
		               depth + 1);
	}
	return n;
}

size_t
check_remote_ref(check_ctx_t *ctx, const conf_stmt_t *s, const char *kind,
                 const conf_block_t *view) {
	return walk_list(ctx, conf_stmt_block(s), kind, view, 0);
}

static bool
kind_in(const conf_stmt_t *s, const char *const *kinds) {
	for (size_t k = 0; kinds[k] != NULL; k++) {
		if (s->name != NULL && strcasecmp(s->name, kinds[k]) == 0) {
			return true;
		}
	}
	return false;
}

/* Reports a list defined twice, in file order (the top block keeps the
 * order statements were read in, includes expanded). */
static void
check_dup_lists(check_ctx_t *ctx, const char *const *kinds) {
	for (const conf_stmt_t *s = ctx->top->first; s != NULL; s = s->next) {
		const char *n = check_arg(s, 0);
		if (!kind_in(s, kinds) || n == NULL) {
			continue;
		}
		for (const conf_stmt_t *p = ctx->top->first; p != s;
		     p = p->next) {
			const char *pn = check_arg(p, 0);
			if (kind_in(p, kinds) && pn != NULL &&
			    strcasecmp(pn, n) == 0) {
				check_error(ctx, &s->loc,
				            "%s list '%s' is duplicated: also "
				            "defined at %s:%u",
				            s->name, n, p->loc.file,
				            p->loc.line);
				break;
			}
		}
	}
}

void
check_remote_lists(check_ctx_t *ctx) {
	static const char *const primaries[] = {"primaries", "masters", NULL};
	static const char *const agents[] = {"parental-agents", NULL};
	check_dup_lists(ctx, primaries);
	check_dup_lists(ctx, agents);
}
