/*
 * dispatch.h - one request in, one response out: everything between the
 * network layer and the answer algorithm.
 *
 * dispatch_request() takes the raw bytes of a request (untrusted) and the
 * addresses it came from/to, and writes named's response, in this order,
 * as BIND 9.18 does: parse (message.h) and its drop/FORMERR verdicts;
 * QR set -> drop; blackhole -> drop; opcodes other than QUERY, NOTIFY
 * and UPDATE -> NOTIMP (NOTIFY/UPDATE get named's answers that need no
 * zone maintenance or update code yet: acknowledged / REFUSED / NOTAUTH
 * / FORMERR); qdcount rules; EDNS (BADVERS for version
 * > 0, response size from the client's UDP size, edns-udp-size and
 * max-udp-size, TCP 65535); COOKIE (RFC 7873/9018, server cookie as
 * named makes it with cookie-algorithm siphash24 and its secret; BADCOOKIE
 * never sent for a query without one); NSID (server-id); TCP keepalive
 * (RFC 7828, tcp-advertised-timeout, TCP only); CHAOS class
 * (version.bind, hostname.bind, id.server, authors.bind, and their
 * aliases, as named's built-in _bind view answers them); view selection
 * (match-clients with TSIG key names, match-destinations,
 * match-recursive-only); zone selection (deepest zone in the view);
 * allow-query / allow-query-on (zone, then view); REFUSED for names in
 * no zone; then query_answer() (query.h); render; query logging
 * ("queries" category, named's exact line) when enabled.
 *
 * Must be called on a thread registered with liburcu (db_thread_register);
 * takes its own read section.  Never allocates, never locks, never aborts
 * on any input: the fuzz target test/fuzz/fuzz_query.c drives it.
 */
#ifndef BINDERY_NAMED_DISPATCH_H
#define BINDERY_NAMED_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "named/server.h"

/* The request's transport. */
typedef struct dispatch_client {
	const struct sockaddr *peer;  /* source address and port */
	const struct sockaddr *local; /* the address it was received on */
	bool tcp;
} dispatch_client_t;

/*
 * Answers req[0..len) into resp[0..respsize) (respsize >= 512; 65535 for
 * TCP) and returns the response's length, or 0 when named would send
 * nothing.  Reads the current generation (server_current()).
 */
size_t dispatch_request(const uint8_t *req, size_t len,
                        const dispatch_client_t *cl, uint8_t *resp,
                        size_t respsize);

/*
 * Addition (dispatch module): the same with the generation given instead
 * of server_current(), for tests and the fuzz target.  Must be called
 * inside a read section (zonetable_read_begin()) when gen's zone tables
 * are published ones; never allocates, never aborts.
 */
size_t dispatch_answer(const srv_gen_t *gen, const uint8_t *req, size_t len,
                       const dispatch_client_t *cl, uint8_t *resp,
                       size_t respsize);

#endif
