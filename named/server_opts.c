/*
 * server_opts.c - server-wide named.conf options turned into the fields
 * of a generation (version, hostname, server-id, EDNS and TCP settings,
 * cookies, files, blackhole) and the listeners (listen-on / listen-on-v6
 * matched against the host's interface addresses, one listener per
 * matching address as named binds each address rather than a wildcard).
 *
 * Contract: the tree passed conf_check(), so values have the types the
 * schema gives them; anything still odd (a number out of range) is
 * clamped the way named clamps it rather than refused.  Lookups go to
 * the options block, then the clause table's default.
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#undef R_OK /* unistd.h's access() mode; ours is the result code */

#include <openssl/rand.h>

#include "named/log.h"
#include "named/server_int.h"

bool
srvopt_is_default(const conf_stmt_t *s) {
	return s != NULL && s->loc.file != NULL &&
	       strcmp(s->loc.file, "<defaults>") == 0;
}

const conf_stmt_t *
srvopt_stmt(const srv_gen_t *gen, const conf_block_t *options,
            const char *name) {
	const conf_stmt_t *s = conf_block_find(options, name);
	if (s == NULL && gen->cfg != NULL && cfg_view_count(gen->cfg) > 0) {
		const conf_stmt_t *d =
		        cfg_view_option(cfg_view_at(gen->cfg, 0), name);
		if (srvopt_is_default(d)) {
			s = d;
		}
	}
	return s;
}

/* First argument when it is a word or string. */
static const conf_value_t *
arg0(const conf_stmt_t *s) {
	const conf_value_t *v = s != NULL ? conf_stmt_arg(s, 0) : NULL;
	if (v == NULL || v->kind == CONF_V_BLOCK) {
		return NULL;
	}
	return v;
}

static char *
xstrdup(const char *s) {
	char *d = strdup(s);
	if (d == NULL) {
		abort(); /* out of memory may abort (STYLE) */
	}
	return d;
}

static char *
host_name(void) {
	char buf[256];
	if (gethostname(buf, sizeof(buf) - 1) != 0) {
		return NULL;
	}
	buf[sizeof(buf) - 1] = '\0';
	return xstrdup(buf);
}

/* "none" written as a bare word switches the answer off. */
static bool
is_none(const conf_value_t *v) {
	return v != NULL && v->kind == CONF_V_WORD && conf_value_is(v, "none");
}

static unsigned
opt_uint(const srv_gen_t *gen, const conf_block_t *options, const char *name,
         unsigned def, unsigned lo, unsigned hi) {
	const conf_value_t *v = arg0(srvopt_stmt(gen, options, name));
	uint64_t n;
	if (v == NULL || conf_value_uint(v, &n) != R_OK) {
		return def;
	}
	if (n < lo) {
		return lo;
	}
	return n > hi ? hi : (unsigned)n;
}

/* A file option made absolute against the working directory, so the
 * main program can use it after chdir() or not. */
static char *
opt_path(const srv_gen_t *gen, const conf_block_t *options, const char *name,
         const char *def) {
	const conf_value_t *v = arg0(srvopt_stmt(gen, options, name));
	const char *p = def;
	if (v != NULL) {
		if (is_none(v)) {
			return NULL;
		}
		p = v->text;
	}
	if (p == NULL) {
		return NULL;
	}
	if (p[0] == '/' || gen->directory == NULL) {
		return xstrdup(p);
	}
	size_t len = strlen(gen->directory) + strlen(p) + 2;
	char *out = malloc(len);
	if (out == NULL) {
		abort();
	}
	snprintf(out, len, "%s/%s", gen->directory, p);
	return out;
}

static int
hexval(int c) {
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

static result_t
cookie_secret(srv_gen_t *gen, const conf_block_t *options) {
	const conf_stmt_t *s = conf_block_find(options, "cookie-secret");
	const conf_value_t *v = arg0(s);
	if (v == NULL) {
		/* named makes a random secret at each start */
		gen->cookie_secret_len = 16;
		if (RAND_bytes(gen->cookie_secret, 16) != 1) {
			log_write(LOG_CAT_GENERAL, LOG_SEV_ERROR,
			          "cookie-secret: cannot get random bytes");
			return R_FAILURE;
		}
		return R_OK;
	}
	size_t len = strlen(v->text);
	if (len % 2 != 0 || (len / 2 != 16 && len / 2 != 32)) {
		log_write(LOG_CAT_CONFIG, LOG_SEV_ERROR,
		          "%s:%u: cookie-secret must be 128 bits", s->loc.file,
		          s->loc.line);
		return R_BADHEX;
	}
	for (size_t i = 0; i < len / 2; i++) {
		int hi = hexval((unsigned char)v->text[2 * i]);
		int lo = hexval((unsigned char)v->text[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			log_write(LOG_CAT_CONFIG, LOG_SEV_ERROR,
			          "%s:%u: cookie-secret: invalid hex string",
			          s->loc.file, s->loc.line);
			return R_BADHEX;
		}
		gen->cookie_secret[i] = (uint8_t)(hi << 4 | lo);
	}
	gen->cookie_secret_len = len / 2;
	return R_OK;
}

result_t
srvopt_apply(srv_gen_t *gen, const conf_block_t *options, acl_t *localhost,
             acl_t *localnets) {
	const conf_value_t *v;

	v = arg0(srvopt_stmt(gen, options, "version"));
	gen->version = is_none(v)  ? NULL
	               : v != NULL ? xstrdup(v->text)
	                           : xstrdup(SRV_VERSION_DEFAULT);
	v = arg0(srvopt_stmt(gen, options, "hostname"));
	gen->hostname = is_none(v)  ? NULL
	                : v != NULL ? xstrdup(v->text)
	                            : host_name();
	v = arg0(srvopt_stmt(gen, options, "server-id"));
	if (v == NULL || is_none(v)) {
		gen->server_id = NULL;
	} else if (v->kind == CONF_V_WORD && conf_value_is(v, "hostname")) {
		gen->server_id = host_name();
	} else {
		gen->server_id = xstrdup(v->text);
	}

	/* named clamps both to 512..4096 */
	gen->edns_udp_size = (uint16_t)opt_uint(gen, options, "edns-udp-size",
	                                        1232, 512, 4096);
	gen->max_udp_size = (uint16_t)opt_uint(gen, options, "max-udp-size",
	                                       1232, 512, 4096);

	bool b = true;
	v = arg0(srvopt_stmt(gen, options, "answer-cookie"));
	if (v != NULL && conf_value_boolean(v, &b) != R_OK) {
		b = true;
	}
	gen->answer_cookie = b;
	v = arg0(srvopt_stmt(gen, options, "cookie-algorithm"));
	gen->cookie_alg = v != NULL && conf_value_is(v, "aes") ? 1 : 0;
	result_t r = cookie_secret(gen, options);
	if (r != R_OK) {
		return r;
	}

	v = arg0(conf_block_find(options, "querylog"));
	gen->querylog = -1;
	if (v != NULL && conf_value_boolean(v, &b) == R_OK) {
		gen->querylog = b ? 1 : 0;
	}

	gen->tcp_clients =
	        opt_uint(gen, options, "tcp-clients", 150, 0, UINT32_MAX);
	gen->tcp_initial_timeout =
	        opt_uint(gen, options, "tcp-initial-timeout", 300, 25, 1200);
	gen->tcp_idle_timeout =
	        opt_uint(gen, options, "tcp-idle-timeout", 300, 1, 1200);
	gen->tcp_keepalive_timeout = opt_uint(
	        gen, options, "tcp-keepalive-timeout", 300, 1, UINT16_MAX);
	gen->tcp_advertised_timeout = opt_uint(
	        gen, options, "tcp-advertised-timeout", 300, 0, UINT16_MAX);

	gen->pid_file = opt_path(gen, options, "pid-file", SRV_PIDFILE_DEFAULT);
	gen->dump_file = opt_path(gen, options, "dump-file", "named_dump.db");
	gen->statistics_file =
	        opt_path(gen, options, "statistics-file", "named.stats");

	gen->blackhole = NULL;
	const conf_stmt_t *bh = conf_block_find(options, "blackhole");
	if (bh != NULL && conf_stmt_block(bh) != NULL) {
		r = srvopt_compile_aml(gen->tree, conf_stmt_block(bh),
		                       localhost, localnets, &gen->blackhole);
		if (r != R_OK) {
			log_write(LOG_CAT_CONFIG, LOG_SEV_ERROR,
			          "%s:%u: blackhole: %s", bh->loc.file,
			          bh->loc.line, result_totext(r));
			return r;
		}
	}
	return R_OK;
}

/* ---- address match lists ---- */

#define AML_MAXDEPTH 32

static const conf_block_t *
find_acl(const conf_tree_t *tree, const char *name) {
	for (const conf_stmt_t *s = conf_block_find(tree->top, "acl");
	     s != NULL; s = conf_stmt_findnext(s))
	{
		const conf_value_t *n = conf_stmt_arg(s, 0);
		if (n != NULL && n->kind != CONF_V_BLOCK &&
		    strcasecmp(n->text, name) == 0) {
			return conf_stmt_block(s);
		}
	}
	return NULL;
}

static result_t compile_into(const conf_tree_t *tree, const conf_block_t *aml,
                             acl_t *localhost, acl_t *localnets, acl_t *acl,
                             unsigned depth);

static result_t
add_nested_block(const conf_tree_t *tree, const conf_block_t *b, bool neg,
                 acl_t *localhost, acl_t *localnets, acl_t *acl,
                 unsigned depth) {
	acl_t *inner = NULL;
	result_t r = acl_create(&inner);
	if (r != R_OK) {
		return r;
	}
	r = compile_into(tree, b, localhost, localnets, inner, depth + 1);
	if (r == R_OK) {
		r = acl_add_nested(acl, neg, inner);
	}
	acl_detach(&inner);
	return r;
}

static result_t
add_list(acl_t *acl, bool neg, acl_t *list) {
	if (list != NULL) {
		return acl_add_nested(acl, neg, list);
	}
	/* no interfaces known: an empty list, which matches nothing */
	acl_t *empty = NULL;
	result_t r = acl_create(&empty);
	if (r == R_OK) {
		r = acl_add_nested(acl, neg, empty);
		acl_detach(&empty);
	}
	return r;
}

static result_t
compile_into(const conf_tree_t *tree, const conf_block_t *aml, acl_t *localhost,
             acl_t *localnets, acl_t *acl, unsigned depth) {
	if (depth > AML_MAXDEPTH) {
		return R_RANGE;
	}
	for (const conf_stmt_t *s = aml->first; s != NULL; s = s->next) {
		conf_aml_elem_t e;
		result_t r = conf_aml_elem(s, &e);
		if (r != R_OK) {
			return r;
		}
		switch (e.kind) {
		case CONF_AML_PREFIX:
			r = acl_add_prefix(acl, e.negated, e.addr.family,
			                   e.addr.addr, e.addr.prefixlen);
			break;
		case CONF_AML_KEY: {
			name_t kn;
			r = name_fromtext(&kn, e.name, strlen(e.name), NULL);
			if (r == R_OK) {
				r = acl_add_key(acl, e.negated, &kn);
			}
			break;
		}
		case CONF_AML_NESTED:
			r = add_nested_block(tree, e.nested, e.negated,
			                     localhost, localnets, acl, depth);
			break;
		case CONF_AML_NAME:
			if (strcasecmp(e.name, "any") == 0 ||
			    strcasecmp(e.name, "none") == 0) {
				bool neg = e.negated;
				if (strcasecmp(e.name, "none") == 0) {
					neg = !neg;
				}
				r = acl_add_prefix(acl, neg, AF_UNSPEC, NULL,
				                   0);
			} else if (strcasecmp(e.name, "localhost") == 0) {
				r = add_list(acl, e.negated, localhost);
			} else if (strcasecmp(e.name, "localnets") == 0) {
				r = add_list(acl, e.negated, localnets);
			} else {
				const conf_block_t *b = find_acl(tree, e.name);
				r = b == NULL ? R_NOTFOUND
				              : add_nested_block(
				                        tree, b, e.negated,
				                        localhost, localnets,
				                        acl, depth);
			}
			break;
		case CONF_AML_GEOIP:
		default:
			/* no GeoIP here: an element that never matches */
			break;
		}
		if (r != R_OK) {
			return r;
		}
	}
	return R_OK;
}

result_t
srvopt_compile_aml(const conf_tree_t *tree, const conf_block_t *aml,
                   acl_t *localhost, acl_t *localnets, acl_t **out) {
	acl_t *acl = NULL;
	result_t r = acl_create(&acl);
	if (r != R_OK) {
		return r;
	}
	r = compile_into(tree, aml, localhost, localnets, acl, 0);
	if (r != R_OK) {
		acl_detach(&acl);
		return r;
	}
	*out = acl;
	return R_OK;
}

/* ---- listeners ---- */

result_t
srvopt_interfaces(srv_ifaddr_t **out, size_t *n) {
	struct ifaddrs *ifa = NULL;
	if (getifaddrs(&ifa) != 0) {
		return R_IOERROR;
	}
	size_t cap = 0, cnt = 0;
	for (struct ifaddrs *i = ifa; i != NULL; i = i->ifa_next) {
		cap++;
	}
	srv_ifaddr_t *a = calloc(cap > 0 ? cap : 1, sizeof(*a));
	if (a == NULL) {
		freeifaddrs(ifa);
		return R_NOMEMORY;
	}
	for (struct ifaddrs *i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || (i->ifa_flags & IFF_UP) == 0) {
			continue;
		}
		int fam = i->ifa_addr->sa_family;
		socklen_t len = fam == AF_INET    ? sizeof(struct sockaddr_in)
		                : fam == AF_INET6 ? sizeof(struct sockaddr_in6)
		                                  : 0;
		if (len == 0) {
			continue;
		}
		memcpy(&a[cnt].addr, i->ifa_addr, len);
		a[cnt].addrlen = len;
		cnt++;
	}
	freeifaddrs(ifa);
	*out = a;
	*n = cnt;
	return R_OK;
}

static in_port_t
default_port(const conf_block_t *options, const srv_params_t *params) {
	if (params != NULL && params->port != 0) {
		return params->port;
	}
	const conf_value_t *v = arg0(conf_block_find(options, "port"));
	uint64_t p;
	if (v != NULL && conf_value_uint(v, &p) == R_OK && p > 0 && p <= 65535)
	{
		return (in_port_t)p;
	}
	return 53;
}

static bool
same_listener(const srv_listen_t *l, const struct sockaddr_storage *ss,
              socklen_t len) {
	return l->addrlen == len && memcmp(&l->addr, ss, len) == 0;
}

/* The port of the first list allowing sa, 0 if none does. */
static result_t
match_lists(const conf_tree_t *tree, const conf_block_t *options,
            const char *stmtname, bool default_any, in_port_t defport,
            const struct sockaddr *sa, acl_t *localhost, acl_t *localnets,
            in_port_t *port) {
	*port = 0;
	const conf_stmt_t *s = conf_block_find(options, stmtname);
	if (s == NULL) {
		if (default_any) {
			*port = defport;
		}
		return R_OK;
	}
	for (; s != NULL; s = conf_stmt_findnext(s)) {
		const conf_block_t *b = conf_stmt_block(s);
		if (b == NULL) {
			continue;
		}
		acl_t *acl = NULL;
		result_t r =
		        srvopt_compile_aml(tree, b, localhost, localnets, &acl);
		if (r != R_OK) {
			log_write(LOG_CAT_CONFIG, LOG_SEV_ERROR,
			          "%s:%u: %s: %s", s->loc.file, s->loc.line,
			          stmtname, result_totext(r));
			return r;
		}
		acl_verdict_t verdict = acl_match(acl, sa, NULL);
		acl_detach(&acl);
		if (verdict == ACL_NOMATCH) {
			continue;
		}
		if (verdict == ACL_ALLOW) {
			in_port_t p = defport;
			const conf_value_t *pv = conf_stmt_keyword(s, "port");
			uint64_t n;
			if (pv != NULL && conf_value_uint(pv, &n) == R_OK &&
			    n <= 65535) {
				p = (in_port_t)n;
			}
			*port = p;
		}
		break;
	}
	return R_OK;
}

result_t
srvopt_listeners(srv_gen_t *gen, const conf_tree_t *tree,
                 const conf_block_t *options, const srv_params_t *params,
                 const srv_ifaddr_t *ifs, size_t nifs, acl_t *localhost,
                 acl_t *localnets) {
	in_port_t defport = default_port(options, params);
	int family = params != NULL ? params->family : 0;
	srv_listen_t *out = calloc(nifs > 0 ? nifs : 1, sizeof(*out));
	size_t n = 0;
	if (out == NULL) {
		return R_NOMEMORY;
	}
	for (size_t i = 0; i < nifs; i++) {
		int fam = ifs[i].addr.ss_family;
		if ((fam != AF_INET && fam != AF_INET6) ||
		    (family != 0 && family != fam)) {
			continue;
		}
		const struct sockaddr *sa =
		        (const struct sockaddr *)&ifs[i].addr;
		in_port_t port;
		result_t r = match_lists(
		        tree, options,
		        fam == AF_INET ? "listen-on" : "listen-on-v6", true,
		        defport, sa, localhost, localnets, &port);
		if (r != R_OK) {
			free(out);
			return r;
		}
		if (port == 0) {
			continue;
		}
		struct sockaddr_storage ss;
		memcpy(&ss, &ifs[i].addr, ifs[i].addrlen);
		if (fam == AF_INET) {
			((struct sockaddr_in *)&ss)->sin_port = htons(port);
		} else {
			((struct sockaddr_in6 *)&ss)->sin6_port = htons(port);
		}
		bool dup = false;
		for (size_t j = 0; j < n && !dup; j++) {
			dup = same_listener(&out[j], &ss, ifs[i].addrlen);
		}
		if (dup) {
			continue;
		}
		out[n].addr = ss;
		out[n].addrlen = ifs[i].addrlen;
		n++;
	}
	gen->listen = out;
	gen->nlisten = n;
	return R_OK;
}
