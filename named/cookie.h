/*
 * cookie.h - DNS COOKIE server cookies (RFC 7873, RFC 9018) as BIND 9.18's
 * named makes them with "cookie-algorithm siphash24" (its default).
 *
 * Layout of the 16-octet server cookie (RFC 9018 section 4):
 *   version (1 octet, 1) | reserved (3 octets, 0) | timestamp (4 octets,
 *   seconds since the epoch, network order) | hash (8 octets)
 * hash = SipHash-2-4 with the 16-octet cookie-secret as key, over
 *   client cookie (8) | version, reserved, timestamp (8) | client address
 *   (4 octets for IPv4, 16 for IPv6; the port is not included).
 * The full COOKIE option sent back is client cookie | server cookie, 24
 * octets.
 *
 * Contract
 *  - cookie_make() and cookie_check() never allocate after a thread's
 *    first call (each thread keeps one OpenSSL SipHash context) and never
 *    fail on any input: a client address of another family, or a secret
 *    that is not 16 octets, gives false / no cookie.
 *  - cookie_check() accepts what named accepts: exactly 24 octets,
 *    version 1, a timestamp no more than one hour old and no more than
 *    five minutes in the future (serial arithmetic, as named), and the
 *    hash named would have made with the secret for this address.
 */
#ifndef BINDERY_NAMED_COOKIE_H
#define BINDERY_NAMED_COOKIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "zones/result.h"

#define COOKIE_CLIENT_LEN 8
#define COOKIE_SERVER_LEN 16
#define COOKIE_FULL_LEN   (COOKIE_CLIENT_LEN + COOKIE_SERVER_LEN)
#define COOKIE_SECRET_LEN 16 /* siphash24 */

/*
 * Writes the 24-octet COOKIE option data (client cookie then our server
 * cookie) for a request from `peer` with client cookie `client` (8
 * octets), made at time `now`, into out.  R_RANGE if the secret is not
 * 16 octets or peer is neither IPv4 nor IPv6; R_FAILURE if OpenSSL fails
 * (out untouched then).
 */
result_t cookie_make(const uint8_t *secret, size_t secretlen,
                     const uint8_t client[COOKIE_CLIENT_LEN], uint32_t now,
                     const struct sockaddr *peer, uint8_t out[COOKIE_FULL_LEN]);

/*
 * True if cookie[0..len) (the request's whole COOKIE option) carries a
 * server cookie named would accept at time now from peer.
 */
bool cookie_check(const uint8_t *secret, size_t secretlen,
                  const uint8_t *cookie, size_t len, uint32_t now,
                  const struct sockaddr *peer);

/*
 * Fills out[0..len) from OpenSSL's random generator: the secret a
 * generation uses when named.conf sets no cookie-secret (named picks a
 * random one at start).  R_FAILURE if the generator fails.
 */
result_t cookie_secret_random(uint8_t *out, size_t len);

/*
 * A process-wide random 16-octet secret, made once on first use (for a
 * generation built without one).  Never NULL.
 */
const uint8_t *cookie_default_secret(void);

#endif
