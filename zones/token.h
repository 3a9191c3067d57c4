/*
 * token.h - the tokens of one master-file record, as handed to the rdata
 * text parsers.
 *
 * The master-file reader splits an entry (which may span lines inside
 * parentheses) into tokens; rdata_fromtext() consumes them.  A token points
 * into the reader's buffer: escapes are left in place (each parser knows
 * what "\." or "\DDD" means for its field), surrounding quotes removed.
 *
 * token_split() is a small standalone splitter over one string, for tests,
 * fuzz targets and tools; it follows the same rules as the reader:
 * whitespace separates, "..." quotes (backslash escapes inside), ( and )
 * are dropped (they only join lines), ';' starts a comment to end of line,
 * and newlines inside parentheses are whitespace.
 */
#ifndef BINDERY_TOKEN_H
#define BINDERY_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "zones/result.h"

typedef struct text_token {
	const char *text; /* not NUL-terminated */
	size_t len;
	bool quoted; /* came from a "..." string */
} text_token_t;

/*
 * Splits text[0..len) into at most max tokens.  Returns R_OK and the count
 * in *n; R_NOSPACE if there are more than max tokens; R_UNEXPECTEDEND for an
 * unterminated quote or a trailing lone backslash; R_SYNTAX for unbalanced
 * parentheses or a newline outside parentheses that is followed by more
 * tokens.
 */
result_t token_split(const char *text, size_t len, text_token_t *toks,
		     size_t max, size_t *n);

/* True if tok is the unquoted word w (case-insensitive). */
bool token_is(const text_token_t *tok, const char *w);

#endif
