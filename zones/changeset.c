/*
 * changeset.c - ordered list of RR changes (see changeset.h).
 *
 * Owner and rdata bytes are copied into chunks that are never moved or
 * freed before the changeset, so pointers handed out stay valid; the
 * entry array itself may be reallocated, which is why changeset_get()
 * copies an entry out instead of returning a pointer to it.
 */
#include "zones/changeset.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN 4096

typedef struct chunk {
	struct chunk *next;
	size_t used, size;
	uint8_t data[];
} chunk_t;

struct changeset {
	changeset_rr_t *rrs;
	size_t count, cap;
	size_t adds, dels;
	chunk_t *chunks;
};

result_t
changeset_create(changeset_t **out) {
	changeset_t *cs = calloc(1, sizeof(*cs));
	if (cs == NULL) {
		return R_NOMEMORY;
	}
	*out = cs;
	return R_OK;
}

void
changeset_destroy(changeset_t *cs) {
	if (cs == NULL) {
		return;
	}
	chunk_t *c = cs->chunks;
	while (c != NULL) {
		chunk_t *next = c->next;
		free(c);
		c = next;
	}
	free(cs->rrs);
	free(cs);
}

static uint8_t *
store(changeset_t *cs, const uint8_t *src, size_t len) {
	chunk_t *c = cs->chunks;
	if (c == NULL || c->size - c->used < len) {
		size_t size = len > CHUNK_MIN ? len : CHUNK_MIN;
		c = malloc(sizeof(*c) + size);
		if (c == NULL) {
			return NULL;
		}
		c->used = 0;
		c->size = size;
		c->next = cs->chunks;
		cs->chunks = c;
	}
	uint8_t *p = c->data + c->used;
	if (len > 0) {
		memcpy(p, src, len);
	}
	c->used += len;
	return p;
}

result_t
changeset_add_wire(changeset_t *cs, changeset_op_t op, const uint8_t *owner,
		   uint8_t ownerlen, uint16_t type, uint32_t ttl,
		   const uint8_t *rdata, uint16_t rdlen) {
	if (op < CHANGESET_ADD || op > CHANGESET_DELNAME) {
		return R_RANGE;
	}
	bool hasrdata = (op == CHANGESET_ADD || op == CHANGESET_DEL);
	if (!hasrdata) {
		rdlen = 0;
	}
	if (cs->count == cs->cap) {
		size_t ncap = cs->cap ? cs->cap * 2 : 16;
		changeset_rr_t *n = realloc(cs->rrs, ncap * sizeof(*n));
		if (n == NULL) {
			return R_NOMEMORY;
		}
		cs->rrs = n;
		cs->cap = ncap;
	}
	uint8_t *o = store(cs, owner, ownerlen);
	if (o == NULL) {
		return R_NOMEMORY;
	}
	uint8_t *r = NULL;
	if (hasrdata) {
		r = store(cs, rdata, rdlen);
		if (r == NULL) {
			return R_NOMEMORY;
		}
	}
	changeset_rr_t *e = &cs->rrs[cs->count++];
	e->op = op;
	e->owner = o;
	e->ownerlen = ownerlen;
	e->type = type;
	e->ttl = ttl;
	e->rdata = r;
	e->rdlen = rdlen;
	if (op == CHANGESET_ADD) {
		cs->adds++;
	} else {
		cs->dels++;
	}
	return R_OK;
}

result_t
changeset_add(changeset_t *cs, changeset_op_t op, const name_t *owner,
	      uint16_t type, uint32_t ttl, const uint8_t *rdata,
	      uint16_t rdlen) {
	return changeset_add_wire(cs, op, owner->wire, owner->length, type,
				  ttl, rdata, rdlen);
}

size_t
changeset_count(const changeset_t *cs) {
	return cs->count;
}

result_t
changeset_get(const changeset_t *cs, size_t i, changeset_rr_t *out) {
	if (i >= cs->count) {
		return R_RANGE;
	}
	*out = cs->rrs[i];
	return R_OK;
}

size_t
changeset_adds(const changeset_t *cs) {
	return cs->adds;
}

size_t
changeset_dels(const changeset_t *cs) {
	return cs->dels;
}

result_t
changeset_append(changeset_t *dst, const changeset_t *src) {
	size_t n = src->count; /* dst == src appends each entry once */
	for (size_t i = 0; i < n; i++) {
		changeset_rr_t e = src->rrs[i];
		result_t r = changeset_add_wire(dst, e.op, e.owner, e.ownerlen,
						e.type, e.ttl, e.rdata,
						e.rdlen);
		if (r != R_OK) {
			return r;
		}
	}
	return R_OK;
}
