/*
 * fuzz_raw.c - libFuzzer target: arbitrary bytes as a raw master file
 * (rawfmt_load_buffer) for zone example.test/IN.
 *
 * Beyond "no crash, no leak, no out-of-bounds read", it checks a
 * round-trip property: whatever the reader accepts, written back through
 * the writer (one record per RRset record read) and read again, gives the
 * same RRs in the same order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zones/master.h"
#include "zones/name.h"
#include "zones/rawfmt.h"
#include "zones/rdata.h"

typedef struct seen {
	uint8_t owner[NAME_MAXWIRE];
	uint8_t ownerlen;
	uint16_t type, rclass;
	uint32_t ttl;
	uint8_t *rdata;
	uint16_t rdlen;
	unsigned record;
} seen_t;

typedef struct run {
	seen_t *rr;
	size_t n, cap;
} run_t;

static result_t
keep(void *arg, const master_rr_t *rr) {
	run_t *run = arg;
	seen_t *s;

	if (run->n == run->cap) {
		size_t ncap = run->cap ? run->cap * 2 : 16;
		seen_t *nr = realloc(run->rr, ncap * sizeof(*nr));
		if (nr == NULL) {
			return R_NOMEMORY;
		}
		run->rr = nr;
		run->cap = ncap;
	}
	s = &run->rr[run->n];
	s->rdata = malloc(rr->rdlen ? rr->rdlen : 1);
	if (s->rdata == NULL) {
		return R_NOMEMORY;
	}
	memcpy(s->owner, rr->owner->wire, rr->owner->length);
	s->ownerlen = rr->owner->length;
	s->type = rr->type;
	s->rclass = rr->rclass;
	s->ttl = rr->ttl;
	memcpy(s->rdata, rr->rdata, rr->rdlen);
	s->rdlen = rr->rdlen;
	s->record = rr->line;
	run->n++;
	return R_OK;
}

static void
run_free(run_t *run) {
	for (size_t i = 0; i < run->n; i++) {
		free(run->rr[i].rdata);
	}
	free(run->rr);
	memset(run, 0, sizeof(*run));
}

static name_t origin;

static master_opts_t
opts_for(run_t *run) {
	master_opts_t o;
	memset(&o, 0, sizeof(o));
	o.origin = &origin;
	o.rclass = RRCLASS_IN;
	o.rr = keep;
	o.arg = run;
	return o;
}

/* Writes run's RRs back, one raw record per original record. */
static void
write_back(const run_t *run, const rawfmt_header_t *hdr, FILE *fp) {
	rawfmt_writer_t *w = NULL;
	const uint8_t **rd = malloc((run->n + 1) * sizeof(*rd));
	uint16_t *rl = malloc((run->n + 1) * sizeof(*rl));
	size_t i = 0;

	if (rd == NULL || rl == NULL || rawfmt_writer_open(fp, hdr, &w) != R_OK)
	{
		abort();
	}
	while (i < run->n) {
		size_t j = i, k = 0;
		name_t owner;
		uint16_t covers = 0;

		while (j < run->n && run->rr[j].record == run->rr[i].record) {
			rd[k] = run->rr[j].rdata;
			rl[k] = run->rr[j].rdlen;
			k++;
			j++;
		}
		if (name_fromwire_raw(&owner, run->rr[i].owner,
				      run->rr[i].ownerlen, NULL) != R_OK)
		{
			abort();
		}
		if ((run->rr[i].type == RRTYPE_RRSIG ||
		     run->rr[i].type == RRTYPE_SIG) &&
		    run->rr[i].rdlen >= 2)
		{
			covers = (uint16_t)((run->rr[i].rdata[0] << 8) |
					    run->rr[i].rdata[1]);
		}
		if (rawfmt_write_rrset(w, &owner, run->rr[i].rclass,
				       run->rr[i].type, covers, run->rr[i].ttl,
				       k, rd, rl) != R_OK)
		{
			abort();
		}
		i = j;
	}
	if (rawfmt_writer_close(w) != R_OK) {
		abort();
	}
	free(rd);
	free(rl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	run_t first, second;
	master_opts_t o;
	rawfmt_header_t hdr;
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp;

	if (origin.length == 0 &&
	    name_fromtext(&origin, "example.test.", 13, NULL) != R_OK)
	{
		abort();
	}
	memset(&first, 0, sizeof(first));
	memset(&second, 0, sizeof(second));
	o = opts_for(&first);
	if (rawfmt_load_buffer(data, size, "fuzz", &o, &hdr) != R_OK) {
		run_free(&first);
		return 0;
	}
	fp = open_memstream(&out, &outlen);
	if (fp == NULL) {
		abort();
	}
	write_back(&first, &hdr, fp);
	fclose(fp);
	o = opts_for(&second);
	if (rawfmt_load_buffer((uint8_t *)out, outlen, "fuzz2", &o, NULL) !=
	    R_OK) {
		abort();
	}
	if (first.n != second.n) {
		abort();
	}
	for (size_t i = 0; i < first.n; i++) {
		seen_t *a = &first.rr[i], *b = &second.rr[i];
		if (a->ownerlen != b->ownerlen ||
		    memcmp(a->owner, b->owner, a->ownerlen) != 0 ||
		    a->type != b->type || a->ttl != b->ttl ||
		    a->rdlen != b->rdlen ||
		    memcmp(a->rdata, b->rdata, a->rdlen) != 0)
		{
			abort();
		}
	}
	free(out);
	run_free(&first);
	run_free(&second);
	return 0;
}
