/*
 * check_updatepolicy.c - update-policy rules, as BIND 9.18 checks them:
 *
 *	( grant | deny ) identity matchtype [ name ] [ type[(count)] ... ] ;
 *
 * The identity must be a domain name.  Whether the name field is present,
 * and what it must be, depends on the match type:
 *   - zonesub: no name field; every remaining word is a type;
 *   - name, subdomain, external and the ms-/krb5- subdomain forms: a name
 *     is required, so a first word that is an RR type means it is missing;
 *   - wildcard: the name must be a wildcard;
 *   - self, selfsub, selfwild: the name must be "." or equal the identity;
 *   - the krb5-self/ms-self/tcp-self/6to4-self families: the name is a
 *     placeholder and must be ".".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/check_int.h"
#include "zones/rdata.h"

typedef enum {
	NAME_NONE,        /* zonesub */
	NAME_REQUIRED,    /* name, subdomain, ... */
	NAME_WILDCARD,    /* wildcard */
	NAME_IDENTITY,    /* self, selfsub, selfwild */
	NAME_PLACEHOLDER, /* krb5-self, ms-self, tcp-self, ... */
} namerule_t;

static const struct {
	const char *name;
	namerule_t rule;
} matchtypes[] = {
        {"name", NAME_REQUIRED},
        {"subdomain", NAME_REQUIRED},
        {"zonesub", NAME_NONE},
        {"wildcard", NAME_WILDCARD},
        {"self", NAME_IDENTITY},
        {"selfsub", NAME_IDENTITY},
        {"selfwild", NAME_IDENTITY},
        {"ms-self", NAME_PLACEHOLDER},
        {"ms-selfsub", NAME_PLACEHOLDER},
        {"ms-subdomain", NAME_REQUIRED},
        {"ms-subdomain-self-rhs", NAME_REQUIRED},
        {"krb5-self", NAME_PLACEHOLDER},
        {"krb5-selfsub", NAME_PLACEHOLDER},
        {"krb5-subdomain", NAME_REQUIRED},
        {"krb5-subdomain-self-rhs", NAME_REQUIRED},
        {"tcp-self", NAME_PLACEHOLDER},
        {"6to4-self", NAME_PLACEHOLDER},
        {"external", NAME_REQUIRED},
};

/* An RR type mnemonic (or TYPEnnn), optionally followed by "(count)". */
static void
check_type(check_ctx_t *ctx, const conf_stmt_t *rule, const char *text) {
	const char *paren = strchr(text, '(');
	size_t len = paren != NULL ? (size_t)(paren - text) : strlen(text);
	uint16_t type;

	if (len == 0 || rrtype_fromtext(text, len, &type) != R_OK) {
		if (strncasecmp(text, "ANY", len) != 0 || len != 3) {
			check_error(ctx, &rule->loc, "'%s' is not a valid type",
			            text);
			return;
		}
	}
	if (paren != NULL) {
		char *end;
		unsigned long n = strtoul(paren + 1, &end, 10);
		if (end == paren + 1 || *end != ')' || end[1] != '\0' ||
		    n > 65535) {
			check_error(ctx, &rule->loc,
			            "'%s' is not a valid count", paren);
		}
	}
}

static bool
is_type(const char *text) {
	uint16_t type;
	const char *paren = strchr(text, '(');
	size_t len = paren != NULL ? (size_t)(paren - text) : strlen(text);
	if (len == 3 && strncasecmp(text, "ANY", 3) == 0) {
		return true;
	}
	return len > 0 && rrtype_fromtext(text, len, &type) == R_OK;
}

static void
check_rule(check_ctx_t *ctx, const conf_stmt_t *rule) {
	const char *identity = check_arg(rule, 0);
	const char *mtype = check_arg(rule, 1);
	size_t nargs = conf_stmt_nargs(rule);
	namerule_t nr = NAME_REQUIRED;
	bool known = false;
	name_t idn, nm;
	size_t first_type = 2;

	if (identity == NULL || mtype == NULL) {
		return; /* the parser has complained already */
	}
	for (size_t i = 0; i < sizeof(matchtypes) / sizeof(matchtypes[0]); i++)
	{
		if (strcasecmp(mtype, matchtypes[i].name) == 0) {
			nr = matchtypes[i].rule;
			known = true;
			break;
		}
	}
	if (!known) {
		check_error(ctx, &rule->loc, "'%s' is not a valid match type",
		            mtype);
		return;
	}
	if (check_name(identity, &idn) != R_OK) {
		check_error(ctx, &rule->loc, "'%s' is not a valid name",
		            identity);
		return;
	}
	if (nr != NAME_NONE) {
		const char *name = check_arg(rule, 2);
		first_type = 3;
		switch (nr) {
		case NAME_REQUIRED:
			if (name == NULL) {
				break;
			}
			if (is_type(name)) {
				check_error(ctx, &rule->loc,
				            "missing name field type '%s' "
				            "found",
				            name);
				return;
			}
			if (check_name(name, &nm) != R_OK) {
				check_error(ctx, &rule->loc,
				            "'%s' is not a valid name", name);
				return;
			}
			break;
		case NAME_WILDCARD:
			if (name == NULL || check_name(name, &nm) != R_OK ||
			    !name_iswildcard(&nm)) {
				check_error(ctx, &rule->loc,
				            "'%s' is not a wildcard",
				            name != NULL ? name : "");
				return;
			}
			break;
		case NAME_IDENTITY:
			if (name == NULL || check_name(name, &nm) != R_OK ||
			    (nm.length != 1 && !name_equal(&nm, &idn)))
			{
				check_error(ctx, &rule->loc,
				            "identity and name fields are not "
				            "the same");
				return;
			}
			break;
		case NAME_PLACEHOLDER:
			if (name == NULL || strcmp(name, ".") != 0) {
				check_error(ctx, &rule->loc,
				            "name field not set to placeholder "
				            "value '.'");
				return;
			}
			break;
		case NAME_NONE:
			break;
		}
	}
	for (size_t i = first_type; i < nargs; i++) {
		const char *t = check_arg(rule, i);
		if (t != NULL) {
			check_type(ctx, rule, t);
		}
	}
}

void
check_update_policy(check_ctx_t *ctx, const conf_stmt_t *up) {
	const conf_block_t *b = conf_stmt_block(up);
	if (b == NULL) {
		return; /* "update-policy local;" */
	}
	for (const conf_stmt_t *r = b->first; r != NULL; r = r->next) {
		check_rule(ctx, r);
	}
}
