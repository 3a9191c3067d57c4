/*
 * print.c - canonical printing of a validated tree (contract in print.h).
 *
 * BIND prints from its typed representation, not from the text it read,
 * so the output here is driven by the types the schema pass recorded on
 * each value.  The few places where BIND's printer has a quirk of its own
 * (a doubled blank before an address list whose optional keywords are all
 * absent, "stderr ;", "file"x"" after dnstap-output, "port 0" added to an
 * explicit query-source address) are reproduced on purpose, because -p
 * output is compared byte for byte with BIND's.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "config/ast.h"
#include "config/print.h"
#include "config/schema.h"

typedef struct pctx {
	FILE *out;
	unsigned flags;
} pctx_t;

static void print_map(pctx_t *p, const conf_block_t *b, conf_ctx_t ctx,
		      unsigned indent);
static void print_value(pctx_t *p, const conf_stmt_t *s, size_t i,
			unsigned indent);

static void
tabs(pctx_t *p, unsigned n) {
	for (unsigned i = 0; i < n; i++) {
		fputc('\t', p->out);
	}
}

/*
 * A quoted string keeps its escapes as written, so it prints as is; an
 * unquoted word printed in quotes must have its backslashes escaped or
 * a trailing one would swallow the closing quote.
 */
static void
print_quoted(pctx_t *p, const conf_value_t *v) {
	fputc('"', p->out);
	if (v->kind == CONF_V_STRING) {
		fputs(v->text, p->out);
	} else {
		for (const char *c = v->text; *c != '\0'; c++) {
			if (*c == '\\' || *c == '"') {
				fputc('\\', p->out);
			}
			fputc(*c, p->out);
		}
	}
	fputc('"', p->out);
}

static void
print_addr(pctx_t *p, const conf_addr_t *a, bool with_len) {
	char buf[INET6_ADDRSTRLEN];
	if (inet_ntop(a->family, a->addr, buf, sizeof(buf)) == NULL) {
		return;
	}
	fputs(buf, p->out);
	if (a->scope != 0) {
		fprintf(p->out, "%%%u", a->scope);
	}
	if (with_len) {
		fprintf(p->out, "/%u", a->prefixlen);
	}
}

/* A statement inside a list or AML block: values separated by blanks. */
static void
print_elem(pctx_t *p, const conf_stmt_t *s, unsigned indent) {
	tabs(p, indent);
	if (s->negated) {
		fputc('!', p->out);
	}
	if (s->nvalues >= 3 && s->values[0].kind == CONF_V_WORD &&
	    strcasecmp(s->values[0].text, "geoip") == 0) {
		/* BIND prints a geoip element as [db NAME ]field"value". */
		size_t i = 1;
		if (s->nvalues == 5) {
			fprintf(p->out, "db %s ", s->values[2].text);
			i = 3;
		}
		fprintf(p->out, "%s\"%s\";\n", s->values[i].text,
			s->values[i + 1].text);
		return;
	}
	for (size_t i = 0; i < s->nvalues; i++) {
		if (i > 0) {
			fputc(' ', p->out);
		}
		print_value(p, s, i, indent);
	}
	fputs(";\n", p->out);
}

static void
print_block(pctx_t *p, const conf_value_t *v, unsigned indent) {
	if (v->type == CONF_T_TEXT && v->block->raw != NULL) {
		/* BIND prints opaque text as read, then the indent; trailing
		 * tabs are dropped so printing twice gives the same text */
		size_t len = strlen(v->block->raw);
		while (len > 0 && v->block->raw[len - 1] == '\t') {
			len--;
		}
		fputc('{', p->out);
		fwrite(v->block->raw, 1, len, p->out);
		tabs(p, indent);
		fputc('}', p->out);
		return;
	}
	fputs("{\n", p->out);
	if (v->type == CONF_T_MAP) {
		conf_ctx_t ctx = CTX_COUNT;
		const conf_stmt_t *owner = v->block->owner;
		if (owner != NULL) {
			ctx = schema_body_ctx(owner->clause);
		}
		print_map(p, v->block, ctx, indent + 1);
	} else {
		for (const conf_stmt_t *e = v->block->first; e != NULL;
		     e = e->next) {
			print_elem(p, e, indent + 1);
		}
	}
	tabs(p, indent);
	fputc('}', p->out);
}

static bool
is_secret(const conf_stmt_t *s, size_t i) {
	return i == 1 && s->clause != NULL &&
	       (strcmp(s->clause->name, "secret") == 0 ||
		strcmp(s->clause->name, "cookie-secret") == 0);
}

static void
print_value(pctx_t *p, const conf_stmt_t *s, size_t i, unsigned indent) {
	const conf_value_t *v = &s->values[i];
	uint64_t u;
	uint32_t u32;
	bool b;
	conf_addr_t a;
	if (v->kind == CONF_V_BLOCK) {
		print_block(p, v, indent);
		return;
	}
	if ((p->flags & CONF_PRINT_NOSECRETS) && is_secret(s, i)) {
		fputc('"', p->out);
		for (size_t k = 0; k < v->len; k++) {
			fputc('?', p->out);
		}
		fputc('"', p->out);
		return;
	}
	switch (v->type) {
	case CONF_T_STRING:
	case CONF_T_QSTRING:
		print_quoted(p, v);
		return;
	case CONF_T_INTEGER:
		if (conf_value_uint(v, &u) == R_OK) {
			fprintf(p->out, "%llu", (unsigned long long)u);
			return;
		}
		break;
	case CONF_T_BOOLEAN:
		if (conf_value_boolean(v, &b) == R_OK) {
			fputs(b ? "yes" : "no", p->out);
			return;
		}
		break;
	case CONF_T_DURATION:
		if (v->text[0] == 'P' || v->text[0] == 'p') {
			for (size_t k = 0; k < v->len; k++) {
				fputc(toupper((unsigned char)v->text[k]),
				      p->out);
			}
			return;
		}
		if (conf_value_duration(v, &u32) == R_OK) {
			fprintf(p->out, "%u", u32);
			return;
		}
		break;
	case CONF_T_SIZE:
		if (conf_value_size(v, &u) == R_OK) {
			if (u == CONF_SIZE_UNLIMITED) {
				fputs("unlimited", p->out);
			} else if (u == CONF_SIZE_DEFAULT) {
				fputs("default", p->out);
			} else {
				fprintf(p->out, "%llu", (unsigned long long)u);
			}
			return;
		}
		break;
	case CONF_T_PERCENT:
		if (conf_value_percentage(v, &u32) == R_OK) {
			fprintf(p->out, "%u%%", u32);
			return;
		}
		break;
	case CONF_T_FIXEDPOINT: {
		/* BIND keeps hundredths and prints two decimals. */
		const char *dot = strchr(v->text, '.');
		unsigned long ip = strtoul(v->text, NULL, 10), frac = 0;
		if (dot != NULL) {
			frac = (unsigned long)(dot[1] - '0') * 10;
			if (dot[2] != '\0') {
				frac += (unsigned long)(dot[2] - '0');
			}
		}
		fprintf(p->out, "%lu.%02lu", ip, frac);
		return;
	}
	case CONF_T_IPV4:
	case CONF_T_IPV6:
		if (conf_value_address(v, &a) == R_OK) {
			print_addr(p, &a, false);
			return;
		}
		break;
	case CONF_T_PREFIX:
		if (conf_value_prefix(v, &a) == R_OK) {
			print_addr(p, &a, true);
			return;
		}
		break;
	case CONF_T_STAR:
		if (i > 0 && conf_value_is(&s->values[i - 1], "port")) {
			fputc('*', p->out);
		} else if (s->name != NULL && strlen(s->name) > 3 &&
			   strcasecmp(s->name + strlen(s->name) - 3, "-v6") ==
				   0) {
			fputs("::", p->out);
		} else {
			fputs("0.0.0.0", p->out);
		}
		return;
	case CONF_T_NONE:
		if (v->kind == CONF_V_STRING) {
			print_quoted(p, v);
			return;
		}
		break;
	default:
		break;
	}
	fputs(v->text, p->out);
}

/* query-source and friends: "port *" is dropped, an explicit "address"
 * form gains " port 0" when no port was given (BIND prints its default). */
static bool
source_clause(const conf_stmt_t *s) {
	const char *n = s->clause != NULL ? s->clause->name : "";
	size_t len = strlen(n);
	return (len > 7 && strcmp(n + len - 7, "-source") == 0) ||
	       (len > 10 && strcmp(n + len - 10, "-source-v6") == 0);
}

static void
print_stmt(pctx_t *p, const conf_stmt_t *s, unsigned indent) {
	const char *name = s->clause != NULL ? s->clause->name : s->name;
	tabs(p, indent);
	fputs(name != NULL ? name : "", p->out);
	if (s->nvalues == 1) {
		/* "stderr ;", "syslog ;": BIND prints the empty value of a
		 * clause whose syntax is void or wholly optional. */
		if (s->clause != NULL && (s->clause->syntax[0] == '\0' ||
					  s->clause->syntax[0] == '[')) {
			fputc(' ', p->out);
		}
		fputs(";\n", p->out);
		return;
	}
	/* BIND prints these keyword groups as a tuple whose first field is
	 * "port": when port is absent its separator still appears. */
	bool tuple_gap = false;
	if (s->clause != NULL &&
	    (strcmp(name, "listen-on") == 0 ||
	     strcmp(name, "listen-on-v6") == 0 ||
	     strcmp(name, "allow-transfer") == 0) &&
	    !conf_value_is(&s->values[1], "port")) {
		tuple_gap = true;
	}
	bool src = source_clause(s);
	bool has_port = false, has_address = false;
	for (size_t i = 1; i < s->nvalues; i++) {
		const conf_value_t *v = &s->values[i];
		if (src && v->type == CONF_T_KEYWORD) {
			if (conf_value_is(v, "address")) {
				has_address = true;
			}
			if (conf_value_is(v, "port")) {
				if (i + 1 < s->nvalues &&
				    conf_value_is(&s->values[i + 1], "*")) {
					i++;
					continue;
				}
				has_port = true;
			}
			if (conf_value_is(v, "dscp")) {
				i++; /* obsolete: not printed */
				continue;
			}
		}
		bool tight = i >= 2 && strcmp(name, "dnstap-output") == 0 &&
			     s->values[i - 1].type == CONF_T_KEYWORD &&
			     v->kind == CONF_V_STRING && i == 2;
		if (!tight) {
			fputc(' ', p->out);
		}
		if (tuple_gap && i == 1) {
			fputc(' ', p->out);
		}
		print_value(p, s, i, indent);
	}
	if (src && has_address && !has_port &&
	    strncmp(name, "query-source", 12) == 0) {
		fputs(" port 0", p->out);
	}
	fputs(";\n", p->out);
}

typedef struct sorted {
	const conf_stmt_t *s;
	unsigned rank;
	size_t idx;
} sorted_t;

static int
cmp_sorted(const void *a, const void *b) {
	const sorted_t *x = a, *y = b;
	if (x->rank != y->rank) {
		return x->rank < y->rank ? -1 : 1;
	}
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
print_map(pctx_t *p, const conf_block_t *b, conf_ctx_t ctx, unsigned indent) {
	if (b->count == 0) {
		return;
	}
	sorted_t *v = malloc(b->count * sizeof(*v));
	if (v == NULL) {
		abort();
	}
	size_t n = 0;
	for (const conf_stmt_t *s = b->first; s != NULL && n < b->count;
	     s = s->next) {
		v[n].s = s;
		v[n].rank = schema_rank(ctx, s->clause);
		v[n].idx = n;
		n++;
	}
	qsort(v, n, sizeof(*v), cmp_sorted);
	for (size_t i = 0; i < n; i++) {
		print_stmt(p, v[i].s, indent);
	}
	free(v);
}

result_t
conf_print(const conf_tree_t *tree, FILE *out, unsigned flags) {
	if (tree == NULL || tree->top == NULL || out == NULL) {
		return R_FAILURE;
	}
	pctx_t p = { .out = out, .flags = flags };
	conf_ctx_t ctx = CTX_TOP;
	const conf_stmt_t *first = tree->top->first;
	if (first != NULL && first->clause != NULL &&
	    (first->clause->ctxs & CTXBIT(CTX_TOP)) == 0 &&
	    (first->clause->ctxs & CTXBIT(CTX_RNDC_TOP)) != 0) {
		ctx = CTX_RNDC_TOP;
	}
	print_map(&p, tree->top, ctx, 0);
	return ferror(out) ? R_IOERROR : R_OK;
}
