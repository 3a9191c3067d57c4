/*
 * fuzz_name_fromwire.c - libFuzzer target: arbitrary bytes as a DNS
 * message, names read with name_fromwire (compression allowed) from every
 * offset of the first 512 octets, and with name_fromwire_raw.
 *
 * Properties checked, abort on violation: the cursor moves forward and
 * stays inside the message; every name read is well formed; it round-trips
 * through text (totext -> fromtext gives the same octets) and through the
 * uncompressed wire form; comparison, equality, hashing and the suffix
 * relation agree with each other between consecutive names.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zones/name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond) {
	if (!cond) {
		abort();
	}
}

static void
check_identical(const name_t *a, const name_t *b) {
	check(a->length == b->length);
	check(a->labels == b->labels);
	check(memcmp(a->wire, b->wire, a->length) == 0);
	check(memcmp(a->offsets, b->offsets, a->labels) == 0);
}

static void
check_wellformed(const name_t *n) {
	unsigned pos = 0;

	check(n->length >= 1 && n->length <= NAME_MAXWIRE);
	check(n->labels >= 1 && n->labels <= NAME_MAXLABELS);
	for (unsigned i = 0; i < n->labels; i++) {
		check(n->offsets[i] == pos);
		check(n->wire[pos] <= NAME_MAXLABEL);
		check((n->wire[pos] == 0) == (i + 1 == n->labels));
		pos += 1u + n->wire[pos];
	}
	check(pos == n->length);
}

static int
sign(int v) {
	return (v > 0) - (v < 0);
}

static void
roundtrip(const name_t *n) {
	char buf[NAME_MAXTEXT];
	size_t len = 0, used = 0;
	name_t back;

	check(name_totext(n, NULL, false, buf, sizeof(buf), &len) == R_OK);
	check(len == strlen(buf));
	check(name_fromtext(&back, buf, len, NULL) == R_OK);
	check_identical(n, &back);
	check(name_fromwire_raw(&back, n->wire, n->length, &used) == R_OK);
	check(used == n->length);
	check_identical(n, &back);
}

/* Two names: the relations must be consistent with one another. */
static void
relate(const name_t *a, const name_t *b) {
	int c = name_compare(a, b);
	unsigned common = name_common_labels(a, b);
	bool eq = name_equal(a, b);

	check(sign(c) == -sign(name_compare(b, a)));
	check(sign(c) == sign(name_wire_compare(a->wire, b->wire)));
	check(eq == (c == 0));
	if (eq) {
		check(name_hash(a) == name_hash(b));
	}
	check(common >= 1 && common <= a->labels && common <= b->labels);
	check(name_issubdomain(a, b) == (common == b->labels));
	check(name_issubdomain(b, a) == (common == a->labels));
	/* A name sorts after every name it is below. */
	if (name_issubdomain(a, b) && !eq) {
		check(c > 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	name_t prev, n;
	bool have_prev = false;
	size_t limit = size < 512 ? size : 512;

	if (size > 65535) {
		return 0;
	}
	for (size_t start = 0; start < limit; start++) {
		size_t pos = start;

		if (name_fromwire(&n, data, size, &pos) != R_OK) {
			check(pos == start);
			continue;
		}
		check(pos > start && pos <= size);
		check_wellformed(&n);
		roundtrip(&n);
		if (have_prev) {
			relate(&n, &prev);
		}
		name_copy(&prev, &n);
		have_prev = true;
	}

	/* The same bytes as an uncompressed name. */
	size_t used = 0;
	if (name_fromwire_raw(&n, data, size, &used) == R_OK) {
		check(used == n.length && used <= size);
		check(memcmp(n.wire, data, used) == 0);
		check_wellformed(&n);
		roundtrip(&n);
	}
	return 0;
}
