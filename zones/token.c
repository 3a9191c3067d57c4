/* token.c - split one master-file entry into tokens (see token.h). */
#include "zones/token.h"



result_t
token_split(const char *text, size_t len, text_token_t *toks, size_t max,
	    size_t *n) {
	size_t i = 0, count = 0;
	int depth = 0;
	bool ended = false; /* saw a newline outside parentheses */

	while (i < len) {
		char c = text[i];
		if (c == ';') {
			while (i < len && text[i] != '\n') {
				i++;
			}
			continue;
		}
		if (c == '\n') {
			if (depth == 0) {
				ended = true;
			}
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		if (c == '(') {
			depth++;
			i++;
			continue;
		}
		if (c == ')') {
			if (depth == 0) {
				return R_SYNTAX;
			}
			depth--;
			i++;
			continue;
		}
		if (ended) {
			return R_SYNTAX;
		}
		if (count == max) {
			return R_NOSPACE;
		}
		text_token_t *t = &toks[count];
		if (c == '"') {
			size_t start = ++i;
			while (i < len && text[i] != '"') {
				if (text[i] == '\\') {
					i++;
				}
				i++;
			}
			if (i >= len) {
				return R_UNEXPECTEDEND;
			}
			t->text = text + start;
			t->len = i - start;
			t->quoted = true;
			i++; /* closing quote */
		} else {
			size_t start = i;
			while (i < len) {
				c = text[i];
				if (c == '\\') {
					if (i + 1 >= len) {
						return R_UNEXPECTEDEND;
					}
					i += 2;
					continue;
				}
				if (c == ' ' || c == '\t' || c == '\r' ||
				    c == '\n' || c == '(' || c == ')' ||
				    c == ';' || c == '"')
				{
					break;
				}
				i++;
			}
			t->text = text + start;
			t->len = i - start;
			t->quoted = false;
		}
		count++;
	}
	if (depth != 0) {
		return R_SYNTAX;
	}
	*n = count;
	return R_OK;
}

bool
token_is(const text_token_t *tok, const char *w) {
	size_t i;
	if (tok->quoted) {
		return false;
	}
	for (i = 0; i < tok->len; i++) {
		if (w[i] == '\0') {
			return false;
		}
		char a = tok->text[i], b = w[i];
		if (a >= 'A' && a <= 'Z') {
			a = (char)(a + 32);
		}
		if (b >= 'A' && b <= 'Z') {
			b = (char)(b + 32);
		}
		if (a != b) {
			return false;
		}
	}
	return w[i] == '\0';
}
