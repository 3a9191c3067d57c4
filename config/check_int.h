/*
 * check_int.h - shared state and helpers of the named-checkconf checks
 * (check*.c).  Not a public interface: only config/check*.c include it.
 *
 * A check_ctx_t is one run of conf_check(): it carries the tree, the
 * logger and the sticky result (the first error).  A check_scope_t is one
 * view (or the implicit default view when there is no view statement): the
 * view's block (NULL for the default view), its class, and the options
 * block, so option lookups walk zone -> view -> options like named does.
 */
#ifndef BINDERY_CONFIG_CHECK_INT_H
#define BINDERY_CONFIG_CHECK_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config/ast.h"
#include "zones/name.h"
#include "zones/result.h"

typedef struct check_ctx {
	const conf_tree_t *tree;
	unsigned flags;
	conf_log_t log;
	void *logarg;
	FILE *out;       /* -z zone lines and loader messages (stdout) */
	FILE *err;       /* -z failure summaries (stderr) */
	result_t result; /* R_OK or the first error */
	const conf_block_t *top;     /* top-level statements */
	const conf_block_t *options; /* options { } or NULL */
} check_ctx_t;

typedef struct check_scope {
	const conf_block_t *view; /* view block, NULL for the default view */
	const conf_stmt_t *vstmt; /* view statement, NULL for the default */
	const char *name;         /* view name, "_default" */
	uint16_t rclass;          /* view class (1 = IN) */
} check_scope_t;

/* Zone types as bits, so option tables can say where a clause is valid. */
enum {
	CZ_PRIMARY = 0x001,
	CZ_SECONDARY = 0x002,
	CZ_MIRROR = 0x004,
	CZ_FORWARD = 0x008,
	CZ_HINT = 0x010,
	CZ_REDIRECT = 0x020,
	CZ_STATICSTUB = 0x040,
	CZ_STUB = 0x080,
	CZ_DELEGATION = 0x100,
	CZ_INVIEW = 0x200,
};

/* ---- reporting (check.c) ---- */

/* Logs an error at loc (may be NULL) and records R_FAILURE. */
void check_error(check_ctx_t *ctx, const conf_loc_t *loc, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Logs a warning; the result is not changed. */
void check_warning(check_ctx_t *ctx, const conf_loc_t *loc, const char *fmt,
                   ...) __attribute__((format(printf, 3, 4)));

/* Records r as the result if none is recorded yet (no message). */
void check_fail(check_ctx_t *ctx, result_t r);

/* ---- tree helpers (check.c) ---- */

/* Text of argument i of s (word or string), or NULL. */
const char *check_arg(const conf_stmt_t *s, size_t i);

/* Argument i's value, or NULL. */
const conf_value_t *check_argv(const conf_stmt_t *s, size_t i);

/* Looks an option up: zone block, then view block, then options block.
 * Any of them may be NULL. */
const conf_stmt_t *check_lookup(const check_ctx_t *ctx,
                                const conf_block_t *zone,
                                const conf_block_t *view, const char *name);

/* Same as check_lookup() without the zone level. */
const conf_stmt_t *check_lookup_view(const check_ctx_t *ctx,
                                     const conf_block_t *view,
                                     const char *name);

/* Boolean value of option s's first argument; def when s is NULL or the
 * argument is not a boolean. */
bool check_bool(const conf_stmt_t *s, bool def);

/* Parses a name (relative names are taken as absolute). */
result_t check_name(const char *text, name_t *out);

/* Class mnemonic (IN, CH, HS, CHAOS, HESIOD, ANY, CLASSnnn) to number. */
result_t check_class(const char *text, uint16_t *out);

/* Zone type bit of a zone block's "type" (synonyms master/slave), 0 when
 * absent or unknown. */
unsigned check_zonetype(const conf_block_t *zone);

/* The top-level statements named name (from ctx->top). */
const conf_stmt_t *check_top(const check_ctx_t *ctx, const char *name);

/* True if a top-level named list (kind "acl", "primaries"/"masters",
 * "parental-agents", "tls", "http", "dnssec-policy", "key") called name
 * exists.  Key names are also looked up in the view block when given. */
bool check_defined(const check_ctx_t *ctx, const char *kind, const char *name,
                   const conf_block_t *view);

/* True if an address-match-list block is exactly "none" / "!any". */
bool check_aml_isnone(const conf_block_t *aml);

/*
 * A small hash map from byte strings to pointers, so duplicate checks over
 * many zones stay linear (a 100,000-zone configuration is normal for a
 * hosting provider).  Keys are copied.
 */
typedef struct check_hash check_hash_t;

check_hash_t *check_hash_create(void);
void check_hash_destroy(check_hash_t *h);
/* Returns the value already stored under key, or stores value and returns
 * NULL.  Out of memory aborts (STYLE.md). */
void *check_hash_add(check_hash_t *h, const void *key, size_t len, void *value);
/* The value stored under key, or NULL. */
void *check_hash_find(const check_hash_t *h, const void *key, size_t len);

/* ---- the checks, one topic per file ---- */

/* check_acl.c: acl statements and every address-match-list reference. */
void check_acls(check_ctx_t *ctx);
void check_aml_block(check_ctx_t *ctx, const conf_block_t *aml,
                     const conf_block_t *view);
void check_aml_options(check_ctx_t *ctx, const conf_block_t *blk,
                       const conf_block_t *view);

/* check_key.c: key, trust anchors, controls, server keys. */
void check_keys(check_ctx_t *ctx, const conf_block_t *blk,
                const conf_block_t *view);
void check_trust_anchors(check_ctx_t *ctx, const conf_block_t *blk);
void check_controls(check_ctx_t *ctx);

/* check_logging.c */
void check_logging(check_ctx_t *ctx);

/* check_options.c: options/view level clauses (ranges, combinations). */
enum { LEVEL_OPTIONS, LEVEL_VIEW, LEVEL_ZONE };
void check_options_block(check_ctx_t *ctx, const conf_block_t *blk,
                         const check_scope_t *scope, int level);
void check_toplevel_lists(check_ctx_t *ctx);

/* check_remote.c: primaries/also-notify/parental-agents lists. */
void check_remote_lists(check_ctx_t *ctx);
/* Checks the list in s and returns how many addresses it resolves to. */
size_t check_remote_ref(check_ctx_t *ctx, const conf_stmt_t *s,
                        const char *kind, const conf_block_t *view);

/* check_zone.c */
void check_zones(check_ctx_t *ctx, const check_scope_t *scope,
                 const conf_block_t *zones_in);
void check_zones_global(check_ctx_t *ctx);

/* check_updatepolicy.c */
void check_update_policy(check_ctx_t *ctx, const conf_stmt_t *up);

/* check_kasp.c: dnssec-policy statements. */
void check_kasps(check_ctx_t *ctx);

/* check_load.c: -z */
void check_load_zones(check_ctx_t *ctx);

#endif
