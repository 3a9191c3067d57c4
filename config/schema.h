/*
 * schema.h - the clause table of named.conf and rndc.conf (BIND 9.18).
 *
 * One row per clause and syntax: where it may appear (a bit mask of
 * contexts), for zone clauses which zone types document it, its lifecycle
 * flags, its syntax in the notation of BIND's documented grammar
 * ("[ port <integer> ] { <address_match_element>; ... }") and its
 * built-in default as named.conf text (options clauses; NULL if none).
 * The syntax string is the single description of a clause: validate.c
 * checks statements against it and types their values, print.c prints
 * by those types.  A block whose body holds clauses of another context
 * is written "{ @context }".
 *
 * The rows are generated (config/schema-gen.py -> schema_rows.inc).
 */
#ifndef BINDERY_CONFIG_SCHEMA_H
#define BINDERY_CONFIG_SCHEMA_H

#include <stdint.h>

#include "config/ast.h"

typedef enum conf_ctx {
	CTX_TOP,	  /* named.conf top level */
	CTX_OPTIONS,	  /* options { } */
	CTX_VIEW,	  /* view { } */
	CTX_ZONE,	  /* zone { } (any type) */
	CTX_LOGGING,	  /* logging { } */
	CTX_CHANNEL,	  /* logging { channel { } } */
	CTX_CONTROLS,	  /* controls { } */
	CTX_STATSCHAN,	  /* statistics-channels { } */
	CTX_KEY,	  /* key { } (named.conf and rndc.conf) */
	CTX_SERVER,	  /* server { } */
	CTX_KASP,	  /* dnssec-policy { } */
	CTX_HTTP,	  /* http { } */
	CTX_TLS,	  /* tls { } */
	CTX_DLZ,	  /* dlz { } */
	CTX_DNS64,	  /* dns64 { } */
	CTX_RRL,	  /* rate-limit { } */
	CTX_RNDC_TOP,	  /* rndc.conf top level */
	CTX_RNDC_OPTIONS, /* rndc.conf options { } */
	CTX_RNDC_SERVER,  /* rndc.conf server { } */
	CTX_COUNT
} conf_ctx_t;

#define CTXBIT(c) (1u << (c))

/* Zone types a zone clause is documented for (conf_clause_t.zonetypes). */
enum {
	ZT_PRIMARY = 1 << 0,
	ZT_SECONDARY = 1 << 1,
	ZT_MIRROR = 1 << 2,
	ZT_FORWARD = 1 << 3,
	ZT_HINT = 1 << 4,
	ZT_REDIRECT = 1 << 5,
	ZT_STATICSTUB = 1 << 6,
	ZT_STUB = 1 << 7,
	ZT_DELEGATION = 1 << 8,
	ZT_INVIEW = 1 << 9,
};

/* Lifecycle and multiplicity (conf_clause_t.flags). */
enum {
	CF_MULTI = 1 << 0,	  /* may occur more than once */
	CF_DEPRECATED = 1 << 1,	  /* accepted with a warning */
	CF_OBSOLETE = 1 << 2,	  /* accepted, ignored, warned */
	CF_ANCIENT = 1 << 3,	  /* removed: "no longer exists" error */
	CF_NOTCONFIG = 1 << 4,	  /* feature not built: error */
	CF_TESTONLY = 1 << 5,	  /* for BIND's own tests */
	CF_EXPERIMENTAL = 1 << 6, /* accepted with a warning */
};

typedef struct conf_clause {
	const char *name;
	uint32_t ctxs;	    /* CTXBIT()s */
	uint32_t zonetypes; /* ZT_* (zone clauses only) */
	uint32_t flags;	    /* CF_* */
	const char *syntax; /* grammar after the name */
	const char *deflt;  /* default value text, or NULL */
} conf_clause_t;

/* The whole table and its size, in generation order. */
extern const conf_clause_t schema_clauses[];
extern const unsigned schema_nclauses;

/* The row for name (case-insensitive) allowed in ctx, or NULL. */
const conf_clause_t *schema_find(conf_ctx_t ctx, const char *name);

/* A row named name in any context (to tell "not allowed here" from
 * "unknown"), or NULL. */
const conf_clause_t *schema_find_any(const char *name);

/* The context of a block clause's body ("{ @view }"), or CTX_COUNT. */
conf_ctx_t schema_body_ctx(const conf_clause_t *c);

/* The ZT_* bit for a zone type word (primary, master, slave...), or 0. */
uint32_t schema_zonetype(const char *word);

/*
 * The order BIND's `named-checkconf -p` prints clauses of ctx in: clauses
 * are printed grouped, by increasing rank.  Unknown clauses rank last.
 */
unsigned schema_rank(conf_ctx_t ctx, const conf_clause_t *c);

/* The built-in default of an options clause (text), or NULL. */
const char *schema_default(const char *name);

/*
 * Validates every statement of the tree against the table: unknown and
 * misplaced clauses, removed ones, values that do not fit the syntax,
 * redefinitions; sets stmt->clause and each value's type.  Deprecated
 * clauses are warned about.  Returns R_OK or the first error's code after
 * logging it (validate.c).
 */
result_t schema_validate(conf_tree_t *tree, conf_grammar_t grammar,
			 conf_log_t log, void *logarg);

#endif
