/*
 * server_int.h - what the three parts of the server generation builder
 * share (server.c: views, publication, lifetime; server_opts.c: server
 * options and listeners; server_zone.c: zone objects, reuse signatures and
 * the parallel loader).  Not for use outside named/server*.c and the
 * server unit test.
 */
#ifndef BINDERY_NAMED_SERVER_INT_H
#define BINDERY_NAMED_SERVER_INT_H

#include "named/server.h"

#define SRV_VERSION_DEFAULT "9.18.49-Bindery"
#define SRV_PIDFILE_DEFAULT "/run/named/named.pid"

/* Blocks of the tree a zone's options come from (view/options may be
 * NULL), and the environment ACLs are compiled in. */
typedef struct srv_zctx {
	const conf_tree_t *tree;
	const conf_block_t *options;
	const conf_block_t *view;     /* NULL for the implicit _default */
	const char *viewname;         /* for log lines: NULL when _default */
	acl_t *localhost, *localnets; /* may be NULL */
	const conf_stmt_t *recursion_warned; /* warn once per statement */
} srv_zctx_t;

/* ---- server_opts.c ---- */

/*
 * The statement of a server-wide option: the options block's, else the
 * built-in default (through cfg's first view), else NULL.
 */
const conf_stmt_t *srvopt_stmt(const srv_gen_t *gen,
                               const conf_block_t *options, const char *name);

/* True if s is a built-in default (not written in named.conf). */
bool srvopt_is_default(const conf_stmt_t *s);

/*
 * Fills the server-wide fields of gen (version ... blackhole) from the
 * options block (NULL: none) and the defaults.  Errors (a cookie-secret
 * that is not hex of a valid length, no memory) are logged and returned.
 */
result_t srvopt_apply(srv_gen_t *gen, const conf_block_t *options,
                      acl_t *localhost, acl_t *localnets);

/*
 * Compiles an address match list block as named does for listen-on:
 * prefixes, any/none, localhost/localnets (the given lists), named
 * "acl" statements of tree, nested lists, keys.  R_NOTFOUND for an
 * unknown acl name, R_RANGE for too deep nesting.
 */
result_t srvopt_compile_aml(const conf_tree_t *tree, const conf_block_t *aml,
                            acl_t *localhost, acl_t *localnets, acl_t **out);

/* One interface address (from getifaddrs, or a test's list). */
typedef struct srv_ifaddr {
	struct sockaddr_storage addr; /* port 0 */
	socklen_t addrlen;
} srv_ifaddr_t;

/*
 * The listeners for the given interface addresses: each address of a
 * family is matched against that family's listen-on lists in order; the
 * first list that allows it gives the port (its own "port", else the
 * options' "port" or params->port, else 53), a list that denies it or no
 * list at all skips it.  No listen-on (listen-on-v6) statement means
 * BIND's default "{ any; }".  params->family limits the families.
 * Duplicates are dropped.  Writes gen->listen / gen->nlisten.
 */
result_t srvopt_listeners(srv_gen_t *gen, const conf_tree_t *tree,
                          const conf_block_t *options,
                          const srv_params_t *params, const srv_ifaddr_t *ifs,
                          size_t nifs, acl_t *localhost, acl_t *localnets);

/* The host's interface addresses (getifaddrs).  R_IOERROR. */
result_t srvopt_interfaces(srv_ifaddr_t **out, size_t *n);

/* ---- server_zone.c ---- */

/*
 * After a failed load of z: if prev (the previous generation's object
 * for the same zone, same type) has data, z serves it too (the database
 * is shared by reference), as named keeps serving a zone whose reload
 * failed.  z's files stay unknown, so the next reload reads it again.
 * Returns true if data was taken.
 */
bool srvzone_keep_data(srv_zone_t *z, const srv_zone_t *prev);

/*
 * Reads a hint zone's file (named refuses the configuration when its
 * root hints do not load; the data itself is of no use to a server that
 * never recurses).  Logs the reader's messages and "could not configure
 * root hints from 'F': REASON" and returns the error; R_OK for other
 * zone types.
 */
result_t srvzone_check_hints(const srv_zone_t *z);

/* The zone type as named.conf and named's log lines spell it. */
const char *srvzone_typetext(cfg_zonetype_t t);

/*
 * A new zone object for cz (refs 1): type, file, format, own
 * allow-query lists, served flag and the reuse signature.  Nothing is
 * loaded yet (see srvzone_load_all).  Logs the "not served yet" line
 * for types this server does not serve.
 */
result_t srvzone_create(const srv_zctx_t *ctx, const cfg_zone_t *cz,
                        srv_zone_t **out);

/*
 * True if prev (a zone of the previous generation, same view and
 * origin) can be shared as it is for the new object z: same type, same
 * signature, and for a primary zone loaded from a file whose path,
 * mtime and size are unchanged.
 */
bool srvzone_reusable(const srv_zone_t *z, const srv_zone_t *prev);

/*
 * Loads the primary zones of zones[0..n) (each with served set, a file
 * and no db) on a pool of `threads` threads (0: the number of CPUs),
 * each registered with liburcu.  Every zone ends up either loaded (db
 * set, loaded true, mtime/size of the file read) or not (db NULL), with
 * named's log lines written.  Returns R_OK or R_NOMEMORY (zones that
 * were not attempted then stay unloaded).
 */
result_t srvzone_load_all(srv_zone_t **zones, size_t n, unsigned threads);

#endif
