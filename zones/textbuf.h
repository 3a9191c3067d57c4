/*
 * textbuf.h - append-only text output into a caller's buffer, with a
 * sticky R_NOSPACE like wire_t.  Always NUL-terminated while size > 0.
 */
#ifndef BINDERY_TEXTBUF_H
#define BINDERY_TEXTBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "zones/result.h"

typedef struct textbuf {
	char *buf;
	size_t size; /* capacity including the NUL */
	size_t len;  /* characters written, NUL excluded */
	result_t error;
} textbuf_t;

static inline void
tb_init(textbuf_t *tb, char *buf, size_t size) {
	tb->buf = buf;
	tb->size = size;
	tb->len = 0;
	tb->error = size > 0 ? R_OK : R_NOSPACE;
	if (size > 0) {
		buf[0] = '\0';
	}
}

static inline void
tb_putmem(textbuf_t *tb, const char *s, size_t n) {
	if (tb->error != R_OK) {
		return;
	}
	if (tb->size - tb->len <= n) {
		tb->error = R_NOSPACE;
		return;
	}
	memcpy(tb->buf + tb->len, s, n);
	tb->len += n;
	tb->buf[tb->len] = '\0';
}

static inline void
tb_puts(textbuf_t *tb, const char *s) {
	tb_putmem(tb, s, strlen(s));
}

static inline void
tb_putc(textbuf_t *tb, char c) {
	tb_putmem(tb, &c, 1);
}

/* printf-style append (textbuf.c). */
void tb_printf(textbuf_t *tb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
