/*
 * wire.h - bounds-checked cursor over a byte buffer, for reading and
 * writing DNS wire data (messages, rdata, journal, raw files, control
 * channel).
 *
 * Contract: every read/write checks bounds.  The first failure sets a
 * sticky error (R_UNEXPECTEDEND when reading past the end, R_NOSPACE when
 * writing past the end); after that every call is a no-op that reads zeros,
 * so a parser may do a run of reads and check wire_error() once.  The
 * cursor never owns its buffer.  All integers are big-endian.
 */
#ifndef BINDERY_WIRE_H
#define BINDERY_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zones/result.h"

typedef struct wire {
	uint8_t *base;	/* start of the buffer */
	size_t size;	/* bytes usable from base */
	size_t pos;	/* current offset */
	result_t error; /* sticky: first failure, or R_OK */
} wire_t;

/* A cursor over [buf, buf+size) for reading; buf may point to const data
 * as long as only wire_read* calls are used on it. */
static inline void
wire_init(wire_t *w, const void *buf, size_t size) {
	w->base = (uint8_t *)(uintptr_t)buf;
	w->size = size;
	w->pos = 0;
	w->error = R_OK;
}

static inline result_t wire_error(const wire_t *w) { return w->error; }
static inline size_t wire_avail(const wire_t *w) { return w->size - w->pos; }
static inline size_t wire_pos(const wire_t *w) { return w->pos; }
static inline uint8_t *wire_cur(const wire_t *w) { return w->base + w->pos; }

/* Sets the sticky error if none is set yet. */
static inline void
wire_fail(wire_t *w, result_t r) {
	if (w->error == R_OK) {
		w->error = r;
	}
}

static inline int
wire_need(wire_t *w, size_t n, result_t r) {
	if (w->error != R_OK) {
		return 0;
	}
	if (w->size - w->pos < n) {
		w->error = r;
		return 0;
	}
	return 1;
}

static inline void
wire_seek(wire_t *w, size_t pos) {
	if (pos > w->size) {
		wire_fail(w, R_UNEXPECTEDEND);
		return;
	}
	w->pos = pos;
}

static inline void
wire_skip(wire_t *w, size_t n) {
	if (wire_need(w, n, R_UNEXPECTEDEND)) {
		w->pos += n;
	}
}

static inline uint8_t
wire_read_u8(wire_t *w) {
	if (!wire_need(w, 1, R_UNEXPECTEDEND)) {
		return 0;
	}
	return w->base[w->pos++];
}

static inline uint16_t
wire_read_u16(wire_t *w) {
	if (!wire_need(w, 2, R_UNEXPECTEDEND)) {
		return 0;
	}
	const uint8_t *p = w->base + w->pos;
	w->pos += 2;
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t
wire_read_u32(wire_t *w) {
	if (!wire_need(w, 4, R_UNEXPECTEDEND)) {
		return 0;
	}
	const uint8_t *p = w->base + w->pos;
	w->pos += 4;
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static inline void
wire_read_bytes(wire_t *w, void *dst, size_t n) {
	if (!wire_need(w, n, R_UNEXPECTEDEND)) {
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, w->base + w->pos, n);
	w->pos += n;
}

static inline void
wire_write_u8(wire_t *w, uint8_t v) {
	if (wire_need(w, 1, R_NOSPACE)) {
		w->base[w->pos++] = v;
	}
}

static inline void
wire_write_u16(wire_t *w, uint16_t v) {
	if (wire_need(w, 2, R_NOSPACE)) {
		w->base[w->pos] = (uint8_t)(v >> 8);
		w->base[w->pos + 1] = (uint8_t)v;
		w->pos += 2;
	}
}

static inline void
wire_write_u32(wire_t *w, uint32_t v) {
	if (wire_need(w, 4, R_NOSPACE)) {
		uint8_t *p = w->base + w->pos;
		p[0] = (uint8_t)(v >> 24);
		p[1] = (uint8_t)(v >> 16);
		p[2] = (uint8_t)(v >> 8);
		p[3] = (uint8_t)v;
		w->pos += 4;
	}
}

static inline void
wire_write_bytes(wire_t *w, const void *src, size_t n) {
	if (n > 0 && wire_need(w, n, R_NOSPACE)) {
		memcpy(w->base + w->pos, src, n);
		w->pos += n;
	}
}

/* Big-endian helpers for code that has already checked bounds. */
static inline uint16_t
be16(const uint8_t *p) {
	return (uint16_t)((p[0] << 8) | p[1]);
}
static inline uint32_t
be32(const uint8_t *p) {
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}
static inline void
put16(uint8_t *p, uint16_t v) {
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void
put32(uint8_t *p, uint32_t v) {
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
