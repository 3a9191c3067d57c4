/*
 * check_kasp.c - dnssec-policy statements: unique names that are not the
 * built-in ones, NSEC3 parameters within BIND 9.18's limits, and every
 * algorithm used with both the KSK and ZSK roles (a CSK has both).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/check_int.h"

static const struct {
	const char *name;
	unsigned number;
} algs[] = {
        {"rsamd5", 1},           {"dh", 2},         {"dsa", 3},
        {"rsasha1", 5},          {"nsec3dsa", 6},   {"nsec3rsasha1", 7},
        {"rsasha256", 8},        {"rsasha512", 10}, {"ecdsap256sha256", 13},
        {"ecdsap384sha384", 14}, {"ed25519", 15},   {"ed448", 16},
};

static bool
alg_number(const char *text, unsigned *out) {
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		if (strcasecmp(text, algs[i].name) == 0) {
			*out = algs[i].number;
			return true;
		}
	}
	char *end;
	unsigned long v = strtoul(text, &end, 10);
	if (end != text && *end == '\0' && v <= 255) {
		*out = (unsigned)v;
		return true;
	}
	return false;
}

static uint32_t
kasp_duration(const conf_block_t *b, const char *name, uint32_t def) {
	const conf_stmt_t *s = conf_block_find(b, name);
	const conf_value_t *v = s != NULL ? conf_stmt_arg(s, 0) : NULL;
	uint32_t d;
	if (v != NULL && conf_value_duration(v, &d) == R_OK) {
		return d;
	}
	return def;
}

/* Key length and lifetime of one "ksk|zsk|csk ... algorithm A [len]". */
static void
check_kasp_key(check_ctx_t *ctx, const conf_stmt_t *k, const char *algtext,
               unsigned alg, uint32_t rollover) {
	/* the optional length is the word after the algorithm */
	const char *len = NULL;
	for (size_t i = 0; i + 1 < conf_stmt_nargs(k); i++) {
		const char *w = check_arg(k, i);
		if (w != NULL && strcasecmp(w, "algorithm") == 0) {
			len = check_arg(k, i + 2);
			break;
		}
	}
	if (len != NULL) {
		unsigned long bits = strtoul(len, NULL, 10);
		bool rsa = alg == 5 || alg == 7 || alg == 8 || alg == 10;
		if (rsa && (bits < 1024 || bits > 4096)) {
			check_error(ctx, &k->loc,
			            "dnssec-policy: key with algorithm %s has "
			            "invalid key length %lu",
			            algtext, bits);
		} else if (!rsa &&
		           (alg == 13 || alg == 14 || alg == 15 || alg == 16)) {
			check_warning(
			        ctx, &k->loc,
			        "dnssec-policy: key algorithm %s has "
			        "predefined length; ignoring length value "
			        "%lu",
			        algtext, bits);
		}
	}
	const conf_value_t *lv = conf_stmt_keyword(k, "lifetime");
	uint32_t life;
	if (lv == NULL || conf_value_is(lv, "unlimited") ||
	    conf_value_duration(lv, &life) != R_OK || life == 0)
	{
		return;
	}
	if (life < 30 * 86400) {
		check_warning(ctx, &k->loc,
		              "dnssec-policy: key lifetime is shorter than 30 "
		              "days");
	}
	if (life < rollover) {
		check_error(ctx, &k->loc,
		            "dnssec-policy: key lifetime is shorter than the "
		            "time it takes to do a rollover");
	}
}

/* Key roles per algorithm: bit 0 KSK, bit 1 ZSK; counts for duplicates. */
static void
check_kasp_keys(check_ctx_t *ctx, const conf_stmt_t *pol,
                const conf_block_t *keys, uint32_t rollover, bool nsec3) {
	/* errors point at the keys statement, as BIND's do */
	if (keys->owner != NULL) {
		pol = keys->owner;
	}
	unsigned ksk[256] = {0}, zsk[256] = {0};
	bool used[256] = {false};

	for (const conf_stmt_t *k = keys->first; k != NULL; k = k->next) {
		const conf_value_t *av = conf_stmt_keyword(k, "algorithm");
		unsigned a;
		if (k->name == NULL || av == NULL || av->kind == CONF_V_BLOCK ||
		    !alg_number(av->text, &a))
		{
			continue;
		}
		if (!used[a] && (a == 5 || a == 7)) {
			check_warning(ctx, &k->loc,
			              "dnssec-policy: DNSSEC algorithm %s is "
			              "deprecated",
			              av->text);
		}
		check_kasp_key(ctx, k, av->text, a, rollover);
		if (nsec3 && !used[a] && (a == 1 || a == 3 || a == 5)) {
			static const char *const names[] = {
			        [1] = "RSAMD5", [3] = "DSA", [5] = "RSASHA1"};
			check_error(ctx, &k->loc,
			            "dnssec-policy: cannot use nsec3 with "
			            "algorithm '%s'",
			            names[a]);
		}
		used[a] = true;
		if (strcasecmp(k->name, "ksk") == 0 ||
		    strcasecmp(k->name, "csk") == 0) {
			ksk[a]++;
		}
		if (strcasecmp(k->name, "zsk") == 0 ||
		    strcasecmp(k->name, "csk") == 0) {
			zsk[a]++;
		}
	}
	for (unsigned a = 0; a < 256; a++) {
		if (!used[a]) {
			continue;
		}
		if (ksk[a] == 0 || zsk[a] == 0) {
			check_error(ctx, &pol->loc,
			            "dnssec-policy: algorithm %u requires both "
			            "KSK and ZSK roles",
			            a);
		}
	}
}

static void
check_kasp(check_ctx_t *ctx, const conf_stmt_t *s) {
	const conf_block_t *b = conf_stmt_block(s);
	const conf_stmt_t *n3 = conf_block_find(b, "nsec3param");
	if (n3 != NULL) {
		const conf_value_t *it = conf_stmt_keyword(n3, "iterations");
		const conf_value_t *sl = conf_stmt_keyword(n3, "salt-length");
		uint64_t v;
		if (it != NULL && conf_value_uint(it, &v) == R_OK && v > 150) {
			check_error(ctx, &n3->loc,
			            "dnssec-policy: nsec3 iterations value "
			            "%llu out of range",
			            (unsigned long long)v);
		}
		if (sl != NULL && conf_value_uint(sl, &v) == R_OK && v > 255) {
			check_error(ctx, &n3->loc,
			            "dnssec-policy: nsec3 salt length %llu too "
			            "high",
			            (unsigned long long)v);
		}
	}
	/* The time a rollover needs (publication plus retirement, with
	 * BIND's defaults): a key must live at least that long. */
	uint32_t rollover = kasp_duration(b, "dnskey-ttl", 3600) +
	                    kasp_duration(b, "publish-safety", 3600) +
	                    kasp_duration(b, "retire-safety", 3600) +
	                    kasp_duration(b, "zone-propagation-delay", 300) +
	                    kasp_duration(b, "max-zone-ttl", 86400);
	const conf_block_t *keys = conf_block_findblock(b, "keys");
	if (keys != NULL) {
		check_kasp_keys(ctx, s, keys, rollover, n3 != NULL);
	}
	uint32_t refresh = kasp_duration(b, "signatures-refresh", 5 * 86400);
	static const char *const vals[] = {"signatures-validity",
	                                   "signatures-validity-dnskey"};
	for (size_t i = 0; i < 2; i++) {
		uint32_t v = kasp_duration(b, vals[i], 14 * 86400);
		if ((uint64_t)refresh * 10 >= (uint64_t)v * 9) {
			check_error(ctx, &s->loc,
			            "dnssec-policy: policy '%s' "
			            "signatures-refresh must be at most 90%% "
			            "of the %s",
			            check_arg(s, 0), vals[i]);
		}
	}
}

void
check_kasps(check_ctx_t *ctx) {
	for (const conf_stmt_t *s = check_top(ctx, "dnssec-policy"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const char *n = check_arg(s, 0);
		if (n == NULL) {
			continue;
		}
		if (strcasecmp(n, "default") == 0 ||
		    strcasecmp(n, "none") == 0 ||
		    strcasecmp(n, "insecure") == 0)
		{
			check_error(ctx, &s->loc,
			            "dnssec-policy name may not be 'insecure', "
			            "'none', or 'default' (which are built-in "
			            "policies)");
			continue;
		}
		bool dup = false;
		for (const conf_stmt_t *p = check_top(ctx, "dnssec-policy");
		     p != s; p = conf_stmt_findnext(p))
		{
			const char *pn = check_arg(p, 0);
			if (pn != NULL && strcmp(pn, n) == 0) {
				check_error(ctx, &s->loc,
				            "dnssec-policy: duplicately named "
				            "policy found '%s'",
				            n);
				dup = true;
				break;
			}
		}
		if (!dup) {
			check_kasp(ctx, s);
		}
	}
}
