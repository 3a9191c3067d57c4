/*
 * net_udp.c - UDP on a worker: each socket is watched with uv_poll; when
 * it is readable, requests are read NET_UDP_BATCH at a time with
 * recvmmsg(), each is handed to the handler, and the batch's responses go
 * out with sendmmsg().  Nothing is allocated per request: every batch
 * slot has its request buffer, response buffer, peer address and control
 * buffer, allocated once per worker (net_udp_alloc).
 *
 * A reply is never waited for: when the socket's send buffer is full
 * (EAGAIN) the rest of the batch is dropped, as a busy server must; a
 * reply the kernel refuses for its destination alone (port 0, say) is
 * skipped and the others still sent.  A datagram larger than
 * NET_UDP_REQSIZE (which cannot happen over IPv4/IPv6 UDP) would arrive
 * truncated and is dropped.
 *
 * On a wildcard socket (0.0.0.0 or ::) the kernel tells each request's
 * destination address (IP_PKTINFO / IPV6_PKTINFO): the handler gets it as
 * the local address (match-destinations, allow-query-on need it) and the
 * reply is sent from it, so the client sees the address it asked.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "named/log.h"
#include "named/net_int.h"

result_t
net_udp_alloc(net_worker_t *w) {
	/* malloc, not calloc: the request buffers are mostly never touched
	 * beyond their first page, so they cost address space, not RAM. */
	w->reqbuf = malloc((size_t)NET_UDP_BATCH * NET_UDP_REQSIZE);
	w->respbuf = malloc((size_t)NET_UDP_BATCH * NET_UDP_RESPSIZE);
	w->rmsg = calloc(NET_UDP_BATCH, sizeof(*w->rmsg));
	w->smsg = calloc(NET_UDP_BATCH, sizeof(*w->smsg));
	w->riov = calloc(NET_UDP_BATCH, sizeof(*w->riov));
	w->siov = calloc(NET_UDP_BATCH, sizeof(*w->siov));
	w->peers = calloc(NET_UDP_BATCH, sizeof(*w->peers));
	w->rcmsg = calloc(NET_UDP_BATCH, sizeof(*w->rcmsg));
	w->scmsg = calloc(NET_UDP_BATCH, sizeof(*w->scmsg));
	if (w->reqbuf == NULL || w->respbuf == NULL || w->rmsg == NULL ||
	    w->smsg == NULL || w->riov == NULL || w->siov == NULL ||
	    w->peers == NULL || w->rcmsg == NULL || w->scmsg == NULL)
	{
		return R_NOMEMORY;
	}
	for (unsigned i = 0; i < NET_UDP_BATCH; i++) {
		struct msghdr *h = &w->rmsg[i].msg_hdr;
		w->riov[i].iov_base = w->reqbuf + (size_t)i * NET_UDP_REQSIZE;
		w->riov[i].iov_len = NET_UDP_REQSIZE;
		w->siov[i].iov_base = w->respbuf + (size_t)i * NET_UDP_RESPSIZE;
		h->msg_name = &w->peers[i];
		h->msg_iov = &w->riov[i];
		h->msg_iovlen = 1;
	}
	return R_OK;
}

void
net_udp_free(net_worker_t *w) {
	free(w->reqbuf);
	free(w->respbuf);
	free(w->rmsg);
	free(w->smsg);
	free(w->riov);
	free(w->siov);
	free(w->peers);
	free(w->rcmsg);
	free(w->scmsg);
	w->reqbuf = w->respbuf = NULL;
	w->rmsg = w->smsg = NULL;
	w->riov = w->siov = NULL;
	w->peers = NULL;
	w->rcmsg = w->scmsg = NULL;
}

/*
 * From the PKTINFO of a request received on a wildcard socket: fills
 * *local (the destination address, with the socket's port) and the
 * control message that makes the reply leave from it (*ctl, *ctllen).
 * Returns false when the kernel gave no PKTINFO.
 */
static bool
udp_pktinfo(const net_udpsock_t *s, struct msghdr *h,
            struct sockaddr_storage *local, uint8_t *ctl, size_t *ctllen) {
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(h); c != NULL; c = CMSG_NXTHDR(h, c)) {
		struct msghdr out = {.msg_control = ctl,
		                     .msg_controllen = NET_CMSGSIZE};
		struct cmsghdr *oc;

		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi, reply;
			struct sockaddr_in *l4 = (struct sockaddr_in *)local;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			memcpy(local, &s->local, sizeof(*local));
			l4->sin_addr = pi.ipi_addr;
			memset(&reply, 0, sizeof(reply));
			reply.ipi_spec_dst = pi.ipi_addr;
			oc = CMSG_FIRSTHDR(&out);
			oc->cmsg_level = IPPROTO_IP;
			oc->cmsg_type = IP_PKTINFO;
			oc->cmsg_len = CMSG_LEN(sizeof(reply));
			memcpy(CMSG_DATA(oc), &reply, sizeof(reply));
			*ctllen = CMSG_SPACE(sizeof(reply));
			return true;
		}
		if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;
			struct sockaddr_in6 *l6 = (struct sockaddr_in6 *)local;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			memcpy(local, &s->local, sizeof(*local));
			l6->sin6_addr = pi.ipi6_addr;
			if (IN6_IS_ADDR_LINKLOCAL(&pi.ipi6_addr)) {
				l6->sin6_scope_id = pi.ipi6_ifindex;
			}
			oc = CMSG_FIRSTHDR(&out);
			oc->cmsg_level = IPPROTO_IPV6;
			oc->cmsg_type = IPV6_PKTINFO;
			oc->cmsg_len = CMSG_LEN(sizeof(pi));
			memcpy(CMSG_DATA(oc), &pi, sizeof(pi));
			*ctllen = CMSG_SPACE(sizeof(pi));
			return true;
		}
	}
	return false;
}

/* Sends smsg[0..count) without ever blocking. */
static void
udp_send(int fd, struct mmsghdr *m, unsigned count) {
	unsigned i = 0;

	while (i < count) {
		int r = sendmmsg(fd, m + i, count - i, MSG_DONTWAIT);
		if (r > 0) {
			i += (unsigned)r;
		} else if (r < 0 && errno == EINTR) {
			continue;
		} else if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		                     errno == ENOBUFS))
		{
			return; /* send buffer full: drop the rest */
		} else {
			i++; /* this destination is refused: skip it */
		}
	}
}

/* Reads, answers and replies to up to one batch; returns how many
 * requests were read (0: nothing more now). */
static unsigned
udp_batch(net_udpsock_t *s) {
	net_worker_t *w = s->w;
	net_t *n = w->net;
	unsigned nout = 0;
	int got;

	for (unsigned i = 0; i < NET_UDP_BATCH; i++) {
		struct msghdr *h = &w->rmsg[i].msg_hdr;
		h->msg_namelen = sizeof(w->peers[i]);
		h->msg_control = s->wildcard ? w->rcmsg[i] : NULL;
		h->msg_controllen = s->wildcard ? NET_CMSGSIZE : 0;
		h->msg_flags = 0;
	}
	do {
		got = recvmmsg(s->fd, w->rmsg, NET_UDP_BATCH, MSG_DONTWAIT,
		               NULL);
	} while (got < 0 && errno == EINTR);
	if (got <= 0) {
		return 0;
	}

	for (unsigned i = 0; i < (unsigned)got; i++) {
		struct msghdr *h = &w->rmsg[i].msg_hdr;
		struct msghdr *o = &w->smsg[nout].msg_hdr;
		struct sockaddr_storage local;
		uint8_t *resp = w->siov[i].iov_base;
		size_t ctllen = 0, rlen;
		dispatch_client_t cl;

		if ((h->msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0) {
			continue;
		}
		cl.peer = (const struct sockaddr *)&w->peers[i];
		cl.local = (const struct sockaddr *)&s->local;
		cl.tcp = false;
		if (s->wildcard) {
			if (!udp_pktinfo(s, h, &local, w->scmsg[i], &ctllen)) {
				continue;
			}
			cl.local = (const struct sockaddr *)&local;
		}
		rlen = n->fn(n->arg, w->riov[i].iov_base, w->rmsg[i].msg_len,
		             &cl, resp, NET_UDP_RESPSIZE);
		if (rlen == 0 || rlen > NET_UDP_RESPSIZE) {
			continue;
		}
		w->siov[i].iov_len = rlen;
		memset(o, 0, sizeof(*o));
		o->msg_name = &w->peers[i];
		o->msg_namelen = h->msg_namelen;
		o->msg_iov = &w->siov[i];
		o->msg_iovlen = 1;
		if (ctllen > 0) {
			o->msg_control = w->scmsg[i];
			o->msg_controllen = ctllen;
		}
		nout++;
	}
	if (nout > 0) {
		udp_send(s->fd, w->smsg, nout);
	}
	return (unsigned)got;
}

static void
udp_poll_cb(uv_poll_t *p, int status, int events) {
	net_udpsock_t *s = p->data;

	(void)events;
	if (status < 0) {
		/* libuv stops the poll on POLLERR.  A pending socket error
		 * (SO_ERROR clears it) must not silence the address: watch
		 * again, unless the socket itself is gone. */
		int err = 0;
		socklen_t len = sizeof(err);
		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 ||
		    uv_poll_start(p, UV_READABLE, udp_poll_cb) != 0)
		{
			log_write(LOG_CAT_NETWORK, LOG_SEV_ERROR,
			          "UDP socket error: %s", uv_strerror(status));
		}
		return;
	}
	/* Bounded, so TCP and the other sockets of this loop get a turn;
	 * the poll is level-triggered and calls again if more is queued. */
	for (unsigned round = 0; round < NET_UDP_ROUNDS; round++) {
		if (udp_batch(s) < NET_UDP_BATCH) {
			break;
		}
	}
}

void
net_udp_open(net_worker_t *w, const net_cmd_t *cmd) {
	net_udpsock_t *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		close(cmd->udpfd);
		return;
	}
	s->fd = cmd->udpfd;
	s->id = cmd->id;
	s->wildcard = cmd->wildcard;
	s->local = cmd->local;
	s->w = w;
	if (uv_poll_init(&w->loop, &s->poll, s->fd) != 0) {
		log_write(LOG_CAT_NETWORK, LOG_SEV_ERROR,
		          "could not watch UDP socket");
		close(s->fd);
		free(s);
		return;
	}
	s->poll.data = s;
	uv_poll_start(&s->poll, UV_READABLE, udp_poll_cb);
	s->next = w->udp;
	w->udp = s;
}

static void
udp_closed(uv_handle_t *h) {
	net_udpsock_t *s = h->data;

	close(s->fd);
	free(s);
}

void
net_udp_close(net_worker_t *w, unsigned id) {
	net_udpsock_t **pp = &w->udp;

	while (*pp != NULL) {
		net_udpsock_t *s = *pp;
		if (s->id != id) {
			pp = &s->next;
			continue;
		}
		*pp = s->next;
		uv_poll_stop(&s->poll);
		uv_close((uv_handle_t *)&s->poll, udp_closed);
	}
}
