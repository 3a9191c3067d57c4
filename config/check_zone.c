/*
 * check_zone.c - per-zone checks of named-checkconf (BIND 9.18): zone
 * names and classes, type requirements (file, primaries), which options a
 * zone type accepts, duplicates within a view, in-view, update-policy and
 * dynamic-update combinations, DNSSEC options that need inline-signing,
 * dnssec-policy references, and files written by more than one zone.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "config/check_int.h"

/*
 * Which zone types accept which options; taken from the per-type zone
 * grammar of BIND 9.18 (named.conf(5)).  Options not listed here are left
 * to the schema (unknown or not zone options at all).
 */
static const struct {
	const char *name;
	unsigned types;
} zone_opts[] = {
        {"allow-notify", CZ_SECONDARY | CZ_MIRROR},
        {"allow-query", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR | CZ_REDIRECT |
                                CZ_STATICSTUB | CZ_STUB},
        {"allow-query-on", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR | CZ_REDIRECT |
                                   CZ_STATICSTUB | CZ_STUB},
        {"allow-transfer", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"allow-update", CZ_PRIMARY},
        {"allow-update-forwarding", CZ_SECONDARY | CZ_MIRROR},
        {"also-notify", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"alt-transfer-source", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"alt-transfer-source-v6", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"auto-dnssec", CZ_PRIMARY | CZ_SECONDARY},
        {"check-dup-records", CZ_PRIMARY},
        {"check-integrity", CZ_PRIMARY},
        {"check-mx", CZ_PRIMARY},
        {"check-mx-cname", CZ_PRIMARY},
        {"check-names",
         CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR | CZ_HINT | CZ_STUB},
        {"check-sibling", CZ_PRIMARY},
        {"check-spf", CZ_PRIMARY},
        {"check-srv-cname", CZ_PRIMARY},
        {"check-wildcard", CZ_PRIMARY},
        {"database", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"delegation-only", CZ_FORWARD | CZ_HINT | CZ_STUB},
        {"dialup", CZ_PRIMARY | CZ_SECONDARY | CZ_STUB},
        {"dlz", CZ_PRIMARY | CZ_SECONDARY | CZ_REDIRECT},
        {"dnskey-sig-validity", CZ_PRIMARY | CZ_SECONDARY},
        {"dnssec-dnskey-kskonly", CZ_PRIMARY | CZ_SECONDARY},
        {"dnssec-loadkeys-interval", CZ_PRIMARY | CZ_SECONDARY},
        {"dnssec-policy", CZ_PRIMARY | CZ_SECONDARY},
        {"dnssec-secure-to-insecure", CZ_PRIMARY},
        {"dnssec-update-mode", CZ_PRIMARY | CZ_SECONDARY},
        {"file", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR | CZ_HINT | CZ_REDIRECT |
                         CZ_STUB},
        {"forward",
         CZ_PRIMARY | CZ_SECONDARY | CZ_FORWARD | CZ_STATICSTUB | CZ_STUB},
        {"forwarders",
         CZ_PRIMARY | CZ_SECONDARY | CZ_FORWARD | CZ_STATICSTUB | CZ_STUB},
        {"inline-signing", CZ_PRIMARY | CZ_SECONDARY},
        {"ixfr-from-differences", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"journal", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"key-directory", CZ_PRIMARY | CZ_SECONDARY},
        {"masterfile-format",
         CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR | CZ_REDIRECT | CZ_STUB},
        {"masterfile-style",
         CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR | CZ_REDIRECT | CZ_STUB},
        {"max-ixfr-ratio", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"max-journal-size", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"max-records", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR | CZ_REDIRECT |
                                CZ_STATICSTUB | CZ_STUB},
        {"max-records-per-type", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR |
                                         CZ_REDIRECT | CZ_STATICSTUB | CZ_STUB},
        {"max-refresh-time", CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"max-retry-time", CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"max-transfer-idle-in", CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"max-transfer-idle-out", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"max-transfer-time-in", CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"max-transfer-time-out", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"max-types-per-name", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR |
                                       CZ_REDIRECT | CZ_STATICSTUB | CZ_STUB},
        {"max-zone-ttl", CZ_PRIMARY | CZ_REDIRECT},
        {"min-refresh-time", CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"min-retry-time", CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"multi-master", CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"notify", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"notify-delay", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"notify-source", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"notify-source-v6", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"notify-to-soa", CZ_PRIMARY | CZ_SECONDARY},
        {"nsec3-test-zone", CZ_PRIMARY | CZ_SECONDARY},
        {"parental-agents", CZ_PRIMARY | CZ_SECONDARY},
        {"parental-source", CZ_PRIMARY | CZ_SECONDARY},
        {"parental-source-v6", CZ_PRIMARY | CZ_SECONDARY},
        {"primaries", CZ_SECONDARY | CZ_MIRROR | CZ_REDIRECT | CZ_STUB},
        {"masters", CZ_SECONDARY | CZ_MIRROR | CZ_REDIRECT | CZ_STUB},
        {"request-expire", CZ_SECONDARY | CZ_MIRROR},
        {"request-ixfr", CZ_SECONDARY | CZ_MIRROR},
        {"serial-update-method", CZ_PRIMARY},
        {"server-addresses", CZ_STATICSTUB},
        {"server-names", CZ_STATICSTUB},
        {"sig-signing-nodes", CZ_PRIMARY | CZ_SECONDARY},
        {"sig-signing-signatures", CZ_PRIMARY | CZ_SECONDARY},
        {"sig-signing-type", CZ_PRIMARY | CZ_SECONDARY},
        {"sig-validity-interval", CZ_PRIMARY | CZ_SECONDARY},
        {"transfer-source", CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"transfer-source-v6", CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"try-tcp-refresh", CZ_SECONDARY | CZ_MIRROR},
        {"update-check-ksk", CZ_PRIMARY | CZ_SECONDARY},
        {"update-policy", CZ_PRIMARY},
        {"use-alt-transfer-source", CZ_SECONDARY | CZ_MIRROR | CZ_STUB},
        {"zero-no-soa-ttl", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR},
        {"zone-statistics", CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR |
                                    CZ_REDIRECT | CZ_STATICSTUB | CZ_STUB},
};

typedef struct zinfo {
	const conf_stmt_t *stmt;
	const conf_block_t *blk;
	const char *name;     /* as written */
	const char *typetext; /* as written ("master", "primary", ...) */
	unsigned type;
	const check_scope_t *scope;
} zinfo_t;

static void
check_zone_options(check_ctx_t *ctx, const zinfo_t *z) {
	for (const conf_stmt_t *s = z->blk->first; s != NULL; s = s->next) {
		if (s->name == NULL) {
			continue;
		}
		for (size_t i = 0; i < sizeof(zone_opts) / sizeof(zone_opts[0]);
		     i++) {
			if (strcasecmp(s->name, zone_opts[i].name) != 0) {
				continue;
			}
			if ((zone_opts[i].types & z->type) == 0) {
				check_error(ctx, &s->loc,
				            "option '%s' is not allowed in "
				            "'%s' zone '%s'",
				            s->name, z->typetext, z->name);
			}
			break;
		}
	}
}

/* Zone is dynamic: update-policy, or allow-update other than "none"
 * (found at zone, view or options level). */
static bool
zone_is_dynamic(const check_ctx_t *ctx, const zinfo_t *z) {
	if (conf_block_find(z->blk, "update-policy") != NULL) {
		return true;
	}
	const conf_stmt_t *au =
	        check_lookup(ctx, z->blk, z->scope->view, "allow-update");
	return au != NULL && !check_aml_isnone(conf_stmt_block(au));
}

static void
check_primaries_ref(check_ctx_t *ctx, const zinfo_t *z, const char *opt,
                    const char *kind) {
	const conf_stmt_t *s = conf_block_find(z->blk, opt);
	if (s == NULL && strcmp(opt, "primaries") == 0) {
		s = conf_block_find(z->blk, "masters");
	}
	if (s == NULL) {
		return;
	}
	if (check_remote_ref(ctx, s, kind, z->scope->view) == 0) {
		check_error(ctx, &z->stmt->loc, "zone '%s': empty '%s' entry",
		            z->name, opt);
	}
}

static void
check_dnssec_policy(check_ctx_t *ctx, const zinfo_t *z) {
	const conf_stmt_t *dp =
	        check_lookup(ctx, z->blk, z->scope->view, "dnssec-policy");
	const char *pol = check_arg(dp, 0);
	if (pol == NULL) {
		return;
	}
	if (strcasecmp(pol, "none") == 0) {
		return;
	}
	if (strcasecmp(pol, "default") != 0 &&
	    strcasecmp(pol, "insecure") != 0 &&
	    !check_defined(ctx, "dnssec-policy", pol, NULL))
	{
		check_error(ctx, &z->stmt->loc,
		            "zone '%s': option 'dnssec-policy %s' has no "
		            "matching dnssec-policy config",
		            z->name, pol);
		return;
	}
	if ((z->type & (CZ_PRIMARY | CZ_SECONDARY)) == 0) {
		return;
	}
	const conf_stmt_t *is =
	        check_lookup(ctx, z->blk, z->scope->view, "inline-signing");
	if (check_bool(is, false)) {
		return;
	}
	if (z->type == CZ_SECONDARY) {
		check_error(ctx, &dp->loc,
		            "'inline-signing yes;' must also be configured "
		            "explicitly for zones using dnssec-policy. See "
		            "https://kb.isc.org/docs/"
		            "dnssec-policy-requires-dynamic-dns-or-inline-"
		            "signing");
	} else if (!zone_is_dynamic(ctx, z)) {
		check_error(ctx, &dp->loc,
		            "'inline-signing yes;' must also be configured "
		            "explicitly for zones using dnssec-policy without "
		            "a configured 'allow-update' or 'update-policy'. "
		            "See https://kb.isc.org/docs/"
		            "dnssec-policy-requires-dynamic-dns-or-inline-"
		            "signing");
	} else if (is == NULL) {
		check_warning(ctx, &dp->loc,
		              "'inline-signing' default changed to 'yes' in "
		              "9.20. Before upgrading, explicitly set "
		              "'inline-signing no;' to your dnssec-policy or "
		              "zone configuration");
	}
}

static void
check_dnssec_options(check_ctx_t *ctx, const zinfo_t *z) {
	static const char *const need_inline[] = {"dnssec-dnskey-kskonly",
	                                          "dnssec-loadkeys-interval",
	                                          "update-check-ksk"};
	bool inl = check_bool(
	        check_lookup(ctx, z->blk, z->scope->view, "inline-signing"),
	        false);

	if (z->type == CZ_SECONDARY && !inl) {
		for (size_t i = 0; i < 3; i++) {
			const conf_stmt_t *s =
			        conf_block_find(z->blk, need_inline[i]);
			if (s != NULL) {
				check_error(ctx, &s->loc,
				            "%s: requires inline-signing when "
				            "used in secondary zone",
				            need_inline[i]);
			}
		}
	}
	const conf_stmt_t *ad = conf_block_find(z->blk, "auto-dnssec");
	const char *adv = check_arg(ad, 0);
	if (adv != NULL && strcasecmp(adv, "off") != 0) {
		check_warning(ctx, &ad->loc,
		              "'auto-dnssec' option is deprecated and will be "
		              "removed in BIND 9.19. Please migrate to "
		              "dnssec-policy");
		if (z->type == CZ_PRIMARY && !inl && !zone_is_dynamic(ctx, z)) {
			check_error(ctx, &ad->loc,
			            "'auto-dnssec %s;' requires dynamic DNS "
			            "or inline-signing to be configured for "
			            "the zone",
			            adv);
		} else if (z->type == CZ_SECONDARY && !inl) {
			check_error(ctx, &ad->loc,
			            "'auto-dnssec %s;' requires inline-signing "
			            "to be configured for the zone",
			            adv);
		}
	}
	if ((z->type & (CZ_PRIMARY | CZ_SECONDARY)) != 0) {
		const conf_stmt_t *kd =
		        conf_block_find(z->blk, "key-directory");
		const char *dir = check_arg(kd, 0);
		struct stat st;
		if (dir != NULL &&
		    (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
			check_warning(ctx, &kd->loc,
			              "key-directory: '%s' does not exist",
			              dir);
		}
	}
}

/* static-stub server-names must be outside the zone. */
static void
check_static_stub(check_ctx_t *ctx, const zinfo_t *z, const name_t *zname) {
	const conf_block_t *sn = conf_block_findblock(z->blk, "server-names");
	for (const conf_stmt_t *s = sn != NULL ? sn->first : NULL; s != NULL;
	     s = s->next)
	{
		name_t n;
		if (s->name == NULL) {
			continue;
		}
		if (check_name(s->name, &n) != R_OK) {
			check_error(ctx, &s->loc, "'%s' is not a valid name",
			            s->name);
			continue;
		}
		if (name_issubdomain(&n, zname)) {
			check_error(ctx, &z->stmt->loc,
			            "server-name '%s' must not be a subdomain "
			            "of zone name '%s'",
			            s->name, z->name);
		}
	}
}

static void
check_one_zone(check_ctx_t *ctx, const check_scope_t *scope,
               const conf_stmt_t *zs) {
	zinfo_t z = {zs, conf_stmt_block(zs), check_arg(zs, 0), NULL, 0, scope};
	name_t zname;

	if (z.name == NULL || z.blk == NULL) {
		return;
	}
	if (check_name(z.name, &zname) != R_OK) {
		check_error(ctx, &zs->loc, "zone '%s': is not a valid name",
		            z.name);
		return;
	}
	const conf_value_t *cv = check_argv(zs, 1);
	if (cv != NULL && cv->kind != CONF_V_BLOCK) {
		uint16_t zc;
		if (check_class(cv->text, &zc) != R_OK) {
			check_error(ctx, &zs->loc, "unknown class '%s'",
			            cv->text);
			return;
		}
		if (zc != scope->rclass) {
			check_error(ctx, &zs->loc,
			            "zone '%s': class '%s' does not match "
			            "view/default class",
			            z.name, cv->text);
		}
	}
	if (conf_block_find(z.blk, "in-view") != NULL) {
		/* An in-view zone only points at another view's zone. */
		if (z.blk->count > 1) {
			check_error(ctx, &zs->loc,
			            "zone '%s': 'in-view' used with "
			            "incompatible zone options",
			            z.name);
		}
		return; /* the target is checked in check_zones_global */
	}
	z.type = check_zonetype(z.blk);
	z.typetext = check_arg(conf_block_find(z.blk, "type"), 0);
	if (z.type == 0) {
		if (z.typetext == NULL) {
			check_error(ctx, &zs->loc,
			            "zone '%s': type not present", z.name);
		}
		return;
	}
	check_zone_options(ctx, &z);
	check_dnssec_options(ctx, &z); /* BIND reports these before "file" */

	/* A zone served from DLZ or another database needs no file; the
	 * built-in "rbt"/"rbt64" databases still load one (compared
	 * case-sensitively, as BIND does). */
	const char *db = check_arg(conf_block_find(z.blk, "database"), 0);
	bool has_db = conf_block_find(z.blk, "dlz") != NULL ||
	              (db != NULL && strcmp(db, "rbt") != 0 &&
	               strcmp(db, "rbt64") != 0);
	const conf_stmt_t *file = conf_block_find(z.blk, "file");
	bool inl = check_bool(
	        check_lookup(ctx, z.blk, scope->view, "inline-signing"), false);
	if (file == NULL && !has_db &&
	    (z.type == CZ_PRIMARY || z.type == CZ_HINT ||
	     (z.type == CZ_SECONDARY && inl)))
	{
		check_error(ctx, &zs->loc, "zone '%s': missing 'file' entry",
		            z.name);
	}
	if (z.type == CZ_REDIRECT && zname.length != 1) {
		check_error(ctx, &zs->loc,
		            "redirect zones must be called \".\"");
	}
	if (z.type & (CZ_SECONDARY | CZ_MIRROR | CZ_STUB)) {
		bool has = conf_block_find(z.blk, "primaries") != NULL ||
		           conf_block_find(z.blk, "masters") != NULL;
		bool root_mirror = z.type == CZ_MIRROR && zname.length == 1;
		if (!has && !root_mirror) {
			check_error(ctx, &zs->loc,
			            "zone '%s': missing 'primaries' entry",
			            z.name);
		}
	}
	if (z.type & (CZ_SECONDARY | CZ_MIRROR | CZ_STUB | CZ_REDIRECT)) {
		check_primaries_ref(ctx, &z, "primaries", "primaries");
	}
	if (z.type & (CZ_PRIMARY | CZ_SECONDARY | CZ_MIRROR)) {
		const conf_stmt_t *an =
		        check_lookup(ctx, z.blk, scope->view, "also-notify");
		const conf_stmt_t *nt =
		        check_lookup(ctx, z.blk, scope->view, "notify");
		/* With notify off the list is never used, and BIND does
		 * not resolve it. */
		if (an != NULL && check_bool(nt, true)) {
			check_remote_ref(ctx, an, "primaries", scope->view);
		}
	}
	if (z.type & (CZ_PRIMARY | CZ_SECONDARY)) {
		check_primaries_ref(ctx, &z, "parental-agents",
		                    "parental-agents");
	}
	if (z.type == CZ_MIRROR) {
		const conf_stmt_t *rec =
		        check_lookup_view(ctx, scope->view, "recursion");
		const conf_stmt_t *ar =
		        check_lookup_view(ctx, scope->view, "allow-recursion");
		if ((rec != NULL && !check_bool(rec, true)) ||
		    (ar != NULL && check_aml_isnone(conf_stmt_block(ar))))
		{
			check_error(ctx, &zs->loc,
			            "zone '%s': mirror zones cannot be used "
			            "if recursion is disabled",
			            z.name);
		}
	}
	const conf_stmt_t *up = conf_block_find(z.blk, "update-policy");
	const conf_stmt_t *au = conf_block_find(z.blk, "allow-update");
	if (up != NULL && au != NULL) {
		check_error(ctx, &au->loc,
		            "zone '%s': 'allow-update' is ignored when "
		            "'update-policy' is present",
		            z.name);
	}
	if (up != NULL && z.type == CZ_PRIMARY) {
		check_update_policy(ctx, up);
	}
	if (z.type == CZ_STATICSTUB) {
		check_static_stub(ctx, &z, &zname);
	}
	check_dnssec_policy(ctx, &z);
	check_options_block(ctx, z.blk, scope, LEVEL_ZONE);
}

/* Duplicate zones: same name (compared as names) in a view; redirect
 * zones live apart from the others. */
static void
check_zone_dups(check_ctx_t *ctx, const conf_block_t *zones_in) {
	check_hash_t *seen = check_hash_create();
	for (const conf_stmt_t *z = conf_block_find(zones_in, "zone");
	     z != NULL; z = conf_stmt_findnext(z))
	{
		const char *zn = check_arg(z, 0);
		name_t a;
		uint8_t key[NAME_MAXWIRE + 1];
		if (zn == NULL || check_name(zn, &a) != R_OK) {
			continue;
		}
		name_downcase(&a);
		memcpy(key, a.wire, a.length);
		key[a.length] =
		        check_zonetype(conf_stmt_block(z)) == CZ_REDIRECT ? 1
		                                                          : 0;
		const conf_stmt_t *p =
		        check_hash_add(seen, key, a.length + 1u, (void *)z);
		if (p != NULL) {
			check_error(ctx, &z->loc,
			            "zone '%s': already exists previous "
			            "definition: %s:%u",
			            zn, p->loc.file, p->loc.line);
		}
	}
	check_hash_destroy(seen);
}

/* A zone may be listed once in catalog-zones. */
static void
check_catalog_dups(check_ctx_t *ctx, const check_scope_t *scope) {
	const conf_stmt_t *s =
	        check_lookup_view(ctx, scope->view, "catalog-zones");
	const conf_block_t *b = conf_stmt_block(s);
	for (const conf_stmt_t *e = b != NULL ? b->first : NULL; e != NULL;
	     e = e->next) {
		const char *ref = check_arg(e, 0);
		name_t a, p;
		if (ref == NULL || check_name(ref, &a) != R_OK) {
			continue;
		}
		for (const conf_stmt_t *q = b->first; q != e; q = q->next) {
			const char *pref = check_arg(q, 0);
			if (pref != NULL && check_name(pref, &p) == R_OK &&
			    name_equal(&a, &p)) {
				char txt[NAME_MAXTEXT];
				if (name_totext(&a, NULL, true, txt,
				                sizeof(txt), NULL) != R_OK) {
					txt[0] = '\0';
				}
				check_error(ctx, &e->loc,
				            "catalog zone '%s': already added "
				            "here %s:%u",
				            txt, q->loc.file, q->loc.line);
				break;
			}
		}
	}
}

/* catalog-zones and response-policy must name primary/secondary zones of
 * the same view. */
static void
check_zone_refs(check_ctx_t *ctx, const check_scope_t *scope,
                const conf_block_t *zones_in, const char *opt,
                const char *what) {
	const conf_stmt_t *s = check_lookup_view(ctx, scope->view, opt);
	const conf_block_t *b = conf_stmt_block(s);
	for (const conf_stmt_t *e = b != NULL ? b->first : NULL; e != NULL;
	     e = e->next) {
		const char *ref = check_arg(e, 0);
		name_t want, have;
		bool ok = false;
		if (e->name == NULL || strcasecmp(e->name, "zone") != 0 ||
		    ref == NULL || check_name(ref, &want) != R_OK)
		{
			continue;
		}
		for (const conf_stmt_t *z = conf_block_find(zones_in, "zone");
		     z != NULL; z = conf_stmt_findnext(z))
		{
			const char *zn = check_arg(z, 0);
			if (zn != NULL && check_name(zn, &have) == R_OK &&
			    name_equal(&want, &have)) {
				unsigned t = check_zonetype(conf_stmt_block(z));
				ok = (t & (CZ_PRIMARY | CZ_SECONDARY)) != 0;
				break;
			}
		}
		if (!ok) {
			check_error(
			        ctx, &e->loc,
			        "%s zone '%s' is not a primary or secondary "
			        "zone",
			        what, ref);
		}
	}
}

void
check_zones(check_ctx_t *ctx, const check_scope_t *scope,
            const conf_block_t *zones_in) {
	for (const conf_stmt_t *z = conf_block_find(zones_in, "zone");
	     z != NULL; z = conf_stmt_findnext(z))
	{
		check_one_zone(ctx, scope, z);
	}
	check_zone_dups(ctx, zones_in);
	check_zone_refs(ctx, scope, zones_in, "catalog-zones", "catalog");
	check_catalog_dups(ctx, scope);
	check_zone_refs(ctx, scope, zones_in, "response-policy",
	                "response-policy");
}

/* ---- checks across views ---- */

static bool
zone_writes_file(const check_ctx_t *ctx, const conf_block_t *zb,
                 const conf_block_t *view) {
	unsigned t = check_zonetype(zb);
	if (t & (CZ_SECONDARY | CZ_MIRROR)) {
		return true;
	}
	if (t != CZ_PRIMARY) {
		return false;
	}
	zinfo_t z = {NULL, zb, NULL, NULL, t, NULL};
	check_scope_t sc = {view, NULL, NULL, 1};
	z.scope = &sc;
	/* A signed zone (dnssec-policy) is rewritten by named as well. */
	const char *pol =
	        check_arg(check_lookup(ctx, zb, view, "dnssec-policy"), 0);
	if (pol != NULL && strcasecmp(pol, "none") != 0) {
		return true;
	}
	return zone_is_dynamic(ctx, &z);
}

typedef struct {
	const conf_stmt_t *zone;
	const conf_block_t *view;
} zref_t;

/* First zone to use a file, and whether any zone using it writes it. */
typedef struct {
	const conf_stmt_t *file;
	bool writes;
} fileuse_t;

static void
check_files(check_ctx_t *ctx, const zref_t *zones, size_t n) {
	check_hash_t *seen = check_hash_create();
	fileuse_t *uses = calloc(n > 0 ? n : 1, sizeof(*uses));
	if (uses == NULL) {
		abort();
	}
	for (size_t i = 0; i < n; i++) {
		const conf_block_t *zb = conf_stmt_block(zones[i].zone);
		const conf_stmt_t *f = conf_block_find(zb, "file");
		const char *fn = check_arg(f, 0);
		if (fn == NULL) {
			continue;
		}
		bool w = zone_writes_file(ctx, zb, zones[i].view);
		uses[i] = (fileuse_t){f, w};
		fileuse_t *prev =
		        check_hash_add(seen, fn, strlen(fn), &uses[i]);
		if (prev == NULL) {
			continue;
		}
		if (w || prev->writes) {
			check_error(
			        ctx, &f->loc,
			        "writeable file '%s': already in use: %s:%u",
			        fn, prev->file->loc.file, prev->file->loc.line);
		}
		prev->writes = prev->writes || w;
	}
	check_hash_destroy(seen);
	free(uses);
}

/* Key of a zone in a view: view name, NUL, lower-cased wire name. */
static size_t
viewzone_key(const char *view, const name_t *zn, uint8_t *key, size_t size) {
	size_t vl = strlen(view);
	if (vl + 1 + zn->length > size) {
		return 0;
	}
	memcpy(key, view, vl);
	key[vl] = '\0';
	memcpy(key + vl + 1, zn->wire, zn->length);
	return vl + 1 + zn->length;
}

static void
inview_error(check_ctx_t *ctx, const conf_stmt_t *iv, const char *zn,
             const char *target) {
	check_error(ctx, &iv->loc,
	            "'in-view' zone '%s' does not exist in view '%s', or "
	            "view '%s' is not yet defined",
	            zn, target, target);
}

/* in-view targets must be real (not in-view) zones of a view defined
 * earlier.  Views are walked in order with a hash of the zones seen so
 * far, so this stays linear with many shared zones. */
static void
check_inview(check_ctx_t *ctx) {
	check_hash_t *seen = check_hash_create();
	uint8_t key[1024 + NAME_MAXWIRE];
	static int present = 1;

	for (const conf_stmt_t *v = check_top(ctx, "view"); v != NULL;
	     v = conf_stmt_findnext(v))
	{
		const conf_block_t *vb = conf_stmt_block(v);
		const char *vn = check_arg(v, 0);
		if (vn == NULL) {
			continue;
		}
		for (const conf_stmt_t *z = conf_block_find(vb, "zone");
		     z != NULL; z = conf_stmt_findnext(z))
		{
			const conf_stmt_t *iv =
			        conf_block_find(conf_stmt_block(z), "in-view");
			const char *target = check_arg(iv, 0);
			const char *zn = check_arg(z, 0);
			name_t n;
			if (zn == NULL || check_name(zn, &n) != R_OK) {
				continue;
			}
			name_downcase(&n);
			if (target == NULL) {
				continue;
			}
			size_t kl = viewzone_key(target, &n, key, sizeof(key));
			if (kl == 0 || check_hash_find(seen, key, kl) == NULL) {
				inview_error(ctx, iv, zn, target);
			}
		}
		/* this view's real zones become targets for later views */
		for (const conf_stmt_t *z = conf_block_find(vb, "zone");
		     z != NULL; z = conf_stmt_findnext(z))
		{
			const char *zn = check_arg(z, 0);
			name_t n;
			if (zn == NULL || check_name(zn, &n) != R_OK ||
			    conf_block_find(conf_stmt_block(z), "in-view") !=
			            NULL)
			{
				continue;
			}
			name_downcase(&n);
			size_t kl = viewzone_key(vn, &n, key, sizeof(key));
			if (kl > 0) {
				(void)check_hash_add(seen, key, kl, &present);
			}
		}
	}
	check_hash_destroy(seen);
	/* in-view outside views can never resolve. */
	for (const conf_stmt_t *z = check_top(ctx, "zone"); z != NULL;
	     z = conf_stmt_findnext(z))
	{
		const conf_stmt_t *iv =
		        conf_block_find(conf_stmt_block(z), "in-view");
		const char *target = check_arg(iv, 0);
		const char *zn = check_arg(z, 0);
		if (target != NULL && zn != NULL) {
			inview_error(ctx, iv, zn, target);
		}
	}
}

void
check_zones_global(check_ctx_t *ctx) {
	size_t n = 0, cap = 0;
	zref_t *zones = NULL;

	const conf_stmt_t *v = check_top(ctx, "view");
	const conf_block_t *blk = ctx->top;
	const conf_block_t *view = NULL;
	for (;;) {
		for (const conf_stmt_t *z = conf_block_find(blk, "zone");
		     z != NULL; z = conf_stmt_findnext(z))
		{
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				zref_t *nz = realloc(zones, cap * sizeof(*nz));
				if (nz == NULL) {
					free(zones);
					check_fail(ctx, R_NOMEMORY);
					return;
				}
				zones = nz;
			}
			zones[n].zone = z;
			zones[n].view = view;
			n++;
		}
		if (v == NULL) {
			break;
		}
		blk = view = conf_stmt_block(v);
		v = conf_stmt_findnext(v);
		if (blk == NULL) {
			break;
		}
	}
	check_files(ctx, zones, n);
	free(zones);
	check_inview(ctx);
}
