/*
 * master.h - streaming master-file (zone file) reader, RFC 1035 section 5
 * with BIND 9.18's extensions ($ORIGIN, $TTL, $INCLUDE, $GENERATE, TTL
 * units, class/TTL in either order, default-TTL rules).
 *
 * The reader hands each RR to a callback as soon as it is parsed; it keeps
 * no zone in memory.  Errors and warnings go to callbacks as
 * "file:line: message" in BIND's words.  Semantic zone checks (one SOA,
 * CNAME and other data, integrity...) are not done here: see zonecheck.h.
 */
#ifndef BINDERY_MASTER_H
#define BINDERY_MASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/name.h"
#include "zones/result.h"

typedef struct master_rr {
	const name_t *owner;
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	const uint8_t *rdata; /* uncompressed wire form */
	uint16_t rdlen;
	const char *file; /* where the RR was read */
	unsigned line;
} master_rr_t;

/* Returning non-R_OK from rr stops the load with that result. */
typedef result_t (*master_rr_fn)(void *arg, const master_rr_t *rr);
/* level: 0 error, 1 warning, 2 info.  msg has no "file:line: " prefix. */
typedef void (*master_log_fn)(void *arg, int level, const char *file,
			      unsigned line, const char *msg);

typedef struct master_opts {
	const name_t *origin; /* zone origin: initial $ORIGIN */
	uint16_t rclass;      /* zone class; RRs of another class are errors */
	unsigned flags;	      /* MASTER_* below */
	master_rr_fn rr;
	master_log_fn log;
	void *arg;
} master_opts_t;

#define MASTER_MANYERRORS 0x01 /* go on after a bad record, count errors */
#define MASTER_NOINCLUDE  0x02 /* refuse $INCLUDE */

/* Loads the file at path; relative $INCLUDE paths are taken as given
 * (relative to the working directory, as BIND does). */
result_t master_load_file(const char *path, const master_opts_t *opts);

/* Loads from memory; fname is used in messages. */
result_t master_load_buffer(const char *buf, size_t len, const char *fname,
			    const master_opts_t *opts);

#endif
