/*
 * querylog.c - named's client log lines (see querylog.h).
 *
 * Everything is appended into a caller's buffer through one helper that
 * keeps the position and stops at the end, so no field can overflow and
 * a cut line is still NUL-terminated.
 */
#include "named/querylog.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "zones/rdata.h"

typedef struct outbuf {
	char *buf;
	size_t size;
	size_t len;
} outbuf_t;

static void
out_vprintf(outbuf_t *o, const char *fmt, va_list ap) {
	int n;

	if (o->len + 1 >= o->size) {
		return;
	}
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	if (n < 0) {
		return;
	}
	o->len += (size_t)n;
	if (o->len >= o->size) {
		o->len = o->size - 1;
	}
}

static void __attribute__((format(printf, 2, 3)))
out_printf(outbuf_t *o, const char *fmt, ...) {
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(o, fmt, ap);
	va_end(ap);
}

static void
out_init(outbuf_t *o, char *buf, size_t size) {
	o->buf = buf;
	o->size = size;
	o->len = 0;
	if (size > 0) {
		buf[0] = '\0';
	}
}

/* A name as named formats it in logs: no final dot, "." for the root. */
static void
out_name(outbuf_t *o, const name_t *n) {
	char text[NAME_MAXTEXT];

	if (name_totext(n, NULL, true, text, sizeof(text), NULL) != R_OK) {
		out_printf(o, "<invalid>");
		return;
	}
	out_printf(o, "%s", text);
}

size_t
querylog_format_peer(const struct sockaddr *sa, bool port, char *buf,
                     size_t size) {
	char text[INET6_ADDRSTRLEN];
	unsigned p = 0;
	outbuf_t o;

	out_init(&o, buf, size);
	if (sa != NULL && sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;
		inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text));
		p = ntohs(sin->sin_port);
	} else if (sa != NULL && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;
		inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof(text));
		p = ntohs(sin6->sin6_port);
	} else {
		out_printf(&o, "<unknown>");
		return o.len;
	}
	if (port) {
		out_printf(&o, "%s#%u", text, p);
	} else {
		out_printf(&o, "%s", text);
	}
	return o.len;
}

static void
out_prefix(outbuf_t *o, const querylog_info_t *qi) {
	char peer[INET6_ADDRSTRLEN + 8];

	querylog_format_peer(qi->peer, true, peer, sizeof(peer));
	out_printf(o, "client @%p %s", qi->id, peer);
	if (qi->qname != NULL) {
		out_printf(o, " (");
		out_name(o, qi->qname);
		out_printf(o, ")");
	}
	/* named leaves out its two implicit views' names. */
	if (qi->view != NULL && strcmp(qi->view, "_default") != 0 &&
	    strcmp(qi->view, "_bind") != 0)
	{
		out_printf(o, ": view %s", qi->view);
	}
	out_printf(o, ": ");
}

size_t
querylog_format_prefix(const querylog_info_t *qi, char *buf, size_t size) {
	outbuf_t o;

	out_init(&o, buf, size);
	out_prefix(&o, qi);
	return o.len;
}

size_t
querylog_format_query(const querylog_info_t *qi, char *buf, size_t size) {
	char cls[16], typ[16], local[INET6_ADDRSTRLEN + 8];
	outbuf_t o;

	out_init(&o, buf, size);
	out_prefix(&o, qi);
	out_printf(&o, "query: ");
	if (qi->qname != NULL) {
		out_name(&o, qi->qname);
	}
	out_printf(&o, " %s %s %s%s", rrclass_totext(qi->qclass, cls),
	           rrtype_totext(qi->qtype, typ), qi->rd ? "+" : "-",
	           qi->is_signed ? "S" : "");
	if (qi->edns_version >= 0) {
		out_printf(&o, "E(%d)", qi->edns_version);
	}
	querylog_format_peer(qi->local, false, local, sizeof(local));
	out_printf(&o, "%s%s%s%s (%s)", qi->tcp ? "T" : "",
	           qi->dnssec_ok ? "D" : "", qi->cd ? "C" : "",
	           qi->cookie_valid  ? "V"
	           : qi->cookie_sent ? "K"
	                             : "",
	           local);
	if (qi->ecs != NULL && qi->ecslen >= 4) {
		/* The address as sent, zero-filled to its family's width. */
		uint8_t a[16] = {0};
		char text[INET6_ADDRSTRLEN];
		unsigned family = (unsigned)(qi->ecs[0] << 8 | qi->ecs[1]);
		size_t n = qi->ecslen - 4u;
		int af = family == 2 ? AF_INET6 : AF_INET;
		memcpy(a, qi->ecs + 4, n > 16 ? 16 : n);
		if (inet_ntop(af, a, text, sizeof(text)) != NULL) {
			out_printf(&o, " [ECS %s/%u/%u]", text, qi->ecs[2],
			           qi->ecs[3]);
		}
	}
	return o.len;
}

void
querylog_query(const querylog_info_t *qi) {
	char line[QUERYLOG_LINE_MAX];

	if (!log_wouldlog(LOG_CAT_QUERIES, LOG_SEV_INFO)) {
		return;
	}
	querylog_format_query(qi, line, sizeof(line));
	log_write(LOG_CAT_QUERIES, LOG_SEV_INFO, "%s", line);
}

void
querylog_client(const querylog_info_t *qi, log_category_t cat, int sev,
                const char *fmt, ...) {
	char line[QUERYLOG_LINE_MAX];
	outbuf_t o;
	va_list ap;

	if (!log_wouldlog(cat, sev)) {
		return;
	}
	out_init(&o, line, sizeof(line));
	out_prefix(&o, qi);
	va_start(ap, fmt);
	out_vprintf(&o, fmt, ap);
	va_end(ap);
	log_write(cat, sev, "%s", line);
}
