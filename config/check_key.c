/*
 * check_key.c - TSIG key statements, the places that name keys (server,
 * controls), and DNSSEC trust anchors (trust-anchors, managed-keys,
 * trusted-keys), checked as BIND 9.18's named-checkconf does.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/check_int.h"

/*
 * Validates base64 text as BIND's decoder does: whitespace is skipped,
 * groups of four, '=' padding only at the end, and the bits left over by
 * padding must be zero ("aa==" is rejected).
 */
static bool
base64_valid(const char *s) {
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
	                               "nopqrstuvwxyz0123456789+/";
	unsigned n = 0, pad = 0, last = 0;

	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s)) {
			continue;
		}
		if (*s == '=') {
			pad++;
			n++;
			continue;
		}
		const char *p = strchr(alphabet, *s);
		if (p == NULL || pad > 0) {
			return false;
		}
		last = (unsigned)(p - alphabet);
		n++;
	}
	if (n % 4 != 0 || pad > 2) {
		return false;
	}
	/* One pad: the last digit's low 2 bits are unused; two: low 4. */
	if (pad == 1 && (last & 0x3) != 0) {
		return false;
	}
	if (pad == 2 && (last & 0xf) != 0) {
		return false;
	}
	return true;
}

static bool
hex_valid(const char *s) {
	unsigned n = 0;
	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s)) {
			continue;
		}
		if (!isxdigit((unsigned char)*s)) {
			return false;
		}
		n++;
	}
	return n % 2 == 0;
}

static const struct {
	const char *name;
	unsigned bits;
} hmacs[] = {
        {"hmac-md5", 128},    {"hmac-md5.sig-alg.reg.int", 128},
        {"hmac-sha1", 160},   {"hmac-sha224", 224},
        {"hmac-sha256", 256}, {"hmac-sha384", 384},
        {"hmac-sha512", 512},
};

static void
check_algorithm(check_ctx_t *ctx, const conf_stmt_t *key, const char *kname,
                const conf_stmt_t *alg) {
	const char *text = check_arg(alg, 0);
	if (text == NULL) {
		return;
	}
	for (size_t i = 0; i < sizeof(hmacs) / sizeof(hmacs[0]); i++) {
		size_t len = strlen(hmacs[i].name);
		if (strncasecmp(text, hmacs[i].name, len) != 0) {
			continue;
		}
		if (text[len] == '\0') {
			return;
		}
		if (text[len] != '-') {
			continue;
		}
		const char *digits = text + len + 1;
		char *end;
		if (!isdigit((unsigned char)*digits)) {
			check_error(ctx, &alg->loc,
			            "key '%s': unable to parse digest-bits",
			            kname);
			return;
		}
		unsigned long bits = strtoul(digits, &end, 10);
		if (*end != '\0') {
			check_error(ctx, &alg->loc,
			            "key '%s': unable to parse digest-bits",
			            kname);
			return;
		}
		unsigned full = hmacs[i].bits;
		unsigned min = full / 2 > 80 ? full / 2 : 80;
		if (bits > full) {
			check_error(ctx, &alg->loc,
			            "key '%s' digest-bits too large [%u..%u]",
			            kname, min, full);
		} else if (bits % 8 != 0) {
			check_error(ctx, &alg->loc,
			            "key '%s' digest-bits not multiple of 8",
			            kname);
		} else if (bits < min) {
			check_warning(ctx, &alg->loc,
			              "key '%s' digest-bits too small [<%u]",
			              kname, min);
		}
		return;
	}
	check_error(ctx, &alg->loc, "unknown algorithm '%s'", text);
	(void)key;
}

static void
check_key(check_ctx_t *ctx, const conf_stmt_t *s) {
	const char *kname = check_arg(s, 0);
	const conf_block_t *b = conf_stmt_block(s);
	name_t n;

	if (kname == NULL || b == NULL) {
		return;
	}
	if (check_name(kname, &n) != R_OK) {
		check_error(ctx, &s->loc, "key '%s': bad key name", kname);
		return;
	}
	const conf_stmt_t *alg = conf_block_find(b, "algorithm");
	const conf_stmt_t *sec = conf_block_find(b, "secret");
	if (alg == NULL || sec == NULL) {
		check_error(ctx, &s->loc,
		            "key '%s' must have both 'secret' and "
		            "'algorithm' defined",
		            kname);
		return;
	}
	check_algorithm(ctx, s, kname, alg);
	const char *secret = check_arg(sec, 0);
	if (secret != NULL && !base64_valid(secret)) {
		check_error(ctx, &sec->loc, "bad secret 'bad base64 encoding'");
	}
}

/* Reports a key defined twice in blk, or in both blk (a view) and the
 * top level. */
static void
check_key_dups(check_ctx_t *ctx, const conf_block_t *blk, bool isview) {
	for (const conf_stmt_t *s = conf_block_find(blk, "key"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const char *kname = check_arg(s, 0);
		name_t a, b;
		const conf_stmt_t *prev = NULL;
		if (kname == NULL || check_name(kname, &a) != R_OK) {
			continue;
		}
		const conf_block_t *scopes[2] = {isview ? ctx->top : NULL, blk};
		for (int sc = 0; sc < 2 && prev == NULL; sc++) {
			if (scopes[sc] == NULL) {
				continue;
			}
			for (const conf_stmt_t *p =
			             conf_block_find(scopes[sc], "key");
			     p != NULL && p != s; p = conf_stmt_findnext(p))
			{
				const char *pn = check_arg(p, 0);
				if (pn != NULL && check_name(pn, &b) == R_OK &&
				    name_equal(&a, &b)) {
					prev = p;
					break;
				}
			}
		}
		if (prev != NULL) {
			check_error(ctx, &s->loc,
			            "key '%s': already exists previous "
			            "definition: %s:%u",
			            kname, prev->loc.file, prev->loc.line);
		}
	}
}

/* "keys k;" or "keys { k; ... };" in a server statement. */
static void
check_keyref_list(check_ctx_t *ctx, const conf_value_t *v,
                  const conf_block_t *view) {
	if (v == NULL) {
		return;
	}
	if (v->kind != CONF_V_BLOCK) {
		if (!check_defined(ctx, "key", v->text, view)) {
			check_error(ctx, &v->loc, "unknown key '%s'", v->text);
		}
		return;
	}
	for (const conf_stmt_t *k = v->block->first; k != NULL; k = k->next) {
		if (k->name != NULL &&
		    !check_defined(ctx, "key", k->name, view)) {
			check_error(ctx, &k->loc, "unknown key '%s'", k->name);
		}
	}
}

static void
check_servers(check_ctx_t *ctx, const conf_block_t *blk,
              const conf_block_t *view) {
	for (const conf_stmt_t *s = conf_block_find(blk, "server"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		const conf_value_t *pv = check_argv(s, 0);
		const conf_block_t *b = conf_stmt_block(s);
		conf_addr_t a, pa;
		if (pv == NULL || conf_value_prefix(pv, &a) != R_OK) {
			continue;
		}
		for (const conf_stmt_t *p = conf_block_find(blk, "server");
		     p != s; p = conf_stmt_findnext(p))
		{
			const conf_value_t *ppv = check_argv(p, 0);
			if (ppv != NULL &&
			    conf_value_prefix(ppv, &pa) == R_OK &&
			    pa.family == a.family &&
			    pa.prefixlen == a.prefixlen &&
			    memcmp(pa.addr, a.addr, 16) == 0)
			{
				char buf[64];
				inet_ntop(a.family, a.addr, buf, sizeof(buf));
				check_error(ctx, &s->loc,
				            "server '%s/%u': already exists "
				            "previous definition: %s:%u",
				            buf, a.prefixlen, p->loc.file,
				            p->loc.line);
				break;
			}
		}
		for (const conf_stmt_t *k = conf_block_find(b, "keys");
		     k != NULL; k = conf_stmt_findnext(k))
		{
			check_keyref_list(ctx, check_argv(k, 0), view);
		}
	}
}

void
check_keys(check_ctx_t *ctx, const conf_block_t *blk,
           const conf_block_t *view) {
	for (const conf_stmt_t *s = conf_block_find(blk, "key"); s != NULL;
	     s = conf_stmt_findnext(s))
	{
		check_key(ctx, s);
	}
	check_key_dups(ctx, blk, view != NULL);
	check_servers(ctx, blk, view);
}

void
check_controls(check_ctx_t *ctx) {
	for (const conf_stmt_t *c = check_top(ctx, "controls"); c != NULL;
	     c = conf_stmt_findnext(c))
	{
		const conf_block_t *b = conf_stmt_block(c);
		if (b == NULL) {
			continue;
		}
		for (const conf_stmt_t *s = b->first; s != NULL; s = s->next) {
			const conf_value_t *allow =
			        conf_stmt_keyword(s, "allow");
			const conf_value_t *keys = conf_stmt_keyword(s, "keys");
			if (allow != NULL && allow->kind == CONF_V_BLOCK) {
				check_aml_block(ctx, allow->block, NULL);
			}
			if (keys != NULL) {
				check_keyref_list(ctx, keys, NULL);
			}
		}
	}
	for (const conf_stmt_t *c = check_top(ctx, "statistics-channels");
	     c != NULL; c = conf_stmt_findnext(c))
	{
		const conf_block_t *b = conf_stmt_block(c);
		for (const conf_stmt_t *s = b != NULL ? b->first : NULL;
		     s != NULL; s = s->next) {
			const conf_value_t *allow =
			        conf_stmt_keyword(s, "allow");
			if (allow != NULL && allow->kind == CONF_V_BLOCK) {
				check_aml_block(ctx, allow->block, NULL);
			}
		}
	}
}

/* ---- trust anchors ---- */

typedef struct {
	const conf_stmt_t *entry;
	name_t name;
	bool initializing;
} anchor_t;

#define MAX_ANCHORS 256

static void
collect_anchors(check_ctx_t *ctx, const conf_block_t *blk, anchor_t *out,
                size_t *n) {
	static const char *const stmts[] = {"trust-anchors", "managed-keys",
	                                    "trusted-keys"};
	for (size_t k = 0; k < 3; k++) {
		for (const conf_stmt_t *s = conf_block_find(blk, stmts[k]);
		     s != NULL; s = conf_stmt_findnext(s))
		{
			const conf_block_t *b = conf_stmt_block(s);
			for (const conf_stmt_t *e = b != NULL ? b->first : NULL;
			     e != NULL; e = e->next) {
				const char *kind = check_arg(e, 0);
				bool init;
				name_t nm;
				if (e->name == NULL) {
					continue;
				}
				if (check_name(e->name, &nm) != R_OK) {
					check_error(
					        ctx, &e->loc,
					        "bad key name: empty label");
					continue;
				}
				if (k == 2) {
					init = false; /* trusted-keys: static */
				} else if (kind != NULL &&
				           (strcasecmp(kind, "initial-key") ==
				                    0 ||
				            strcasecmp(kind, "initial-ds") ==
				                    0))
				{
					init = true;
				} else {
					init = false;
				}
				/* The key material's encoding. */
				const char *data = NULL;
				bool ds =
				        kind != NULL &&
				        (strcasecmp(kind, "initial-ds") == 0 ||
				         strcasecmp(kind, "static-ds") == 0);
				size_t nargs = conf_stmt_nargs(e);
				if (nargs > 0) {
					data = check_arg(e, nargs - 1);
				}
				if (data != NULL && ds && !hex_valid(data)) {
					check_error(ctx, &e->loc,
					            "bad hex encoding");
				} else if (data != NULL && !ds &&
				           !base64_valid(data)) {
					check_error(ctx, &e->loc,
					            "bad base64 encoding");
				}
				if (!init && nm.length == 1) {
					check_warning(
					        ctx, &s->loc,
					        "%s entry for the root zone "
					        "WILL FAIL after key rollover "
					        "- use trust-anchors with "
					        "initial-key or initial-ds "
					        "instead.",
					        k == 2 ? "trusted-keys"
					               : "static");
				}
				if (*n < MAX_ANCHORS) {
					out[*n].entry = e;
					name_copy(&out[*n].name, &nm);
					out[*n].initializing = init;
					(*n)++;
				}
			}
		}
	}
}

void
check_trust_anchors(check_ctx_t *ctx, const conf_block_t *blk) {
	anchor_t *anchors = malloc(2 * MAX_ANCHORS * sizeof(*anchors));
	size_t n = 0;
	bool isview = blk != ctx->top;

	if (anchors == NULL) {
		check_fail(ctx, R_NOMEMORY);
		return;
	}
	collect_anchors(ctx, blk, anchors, &n);
	size_t nlocal = n;
	if (isview) {
		/* A view's anchors also clash with the global ones, which
		 * were reported on already: collect those quietly. */
		check_ctx_t quiet = *ctx;
		quiet.log = NULL;
		size_t m = 0;
		collect_anchors(&quiet, ctx->top, anchors + n, &m);
		n += m;
	}
	for (size_t i = 0; i < n; i++) {
		if (!anchors[i].initializing) {
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			if (i >= nlocal && j >= nlocal) {
				continue; /* both global: reported at top */
			}
			if (!anchors[j].initializing &&
			    name_equal(&anchors[i].name, &anchors[j].name)) {
				check_error(ctx, &anchors[i].entry->loc,
				            "static and initializing keys "
				            "cannot be used for the same "
				            "domain. static key defined at "
				            "%s:%u",
				            anchors[j].entry->loc.file,
				            anchors[j].entry->loc.line);
				break;
			}
		}
	}
	free(anchors);
	/* managed-keys and trust-anchors may not be mixed in one view
	 * (global statements count for every view); a clash among the
	 * global statements alone is reported once, at the top. */
	const conf_stmt_t *gmk = conf_block_find(ctx->top, "managed-keys");
	const conf_stmt_t *gta = conf_block_find(ctx->top, "trust-anchors");
	const conf_stmt_t *mk = conf_block_find(blk, "managed-keys");
	const conf_stmt_t *ta = conf_block_find(blk, "trust-anchors");
	if (isview) {
		if ((mk != NULL || gmk != NULL) &&
		    (ta != NULL || gta != NULL) && (mk != NULL || ta != NULL))
		{
			check_error(ctx, mk != NULL ? &mk->loc : &gmk->loc,
			            "use of managed-keys is not allowed when "
			            "trust-anchors is also in use");
		}
	} else if (mk != NULL && ta != NULL) {
		check_error(ctx, &mk->loc,
		            "use of managed-keys is not allowed when "
		            "trust-anchors is also in use");
	}
}
