/*
 * dispatch.c - one request in, one response out (see dispatch.h).
 *
 * The steps and their order are named 9.18's, as observed on the wire
 * and in its logs (Debian 9.18.49):
 *
 *  1. blackhole: silence, before anything is read.
 *  2. parse: short header or QR -> silence; parse error -> FORMERR
 *     (render_formerr(): no OPT unless the OPT's options were bad; for
 *     other opcodes than QUERY no RD/CD, no question unless NOTIFY or
 *     UPDATE).
 *  3. EDNS: version > 0 -> BADVERS (question, bare OPT, no options, not
 *     logged); else note the client's UDP size (at least 512), COOKIE
 *     (checked against our secret), NSID, TCP keepalive.
 *  4. no question: a QUERY with a COOKIE is a cookie-only query (NOERROR,
 *     just the OPT); otherwise FORMERR (NOTIMP for unknown opcodes).
 *  5. opcodes other than QUERY, NOTIFY, UPDATE -> NOTIMP, no question,
 *     only QR set.
 *  6. class 0, NONE or ANY -> FORMERR with the question, not logged;
 *     a class other than IN, CH, HS -> NOTIMP likewise.
 *  7. view: first view of the question's class whose match-clients,
 *     match-destinations and match-recursive-only accept the request;
 *     class CH falls back to the built-in _bind view (dispatch_chaos.c,
 *     with its rate limit) when named.conf has no CH view; none ->
 *     REFUSED with EDE 18 (Prohibited).
 *  8. TSIG: not verified yet (the TSIG module comes later), so every
 *     signed request is answered as named answers an unknown key: a TSIG
 *     record carrying BADKEY and no MAC, rcode NOTAUTH (REFUSED if no
 *     view took it).
 *  9. more than one question -> FORMERR with all of them, logged (for
 *     QUERY) as "query failed (FORMERR) at query.c:12354"; none (the
 *     class came from a record) -> SERVFAIL, as named fails then.  NOTIFY and
 *     UPDATE are answered here (answer_notify_update()).
 * 10. query log line; meta types: MAILA/MAILB -> NOTIMP, TKEY, OPT and
 *     the rest of 128-255 -> FORMERR, AXFR/IXFR -> NOTAUTH off an apex, FORMERR
 * for AXFR over UDP or IXFR without SOA, else REFUSED until xfer-out exists.
 * 11. zone: deepest zone of the view holding qname, none -> REFUSED;
 *     allow-query and allow-query-on (zone's, else view's, else any),
 *     denied -> REFUSED with EDE 18 and named's security log line.
 * 12. EDNS EXPIRE for a primary's SOA; query_answer() fills the
 *     sections (minimal-responses forced to yes when the client's EDNS
 *     buffer is 512 or less, as named does); render_finish().
 *
 * Our OPT's options, errors included, in named's order: NSID, COOKIE,
 * EXPIRE, TCP keepalive (TCP only), EDE.
 * Flags of every answer: QR, and for QUERY the request's RD and CD.
 * Size: TCP 65535; UDP without EDNS 512; with EDNS the client's size
 * (512 at least), cut to max-udp-size.  Our OPT advertises
 * edns-udp-size.
 */
#include "named/dispatch.h"

#include <string.h>
#include <time.h>

#include "named/cookie.h"
#include "named/dispatch_int.h"
#include "named/log.h"
#include "named/query.h"
#include "zones/db.h"
#include "zones/rdata.h"
#include "zones/zonetable.h"

#define OPCODE_QUERY  0
#define OPCODE_NOTIFY 4
#define OPCODE_UPDATE 5

#define RCODE_NOERROR  0
#define RCODE_FORMERR  1
#define RCODE_SERVFAIL 2
#define RCODE_NXDOMAIN 3
#define RCODE_NOTIMP   4
#define RCODE_REFUSED  5
#define RCODE_NOTAUTH  9
#define RCODE_BADVERS  16

#define OPT_ECS        8
#define OPT_EXPIRE     9
#define OPT_EDE        15
#define EDE_PROHIBITED 18

#define TSIG_BADKEY 17
#define TSIG_FUDGE  300

#define UDP_MIN 512

#define RRTYPE_MAILB 253
#define RRTYPE_MAILA 254

static const char *const rcode_text[] = {
        "NOERROR",  "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
        "YXDOMAIN", "YXRRSET", "NXRRSET",  "NOTAUTH",  "NOTZONE",
};

static void
put16(uint8_t *p, uint16_t v) {
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Appends one EDNS option to the response's list (always fits: the
 * buffer is sized for every option named adds). */
static void
opt_add(dispatch_ctx_t *ctx, uint16_t code, const void *data, uint16_t len) {
	if ((size_t)ctx->optslen + 4 + len > sizeof(ctx->opts)) {
		return;
	}
	put16(ctx->opts + ctx->optslen, code);
	put16(ctx->opts + ctx->optslen + 2, len);
	if (len > 0) {
		memcpy(ctx->opts + ctx->optslen + 4, data, len);
	}
	ctx->optslen += 4 + len;
}

/* The options of our OPT in named's order: NSID, COOKIE, EXPIRE,
 * Client Subnet, keepalive, extended error. */
static void
build_opts(dispatch_ctx_t *ctx) {
	const srv_gen_t *gen = ctx->gen;

	ctx->optslen = 0;
	if (ctx->nsid) {
		size_t n = strlen(gen->server_id);
		opt_add(ctx, MESSAGE_OPT_NSID, gen->server_id,
		        (uint16_t)(n > 255 ? 255 : n));
	}
	if (ctx->cookie) {
		opt_add(ctx, MESSAGE_OPT_COOKIE, ctx->cookiebuf,
		        sizeof(ctx->cookiebuf));
	}
	if (ctx->expire) {
		uint8_t v[4] = {(uint8_t)(ctx->expire_value >> 24),
		                (uint8_t)(ctx->expire_value >> 16),
		                (uint8_t)(ctx->expire_value >> 8),
		                (uint8_t)ctx->expire_value};
		opt_add(ctx, OPT_EXPIRE, v, 4);
	}
	if (ctx->ecslen > 0) {
		opt_add(ctx, OPT_ECS, ctx->ecsbuf, ctx->ecslen);
	}
	if (ctx->keepalive) {
		uint8_t t[2];
		unsigned v = gen->tcp_advertised_timeout;
		put16(t, (uint16_t)(v > 65535 ? 65535 : v));
		opt_add(ctx, MESSAGE_OPT_KEEPALIVE, t, 2);
	}
	if (ctx->ede >= 0) {
		uint8_t c[2];
		put16(c, (uint16_t)ctx->ede);
		opt_add(ctx, OPT_EDE, c, 2);
	}
}

/* The flags every answer carries (render_init() drops opcode/rcode). */
static uint16_t
reply_flags(const message_t *m) {
	uint16_t f = MESSAGE_F_QR;

	if (m->opcode == OPCODE_QUERY) {
		f |= m->flags & (MESSAGE_F_RD | MESSAGE_F_CD);
	}
	return f;
}

/* Starts the response: header fields and, when the request had EDNS,
 * our OPT with the options gathered so far. */
static result_t
start(dispatch_ctx_t *ctx, render_t *r, bool with_opts) {
	result_t res;

	res = render_init(r, ctx->resp, ctx->respsize, ctx->limit, ctx->m.id,
	                  ctx->m.opcode, reply_flags(&ctx->m));
	if (res != R_OK || !ctx->edns) {
		return res;
	}
	build_opts(ctx);
	render_edns_t e = {
	        .udp_size = ctx->gen->edns_udp_size,
	        .version = 0,
	        .dnssec_ok = ctx->m.dnssec_ok,
	        .options = with_opts ? ctx->opts : NULL,
	        .options_len = with_opts ? ctx->optslen : 0,
	};
	return render_set_edns(r, &e);
}

/* Echoes every question of the request (they parsed, so reading them
 * again cannot fail, but a failure just stops the echo). */
static void
echo_questions(const dispatch_ctx_t *ctx, render_t *r) {
	const message_t *m = &ctx->m;
	size_t pos = m->section[MESSAGE_SEC_QUESTION];
	name_t n;

	for (unsigned i = 0; i < m->counts[MESSAGE_SEC_QUESTION]; i++) {
		if (name_fromwire(&n, m->wire, m->len, &pos) != R_OK ||
		    pos + 4 > m->len) {
			return;
		}
		uint16_t t = (uint16_t)((m->wire[pos] << 8) | m->wire[pos + 1]);
		uint16_t c =
		        (uint16_t)((m->wire[pos + 2] << 8) | m->wire[pos + 3]);
		pos += 4;
		if (render_question(r, &n, t, c) != R_OK) {
			return;
		}
	}
}

static size_t
finish(render_t *r) {
	size_t len = 0;

	if (render_finish(r, &len) != R_OK) {
		return 0;
	}
	return len;
}

/*
 * An answer with no records: rcode, the questions when named keeps them
 * (QUERY, NOTIFY and UPDATE; not for opcodes it does not implement), and
 * the OPT.
 */
static size_t
respond_rcode(dispatch_ctx_t *ctx, uint16_t rcode, bool with_opts) {
	render_t r;

	if (start(ctx, &r, with_opts) != R_OK) {
		return 0;
	}
	render_set_rcode(&r, rcode);
	if (ctx->m.opcode == OPCODE_QUERY || ctx->m.opcode == OPCODE_NOTIFY ||
	    ctx->m.opcode == OPCODE_UPDATE)
	{
		echo_questions(ctx, &r);
	}
	return finish(&r);
}

/* "NAME/CLASS/TYPE" (order "class/type" for query failures, "type/class"
 * for denials, as named has them). */
static void
log_failed(const dispatch_ctx_t *ctx, uint16_t rcode, unsigned line) {
	char name[NAME_MAXTEXT], cls[16], typ[16];

	if (name_totext(&ctx->m.qname, NULL, true, name, sizeof(name), NULL) !=
	    R_OK) {
		name[0] = '\0';
	}
	querylog_client(&ctx->qi, LOG_CAT_QUERY_ERRORS, LOG_SEV_INFO,
	                "query failed (%s) for %s/%s/%s at query.c:%u",
	                rcode_text[rcode], name,
	                rrclass_totext(ctx->m.qclass, cls),
	                rrtype_totext(ctx->m.qtype, typ), line);
}

/*
 * The TSIG answer named gives a request signed with a key it does not
 * have: rcode (NOTAUTH, or REFUSED when no view took the request), the
 * question, and a TSIG record with the request's key and algorithm
 * names, the current time, fudge 300, no MAC, the request's id and
 * error BADKEY.
 */
static size_t
respond_badkey(dispatch_ctx_t *ctx, uint16_t rcode) {
	const message_t *m = &ctx->m;
	name_t key, alg;
	size_t pos = m->tsig_rr.owner, len = 0, need;
	render_t r;
	uint64_t now = (uint64_t)time(NULL);
	char keytext[NAME_MAXTEXT];

	if (name_fromwire(&key, m->wire, m->len, &pos) != R_OK) {
		return 0;
	}
	pos = m->tsig_rr.rdata;
	if (name_fromwire(&alg, m->wire, m->len, &pos) != R_OK) {
		return 0;
	}
	if (name_totext(&key, NULL, true, keytext, sizeof(keytext), NULL) !=
	    R_OK) {
		keytext[0] = '\0';
	}
	/* named checks the signature with the chosen view's keys: with no
	 * view it says nothing. */
	if (rcode == RCODE_NOTAUTH) {
		querylog_client(&ctx->qi, LOG_CAT_SECURITY, LOG_SEV_ERROR,
		                "request has invalid signature: TSIG %s: tsig "
		                "verify failure (BADKEY)",
		                keytext);
	}
	/* named logs the key name as sent and answers with both names in
	 * lower case. */
	name_downcase(&key);
	name_downcase(&alg);
	need = key.length + 10 + alg.length + 16;
	if (start(ctx, &r, true) != R_OK || render_reserve(&r, need) != R_OK) {
		return 0;
	}
	render_set_rcode(&r, rcode);
	echo_questions(ctx, &r);
	if (render_finish(&r, &len) != R_OK || len + need > ctx->respsize) {
		return 0;
	}
	uint8_t *p = ctx->resp + len;
	memcpy(p, key.wire, key.length);
	p += key.length;
	put16(p, RRTYPE_TSIG);
	put16(p + 2, RRCLASS_ANY);
	memset(p + 4, 0, 4); /* TTL */
	put16(p + 8, (uint16_t)(alg.length + 16));
	p += 10;
	memcpy(p, alg.wire, alg.length);
	p += alg.length;
	put16(p, (uint16_t)(now >> 32));
	put16(p + 2, (uint16_t)(now >> 16));
	put16(p + 4, (uint16_t)now);
	put16(p + 6, TSIG_FUDGE);
	put16(p + 8, 0); /* MAC size */
	put16(p + 10, m->id);
	put16(p + 12, TSIG_BADKEY);
	put16(p + 14, 0); /* other len */
	put16(ctx->resp + 10,
	      (uint16_t)(((ctx->resp[10] << 8) | ctx->resp[11]) + 1));
	return len + need;
}

/*
 * EDNS Client Subnet (RFC 7871; message_parse() checked its form): a
 * query must leave SCOPE PREFIX-LENGTH 0, else named answers FORMERR
 * with the question and no OPT; otherwise it echoes the option with
 * scope 0 (an authoritative answer that does not vary by subnet) and
 * logs it on the query line.  Returns false when answered already.
 */
static bool
process_ecs(dispatch_ctx_t *ctx, size_t *out) {
	const message_t *m = &ctx->m;
	size_t off;
	uint16_t len;

	if (message_opt_find(m, OPT_ECS, &off, &len) != R_OK || len < 4 ||
	    len > sizeof(ctx->ecsbuf))
	{
		return true;
	}
	if (m->wire[off + 3] != 0) {
		ctx->edns = false;
		*out = respond_rcode(ctx, RCODE_FORMERR, false);
		return false;
	}
	memcpy(ctx->ecsbuf, m->wire + off, len);
	ctx->ecslen = len;
	ctx->qi.ecs = ctx->ecsbuf;
	ctx->qi.ecslen = len;
	return true;
}

/* Step 3: EDNS.  Returns false when the request is answered already
 * (BADVERS; *out holds the length). */
static bool
process_edns(dispatch_ctx_t *ctx, size_t *out) {
	const message_t *m = &ctx->m;
	const srv_gen_t *gen = ctx->gen;
	const dispatch_client_t *cl = ctx->cl;
	size_t udp;

	if (!m->has_opt) {
		ctx->qi.edns_version = -1;
		if (!cl->tcp) {
			ctx->limit = UDP_MIN;
		}
		return true;
	}
	ctx->edns = true;
	ctx->qi.edns_version = m->edns_version;
	if (m->edns_version > 0) {
		*out = respond_rcode(ctx, RCODE_BADVERS, false);
		return false;
	}
	udp = m->udp_size < UDP_MIN ? UDP_MIN : m->udp_size;
	if (udp > gen->max_udp_size && gen->max_udp_size >= UDP_MIN) {
		udp = gen->max_udp_size;
	}
	if (!cl->tcp) {
		ctx->limit = udp;
	}
	ctx->minimal = !cl->tcp && m->udp_size <= UDP_MIN;
	ctx->nsid = m->has_nsid && gen->server_id != NULL;
	if (m->has_cookie && m->cookie_len >= COOKIE_CLIENT_LEN) {
		const uint8_t *secret = gen->cookie_secret;
		size_t secretlen = gen->cookie_secret_len;
		uint32_t now = (uint32_t)time(NULL);

		if (secretlen == 0) {
			secret = cookie_default_secret();
			secretlen = COOKIE_SECRET_LEN;
		}
		ctx->qi.cookie_sent = true;
		ctx->qi.cookie_valid =
		        cookie_check(secret, secretlen, m->wire + m->cookie,
		                     m->cookie_len, now, cl->peer);
		ctx->cookie =
		        gen->answer_cookie &&
		        cookie_make(secret, secretlen, m->wire + m->cookie, now,
		                    cl->peer, ctx->cookiebuf) == R_OK;
	}
	ctx->keepalive = m->has_keepalive && cl->tcp;
	return process_ecs(ctx, out);
}

/*
 * The request's class as named determines it: the question's, or with
 * no question the first record's that is not OPT, TSIG or SIG(0); 0 if
 * there is none.
 */
static uint16_t
message_class(const message_t *m) {
	message_rr_t rr;
	size_t pos;

	if (m->counts[MESSAGE_SEC_QUESTION] > 0) {
		return m->qclass;
	}
	pos = m->section[MESSAGE_SEC_ANSWER];
	for (unsigned s = MESSAGE_SEC_ANSWER; s <= MESSAGE_SEC_ADDITIONAL; s++)
	{
		for (unsigned i = 0; i < m->counts[s]; i++) {
			size_t start = pos;
			if (message_rr_read(m, &pos, &rr) != R_OK) {
				return 0;
			}
			if (rr.type == RRTYPE_OPT || rr.type == RRTYPE_TSIG ||
			    ((m->has_tsig || m->has_sig0) && start == m->tsig))
			{
				continue;
			}
			return rr.rclass;
		}
	}
	return 0;
}

/* Step 7: the first view that takes the request, or NULL.  *chaos is
 * set when the built-in CH view takes it. */
static const srv_view_t *
select_view(const dispatch_ctx_t *ctx, uint16_t rdclass, bool *chaos) {
	const srv_gen_t *gen = ctx->gen;
	const message_t *m = &ctx->m;
	bool ch_view = false;

	*chaos = false;
	for (size_t i = 0; i < gen->nviews; i++) {
		const srv_view_t *v = gen->views[i];
		if (v == NULL) {
			continue;
		}
		if (v->rclass == RRCLASS_CH) {
			ch_view = true;
		}
		if (v->rclass != rdclass) {
			continue;
		}
		if (v->match_clients != NULL &&
		    !acl_allowed(v->match_clients, ctx->cl->peer, NULL))
		{
			continue;
		}
		if (v->match_destinations != NULL &&
		    !acl_allowed(v->match_destinations, ctx->cl->local, NULL))
		{
			continue;
		}
		if (v->match_recursive_only &&
		    ((m->flags & MESSAGE_F_RD) == 0 || !v->recursion))
		{
			continue;
		}
		return v;
	}
	*chaos = rdclass == RRCLASS_CH && !ch_view;
	return NULL;
}

/* Step 11's ACLs: the zone's list, else the view's, else allowed. */
static bool
query_allowed(const dispatch_ctx_t *ctx, const srv_view_t *view,
              const srv_zone_t *zone) {
	const acl_t *aq = zone->allow_query != NULL ? zone->allow_query
	                                            : view->allow_query;
	const acl_t *aqo = zone->allow_query_on != NULL ? zone->allow_query_on
	                                                : view->allow_query_on;

	if (aq != NULL && !acl_allowed(aq, ctx->cl->peer, NULL)) {
		return false;
	}
	if (aqo != NULL && !acl_allowed(aqo, ctx->cl->local, NULL)) {
		return false;
	}
	return true;
}

/*
 * The _bind view has no allow-query of its own: the options' lists
 * apply.  srv_gen_t does not carry them apart; without explicit views
 * the implicit "_default" view's lists are exactly the options', so
 * those are used (with explicit views the CH zones stay open).
 */
static bool
chaos_allowed(const dispatch_ctx_t *ctx) {
	const srv_gen_t *gen = ctx->gen;

	for (size_t i = 0; i < gen->nviews; i++) {
		const srv_view_t *v = gen->views[i];
		if (v == NULL || v->name == NULL ||
		    strcmp(v->name, "_default") != 0) {
			continue;
		}
		if (v->allow_query != NULL &&
		    !acl_allowed(v->allow_query, ctx->cl->peer, NULL)) {
			return false;
		}
		if (v->allow_query_on != NULL &&
		    !acl_allowed(v->allow_query_on, ctx->cl->local, NULL))
		{
			return false;
		}
	}
	return true;
}

static size_t
refuse_denied(dispatch_ctx_t *ctx) {
	char name[NAME_MAXTEXT], cls[16], typ[16];

	if (name_totext(&ctx->m.qname, NULL, true, name, sizeof(name), NULL) !=
	    R_OK) {
		name[0] = '\0';
	}
	querylog_client(&ctx->qi, LOG_CAT_SECURITY, LOG_SEV_INFO,
	                "query '%s/%s/%s' denied", name,
	                rrtype_totext(ctx->m.qtype, typ),
	                rrclass_totext(ctx->m.qclass, cls));
	log_failed(ctx, RCODE_REFUSED, 5708);
	ctx->ede = EDE_PROHIBITED;
	return respond_rcode(ctx, RCODE_REFUSED, true);
}

/* The zone whose apex is qname, in the view (NULL if none). */
static const srv_zone_t *
apex_zone(const srv_view_t *view, const name_t *qname,
          zonetable_match_t *match) {
	const srv_zone_t *z;

	if (view == NULL || view->zones == NULL ||
	    zonetable_find_exact(view->zones, qname, match) != R_OK)
	{
		return NULL;
	}
	z = match->zone;
	if (z != NULL && (z->type == CFG_ZONE_FORWARD ||
	                  z->type == CFG_ZONE_HINT ||
	                  z->type == CFG_ZONE_REDIRECT))
	{
		return NULL; /* not in named's zone table */
	}
	return z;
}

static void
name_text(const name_t *n, char buf[NAME_MAXTEXT]) {
	if (name_totext(n, NULL, true, buf, NAME_MAXTEXT, NULL) != R_OK) {
		buf[0] = '\0';
	}
}

/*
 * NOTIFY and UPDATE, as far as named answers them without the zone
 * maintenance and update modules (which come later): the question must
 * be a zone's SOA (else FORMERR), the zone must be one of the view's
 * (else NOTAUTH); then a NOTIFY for a primary zone is acknowledged
 * (NOERROR, AA) and an UPDATE is refused (no allow-update yet).
 */
static size_t
answer_notify_update(dispatch_ctx_t *ctx, const srv_view_t *view) {
	const message_t *m = &ctx->m;
	bool notify = m->opcode == OPCODE_NOTIFY;
	zonetable_match_t match;
	const srv_zone_t *zone;
	char name[NAME_MAXTEXT], cls[16];
	render_t r;

	ctx->qi.qname = NULL; /* named names no question in these lines */
	name_text(&m->qname, name);
	if (m->qtype != RRTYPE_SOA) {
		if (notify) {
			querylog_client(&ctx->qi, LOG_CAT_NOTIFY, LOG_SEV_INFO,
			                "notify question section contains no "
			                "SOA");
		} else {
			querylog_client(&ctx->qi, LOG_CAT_UPDATE, LOG_SEV_INFO,
			                "update failed: update zone section "
			                "contains non-SOA (FORMERR)");
		}
		return respond_rcode(ctx, RCODE_FORMERR, true);
	}
	zone = apex_zone(view, &m->qname, &match);
	if (zone == NULL) {
		if (notify) {
			querylog_client(&ctx->qi, LOG_CAT_NOTIFY, LOG_SEV_INFO,
			                "received notify for zone '%s': not "
			                "authoritative",
			                name);
		} else {
			querylog_client(&ctx->qi, LOG_CAT_UPDATE, LOG_SEV_INFO,
			                "update failed: %s: not authoritative "
			                "for update zone (NOTAUTH)",
			                name);
		}
		return respond_rcode(ctx, RCODE_NOTAUTH, true);
	}
	if (!notify) {
		querylog_client(&ctx->qi, LOG_CAT_UPDATE_SECURITY, LOG_SEV_INFO,
		                "update '%s/%s' denied", name,
		                rrclass_totext(m->qclass, cls));
		return respond_rcode(ctx, RCODE_REFUSED, true);
	}
	querylog_client(&ctx->qi, LOG_CAT_NOTIFY, LOG_SEV_INFO,
	                "received notify for zone '%s'", name);
	if (start(ctx, &r, true) != R_OK) {
		return 0;
	}
	r.flags |= MESSAGE_F_AA;
	echo_questions(ctx, &r);
	return finish(&r);
}

/*
 * The deepest zone of the view holding qname that named would answer
 * from.  Forward zones (and hint and redirect zones, should the table
 * hold them) are not in named's zone table: a name under one belongs
 * to the zone above it, if any.  match->exact is relative to qname.
 */
static const srv_zone_t *
find_zone(const srv_view_t *view, const name_t *qname,
          zonetable_match_t *match) {
	const name_t *n = qname;
	name_t parent;

	if (view == NULL || view->zones == NULL) {
		return NULL;
	}
	for (;;) {
		if (zonetable_find(view->zones, n, match) != R_OK ||
		    match->zone == NULL)
		{
			return NULL;
		}
		const srv_zone_t *z = match->zone;
		if (z->type != CFG_ZONE_FORWARD && z->type != CFG_ZONE_HINT &&
		    z->type != CFG_ZONE_REDIRECT)
		{
			match->exact = match->labels == qname->labels;
			return z;
		}
		if (match->labels <= 1) {
			return NULL;
		}
		name_suffix(qname, match->labels - 1, &parent);
		n = &parent;
	}
}

/* An IXFR request names the client's version by an SOA in authority. */
static bool
has_authority_soa(const message_t *m) {
	size_t pos = m->section[MESSAGE_SEC_AUTHORITY];
	message_rr_t rr;

	for (unsigned i = 0; i < m->counts[MESSAGE_SEC_AUTHORITY]; i++) {
		if (message_rr_read(m, &pos, &rr) != R_OK) {
			return false;
		}
		if (rr.type == RRTYPE_SOA) {
			return true;
		}
	}
	return false;
}

/*
 * AXFR/IXFR: named's answers before the transfer itself (the xfer-out
 * module's, not there yet, so a transfer that would start is REFUSED):
 * a name that is no zone apex of the view is NOTAUTH, an IXFR without
 * an SOA in authority and an AXFR over UDP are FORMERR.
 */
static size_t
answer_xfr(dispatch_ctx_t *ctx, const srv_view_t *view) {
	const message_t *m = &ctx->m;
	zonetable_match_t match;
	char name[NAME_MAXTEXT], cls[16];

	if (apex_zone(view, &m->qname, &match) == NULL) {
		name_text(&m->qname, name);
		querylog_client(&ctx->qi, LOG_CAT_XFER_OUT, LOG_SEV_ERROR,
		                "bad zone transfer request: '%s/%s': "
		                "non-authoritative zone (NOTAUTH)",
		                name, rrclass_totext(m->qclass, cls));
		return respond_rcode(ctx, RCODE_NOTAUTH, true);
	}
	if (m->qtype == RRTYPE_IXFR && !has_authority_soa(m)) {
		querylog_client(&ctx->qi, LOG_CAT_XFER_OUT, LOG_SEV_ERROR,
		                "bad zone transfer request: IXFR request "
		                "missing SOA (FORMERR)");
		return respond_rcode(ctx, RCODE_FORMERR, true);
	}
	if (m->qtype == RRTYPE_AXFR && !ctx->cl->tcp) {
		querylog_client(&ctx->qi, LOG_CAT_XFER_OUT, LOG_SEV_ERROR,
		                "bad zone transfer request: attempted AXFR "
		                "over UDP (FORMERR)");
		return respond_rcode(ctx, RCODE_FORMERR, true);
	}
	return respond_rcode(ctx, RCODE_REFUSED, true);
}

/* EDNS EXPIRE for an SOA query at a primary zone's apex: the SOA's
 * expire field (a secondary would give the time left). */
static void
set_expire(dispatch_ctx_t *ctx, const srv_zone_t *zone,
           const zonetable_match_t *match) {
	const message_t *m = &ctx->m;
	size_t off;
	uint16_t len;

	if (!ctx->edns || m->qtype != RRTYPE_SOA || !match->exact ||
	    zone->type != CFG_ZONE_PRIMARY || !zone->loaded ||
	    zone->db == NULL ||
	    message_opt_find(m, OPT_EXPIRE, &off, &len) != R_OK)
	{
		return;
	}
	const db_version_t *v = db_read_begin(zone->db);
	const db_node_t *apex = v != NULL ? db_apex(v) : NULL;
	const db_rrset_t *soa =
	        apex != NULL ? db_node_rrset(apex, RRTYPE_SOA) : NULL;
	if (soa != NULL && soa->count > 0) {
		db_rdata_iter_t it;
		const uint8_t *rd;
		uint16_t rdlen;
		db_rdata_iter_init(&it, soa->rdata, soa->count);
		if (db_rdata_iter_next(&it, &rd, &rdlen) && rdlen >= 20) {
			const uint8_t *e = rd + rdlen - 8;
			ctx->expire = true;
			ctx->expire_value = ((uint32_t)e[0] << 24) |
			                    ((uint32_t)e[1] << 16) |
			                    ((uint32_t)e[2] << 8) | e[3];
		}
	}
	db_read_end(zone->db);
}

/* Steps 10 (types) to 12, for a request with its view chosen. */
static size_t
answer_in_view(dispatch_ctx_t *ctx, const srv_view_t *view, bool chaos) {
	const message_t *m = &ctx->m;
	zonetable_match_t match;
	const srv_zone_t *zone;
	render_t r;
	result_t res;

	switch (m->qtype) {
	case RRTYPE_MAILA:
	case RRTYPE_MAILB:
		log_failed(ctx, RCODE_NOTIMP, 12446);
		return respond_rcode(ctx, RCODE_NOTIMP, true);
	case RRTYPE_TKEY:
		log_failed(ctx, RCODE_FORMERR, 12455);
		return respond_rcode(ctx, RCODE_FORMERR, true);
	case RRTYPE_AXFR:
	case RRTYPE_IXFR:
		return answer_xfr(ctx, chaos ? NULL : view);
	case RRTYPE_ANY:
		break;
	default:
		/* Meta types (OPT, TSIG and all of 128-255 not handled
		 * above) cannot be asked for. */
		if (m->qtype == RRTYPE_OPT ||
		    (m->qtype >= 128 && m->qtype <= 255)) {
			log_failed(ctx, RCODE_FORMERR, 12459);
			return respond_rcode(ctx, RCODE_FORMERR, true);
		}
		break;
	}

	if (chaos) {
		if (!chaos_allowed(ctx)) {
			return refuse_denied(ctx);
		}
		if (start(ctx, &r, true) != R_OK ||
		    render_question(&r, &m->qname, m->qtype, m->qclass) != R_OK)
		{
			return 0;
		}
		if (dispatch_chaos(ctx, &r) == R_NOTFOUND) {
			log_failed(ctx, RCODE_REFUSED, 5708);
			render_set_rcode(&r, RCODE_REFUSED);
			if (dispatch_chaos_limited(ctx, &r)) {
				return 0;
			}
			return respond_rcode(ctx, RCODE_REFUSED, true);
		}
		if (dispatch_chaos_limited(ctx, &r)) {
			return 0;
		}
		if (render_isfull(&r) && ctx->edns) {
			/* Truncated with EDNS: named sends the question, TC
			 * and the OPT, no records (without EDNS it keeps
			 * those that fitted). */
			uint16_t flags = r.flags, rcode = r.rcode;
			if (start(ctx, &r, true) != R_OK ||
			    render_question(&r, &m->qname, m->qtype,
			                    m->qclass) != R_OK)
			{
				return 0;
			}
			r.flags = flags;
			render_set_rcode(&r, rcode);
		}
		return finish(&r);
	}

	zone = find_zone(view, &m->qname, &match);
	if (zone == NULL || zone->type == CFG_ZONE_STATICSTUB) {
		/* A static-stub zone only steers recursion, which we
		 * never do: named refuses such names. */
		log_failed(ctx, RCODE_REFUSED, 5708);
		return respond_rcode(ctx, RCODE_REFUSED, true);
	}
	if (!query_allowed(ctx, view, zone)) {
		return refuse_denied(ctx);
	}
	set_expire(ctx, zone, &match);
	if (start(ctx, &r, true) != R_OK ||
	    render_question(&r, &m->qname, m->qtype, m->qclass) != R_OK)
	{
		return 0;
	}
	/* A client offering 512 octets or less of EDNS buffer gets
	 * minimal responses from named, whatever the view says; query.h
	 * reads the setting from the view, so it gets a copy saying so. */
	srv_view_t minimal_view;
	if (ctx->minimal && view->minimal_responses != SRV_MINIMAL_YES) {
		minimal_view = *view;
		minimal_view.minimal_responses = SRV_MINIMAL_YES;
		view = &minimal_view;
	}
	query_req_t q = {
	        .msg = m,
	        .gen = ctx->gen,
	        .view = view,
	        .zone = zone,
	        .match = &match,
	        .dnssec_ok = m->dnssec_ok,
	        .tcp = ctx->cl->tcp,
	        /* named lists AAAA glue first for a client over IPv6. */
	        .prefer_aaaa = ctx->cl->peer != NULL &&
	                       ctx->cl->peer->sa_family == AF_INET6,
	};
	res = query_answer(&q, &r);
	if (res != R_OK) {
		return 0;
	}
	return finish(&r);
}

/* FORMERR for a request that did not parse (render_formerr() applies
 * named's rules for each opcode), or nothing if it cannot be written. */
static size_t
formerr(const srv_gen_t *gen, const message_t *m, uint8_t *resp,
        size_t respsize) {
	size_t out = 0;

	if (render_formerr(m, gen->edns_udp_size, resp, respsize, &out) !=
	            R_OK ||
	    out < MESSAGE_HEADERLEN)
	{
		return 0;
	}
	return out;
}

size_t
dispatch_answer(const srv_gen_t *gen, const uint8_t *req, size_t len,
                const dispatch_client_t *cl, uint8_t *resp, size_t respsize) {
	dispatch_ctx_t ctx;
	message_t *m = &ctx.m;
	message_verdict_t verdict;
	result_t res;
	size_t out = 0;
	bool chaos;

	if (gen == NULL || req == NULL || cl == NULL || resp == NULL ||
	    respsize < MESSAGE_HEADERLEN)
	{
		return 0;
	}
	/* 1. */
	if (gen->blackhole != NULL &&
	    acl_allowed(gen->blackhole, cl->peer, NULL)) {
		return 0;
	}
	/* 2. */
	res = message_parse(m, req, len);
	verdict = message_verdict(m, res);
	if (verdict == MESSAGE_DROP) {
		return 0;
	}
	if (verdict == MESSAGE_FORMERR) {
		return formerr(gen, m, resp, respsize);
	}

	ctx.gen = gen;
	ctx.cl = cl;
	ctx.resp = resp;
	ctx.respsize = respsize;
	ctx.limit = respsize;
	ctx.edns = false;
	ctx.nsid = ctx.cookie = ctx.keepalive = ctx.expire = false;
	ctx.ecslen = 0;
	ctx.minimal = false;
	ctx.ede = -1;
	ctx.optslen = 0;
	memset(&ctx.qi, 0, sizeof(ctx.qi));
	ctx.qi.id = resp;
	ctx.qi.peer = cl->peer;
	ctx.qi.local = cl->local;
	ctx.qi.rd = (m->flags & MESSAGE_F_RD) != 0;
	ctx.qi.cd = (m->flags & MESSAGE_F_CD) != 0;
	ctx.qi.tcp = cl->tcp;
	ctx.qi.dnssec_ok = m->dnssec_ok;
	ctx.qi.qclass = m->qclass;
	ctx.qi.qtype = m->qtype;

	/* 3. */
	if (!process_edns(&ctx, &out)) {
		return out;
	}
	/* 4. */
	uint16_t rdclass = message_class(m);
	if (rdclass == 0 && m->counts[MESSAGE_SEC_QUESTION] == 0) {
		if (ctx.qi.cookie_sent && m->opcode == OPCODE_QUERY) {
			return respond_rcode(&ctx, RCODE_NOERROR, true);
		}
		if (m->opcode == OPCODE_QUERY || m->opcode == OPCODE_NOTIFY ||
		    m->opcode == OPCODE_UPDATE)
		{
			return respond_rcode(&ctx, RCODE_FORMERR, true);
		}
		return respond_rcode(&ctx, RCODE_NOTIMP, true);
	}
	/* 5. */
	if (m->opcode != OPCODE_QUERY && m->opcode != OPCODE_NOTIFY &&
	    m->opcode != OPCODE_UPDATE)
	{
		return respond_rcode(&ctx, RCODE_NOTIMP, true);
	}
	/* 6. */
	if (rdclass == 0 || rdclass == RRCLASS_NONE || rdclass == RRCLASS_ANY) {
		return respond_rcode(&ctx, RCODE_FORMERR, true);
	}
	if (rdclass != RRCLASS_IN && rdclass != RRCLASS_CH &&
	    rdclass != RRCLASS_HS) {
		/* A class named has no code for. */
		return respond_rcode(&ctx, RCODE_NOTIMP, true);
	}
	/* 7. */
	ctx.qi.qclass = rdclass;
	const srv_view_t *view = select_view(&ctx, rdclass, &chaos);
	if (view == NULL && !chaos) {
		char cls[16];
		/* named says nothing at info level here. */
		querylog_client(&ctx.qi, LOG_CAT_CLIENT, LOG_SEV_DEBUG(1),
		                "no matching view in class '%s'",
		                rrclass_totext(rdclass, cls));
		ctx.ede = EDE_PROHIBITED;
		if (m->has_tsig) {
			return respond_badkey(&ctx, RCODE_REFUSED);
		}
		return respond_rcode(&ctx, RCODE_REFUSED, true);
	}
	ctx.qi.view = chaos ? "_bind" : view->name;
	/* 8. */
	if (m->has_tsig) {
		return respond_badkey(&ctx, RCODE_NOTAUTH);
	}
	/* 9. */
	if (m->counts[MESSAGE_SEC_QUESTION] != 1) {
		if (m->opcode == OPCODE_NOTIFY) {
			querylog_client(&ctx.qi, LOG_CAT_NOTIFY, LOG_SEV_INFO,
			                "notify question section contains "
			                "multiple RRs");
		}
		if (m->opcode != OPCODE_QUERY) {
			return respond_rcode(&ctx, RCODE_FORMERR, true);
		}
		if (m->counts[MESSAGE_SEC_QUESTION] == 0) {
			/* Only a record told the class: named finds no
			 * question to answer and fails. */
			querylog_client(&ctx.qi, LOG_CAT_QUERY_ERRORS,
			                LOG_SEV_INFO,
			                "query failed (no more) at "
			                "query.c:12363");
			return respond_rcode(&ctx, RCODE_SERVFAIL, true);
		}
		querylog_client(&ctx.qi, LOG_CAT_QUERY_ERRORS, LOG_SEV_INFO,
		                "query failed (FORMERR) at query.c:12354");
		return respond_rcode(&ctx, RCODE_FORMERR, true);
	}
	ctx.qi.qname = &m->qname;
	if (m->opcode != OPCODE_QUERY) {
		if (chaos) {
			/* The built-in view takes no NOTIFY or UPDATE. */
			return respond_rcode(&ctx, RCODE_NOTIMP, true);
		}
		return answer_notify_update(&ctx, view);
	}
	/* 10. */
	querylog_query(&ctx.qi);
	return answer_in_view(&ctx, view, chaos);
}

size_t
dispatch_request(const uint8_t *req, size_t len, const dispatch_client_t *cl,
                 uint8_t *resp, size_t respsize) {
	size_t out = 0;

	zonetable_read_begin();
	const srv_gen_t *gen = server_current();
	if (gen != NULL) {
		out = dispatch_answer(gen, req, len, cl, resp, respsize);
	}
	zonetable_read_end();
	return out;
}
