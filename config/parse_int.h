/*
 * parse_int.h - private glue between the flex scanner (lexer.l), the bison
 * grammar (parser.y), the tree allocator (ast.c) and the driver (parse.c).
 * Not for use outside config/.
 *
 * One conf_pstate_t exists per file being read; includes nest them.  All
 * memory comes from the tree's arena, so an aborted parse leaks nothing
 * once the tree is freed.
 */
#ifndef BINDERY_CONFIG_PARSE_INT_H
#define BINDERY_CONFIG_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "config/ast.h"

/* A token handed from the scanner to the grammar. */
typedef struct conf_ptok {
	const char *text; /* arena copy, NUL-terminated */
	size_t len;
	unsigned line;
} conf_ptok_t;

/* A statement's items while it is being read. */
typedef struct conf_pitem {
	conf_value_t v;
	struct conf_pitem *next;
} conf_pitem_t;

typedef struct conf_plist {
	conf_pitem_t *first;
	conf_pitem_t *last;
	size_t n;
} conf_plist_t;

struct conf_pctx; /* parse.c: the whole run (log, includes, chroot) */

typedef struct conf_pstate {
	conf_tree_t *tree;
	struct conf_pctx *ctx;
	const char *file;   /* interned name of the file being read */
	unsigned tokline;   /* line of the last token */
	const char *toktext; /* text of the last token, for messages */
	bool failed;	    /* an error has been reported */
	const char *buf;    /* the text being scanned */
	size_t offset;	    /* bytes scanned so far */
	size_t *opens;	    /* offsets just after each open '{' */
	size_t nopens, capopens;
	size_t closed_start, closed_end; /* body of the last '}' closed */
	conf_block_t *result;
	void *scanner;
} conf_pstate_t;

/* ---- ast.c: arena ---- */
conf_tree_t *ast_tree_new(void);
void *ast_alloc(conf_tree_t *t, size_t n); /* zeroed */
char *ast_strdup(conf_tree_t *t, const char *s, size_t len);
const char *ast_intern(conf_tree_t *t, const char *s);
conf_block_t *ast_block_new(conf_tree_t *t, const char *file, unsigned line);
void ast_block_append(conf_tree_t *t, conf_block_t *b, conf_stmt_t *s);
/* Builds a statement from the items (n >= 1). */
conf_stmt_t *ast_stmt_new(conf_tree_t *t, const char *file, bool negated,
			  conf_plist_t *items);

/* ---- lexer/parser glue (parse.c) ---- */
conf_ptok_t pstate_token(conf_pstate_t *ps, const char *text, size_t len);
void pstate_seterror(conf_pstate_t *ps, unsigned line, const char *msg);
void pstate_syntax(conf_pstate_t *ps, int at_eof, int expected);
void pstate_punct(conf_pstate_t *ps, unsigned line, const char *text);
/* Brace bookkeeping for blocks kept as raw text (dyndb, plugin). */
void pstate_open(conf_pstate_t *ps);
void pstate_close(conf_pstate_t *ps);
/* Adds s to b, expanding `include "file";`.  false: stop parsing. */
bool pstate_add(conf_pstate_t *ps, conf_block_t *b, conf_stmt_t *s);
void pstate_item(conf_pstate_t *ps, conf_plist_t *l, conf_vkind_t kind,
		 const conf_ptok_t *tok, conf_block_t *block);

/* ---- reporting (parse.c) ---- */
void pctx_log(struct conf_pctx *c, conf_sev_t sev, const char *file,
	      unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* ---- parser.y ---- */
int conf_yyparse(conf_pstate_t *ps, void *scanner);

#endif
