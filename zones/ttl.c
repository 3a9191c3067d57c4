/*
 * ttl.c - TTL text as BIND 9.18 reads it (see ttl.h).
 *
 * Accepted: a plain decimal number, or a run of <digits><unit> groups with
 * units w d h m s (either case), in any order and repeatable ("1h1h" is
 * 7200).  A bare number may only stand alone, or follow groups that summed
 * to zero ("0h30" is 30): BIND behaves that way, and master files written
 * for it depend on what it accepts, so we mirror it rather than tidy it.
 * Texts longer than 63 characters are rejected as BIND does.
 */
#include "zones/ttl.h"

#include <stdbool.h>

#define TTL_MAXTEXT 63

result_t
ttl_fromtext(const char *text, size_t len, uint32_t *ttl) {
	uint64_t total = 0;
	size_t i = 0;

	if (len == 0 || len > TTL_MAXTEXT) {
		return R_BADTTL;
	}
	while (i < len) {
		uint64_t n = 0, mult;
		size_t start = i;

		while (i < len && text[i] >= '0' && text[i] <= '9') {
			n = n * 10 + (uint64_t)(text[i] - '0');
			if (n > UINT32_MAX) {
				/* each number must fit 32 bits on its own */
				return R_BADTTL;
			}
			i++;
		}
		if (i == start) {
			return R_BADTTL;
		}
		if (i == len) {
			if (total != 0) {
				return R_BADTTL;
			}
			total = n;
			break;
		}
		switch (text[i]) {
		case 'w':
		case 'W':
			mult = 7 * 24 * 3600;
			break;
		case 'd':
		case 'D':
			mult = 24 * 3600;
			break;
		case 'h':
		case 'H':
			mult = 3600;
			break;
		case 'm':
		case 'M':
			mult = 60;
			break;
		case 's':
		case 'S':
			mult = 1;
			break;
		default:
			return R_BADTTL;
		}
		i++;
		total += n * mult; /* n < 2^32, mult < 2^20, sum stays < 2^64 */
		if (total > UINT32_MAX) {
			return R_RANGE;
		}
	}
	*ttl = (uint32_t)total;
	return R_OK;
}
