/*
 * rawfmt_test.c - unit tests for the raw master-file reader and writer
 * (zones/rawfmt.h), against the vectors BIND 9.18's named-compilezone
 * wrote (test/unit/data/raw, copied from shared/specs/vectors/raw).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* unistd.h defines R_OK (an access() mode), which would clash with
 * result_t's R_OK; we never call access() with it. */
#undef R_OK

#include <cmocka.h>

#include "zones/master.h"
#include "zones/name.h"
#include "zones/rawfmt.h"
#include "zones/rdata.h"
#include "zones/wire.h"

#ifndef RAW_VECTORS
#define RAW_VECTORS "test/unit/data/raw"
#endif

#define MAXRR 160

typedef struct rec {
	uint8_t owner[NAME_MAXWIRE];
	uint8_t ownerlen;
	uint16_t type, rclass;
	uint32_t ttl;
	uint8_t rdata[512];
	uint16_t rdlen;
	unsigned line;
} rec_t;

typedef struct coll {
	rec_t rr[MAXRR];
	size_t n;
	size_t stop_after; /* return R_FAILURE after this many (0: never) */
	char lastlog[600];
	unsigned logs;
	unsigned lastline;
} coll_t;

static result_t
collect(void *arg, const master_rr_t *rr) {
	coll_t *c = arg;
	rec_t *r;

	if (c->stop_after != 0 && c->n == c->stop_after) {
		return R_FAILURE;
	}
	if (c->n == MAXRR || rr->rdlen > sizeof(r->rdata)) {
		return R_NOSPACE;
	}
	r = &c->rr[c->n++];
	memset(r, 0, sizeof(*r));
	memcpy(r->owner, rr->owner->wire, rr->owner->length);
	r->ownerlen = rr->owner->length;
	r->type = rr->type;
	r->rclass = rr->rclass;
	r->ttl = rr->ttl;
	memcpy(r->rdata, rr->rdata, rr->rdlen);
	r->rdlen = rr->rdlen;
	r->line = rr->line;
	return R_OK;
}

static void
logit(void *arg, int level, const char *file, unsigned line, const char *msg) {
	coll_t *c = arg;
	snprintf(c->lastlog, sizeof(c->lastlog), "%s:%u: %s", file, line, msg);
	c->logs++;
	c->lastline = line;
}

static name_t origin;

static master_opts_t
opts_for(coll_t *c) {
	master_opts_t o;
	memset(&o, 0, sizeof(o));
	o.origin = &origin;
	o.rclass = RRCLASS_IN;
	o.rr = collect;
	o.log = logit;
	o.arg = c;
	return o;
}

static uint8_t *
slurp(const char *name, size_t *len) {
	char path[1024];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", RAW_VECTORS, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int
rec_cmp(const void *a, const void *b) {
	const rec_t *x = a, *y = b;
	int c = memcmp(x->owner, y->owner,
		       x->ownerlen < y->ownerlen ? x->ownerlen : y->ownerlen);
	if (c != 0) {
		return c;
	}
	if (x->ownerlen != y->ownerlen) {
		return x->ownerlen < y->ownerlen ? -1 : 1;
	}
	if (x->type != y->type) {
		return x->type < y->type ? -1 : 1;
	}
	if (x->rdlen != y->rdlen) {
		return x->rdlen < y->rdlen ? -1 : 1;
	}
	return memcmp(x->rdata, y->rdata, x->rdlen);
}

static void
assert_same_rrs(coll_t *a, coll_t *b) {
	assert_int_equal(a->n, b->n);
	qsort(a->rr, a->n, sizeof(rec_t), rec_cmp);
	qsort(b->rr, b->n, sizeof(rec_t), rec_cmp);
	for (size_t i = 0; i < a->n; i++) {
		assert_int_equal(a->rr[i].ownerlen, b->rr[i].ownerlen);
		assert_memory_equal(a->rr[i].owner, b->rr[i].owner,
				    a->rr[i].ownerlen);
		assert_int_equal(a->rr[i].type, b->rr[i].type);
		assert_int_equal(a->rr[i].rclass, b->rr[i].rclass);
		assert_int_equal(a->rr[i].ttl, b->rr[i].ttl);
		assert_int_equal(a->rr[i].rdlen, b->rr[i].rdlen);
		assert_memory_equal(a->rr[i].rdata, b->rr[i].rdata,
				    a->rr[i].rdlen);
	}
}

static void
test_header_parse(void **state) {
	uint8_t h[24] = {0, 0, 0, 2, 0, 0, 0, 1, 0x6b, 1, 0xbf, 0xee,
			 0, 0, 0, 6, 0, 0, 0, 9, 0,    0, 1,	0};
	rawfmt_header_t hdr;
	size_t used = 0;

	assert_int_equal(rawfmt_header_parse(h, 24, &hdr, &used), R_OK);
	assert_int_equal(used, 24);
	assert_int_equal(hdr.version, 1);
	assert_int_equal(hdr.dumptime, 0x6b01bfee);
	assert_int_equal(hdr.flags,
			 RAWFMT_F_SOURCESERIALSET | RAWFMT_F_LASTXFRINSET);
	assert_int_equal(hdr.sourceserial, 9);
	assert_int_equal(hdr.lastxfrin, 256);
	assert_true(rawfmt_probe(h, 24));

	/* A v1 header cut short is an end of file, not a v0 header. */
	assert_int_equal(rawfmt_header_parse(h, 23, &hdr, &used), R_EOF);
	assert_int_equal(rawfmt_header_parse(h, 7, &hdr, &used), R_EOF);

	h[7] = 0; /* version 0: 12 octets */
	used = 0;
	assert_int_equal(rawfmt_header_parse(h, 12, &hdr, &used), R_OK);
	assert_int_equal(used, 12);
	assert_int_equal(hdr.version, 0);
	assert_int_equal(hdr.flags, 0);
	assert_int_equal(rawfmt_header_parse(h, 11, &hdr, &used), R_EOF);

	h[7] = 2;
	assert_int_equal(rawfmt_header_parse(h, 24, &hdr, &used),
			 R_NOTIMPLEMENTED);
	assert_false(rawfmt_probe(h, 24));
	h[7] = 1;
	h[3] = 1; /* format text, not raw */
	assert_int_equal(rawfmt_header_parse(h, 24, &hdr, &used),
			 R_NOTIMPLEMENTED);
	assert_false(rawfmt_probe(h, 24));
	assert_false(rawfmt_probe((const uint8_t *)"$TTL 300", 8));
}

/* The raw vector loads to the same RRs the text reader gets from the
 * zone file it was compiled from. */
static void
test_vector_matches_text(void **state) {
	static coll_t raw, text;
	master_opts_t o;
	rawfmt_header_t hdr;
	char path[1024];

	memset(&raw, 0, sizeof(raw));
	memset(&text, 0, sizeof(text));
	o = opts_for(&raw);
	snprintf(path, sizeof(path), "%s/example.test.raw", RAW_VECTORS);
	assert_int_equal(rawfmt_load_file_header(path, &o, &hdr), R_OK);
	assert_int_equal(raw.logs, 0);
	assert_int_equal(hdr.version, 1);
	assert_int_equal(hdr.dumptime, 0x6b01bfee);
	assert_int_equal(raw.n, 10);
	/* Record numbers: SOA is record 1, the two www A are record 8. */
	assert_int_equal(raw.rr[0].line, 1);
	assert_int_equal(raw.rr[0].type, RRTYPE_SOA);
	assert_int_equal(raw.rr[9].line, 8);
	assert_int_equal(raw.rr[9].ttl, 300);

	o = opts_for(&text);
	snprintf(path, sizeof(path), "%s/example.test.db", RAW_VECTORS);
	assert_int_equal(master_load_file(path, &o), R_OK);
	assert_same_rrs(&raw, &text);
}

/* A DNSSEC-signed zone with many types (RRSIG covers, NSEC bitmaps, SVCB,
 * LOC, APL, WKS, unknown types...), signed by dnssec-signzone and compiled
 * to raw by BIND's named-compilezone: every RR from the raw file must
 * equal the text reader's. */
static void
test_signed_matches_text(void **state) {
	static coll_t raw, text;
	master_opts_t o;
	char path[1024];
	size_t sigs = 0;

	memset(&raw, 0, sizeof(raw));
	memset(&text, 0, sizeof(text));
	o = opts_for(&raw);
	snprintf(path, sizeof(path), "%s/signed.test.raw", RAW_VECTORS);
	assert_int_equal(rawfmt_load_file(path, &o), R_OK);
	o = opts_for(&text);
	snprintf(path, sizeof(path), "%s/signed.test.db", RAW_VECTORS);
	assert_int_equal(master_load_file(path, &o), R_OK);
	for (size_t i = 0; i < raw.n; i++) {
		sigs += raw.rr[i].type == RRTYPE_RRSIG;
	}
	assert_true(sigs > 20);
	assert_same_rrs(&raw, &text);
}

/* Version 0 holds the same data with the short header. */
static void
test_vector_v0(void **state) {
	static coll_t v0, v1;
	master_opts_t o;
	rawfmt_header_t hdr;
	uint8_t *buf;
	size_t len;

	memset(&v0, 0, sizeof(v0));
	memset(&v1, 0, sizeof(v1));
	buf = slurp("example.test.raw0", &len);
	o = opts_for(&v0);
	assert_int_equal(rawfmt_load_buffer(buf, len, "v0", &o, &hdr), R_OK);
	assert_int_equal(hdr.version, 0);
	free(buf);
	buf = slurp("example.test.raw", &len);
	o = opts_for(&v1);
	assert_int_equal(rawfmt_load_buffer(buf, len, "v1", &o, NULL), R_OK);
	free(buf);
	assert_same_rrs(&v0, &v1);
}

/*
 * Writes the RRs in c (in load order, one record per .line) through a
 * writer on fp, with the header hdr.
 */
static void
write_back(coll_t *c, FILE *fp, const rawfmt_header_t *hdr) {
	rawfmt_writer_t *w = NULL;
	size_t i = 0;

	assert_int_equal(rawfmt_writer_open(fp, hdr, &w), R_OK);
	while (i < c->n) {
		const uint8_t *rd[MAXRR];
		uint16_t rl[MAXRR];
		size_t j = i, k = 0;
		name_t owner;
		size_t used;
		uint16_t covers;

		while (j < c->n && c->rr[j].line == c->rr[i].line) {
			rd[k] = c->rr[j].rdata;
			rl[k] = c->rr[j].rdlen;
			k++;
			j++;
		}
		assert_int_equal(name_fromwire_raw(&owner, c->rr[i].owner,
						   c->rr[i].ownerlen, &used),
				 R_OK);
		/* BIND keys signatures by the type they cover. */
		covers = c->rr[i].type == RRTYPE_RRSIG ? be16(c->rr[i].rdata)
						       : 0;
		assert_int_equal(rawfmt_write_rrset(w, &owner, c->rr[i].rclass,
						    c->rr[i].type, covers,
						    c->rr[i].ttl, k, rd, rl),
				 R_OK);
		i = j;
	}
	assert_int_equal(rawfmt_writer_close(w), R_OK);
}

/* Loading the vector and writing its RRsets back gives the same bytes,
 * dumptime included since we pass the header through. */
static void
test_write_roundtrip(void **state) {
	static coll_t c;
	const char *files[] = {"example.test.raw", "example.test.raw0",
			       "signed.test.raw"};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		master_opts_t o;
		rawfmt_header_t hdr;
		uint8_t *buf;
		char *out = NULL;
		size_t len, outlen = 0;
		FILE *fp;

		memset(&c, 0, sizeof(c));
		buf = slurp(files[f], &len);
		o = opts_for(&c);
		assert_int_equal(
			rawfmt_load_buffer(buf, len, files[f], &o, &hdr), R_OK);
		fp = open_memstream(&out, &outlen);
		assert_non_null(fp);
		write_back(&c, fp, &hdr);
		fclose(fp);
		assert_int_equal(outlen, len);
		assert_memory_equal(out, buf, len);

		free(out);
		out = NULL;
		/* With a different dumptime only that field differs. */
		hdr.dumptime ^= 0x01010101;
		fp = open_memstream(&out, &outlen);
		write_back(&c, fp, &hdr);
		fclose(fp);
		assert_int_equal(outlen, len);
		assert_memory_not_equal(out + 8, buf + 8, 4);
		assert_memory_equal(out, buf, 8);
		assert_memory_equal(out + 12, buf + 12, len - 12);
		free(out);
		free(buf);
	}
}

/* Record boundaries of the v1 vector: a prefix ending exactly there is a
 * complete (shorter) file. */
static const size_t boundaries[] = {24,	   0x7b,  0xc5,	 0xfe, 0x12a,
				    0x156, 0x18a, 0x1c2, 0x1f4};

static bool
is_boundary(size_t n) {
	for (size_t i = 0; i < sizeof(boundaries) / sizeof(boundaries[0]); i++)
	{
		if (boundaries[i] == n) {
			return true;
		}
	}
	return false;
}

/* Every truncation fails cleanly unless it falls on a record boundary. */
static void
test_truncated(void **state) {
	static coll_t c;
	uint8_t *buf;
	size_t len;

	buf = slurp("example.test.raw", &len);
	assert_int_equal(len, 500);
	for (size_t n = 0; n < len; n++) {
		uint8_t *copy = malloc(n + 1); /* exact size for ASan */
		master_opts_t o;
		result_t r;

		memcpy(copy, buf, n);
		memset(&c, 0, sizeof(c));
		o = opts_for(&c);
		r = rawfmt_load_buffer(copy, n, "t.raw", &o, NULL);
		if (is_boundary(n)) {
			assert_int_equal(r, R_OK);
			assert_int_equal(c.logs, 0);
		} else {
			assert_int_equal(r, R_EOF);
			assert_int_equal(c.logs, 1);
			assert_int_equal(c.lastline, 0);
			assert_non_null(strstr(c.lastlog, "t.raw:0: offset "));
		}
		free(copy);
	}
	/* The message names the record's offset. */
	memset(&c, 0, sizeof(c));
	{
		master_opts_t o = opts_for(&c);
		assert_int_equal(
			rawfmt_load_buffer(buf, 0x12a + 10, "t.raw", &o, NULL),
			R_EOF);
		assert_non_null(strstr(c.lastlog, "offset 298: "));
		assert_non_null(strstr(c.lastlog, "end of file"));
		assert_int_equal(c.n, 5); /* SOA, 2 NS, MX, ns1 A */
	}
	free(buf);
}

/* Loads buf with byte at off replaced by val; returns the result. */
static result_t
load_patched(const uint8_t *buf, size_t len, size_t off, uint8_t val,
	     coll_t *c) {
	uint8_t *copy = malloc(len);
	master_opts_t o;
	result_t r;

	memcpy(copy, buf, len);
	copy[off] = val;
	memset(c, 0, sizeof(*c));
	o = opts_for(c);
	r = rawfmt_load_buffer(copy, len, "bad.raw", &o, NULL);
	free(copy);
	return r;
}

/* The corruptions BIND 9.18 rejects, with its result codes. */
static void
test_corrupt_fields(void **state) {
	static coll_t c;
	uint8_t *buf;
	size_t len;

	buf = slurp("example.test.raw", &len);
	/* Header. */
	assert_int_equal(load_patched(buf, len, 3, 1, &c), R_NOTIMPLEMENTED);
	assert_non_null(strstr(c.lastlog, "file format mismatch (not raw)"));
	assert_int_equal(load_patched(buf, len, 7, 2, &c), R_NOTIMPLEMENTED);
	assert_non_null(strstr(c.lastlog, "unsupported file format version"));
	/* Class CH in an IN zone. */
	assert_int_equal(load_patched(buf, len, 0x1d, 3, &c), R_BADCLASS);
	assert_int_equal(c.n, 0);
	/* nrdata 0 in the A record of ns1. */
	assert_int_equal(load_patched(buf, len, 0x102 + 13, 0, &c), R_RANGE);
	assert_int_equal(c.n, 4);
	/* totallen below the fixed part. */
	assert_int_equal(load_patched(buf, len, 0x18 + 3, 10, &c), R_RANGE);
	/* totallen one too long: leftover octet inside the record. */
	assert_int_equal(load_patched(buf, len, 0x18 + 3, 0x64, &c), R_RANGE);
	/* totallen one too short: the last rdata overruns. */
	assert_int_equal(load_patched(buf, len, 0x18 + 3, 0x62, &c), R_RANGE);
	/* A rdata of 3 octets. */
	assert_int_not_equal(load_patched(buf, len, 0x125, 3, &c), R_OK);
	/* OPT is not zone data. */
	assert_int_equal(load_patched(buf, len, 0x102 + 3, 41, &c), R_FORMERR);
	/* covers on an A record. */
	assert_int_equal(load_patched(buf, len, 0x102 + 5, 5, &c), R_FORMERR);
	/* Owner length past the name / name with a compression pointer. */
	assert_int_equal(load_patched(buf, len, 0x111, 0x13, &c), R_EXTRADATA);
	assert_int_not_equal(load_patched(buf, len, 0x112, 0xc0, &c), R_OK);
	assert_int_equal(load_patched(buf, len, 0x110, 0xff, &c), R_RANGE);
	/* Out-of-zone owner (ns1.exbmple.test): skipped silently, as BIND. */
	assert_int_equal(load_patched(buf, len, 0x112 + 6, 'b', &c), R_OK);
	assert_int_equal(c.n, 9);
	assert_int_equal(c.logs, 0);
	/* Wrong case is still in the zone. */
	assert_int_equal(load_patched(buf, len, 0x112 + 5, 'E', &c), R_OK);
	assert_int_equal(c.n, 10);
	free(buf);
}

/* Every single-octet corruption either loads or fails with one message;
 * none may crash or read outside the buffer (run under ASan in CI). */
static void
test_corrupt_every_byte(void **state) {
	static coll_t c;
	const uint8_t vals[] = {0x00, 0x01, 0x3f, 0x40, 0x7f, 0xc0, 0xff};
	uint8_t *buf;
	size_t len;

	buf = slurp("example.test.raw", &len);
	for (size_t off = 0; off < len; off++) {
		for (size_t v = 0; v < sizeof(vals); v++) {
			result_t r = load_patched(buf, len, off, vals[v], &c);
			if (r != R_OK) {
				assert_int_equal(c.logs, 1);
			}
		}
	}
	free(buf);
}

static void
test_callback_stops(void **state) {
	static coll_t c;
	master_opts_t o;
	uint8_t *buf;
	size_t len;

	buf = slurp("example.test.raw", &len);
	memset(&c, 0, sizeof(c));
	c.stop_after = 3;
	o = opts_for(&c);
	assert_int_equal(rawfmt_load_buffer(buf, len, "x", &o, NULL),
			 R_FAILURE);
	assert_int_equal(c.n, 3);
	/* Without a logger errors are still returned. */
	o.log = NULL;
	memset(&c, 0, sizeof(c));
	assert_int_equal(rawfmt_load_buffer(buf, 100, "x", &o, NULL), R_EOF);
	free(buf);
	assert_int_equal(rawfmt_load_file("/nonexistent/raw", &o),
			 R_FILENOTFOUND);
}

/* RRSIG: covers must match the signature's type-covered field. */
static void
test_rrsig_covers(void **state) {
	static coll_t c;
	uint8_t sig[] = {0,   1,   8,	2,    0,   0,	0x0e, 0x10, 0x60,
			 0,   0,   0,	0x5f, 0,   0,	0,    0x12, 0x34,
			 7,   'e', 'x', 'a',  'm', 'p', 'l',  'e',  4,
			 't', 'e', 's', 't',  0,   1,	2,    3,    4};
	const uint8_t *rd[1] = {sig};
	uint16_t rl[1] = {sizeof(sig)};
	char *out = NULL;
	size_t outlen = 0;
	master_opts_t o;
	rawfmt_writer_t *w;
	FILE *fp;

	for (int bad = 0; bad < 2; bad++) {
		fp = open_memstream(&out, &outlen);
		assert_int_equal(rawfmt_writer_open(fp, NULL, &w), R_OK);
		assert_int_equal(rawfmt_write_rrset(w, &origin, RRCLASS_IN,
						    RRTYPE_RRSIG,
						    bad ? RRTYPE_NS : RRTYPE_A,
						    3600, 1, rd, rl),
				 R_OK);
		assert_int_equal(rawfmt_writer_close(w), R_OK);
		fclose(fp);
		memset(&c, 0, sizeof(c));
		o = opts_for(&c);
		if (bad) {
			assert_int_equal(rawfmt_load_buffer((uint8_t *)out,
							    outlen, "s", &o,
							    NULL),
					 R_FORMERR);
		} else {
			assert_int_equal(rawfmt_load_buffer((uint8_t *)out,
							    outlen, "s", &o,
							    NULL),
					 R_OK);
			assert_int_equal(c.n, 1);
			assert_int_equal(c.rr[0].type, RRTYPE_RRSIG);
			assert_memory_equal(c.rr[0].rdata, sig, sizeof(sig));
		}
		free(out);
		out = NULL;
	}
}

static void
test_writer_errors(void **state) {
	rawfmt_header_t hdr;
	rawfmt_writer_t *w = NULL;
	const uint8_t a[4] = {192, 0, 2, 1};
	const uint8_t *rd[1] = {a};
	uint16_t rl[1] = {4};
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp;

	memset(&hdr, 0, sizeof(hdr));
	hdr.version = 2;
	fp = open_memstream(&out, &outlen);
	assert_int_equal(rawfmt_writer_open(fp, &hdr, &w), R_RANGE);
	assert_int_equal(rawfmt_writer_open_path("/tmp/x.raw", &hdr, &w),
			 R_RANGE);
	hdr.version = 1;
	hdr.flags = RAWFMT_F_LASTXFRINSET;
	hdr.lastxfrin = 0x01020304;
	assert_int_equal(rawfmt_writer_open(fp, &hdr, &w), R_OK);
	assert_int_equal(rawfmt_write_rrset(w, &origin, RRCLASS_IN, RRTYPE_A, 0,
					    60, 0, rd, rl),
			 R_RANGE);
	assert_int_equal(rawfmt_write_rrset(w, &origin, RRCLASS_IN, RRTYPE_A, 0,
					    60, 70000, rd, rl),
			 R_RANGE);
	assert_int_equal(rawfmt_write_rrset(w, &origin, RRCLASS_IN, RRTYPE_A, 0,
					    60, 1, rd, rl),
			 R_OK);
	assert_int_equal(rawfmt_writer_close(w), R_OK);
	fclose(fp);
	/* Header, then one record of 18 + 2 + 14 + 2 + 4 octets. */
	assert_int_equal(outlen, 24 + 40);
	assert_int_equal(be32((uint8_t *)out + 12), RAWFMT_F_LASTXFRINSET);
	assert_int_equal(be32((uint8_t *)out + 20), 0x01020304);
	assert_int_equal(be32((uint8_t *)out + 24), 40);
	free(out);

	assert_int_equal(
		rawfmt_writer_open_path("/nonexistent/dir/x.raw", NULL, &w),
		R_IOERROR);
	rawfmt_writer_close(NULL);
	rawfmt_writer_abort(NULL);
}

/* A path writer publishes the file only on close, and leaves no
 * temporary behind; abort leaves nothing at all. */
static void
test_writer_path(void **state) {
	static coll_t c;
	char dir[] = "/tmp/rawfmt_test.XXXXXX";
	char path[256];
	rawfmt_writer_t *w = NULL;
	const uint8_t a[4] = {192, 0, 2, 1};
	const uint8_t *rd[1] = {a};
	uint16_t rl[1] = {4};
	rawfmt_header_t hdr;
	master_opts_t o;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/z.raw", dir);
	assert_int_equal(rawfmt_writer_open_path(path, NULL, &w), R_OK);
	assert_int_equal(rawfmt_write_rrset(w, &origin, RRCLASS_IN, RRTYPE_A, 0,
					    60, 1, rd, rl),
			 R_OK);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(rawfmt_writer_close(w), R_OK);
	assert_int_equal(access(path, F_OK), 0);

	memset(&c, 0, sizeof(c));
	o = opts_for(&c);
	assert_int_equal(rawfmt_load_file_header(path, &o, &hdr), R_OK);
	assert_int_equal(hdr.version, RAWFMT_VERSION);
	assert_true(hdr.dumptime > 1700000000u);
	assert_int_equal(c.n, 1);
	assert_memory_equal(c.rr[0].rdata, a, 4);
	unlink(path);

	assert_int_equal(rawfmt_writer_open_path(path, NULL, &w), R_OK);
	rawfmt_writer_abort(w);
	assert_int_not_equal(access(path, F_OK), 0);
	/* The directory must be empty again: rmdir fails otherwise. */
	assert_int_equal(rmdir(dir), 0);
}

typedef struct counter {
	unsigned n;
	size_t bytes;
} counter_t;

/* Counts TXT RRs; anything else (or a short one) is an error. */
static result_t
count_rr(void *arg, const master_rr_t *rr) {
	counter_t *cnt = arg;
	cnt->n++;
	cnt->bytes += rr->rdlen;
	if (rr->type != RRTYPE_TXT || rr->rdlen < 256) {
		return R_FAILURE;
	}
	return R_OK;
}

/* A file bigger than the reader's first buffer, with records that
 * straddle buffer refills, including one large RRset. */
static void
test_large_file(void **state) {
	char path[] = "/tmp/rawfmt_big.XXXXXX";
	rawfmt_writer_t *w = NULL;
	static uint8_t txt[234 * 256];
	const uint8_t *rd[2];
	uint16_t rl[2];
	name_t owner;
	master_opts_t o;
	FILE *fp;
	int fd;
	unsigned count = 0;
	counter_t cnt = {0, 0};

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "wb");
	assert_non_null(fp);
	assert_int_equal(rawfmt_writer_open(fp, NULL, &w), R_OK);
	/* TXT rdata: 234 strings of 255 octets; any multiple of 256
	 * octets of it is a valid TXT too. */
	for (size_t i = 0; i < sizeof(txt); i += 256) {
		txt[i] = 255;
		memset(txt + i + 1, 'a' + (int)(i % 26), 255);
	}
	assert_int_equal(name_fromtext(&owner, "big", 3, &origin), R_OK);
	for (unsigned i = 0; i < 40; i++) {
		rd[0] = txt;
		rl[0] = (uint16_t)(sizeof(txt) - i * 256);
		rd[1] = txt;
		rl[1] = 256;
		assert_int_equal(rawfmt_write_rrset(w, &owner, RRCLASS_IN,
						    RRTYPE_TXT, 0, 60, 2, rd,
						    rl),
				 R_OK);
		count += 2;
	}
	assert_int_equal(rawfmt_writer_close(w), R_OK);
	fclose(fp);

	/* The collector keeps only small rdata, so count instead. */
	memset(&o, 0, sizeof(o));
	o.origin = &origin;
	o.rclass = RRCLASS_IN;
	o.rr = count_rr;
	o.arg = &cnt;
	assert_int_equal(rawfmt_load_file(path, &o), R_OK);
	assert_int_equal(cnt.n, count);
	assert_true(cnt.bytes > 40 * 50000);
	unlink(path);
}

static int
setup(void **state) {
	return name_fromtext(&origin, "example.test.", 13, NULL) == R_OK ? 0
									 : -1;
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_parse),
		cmocka_unit_test(test_vector_matches_text),
		cmocka_unit_test(test_signed_matches_text),
		cmocka_unit_test(test_vector_v0),
		cmocka_unit_test(test_write_roundtrip),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt_fields),
		cmocka_unit_test(test_corrupt_every_byte),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_rrsig_covers),
		cmocka_unit_test(test_writer_errors),
		cmocka_unit_test(test_writer_path),
		cmocka_unit_test(test_large_file),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
