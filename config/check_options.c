/*
 * check_options.c - checks on options, view and zone level clauses that
 * the clause table cannot express: numeric ranges BIND enforces after
 * parsing, option combinations (dnstap, cookie secrets, check-names),
 * rate-limit, dns64 prefixes, source ports, DoH/DoT references; plus the
 * top-level named blocks that must be unique (tls, http, dnssec-policy).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "config/check_int.h"

static bool
get_uint(const conf_stmt_t *s, size_t i, uint64_t *out) {
	const conf_value_t *v = check_argv(s, i);
	return v != NULL && conf_value_uint(v, out) == R_OK;
}

static bool
get_duration(const conf_stmt_t *s, uint32_t *out) {
	const conf_value_t *v = check_argv(s, 0);
	return v != NULL && conf_value_duration(v, out) == R_OK;
}

/* "name 'N' is out of range (lo..hi)" for a plain integer clause. */
static void
range_check(check_ctx_t *ctx, const conf_block_t *blk, const char *name,
            uint64_t lo, uint64_t hi) {
	const conf_stmt_t *s = conf_block_find(blk, name);
	uint64_t v;
	if (s != NULL && get_uint(s, 0, &v) && (v < lo || v > hi)) {
		check_error(ctx, &s->loc,
		            "%s '%llu' is out of range (%llu..%llu)", name,
		            (unsigned long long)v, (unsigned long long)lo,
		            (unsigned long long)hi);
	}
}

static void
check_rate_limit(check_ctx_t *ctx, const conf_block_t *rl) {
	static const char *const rates[] = {
	        "responses-per-second", "referrals-per-second",
	        "nodata-per-second",    "nxdomains-per-second",
	        "errors-per-second",    "all-per-second"};
	uint64_t v, min = 500, max = 0;
	const conf_stmt_t *s;

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		s = conf_block_find(rl, rates[i]);
		if (s != NULL && get_uint(s, 0, &v) && v > 1000) {
			check_error(ctx, &s->loc, "%s %llu > 1000", rates[i],
			            (unsigned long long)v);
		}
	}
	s = conf_block_find(rl, "window");
	if (s != NULL && get_uint(s, 0, &v) && (v < 1 || v > 3600)) {
		check_error(ctx, &s->loc, "window %llu < 1 or > 3600",
		            (unsigned long long)v);
	}
	s = conf_block_find(rl, "slip");
	if (s != NULL && get_uint(s, 0, &v) && v > 10) {
		check_error(ctx, &s->loc, "slip %llu > 10",
		            (unsigned long long)v);
	}
	s = conf_block_find(rl, "qps-scale");
	if (s != NULL && get_uint(s, 0, &v) && v < 1) {
		check_error(ctx, &s->loc, "invalid 'qps-scale %llu'",
		            (unsigned long long)v);
	}
	s = conf_block_find(rl, "ipv4-prefix-length");
	if (s != NULL && get_uint(s, 0, &v) && (v < 8 || v > 32)) {
		check_error(ctx, &s->loc, "invalid 'ipv4-prefix-length %llu'",
		            (unsigned long long)v);
	}
	s = conf_block_find(rl, "ipv6-prefix-length");
	if (s != NULL && get_uint(s, 0, &v) && (v < 16 || v > 64)) {
		check_error(ctx, &s->loc,
		            "ipv6-prefix-length %llu < 16 or > 64",
		            (unsigned long long)v);
	}
	s = conf_block_find(rl, "min-table-size");
	if (s != NULL) {
		(void)get_uint(s, 0, &min);
	}
	s = conf_block_find(rl, "max-table-size");
	if (s != NULL && get_uint(s, 0, &max) && max < min) {
		check_error(ctx, &s->loc,
		            "max-table-size %llu < min-table-size %llu",
		            (unsigned long long)max, (unsigned long long)min);
	}
}

static void
check_dns64(check_ctx_t *ctx, const conf_block_t *blk) {
	for (const conf_stmt_t *s = conf_block_find(blk, "dns64"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		conf_addr_t p;
		const conf_value_t *pv = check_argv(s, 0);
		char buf[INET6_ADDRSTRLEN];
		if (pv == NULL || conf_value_prefix(pv, &p) != R_OK) {
			continue;
		}
		inet_ntop(p.family, p.addr, buf, sizeof(buf));
		if (p.family != AF_INET6) {
			check_error(ctx, &s->loc,
			            "dns64 prefix %s/%u must be IPv6", buf,
			            p.prefixlen);
			continue;
		}
		unsigned l = p.prefixlen;
		if (l != 32 && l != 40 && l != 48 && l != 56 && l != 64 &&
		    l != 96) {
			check_error(ctx, &s->loc,
			            "dns64 prefix %s/%u length is not "
			            "32/40/48/56/64/96",
			            buf, l);
			continue;
		}
		if (p.addr[8] != 0) {
			check_error(ctx, &s->loc,
			            "dns64 prefix %s/%u bits [64..71] must be "
			            "zero",
			            buf, l);
		}
		const conf_stmt_t *suf =
		        conf_block_find(conf_stmt_block(s), "suffix");
		conf_addr_t sa;
		if (suf != NULL && check_argv(suf, 0) != NULL &&
		    conf_value_address(check_argv(suf, 0), &sa) == R_OK &&
		    sa.family == AF_INET6)
		{
			/* The prefix, the embedded IPv4 address and (below
			 * /96) the reserved octet 8 must all be zero. */
			unsigned nz = l / 8 + 4 + (l < 96 ? 1 : 0);
			for (unsigned i = 0; i < nz; i++) {
				if (sa.addr[i] != 0) {
					inet_ntop(AF_INET6, sa.addr, buf,
					          sizeof(buf));
					check_error(ctx, &suf->loc,
					            "bad suffix '%s' leading "
					            "%u octets not zeros",
					            buf, nz);
					break;
				}
			}
		}
	}
}

static unsigned
hex_digits(const char *s, bool *ok) {
	unsigned n = 0;
	*ok = true;
	for (; *s != '\0'; s++) {
		if (!isxdigit((unsigned char)*s)) {
			*ok = false;
		}
		n++;
	}
	return n;
}

static void
check_cookie(check_ctx_t *ctx, const conf_block_t *blk) {
	const conf_stmt_t *alg = conf_block_find(blk, "cookie-algorithm");
	const char *an = check_arg(alg, 0);
	for (const conf_stmt_t *s = conf_block_find(blk, "cookie-secret");
	     s != NULL; s = conf_stmt_findnext(s))
	{
		const char *sec = check_arg(s, 0);
		bool ok;
		if (sec == NULL) {
			continue;
		}
		unsigned n = hex_digits(sec, &ok);
		if (!ok || n % 2 != 0) {
			check_error(ctx, &s->loc,
			            "cookie-secret: invalid hex string");
			continue;
		}
		if (n != 32) {
			bool aes = an != NULL && strcasecmp(an, "aes") == 0;
			check_error(ctx, &s->loc,
			            "%s cookie-secret must be 128 bits",
			            aes ? "AES" : "SipHash-2-4");
		}
	}
}

static void
check_dnstap(check_ctx_t *ctx, const conf_block_t *blk,
             const check_scope_t *scope, int level) {
	static const struct {
		const char *name;
		uint64_t lo, hi;
	} fstrm[] = {
	        {"fstrm-set-buffer-hint", 1024, 65536},
	        {"fstrm-set-flush-timeout", 1, 600},
	        {"fstrm-set-input-queue-size", 2, 16384},
	        {"fstrm-set-output-queue-size", 2, 1024},
	        {"fstrm-set-reopen-interval", 1, 600},
	};
	for (size_t i = 0; i < sizeof(fstrm) / sizeof(fstrm[0]); i++) {
		const conf_stmt_t *s = conf_block_find(blk, fstrm[i].name);
		uint64_t v;
		uint32_t d;
		if (s == NULL) {
			continue;
		}
		if (strcmp(fstrm[i].name, "fstrm-set-reopen-interval") == 0) {
			if (!get_duration(s, &d)) {
				continue;
			}
			v = d;
		} else if (!get_uint(s, 0, &v)) {
			continue;
		}
		if (v < fstrm[i].lo || v > fstrm[i].hi) {
			check_error(ctx, &s->loc,
			            "%s '%llu' out of range (%llu..%llu)",
			            fstrm[i].name, (unsigned long long)v,
			            (unsigned long long)fstrm[i].lo,
			            (unsigned long long)fstrm[i].hi);
		}
	}
	const conf_stmt_t *iq =
	        conf_block_find(blk, "fstrm-set-input-queue-size");
	uint64_t q;
	if (iq != NULL && get_uint(iq, 0, &q) && q >= 2 && q <= 16384 &&
	    (q & (q - 1)) != 0)
	{
		check_error(ctx, &iq->loc,
		            "fstrm-set-input-queue-size '%llu' not a "
		            "power-of-2",
		            (unsigned long long)q);
	}
	const conf_stmt_t *nt =
	        conf_block_find(blk, "fstrm-set-output-notify-threshold");
	uint64_t v;
	if (nt != NULL && get_uint(nt, 0, &v) && v < 1) {
		check_error(ctx, &nt->loc,
		            "fstrm-set-output-notify-threshold out of range "
		            "(%llu < 1)",
		            (unsigned long long)v);
	}
	const conf_stmt_t *dt = conf_block_find(blk, "dnstap");
	if (dt != NULL && level != LEVEL_ZONE &&
	    check_lookup_view(ctx, level == LEVEL_VIEW ? scope->view : NULL,
	                      "dnstap-output") == NULL)
	{
		check_error(ctx, &dt->loc,
		            "'dnstap-output' must be set if 'dnstap' is set");
	}
	const conf_stmt_t *out = conf_block_find(blk, "dnstap-output");
	const char *mode = check_arg(out, 0);
	if (mode != NULL && strcasecmp(mode, "unix") == 0) {
		if (conf_stmt_keyword(out, "size") != NULL) {
			check_error(ctx, &out->loc,
			            "dnstap-output size cannot be set with "
			            "mode unix");
		}
		if (conf_stmt_keyword(out, "versions") != NULL) {
			check_error(ctx, &out->loc,
			            "dnstap-output versions cannot be set "
			            "with mode unix");
		}
		if (conf_stmt_keyword(out, "suffix") != NULL) {
			check_error(ctx, &out->loc,
			            "dnstap-output suffix cannot be set with "
			            "mode unix");
		}
	}
}

static void
check_checknames(check_ctx_t *ctx, const conf_block_t *blk, int level) {
	static const char *const pairs[][2] = {{"primary", "master"},
	                                       {"secondary", "slave"}};
	if (level == LEVEL_ZONE) {
		return;
	}
	const conf_stmt_t *first = conf_block_find(blk, "check-names");
	for (const conf_stmt_t *s = first; s != NULL; s = conf_stmt_findnext(s))
	{
		const char *t = check_arg(s, 0);
		if (t == NULL) {
			continue;
		}
		for (const conf_stmt_t *p = first; p != s;
		     p = conf_stmt_findnext(p)) {
			const char *pt = check_arg(p, 0);
			if (pt == NULL) {
				continue;
			}
			if (strcasecmp(pt, t) == 0) {
				check_error(ctx, &s->loc,
				            "'check-names %s' duplicated", t);
				break;
			}
			for (size_t i = 0; i < 2; i++) {
				if ((strcasecmp(pt, pairs[i][0]) == 0 &&
				     strcasecmp(t, pairs[i][1]) == 0) ||
				    (strcasecmp(pt, pairs[i][1]) == 0 &&
				     strcasecmp(t, pairs[i][0]) == 0))
				{
					check_error(ctx, &p->loc,
					            "'check-names' cannot take "
					            "both '%s' and '%s'",
					            pairs[i][0], pairs[i][1]);
				}
			}
		}
	}
}

/* Zone-level transfer/notify/parental sources may not use the port named
 * listens on (options "port", default 53). */
static void
check_source_ports(check_ctx_t *ctx, const conf_block_t *blk) {
	static const char *const srcs[] = {
	        "notify-source",      "notify-source-v6", "transfer-source",
	        "transfer-source-v6", "parental-source",  "parental-source-v6"};
	uint64_t listen = 53;
	const conf_stmt_t *port = conf_block_find(ctx->options, "port");
	if (port != NULL) {
		(void)get_uint(port, 0, &listen);
	}
	for (size_t i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		const conf_stmt_t *s = conf_block_find(blk, srcs[i]);
		const conf_value_t *pv = conf_stmt_keyword(s, "port");
		uint64_t p;
		if (s == NULL || pv == NULL || conf_value_uint(pv, &p) != R_OK)
		{
			continue;
		}
		if (p == listen) {
			check_error(ctx, &s->loc,
			            "'%s' cannot specify the DNS listener "
			            "port (%llu)",
			            srcs[i], (unsigned long long)p);
		}
	}
}

static void
check_allow_transfer(check_ctx_t *ctx, const conf_block_t *blk) {
	const conf_stmt_t *s = conf_block_find(blk, "allow-transfer");
	const conf_value_t *pv = conf_stmt_keyword(s, "port");
	const conf_value_t *tv = conf_stmt_keyword(s, "transport");
	uint64_t p;
	if (pv != NULL && pv->kind != CONF_V_BLOCK &&
	    (conf_value_uint(pv, &p) != R_OK || p > 65535))
	{
		check_error(ctx, &s->loc, "port value '%s' is out of range",
		            pv->text);
	}
	if (tv != NULL && tv->kind != CONF_V_BLOCK &&
	    strcasecmp(tv->text, "tcp") != 0 &&
	    strcasecmp(tv->text, "tls") != 0)
	{
		check_error(ctx, &s->loc,
		            "'%s' is not a valid transport protocol for zone "
		            "transfers. Please specify either 'tcp' or 'tls'",
		            tv->text);
	}
}

/* listen-on ... tls NAME http NAME { ... } */
static void
check_listen(check_ctx_t *ctx, const conf_block_t *blk) {
	static const char *const lo[] = {"listen-on", "listen-on-v6"};
	for (size_t i = 0; i < 2; i++) {
		for (const conf_stmt_t *s = conf_block_find(blk, lo[i]);
		     s != NULL; s = conf_stmt_findnext(s))
		{
			const conf_value_t *t = conf_stmt_keyword(s, "tls");
			const conf_value_t *h = conf_stmt_keyword(s, "http");
			if (t != NULL && t->kind != CONF_V_BLOCK &&
			    strcasecmp(t->text, "none") != 0 &&
			    strcasecmp(t->text, "ephemeral") != 0 &&
			    !check_defined(ctx, "tls", t->text, NULL))
			{
				check_error(ctx, &s->loc,
				            "tls '%s' is not defined", t->text);
			}
			if (h != NULL && t == NULL) {
				check_error(ctx, &s->loc,
				            "http must specify a 'tls' "
				            "statement, 'tls ephemeral', or "
				            "'tls none'");
			}
			if (h != NULL && h->kind != CONF_V_BLOCK &&
			    strcasecmp(h->text, "default") != 0 &&
			    !check_defined(ctx, "http", h->text, NULL))
			{
				check_error(ctx, &s->loc,
				            "http '%s' is not defined",
				            h->text);
			}
		}
	}
}

static void
check_ttls(check_ctx_t *ctx, const conf_block_t *blk) {
	const conf_stmt_t *s = conf_block_find(blk, "max-ncache-ttl");
	uint32_t d;
	if (s != NULL && get_duration(s, &d) && d > 604800) {
		check_error(ctx, &s->loc,
		            "max-ncache-ttl '%u' is out of range (0..604800)",
		            d);
	}
	static const char *const ntas[] = {"nta-lifetime", "nta-recheck"};
	for (size_t i = 0; i < 2; i++) {
		s = conf_block_find(blk, ntas[i]);
		if (s != NULL && get_duration(s, &d) && d > 604800) {
			check_error(ctx, &s->loc, "'%s' cannot exceed one week",
			            ntas[i]);
		}
	}
	s = conf_block_find(blk, "lmdb-mapsize");
	uint64_t sz;
	const conf_value_t *v = check_argv(s, 0);
	if (v != NULL && conf_value_size(v, &sz) == R_OK &&
	    sz < CONF_SIZE_DEFAULT) {
		if (sz < (1ULL << 20)) {
			check_error(ctx, &s->loc,
			            "'lmdb-mapsize %llu' is too small",
			            (unsigned long long)sz);
		} else if (sz > (1ULL << 40)) {
			check_error(ctx, &s->loc,
			            "'lmdb-mapsize %llu' is too large",
			            (unsigned long long)sz);
		}
	}
}

/* DNSSEC algorithm and DS digest mnemonics BIND 9.18 knows (numbers
 * 0..255 are accepted as well). */
static const char *const dnssec_algs[] = {
        "RSAMD5",
        "DH",
        "DSA",
        "RSASHA1",
        "NSEC3DSA",
        "NSEC3RSASHA1",
        "RSASHA256",
        "RSASHA512",
        "ECCGOST",
        "ECDSAP256SHA256",
        "ECDSAP384SHA384",
        "ED25519",
        "ED448",
        "INDIRECT",
        "PRIVATEDNS",
        "PRIVATEOID",
};
static const char *const ds_digests[] = {
        "SHA-1", "SHA1", "SHA-256", "SHA256", "GOST", "SHA-384", "SHA384"};

static bool
mnemonic_or_u8(const char *w, const char *const *list, size_t n) {
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(w, list[i]) == 0) {
			return true;
		}
	}
	char *end;
	unsigned long v = strtoul(w, &end, 10);
	return isdigit((unsigned char)w[0]) && *end == '\0' && v <= 255;
}

/* disable-algorithms / disable-ds-digests NAME { list; } */
static void
check_disable_lists(check_ctx_t *ctx, const conf_block_t *blk) {
	static const struct {
		const char *opt;
		const char *what;
		const char *const *list;
		size_t n;
	} kinds[] = {
	        {"disable-algorithms", "invalid algorithm", dnssec_algs,
	         sizeof(dnssec_algs) / sizeof(dnssec_algs[0])},
	        {"disable-ds-digests", "invalid digest type", ds_digests,
	         sizeof(ds_digests) / sizeof(ds_digests[0])},
	};
	for (size_t k = 0; k < 2; k++) {
		for (const conf_stmt_t *s = conf_block_find(blk, kinds[k].opt);
		     s != NULL; s = conf_stmt_findnext(s))
		{
			const char *dom = check_arg(s, 0);
			name_t n;
			if (dom != NULL && check_name(dom, &n) != R_OK) {
				check_error(ctx, &s->loc,
				            "bad domain name '%s'", dom);
				continue;
			}
			const conf_block_t *b = conf_stmt_block(s);
			for (const conf_stmt_t *e = b != NULL ? b->first : NULL;
			     e != NULL; e = e->next) {
				if (e->name != NULL &&
				    !mnemonic_or_u8(e->name, kinds[k].list,
				                    kinds[k].n)) {
					check_error(ctx, &e->loc, "%s '%s'",
					            kinds[k].what, e->name);
				}
			}
		}
	}
	for (const conf_stmt_t *s =
	             conf_block_find(blk, "dnssec-must-be-secure");
	     s != NULL; s = conf_stmt_findnext(s))
	{
		const char *dom = check_arg(s, 0);
		name_t n;
		if (dom != NULL && check_name(dom, &n) != R_OK) {
			check_error(ctx, &s->loc, "bad domain name '%s'", dom);
		}
	}
	for (const conf_stmt_t *s = conf_block_find(blk, "disable-empty-zone");
	     s != NULL; s = conf_stmt_findnext(s))
	{
		const char *dom = check_arg(s, 0);
		name_t n;
		if (dom != NULL && check_name(dom, &n) != R_OK) {
			check_error(ctx, &s->loc,
			            "disable-empty-zone: invalid name '%s'",
			            dom);
		}
	}
}

/* query-source(-v6) may not use the port named listens on either. */
static void
check_query_source(check_ctx_t *ctx, const conf_block_t *blk) {
	static const char *const qs[] = {"query-source", "query-source-v6"};
	uint64_t listen = 53;
	const conf_stmt_t *port = conf_block_find(ctx->options, "port");
	if (port != NULL) {
		(void)get_uint(port, 0, &listen);
	}
	for (size_t i = 0; i < 2; i++) {
		const conf_stmt_t *s = conf_block_find(blk, qs[i]);
		const conf_value_t *pv = conf_stmt_keyword(s, "port");
		uint64_t p;
		if (s != NULL && pv != NULL &&
		    conf_value_uint(pv, &p) == R_OK && p == listen) {
			check_error(ctx, &s->loc,
			            "'%s' cannot specify the DNS listener "
			            "port (%llu)",
			            qs[i], (unsigned long long)p);
		}
	}
}

void
check_options_block(check_ctx_t *ctx, const conf_block_t *blk,
                    const check_scope_t *scope, int level) {
	if (blk == NULL) {
		return;
	}
	if (level == LEVEL_OPTIONS) {
		/* BIND changes into "directory" while parsing; a directory
		 * that cannot be entered fails the whole configuration. */
		const conf_stmt_t *ds = conf_block_find(blk, "directory");
		const char *dir = check_arg(ds, 0);
		struct stat st;
		if (dir != NULL && stat(dir, &st) != 0) {
			check_error(ctx, &ds->loc,
			            "change directory to '%s' failed: file not "
			            "found",
			            dir);
		} else if (dir != NULL && !S_ISDIR(st.st_mode)) {
			check_error(ctx, &ds->loc,
			            "change directory to '%s' failed: invalid "
			            "file",
			            dir);
		}
		const conf_stmt_t *port = conf_block_find(blk, "port");
		uint64_t pv;
		if (port != NULL && get_uint(port, 0, &pv) && pv > 65535) {
			check_error(ctx, &port->loc, "port '%llu' out of range",
			            (unsigned long long)pv);
		}
	}
	/* The old signing options and dnssec-policy (any value, even
	 * "none") cannot be set in the same block. */
	if (conf_block_find(blk, "dnssec-policy") != NULL) {
		static const char *const old[] = {
		        "dnskey-sig-validity",       "dnssec-dnskey-kskonly",
		        "dnssec-secure-to-insecure", "dnssec-update-mode",
		        "sig-validity-interval",     "update-check-ksk"};
		for (size_t i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
			const conf_stmt_t *o = conf_block_find(blk, old[i]);
			if (o != NULL) {
				check_error(ctx, &o->loc,
				            "%s: cannot be configured if "
				            "dnssec-policy is also set",
				            old[i]);
			}
		}
		const conf_stmt_t *ad = conf_block_find(blk, "auto-dnssec");
		const char *adv = check_arg(ad, 0);
		if (adv != NULL && strcasecmp(adv, "off") != 0) {
			check_error(ctx, &ad->loc,
			            "'auto-dnssec %s;' cannot be configured if "
			            "dnssec-policy is also set",
			            adv);
		}
	}
	/* "forward" needs "forwarders" in the same block (BIND does not
	 * inherit the pair separately). */
	const conf_stmt_t *fw = conf_block_find(blk, "forward");
	if (fw != NULL && conf_block_find(blk, "forwarders") == NULL) {
		check_error(ctx, &fw->loc,
		            "no matching 'forwarders' statement");
	}
	range_check(ctx, blk, "dnskey-sig-validity", 0, 3660);
	range_check(ctx, blk, "sig-validity-interval", 1, 3660);
	check_checknames(ctx, blk, level);
	check_cookie(ctx, blk);
	check_ttls(ctx, blk);
	check_dnstap(ctx, blk, scope, level);
	if (level != LEVEL_ZONE) {
		const conf_block_t *rl =
		        conf_block_findblock(blk, "rate-limit");
		if (rl != NULL) {
			check_rate_limit(ctx, rl);
		}
		check_dns64(ctx, blk);
		check_disable_lists(ctx, blk);
		check_query_source(ctx, blk);
		check_aml_options(ctx, blk, scope->view);
		check_listen(ctx, blk);
		const conf_stmt_t *ad = conf_block_find(blk, "auto-dnssec");
		const char *adv = check_arg(ad, 0);
		if (adv != NULL && strcasecmp(adv, "off") != 0) {
			check_error(ctx, &ad->loc,
			            "auto-dnssec may only be activated at the "
			            "zone level");
		}
	} else {
		check_source_ports(ctx, blk);
		check_allow_transfer(ctx, blk);
	}
}

/* ---- top-level named blocks ---- */

static void
check_dups(check_ctx_t *ctx, const char *stmt, const char *fmt) {
	for (const conf_stmt_t *s = check_top(ctx, stmt); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const char *n = check_arg(s, 0);
		if (n == NULL) {
			continue;
		}
		for (const conf_stmt_t *p = check_top(ctx, stmt); p != s;
		     p = conf_stmt_findnext(p))
		{
			const char *pn = check_arg(p, 0);
			if (pn != NULL && strcasecmp(pn, n) == 0) {
				char msg[512];
				snprintf(msg, sizeof(msg), fmt, n);
				check_error(ctx, &s->loc,
				            "%s: also defined at %s:%u", msg,
				            p->loc.file, p->loc.line);
				break;
			}
		}
	}
}

static bool
valid_http_path(const char *p) {
	/* An absolute path: starts with '/', no empty segment ("//"), no
	 * query or fragment, only URI path characters. */
	if (p[0] != '/') {
		return false;
	}
	for (const char *c = p; *c != '\0'; c++) {
		if (c[0] == '/' && c[1] == '/') {
			return false;
		}
		if (*c == '?' || *c == '#' || *c == ' ' ||
		    !isprint((unsigned char)*c)) {
			return false;
		}
	}
	return true;
}

/*
 * OpenSSL accepts a cipher list when it selects at least one cipher.  We
 * do not link libssl, so we approximate: the list must contain a positive
 * element (not "!X" or "-X") made of known aliases ("HIGH", "aRSA", ...)
 * or of cipher names built from known components ("ECDHE-RSA-AES128-GCM-
 * SHA256").  That rejects garbage and unknown names as BIND does.
 */
static bool
in_words(const char *w, size_t len, const char *const *words) {
	for (size_t i = 0; words[i] != NULL; i++) {
		if (strlen(words[i]) == len && strncmp(w, words[i], len) == 0) {
			return true;
		}
	}
	return false;
}

static bool
cipher_part_known(const char *p, size_t len) {
	static const char *const aliases[] = {"ALL",
	                                      "COMPLEMENTOFALL",
	                                      "COMPLEMENTOFDEFAULT",
	                                      "DEFAULT",
	                                      "HIGH",
	                                      "MEDIUM",
	                                      "LOW",
	                                      "aNULL",
	                                      "eNULL",
	                                      "NULL",
	                                      "kRSA",
	                                      "aRSA",
	                                      "RSA",
	                                      "kDHE",
	                                      "kEDH",
	                                      "DH",
	                                      "DHE",
	                                      "EDH",
	                                      "ADH",
	                                      "kECDHE",
	                                      "kEECDH",
	                                      "ECDHE",
	                                      "EECDH",
	                                      "ECDH",
	                                      "AECDH",
	                                      "aECDSA",
	                                      "ECDSA",
	                                      "aDSS",
	                                      "DSS",
	                                      "kPSK",
	                                      "kECDHEPSK",
	                                      "kDHEPSK",
	                                      "kRSAPSK",
	                                      "aPSK",
	                                      "PSK",
	                                      "kSRP",
	                                      "aSRP",
	                                      "SRP",
	                                      "SUITEB128",
	                                      "SUITEB128ONLY",
	                                      "SUITEB192",
	                                      "TLSv1.2",
	                                      "TLSv1.0",
	                                      "TLSv1",
	                                      "SSLv3",
	                                      "AES",
	                                      "AES128",
	                                      "AES256",
	                                      "AESGCM",
	                                      "AESCCM",
	                                      "AESCCM8",
	                                      "ARIA",
	                                      "ARIA128",
	                                      "ARIA256",
	                                      "ARIAGCM",
	                                      "CAMELLIA",
	                                      "CAMELLIA128",
	                                      "CAMELLIA256",
	                                      "CHACHA20",
	                                      "3DES",
	                                      "DES",
	                                      "IDEA",
	                                      "SEED",
	                                      "MD5",
	                                      "SHA1",
	                                      "SHA",
	                                      "SHA256",
	                                      "SHA384",
	                                      "aGOST",
	                                      "kGOST",
	                                      "GOST",
	                                      NULL};
	static const char *const parts[] = {
	        "ECDHE",    "ECDSA",   "RSA",     "DHE",         "DSS",
	        "ADH",      "AECDH",   "PSK",     "SRP",         "AES128",
	        "AES256",   "GCM",     "CCM",     "CCM8",        "CHACHA20",
	        "POLY1305", "ARIA128", "ARIA256", "CAMELLIA128", "CAMELLIA256",
	        "SHA",      "SHA256",  "SHA384",  "DES",         "CBC3",
	        "EDE",      "CBC",     "MD5",     "NULL",        "SEED",
	        "IDEA",     "EDH",     "ECDH",    "AES",         NULL};
	if (in_words(p, len, aliases)) {
		return true;
	}
	/* a full cipher name: dash-separated known components */
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || p[i] == '-') {
			if (i == start ||
			    !in_words(p + start, i - start, parts)) {
				return false;
			}
			start = i + 1;
		}
	}
	return true;
}

static bool
cipher_list_valid(const char *s) {
	bool selects = false;
	while (*s != '\0') {
		size_t n = strcspn(s, ":, ");
		const char *tok = s;
		s += n;
		if (*s != '\0') {
			s++;
		}
		if (n == 0 || tok[0] == '@') {
			continue; /* @STRENGTH, @SECLEVEL=n */
		}
		bool positive = tok[0] != '!' && tok[0] != '-';
		if (tok[0] == '!' || tok[0] == '-' || tok[0] == '+') {
			tok++, n--;
		}
		bool known = n > 0;
		size_t start = 0;
		for (size_t i = 0; i <= n && known; i++) {
			if (i == n || tok[i] == '+') {
				known = i > start &&
				        cipher_part_known(tok + start,
				                          i - start);
				start = i + 1;
			}
		}
		if (positive && known) {
			selects = true;
		}
	}
	return selects;
}

static void
check_tls_blocks(check_ctx_t *ctx) {
	for (const conf_stmt_t *s = check_top(ctx, "tls"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const char *n = check_arg(s, 0);
		const conf_block_t *b = conf_stmt_block(s);
		if (n == NULL) {
			continue;
		}
		if (strcasecmp(n, "ephemeral") == 0 ||
		    strcasecmp(n, "none") == 0) {
			check_error(ctx, &s->loc,
			            "tls clause name '%s' is reserved for "
			            "internal use",
			            n);
			continue;
		}
		for (const conf_stmt_t *p = check_top(ctx, "tls"); p != s;
		     p = conf_stmt_findnext(p))
		{
			const char *pn = check_arg(p, 0);
			if (pn != NULL && strcasecmp(pn, n) == 0) {
				check_error(ctx, &s->loc,
				            "tls clause '%s' is duplicated: "
				            "also defined at %s:%u",
				            n, p->loc.file, p->loc.line);
				break;
			}
		}
		bool cert = conf_block_find(b, "cert-file") != NULL;
		bool key = conf_block_find(b, "key-file") != NULL;
		if (cert != key) {
			check_error(ctx, &s->loc,
			            "tls '%s': 'cert-file' and 'key-file' must "
			            "both be specified, or both omitted",
			            n);
		}
		const conf_stmt_t *ci = conf_block_find(b, "ciphers");
		const char *cs = check_arg(ci, 0);
		if (cs != NULL && !cipher_list_valid(cs)) {
			check_error(ctx, &ci->loc,
			            "'ciphers' in the 'tls' clause '%s' is not "
			            "a valid cipher list string",
			            n);
		}
		const conf_block_t *pr = conf_block_findblock(b, "protocols");
		if (pr != NULL && pr->count == 0) {
			check_error(ctx, &s->loc,
			            "tls '%s' does not contain any valid TLS "
			            "protocol versions definitions",
			            n);
		}
		for (const conf_stmt_t *p = pr != NULL ? pr->first : NULL;
		     p != NULL; p = p->next)
		{
			if (p->name != NULL &&
			    strcasecmp(p->name, "TLSv1.2") != 0 &&
			    strcasecmp(p->name, "TLSv1.3") != 0)
			{
				check_error(ctx, &p->loc,
				            "'%s' is not a valid TLS protocol "
				            "version",
				            p->name);
			}
		}
	}
}

static void
check_http_blocks(check_ctx_t *ctx) {
	check_dups(ctx, "http", "http '%s' is duplicated");
	for (const conf_stmt_t *s = check_top(ctx, "http"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const char *n = check_arg(s, 0);
		if (n != NULL && strcasecmp(n, "default") == 0) {
			check_error(ctx, &s->loc,
			            "'http' name cannot be 'default' (which is "
			            "a built-in configuration)");
		}
		const conf_block_t *ep =
		        conf_block_findblock(conf_stmt_block(s), "endpoints");
		for (const conf_stmt_t *e = ep != NULL ? ep->first : NULL;
		     e != NULL; e = e->next)
		{
			if (e->name != NULL && !valid_http_path(e->name)) {
				check_error(ctx, &e->loc,
				            "endpoint '%s' is not a valid "
				            "absolute HTTP path",
				            e->name);
			}
		}
	}
}

void
check_toplevel_lists(check_ctx_t *ctx) {
	check_tls_blocks(ctx);
	check_http_blocks(ctx);
}
