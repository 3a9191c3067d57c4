/*
 * fuzz_rdata_fromwire.c - libFuzzer target: arbitrary bytes as the rdata
 * of a DNS message, through rdata_fromwire().
 *
 * Input layout: type (2 octets), class selector (1), flags (1: bit 0
 * allows decompression), rdata offset (1), then the message.  The rdata
 * runs from that offset to the end of the message.
 *
 * Beyond "no crash, no leak, no out-of-bounds access", whatever is
 * accepted must behave: it renders as text, that text parses back to the
 * same octets, it re-reads from wire unchanged, names can be walked, and
 * canonical form and order are consistent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zones/name.h"
#include "zones/rdata.h"
#include "zones/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t classes[4] = {RRCLASS_IN, RRCLASS_CH, RRCLASS_HS, 42};

static void
noop(void *arg, const uint8_t *rdata, size_t offset, bool compressible) {
	size_t *n = arg;
	(*n)++;
	(void)rdata;
	(void)offset;
	(void)compressible;
}

/* Text back to wire: what totext printed must parse to the same rdata. */
static void
check_text(uint16_t type, uint16_t rclass, const char *txt, size_t tlen,
	   const uint8_t *rd, size_t rdlen) {
	static text_token_t toks[70000];
	static uint8_t again[RDATA_MAXLEN];
	size_t ntok = 0, len = 0;
	result_t r;

	r = token_split(txt, tlen, toks, sizeof(toks) / sizeof(toks[0]), &ntok);
	if (r != R_OK) {
		fprintf(stderr, "token_split: %s on '%s'\n", result_totext(r),
		        txt);
		abort();
	}
	r = rdata_fromtext(type, rclass, toks, ntok, NULL, again, sizeof(again),
	                   &len, NULL);
	if (r != R_OK || len != rdlen || memcmp(again, rd, len) != 0) {
		fprintf(stderr, "type %u: '%s' does not read back (%s)\n", type,
		        txt, result_totext(r));
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	static uint8_t out[RDATA_MAXLEN];
	static uint8_t out2[RDATA_MAXLEN];
	static uint8_t canon[RDATA_MAXLEN];
	static char txt[RDATA_MAXLEN * 5 + 64];
	size_t len = 0, len2 = 0, tlen = 0, names = 0;

	if (size < 5) {
		return 0;
	}
	uint16_t type = (uint16_t)((data[0] << 8) | data[1]);
	uint16_t rclass = classes[data[2] & 3];
	bool comp = (data[3] & 1) != 0;
	const uint8_t *msg = data + 5;
	size_t msglen = size - 5;
	size_t rdpos = data[4];
	if (rdpos > msglen) {
		return 0;
	}

	if (rdata_fromwire(type, rclass, msg, msglen, rdpos, msglen - rdpos,
	                   comp, out, sizeof(out), &len) != R_OK)
	{
		return 0;
	}
	/* The uncompressed form is accepted as is, and unchanged. */
	if (rdata_fromwire(type, rclass, out, len, 0, len, false, out2,
	                   sizeof(out2), &len2) != R_OK ||
	    len2 != len || memcmp(out, out2, len) != 0)
	{
		abort();
	}
	if (rdata_totext(type, rclass, out, len, NULL, txt, sizeof(txt),
	                 &tlen) != R_OK) {
		abort();
	}
	/* Meta types (OPT, TSIG, ...) have no master-file form to read. */
	if ((rrtype_flags(type) & RRTYPE_F_META) == 0) {
		check_text(type, rclass, txt, tlen, out, len);
	}
	if (rdata_walk_names(type, out, len, noop, &names) != R_OK) {
		abort();
	}
	if (rdata_tocanonical(type, out, len, canon) != R_OK ||
	    rdata_compare(type, out, len, canon, len) != 0 ||
	    rdata_compare(type, out, len, out, len) != 0)
	{
		abort();
	}
	return 0;
}
