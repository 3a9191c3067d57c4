/*
 * name.c - absolute domain names: text and wire conversion, comparison in
 * DNSSEC canonical order, label arithmetic, hashing and the check-names
 * predicates.  The contract of every function is in name.h.
 *
 * Two things shape this file:
 *
 *   - name_fromtext() and name_compare() sit on the zone-load path, which
 *     runs a million times for a million-record zone.  So nothing here
 *     allocates, each input is scanned once, and case folding goes through
 *     a 256-byte table instead of tolower() (no locale, no branch).
 *
 *   - Everything that reads bytes from outside (wire data, text) is
 *     bounds-checked against both the input and the 255-octet limit before
 *     the byte is stored, and the result is built in a local name_t that
 *     is copied to the caller only on success (result.h: outputs are
 *     written only on success).
 */
#include "zones/name.h"

#include <assert.h>
#include <string.h>

/* ASCII-only case folding (RFC 4343): bytes >= 0x80 are left alone. */
static const uint8_t fold[256] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
	0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
	0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20,
	0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b,
	0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36,
	0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x61,
	0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c,
	0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62,
	0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d,
	0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78,
	0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83,
	0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e,
	0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
	0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4,
	0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba,
	0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5,
	0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0,
	0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb,
	0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6,
	0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1,
	0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc,
	0xfd, 0xfe, 0xff,
};

/*
 * How a label octet is written in text, as BIND 9.18 writes it:
 * PLAIN as is, BSLASH with a backslash in front (the characters that mean
 * something in a master file: " ( ) . ; \ @ $), DECIMAL as \DDD (anything
 * outside the printable range 0x21..0x7e).
 */
enum { OUT_PLAIN = 0, OUT_BSLASH = 1, OUT_DECIMAL = 2 };

static uint8_t
out_class(uint8_t c) {
	if (c < 0x21 || c > 0x7e) {
		return OUT_DECIMAL;
	}
	switch (c) {
	case '"':
	case '(':
	case ')':
	case '.':
	case ';':
	case '\\':
	case '@':
	case '$':
		return OUT_BSLASH;
	default:
		return OUT_PLAIN;
	}
}

void
name_init_root(name_t *n) {
	n->length = 1;
	n->labels = 1;
	n->offsets[0] = 0;
	n->wire[0] = 0;
}

void
name_copy(name_t *dst, const name_t *src) {
	if (dst == src) {
		return;
	}
	dst->length = src->length;
	dst->labels = src->labels;
	memcpy(dst->offsets, src->offsets, src->labels);
	memcpy(dst->wire, src->wire, src->length);
}

result_t
name_fromwire_raw(name_t *out, const uint8_t *wire, size_t len,
		  size_t *used) {
	name_t tmp;
	size_t pos = 0;
	unsigned nlabels = 0;

	for (;;) {
		uint8_t l;

		if (pos >= len) {
			return R_UNEXPECTEDEND;
		}
		l = wire[pos];
		if (l > NAME_MAXLABEL) {
			/* 0xC0 is a compression pointer, 0x40 and 0x80 are
			 * the obsolete extended label types: none may
			 * appear where a name is stored uncompressed. */
			return R_BADLABELTYPE;
		}
		if (pos + 1u + l > NAME_MAXWIRE) {
			return R_NAMETOOLONG;
		}
		if (len - pos < 1u + (size_t)l) {
			return R_UNEXPECTEDEND;
		}
		tmp.offsets[nlabels++] = (uint8_t)pos;
		memcpy(tmp.wire + pos, wire + pos, 1u + (size_t)l);
		pos += 1u + l;
		if (l == 0) {
			break;
		}
	}
	tmp.length = (uint8_t)pos;
	tmp.labels = (uint8_t)nlabels;
	name_copy(out, &tmp);
	if (used != NULL) {
		*used = pos;
	}
	return R_OK;
}

result_t
name_fromwire(name_t *out, const uint8_t *msg, size_t msglen, size_t *pos) {
	name_t tmp;
	size_t cur = *pos;
	/* Start of the run of labels being read; every pointer must aim
	 * strictly before it, so each jump lands earlier than the last and
	 * the walk ends even on hostile input. */
	size_t floor = cur;
	size_t after = 0; /* where *pos goes: set at the first pointer */
	bool jumped = false;
	unsigned wlen = 0, nlabels = 0;

	for (;;) {
		uint8_t l;

		if (cur >= msglen) {
			return R_UNEXPECTEDEND;
		}
		l = msg[cur];
		if ((l & 0xC0) == 0xC0) {
			size_t target;

			if (msglen - cur < 2) {
				return R_UNEXPECTEDEND;
			}
			target = ((size_t)(l & 0x3F) << 8) | msg[cur + 1];
			if (target >= floor) {
				return R_BADPOINTER;
			}
			if (!jumped) {
				after = cur + 2;
				jumped = true;
			}
			floor = target;
			cur = target;
			continue;
		}
		if (l > NAME_MAXLABEL) {
			return R_BADLABELTYPE;
		}
		if (wlen + 1u + l > NAME_MAXWIRE) {
			return R_NAMETOOLONG;
		}
		if (msglen - cur < 1u + (size_t)l) {
			return R_UNEXPECTEDEND;
		}
		tmp.offsets[nlabels++] = (uint8_t)wlen;
		memcpy(tmp.wire + wlen, msg + cur, 1u + (size_t)l);
		wlen += 1u + l;
		cur += 1u + l;
		if (l == 0) {
			break;
		}
	}
	tmp.length = (uint8_t)wlen;
	tmp.labels = (uint8_t)nlabels;
	name_copy(out, &tmp);
	*pos = jumped ? after : cur;
	return R_OK;
}

static bool
is_digit(char c) {
	return c >= '0' && c <= '9';
}

result_t
name_fromtext(name_t *out, const char *text, size_t len,
	      const name_t *origin) {
	name_t tmp;
	size_t i = 0;
	unsigned lenpos = 0; /* where the current label's length byte goes */
	unsigned wpos = 1;   /* next free octet in tmp.wire */
	unsigned count = 0;  /* octets in the current label */
	unsigned nlabels = 0;
	bool absolute = false;

	if (len == 0) {
		return R_UNEXPECTEDEND;
	}
	if (len == 1 && text[0] == '.') {
		name_init_root(out);
		return R_OK;
	}
	if (len == 1 && text[0] == '@') {
		/* BIND takes a lone "@" as the origin wherever a name is
		 * read, in rdata as well as for owners; "@." and "a.@" are
		 * ordinary labels. */
		if (origin == NULL) {
			return R_NOOWNER;
		}
		name_copy(out, origin);
		return R_OK;
	}

	while (i < len) {
		size_t run = i;
		char c;
		unsigned v;

		/* Most names are plain letters and digits: find the run up
		 * to the next dot or backslash and copy it in one go. */
		while (run < len && text[run] != '.' && text[run] != '\\') {
			run++;
		}
		if (run > i) {
			size_t n = run - i;
			if (count + n > NAME_MAXLABEL) {
				return R_LABELTOOLONG;
			}
			if (wpos + n > NAME_MAXWIRE) {
				return R_NAMETOOLONG;
			}
			memcpy(tmp.wire + wpos, text + i, n);
			wpos += (unsigned)n;
			count += (unsigned)n;
			i = run;
			if (i == len) {
				break;
			}
		}
		c = text[i++];
		if (c == '.') {
			if (count == 0) {
				return R_EMPTYLABEL;
			}
			tmp.wire[lenpos] = (uint8_t)count;
			tmp.offsets[nlabels++] = (uint8_t)lenpos;
			if (i == len) {
				absolute = true;
				break;
			}
			if (wpos >= NAME_MAXWIRE) {
				return R_NAMETOOLONG;
			}
			lenpos = wpos++;
			count = 0;
			continue;
		}
		if (c == '\\') {
			if (i == len) {
				return R_UNEXPECTEDEND;
			}
			c = text[i++];
			if (is_digit(c)) {
				v = (unsigned)(c - '0');
				for (int k = 0; k < 2; k++) {
					if (i == len) {
						return R_UNEXPECTEDEND;
					}
					c = text[i++];
					if (!is_digit(c)) {
						return R_BADESCAPE;
					}
					v = v * 10 + (unsigned)(c - '0');
				}
				if (v > 255) {
					return R_BADESCAPE;
				}
			} else {
				v = (uint8_t)c;
			}
		} else {
			v = (uint8_t)c;
		}
		if (count == NAME_MAXLABEL) {
			return R_LABELTOOLONG;
		}
		if (wpos >= NAME_MAXWIRE) {
			return R_NAMETOOLONG;
		}
		tmp.wire[wpos++] = (uint8_t)v;
		count++;
	}

	if (absolute) {
		/* The root label goes where the next length byte would. */
		if (wpos >= NAME_MAXWIRE) {
			return R_NAMETOOLONG;
		}
		tmp.wire[wpos] = 0;
		tmp.offsets[nlabels++] = (uint8_t)wpos;
		tmp.length = (uint8_t)(wpos + 1);
		tmp.labels = (uint8_t)nlabels;
		name_copy(out, &tmp);
		return R_OK;
	}

	/* Relative: close the last label and append the origin. */
	if (origin == NULL) {
		return R_NOOWNER;
	}
	tmp.wire[lenpos] = (uint8_t)count;
	tmp.offsets[nlabels++] = (uint8_t)lenpos;
	if (wpos + origin->length > NAME_MAXWIRE) {
		return R_NAMETOOLONG;
	}
	memcpy(tmp.wire + wpos, origin->wire, origin->length);
	for (unsigned k = 0; k < origin->labels; k++) {
		tmp.offsets[nlabels++] = (uint8_t)(wpos + origin->offsets[k]);
	}
	tmp.length = (uint8_t)(wpos + origin->length);
	tmp.labels = (uint8_t)nlabels;
	name_copy(out, &tmp);
	return R_OK;
}

/* Bounded output into the caller's buffer; `fail` sticks once set. */
typedef struct out {
	char *buf;
	size_t size;
	size_t len;
	bool fail;
} out_t;

static void
out_byte(out_t *o, char c) {
	/* Keep one byte for the NUL. */
	if (o->len + 1 >= o->size) {
		o->fail = true;
		return;
	}
	o->buf[o->len++] = c;
}

/* Writes labels [first, last) of n, each followed by a dot except the
 * last one written. */
static void
out_labels(out_t *o, const name_t *n, unsigned first, unsigned last) {
	for (unsigned i = first; i < last && !o->fail; i++) {
		const uint8_t *p = n->wire + n->offsets[i];
		uint8_t l = *p++;

		if (i != first) {
			out_byte(o, '.');
		}
		for (unsigned k = 0; k < l; k++) {
			uint8_t c = p[k];

			switch (out_class(c)) {
			case OUT_PLAIN:
				out_byte(o, (char)c);
				break;
			case OUT_BSLASH:
				out_byte(o, '\\');
				out_byte(o, (char)c);
				break;
			default:
				out_byte(o, '\\');
				out_byte(o, (char)('0' + c / 100));
				out_byte(o, (char)('0' + c / 10 % 10));
				out_byte(o, (char)('0' + c % 10));
				break;
			}
		}
	}
}

/*
 * Writes the first `prefix` labels of n relative (prefix > 0), or all of
 * n absolute (prefix == 0, with the final dot unless omit_final_dot), or
 * "@" (prefix < 0).
 */
static result_t
write_name(const name_t *n, int prefix, bool omit_final_dot, char *buf,
	   size_t bufsize, size_t *outlen) {
	out_t o = {buf, bufsize, 0, false};

	if (bufsize == 0) {
		return R_NOSPACE;
	}
	if (prefix < 0) {
		out_byte(&o, '@');
	} else if (prefix > 0) {
		out_labels(&o, n, 0, (unsigned)prefix);
	} else if (n->labels == 1) {
		out_byte(&o, '.');
	} else {
		out_labels(&o, n, 0, n->labels - 1u);
		if (!omit_final_dot) {
			out_byte(&o, '.');
		}
	}
	/* out_byte() always leaves room for the NUL. */
	buf[o.len] = '\0';
	if (o.fail) {
		return R_NOSPACE;
	}
	if (outlen != NULL) {
		*outlen = o.len;
	}
	return R_OK;
}

result_t
name_totext(const name_t *n, const name_t *origin, bool omit_final_dot,
	    char *buf, size_t bufsize, size_t *outlen) {
	int prefix = 0;

	if (origin != NULL && name_issubdomain(n, origin)) {
		prefix = n->labels == origin->labels
				 ? -1
				 : (int)(n->labels - origin->labels);
	}
	return write_name(n, prefix, omit_final_dot, buf, bufsize, outlen);
}

result_t
name_totext_rdata(const name_t *n, const name_t *origin, char *buf,
		  size_t bufsize, size_t *outlen) {
	int prefix = 0;

	/* BIND relativizes a name inside rdata only strictly below a
	 * non-root origin whose labels the name repeats in the very same
	 * case; otherwise the name is written in full. */
	if (origin != NULL && origin->labels > 1 &&
	    n->labels > origin->labels &&
	    n->length - origin->length ==
		    n->offsets[n->labels - origin->labels] &&
	    memcmp(n->wire + n->length - origin->length, origin->wire,
		   origin->length) == 0)
	{
		prefix = (int)(n->labels - origin->labels);
	}
	return write_name(n, prefix, false, buf, bufsize, outlen);
}

/* Case-insensitive equality of two byte runs. */
static bool
fold_equal(const uint8_t *a, const uint8_t *b, size_t n) {
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i] && fold[a[i]] != fold[b[i]]) {
			return false;
		}
	}
	return true;
}

bool
name_equal(const name_t *a, const name_t *b) {
	/* Length bytes are <= 63 and fold to themselves, and two names
	 * that agree octet for octet have their length bytes at the same
	 * places, so one folded comparison of the whole wire suffices. */
	if (a->length != b->length || a->labels != b->labels) {
		return false;
	}
	return fold_equal(a->wire, b->wire, a->length);
}

/* Canonical comparison of two labels (length byte first). */
static int
label_compare(const uint8_t *a, const uint8_t *b) {
	unsigned la = a[0], lb = b[0];
	unsigned m = la < lb ? la : lb;

	for (unsigned i = 1; i <= m; i++) {
		if (a[i] != b[i]) {
			int d = (int)fold[a[i]] - (int)fold[b[i]];
			if (d != 0) {
				return d;
			}
		}
	}
	return (int)la - (int)lb;
}

int
name_compare(const name_t *a, const name_t *b) {
	int i = (int)a->labels - 2, j = (int)b->labels - 2;

	/* From the label next to the root towards the left. */
	for (; i >= 0 && j >= 0; i--, j--) {
		int d = label_compare(a->wire + a->offsets[i],
				      b->wire + b->offsets[j]);
		if (d != 0) {
			return d;
		}
	}
	return (int)a->labels - (int)b->labels;
}

/* Fills offs[] with the label offsets of a stored wire name (root label
 * excluded) and returns how many there are.  Stops at NAME_MAXLABELS or
 * NAME_MAXWIRE so a corrupt name cannot run away. */
static int
wire_offsets(const uint8_t *w, uint8_t offs[NAME_MAXLABELS]) {
	unsigned pos = 0;
	int n = 0;

	while (w[pos] != 0 && w[pos] <= NAME_MAXLABEL && n < NAME_MAXLABELS) {
		offs[n++] = (uint8_t)pos;
		pos += 1u + w[pos];
		if (pos >= NAME_MAXWIRE) {
			break;
		}
	}
	return n;
}

int
name_wire_compare(const uint8_t *a, const uint8_t *b) {
	uint8_t oa[NAME_MAXLABELS], ob[NAME_MAXLABELS];
	int i, j, na, nb;

	if (a == b) {
		return 0;
	}
	na = wire_offsets(a, oa);
	nb = wire_offsets(b, ob);
	for (i = na - 1, j = nb - 1; i >= 0 && j >= 0; i--, j--) {
		int d = label_compare(a + oa[i], b + ob[j]);
		if (d != 0) {
			return d;
		}
	}
	return na - nb;
}

bool
name_issubdomain(const name_t *n, const name_t *parent) {
	unsigned start;

	if (n->labels < parent->labels || n->length < parent->length) {
		return false;
	}
	start = n->length - parent->length;
	/* The suffix must begin on a label boundary of n. */
	if (n->offsets[n->labels - parent->labels] != start) {
		return false;
	}
	return fold_equal(n->wire + start, parent->wire, parent->length);
}

unsigned
name_common_labels(const name_t *a, const name_t *b) {
	int i = (int)a->labels - 2, j = (int)b->labels - 2;
	unsigned common = 1; /* the root */

	for (; i >= 0 && j >= 0; i--, j--) {
		const uint8_t *la = a->wire + a->offsets[i];
		const uint8_t *lb = b->wire + b->offsets[j];
		if (la[0] != lb[0] || !fold_equal(la + 1, lb + 1, la[0])) {
			break;
		}
		common++;
	}
	return common;
}

void
name_suffix(const name_t *n, unsigned labels, name_t *out) {
	unsigned first, start;

	assert(labels >= 1 && labels <= n->labels);
	first = n->labels - labels;
	start = n->offsets[first];
	/* memmove and a forward offset loop make out == n safe. */
	memmove(out->wire, n->wire + start, n->length - start);
	for (unsigned i = 0; i < labels; i++) {
		out->offsets[i] = (uint8_t)(n->offsets[first + i] - start);
	}
	out->length = (uint8_t)(n->length - start);
	out->labels = (uint8_t)labels;
}

result_t
name_concat(name_t *out, const name_t *prefix, unsigned prefix_labels,
	    const name_t *suffix) {
	unsigned pbytes, slen = suffix->length, slabels = suffix->labels;

	assert(prefix_labels < prefix->labels);
	assert(out != prefix || prefix_labels == 0);
	pbytes = prefix->offsets[prefix_labels];
	if (pbytes + slen > NAME_MAXWIRE) {
		return R_NAMETOOLONG;
	}
	/* Move the suffix first: out may be the suffix itself.  Offsets
	 * are shifted from the top down for the same reason. */
	memmove(out->wire + pbytes, suffix->wire, slen);
	for (unsigned i = slabels; i-- > 0;) {
		out->offsets[prefix_labels + i] =
			(uint8_t)(suffix->offsets[i] + pbytes);
	}
	memcpy(out->wire, prefix->wire, pbytes);
	memcpy(out->offsets, prefix->offsets, prefix_labels);
	out->length = (uint8_t)(pbytes + slen);
	out->labels = (uint8_t)(prefix_labels + slabels);
	return R_OK;
}

bool
name_iswildcard(const name_t *n) {
	return n->length >= 2 && n->wire[0] == 1 && n->wire[1] == '*';
}

void
name_downcase(name_t *n) {
	for (unsigned i = 0; i < n->length; i++) {
		n->wire[i] = fold[n->wire[i]];
	}
}

uint32_t
name_hash(const name_t *n) {
	/* FNV-1a over the folded wire form: length bytes keep "a.bc" and
	 * "ab.c" apart, folding makes case variants collide on purpose. */
	uint32_t h = 2166136261u;

	for (unsigned i = 0; i < n->length; i++) {
		h ^= fold[n->wire[i]];
		h *= 16777619u;
	}
	return h;
}

static bool
is_alnum(uint8_t c) {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/*
 * RFC 952/1123 host-name labels as BIND checks them: letters, digits and
 * hyphens, first and last octet a letter or a digit.  Labels from offset
 * `pos` to the end of n.
 */
static bool
ldh_labels(const name_t *n, unsigned pos) {
	while (pos < n->length) {
		uint8_t l = n->wire[pos];
		const uint8_t *p = n->wire + pos + 1;

		for (unsigned k = 0; k < l; k++) {
			uint8_t c = p[k];
			if (k == 0 || k + 1 == l) {
				if (!is_alnum(c)) {
					return false;
				}
			} else if (!is_alnum(c) && c != '-') {
				return false;
			}
		}
		pos += 1u + l;
	}
	return true;
}

bool
name_ishostname(const name_t *n, bool wildcard) {
	unsigned pos = 0;

	if (wildcard && name_iswildcard(n)) {
		pos = 2;
	}
	return ldh_labels(n, pos);
}

bool
name_ismailbox(const name_t *n) {
	uint8_t l;

	if (n->labels == 1) {
		return true;
	}
	/* The local part (first label) may hold any printable octet. */
	l = n->wire[0];
	for (unsigned k = 1; k <= l; k++) {
		if (n->wire[k] < 0x21 || n->wire[k] > 0x7e) {
			return false;
		}
	}
	return ldh_labels(n, 1u + l);
}
