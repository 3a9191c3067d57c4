/*
 * generate.c - $GENERATE range parsing and template expansion (see
 * generate.h).  Checked against named-compilezone -D output.
 */
#include "zones/generate.h"

#include <stdbool.h>
#include <stdio.h>

/* Reads an unsigned decimal (optional '+') below 2^31 at text[*i]. */
static bool
range_number(const char *text, size_t len, size_t *i, uint32_t *v) {
	uint64_t n = 0;
	size_t start;

	if (*i < len && text[*i] == '+') {
		(*i)++;
	}
	start = *i;
	while (*i < len && text[*i] >= '0' && text[*i] <= '9') {
		n = n * 10 + (uint64_t)(text[*i] - '0');
		if (n > INT32_MAX) {
			return false;
		}
		(*i)++;
	}
	if (*i == start) {
		return false;
	}
	*v = (uint32_t)n;
	return true;
}

result_t
generate_range(const char *text, size_t len, uint32_t *start, uint32_t *stop,
	       uint32_t *step) {
	size_t i = 0;
	uint32_t a, b, s = 1;

	if (!range_number(text, len, &i, &a) || i >= len || text[i] != '-') {
		return R_RANGE;
	}
	i++;
	if (!range_number(text, len, &i, &b)) {
		return R_RANGE;
	}
	if (i < len) {
		if (text[i] != '/') {
			return R_RANGE;
		}
		i++;
		if (!range_number(text, len, &i, &s) || i != len) {
			return R_RANGE;
		}
	}
	if (a > b || s == 0) {
		return R_RANGE;
	}
	*start = a;
	*stop = b;
	*step = s;
	return R_OK;
}

/*
 * Signed decimal as C's %d reads it into an int: the digits are taken as
 * a long (clamped) and then cut to 32 bits.  BIND relies on that, so
 * ${4294967295} means an offset of -1; we reproduce it.
 */
static bool
mod_int(const char *t, size_t len, size_t *i, int32_t *v) {
	bool neg = false;
	uint64_t n = 0;
	size_t start;

	if (*i < len && (t[*i] == '-' || t[*i] == '+')) {
		neg = t[*i] == '-';
		(*i)++;
	}
	start = *i;
	while (*i < len && t[*i] >= '0' && t[*i] <= '9') {
		if (n <= (uint64_t)INT64_MAX) {
			n = n * 10 + (uint64_t)(t[*i] - '0');
		}
		(*i)++;
	}
	if (*i == start) {
		return false;
	}
	int64_t s;
	if (neg) {
		s = n > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)n;
	} else {
		s = n > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)n;
	}
	*v = (int32_t)(uint32_t)(uint64_t)s;
	return true;
}

static bool
mod_uint(const char *t, size_t len, size_t *i, uint32_t *v) {
	uint64_t n = 0;
	size_t start = *i;

	while (*i < len && t[*i] >= '0' && t[*i] <= '9') {
		n = n * 10 + (uint64_t)(t[*i] - '0');
		if (n > UINT32_MAX) {
			return false;
		}
		(*i)++;
	}
	if (*i == start) {
		return false;
	}
	*v = (uint32_t)n;
	return true;
}

/* Appends value v in the ip6.arpa nibble form (see generate.h). */
static result_t
put_nibbles(char *out, size_t outmax, size_t *o, uint32_t v, int64_t width,
	    bool upper) {
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	do {
		if (*o + 2 > outmax) {
			return R_NOSPACE;
		}
		out[(*o)++] = digits[v & 0xf];
		width--;
		v >>= 4;
		if (v != 0 || width > 0) {
			out[(*o)++] = '.';
			width--;
		}
	} while (v != 0 || width > 0);
	return R_OK;
}

/* Expands one "${...}" (i at the '{'); *i ends past the '}'. */
static result_t
expand_modifier(const char *t, size_t len, size_t *i, uint32_t it, char *out,
		size_t outmax, size_t *o) {
	int32_t offset = 0;
	uint32_t width = 0;
	char base = 'd';
	size_t p = *i + 1;

	if (!mod_int(t, len, &p, &offset)) {
		return R_SYNTAX;
	}
	if (p < len && t[p] == ',') {
		p++;
		if (!mod_uint(t, len, &p, &width)) {
			return R_SYNTAX;
		}
		if (p < len && t[p] == ',') {
			p++;
			if (p >= len) {
				return R_SYNTAX;
			}
			base = t[p++];
			switch (base) {
			case 'd':
			case 'o':
			case 'x':
			case 'X':
			case 'n':
			case 'N':
				break;
			default:
				return R_SYNTAX;
			}
		}
	}
	if (p >= len || t[p] != '}') {
		return R_SYNTAX;
	}
	*i = p + 1;

	int64_t value = (int64_t)it + offset;
	if (value > INT32_MAX || value < INT32_MIN) {
		return R_RANGE;
	}
	if (width >= GENERATE_MAXPIECE) {
		return R_NOSPACE;
	}
	if (base == 'n' || base == 'N') {
		/* at most 8 nibbles and dots beyond the width: fits */
		return put_nibbles(out, outmax, o, (uint32_t)(int32_t)value,
				   width, base == 'N');
	}
	char tmp[GENERATE_MAXPIECE + 32];
	int n;
	switch (base) {
	case 'o':
		n = snprintf(tmp, sizeof(tmp), "%0*o", (int)width,
			     (unsigned)(int32_t)value);
		break;
	case 'x':
		n = snprintf(tmp, sizeof(tmp), "%0*x", (int)width,
			     (unsigned)(int32_t)value);
		break;
	case 'X':
		n = snprintf(tmp, sizeof(tmp), "%0*X", (int)width,
			     (unsigned)(int32_t)value);
		break;
	default:
		n = snprintf(tmp, sizeof(tmp), "%0*d", (int)width,
			     (int)value);
		break;
	}
	if (n < 0 || n >= GENERATE_MAXPIECE || (size_t)n > outmax - *o) {
		return R_NOSPACE;
	}
	for (int k = 0; k < n; k++) {
		out[(*o)++] = tmp[k];
	}
	return R_OK;
}

result_t
generate_expand(const char *tmpl, size_t len, uint32_t it, char *out,
		size_t outmax, size_t *outlen) {
	size_t i = 0, o = 0;
	result_t r;

	while (i < len) {
		char c = tmpl[i];
		if (c == '\\') {
			size_t n = i + 1 < len ? 2 : 1;
			if (o + n > outmax) {
				return R_NOSPACE;
			}
			out[o++] = tmpl[i++];
			if (n == 2) {
				out[o++] = tmpl[i++];
			}
			continue;
		}
		if (c != '$') {
			if (o >= outmax) {
				return R_NOSPACE;
			}
			out[o++] = c;
			i++;
			continue;
		}
		if (i + 1 < len && tmpl[i + 1] == '$') {
			if (o >= outmax) {
				return R_NOSPACE;
			}
			out[o++] = '$';
			i += 2;
			continue;
		}
		if (i + 1 < len && tmpl[i + 1] == '{') {
			i++;
			r = expand_modifier(tmpl, len, &i, it, out, outmax, &o);
			if (r != R_OK) {
				return r;
			}
			continue;
		}
		r = expand_modifier("{0}", 3, &(size_t){0}, it, out, outmax,
				    &o);
		if (r != R_OK) {
			return r;
		}
		i++;
	}
	*outlen = o;
	return R_OK;
}
