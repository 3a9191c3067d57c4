/*
 * net_bench.c - the network layer alone, under load: net_start() on
 * 127.0.0.1 with a canned-answer handler (the question echoed, QR and AA
 * set, one A record by compression pointer), so what is measured is the
 * cost of receiving and sending, not of answering.  Not a test: run it
 * by hand and drive it with dnsperf, e.g.
 *
 *   taskset -c 0 test/bench/net_bench 15550 12 1 &
 *   printf 'example.com A\n' > q.txt
 *   taskset -c 1 dnsperf -s 127.0.0.1 -p 15550 -d q.txt -l 10 -c 16 -T 1 -q 500
 *
 * Arguments: port (default 15550), seconds to run (default 10), workers
 * (default 1).  At the end it prints the queries answered and the
 * process's CPU time per query (user + system, from getrusage), which is
 * what one core's QPS limit follows from.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "named/net.h"

static atomic_ulong answered;

/* Echo header and question, add "A 192.0.2.1" for the question name. */
static size_t
canned(void *arg, const uint8_t *req, size_t len, const dispatch_client_t *cl,
       uint8_t *resp, size_t respsize) {
	static const uint8_t rr[] = {0xc0, 0x0c, 0, 1, 0,   1, 0, 0,
	                             0x0e, 0x10, 0, 4, 192, 0, 2, 1};
	size_t pos = 12;

	(void)arg;
	(void)cl;
	if (len < 12 || (req[2] & 0x80) != 0) {
		return 0;
	}
	/* Skip the question name (uncompressed labels only). */
	while (pos < len && req[pos] != 0 && req[pos] < 64) {
		pos += 1 + (size_t)req[pos];
	}
	pos += 5; /* root label, type, class */
	if (pos > len || pos + sizeof(rr) > respsize) {
		return 0;
	}
	memcpy(resp, req, pos);
	resp[2] = (uint8_t)((req[2] & 0x79) | 0x84); /* QR AA, keep RD */
	resp[3] = 0;
	resp[4] = 0;
	resp[5] = 1; /* qdcount */
	resp[6] = 0;
	resp[7] = 1; /* ancount */
	memset(resp + 8, 0, 4);
	memcpy(resp + pos, rr, sizeof(rr));
	atomic_fetch_add_explicit(&answered, 1, memory_order_relaxed);
	return pos + sizeof(rr);
}

static double
cpu_seconds(void) {
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int
main(int argc, char **argv) {
	unsigned port = argc > 1 ? (unsigned)atoi(argv[1]) : 15550;
	unsigned secs = argc > 2 ? (unsigned)atoi(argv[2]) : 10;
	unsigned workers = argc > 3 ? (unsigned)atoi(argv[3]) : 1;
	srv_listen_t l;
	struct sockaddr_in *s = (struct sockaddr_in *)&l.addr;
	net_config_t cfg = {.listen = &l,
	                    .nlisten = 1,
	                    .workers = workers,
	                    .tcp_clients = 150,
	                    .tcp_initial_timeout = 300,
	                    .tcp_idle_timeout = 300,
	                    .tcp_keepalive_timeout = 300};
	net_t *n = NULL;
	double cpu0, cpu1;
	unsigned long q;

	memset(&l, 0, sizeof(l));
	s->sin_family = AF_INET;
	s->sin_port = htons((uint16_t)port);
	s->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l.addrlen = sizeof(*s);
	if (net_start(&cfg, canned, NULL, &n) != R_OK) {
		fprintf(stderr, "net_bench: could not listen on port %u\n",
		        port);
		return 1;
	}
	cpu0 = cpu_seconds();
	sleep(secs);
	cpu1 = cpu_seconds();
	q = atomic_load(&answered);
	net_stop(n);
	printf("answered %lu queries in %u s (%.0f QPS), CPU %.2f s, "
	       "%.2f us CPU per query\n",
	       q, secs, (double)q / secs, cpu1 - cpu0,
	       q > 0 ? (cpu1 - cpu0) * 1e6 / (double)q : 0.0);
	return 0;
}
