/*
 * fuzz_rdata_fromtext.c - libFuzzer target: arbitrary text as the rdata
 * of one master-file record, through token_split() and rdata_fromtext()
 * (origin "example.").
 *
 * Input layout: type (2 octets), class selector (1), then the text.
 * Whatever is accepted must render as text that parses back to the same
 * octets, and must read back unchanged as wire data.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	static text_token_t toks[70000];
	static uint8_t out[RDATA_MAXLEN];
	static uint8_t out2[RDATA_MAXLEN];
	static char txt[RDATA_MAXLEN * 5 + 64];
	size_t ntok = 0, len = 0, len2 = 0, tlen = 0;
	name_t origin;

	if (size < 3) {
		return 0;
	}
	uint16_t type = (uint16_t)((data[0] << 8) | data[1]);
	uint16_t rclass = classes[data[2] & 3];
	const char *text = (const char *)data + 3;
	size_t textlen = size - 3;

	if (name_fromtext(&origin, "example.", 8, NULL) != R_OK) {
		abort();
	}
	if (token_split(text, textlen, toks, sizeof(toks) / sizeof(toks[0]),
	                &ntok) != R_OK)
	{
		return 0;
	}
	rdata_error_t err = {SIZE_MAX};
	if (rdata_fromtext(type, rclass, toks, ntok, &origin, out, sizeof(out),
	                   &len, &err) != R_OK)
	{
		/* A failure names a token or the end, never beyond. */
		if (err.token > ntok) {
			abort();
		}
		return 0;
	}
	if (rdata_fromwire(type, rclass, out, len, 0, len, false, out2,
	                   sizeof(out2), &len2) != R_OK ||
	    len2 != len || memcmp(out, out2, len) != 0)
	{
		fprintf(stderr, "type %u: accepted text gives bad wire\n",
		        type);
		abort();
	}
	if (rdata_totext(type, rclass, out, len, NULL, txt, sizeof(txt),
	                 &tlen) != R_OK) {
		abort();
	}
	if (token_split(txt, tlen, toks, sizeof(toks) / sizeof(toks[0]),
	                &ntok) != R_OK ||
	    rdata_fromtext(type, rclass, toks, ntok, NULL, out2, sizeof(out2),
	                   &len2, NULL) != R_OK ||
	    len2 != len || memcmp(out, out2, len) != 0)
	{
		fprintf(stderr, "type %u: '%s' does not read back\n", type,
		        txt);
		abort();
	}
	return 0;
}
