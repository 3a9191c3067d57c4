/*
 * fuzz_confparse.c - libFuzzer target: arbitrary bytes as a named.conf
 * (or, when the first byte is odd, an rndc.conf) given to
 * conf_parse_buffer() with includes refused.
 *
 * Beyond "no crash, no leak, no hang": every accepted configuration must
 * print (conf_print, the -p form) to text that parses again and prints
 * identically.  The one known exception is BIND's own unparseable geoip
 * element form ("tz"x""), which print.c reproduces on purpose.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/ast.h"
#include "config/print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
quiet(void *arg, conf_sev_t sev, const char *file, unsigned line,
      const char *msg) {
	(void)arg;
	(void)sev;
	(void)file;
	(void)line;
	(void)msg;
}

static char *
print_tree(const conf_tree_t *t, size_t *len) {
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (f == NULL) {
		abort();
	}
	if (conf_print(t, f, 0) != R_OK) {
		abort();
	}
	fclose(f);
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	if (size == 0) {
		return 0;
	}
	conf_grammar_t g = (data[0] & 1) ? CONF_GRAMMAR_RNDC
					 : CONF_GRAMMAR_NAMED;
	conf_tree_t *t = NULL;
	if (conf_parse_buffer((const char *)data + 1, size - 1, "fuzz.conf", g,
			      false, &t, quiet, NULL) != R_OK) {
		if (t != NULL) {
			abort(); /* *out is written only on success */
		}
		return 0;
	}
	size_t len1, len2;
	char *p1 = print_tree(t, &len1);
	conf_tree_t *t2 = NULL;
	if (conf_parse_buffer(p1, len1, "printed.conf", g, false, &t2, quiet,
			      NULL) != R_OK) {
		/* only BIND's geoip print form may fail to read back */
		char *in = strndup((const char *)data + 1, size - 1);
		int geo = in != NULL && strcasestr(in, "geoip") != NULL;
		free(in);
		if (!geo) {
			abort();
		}
	} else {
		char *p2 = print_tree(t2, &len2);
		if (len1 != len2 || memcmp(p1, p2, len1) != 0) {
			abort();
		}
		free(p2);
		conf_tree_free(&t2);
	}
	free(p1);
	conf_tree_free(&t);
	return 0;
}
