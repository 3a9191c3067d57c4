/*
 * query_int.h - state shared by the answer algorithm's files (query.c:
 * the lookup loop and the answer/authority sections; query_additional.c:
 * additional-section processing and glue; query_dnssec.c: the NSEC and
 * NSEC3 proofs).  Not for use outside named/query*.c.
 */
#ifndef BINDERY_NAMED_QUERY_INT_H
#define BINDERY_NAMED_QUERY_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "named/query.h"
#include "zones/db.h"

/* named 9.18 follows at most 11 CNAME/DNAME restarts (the 12th
 * redirection in the answer is followed by SERVFAIL). */
#define QUERY_MAXRESTARTS 11

/* named 9.18 skips additional processing of an RRset with more records
 * than this, and looks up at most this many in-zone names per message. */
#define QUERY_MAXADDLNAMES 13

#define QUERY_MAXANS  64 /* answer RRsets remembered for dedup */
#define QUERY_MAXAUTH 16 /* authority RRsets */
#define QUERY_MAXADDL 64 /* names considered for additional data */

typedef enum {
	QFINAL_OTHER = 0, /* chain left the zone: answer as it stands */
	QFINAL_POSITIVE,  /* data found (maybe through a wildcard) */
	QFINAL_NEGATIVE,  /* NXDOMAIN or NODATA */
	QFINAL_REFERRAL,  /* delegation */
	QFINAL_FAIL,      /* SERVFAIL or YXDOMAIN: answer only */
} qfinal_t;

/* One authority RRset: an RRset of a node (with its RRSIGs under DO). */
typedef struct qauth {
	const db_node_t *node;
	const db_rrset_t *set;
	uint16_t type;
	uint32_t ttl;
} qauth_t;

/* One name whose addresses may go to the additional section. */
typedef struct qaddl {
	const db_node_t *node; /* the wildcard node if synthesized */
	bool glue;             /* below a zone cut: no RRSIGs exist */
	int8_t synth;          /* index in addl_synth[] of the owner of a
	                        * wildcard-synthesized name, or -1 */
	uint16_t type;         /* 0: its addresses; else that RRset (the
	                        * SRV a NAPTR "S" points at) */
} qaddl_t;

/* Additional names answered by a wildcard (their owners kept apart). */
#define QUERY_MAXSYNTH 4

typedef struct qctx {
	const query_req_t *q;
	render_t *r;
	const srv_zone_t *zone;
	const db_version_t *v;
	uint16_t rclass;
	uint16_t qtype;
	bool dnssec;
	bool any;         /* ANY answer: no additional processing */
	bool no_auth_ns;  /* positive answer that never carries the NS */
	bool nsec_at_cut; /* qtype NSEC answered at a zone cut */
	bool small;       /* EDNS buffer <= 512: named's minimal answer */
	bool wrote_sig;   /* an RRSIG RRset went to answer/authority */
	bool wild_marked; /* a wildcard proof starts at auth[wild_mark] */
	unsigned wild_mark;
	unsigned addl_budget; /* in-zone names additional processing may
	                       * still look up in this message */
	qfinal_t final;
	unsigned restarts;
	const db_node_t *primed; /* glue node whose qtype RRset leads */
	unsigned nans;           /* entries used in ans[], auth[], addl[] */
	unsigned nauth;
	unsigned naddl;
	unsigned nsynth; /* entries used in addl_synth[] */

	/* Everything above is zeroed per query; the arrays below are only
	 * read up to their counts, so they are not. */
	struct qans {
		const db_node_t *node; /* the wildcard node if synth */
		uint16_t type;
		bool synth;   /* owner synthesized from a wildcard */
		uint8_t step; /* restart that added it */
	} ans[QUERY_MAXANS];
	qauth_t auth[QUERY_MAXAUTH];
	qaddl_t addl[QUERY_MAXADDL];
	name_t name;  /* the name being looked up */
	name_t owner; /* the owner its answer records get */
	name_t stepname[QUERY_MAXRESTARTS + 1]; /* name looked up per step */
	name_t addl_synth[QUERY_MAXSYNTH];      /* owners of synthesized
	                                         * additional names */
} qctx_t;

/* Sets the response's rcode. */
void query_set_rcode(qctx_t *c, uint16_t rcode);

/* Writes count rdatas of a stored run as one RRset into section sec.
 * Returns render_rrset()'s result (R_NOSPACE once the response is full). */
result_t query_put_run(qctx_t *c, unsigned sec, const name_t *owner,
                       uint16_t type, uint32_t ttl, const uint8_t *run,
                       unsigned count);

/* Writes RRset s, then its RRSIGs when sigs is set. */
result_t query_put_set(qctx_t *c, unsigned sec, const name_t *owner,
                       const db_rrset_t *s, bool sigs);

/* Adds an authority RRset (once per node and type), at the end or at
 * position at. */
void query_auth_insert(qctx_t *c, unsigned at, const db_node_t *node,
                       const db_rrset_t *set, uint16_t type, uint32_t ttl);
void query_auth_add(qctx_t *c, const db_node_t *node, const db_rrset_t *set,
                    uint16_t type, uint32_t ttl);

/* query_additional.c: queue the targets of an answer/authority RRset
 * (authoritative data of the zone only); queue the glue of a referral;
 * write the additional section in named's passes. */
void query_addl_from_set(qctx_t *c, const db_rrset_t *s, const name_t *owner);
void query_addl_glue(qctx_t *c, const db_rrset_t *ns);
void query_addl_render(qctx_t *c);

/* query_dnssec.c: proofs added to the authority section under DO. */
void query_dnssec_nxdomain(qctx_t *c, const db_lookup_t *l);
void query_dnssec_nodata(qctx_t *c, const db_lookup_t *l);
void query_dnssec_wildcard(qctx_t *c, const db_lookup_t *l);
void query_dnssec_referral(qctx_t *c, const db_lookup_t *l);
/* True when the zone is signed with NSEC (its apex has an NSEC). */
bool query_dnssec_has_nsec(const qctx_t *c);

#endif
