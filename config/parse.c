/*
 * parse.c - drives the scanner and grammar over files and buffers, expands
 * `include`, and runs the schema pass (contracts in ast.h).
 *
 * Includes are expanded while parsing, in place, so every statement keeps
 * the file and line it was written at and later passes see one flat tree.
 * Paths are opened as BIND's named-checkconf opens them: relative to the
 * working directory, or, with a chroot directory (-t), inside it (BIND
 * chroots and changes to "/", so relative and absolute names both land
 * under the directory).  A file that includes itself, directly or not, is
 * reported as an include loop instead of recursing until files run out.
 */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/ast.h"
#include "config/parse_int.h"
#include "config/parser.h"
#include "config/schema.h"

/* flex's reentrant API, declared here to avoid including lexer.h. */
typedef void *yyscan_t;
typedef struct yy_buffer_state *YY_BUFFER_STATE;
int conf_yylex_init_extra(conf_pstate_t *extra, yyscan_t *scanner);
int conf_yylex_destroy(yyscan_t scanner);
YY_BUFFER_STATE conf_yy_scan_bytes(const char *bytes, int len,
				   yyscan_t scanner);
void conf_yyset_lineno(int line, yyscan_t scanner);
int conf_yyget_lineno(yyscan_t scanner);

#define MAX_INCLUDE_DEPTH 64

typedef struct conf_pctx {
	conf_tree_t *tree;
	conf_log_t log;
	void *logarg;
	const char *chroot_dir;
	bool allow_include;
	unsigned depth;
	const char *stack[MAX_INCLUDE_DEPTH]; /* canonical paths open now */
	bool failed;
} conf_pctx_t;

void
conf_log_stderr(void *arg, conf_sev_t sev, const char *file, unsigned line,
		const char *msg) {
	(void)arg;
	(void)sev;
	if (file != NULL) {
		fprintf(stderr, "%s:%u: %s\n", file, line, msg);
	} else {
		fprintf(stderr, "%s\n", msg);
	}
}

void
pctx_log(conf_pctx_t *c, conf_sev_t sev, const char *file, unsigned line,
	 const char *fmt, ...) {
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sev == CONF_SEV_ERROR) {
		c->failed = true;
	}
	if (c->log != NULL) {
		c->log(c->logarg, sev, file, line, msg);
	}
}

/* ---- scanner/grammar callbacks ---- */

conf_ptok_t
pstate_token(conf_pstate_t *ps, const char *text, size_t len) {
	conf_ptok_t t;
	t.text = ast_strdup(ps->tree, text, len);
	t.len = len;
	t.line = ps->tokline;
	ps->toktext = t.text;
	return t;
}

void
pstate_punct(conf_pstate_t *ps, unsigned line, const char *text) {
	ps->tokline = line;
	ps->toktext = text;
}

void
pstate_open(conf_pstate_t *ps) {
	if (ps->nopens == ps->capopens) {
		size_t cap = ps->capopens == 0 ? 16 : ps->capopens * 2;
		size_t *n = realloc(ps->opens, cap * sizeof(*n));
		if (n == NULL) {
			abort();
		}
		ps->opens = n;
		ps->capopens = cap;
	}
	ps->opens[ps->nopens++] = ps->offset;
}

void
pstate_close(conf_pstate_t *ps) {
	if (ps->nopens == 0) {
		ps->closed_start = ps->closed_end = 0;
		return;
	}
	ps->closed_start = ps->opens[--ps->nopens];
	ps->closed_end = ps->offset - 1; /* the '}' itself */
}

/* Clauses whose block BIND keeps as text and prints verbatim. */
static bool
raw_block_owner(const conf_plist_t *l) {
	static const char *const names[] = { "dyndb", "plugin",
					      "dnsrps-options" };
	const conf_pitem_t *first = l->first, *last = l->last;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((first != NULL && first->v.kind == CONF_V_WORD &&
		     strcasecmp(first->v.text, names[i]) == 0) ||
		    (last != NULL && last->v.kind == CONF_V_WORD &&
		     strcasecmp(last->v.text, names[i]) == 0)) {
			return true;
		}
	}
	return false;
}

void
pstate_seterror(conf_pstate_t *ps, unsigned line, const char *msg) {
	if (!ps->failed) {
		pctx_log(ps->ctx, CONF_SEV_ERROR, ps->file, line, "%s", msg);
	}
	ps->failed = true;
}

void
pstate_syntax(conf_pstate_t *ps, int at_eof, int expected) {
	if (ps->failed) {
		return;
	}
	if (at_eof) {
		/* BIND names the line the input ended on. */
		if (ps->scanner != NULL) {
			ps->tokline = (unsigned)conf_yyget_lineno(ps->scanner);
		}
		if (expected == ';') {
			pctx_log(ps->ctx, CONF_SEV_ERROR, ps->file,
				 ps->tokline, "missing ';' before end of file");
		} else if (expected == '}') {
			pctx_log(ps->ctx, CONF_SEV_ERROR, ps->file,
				 ps->tokline, "'}' expected near end of file");
		} else {
			pctx_log(ps->ctx, CONF_SEV_ERROR, ps->file,
				 ps->tokline, "unexpected end of input");
		}
	} else if (expected == ';') {
		pctx_log(ps->ctx, CONF_SEV_ERROR, ps->file, ps->tokline,
			 "missing ';' before '%s'",
			 ps->toktext != NULL ? ps->toktext : "");
	} else {
		pctx_log(ps->ctx, CONF_SEV_ERROR, ps->file, ps->tokline,
			 "syntax error near '%s'",
			 ps->toktext != NULL ? ps->toktext : "");
	}
	ps->failed = true;
}

void
pstate_item(conf_pstate_t *ps, conf_plist_t *l, conf_vkind_t kind,
	    const conf_ptok_t *tok, conf_block_t *block) {
	conf_pitem_t *it = ast_alloc(ps->tree, sizeof(*it));
	it->v.kind = kind;
	it->v.loc.file = ps->file;
	if (kind == CONF_V_BLOCK) {
		it->v.block = block;
		it->v.loc.line = block->loc.line;
		/* the reduction follows the '}' without a lookahead, so the
		 * last closed span is this block's */
		if (raw_block_owner(l) && ps->buf != NULL &&
		    ps->closed_end >= ps->closed_start) {
			block->raw = ast_strdup(ps->tree,
						ps->buf + ps->closed_start,
						ps->closed_end -
							ps->closed_start);
		}
	} else {
		it->v.text = tok->text;
		it->v.len = tok->len;
		it->v.loc.line = tok->line;
	}
	if (l->last == NULL) {
		l->first = it;
	} else {
		l->last->next = it;
	}
	l->last = it;
	l->n++;
}

static result_t parse_path(conf_pctx_t *c, const char *path,
			   const char *from_file, unsigned from_line,
			   conf_block_t *into);

/*
 * include "pattern";  BIND 9.18 expands glob patterns.  It stacks every
 * match on its input and so reads them last to first; the same order is
 * kept here because -p output shows it.  No match is "file not found".
 */
static result_t
include_glob(conf_pctx_t *c, const char *pattern, const char *from_file,
	     unsigned from_line, conf_block_t *into) {
	if (strpbrk(pattern, "*?[") == NULL) {
		return parse_path(c, pattern, from_file, from_line, into);
	}
	char full[PATH_MAX];
	size_t skip = 0;
	if (c->chroot_dir != NULL) {
		snprintf(full, sizeof(full), "%s%s%s", c->chroot_dir,
			 pattern[0] == '/' ? "" : "/", pattern);
		skip = strlen(c->chroot_dir) + (pattern[0] == '/' ? 0 : 1);
	} else {
		snprintf(full, sizeof(full), "%s", pattern);
	}
	glob_t g;
	int rc = glob(full, 0, NULL, &g);
	if (rc != 0) {
		if (rc != GLOB_NOMATCH) {
			globfree(&g);
		}
		pctx_log(c, CONF_SEV_ERROR, from_file, from_line,
			 "parsing failed: %s",
			 result_totext(rc == GLOB_NOMATCH ? R_FILENOTFOUND
							  : R_IOERROR));
		return rc == GLOB_NOMATCH ? R_FILENOTFOUND : R_IOERROR;
	}
	result_t r = R_OK;
	for (size_t i = g.gl_pathc; i > 0 && r == R_OK; i--) {
		const char *match = g.gl_pathv[i - 1];
		r = parse_path(c, strlen(match) >= skip ? match + skip : match,
			       from_file, from_line, into);
	}
	globfree(&g);
	return r;
}

bool
pstate_add(conf_pstate_t *ps, conf_block_t *b, conf_stmt_t *s) {
	if (s->name == NULL || s->values[0].kind != CONF_V_WORD ||
	    strcasecmp(s->name, "include") != 0) {
		ast_block_append(ps->tree, b, s);
		return true;
	}
	if (s->nvalues != 2 || s->values[1].kind != CONF_V_STRING ||
	    s->negated) {
		pctx_log(ps->ctx, CONF_SEV_ERROR, ps->file, s->loc.line,
			 "expected quoted string near '%s'",
			 s->nvalues > 1 && s->values[1].text != NULL
				 ? s->values[1].text
				 : ";");
		ps->failed = true;
		return false;
	}
	if (!ps->ctx->allow_include) {
		pctx_log(ps->ctx, CONF_SEV_ERROR, ps->file, s->loc.line,
			 "include not allowed here");
		ps->failed = true;
		return false;
	}
	if (include_glob(ps->ctx, s->values[1].text, ps->file, s->loc.line,
			 b) != R_OK) {
		ps->failed = true;
		return false;
	}
	return true;
}

/* ---- driver ---- */

/* Parses buf as file `name` (interned) appending statements to into. */
static result_t
parse_text(conf_pctx_t *c, const char *buf, size_t len, const char *name,
	   conf_block_t *into) {
	conf_pstate_t ps;
	memset(&ps, 0, sizeof(ps));
	ps.tree = c->tree;
	ps.ctx = c;
	ps.file = ast_intern(c->tree, name);
	ps.tokline = 1;
	yyscan_t scanner;
	if (len > INT_MAX) {
		pctx_log(c, CONF_SEV_ERROR, ps.file, 0, "file too large");
		return R_RANGE;
	}
	if (conf_yylex_init_extra(&ps, &scanner) != 0) {
		return R_NOMEMORY;
	}
	ps.buf = buf;
	conf_yy_scan_bytes(buf, (int)len, scanner);
	conf_yyset_lineno(1, scanner);
	ps.scanner = scanner;
	int rc = conf_yyparse(&ps, scanner);
	conf_yylex_destroy(scanner);
	free(ps.opens);
	if (rc != 0 || ps.failed || ps.result == NULL) {
		if (!ps.failed) {
			pctx_log(c, CONF_SEV_ERROR, ps.file, ps.tokline,
				 "syntax error");
		}
		return R_SYNTAX;
	}
	/* Splice this file's statements after what into already holds. */
	for (conf_stmt_t *s = ps.result->first, *n; s != NULL; s = n) {
		n = s->next;
		ast_block_append(c->tree, into, s);
	}
	return R_OK;
}

/* Reads a whole file; R_FILENOTFOUND or R_IOERROR. */
static result_t
read_file(const char *path, char **bufp, size_t *lenp) {
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		return errno == ENOENT ? R_FILENOTFOUND : R_IOERROR;
	}
	size_t cap = 64 * 1024, len = 0;
	char *buf = malloc(cap);
	if (buf == NULL) {
		fclose(f);
		return R_NOMEMORY;
	}
	for (;;) {
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len < cap) {
			break;
		}
		char *nb = realloc(buf, cap * 2);
		if (nb == NULL) {
			free(buf);
			fclose(f);
			return R_NOMEMORY;
		}
		buf = nb;
		cap *= 2;
	}
	bool err = ferror(f) != 0;
	fclose(f);
	if (err) {
		free(buf);
		return R_IOERROR;
	}
	*bufp = buf;
	*lenp = len;
	return R_OK;
}

static result_t
parse_path(conf_pctx_t *c, const char *path, const char *from_file,
	   unsigned from_line, conf_block_t *into) {
	char full[PATH_MAX];
	if (c->chroot_dir != NULL) {
		snprintf(full, sizeof(full), "%s%s%s", c->chroot_dir,
			 path[0] == '/' ? "" : "/", path);
	} else {
		snprintf(full, sizeof(full), "%s", path);
	}
	char canon[PATH_MAX];
	const char *key = realpath(full, canon) != NULL ? canon : full;
	for (unsigned i = 0; i < c->depth; i++) {
		if (strcmp(c->stack[i], key) == 0) {
			pctx_log(c, CONF_SEV_ERROR, from_file, from_line,
				 "include loop: '%s' includes itself", path);
			return R_FAILURE;
		}
	}
	if (c->depth == MAX_INCLUDE_DEPTH) {
		pctx_log(c, CONF_SEV_ERROR, from_file, from_line,
			 "open: %s: includes nested too deeply", path);
		return R_FAILURE;
	}
	char *buf = NULL;
	size_t len = 0;
	result_t r = read_file(full, &buf, &len);
	if (r != R_OK) {
		if (from_file == NULL) {
			pctx_log(c, CONF_SEV_ERROR, NULL, 0, "open: %s: %s", path,
				 result_totext(r));
		} else {
			/* BIND's words for an include it cannot open */
			pctx_log(c, CONF_SEV_ERROR, from_file, from_line,
				 "parsing failed: %s", result_totext(r));
		}
		return r;
	}
	c->stack[c->depth++] = ast_intern(c->tree, key);
	r = parse_text(c, buf, len, path, into);
	c->depth--;
	free(buf);
	return r;
}

static result_t
finish(conf_pctx_t *c, conf_grammar_t grammar, result_t r, conf_tree_t **out) {
	if (r == R_OK && !c->failed) {
		r = schema_validate(c->tree, grammar, c->log, c->logarg);
	}
	if (r == R_OK && c->failed) {
		r = R_FAILURE;
	}
	if (r != R_OK) {
		conf_tree_free(&c->tree);
		return r;
	}
	*out = c->tree;
	return R_OK;
}

static result_t
pctx_init(conf_pctx_t *c, const char *chroot_dir, bool allow_include,
	  conf_log_t log, void *logarg) {
	memset(c, 0, sizeof(*c));
	c->tree = ast_tree_new();
	if (c->tree == NULL) {
		return R_NOMEMORY;
	}
	c->log = log;
	c->logarg = logarg;
	c->chroot_dir = chroot_dir;
	c->allow_include = allow_include;
	c->tree->top = ast_block_new(c->tree, NULL, 1);
	return R_OK;
}

result_t
conf_parse_file_grammar(const char *path, const char *chroot_dir,
			conf_grammar_t grammar, conf_tree_t **out,
			conf_log_t log, void *logarg) {
	conf_pctx_t c;
	result_t r = pctx_init(&c, chroot_dir, true, log, logarg);
	if (r != R_OK) {
		return r;
	}
	c.tree->top->loc.file = ast_intern(c.tree, path);
	r = parse_path(&c, path, NULL, 0, c.tree->top);
	return finish(&c, grammar, r, out);
}

result_t
conf_parse_file(const char *path, const char *chroot_dir, conf_tree_t **out,
		conf_log_t log, void *logarg) {
	return conf_parse_file_grammar(path, chroot_dir, CONF_GRAMMAR_NAMED,
				       out, log, logarg);
}

result_t
conf_parse_buffer(const char *buf, size_t len, const char *name,
		  conf_grammar_t grammar, bool allow_include, conf_tree_t **out,
		  conf_log_t log, void *logarg) {
	conf_pctx_t c;
	result_t r = pctx_init(&c, NULL, allow_include, log, logarg);
	if (r != R_OK) {
		return r;
	}
	c.tree->top->loc.file = ast_intern(c.tree, name);
	r = parse_text(&c, buf, len, name, c.tree->top);
	return finish(&c, grammar, r, out);
}
