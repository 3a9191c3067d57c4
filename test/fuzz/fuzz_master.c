/*
 * fuzz_master.c - libFuzzer target: arbitrary bytes as a text master file
 * (master_load_buffer) for zone example.test/IN, in many-errors mode so
 * the recovery paths after every kind of error are exercised too.
 *
 * Beyond "no crash, no leak, no hang": every RR handed over must have an
 * owner of sane shape and rdata that converts back to text; every log
 * message must be a NUL-terminated string naming a line that exists.
 * $INCLUDE is refused (it would read arbitrary files), and the callback
 * stops the load after a bounded number of RRs so that a huge $GENERATE
 * range cannot turn into a timeout.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zones/master.h"
#include "zones/name.h"
#include "zones/rdata.h"

#define FUZZ_MAXRRS 20000

typedef struct run {
	unsigned count;
	unsigned lines; /* lines in the input, for checking message lines */
} run_t;

static result_t
check_rr(void *arg, const master_rr_t *rr) {
	run_t *run = arg;
	static char text[300000];

	if (rr->owner->length == 0 || rr->owner->length > NAME_MAXWIRE ||
	    rr->owner->labels == 0 || rr->line == 0 || rr->line > run->lines)
	{
		abort();
	}
	if (rdata_totext(rr->type, rr->rclass, rr->rdata, rr->rdlen, NULL,
			 text, sizeof(text), NULL) == R_FORMERR)
	{
		/* the reader handed over rdata its own parser built badly */
		abort();
	}
	if (++run->count >= FUZZ_MAXRRS) {
		return R_RANGE;
	}
	return R_OK;
}

static void
check_log(void *arg, int level, const char *file, unsigned line,
	  const char *msg) {
	run_t *run = arg;
	char buf[2048];

	if (strlen(msg) > 1500 || line > run->lines + 1) {
		abort();
	}
	master_log_format(buf, sizeof(buf), level, file, line, msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	static name_t origin;
	static int ready;
	run_t run = {0, 1};

	if (!ready) {
		if (name_fromtext(&origin, "example.test.", 13, NULL) != R_OK) {
			abort();
		}
		ready = 1;
	}
	for (size_t i = 0; i < size; i++) {
		run.lines += data[i] == '\n';
	}
	master_opts_t opts = {
		.origin = &origin,
		.rclass = RRCLASS_IN,
		.flags = MASTER_MANYERRORS | MASTER_NOINCLUDE,
		.rr = check_rr,
		.log = check_log,
		.arg = &run,
	};
	(void)master_load_buffer((const char *)data, size, "fuzz.db", &opts);
	return 0;
}
