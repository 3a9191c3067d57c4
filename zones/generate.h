/*
 * generate.h - the text side of BIND's $GENERATE directive:
 *
 *   $GENERATE start-stop[/step] lhs [ttl] [class] type rhs
 *
 * The master reader parses the directive's fields and, for each value of
 * the iterator, asks this module to expand the lhs and rhs templates.
 * Template rules, as BIND 9.18 applies them:
 *   $            the iterator in decimal
 *   $$           a literal '$'
 *   \X           copied through unchanged (so "\$" reaches the name or
 *                rdata parser, which reads it as '$')
 *   ${off}       iterator + off (off a signed 32-bit number)
 *   ${off,width} ... zero-padded to width
 *   ${off,width,base}  base d, o, x, X, or n / N: the value's hex nibbles
 *                lowest first, each followed by '.', as for ip6.arpa
 *                names (width counts output characters, dots included)
 * Anything else after "${" is R_SYNTAX; a value outside the signed 32-bit
 * range is R_RANGE; one substitution longer than GENERATE_MAXPIECE - 1
 * characters (BIND's limit) or output beyond outmax is R_NOSPACE.
 */
#ifndef BINDERY_GENERATE_H
#define BINDERY_GENERATE_H

#include <stddef.h>
#include <stdint.h>

#include "zones/result.h"

#define GENERATE_MAXTEXT  4096 /* a comfortable output size for callers */
#define GENERATE_MAXPIECE 128

/*
 * Parses "start-stop[/step]".  BIND's limits: start <= stop, both below
 * 2^31, 1 <= step < 2^31.  R_RANGE (reported as "invalid range") else.
 */
result_t generate_range(const char *text, size_t len, uint32_t *start,
			uint32_t *stop, uint32_t *step);

/*
 * Expands template tmpl[0..len) for iterator value it into out (not
 * NUL-terminated) of capacity outmax, setting *outlen.
 */
result_t generate_expand(const char *tmpl, size_t len, uint32_t it, char *out,
			 size_t outmax, size_t *outlen);

#endif
