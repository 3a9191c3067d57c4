/*
 * net.h - the network layer: the only code that touches libuv.
 *
 * Model (decision 4 in DESIGN.md)
 *  - `workers` threads, each with its own libuv loop and, for every
 *    listen address, its own UDP socket and TCP listening socket bound
 *    with SO_REUSEPORT, so the kernel spreads load and no lock is shared.
 *  - UDP: recvmmsg()/sendmmsg() in batches on the raw socket (polled
 *    with uv_poll); one request buffer and one response buffer per batch
 *    slot per worker, allocated at start: no allocation per query.
 *  - TCP: RFC 7766 (pipelining: every complete request in the read
 *    buffer is answered, responses written as they are produced),
 *    tcp-clients cap across workers (over it a new connection waits,
 *    unserved, for a free slot, as named 9.18 makes it wait),
 *    tcp-initial-timeout before the first request, tcp-idle-timeout
 *    between requests (tcp-keepalive-timeout when the client sent EDNS
 *    keepalive), a client that stops reading stops being read and is
 *    closed by the timeout; slow or idle TCP clients never delay UDP.
 *  - Each worker registers itself with liburcu (db_thread_register) and
 *    calls the handler for every request, concurrently with the other
 *    workers; the handler writes the response into the buffer given
 *    (respsize 4096 over UDP, 65535 over TCP) and returns its length,
 *    0 = send nothing.  Over TCP, 0 also ends the connection once the
 *    earlier answers are written, as named ends it.
 *  - Errors binding a listener are logged as named 9.18 logs them
 *    ("creating IPv4 interface lo failed; interface ignored" when UDP
 *    fails, "creating TCP socket: address in use" when only TCP does,
 *    "unable to listen on any configured interfaces") and returned;
 *    other listeners still run.  "listening on IPv4 interface lo,
 *    127.0.0.1#53" and "no longer listening on 127.0.0.1#53" are logged
 *    as named does.  Nothing from the network aborts.
 *  - net_start, net_reconfigure and net_stop belong to one control
 *    thread (never a worker: they wait for the workers).
 */
#ifndef BINDERY_NAMED_NET_H
#define BINDERY_NAMED_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "named/dispatch.h"
#include "named/server.h"
#include "zones/result.h"

typedef struct net net_t;

/* Request handler: dispatch_request() in named, something else in tests. */
typedef size_t (*net_handler_fn)(void *arg, const uint8_t *req, size_t len,
				 const dispatch_client_t *cl, uint8_t *resp,
				 size_t respsize);

typedef struct net_config {
	const srv_listen_t *listen; /* addresses (with ports) */
	size_t nlisten;
	unsigned workers;	  /* threads; 0: one per core */
	unsigned tcp_clients;	  /* cap on open TCP connections */
	unsigned tcp_initial_timeout; /* 100 ms units */
	unsigned tcp_idle_timeout;
	unsigned tcp_keepalive_timeout;
} net_config_t;

/*
 * Opens every listener and starts the workers.  Returns R_OK if at least
 * one listener opened (failures logged), else the error.  Binding happens
 * here, in the caller's thread, before it drops privileges.
 */
result_t net_start(const net_config_t *cfg, net_handler_fn fn, void *arg,
		   net_t **out);

/*
 * Applies a new configuration after a reload: listeners no longer wanted
 * are closed, new ones opened, TCP limits updated; unchanged listeners
 * keep their sockets (no query is lost).  The number of workers stays.
 * Returns when the workers have done it.  R_OK, or the error of a new
 * listener that could not be opened (logged; the rest is applied).
 * Open TCP connections of a removed listener are left to finish.
 */
result_t net_reconfigure(net_t *n, const net_config_t *cfg);

/* Stops the workers (in-flight responses are sent), closes everything,
 * frees n.  n may be NULL. */
void net_stop(net_t *n);

#endif
