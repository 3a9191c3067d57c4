/*
 * msgtool.c - check program behind test/system/test_message.py: exposes
 * message_parse() and the renderer to a script, so dnspython can be the
 * oracle for both directions.
 *
 *   msgtool parse HEX
 *       Parses the packet given in hex and prints one "key value" line
 *       per field: result, verdict, id, opcode, rcode, flags, counts,
 *       qname (text), qtype, qclass, and the EDNS/TSIG findings.
 *
 *   msgtool formerr HEX
 *       Prints in hex the FORMERR answer render_formerr() gives to the
 *       packet (which must be one our parser refuses).
 *
 *   msgtool render LIMIT ID FLAGS < script
 *       Builds a response of at most LIMIT octets.  Script lines:
 *         question NAME TYPE CLASS
 *         edns UDPSIZE DO
 *         rcode N
 *         rrset SECTION NAME TYPE CLASS TTL HEX [HEX...]
 *       (SECTION 1..3, numbers in decimal, rdata as uncompressed wire
 *       hex).  Prints the packet in hex, then "rrset N result" lines on
 *       stderr for refused RRsets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "named/message.h"
#include "named/render.h"
#include "zones/rdata.h"

static size_t
unhex(const char *s, uint8_t *out, size_t max) {
	size_t n = 0;

	while (s[0] != '\0' && s[1] != '\0' && n < max) {
		unsigned v;
		if (sscanf(s, "%2x", &v) != 1) {
			break;
		}
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static int
do_parse(const char *hex) {
	static uint8_t pkt[65536];
	size_t len = unhex(hex, pkt, sizeof(pkt));
	message_t m;
	result_t r = message_parse(&m, pkt, len);
	char text[NAME_MAXTEXT];

	printf("result %s\n", result_totext(r));
	printf("verdict %d\n", (int)message_verdict(&m, r));
	printf("id %u\nopcode %u\nrcode %u\nflags %u\n", m.id, m.opcode,
	       m.rcode, m.flags);
	printf("counts %u %u %u %u\n", m.counts[0], m.counts[1], m.counts[2],
	       m.counts[3]);
	if (m.counts[0] > 0 && name_totext(&m.qname, NULL, false, text,
	                                   sizeof(text), NULL) == R_OK)
	{
		printf("qname %s\nqtype %u\nqclass %u\n", text, m.qtype,
		       m.qclass);
	}
	if (r != R_OK) {
		printf("opt_error %d\n", m.opt_error ? 1 : 0);
		return 0;
	}
	printf("trailing %zu\n", m.trailing);
	if (m.has_opt) {
		printf("edns %u %u %u %d\n", m.udp_size, m.edns_version,
		       m.ext_rcode, m.dnssec_ok ? 1 : 0);
		if (m.has_cookie) {
			printf("cookie ");
			for (unsigned i = 0; i < m.cookie_len; i++) {
				printf("%02x", m.wire[m.cookie + i]);
			}
			printf("\n");
		}
		printf("nsid %d\n", m.has_nsid ? 1 : 0);
	}
	if (m.has_tsig) {
		printf("tsig %zu\n", m.tsig);
	}
	return 0;
}

/* named's FORMERR answer to a request our parser refuses, in hex. */
static int
do_formerr(const char *hex) {
	static uint8_t pkt[65536];
	static uint8_t out[65535];
	size_t len = unhex(hex, pkt, sizeof(pkt));
	size_t olen;
	message_t m;
	result_t r = message_parse(&m, pkt, len);

	if (message_verdict(&m, r) != MESSAGE_FORMERR ||
	    render_formerr(&m, 1232, out, sizeof(out), &olen) != R_OK)
	{
		return 1;
	}
	for (size_t i = 0; i < olen; i++) {
		printf("%02x", out[i]);
	}
	printf("\n");
	return 0;
}

static int
do_render(size_t limit, unsigned id, unsigned flags) {
	static uint8_t buf[65535];
	static uint8_t rd[64][4096];
	char line[65536];
	render_t r;
	unsigned lineno = 0;
	size_t len;

	if (render_init(&r, buf, sizeof(buf), limit, (uint16_t)id,
	                (uint8_t)((flags >> 11) & 0xf),
	                (uint16_t)flags) != R_OK)
	{
		return 1;
	}
	while (fgets(line, sizeof(line), stdin) != NULL) {
		char *tok[80];
		size_t ntok = 0;
		char *save = NULL;
		lineno++;
		for (char *t = strtok_r(line, " \t\n", &save);
		     t != NULL && ntok < 80; t = strtok_r(NULL, " \t\n", &save))
		{
			tok[ntok++] = t;
		}
		if (ntok == 0) {
			continue;
		}
		if (strcmp(tok[0], "question") == 0 && ntok == 4) {
			name_t n;
			if (name_fromtext(&n, tok[1], strlen(tok[1]), NULL) !=
			    R_OK) {
				return 1;
			}
			(void)render_question(&r, &n, (uint16_t)atoi(tok[2]),
			                      (uint16_t)atoi(tok[3]));
		} else if (strcmp(tok[0], "edns") == 0 && ntok == 3) {
			render_edns_t e = {.udp_size = (uint16_t)atoi(tok[1]),
			                   .dnssec_ok = atoi(tok[2]) != 0};
			if (render_set_edns(&r, &e) != R_OK) {
				return 1;
			}
		} else if (strcmp(tok[0], "rcode") == 0 && ntok == 2) {
			render_set_rcode(&r, (uint16_t)atoi(tok[1]));
		} else if (strcmp(tok[0], "rrset") == 0 && ntok >= 7) {
			name_t n;
			const uint8_t *rdp[64];
			uint16_t rdl[64];
			size_t nrd = 0;
			result_t res;
			if (name_fromtext(&n, tok[2], strlen(tok[2]), NULL) !=
			    R_OK) {
				return 1;
			}
			for (size_t i = 6; i < ntok && nrd < 64; i++, nrd++) {
				rdl[nrd] = (uint16_t)unhex(tok[i], rd[nrd],
				                           sizeof(rd[nrd]));
				rdp[nrd] = rd[nrd];
			}
			res = render_rrset(&r, (unsigned)atoi(tok[1]), &n,
			                   (uint16_t)atoi(tok[3]),
			                   (uint16_t)atoi(tok[4]),
			                   (uint32_t)strtoul(tok[5], NULL, 10),
			                   rdp, rdl, nrd);
			if (res != R_OK) {
				fprintf(stderr, "rrset %u %s\n", lineno,
				        result_totext(res));
			}
		} else {
			fprintf(stderr, "msgtool: bad line %u\n", lineno);
			return 1;
		}
	}
	if (render_finish(&r, &len) != R_OK) {
		return 1;
	}
	for (size_t i = 0; i < len; i++) {
		printf("%02x", buf[i]);
	}
	printf("\n");
	return 0;
}

int
main(int argc, char **argv) {
	if (argc == 3 && strcmp(argv[1], "parse") == 0) {
		return do_parse(argv[2]);
	}
	if (argc == 3 && strcmp(argv[1], "formerr") == 0) {
		return do_formerr(argv[2]);
	}
	if (argc == 5 && strcmp(argv[1], "render") == 0) {
		return do_render((size_t)strtoul(argv[2], NULL, 10),
		                 (unsigned)strtoul(argv[3], NULL, 0),
		                 (unsigned)strtoul(argv[4], NULL, 0));
	}
	fprintf(stderr, "usage: msgtool parse HEX | msgtool render LIMIT ID "
	                "FLAGS < script\n");
	return 2;
}
