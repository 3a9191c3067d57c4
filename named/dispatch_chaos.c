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
 * by the caller).  Answers are authoritative; the TXT answer carries no
 * authority section.  Answer owners keep the client's case (the
 * question's), the SOA of a negative answer is the zone's own name.
 *
 * The authors' TXT RRset goes out one record at a time, so that over
 * 512-octet UDP it is cut after the records that fit, with TC, as named
 * sends it.  (named shuffles the order; ours is fixed.)
 */
#include <string.h>

#include "config/ast.h"
#include "named/dispatch_int.h"
#include "zones/rdata.h"

#define CH_SOA_TTL 86400
#define CH_TTL	   0

typedef enum { CH_VERSION, CH_HOSTNAME, CH_AUTHORS, CH_ID } ch_zone_t;

static const char *const ch_zones[] = {
	[CH_VERSION] = "version.bind.",
	[CH_HOSTNAME] = "hostname.bind.",
	[CH_AUTHORS] = "authors.bind.",
	[CH_ID] = "id.server.",
};

static const char *const ch_authors[] = {
	"Mark Andrews",	      "James Brister",	 "Ben Cottrell",
	"John H. DuBois III", "Francis Dupont",	 "Michael Graff",
	"Andreas Gustafsson", "Bob Halley",	 "Evan Hunt",
	"JINMEI Tatuya",      "Witold Krecicki", "David Lawrence",
	"Scott Mann",	      "Danny Mayer",	 "Damien Neil",
	"Matt Nelson",	      "Jeremy C. Reed",	 "Michael Sawyer",
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
ch_ns(render_t *r, const name_t *owner, const name_t *apex) {
	const uint8_t *rdp = apex->wire;
	uint16_t len = apex->length;

	return render_rrset(r, MESSAGE_SEC_ANSWER, owner, RRTYPE_NS,
			    RRCLASS_CH, CH_TTL, &rdp, &len, 1);
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
		for (size_t i = 0; i < sizeof(ch_authors) / sizeof(ch_authors[0]);
		     i++)
		{
			len = txt_rdata(ch_authors[i], rd);
			result_t res = render_rrset(r, MESSAGE_SEC_ANSWER,
						    owner, RRTYPE_TXT,
						    RRCLASS_CH, CH_TTL, &rdp,
						    &len, 1);
			if (res != R_OK) {
				return res;
			}
		}
		return R_OK;
	}
	text = z == CH_VERSION ? gen->version
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
			(void)ch_txt(ctx->gen, z, r, qname);
			return R_OK;
		}
		break;
	case RRTYPE_SOA:
		(void)ch_soa(r, MESSAGE_SEC_ANSWER, qname, &apex);
		return R_OK;
	case RRTYPE_NS:
		(void)ch_ns(r, qname, &apex);
		return R_OK;
	case RRTYPE_ANY:
		if (has_txt && ch_txt(ctx->gen, z, r, qname) != R_OK) {
			return R_OK;
		}
		if (ch_soa(r, MESSAGE_SEC_ANSWER, qname, &apex) == R_OK) {
			(void)ch_ns(r, qname, &apex);
		}
		return R_OK;
	default:
		break;
	}
	/* NODATA: the zone's SOA in authority. */
	(void)ch_soa(r, MESSAGE_SEC_AUTHORITY, &apex, &apex);
	return R_OK;
}
