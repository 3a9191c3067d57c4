/*
 * query_bench.c - cost of query_answer() per query, for callgrind.
 *
 *   query_bench ZONEFILE ORIGIN QNAME QTYPE N [mr]
 * loads ZONEFILE as ORIGIN, then N times parses a query for QNAME/QTYPE
 * (RD clear, EDNS 1232), renders the question, answers it with
 * query_answer() (minimal-responses no-auth-recursive, or the value
 * given: no, yes, no-auth) and finishes the response.  Run under
 * callgrind with two values of N and divide the difference in
 * instructions by the difference in N for instructions per query:
 *   valgrind --tool=callgrind query_bench Z example.com www.example.com A 1000
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "named/message.h"
#include "named/query.h"
#include "named/render.h"
#include "zones/db.h"
#include "zones/rdata.h"

int
main(int argc, char **argv) {
	static uint8_t out[1232];
	uint8_t q[512];
	size_t qlen = 12, total = 0;
	name_t origin, qname;
	uint16_t qtype;
	unsigned long n;
	srv_zone_t zone;
	srv_view_t view;

	if (argc < 6) {
		fprintf(stderr, "usage: query_bench ZONEFILE ORIGIN QNAME "
		                "QTYPE N [no|yes|no-auth]\n");
		return 2;
	}
	n = strtoul(argv[5], NULL, 10);
	{
		name_t root;
		name_init_root(&root);
		if (name_fromtext(&origin, argv[2], strlen(argv[2]), &root) !=
		            R_OK ||
		    name_fromtext(&qname, argv[3], strlen(argv[3]), &root) !=
		            R_OK ||
		    rrtype_fromtext(argv[4], strlen(argv[4]), &qtype) != R_OK)
		{
			fprintf(stderr, "bad name or type\n");
			return 2;
		}
	}
	db_thread_register();
	memset(&zone, 0, sizeof(zone));
	memset(&view, 0, sizeof(view));
	name_copy(&zone.origin, &origin);
	zone.rclass = RRCLASS_IN;
	zone.loaded = zone.served = true;
	zone.zero_no_soa_ttl = true; /* named's default */
	if (db_create(&origin, RRCLASS_IN, &zone.db) != R_OK ||
	    db_load_file(zone.db, argv[1], false, NULL, NULL) != R_OK)
	{
		fprintf(stderr, "cannot load %s\n", argv[1]);
		return 1;
	}
	view.rclass = RRCLASS_IN;
	view.minimal_responses = SRV_MINIMAL_NO_AUTH_RECURSIVE;
	if (argc > 6) {
		view.minimal_responses =
		        strcmp(argv[6], "no") == 0    ? SRV_MINIMAL_NO
		        : strcmp(argv[6], "yes") == 0 ? SRV_MINIMAL_YES
		        : strcmp(argv[6], "no-auth") == 0
		                ? SRV_MINIMAL_NO_AUTH
		                : view.minimal_responses;
	}

	/* The query: header, question, OPT with 1232. */
	memset(q, 0, 12);
	q[0] = 0x12;
	q[1] = 0x34;
	q[5] = 1;
	q[11] = 1;
	memcpy(q + qlen, qname.wire, qname.length);
	qlen += qname.length;
	q[qlen++] = (uint8_t)(qtype >> 8);
	q[qlen++] = (uint8_t)qtype;
	q[qlen++] = 0;
	q[qlen++] = 1;
	{
		static const uint8_t opt[11] = {0, 0, 41, 0x04, 0xd0, 0,
		                                0, 0, 0,  0,    0};
		memcpy(q + qlen, opt, sizeof(opt));
		qlen += sizeof(opt);
	}

	for (unsigned long i = 0; i < n; i++) {
		message_t m;
		render_t r;
		query_req_t req;
		render_edns_t e = {.udp_size = 1232};
		size_t len;

		if (message_parse(&m, q, qlen) != R_OK ||
		    render_init(&r, out, sizeof(out), 1232, m.id, m.opcode,
		                MESSAGE_F_QR) != R_OK ||
		    render_set_edns(&r, &e) != R_OK ||
		    render_question(&r, &m.qname, m.qtype, m.qclass) != R_OK)
		{
			return 1;
		}
		memset(&req, 0, sizeof(req));
		req.msg = &m;
		req.view = &view;
		req.zone = &zone;
		db_read_begin(zone.db);
		(void)query_answer(&req, &r);
		db_read_end(zone.db);
		if (render_finish(&r, &len) != R_OK) {
			return 1;
		}
		total += len;
	}
	printf("%zu octets in %lu responses\n", total, n);
	db_destroy(zone.db);
	return 0;
}
