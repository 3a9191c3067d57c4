/*
 * cfgobj.h - typed, immutable configuration objects built from a checked
 * named.conf tree: the views (the implicit "_default" view when there is
 * no view statement), their zones, and the TSIG keys.
 *
 * Option lookup: cfg_zone_*() getters walk zone -> view -> options ->
 * BIND's built-in default (the clause table's default text, parsed once by
 * the same parser) and return the first value found, so callers never
 * re-implement inheritance.  cfg_view_*() start at the view.
 *
 * Contract: cfg_build() requires a tree conf_check() accepted; it keeps
 * pointers into that tree, so the tree must outlive the cfg_t.  After
 * cfg_build() nothing changes: any number of threads may read.
 * Two cfg_t built from the same file compare equal with cfg_equal().
 */
#ifndef BINDERY_CONFIG_CFGOBJ_H
#define BINDERY_CONFIG_CFGOBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/acl.h"
#include "config/ast.h"
#include "zones/name.h"
#include "zones/result.h"

typedef struct cfg cfg_t;
typedef struct cfg_view cfg_view_t;
typedef struct cfg_zone cfg_zone_t;

typedef enum {
	CFG_ZONE_PRIMARY,
	CFG_ZONE_SECONDARY,
	CFG_ZONE_MIRROR,
	CFG_ZONE_STUB,
	CFG_ZONE_STATICSTUB,
	CFG_ZONE_FORWARD,
	CFG_ZONE_HINT,
	CFG_ZONE_REDIRECT,
	CFG_ZONE_DELEGATION,
	CFG_ZONE_INVIEW,
} cfg_zonetype_t;

#define CFG_SECRET_MAX 512

typedef struct cfg_key {
	name_t name;
	char algorithm[32];  /* lower case, without "-bits": "hmac-sha256" */
	unsigned digestbits; /* truncation from "hmac-sha256-128", or 0 */
	uint8_t secret[CFG_SECRET_MAX];
	size_t secretlen;
	const cfg_view_t *view; /* NULL for a top-level key */
} cfg_key_t;

/* Builds the objects.  R_NOMEMORY, or R_BADBASE64 for a secret that does
 * not decode (conf_check() would have reported it). */
result_t cfg_build(const conf_tree_t *tree, cfg_t **out);

/* Frees everything; *cfgp becomes NULL. */
void cfg_free(cfg_t **cfgp);

/* Views in file order. */
size_t cfg_view_count(const cfg_t *cfg);
const cfg_view_t *cfg_view_at(const cfg_t *cfg, size_t i);
/* View by name and class, or NULL. */
const cfg_view_t *cfg_view_find(const cfg_t *cfg, const char *name,
                                uint16_t rclass);
const char *cfg_view_name(const cfg_view_t *v);
uint16_t cfg_view_class(const cfg_view_t *v);

/* Zones of a view in file order; lookup by exact name. */
size_t cfg_zone_count(const cfg_view_t *v);
const cfg_zone_t *cfg_zone_at(const cfg_view_t *v, size_t i);
const cfg_zone_t *cfg_zone_find(const cfg_view_t *v, const name_t *name);
const name_t *cfg_zone_name(const cfg_zone_t *z);
cfg_zonetype_t cfg_zone_type(const cfg_zone_t *z);
const cfg_view_t *cfg_zone_view(const cfg_zone_t *z);
/* "file" of the zone, or NULL. */
const char *cfg_zone_file(const cfg_zone_t *z);

/* Keys: view keys first when view != NULL, then top-level ones. */
size_t cfg_key_count(const cfg_t *cfg);
const cfg_key_t *cfg_key_at(const cfg_t *cfg, size_t i);
const cfg_key_t *cfg_key_find(const cfg_t *cfg, const cfg_view_t *view,
                              const name_t *name);

/*
 * The statement that sets option name for the zone (zone, view, options,
 * then built-in default), or NULL if it is set nowhere and has no default.
 */
const conf_stmt_t *cfg_zone_option(const cfg_zone_t *z, const char *name);
const conf_stmt_t *cfg_view_option(const cfg_view_t *v, const char *name);

/* Typed getters over the lookup above: R_NOTFOUND when unset with no
 * default, R_SYNTAX when the value is not of that type. */
result_t cfg_zone_bool(const cfg_zone_t *z, const char *name, bool *out);
result_t cfg_zone_uint(const cfg_zone_t *z, const char *name, uint64_t *out);
result_t cfg_zone_duration(const cfg_zone_t *z, const char *name,
                           uint32_t *out);
result_t cfg_view_bool(const cfg_view_t *v, const char *name, bool *out);
/* Text of the first argument (word or string), or NULL. */
const char *cfg_zone_text(const cfg_zone_t *z, const char *name);

/*
 * Compiles the address match list of option name (looked up as above)
 * into *out (caller detaches).  Named ACLs are resolved; "key" elements
 * are compiled as key-name matches; localhost/localnets become empty
 * lists (the server substitutes its interfaces).  R_NOTFOUND if unset.
 */
result_t cfg_zone_acl(const cfg_zone_t *z, const char *name, acl_t **out);
result_t cfg_view_acl(const cfg_view_t *v, const char *name, acl_t **out);

/* The same, with localhost/localnets bound to the given lists (e.g. from
 * acl_interfaces_create(); either may be NULL for an empty list). */
result_t cfg_zone_acl_env(const cfg_zone_t *z, const char *name,
                          acl_t *localhost, acl_t *localnets, acl_t **out);
result_t cfg_view_acl_env(const cfg_view_t *v, const char *name,
                          acl_t *localhost, acl_t *localnets, acl_t **out);

/* Deep equality: same views, zones, keys and option values. */
bool cfg_equal(const cfg_t *a, const cfg_t *b);

#endif
