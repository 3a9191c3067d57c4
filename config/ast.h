/*
 * ast.h - the parsed form of named.conf / rndc.conf: a tree of statements
 * with source locations, plus typed accessors.
 *
 * Shape.  The grammar knows only one shape, nested:
 *
 *	statement := ['!'] item+ ';'
 *	item      := word | "quoted string" | '{' statement* '}'
 *
 * so `zone "example" in { type primary; file "x"; };` is one statement whose
 * name is "zone" and whose arguments are the string "example", the word
 * "in" and a block holding two statements.  Address-match-list elements
 * (`!10/8;`, `key k;`, `{ 1.2.3.4; };`, `localhost;`) are statements too;
 * conf_aml_elem() classifies them.  A statement that starts with a block
 * (a nested list element) has name NULL.
 *
 * Types.  After parsing, the schema pass (schema.h) validates each clause
 * against BIND 9.18's clause table and records the matching entry in
 * stmt->clause; typed values are read on demand with the conf_value_*()
 * getters below, which accept exactly what the parser accepted.
 *
 * Ownership.  Everything hangs off one conf_tree_t and lives until
 * conf_tree_free().  Text is NUL-terminated and never NULL for word and
 * string values.  Location file names are interned per tree: compare them
 * by pointer or strcmp, never free them.
 *
 * Errors.  Parsing reports every problem through the caller's conf_log_t
 * as `file:line: message` pieces (file, line, message given separately so
 * the caller decides the format; BIND's wording is used in message) and
 * returns a result_t; *out is written only on success.  Warnings
 * (deprecated clauses) do not make parsing fail.
 */
#ifndef BINDERY_CONFIG_AST_H
#define BINDERY_CONFIG_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/result.h"

struct conf_clause; /* schema.h: one row of the clause table */

typedef struct conf_tree conf_tree_t;
typedef struct conf_block conf_block_t;
typedef struct conf_stmt conf_stmt_t;
typedef struct conf_value conf_value_t;

/* Where a node came from.  file is interned in the tree (never NULL). */
typedef struct conf_loc {
	const char *file;
	unsigned line;
} conf_loc_t;

typedef enum conf_vkind {
	CONF_V_WORD,   /* unquoted token: keyword, number, address, name */
	CONF_V_STRING, /* "quoted string" (quotes removed, escapes kept) */
	CONF_V_BLOCK,  /* { statement* } */
} conf_vkind_t;

/*
 * What the schema pass decided a value is (conf_value_t.type).  CONF_T_NONE
 * for values the schema does not type (unknown clauses, opaque text).
 */
typedef enum conf_type {
	CONF_T_NONE,
	CONF_T_KEYWORD,	   /* a literal word of the grammar: port, yes-words */
	CONF_T_STRING,	   /* <string>: printed quoted */
	CONF_T_QSTRING,	   /* <quoted_string> */
	CONF_T_INTEGER,	   /* <integer> */
	CONF_T_BOOLEAN,	   /* <boolean> */
	CONF_T_DURATION,   /* <duration> */
	CONF_T_SIZE,	   /* <size>, <sizeval> */
	CONF_T_PERCENT,	   /* <percentage> */
	CONF_T_FIXEDPOINT, /* <fixedpoint> */
	CONF_T_IPV4,	   /* <ipv4_address> */
	CONF_T_IPV6,	   /* <ipv6_address> */
	CONF_T_PREFIX,	   /* <netprefix>, address-match-list prefix */
	CONF_T_STAR,	   /* '*' standing for an address or port */
	CONF_T_CLASS,	   /* <class> */
	CONF_T_WORD,	   /* severity, facility, rrtype: printed bare */
	CONF_T_AML,	   /* block: address match list */
	CONF_T_LIST,	   /* block: list of elements */
	CONF_T_MAP,	   /* block: clauses of a sub-context */
	CONF_T_TEXT,	   /* block: unspecified text, kept verbatim */
} conf_type_t;

struct conf_value {
	conf_vkind_t kind;
	const char *text;    /* WORD / STRING: NUL-terminated; BLOCK: NULL */
	size_t len;	     /* strlen(text); 0 for BLOCK */
	conf_block_t *block; /* BLOCK only */
	conf_loc_t loc;
	conf_type_t type; /* set by the schema pass */
};

struct conf_stmt {
	conf_loc_t loc;	      /* location of the first token */
	bool negated;	      /* the statement began with '!' */
	const char *name;     /* values[0].text, or NULL when
				 the statement starts with a block */
	conf_value_t *values; /* every item, values[0] included */
	size_t nvalues;	      /* >= 1 */
	conf_stmt_t *next;    /* next statement in the same block */
	conf_block_t *parent; /* enclosing block (tree->top for top level) */
	const struct conf_clause *clause; /* schema entry, NULL if none */
	conf_stmt_t *nextsame; /* next statement of this block with the
				  same name (conf_stmt_findnext) */
};

/* Per-block index of distinct statement names (ast.c). */
typedef struct conf_nameidx {
	const char *name;
	conf_stmt_t *first;
	conf_stmt_t *last;
} conf_nameidx_t;

struct conf_block {
	conf_loc_t loc; /* the '{' (top level: line 1 of the main file) */
	conf_stmt_t *first;
	conf_stmt_t *last;
	size_t count;
	conf_stmt_t *owner; /* statement holding this block, NULL for top */
	conf_nameidx_t *names; /* distinct names, so lookups do not walk a
				  100,000-zone block */
	const char *raw;       /* the text between the braces, kept for the
				  blocks BIND treats as opaque text (dyndb,
				  plugin, dnsrps-options); NULL otherwise */
	size_t nnames, capnames;
};

struct conf_tree {
	conf_block_t *top; /* top-level statements, includes expanded */
	void *priv;	   /* allocator and interned names (ast.c) */
};

/* ---- Error reporting ---------------------------------------------- */

typedef enum conf_sev {
	CONF_SEV_ERROR,
	CONF_SEV_WARNING,
} conf_sev_t;

/*
 * Called once per message.  file/line may be NULL/0 for messages with no
 * location (e.g. "open: x: file not found").  msg has no trailing newline.
 */
typedef void (*conf_log_t)(void *arg, conf_sev_t sev, const char *file,
			   unsigned line, const char *msg);

/* A conf_log_t that prints `file:line: msg` to stderr, BIND style. */
void conf_log_stderr(void *arg, conf_sev_t sev, const char *file,
		     unsigned line, const char *msg);

/* ---- Parsing (parse.c) --------------------------------------------- */

typedef enum conf_grammar {
	CONF_GRAMMAR_NAMED, /* named.conf */
	CONF_GRAMMAR_RNDC,  /* rndc.conf / rndc.key */
} conf_grammar_t;

/*
 * Parses named.conf at path, expanding `include` statements (relative
 * include paths are opened relative to the working directory, or inside
 * chroot_dir when it is not NULL, as BIND's -t does; include loops are
 * errors), then validates every clause against the schema.
 * Returns R_OK and *out, or an error after logging every problem found.
 */
result_t conf_parse_file(const char *path, const char *chroot_dir,
			 conf_tree_t **out, conf_log_t log, void *logarg);

/* The same with an explicit grammar (CONF_GRAMMAR_RNDC for rndc.conf). */
result_t conf_parse_file_grammar(const char *path, const char *chroot_dir,
				 conf_grammar_t grammar, conf_tree_t **out,
				 conf_log_t log, void *logarg);

/*
 * Parses buf[0..len) (need not be NUL-terminated) as if it were a file
 * named name.  includes are honoured as for conf_parse_file() when
 * allow_include is true, refused otherwise (the fuzzer sets false).
 */
result_t conf_parse_buffer(const char *buf, size_t len, const char *name,
			   conf_grammar_t grammar, bool allow_include,
			   conf_tree_t **out, conf_log_t log, void *logarg);

/* Frees the tree and everything in it; *treep becomes NULL. */
void conf_tree_free(conf_tree_t **treep);

/* ---- Navigation (ast.c) --------------------------------------------- */

/* First statement of b whose name equals name (ASCII case-insensitive,
 * as BIND compares clause names), or NULL.  b may be NULL. */
conf_stmt_t *conf_block_find(const conf_block_t *b, const char *name);

/* Next statement after s in the same block with the same name as s. */
conf_stmt_t *conf_stmt_findnext(const conf_stmt_t *s);

/* Number of statements of b named name. */
size_t conf_block_countname(const conf_block_t *b, const char *name);

/* Argument i after the name (i = 0 is values[1]), or NULL if absent. */
const conf_value_t *conf_stmt_arg(const conf_stmt_t *s, size_t i);

/* Number of arguments after the name (nvalues - 1). */
size_t conf_stmt_nargs(const conf_stmt_t *s);

/* The first block among s's arguments, or NULL. */
conf_block_t *conf_stmt_block(const conf_stmt_t *s);

/*
 * The value that follows the word keyword among s's arguments
 * (`port 53`, `dscp 4`, `allow { }`, `keys { }`), or NULL.  Case-insensitive.
 */
const conf_value_t *conf_stmt_keyword(const conf_stmt_t *s,
				      const char *keyword);

/* The block of `name { ... };` found in b, or NULL: conf_block_find() +
 * conf_stmt_block(). */
conf_block_t *conf_block_findblock(const conf_block_t *b, const char *name);

/* ---- Typed values (ast.c) ------------------------------------------- */

/* Word or string whose text equals word, ASCII case-insensitive. */
bool conf_value_is(const conf_value_t *v, const char *word);

/* Unsigned decimal integer that fits in 64 bits.  R_BADNUMBER, R_RANGE. */
result_t conf_value_uint(const conf_value_t *v, uint64_t *out);

/* yes/no/true/false/1/0 (case-insensitive).  R_SYNTAX otherwise. */
result_t conf_value_boolean(const conf_value_t *v, bool *out);

/* Sizes: number with optional k/m/g suffix (case-insensitive, 1024-based).
 * "unlimited" gives CONF_SIZE_UNLIMITED, "default" CONF_SIZE_DEFAULT. */
#define CONF_SIZE_UNLIMITED UINT64_MAX
#define CONF_SIZE_DEFAULT (UINT64_MAX - 1)
result_t conf_value_size(const conf_value_t *v, uint64_t *out);

/* Percentage "NN%" (0..100 not enforced here).  R_SYNTAX otherwise. */
result_t conf_value_percentage(const conf_value_t *v, uint32_t *out);

/* Durations: plain seconds, TTL-style units (1w2d3h4m5s), or ISO 8601
 * (P1Y2M3DT4H5M6S, PnW; Y = 365 days, M = 30 days), in seconds. */
result_t conf_value_duration(const conf_value_t *v, uint32_t *out);

typedef struct conf_addr {
	int family;	   /* AF_INET or AF_INET6 */
	uint8_t addr[16];  /* network order; IPv4 in the first 4 bytes */
	unsigned prefixlen; /* 32/128 for a plain address */
	bool has_prefix;   /* written with "/len" (or a short IPv4 prefix) */
	uint32_t scope;	   /* IPv6 %zone as a number, 0 if none */
} conf_addr_t;

/* A plain IPv4 or IPv6 address (IPv6 may carry %scope).  R_BADADDRESS. */
result_t conf_value_address(const conf_value_t *v, conf_addr_t *out);

/*
 * An address prefix: "a.b.c.d/len", BIND's short IPv4 forms "a/len",
 * "a.b/len", "a.b.c/len", "v6addr/len", or a plain address (prefixlen
 * 32/128, has_prefix false).  R_BADADDRESS for bad text, R_RANGE when the
 * length is too long or host bits are set beyond it ("address/prefix
 * length mismatch" in BIND's words).
 */
result_t conf_value_prefix(const conf_value_t *v, conf_addr_t *out);

/* ---- Address match lists -------------------------------------------- */

typedef enum conf_aml_kind {
	CONF_AML_PREFIX, /* address or prefix: addr */
	CONF_AML_KEY,	 /* key NAME: name */
	CONF_AML_NAME,	 /* acl name, or any/none/localhost/localnets */
	CONF_AML_NESTED, /* { ... }: nested */
	CONF_AML_GEOIP,	 /* geoip [db NAME] FIELD VALUE: stmt's values */
} conf_aml_kind_t;

typedef struct conf_aml_elem {
	conf_aml_kind_t kind;
	bool negated;
	conf_addr_t addr;	    /* PREFIX */
	const char *name;	    /* KEY, NAME */
	const conf_block_t *nested; /* NESTED */
} conf_aml_elem_t;

/* Classifies one statement of an address-match-list block. */
result_t conf_aml_elem(const conf_stmt_t *s, conf_aml_elem_t *out);

#endif
