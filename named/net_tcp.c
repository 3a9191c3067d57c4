/*
 * net_tcp.c - DNS over TCP on a worker (RFC 1035 4.2.2 framing, RFC 7766
 * connection handling).
 *
 *  - Framing: each message follows its 2-octet length.  Whatever a read
 *    brings is appended to the connection's buffer; every complete
 *    message in it is answered at once (pipelining), a partial one waits
 *    for more.  The buffer starts small and grows, only when full, up to
 *    one maximal message (2 + 65535 octets): a partial message never
 *    needs more, since complete ones are consumed first.
 *  - Responses are written in the order their requests were answered
 *    (the handler is synchronous, so that is request order; clients must
 *    accept any order, RFC 7766 6.2.1.1).  Each is tried with
 *    uv_try_write() straight from the worker's response buffer, which
 *    costs no allocation when the socket has room; what does not fit is
 *    copied to the connection's output (one uv_write in flight, the rest
 *    queued behind it).  Past NET_TCP_WHIGH unsent octets the connection
 *    stops reading, and so stops answering, until the client takes some:
 *    a client that does not read cannot grow our memory, and one that
 *    never reads again is closed by the idle timeout below.
 *  - Timeouts (in 100 ms units, read on every restart so reconfiguration
 *    applies at once): tcp-initial-timeout from accept until the first
 *    complete request; then tcp-idle-timeout from the last complete
 *    request or the last write the client took, or tcp-keepalive-timeout
 *    instead once the client has sent the EDNS tcp-keepalive option
 *    (RFC 7828; found by parsing the request, which the handler does
 *    again: TCP is not the hot path).  Partial requests do not restart
 *    the timer, so a client sending a byte at a time cannot hold a
 *    connection open.  0 means no timeout.
 *  - tcp-clients: one counter over all workers.  Over the cap a new
 *    connection is held, unserved, until a slot is free again, as named
 *    9.18 does (tcp_accept_cb); any worker freeing a slot wakes the
 *    others (net_kick).  0: no cap.
 *  - A connection is closed on EOF (after its pending output is written,
 *    for clients that half-close after sending), on any error, and, as
 *    named does, when the handler drops a request (answers written so
 *    far still go out; requests after it are not answered).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "named/log.h"
#include "named/message.h"
#include "named/net_int.h"

static void conn_process(net_conn_t *c);

static void
conn_freed(uv_handle_t *h) {
	net_conn_t *c = h->data;

	if (--c->handles_open > 0) {
		return;
	}
	free(c->rbuf);
	free(c->wout.base);
	free(c->wnext.base);
	free(c);
}

static void
conn_close(net_conn_t *c) {
	net_worker_t *w = c->w;

	if (c->closing) {
		return;
	}
	c->closing = true;
	if (c->counted) {
		atomic_fetch_sub(&w->net->tcp_count, 1);
		c->counted = false;
		if (atomic_load(&w->net->quota_waiters) > 0) {
			net_kick(w->net);
		}
	}
	if (c->prev != NULL) {
		c->prev->next = c->next;
	} else {
		w->conns = c->next;
	}
	if (c->next != NULL) {
		c->next->prev = c->prev;
	}
	c->prev = c->next = NULL;
	uv_close((uv_handle_t *)&c->tcp, conn_freed);
	if (c->handles_open == 2) {
		uv_close((uv_handle_t *)&c->timer, conn_freed);
	}
}

static void
conn_timeout(uv_timer_t *t) {
	conn_close(t->data);
}

/* (Re)arms the timer for the phase the connection is in. */
static void
conn_timer_restart(net_conn_t *c) {
	net_t *n = c->w->net;
	unsigned units;

	if (!c->had_request) {
		units = atomic_load(&n->tcp_initial_timeout);
	} else if (c->keepalive) {
		units = atomic_load(&n->tcp_keepalive_timeout);
	} else {
		units = atomic_load(&n->tcp_idle_timeout);
	}
	if (units == 0) {
		uv_timer_stop(&c->timer);
		return;
	}
	uv_timer_start(&c->timer, conn_timeout, (uint64_t)units * 100, 0);
}

static size_t
conn_pending(const net_conn_t *c) {
	return c->wout.len + c->wnext.len;
}

static bool
buf_append(net_buf_t *b, const uint8_t *data, size_t len) {
	if (b->cap - b->len < len) {
		size_t cap = b->cap > 0 ? b->cap : 4096;
		uint8_t *p;
		while (cap - b->len < len) {
			cap *= 2;
		}
		p = realloc(b->base, cap);
		if (p == NULL) {
			return false;
		}
		b->base = p;
		b->cap = cap;
	}
	memcpy(b->base + b->len, data, len);
	b->len += len;
	return true;
}

static void conn_write_cb(uv_write_t *req, int status);

static void
conn_write_start(net_conn_t *c) {
	uv_buf_t b = uv_buf_init((char *)c->wout.base, (unsigned)c->wout.len);

	c->wreq.data = c;
	if (uv_write(&c->wreq, (uv_stream_t *)&c->tcp, &b, 1, conn_write_cb) !=
	    0) {
		c->wout.len = 0;
		conn_close(c);
		return;
	}
	c->writing = true;
}

/* Sends data[0..len) after whatever is still unsent. */
static void
conn_send(net_conn_t *c, const uint8_t *data, size_t len) {
	size_t done = 0;

	if (c->writing) {
		if (!buf_append(&c->wnext, data, len)) {
			conn_close(c);
		}
		return;
	}
	{
		uv_buf_t b = uv_buf_init((char *)data, (unsigned)len);
		int r = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
		if (r < 0 && r != UV_EAGAIN) {
			conn_close(c);
			return;
		}
		done = r > 0 ? (size_t)r : 0;
	}
	if (done == len) {
		return;
	}
	c->wout.len = 0;
	if (!buf_append(&c->wout, data + done, len - done)) {
		conn_close(c);
		return;
	}
	conn_write_start(c);
}

static void conn_read_resume(net_conn_t *c);

static void
conn_write_cb(uv_write_t *req, int status) {
	net_conn_t *c = req->data;
	net_buf_t t;

	c->writing = false;
	c->wout.len = 0;
	if (c->closing) {
		return;
	}
	if (status < 0) {
		conn_close(c);
		return;
	}
	/* The client is taking our answers: that is activity too, so a
	 * large answer read slowly is not cut by the idle timeout. */
	conn_timer_restart(c);
	if (c->wnext.len > 0) {
		t = c->wout;
		c->wout = c->wnext;
		c->wnext = t;
		conn_write_start(c);
	} else if (c->eof) {
		conn_close(c);
	}
	if (c->closing) {
		return;
	}
	if (c->paused && conn_pending(c) < NET_TCP_WHIGH) {
		c->paused = false;
		conn_process(c);
		if (!c->closing && !c->paused) {
			conn_read_resume(c);
		}
	}
}

/* No more requests: close once the answers made so far are written. */
static void
conn_finish(net_conn_t *c) {
	if (c->reading) {
		uv_read_stop((uv_stream_t *)&c->tcp);
		c->reading = false;
	}
	c->eof = true;
	if (!c->writing) {
		conn_close(c);
	}
}

/* Answers one request of len octets at req. */
static void
conn_request(net_conn_t *c, const uint8_t *req, size_t len) {
	net_worker_t *w = c->w;
	net_t *n = w->net;
	dispatch_client_t cl = {.peer = (const struct sockaddr *)&c->peer,
	                        .local = (const struct sockaddr *)&c->local,
	                        .tcp = true};
	size_t rlen;

	c->had_request = true;
	if (!c->keepalive) {
		message_t m;
		if (message_parse(&m, req, len) == R_OK) {
			c->keepalive = m.has_opt && m.has_keepalive;
		}
	}
	rlen = n->fn(n->arg, req, len, &cl, w->tcpresp + 2, NET_TCP_MAXMSG);
	if (rlen == 0 || rlen > NET_TCP_MAXMSG) {
		/* named ends a TCP connection whose request it drops (a
		 * response, a short header, blackhole...): the answers
		 * already made still go out, later requests are not read. */
		conn_finish(c);
		return;
	}
	w->tcpresp[0] = (uint8_t)(rlen >> 8);
	w->tcpresp[1] = (uint8_t)rlen;
	conn_send(c, w->tcpresp, rlen + 2);
	if (!c->closing) {
		conn_timer_restart(c);
	}
}

/* Answers every complete request buffered, unless output backs up. */
static void
conn_process(net_conn_t *c) {
	size_t off = 0;

	while (!c->closing && !c->eof) {
		size_t flen;
		if (conn_pending(c) >= NET_TCP_WHIGH) {
			if (c->reading) {
				uv_read_stop((uv_stream_t *)&c->tcp);
				c->reading = false;
			}
			c->paused = true;
			break;
		}
		if (c->rlen - off < 2) {
			break;
		}
		flen = ((size_t)c->rbuf[off] << 8) | c->rbuf[off + 1];
		if (c->rlen - off - 2 < flen) {
			break;
		}
		conn_request(c, c->rbuf + off + 2, flen);
		off += 2 + flen;
	}
	if (c->closing || c->eof) {
		return;
	}
	if (off > 0) {
		memmove(c->rbuf, c->rbuf + off, c->rlen - off);
		c->rlen -= off;
	}
}

static void
conn_alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
	net_conn_t *c = h->data;

	(void)suggested;
	if (c->rlen == c->rcap && c->rcap < NET_TCP_MAXMSG + 2) {
		size_t cap = c->rcap * 2;
		uint8_t *p;
		if (cap > NET_TCP_MAXMSG + 2) {
			cap = NET_TCP_MAXMSG + 2;
		}
		p = realloc(c->rbuf, cap);
		if (p != NULL) {
			c->rbuf = p;
			c->rcap = cap;
		}
	}
	/* Length 0 (no memory) makes libuv report UV_ENOBUFS: closed. */
	*buf = uv_buf_init((char *)c->rbuf + c->rlen,
	                   (unsigned)(c->rcap - c->rlen));
}

static void
conn_read_cb(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
	net_conn_t *c = s->data;

	(void)buf;
	if (nread == 0 || c->closing) {
		return;
	}
	if (nread < 0) {
		uv_read_stop(s);
		c->reading = false;
		if (nread == UV_EOF && c->writing) {
			c->eof = true; /* close once the answers are out */
		} else {
			conn_close(c);
		}
		return;
	}
	c->rlen += (size_t)nread;
	conn_process(c);
}

static void
conn_read_resume(net_conn_t *c) {
	if (c->reading || c->eof || c->closing) {
		return;
	}
	if (uv_read_start((uv_stream_t *)&c->tcp, conn_alloc_cb,
	                  conn_read_cb) != 0) {
		conn_close(c);
		return;
	}
	c->reading = true;
}

/* Takes one tcp-clients slot if one is free (tcp-clients 0: no cap). */
static bool
quota_take(net_t *n) {
	unsigned cap = atomic_load(&n->tcp_clients);
	unsigned cur = atomic_load(&n->tcp_count);

	do {
		if (cap != 0 && cur >= cap) {
			return false;
		}
	} while (!atomic_compare_exchange_weak(&n->tcp_count, &cur, cur + 1));
	return true;
}

/* Takes the connection libuv accepted on l, holding one slot. */
static void
conn_accept(net_tcplisten_t *l) {
	net_worker_t *w = l->w;
	net_conn_t *c;
	int len;

	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		abort(); /* out of memory: the listener could not go on */
	}
	c->w = w;
	c->counted = true;
	uv_tcp_init(&w->loop, &c->tcp);
	c->tcp.data = c;
	c->handles_open = 1;
	c->next = w->conns;
	if (w->conns != NULL) {
		w->conns->prev = c;
	}
	w->conns = c;
	if (uv_accept((uv_stream_t *)&l->tcp, (uv_stream_t *)&c->tcp) != 0) {
		conn_close(c);
		return;
	}
	uv_timer_init(&w->loop, &c->timer);
	c->timer.data = c;
	c->handles_open = 2;

	len = sizeof(c->peer);
	if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&c->peer, &len) != 0)
	{
		conn_close(c);
		return;
	}
	c->local = l->local;
	if (l->wildcard) {
		len = sizeof(c->local);
		uv_tcp_getsockname(&c->tcp, (struct sockaddr *)&c->local, &len);
	}
	c->rbuf = malloc(NET_TCP_RBUF_INIT);
	if (c->rbuf == NULL) {
		conn_close(c);
		return;
	}
	c->rcap = NET_TCP_RBUF_INIT;
	uv_tcp_nodelay(&c->tcp, 1);
	conn_timer_restart(c);
	conn_read_resume(c);
}

/*
 * A connection is waiting.  Over tcp-clients, named leaves it unserved
 * until a slot frees up (the client sees an open connection that does
 * not answer yet), and so do we: not calling uv_accept() makes libuv
 * hold the socket and stop watching the listener.  The order (announce
 * the wait, then look again) pairs with conn_close() (free the slot,
 * then look for waiters), so a slot freed meanwhile is never missed.
 */
static void
tcp_accept_cb(uv_stream_t *server, int status) {
	net_tcplisten_t *l = server->data;
	net_t *n = l->w->net;

	if (status < 0 || l->blocked) {
		return;
	}
	if (!quota_take(n)) {
		l->blocked = true;
		atomic_fetch_add(&n->quota_waiters, 1);
		if (!quota_take(n)) {
			log_write(LOG_CAT_CLIENT, LOG_SEV_DEBUG(1),
			          "TCP client quota reached");
			return;
		}
		l->blocked = false;
		atomic_fetch_sub(&n->quota_waiters, 1);
	}
	conn_accept(l);
}

void
net_tcp_retry(net_worker_t *w) {
	net_t *n = w->net;

	for (net_tcplisten_t *l = w->tcpl; l != NULL; l = l->next) {
		if (!l->blocked || !quota_take(n)) {
			continue;
		}
		l->blocked = false;
		atomic_fetch_sub(&n->quota_waiters, 1);
		conn_accept(l);
	}
}

static void
tcplisten_closed(uv_handle_t *h) {
	free(h->data);
}

void
net_tcp_open(net_worker_t *w, const net_cmd_t *cmd) {
	net_tcplisten_t *l = calloc(1, sizeof(*l));

	if (l == NULL) {
		close(cmd->tcpfd);
		return;
	}
	l->id = cmd->id;
	l->wildcard = cmd->wildcard;
	l->local = cmd->local;
	l->w = w;
	uv_tcp_init(&w->loop, &l->tcp);
	l->tcp.data = l;
	if (uv_tcp_open(&l->tcp, cmd->tcpfd) != 0) {
		close(cmd->tcpfd);
		uv_close((uv_handle_t *)&l->tcp, tcplisten_closed);
		return;
	}
	if (uv_listen((uv_stream_t *)&l->tcp, NET_TCP_BACKLOG, tcp_accept_cb) !=
	    0) {
		log_write(LOG_CAT_NETWORK, LOG_SEV_ERROR,
		          "could not listen on TCP socket");
		uv_close((uv_handle_t *)&l->tcp, tcplisten_closed);
		return;
	}
	l->next = w->tcpl;
	w->tcpl = l;
}

void
net_tcp_close(net_worker_t *w, unsigned id) {
	net_tcplisten_t **pp = &w->tcpl;

	while (*pp != NULL) {
		net_tcplisten_t *l = *pp;
		if (l->id != id) {
			pp = &l->next;
			continue;
		}
		*pp = l->next;
		if (l->blocked) {
			/* libuv closes the connection it was holding. */
			atomic_fetch_sub(&w->net->quota_waiters, 1);
		}
		uv_close((uv_handle_t *)&l->tcp, tcplisten_closed);
	}
}

void
net_tcp_stop(net_worker_t *w) {
	net_conn_t *c = w->conns, *next;

	for (; c != NULL; c = next) {
		next = c->next;
		conn_finish(c);
	}
}

void
net_tcp_closeall(net_worker_t *w) {
	while (w->conns != NULL) {
		conn_close(w->conns);
	}
}
