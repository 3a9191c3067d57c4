/*
 * net.c - the network layer's frame: listening sockets, worker threads
 * and the command queue that reconfigures them (see named/net.h for the
 * contract and named/net_int.h for who owns what).
 *
 * Sockets are opened here, in the caller's thread, so that binding to
 * port 53 happens before privileges are dropped and so that a failure can
 * be reported as the call's result.  Every worker gets its own UDP and
 * TCP socket per address, all bound with SO_REUSEPORT: the kernel spreads
 * datagrams and connections over the workers and no queue is shared.
 *
 * Log lines follow named 9.18:
 *   listening on IPv4 interface lo, 127.0.0.1#53
 *   creating IPv4 interface lo failed; interface ignored   (UDP failed)
 *   creating TCP socket: address in use                     (TCP failed)
 *   unable to listen on any configured interfaces
 *   no longer listening on 127.0.0.1#53
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "named/log.h"
#include "named/net.h"
#include "named/net_int.h"
#include "zones/db.h"

void
net_format_addr(const struct sockaddr *sa, char *buf, size_t size) {
	char host[INET6_ADDRSTRLEN];
	unsigned port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		port = ntohs(s4->sin_port);
		snprintf(buf, size, "%s#%u", host, port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		port = ntohs(s6->sin6_port);
		if (s6->sin6_scope_id != 0) {
			snprintf(buf, size, "%s%%%u#%u", host,
			         (unsigned)s6->sin6_scope_id, port);
		} else {
			snprintf(buf, size, "%s#%u", host, port);
		}
	} else {
		snprintf(buf, size, "<unknown address family %d>",
		         sa->sa_family);
	}
}

/* Same family, address, scope and port. */
static bool
addr_equal(const srv_listen_t *a, const srv_listen_t *b) {
	const struct sockaddr *sa = (const struct sockaddr *)&a->addr;
	const struct sockaddr *sb = (const struct sockaddr *)&b->addr;

	if (sa->sa_family != sb->sa_family) {
		return false;
	}
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *x = (const struct sockaddr_in *)sa;
		const struct sockaddr_in *y = (const struct sockaddr_in *)sb;
		return x->sin_port == y->sin_port &&
		       x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)sa;
		const struct sockaddr_in6 *y = (const struct sockaddr_in6 *)sb;
		return x->sin6_port == y->sin6_port &&
		       x->sin6_scope_id == y->sin6_scope_id &&
		       memcmp(&x->sin6_addr, &y->sin6_addr, 16) == 0;
	}
	return false;
}

static bool
addr_is_wildcard(const struct sockaddr *sa) {
	if (sa->sa_family == AF_INET) {
		return ((const struct sockaddr_in *)sa)->sin_addr.s_addr ==
		       htonl(INADDR_ANY);
	}
	if (sa->sa_family == AF_INET6) {
		return IN6_IS_ADDR_UNSPECIFIED(
		        &((const struct sockaddr_in6 *)sa)->sin6_addr);
	}
	return false;
}

static socklen_t
addr_len(const struct sockaddr *sa) {
	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                 : sizeof(struct sockaddr_in);
}

/* The interface an address belongs to, for the "listening on" line. */
static void
addr_ifname(const struct sockaddr *sa, char *buf, size_t size) {
	struct ifaddrs *ifa = NULL, *i;

	snprintf(buf, size, "%s", addr_is_wildcard(sa) ? "*" : "?");
	if (getifaddrs(&ifa) != 0) {
		return;
	}
	for (i = ifa; i != NULL; i = i->ifa_next) {
		const struct sockaddr *ia = i->ifa_addr;
		if (ia == NULL || ia->sa_family != sa->sa_family) {
			continue;
		}
		if (sa->sa_family == AF_INET &&
		    ((const struct sockaddr_in *)ia)->sin_addr.s_addr ==
		            ((const struct sockaddr_in *)sa)->sin_addr.s_addr)
		{
			snprintf(buf, size, "%s", i->ifa_name);
			break;
		}
		if (sa->sa_family == AF_INET6 &&
		    memcmp(&((const struct sockaddr_in6 *)ia)->sin6_addr,
		           &((const struct sockaddr_in6 *)sa)->sin6_addr,
		           16) == 0)
		{
			snprintf(buf, size, "%s", i->ifa_name);
			break;
		}
	}
	freeifaddrs(ifa);
}

/* named's text for the errors a bind can give (isc_result_totext). */
static const char *
errno_text(int err) {
	switch (err) {
	case EADDRINUSE:
		return "address in use";
	case EADDRNOTAVAIL:
		return "address not available";
	case EACCES:
	case EPERM:
		return "permission denied";
	case EAFNOSUPPORT:
		return "address family not supported";
	case EMFILE:
	case ENFILE:
		return "too many open files";
	default:
		return strerror(err);
	}
}

/*
 * A bound, non-blocking socket of `type` for l with SO_REUSEPORT (and
 * IPV6_V6ONLY, and PKTINFO on a wildcard UDP socket so that each reply
 * can leave from the address its request came to); a TCP socket is also
 * listening.  Returns the fd, or -1 with *err set.
 */
static int
open_socket(const srv_listen_t *l, int type, bool wildcard, int *err) {
	const struct sockaddr *sa = (const struct sockaddr *)&l->addr;
	int one = 1;
	int fd;

	fd = socket(sa->sa_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0 ||
	    (type == SOCK_STREAM && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR,
	                                       &one, sizeof(one)) != 0) ||
	    (sa->sa_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0))
	{
		goto fail;
	}
	if (type == SOCK_DGRAM && wildcard) {
		int r = sa->sa_family == AF_INET6
		                ? setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO,
		                             &one, sizeof(one))
		                : setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one,
		                             sizeof(one));
		if (r != 0) {
			goto fail;
		}
	}
	if (bind(fd, sa, addr_len(sa)) != 0) {
		goto fail;
	}
	if (type == SOCK_STREAM && listen(fd, NET_TCP_BACKLOG) != 0) {
		goto fail;
	}
	return fd;
fail:
	*err = errno;
	close(fd);
	return -1;
}

static void
close_fds(int *fds, unsigned count) {
	for (unsigned i = 0; i < count; i++) {
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
	}
}

static void
listener_free(net_listener_t *l) {
	if (l == NULL) {
		return;
	}
	free(l->udpfd);
	free(l->tcpfd);
	free(l);
}

/*
 * Opens the sockets of one address for every worker.  UDP failing means
 * the interface is not used at all (named: "creating ... interface ...
 * failed; interface ignored"); TCP failing alone is logged and UDP kept.
 * Returns NULL when nothing could be opened.
 */
static net_listener_t *
listener_open(net_t *n, const srv_listen_t *addr) {
	const struct sockaddr *sa = (const struct sockaddr *)&addr->addr;
	const char *fam = sa->sa_family == AF_INET6 ? "IPv6" : "IPv4";
	char text[INET6_ADDRSTRLEN + 32], ifname[IF_NAMESIZE + 2];
	net_listener_t *l;
	int err = 0;

	net_format_addr(sa, text, sizeof(text));
	addr_ifname(sa, ifname, sizeof(ifname));
	log_write(LOG_CAT_NETWORK, LOG_SEV_INFO,
	          "listening on %s interface %s, %s", fam, ifname, text);

	l = calloc(1, sizeof(*l));
	if (l == NULL) {
		return NULL;
	}
	l->udpfd = malloc(n->nworkers * sizeof(int));
	l->tcpfd = malloc(n->nworkers * sizeof(int));
	if (l->udpfd == NULL || l->tcpfd == NULL) {
		listener_free(l);
		return NULL;
	}
	l->addr = *addr;
	l->wildcard = addr_is_wildcard(sa);
	l->id = n->next_id++;
	for (unsigned i = 0; i < n->nworkers; i++) {
		l->udpfd[i] = l->tcpfd[i] = -1;
	}

	l->udp_ok = true;
	for (unsigned i = 0; i < n->nworkers && l->udp_ok; i++) {
		l->udpfd[i] = open_socket(addr, SOCK_DGRAM, l->wildcard, &err);
		l->udp_ok = l->udpfd[i] >= 0;
	}
	if (!l->udp_ok) {
		close_fds(l->udpfd, n->nworkers);
		log_write(LOG_CAT_NETWORK, LOG_SEV_DEBUG(1),
		          "binding UDP socket %s: %s", text, errno_text(err));
		log_write(LOG_CAT_NETWORK, LOG_SEV_ERROR,
		          "creating %s interface %s failed; interface ignored",
		          fam, ifname);
		listener_free(l);
		return NULL;
	}

	l->tcp_ok = true;
	for (unsigned i = 0; i < n->nworkers && l->tcp_ok; i++) {
		l->tcpfd[i] = open_socket(addr, SOCK_STREAM, l->wildcard, &err);
		l->tcp_ok = l->tcpfd[i] >= 0;
	}
	if (!l->tcp_ok) {
		close_fds(l->tcpfd, n->nworkers);
		log_write(LOG_CAT_NETWORK, LOG_SEV_ERROR,
		          "creating TCP socket: %s", errno_text(err));
	}
	return l;
}

/* Queues cmd for worker w and wakes its loop. */
static void
worker_post(net_worker_t *w, net_cmd_t *cmd) {
	cmd->next = NULL;
	pthread_mutex_lock(&w->q_lock);
	if (w->q_tail != NULL) {
		w->q_tail->next = cmd;
	} else {
		w->q_head = cmd;
	}
	w->q_tail = cmd;
	pthread_mutex_unlock(&w->q_lock);
	uv_async_send(&w->async);
}

void
net_ack(net_t *n) {
	pthread_mutex_lock(&n->ack_lock);
	n->acks++;
	pthread_cond_broadcast(&n->ack_cond);
	pthread_mutex_unlock(&n->ack_lock);
}

void
net_kick(net_t *n) {
	if (atomic_load(&n->stopping)) {
		return;
	}
	for (unsigned i = 0; i < n->nworkers; i++) {
		uv_async_send(&n->workers[i].async);
	}
}

static unsigned
acks_now(net_t *n) {
	unsigned a;

	pthread_mutex_lock(&n->ack_lock);
	a = n->acks;
	pthread_mutex_unlock(&n->ack_lock);
	return a;
}

/* Waits until `count` more commands than at `start` are done. */
static void
acks_wait(net_t *n, unsigned start, unsigned count) {
	pthread_mutex_lock(&n->ack_lock);
	while (n->acks - start < count) {
		pthread_cond_wait(&n->ack_cond, &n->ack_lock);
	}
	pthread_mutex_unlock(&n->ack_lock);
}

/*
 * Hands listener l's sockets to the workers (they own them from now on).
 * Returns the number of commands posted.  Out of memory here aborts,
 * as everywhere: there is no sane way to continue half-configured.
 */
static unsigned
listener_post_open(net_t *n, net_listener_t *l) {
	for (unsigned i = 0; i < n->nworkers; i++) {
		net_cmd_t *cmd = calloc(1, sizeof(*cmd));
		if (cmd == NULL) {
			abort();
		}
		cmd->op = NET_CMD_OPEN;
		cmd->id = l->id;
		cmd->udpfd = l->udpfd[i];
		cmd->tcpfd = l->tcpfd[i];
		cmd->wildcard = l->wildcard;
		memcpy(&cmd->local, &l->addr.addr, sizeof(cmd->local));
		l->udpfd[i] = l->tcpfd[i] = -1;
		worker_post(&n->workers[i], cmd);
	}
	return n->nworkers;
}

static unsigned
listener_post_close(net_t *n, net_listener_t *l) {
	char text[INET6_ADDRSTRLEN + 32];

	net_format_addr((const struct sockaddr *)&l->addr.addr, text,
	                sizeof(text));
	log_write(LOG_CAT_NETWORK, LOG_SEV_INFO, "no longer listening on %s",
	          text);
	for (unsigned i = 0; i < n->nworkers; i++) {
		net_cmd_t *cmd = calloc(1, sizeof(*cmd));
		if (cmd == NULL) {
			abort();
		}
		cmd->op = NET_CMD_CLOSE;
		cmd->id = l->id;
		cmd->udpfd = cmd->tcpfd = -1;
		worker_post(&n->workers[i], cmd);
	}
	return n->nworkers;
}

static void
stoptimer_closed(uv_handle_t *h) {
	(void)h;
}

/* While stopping: ends the drain when the last connection is gone or the
 * deadline has passed. */
static void
stoptimer_cb(uv_timer_t *t) {
	net_worker_t *w = t->data;
	uint64_t *deadline = &w->stoptimer_deadline;

	if (w->conns != NULL && uv_now(&w->loop) < *deadline) {
		return;
	}
	net_tcp_closeall(w);
	uv_close((uv_handle_t *)&w->stoptimer, stoptimer_closed);
}

static void
worker_stop(net_worker_t *w) {
	net_udpsock_t *u;
	net_tcplisten_t *t;

	w->stopping = true;
	while ((u = w->udp) != NULL) {
		net_udp_close(w, u->id);
	}
	while ((t = w->tcpl) != NULL) {
		net_tcp_close(w, t->id);
	}
	net_tcp_stop(w);
	uv_close((uv_handle_t *)&w->async, NULL);
	uv_timer_init(&w->loop, &w->stoptimer);
	w->stoptimer.data = w;
	w->stoptimer_deadline = uv_now(&w->loop) + NET_STOP_DRAIN_MS;
	uv_timer_start(&w->stoptimer, stoptimer_cb, 0, 10);
}

/* Runs the commands queued for this worker. */
static void
worker_async_cb(uv_async_t *a) {
	net_worker_t *w = a->data;
	net_cmd_t *cmd, *next;

	pthread_mutex_lock(&w->q_lock);
	cmd = w->q_head;
	w->q_head = w->q_tail = NULL;
	pthread_mutex_unlock(&w->q_lock);

	for (; cmd != NULL; cmd = next) {
		next = cmd->next;
		if (w->stopping) {
			/* Only STOP follows STOP; sockets still get closed. */
			if (cmd->udpfd >= 0) {
				close(cmd->udpfd);
			}
			if (cmd->tcpfd >= 0) {
				close(cmd->tcpfd);
			}
		} else if (cmd->op == NET_CMD_OPEN) {
			if (cmd->udpfd >= 0) {
				net_udp_open(w, cmd);
			}
			if (cmd->tcpfd >= 0) {
				net_tcp_open(w, cmd);
			}
		} else if (cmd->op == NET_CMD_CLOSE) {
			net_udp_close(w, cmd->id);
			net_tcp_close(w, cmd->id);
		} else {
			worker_stop(w);
		}
		free(cmd);
		net_ack(w->net);
	}
	if (!w->stopping) {
		net_tcp_retry(w);
	}
}

static void *
worker_main(void *arg) {
	net_worker_t *w = arg;

	/* The handler reads RCU-protected zone data. */
	db_thread_register();
	uv_run(&w->loop, UV_RUN_DEFAULT);
	db_thread_unregister();
	return NULL;
}

static void
net_free(net_t *n) {
	for (size_t i = 0; i < n->nlisteners; i++) {
		listener_free(n->listeners[i]);
	}
	free(n->listeners);
	if (n->workers != NULL) {
		for (unsigned i = 0; i < n->nworkers; i++) {
			net_udp_free(&n->workers[i]);
			free(n->workers[i].tcpresp);
			pthread_mutex_destroy(&n->workers[i].q_lock);
		}
	}
	free(n->workers);
	pthread_mutex_destroy(&n->ctl_lock);
	pthread_mutex_destroy(&n->ack_lock);
	pthread_cond_destroy(&n->ack_cond);
	free(n);
}

static void
limits_set(net_t *n, const net_config_t *cfg) {
	atomic_store(&n->tcp_clients, cfg->tcp_clients);
	atomic_store(&n->tcp_initial_timeout, cfg->tcp_initial_timeout);
	atomic_store(&n->tcp_idle_timeout, cfg->tcp_idle_timeout);
	atomic_store(&n->tcp_keepalive_timeout, cfg->tcp_keepalive_timeout);
}

static bool
listeners_add(net_t *n, net_listener_t *l) {
	net_listener_t **v =
	        realloc(n->listeners, (n->nlisteners + 1) * sizeof(*v));
	if (v == NULL) {
		return false;
	}
	n->listeners = v;
	n->listeners[n->nlisteners++] = l;
	return true;
}

/* Is addr already among the first `count` entries of list? */
static bool
listen_dup(const srv_listen_t *list, size_t count, const srv_listen_t *addr) {
	for (size_t i = 0; i < count; i++) {
		if (addr_equal(&list[i], addr)) {
			return true;
		}
	}
	return false;
}

/* Stops and joins the workers that were started; frees n. */
static void
workers_stop(net_t *n) {
	unsigned start = acks_now(n), posted = 0;

	atomic_store(&n->stopping, true);

	for (unsigned i = 0; i < n->nworkers; i++) {
		net_worker_t *w = &n->workers[i];
		net_cmd_t *cmd;
		if (!w->started) {
			continue;
		}
		cmd = calloc(1, sizeof(*cmd));
		if (cmd == NULL) {
			abort();
		}
		cmd->op = NET_CMD_STOP;
		cmd->udpfd = cmd->tcpfd = -1;
		worker_post(w, cmd);
		posted++;
	}
	acks_wait(n, start, posted);
	/* Every thread ends before any loop is closed: a worker closing a
	 * connection may still wake another's async until it has ended. */
	for (unsigned i = 0; i < n->nworkers; i++) {
		if (n->workers[i].started) {
			pthread_join(n->workers[i].thread, NULL);
		}
	}
	for (unsigned i = 0; i < n->nworkers; i++) {
		net_worker_t *w = &n->workers[i];
		if (w->started) {
			uv_loop_close(&w->loop);
			w->started = false;
		}
	}
}

result_t
net_start(const net_config_t *cfg, net_handler_fn fn, void *arg, net_t **out) {
	net_t *n;
	unsigned opened = 0;
	long cores;

	if (cfg == NULL || fn == NULL || out == NULL) {
		return R_FAILURE;
	}
	n = calloc(1, sizeof(*n));
	if (n == NULL) {
		return R_NOMEMORY;
	}
	pthread_mutex_init(&n->ctl_lock, NULL);
	pthread_mutex_init(&n->ack_lock, NULL);
	pthread_cond_init(&n->ack_cond, NULL);
	n->fn = fn;
	n->arg = arg;
	n->nworkers = cfg->workers;
	if (n->nworkers == 0) {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		n->nworkers = cores > 0 ? (unsigned)cores : 1;
	}
	atomic_init(&n->tcp_count, 0);
	atomic_init(&n->quota_waiters, 0);
	atomic_init(&n->stopping, false);
	atomic_init(&n->tcp_clients, 0);
	atomic_init(&n->tcp_initial_timeout, 0);
	atomic_init(&n->tcp_idle_timeout, 0);
	atomic_init(&n->tcp_keepalive_timeout, 0);
	limits_set(n, cfg);

	n->workers = calloc(n->nworkers, sizeof(*n->workers));
	if (n->workers == NULL) {
		net_free(n);
		return R_NOMEMORY;
	}
	for (unsigned i = 0; i < n->nworkers; i++) {
		net_worker_t *w = &n->workers[i];
		w->net = n;
		w->idx = i;
		pthread_mutex_init(&w->q_lock, NULL);
		w->tcpresp = malloc(NET_TCP_MAXMSG + 2);
		if (w->tcpresp == NULL || net_udp_alloc(w) != R_OK) {
			net_free(n);
			return R_NOMEMORY;
		}
	}

	for (size_t i = 0; i < cfg->nlisten; i++) {
		net_listener_t *l;
		if (listen_dup(cfg->listen, i, &cfg->listen[i])) {
			continue;
		}
		l = listener_open(n, &cfg->listen[i]);
		if (l == NULL) {
			continue;
		}
		if (!listeners_add(n, l)) {
			close_fds(l->udpfd, n->nworkers);
			close_fds(l->tcpfd, n->nworkers);
			listener_free(l);
			continue;
		}
		opened++;
	}
	if (opened == 0) {
		log_write(LOG_CAT_NETWORK, LOG_SEV_ERROR,
		          "unable to listen on any configured interfaces");
		net_free(n);
		return R_IOERROR;
	}

	for (unsigned i = 0; i < n->nworkers; i++) {
		net_worker_t *w = &n->workers[i];
		if (uv_loop_init(&w->loop) != 0) {
			break;
		}
		uv_async_init(&w->loop, &w->async, worker_async_cb);
		w->async.data = w;
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			uv_close((uv_handle_t *)&w->async, NULL);
			uv_run(&w->loop, UV_RUN_DEFAULT);
			uv_loop_close(&w->loop);
			break;
		}
		w->started = true;
	}
	if (!n->workers[n->nworkers - 1].started) {
		log_write(LOG_CAT_NETWORK, LOG_SEV_ERROR,
		          "could not start network threads");
		workers_stop(n);
		for (size_t i = 0; i < n->nlisteners; i++) {
			close_fds(n->listeners[i]->udpfd, n->nworkers);
			close_fds(n->listeners[i]->tcpfd, n->nworkers);
		}
		net_free(n);
		return R_FAILURE;
	}

	{
		unsigned start = acks_now(n), posted = 0;
		for (size_t i = 0; i < n->nlisteners; i++) {
			posted += listener_post_open(n, n->listeners[i]);
		}
		acks_wait(n, start, posted);
	}
	*out = n;
	return R_OK;
}

result_t
net_reconfigure(net_t *n, const net_config_t *cfg) {
	result_t result = R_OK;
	unsigned start, posted = 0;
	size_t keep = 0;

	if (n == NULL || cfg == NULL) {
		return R_FAILURE;
	}
	pthread_mutex_lock(&n->ctl_lock);
	limits_set(n, cfg);
	start = acks_now(n);

	/* Close what is no longer wanted, keep the rest in place. */
	for (size_t i = 0; i < n->nlisteners; i++) {
		net_listener_t *l = n->listeners[i];
		if (listen_dup(cfg->listen, cfg->nlisten, &l->addr)) {
			n->listeners[keep++] = l;
		} else {
			posted += listener_post_close(n, l);
			listener_free(l);
		}
	}
	n->nlisteners = keep;

	for (size_t i = 0; i < cfg->nlisten; i++) {
		const srv_listen_t *a = &cfg->listen[i];
		net_listener_t *l;
		bool have = false;
		if (listen_dup(cfg->listen, i, a)) {
			continue;
		}
		for (size_t j = 0; j < n->nlisteners && !have; j++) {
			have = addr_equal(&n->listeners[j]->addr, a);
		}
		if (have) {
			continue;
		}
		l = listener_open(n, a);
		if (l == NULL) {
			result = R_IOERROR;
			continue;
		}
		if (!listeners_add(n, l)) {
			close_fds(l->udpfd, n->nworkers);
			close_fds(l->tcpfd, n->nworkers);
			listener_free(l);
			result = R_NOMEMORY;
			continue;
		}
		posted += listener_post_open(n, l);
	}
	acks_wait(n, start, posted);
	/* A raised tcp-clients lets held connections in. */
	net_kick(n);
	pthread_mutex_unlock(&n->ctl_lock);
	return result;
}

void
net_stop(net_t *n) {
	if (n == NULL) {
		return;
	}
	pthread_mutex_lock(&n->ctl_lock);
	for (size_t i = 0; i < n->nlisteners; i++) {
		char text[INET6_ADDRSTRLEN + 32];
		net_format_addr(
		        (const struct sockaddr *)&n->listeners[i]->addr.addr,
		        text, sizeof(text));
		log_write(LOG_CAT_NETWORK, LOG_SEV_INFO,
		          "no longer listening on %s", text);
	}
	workers_stop(n);
	pthread_mutex_unlock(&n->ctl_lock);
	net_free(n);
}
