/*
 * acl.c - compiled address match lists (see acl.h for the contract).
 *
 * Representation: elements are kept in insertion order in `elems`.
 * Prefix elements are also inserted into a per-family binary trie (one bit
 * per level); a trie node records the lowest element index whose prefix
 * ends there.  Walking the trie along the request address and taking the
 * minimum over the visited nodes gives the first prefix element that
 * matches.  Key and nested elements are few; they sit in `others` (indices
 * in ascending order) and only those before the best prefix hit need to be
 * tried.  That gives first-match-wins semantics over the whole list.
 */
#include "config/acl.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef enum { ELEM_PREFIX, ELEM_KEY, ELEM_NESTED } elem_kind_t;

typedef struct {
	elem_kind_t kind;
	bool negated;
	acl_t *inner; /* ELEM_NESTED */
	name_t *key;  /* ELEM_KEY */
} elem_t;

#define NO_ELEM UINT32_MAX

typedef struct {
	uint32_t child[2]; /* 0 = none (the root is never a child) */
	uint32_t best;     /* lowest element index ending here, or NO_ELEM */
} tnode_t;

typedef struct {
	tnode_t *nodes; /* nodes[0] is the root */
	uint32_t count, cap;
} trie_t;

struct acl {
	atomic_uint refs;
	elem_t *elems;
	uint32_t nelems, capelems;
	uint32_t *others; /* indices of key/nested elements, ascending */
	uint32_t nothers, capothers;
	trie_t trie4, trie6;
};

static void *
grow(void *p, uint32_t *cap, size_t elsize) {
	uint32_t ncap = *cap ? *cap * 2 : 8;
	void *np = realloc(p, (size_t)ncap * elsize);
	if (np == NULL) {
		abort(); /* out of memory may abort (STYLE.md) */
	}
	*cap = ncap;
	return np;
}

static uint32_t
trie_newnode(trie_t *t) {
	if (t->count == t->cap) {
		t->nodes = grow(t->nodes, &t->cap, sizeof(tnode_t));
	}
	tnode_t *n = &t->nodes[t->count];
	n->child[0] = n->child[1] = 0;
	n->best = NO_ELEM;
	return t->count++;
}

static void
trie_insert(trie_t *t, const uint8_t *addr, unsigned plen, uint32_t idx) {
	if (t->count == 0) {
		trie_newnode(t);
	}
	uint32_t cur = 0;
	for (unsigned i = 0; i < plen; i++) {
		unsigned bit = (addr[i / 8] >> (7 - i % 8)) & 1;
		if (t->nodes[cur].child[bit] == 0) {
			uint32_t n = trie_newnode(t);
			t->nodes[cur].child[bit] = n;
		}
		cur = t->nodes[cur].child[bit];
	}
	/* Elements are appended in order, so an existing entry is earlier. */
	if (t->nodes[cur].best == NO_ELEM) {
		t->nodes[cur].best = idx;
	}
}

static uint32_t
trie_lookup(const trie_t *t, const uint8_t *addr, unsigned bits) {
	if (t->count == 0) {
		return NO_ELEM;
	}
	const tnode_t *nodes = t->nodes;
	uint32_t cur = 0, best = nodes[0].best;
	/* Walk a 32-bit word at a time: one load and a shift per level. */
	for (unsigned w = 0; w < bits / 32; w++) {
		uint32_t word = (uint32_t)addr[4 * w] << 24 |
		                (uint32_t)addr[4 * w + 1] << 16 |
		                (uint32_t)addr[4 * w + 2] << 8 |
		                addr[4 * w + 3];
		for (unsigned i = 0; i < 32; i++, word <<= 1) {
			cur = nodes[cur].child[word >> 31];
			if (cur == 0) {
				return best;
			}
			if (nodes[cur].best < best) {
				best = nodes[cur].best;
			}
		}
	}
	return best;
}

result_t
acl_create(acl_t **out) {
	acl_t *a = calloc(1, sizeof(*a));
	if (a == NULL) {
		return R_NOMEMORY;
	}
	atomic_init(&a->refs, 1);
	*out = a;
	return R_OK;
}

acl_t *
acl_attach(acl_t *acl) {
	atomic_fetch_add(&acl->refs, 1);
	return acl;
}

void
acl_detach(acl_t **aclp) {
	acl_t *a = *aclp;
	*aclp = NULL;
	if (a == NULL || atomic_fetch_sub(&a->refs, 1) != 1) {
		return;
	}
	for (uint32_t i = 0; i < a->nelems; i++) {
		if (a->elems[i].kind == ELEM_NESTED) {
			acl_detach(&a->elems[i].inner);
		}
		free(a->elems[i].key);
	}
	free(a->elems);
	free(a->others);
	free(a->trie4.nodes);
	free(a->trie6.nodes);
	free(a);
}

static uint32_t
elem_append(acl_t *acl, elem_kind_t kind, bool negated) {
	if (acl->nelems == acl->capelems) {
		acl->elems = grow(acl->elems, &acl->capelems, sizeof(elem_t));
	}
	elem_t *e = &acl->elems[acl->nelems];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->negated = negated;
	if (kind != ELEM_PREFIX) {
		if (acl->nothers == acl->capothers) {
			acl->others = grow(acl->others, &acl->capothers,
			                   sizeof(uint32_t));
		}
		acl->others[acl->nothers++] = acl->nelems;
	}
	return acl->nelems++;
}

/* True if addr has no bits set past the first plen. */
static bool
prefix_clean(const uint8_t *addr, unsigned plen, unsigned width) {
	for (unsigned i = plen; i < width; i++) {
		if ((addr[i / 8] >> (7 - i % 8)) & 1) {
			return false;
		}
	}
	return true;
}

result_t
acl_add_prefix(acl_t *acl, bool negated, int family, const void *addr,
               unsigned prefixlen) {
	static const uint8_t zero[16];
	unsigned width;

	switch (family) {
	case AF_INET:
		width = 32;
		break;
	case AF_INET6:
		width = 128;
		break;
	case AF_UNSPEC:
		if (prefixlen != 0) {
			return R_RANGE;
		}
		uint32_t idx = elem_append(acl, ELEM_PREFIX, negated);
		trie_insert(&acl->trie4, zero, 0, idx);
		trie_insert(&acl->trie6, zero, 0, idx);
		return R_OK;
	default:
		return R_BADADDRESS;
	}
	if (prefixlen > width) {
		return R_RANGE;
	}
	if (!prefix_clean(addr, prefixlen, width)) {
		return R_BADADDRESS;
	}
	uint32_t idx = elem_append(acl, ELEM_PREFIX, negated);
	trie_insert(family == AF_INET ? &acl->trie4 : &acl->trie6, addr,
	            prefixlen, idx);
	return R_OK;
}

result_t
acl_add_text(acl_t *acl, bool negated, const char *text) {
	char buf[INET6_ADDRSTRLEN + 8];
	uint8_t addr[16];
	unsigned long plen;
	int family;

	if (strcmp(text, "any") == 0) {
		return acl_add_prefix(acl, negated, AF_UNSPEC, NULL, 0);
	}
	if (strcmp(text, "none") == 0) {
		return acl_add_prefix(acl, !negated, AF_UNSPEC, NULL, 0);
	}
	size_t len = strlen(text);
	if (len == 0 || len >= sizeof(buf)) {
		return R_BADADDRESS;
	}
	memcpy(buf, text, len + 1);
	char *slash = strchr(buf, '/');
	if (slash != NULL) {
		*slash = '\0';
	}
	if (inet_pton(AF_INET, buf, addr) == 1) {
		family = AF_INET;
		plen = 32;
	} else if (inet_pton(AF_INET6, buf, addr) == 1) {
		family = AF_INET6;
		plen = 128;
	} else {
		return R_BADADDRESS;
	}
	if (slash != NULL) {
		char *end;
		if (slash[1] < '0' || slash[1] > '9') {
			return R_BADADDRESS;
		}
		plen = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || plen > 128) {
			return R_RANGE;
		}
	}
	return acl_add_prefix(acl, negated, family, addr, (unsigned)plen);
}

result_t
acl_add_key(acl_t *acl, bool negated, const name_t *key) {
	name_t *copy = malloc(sizeof(*copy));
	if (copy == NULL) {
		return R_NOMEMORY;
	}
	name_copy(copy, key);
	uint32_t idx = elem_append(acl, ELEM_KEY, negated);
	acl->elems[idx].key = copy;
	return R_OK;
}

/* True if needle is hay or is nested anywhere inside hay. */
static bool
acl_contains(const acl_t *hay, const acl_t *needle, unsigned depth) {
	if (hay == needle) {
		return true;
	}
	if (depth > 64) {
		return true; /* absurdly deep: treat as a loop */
	}
	for (uint32_t i = 0; i < hay->nothers; i++) {
		const elem_t *e = &hay->elems[hay->others[i]];
		if (e->kind == ELEM_NESTED &&
		    acl_contains(e->inner, needle, depth + 1)) {
			return true;
		}
	}
	return false;
}

result_t
acl_add_nested(acl_t *acl, bool negated, acl_t *inner) {
	if (acl_contains(inner, acl, 0)) {
		return R_FAILURE;
	}
	uint32_t idx = elem_append(acl, ELEM_NESTED, negated);
	acl->elems[idx].inner = acl_attach(inner);
	return R_OK;
}

size_t
acl_count(const acl_t *acl) {
	return acl->nelems;
}

acl_verdict_t
acl_match_addr(const acl_t *acl, int family, const uint8_t *addr,
               const name_t *key) {
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0,    0,
	                                   0, 0, 0, 0, 0xff, 0xff};
	uint32_t best;

	if (family == AF_INET6 && memcmp(addr, mapped, 12) == 0) {
		family = AF_INET;
		addr += 12;
	}
	if (family == AF_INET) {
		best = trie_lookup(&acl->trie4, addr, 32);
	} else if (family == AF_INET6) {
		best = trie_lookup(&acl->trie6, addr, 128);
	} else {
		best = NO_ELEM;
	}
	for (uint32_t i = 0; i < acl->nothers && acl->others[i] < best; i++) {
		const elem_t *e = &acl->elems[acl->others[i]];
		bool hit;
		if (e->kind == ELEM_KEY) {
			hit = key != NULL && name_equal(key, e->key);
		} else {
			hit = acl_match_addr(e->inner, family, addr, key) ==
			      ACL_ALLOW;
		}
		if (hit) {
			return e->negated ? ACL_DENY : ACL_ALLOW;
		}
	}
	if (best == NO_ELEM) {
		return ACL_NOMATCH;
	}
	return acl->elems[best].negated ? ACL_DENY : ACL_ALLOW;
}

acl_verdict_t
acl_match(const acl_t *acl, const struct sockaddr *sa, const name_t *key) {
	if (sa == NULL) {
		return acl_match_addr(acl, AF_UNSPEC, NULL, key);
	}
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
		return acl_match_addr(acl, AF_INET,
		                      (const uint8_t *)&sin->sin_addr, key);
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		return acl_match_addr(acl, AF_INET6,
		                      (const uint8_t *)&s6->sin6_addr, key);
	}
	return acl_match_addr(acl, AF_UNSPEC, NULL, key);
}

bool
acl_allowed(const acl_t *acl, const struct sockaddr *sa, const name_t *key) {
	return acl_match(acl, sa, key) == ACL_ALLOW;
}

/* Number of leading one bits of a netmask of len octets. */
static unsigned
mask_len(const uint8_t *m, size_t len) {
	unsigned n = 0;
	for (size_t i = 0; i < len; i++) {
		for (int b = 7; b >= 0; b--) {
			if (((m[i] >> b) & 1) == 0) {
				return n;
			}
			n++;
		}
	}
	return n;
}

result_t
acl_interfaces_create(acl_t **localhost, acl_t **localnets) {
	struct ifaddrs *ifs = NULL;
	acl_t *lh = NULL, *ln = NULL;

	if (getifaddrs(&ifs) != 0) {
		return R_IOERROR;
	}
	if (acl_create(&lh) != R_OK || acl_create(&ln) != R_OK) {
		freeifaddrs(ifs);
		acl_detach(&lh);
		return R_NOMEMORY;
	}
	for (struct ifaddrs *i = ifs; i != NULL; i = i->ifa_next) {
		uint8_t addr[16], mask[16];
		size_t len;
		int fam;
		if (i->ifa_addr == NULL) {
			continue;
		}
		fam = i->ifa_addr->sa_family;
		if (fam == AF_INET) {
			len = 4;
			memcpy(addr,
			       &((struct sockaddr_in *)i->ifa_addr)->sin_addr,
			       4);
			if (i->ifa_netmask != NULL) {
				memcpy(mask,
				       &((struct sockaddr_in *)i->ifa_netmask)
				                ->sin_addr,
				       4);
			} else {
				memset(mask, 0xff, 4);
			}
		} else if (fam == AF_INET6) {
			len = 16;
			memcpy(addr,
			       &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr,
			       16);
			if (i->ifa_netmask != NULL) {
				memcpy(mask,
				       &((struct sockaddr_in6 *)i->ifa_netmask)
				                ->sin6_addr,
				       16);
			} else {
				memset(mask, 0xff, 16);
			}
		} else {
			continue;
		}
		(void)acl_add_prefix(lh, false, fam, addr, (unsigned)len * 8);
		for (size_t k = 0; k < len; k++) {
			addr[k] &= mask[k];
		}
		(void)acl_add_prefix(ln, false, fam, addr, mask_len(mask, len));
	}
	freeifaddrs(ifs);
	*localhost = lh;
	*localnets = ln;
	return R_OK;
}
