/*
 * dump.c - text master-file output in BIND 9.18's masterdump styles (see
 * dump.h for the contract).
 *
 * Column rule (what makes the output byte-identical): to reach column
 * `to` from column `from`, first make sure we move at least one column
 * (to = max(to, from + 1)), then emit as many tabs as tab stops (width 8)
 * are crossed and fill the rest with spaces.  So a field that overruns its
 * column is followed by one space, or by a tab when that single step lands
 * on a tab stop.
 */
#include "zones/dump.h"

#include <stdlib.h>
#include <string.h>

#include "zones/dump_multiline.h"
#include "zones/rdata.h"
#include "zones/wire.h"

#define TABWIDTH 8

/* BIND's dns_master_style_full columns. */
#define FULL_TTL_COL   46
#define FULL_CLASS_COL 46
#define FULL_TYPE_COL  46
#define FULL_RDATA_COL 64

/* dns_master_style_default (relative) columns. */
#define REL_CLASS_COL 24
#define REL_TYPE_COL  24
#define REL_RDATA_COL 32

/* Rdata text can be long (64 KiB of hex); one buffer per dump. */
#define RDATA_TEXT_MAX (RDATA_MAXLEN * 4 + 1024)

static void
indent(textbuf_t *tb, unsigned *col, unsigned to) {
	unsigned from = *col;

	if (to < from + 1) {
		to = from + 1;
	}
	unsigned ntabs = to / TABWIDTH - from / TABWIDTH;
	for (unsigned i = 0; i < ntabs; i++) {
		tb_putc(tb, '\t');
	}
	if (ntabs > 0) {
		from = (to / TABWIDTH) * TABWIDTH;
	}
	for (unsigned i = from; i < to; i++) {
		tb_putc(tb, ' ');
	}
	*col = to;
}

static void
put_counted(textbuf_t *tb, unsigned *col, const char *s) {
	size_t before = tb->len;
	tb_puts(tb, s);
	*col += (unsigned)(tb->len - before);
}

const char *
dump_time_totext(uint32_t t, char buf[16]) {
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL) {
		snprintf(buf, 16, "00000000000000");
		return buf;
	}
	/* A 32-bit time stays within years 1970..2106, so this fits. */
	snprintf(buf, 16, "%04u%02u%02u%02u%02u%02u",
		 (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
		 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
		 (unsigned)tm.tm_sec % 100u);
	return buf;
}

/* RFC 1982 comparison of 32-bit times. */
static bool
serial_gt(uint32_t a, uint32_t b) {
	return a != b && (int32_t)(a - b) > 0;
}

uint32_t
dump_resign_time(const zone_rrset_t *rrsig, uint32_t now) {
	uint32_t when = 0;
	bool first = true;

	for (const zone_rdata_t *d = rrsig->head; d != NULL; d = d->next) {
		if (d->len < 16) {
			continue;
		}
		uint32_t expire = be32(d->data + 8);
		uint32_t incept = be32(d->data + 12);
		uint32_t t = serial_gt(incept, now) ? now : expire;
		if (first || serial_gt(when, t)) {
			when = t;
			first = false;
		}
	}
	return when;
}

/* Full style: owner TTL class type rdata, one line. */
static result_t
rr_full(const char *owner, uint32_t ttl, uint16_t rclass, uint16_t type,
	const char *rdtext, textbuf_t *tb) {
	char num[16], cbuf[16], tbuf[16];
	unsigned col = 0;

	put_counted(tb, &col, owner);
	indent(tb, &col, FULL_TTL_COL);
	snprintf(num, sizeof(num), "%u", ttl);
	put_counted(tb, &col, num);
	indent(tb, &col, FULL_CLASS_COL);
	put_counted(tb, &col, rrclass_totext(rclass, cbuf));
	indent(tb, &col, FULL_TYPE_COL);
	put_counted(tb, &col, rrtype_totext(type, tbuf));
	indent(tb, &col, FULL_RDATA_COL);
	tb_puts(tb, rdtext);
	tb_putc(tb, '\n');
	return tb->error;
}

result_t
dump_rr_full(const name_t *owner, uint32_t ttl, uint16_t rclass,
	     uint16_t type, const uint8_t *rdata, size_t len, textbuf_t *out) {
	char oname[NAME_MAXTEXT];
	char *rd = malloc(RDATA_TEXT_MAX);
	result_t r;

	if (rd == NULL) {
		return R_NOMEMORY;
	}
	r = name_totext(owner, NULL, false, oname, sizeof(oname), NULL);
	if (r == R_OK) {
		r = rdata_totext(type, rclass, rdata, len, NULL, rd,
				 RDATA_TEXT_MAX, NULL);
	}
	if (r == R_OK) {
		r = rr_full(oname, ttl, rclass, type, rd, out);
	}
	free(rd);
	return r;
}

typedef struct dumpctx {
	const zone_t *z;
	FILE *fp;
	uint32_t now;
	char *rd;     /* rdata text buffer */
	char *line;   /* output line buffer */
	size_t linesize;
	/* relative style state */
	name_t origin;
	bool have_origin;
	name_t levels[NAME_MAXLABELS];
	unsigned nlevels;
	name_t prev;
	bool have_prev;
	uint32_t ttl;
	bool have_ttl;
	uint16_t last_class;
	bool have_class;
} dumpctx_t;

static result_t
emit(dumpctx_t *c, const textbuf_t *tb) {
	if (tb->error != R_OK) {
		return tb->error;
	}
	if (fwrite(tb->buf, 1, tb->len, c->fp) != tb->len) {
		return R_IOERROR;
	}
	return R_OK;
}

static result_t
resign_line(dumpctx_t *c, const zone_rrset_t *s) {
	char tbuf[16];

	if (s->type != RRTYPE_RRSIG) {
		return R_OK;
	}
	uint32_t when = dump_resign_time(s, c->now);
	if (fprintf(c->fp, "; resign=%s\n", dump_time_totext(when, tbuf)) <
	    0) {
		return R_IOERROR;
	}
	return R_OK;
}

/* Pass 0 dumps the main tree, pass 1 BIND's NSEC3 tree. */
static bool
in_pass(const zone_rrset_t *s, int pass) {
	return zone_rrset_is_nsec3(s) == (pass == 1);
}

static bool
node_in_pass(const zone_node_t *node, int pass) {
	for (const zone_rrset_t *s = node->rrsets; s != NULL; s = s->next) {
		if (in_pass(s, pass)) {
			return true;
		}
	}
	return false;
}

static result_t
node_full(dumpctx_t *c, const zone_node_t *node, int pass) {
	char oname[NAME_MAXTEXT];
	name_t owner;
	textbuf_t tb;
	result_t r;

	zone_node_name(node, &owner);
	r = name_totext(&owner, NULL, false, oname, sizeof(oname), NULL);
	if (r != R_OK) {
		return r;
	}
	for (const zone_rrset_t *s = node->rrsets; s != NULL; s = s->next) {
		if (!in_pass(s, pass)) {
			continue;
		}
		for (const zone_rdata_t *d = s->head; d != NULL; d = d->next) {
			r = rdata_totext(s->type, zone_class(c->z), d->data,
					 d->len, NULL, c->rd, RDATA_TEXT_MAX,
					 NULL);
			if (r != R_OK) {
				return r;
			}
			tb_init(&tb, c->line, c->linesize);
			rr_full(oname, s->ttl, zone_class(c->z), s->type,
				c->rd, &tb);
			r = emit(c, &tb);
			if (r != R_OK) {
				return r;
			}
		}
		r = resign_line(c, s);
		if (r != R_OK) {
			return r;
		}
	}
	return R_OK;
}

/* ---- relative style ---- */

/* BIND's TTL comment: "1 week 2 days 3 hours" from 604800+... */
static void
ttl_comment(uint32_t ttl, textbuf_t *tb) {
	static const struct {
		uint32_t secs;
		const char *unit;
	} units[] = {{604800, "week"},
		     {86400, "day"},
		     {3600, "hour"},
		     {60, "minute"},
		     {1, "second"}};
	bool first = true;

	if (ttl == 0) {
		tb_puts(tb, "0 seconds");
		return;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		uint32_t n = ttl / units[i].secs;
		ttl %= units[i].secs;
		if (n == 0) {
			continue;
		}
		tb_printf(tb, "%s%u %s%s", first ? "" : " ", n, units[i].unit,
			  n == 1 ? "" : "s");
		first = false;
	}
}

/*
 * The $ORIGIN BIND writes an owner under is the level of its red-black
 * tree the node sits in: the nearest proper ancestor that is itself a
 * node.  Nodes are the names with data, the branch points where two names
 * part (in canonical order these are the common suffixes of neighbours),
 * the parents of wildcards, and the zone origin (whose own level is the
 * root).  levels[] is the stack of such ancestors of the current name.
 */
static void
level_push(dumpctx_t *c, const name_t *n) {
	if (c->nlevels < NAME_MAXLABELS) {
		name_copy(&c->levels[c->nlevels++], n);
	}
}

/*
 * Levels an owner adds above itself, as label counts of its ancestors:
 * the branch points with its neighbours (the previous owner may itself
 * be an ancestor), and for each "*" label the wildcard's parent and, for
 * an inner "*", the wildcard name itself (BIND adds both as nodes).
 */
static void
owner_origin(dumpctx_t *c, const name_t *owner, const name_t *next,
	     name_t *out) {
	const name_t *zorigin = zone_origin(c->z);
	unsigned cand[NAME_MAXLABELS * 2 + 2];
	size_t ncand = 0;

	if (name_equal(owner, zorigin)) {
		name_init_root(out);
		c->nlevels = 0;
		level_push(c, owner);
		name_copy(&c->prev, owner);
		c->have_prev = true;
		return;
	}
	while (c->nlevels > 0 &&
	       !name_issubdomain(owner, &c->levels[c->nlevels - 1])) {
		c->nlevels--;
	}
	if (c->nlevels == 0) {
		level_push(c, zorigin);
	}
	if (c->have_prev) {
		cand[ncand++] = name_common_labels(owner, &c->prev);
	}
	if (next != NULL) {
		cand[ncand++] = name_common_labels(owner, next);
	}
	for (unsigned i = 0; i + 1 < owner->labels; i++) {
		const uint8_t *l = owner->wire + owner->offsets[i];
		if (l[0] == 1 && l[1] == '*') {
			cand[ncand++] = owner->labels - i - 1; /* parent */
			cand[ncand++] = owner->labels - i;     /* wildcard */
		}
	}
	/* Push, shallowest first, each proper ancestor below the top. */
	for (;;) {
		unsigned top = c->levels[c->nlevels - 1].labels;
		unsigned best = 0;
		for (size_t k = 0; k < ncand; k++) {
			if (cand[k] > top && cand[k] < owner->labels &&
			    (best == 0 || cand[k] < best)) {
				best = cand[k];
			}
		}
		if (best == 0) {
			break;
		}
		name_t level;
		name_suffix(owner, best, &level);
		/* A level with data is written in the case it was first
		 * given, as BIND's tree keeps it. */
		const zone_node_t *n = zone_find(c->z, &level);
		if (n != NULL) {
			zone_node_name(n, &level);
		}
		level_push(c, &level);
	}
	name_copy(out, &c->levels[c->nlevels - 1]);
	name_copy(&c->prev, owner);
	c->have_prev = true;
}

/* The origin to write an rdata name against: BIND shortens only names
 * strictly below the origin. */
static const name_t *
rdata_origin(const name_t *n, const name_t *origin) {
	if (origin == NULL || name_equal(n, origin)) {
		return NULL;
	}
	return origin;
}

/* SOA in BIND's multi-line commented layout (relative style). */
static void
soa_multiline(const zone_rdata_t *d, const name_t *origin, unsigned col,
	      textbuf_t *tb) {
	static const char *const what[] = {"serial", "refresh", "retry",
					   "expire", "minimum"};
	char nbuf[NAME_MAXTEXT];
	name_t mname, rname;
	size_t used1, used2;

	if (name_fromwire_raw(&mname, d->data, d->len, &used1) != R_OK ||
	    name_fromwire_raw(&rname, d->data + used1, d->len - used1,
			      &used2) != R_OK ||
	    d->len - used1 - used2 != 20) {
		tb->error = R_FORMERR;
		return;
	}
	/* A name equal to the origin is written in full, not as "@". */
	name_totext(&mname, rdata_origin(&mname, origin), false, nbuf,
		    sizeof(nbuf), NULL);
	tb_printf(tb, "%s ", nbuf);
	name_totext(&rname, rdata_origin(&rname, origin), false, nbuf,
		    sizeof(nbuf), NULL);
	tb_printf(tb, "%s (\n", nbuf);
	(void)col;
	const uint8_t *p = d->data + used1 + used2;
	for (int i = 0; i < 5; i++) {
		char num[16];
		uint32_t v = be32(p + 4 * i);
		snprintf(num, sizeof(num), "%u", v);
		tb_puts(tb, "\t\t\t\t");
		tb_printf(tb, "%-10s ; %s", num, what[i]);
		if (i > 0) {
			tb_puts(tb, " (");
			ttl_comment(v, tb);
			tb_putc(tb, ')');
		}
		tb_putc(tb, '\n');
	}
	tb_puts(tb, "\t\t\t\t)");
}

static result_t
node_relative(dumpctx_t *c, const zone_node_t *node, const zone_node_t *next,
	      int pass) {
	char nbuf[NAME_MAXTEXT], tbuf[16], cbuf[16];
	name_t owner, want;
	textbuf_t tb;
	result_t r;
	bool first = true;

	zone_node_name(node, &owner);
	if (next != NULL) {
		name_t nextname;
		zone_node_name(next, &nextname);
		owner_origin(c, &owner, &nextname, &want);
	} else {
		owner_origin(c, &owner, NULL, &want);
	}
	if (!c->have_origin || !name_equal(&want, &c->origin)) {
		name_copy(&c->origin, &want);
		c->have_origin = true;
		name_totext(&want, NULL, false, nbuf, sizeof(nbuf), NULL);
		if (fprintf(c->fp, "$ORIGIN %s\n", nbuf) < 0) {
			return R_IOERROR;
		}
	}
	/* Names relative to the root origin are written absolute. */
	const name_t *rel = c->origin.labels > 1 ? &c->origin : NULL;

	for (const zone_rrset_t *s = node->rrsets; s != NULL; s = s->next) {
		if (!in_pass(s, pass)) {
			continue;
		}
		if (!c->have_ttl || c->ttl != s->ttl) {
			tb_init(&tb, c->line, c->linesize);
			tb_printf(&tb, "$TTL %u\t; ", s->ttl);
			ttl_comment(s->ttl, &tb);
			tb_putc(&tb, '\n');
			r = emit(c, &tb);
			if (r != R_OK) {
				return r;
			}
			c->ttl = s->ttl;
			c->have_ttl = true;
		}
		for (const zone_rdata_t *d = s->head; d != NULL; d = d->next) {
			unsigned col = 0;
			tb_init(&tb, c->line, c->linesize);
			if (first) {
				/* Owners are relative even to the root. */
				name_totext(&owner, &c->origin, true, nbuf,
					    sizeof(nbuf), NULL);
				put_counted(&tb, &col, nbuf);
				first = false;
			}
			if (!c->have_class ||
			    c->last_class != zone_class(c->z)) {
				indent(&tb, &col, REL_CLASS_COL);
				put_counted(&tb, &col,
					    rrclass_totext(zone_class(c->z),
							   cbuf));
				c->last_class = zone_class(c->z);
				c->have_class = true;
			}
			indent(&tb, &col, REL_TYPE_COL);
			put_counted(&tb, &col, rrtype_totext(s->type, tbuf));
			indent(&tb, &col, REL_RDATA_COL);
			if (s->type == RRTYPE_SOA) {
				soa_multiline(d, rel, col, &tb);
			} else {
				r = rdata_totext(s->type, zone_class(c->z),
						 d->data, d->len, rel, c->rd,
						 RDATA_TEXT_MAX, NULL);
				if (r != R_OK) {
					return r;
				}
				if (!dump_multiline(s->type, d->data, d->len,
						    c->rd, &tb)) {
					tb_puts(&tb, c->rd);
				}
			}
			tb_putc(&tb, '\n');
			r = emit(c, &tb);
			if (r != R_OK) {
				return r;
			}
		}
		/* BIND's relative style has no resign comments. */
	}
	return R_OK;
}

result_t
dump_zone(const zone_t *z, dump_style_t style, time_t now, FILE *fp) {
	/* On the heap: the level stack holds up to 128 names. */
	dumpctx_t *c = calloc(1, sizeof(*c));
	result_t r = R_OK;

	if (c == NULL) {
		return R_NOMEMORY;
	}
	c->z = z;
	c->fp = fp;
	c->now = (uint32_t)now;
	c->linesize = RDATA_TEXT_MAX + 2 * NAME_MAXTEXT + 256;
	c->rd = malloc(RDATA_TEXT_MAX);
	c->line = malloc(c->linesize);
	if (c->rd == NULL || c->line == NULL) {
		r = R_NOMEMORY;
	}
	/* BIND's iterator walks the main tree, then the NSEC3 tree. */
	for (int pass = 0; pass < 2 && r == R_OK; pass++) {
		c->have_origin = false;
		c->nlevels = 0;
		c->have_prev = false;
		for (size_t i = 0; i < zone_node_count(z) && r == R_OK; i++) {
			const zone_node_t *node = zone_node_at(z, i);
			if (node == NULL) {
				r = R_FAILURE;
				break;
			}
			if (!node_in_pass(node, pass)) {
				continue;
			}
			if (style != DUMP_RELATIVE) {
				r = node_full(c, node, pass);
				continue;
			}
			const zone_node_t *next = NULL;
			for (size_t k = i + 1; k < zone_node_count(z); k++) {
				const zone_node_t *n = zone_node_at(z, k);
				if (node_in_pass(n, pass)) {
					next = n;
					break;
				}
			}
			r = node_relative(c, node, next, pass);
		}
	}
	free(c->rd);
	free(c->line);
	free(c);
	if (r == R_OK && fflush(fp) != 0) {
		r = R_IOERROR;
	}
	return r;
}
