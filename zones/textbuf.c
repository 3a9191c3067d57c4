/* textbuf.c - formatted append for textbuf_t (see textbuf.h). */
#include "zones/textbuf.h"

#include <stdio.h>

void
tb_printf(textbuf_t *tb, const char *fmt, ...) {
	va_list ap;
	int n;

	if (tb->error != R_OK) {
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(tb->buf + tb->len, tb->size - tb->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= tb->size - tb->len) {
		tb->buf[tb->len] = '\0';
		tb->error = R_NOSPACE;
		return;
	}
	tb->len += (size_t)n;
}
