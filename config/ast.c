/*
 * ast.c - the configuration tree: its arena, builders used by the grammar,
 * navigation and typed value getters (contracts in ast.h / parse_int.h).
 *
 * Every node and string lives in a per-tree arena of large chunks, so a
 * 100,000-zone file costs a few hundred allocations instead of millions
 * and conf_tree_free() is one walk over the chunk list.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "config/ast.h"
#include "config/parse_int.h"

#define CHUNK_SIZE (64 * 1024)

typedef struct chunk {
	struct chunk *next;
	size_t used;
	size_t size;
	max_align_t data[]; /* size bytes */
} chunk_t;

typedef struct interned {
	struct interned *next;
	char name[];
} interned_t;

typedef struct arena {
	chunk_t *chunks;
	interned_t *names;
} arena_t;

conf_tree_t *
ast_tree_new(void) {
	conf_tree_t *t = calloc(1, sizeof(*t));
	arena_t *a = calloc(1, sizeof(*a));
	if (t == NULL || a == NULL) {
		free(t);
		free(a);
		return NULL;
	}
	t->priv = a;
	return t;
}

void *
ast_alloc(conf_tree_t *t, size_t n) {
	arena_t *a = t->priv;
	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	chunk_t *c = a->chunks;
	if (c == NULL || c->size - c->used < n) {
		size_t sz = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
		c = malloc(sizeof(*c) + sz);
		if (c == NULL) {
			abort(); /* out of memory may abort (STYLE) */
		}
		c->size = sz;
		c->used = 0;
		if (sz == n && a->chunks != NULL) {
			/* Big one-off: keep the current chunk in front. */
			c->next = a->chunks->next;
			a->chunks->next = c;
		} else {
			c->next = a->chunks;
			a->chunks = c;
		}
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *
ast_strdup(conf_tree_t *t, const char *s, size_t len) {
	char *p = ast_alloc(t, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

const char *
ast_intern(conf_tree_t *t, const char *s) {
	arena_t *a = t->priv;
	for (interned_t *i = a->names; i != NULL; i = i->next) {
		if (strcmp(i->name, s) == 0) {
			return i->name;
		}
	}
	size_t n = strlen(s);
	interned_t *i = ast_alloc(t, sizeof(*i) + n + 1);
	memcpy(i->name, s, n + 1);
	i->next = a->names;
	a->names = i;
	return i->name;
}

void
conf_tree_free(conf_tree_t **treep) {
	if (treep == NULL || *treep == NULL) {
		return;
	}
	arena_t *a = (*treep)->priv;
	chunk_t *c = a->chunks;
	while (c != NULL) {
		chunk_t *n = c->next;
		free(c);
		c = n;
	}
	free(a);
	free(*treep);
	*treep = NULL;
}

conf_block_t *
ast_block_new(conf_tree_t *t, const char *file, unsigned line) {
	conf_block_t *b = ast_alloc(t, sizeof(*b));
	b->loc.file = file;
	b->loc.line = line;
	return b;
}

static conf_nameidx_t *
block_name(const conf_block_t *b, const char *name) {
	for (size_t i = 0; i < b->nnames; i++) {
		if (strcasecmp(b->names[i].name, name) == 0) {
			return &b->names[i];
		}
	}
	return NULL;
}

void
ast_block_append(conf_tree_t *t, conf_block_t *b, conf_stmt_t *s) {
	s->next = NULL;
	s->nextsame = NULL;
	s->parent = b;
	if (b->last == NULL) {
		b->first = s;
	} else {
		b->last->next = s;
	}
	b->last = s;
	b->count++;
	if (s->name == NULL) {
		return;
	}
	conf_nameidx_t *e = block_name(b, s->name);
	if (e != NULL) {
		e->last->nextsame = s;
		e->last = s;
		return;
	}
	if (b->nnames == b->capnames) {
		size_t cap = b->capnames == 0 ? 4 : b->capnames * 2;
		conf_nameidx_t *n = ast_alloc(t, cap * sizeof(*n));
		if (b->nnames > 0) {
			memcpy(n, b->names, b->nnames * sizeof(*n));
		}
		b->names = n;
		b->capnames = cap;
	}
	e = &b->names[b->nnames++];
	e->name = s->name;
	e->first = s;
	e->last = s;
}

conf_stmt_t *
ast_stmt_new(conf_tree_t *t, const char *file, bool negated,
	     conf_plist_t *items) {
	conf_stmt_t *s = ast_alloc(t, sizeof(*s));
	s->negated = negated;
	s->nvalues = items->n;
	s->values = ast_alloc(t, items->n * sizeof(conf_value_t));
	size_t i = 0;
	for (conf_pitem_t *it = items->first; it != NULL; it = it->next) {
		s->values[i] = it->v;
		if (it->v.kind == CONF_V_BLOCK) {
			it->v.block->owner = s;
			s->values[i].block = it->v.block;
		}
		i++;
	}
	s->loc = s->values[0].loc;
	s->loc.file = file;
	s->name = s->values[0].text;
	return s;
}

/* ---- navigation ---- */

conf_stmt_t *
conf_block_find(const conf_block_t *b, const char *name) {
	if (b == NULL || name == NULL) {
		return NULL;
	}
	conf_nameidx_t *e = block_name(b, name);
	return e != NULL ? e->first : NULL;
}

conf_stmt_t *
conf_stmt_findnext(const conf_stmt_t *s) {
	return s == NULL ? NULL : s->nextsame;
}

size_t
conf_block_countname(const conf_block_t *b, const char *name) {
	size_t n = 0;
	for (conf_stmt_t *s = conf_block_find(b, name); s != NULL;
	     s = conf_stmt_findnext(s)) {
		n++;
	}
	return n;
}

const conf_value_t *
conf_stmt_arg(const conf_stmt_t *s, size_t i) {
	if (s == NULL || i + 1 >= s->nvalues) {
		return NULL;
	}
	return &s->values[i + 1];
}

size_t
conf_stmt_nargs(const conf_stmt_t *s) {
	return s == NULL || s->nvalues == 0 ? 0 : s->nvalues - 1;
}

conf_block_t *
conf_stmt_block(const conf_stmt_t *s) {
	if (s == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < s->nvalues; i++) {
		if (s->values[i].kind == CONF_V_BLOCK) {
			return s->values[i].block;
		}
	}
	return NULL;
}

const conf_value_t *
conf_stmt_keyword(const conf_stmt_t *s, const char *keyword) {
	if (s == NULL) {
		return NULL;
	}
	for (size_t i = 1; i + 1 < s->nvalues; i++) {
		if (s->values[i].kind == CONF_V_WORD &&
		    strcasecmp(s->values[i].text, keyword) == 0) {
			return &s->values[i + 1];
		}
	}
	return NULL;
}

conf_block_t *
conf_block_findblock(const conf_block_t *b, const char *name) {
	return conf_stmt_block(conf_block_find(b, name));
}

/* ---- typed values ---- */

bool
conf_value_is(const conf_value_t *v, const char *word) {
	return v != NULL && v->kind != CONF_V_BLOCK &&
	       strcasecmp(v->text, word) == 0;
}

/* Decimal digits of s[0..len) into *out; R_BADNUMBER / R_RANGE. */
static result_t
parse_u64(const char *s, size_t len, uint64_t *out) {
	if (len == 0) {
		return R_BADNUMBER;
	}
	uint64_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i])) {
			return R_BADNUMBER;
		}
		unsigned d = (unsigned)(s[i] - '0');
		if (n > (UINT64_MAX - d) / 10) {
			return R_RANGE;
		}
		n = n * 10 + d;
	}
	*out = n;
	return R_OK;
}

/*
 * BIND reads numbers C-style: "0x1f" is hex and a leading 0 means octal
 * ("0053" is 43), so the same is done here.
 */
result_t
conf_value_uint(const conf_value_t *v, uint64_t *out) {
	if (v == NULL || v->kind == CONF_V_BLOCK || v->len == 0) {
		return R_BADNUMBER;
	}
	const char *s = v->text;
	size_t len = v->len;
	unsigned base = 10;
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		len -= 2;
	} else if (len > 1 && s[0] == '0') {
		base = 8;
		s++;
		len--;
	}
	if (base == 10) {
		return parse_u64(s, len, out);
	}
	uint64_t n = 0;
	for (size_t i = 0; i < len; i++) {
		int c = tolower((unsigned char)s[i]);
		unsigned d;
		if (c >= '0' && c <= '9') {
			d = (unsigned)(c - '0');
		} else if (c >= 'a' && c <= 'f') {
			d = (unsigned)(c - 'a' + 10);
		} else {
			return R_BADNUMBER;
		}
		if (d >= base) {
			return R_BADNUMBER;
		}
		if (n > (UINT64_MAX - d) / base) {
			return R_RANGE;
		}
		n = n * base + d;
	}
	*out = n;
	return R_OK;
}

result_t
conf_value_boolean(const conf_value_t *v, bool *out) {
	if (v == NULL || v->kind == CONF_V_BLOCK) {
		return R_SYNTAX;
	}
	static const char *const yes[] = { "yes", "true", "1" };
	static const char *const no[] = { "no", "false", "0" };
	for (size_t i = 0; i < 3; i++) {
		if (strcasecmp(v->text, yes[i]) == 0) {
			*out = true;
			return R_OK;
		}
		if (strcasecmp(v->text, no[i]) == 0) {
			*out = false;
			return R_OK;
		}
	}
	return R_SYNTAX;
}

result_t
conf_value_size(const conf_value_t *v, uint64_t *out) {
	if (v == NULL || v->kind == CONF_V_BLOCK) {
		return R_SYNTAX;
	}
	if (strcasecmp(v->text, "unlimited") == 0) {
		*out = CONF_SIZE_UNLIMITED;
		return R_OK;
	}
	if (strcasecmp(v->text, "default") == 0) {
		*out = CONF_SIZE_DEFAULT;
		return R_OK;
	}
	size_t len = v->len;
	unsigned shift = 0;
	if (len > 0) {
		switch (tolower((unsigned char)v->text[len - 1])) {
		case 'k':
			shift = 10;
			break;
		case 'm':
			shift = 20;
			break;
		case 'g':
			shift = 30;
			break;
		default:
			break;
		}
	}
	if (shift != 0) {
		len--;
	}
	uint64_t n;
	result_t r = parse_u64(v->text, len, &n);
	if (r != R_OK) {
		return r == R_RANGE ? R_RANGE : R_SYNTAX;
	}
	if (shift != 0 && n > (UINT64_MAX >> shift)) {
		return R_RANGE;
	}
	*out = n << shift;
	return R_OK;
}

result_t
conf_value_percentage(const conf_value_t *v, uint32_t *out) {
	if (v == NULL || v->kind == CONF_V_BLOCK || v->len < 2 ||
	    v->text[v->len - 1] != '%') {
		return R_SYNTAX;
	}
	uint64_t n;
	result_t r = parse_u64(v->text, v->len - 1, &n);
	if (r != R_OK) {
		return r == R_RANGE ? R_RANGE : R_SYNTAX;
	}
	if (n > UINT32_MAX) {
		return R_RANGE;
	}
	*out = (uint32_t)n;
	return R_OK;
}

/* TTL-style text: digits, or groups of digits each followed by a unit. */
static result_t
duration_ttl(const char *s, size_t len, uint64_t *out) {
	uint64_t total = 0;
	size_t i = 0;
	if (len == 0) {
		return R_SYNTAX;
	}
	while (i < len) {
		size_t start = i;
		while (i < len && isdigit((unsigned char)s[i])) {
			i++;
		}
		if (i == start) {
			return R_SYNTAX;
		}
		uint64_t n;
		if (parse_u64(s + start, i - start, &n) != R_OK) {
			return R_RANGE;
		}
		uint64_t mult = 1;
		if (i < len) {
			switch (tolower((unsigned char)s[i])) {
			case 'w':
				mult = 604800;
				break;
			case 'd':
				mult = 86400;
				break;
			case 'h':
				mult = 3600;
				break;
			case 'm':
				mult = 60;
				break;
			case 's':
				mult = 1;
				break;
			default:
				return R_SYNTAX;
			}
			i++;
		} else if (start != 0) {
			return R_SYNTAX; /* "1h30" has no unit on 30 */
		}
		if (n > UINT32_MAX) {
			return R_RANGE;
		}
		total += n * mult;
		if (total > UINT32_MAX) {
			return R_RANGE;
		}
	}
	*out = total;
	return R_OK;
}

/* ISO 8601 duration: P[nY][nM][nW][nD][T[nH][nM][nS]]. */
static result_t
duration_iso(const char *s, size_t len, uint64_t *out) {
	static const char date_units[] = "YMWD";
	static const uint64_t date_mult[] = { 31536000, 2592000, 604800,
					      86400 };
	static const char time_units[] = "HMS";
	static const uint64_t time_mult[] = { 3600, 60, 1 };
	size_t i = 1; /* past the P */
	bool in_time = false, any = false;
	size_t next_unit = 0; /* units must come in order */
	uint64_t total = 0;
	while (i < len) {
		char c = (char)toupper((unsigned char)s[i]);
		if (c == 'T' && !in_time) {
			in_time = true;
			next_unit = 0;
			i++;
			if (i == len) {
				return R_SYNTAX;
			}
			continue;
		}
		size_t start = i;
		while (i < len && isdigit((unsigned char)s[i])) {
			i++;
		}
		if (i == start || i == len) {
			return R_SYNTAX;
		}
		uint64_t n;
		if (parse_u64(s + start, i - start, &n) != R_OK ||
		    n > UINT32_MAX) {
			return R_RANGE;
		}
		c = (char)toupper((unsigned char)s[i]);
		const char *units = in_time ? time_units : date_units;
		const uint64_t *mult = in_time ? time_mult : date_mult;
		const char *u = strchr(units + next_unit, c);
		if (c == '\0' || u == NULL) {
			return R_SYNTAX;
		}
		size_t idx = (size_t)(u - units);
		next_unit = idx + 1;
		total += n * mult[idx];
		if (total > UINT32_MAX) {
			return R_RANGE;
		}
		any = true;
		i++;
	}
	if (!any) {
		return R_SYNTAX;
	}
	*out = total;
	return R_OK;
}

result_t
conf_value_duration(const conf_value_t *v, uint32_t *out) {
	if (v == NULL || v->kind == CONF_V_BLOCK || v->len == 0) {
		return R_SYNTAX;
	}
	uint64_t n;
	result_t r;
	if (v->text[0] == 'P' || v->text[0] == 'p') {
		r = duration_iso(v->text, v->len, &n);
	} else {
		r = duration_ttl(v->text, v->len, &n);
	}
	if (r != R_OK) {
		return r;
	}
	*out = (uint32_t)n;
	return R_OK;
}

result_t
conf_value_address(const conf_value_t *v, conf_addr_t *out) {
	if (v == NULL || v->kind == CONF_V_BLOCK || v->len == 0 ||
	    v->len >= 64) {
		return R_BADADDRESS;
	}
	conf_addr_t a;
	memset(&a, 0, sizeof(a));
	char buf[64];
	memcpy(buf, v->text, v->len + 1);
	if (strchr(buf, ':') != NULL) {
		char *pct = strchr(buf, '%');
		if (pct != NULL) {
			uint64_t scope;
			*pct = '\0';
			if (parse_u64(pct + 1, strlen(pct + 1), &scope) !=
				    R_OK ||
			    scope > UINT32_MAX) {
				return R_BADADDRESS;
			}
			a.scope = (uint32_t)scope;
		}
		if (inet_pton(AF_INET6, buf, a.addr) != 1) {
			return R_BADADDRESS;
		}
		a.family = AF_INET6;
		a.prefixlen = 128;
	} else {
		if (inet_pton(AF_INET, buf, a.addr) != 1) {
			return R_BADADDRESS;
		}
		a.family = AF_INET;
		a.prefixlen = 32;
	}
	*out = a;
	return R_OK;
}

/* BIND's short IPv4 prefixes: "10", "10.1", "10.1.2" before the slash. */
static result_t
short_ipv4(const char *s, size_t len, uint8_t addr[4], unsigned *octets) {
	unsigned n = 0;
	size_t i = 0;
	memset(addr, 0, 4);
	while (i < len) {
		size_t start = i;
		unsigned val = 0;
		while (i < len && isdigit((unsigned char)s[i])) {
			val = val * 10 + (unsigned)(s[i] - '0');
			if (val > 255 || i - start >= 3) {
				return R_BADADDRESS;
			}
			i++;
		}
		if (i == start || n == 4) {
			return R_BADADDRESS;
		}
		addr[n++] = (uint8_t)val;
		if (i < len) {
			if (s[i] != '.' || i + 1 == len) {
				return R_BADADDRESS;
			}
			i++;
		}
	}
	if (n == 0) {
		return R_BADADDRESS;
	}
	*octets = n;
	return R_OK;
}

result_t
conf_value_prefix(const conf_value_t *v, conf_addr_t *out) {
	if (v == NULL || v->kind == CONF_V_BLOCK || v->len == 0 ||
	    v->len >= 64) {
		return R_BADADDRESS;
	}
	const char *slash = strchr(v->text, '/');
	if (slash == NULL) {
		return conf_value_address(v, out);
	}
	size_t alen = (size_t)(slash - v->text);
	uint64_t plen;
	if (parse_u64(slash + 1, strlen(slash + 1), &plen) != R_OK) {
		return R_BADADDRESS;
	}
	conf_addr_t a;
	memset(&a, 0, sizeof(a));
	conf_value_t tmp = *v;
	char buf[64];
	memcpy(buf, v->text, alen);
	buf[alen] = '\0';
	tmp.text = buf;
	tmp.len = alen;
	if (conf_value_address(&tmp, &a) != R_OK) {
		unsigned octets;
		if (short_ipv4(buf, alen, a.addr, &octets) != R_OK) {
			return R_BADADDRESS;
		}
		a.family = AF_INET;
	}
	unsigned max = a.family == AF_INET ? 32 : 128;
	if (plen > max) {
		return R_RANGE;
	}
	a.prefixlen = (unsigned)plen;
	a.has_prefix = true;
	/* Host bits beyond the prefix must be zero. */
	for (unsigned bit = a.prefixlen; bit < max; bit++) {
		if (a.addr[bit / 8] & (0x80 >> (bit % 8))) {
			return R_RANGE;
		}
	}
	*out = a;
	return R_OK;
}

result_t
conf_aml_elem(const conf_stmt_t *s, conf_aml_elem_t *out) {
	if (s == NULL || s->nvalues == 0) {
		return R_SYNTAX;
	}
	conf_aml_elem_t e;
	memset(&e, 0, sizeof(e));
	e.negated = s->negated;
	const conf_value_t *v = &s->values[0];
	if (v->kind == CONF_V_BLOCK) {
		if (s->nvalues != 1) {
			return R_SYNTAX;
		}
		e.kind = CONF_AML_NESTED;
		e.nested = v->block;
	} else if (v->kind == CONF_V_WORD && strcasecmp(v->text, "key") == 0 &&
		   s->nvalues == 2 && s->values[1].kind != CONF_V_BLOCK) {
		e.kind = CONF_AML_KEY;
		e.name = s->values[1].text;
	} else if (v->kind == CONF_V_WORD &&
		   strcasecmp(v->text, "geoip") == 0 && s->nvalues >= 3) {
		e.kind = CONF_AML_GEOIP;
	} else if (s->nvalues != 1) {
		return R_SYNTAX;
	} else {
		result_t r = v->kind == CONF_V_WORD
				     ? conf_value_prefix(v, &e.addr)
				     : R_BADADDRESS;
		if (r == R_RANGE) {
			return R_RANGE; /* looks like a prefix, but is bad */
		}
		e.kind = r == R_OK ? CONF_AML_PREFIX : CONF_AML_NAME;
		e.name = r == R_OK ? NULL : v->text;
	}
	*out = e;
	return R_OK;
}
