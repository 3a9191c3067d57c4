/*
 * name_test.c - unit tests for zones/name.c.  Expected text forms were
 * taken from BIND 9.18 (named-compilezone -D, named-checkzone -k fail) on
 * the same inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "zones/name.h"

/* Parses s (relative to origin text o, or NULL) and asserts success. */
static name_t
mk(const char *s, const char *o) {
	name_t n, org;
	if (o != NULL) {
		assert_int_equal(name_fromtext(&org, o, strlen(o), NULL), R_OK);
	}
	assert_int_equal(name_fromtext(&n, s, strlen(s), o ? &org : NULL),
			 R_OK);
	return n;
}

static result_t
parse(const char *s, const char *o, name_t *n) {
	name_t org;
	if (o != NULL) {
		assert_int_equal(name_fromtext(&org, o, strlen(o), NULL), R_OK);
	}
	return name_fromtext(n, s, strlen(s), o ? &org : NULL);
}

static void
assert_text(const name_t *n, const char *want) {
	char buf[NAME_MAXTEXT];
	size_t len = 0;
	assert_int_equal(name_totext(n, NULL, false, buf, sizeof(buf), &len),
			 R_OK);
	assert_string_equal(buf, want);
	assert_int_equal(len, strlen(want));
}

/* Checks that the offsets match a fresh walk of the wire form. */
static void
assert_consistent(const name_t *n) {
	unsigned pos = 0;
	for (unsigned i = 0; i < n->labels; i++) {
		assert_int_equal(n->offsets[i], pos);
		pos += 1u + n->wire[pos];
	}
	assert_int_equal(pos, n->length);
	assert_int_equal(n->wire[n->offsets[n->labels - 1]], 0);
}

static void
test_text_roundtrip(void **state) {
	static const struct {
		const char *in, *origin, *out;
	} v[] = {
		{".", NULL, "."},
		{"www.example.com.", NULL, "www.example.com."},
		{"WwW.Example.COM", ".", "WwW.Example.COM."},
		{"www", "example.", "www.example."},
		{"@", "example.", "example."},
		{"@.", "example.", "\\@."},
		{"a.@", "example.", "a.\\@.example."},
		{"a\\\"b", "example.", "a\\\"b.example."},
		{"a\\(b", "example.", "a\\(b.example."},
		{"a\\)b", "example.", "a\\)b.example."},
		{"a\\.b", "example.", "a\\.b.example."},
		{"a\\;b", "example.", "a\\;b.example."},
		{"a\\\\b", "example.", "a\\\\b.example."},
		{"a\\@b", "example.", "a\\@b.example."},
		{"a\\$b", "example.", "a\\$b.example."},
		{"\\$x", "example.", "\\$x.example."},
		{"a\\032b", "example.", "a\\032b.example."},
		{"a\\ c", "example.", "a\\032c.example."},
		{"a\\127b", "example.", "a\\127b.example."},
		{"a\\255b", "example.", "a\\255b.example."},
		{"a\\000b", "example.", "a\\000b.example."},
		{"a\\~b", "example.", "a~b.example."},
		{"a\\#b", "example.", "a#b.example."},
		{"a{b}c", "example.", "a{b}c.example."},
		{"a/b'c`x", "example.", "a/b'c`x.example."},
		{"a*b", "example.", "a*b.example."},
		{"\\065\\066", "example.", "AB.example."},
		{"*.example.", NULL, "*.example."},
		{"a\\.", "example.", "a\\..example."},
		{"x", ".", "x."},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		name_t n = mk(v[i].in, v[i].origin), back;
		char buf[NAME_MAXTEXT];
		assert_consistent(&n);
		assert_text(&n, v[i].out);
		/* Our own output must read back to the same octets. */
		assert_int_equal(name_totext(&n, NULL, false, buf, sizeof(buf),
					     NULL),
				 R_OK);
		assert_int_equal(parse(buf, NULL, &back), R_OK);
		assert_int_equal(back.length, n.length);
		assert_memory_equal(back.wire, n.wire, n.length);
	}
}

static void
test_text_wire_bytes(void **state) {
	name_t n = mk("Ab.c.", NULL);
	static const uint8_t want[] = {2, 'A', 'b', 1, 'c', 0};
	assert_int_equal(n.length, sizeof(want));
	assert_memory_equal(n.wire, want, sizeof(want));
	assert_int_equal(n.labels, 3);
	assert_int_equal(n.offsets[0], 0);
	assert_int_equal(n.offsets[1], 3);
	assert_int_equal(n.offsets[2], 5);

	n = mk(".", NULL);
	assert_int_equal(n.length, 1);
	assert_int_equal(n.labels, 1);
	assert_int_equal(n.wire[0], 0);

	n = mk("\\046\\000", ".");
	assert_int_equal(n.length, 4);
	assert_int_equal(n.wire[1], '.');
	assert_int_equal(n.wire[2], 0);
}

static void
test_text_errors(void **state) {
	static const struct {
		const char *in, *origin;
		result_t r;
	} v[] = {
		{"", "example.", R_UNEXPECTEDEND},
		{"..", "example.", R_EMPTYLABEL},
		{".a", "example.", R_EMPTYLABEL},
		{"a..", "example.", R_EMPTYLABEL},
		{"a..b", "example.", R_EMPTYLABEL},
		{"\\", "example.", R_UNEXPECTEDEND},
		{"a.\\", "example.", R_UNEXPECTEDEND},
		{"a\\", "example.", R_UNEXPECTEDEND},
		{"a\\25", "example.", R_UNEXPECTEDEND},
		{"a\\2", "example.", R_UNEXPECTEDEND},
		{"a\\2x", "example.", R_BADESCAPE},
		{"a\\25x", "example.", R_BADESCAPE},
		{"a\\256", "example.", R_BADESCAPE},
		{"a\\999", "example.", R_BADESCAPE},
		{"www", NULL, R_NOOWNER},
		{"@", NULL, R_NOOWNER},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		name_t n;
		name_init_root(&n);
		assert_int_equal(parse(v[i].in, v[i].origin, &n), v[i].r);
		/* Output untouched on failure. */
		assert_int_equal(n.length, 1);
	}
}

static void
fill(char *p, char c, size_t n) {
	memset(p, c, n);
	p[n] = '\0';
}

static void
test_limits(void **state) {
	char s[1100], l63[64], l64[65], l62[63], l61[62];
	name_t n;

	fill(l63, 'a', 63);
	fill(l64, 'a', 64);
	fill(l62, 'b', 62);
	fill(l61, 'c', 61);

	snprintf(s, sizeof(s), "%s.", l63);
	assert_int_equal(parse(s, NULL, &n), R_OK);
	assert_int_equal(n.length, 65);
	snprintf(s, sizeof(s), "%s.", l64);
	assert_int_equal(parse(s, NULL, &n), R_LABELTOOLONG);
	assert_int_equal(parse(l64, "example.", &n), R_LABELTOOLONG);

	/* 3*64 + 62 + 1 = 255 octets: the longest legal name. */
	snprintf(s, sizeof(s), "%s.%s.%s.%s.", l63, l63, l63, l61);
	assert_int_equal(parse(s, NULL, &n), R_OK);
	assert_int_equal(n.length, 255);
	assert_consistent(&n);
	/* One more octet is too long, absolute or via the origin. */
	snprintf(s, sizeof(s), "%s.%s.%s.%s.", l63, l63, l63, l62);
	assert_int_equal(parse(s, NULL, &n), R_NAMETOOLONG);
	snprintf(s, sizeof(s), "%s.%s.%s.%s", l63, l63, l63, l62);
	assert_int_equal(parse(s, ".", &n), R_NAMETOOLONG);
	snprintf(s, sizeof(s), "%s.%s.%s.%s", l63, l63, l63, l61);
	assert_int_equal(parse(s, ".", &n), R_OK);
	snprintf(s, sizeof(s), "%s.%s.%s", l63, l63, l63);
	assert_int_equal(parse(s, "abcdefghijklmnopqrstuvwxyz.abcdefghijklmn"
				  "opqrstuvwxyz.abcdefghijkl.",
			       &n),
			 R_NAMETOOLONG);

	/* 127 one-octet labels + root = 255 octets, 128 labels. */
	s[0] = '\0';
	for (int i = 0; i < 127; i++) {
		strcat(s, "a.");
	}
	assert_int_equal(parse(s, NULL, &n), R_OK);
	assert_int_equal(n.labels, 128);
	assert_int_equal(n.length, 255);
	assert_consistent(&n);
	strcat(s, "a.");
	assert_int_equal(parse(s, NULL, &n), R_NAMETOOLONG);

	/* The longest text form fits NAME_MAXTEXT. */
	s[0] = '\0';
	for (int i = 0; i < 3; i++) {
		for (int k = 0; k < 63; k++) {
			strcat(s, "\\000");
		}
		strcat(s, ".");
	}
	for (int k = 0; k < 61; k++) {
		strcat(s, "\\000");
	}
	strcat(s, ".");
	assert_int_equal(parse(s, NULL, &n), R_OK);
	assert_int_equal(n.length, 255);
	assert_text(&n, s);
}

static void
test_totext_relative(void **state) {
	name_t org = mk("example.", NULL), n;
	char buf[NAME_MAXTEXT];
	size_t len;

	n = mk("www.Example.", NULL);
	assert_int_equal(name_totext(&n, &org, false, buf, sizeof(buf), &len),
			 R_OK);
	assert_string_equal(buf, "www");
	assert_int_equal(len, 3);
	n = mk("a.b.example.", NULL);
	assert_int_equal(name_totext(&n, &org, true, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, "a.b");
	n = mk("EXAMPLE.", NULL);
	assert_int_equal(name_totext(&n, &org, false, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, "@");
	n = mk("example.com.", NULL);
	assert_int_equal(name_totext(&n, &org, false, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, "example.com.");
	assert_int_equal(name_totext(&n, &org, true, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, "example.com");
	/* "xexample." is not below "example." although its text ends so. */
	n = mk("xexample.", NULL);
	assert_int_equal(name_totext(&n, &org, false, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, "xexample.");
	name_init_root(&n);
	assert_int_equal(name_totext(&n, NULL, true, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, ".");
}

static void
test_totext_nospace(void **state) {
	name_t n = mk("abc.", NULL);
	char buf[8];
	size_t len = 99;

	assert_int_equal(name_totext(&n, NULL, false, buf, 4, &len),
			 R_NOSPACE);
	assert_int_equal(len, 99);
	assert_int_equal(name_totext(&n, NULL, false, buf, 0, &len),
			 R_NOSPACE);
	assert_int_equal(name_totext(&n, NULL, false, buf, 5, &len), R_OK);
	assert_string_equal(buf, "abc.");
	n = mk("a\\000.", NULL);
	assert_int_equal(name_totext(&n, NULL, false, buf, 6, &len),
			 R_NOSPACE);
	assert_int_equal(name_totext(&n, NULL, false, buf, 7, &len), R_OK);
	assert_string_equal(buf, "a\\000.");
}

static void
test_totext_rdata(void **state) {
	name_t org = mk("Example.", NULL), n, root;
	char buf[NAME_MAXTEXT];
	size_t len;

	n = mk("ns.Example.", NULL);
	assert_int_equal(name_totext_rdata(&n, &org, buf, sizeof(buf), &len),
			 R_OK);
	assert_string_equal(buf, "ns");
	assert_int_equal(len, 2);
	/* Different case in the origin part: BIND writes it in full. */
	n = mk("ns.EXAMPLE.", NULL);
	assert_int_equal(name_totext_rdata(&n, &org, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, "ns.EXAMPLE.");
	/* The origin itself is written in full, not "@". */
	n = mk("Example.", NULL);
	assert_int_equal(name_totext_rdata(&n, &org, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, "Example.");
	/* No relativizing to the root. */
	name_init_root(&root);
	n = mk("ns.Example.", NULL);
	assert_int_equal(name_totext_rdata(&n, &root, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, "ns.Example.");
	assert_int_equal(name_totext_rdata(&n, NULL, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, "ns.Example.");
	assert_int_equal(name_totext_rdata(&root, &org, buf, sizeof(buf), NULL),
			 R_OK);
	assert_string_equal(buf, ".");
	assert_int_equal(name_totext_rdata(&n, &org, buf, 2, NULL), R_NOSPACE);
}

static void
test_fromwire_raw(void **state) {
	static const uint8_t good[] = {3, 'w', 'w', 'w', 1, 'X', 0, 0xff};
	name_t n;
	size_t used = 0;
	uint8_t big[300];

	assert_int_equal(name_fromwire_raw(&n, good, sizeof(good), &used),
			 R_OK);
	assert_int_equal(used, 7);
	assert_int_equal(n.labels, 3);
	assert_consistent(&n);
	assert_text(&n, "www.X.");
	assert_int_equal(name_fromwire_raw(&n, good, 6, &used),
			 R_UNEXPECTEDEND);
	assert_int_equal(name_fromwire_raw(&n, good, 3, NULL),
			 R_UNEXPECTEDEND);
	assert_int_equal(name_fromwire_raw(&n, good, 0, NULL),
			 R_UNEXPECTEDEND);

	static const uint8_t ptr[] = {1, 'a', 0xC0, 0x00};
	assert_int_equal(name_fromwire_raw(&n, ptr, sizeof(ptr), NULL),
			 R_BADLABELTYPE);
	static const uint8_t ext[] = {0x41, 0};
	assert_int_equal(name_fromwire_raw(&n, ext, sizeof(ext), NULL),
			 R_BADLABELTYPE);
	static const uint8_t ext2[] = {0x80, 0};
	assert_int_equal(name_fromwire_raw(&n, ext2, sizeof(ext2), NULL),
			 R_BADLABELTYPE);

	/* 4 labels of 63 = 256 octets with the root: too long. */
	memset(big, 'a', sizeof(big));
	for (int i = 0; i < 4; i++) {
		big[i * 64] = 63;
	}
	big[256] = 0;
	assert_int_equal(name_fromwire_raw(&n, big, sizeof(big), NULL),
			 R_NAMETOOLONG);
	big[192] = 61;
	big[254] = 0;
	assert_int_equal(name_fromwire_raw(&n, big, sizeof(big), &used), R_OK);
	assert_int_equal(used, 255);
	assert_int_equal(n.length, 255);
}

static void
test_fromwire_compressed(void **state) {
	uint8_t msg[64];
	name_t n;
	size_t pos;

	memset(msg, 0, sizeof(msg));
	/* 12: example.com.  25: www + ptr 12  31: x + ptr 25 */
	memcpy(msg + 12, "\007example\003com\000", 13);
	memcpy(msg + 25, "\003www\300\014", 6);
	memcpy(msg + 31, "\001x\300\031", 4);

	pos = 12;
	assert_int_equal(name_fromwire(&n, msg, 35, &pos), R_OK);
	assert_int_equal(pos, 25);
	assert_text(&n, "example.com.");
	pos = 25;
	assert_int_equal(name_fromwire(&n, msg, 35, &pos), R_OK);
	assert_int_equal(pos, 31);
	assert_text(&n, "www.example.com.");
	assert_consistent(&n);
	pos = 31;
	assert_int_equal(name_fromwire(&n, msg, 35, &pos), R_OK);
	assert_int_equal(pos, 35);
	assert_text(&n, "x.www.example.com.");
	assert_consistent(&n);
	/* A pointer straight to a name's start (label-free name). */
	memcpy(msg + 35, "\300\037", 2);
	pos = 35;
	assert_int_equal(name_fromwire(&n, msg, 37, &pos), R_OK);
	assert_int_equal(pos, 37);
	assert_text(&n, "x.www.example.com.");

	/* Truncated: pointer cut in half, label running off the end. */
	pos = 35;
	assert_int_equal(name_fromwire(&n, msg, 36, &pos), R_UNEXPECTEDEND);
	assert_int_equal(pos, 35);
	pos = 12;
	assert_int_equal(name_fromwire(&n, msg, 20, &pos), R_UNEXPECTEDEND);
	pos = 40;
	assert_int_equal(name_fromwire(&n, msg, 40, &pos), R_UNEXPECTEDEND);
}

static void
test_fromwire_badpointers(void **state) {
	uint8_t msg[64];
	name_t n;
	size_t pos;

	memset(msg, 0, sizeof(msg));
	/* Pointer to itself. */
	memcpy(msg + 12, "\300\014", 2);
	pos = 12;
	assert_int_equal(name_fromwire(&n, msg, 14, &pos), R_BADPOINTER);
	/* Pointer forward. */
	memcpy(msg + 12, "\300\020", 2);
	pos = 12;
	assert_int_equal(name_fromwire(&n, msg, 20, &pos), R_BADPOINTER);
	/* Pointer into the same run of labels (before the pointer itself,
	 * but at or after where the run began): a loop. */
	memcpy(msg + 12, "\001a\300\014", 4);
	pos = 12;
	assert_int_equal(name_fromwire(&n, msg, 16, &pos), R_BADPOINTER);
	memcpy(msg + 12, "\001a\001b\300\016", 6);
	pos = 12;
	assert_int_equal(name_fromwire(&n, msg, 18, &pos), R_BADPOINTER);
	/* Two-step loop: 20 -> 16, and 16's run points to 20 again. */
	memcpy(msg + 16, "\001b\300\024", 4);
	memcpy(msg + 20, "\300\020", 2);
	pos = 20;
	assert_int_equal(name_fromwire(&n, msg, 22, &pos), R_BADPOINTER);
	/* 16 -> 14 -> 16: second jump not below the first target. */
	memcpy(msg + 14, "\300\020", 2);
	memcpy(msg + 16, "\001b\300\016", 4);
	pos = 18;
	assert_int_equal(name_fromwire(&n, msg, 22, &pos), R_BADPOINTER);
	/* Extended label types. */
	memcpy(msg + 12, "\100\000", 2);
	pos = 12;
	assert_int_equal(name_fromwire(&n, msg, 14, &pos), R_BADLABELTYPE);
	memcpy(msg + 12, "\200\000", 2);
	pos = 12;
	assert_int_equal(name_fromwire(&n, msg, 14, &pos), R_BADLABELTYPE);
}

static void
test_fromwire_toolong_via_pointers(void **state) {
	/* Five 63-octet labels, each pointing back to the one before:
	 * legal pointers, but the name grows past 255 octets. */
	uint8_t msg[400];
	name_t n;
	size_t pos = 0, at = 0;

	memset(msg, 'q', sizeof(msg));
	msg[0] = 0;
	at = 1;
	for (int i = 0; i < 5; i++) {
		size_t prev = i == 0 ? 0 : at - 66;
		msg[at] = 63;
		msg[at + 64] = 0xC0;
		msg[at + 65] = (uint8_t)prev;
		at += 66;
	}
	/* Pointers above 255 need the high bits: recompute properly. */
	for (int i = 1; i < 5; i++) {
		size_t me = 1 + (size_t)i * 66, prev = me - 66;
		msg[me + 64] = (uint8_t)(0xC0 | (prev >> 8));
		msg[me + 65] = (uint8_t)prev;
	}
	pos = 1 + 3 * 66; /* 4 labels + root = 257 octets */
	assert_int_equal(name_fromwire(&n, msg, at, &pos), R_NAMETOOLONG);
	pos = 1 + 2 * 66; /* 3 labels + root = 193 octets */
	assert_int_equal(name_fromwire(&n, msg, at, &pos), R_OK);
	assert_int_equal(n.length, 193);
	assert_int_equal(n.labels, 4);
	assert_int_equal(pos, 1 + 3 * 66);
}

static void
test_canonical_order(void **state) {
	/* RFC 4034 section 6.1, in order. */
	static const char *const order[] = {
		"example.",	      "a.example.",	"yljkjljk.a.example.",
		"Z.a.example.",	      "zABC.a.EXAMPLE.", "z.example.",
		"\\001.z.example.",   "*.z.example.",	"\\200.z.example.",
	};
	const size_t count = sizeof(order) / sizeof(order[0]);
	name_t n[9];

	for (size_t i = 0; i < count; i++) {
		n[i] = mk(order[i], NULL);
	}
	for (size_t i = 0; i < count; i++) {
		for (size_t j = 0; j < count; j++) {
			int c = name_compare(&n[i], &n[j]);
			int w = name_wire_compare(n[i].wire, n[j].wire);
			if (i < j) {
				assert_true(c < 0);
				assert_true(w < 0);
			} else if (i > j) {
				assert_true(c > 0);
				assert_true(w > 0);
			} else {
				assert_int_equal(c, 0);
				assert_int_equal(w, 0);
			}
		}
	}
	name_t a = mk("Z.A.example.", NULL), b = mk("z.a.EXAMPLE.", NULL);
	assert_int_equal(name_compare(&a, &b), 0);
	assert_int_equal(name_wire_compare(a.wire, b.wire), 0);
	name_t r;
	name_init_root(&r);
	assert_true(name_compare(&r, &a) < 0);
	assert_true(name_wire_compare(a.wire, r.wire) > 0);
	/* Shorter label first; octets compared unsigned. */
	a = mk("ab.", NULL);
	b = mk("abc.", NULL);
	assert_true(name_compare(&a, &b) < 0);
	a = mk("\\255.", NULL);
	b = mk("a.", NULL);
	assert_true(name_compare(&a, &b) > 0);
	/* '_' (0x5f) sorts after 'Z' but before 'a' only without folding:
	 * with folding 'Z' becomes 'z' (0x7a) > '_'. */
	a = mk("_.", NULL);
	b = mk("Z.", NULL);
	assert_true(name_compare(&a, &b) < 0);
}

static void
test_equal_hash(void **state) {
	name_t a = mk("WWW.Example.", NULL), b = mk("www.example.", NULL);
	assert_true(name_equal(&a, &b));
	assert_int_equal(name_hash(&a), name_hash(&b));
	b = mk("www.example.com.", NULL);
	assert_false(name_equal(&a, &b));
	a = mk("a.bc.", NULL);
	b = mk("ab.c.", NULL);
	assert_false(name_equal(&a, &b));
	assert_int_not_equal(name_hash(&a), name_hash(&b));
	/* Folding is ASCII only. */
	a = mk("\\200.", NULL);
	b = mk("\\160.", NULL);
	assert_false(name_equal(&a, &b));
	a = mk("[.", NULL);
	b = mk("{.", NULL);
	assert_false(name_equal(&a, &b));
}

static void
test_subdomain_common(void **state) {
	name_t n = mk("a.b.Example.com.", NULL), p = mk("example.COM.", NULL);
	name_t r, x;
	name_init_root(&r);
	assert_true(name_issubdomain(&n, &p));
	assert_true(name_issubdomain(&p, &p));
	assert_true(name_issubdomain(&n, &r));
	assert_false(name_issubdomain(&p, &n));
	x = mk("xexample.com.", NULL);
	assert_false(name_issubdomain(&x, &p));
	x = mk("b\\.example.com.", NULL);
	assert_false(name_issubdomain(&x, &p));
	/* The parent's wire form hidden inside one label of x: the octets
	 * match but not on a label boundary. */
	x = mk("b\\007example.com.", NULL);
	assert_false(name_issubdomain(&x, &p));
	x = mk("q.b\\007example.com.", NULL);
	assert_false(name_issubdomain(&x, &p));

	assert_int_equal(name_common_labels(&n, &p), 3);
	assert_int_equal(name_common_labels(&n, &r), 1);
	x = mk("z.b.example.com.", NULL);
	assert_int_equal(name_common_labels(&n, &x), 4);
	x = mk("a.b.example.org.", NULL);
	assert_int_equal(name_common_labels(&n, &x), 1);
	assert_int_equal(name_common_labels(&n, &n), 5);
}

static void
test_suffix_concat(void **state) {
	name_t n = mk("a.b.example.", NULL), out, s, p;

	name_suffix(&n, 1, &out);
	assert_text(&out, ".");
	assert_consistent(&out);
	name_suffix(&n, 2, &out);
	assert_text(&out, "example.");
	assert_consistent(&out);
	name_suffix(&n, 4, &out);
	assert_text(&out, "a.b.example.");
	/* In place. */
	out = n;
	name_suffix(&out, 3, &out);
	assert_text(&out, "b.example.");
	assert_consistent(&out);

	p = mk("x.y.z.", NULL);
	s = mk("example.", NULL);
	assert_int_equal(name_concat(&out, &p, 2, &s), R_OK);
	assert_text(&out, "x.y.example.");
	assert_consistent(&out);
	assert_int_equal(name_concat(&out, &p, 0, &s), R_OK);
	assert_text(&out, "example.");
	assert_int_equal(name_concat(&out, &p, 3, &s), R_OK);
	assert_text(&out, "x.y.z.example.");
	/* out aliasing suffix. */
	assert_int_equal(name_concat(&s, &p, 1, &s), R_OK);
	assert_text(&s, "x.example.");
	assert_consistent(&s);

	/* Too long: 4 * 64 > 255.  Output untouched. */
	char t[300], l63[64];
	fill(l63, 'a', 63);
	snprintf(t, sizeof(t), "%s.%s.", l63, l63);
	p = mk(t, NULL);
	name_t big = mk(t, NULL);
	out = mk("keep.", NULL);
	assert_int_equal(name_concat(&out, &p, 2, &big), R_NAMETOOLONG);
	assert_text(&out, "keep.");
	assert_int_equal(name_concat(&out, &p, 1, &big), R_OK);
	assert_int_equal(out.length, 193);
	assert_consistent(&out);
}

static void
test_wildcard_downcase_copy(void **state) {
	name_t n = mk("*.Example.", NULL), c;
	assert_true(name_iswildcard(&n));
	n = mk("\\*.example.", NULL);
	assert_true(name_iswildcard(&n));
	n = mk("*a.example.", NULL);
	assert_false(name_iswildcard(&n));
	n = mk("a.*.example.", NULL);
	assert_false(name_iswildcard(&n));
	name_init_root(&n);
	assert_false(name_iswildcard(&n));

	n = mk("WwW.EXAMPLE.\\200Z.", NULL);
	name_downcase(&n);
	assert_text(&n, "www.example.\\200z.");
	name_copy(&c, &n);
	assert_int_equal(c.length, n.length);
	assert_int_equal(c.labels, n.labels);
	assert_memory_equal(c.wire, n.wire, n.length);
	assert_memory_equal(c.offsets, n.offsets, n.labels);
}

static void
test_hostname_mailbox(void **state) {
	/* Owner (wildcard allowed) / target (not) / SOA rname results
	 * from named-checkzone -k fail, relative to "example.". */
	static const struct {
		const char *name;
		bool owner, target, mailbox;
	} v[] = {
		{"a", true, true, true},
		{"-a", false, false, true},
		{"a-", false, false, true},
		{"a-b", true, true, true},
		{"1a", true, true, true},
		{"0", true, true, true},
		{"A-Z9", true, true, true},
		{"_a", false, false, true},
		{"a_b", false, false, true},
		{"*", true, false, true},
		{"*.a", true, false, true},
		{"\\*", true, false, true},
		{"a.*", false, false, false},
		{"*a", false, false, true},
		{"a*", false, false, true},
		{"-", false, false, true},
		{"*.-a", false, false, false},
		{"*.*", false, false, false},
		{"a.b-.c", false, false, false},
		{"a\\.b", false, false, true},
		{"x.\\-", false, false, false},
		{"a\\032b", false, false, false},
		{"a\\127", false, false, false},
		{"\\$", false, false, true},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		name_t n = mk(v[i].name, "example.");
		assert_int_equal(name_ishostname(&n, true), v[i].owner);
		assert_int_equal(name_ishostname(&n, false), v[i].target);
		assert_int_equal(name_ismailbox(&n), v[i].mailbox);
	}
	name_t r;
	name_init_root(&r);
	assert_true(name_ishostname(&r, false));
	assert_true(name_ismailbox(&r));
}

/*
 * Known answers from BIND itself (test/unit/data/name_bind.txt, made by
 * name_bind_gen.py there): random escaped names must print exactly as
 * named-compilezone prints them, sort in the order it dumps them, and get
 * named-checkzone's check-names verdicts (host names and RP mailboxes).
 */
#define BIND_MAXNAMES 1000

static int
cmp_names(const void *a, const void *b) {
	return name_compare(a, b);
}

static void
test_bind_vectors(void **state) {
	static name_t in[BIND_MAXNAMES];
	size_t nin = 0, nout = 0, nhost = 0, nmbox = 0;
	name_t org = mk("example.", NULL);
	char line[2048];
	FILE *f = fopen(NAME_VECTORS, "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t len = strcspn(line, "\n");
		char *text = line + 2, buf[NAME_MAXTEXT];
		name_t n;

		line[len] = '\0';
		if (line[0] == 'T') {
			bool dup = false;
			assert_int_equal(name_fromtext(&n, text, len - 2, &org),
					 R_OK);
			/* BIND keeps the case it saw first for a node. */
			for (size_t i = 0; i < nin && !dup; i++) {
				dup = name_equal(&in[i], &n);
			}
			if (!dup) {
				assert_true(nin < BIND_MAXNAMES);
				in[nin++] = n;
			}
		} else if (line[0] == 'S') {
			if (nout == 0) {
				qsort(in, nin, sizeof(in[0]), cmp_names);
			}
			assert_true(nout < nin);
			assert_int_equal(name_totext(&in[nout], NULL, false, buf,
						     sizeof(buf), NULL),
					 R_OK);
			assert_string_equal(buf, text);
			nout++;
		} else if (line[0] == 'H') {
			char *sp = strchr(text, ' ');
			assert_non_null(sp);
			assert_int_equal(name_fromtext(&n, text,
						       (size_t)(sp - text), &org),
					 R_OK);
			assert_int_equal(name_ishostname(&n, true), sp[1] == '1');
			assert_int_equal(name_ishostname(&n, false),
					 sp[3] == '1');
			nhost++;
		} else if (line[0] == 'M') {
			char *sp = strchr(text, ' ');
			assert_non_null(sp);
			assert_int_equal(name_fromtext(&n, text,
						       (size_t)(sp - text), &org),
					 R_OK);
			assert_int_equal(name_ismailbox(&n), sp[1] == '1');
			nmbox++;
		}
	}
	fclose(f);
	assert_int_equal(nout, nin);
	assert_true(nout > 500);
	assert_true(nhost > 500);
	assert_true(nmbox > 300);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_roundtrip),
		cmocka_unit_test(test_text_wire_bytes),
		cmocka_unit_test(test_text_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_totext_relative),
		cmocka_unit_test(test_totext_nospace),
		cmocka_unit_test(test_totext_rdata),
		cmocka_unit_test(test_fromwire_raw),
		cmocka_unit_test(test_fromwire_compressed),
		cmocka_unit_test(test_fromwire_badpointers),
		cmocka_unit_test(test_fromwire_toolong_via_pointers),
		cmocka_unit_test(test_canonical_order),
		cmocka_unit_test(test_equal_hash),
		cmocka_unit_test(test_subdomain_common),
		cmocka_unit_test(test_suffix_concat),
		cmocka_unit_test(test_wildcard_downcase_copy),
		cmocka_unit_test(test_hostname_mailbox),
		cmocka_unit_test(test_bind_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
