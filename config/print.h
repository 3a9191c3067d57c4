/*
 * print.h - `named-checkconf -p`: a validated tree printed in BIND 9.18's
 * canonical form.
 *
 * Contract: tree must have passed the schema pass (values typed).  Each
 * block's clauses are printed grouped in BIND's order (schema_rank()),
 * values by type: strings quoted, sizes in bytes, TTL-style durations in
 * seconds (ISO 8601 ones as written), addresses and prefixes normalised,
 * tabs for indentation.  The output parses back to an equal tree.
 */
#ifndef BINDERY_CONFIG_PRINT_H
#define BINDERY_CONFIG_PRINT_H

#include <stdio.h>

#include "config/ast.h"

#define CONF_PRINT_NOSECRETS 0x01u /* -x: secrets become '?'s */

/* Writes the tree to out.  R_IOERROR if writing failed. */
result_t conf_print(const conf_tree_t *tree, FILE *out, unsigned flags);

#endif
