/*
 * check.h - the semantic checks named-checkconf makes on a parsed
 * named.conf, as BIND 9.18 does them.
 *
 * Input is a tree that conf_parse_file() accepted (syntax and the clause
 * schema are the parser's job).  conf_check() then verifies what a clause
 * table cannot: references (acl, key, primaries, tls, http, dnssec-policy
 * names), duplicates (zones per view and class, keys, acls, views, lists),
 * zone type requirements, update-policy rules, key secrets, logging
 * channels and categories, number ranges and option combinations.
 *
 * Every problem is reported through log as (file, line, message) with
 * BIND's wording; checking goes on after an error so that all problems are
 * reported, like BIND.  Returns R_OK if nothing was an error (warnings do
 * not count), otherwise the first error's result (usually R_FAILURE).
 *
 * With CHECK_LOADZONES (-z) every primary zone (and redirect zone with a
 * file) is then loaded and checked with the zone loader.  As in BIND, the
 * per-zone lines ("zone example/IN: loaded serial 1") and the loader's
 * messages go to out, and a failed zone's summary line
 * ("_default/example/IN: bad zone") goes to err.
 * CHECK_JOURNALS (-j) also replays a zone's journal when one exists.
 */
#ifndef BINDERY_CONFIG_CHECK_H
#define BINDERY_CONFIG_CHECK_H

#include <stdio.h>

#include "config/ast.h"
#include "zones/result.h"

#define CHECK_LOADZONES 0x01u /* -z: load primary zones */
#define CHECK_JOURNALS  0x02u /* -j: also read journals (not yet: no reader) */

/* Checks tree; see the file comment.  out and err may be NULL (stdout,
 * stderr). */
result_t conf_check_ex(const conf_tree_t *tree, unsigned flags, conf_log_t log,
                       void *logarg, FILE *out, FILE *err);

/* conf_check_ex() with out = stdout and err = stderr. */
result_t conf_check(const conf_tree_t *tree, unsigned flags, conf_log_t log,
                    void *logarg);

#endif
