/*
 * zonecheck.h - BIND 9.18's semantic zone checks, as named-checkzone and
 * named load a primary zone.
 *
 * Two entry points:
 *  - zonecheck_rr() checks one RR as it is read (BIND does these in its
 *    master loader): out-of-zone owners, DS at the apex, non-terminal
 *    wildcards (-W), check-names on owners and embedded names (-k), MX and
 *    NS targets that look like addresses (-m, -n), NSEC3 owner labels;
 *    zonecheck_max_ttl() checks -l once the RR's TTL is settled.
 *  - zonecheck_zone() runs the post-load checks on a finished zone: SOA
 *    and NS at the apex, apex NS targets (always), CDS/CDNSKEY algorithms
 *    against the apex DNSKEYs (always), and with
 *    check-integrity (-i) delegations and glue, MX and SRV targets
 *    (including check-mx-cname -M, check-srv-cname -S, check-sibling),
 *    the SPF/TXT check (-T), records that differ only in the case of
 *    embedded names (-r), deprecated DNSSEC algorithms.
 *
 * Messages go to opts->log with BIND's wording; file == NULL means a
 * zone-level message, which the caller prefixes with "zone NAME/CLASS: ".
 * Levels and context bits are master.h's (MASTER_LOG_ERROR/_WARNING, ORed
 * with MASTER_LOG_CTX_* where BIND names a function in front of the
 * location); the words "warning: " are part of the message where BIND
 * writes them.  master_log_format() gives BIND's line.
 *
 * No check ever touches the network: where BIND's "full" integrity mode
 * would resolve a target outside the zone (getaddrinfo), we only check
 * what the zone itself holds.
 */
#ifndef BINDERY_ZONECHECK_H
#define BINDERY_ZONECHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "zones/master.h"
#include "zones/result.h"
#include "zones/zone.h"

typedef enum {
	ZC_IGNORE = 0,
	ZC_WARN = 1,
	ZC_FAIL = 2,
} zc_mode_t;

typedef struct zonecheck_opts {
	zc_mode_t names;     /* -k check-names */
	zc_mode_t mx;	     /* -m: MX target looks like an address */
	zc_mode_t ns;	     /* -n: NS target looks like an address */
	zc_mode_t mx_cname;  /* -M check-mx-cname */
	zc_mode_t srv_cname; /* -S check-srv-cname */
	zc_mode_t wildcard;  /* -W check-wildcard (ignore|warn) */
	zc_mode_t spf;	     /* -T check-spf (ignore|warn) */
	zc_mode_t dup;	     /* -r check-dup-records */
	bool integrity;	     /* -i anything but none */
	bool sibling;	     /* -i full or local (not *-sibling) */
	bool max_ttl_set;    /* -l given */
	uint32_t max_ttl;
	master_log_fn log;
	void *arg;
} zonecheck_opts_t;

/* Fills o with named-checkzone's defaults (compile: named-compilezone's). */
void zonecheck_defaults(zonecheck_opts_t *o, bool compile);

/*
 * Checks one RR read for the zone at origin.  Returns:
 *  R_OK          keep the RR (warnings may have been logged);
 *  R_NOTZONETOP  owner outside the zone: skip it, not an error (logged
 *                "ignoring out-of-zone data");
 *  any other     an error that fails the load (already logged); the RR
 *                should be dropped and loading may go on.
 */
result_t zonecheck_rr(const zonecheck_opts_t *o, const name_t *origin,
		      const master_rr_t *rr);

/*
 * The -l check (max-zone-ttl) on the TTL an RR ends up with (after
 * "TTL set to prior TTL"): R_RANGE, logged, if over the limit.
 */
result_t zonecheck_max_ttl(const zonecheck_opts_t *o, const master_rr_t *rr,
			   uint32_t ttl);

/*
 * Post-load checks on a finished zone (zone_finish() done).  Returns R_OK,
 * or R_BADZONE when an error-level check failed (all are logged first).
 * *serial gets the SOA serial when there is exactly one SOA.
 */
result_t zonecheck_zone(const zonecheck_opts_t *o, const zone_t *z,
			uint32_t *serial);

/* True if the apex has a DNSKEY RRset and a signed NSEC RRset or an
 * NSEC3PARAM (BIND calls such a zone "DNSSEC signed" in its "loaded
 * serial" line). */
bool zonecheck_is_secure(const zone_t *z);

#endif
