/*
 * zonecheck.c - BIND 9.18's zone checks (see zonecheck.h for the contract).
 *
 * The post-load checks need BIND's database lookup answers (success, no
 * such RRset, no such name, CNAME, below a DNAME, below a delegation,
 * glue) because every message depends on which one comes back; zfind()
 * reproduces them over the simple zone: zone cuts and DNAMEs are found
 * walking down from the apex, empty non-terminals through the sorted node
 * array, and wildcards at the closest encloser.
 */
#include "zones/zonecheck.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "zones/rdata.h"
#include "zones/wire.h"

#define RRTYPE_SPF 99

void
zonecheck_defaults(zonecheck_opts_t *o, bool compile) {
	memset(o, 0, sizeof(*o));
	o->names = compile ? ZC_FAIL : ZC_WARN;
	o->mx = ZC_WARN;
	o->ns = compile ? ZC_FAIL : ZC_WARN;
	o->mx_cname = ZC_WARN;
	o->srv_cname = ZC_WARN;
	o->wildcard = ZC_WARN;
	o->spf = ZC_WARN;
	o->dup = ZC_WARN;
	o->integrity = true;
	o->sibling = true;
}

static void
logf_(const zonecheck_opts_t *o, int level, const char *file, unsigned line,
      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
logf_(const zonecheck_opts_t *o, int level, const char *file, unsigned line,
      const char *fmt, ...) {
	char msg[2048];
	va_list ap;

	if (o->log == NULL) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o->log(o->arg, level, file, line, msg);
}

/* BIND's dns_name_format(): absolute text without the final dot. */
static const char *
fmt_name(const name_t *n, char *buf, size_t size) {
	if (name_totext(n, NULL, true, buf, size, NULL) != R_OK) {
		snprintf(buf, size, "<bad name>");
	}
	return buf;
}

/*
 * The text a user most likely typed for a name in a record, for messages
 * that quote the token: relative to the origin when below it, else
 * absolute with its dot; printable characters as they are (a user rarely
 * escapes "@" or "$" inside a name), only "." and "\\" escaped, other
 * bytes as \DDD.
 */
static const char *
fmt_token(const name_t *n, const name_t *origin, char *buf, size_t size) {
	unsigned stop = n->labels - 1; /* labels to print (root excluded) */
	bool rel = name_issubdomain(n, origin) && !name_equal(n, origin);
	size_t k = 0;

	if (rel) {
		stop = n->labels - origin->labels;
	}
	buf[0] = '\0';
	for (unsigned i = 0; i < stop; i++) {
		const uint8_t *l = n->wire + n->offsets[i];
		for (unsigned b = 1; b <= l[0]; b++) {
			char tmp[8];
			uint8_t ch = l[b];
			if (ch == '.' || ch == '\\') {
				snprintf(tmp, sizeof(tmp), "\\%c", ch);
			} else if (ch > 0x20 && ch < 0x7f) {
				snprintf(tmp, sizeof(tmp), "%c", ch);
			} else {
				snprintf(tmp, sizeof(tmp), "\\%03u", ch);
			}
			size_t tl = strlen(tmp);
			if (k + tl + 2 >= size) {
				return buf;
			}
			memcpy(buf + k, tmp, tl + 1);
			k += tl;
		}
		if (i + 1 < stop || !rel) {
			if (k + 2 >= size) {
				return buf;
			}
			buf[k++] = '.';
			buf[k] = '\0';
		}
	}
	if (k == 0 && size > 1) {
		/* The root, or the origin itself. */
		snprintf(buf, size, rel ? "@" : ".");
	}
	return buf;
}

/* Reads the name at rdata[off]; false if malformed. */
static bool
rdata_name_at(const master_rr_t *rr, size_t off, name_t *out, size_t *next) {
	size_t used;

	if (off > rr->rdlen ||
	    name_fromwire_raw(out, rr->rdata + off, rr->rdlen - off, &used) !=
		    R_OK) {
		return false;
	}
	if (next != NULL) {
		*next = off + used;
	}
	return true;
}

/* True if text (a name's token, trailing dot dropped) parses as an IPv4
 * or IPv6 address: BIND's test for "MX/NS is an address". */
static bool
looks_like_address(const char *text) {
	char buf[NAME_MAXTEXT];
	unsigned char addr[16];
	size_t len = strlen(text);

	if (len == 0 || len >= sizeof(buf)) {
		return false;
	}
	memcpy(buf, text, len + 1);
	if (buf[len - 1] == '.') {
		buf[len - 1] = '\0';
	}
	return inet_pton(AF_INET, buf, addr) == 1 ||
	       inet_pton(AF_INET6, buf, addr) == 1;
}

/* Any label but the first is exactly "*". */
static bool
has_internal_wildcard(const name_t *n) {
	for (unsigned i = 1; i + 1 < n->labels; i++) {
		const uint8_t *l = n->wire + n->offsets[i];
		if (l[0] == 1 && l[1] == '*') {
			return true;
		}
	}
	return false;
}

/* NSEC3 owners: the first label must be base32hex without padding. */
static bool
nsec3_owner_ok(const name_t *n) {
	if (n->labels < 2) {
		return false;
	}
	const uint8_t *l = n->wire;
	unsigned len = l[0];
	unsigned bits = 0, acc = 0;

	if (len == 0) {
		return false;
	}
	switch (len % 8) {
	case 1:
	case 3:
	case 6:
		return false;
	default:
		break;
	}
	for (unsigned i = 1; i <= len; i++) {
		int c = l[i], v;
		if (c >= '0' && c <= '9') {
			v = c - '0';
		} else if (c >= 'a' && c <= 'v') {
			v = c - 'a' + 10;
		} else if (c >= 'A' && c <= 'V') {
			v = c - 'A' + 10;
		} else {
			return false;
		}
		acc = ((acc << 5) | (unsigned)v) & 0xff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
		}
	}
	/* Leftover bits must be zero. */
	return (acc & ((1u << bits) - 1)) == 0;
}

static bool
is_reverse(const name_t *owner) {
	static const char *const zones[] = {"in-addr.arpa.", "ip6.arpa.",
					    "ip6.int."};
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		name_t z;
		if (name_fromtext(&z, zones[i], strlen(zones[i]), NULL) ==
			    R_OK &&
		    name_issubdomain(owner, &z)) {
			return true;
		}
	}
	return false;
}

static bool
label_is(const name_t *n, unsigned i, const char *s) {
	const uint8_t *l = n->wire + n->offsets[i];
	size_t len = strlen(s);

	if (l[0] != len) {
		return false;
	}
	for (size_t k = 0; k < len; k++) {
		int c = l[1 + k];
		if (c >= 'A' && c <= 'Z') {
			c += 32;
		}
		if (c != s[k]) {
			return false;
		}
	}
	return true;
}

/* DNS-SD browse names (RFC 6763 11): b/db/r/dr/lb._dns-sd._udp.<domain>. */
static bool
is_dnssd(const name_t *n) {
	if (n->labels < 4) {
		return false;
	}
	return (label_is(n, 0, "b") || label_is(n, 0, "db") ||
		label_is(n, 0, "r") || label_is(n, 0, "dr") ||
		label_is(n, 0, "lb")) &&
	       label_is(n, 1, "_dns-sd") && label_is(n, 2, "_udp");
}

/*
 * Address owners BIND accepts although they are not host names: Active
 * Directory's gc._msdcs.<forest> and SPF "exists:" macro targets, which
 * carry a _spf, _spf_rate or _spf_verify label somewhere before the last
 * two labels.
 */
static bool
address_owner_exception(const name_t *n) {
	if (n->labels <= 2) {
		return false;
	}
	if (label_is(n, 0, "gc") && label_is(n, 1, "_msdcs")) {
		name_t suffix;
		name_suffix(n, n->labels - 2, &suffix);
		if (name_ishostname(&suffix, false)) {
			return true;
		}
	}
	for (unsigned i = 0; i + 2 < n->labels; i++) {
		if (label_is(n, i, "_spf") || label_is(n, i, "_spf_rate") ||
		    label_is(n, i, "_spf_verify")) {
			return true;
		}
	}
	return false;
}

/* check-names on the owner: which types want a host name there. */
static bool
owner_ok(const master_rr_t *rr) {
	switch (rr->type) {
	case RRTYPE_A:
	case RRTYPE_AAAA:
		if (rr->rclass != RRCLASS_IN) {
			return true;
		}
		return address_owner_exception(rr->owner) ||
		       name_ishostname(rr->owner, true);
	case RRTYPE_A6:
	case RRTYPE_WKS:
		if (rr->rclass != RRCLASS_IN) {
			return true;
		}
		return name_ishostname(rr->owner, true);
	case RRTYPE_MX:
		return name_ishostname(rr->owner, true);
	case RRTYPE_NSEC3:
		return nsec3_owner_ok(rr->owner);
	default:
		return true;
	}
}

/* A name embedded in rdata that check-names wants to be a host name or a
 * mailbox. */
typedef struct cn_target {
	size_t off;
	bool mailbox;
} cn_target_t;

static size_t
names_to_check(const master_rr_t *rr, cn_target_t t[2]) {
	name_t n;
	size_t next;

	switch (rr->type) {
	case RRTYPE_NS:
		t[0] = (cn_target_t){0, false};
		return 1;
	case RRTYPE_MX:
		t[0] = (cn_target_t){2, false};
		return 1;
	case RRTYPE_SRV:
		if (rr->rclass != RRCLASS_IN) {
			return 0;
		}
		t[0] = (cn_target_t){6, false};
		return 1;
	case RRTYPE_SVCB:
	case RRTYPE_HTTPS:
		/* AliasMode (priority 0) targets may be any name. */
		if (rr->rclass != RRCLASS_IN || rr->rdlen < 2 ||
		    be16(rr->rdata) == 0) {
			return 0;
		}
		t[0] = (cn_target_t){2, false};
		return 1;
	case RRTYPE_SOA:
	case RRTYPE_MINFO:
		if (!rdata_name_at(rr, 0, &n, &next)) {
			return 0;
		}
		t[0] = (cn_target_t){0, rr->type == RRTYPE_MINFO};
		t[1] = (cn_target_t){next, true};
		return 2;
	case RRTYPE_RP:
		t[0] = (cn_target_t){0, true};
		return 1;
	case RRTYPE_PTR:
		if (is_dnssd(rr->owner) || !is_reverse(rr->owner)) {
			return 0;
		}
		t[0] = (cn_target_t){0, false};
		return 1;
	default:
		return 0;
	}
}

result_t
zonecheck_rr(const zonecheck_opts_t *o, const name_t *origin,
	     const master_rr_t *rr) {
	char buf[NAME_MAXTEXT];
	result_t result = R_OK;

	if (!name_issubdomain(rr->owner, origin)) {
		logf_(o, 1, rr->file, rr->line, "ignoring out-of-zone data (%s)",
		      fmt_name(rr->owner, buf, sizeof(buf)));
		return R_NOTZONETOP;
	}
	if (rr->type == RRTYPE_DS && name_equal(rr->owner, origin)) {
		logf_(o, 0, rr->file, rr->line,
		      "DS record at top of zone (%s)",
		      fmt_name(origin, buf, sizeof(buf)));
		return R_ATZONETOP;
	}
	if (o->wildcard != ZC_IGNORE && has_internal_wildcard(rr->owner)) {
		logf_(o, 1, rr->file, rr->line,
		      "warning: ownername '%s' contains an non-terminal "
		      "wildcard",
		      fmt_name(rr->owner, buf, sizeof(buf)));
	}
	/* NSEC3 owners are checked even in warn mode: a bad hash is fatal. */
	if ((o->names != ZC_IGNORE || rr->type == RRTYPE_NSEC3) &&
	    !owner_ok(rr)) {
		bool fail = o->names == ZC_FAIL || rr->type == RRTYPE_NSEC3;
		if (o->names == ZC_IGNORE) {
			fail = false;
		}
		if (o->names != ZC_IGNORE) {
			logf_(o, fail ? 0 : 1, rr->file, rr->line,
			      "%s: bad owner name (check-names)",
			      fmt_name(rr->owner, buf, sizeof(buf)));
		}
		if (fail) {
			result = R_BADOWNERNAME;
		}
	}
	if (o->names != ZC_IGNORE) {
		cn_target_t t[2];
		size_t n = names_to_check(rr, t);
		for (size_t i = 0; i < n; i++) {
			name_t target;
			if (!rdata_name_at(rr, t[i].off, &target, NULL)) {
				continue;
			}
			bool ok = t[i].mailbox ? name_ismailbox(&target)
					       : name_ishostname(&target, false);
			if (ok) {
				continue;
			}
			if (o->names == ZC_FAIL) {
				logf_(o, MASTER_LOG_ERROR | MASTER_LOG_CTX_RDATA,
				      rr->file, rr->line,
				      "near '%s': bad name (check-names)",
				      fmt_token(&target, origin, buf,
						sizeof(buf)));
				if (result == R_OK) {
					result = R_BADNAME;
				}
			} else {
				logf_(o, 1, rr->file, rr->line,
				      "warning: %s: bad name (check-names)",
				      fmt_name(&target, buf, sizeof(buf)));
			}
		}
	}
	if (rr->type == RRTYPE_MX && o->mx != ZC_IGNORE) {
		name_t target;
		if (rdata_name_at(rr, 2, &target, NULL)) {
			fmt_token(&target, origin, buf, sizeof(buf));
			if (looks_like_address(buf)) {
				if (o->mx == ZC_FAIL) {
					logf_(o,
					      MASTER_LOG_ERROR |
						      MASTER_LOG_CTX_RDATA,
					      rr->file, rr->line,
					      "near '%s': MX is an address",
					      buf);
					if (result == R_OK) {
						result = R_MXISADDRESS;
					}
				} else {
					logf_(o, 1, rr->file, rr->line,
					      "warning: '%s': MX is an address",
					      buf);
				}
			}
		}
	}
	if (rr->type == RRTYPE_NS && o->ns != ZC_IGNORE) {
		name_t target;
		if (rdata_name_at(rr, 0, &target, NULL)) {
			fmt_token(&target, origin, buf, sizeof(buf));
			if (looks_like_address(buf)) {
				logf_(o, o->ns == ZC_FAIL ? 0 : 1, rr->file,
				      rr->line,
				      "NS record '%s' appears to be an address",
				      buf);
				if (o->ns == ZC_FAIL && result == R_OK) {
					result = R_NSISADDRESS;
				}
			}
		}
	}
	return result;
}

result_t
zonecheck_max_ttl(const zonecheck_opts_t *o, const master_rr_t *rr,
		  uint32_t ttl) {
	if (!o->max_ttl_set || ttl <= o->max_ttl) {
		return R_OK;
	}
	logf_(o, MASTER_LOG_ERROR | MASTER_LOG_CTX_LOAD, rr->file, rr->line,
	      "TTL %u exceeds configured max-zone-ttl %u", ttl, o->max_ttl);
	logf_(o, MASTER_LOG_ERROR | MASTER_LOG_CTX_LOAD, rr->file, rr->line,
	      "%s", result_totext(R_RANGE));
	return R_RANGE;
}

/* ---- post-load checks ---- */

typedef enum {
	F_SUCCESS,
	F_NXRRSET,
	F_NXDOMAIN,
	F_EMPTYNAME,
	F_CNAME,
	F_DNAME,
	F_DELEGATION,
	F_GLUE,
} fres_t;

static bool
node_has(const zone_node_t *n, uint16_t type) {
	return zone_node_rrset(n, type, 0) != NULL;
}

/* Answer at an existing (or wildcard-synthesised) node. */
static fres_t
answer_at(const zone_node_t *node, uint16_t type) {
	if (node_has(node, type)) {
		return F_SUCCESS;
	}
	if (node_has(node, RRTYPE_CNAME)) {
		return F_CNAME;
	}
	return F_NXRRSET;
}

/*
 * BIND's dns_db_find() for a name at or below the origin.  glueok: below
 * a zone cut, an existing A/AAAA RRset is GLUE rather than a DELEGATION.
 * *found gets the DNAME owner for F_DNAME.
 */
static fres_t
zfind(const zone_t *z, const name_t *name, uint16_t type, bool glueok,
      name_t *found) {
	const name_t *origin = zone_origin(z);
	unsigned ol = origin->labels, nl = name->labels;
	name_t anc;

	for (unsigned k = ol; k <= nl; k++) {
		name_suffix(name, k, &anc);
		const zone_node_t *node = zone_find(z, &anc);
		if (node == NULL) {
			continue;
		}
		if (k > ol && node_has(node, RRTYPE_NS)) {
			/* A zone cut: everything at or below is not ours. */
			if (k == nl && (type == RRTYPE_NS || type == RRTYPE_DS)) {
				break;
			}
			if (glueok && (type == RRTYPE_A || type == RRTYPE_AAAA)) {
				const zone_node_t *t = zone_find(z, name);
				if (t != NULL && node_has(t, type)) {
					return F_GLUE;
				}
			}
			return F_DELEGATION;
		}
		if (k < nl && node_has(node, RRTYPE_DNAME)) {
			name_copy(found, &anc);
			return F_DNAME;
		}
	}

	const zone_node_t *node = zone_find(z, name);
	if (node != NULL) {
		return answer_at(node, type);
	}
	if (zone_has_descendant(z, name)) {
		/* An empty non-terminal: BIND answers "no such RRset". */
		return F_NXRRSET;
	}
	/* Closest encloser, then its wildcard. */
	for (unsigned k = nl - 1; k >= ol && k > 0; k--) {
		name_suffix(name, k, &anc);
		if (zone_find(z, &anc) == NULL &&
		    !zone_has_descendant(z, &anc)) {
			continue;
		}
		/* Closest encloser found: only its wildcard can match. */
		name_t wild;
		uint8_t w[NAME_MAXWIRE + 2];
		if ((size_t)anc.length + 2 > sizeof(w)) {
			break;
		}
		w[0] = 1;
		w[1] = '*';
		memcpy(w + 2, anc.wire, anc.length);
		size_t used;
		if (name_fromwire_raw(&wild, w, (size_t)anc.length + 2,
				      &used) != R_OK) {
			break;
		}
		const zone_node_t *wn = zone_find(z, &wild);
		if (wn != NULL) {
			return answer_at(wn, type);
		}
		break;
	}
	return F_NXDOMAIN;
}

typedef struct zcctx {
	const zonecheck_opts_t *o;
	const zone_t *z;
	bool ok;
} zcctx_t;

/* Apex NS targets: always checked, failures are fatal. */
static void
check_apex_ns(zcctx_t *c, const name_t *target) {
	char nb[NAME_MAXTEXT], ab[NAME_MAXTEXT];
	name_t found;

	if (!name_issubdomain(target, zone_origin(c->z))) {
		return; /* BIND would resolve it (full mode); we never do. */
	}
	fres_t r = zfind(c->z, target, RRTYPE_A, true, &found);
	if (r == F_SUCCESS || r == F_GLUE) {
		return;
	}
	if (r == F_NXRRSET || r == F_DELEGATION) {
		fres_t t = zfind(c->z, target, RRTYPE_AAAA, true, &found);
		if (t == F_SUCCESS || t == F_GLUE) {
			return;
		}
	}
	fmt_name(target, nb, sizeof(nb));
	switch (r) {
	case F_NXRRSET:
	case F_NXDOMAIN:
	case F_EMPTYNAME:
		logf_(c->o, 0, NULL, 0,
		      "NS '%s' has no address records (A or AAAA)", nb);
		c->ok = false;
		break;
	case F_CNAME:
		logf_(c->o, 0, NULL, 0, "NS '%s' is a CNAME (illegal)", nb);
		c->ok = false;
		break;
	case F_DNAME:
		logf_(c->o, 0, NULL, 0, "NS '%s' is below a DNAME '%s' (illegal)",
		      nb, fmt_name(&found, ab, sizeof(ab)));
		c->ok = false;
		break;
	default:
		break;
	}
}

/* Delegation NS targets (check-integrity): never fatal. */
static void
check_glue(zcctx_t *c, const name_t *target, const name_t *owner) {
	char nb[NAME_MAXTEXT], ob[NAME_MAXTEXT], ab[NAME_MAXTEXT];
	name_t found;

	if (!name_issubdomain(target, zone_origin(c->z))) {
		return;
	}
	fres_t r = zfind(c->z, target, RRTYPE_A, true, &found);
	if (r == F_SUCCESS || r == F_GLUE) {
		return;
	}
	if (r == F_NXRRSET || r == F_DELEGATION) {
		fres_t t = zfind(c->z, target, RRTYPE_AAAA, true, &found);
		if (t == F_SUCCESS || t == F_GLUE) {
			return;
		}
	}
	fmt_name(owner, ob, sizeof(ob));
	fmt_name(target, nb, sizeof(nb));
	if (r == F_NXRRSET || r == F_NXDOMAIN || r == F_EMPTYNAME ||
	    r == F_DELEGATION) {
		const char *what = "";
		bool required = false;
		if (name_issubdomain(target, owner)) {
			what = "REQUIRED GLUE ";
			required = true;
		} else if (r == F_DELEGATION) {
			what = "SIBLING GLUE ";
		}
		if (r != F_DELEGATION || required || c->o->sibling) {
			logf_(c->o, 0, NULL, 0,
			      "%s/NS '%s' has no %saddress records (A or AAAA)",
			      ob, nb, what);
		}
	} else if (r == F_CNAME) {
		logf_(c->o, 0, NULL, 0, "%s/NS '%s' is a CNAME (illegal)", ob,
		      nb);
	} else if (r == F_DNAME) {
		logf_(c->o, 0, NULL, 0,
		      "%s/NS '%s' is below a DNAME '%s' (illegal)", ob, nb,
		      fmt_name(&found, ab, sizeof(ab)));
	}
}

/* MX and SRV targets (check-integrity), with -M / -S and -m deciding
 * what is fatal. */
static void
check_target(zcctx_t *c, const char *what, const name_t *target,
	     const name_t *owner, zc_mode_t cname_mode, bool noaddr_fatal) {
	char nb[NAME_MAXTEXT], ob[NAME_MAXTEXT], ab[NAME_MAXTEXT];
	name_t found;

	if (target->labels == 1) {
		return; /* "." means no service */
	}
	if (!name_issubdomain(target, zone_origin(c->z))) {
		return;
	}
	fres_t r = zfind(c->z, target, RRTYPE_A, false, &found);
	if (r == F_SUCCESS) {
		return;
	}
	if (r == F_NXRRSET) {
		r = zfind(c->z, target, RRTYPE_AAAA, false, &found);
		if (r == F_SUCCESS) {
			return;
		}
	}
	fmt_name(owner, ob, sizeof(ob));
	fmt_name(target, nb, sizeof(nb));
	if (r == F_DELEGATION || r == F_NXRRSET || r == F_NXDOMAIN) {
		logf_(c->o, noaddr_fatal ? 0 : 1, NULL, 0,
		      "%s/%s '%s' has no address records (A or AAAA)", ob,
		      what, nb);
		if (noaddr_fatal) {
			c->ok = false;
		}
		return;
	}
	if (r == F_CNAME || r == F_DNAME) {
		if (cname_mode != ZC_IGNORE) {
			if (r == F_CNAME) {
				logf_(c->o, cname_mode == ZC_FAIL ? 0 : 1, NULL,
				      0, "%s/%s '%s' is a CNAME (illegal)", ob,
				      what, nb);
			} else {
				logf_(c->o, cname_mode == ZC_FAIL ? 0 : 1, NULL,
				      0,
				      "%s/%s '%s' is below a DNAME '%s' "
				      "(illegal)",
				      ob, what, nb,
				      fmt_name(&found, ab, sizeof(ab)));
			}
		}
		if (cname_mode == ZC_FAIL) {
			c->ok = false;
		}
	}
}

/* The TXT RRset holds an SPF record ("v=spf1" alone or followed by a
 * space). */
static bool
has_spf_txt(const zone_rrset_t *txt) {
	for (const zone_rdata_t *d = txt != NULL ? txt->head : NULL; d != NULL;
	     d = d->next) {
		if (d->len >= 7 && d->data[0] >= 6 &&
		    memcmp(d->data + 1, "v=spf1", 6) == 0 &&
		    (d->data[0] == 6 || d->data[7] == ' ')) {
			return true;
		}
	}
	return false;
}

static bool
rdata_name(const zone_rdata_t *d, size_t off, name_t *out) {
	size_t used;
	return off <= d->len && name_fromwire_raw(out, d->data + off,
						  d->len - off, &used) == R_OK;
}

/*
 * check-dup-records: two rdatas of one RRset that DNSSEC keeps apart
 * (canonical form is case-sensitive for their names, e.g. NSEC) but that
 * are equal ignoring the case of embedded names.
 */
typedef struct lowercopy {
	uint8_t *data;
} lowercopy_t;

static void
lower_name_cb(void *arg, const uint8_t *rdata, size_t offset,
	      bool compressible) {
	lowercopy_t *lc = arg;
	size_t p = offset;

	(void)rdata;
	(void)compressible;
	/* The rdata was validated when loaded: labels are in bounds. */
	while (lc->data[p] != 0) {
		uint8_t len = lc->data[p];
		for (size_t i = 1; i <= len; i++) {
			uint8_t ch = lc->data[p + i];
			if (ch >= 'A' && ch <= 'Z') {
				lc->data[p + i] = (uint8_t)(ch + 32);
			}
		}
		p += 1 + (size_t)len;
	}
}

static bool
rrset_has_case_dups(const zone_rrset_t *s) {
	uint8_t a[RDATA_MAXLEN], b[RDATA_MAXLEN];

	for (const zone_rdata_t *x = s->head; x != NULL; x = x->next) {
		lowercopy_t la = {a};
		memcpy(a, x->data, x->len);
		if (rdata_walk_names(s->type, x->data, x->len, lower_name_cb,
				     &la) != R_OK) {
			return false;
		}
		for (const zone_rdata_t *y = x->next; y != NULL; y = y->next) {
			if (y->len != x->len) {
				continue;
			}
			lowercopy_t lb = {b};
			memcpy(b, y->data, y->len);
			if (rdata_walk_names(s->type, y->data, y->len,
					     lower_name_cb, &lb) == R_OK &&
			    memcmp(a, b, x->len) == 0) {
				return true;
			}
		}
	}
	return false;
}

static void
check_dups(zcctx_t *c) {
	const zone_t *z = c->z;
	char nb[NAME_MAXTEXT], tb[16];
	name_t name;

	for (size_t i = 0; i < zone_node_count(z); i++) {
		const zone_node_t *node = zone_node_at(z, i);
		for (const zone_rrset_t *s = node->rrsets; s != NULL;
		     s = s->next) {
			/* Pairwise: keep it to sets of sane size. */
			if (s->count < 2 || s->count > 256 ||
			    !rrset_has_case_dups(s)) {
				continue;
			}
			zone_node_name(node, &name);
			logf_(c->o, c->o->dup == ZC_FAIL ? 0 : 1, NULL, 0,
			      "%s/%s has semantically identical records",
			      fmt_name(&name, nb, sizeof(nb)),
			      rrtype_totext(s->type, tb));
			if (c->o->dup == ZC_FAIL) {
				c->ok = false;
			}
		}
	}
}

/* DNSSEC algorithms and DS digest types BIND 9.18 warns about. */
static const char *
deprecated_alg(uint8_t alg) {
	switch (alg) {
	case 5:
		return "RSASHA1";
	case 7:
		return "NSEC3RSASHA1";
	default:
		return NULL;
	}
}

static const char *
deprecated_digest(uint8_t dt) {
	switch (dt) {
	case 1:
		return "SHA-1";
	case 3:
		return "GOST";
	default:
		return NULL;
	}
}

/* Warnings for DS and KEY records using deprecated algorithms (part of
 * check-integrity in BIND). */
static void
check_deprecated(zcctx_t *c, const zone_node_t *node, const name_t *name) {
	char nb[NAME_MAXTEXT];
	const zone_rrset_t *ds = zone_node_rrset(node, RRTYPE_DS, 0);
	const zone_rrset_t *key = zone_node_rrset(node, RRTYPE_KEY, 0);

	if (ds == NULL && key == NULL) {
		return;
	}
	fmt_name(name, nb, sizeof(nb));
	for (const zone_rdata_t *d = key ? key->head : NULL; d != NULL;
	     d = d->next) {
		const char *a = d->len >= 4 ? deprecated_alg(d->data[3]) : NULL;
		if (a != NULL) {
			logf_(c->o, 1, NULL, 0,
			      "%s/KEY deprecated algorithm %u (%s)", nb,
			      d->data[3], a);
		}
	}
	for (const zone_rdata_t *d = ds ? ds->head : NULL; d != NULL;
	     d = d->next) {
		if (d->len < 4) {
			continue;
		}
		const char *dt = deprecated_digest(d->data[3]);
		const char *a = deprecated_alg(d->data[2]);
		if (dt != NULL) {
			logf_(c->o, 1, NULL, 0,
			      "%s/DS deprecated digest type %u (%s)", nb,
			      d->data[3], dt);
		}
		if (a != NULL) {
			logf_(c->o, 1, NULL, 0,
			      "%s/DS deprecated algorithm %u (%s)", nb,
			      d->data[2], a);
		}
	}
}

/* The apex DNSKEYs: BIND's message carries a stray newline, kept so the
 * output matches line for line. */
static void
check_dnskey_algs(zcctx_t *c) {
	const zone_node_t *apex = zone_find(c->z, zone_origin(c->z));
	const zone_rrset_t *keys = zone_node_rrset(apex, RRTYPE_DNSKEY, 0);
	bool any_good = false, any = false;

	for (const zone_rdata_t *d = keys ? keys->head : NULL; d != NULL;
	     d = d->next) {
		if (d->len < 4) {
			continue;
		}
		any = true;
		const char *a = deprecated_alg(d->data[3]);
		if (a != NULL) {
			logf_(c->o, 1, NULL, 0,
			      "deprecated DNSKEY algorithm found: %u (%s)\n",
			      d->data[3], a);
		} else {
			any_good = true;
		}
	}
	if (any && !any_good) {
		logf_(c->o, 1, NULL, 0,
		      "all DNSKEY algorithms found are deprecated");
	}
}

static void
integrity(zcctx_t *c) {
	const zone_t *z = c->z;
	const name_t *origin = zone_origin(z);
	name_t bottom, name;
	bool have_bottom = false;

	for (size_t i = 0; i < zone_node_count(z); i++) {
		const zone_node_t *node = zone_node_at(z, i);
		zone_node_name(node, &name);
		if (have_bottom && name_issubdomain(&name, &bottom)) {
			continue;
		}
		bool apex = name_equal(&name, origin);
		const zone_rrset_t *ns = zone_node_rrset(node, RRTYPE_NS, 0);
		if (c->o->integrity) {
			check_deprecated(c, node, &name);
		}
		if (!apex && ns != NULL && c->o->integrity) {
			name_copy(&bottom, &name);
			have_bottom = true;
			for (const zone_rdata_t *d = ns->head; d != NULL;
			     d = d->next) {
				name_t t;
				if (rdata_name(d, 0, &t)) {
					check_glue(c, &t, &name);
				}
			}
			continue;
		}
		if (!apex && ns != NULL) {
			name_copy(&bottom, &name);
			have_bottom = true;
			continue;
		}
		if (node_has(node, RRTYPE_DNAME)) {
			name_copy(&bottom, &name);
			have_bottom = true;
		}
		if (c->o->integrity) {
			const zone_rrset_t *mx =
				zone_node_rrset(node, RRTYPE_MX, 0);
			for (const zone_rdata_t *d = mx ? mx->head : NULL;
			     d != NULL; d = d->next) {
				name_t t;
				if (rdata_name(d, 2, &t)) {
					check_target(c, "MX", &t, &name,
						     c->o->mx_cname,
						     c->o->mx == ZC_FAIL);
				}
			}
			const zone_rrset_t *srv =
				zone_node_rrset(node, RRTYPE_SRV, 0);
			if (zone_class(z) != RRCLASS_IN) {
				srv = NULL;
			}
			for (const zone_rdata_t *d = srv ? srv->head : NULL;
			     d != NULL; d = d->next) {
				name_t t;
				if (rdata_name(d, 6, &t)) {
					check_target(c, "SRV", &t, &name,
						     c->o->srv_cname, false);
				}
			}
		}
		if (c->o->spf != ZC_IGNORE && zone_class(z) == RRCLASS_IN &&
		    node_has(node, RRTYPE_SPF) &&
		    !has_spf_txt(zone_node_rrset(node, RRTYPE_TXT, 0))) {
			char nb[NAME_MAXTEXT];
			logf_(c->o, 1, NULL, 0,
			      "'%s' found type SPF record but no SPF TXT record "
			      "found, add matching type TXT record",
			      fmt_name(&name, nb, sizeof(nb)));
		}
	}
}

/*
 * CDS/CDNSKEY consistency (RFC 7344, RFC 8078), as BIND 9.18 checks a
 * primary zone: a set made only of the deletion record is fine; a deletion
 * record mixed with others is not; otherwise every algorithm named in the
 * CDS or CDNSKEY set must be the algorithm of some DNSKEY at the apex.
 * BIND compares algorithms only (measured: a wrong digest or key tag in a
 * CDS still loads), and so do we.
 */
#define RRTYPE_CDS     59
#define RRTYPE_CDNSKEY 60

static const uint8_t cds_delete[5] = {0, 0, 0, 0, 0};
static const uint8_t cdnskey_delete[5] = {0, 0, 3, 0, 0};

static bool
key_with_alg(const zone_rrset_t *keys, uint8_t alg) {
	for (const zone_rdata_t *k = keys ? keys->head : NULL; k != NULL;
	     k = k->next) {
		if (k->len >= 4 && k->data[3] == alg) {
			return true;
		}
	}
	return false;
}

/* One of CDS (is_cds) or CDNSKEY against the apex DNSKEYs. */
static bool
child_set_ok(const zone_rrset_t *set, const zone_rrset_t *keys, bool is_cds) {
	/* 0: not named, 1: expected, 2: found (per algorithm). */
	uint8_t alg[256];
	bool deletion = false, others = false;

	memset(alg, 0, sizeof(alg));
	for (const zone_rdata_t *d = set->head; d != NULL; d = d->next) {
		const uint8_t *del = is_cds ? cds_delete : cdnskey_delete;
		if (d->len == 5 && memcmp(d->data, del, 5) == 0) {
			deletion = true;
			continue;
		}
		others = true;
		if (d->len < 4) {
			return false;
		}
		uint8_t a = is_cds ? d->data[2] : d->data[3];
		if (alg[a] == 0) {
			alg[a] = 1;
		}
		if (key_with_alg(keys, a)) {
			alg[a] = 2;
		}
	}
	if (deletion) {
		return !others;
	}
	for (size_t i = 0; i < sizeof(alg); i++) {
		if (alg[i] == 1) {
			return false;
		}
	}
	return true;
}

static bool
cds_consistent(const zone_t *z) {
	const name_t *origin = zone_origin(z);
	const zone_node_t *apex = zone_find(z, origin);
	const zone_rrset_t *keys = zone_node_rrset(apex, RRTYPE_DNSKEY, 0);
	const zone_rrset_t *cds = zone_node_rrset(apex, RRTYPE_CDS, 0);
	const zone_rrset_t *cdnskey = zone_node_rrset(apex, RRTYPE_CDNSKEY, 0);

	if (cds != NULL && !child_set_ok(cds, keys, true)) {
		return false;
	}
	if (cdnskey != NULL && !child_set_ok(cdnskey, keys, false)) {
		return false;
	}
	return true;
}

bool
zonecheck_is_secure(const zone_t *z) {
	const zone_node_t *apex = zone_find(z, zone_origin(z));
	/* As BIND: the NSEC chain counts only when signed. */
	return node_has(apex, RRTYPE_DNSKEY) &&
	       ((node_has(apex, RRTYPE_NSEC) &&
		 zone_node_rrset(apex, RRTYPE_RRSIG, RRTYPE_NSEC) != NULL) ||
		node_has(apex, RRTYPE_NSEC3PARAM));
}

result_t
zonecheck_zone(const zonecheck_opts_t *o, const zone_t *z, uint32_t *serial) {
	zcctx_t c = {.o = o, .z = z, .ok = true};
	const zone_node_t *apex = zone_find(z, zone_origin(z));
	const zone_rrset_t *soa = zone_node_rrset(apex, RRTYPE_SOA, 0);
	const zone_rrset_t *ns = zone_node_rrset(apex, RRTYPE_NS, 0);

	if (soa == NULL || soa->count != 1) {
		logf_(o, 0, NULL, 0, "has %u SOA records",
		      soa == NULL ? 0 : (unsigned)soa->count);
		c.ok = false;
	}
	if (ns == NULL) {
		logf_(o, 0, NULL, 0, "has no NS records");
		c.ok = false;
	}
	if (!c.ok) {
		return R_BADZONE;
	}
	for (const zone_rdata_t *d = ns->head; d != NULL; d = d->next) {
		name_t t;
		if (rdata_name(d, 0, &t)) {
			check_apex_ns(&c, &t);
		}
	}
	if (!c.ok) {
		return R_BADZONE;
	}
	if (!cds_consistent(z)) {
		logf_(o, 0, NULL, 0, "CDS/CDNSKEY consistency checks failed");
		return R_BADZONE;
	}
	integrity(&c);
	if (o->dup != ZC_IGNORE) {
		check_dups(&c);
	}
	if (!c.ok) {
		return R_BADZONE;
	}
	check_dnskey_algs(&c);
	if (serial != NULL) {
		/* Serial sits after the two names, first of five u32s. */
		const zone_rdata_t *d = soa->head;
		*serial = d->len >= 20 ? be32(d->data + d->len - 20) : 0;
	}
	return R_OK;
}
