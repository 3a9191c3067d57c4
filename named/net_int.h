/*
 * net_int.h - what the three files of the network layer share (net.c:
 * sockets, workers and their control queue; net_udp.c: the recvmmsg /
 * sendmmsg batch loop; net_tcp.c: TCP connections).  Not for use outside
 * named/net*.c.
 *
 * Ownership
 *  - net_t and its listener table belong to the control thread (the one
 *    calling net_start/net_reconfigure/net_stop); `ctl_lock` makes the
 *    calls safe even from several threads.
 *  - Each worker owns its loop and every handle on it.  The control
 *    thread talks to a worker only through its command queue (under
 *    `q_lock`) and uv_async_send(); it waits for each command to be done
 *    (the `acks` counter under `ack_lock`), so after net_reconfigure()
 *    returns a removed listener is really closed.
 *  - The sockets are created and bound by the control thread (before it
 *    drops privileges) and handed to the worker, which closes them.
 *  - Limits that reconfiguration may change are atomics read by workers.
 */
#ifndef BINDERY_NAMED_NET_INT_H
#define BINDERY_NAMED_NET_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <uv.h>
/* <uv.h> brings <fcntl.h>, whose R_OK (an access(2) mode) would replace
 * result.h's R_OK in a file that included result.h first (see there). */
#undef R_OK

#include "named/net.h"

/* Requests read per recvmmsg() call, and the most batches handled per
 * poll wakeup before the loop gets to its other sockets. */
#define NET_UDP_BATCH  64
#define NET_UDP_ROUNDS 16
/* A UDP request may be as large as a datagram can be (named accepts
 * them); the buffers are touched only as far as the datagram reaches. */
#define NET_UDP_REQSIZE 65535
/* named never sends more than 4096 octets over UDP (max-udp-size). */
#define NET_UDP_RESPSIZE 4096
/* Room for one IP_PKTINFO or IPV6_PKTINFO control message. */
#define NET_CMSGSIZE 64

/* A TCP message is at most 65535 octets after its 2-octet length. */
#define NET_TCP_MAXMSG    65535
#define NET_TCP_RBUF_INIT 2048
/* Unsent response octets above which a connection stops reading (and
 * therefore answering) until the client has taken some of them. */
#define NET_TCP_WHIGH   (256 * 1024)
#define NET_TCP_BACKLOG 128
/* How long net_stop() lets TCP responses drain before closing. */
#define NET_STOP_DRAIN_MS 500

typedef struct net_worker net_worker_t;

/* One configured address, seen from the control thread. */
typedef struct net_listener {
	srv_listen_t addr;
	bool wildcard; /* 0.0.0.0 or ::: needs PKTINFO for the local address */
	bool udp_ok, tcp_ok;
	int *udpfd; /* one per worker, -1 when not open */
	int *tcpfd;
	unsigned id;
} net_listener_t;

/* Worker-side UDP socket. */
typedef struct net_udpsock {
	uv_poll_t poll;
	int fd;
	unsigned id;
	bool wildcard;
	struct sockaddr_storage local;
	net_worker_t *w;
	struct net_udpsock *next;
} net_udpsock_t;

/* Worker-side TCP listening socket. */
typedef struct net_tcplisten {
	uv_tcp_t tcp;
	unsigned id;
	bool wildcard;
	bool blocked; /* a connection waits for a tcp-clients slot */
	struct sockaddr_storage local;
	net_worker_t *w;
	struct net_tcplisten *next;
} net_tcplisten_t;

/* A growable byte buffer (TCP output). */
typedef struct net_buf {
	uint8_t *base;
	size_t len, cap;
} net_buf_t;

/* One TCP client connection. */
typedef struct net_conn {
	uv_tcp_t tcp;
	uv_timer_t timer;
	uv_write_t wreq;
	net_worker_t *w;
	struct sockaddr_storage peer, local;
	uint8_t *rbuf; /* received, not yet answered */
	size_t rlen, rcap;
	net_buf_t wout;  /* being written by uv_write */
	net_buf_t wnext; /* produced while wout is in flight */
	bool writing;
	bool reading;
	bool paused; /* stopped reading: too much unsent output */
	bool eof;    /* no more requests (EOF, drop, stop): close once
	              * the output is written */
	bool closing;
	bool had_request; /* initial timeout no longer applies */
	bool keepalive;   /* client sent EDNS tcp-keepalive */
	bool counted;     /* holds one tcp-clients slot */
	int handles_open; /* tcp + timer, freed when both closed */
	struct net_conn *prev, *next;
} net_conn_t;

typedef enum {
	NET_CMD_OPEN,  /* start polling/listening on the fds given */
	NET_CMD_CLOSE, /* close every socket of listener `id` */
	NET_CMD_STOP,  /* close everything and end the loop */
} net_cmdop_t;

typedef struct net_cmd {
	net_cmdop_t op;
	unsigned id;
	int udpfd, tcpfd; /* OPEN: -1 when that protocol failed */
	bool wildcard;
	struct sockaddr_storage local;
	struct net_cmd *next;
} net_cmd_t;

struct net_worker {
	net_t *net;
	unsigned idx;
	pthread_t thread;
	bool started;
	uv_loop_t loop;
	uv_async_t async;
	uv_timer_t stoptimer;
	uint64_t stoptimer_deadline; /* loop time (ms) to give up draining */
	bool stopping;

	pthread_mutex_t q_lock;
	net_cmd_t *q_head, *q_tail;

	net_udpsock_t *udp;
	net_tcplisten_t *tcpl;
	net_conn_t *conns;

	/* UDP batch buffers, allocated at start. */
	uint8_t *reqbuf;  /* NET_UDP_BATCH x NET_UDP_REQSIZE */
	uint8_t *respbuf; /* NET_UDP_BATCH x NET_UDP_RESPSIZE */
	struct mmsghdr *rmsg, *smsg;
	struct iovec *riov, *siov;
	struct sockaddr_storage *peers;
	uint8_t (*rcmsg)[NET_CMSGSIZE];
	uint8_t (*scmsg)[NET_CMSGSIZE];

	/* TCP: one response is rendered here (after a 2-octet length). */
	uint8_t *tcpresp;
};

struct net {
	net_handler_fn fn;
	void *arg;
	unsigned nworkers;
	net_worker_t *workers;

	pthread_mutex_t ctl_lock;
	net_listener_t **listeners;
	size_t nlisteners;
	unsigned next_id;

	pthread_mutex_t ack_lock;
	pthread_cond_t ack_cond;
	unsigned acks; /* commands done, under ack_lock */

	atomic_uint tcp_count;     /* open connections, all workers */
	atomic_uint quota_waiters; /* listeners holding a connection back */
	atomic_bool stopping;      /* no more wake-ups between workers */
	atomic_uint tcp_clients;
	atomic_uint tcp_initial_timeout; /* 100 ms units */
	atomic_uint tcp_idle_timeout;
	atomic_uint tcp_keepalive_timeout;
};

/* net.c: a worker reports a command done. */
void net_ack(net_t *n);
/* net.c: wakes every worker (a tcp-clients slot came free). */
void net_kick(net_t *n);

/* net_udp.c */
result_t net_udp_alloc(net_worker_t *w);
void net_udp_free(net_worker_t *w);
/* Starts polling fd (owned from now on); closes it on failure. */
void net_udp_open(net_worker_t *w, const net_cmd_t *cmd);
void net_udp_close(net_worker_t *w, unsigned id);

/* net_tcp.c */
void net_tcp_open(net_worker_t *w, const net_cmd_t *cmd);
void net_tcp_close(net_worker_t *w, unsigned id);
/* Accepts the connections held back while tcp-clients was reached, as
 * far as slots are free now. */
void net_tcp_retry(net_worker_t *w);
/* Stop: listeners closed; connections drain their output, then close. */
void net_tcp_stop(net_worker_t *w);
/* Stop deadline passed: close every connection at once. */
void net_tcp_closeall(net_worker_t *w);

/* Formats "addr#port" as named does. */
void net_format_addr(const struct sockaddr *sa, char *buf, size_t size);

#endif
