/*
 * rawfmt.h - BIND 9.18's "raw" master-file format (masterfile-format raw),
 * read and write.
 *
 * Layout (all integers big-endian, no padding; full fact sheet in
 * shared/specs/raw-format.md and at the top of rawfmt.c):
 *   header v1 (24 bytes): format=2, version=1, dumptime, flags,
 *                         sourceserial, lastxfrin
 *   header v0 (12 bytes): format=2, version=0, dumptime
 *   then RRset records until EOF:
 *     u32 totallen (whole record, these 4 bytes included), u16 class,
 *     u16 type, u16 covers, u32 ttl, u32 nrdata, u16 owner length,
 *     owner (uncompressed wire), nrdata x (u16 rdlen, rdata)
 *
 * Reading: the file is untrusted.  Every length is bounds-checked, every
 * rdata is validated with rdata_fromwire() (no compression), and each RR
 * is handed to the same master_rr_fn callback as the text reader
 * (master.h), one call per RR, RRs of one RRset in file order.  master_rr_t
 * .line carries the 1-based RRset record number (raw files have no lines).
 * Errors are logged through opts->log at MASTER_LOG_ERROR |
 * MASTER_LOG_CTX_LOAD (BIND says "dns_master_load: ..."), with line 0 and
 * a message that names the byte offset ("offset 300: ..."); failing to
 * open the file is not logged (as master_load_file).  The load returns the
 * result code BIND would report
 * ("not implemented" for a wrong format or version, "bad class",
 * "out of range", "end of file" for a truncated record...).
 *
 * Differences from BIND, on purpose: a torn tail of 1-3 bytes (part of a
 * record's length word) is an error here (BIND silently stops); a nonzero
 * covers field on a type other than RRSIG/SIG, or an RRSIG whose covers
 * differs from its rdata's type-covered field, is an error (BIND loads
 * such an RRset under a type it can never be found by).  Owners outside
 * opts->origin are skipped silently, as BIND does.
 *
 * Writing: rawfmt_write_rrset() appends one RRset record; the caller
 * decides the order (BIND writes the apex first, then canonical order).
 */
#ifndef BINDERY_RAWFMT_H
#define BINDERY_RAWFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zones/master.h"
#include "zones/name.h"
#include "zones/result.h"

#define RAWFMT_FORMAT	    2  /* dns_masterformat_raw */
#define RAWFMT_VERSION	    1  /* what BIND 9.18 writes by default */
#define RAWFMT_HEADER_V0    12 /* bytes */
#define RAWFMT_HEADER_V1    24 /* bytes */
#define RAWFMT_RECORD_FIXED 18 /* totallen..nrdata, before the owner length */

/* Header flags (version 1 only). */
#define RAWFMT_F_COMPAT		 0x01
#define RAWFMT_F_SOURCESERIALSET 0x02
#define RAWFMT_F_LASTXFRINSET	 0x04

typedef struct rawfmt_header {
	uint32_t version;      /* 0 or 1 */
	uint32_t dumptime;     /* UNIX time of the dump (informational) */
	uint32_t flags;	       /* RAWFMT_F_*; always 0 for version 0 */
	uint32_t sourceserial; /* meaningful iff RAWFMT_F_SOURCESERIALSET */
	uint32_t lastxfrin;    /* meaningful iff RAWFMT_F_LASTXFRINSET */
} rawfmt_header_t;

/*
 * Parses the header at buf[0..len).  On success fills *hdr and sets *used
 * to the header size (12 or 24).  Errors: R_NOTIMPLEMENTED for a format
 * word other than 2 or a version other than 0/1 (BIND's wording: "file
 * format mismatch (not raw)", "unsupported file format version"), R_EOF
 * if buf is too short.  [untrusted bytes]
 */
result_t rawfmt_header_parse(const uint8_t *buf, size_t len,
			     rawfmt_header_t *hdr, size_t *used);

/*
 * Loads the raw file at path: header checks, then every RR to opts->rr.
 * opts->origin and opts->rclass must be set; opts->log may be NULL.
 * hdr, if not NULL, receives the header (written only on success).
 * Returns R_OK, R_FILENOTFOUND / R_IOERROR for the file, the parse error,
 * or whatever non-R_OK the callback returned.
 */
result_t rawfmt_load_file(const char *path, const master_opts_t *opts);
result_t rawfmt_load_file_header(const char *path, const master_opts_t *opts,
				 rawfmt_header_t *hdr);

/* As rawfmt_load_file() over buf[0..len); fname is used in messages and
 * master_rr_t.file.  [untrusted bytes] */
result_t rawfmt_load_buffer(const uint8_t *buf, size_t len, const char *fname,
			    const master_opts_t *opts, rawfmt_header_t *hdr);

/* Quick check used to guess a file's format: true if buf starts with a
 * raw header of a supported version. */
bool rawfmt_probe(const uint8_t *buf, size_t len);

typedef struct rawfmt_writer rawfmt_writer_t;

/*
 * Starts a raw file on fp (not closed by the writer) and writes the header
 * hdr (version 0 or 1; for version 0 only dumptime is used).  hdr NULL
 * means version 1, dumptime = now, no flags.  R_RANGE for a bad version.
 */
result_t rawfmt_writer_open(FILE *fp, const rawfmt_header_t *hdr,
			    rawfmt_writer_t **out);

/*
 * Starts a raw file that will appear at path on a successful close: the
 * data goes to a temporary file next to it that is renamed over path by
 * rawfmt_writer_close() (so readers never see a half-written file) and
 * removed on failure.  R_IOERROR if it cannot be created.
 */
result_t rawfmt_writer_open_path(const char *path, const rawfmt_header_t *hdr,
				 rawfmt_writer_t **out);

/*
 * Appends one RRset: nrdata (1..65535) rdatas, rdata[i] of rdlen[i] octets
 * in uncompressed wire form, written as given (not validated: the writer
 * trusts its caller's database).  covers is the covered type for RRSIG/SIG,
 * else 0.  R_RANGE for nrdata 0 or too many, or a record over 2^32-1
 * octets; R_IOERROR on a write error (sticky: close will fail too).
 */
result_t rawfmt_write_rrset(rawfmt_writer_t *w, const name_t *owner,
			    uint16_t rclass, uint16_t type, uint16_t covers,
			    uint32_t ttl, size_t nrdata,
			    const uint8_t *const *rdata, const uint16_t *rdlen);

/*
 * Flushes and frees w.  For a path writer: fsyncs, closes and renames the
 * temporary file into place, or removes it if any write failed.  Returns
 * the first error seen by the writer, else R_OK.  w may be NULL.
 */
result_t rawfmt_writer_close(rawfmt_writer_t *w);

/* Frees w without completing it; a path writer's temporary file is
 * removed.  w may be NULL. */
void rawfmt_writer_abort(rawfmt_writer_t *w);

#endif
