/*
 * fuzz_query.c - libFuzzer target: arbitrary bytes as a request to the
 * whole query path, dispatch_answer() over a small generation (two views
 * of class IN with ACLs, one loaded zone with delegations, CNAMEs and a
 * wildcard, a zone refusing queries, the built-in CHAOS zones, cookies,
 * NSID).
 *
 * The first input octet picks the transport: bit 0 TCP, bit 1 an IPv6
 * client, bit 2 a client outside the first view's match-clients, bit 3
 * a response buffer of 512 octets (else 65535); the rest is the packet.  dispatch must never crash, leak, read out of
 * bounds or hang, and whatever it sends must be a DNS response named
 * could have sent: at most the transport's size (512 over UDP without
 * EDNS, the client's EDNS size (at least 512) cut to max-udp-size, else
 * the buffer), parsing again with the request's id and opcode and QR
 * set.  Any violation aborts.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/acl.h"
#include "named/dispatch.h"
#include "named/message.h"
#include "zones/db.h"
#include "zones/rdata.h"
#include "zones/zonetable.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char zone_text[] = "$TTL 300\n"
                                "@ SOA ns1 hostmaster 1 3600 900 604800 60\n"
                                "@ NS ns1\n"
                                "@ MX 10 mail\n"
                                "ns1 A 127.0.0.1\n"
                                "ns1 AAAA ::1\n"
                                "mail A 192.0.2.25\n"
                                "www A 192.0.2.1\n"
                                "www TXT \"hello\"\n"
                                "alias CNAME www\n"
                                "loop CNAME loop\n"
                                "out CNAME www.other.org.\n"
                                "*.wild A 192.0.2.9\n"
                                "sub NS ns.sub\n"
                                "ns.sub A 192.0.2.53\n"
                                "dn DNAME example.net.\n";

static srv_zone_t zone_a, zone_denied;
static srv_view_t view_in, view_out;
static srv_view_t *views[2] = {&view_in, &view_out};
static srv_gen_t gen;
static struct sockaddr_in peer4, other4, local4;
static struct sockaddr_in6 peer6;

static void
check(int cond) {
	if (!cond) {
		abort();
	}
}

static void
load(srv_zone_t *z, const char *origin, const char *dir) {
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/zone", dir);
	f = fopen(path, "w");
	check(f != NULL);
	fputs(zone_text, f);
	fclose(f);
	check(name_fromtext(&z->origin, origin, strlen(origin), NULL) == R_OK);
	z->rclass = RRCLASS_IN;
	check(db_create(&z->origin, RRCLASS_IN, &z->db) == R_OK);
	check(db_load_file(z->db, path, false, NULL, NULL) == R_OK);
	z->loaded = z->served = true;
	z->zero_no_soa_ttl = true; /* named's default */
	unlink(path);
}

static acl_t *
acl_of(const char *text) {
	acl_t *a;
	check(acl_create(&a) == R_OK);
	check(acl_add_text(a, false, text) == R_OK);
	return a;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv) {
	char dir[] = "/tmp/fuzz_query.XXXXXX";

	(void)argc;
	(void)argv;
	db_thread_register();
	check(mkdtemp(dir) != NULL);
	load(&zone_a, "example.com.", dir);
	load(&zone_denied, "denied.test.", dir);
	rmdir(dir);
	zone_denied.allow_query = acl_of("none");

	view_in.name = "internal";
	view_in.rclass = RRCLASS_IN;
	view_in.match_clients = acl_of("127.0.0.0/8");
	view_in.minimal_responses = SRV_MINIMAL_NO_AUTH_RECURSIVE;
	check(zonetable_create(&view_in.zones) == R_OK);
	check(zonetable_add(view_in.zones, &zone_a.origin, &zone_a) == R_OK);
	check(zonetable_add(view_in.zones, &zone_denied.origin, &zone_denied) ==
	      R_OK);
	view_out = view_in;
	view_out.name = "external";
	view_out.match_clients = NULL;
	view_out.allow_query_on = acl_of("127.0.0.1");
	view_out.minimal_responses = SRV_MINIMAL_NO;

	gen.views = views;
	gen.nviews = 2;
	gen.version = "9.18.49";
	gen.hostname = "fuzz";
	gen.server_id = "ns1.fuzz";
	gen.edns_udp_size = 1232;
	gen.max_udp_size = 1232;
	gen.answer_cookie = true;
	gen.cookie_secret_len = 16;
	gen.tcp_advertised_timeout = 300;

	peer4.sin_family = AF_INET;
	peer4.sin_port = htons(5300);
	inet_pton(AF_INET, "127.0.0.1", &peer4.sin_addr);
	other4 = peer4;
	inet_pton(AF_INET, "192.0.2.77", &other4.sin_addr);
	local4 = peer4;
	local4.sin_port = htons(53);
	peer6.sin6_family = AF_INET6;
	peer6.sin6_port = htons(5300);
	inet_pton(AF_INET6, "::1", &peer6.sin6_addr);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	dispatch_client_t cl;
	message_t req, out;
	size_t n, limit;
	result_t rr;

	if (size < 1) {
		return 0;
	}
	cl.tcp = (data[0] & 1) != 0;
	cl.peer = (data[0] & 2) != 0   ? (struct sockaddr *)&peer6
	          : (data[0] & 4) != 0 ? (struct sockaddr *)&other4
	                               : (struct sockaddr *)&peer4;
	cl.local = (struct sockaddr *)&local4;
	/* Bit 3: the smallest response buffer the contract allows, in a
	 * block of exactly that size so ASan sees any write past it. */
	size_t respsize = (data[0] & 8) != 0 ? 512 : 65535;
	uint8_t *resp = malloc(respsize);
	check(resp != NULL);
	data++;
	size--;

	zonetable_read_begin();
	n = dispatch_answer(&gen, data, size, &cl, resp, respsize);
	zonetable_read_end();
	if (n == 0) {
		free(resp);
		return 0;
	}

	/* The limit dispatch had to keep to. */
	rr = message_parse(&req, data, size);
	limit = 65535;
	if (!cl.tcp) {
		limit = 512;
		if (rr == R_OK && req.has_opt && req.edns_version == 0) {
			limit = req.udp_size < 512 ? 512 : req.udp_size;
			if (limit > gen.max_udp_size) {
				limit = gen.max_udp_size;
			}
		}
	}
	/* A FORMERR answer echoes the request's questions whatever their
	 * size, as named does; everything else keeps to the limit. */
	if (rr == R_OK) {
		check(n <= limit);
	}
	check(n >= MESSAGE_HEADERLEN && n <= respsize);
	check(message_parse(&out, resp, n) == R_OK);
	check((out.flags & MESSAGE_F_QR) != 0);
	check(out.id == (uint16_t)((data[0] << 8) | data[1]));
	check(out.opcode == ((data[2] >> 3) & 0xf));
	free(resp);
	return 0;
}
