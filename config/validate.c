/*
 * validate.c - checks a parsed tree against the clause table and types
 * its values (schema_validate(), contract in schema.h).
 *
 * Each clause's syntax string (BIND's grammar notation) is compiled once
 * into a small pattern tree and matched against the statement's values by
 * backtracking: the patterns are short and the few ambiguities
 * ([ <string> ] <rrtypelist>, optional keyword groups) need it.  Matching
 * is pure; only after a statement matches are its blocks descended into,
 * so nothing is logged from an abandoned alternative.  When nothing
 * matches, the message names what was expected at the furthest value any
 * alternative reached, as BIND's parser does ("boolean expected near
 * 'maybe'", "missing ';' before 'x'").
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "config/ast.h"
#include "config/schema.h"

/* ---- patterns ---- */

typedef enum pkind {
	P_SEQ,	/* children in order */
	P_ALT,	/* one of children (each a P_SEQ) */
	P_OPT,	/* child[0] (a P_SEQ) or nothing */
	P_PERM, /* each child (a P_OPT) at most once, in any order */
	P_LIT,	/* a literal word */
	P_TYPE, /* one typed value */
	P_LIST, /* block: each statement matches child[0] */
	P_AML,	/* block: address match list */
	P_MAP,	/* block: clauses of ctx */
	P_TEXT, /* block: anything */
	P_ANY,	/* the rest of the values, whatever they are */
} pkind_t;

typedef enum ptype {
	T_STRING,
	T_USTRING,
	T_QSTRING,
	T_INTEGER,
	T_BOOLEAN,
	T_DURATION,
	T_DURATION_UNL,
	T_SIZE,
	T_SIZEVAL,
	T_PERCENT,
	T_FIXEDPOINT,
	T_IPV4,
	T_IPV6,
	T_NETPREFIX,
	T_CLASS,
	T_REMOTE,
	T_SEVERITY,
	T_FACILITY,
	T_RRTYPELIST,
	T_PORTRANGE,
	T_SERVERKEY,
	T_STAR,
} ptype_t;

typedef struct pnode {
	pkind_t kind;
	ptype_t type;
	const char *lit; /* P_LIT: the word */
	conf_ctx_t ctx;	 /* P_MAP */
	struct pnode **child;
	size_t nchild;
} pnode_t;

static const struct {
	const char *name;
	ptype_t type;
} type_names[] = {
	{ "<string>", T_STRING },
	{ "<ustring>", T_USTRING },
	{ "<quoted_string>", T_QSTRING },
	{ "<integer>", T_INTEGER },
	{ "<boolean>", T_BOOLEAN },
	{ "<duration>", T_DURATION },
	{ "<duration_or_unlimited>", T_DURATION_UNL },
	{ "<size>", T_SIZE },
	{ "<sizeval>", T_SIZEVAL },
	{ "<percentage>", T_PERCENT },
	{ "<fixedpoint>", T_FIXEDPOINT },
	{ "<ipv4_address>", T_IPV4 },
	{ "<ipv6_address>", T_IPV6 },
	{ "<netprefix>", T_NETPREFIX },
	{ "<class>", T_CLASS },
	{ "<remote-servers>", T_REMOTE },
	{ "<log_severity>", T_SEVERITY },
	{ "<syslog_facility>", T_FACILITY },
	{ "<rrtypelist>", T_RRTYPELIST },
	{ "<portrange>", T_PORTRANGE },
	{ "<server_key>", T_SERVERKEY },
};

/* Syntax text split into tokens; ';' and '...' become their own. */
typedef struct ptoks {
	char **tok;
	size_t n;
	size_t pos;
} ptoks_t;

static void
ptoks_split(const char *s, ptoks_t *t) {
	size_t cap = 16;
	t->tok = malloc(cap * sizeof(char *));
	t->n = 0;
	t->pos = 0;
	while (*s != '\0') {
		while (*s == ' ') {
			s++;
		}
		if (*s == '\0') {
			break;
		}
		size_t len = *s == ';' ? 1 : strcspn(s, " ;");
		if (t->n == cap) {
			cap *= 2;
			t->tok = realloc(t->tok, cap * sizeof(char *));
		}
		if (t->tok == NULL) {
			abort();
		}
		t->tok[t->n] = strndup(s, len);
		if (t->tok[t->n] == NULL) {
			abort();
		}
		t->n++;
		s += len;
	}
}

static pnode_t *
pnode_new(pkind_t kind) {
	pnode_t *n = calloc(1, sizeof(*n));
	if (n == NULL) {
		abort();
	}
	n->kind = kind;
	return n;
}

static void
pnode_add(pnode_t *p, pnode_t *c) {
	p->child = realloc(p->child, (p->nchild + 1) * sizeof(pnode_t *));
	if (p->child == NULL) {
		abort();
	}
	p->child[p->nchild++] = c;
}

static const char *
ptok_peek(ptoks_t *t) {
	return t->pos < t->n ? t->tok[t->pos] : NULL;
}

/* seq := item* up to one of the stop tokens (not consumed). */
static pnode_t *compile_seq(ptoks_t *t, const char *stops);

static pnode_t *
compile_item(ptoks_t *t) {
	const char *tok = t->tok[t->pos++];
	if (strcmp(tok, "(") == 0) {
		pnode_t *alt = pnode_new(P_ALT);
		for (;;) {
			pnode_add(alt, compile_seq(t, "|)"));
			const char *p = ptok_peek(t);
			t->pos++;
			if (p == NULL || strcmp(p, ")") == 0) {
				break;
			}
		}
		return alt;
	}
	if (strcmp(tok, "[") == 0) {
		pnode_t *opt = pnode_new(P_OPT);
		pnode_add(opt, compile_seq(t, "]"));
		t->pos++;
		return opt;
	}
	if (strcmp(tok, "{") == 0) {
		const char *p = ptok_peek(t);
		pnode_t *n;
		if (p != NULL && p[0] == '@') {
			n = pnode_new(P_MAP);
			conf_clause_t fake = { .syntax = p };
			n->ctx = schema_body_ctx(&fake);
			t->pos++;
		} else if (p != NULL && strcmp(p, "<unspecified-text>") == 0) {
			n = pnode_new(P_TEXT);
			t->pos++;
		} else if (p != NULL &&
			   strcmp(p, "<address_match_element>") == 0) {
			n = pnode_new(P_AML);
			t->pos++;
		} else {
			n = pnode_new(P_LIST);
			pnode_add(n, compile_seq(t, ";}"));
		}
		/* skip "; ..." up to the closing brace */
		while (t->pos < t->n && strcmp(t->tok[t->pos], "}") != 0) {
			t->pos++;
		}
		t->pos++;
		return n;
	}
	if (strcmp(tok, "<unspecified>") == 0) {
		return pnode_new(P_ANY);
	}
	if (tok[0] == '<') {
		for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]);
		     i++) {
			if (strcmp(type_names[i].name, tok) == 0) {
				pnode_t *n = pnode_new(P_TYPE);
				n->type = type_names[i].type;
				return n;
			}
		}
		/* An undocumented type: accept one value of any text. */
		pnode_t *n = pnode_new(P_TYPE);
		n->type = T_STRING;
		return n;
	}
	if (strcmp(tok, "*") == 0) {
		pnode_t *n = pnode_new(P_TYPE);
		n->type = T_STAR;
		return n;
	}
	pnode_t *n = pnode_new(P_LIT);
	n->lit = strdup(tok); /* the token array is freed after compiling */
	if (n->lit == NULL) {
		abort();
	}
	return n;
}

/* "[ port <integer> ]": an option introduced by a keyword. */
static bool
keyword_opt(const pnode_t *n) {
	return n->kind == P_OPT && n->child[0]->nchild > 0 &&
	       n->child[0]->child[0]->kind == P_LIT;
}

/*
 * BIND reads a run of keyword options ("[ port N ] [ tls X ] [ http Y ]",
 * response-policy's zone options) in any order, so such runs become one
 * P_PERM node.
 */
static void
group_options(pnode_t *seq) {
	size_t out = 0;
	for (size_t i = 0; i < seq->nchild;) {
		size_t j = i;
		while (j < seq->nchild && keyword_opt(seq->child[j])) {
			j++;
		}
		if (j - i >= 2) {
			pnode_t *perm = pnode_new(P_PERM);
			for (size_t k = i; k < j; k++) {
				pnode_add(perm, seq->child[k]);
			}
			seq->child[out++] = perm;
			i = j;
		} else {
			seq->child[out++] = seq->child[i++];
		}
	}
	seq->nchild = out;
}

static pnode_t *
compile_seq(ptoks_t *t, const char *stops) {
	pnode_t *seq = pnode_new(P_SEQ);
	for (;;) {
		const char *p = ptok_peek(t);
		if (p == NULL || (strlen(p) == 1 && strchr(stops, p[0]))) {
			group_options(seq);
			return seq;
		}
		pnode_add(seq, compile_item(t));
	}
}

static pnode_t **compiled;
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

/* Patterns live for the process: compiled once, shared by all parses. */
static void
compile_all(void) {
	compiled = calloc(schema_nclauses, sizeof(pnode_t *));
	if (compiled == NULL) {
		abort();
	}
	for (unsigned i = 0; i < schema_nclauses; i++) {
		ptoks_t t;
		ptoks_split(schema_clauses[i].syntax, &t);
		compiled[i] = compile_seq(&t, "");
		for (size_t j = 0; j < t.n; j++) {
			free(t.tok[j]);
		}
		free(t.tok);
	}
}

static const pnode_t *
pattern_of(const conf_clause_t *c) {
	pthread_once(&compile_once, compile_all);
	return compiled[c - schema_clauses];
}

/* ---- matching ---- */

typedef struct cont {
	const pnode_t *n;
	const struct cont *next;
	uint32_t used; /* P_PERM: options already matched */
	size_t from;   /* P_PERM: where the option just matched began */
} cont_t;

/* Where keyword options of a P_PERM group were found (see reorder). */
typedef struct optmark {
	const pnode_t *perm; /* NULL: no option starts here */
	unsigned index;	     /* which option of the group */
	size_t len;	     /* values it took */
} optmark_t;

typedef struct mctx {
	conf_value_t *v;
	size_t n;
	const pnode_t **blockpat; /* per value: the block pattern matched */
	optmark_t *marks;	  /* per value, for reordering */
	size_t far;		  /* furthest value index a failure reached */
	const char *expect;	  /* what was expected there */
	unsigned depth;
} mctx_t;

static void
fail_at(mctx_t *m, size_t vi, const char *expect) {
	if (vi > m->far || m->expect == NULL) {
		m->far = vi;
		m->expect = expect;
	} else if (vi == m->far && strcmp(m->expect, ";") == 0) {
		m->expect = expect;
	}
}

static bool match_node(mctx_t *m, const pnode_t *n, const cont_t *k,
		       size_t vi);

static bool match_perm(mctx_t *m, const pnode_t *n, uint32_t used,
		       const cont_t *k, size_t vi);

static bool
match_cont(mctx_t *m, const cont_t *k, size_t vi) {
	if (k == NULL) {
		if (vi == m->n) {
			return true;
		}
		fail_at(m, vi, ";");
		return false;
	}
	if (k->n->kind == P_PERM) {
		if (k->from < m->n) { /* SIZE_MAX: the group starts here */
			m->marks[k->from].len = vi - k->from;
		}
		return match_perm(m, k->n, k->used, k->next, vi);
	}
	return match_node(m, k->n, k->next, vi);
}

/* One more unused option of the group, then the group again; or stop. */
static bool
match_perm(mctx_t *m, const pnode_t *n, uint32_t used, const cont_t *k,
	   size_t vi) {
	/* a keyword given twice: BIND says "unexpected 'port'" */
	for (size_t i = 0; vi < m->n && i < n->nchild && i < 32; i++) {
		const pnode_t *lit = n->child[i]->child[0]->child[0];
		if ((used & (1u << i)) != 0 &&
		    m->v[vi].kind == CONF_V_WORD &&
		    strcasecmp(m->v[vi].text, lit->lit) == 0) {
			fail_at(m, vi, "!unexpected");
		}
	}
	for (size_t i = 0; i < n->nchild && i < 32; i++) {
		if (used & (1u << i)) {
			continue;
		}
		cont_t again = {
			.n = n, .next = k, .used = used | (1u << i), .from = vi
		};
		/* marks are cleared when a try fails, so after success only
		 * the options of the winning path remain */
		if (vi < m->n) {
			m->marks[vi].perm = n;
			m->marks[vi].index = (unsigned)i;
		}
		if (match_node(m, n->child[i]->child[0], &again, vi)) {
			return true;
		}
		if (vi < m->n) {
			m->marks[vi].perm = NULL;
		}
	}
	return match_cont(m, k, vi);
}

static bool
is_scalar(const conf_value_t *v) {
	return v->kind != CONF_V_BLOCK;
}

static bool
word_in(const char *w, const char *const *list) {
	for (size_t i = 0; list[i] != NULL; i++) {
		if (strcasecmp(w, list[i]) == 0) {
			return true;
		}
	}
	return false;
}

static bool
check_fixedpoint(const char *s) {
	size_t i = 0, d = 0;
	while (isdigit((unsigned char)s[i])) {
		i++;
	}
	if (i == 0 || i > 5) {
		return false;
	}
	if (s[i] == '.') {
		i++;
		while (isdigit((unsigned char)s[i])) {
			i++;
			d++;
		}
		if (d == 0 || d > 2) {
			return false;
		}
	}
	return s[i] == '\0';
}

/* What BIND says when a value of type t is missing. */
static const char *
expect_of(ptype_t t) {
	switch (t) {
	case T_QSTRING:
		return "expected quoted string";
	case T_INTEGER:
	case T_PORTRANGE:
		return "expected integer";
	case T_BOOLEAN:
		return "boolean expected";
	case T_DURATION:
	case T_DURATION_UNL:
		return "expected ISO 8601 duration or TTL value";
	case T_SIZE:
	case T_SIZEVAL:
		return "expected integer and optional unit";
	case T_IPV4:
		return "expected IPv4 address";
	case T_IPV6:
		return "expected IPv6 address";
	case T_NETPREFIX:
		return "expected IP address or prefix";
	default:
		return "expected string";
	}
}

/* Checks one value against a scalar type; sets its conf_type. */
static bool
check_type(ptype_t t, conf_value_t *v, const char **expect) {
	static const char *const classes[] = { "in", "ch", "chaos", "hs",
					       "hesiod", "any", "none", NULL };
	static const char *const severities[] = { "critical", "error",
						  "warning", "notice", "info",
						  "dynamic", NULL };
	conf_addr_t a;
	uint64_t u;
	uint32_t u32;
	bool b;
	if (!is_scalar(v)) {
		*expect = "unexpected token";
		return false;
	}
	switch (t) {
	case T_STRING:
	case T_SERVERKEY:
		v->type = CONF_T_STRING;
		return true;
	case T_USTRING:
		v->type = CONF_T_WORD;
		return true;
	case T_QSTRING:
		*expect = "expected quoted string";
		v->type = CONF_T_QSTRING;
		return v->kind == CONF_V_STRING;
	case T_INTEGER:
		*expect = "expected integer";
		v->type = CONF_T_INTEGER;
		return v->kind == CONF_V_WORD && conf_value_uint(v, &u) == R_OK &&
		       u <= UINT32_MAX;
	case T_BOOLEAN:
		*expect = "boolean expected";
		v->type = CONF_T_BOOLEAN;
		return v->kind == CONF_V_WORD &&
		       conf_value_boolean(v, &b) == R_OK;
	case T_DURATION_UNL:
		if (v->kind == CONF_V_WORD &&
		    strcasecmp(v->text, "unlimited") == 0) {
			v->type = CONF_T_KEYWORD;
			return true;
		}
		/* FALLTHROUGH */
	case T_DURATION:
		*expect = "expected ISO 8601 duration or TTL value";
		v->type = CONF_T_DURATION;
		return v->kind == CONF_V_WORD &&
		       conf_value_duration(v, &u32) == R_OK;
	case T_SIZE:
		*expect = "expected integer and optional unit";
		v->type = CONF_T_SIZE;
		return v->kind == CONF_V_WORD && conf_value_size(v, &u) == R_OK;
	case T_SIZEVAL:
		*expect = "expected integer and optional unit";
		v->type = CONF_T_SIZE;
		return v->kind == CONF_V_WORD &&
		       conf_value_size(v, &u) == R_OK &&
		       u != CONF_SIZE_UNLIMITED && u != CONF_SIZE_DEFAULT;
	case T_PERCENT:
		*expect = "expected percentage";
		v->type = CONF_T_PERCENT;
		return v->kind == CONF_V_WORD &&
		       conf_value_percentage(v, &u32) == R_OK;
	case T_FIXEDPOINT:
		*expect = "expected fixed point number";
		v->type = CONF_T_FIXEDPOINT;
		return v->kind == CONF_V_WORD && check_fixedpoint(v->text);
	case T_IPV4:
		*expect = "expected IPv4 address";
		v->type = CONF_T_IPV4;
		return v->kind == CONF_V_WORD &&
		       conf_value_address(v, &a) == R_OK &&
		       a.family == AF_INET;
	case T_IPV6:
		*expect = "expected IPv6 address";
		v->type = CONF_T_IPV6;
		return v->kind == CONF_V_WORD &&
		       conf_value_address(v, &a) == R_OK &&
		       a.family == AF_INET6;
	case T_NETPREFIX:
		*expect = "expected IP address or prefix";
		v->type = CONF_T_PREFIX;
		return v->kind == CONF_V_WORD &&
		       conf_value_prefix(v, &a) == R_OK;
	case T_CLASS:
		*expect = "unknown class";
		v->type = CONF_T_CLASS;
		return word_in(v->text, classes) ||
		       strncasecmp(v->text, "CLASS", 5) == 0;
	case T_REMOTE:
		*expect = "expected string";
		v->type = CONF_T_STRING;
		return conf_value_address(v, &a) != R_OK;
	case T_SEVERITY:
		*expect = "expected logging severity";
		v->type = CONF_T_WORD;
		return word_in(v->text, severities);
	case T_FACILITY:
		v->type = CONF_T_STRING;
		return v->kind == CONF_V_WORD;
	case T_STAR:
		*expect = "expected '*'";
		v->type = CONF_T_STAR;
		return v->kind == CONF_V_WORD && strcmp(v->text, "*") == 0;
	case T_RRTYPELIST:
	case T_PORTRANGE:
		break;
	}
	return false;
}

static bool
match_node(mctx_t *m, const pnode_t *n, const cont_t *k, size_t vi) {
	const char *expect = "unexpected token";
	if (++m->depth > 200) { /* patterns are finite; this is a guard */
		m->depth--;
		return false;
	}
	bool ok = false;
	switch (n->kind) {
	case P_SEQ: {
		if (n->nchild == 0) {
			ok = match_cont(m, k, vi);
			break;
		}
		cont_t c[64];
		size_t nc = n->nchild < 64 ? n->nchild : 64;
		for (size_t i = 0; i < nc; i++) {
			c[i].n = n->child[i];
			c[i].next = i + 1 < nc ? &c[i + 1] : k;
			c[i].used = 0;
			c[i].from = SIZE_MAX;
		}
		ok = match_cont(m, &c[0], vi);
		break;
	}
	case P_ALT:
		for (size_t i = 0; i < n->nchild && !ok; i++) {
			ok = match_node(m, n->child[i], k, vi);
		}
		break;
	case P_OPT:
		ok = match_node(m, n->child[0], k, vi) || match_cont(m, k, vi);
		break;
	case P_PERM:
		ok = match_perm(m, n, 0, k, vi);
		break;
	case P_ANY:
		for (size_t i = vi; i < m->n; i++) {
			m->v[i].type = CONF_T_NONE;
		}
		ok = match_cont(m, k, m->n);
		break;
	case P_LIT:
		if (vi < m->n && m->v[vi].kind == CONF_V_WORD &&
		    strcasecmp(m->v[vi].text, n->lit) == 0) {
			m->v[vi].type = CONF_T_KEYWORD;
			ok = match_cont(m, k, vi + 1);
		} else {
			fail_at(m, vi, n->lit);
		}
		break;
	case P_LIST:
	case P_AML:
	case P_MAP:
	case P_TEXT:
		if (vi < m->n && m->v[vi].kind == CONF_V_BLOCK) {
			m->blockpat[vi] = n;
			m->v[vi].type = n->kind == P_LIST  ? CONF_T_LIST
					: n->kind == P_AML ? CONF_T_AML
					: n->kind == P_MAP ? CONF_T_MAP
							   : CONF_T_TEXT;
			ok = match_cont(m, k, vi + 1);
		} else {
			fail_at(m, vi, "'{'");
		}
		break;
	case P_TYPE:
		if (n->type == T_RRTYPELIST) {
			size_t j = vi;
			while (j < m->n && is_scalar(&m->v[j])) {
				m->v[j].type = CONF_T_STRING;
				j++;
			}
			ok = match_cont(m, k, j);
			break;
		}
		if (n->type == T_PORTRANGE) {
			uint64_t u;
			if (vi + 2 < m->n && conf_value_is(&m->v[vi], "range") &&
			    conf_value_uint(&m->v[vi + 1], &u) == R_OK &&
			    conf_value_uint(&m->v[vi + 2], &u) == R_OK) {
				m->v[vi].type = CONF_T_KEYWORD;
				m->v[vi + 1].type = CONF_T_INTEGER;
				m->v[vi + 2].type = CONF_T_INTEGER;
				ok = match_cont(m, k, vi + 3);
			} else if (vi < m->n &&
				   conf_value_uint(&m->v[vi], &u) == R_OK) {
				m->v[vi].type = CONF_T_INTEGER;
				ok = match_cont(m, k, vi + 1);
			} else {
				fail_at(m, vi, "expected port range");
			}
			break;
		}
		if (n->type == T_SEVERITY && vi < m->n &&
		    conf_value_is(&m->v[vi], "debug")) {
			uint64_t u;
			m->v[vi].type = CONF_T_WORD;
			if (vi + 1 < m->n &&
			    conf_value_uint(&m->v[vi + 1], &u) == R_OK) {
				m->v[vi + 1].type = CONF_T_INTEGER;
				if (match_cont(m, k, vi + 2)) {
					ok = true;
					break;
				}
			}
			ok = match_cont(m, k, vi + 1);
			break;
		}
		if (vi < m->n && check_type(n->type, &m->v[vi], &expect)) {
			ok = match_cont(m, k, vi + 1);
		} else {
			fail_at(m, vi, vi < m->n ? expect : expect_of(n->type));
		}
		break;
	}
	m->depth--;
	return ok;
}

/* ---- validation walk ---- */

typedef struct vctx {
	conf_log_t log;
	void *logarg;
	result_t result;
} vctx_t;

static void
vlog(vctx_t *vc, conf_sev_t sev, const conf_loc_t *loc, const char *fmt,
     ...) __attribute__((format(printf, 4, 5)));

static void
vlog(vctx_t *vc, conf_sev_t sev, const conf_loc_t *loc, const char *fmt,
     ...) {
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sev == CONF_SEV_ERROR && vc->result == R_OK) {
		vc->result = R_SYNTAX;
	}
	if (vc->log != NULL) {
		vc->log(vc->logarg, sev, loc->file, loc->line, msg);
	}
}

static bool validate_block(vctx_t *vc, conf_block_t *b, conf_ctx_t ctx);
static bool validate_values(vctx_t *vc, conf_stmt_t *s, const pnode_t *pat,
			    size_t first);

static const char *
value_near(const conf_value_t *v) {
	return v->kind == CONF_V_BLOCK ? "{" : v->text;
}

/* geoip [ db NAME ] FIELD VALUE, as far as GeoIP2 databases go. */
static bool
check_geoip(vctx_t *vc, const conf_stmt_t *s) {
	static const char *const dbs[] = { "country", "city", "asnum", "isp",
					   "domain", NULL };
	static const char *const fields[] = {
		"country",  "continent",    "region", "city",	    "postal",
		"postalcode", "metro",	    "metrocode", "tz",	    "timezone",
		"asnum",    "isp",	    "domain", "org",	    "organization",
		NULL
	};
	static const char *const gone[] = { "area", "areacode", "netspeed",
					    NULL };
	size_t i = 1;
	if (i + 1 < s->nvalues && conf_value_is(&s->values[i], "db")) {
		if (!word_in(s->values[i + 1].text, dbs)) {
			vlog(vc, CONF_SEV_ERROR, &s->loc,
			     "database '%s' is not defined for GeoIP2",
			     s->values[i + 1].text);
			return false;
		}
		i += 2;
	}
	if (i + 2 != s->nvalues || s->values[i].kind == CONF_V_BLOCK ||
	    s->values[i + 1].kind == CONF_V_BLOCK) {
		vlog(vc, CONF_SEV_ERROR, &s->loc, "missing ';' before '%s'",
		     i < s->nvalues ? value_near(&s->values[i]) : ";");
		return false;
	}
	if (word_in(s->values[i].text, gone)) {
		vlog(vc, CONF_SEV_ERROR, &s->loc,
		     "type '%s' is unavailable in GeoIP2 databases",
		     s->values[i].text);
		return false;
	}
	if (!word_in(s->values[i].text, fields)) {
		vlog(vc, CONF_SEV_ERROR, &s->loc, "'%s' is not a geoip type",
		     s->values[i].text);
		return false;
	}
	return true;
}

static bool
validate_aml(vctx_t *vc, conf_block_t *b, unsigned depth) {
	if (depth > 32) {
		vlog(vc, CONF_SEV_ERROR, &b->loc, "address match list nested "
						  "too deeply");
		return false;
	}
	for (conf_stmt_t *s = b->first; s != NULL; s = s->next) {
		conf_aml_elem_t e;
		conf_value_t *v = &s->values[0];
		result_t r = conf_aml_elem(s, &e);
		if (r == R_RANGE) {
			conf_addr_t a;
			char buf[INET6_ADDRSTRLEN];
			const char *slash = strchr(v->text, '/');
			conf_value_t tmp = *v;
			char abuf[64];
			size_t alen = slash != NULL ? (size_t)(slash - v->text)
						    : v->len;
			if (alen >= sizeof(abuf)) {
				alen = sizeof(abuf) - 1;
			}
			memcpy(abuf, v->text, alen);
			abuf[alen] = '\0';
			tmp.text = abuf;
			tmp.len = alen;
			if (slash != NULL && conf_value_prefix(&tmp, &a) == R_OK &&
			    inet_ntop(a.family, a.addr, buf, sizeof(buf)) !=
				    NULL) {
				unsigned long plen = strtoul(slash + 1, NULL, 10);
				unsigned max = a.family == AF_INET ? 32 : 128;
				if (plen > max) {
					vlog(vc, CONF_SEV_ERROR, &s->loc,
					     "invalid prefix length '%s'",
					     slash + 1);
				} else {
					vlog(vc, CONF_SEV_ERROR, &s->loc,
					     "'%s/%lu': address/prefix length "
					     "mismatch '%lu'",
					     buf, plen, plen);
				}
			} else {
				vlog(vc, CONF_SEV_ERROR, &s->loc,
				     "'%s': address/prefix length mismatch",
				     v->text);
			}
			return false;
		}
		if (r != R_OK) {
			vlog(vc, CONF_SEV_ERROR, &s->loc,
			     "missing ';' before '%s'",
			     s->nvalues > 1 ? value_near(&s->values[1]) : "");
			return false;
		}
		switch (e.kind) {
		case CONF_AML_NESTED:
			v->type = CONF_T_AML;
			if (!validate_aml(vc, v->block, depth + 1)) {
				return false;
			}
			break;
		case CONF_AML_KEY:
			v->type = CONF_T_KEYWORD;
			s->values[1].type = CONF_T_STRING;
			break;
		case CONF_AML_PREFIX:
			v->type = CONF_T_PREFIX;
			break;
		case CONF_AML_NAME: {
			/* digits and dots only: a truncated address */
			bool numeric = v->kind == CONF_V_WORD;
			for (size_t i = 0; numeric && i < v->len; i++) {
				numeric = isdigit((unsigned char)v->text[i]) ||
					  v->text[i] == '.';
			}
			if (numeric) {
				vlog(vc, CONF_SEV_ERROR, &s->loc,
				     "incomplete IPv4 address or prefix near "
				     "';'");
				return false;
			}
			v->type = CONF_T_STRING;
			break;
		}
		case CONF_AML_GEOIP:
			if (!check_geoip(vc, s)) {
				return false;
			}
			for (size_t i = 0; i < s->nvalues; i++) {
				s->values[i].type = i == 0 ? CONF_T_KEYWORD
							   : CONF_T_WORD;
			}
			break;
		}
	}
	return true;
}

/* Descends into the blocks a successful match typed. */
static bool
validate_blocks(vctx_t *vc, conf_stmt_t *s, const pnode_t **blockpat,
		size_t first) {
	for (size_t i = first; i < s->nvalues; i++) {
		const pnode_t *p = blockpat[i - first];
		if (p == NULL) {
			continue;
		}
		conf_block_t *b = s->values[i].block;
		switch (p->kind) {
		case P_MAP:
			if (!validate_block(vc, b, p->ctx)) {
				return false;
			}
			break;
		case P_AML:
			if (!validate_aml(vc, b, 0)) {
				return false;
			}
			break;
		case P_LIST:
			for (conf_stmt_t *e = b->first; e != NULL; e = e->next) {
				if (e->negated) {
					vlog(vc, CONF_SEV_ERROR, &e->loc,
					     "syntax error near '!'");
					return false;
				}
				if (!validate_values(vc, e, p->child[0], 0)) {
					return false;
				}
			}
			break;
		default:
			break;
		}
	}
	return true;
}

/* Deprecated spellings inside otherwise valid clauses. */
static void
warn_tokens(vctx_t *vc, const conf_stmt_t *s, size_t first) {
	const char *name = s->clause != NULL ? s->clause->name : "";
	size_t len = strlen(name);
	bool source = (len > 7 && strcmp(name + len - 7, "-source") == 0) ||
		      (len > 10 && strcmp(name + len - 10, "-source-v6") == 0);
	for (size_t i = first; i < s->nvalues; i++) {
		const conf_value_t *v = &s->values[i];
		if (v->type != CONF_T_KEYWORD) {
			continue;
		}
		if (source && strcasecmp(v->text, "port") == 0) {
			vlog(vc, CONF_SEV_WARNING, &v->loc,
			     "token 'port' is deprecated");
		}
		if (strcmp(name, "type") == 0 &&
		    strcasecmp(v->text, "delegation-only") == 0) {
			vlog(vc, CONF_SEV_WARNING, &s->loc,
			     "'type delegation-only' is deprecated");
		}
	}
}

/*
 * Puts each run of keyword options back in the grammar's order, which is
 * the order BIND prints them in ("listen-on port 53 tls x http y" however
 * they were written).  The tree keeps the same values, only their order
 * within the run changes.
 */
static void
reorder_options(conf_value_t *v, size_t n, const optmark_t *marks) {
	for (size_t i = 0; i < n;) {
		if (marks[i].perm == NULL) {
			i++;
			continue;
		}
		const pnode_t *perm = marks[i].perm;
		size_t start = i, count = 0, idx[32], pos[32];
		while (i < n && marks[i].perm == perm && count < 32 &&
		       marks[i].len > 0) {
			idx[count] = marks[i].index;
			pos[count++] = i;
			i += marks[i].len;
		}
		if (count < 2) {
			i = start + 1;
			continue;
		}
		size_t end = i;
		conf_value_t tmp[64];
		if (end - start > 64) {
			continue;
		}
		size_t out = 0;
		for (unsigned want = 0; want < 32; want++) {
			for (size_t c = 0; c < count; c++) {
				if (idx[c] != want) {
					continue;
				}
				size_t len = marks[pos[c]].len;
				memcpy(&tmp[out], &v[pos[c]], len * sizeof(*v));
				out += len;
			}
		}
		if (out == end - start) {
			memcpy(&v[start], tmp, out * sizeof(*v));
		}
	}
}

/* Matches s->values[first..] against pat, reports, then descends. */
static bool
validate_values(vctx_t *vc, conf_stmt_t *s, const pnode_t *pat,
		size_t first) {
	const pnode_t *bp_small[16];
	const pnode_t **bp = bp_small;
	size_t n = s->nvalues - first;
	if (n > 16) {
		bp = calloc(n, sizeof(*bp));
		if (bp == NULL) {
			abort();
		}
	} else {
		memset(bp_small, 0, sizeof(bp_small));
	}
	optmark_t marks_small[16];
	optmark_t *marks = marks_small;
	if (n > 16) {
		marks = calloc(n, sizeof(*marks));
		if (marks == NULL) {
			abort();
		}
	} else {
		memset(marks_small, 0, sizeof(marks_small));
	}
	mctx_t m = {
		.v = s->values + first, .n = n, .blockpat = bp, .marks = marks
	};
	bool ok = match_node(&m, pat, NULL, 0);
	if (ok) {
		reorder_options(m.v, n, marks);
	}
	if (!ok) {
		const char *expect = m.expect != NULL ? m.expect : ";";
		const conf_loc_t *loc = &s->loc;
		const char *near = ";";
		if (m.far < n) {
			loc = &m.v[m.far].loc;
			near = value_near(&m.v[m.far]);
		}
		if (strcmp(expect, ";") == 0) {
			vlog(vc, CONF_SEV_ERROR, loc, "missing ';' before '%s'",
			     near);
		} else if (expect[0] == '!') {
			vlog(vc, CONF_SEV_ERROR, loc, "unexpected '%s'", near);
		} else if (expect[0] != 'e' && expect[0] != 'b' &&
			   expect[0] != 'u' && expect[0] != '\'') {
			/* a literal keyword was expected */
			vlog(vc, CONF_SEV_ERROR, loc,
			     "expected '%s' near '%s'", expect, near);
		} else if (expect[0] == '\'') {
			vlog(vc, CONF_SEV_ERROR, loc, "%s expected near '%s'",
			     expect, near);
		} else {
			vlog(vc, CONF_SEV_ERROR, loc, "%s near '%s'", expect,
			     near);
		}
	} else {
		/* BIND range-checks ports as they are read: "port N" inside
		 * a clause, and the *port clauses themselves. */
		size_t nl = s->name != NULL ? strlen(s->name) : 0;
		if (first == 1 && n == 1 && nl >= 4 &&
		    strcasecmp(s->name + nl - 4, "port") == 0 &&
		    m.v[0].type == CONF_T_INTEGER) {
			uint64_t u;
			if (conf_value_uint(&m.v[0], &u) == R_OK &&
			    u > 65535) {
				vlog(vc, CONF_SEV_ERROR, &m.v[0].loc,
				     "port '%s' out of range", m.v[0].text);
				ok = false;
			}
		}
		for (size_t i = 0; ok && i + 1 < n; i++) {
			uint64_t u;
			if (m.v[i].type == CONF_T_KEYWORD &&
			    strcasecmp(m.v[i].text, "port") == 0 &&
			    m.v[i + 1].type == CONF_T_INTEGER &&
			    conf_value_uint(&m.v[i + 1], &u) == R_OK &&
			    u > 65535) {
				vlog(vc, CONF_SEV_ERROR, &m.v[i + 1].loc,
				     "port '%s' out of range", m.v[i + 1].text);
				ok = false;
				break;
			}
		}
		if (ok) {
			warn_tokens(vc, s, first);
			ok = validate_blocks(vc, s, bp, first);
		}
	}
	if (bp != bp_small) {
		free(bp);
	}
	if (marks != marks_small) {
		free(marks);
	}
	return ok;
}

static bool
validate_block(vctx_t *vc, conf_block_t *b, conf_ctx_t ctx) {
	for (conf_stmt_t *s = b->first; s != NULL; s = s->next) {
		if (s->name == NULL || s->values[0].kind != CONF_V_WORD ||
		    s->negated) {
			vlog(vc, CONF_SEV_ERROR, &s->loc,
			     "unexpected token near '%s'",
			     s->negated ? "!" : value_near(&s->values[0]));
			return false;
		}
		const conf_clause_t *c = schema_find(ctx, s->name);
		if (c == NULL) {
			vlog(vc, CONF_SEV_ERROR, &s->loc, "unknown option '%s'",
			     s->name);
			return false;
		}
		s->clause = c;
		s->values[0].type = CONF_T_KEYWORD;
		if (c->flags & CF_ANCIENT) {
			vlog(vc, CONF_SEV_ERROR, &s->loc,
			     "option '%s' no longer exists", c->name);
			return false;
		}
		if (c->flags & CF_NOTCONFIG) {
			vlog(vc, CONF_SEV_ERROR, &s->loc,
			     "option '%s' was not enabled at compile time",
			     c->name);
			return false;
		}
		if (c->flags & CF_OBSOLETE) {
			vlog(vc, CONF_SEV_WARNING, &s->loc,
			     "option '%s' is obsolete and should be removed ",
			     c->name);
		} else if (c->flags & CF_DEPRECATED) {
			vlog(vc, CONF_SEV_WARNING, &s->loc,
			     "option '%s' is deprecated", c->name);
		} else if (c->flags & CF_EXPERIMENTAL) {
			vlog(vc, CONF_SEV_WARNING, &s->loc,
			     "option '%s' is experimental and subject to "
			     "change in the future",
			     c->name);
		}
		if ((c->flags & CF_MULTI) == 0) {
			for (conf_stmt_t *p = b->first; p != s; p = p->next) {
				if (p->clause == c) {
					vlog(vc, CONF_SEV_ERROR, &s->loc,
					     "'%s' redefined near '%s'",
					     c->name, s->name);
					return false;
				}
			}
		}
		if (!validate_values(vc, s, pattern_of(c), 1)) {
			return false;
		}
	}
	return true;
}

result_t
schema_validate(conf_tree_t *tree, conf_grammar_t grammar, conf_log_t log,
		void *logarg) {
	vctx_t vc = { .log = log, .logarg = logarg, .result = R_OK };
	if (tree == NULL || tree->top == NULL) {
		return R_FAILURE;
	}
	validate_block(&vc, tree->top,
		       grammar == CONF_GRAMMAR_RNDC ? CTX_RNDC_TOP : CTX_TOP);
	return vc.result;
}
