/*
 * master.c - the streaming master-file reader (see master.h).
 *
 * A file is mapped (or read whole when it cannot be mapped) and scanned by
 * master_lex.c one entry at a time; each entry is a directive or an RR.
 * Nothing is allocated per record: the token array lives in the entry and
 * grows to the widest record once, the rdata goes to one 64 KiB buffer in
 * the loader, and a repeated or blank owner reuses the previous name
 * without parsing it again.
 *
 * Behaviour follows BIND 9.18's loader, checked with named-checkzone and
 * named-compilezone: the order of the optional TTL and class fields, the
 * default-TTL rules ($TTL, else the last explicit TTL, else the SOA
 * minimum for a leading SOA, else "no TTL specified; zone rejected"), the
 * message wording and the line each message names.  $INCLUDE restores the
 * origin and the current owner when the included file ends; TTL state
 * carries across, as in BIND.
 *
 * Error recovery copies BIND's too, quirks included, because tools and
 * people compare named-checkzone output line by line: BIND reads a bad
 * line to its end with its lexer, so a record cut short loses the entry
 * after it, a scan fault (unbalanced quotes or parentheses) is reported
 * by whichever of BIND's loader or rdata parser would have read the bad
 * token, and so on.  Each such rule is next to the code it shapes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
/* unistd.h defines R_OK for access(); it would silently replace result_t's
 * R_OK (0) with 4.  System headers therefore come first, then this. */
#undef R_OK

#include "zones/master.h"
#include "zones/generate.h"
#include "zones/master_lex.h"
#include "zones/rdata.h"
#include "zones/ttl.h"

#define MASTER_MAXDEPTH 20	   /* nested $INCLUDE files */
#define MASTER_MAXTTL	0x7fffffffU /* RFC 2181 section 8 */
#define OWNER_CACHE	256	   /* owner texts longer than this are re-parsed */

#define LOG_ERR_LOAD  (MASTER_LOG_ERROR | MASTER_LOG_CTX_LOAD)
#define LOG_ERR_RDATA (MASTER_LOG_ERROR | MASTER_LOG_CTX_RDATA)
#define LOG_ERR_GEN   (MASTER_LOG_ERROR | MASTER_LOG_CTX_GENERATE)

typedef struct loader {
	const master_opts_t *opts;
	name_t origin;
	name_t owner;
	bool have_owner;
	bool after_origin; /* the last entry was $ORIGIN */
	/* The owner token that produced `owner`, while it can be reused. */
	char owner_text[OWNER_CACHE];
	size_t owner_len;
	bool owner_cached;

	uint32_t default_ttl; /* from $TTL or the SOA minimum */
	bool default_ttl_known;
	uint32_t ttl; /* of the last RR */
	bool ttl_known;
	bool warn_1035; /* "using RFC1035 TTL semantics" not yet said */

	/* The last type mnemonic seen: most zones repeat a few types. */
	char type_text[16];
	size_t type_len;
	uint16_t type_cached;

	result_t result; /* first error */
	unsigned nerrors;
	bool eof_seen; /* an error message already consumed the end */
	bool keep_rest; /* the text after a stray ')' is read as an entry */
	bool stop;	 /* end the load even in many-errors mode */
	bool skip_next;	 /* drop the next entry (see fail_eol) */
	unsigned depth;
	uint8_t rdata[RDATA_MAXLEN];
	/* $GENERATE expansions; BIND's sizes for the owner and rdata text */
	char gen_lhs[2048];
	char gen_rhs[65536];
} loader_t;

/* What one record looks like once its fields are known. */
typedef struct record {
	const char *file;
	unsigned line;	/* where the record started */
	bool has_ttl;
	uint32_t ttl;
	uint16_t rclass;
	uint16_t type;
	const text_token_t *rd; /* rdata tokens */
	const unsigned *rdlines; /* their lines (NULL: all on `line`) */
	size_t nrd;
	int ctx; /* MASTER_LOG_CTX_* for rdata messages */
	result_t fault; /* scan fault that cut the rdata tokens short */
	unsigned faultline;
	bool eof_fault;
	bool at_eof; /* the entry ran into the end of input */
	text_token_t after; /* the token after a stray ')' (len 0: none) */
} record_t;

static result_t load_text(loader_t *ld, const char *buf, size_t len,
			  const char *fname);
static size_t fields_len(const lex_entry_t *e, size_t i);
static result_t generate_run(loader_t *ld, record_t *rec, const lex_entry_t *e,
			     uint32_t start, uint32_t stop, uint32_t step,
			     const text_token_t *lhs, const text_token_t *rhs);

char *
master_log_format(char *buf, size_t size, int level, const char *file,
		  unsigned line, const char *msg) {
	const char *ctx = "";

	if ((level & MASTER_LOG_CTX_LOAD) != 0) {
		ctx = "dns_master_load: ";
	} else if ((level & MASTER_LOG_CTX_RDATA) != 0) {
		ctx = "dns_rdata_fromtext: ";
	} else if ((level & MASTER_LOG_CTX_GENERATE) != 0) {
		ctx = "$GENERATE: ";
	}
	if (size > 0 && line == 0) {
		snprintf(buf, size, "%s%s: %s", ctx, file, msg);
	} else if (size > 0) {
		snprintf(buf, size, "%s%s:%u: %s", ctx, file, line, msg);
	}
	return buf;
}

static void
logmsg(loader_t *ld, int level, const char *file, unsigned line,
       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
logmsg(loader_t *ld, int level, const char *file, unsigned line,
       const char *fmt, ...) {
	char msg[1200];
	va_list ap;

	if (ld->opts->log == NULL) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ld->opts->log(ld->opts->arg, level, file, line, msg);
}

/*
 * Notes an error and returns it.  Whether the load goes on is decided in
 * load_text(): in many-errors mode only a stop (ld->stop) ends it.
 */
static result_t
fail(loader_t *ld, result_t r) {
	if (ld->result == R_OK) {
		ld->result = r;
	}
	ld->nerrors++;
	return r;
}

/* An error after which BIND abandons the file whatever the mode. */
static result_t
fail_stop(loader_t *ld, result_t r) {
	ld->stop = true;
	return fail(ld, r);
}

/* Token text for messages: at most 255 bytes, stopping at a NUL. */
static int
toklen(const text_token_t *t) {
	size_t n = t->len > 255 ? 255 : t->len;
	const char *z = memchr(t->text, '\0', n);
	return (int)(z != NULL ? (size_t)(z - t->text) : n);
}

/*
 * BIND's two messages for a record or directive that stops short.  Its
 * recovery then reads on to the end of a line that has already ended, so
 * it loses the next entry too; we do the same (ld->skip_next).
 */
static result_t
fail_eol(loader_t *ld, const char *file, unsigned line, bool at_eof) {
	logmsg(ld, LOG_ERR_LOAD, file, line, "unexpected end of %s",
	       at_eof ? "file" : "line");
	logmsg(ld, LOG_ERR_LOAD, file, line, "unexpected end of input");
	ld->skip_next = true;
	return fail(ld, R_UNEXPECTEDEND);
}

/*
 * A scan fault met where BIND's loader (not its rdata parser) reads the
 * token: BIND reports the lexer call where the scanner stood, then the
 * result at the line of the last token it had read (its unget restores
 * that line).  Running into the end inside parentheses also draws the
 * end-of-file remark its recovery makes.
 */
static result_t
fail_lex(loader_t *ld, const char *file, const lex_entry_t *e) {
	unsigned last = e->ntok > 0 ? e->lines[e->ntok - 1] : e->errline;

	if (e->error == R_SYNTAX) {
		/* a NUL byte: BIND's lexer calls it a syntax error, once */
		logmsg(ld, LOG_ERR_LOAD, file, e->errline, "%s",
		       result_totext(e->error));
		return fail(ld, e->error);
	}
	logmsg(ld, LOG_ERR_LOAD, file, e->errline,
	       "isc_lex_gettoken() failed: %s", result_totext(e->error));
	logmsg(ld, LOG_ERR_LOAD, file, last, "%s", result_totext(e->error));
	if (e->eof_fault) {
		logmsg(ld, MASTER_LOG_WARNING, file, 0,
		       "file does not end with newline");
	}
	return fail(ld, e->error);
}

/* Meta types as BIND's loader sees them: OPT and the range 128-255. */
static bool
is_meta(uint16_t type) {
	return type == RRTYPE_OPT || (type >= 128 && type <= 255);
}

/* Explicit TTLs above 2^31-1 become 0, with BIND's (odd) wording. */
static uint32_t
limit_ttl(loader_t *ld, const char *file, unsigned line, uint32_t ttl) {
	if (ttl > MASTER_MAXTTL) {
		logmsg(ld, MASTER_LOG_WARNING | MASTER_LOG_CTX_LOAD, file, line,
		       "$TTL %u > MAXTTL, setting $TTL to 0", ttl);
		return 0;
	}
	return ttl;
}

static uint32_t
soa_minimum(const uint8_t *rd, size_t len) {
	if (len < 4) {
		return 0;
	}
	rd += len - 4;
	return (uint32_t)rd[0] << 24 | (uint32_t)rd[1] << 16 |
	       (uint32_t)rd[2] << 8 | rd[3];
}

/* rrclass_fromtext with a fast path for "IN", by far the commonest. */
static bool
is_class(const text_token_t *t, uint16_t *c) {
	if (t->quoted) {
		return false;
	}
	if (t->len == 2 && (t->text[0] | 0x20) == 'i' &&
	    (t->text[1] | 0x20) == 'n')
	{
		*c = RRCLASS_IN;
		return true;
	}
	/* a class starts with a letter: skip the lookup for TTLs */
	if (t->len == 0 || (t->text[0] >= '0' && t->text[0] <= '9')) {
		return false;
	}
	return rrclass_fromtext(t->text, t->len, c) == R_OK;
}

/* rrtype_fromtext behind a one-entry cache of the exact text. */
static bool
is_type(loader_t *ld, const text_token_t *t, uint16_t *type) {
	if (t->quoted) {
		return false;
	}
	if (t->len == ld->type_len && t->len > 0 &&
	    memcmp(t->text, ld->type_text, t->len) == 0)
	{
		*type = ld->type_cached;
		return true;
	}
	if (rrtype_fromtext(t->text, t->len, type) != R_OK) {
		return false;
	}
	if (t->len <= sizeof(ld->type_text)) {
		memcpy(ld->type_text, t->text, t->len);
		ld->type_len = t->len;
		ld->type_cached = *type;
	}
	return true;
}

/*
 * Parses the optional TTL and class and the type at toks[*i], in the order
 * BIND tries them: class, TTL, then class again if not yet seen.  Anything
 * else in the type position is an "unknown RR type".
 */
static result_t
parse_fields(loader_t *ld, const text_token_t *toks, size_t ntok, size_t *i,
	     record_t *rec, bool generate) {
	bool have_class = false;
	uint16_t c;
	uint32_t t;

	rec->has_ttl = false;
	rec->rclass = ld->opts->rclass;
	if (*i < ntok && is_class(&toks[*i], &c)) {
		rec->rclass = c;
		have_class = true;
		(*i)++;
	}
	if (*i < ntok && !toks[*i].quoted && toks[*i].len > 0 &&
	    toks[*i].text[0] >= '0' && toks[*i].text[0] <= '9' &&
	    ttl_fromtext(toks[*i].text, toks[*i].len, &t) == R_OK)
	{
		rec->ttl = limit_ttl(ld, rec->file, rec->line, t);
		rec->has_ttl = true;
		(*i)++;
	}
	if (!have_class && *i < ntok && is_class(&toks[*i], &c)) {
		rec->rclass = c;
		have_class = true;
		(*i)++;
	}
	if (*i >= ntok) {
		return fail_eol(ld, rec->file, rec->line, rec->at_eof);
	}
	const text_token_t *tt = &toks[*i];
	if (tt->quoted) {
		/*
		 * BIND wants a plain word here; after the syntax error its
		 * lexer rereads the string without its opening quote and
		 * trips on the closing one, hence the two extra lines.
		 */
		logmsg(ld, LOG_ERR_LOAD, rec->file, rec->line, "syntax error");
		logmsg(ld, LOG_ERR_LOAD, rec->file, rec->line,
		       "isc_lex_gettoken() failed: %s",
		       result_totext(R_UNBALANCEDQUOTES));
		logmsg(ld, LOG_ERR_LOAD, rec->file, rec->line, "%s",
		       result_totext(R_UNBALANCEDQUOTES));
		return fail(ld, R_SYNTAX);
	}
	if (!is_type(ld, tt, &rec->type)) {
		logmsg(ld, generate ? LOG_ERR_GEN : MASTER_LOG_ERROR, rec->file,
		       rec->line, "unknown RR type '%.*s'", toklen(tt), tt->text);
		return fail(ld, R_UNKNOWNCLASSTYPE);
	}
	(*i)++;
	if (have_class && rec->rclass != ld->opts->rclass) {
		char a[16], b[16];
		logmsg(ld, MASTER_LOG_ERROR, rec->file, rec->line,
		       "class '%s' != zone class '%s'",
		       rrclass_totext(rec->rclass, a),
		       rrclass_totext(ld->opts->rclass, b));
		return fail(ld, R_BADCLASS);
	}
	if (is_meta(rec->type)) {
		char a[16];
		logmsg(ld, MASTER_LOG_ERROR, rec->file, rec->line,
		       "type '%s': invalid use of a meta type",
		       rrtype_totext(rec->type, a));
		/*
		 * BIND then still hands the rest to its rdata parser, which
		 * has no text form for meta types and says so as well.
		 */
		result_t why = rec->type == RRTYPE_OPT ? R_NOTIMPLEMENTED
						       : R_UNKNOWNCLASSTYPE;
		if (*i < ntok) {
			logmsg(ld, MASTER_LOG_ERROR | MASTER_LOG_CTX_RDATA,
			       rec->file, rec->line, "near '%.*s': %s",
			       toklen(&toks[*i]), toks[*i].text,
			       result_totext(why));
		} else {
			logmsg(ld, MASTER_LOG_ERROR | MASTER_LOG_CTX_RDATA,
			       rec->file, rec->line, "near eol: %s",
			       result_totext(why));
		}
		return fail(ld, R_METATYPE);
	}
	return R_OK;
}

/*
 * True if the type's text parser reads tokens until the end of the entry
 * (TXT and the like) rather than a fixed number of them: such a parser
 * meets a scan fault itself, a fixed one only when BIND checks for the
 * end of the line.  Probed by offering one more token.
 */
static bool
rdata_is_greedy(loader_t *ld, const record_t *rec) {
	text_token_t toks[64];
	rdata_error_t err = {0};
	size_t len;

	if (rec->nrd >= sizeof(toks) / sizeof(toks[0])) {
		return true;
	}
	memcpy(toks, rec->rd, rec->nrd * sizeof(toks[0]));
	toks[rec->nrd] = (text_token_t){.text = "0", .len = 1};
	result_t r = rdata_fromtext(rec->type, rec->rclass, toks, rec->nrd + 1,
				    &ld->origin, ld->rdata, sizeof(ld->rdata),
				    &len, &err);
	return !((r == R_EXTRATOKEN || r == R_EXTRADATA) &&
		 err.token == rec->nrd);
}

/*
 * Reports a scan fault in the rdata part the way BIND's rdata parser
 * meets it (parsed_ok: the tokens before the fault made good rdata).
 */
static result_t
fail_rdata_fault(loader_t *ld, const record_t *rec, bool parsed_ok) {
	int lv = MASTER_LOG_ERROR | rec->ctx;
	const char *what = result_totext(rec->fault);

	if (parsed_ok && !rdata_is_greedy(ld, rec)) {
		/* found by the end-of-line check after a fixed-size rdata */
		if (rec->fault == R_UNBALANCEDQUOTES) {
			logmsg(ld, lv, rec->file, rec->faultline, "%s",
			       result_totext(R_EXTRATOKEN));
			return fail(ld, R_EXTRATOKEN);
		}
		unsigned line = rec->faultline;
		if (rec->nrd > 0 && rec->rdlines != NULL) {
			line = rec->rdlines[rec->nrd - 1];
		}
		logmsg(ld, lv, rec->file, line, "%s", what);
		/* BIND goes on after a stray ')' with the rest of the line */
		ld->keep_rest = true;
		return fail(ld, rec->fault);
	}
	/* met by the parser while asking for one more token */
	if (rec->nrd > 0 && rec->after.len > 0) {
		logmsg(ld, lv, rec->file, rec->faultline, "near '%.*s': %s",
		       toklen(&rec->after), rec->after.text, what);
	} else if (rec->nrd > 0) {
		logmsg(ld, lv, rec->file, rec->faultline, "near %s: %s",
		       rec->eof_fault ? "eof" : "eol", what);
	} else {
		logmsg(ld, lv, rec->file, rec->faultline, "%s", what);
		ld->keep_rest = true;
	}
	return fail(ld, rec->fault);
}

/*
 * Turns the rdata tokens into wire form, settles the TTL and hands the RR
 * over.
 */
static result_t
emit_record(loader_t *ld, record_t *rec) {
	size_t rdlen = 0;
	rdata_error_t err = {0};
	result_t r;

	r = rdata_fromtext(rec->type, rec->rclass, rec->rd, rec->nrd,
			   &ld->origin, ld->rdata, sizeof(ld->rdata), &rdlen,
			   &err);
	/*
	 * BIND's rdata parser meets a scan fault only when it asks for the
	 * token past the good ones: errors in earlier tokens come first.
	 */
	if (rec->fault != R_OK && (r == R_OK || err.token >= rec->nrd)) {
		return fail_rdata_fault(ld, rec, r == R_OK);
	}
	if (r != R_OK) {
		unsigned line = rec->line;
		size_t k = err.token;
		if (rec->rdlines != NULL && rec->nrd > 0) {
			/* BIND names the line of the last token it took in. */
			size_t at = k < rec->nrd ? k : rec->nrd - 1;
			if ((r == R_EXTRATOKEN || r == R_EXTRADATA) && at > 0) {
				at--;
			}
			line = rec->rdlines[at];
		}
		if (rec->ctx == MASTER_LOG_CTX_GENERATE) {
			/* BIND names its internal buffer for the detail */
			logmsg(ld, LOG_ERR_GEN, rec->file, line, "%s",
			       result_totext(r));
		} else if (k >= rec->nrd) {
			logmsg(ld, MASTER_LOG_ERROR | rec->ctx, rec->file, line,
			       "near %s: %s", rec->at_eof ? "eof" : "eol",
			       result_totext(r));
			/* the parser took the end of input: no recovery runs */
			ld->eof_seen = rec->at_eof;
		} else if (rec->rd[k].quoted) {
			logmsg(ld, MASTER_LOG_ERROR | rec->ctx, rec->file, line,
			       "%s", result_totext(r));
		} else {
			logmsg(ld, MASTER_LOG_ERROR | rec->ctx, rec->file, line,
			       "near '%.*s': %s", toklen(&rec->rd[k]),
			       rec->rd[k].text, result_totext(r));
		}
		return fail(ld, r);
	}

	if (rec->has_ttl) {
		ld->ttl = rec->ttl;
		ld->ttl_known = true;
	} else if (!ld->ttl_known && !ld->default_ttl_known) {
		if (rec->type == RRTYPE_SOA) {
			/* RFC 1035: the SOA minimum is the default. */
			ld->ttl = limit_ttl(ld, rec->file, rec->line,
					    soa_minimum(ld->rdata, rdlen));
			ld->ttl_known = true;
			ld->default_ttl = ld->ttl;
			ld->default_ttl_known = true;
			logmsg(ld, MASTER_LOG_WARNING, rec->file, rec->line,
			       "no TTL specified; using SOA MINTTL instead");
		} else {
			logmsg(ld, MASTER_LOG_ERROR, rec->file, rec->line,
			       "no TTL specified; zone rejected");
			return fail(ld, R_NOTTL);
		}
	} else if (ld->default_ttl_known) {
		ld->ttl = ld->default_ttl;
	} else if (ld->warn_1035) {
		logmsg(ld, MASTER_LOG_WARNING, rec->file, rec->line,
		       "using RFC1035 TTL semantics");
		ld->warn_1035 = false;
	}

	master_rr_t rr = {
		.owner = &ld->owner,
		.type = rec->type,
		.rclass = rec->rclass,
		.ttl = ld->ttl,
		.rdata = ld->rdata,
		.rdlen = (uint16_t)rdlen,
		.file = rec->file,
		.line = rec->line,
	};
	if (ld->opts->rr != NULL) {
		r = ld->opts->rr(ld->opts->arg, &rr);
		if (r != R_OK) {
			/* the consumer's verdict always ends the load */
			return fail_stop(ld, r);
		}
	}
	return R_OK;
}

/* Sets the current owner from a token, reusing the last parse if equal. */
static result_t
set_owner(loader_t *ld, const text_token_t *t, const char *file,
	  unsigned line, int ctx) {
	result_t r;

	if (ld->owner_cached && t->len == ld->owner_len && ld->have_owner &&
	    memcmp(t->text, ld->owner_text, t->len) == 0)
	{
		return R_OK;
	}
	/* on failure name_fromtext leaves owner alone: BIND keeps the last
	 * good owner for the lines that follow, and so do we */
	r = name_fromtext(&ld->owner, t->text, t->len, &ld->origin);
	if (r != R_OK) {
		ld->owner_cached = false;
		logmsg(ld, MASTER_LOG_ERROR | ctx, file, line, "%s",
		       result_totext(r));
		return fail(ld, r);
	}
	ld->have_owner = true;
	ld->owner_cached = t->len <= sizeof(ld->owner_text);
	if (ld->owner_cached) {
		memcpy(ld->owner_text, t->text, t->len);
		ld->owner_len = t->len;
	}
	return R_OK;
}

/* Any change of origin makes the cached owner text mean something else. */
static void
set_origin(loader_t *ld, const name_t *origin) {
	name_copy(&ld->origin, origin);
	ld->owner_cached = false;
}

/*
 * How many tokens from toks[i] parse_fields() will take (optional class
 * and TTL, then the type), so that a scan fault among them is reported as
 * the loader's rather than the rdata parser's.
 */
static size_t
fields_len(const lex_entry_t *e, size_t i) {
	size_t k = i;
	uint16_t c;
	uint32_t t;
	bool have_class = false;

	if (k < e->ntok && !e->toks[k].quoted &&
	    rrclass_fromtext(e->toks[k].text, e->toks[k].len, &c) == R_OK)
	{
		have_class = true;
		k++;
	}
	if (k < e->ntok && !e->toks[k].quoted &&
	    ttl_fromtext(e->toks[k].text, e->toks[k].len, &t) == R_OK)
	{
		k++;
	}
	if (!have_class && k < e->ntok && !e->toks[k].quoted &&
	    rrclass_fromtext(e->toks[k].text, e->toks[k].len, &c) == R_OK)
	{
		k++;
	}
	return k - i + 1;
}

static result_t
do_record(loader_t *ld, const lex_entry_t *e, const char *file) {
	record_t rec = {.file = file, .line = e->line, .at_eof = e->at_eof};
	size_t i = 0;
	result_t r;

	bool after_origin = ld->after_origin;

	ld->after_origin = false;
	if (e->initial_ws) {
		if (!ld->have_owner) {
			logmsg(ld, MASTER_LOG_ERROR, file, e->line,
			       "no current owner name");
			return fail(ld, R_NOOWNER);
		}
		if (after_origin) {
			/* likely a mistake: the author meant the new origin */
			char a[NAME_MAXTEXT], b[NAME_MAXTEXT];
			if (name_totext(&ld->owner, NULL, true, a, sizeof(a),
					NULL) == R_OK &&
			    name_totext(&ld->origin, NULL, true, b, sizeof(b),
					NULL) == R_OK)
			{
				logmsg(ld, MASTER_LOG_WARNING, file, e->line,
				       "record with inherited owner (%s) "
				       "immediately after $ORIGIN (%s)",
				       a, b);
			}
		}
	} else {
		r = set_owner(ld, &e->toks[0], file, e->line,
			      MASTER_LOG_CTX_LOAD);
		if (r != R_OK) {
			return r;
		}
		i = 1;
	}
	if (e->error != R_OK && e->ntok < i + fields_len(e, i)) {
		/* The scan fault came before the type. */
		return fail_lex(ld, file, e);
	}
	r = parse_fields(ld, e->toks, e->ntok, &i, &rec, false);
	if (r != R_OK) {
		if (e->error != R_OK) {
			/* BIND's recovery reads on to the end of the entry */
			(void)fail_lex(ld, file, e);
		}
		return r;
	}
	rec.fault = e->error;
	rec.faultline = e->errline;
	rec.eof_fault = e->eof_fault;
	rec.after = e->after;
	rec.rd = e->toks + i;
	rec.rdlines = e->lines + i;
	rec.nrd = e->ntok - i;
	rec.ctx = MASTER_LOG_CTX_RDATA;
	return emit_record(ld, &rec);
}

static result_t
do_ttl(loader_t *ld, const lex_entry_t *e, const char *file) {
	uint32_t t;

	if (e->ntok < 2) {
		return fail_eol(ld, file, e->line, e->at_eof);
	}
	if (e->ntok > 2) {
		logmsg(ld, LOG_ERR_LOAD, file, e->line, "extra input text");
		return fail(ld, R_EXTRATOKEN);
	}
	if (e->toks[1].quoted ||
	    ttl_fromtext(e->toks[1].text, e->toks[1].len, &t) != R_OK)
	{
		/* BIND gives up on the file here without a message. */
		return fail_stop(ld, R_BADTTL);
	}
	ld->default_ttl = limit_ttl(ld, file, e->line, t);
	ld->default_ttl_known = true;
	return R_OK;
}

static result_t
do_origin(loader_t *ld, const lex_entry_t *e, const char *file) {
	name_t n;
	result_t r;

	if (e->ntok < 2) {
		return fail_eol(ld, file, e->line, e->at_eof);
	}
	if (e->ntok > 2) {
		logmsg(ld, LOG_ERR_LOAD, file, e->line, "extra input text");
		return fail(ld, R_EXTRATOKEN);
	}
	r = name_fromtext(&n, e->toks[1].text, e->toks[1].len, &ld->origin);
	if (r != R_OK) {
		logmsg(ld, LOG_ERR_LOAD, file, e->line, "%s", result_totext(r));
		return fail(ld, r);
	}
	set_origin(ld, &n);
	ld->after_origin = true;
	return R_OK;
}

/* Reads a whole file: mapped when possible, else read(2) into memory. */
static result_t
file_open(const char *path, char **buf, size_t *len, bool *mapped) {
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return errno == ENOENT ? R_FILENOTFOUND : R_IOERROR;
	}
	if (fstat(fd, &st) != 0) {
		close(fd);
		return R_IOERROR;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return R_IOERROR;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			       fd, 0);
		if (m != MAP_FAILED) {
			(void)madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
			close(fd);
			*buf = m;
			*len = (size_t)st.st_size;
			*mapped = true;
			return R_OK;
		}
	}
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	if (b == NULL) {
		close(fd);
		return R_NOMEMORY;
	}
	for (;;) {
		if (n == cap) {
			char *nb = realloc(b, cap * 2);
			if (nb == NULL) {
				free(b);
				close(fd);
				return R_NOMEMORY;
			}
			b = nb;
			cap *= 2;
		}
		ssize_t got = read(fd, b + n, cap - n);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			free(b);
			close(fd);
			return R_IOERROR;
		}
		if (got == 0) {
			break;
		}
		n += (size_t)got;
	}
	close(fd);
	*buf = b;
	*len = n;
	*mapped = false;
	return R_OK;
}

static void
file_close(char *buf, size_t len, bool mapped) {
	if (mapped) {
		munmap(buf, len);
	} else {
		free(buf);
	}
}


static result_t
do_include(loader_t *ld, const lex_entry_t *e, const char *file) {
	name_t saved_origin, saved_owner, n;
	bool saved_have = ld->have_owner;
	char path[4096];
	result_t r;

	if ((ld->opts->flags & MASTER_NOINCLUDE) != 0) {
		logmsg(ld, LOG_ERR_LOAD, file, e->line,
		       "$INCLUDE not allowed");
		return fail(ld, R_FAILURE);
	}
	if (e->ntok < 2) {
		return fail_eol(ld, file, e->line, e->at_eof);
	}
	if (e->ntok > 3) {
		logmsg(ld, LOG_ERR_LOAD, file, e->line, "extra input text");
		return fail(ld, R_EXTRATOKEN);
	}
	const text_token_t *f = &e->toks[1];
	if (f->len >= sizeof(path) || memchr(f->text, '\0', f->len) != NULL) {
		logmsg(ld, LOG_ERR_LOAD, file, e->line, "%.*s: %s", toklen(f),
		       f->text, result_totext(R_FILENOTFOUND));
		return fail(ld, R_FILENOTFOUND);
	}
	memcpy(path, f->text, f->len);
	path[f->len] = '\0';
	if (e->ntok == 3) {
		r = name_fromtext(&n, e->toks[2].text, e->toks[2].len,
				  &ld->origin);
		if (r != R_OK) {
			logmsg(ld, LOG_ERR_LOAD, file, e->line, "%s",
			       result_totext(r));
			return fail(ld, r);
		}
	}
	if (ld->depth >= MASTER_MAXDEPTH) {
		logmsg(ld, LOG_ERR_LOAD, file, e->line, "%s: %s", path,
		       result_totext(R_TOOMANYFILES));
		return fail(ld, R_TOOMANYFILES);
	}
	char *buf = NULL;
	size_t len = 0;
	bool mapped = false;
	r = file_open(path, &buf, &len, &mapped);
	if (r != R_OK) {
		logmsg(ld, LOG_ERR_LOAD, file, e->line, "%s: %s", path,
		       result_totext(r));
		return fail(ld, r);
	}
	name_copy(&saved_origin, &ld->origin);
	name_copy(&saved_owner, &ld->owner);
	if (e->ntok == 3) {
		set_origin(ld, &n);
	}
	ld->depth++;
	/* messages name the included file as BIND does: keep the path */
	r = load_text(ld, buf, len, path);
	ld->depth--;
	file_close(buf, len, mapped);
	set_origin(ld, &saved_origin);
	name_copy(&ld->owner, &saved_owner);
	ld->have_owner = saved_have;
	if (r != R_OK) {
		/* already logged inside; the failure ends this file too */
		ld->stop = true;
	}
	return r;
}

/*
 * $GENERATE range lhs [ttl] [class] type rhs: fields as for a record; lhs
 * and rhs are expanded per iteration and parsed as owner and rdata.
 */
static result_t
do_generate(loader_t *ld, const lex_entry_t *e, const char *file) {
	record_t rec = {.file = file, .line = e->line, .at_eof = e->at_eof};
	uint32_t start, stop, step;
	size_t i = 3;
	result_t r;

	/* BIND reads every field before it checks any */
	if (e->ntok < 4 || e->ntok < 3 + fields_len(e, 3) + 1) {
		return fail_eol(ld, file, e->line, e->at_eof);
	}
	const text_token_t *range = &e->toks[1], *lhs = &e->toks[2];
	if (generate_range(range->text, range->len, &start, &stop, &step) !=
	    R_OK)
	{
		logmsg(ld, LOG_ERR_GEN, file, e->line, "invalid range '%.*s'",
		       toklen(range), range->text);
		r = fail(ld, R_SYNTAX); /* BIND's result for it */
	} else {
		r = parse_fields(ld, e->toks, e->ntok, &i, &rec, true);
	}
	if (r == R_OK && !rec.has_ttl && !ld->ttl_known &&
	    !ld->default_ttl_known)
	{
		/*
		 * BIND checks this once, up front, and generates anyway,
		 * with no per-record complaint (the records get TTL 0).
		 */
		logmsg(ld, LOG_ERR_LOAD, file, e->line, "no TTL specified");
		(void)fail(ld, R_NOTTL);
		rec.has_ttl = true;
		rec.ttl = 0;
	}
	if (r == R_OK) {
		r = generate_run(ld, &rec, e, start, stop, step, lhs,
				 &e->toks[i]);
	} else {
		i = 3 + fields_len(e, 3);
	}
	/* and only then looks for the end of the line */
	if (i + 1 < e->ntok &&
	    (r == R_OK || (ld->opts->flags & MASTER_MANYERRORS) != 0) &&
	    !ld->stop)
	{
		logmsg(ld, LOG_ERR_LOAD, file, e->line, "extra input text");
		result_t x = fail(ld, R_EXTRATOKEN);
		if (r == R_OK) {
			r = x;
		}
	}
	return r;
}

/* The $GENERATE loop proper: one record per iterator value. */
static result_t
generate_run(loader_t *ld, record_t *rec, const lex_entry_t *e,
	     uint32_t start, uint32_t stop, uint32_t step,
	     const text_token_t *lhs, const text_token_t *rhs) {
	const char *file = rec->file;
	char *lbuf = ld->gen_lhs, *rbuf = ld->gen_rhs;
	text_token_t toks[256];
	result_t r;

	for (uint64_t it = start; it <= stop; it += step) {
		size_t llen, rlen, n;
		r = generate_expand(lhs->text, lhs->len, (uint32_t)it, lbuf,
				    sizeof(ld->gen_lhs), &llen);
		if (r == R_OK) {
			r = generate_expand(rhs->text, rhs->len, (uint32_t)it,
					    rbuf, sizeof(ld->gen_rhs), &rlen);
		}
		if (r != R_OK) {
			logmsg(ld, LOG_ERR_GEN, file, e->line, "%s",
			       result_totext(r));
			return fail(ld, r);
		}
		text_token_t ot = {.text = lbuf, .len = llen};
		ld->owner_cached = false;
		r = set_owner(ld, &ot, file, e->line, MASTER_LOG_CTX_GENERATE);
		ld->owner_cached = false;
		if (r != R_OK) {
			return r;
		}
		if (rhs->quoted) {
			toks[0].text = rbuf;
			toks[0].len = rlen;
			toks[0].quoted = true;
			n = 1;
		} else if (token_split(rbuf, rlen, toks, 256, &n) != R_OK) {
			logmsg(ld, LOG_ERR_GEN, file, e->line, "%s",
			       result_totext(R_SYNTAX));
			return fail(ld, R_SYNTAX);
		}
		rec->rd = toks;
		rec->rdlines = NULL;
		rec->nrd = n;
		rec->ctx = MASTER_LOG_CTX_GENERATE;
		r = emit_record(ld, rec);
		if (r != R_OK) {
			return r;
		}
	}
	return R_OK;
}

static result_t
do_entry(loader_t *ld, const lex_entry_t *e, const char *file) {
	const text_token_t *t0 = &e->toks[0];

	if (e->initial_ws || t0->quoted || t0->len == 0 || t0->text[0] != '$') {
		return do_record(ld, e, file);
	}
	if (e->error != R_OK) {
		return fail_lex(ld, file, e);
	}
	if (token_is(t0, "$TTL")) {
		return do_ttl(ld, e, file);
	}
	if (token_is(t0, "$ORIGIN")) {
		return do_origin(ld, e, file);
	}
	if (token_is(t0, "$INCLUDE")) {
		return do_include(ld, e, file);
	}
	if (token_is(t0, "$GENERATE")) {
		return do_generate(ld, e, file);
	}
	logmsg(ld, LOG_ERR_LOAD, file, e->line, "unknown $ directive '%.*s'",
	       toklen(t0), t0->text);
	result_t r = fail(ld, R_SYNTAX);
	if ((ld->opts->flags & MASTER_MANYERRORS) != 0) {
		/* BIND goes on reading the line as a record owned by it */
		(void)do_record(ld, e, file);
	}
	return r;
}

/*
 * True if the text after the last newline holds more than blanks and a
 * comment: BIND warns about such an unterminated last line.
 */
static bool
last_line_has_data(const char *buf, size_t len) {
	size_t p = len;

	while (p > 0 && buf[p - 1] != '\n') {
		p--;
	}
	while (p < len && (buf[p] == ' ' || buf[p] == '\t' || buf[p] == '\r')) {
		p++;
	}
	return p < len && buf[p] != ';';
}

static result_t
load_text(loader_t *ld, const char *buf, size_t len, const char *fname) {
	lex_t lx;
	lex_entry_t ent;
	result_t r;
	bool last_failed = false, last_eof_fault = false;

	/* Each nesting level needs its own tokens: they point into its file. */
	lex_entry_init(&ent);
	lex_init(&lx, buf, len);
	for (;;) {
		r = lex_next(&lx, &ent);
		if (r == R_EOF) {
			r = R_OK;
			if (ld->skip_next) {
				/* BIND's recovery ran into the end instead */
				ld->skip_next = false;
				logmsg(ld, MASTER_LOG_WARNING, fname, 0,
				       "file does not end with newline");
			} else if (last_line_has_data(buf, len) &&
				   !last_eof_fault && !ld->eof_seen)
			{
				/*
				 * After an error BIND's recovery is what runs
				 * into the end, and it names no line then.
				 */
				logmsg(ld, MASTER_LOG_WARNING, fname,
				       last_failed ? 0 : lx.line,
				       "file does not end with newline");
			}
			break;
		}
		if (r != R_OK) {
			break;
		}
		if (ld->skip_next) {
			ld->skip_next = false;
			continue;
		}
		unsigned errors_before = ld->nerrors;
		last_eof_fault = ent.eof_fault;
		if (ent.ntok == 0 && ent.error == R_OK) {
			/* nothing but parentheses */
			r = R_OK;
		} else if (ent.ntok == 0) {
			/* only a scan fault on this line */
			r = fail_lex(ld, fname, &ent);
		} else {
			r = do_entry(ld, &ent, fname);
		}
		last_failed = ld->nerrors != errors_before;
		if (!ld->keep_rest) {
			lex_skip_line(&lx);
		}
		ld->keep_rest = false;
		if (r != R_OK && (ld->stop ||
				  (ld->opts->flags & MASTER_MANYERRORS) == 0))
		{
			break;
		}
		r = R_OK;
	}
	lex_entry_free(&ent);
	return r;
}

static void
loader_init(loader_t *ld, const master_opts_t *opts) {
	memset(ld, 0, offsetof(loader_t, rdata));
	ld->opts = opts;
	if (opts->origin != NULL) {
		name_copy(&ld->origin, opts->origin);
	} else {
		name_init_root(&ld->origin);
	}
	ld->warn_1035 = true;
}

result_t
master_load_buffer(const char *buf, size_t len, const char *fname,
		   const master_opts_t *opts) {
	loader_t *ld = malloc(sizeof(*ld));
	result_t r;

	if (ld == NULL) {
		return R_NOMEMORY;
	}
	loader_init(ld, opts);
	r = load_text(ld, buf, len, fname);
	if (r == R_OK) {
		r = ld->result;
	}
	free(ld);
	return r;
}

result_t
master_load_file(const char *path, const master_opts_t *opts) {
	loader_t *ld = malloc(sizeof(*ld));
	result_t r;

	if (ld == NULL) {
		return R_NOMEMORY;
	}
	loader_init(ld, opts);
	char *buf = NULL;
	size_t len = 0;
	bool mapped = false;
	r = file_open(path, &buf, &len, &mapped);
	if (r != R_OK) {
		free(ld);
		return r;
	}
	r = load_text(ld, buf, len, path);
	file_close(buf, len, mapped);
	if (r == R_OK) {
		r = ld->result;
	}
	free(ld);
	return r;
}
