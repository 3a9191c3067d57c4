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

/*
 * The rr callback gets each RR; owner and rdata are valid only during the
 * call.  line is the line where the record started.  Returning non-R_OK
 * stops the load with that result.
 */
typedef result_t (*master_rr_fn)(void *arg, const master_rr_t *rr);
/*
 * level: MASTER_LOG_ERROR, _WARNING or _INFO, possibly ORed with a context
 * bit naming what BIND prints in front of the location
 * (MASTER_LOG_CTX_LOAD: "dns_master_load: ", MASTER_LOG_CTX_RDATA:
 * "dns_rdata_fromtext: ", MASTER_LOG_CTX_GENERATE: "$GENERATE: ").
 * Compare (level & MASTER_LOG_LEVELMASK).  msg has no "file:line: "
 * prefix; master_log_format() builds BIND's full line.  line 0 means the
 * message names no line (BIND prints "file: msg").
 */
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

#define MASTER_LOG_ERROR     0
#define MASTER_LOG_WARNING   1
#define MASTER_LOG_INFO	     2
#define MASTER_LOG_LEVELMASK 0x0f
#define MASTER_LOG_CTX_LOAD  0x10
#define MASTER_LOG_CTX_RDATA 0x20
#define MASTER_LOG_CTX_GENERATE 0x40 /* "$GENERATE: " */

/* go on after a bad record, as named-checkzone does (named stops) */
#define MASTER_MANYERRORS 0x01
/* refuse $INCLUDE (fuzzing, untrusted text) */
#define MASTER_NOINCLUDE 0x02

/*
 * Both loaders return R_OK, or the first error met (with MASTER_MANYERRORS
 * the load goes on after a bad record, every error is logged, and the
 * first one is still what is returned, as BIND does).  Errors opening the
 * top file come back without a log call.
 */

/* Loads the file at path; relative $INCLUDE paths are taken as given
 * (relative to the working directory, as BIND does). */
result_t master_load_file(const char *path, const master_opts_t *opts);

/* Loads from memory; fname is used in messages. */
result_t master_load_buffer(const char *buf, size_t len, const char *fname,
			    const master_opts_t *opts);

/*
 * Writes BIND's message line for a log call into buf (NUL-terminated,
 * truncated to size): "[context: ]file:line: msg", or "[context: ]file:
 * msg" for line 0.  Returns buf.
 */
char *master_log_format(char *buf, size_t size, int level, const char *file,
			unsigned line, const char *msg);

#endif
