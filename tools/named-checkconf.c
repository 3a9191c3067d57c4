/*
 * named-checkconf - check (and with -p print) a named.conf, as BIND 9.18's
 * tool of the same name does.
 *
 *	named-checkconf [-chijlvz] [-p [-x]] [-t directory] [named.conf]
 *
 * Parsing and the clause schema come from config/ast.h, the semantic
 * checks and zone loading (-z, -j) from config/check.h.  Exit status 0
 * when the configuration is accepted, 1 otherwise, like BIND.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h> /* not unistd.h: its R_OK collides with result.h */

#include "config/ast.h"
#include "config/check.h"
#include "config/print.h"
#include "config/schema.h"

#define DEFAULT_CONF "/etc/bind/named.conf"
#define VERSION_TEXT "9.18.49-Bindery"

typedef struct logstate {
	bool quiet_warnings; /* -i */
} logstate_t;

static void
log_cb(void *arg, conf_sev_t sev, const char *file, unsigned line,
       const char *msg) {
	logstate_t *ls = arg;
	if (sev == CONF_SEV_WARNING && ls->quiet_warnings) {
		return;
	}
	/* BIND's named-checkconf logs everything to stdout. */
	if (file != NULL) {
		printf("%s:%u: %s\n", file, line, msg);
	} else {
		printf("%s\n", msg);
	}
}

static void
usage(void) {
	fprintf(stderr, "usage: named-checkconf [-chijlvz] [-p [-x]] "
			"[-t directory] [named.conf]\n");
}

/* -l: one line per zone: name class view type. */
static void
list_zones_in(const conf_block_t *b, const char *view, const char *vclass) {
	for (const conf_stmt_t *s = conf_block_find(b, "zone"); s != NULL;
	     s = conf_stmt_findnext(s)) {
		const conf_value_t *name = conf_stmt_arg(s, 0);
		const conf_value_t *cls = conf_stmt_arg(s, 1);
		const conf_block_t *body = conf_stmt_block(s);
		const conf_stmt_t *type = conf_block_find(body, "type");
		if (name == NULL || name->kind == CONF_V_BLOCK) {
			continue;
		}
		const char *cl = cls != NULL && cls->kind != CONF_V_BLOCK
					 ? cls->text
					 : vclass;
		const conf_value_t *tv = conf_stmt_arg(type, 0);
		printf("%s %s %s %s\n", name->text, cl, view,
		       tv != NULL ? tv->text : "");
	}
}

static void
list_zones(const conf_tree_t *tree) {
	list_zones_in(tree->top, "_default", "IN");
	for (const conf_stmt_t *v = conf_block_find(tree->top, "view");
	     v != NULL; v = conf_stmt_findnext(v)) {
		const conf_value_t *name = conf_stmt_arg(v, 0);
		const conf_value_t *cls = conf_stmt_arg(v, 1);
		if (name == NULL || name->kind == CONF_V_BLOCK) {
			continue;
		}
		list_zones_in(conf_stmt_block(v), name->text,
			      cls != NULL && cls->kind != CONF_V_BLOCK
				      ? cls->text
				      : "IN");
	}
}

int
main(int argc, char **argv) {
	bool print = false, nosecrets = false, list = false;
	unsigned flags = 0;
	const char *chroot_dir = NULL;
	logstate_t ls = { .quiet_warnings = false };
	int ch;

	opterr = 0; /* our own message, in BIND's words */
	while ((ch = getopt(argc, argv, "chijlvzpxt:")) != -1) {
		switch (ch) {
		case 'c':
			break; /* plugins are not loaded anyway */
		case 'h':
			usage();
			return 0;
		case 'i':
			ls.quiet_warnings = true;
			break;
		case 'j':
			flags |= CHECK_JOURNALS;
			break;
		case 'l':
			list = true;
			break;
		case 'v':
			printf("%s\n", VERSION_TEXT);
			return 0;
		case 'z':
			flags |= CHECK_LOADZONES;
			break;
		case 'p':
			print = true;
			break;
		case 'x':
			nosecrets = true;
			break;
		case 't':
			chroot_dir = optarg;
			break;
		default:
			/* BIND 9.18 exits 0 here; so does this, for scripts
			 * that depend on it */
			fprintf(stderr, "named-checkconf: invalid argument -%c\n",
				optopt);
			usage();
			return 0;
		}
	}
	if (nosecrets && !print) {
		fprintf(stderr,
			"named-checkconf: -x cannot be used without -p\n");
		return 1;
	}
	if (argc - optind > 1) {
		usage();
		return 0; /* as BIND 9.18 does */
	}
	const char *conffile = optind < argc ? argv[optind] : DEFAULT_CONF;

	conf_tree_t *tree = NULL;
	if (conf_parse_file(conffile, chroot_dir, &tree, log_cb, &ls) !=
	    R_OK) {
		return 1;
	}
	int rc = 0;
	if (conf_check(tree, flags, log_cb, &ls) != R_OK) {
		rc = 1;
	}
	if (rc == 0 && list) {
		list_zones(tree);
	}
	if (rc == 0 && print) {
		if (conf_print(tree, stdout,
			       nosecrets ? CONF_PRINT_NOSECRETS : 0) != R_OK) {
			rc = 1;
		}
	}
	conf_tree_free(&tree);
	if (fflush(stdout) != 0) {
		rc = 1;
	}
	return rc;
}
