/*
 * rawfmt.c - BIND 9.18's raw master-file format: reader and writer.
 *
 * On-disk layout (big-endian, packed; see shared/specs/raw-format.md):
 *
 *   header, version 1 (24 octets)      header, version 0 (12 octets)
 *     u32 format      = 2                u32 format  = 2
 *     u32 version     = 1                u32 version = 0
 *     u32 dumptime                       u32 dumptime
 *     u32 flags  (0x01 COMPAT, 0x02 SOURCESERIALSET, 0x04 LASTXFRINSET)
 *     u32 sourceserial
 *     u32 lastxfrin
 *
 *   RRset record, repeated until EOF (EOF only on a record boundary):
 *     u32 totallen   octets of the whole record, this word included
 *     u16 class, u16 type, u16 covers, u32 ttl, u32 nrdata (1..65535)
 *     u16 N, N octets owner name (uncompressed, absolute)
 *     nrdata x { u16 rdlen, rdlen octets rdata (uncompressed) }
 *
 * The reader streams: it keeps one record in a buffer that grows to the
 * largest record seen (the buffer only grows as data actually arrives, so
 * a lying totallen cannot make it allocate more than the file holds).
 * Every field of a record is read through a wire_t cursor bounded by
 * totallen, so one record's data can never be read as part of another's.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
/* unistd.h defines R_OK (an access() mode), which would clash with
 * result_t's R_OK; we never call access() with it. */
#undef R_OK

#include "zones/rawfmt.h"
#include "zones/rdata.h"
#include "zones/wire.h"

#define SRC_INITIAL (256 * 1024) /* first read buffer for files */

/* Where records come from: a file read in chunks, or a caller's buffer. */
typedef struct rawsrc {
	int fd;	       /* -1 for a memory buffer */
	uint8_t *buf;  /* owned in file mode */
	size_t cap;    /* allocated size (file mode) */
	size_t start;  /* first unconsumed octet */
	size_t end;    /* one past the last valid octet */
	uint64_t base; /* file offset of buf[0] */
	bool eof;      /* no more data will arrive */
} rawsrc_t;

/* Everything one load needs, so helpers take one pointer. */
typedef struct rawload {
	const master_opts_t *opts;
	const char *fname;
	rawsrc_t src;
	uint8_t *scratch; /* RDATA_MAXLEN octets for validated rdata */
	unsigned record;  /* 1-based RRset record number */
} rawload_t;

static void raw_log(rawload_t *ld, int level, uint64_t offset, const char *fmt,
		    ...) __attribute__((format(printf, 4, 5)));

static void
raw_log(rawload_t *ld, int level, uint64_t offset, const char *fmt, ...) {
	char msg[512];
	int n;
	va_list ap;

	if (ld->opts->log == NULL) {
		return;
	}
	n = snprintf(msg, sizeof(msg), "offset %" PRIu64 ": ", offset);
	if (n < 0 || (size_t)n >= sizeof(msg)) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	/* BIND names dns_master_load in front of raw-load errors. */
	ld->opts->log(ld->opts->arg, level | MASTER_LOG_CTX_LOAD, ld->fname, 0,
		      msg);
}

/*
 * Makes at least n octets available at src->buf + src->start.  R_OK, R_EOF
 * when the data ends first (src->end - src->start tells how much there
 * was), R_IOERROR on a read error.  In file mode the buffer grows by
 * doubling and only after it has been filled, so memory stays
 * proportional to the data really read.
 */
static result_t
src_need(rawsrc_t *src, size_t n) {
	while (src->end - src->start < n) {
		ssize_t got;

		if (src->eof || src->fd < 0) {
			src->eof = true;
			return R_EOF;
		}
		if (src->start > 0 && src->end == src->cap) {
			/* Slide the unconsumed tail down to make room. */
			memmove(src->buf, src->buf + src->start,
				src->end - src->start);
			src->base += src->start;
			src->end -= src->start;
			src->start = 0;
		}
		if (src->end == src->cap) {
			size_t ncap = src->cap * 2;
			uint8_t *nb = realloc(src->buf, ncap);
			if (nb == NULL) {
				return R_NOMEMORY;
			}
			src->buf = nb;
			src->cap = ncap;
		}
		got = read(src->fd, src->buf + src->end, src->cap - src->end);
		if (got < 0) {
			if (errno == EINTR) {
				continue;
			}
			return R_IOERROR;
		}
		if (got == 0) {
			src->eof = true;
			return R_EOF;
		}
		src->end += (size_t)got;
	}
	return R_OK;
}

static uint64_t
src_offset(const rawsrc_t *src) {
	return src->base + src->start;
}

result_t
rawfmt_header_parse(const uint8_t *buf, size_t len, rawfmt_header_t *hdr,
		    size_t *used) {
	rawfmt_header_t h;

	if (len < 8) {
		return R_EOF;
	}
	if (be32(buf) != RAWFMT_FORMAT) {
		return R_NOTIMPLEMENTED;
	}
	memset(&h, 0, sizeof(h));
	h.version = be32(buf + 4);
	if (h.version == 0) {
		if (len < RAWFMT_HEADER_V0) {
			return R_EOF;
		}
		h.dumptime = be32(buf + 8);
		*hdr = h;
		*used = RAWFMT_HEADER_V0;
		return R_OK;
	}
	if (h.version != 1) {
		return R_NOTIMPLEMENTED;
	}
	if (len < RAWFMT_HEADER_V1) {
		return R_EOF;
	}
	h.dumptime = be32(buf + 8);
	h.flags = be32(buf + 12);
	h.sourceserial = be32(buf + 16);
	h.lastxfrin = be32(buf + 20);
	*hdr = h;
	*used = RAWFMT_HEADER_V1;
	return R_OK;
}

bool
rawfmt_probe(const uint8_t *buf, size_t len) {
	return len >= 8 && be32(buf) == RAWFMT_FORMAT && be32(buf + 4) <= 1;
}

/* Reads and checks the header, logging BIND's wording on failure. */
static result_t
load_header(rawload_t *ld, rawfmt_header_t *hdr) {
	rawsrc_t *src = &ld->src;
	size_t used = 0;
	result_t r;

	/* The v0 header is a prefix of v1: get 12, then more if v1. */
	r = src_need(src, RAWFMT_HEADER_V0);
	if (r == R_OK && be32(src->buf + src->start) == RAWFMT_FORMAT &&
	    be32(src->buf + src->start + 4) == 1)
	{
		r = src_need(src, RAWFMT_HEADER_V1);
	}
	if (r == R_NOMEMORY || r == R_IOERROR) {
		raw_log(ld, MASTER_LOG_ERROR, 0, "reading the header: %s",
			result_totext(r));
		return r;
	}
	r = rawfmt_header_parse(src->buf + src->start, src->end - src->start,
				hdr, &used);
	if (r == R_OK) {
		src->start += used;
		return R_OK;
	}
	if (r == R_NOTIMPLEMENTED) {
		if (be32(src->buf + src->start) != RAWFMT_FORMAT) {
			raw_log(ld, MASTER_LOG_ERROR, 0,
				"file format mismatch (not raw)");
		} else {
			raw_log(ld, MASTER_LOG_ERROR, 4,
				"unsupported file format version %" PRIu32,
				be32(src->buf + src->start + 4));
		}
	} else {
		raw_log(ld, MASTER_LOG_ERROR, src->end - src->start,
			"truncated header: %s", result_totext(r));
	}
	return r;
}

/*
 * Checks the covers field against the type (and, for RRSIG/SIG, against
 * each rdata's type-covered field, done in load_record()).
 */
static bool
covers_ok(uint16_t type, uint16_t covers) {
	if (type == RRTYPE_RRSIG || type == RRTYPE_SIG) {
		return true;
	}
	return covers == 0;
}

/*
 * Parses the record rec[0..len) (len == totallen, the length word
 * included) that starts at file offset off, and hands its RRs to the
 * callback.
 */
static result_t
load_record(rawload_t *ld, const uint8_t *rec, size_t len, uint64_t off) {
	const master_opts_t *opts = ld->opts;
	wire_t w;
	uint16_t rclass, type, covers, namelen;
	uint32_t ttl, nrdata;
	name_t owner;
	size_t used = 0;
	bool inzone;
	char tbuf[16];
	result_t r;

	wire_init(&w, rec, len);
	wire_skip(&w, 4);
	rclass = wire_read_u16(&w);
	type = wire_read_u16(&w);
	covers = wire_read_u16(&w);
	ttl = wire_read_u32(&w);
	nrdata = wire_read_u32(&w);
	namelen = wire_read_u16(&w);
	if (wire_error(&w) != R_OK) {
		raw_log(ld, MASTER_LOG_ERROR, off,
			"record length %zu too short for its "
			"fixed fields: %s",
			len, result_totext(R_RANGE));
		return R_RANGE;
	}
	if (rclass != opts->rclass) {
		raw_log(ld, MASTER_LOG_ERROR, off + 4,
			"class %u is not the zone's: %s", rclass,
			result_totext(R_BADCLASS));
		return R_BADCLASS;
	}
	if (nrdata == 0 || nrdata > 65535) {
		raw_log(ld, MASTER_LOG_ERROR, off + 14,
			"rdata count %" PRIu32 ": %s", nrdata,
			result_totext(R_RANGE));
		return R_RANGE;
	}
	if (type == 0 || (rrtype_flags(type) & RRTYPE_F_META) != 0) {
		raw_log(ld, MASTER_LOG_ERROR, off + 6,
			"type %s cannot be stored in a zone: %s",
			rrtype_totext(type, tbuf), result_totext(R_FORMERR));
		return R_FORMERR;
	}
	if (!covers_ok(type, covers)) {
		raw_log(ld, MASTER_LOG_ERROR, off + 8,
			"covers %u on type %s: %s", covers,
			rrtype_totext(type, tbuf), result_totext(R_FORMERR));
		return R_FORMERR;
	}
	if (namelen > NAME_MAXWIRE || namelen > wire_avail(&w)) {
		raw_log(ld, MASTER_LOG_ERROR, off + 18,
			"owner name length %u: %s", namelen,
			result_totext(R_RANGE));
		return R_RANGE;
	}
	r = name_fromwire_raw(&owner, wire_cur(&w), namelen, &used);
	if (r == R_OK && used != namelen) {
		r = R_EXTRADATA;
	}
	if (r != R_OK) {
		raw_log(ld, MASTER_LOG_ERROR, off + 20, "owner name: %s",
			result_totext(r));
		return r;
	}
	wire_skip(&w, namelen);
	inzone = name_issubdomain(&owner, opts->origin);

	for (uint32_t i = 0; i < nrdata; i++) {
		size_t rdpos, outlen = 0;
		uint16_t rdlen;
		master_rr_t rr;

		rdlen = wire_read_u16(&w);
		rdpos = wire_pos(&w);
		if (wire_error(&w) != R_OK || rdlen > wire_avail(&w)) {
			raw_log(ld, MASTER_LOG_ERROR,
				off + (rdpos >= 2 ? rdpos - 2 : rdpos),
				"rdata %" PRIu32 " of %" PRIu32
				" overruns the record: %s",
				i + 1, nrdata, result_totext(R_RANGE));
			return R_RANGE;
		}
		r = rdata_fromwire(type, rclass, rec, len, rdpos, rdlen, false,
				   ld->scratch, RDATA_MAXLEN, &outlen);
		if (r == R_OK && outlen > 65535) {
			r = R_RANGE;
		}
		if (r != R_OK) {
			raw_log(ld, MASTER_LOG_ERROR, off + rdpos,
				"%s rdata: %s", rrtype_totext(type, tbuf),
				result_totext(r));
			return r;
		}
		if ((type == RRTYPE_RRSIG || type == RRTYPE_SIG) &&
		    (outlen < 2 || be16(ld->scratch) != covers))
		{
			raw_log(ld, MASTER_LOG_ERROR, off + 8,
				"covers %u does not match the signature: %s",
				covers, result_totext(R_FORMERR));
			return R_FORMERR;
		}
		wire_skip(&w, rdlen);
		if (!inzone) {
			/* BIND drops out-of-zone data from raw files
			 * silently; still validate it above. */
			continue;
		}
		rr.owner = &owner;
		rr.type = type;
		rr.rclass = rclass;
		rr.ttl = ttl;
		rr.rdata = ld->scratch;
		rr.rdlen = (uint16_t)outlen;
		rr.file = ld->fname;
		rr.line = ld->record;
		r = opts->rr(opts->arg, &rr);
		if (r != R_OK) {
			return r;
		}
	}
	if (wire_avail(&w) != 0) {
		raw_log(ld, MASTER_LOG_ERROR, off + wire_pos(&w),
			"%zu octets left over after the last rdata: %s",
			wire_avail(&w), result_totext(R_RANGE));
		return R_RANGE;
	}
	return R_OK;
}

/* The record loop: one length word, then the whole record, until EOF. */
static result_t
load_records(rawload_t *ld) {
	rawsrc_t *src = &ld->src;
	result_t r;

	for (;;) {
		uint32_t totallen;
		uint64_t off;

		r = src_need(src, 4);
		if (r == R_EOF && src->end == src->start) {
			return R_OK; /* EOF on a record boundary */
		}
		off = src_offset(src);
		if (r != R_OK) {
			raw_log(ld, MASTER_LOG_ERROR, off, "record length: %s",
				result_totext(r));
			return r;
		}
		totallen = be32(src->buf + src->start);
		if (totallen < RAWFMT_RECORD_FIXED) {
			raw_log(ld, MASTER_LOG_ERROR, off,
				"record length %" PRIu32 ": %s", totallen,
				result_totext(R_RANGE));
			return R_RANGE;
		}
		r = src_need(src, totallen);
		if (r != R_OK) {
			raw_log(ld, MASTER_LOG_ERROR, off,
				"record of %" PRIu32 " octets, %zu present: %s",
				totallen, src->end - src->start,
				result_totext(r));
			return r;
		}
		ld->record++;
		r = load_record(ld, src->buf + src->start, totallen, off);
		if (r != R_OK) {
			return r;
		}
		src->start += totallen;
	}
}

static result_t
load_run(rawload_t *ld, rawfmt_header_t *hdr) {
	rawfmt_header_t h;
	result_t r;

	ld->scratch = malloc(RDATA_MAXLEN);
	if (ld->scratch == NULL) {
		return R_NOMEMORY;
	}
	r = load_header(ld, &h);
	if (r == R_OK) {
		r = load_records(ld);
	}
	free(ld->scratch);
	ld->scratch = NULL;
	if (r == R_OK && hdr != NULL) {
		*hdr = h;
	}
	return r;
}

result_t
rawfmt_load_buffer(const uint8_t *buf, size_t len, const char *fname,
		   const master_opts_t *opts, rawfmt_header_t *hdr) {
	rawload_t ld;

	memset(&ld, 0, sizeof(ld));
	ld.opts = opts;
	ld.fname = fname;
	ld.src.fd = -1;
	ld.src.buf = (uint8_t *)(uintptr_t)buf;
	ld.src.cap = len;
	ld.src.end = len;
	ld.src.eof = true;
	return load_run(&ld, hdr);
}

result_t
rawfmt_load_file_header(const char *path, const master_opts_t *opts,
			rawfmt_header_t *hdr) {
	rawload_t ld;
	result_t r;

	memset(&ld, 0, sizeof(ld));
	ld.opts = opts;
	ld.fname = path;
	ld.src.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (ld.src.fd < 0) {
		/* Like master_load_file(): no log call, the caller reports
		 * "loading from master file ... failed: file not found". */
		return (errno == ENOENT) ? R_FILENOTFOUND : R_IOERROR;
	}
	ld.src.cap = SRC_INITIAL;
	ld.src.buf = malloc(ld.src.cap);
	if (ld.src.buf == NULL) {
		close(ld.src.fd);
		return R_NOMEMORY;
	}
	r = load_run(&ld, hdr);
	free(ld.src.buf);
	close(ld.src.fd);
	return r;
}

result_t
rawfmt_load_file(const char *path, const master_opts_t *opts) {
	return rawfmt_load_file_header(path, opts, NULL);
}

/* ---- writer ---- */

struct rawfmt_writer {
	FILE *fp;
	char *path;	/* final name (path writers only) */
	char *tmppath;	/* temporary file renamed over path on close */
	result_t error; /* first write error, sticky */
	uint8_t *rec;	/* record assembly buffer */
	size_t reccap;
};

static result_t
writer_header(rawfmt_writer_t *w, const rawfmt_header_t *hdr) {
	rawfmt_header_t h;
	uint8_t buf[RAWFMT_HEADER_V1];
	size_t n;

	if (hdr != NULL) {
		h = *hdr;
	} else {
		memset(&h, 0, sizeof(h));
		h.version = RAWFMT_VERSION;
		h.dumptime = (uint32_t)time(NULL);
	}
	if (h.version > 1) {
		return R_RANGE;
	}
	put32(buf, RAWFMT_FORMAT);
	put32(buf + 4, h.version);
	put32(buf + 8, h.dumptime);
	n = RAWFMT_HEADER_V0;
	if (h.version == 1) {
		put32(buf + 12, h.flags);
		put32(buf + 16, h.sourceserial);
		put32(buf + 20, h.lastxfrin);
		n = RAWFMT_HEADER_V1;
	}
	if (fwrite(buf, 1, n, w->fp) != n) {
		return R_IOERROR;
	}
	return R_OK;
}

result_t
rawfmt_writer_open(FILE *fp, const rawfmt_header_t *hdr,
		   rawfmt_writer_t **out) {
	rawfmt_writer_t *w;
	result_t r;

	if (hdr != NULL && hdr->version > 1) {
		return R_RANGE;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		return R_NOMEMORY;
	}
	w->fp = fp;
	r = writer_header(w, hdr);
	if (r != R_OK) {
		free(w);
		return r;
	}
	*out = w;
	return R_OK;
}

result_t
rawfmt_writer_open_path(const char *path, const rawfmt_header_t *hdr,
			rawfmt_writer_t **out) {
	rawfmt_writer_t *w;
	size_t len;
	int fd = -1;
	result_t r;

	if (hdr != NULL && hdr->version > 1) {
		return R_RANGE;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		return R_NOMEMORY;
	}
	len = strlen(path) + 40;
	w->path = strdup(path);
	w->tmppath = malloc(len);
	if (w->path == NULL || w->tmppath == NULL) {
		rawfmt_writer_abort(w);
		return R_NOMEMORY;
	}
	/* open() with 0666 lets the umask decide the mode, as for any file
	 * BIND's tools write; O_EXCL with a retry avoids clobbering. */
	for (unsigned i = 0; i < 100 && fd < 0; i++) {
		snprintf(w->tmppath, len, "%s.tmp-%ld-%u", path, (long)getpid(),
			 i);
		fd = open(w->tmppath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			  0666);
		if (fd < 0 && errno != EEXIST) {
			break;
		}
	}
	if (fd < 0) {
		free(w->tmppath);
		w->tmppath = NULL;
		rawfmt_writer_abort(w);
		return R_IOERROR;
	}
	w->fp = fdopen(fd, "wb");
	if (w->fp == NULL) {
		close(fd);
		rawfmt_writer_abort(w);
		return R_IOERROR;
	}
	r = writer_header(w, hdr);
	if (r != R_OK) {
		rawfmt_writer_abort(w);
		return r;
	}
	*out = w;
	return R_OK;
}

result_t
rawfmt_write_rrset(rawfmt_writer_t *w, const name_t *owner, uint16_t rclass,
		   uint16_t type, uint16_t covers, uint32_t ttl, size_t nrdata,
		   const uint8_t *const *rdata, const uint16_t *rdlen) {
	uint64_t total;
	wire_t out;

	if (w->error != R_OK) {
		return w->error;
	}
	if (nrdata == 0 || nrdata > 65535) {
		return R_RANGE;
	}
	total = RAWFMT_RECORD_FIXED + 2 + (uint64_t)owner->length;
	for (size_t i = 0; i < nrdata; i++) {
		total += 2 + (uint64_t)rdlen[i];
	}
	if (total > UINT32_MAX) {
		return R_RANGE;
	}
	if (total > w->reccap) {
		size_t ncap = w->reccap == 0 ? 4096 : w->reccap;
		uint8_t *nb;

		while (ncap < total) {
			ncap *= 2;
		}
		nb = realloc(w->rec, ncap);
		if (nb == NULL) {
			return R_NOMEMORY;
		}
		w->rec = nb;
		w->reccap = ncap;
	}
	wire_init(&out, w->rec, (size_t)total);
	wire_write_u32(&out, (uint32_t)total);
	wire_write_u16(&out, rclass);
	wire_write_u16(&out, type);
	wire_write_u16(&out, covers);
	wire_write_u32(&out, ttl);
	wire_write_u32(&out, (uint32_t)nrdata);
	wire_write_u16(&out, owner->length);
	wire_write_bytes(&out, owner->wire, owner->length);
	for (size_t i = 0; i < nrdata; i++) {
		wire_write_u16(&out, rdlen[i]);
		wire_write_bytes(&out, rdata[i], rdlen[i]);
	}
	if (wire_error(&out) != R_OK || wire_pos(&out) != total) {
		/* Cannot happen: the size was computed above. */
		abort();
	}
	if (fwrite(w->rec, 1, (size_t)total, w->fp) != total) {
		w->error = R_IOERROR;
		return w->error;
	}
	return R_OK;
}

void
rawfmt_writer_abort(rawfmt_writer_t *w) {
	if (w == NULL) {
		return;
	}
	if (w->tmppath != NULL) {
		if (w->fp != NULL) {
			fclose(w->fp);
		}
		unlink(w->tmppath);
	}
	free(w->tmppath);
	free(w->path);
	free(w->rec);
	free(w);
}

result_t
rawfmt_writer_close(rawfmt_writer_t *w) {
	result_t r;

	if (w == NULL) {
		return R_OK;
	}
	r = w->error;
	if (r == R_OK && fflush(w->fp) != 0) {
		r = R_IOERROR;
	}
	if (w->tmppath == NULL) {
		/* Caller's stream: flushed, left open. */
		free(w->rec);
		free(w);
		return r;
	}
	if (r == R_OK && fsync(fileno(w->fp)) != 0) {
		r = R_IOERROR;
	}
	if (fclose(w->fp) != 0 && r == R_OK) {
		r = R_IOERROR;
	}
	w->fp = NULL;
	if (r == R_OK && rename(w->tmppath, w->path) != 0) {
		r = R_IOERROR;
	}
	if (r != R_OK) {
		unlink(w->tmppath);
	}
	free(w->tmppath);
	free(w->path);
	free(w->rec);
	free(w);
	return r;
}
