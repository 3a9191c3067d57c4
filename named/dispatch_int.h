/*
 * dispatch_int.h - what dispatch.c shares with dispatch_chaos.c: the
 * state of one request on its way through dispatch_request().
 */
#ifndef BINDERY_NAMED_DISPATCH_INT_H
#define BINDERY_NAMED_DISPATCH_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "named/dispatch.h"
#include "named/message.h"
#include "named/querylog.h"
#include "named/render.h"
#include "named/server.h"

/* NSID (4 + up to 255 of server-id), COOKIE (4 + 24), EXPIRE (4 + 4),
 * ECS (4 + 20), keepalive (4 + 2), EDE (4 + 2). */
#define DISPATCH_OPTS_MAX \
	(4 + 255 + 4 + 24 + 4 + 4 + 4 + 20 + 4 + 2 + 4 + 2)

typedef struct dispatch_ctx {
	const srv_gen_t *gen;
	const dispatch_client_t *cl;
	message_t m;
	uint8_t *resp;
	size_t respsize;
	size_t limit; /* the response may not be longer */
	bool edns;    /* answer with an OPT record */
	/* What goes into our OPT, assembled in named's order by start(). */
	bool nsid;   /* server-id sent back */
	bool cookie; /* cookie[] sent back */
	uint8_t cookiebuf[24];
	bool keepalive; /* TCP keepalive sent back */
	bool expire;    /* EDNS EXPIRE with expire_value */
	uint32_t expire_value;
	uint8_t ecsbuf[20]; /* Client Subnet echoed with scope 0 */
	uint16_t ecslen;    /* 0: none */
	int ede;      /* extended DNS error code, -1 none */
	bool minimal; /* EDNS UDP size <= 512: named answers minimally */
	uint8_t opts[DISPATCH_OPTS_MAX];
	uint16_t optslen;
	querylog_info_t qi;
} dispatch_ctx_t;

/*
 * Answers a class CHAOS query as named's built-in "_bind" view does:
 * its zones version.bind, hostname.bind, authors.bind and id.server.
 * r holds the question already.  R_NOTFOUND if qname is in none of
 * them (the caller answers REFUSED); R_OK otherwise, with AA and the
 * rcode set and the records written.
 */
result_t dispatch_chaos(const dispatch_ctx_t *ctx, render_t *r);

/*
 * The _bind view's rate limit (3 responses a second, slip 0) applied to
 * the response r holds (or, for REFUSED, is about to hold): true if
 * named would drop it (over UDP only); the drop is logged as named logs
 * it, in category rate-limit.
 */
bool dispatch_chaos_limited(const dispatch_ctx_t *ctx, const render_t *r);

#endif
