/*
 * master_lex.c - entry and token scanner for master files (see
 * master_lex.h).
 *
 * Speed matters here more than anywhere else in the loader: every byte of
 * a zone file passes through lex_next once.  A 256-entry class table lets
 * the inner loops skip ordinary characters with one load and compare each.
 */
#include "zones/master_lex.h"

#include <stdlib.h>

enum {
	C_ORD = 0, /* part of a word */
	C_WS,	   /* blank: space, tab, CR */
	C_NL,
	C_SEMI,
	C_OPEN,
	C_CLOSE,
	C_QUOTE,
	C_BSLASH,
	C_NUL, /* BIND's lexer rejects a NUL byte outside quotes and comments */
};

static const unsigned char cls[256] = {
	[' '] = C_WS,	   ['\t'] = C_WS,     ['\r'] = C_WS,
	['\n'] = C_NL,	   [';'] = C_SEMI,    ['('] = C_OPEN,
	[')'] = C_CLOSE,   ['"'] = C_QUOTE,   ['\\'] = C_BSLASH,
	['\0'] = C_NUL,
};

void
lex_init(lex_t *lx, const char *buf, size_t len) {
	lx->buf = buf;
	lx->len = len;
	lx->pos = 0;
	lx->line = 1;
	lx->midline = false;
}

void
lex_entry_init(lex_entry_t *e) {
	e->toks = NULL;
	e->lines = NULL;
	e->ntok = 0;
	e->cap = 0;
	e->initial_ws = false;
	e->line = 0;
	e->error = R_OK;
	e->errline = 0;
	e->eof_fault = false;
	e->at_eof = false;
}

void
lex_entry_free(lex_entry_t *e) {
	free(e->toks);
	free(e->lines);
	lex_entry_init(e);
}

static result_t
entry_grow(lex_entry_t *e) {
	size_t ncap = e->cap == 0 ? 32 : e->cap * 2;
	text_token_t *t = realloc(e->toks, ncap * sizeof(*t));
	if (t == NULL) {
		return R_NOMEMORY;
	}
	e->toks = t;
	unsigned *l = realloc(e->lines, ncap * sizeof(*l));
	if (l == NULL) {
		return R_NOMEMORY;
	}
	e->lines = l;
	e->cap = ncap;
	return R_OK;
}

/* Skips to the newline ending the current line (not past it). */
static size_t
skip_line(const char *b, size_t len, size_t p) {
	while (p < len && b[p] != '\n') {
		p++;
	}
	return p;
}

/*
 * Records a scan fault, then drops the rest of the line so the next entry
 * starts cleanly.
 */
static void
fault(lex_t *lx, lex_entry_t *e, size_t p, unsigned line, result_t why) {
	e->error = why;
	e->errline = line;
	p = skip_line(lx->buf, lx->len, p);
	if (p < lx->len) {
		p++; /* the newline */
		line++;
	}
	lx->pos = p;
	lx->line = line;
}

/*
 * A ')' outside parentheses: BIND's lexer fails on it but goes on reading
 * right after it, so the entry stops here and the scan resumes at p + 1.
 * The next token is noted because BIND names it in one message.
 */
static void
stray_close(lex_t *lx, lex_entry_t *e, size_t p, unsigned line) {
	const char *b = lx->buf;
	size_t len = lx->len, q = p + 1;

	e->error = R_UNBALANCED;
	e->errline = line;
	while (q < len && cls[(unsigned char)b[q]] == C_WS) {
		q++;
	}
	size_t start = q;
	while (q < len && cls[(unsigned char)b[q]] == C_ORD) {
		q++;
	}
	e->after.text = b + start;
	e->after.len = q - start;
	e->after.quoted = false;
	lx->pos = p + 1;
	lx->line = line;
	lx->midline = true;
}

void
lex_skip_line(lex_t *lx) {
	if (!lx->midline) {
		return;
	}
	lx->midline = false;
	lx->pos = skip_line(lx->buf, lx->len, lx->pos);
	if (lx->pos < lx->len) {
		lx->pos++;
		lx->line++;
	}
}

result_t
lex_next(lex_t *lx, lex_entry_t *e) {
	const char *b = lx->buf;
	size_t len = lx->len, p = lx->pos;
	unsigned line = lx->line;
	int depth = 0;

	e->ntok = 0;
	e->error = R_OK;
	e->errline = 0;
	e->eof_fault = false;
	e->at_eof = false;
	e->after.len = 0;

	bool midline = lx->midline;
	lx->midline = false;

	/* Skip lines holding nothing but blanks and comments. */
	for (;;) {
		size_t q = p;
		if (q >= len) {
			lx->pos = q;
			lx->line = line;
			return R_EOF;
		}
		while (q < len && cls[(unsigned char)b[q]] == C_WS) {
			q++;
		}
		if (q < len && b[q] == ';') {
			q = skip_line(b, len, q);
		}
		if (q >= len) {
			lx->pos = q;
			lx->line = line;
			return R_EOF;
		}
		if (b[q] == '\n') {
			p = q + 1;
			line++;
			midline = false;
			continue;
		}
		/* text after a stray ')' starts with an owner, blanks or not */
		e->initial_ws = q > p && !midline;
		midline = false;
		e->line = line;
		p = q;
		break;
	}

	while (p < len) {
		unsigned char c = (unsigned char)b[p];
		switch (cls[c]) {
		case C_WS:
			p++;
			continue;
		case C_NL:
			line++;
			p++;
			if (depth == 0) {
				goto done;
			}
			continue;
		case C_SEMI:
			p = skip_line(b, len, p);
			continue;
		case C_OPEN:
			depth++;
			p++;
			continue;
		case C_CLOSE:
			if (depth == 0) {
				stray_close(lx, e, p, line);
				return R_OK;
			}
			depth--;
			p++;
			continue;
		case C_NUL:
			fault(lx, e, p, line, R_SYNTAX);
			return R_OK;
		default:
			break;
		}
		if (e->ntok == e->cap && entry_grow(e) != R_OK) {
			return R_NOMEMORY;
		}
		text_token_t *t = &e->toks[e->ntok];
		e->lines[e->ntok] = line;
		if (c == '"') {
			size_t start = ++p;
			unsigned tline = line;
			for (;;) {
				if (p >= len || b[p] == '\n') {
					fault(lx, e, p, tline, R_UNBALANCEDQUOTES);
					return R_OK;
				}
				if (b[p] == '"') {
					break;
				}
				if (b[p] == '\\' && p + 1 < len) {
					if (b[p + 1] == '\n') {
						line++;
					}
					p++;
				}
				p++;
			}
			t->text = b + start;
			t->len = p - start;
			t->quoted = true;
			p++;
		} else {
			size_t start = p;
			for (;;) {
				while (p < len && cls[(unsigned char)b[p]] == C_ORD) {
					p++;
				}
				if (p < len && b[p] == '\\') {
					if (p + 1 < len) {
						if (b[p + 1] == '\n') {
							line++;
						}
						p += 2;
					} else {
						/* a lone backslash at the very end */
						fault(lx, e, p + 1, line,
						      R_UNEXPECTEDEND);
						e->eof_fault = true;
						return R_OK;
					}
					continue;
				}
				break;
			}
			t->text = b + start;
			t->len = p - start;
			t->quoted = false;
		}
		e->ntok++;
	}
	e->at_eof = true;
	if (depth != 0) {
		e->error = R_UNBALANCED;
		e->errline = line;
		e->eof_fault = true;
	}
done:
	lx->pos = p;
	lx->line = line;
	return R_OK;
}
