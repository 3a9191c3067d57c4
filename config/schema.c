/*
 * schema.c - the clause table and its lookups (contract in schema.h).
 *
 * Lookups by (context, name) go through a hash index built once, because
 * a 100,000-zone file asks for a clause a few hundred thousand times.
 * The print rank mirrors how BIND groups clauses: a block's clauses come
 * from several clause sets (options-only, shared with view, shared with
 * zone...), each printed in turn, alphabetically inside a set, with a few
 * blocks (zone, logging, channel) that put particular clauses first.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/schema.h"

const conf_clause_t schema_clauses[] = {
#include "config/schema_rows.inc"
};

const unsigned schema_nclauses =
	sizeof(schema_clauses) / sizeof(schema_clauses[0]);

#define HASH_SIZE 2048 /* > 2 * (rows x contexts per row), power of 2 */

typedef struct slot {
	const conf_clause_t *c;
	uint8_t ctx;
} slot_t;

static slot_t hash_index[HASH_SIZE];
static unsigned short ranks[CTX_COUNT][sizeof(schema_clauses) /
				       sizeof(schema_clauses[0])];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static unsigned
hash_name(unsigned ctx, const char *name) {
	unsigned h = 2166136261u ^ ctx;
	for (const char *p = name; *p != '\0'; p++) {
		h = (h ^ (unsigned)tolower((unsigned char)*p)) * 16777619u;
	}
	return h;
}

/* Position of name in an explicit "print these first" list, or -1. */
static int
first_pos(conf_ctx_t ctx, const char *name) {
	static const char *const zone_first[] = { "type", NULL };
	static const char *const logging_first[] = { "channel", "category",
						      NULL };
	static const char *const channel_first[] = {
		"file",	      "syslog",		"null",		  "stderr",
		"severity",   "print-time",	"print-severity", "print-category",
		"buffered",   NULL
	};
	static const char *const tls_first[] = {
		"key-file",	 "cert-file",	   "ca-file",
		"remote-hostname", "dhparam-file", "protocols",
		"ciphers",	 "prefer-server-ciphers", "session-tickets",
		NULL
	};
	const char *const *list = NULL;
	switch (ctx) {
	case CTX_TLS:
		list = tls_first;
		break;
	case CTX_ZONE:
		list = zone_first;
		break;
	case CTX_LOGGING:
		list = logging_first;
		break;
	case CTX_CHANNEL:
		list = channel_first;
		break;
	default:
		return -1;
	}
	for (int i = 0; list[i] != NULL; i++) {
		if (strcasecmp(list[i], name) == 0) {
			return i;
		}
	}
	return -1;
}

/* Which of BIND's clause sets c belongs to, seen from ctx. */
static unsigned
clause_set(conf_ctx_t ctx, const conf_clause_t *c) {
	uint32_t m = c->ctxs;
	switch (ctx) {
	case CTX_TOP:
		return (m & CTXBIT(CTX_VIEW)) ? 1 : 0;
	case CTX_OPTIONS:
		if (m & CTXBIT(CTX_ZONE)) {
			return 2;
		}
		return (m & CTXBIT(CTX_VIEW)) ? 1 : 0;
	case CTX_VIEW:
		if (m & CTXBIT(CTX_ZONE)) {
			return 3;
		}
		if (m & CTXBIT(CTX_TOP)) {
			return 1;
		}
		return (m & CTXBIT(CTX_OPTIONS)) ? 2 : 0;
	case CTX_ZONE:
		return (m & (CTXBIT(CTX_OPTIONS) | CTXBIT(CTX_VIEW))) ? 1 : 0;
	default:
		return 0;
	}
}

#include "config/schema_order.inc"

/* Position of name in BIND's measured print order for ctx, or -1. */
static int
measured_pos(conf_ctx_t ctx, const char *name) {
	const char *const *list = ctx == CTX_OPTIONS ? order_options
				  : ctx == CTX_VIEW  ? order_view
				  : ctx == CTX_ZONE  ? order_zone
						     : NULL;
	if (list == NULL) {
		return -1;
	}
	for (int i = 0; list[i] != NULL; i++) {
		if (strcasecmp(list[i], name) == 0) {
			return i;
		}
	}
	return -1;
}

/*
 * Rank of a clause missing from the measured order: just after the
 * measured clause of the same set that precedes it alphabetically.
 */
static unsigned
measured_rank(conf_ctx_t ctx, const conf_clause_t *c) {
	int pos = measured_pos(ctx, c->name);
	if (pos >= 0) {
		return 100 + 2 * (unsigned)pos;
	}
	int best = -1;
	const char *bestname = NULL;
	unsigned set = clause_set(ctx, c);
	for (unsigned j = 0; j < schema_nclauses; j++) {
		const conf_clause_t *o = &schema_clauses[j];
		if ((o->ctxs & CTXBIT(ctx)) == 0 || clause_set(ctx, o) != set ||
		    strcmp(o->name, c->name) >= 0 ||
		    first_pos(ctx, o->name) >= 0) {
			continue; /* "type" leads the zone out of turn */
		}
		int op = measured_pos(ctx, o->name);
		if (op >= 0 && (bestname == NULL ||
				strcmp(o->name, bestname) > 0)) {
			best = op;
			bestname = o->name;
		}
	}
	return best >= 0 ? 100 + 2 * (unsigned)best + 1 : 99;
}

static void
build_index(void) {
	for (unsigned i = 0; i < schema_nclauses; i++) {
		const conf_clause_t *c = &schema_clauses[i];
		for (unsigned ctx = 0; ctx < CTX_COUNT; ctx++) {
			if ((c->ctxs & CTXBIT(ctx)) == 0) {
				continue;
			}
			unsigned h = hash_name(ctx, c->name) & (HASH_SIZE - 1);
			while (hash_index[h].c != NULL) {
				h = (h + 1) & (HASH_SIZE - 1);
			}
			hash_index[h].c = c;
			hash_index[h].ctx = (uint8_t)ctx;
			/* rank: explicit first, then set, then name order */
			int fp = first_pos((conf_ctx_t)ctx, c->name);
			unsigned before = 0;
			for (unsigned j = 0; j < schema_nclauses; j++) {
				const conf_clause_t *o = &schema_clauses[j];
				if ((o->ctxs & CTXBIT(ctx)) != 0 &&
				    clause_set((conf_ctx_t)ctx, o) ==
					    clause_set((conf_ctx_t)ctx, c) &&
				    first_pos((conf_ctx_t)ctx, o->name) < 0 &&
				    strcmp(o->name, c->name) < 0) {
					before++;
				}
			}
			if (ctx == CTX_OPTIONS || ctx == CTX_VIEW ||
			    ctx == CTX_ZONE) {
				ranks[ctx][i] = (unsigned short)measured_rank(
					(conf_ctx_t)ctx, c);
				continue;
			}
			ranks[ctx][i] =
				fp >= 0 ? (unsigned short)fp
					: (unsigned short)(
						  100 +
						  clause_set((conf_ctx_t)ctx,
							     c) * 1000 +
						  before);
		}
	}
}

const conf_clause_t *
schema_find(conf_ctx_t ctx, const char *name) {
	pthread_once(&once, build_index);
	if ((unsigned)ctx >= CTX_COUNT || name == NULL) {
		return NULL;
	}
	unsigned h = hash_name(ctx, name) & (HASH_SIZE - 1);
	while (hash_index[h].c != NULL) {
		if (hash_index[h].ctx == ctx &&
		    strcasecmp(hash_index[h].c->name, name) == 0) {
			return hash_index[h].c;
		}
		h = (h + 1) & (HASH_SIZE - 1);
	}
	return NULL;
}

const conf_clause_t *
schema_find_any(const char *name) {
	for (unsigned ctx = 0; ctx < CTX_COUNT; ctx++) {
		const conf_clause_t *c = schema_find((conf_ctx_t)ctx, name);
		if (c != NULL) {
			return c;
		}
	}
	return NULL;
}

conf_ctx_t
schema_body_ctx(const conf_clause_t *c) {
	static const struct {
		const char *name;
		conf_ctx_t ctx;
	} names[] = {
		{ "options", CTX_OPTIONS },
		{ "view", CTX_VIEW },
		{ "zone", CTX_ZONE },
		{ "logging", CTX_LOGGING },
		{ "channel", CTX_CHANNEL },
		{ "controls", CTX_CONTROLS },
		{ "statistics-channels", CTX_STATSCHAN },
		{ "key", CTX_KEY },
		{ "server", CTX_SERVER },
		{ "dnssec-policy", CTX_KASP },
		{ "http", CTX_HTTP },
		{ "tls", CTX_TLS },
		{ "dlz", CTX_DLZ },
		{ "dns64", CTX_DNS64 },
		{ "rate-limit", CTX_RRL },
		{ "rndc-options", CTX_RNDC_OPTIONS },
		{ "rndc-server", CTX_RNDC_SERVER },
	};
	if (c == NULL) {
		return CTX_COUNT;
	}
	const char *at = strchr(c->syntax, '@');
	if (at == NULL) {
		return CTX_COUNT;
	}
	at++;
	size_t len = strcspn(at, " }");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i].name) == len &&
		    strncmp(names[i].name, at, len) == 0) {
			return names[i].ctx;
		}
	}
	return CTX_COUNT;
}

uint32_t
schema_zonetype(const char *word) {
	static const struct {
		const char *name;
		uint32_t bit;
	} types[] = {
		{ "primary", ZT_PRIMARY },	 { "master", ZT_PRIMARY },
		{ "secondary", ZT_SECONDARY },	 { "slave", ZT_SECONDARY },
		{ "mirror", ZT_MIRROR },	 { "forward", ZT_FORWARD },
		{ "hint", ZT_HINT },		 { "redirect", ZT_REDIRECT },
		{ "static-stub", ZT_STATICSTUB }, { "stub", ZT_STUB },
		{ "delegation-only", ZT_DELEGATION },
	};
	if (word == NULL) {
		return 0;
	}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcasecmp(types[i].name, word) == 0) {
			return types[i].bit;
		}
	}
	return 0;
}

unsigned
schema_rank(conf_ctx_t ctx, const conf_clause_t *c) {
	pthread_once(&once, build_index);
	if (c == NULL || (unsigned)ctx >= CTX_COUNT || c < schema_clauses ||
	    c >= schema_clauses + schema_nclauses ||
	    (c->ctxs & CTXBIT(ctx)) == 0) {
		return 60000;
	}
	return ranks[ctx][c - schema_clauses];
}

const char *
schema_default(const char *name) {
	const conf_clause_t *c = schema_find(CTX_OPTIONS, name);
	return c != NULL ? c->deflt : NULL;
}
