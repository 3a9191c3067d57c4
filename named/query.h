/*
 * query.h - the authoritative answer algorithm: one standard query (QUERY
 * opcode, one question, class of a view) against one zone of one view,
 * written into a response that dispatch has started.
 *
 * Contract
 *  - Called by dispatch (dispatch.h) inside a read section, after view
 *    and zone selection and the allow-query check.  The renderer already
 *    holds the question and the EDNS reservation; query_answer() fills
 *    the answer, authority and additional sections, sets AA (r->flags)
 *    and the rcode, exactly as BIND 9.18's named does for the same
 *    named.conf and zone data: exact matches, CNAME chains inside the zone
 *    (not followed into other zones; SERVFAIL past BIND's chain limit),
 *    DNAME with CNAME synthesis (YXDOMAIN when the result is too long),
 *    wildcards (RFC 4592), referrals with glue, NXDOMAIN/NODATA with the
 *    SOA (TTL = min(SOA TTL, SOA MINIMUM), RFC 2308), ANY as 9.18 answers
 *    it (minimal-any too), additional-section processing and every
 *    minimal-responses value, DNSSEC records when the client set DO.
 *  - Names go out with the case the client sent for the question and
 *    the case stored in the zone elsewhere, as named does: an answer's
 *    owner is the node's name as loaded even when it is the query name
 *    (only a wildcard's synthesized owner comes from the query, lower-
 *    cased, and a DNAME's synthesized CNAME keeps the query's case).
 *  - Never allocates, never locks, never fails on any zone content: a
 *    zone that is not loaded answers SERVFAIL.
 *  - Works on the renderer as named renders (named/query*.c say how):
 *    when an answer or authority RRset does not fit, the records that
 *    fit stay and TC is set, unless the request had EDNS: then every
 *    record is taken back (TC and the OPT only).  At the CNAME/DNAME
 *    restart limit it appends an Extended DNS Error (info-code 0, "max.
 *    restarts reached") after the caller's EDNS options, through
 *    render_set_edns() with a per-thread copy valid until render_finish()
 *    on the same thread.
 *  - qtype DS at a zone's apex is answered from the parent zone when the
 *    view serves it (named's rule), so dispatch passes the deepest zone
 *    and query_answer() looks for the parent itself.
 */
#ifndef BINDERY_NAMED_QUERY_H
#define BINDERY_NAMED_QUERY_H

#include <stdbool.h>

#include "named/message.h"
#include "named/render.h"
#include "named/server.h"
#include "zones/zonetable.h"

typedef struct query_req {
	const message_t *msg; /* parsed request (qname/qtype/qclass) */
	const srv_gen_t *gen;
	const srv_view_t *view;
	const srv_zone_t *zone;         /* the deepest zone holding qname */
	const zonetable_match_t *match; /* as zonetable_find() gave it */
	bool dnssec_ok;                 /* DO bit */
	bool tcp;
	/* The client came over IPv6: named then writes AAAA glue before A
	 * (A first otherwise). */
	bool prefer_aaaa;
	/* The client offered an EDNS buffer of 512 octets or less: named
	 * then answers as with minimal-responses yes, but without the
	 * exception that still gives a qtype NS answer its addresses.
	 * query_answer() also sees this in msg itself (EDNS over UDP). */
	bool minimal_small;
} query_req_t;

/*
 * Fills r (see above).  Returns R_OK; R_NOSPACE only when not even the
 * rcode-carrying empty response fits (the caller then drops the
 * request).  The response may be marked full/TC by the renderer.
 */
result_t query_answer(const query_req_t *q, render_t *r);

#endif
