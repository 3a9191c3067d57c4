/*
 * net_test.c - the network layer over real loopback sockets (ports
 * 15500-15599): UDP round trips and batches, TCP framing, pipelining,
 * partial writes, backpressure, timeouts, the tcp-clients cap,
 * reconfiguration, stop, and bind failures.
 *
 * The handler echoes the request with QR set.  A request whose id starts
 * with 0xEE is dropped (handler returns 0); one whose id starts with 0xBB
 * gets a response of the whole size offered (65535 over TCP), filled with
 * a pattern, so that writes back up.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>

#include <cmocka.h>

#include "named/net.h"

#define PORT_BASE 15500

typedef struct {
	atomic_uint calls;
	atomic_uint tcp_calls;
	pthread_mutex_t lock;
	struct sockaddr_storage last_local;
	struct sockaddr_storage last_peer;
} hctx_t;

static hctx_t hctx = {.lock = PTHREAD_MUTEX_INITIALIZER};

static size_t
test_handler(void *arg, const uint8_t *req, size_t len,
             const dispatch_client_t *cl, uint8_t *resp, size_t respsize) {
	hctx_t *h = arg;

	atomic_fetch_add(&h->calls, 1);
	if (cl->tcp) {
		atomic_fetch_add(&h->tcp_calls, 1);
	}
	pthread_mutex_lock(&h->lock);
	memcpy(&h->last_local, cl->local,
	       cl->local->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                        : sizeof(struct sockaddr_in));
	memcpy(&h->last_peer, cl->peer,
	       cl->peer->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                       : sizeof(struct sockaddr_in));
	pthread_mutex_unlock(&h->lock);
	if (len < 12 || len > respsize || req[0] == 0xEE) {
		return 0;
	}
	if (req[0] == 0xBB) {
		for (size_t i = 0; i < respsize; i++) {
			resp[i] = (uint8_t)(i * 7);
		}
		memcpy(resp, req, 12);
		resp[2] |= 0x80;
		return respsize;
	}
	memcpy(resp, req, len);
	resp[2] |= 0x80;
	return len;
}

/* ---- helpers ---- */

/* The local address the handler saw last (copied: asserting while
 * holding the lock would leave it held for the next tests). */
static struct sockaddr_storage
last_local(void) {
	struct sockaddr_storage ss;

	pthread_mutex_lock(&hctx.lock);
	ss = hctx.last_local;
	pthread_mutex_unlock(&hctx.lock);
	return ss;
}

static srv_listen_t
mk_listen4(const char *ip, unsigned port) {
	srv_listen_t l;
	struct sockaddr_in *s = (struct sockaddr_in *)&l.addr;

	memset(&l, 0, sizeof(l));
	s->sin_family = AF_INET;
	s->sin_port = htons(port);
	inet_pton(AF_INET, ip, &s->sin_addr);
	l.addrlen = sizeof(*s);
	return l;
}

static srv_listen_t
mk_listen6(const char *ip, unsigned port) {
	srv_listen_t l;
	struct sockaddr_in6 *s = (struct sockaddr_in6 *)&l.addr;

	memset(&l, 0, sizeof(l));
	s->sin6_family = AF_INET6;
	s->sin6_port = htons(port);
	inet_pton(AF_INET6, ip, &s->sin6_addr);
	l.addrlen = sizeof(*s);
	return l;
}

static net_config_t
mk_config(srv_listen_t *l, size_t nl, unsigned workers) {
	net_config_t c = {.listen = l,
	                  .nlisten = nl,
	                  .workers = workers,
	                  .tcp_clients = 150,
	                  .tcp_initial_timeout = 300,
	                  .tcp_idle_timeout = 300,
	                  .tcp_keepalive_timeout = 300};
	return c;
}

static double
now_ms(void) {
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
set_timeout(int fd, int ms) {
	struct timeval tv = {.tv_sec = ms / 1000,
	                     .tv_usec = (ms % 1000) * 1000};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* A 12-octet header plus a root/A/IN question: 17 octets. */
static size_t
mk_query(uint8_t *buf, uint16_t id) {
	static const uint8_t q[] = {0, 0, 0x01, 0x00, 0, 1, 0, 0, 0,
	                            0, 0, 0,    0,    0, 1, 0, 1};
	memcpy(buf, q, sizeof(q));
	buf[0] = (uint8_t)(id >> 8);
	buf[1] = (uint8_t)id;
	return sizeof(q);
}

/* The same with an OPT record carrying edns-tcp-keepalive (empty). */
static size_t
mk_query_keepalive(uint8_t *buf, uint16_t id) {
	static const uint8_t opt[] = {0, 0, 41, 0x04, 0xd0, 0, 0, 0,
	                              0, 0, 4,  0,    11,   0, 0};
	size_t n = mk_query(buf, id);
	buf[11] = 1; /* arcount */
	memcpy(buf + n, opt, sizeof(opt));
	return n + sizeof(opt);
}

static int
udp_client(int family) {
	int fd = socket(family, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	set_timeout(fd, 2000);
	return fd;
}

static bool
udp_ask(int fd, const srv_listen_t *to, uint16_t id) {
	uint8_t q[64], r[512];
	size_t n = mk_query(q, id);
	ssize_t got;

	if (sendto(fd, q, n, 0, (const struct sockaddr *)&to->addr,
	           to->addrlen) != (ssize_t)n)
	{
		return false;
	}
	got = recv(fd, r, sizeof(r), 0);
	if (got != (ssize_t)n) {
		return false;
	}
	return r[0] == q[0] && r[1] == q[1] && (r[2] & 0x80) != 0 &&
	       memcmp(r + 3, q + 3, n - 3) == 0;
}

/* rcvbuf > 0: a small receive window, so the server's writes back up. */
static int
tcp_connect_buf(const srv_listen_t *to, int rcvbuf) {
	int fd = socket(to->addr.ss_family, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	set_timeout(fd, 3000);
	if (rcvbuf > 0) {
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	}
	if (connect(fd, (const struct sockaddr *)&to->addr, to->addrlen) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
tcp_connect(const srv_listen_t *to) {
	return tcp_connect_buf(to, 0);
}

static bool
read_full(int fd, uint8_t *buf, size_t len) {
	size_t done = 0;

	while (done < len) {
		ssize_t r = recv(fd, buf + done, len - done, 0);
		if (r <= 0) {
			return false;
		}
		done += (size_t)r;
	}
	return true;
}

/* Reads one framed message; returns its length or -1. */
static long
tcp_read_msg(int fd, uint8_t *buf, size_t size) {
	uint8_t lb[2];
	size_t len;

	if (!read_full(fd, lb, 2)) {
		return -1;
	}
	len = ((size_t)lb[0] << 8) | lb[1];
	if (len > size || !read_full(fd, buf, len)) {
		return -1;
	}
	return (long)len;
}

static size_t
frame(uint8_t *out, const uint8_t *msg, size_t len) {
	out[0] = (uint8_t)(len >> 8);
	out[1] = (uint8_t)len;
	memcpy(out + 2, msg, len);
	return len + 2;
}

static bool
tcp_ask(int fd, uint16_t id) {
	uint8_t q[64], f[66], r[512];
	size_t n = mk_query(q, id), fl = frame(f, q, n);
	long got;

	if (send(fd, f, fl, 0) != (ssize_t)fl) {
		return false;
	}
	got = tcp_read_msg(fd, r, sizeof(r));
	return got == (long)n && r[0] == q[0] && r[1] == q[1] &&
	       (r[2] & 0x80) != 0;
}

/* Waits up to ms for the peer to close fd: true on EOF or reset. */
static bool
wait_closed(int fd, int ms) {
	double end = now_ms() + ms;
	uint8_t buf[4096];

	while (now_ms() < end) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t r;
		if (poll(&p, 1, 50) <= 0) {
			continue;
		}
		r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (r == 0 || (r < 0 && errno != EAGAIN)) {
			return true;
		}
	}
	return false;
}

static net_t *
start_one(srv_listen_t *l, size_t nl, unsigned workers) {
	net_config_t c = mk_config(l, nl, workers);
	net_t *n = NULL;

	assert_int_equal(net_start(&c, test_handler, &hctx, &n), R_OK);
	assert_non_null(n);
	return n;
}

/* ---- tests ---- */

static void
test_udp_roundtrip(void **state) {
	srv_listen_t l[2] = {mk_listen4("127.0.0.1", PORT_BASE + 1),
	                     mk_listen6("::1", PORT_BASE + 1)};
	net_t *n = start_one(l, 2, 2);
	int f4 = udp_client(AF_INET), f6 = udp_client(AF_INET6);
	struct sockaddr_storage ss;
	struct sockaddr_in *loc;

	(void)state;
	assert_true(udp_ask(f4, &l[0], 0x1234));
	ss = last_local();
	loc = (struct sockaddr_in *)&ss;
	assert_int_equal(loc->sin_family, AF_INET);
	assert_int_equal(ntohs(loc->sin_port), PORT_BASE + 1);
	assert_true(udp_ask(f6, &l[1], 0x4321));
	ss = last_local();
	assert_int_equal(ss.ss_family, AF_INET6);

	/* A dropped request gets nothing back, and the next one works. */
	{
		uint8_t q[64], r[64];
		size_t len = mk_query(q, 0xEE01);
		set_timeout(f4, 300);
		sendto(f4, q, len, 0, (struct sockaddr *)&l[0].addr,
		       l[0].addrlen);
		assert_true(recv(f4, r, sizeof(r), 0) < 0);
		set_timeout(f4, 2000);
		assert_true(udp_ask(f4, &l[0], 0x0002));
	}
	close(f4);
	close(f6);
	net_stop(n);
}

static void
test_udp_batch(void **state) {
	srv_listen_t l = mk_listen4("127.0.0.1", PORT_BASE + 2);
	net_t *n = start_one(&l, 1, 1);
	int fd = udp_client(AF_INET);
	uint8_t q[64], r[512];
	bool seen[200] = {false};
	unsigned got = 0;
	int rcvbuf = 1 << 20;

	(void)state;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	for (unsigned i = 0; i < 200; i++) {
		size_t len = mk_query(q, (uint16_t)(0x1000 + i));
		assert_int_equal(sendto(fd, q, len, 0,
		                        (struct sockaddr *)&l.addr, l.addrlen),
		                 (ssize_t)len);
	}
	while (got < 200) {
		ssize_t len = recv(fd, r, sizeof(r), 0);
		unsigned id;
		if (len < 0) {
			break;
		}
		assert_int_equal(len, 17);
		id = ((unsigned)r[0] << 8 | r[1]) - 0x1000;
		assert_true(id < 200);
		assert_false(seen[id]);
		seen[id] = true;
		got++;
	}
	assert_int_equal(got, 200);
	close(fd);
	net_stop(n);
}

/* A wildcard socket reports each request's own destination and answers
 * from it (127.0.0.2 is loopback too on Linux). */
static void
test_udp_wildcard(void **state) {
	srv_listen_t l = mk_listen4("0.0.0.0", PORT_BASE + 3);
	srv_listen_t to = mk_listen4("127.0.0.2", PORT_BASE + 3);
	net_t *n = start_one(&l, 1, 1);
	int fd = udp_client(AF_INET);
	struct sockaddr_storage ss;
	struct sockaddr_in from, *loc;
	socklen_t flen = sizeof(from);
	uint8_t q[64], r[64];
	size_t len = mk_query(q, 0x0203);

	(void)state;
	assert_int_equal(
	        sendto(fd, q, len, 0, (struct sockaddr *)&to.addr, to.addrlen),
	        (ssize_t)len);
	assert_int_equal(
	        recvfrom(fd, r, sizeof(r), 0, (struct sockaddr *)&from, &flen),
	        (ssize_t)len);
	assert_int_equal(ntohl(from.sin_addr.s_addr), 0x7f000002);
	ss = last_local();
	loc = (struct sockaddr_in *)&ss;
	assert_int_equal(ntohl(loc->sin_addr.s_addr), 0x7f000002);
	assert_int_equal(ntohs(loc->sin_port), PORT_BASE + 3);

	/* TCP on the wildcard listener knows its local address too. */
	{
		int t = tcp_connect(&to);
		assert_true(t >= 0);
		pthread_mutex_lock(&hctx.lock);
		memset(&hctx.last_local, 0, sizeof(hctx.last_local));
		pthread_mutex_unlock(&hctx.lock);
		assert_true(tcp_ask(t, 0x0304));
		ss = last_local();
		assert_int_equal(ntohl(loc->sin_addr.s_addr), 0x7f000002);
		close(t);
	}
	close(fd);
	net_stop(n);
}

static void
test_udp_wildcard6(void **state) {
	srv_listen_t l = mk_listen6("::", PORT_BASE + 15);
	srv_listen_t to = mk_listen6("::1", PORT_BASE + 15);
	net_t *n = start_one(&l, 1, 1);
	int fd = udp_client(AF_INET6);
	struct sockaddr_storage ss;
	struct sockaddr_in6 *loc;
	struct in6_addr one = IN6ADDR_LOOPBACK_INIT;

	(void)state;
	assert_true(udp_ask(fd, &to, 0x0606));
	ss = last_local();
	loc = (struct sockaddr_in6 *)&ss;
	assert_int_equal(loc->sin6_family, AF_INET6);
	assert_memory_equal(&loc->sin6_addr, &one, 16);
	assert_int_equal(ntohs(loc->sin6_port), PORT_BASE + 15);
	close(fd);
	net_stop(n);
}

/* Garbage of every shape, over UDP and TCP, and the server still
 * answers a proper request afterwards on the same connection. */
static void
test_garbage(void **state) {
	srv_listen_t l = mk_listen4("127.0.0.1", PORT_BASE + 16);
	net_t *n = start_one(&l, 1, 1);
	int u = udp_client(AF_INET), t = tcp_connect(&l);
	uint8_t buf[2048];
	unsigned seed = 12345;

	(void)state;
	/* UDP: empty, 1 octet, random sizes and content. */
	assert_int_equal(
	        sendto(u, buf, 0, 0, (struct sockaddr *)&l.addr, l.addrlen), 0);
	for (int i = 0; i < 300; i++) {
		size_t len = (size_t)(rand_r(&seed) % sizeof(buf));
		for (size_t j = 0; j < len; j++) {
			buf[j] = (uint8_t)rand_r(&seed);
		}
		buf[0] = 0xEE; /* the handler drops it: no reply to read */
		sendto(u, buf, len, 0, (struct sockaddr *)&l.addr, l.addrlen);
		if (i % 32 == 0) {
			usleep(1000); /* do not overflow the socket buffer */
		}
	}
	assert_true(udp_ask(u, &l, 0x0A0A));

	/* TCP: frames of random content and length (12..611, all
	 * answered), sent in one stream, then a proper question. */
	{
		unsigned sent = 0;
		for (int i = 0; i < 100; i++) {
			size_t len = 12 + (size_t)(rand_r(&seed) % 600);
			buf[0] = (uint8_t)(len >> 8);
			buf[1] = (uint8_t)len;
			for (size_t j = 2; j < len + 2; j++) {
				buf[j] = (uint8_t)rand_r(&seed);
			}
			buf[2] = 0x01;
			buf[3] = (uint8_t)i;
			assert_int_equal(send(t, buf, len + 2, 0),
			                 (ssize_t)len + 2);
			sent++;
		}
		for (unsigned i = 0; i < sent; i++) {
			uint8_t r[700];
			assert_true(tcp_read_msg(t, r, sizeof(r)) >= 12);
			assert_int_equal(r[1], (uint8_t)i);
		}
	}
	assert_true(tcp_ask(t, 0x0B0B));
	/* A zero-length message is dropped by the handler, so the
	 * connection ends, as named ends it. */
	assert_int_equal(send(t, "\0\0", 2, 0), 2);
	assert_true(wait_closed(t, 2000));
	close(t);

	/* A connection that dies mid-message. */
	t = tcp_connect(&l);
	assert_int_equal(send(t, "\x01\x00\x12\x34", 4, 0), 4);
	close(t);
	t = tcp_connect(&l);
	assert_true(tcp_ask(t, 0x0C0C));
	close(t);
	close(u);
	net_stop(n);
}

static void
test_tcp_single(void **state) {
	srv_listen_t l[2] = {mk_listen4("127.0.0.1", PORT_BASE + 4),
	                     mk_listen6("::1", PORT_BASE + 4)};
	net_t *n = start_one(l, 2, 2);
	unsigned before = atomic_load(&hctx.tcp_calls);
	int fd;

	(void)state;
	for (int i = 0; i < 2; i++) {
		fd = tcp_connect(&l[i]);
		assert_true(fd >= 0);
		assert_true(tcp_ask(fd, 0x5678));
		assert_true(tcp_ask(fd, 0x5679)); /* same connection again */
		close(fd);
	}
	assert_int_equal(atomic_load(&hctx.tcp_calls) - before, 4);
	net_stop(n);
}

/* Ten requests in one write: ten answers, matched by id. */
static void
test_tcp_pipelined(void **state) {
	srv_listen_t l = mk_listen4("127.0.0.1", PORT_BASE + 5);
	net_t *n = start_one(&l, 1, 1);
	int fd = tcp_connect(&l);
	uint8_t out[1024], q[64], r[512];
	size_t olen = 0;
	bool seen[10] = {false};

	(void)state;
	assert_true(fd >= 0);
	for (unsigned i = 0; i < 10; i++) {
		size_t len = mk_query(q, (uint16_t)(0x2000 + i));
		olen += frame(out + olen, q, len);
	}
	/* A dropped request after them ends the connection, as named ends
	 * it, but only once the ten answers are out; what follows it is
	 * not answered. */
	olen += frame(out + olen, q, mk_query(q, 0xEE00));
	olen += frame(out + olen, q, mk_query(q, 0x2100));
	assert_int_equal(send(fd, out, olen, 0), (ssize_t)olen);
	for (unsigned i = 0; i < 10; i++) {
		long len = tcp_read_msg(fd, r, sizeof(r));
		unsigned id;
		assert_int_equal(len, 17);
		id = ((unsigned)r[0] << 8 | r[1]) - 0x2000;
		assert_true(id < 10);
		assert_false(seen[id]);
		seen[id] = true;
	}
	assert_true(wait_closed(fd, 2000));
	close(fd);
	net_stop(n);
}

/* A request sent one octet at a time, length octets split too. */
static void
test_tcp_partial(void **state) {
	srv_listen_t l = mk_listen4("127.0.0.1", PORT_BASE + 6);
	net_t *n = start_one(&l, 1, 1);
	int fd = tcp_connect(&l), one = 1;
	uint8_t q[64], f[70], r[512];
	size_t fl = frame(f, q, mk_query(q, 0x3456));
	struct timespec ts = {0, 2000000};

	(void)state;
	assert_true(fd >= 0);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	for (size_t i = 0; i < fl; i++) {
		assert_int_equal(send(fd, f + i, 1, 0), 1);
		nanosleep(&ts, NULL);
	}
	assert_int_equal(tcp_read_msg(fd, r, sizeof(r)), 17);
	assert_int_equal(r[0], 0x34);
	assert_int_equal(r[1], 0x56);
	close(fd);
	net_stop(n);
}

/* Largest request (65535 octets) grows the read buffer to the limit;
 * large responses pipelined while the client does not read are held back
 * and all arrive intact once it does. */
static void
test_tcp_large_and_backpressure(void **state) {
	srv_listen_t l = mk_listen4("127.0.0.1", PORT_BASE + 7);
	net_t *n = start_one(&l, 1, 1);
	int fd = tcp_connect_buf(&l, 4096);
	uint8_t *big = calloc(1, 65537), *r = malloc(65535);
	uint8_t q[64], out[64 * 200];
	size_t olen = 0;
	unsigned count = 160;

	(void)state;
	assert_true(fd >= 0);
	/* 65535-octet request, echoed. */
	big[0] = 0xFF;
	big[1] = 0xFF;
	mk_query(big + 2, 0x7777);
	for (size_t i = 19; i < 65537; i++) {
		big[i] = (uint8_t)i;
	}
	assert_true(send(fd, big, 65537, 0) == 65537);
	assert_int_equal(tcp_read_msg(fd, r, 65535), 65535);
	assert_memory_equal(r + 3, big + 5, 65532);

	/* 160 x 64 KiB responses requested in one go (10 MB, more than
	 * the kernel buffers on both sides hold). */
	for (unsigned i = 0; i < count; i++) {
		olen += frame(out + olen, q,
		              mk_query(q, (uint16_t)(0xBB00 + i)));
	}
	assert_int_equal(send(fd, out, olen, 0), (ssize_t)olen);
	usleep(300000); /* let the server fill every buffer and pause */
	for (unsigned i = 0; i < count; i++) {
		assert_int_equal(tcp_read_msg(fd, r, 65535), 65535);
		assert_int_equal(r[0], 0xBB);
		assert_int_equal(r[1], i);
		assert_int_equal(r[100], (uint8_t)(100 * 7));
		assert_int_equal(r[65534], (uint8_t)(65534 * 7));
	}
	assert_true(tcp_ask(fd, 0x0101));
	close(fd);
	free(big);
	free(r);
	net_stop(n);
}

static void
test_tcp_timeouts(void **state) {
	srv_listen_t l = mk_listen4("127.0.0.1", PORT_BASE + 8);
	net_config_t c = mk_config(&l, 1, 1);
	net_t *n = NULL;
	uint8_t q[64], f[128], r[512];
	double t0, dt;
	int fd;

	(void)state;
	c.tcp_initial_timeout = 3;    /* 300 ms */
	c.tcp_idle_timeout = 2;       /* 200 ms */
	c.tcp_keepalive_timeout = 15; /* 1.5 s */
	assert_int_equal(net_start(&c, test_handler, &hctx, &n), R_OK);

	/* Initial: nothing sent, closed after ~300 ms, not before. */
	fd = tcp_connect(&l);
	t0 = now_ms();
	assert_true(wait_closed(fd, 2000));
	dt = now_ms() - t0;
	assert_true(dt >= 250);
	close(fd);

	/* A partial request does not count: still the initial timeout. */
	fd = tcp_connect(&l);
	t0 = now_ms();
	assert_int_equal(send(fd, "\0", 1, 0), 1);
	assert_true(wait_closed(fd, 2000));
	assert_true(now_ms() - t0 >= 250);
	close(fd);

	/* Idle: after an answer, ~200 ms. */
	fd = tcp_connect(&l);
	assert_true(tcp_ask(fd, 0x0001));
	t0 = now_ms();
	assert_true(wait_closed(fd, 2000));
	dt = now_ms() - t0;
	assert_true(dt >= 150 && dt < 1200); /* loose: a loaded machine */
	close(fd);

	/* Keepalive: the client sent the option, so ~1.5 s. */
	fd = tcp_connect(&l);
	{
		size_t fl = frame(f, q, mk_query_keepalive(q, 0x0002));
		assert_int_equal(send(fd, f, fl, 0), (ssize_t)fl);
		assert_true(tcp_read_msg(fd, r, sizeof(r)) > 0);
	}
	t0 = now_ms();
	assert_true(wait_closed(fd, 5000));
	dt = now_ms() - t0;
	assert_true(dt >= 1300);
	close(fd);

	/* A reconfigured timeout applies to the next connection. */
	c.tcp_initial_timeout = 1; /* 100 ms */
	assert_int_equal(net_reconfigure(n, &c), R_OK);
	fd = tcp_connect(&l);
	t0 = now_ms();
	assert_true(wait_closed(fd, 2000));
	dt = now_ms() - t0;
	assert_true(dt >= 50 && dt < 1000); /* the old value: 30 s */
	close(fd);
	net_stop(n);
}

/* A client that asks for much and reads nothing: the server stops
 * reading from it and the idle timeout closes it; others are served
 * meanwhile. */
static void
test_tcp_nonreader(void **state) {
	srv_listen_t l = mk_listen4("127.0.0.1", PORT_BASE + 14);
	net_config_t c = mk_config(&l, 1, 1);
	net_t *n = NULL;
	uint8_t q[64], out[64 * 200], *r = malloc(65535);
	size_t olen = 0;
	unsigned got = 0;
	int fd, other;

	(void)state;
	c.tcp_idle_timeout = 3; /* 300 ms */
	assert_int_equal(net_start(&c, test_handler, &hctx, &n), R_OK);
	fd = tcp_connect_buf(&l, 4096);
	for (unsigned i = 0; i < 160; i++) {
		olen += frame(out + olen, q,
		              mk_query(q, (uint16_t)(0xBB00 + i)));
	}
	assert_int_equal(send(fd, out, olen, 0), (ssize_t)olen);
	other = tcp_connect(&l);
	assert_true(tcp_ask(other, 0x0909));
	close(other);
	usleep(1000000);
	while (got < 160 && tcp_read_msg(fd, r, 65535) == 65535) {
		got++;
	}
	assert_true(got < 160);
	close(fd);
	free(r);
	net_stop(n);
}

static void
test_tcp_clients_cap(void **state) {
	srv_listen_t l = mk_listen4("127.0.0.1", PORT_BASE + 9);
	net_config_t c = mk_config(&l, 1, 2);
	net_t *n = NULL;
	int a, b, x;

	(void)state;
	c.tcp_clients = 2;
	assert_int_equal(net_start(&c, test_handler, &hctx, &n), R_OK);
	a = tcp_connect(&l);
	b = tcp_connect(&l);
	assert_true(tcp_ask(a, 1));
	assert_true(tcp_ask(b, 2));
	/* Third: held, unanswered, as named does, until a slot is free. */
	x = tcp_connect(&l);
	assert_true(x >= 0);
	{
		uint8_t q[64], f[70], r[512];
		size_t fl = frame(f, q, mk_query(q, 0x0303));
		assert_int_equal(send(x, f, fl, 0), (ssize_t)fl);
		set_timeout(x, 300);
		assert_true(tcp_read_msg(x, r, sizeof(r)) < 0);
		set_timeout(x, 3000);
		/* The two still work; when one leaves, x is answered. */
		assert_true(tcp_ask(a, 3));
		close(b);
		assert_int_equal(tcp_read_msg(x, r, sizeof(r)), 17);
		assert_int_equal(r[1], 0x03);
	}
	assert_true(tcp_ask(x, 4));
	close(x);
	close(a);
	usleep(100000);

	/* Raising the cap by reconfiguration lets a held one in. */
	a = tcp_connect(&l);
	b = tcp_connect(&l);
	assert_true(tcp_ask(a, 5));
	assert_true(tcp_ask(b, 6));
	x = tcp_connect(&l);
	{
		uint8_t q[64], f[70], r[512];
		size_t fl = frame(f, q, mk_query(q, 0x0707));
		assert_int_equal(send(x, f, fl, 0), (ssize_t)fl);
		set_timeout(x, 300);
		assert_true(tcp_read_msg(x, r, sizeof(r)) < 0);
		set_timeout(x, 3000);
		c.tcp_clients = 3;
		assert_int_equal(net_reconfigure(n, &c), R_OK);
		assert_int_equal(tcp_read_msg(x, r, sizeof(r)), 17);
		assert_int_equal(r[1], 0x07);
	}
	close(a);
	close(b);
	close(x);

	/* A held connection whose listener goes away is closed with it. */
	c.tcp_clients = 1;
	assert_int_equal(net_reconfigure(n, &c), R_OK);
	usleep(100000);
	a = tcp_connect(&l);
	assert_true(tcp_ask(a, 8));
	x = tcp_connect(&l);
	usleep(100000);
	c.nlisten = 0;
	assert_int_equal(net_reconfigure(n, &c), R_OK);
	assert_true(wait_closed(x, 2000));
	assert_true(tcp_ask(a, 9)); /* open connections stay */
	close(a);
	close(x);
	net_stop(n);
}

static void
test_reconfigure(void **state) {
	srv_listen_t a = mk_listen4("127.0.0.1", PORT_BASE + 20);
	srv_listen_t b = mk_listen4("127.0.0.1", PORT_BASE + 21);
	srv_listen_t cc = mk_listen6("::1", PORT_BASE + 22);
	srv_listen_t set1[2] = {a, b}, set2[2] = {cc, a};
	net_config_t c = mk_config(set1, 2, 2);
	net_t *n = NULL;
	int u4 = udp_client(AF_INET), u6 = udp_client(AF_INET6), t;

	(void)state;
	assert_int_equal(net_start(&c, test_handler, &hctx, &n), R_OK);
	assert_true(udp_ask(u4, &a, 1));
	assert_true(udp_ask(u4, &b, 2));
	t = tcp_connect(&a);
	assert_true(tcp_ask(t, 3));

	c = mk_config(set2, 2, 2);
	assert_int_equal(net_reconfigure(n, &c), R_OK);
	/* a kept: its open TCP connection survives, UDP still answered. */
	assert_true(tcp_ask(t, 4));
	assert_true(udp_ask(u4, &a, 5));
	/* b gone: TCP refused, UDP unanswered. */
	assert_int_equal(tcp_connect(&b), -1);
	set_timeout(u4, 300);
	assert_false(udp_ask(u4, &b, 6));
	set_timeout(u4, 2000);
	/* cc new. */
	assert_true(udp_ask(u6, &cc, 7));
	close(t);
	t = tcp_connect(&cc);
	assert_true(t >= 0);
	assert_true(tcp_ask(t, 8));
	close(t);

	/* The same set again changes nothing. */
	assert_int_equal(net_reconfigure(n, &c), R_OK);
	assert_true(udp_ask(u4, &a, 9));
	assert_true(udp_ask(u6, &cc, 10));
	close(u4);
	close(u6);
	net_stop(n);
}

/* Stop with an idle connection and one mid-request: returns promptly,
 * closes them, and the port is free again afterwards. */
static void
test_stop(void **state) {
	srv_listen_t l = mk_listen4("127.0.0.1", PORT_BASE + 10);
	net_t *n = start_one(&l, 1, 0);
	int a = tcp_connect(&l), b = tcp_connect(&l), fd;
	struct sockaddr_in *s = (struct sockaddr_in *)&l.addr;
	double t0;

	(void)state;
	(void)s;
	assert_true(tcp_ask(a, 1));
	assert_int_equal(send(b, "\0\x20", 2, 0), 2);
	t0 = now_ms();
	net_stop(n);
	assert_true(now_ms() - t0 < 2000);
	assert_true(wait_closed(a, 1000));
	assert_true(wait_closed(b, 1000));
	close(a);
	close(b);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&l.addr, l.addrlen), 0);
	close(fd);
	net_stop(NULL);
}

static void
test_bind_failure(void **state) {
	srv_listen_t busy = mk_listen4("127.0.0.1", PORT_BASE + 11);
	srv_listen_t ok = mk_listen4("127.0.0.1", PORT_BASE + 12);
	srv_listen_t both[2] = {busy, ok};
	net_config_t c = mk_config(&busy, 1, 1);
	net_t *n = NULL;
	int hold = socket(AF_INET, SOCK_DGRAM, 0), u;

	(void)state;
	assert_int_equal(
	        bind(hold, (struct sockaddr *)&busy.addr, busy.addrlen), 0);
	/* Only the busy address: nothing to listen on. */
	assert_int_not_equal(net_start(&c, test_handler, &hctx, &n), R_OK);
	assert_null(n);
	/* With a free one as well: started, the free one works. */
	c = mk_config(both, 2, 1);
	assert_int_equal(net_start(&c, test_handler, &hctx, &n), R_OK);
	u = udp_client(AF_INET);
	assert_true(udp_ask(u, &ok, 1));
	/* Adding the busy one later reports it, keeps the rest. */
	c = mk_config(&ok, 1, 1);
	assert_int_equal(net_reconfigure(n, &c), R_OK);
	c = mk_config(both, 2, 1);
	assert_int_not_equal(net_reconfigure(n, &c), R_OK);
	assert_true(udp_ask(u, &ok, 2));
	close(u);
	close(hold);
	net_stop(n);

	/* Bad arguments. */
	assert_int_not_equal(net_start(NULL, test_handler, &hctx, &n), R_OK);
	assert_int_not_equal(net_reconfigure(NULL, &c), R_OK);
}

/* Several workers share the load without losing any request. */
static void
test_workers_udp_tcp_mix(void **state) {
	srv_listen_t l = mk_listen4("127.0.0.1", PORT_BASE + 13);
	net_t *n = start_one(&l, 1, 3);
	int fds[8];

	(void)state;
	for (int i = 0; i < 8; i++) {
		fds[i] = udp_client(AF_INET);
		assert_true(udp_ask(fds[i], &l, (uint16_t)i));
	}
	for (int round = 0; round < 20; round++) {
		int t = tcp_connect(&l);
		assert_true(tcp_ask(t, (uint16_t)round));
		close(t);
		assert_true(udp_ask(fds[round % 8], &l, (uint16_t)round));
	}
	for (int i = 0; i < 8; i++) {
		close(fds[i]);
	}
	net_stop(n);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_udp_roundtrip),
	        cmocka_unit_test(test_udp_batch),
	        cmocka_unit_test(test_udp_wildcard),
	        cmocka_unit_test(test_udp_wildcard6),
	        cmocka_unit_test(test_garbage),
	        cmocka_unit_test(test_tcp_single),
	        cmocka_unit_test(test_tcp_pipelined),
	        cmocka_unit_test(test_tcp_partial),
	        cmocka_unit_test(test_tcp_large_and_backpressure),
	        cmocka_unit_test(test_tcp_timeouts),
	        cmocka_unit_test(test_tcp_nonreader),
	        cmocka_unit_test(test_tcp_clients_cap),
	        cmocka_unit_test(test_reconfigure),
	        cmocka_unit_test(test_stop),
	        cmocka_unit_test(test_bind_failure),
	        cmocka_unit_test(test_workers_udp_tcp_mix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
