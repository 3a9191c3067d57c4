/*
 * master_lex.h - the fast scanner under the master-file reader: splits a
 * buffer holding a whole master file into entries (one logical record:
 * a line, or several joined by parentheses) and each entry into tokens.
 *
 * Contract: the buffer stays untouched and must outlive the tokens, which
 * point into it (escapes left in place, quotes removed, quoted flag set),
 * exactly as token.h describes.  The token array is owned by the entry and
 * grows as needed, so after the first few records no allocation happens.
 * Lines that hold only blanks and comments produce no entry.  Tokens split
 * at blanks, at ( ) ; and at '"', as BIND's lexer does ("a(b)c" is three
 * tokens).  Each token records the line it started on, so messages can
 * name the right line of a multi-line record.
 */
#ifndef BINDERY_MASTER_LEX_H
#define BINDERY_MASTER_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "zones/result.h"
#include "zones/token.h"

typedef struct lex {
	const char *buf;
	size_t len;
	size_t pos;
	unsigned line; /* line of buf[pos], from 1 */
	bool midline;  /* pos is inside a line, after a stray ')' */
} lex_t;

typedef struct lex_entry {
	text_token_t *toks;
	unsigned *lines; /* lines[i]: line token i started on */
	size_t ntok;
	size_t cap;
	bool initial_ws; /* the entry began with a blank: no owner field */
	unsigned line;	 /* line the entry started on */
	result_t error;	 /* R_OK, or the scan fault that cut the entry */
	unsigned errline; /* with error: line where the scanner met it */
	bool eof_fault;	  /* the error is the input ending too soon */
	bool at_eof;	  /* the entry was ended by the end of input, not \n */
	/* After a stray ')': the token that follows it on the line, if any. */
	text_token_t after;
} lex_entry_t;

/* Starts scanning buf[0..len) at line 1. */
void lex_init(lex_t *lx, const char *buf, size_t len);

void lex_entry_init(lex_entry_t *e);
void lex_entry_free(lex_entry_t *e);

/*
 * Scans the next entry into e.  Returns R_OK with e filled, R_EOF when the
 * input is exhausted, or R_NOMEMORY.  A scan fault does not fail the call:
 * the entry holds the tokens read before the fault and e->error says what
 * went wrong (R_UNBALANCED for a ')' without '(' or input ending inside
 * parentheses, R_UNBALANCEDQUOTES for a quoted string cut by a newline or
 * the end of input, R_SYNTAX for a NUL byte outside quotes and comments,
 * R_UNEXPECTEDEND for a backslash as the last byte), with e->errline.  The reader reports it where BIND
 * would (BIND's lexer fails only when the parser asks for the bad token).
 * After a fault the scanner has skipped to the end of the offending line,
 * so the next call resumes with the following entry -- except after a
 * stray ')': then it stops just past it, and the rest of the line is the
 * next entry (one with an owner field), as in BIND, unless the caller
 * drops it with lex_skip_line().
 */
result_t lex_next(lex_t *lx, lex_entry_t *e);

/* Drops what is left of the current line (after a stray ')'). */
void lex_skip_line(lex_t *lx);

#endif
