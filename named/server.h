/*
 * server.h - a "server generation": everything the query path reads,
 * built from one checked named.conf, immutable once published.
 *
 * Model
 *  - server_gen_build() turns a cfg_t (config/cfgobj.h) into a srv_gen_t:
 *    views with their compiled ACLs and a zone table each, zones with
 *    their databases loaded (in parallel, on a thread pool, off the query
 *    threads), server-wide options already converted to the form the
 *    query path wants.  A zone that fails to load is logged as BIND does
 *    ("zone example.com/IN: not loaded due to errors.") and stays in the
 *    table without data (db NULL, loaded false): the query path answers
 *    SERVFAIL for it, as named does.  On a reload, a zone that loaded
 *    before keeps serving its previous data instead (as named does).
 *  - Zone types other than primary are kept (served false) and logged
 *    "type secondary is not served yet"; hint and redirect zones are in
 *    zonelist but not in the zone table.  An in-view zone is the same
 *    srv_zone_t object as the zone it names.
 *  - server_publish() makes a generation current with one pointer swap;
 *    the query path reads it with server_current() inside its RCU read
 *    section (the same liburcu memb flavour as db.h/zonetable.h, so one
 *    section covers generation, zone table and zone versions).  The old
 *    generation is released after a grace period.
 *  - Reload (SIGHUP): build a new generation from the new config with
 *    the current one as `prev`: a zone whose configuration and file (path,
 *    mtime, size) are unchanged is shared, not reloaded (srv_zone_t is
 *    reference counted); a changed file is reloaded into a new db.  If the
 *    new config fails, the caller keeps serving the old generation.
 *
 * Readers (the query path) never lock and never allocate: everything
 * below is read-only once server_publish() ran.
 */
#ifndef BINDERY_NAMED_SERVER_H
#define BINDERY_NAMED_SERVER_H

#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "config/acl.h"
#include "config/cfgobj.h"
#include "zones/db.h"
#include "zones/name.h"
#include "zones/result.h"
#include "zones/zonetable.h"

/* minimal-responses values. */
typedef enum {
	SRV_MINIMAL_NO = 0,
	SRV_MINIMAL_YES,
	SRV_MINIMAL_NO_AUTH,
	SRV_MINIMAL_NO_AUTH_RECURSIVE,
} srv_minimal_t;

/* One zone as served.  Shared between generations (refs). */
typedef struct srv_zone {
	atomic_uint refs;
	name_t origin;
	uint16_t rclass;
	cfg_zonetype_t type;
	char *file;	    /* as configured (relative to directory), or NULL */
	bool raw;	    /* masterfile-format raw */
	time_t mtime;	    /* of file when loaded */
	off_t size;
	db_t *db;	    /* NULL unless a primary zone loaded */
	bool loaded;	    /* db holds a version */
	bool served;	    /* type implemented here (primary today) */
	acl_t *allow_query;    /* zone's own list, or NULL: the view's */
	acl_t *allow_query_on; /* idem */
	const cfg_zone_t *cfg; /* valid while the generation's cfg lives */
	bool zero_no_soa_ttl;  /* zone, view, options; default yes.  Part
				* of confsig, so a shared zone's value holds */
	char *confsig;	    /* printed zone options: reuse iff equal */
	/* Additions (server module): */
	char *logname;	    /* "example.com/IN" or "example.com/IN/view" */
	uint32_t serial;    /* SOA serial loaded (when loaded) */
} srv_zone_t;

typedef struct srv_view {
	char *name;
	uint16_t rclass;
	acl_t *match_clients;	   /* NULL: any */
	acl_t *match_destinations; /* NULL: any */
	bool match_recursive_only;
	acl_t *allow_query;	   /* NULL: any (BIND's default) */
	acl_t *allow_query_on;	   /* NULL: any */
	bool recursion;		   /* configured; we never recurse */
	srv_minimal_t minimal_responses;
	bool minimal_any;
	/* preferred-glue (view, then options): RRTYPE_A or RRTYPE_AAAA, 0
	 * when unset (the client's transport family decides).  Read here,
	 * not looked up by name per query. */
	uint16_t preferred_glue;
	zonetable_t *zones; /* origin -> srv_zone_t * */
	srv_zone_t **zonelist; /* the same zones, config order */
	size_t nzones;
	const cfg_view_t *cfg;
	/* Addition: zonecfg[i] is zonelist[i]'s configuration in THIS
	 * generation (a shared zone's own cfg pointer is moved to it by
	 * server_publish()). */
	const cfg_zone_t **zonecfg;
} srv_view_t;

/* One address:port to listen on, UDP and TCP. */
typedef struct srv_listen {
	struct sockaddr_storage addr; /* port set */
	socklen_t addrlen;
} srv_listen_t;

typedef struct srv_gen {
	cfg_t *cfg;		/* owned; its tree too */
	conf_tree_t *tree;	/* owned */
	srv_view_t **views;	/* config order (class IN and others) */
	size_t nviews;
	acl_t *blackhole;	/* NULL: none */

	/* CHAOS answers: NULL text means "none" (hidden). */
	char *version;		/* version.bind; default named's version */
	char *hostname;		/* hostname.bind; default gethostname() */
	char *server_id;	/* id.server and NSID; NULL: none */

	uint16_t edns_udp_size; /* default 1232 */
	uint16_t max_udp_size;	/* default 1232 */
	bool answer_cookie;	/* default yes */
	uint8_t cookie_secret[32];
	size_t cookie_secret_len; /* 16 (siphash24) or 32 (aes/sha) */
	int cookie_alg;		/* 0 siphash24 (9.18 default), 1 aes */
	int querylog;		/* -1 unset, 0 no, 1 yes */

	/* TCP (units of 100 ms, as named.conf gives them). */
	unsigned tcp_clients;	      /* default 150 */
	unsigned tcp_initial_timeout; /* default 300 */
	unsigned tcp_idle_timeout;    /* default 300 */
	unsigned tcp_keepalive_timeout; /* default 300 */
	unsigned tcp_advertised_timeout; /* default 300 */

	srv_listen_t *listen;	/* from listen-on / listen-on-v6 and -p */
	size_t nlisten;

	char *directory;	/* absolute */
	char *pid_file;		/* NULL: none */
	char *dump_file, *statistics_file;
} srv_gen_t;

/* Command-line settings the generation builder needs. */
typedef struct srv_params {
	in_port_t port;	 /* -p (host order); 0 means 53 */
	int family;	 /* -4: AF_INET, -6: AF_INET6, 0 both */
	unsigned threads; /* -n: loader pool size too; 0 = cores */
} srv_params_t;

/*
 * Reads and checks named.conf at path (conf_check with zone loading off;
 * errors logged as named-checkconf prints them), builds and loads a new
 * generation.  prev (may be NULL) is the current generation: unchanged
 * zones are shared with it.  On error nothing is published and *out is
 * NULL; the caller keeps prev.  The error is named's one-word summary,
 * already explained in the log: R_FAILURE for errors in named.conf,
 * R_FILENOTFOUND for a missing file, a root hints file's own error; the
 * caller logs "loading configuration: <result_totext>" (start) or
 * "reloading configuration failed: <...>" (reload).
 */
result_t server_gen_build(const char *path, const srv_params_t *params,
			  const srv_gen_t *prev, srv_gen_t **out);

/* Makes gen current; waits for readers of the previous one and frees it
 * (returned in *old instead when old != NULL, for the caller to free
 * with server_gen_free() after its own bookkeeping). */
void server_publish(srv_gen_t *gen, srv_gen_t **old);

/* The current generation (NULL before the first publish).  Only inside a
 * read section (zonetable_read_begin()). */
const srv_gen_t *server_current(void);

/* Frees a generation that is not current (drops its zone references). */
void server_gen_free(srv_gen_t *gen);

/*
 * The zone's configuration in the current generation.  Use this rather
 * than z->cfg when z may be shared between generations: publication
 * moves the pointer (an atomic store) while readers may be looking.
 */
const cfg_zone_t *server_zone_cfg(const srv_zone_t *z);

/* Zone reference counting. */
srv_zone_t *server_zone_ref(srv_zone_t *z);
void server_zone_unref(srv_zone_t *z);

#endif
