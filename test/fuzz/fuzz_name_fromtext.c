/*
 * fuzz_name_fromtext.c - libFuzzer target: arbitrary bytes as the text of
 * a domain name (name_fromtext), relative to one of three origins chosen
 * by the first byte.
 *
 * Beyond "no crash, no out-of-bounds access", every accepted name must
 * survive the round trips the rest of the server relies on, octet for
 * octet: text out (absolute, relative to the origin, and BIND's in-rdata
 * form) and back in, wire out and back in.  A mismatch aborts, which is
 * how libFuzzer reports it.
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

/* Same octets, same structure: stricter than name_equal (case counts). */
static void
check_identical(const name_t *a, const name_t *b) {
	check(a->length == b->length);
	check(a->labels == b->labels);
	check(memcmp(a->wire, b->wire, a->length) == 0);
	check(memcmp(a->offsets, b->offsets, a->labels) == 0);
}

/* The invariants name.h promises for every name_t. */
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

static void
roundtrip_text(const name_t *n, const name_t *origin) {
	char buf[NAME_MAXTEXT];
	size_t len = 0;
	name_t back;

	check(name_totext(n, NULL, false, buf, sizeof(buf), &len) == R_OK);
	check(len == strlen(buf));
	check(name_fromtext(&back, buf, len, NULL) == R_OK);
	check_identical(n, &back);

	/* Relative to the origin; "@" and relative forms need it back. */
	check(name_totext(n, origin, false, buf, sizeof(buf), &len) == R_OK);
	check(name_fromtext(&back, buf, len, origin) == R_OK);
	check(name_equal(n, &back));

	check(name_totext_rdata(n, origin, buf, sizeof(buf), &len) == R_OK);
	check(name_fromtext(&back, buf, len, origin) == R_OK);
	check_identical(n, &back);

	/* Without the final dot the text is relative: read it against the
	 * root and the same name comes back. */
	if (n->labels > 1) {
		name_t root;
		name_init_root(&root);
		check(name_totext(n, NULL, true, buf, sizeof(buf), &len) ==
		      R_OK);
		check(name_fromtext(&back, buf, len, &root) == R_OK);
		check_identical(n, &back);
	}
}

static void
roundtrip_wire(const name_t *n) {
	name_t back, low;
	size_t used = 0, pos = 0;

	check(name_fromwire_raw(&back, n->wire, n->length, &used) == R_OK);
	check(used == n->length);
	check_identical(n, &back);
	check(name_fromwire(&back, n->wire, n->length, &pos) == R_OK);
	check(pos == n->length);
	check_identical(n, &back);

	/* Case-insensitive operations agree with a downcased copy. */
	name_copy(&low, n);
	name_downcase(&low);
	check(name_equal(n, &low));
	check(name_compare(n, &low) == 0);
	check(name_wire_compare(n->wire, low.wire) == 0);
	check(name_hash(n) == name_hash(&low));
	check(name_issubdomain(n, &low) && name_issubdomain(&low, n));
	check(name_common_labels(n, &low) == n->labels);
	check(name_ishostname(n, true) == name_ishostname(&low, true));
}

static void
split_and_join(const name_t *n) {
	/* Every suffix, glued back to its prefix, gives the name again. */
	for (unsigned k = 1; k <= n->labels; k++) {
		name_t suf, whole;
		name_suffix(n, k, &suf);
		check_wellformed(&suf);
		check(name_issubdomain(n, &suf));
		check(name_common_labels(n, &suf) == k);
		check(name_compare(&suf, n) <= 0);
		check(name_concat(&whole, n, n->labels - k, &suf) == R_OK);
		check_identical(n, &whole);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	static const char *const origins[] = {".", "example.", "Sub.Example."};
	name_t origin, n;

	if (size < 1 || size > 4096) {
		return 0;
	}
	check(name_fromtext(&origin, origins[data[0] % 3],
			    strlen(origins[data[0] % 3]), NULL) == R_OK);
	if (name_fromtext(&n, (const char *)data + 1, size - 1, &origin) !=
	    R_OK)
	{
		return 0;
	}
	check_wellformed(&n);
	roundtrip_text(&n, &origin);
	roundtrip_wire(&n);
	split_and_join(&n);
	(void)name_ismailbox(&n);
	(void)name_iswildcard(&n);
	return 0;
}
