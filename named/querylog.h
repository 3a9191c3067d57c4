/*
 * querylog.h - the lines named 9.18 logs about one client request, word
 * for word, so tools written for named's logs (fail2ban's named-refused
 * filter, log parsers) read ours:
 *
 *   client @0x7f3a... 127.0.0.1#53124 (www.example.com): view internal: query:
 * www.example.com IN A +E(0)K (127.0.0.1) client @0x7f3a... 127.0.0.1#53124
 * (www.example.com): query 'www.example.com/A/IN' denied client @0x7f3a...
 * 127.0.0.1#53124 (www.other.org): query failed (REFUSED) for
 * www.other.org/IN/A at query.c:5708
 *
 * The prefix is named's client prefix: "client @<id> <addr>#<port>", then
 * " (<qname>)" when the request had a question, then ": view <name>"
 * when a view other than "_default"/"_bind" was chosen.  The id is any
 * stable pointer naming the client slot (named prints its client
 * object's address).
 *
 * The query line's flags, in named's order: "+" recursion desired or
 * "-"; "S" signed (a verified TSIG/SIG(0)); "E(n)" EDNS version n; "T"
 * over TCP; "D" DNSSEC OK; "C" checking disabled; "V" a valid server
 * cookie, else "K" a client cookie; then the local address in
 * parentheses.
 *
 * Formatting never allocates and always NUL-terminates (text is cut at
 * the buffer's end); the log functions check log_wouldlog() first, so a
 * server with query logging off pays one compare.
 */
#ifndef BINDERY_NAMED_QUERYLOG_H
#define BINDERY_NAMED_QUERYLOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "named/log.h"
#include "zones/name.h"

/* Enough for the prefix, a 1024-octet escaped name twice and the rest. */
#define QUERYLOG_LINE_MAX 3072

typedef struct querylog_info {
	const void *id;               /* client slot (never NULL) */
	const struct sockaddr *peer;  /* source address and port */
	const struct sockaddr *local; /* address the request came to */
	const name_t *qname;          /* NULL: no question */
	uint16_t qtype;
	uint16_t qclass;
	const char *view; /* chosen view's name, or NULL */
	bool rd;
	bool is_signed;
	int edns_version; /* -1: no EDNS */
	bool tcp;
	bool dnssec_ok;
	bool cd;
	bool cookie_valid; /* "V" */
	bool cookie_sent;  /* "K" (when not valid) */
	/* EDNS Client Subnet of the request (option data: family, source
	 * and scope prefix, address), logged as " [ECS addr/source/scope]";
	 * NULL when there is none. */
	const uint8_t *ecs;
	uint16_t ecslen;
} querylog_info_t;

/* "a.b.c#port" for an IPv4/IPv6 sockaddr ("<unknown>" for others). */
size_t querylog_format_peer(const struct sockaddr *sa, bool port, char *buf,
                            size_t size);

/* named's client prefix (see above) with the trailing ": ". */
size_t querylog_format_prefix(const querylog_info_t *qi, char *buf,
                              size_t size);

/* The whole "query: ..." line (prefix included). */
size_t querylog_format_query(const querylog_info_t *qi, char *buf, size_t size);

/* Logs the query line in category "queries" at info, if anything would
 * write it. */
void querylog_query(const querylog_info_t *qi);

/* Logs prefix + formatted text in cat at sev, if anything would write
 * it ("query failed (REFUSED) for ...", "query '...' denied"). */
void querylog_client(const querylog_info_t *qi, log_category_t cat, int sev,
                     const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

#endif
