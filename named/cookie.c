/*
 * cookie.c - server cookies as named 9.18 makes them (see cookie.h).
 *
 * SipHash-2-4 comes from OpenSSL 3 (EVP_MAC "SIPHASH", output size 8), as
 * DESIGN.md decision 6 asks.  Fetching the algorithm and making a context
 * allocate, so each thread does that once and keeps the context in
 * thread-local storage; a pthread key frees it when the thread exits.
 * EVP_MAC_init() with a key on an existing context only rekeys it.
 */
#include "named/cookie.h"

#include <netinet/in.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <string.h>

#define COOKIE_VERSION 1
/* Window named accepts a server cookie's timestamp in. */
#define COOKIE_MAX_AGE    3600
#define COOKIE_MAX_FUTURE 300

static pthread_key_t cookie_key;
static pthread_once_t cookie_key_once = PTHREAD_ONCE_INIT;
static _Thread_local EVP_MAC_CTX *cookie_ctx;
/* The key this thread's context holds (rekeying and setting the output
 * size cost more than the hash itself: done only when the secret
 * changes). */
static _Thread_local uint8_t cookie_ctx_key[COOKIE_SECRET_LEN];
static _Thread_local bool cookie_ctx_keyed;

static void
ctx_free(void *p) {
	EVP_MAC_CTX_free(p);
}

static void
key_init(void) {
	(void)pthread_key_create(&cookie_key, ctx_free);
}

/* This thread's SipHash context, made on first use; NULL if OpenSSL
 * cannot make one. */
static EVP_MAC_CTX *
thread_ctx(void) {
	EVP_MAC *mac;

	if (cookie_ctx != NULL) {
		return cookie_ctx;
	}
	(void)pthread_once(&cookie_key_once, key_init);
	mac = EVP_MAC_fetch(NULL, "SIPHASH", NULL);
	if (mac == NULL) {
		return NULL;
	}
	cookie_ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	if (cookie_ctx != NULL) {
		(void)pthread_setspecific(cookie_key, cookie_ctx);
	}
	return cookie_ctx;
}

/* The client address as named hashes it: its raw octets, no port. */
static size_t
peer_octets(const struct sockaddr *peer, uint8_t out[16]) {
	if (peer == NULL) {
		return 0;
	}
	if (peer->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)peer;
		memcpy(out, &sin->sin_addr, 4);
		return 4;
	}
	if (peer->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)peer;
		memcpy(out, &sin6->sin6_addr, 16);
		return 16;
	}
	return 0;
}

/* hash = SipHash-2-4(secret, input[0..len)) into out[0..8). */
static result_t
siphash(const uint8_t *secret, const uint8_t *input, size_t len,
        uint8_t out[8]) {
	EVP_MAC_CTX *ctx = thread_ctx();
	size_t size = 8, outlen = 0;
	OSSL_PARAM params[2];

	if (ctx == NULL) {
		return R_FAILURE;
	}
	if (cookie_ctx_keyed &&
	    CRYPTO_memcmp(cookie_ctx_key, secret, COOKIE_SECRET_LEN) == 0)
	{
		/* Same key: restart the MAC with it. */
		if (EVP_MAC_init(ctx, NULL, 0, NULL) != 1) {
			cookie_ctx_keyed = false;
			return R_FAILURE;
		}
	} else {
		params[0] =
		        OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size);
		params[1] = OSSL_PARAM_construct_end();
		cookie_ctx_keyed = false;
		if (EVP_MAC_init(ctx, secret, COOKIE_SECRET_LEN, params) != 1) {
			return R_FAILURE;
		}
		memcpy(cookie_ctx_key, secret, COOKIE_SECRET_LEN);
		cookie_ctx_keyed = true;
	}
	if (EVP_MAC_update(ctx, input, len) != 1 ||
	    EVP_MAC_final(ctx, out, &outlen, 8) != 1 || outlen != 8)
	{
		return R_FAILURE;
	}
	return R_OK;
}

/* Server cookie for (client, time, peer) into out[0..16). */
static result_t
server_cookie(const uint8_t *secret, const uint8_t *client, uint32_t when,
              const struct sockaddr *peer, uint8_t out[COOKIE_SERVER_LEN]) {
	uint8_t input[COOKIE_CLIENT_LEN + 8 + 16];
	uint8_t addr[16];
	size_t alen = peer_octets(peer, addr);

	if (alen == 0) {
		return R_RANGE;
	}
	memcpy(input, client, COOKIE_CLIENT_LEN);
	input[8] = COOKIE_VERSION;
	input[9] = input[10] = input[11] = 0;
	input[12] = (uint8_t)(when >> 24);
	input[13] = (uint8_t)(when >> 16);
	input[14] = (uint8_t)(when >> 8);
	input[15] = (uint8_t)when;
	memcpy(input + 16, addr, alen);
	if (siphash(secret, input, 16 + alen, out + 8) != R_OK) {
		return R_FAILURE;
	}
	memcpy(out, input + 8, 8);
	return R_OK;
}

result_t
cookie_make(const uint8_t *secret, size_t secretlen,
            const uint8_t client[COOKIE_CLIENT_LEN], uint32_t now,
            const struct sockaddr *peer, uint8_t out[COOKIE_FULL_LEN]) {
	uint8_t sc[COOKIE_SERVER_LEN];
	result_t r;

	if (secretlen != COOKIE_SECRET_LEN) {
		return R_RANGE;
	}
	r = server_cookie(secret, client, now, peer, sc);
	if (r != R_OK) {
		return r;
	}
	memcpy(out, client, COOKIE_CLIENT_LEN);
	memcpy(out + COOKIE_CLIENT_LEN, sc, COOKIE_SERVER_LEN);
	return R_OK;
}

/* a > b in RFC 1982 serial arithmetic (32 bits), as named compares times. */
static bool
serial_gt(uint32_t a, uint32_t b) {
	return a != b && (int32_t)(a - b) > 0;
}

bool
cookie_check(const uint8_t *secret, size_t secretlen, const uint8_t *cookie,
             size_t len, uint32_t now, const struct sockaddr *peer) {
	uint8_t sc[COOKIE_SERVER_LEN];
	uint32_t when;

	if (secretlen != COOKIE_SECRET_LEN || cookie == NULL ||
	    len != COOKIE_FULL_LEN) {
		return false;
	}
	if (cookie[8] != COOKIE_VERSION || cookie[9] != 0 || cookie[10] != 0 ||
	    cookie[11] != 0)
	{
		return false;
	}
	when = ((uint32_t)cookie[12] << 24) | ((uint32_t)cookie[13] << 16) |
	       ((uint32_t)cookie[14] << 8) | cookie[15];
	if (serial_gt(when, now + COOKIE_MAX_FUTURE) ||
	    serial_gt(now - COOKIE_MAX_AGE, when))
	{
		return false;
	}
	if (server_cookie(secret, cookie, when, peer, sc) != R_OK) {
		return false;
	}
	return CRYPTO_memcmp(sc, cookie + COOKIE_CLIENT_LEN,
	                     COOKIE_SERVER_LEN) == 0;
}

result_t
cookie_secret_random(uint8_t *out, size_t len) {
	if (len > 0 && RAND_bytes(out, (int)len) != 1) {
		return R_FAILURE;
	}
	return R_OK;
}

static uint8_t default_secret[COOKIE_SECRET_LEN];
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void
default_init(void) {
	if (cookie_secret_random(default_secret, sizeof(default_secret)) !=
	    R_OK) {
		/* No randomness at all: a fixed key would let anyone forge
		 * cookies, but cookies only lift rate limits we do not have
		 * yet; make it at least differ per process. */
		uintptr_t p = (uintptr_t)&default_secret;
		memcpy(default_secret, &p, sizeof(p));
	}
}

const uint8_t *
cookie_default_secret(void) {
	(void)pthread_once(&default_once, default_init);
	return default_secret;
}
