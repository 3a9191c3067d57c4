/*
 * dispatch_chaos.c - named's built-in CHAOS zones (the "_bind" view).
 *
 * named 9.18 serves four class CH zones of its own when named.conf has
 * no view of class CH: version.bind, hostname.bind, authors.bind and
 * id.server.  Each has, at its apex only:
 *   SOA  "<zone>. hostmaster.<zone>. 0 28800 7200 604800 86400", TTL 86400
 *   NS   "<zone>.", TTL 0
 *   TXT  the text, TTL 0, when there is one: version (hidden by
 *        "version none"), hostname ("hostname none"), server-id (none
 *        unless set), and the authors' names only when named.conf sets
 *        no "version" at all.
 * So a hidden text is NODATA with the SOA, a name below an apex is
 * NXDOMAIN with the SOA, and other names are not in the view (REFUSED,
 * by the caller).  Answers are authoritative; a positive TXT or SOA
 * answer has the NS in authority unless minimal responses apply (see
 * want_auth_ns()).  Answer owners keep the client's case (the
 * question's); the SOA of a negative answer and the NS in authority
 * carry the zone's own name.
 *
 * The authors' TXT RRset goes out one record at a time, so that over
 * 512-octet UDP it is cut after the records that fit, with TC, as named
 * sends it.  (named shuffles the order; ours is fixed.)
 *
 * Rate limit: the _bind view has "rate-limit { responses-per-second 3;
 * slip 0; }", so over UDP named answers at most 3 a second per client
 * /24 (/56 for IPv6) and per key, and drops the rest silently.  The
 * keys, as its log lines show: answers by (qname, class, type), NODATA
 * by (qname, class), NXDOMAIN by the zone, errors (REFUSED) by the
 * client prefix alone.  Ours is a fixed table of accounts (balance and
 * last second, one 64-bit word each) updated with compare-and-swap (no
 * lock, no allocation); colliding keys share a slot (a slot holds a
 * 32-bit tag, so a collision only resets the other key's account).  The
 * accounting is named's (see rrl_account()).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config/ast.h"
#include "named/log.h"
#include "named/dispatch_int.h"
#include "zones/rdata.h"

#define CH_SOA_TTL 86400
#define CH_TTL     0

typedef enum { CH_VERSION, CH_HOSTNAME, CH_AUTHORS, CH_ID } ch_zone_t;

static const char *const ch_zones[] = {
        [CH_VERSION] = "version.bind.",
        [CH_HOSTNAME] = "hostname.bind.",
        [CH_AUTHORS] = "authors.bind.",
        [CH_ID] = "id.server.",
};

static const char *const ch_authors[] = {
        "Mark Andrews",       "James Brister",    "Ben Cottrell",
        "John H. DuBois III", "Francis Dupont",   "Michael Graff",
        "Andreas Gustafsson", "Bob Halley",       "Evan Hunt",
        "JINMEI Tatuya",      "Witold Krecicki",  "David Lawrence",
        "Scott Mann",         "Danny Mayer",      "Damien Neil",
        "Matt Nelson",        "Jeremy C. Reed",   "Michael Sawyer",
        "Brian Wellington",   "Curtis Blackburn",
};

/* Whether named.conf's options set "version" (named then hides the
 * authors too, whatever the text). */
static bool
version_configured(const srv_gen_t *gen) {
	const conf_block_t *opts;

	if (gen->tree == NULL) {
		return false;
	}
	opts = conf_block_findblock(gen->tree->top, "options");
	return conf_block_find(opts, "version") != NULL;
}

/*
 * Whether a positive answer carries the zone's NS in authority: the
 * _bind view follows the options' minimal-responses (default
 * no-auth-recursive: only when RD is clear), and a client with an EDNS
 * buffer of 512 octets or less gets minimal answers anyway.
 */
static bool
want_auth_ns(const dispatch_ctx_t *ctx) {
	const conf_block_t *opts;
	const conf_stmt_t *st;
	const conf_value_t *v;
	bool b;

	if (ctx->minimal) {
		return false;
	}
	if (ctx->gen->tree != NULL) {
		opts = conf_block_findblock(ctx->gen->tree->top, "options");
		st = conf_block_find(opts, "minimal-responses");
		v = st != NULL ? conf_stmt_arg(st, 0) : NULL;
		if (v != NULL && conf_value_boolean(v, &b) == R_OK) {
			return !b;
		}
		if (v != NULL && conf_value_is(v, "no-auth")) {
			return false;
		}
	}
	return (ctx->m.flags & MESSAGE_F_RD) == 0;
}

/* One TXT rdata of a single character-string (cut at 255 octets, as a
 * character-string must be). */
static uint16_t
txt_rdata(const char *text, uint8_t out[256]) {
	size_t n = strlen(text);

	if (n > 255) {
		n = 255;
	}
	out[0] = (uint8_t)n;
	memcpy(out + 1, text, n);
	return (uint16_t)(n + 1);
}

static void
put32(uint8_t *p, uint32_t v) {
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static result_t
ch_soa(render_t *r, unsigned sec, const name_t *owner, const name_t *apex) {
	static const uint8_t hostmaster[] = "\012hostmaster";
	uint8_t rd[2 * NAME_MAXWIRE + 20];
	const uint8_t *rdp = rd;
	uint16_t len = 0;

	memcpy(rd, apex->wire, apex->length);
	len += apex->length;
	memcpy(rd + len, hostmaster, 11);
	len += 11;
	memcpy(rd + len, apex->wire, apex->length);
	len += apex->length;
	put32(rd + len, 0);
	put32(rd + len + 4, 28800);
	put32(rd + len + 8, 7200);
	put32(rd + len + 12, 604800);
	put32(rd + len + 16, 86400);
	len += 20;
	return render_rrset(r, sec, owner, RRTYPE_SOA, RRCLASS_CH, CH_SOA_TTL,
	                    &rdp, &len, 1);
}

static result_t
ch_ns(render_t *r, unsigned sec, const name_t *owner, const name_t *apex) {
	const uint8_t *rdp = apex->wire;
	uint16_t len = apex->length;

	return render_rrset(r, sec, owner, RRTYPE_NS, RRCLASS_CH, CH_TTL, &rdp,
	                    &len, 1);
}

/* The TXT records of zone z; false if it has none (hidden). */
static bool
ch_has_txt(const srv_gen_t *gen, ch_zone_t z) {
	switch (z) {
	case CH_VERSION:
		return gen->version != NULL;
	case CH_HOSTNAME:
		return gen->hostname != NULL;
	case CH_ID:
		return gen->server_id != NULL;
	case CH_AUTHORS:
		return !version_configured(gen);
	}
	return false;
}

static result_t
ch_txt(const srv_gen_t *gen, ch_zone_t z, render_t *r, const name_t *owner) {
	uint8_t rd[256];
	const uint8_t *rdp = rd;
	uint16_t len;
	const char *text = NULL;

	if (z == CH_AUTHORS) {
		/* One record per call: a cut RRset keeps what fitted. */
		for (size_t i = 0;
		     i < sizeof(ch_authors) / sizeof(ch_authors[0]); i++) {
			len = txt_rdata(ch_authors[i], rd);
			result_t res = render_rrset(
			        r, MESSAGE_SEC_ANSWER, owner, RRTYPE_TXT,
			        RRCLASS_CH, CH_TTL, &rdp, &len, 1);
			if (res != R_OK) {
				return res;
			}
		}
		return R_OK;
	}
	text = z == CH_VERSION    ? gen->version
	       : z == CH_HOSTNAME ? gen->hostname
	                          : gen->server_id;
	len = txt_rdata(text, rd);
	return render_rrset(r, MESSAGE_SEC_ANSWER, owner, RRTYPE_TXT,
	                    RRCLASS_CH, CH_TTL, &rdp, &len, 1);
}

result_t
dispatch_chaos(const dispatch_ctx_t *ctx, render_t *r) {
	const name_t *qname = &ctx->m.qname;
	uint16_t qtype = ctx->m.qtype;
	name_t apex;
	ch_zone_t z;
	bool found = false, has_txt;

	for (z = CH_VERSION; z <= CH_ID; z++) {
		const char *t = ch_zones[z];
		if (name_fromtext(&apex, t, strlen(t), NULL) == R_OK &&
		    name_issubdomain(qname, &apex))
		{
			found = true;
			break;
		}
	}
	if (!found) {
		return R_NOTFOUND;
	}
	r->flags |= MESSAGE_F_AA;
	render_set_rcode(r, 0);
	if (!name_equal(qname, &apex)) {
		/* Nothing exists below an apex. */
		render_set_rcode(r, 3);
		(void)ch_soa(r, MESSAGE_SEC_AUTHORITY, &apex, &apex);
		return R_OK;
	}
	has_txt = ch_has_txt(ctx->gen, z);
	switch (qtype) {
	case RRTYPE_TXT:
		if (has_txt) {
			if (ch_txt(ctx->gen, z, r, qname) == R_OK &&
			    want_auth_ns(ctx)) {
				(void)ch_ns(r, MESSAGE_SEC_AUTHORITY, &apex,
				            &apex);
			}
			return R_OK;
		}
		break;
	case RRTYPE_SOA:
		if (ch_soa(r, MESSAGE_SEC_ANSWER, qname, &apex) == R_OK &&
		    want_auth_ns(ctx)) {
			(void)ch_ns(r, MESSAGE_SEC_AUTHORITY, &apex, &apex);
		}
		return R_OK;
	case RRTYPE_NS:
		(void)ch_ns(r, MESSAGE_SEC_ANSWER, qname, &apex);
		return R_OK;
	case RRTYPE_ANY:
		if (has_txt && ch_txt(ctx->gen, z, r, qname) != R_OK) {
			return R_OK;
		}
		if (ch_soa(r, MESSAGE_SEC_ANSWER, qname, &apex) == R_OK) {
			(void)ch_ns(r, MESSAGE_SEC_ANSWER, qname, &apex);
		}
		return R_OK;
	default:
		break;
	}
	/* NODATA: the zone's SOA in authority. */
	(void)ch_soa(r, MESSAGE_SEC_AUTHORITY, &apex, &apex);
	return R_OK;
}

/* ---- the _bind view's rate limit ---- */

#define RRL_RATE    3
#define RRL_WINDOW  15
#define RRL_SLOTS   4096
#define RRL_V6_BITS 56

/* tag (32) | second (16) | count (8) | limiting (8) */
static _Atomic uint64_t rrl_slots[RRL_SLOTS];

static uint64_t
mix(uint64_t h, uint64_t v) {
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

/* The client's prefix (/24 or /56) into out, its text into text. */
static size_t
rrl_prefix(const struct sockaddr *sa, uint8_t out[16], char *text,
           size_t size) {
	char a[INET6_ADDRSTRLEN];

	memset(out, 0, 16);
	if (sa != NULL && sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;
		memcpy(out, &sin->sin_addr, 3);
		inet_ntop(AF_INET, out, a, sizeof(a));
		snprintf(text, size, "%s/24", a);
		return 4;
	}
	if (sa != NULL && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;
		memcpy(out, &sin6->sin6_addr, RRL_V6_BITS / 8);
		inet_ntop(AF_INET6, out, a, sizeof(a));
		snprintf(text, size, "%s/%d", a, RRL_V6_BITS);
		return 16;
	}
	snprintf(text, size, "?");
	return 0;
}

/*
 * Debits one response from key's account; true when it must be dropped.
 * named's accounting: an account starts with `rate` credits, earns
 * `rate` a second up to `rate`, pays one per response and may run into
 * debt down to -window*rate; a response is dropped while the balance is
 * below zero, so a burst is followed by silence until the debt is paid.
 * *first is set when this drop starts a limiting period (named logs a
 * "limit ..." line once, until the account has been idle a window).
 */
static bool
rrl_account(uint64_t key, uint32_t now, bool *first) {
	_Atomic uint64_t *slot = &rrl_slots[key % RRL_SLOTS];
	uint32_t tag = (uint32_t)(key >> 32);
	uint16_t sec = (uint16_t)now;
	uint64_t old = atomic_load_explicit(slot, memory_order_relaxed);

	for (;;) {
		bool same = old != 0 && (uint32_t)(old >> 32) == tag;
		uint16_t age = (uint16_t)(sec - (uint16_t)(old >> 16));
		int balance = RRL_RATE;
		bool logged = false;

		if (same && age <= RRL_WINDOW) {
			balance = (int8_t)(uint8_t)(old >> 8) + age * RRL_RATE;
			if (balance > RRL_RATE) {
				balance = RRL_RATE;
			}
			logged = (old & 1) != 0;
		}
		balance--;
		if (balance < -RRL_WINDOW * RRL_RATE) {
			balance = -RRL_WINDOW * RRL_RATE;
		}
		bool drop = balance < 0;
		*first = drop && !logged;
		uint64_t new = ((uint64_t)tag << 32) | ((uint64_t)sec << 16) |
		               ((uint64_t)(uint8_t)(int8_t)balance << 8) |
		               (drop || logged ? 1u : 0u);
		if (atomic_compare_exchange_weak_explicit(slot, &old, new,
		                                          memory_order_relaxed,
		                                          memory_order_relaxed))
		{
			return drop;
		}
	}
}

bool
dispatch_chaos_limited(const dispatch_ctx_t *ctx, const render_t *r) {
	const message_t *m = &ctx->m;
	uint8_t prefix[16];
	char ptext[INET6_ADDRSTRLEN + 8], name[NAME_MAXTEXT];
	char cls[16], typ[16], what[NAME_MAXTEXT + 64];
	const char *kind;
	name_t keyname;
	bool first, named_key = true;
	uint64_t key;
	unsigned rcode = r->rcode;

	if (ctx->cl->tcp) {
		return false;
	}
	size_t plen = rrl_prefix(ctx->cl->peer, prefix, ptext, sizeof(ptext));
	key = mix(0, plen);
	for (size_t i = 0; i < plen; i++) {
		key = mix(key, prefix[i]);
	}
	name_copy(&keyname, &m->qname);
	if (rcode == 0 && r->counts[MESSAGE_SEC_ANSWER] > 0) {
		kind = "";
		key = mix(mix(mix(key, 1), m->qtype), m->qclass);
	} else if (rcode == 0) {
		kind = "NODATA ";
		key = mix(mix(key, 2), m->qclass);
	} else if (rcode == 3) {
		/* NXDOMAIN: by zone, so random names share one count. */
		kind = "NXDOMAIN ";
		key = mix(key, 3);
		for (ch_zone_t z = CH_VERSION; z <= CH_ID; z++) {
			name_t apex;
			if (name_fromtext(&apex, ch_zones[z],
			                  strlen(ch_zones[z]), NULL) == R_OK &&
			    name_issubdomain(&m->qname, &apex))
			{
				name_copy(&keyname, &apex);
			}
		}
	} else {
		kind = "";
		named_key = false;
		key = mix(mix(key, 4), rcode);
	}
	name_downcase(&keyname);
	uint32_t nh = name_hash(&keyname);
	if (named_key) {
		key = mix(key, nh);
	}
	if (!rrl_account(key, (uint32_t)time(NULL), &first)) {
		return false;
	}
	if (name_totext(&keyname, NULL, true, name, sizeof(name), NULL) != R_OK)
	{
		name[0] = '\0';
	}
	if (!named_key) {
		static const char *const rc[] = {"NOERROR",  "FORMERR",
		                                 "SERVFAIL", "NXDOMAIN",
		                                 "NOTIMP",   "REFUSED"};
		snprintf(what, sizeof(what), "%s error response to %s",
		         rcode < 6 ? rc[rcode] : "SERVFAIL", ptext);
	} else if (rcode == 3) {
		snprintf(what, sizeof(what), "%sresponse to %s for %s  (%08x)",
		         kind, ptext, name, nh);
	} else if (rcode == 0 && r->counts[MESSAGE_SEC_ANSWER] == 0) {
		snprintf(what, sizeof(what),
		         "%sresponse to %s for %s %s  (%08x)", kind, ptext,
		         name, rrclass_totext(m->qclass, cls), nh);
	} else {
		snprintf(what, sizeof(what),
		         "%sresponse to %s for %s %s %s  (%08x)", kind, ptext,
		         name, rrclass_totext(m->qclass, cls),
		         rrtype_totext(m->qtype, typ), nh);
	}
	if (first && log_wouldlog(LOG_CAT_RATE_LIMIT, LOG_SEV_INFO)) {
		/* "limit NXDOMAIN responses to ...": the plural of what. */
		const char *resp = strstr(what, "response");
		log_write(LOG_CAT_RATE_LIMIT, LOG_SEV_INFO,
		          "limit %.*sresponses%s", (int)(resp - what), what,
		          resp + strlen("response"));
	}
	querylog_client(&ctx->qi, LOG_CAT_RATE_LIMIT, LOG_SEV_INFO,
	                "rate limit drop %s", what);
	return true;
}
