/*
 * ttl.h - TTL and time-interval text as BIND's master files write them:
 * a plain number of seconds, or units 1w2d3h4m5s (case-insensitive, any
 * order BIND accepts), maximum 2^32-1.
 */
#ifndef BINDERY_TTL_H
#define BINDERY_TTL_H

#include <stddef.h>
#include <stdint.h>

#include "zones/result.h"

/* Parses text[0..len).  R_BADTTL for malformed text, R_RANGE for overflow. */
result_t ttl_fromtext(const char *text, size_t len, uint32_t *ttl);

#endif
