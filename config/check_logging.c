/*
 * check_logging.c - the logging statement: each channel has exactly one
 * destination, every category is one BIND 9.18 knows, and every channel a
 * category names is predefined or defined in the same logging statement
 * (order does not matter, as in BIND).
 */
#include <string.h>
#include <strings.h>

#include "config/check_int.h"

static const char *const categories[] = {
        "client",
        "cname",
        "config",
        "database",
        "default",
        "delegation-only",
        "dispatch",
        "dnssec",
        "dnstap",
        "edns-disabled",
        "general",
        "lame-servers",
        "network",
        "notify",
        "nsid",
        "queries",
        "query-errors",
        "rate-limit",
        "resolver",
        "rpz",
        "rpz-passthru",
        "security",
        "serve-stale",
        "spill",
        "sslkeylog",
        "trust-anchor-telemetry",
        "unmatched",
        "update",
        "update-security",
        "xfer-in",
        "xfer-out",
        "zoneload",
};

static const char *const builtin_channels[] = {
        "default_syslog", "default_debug", "default_stderr", "null"};

/* Category names are matched exactly (named refuses "GENERAL"); channel
 * names are not, as named-checkconf accepts "NULL" for null. */
static bool
in_list(const char *w, const char *const *list, size_t n, bool nocase) {
	for (size_t i = 0; i < n; i++) {
		if ((nocase ? strcasecmp(w, list[i]) : strcmp(w, list[i])) == 0) {
			return true;
		}
	}
	return false;
}

static bool
channel_defined(const conf_block_t *log, const char *name) {
	if (in_list(name, builtin_channels,
	            sizeof(builtin_channels) / sizeof(builtin_channels[0]), true))
	{
		return true;
	}
	for (const conf_stmt_t *c = conf_block_find(log, "channel"); c != NULL;
	     c = conf_stmt_findnext(c))
	{
		const char *n = check_arg(c, 0);
		if (n != NULL && strcasecmp(n, name) == 0) {
			return true;
		}
	}
	return false;
}

static void
check_channel(check_ctx_t *ctx, const conf_stmt_t *c) {
	static const char *const dests[] = {"file", "syslog", "null", "stderr"};
	const conf_block_t *b = conf_stmt_block(c);
	const char *name = check_arg(c, 0);
	unsigned n = 0;

	if (b == NULL || name == NULL) {
		return;
	}
	for (size_t i = 0; i < 4; i++) {
		n += (unsigned)conf_block_countname(b, dests[i]);
	}
	if (n != 1) {
		check_error(ctx, &c->loc,
		            "channel '%s': exactly one of file, syslog, "
		            "null, and stderr must be present",
		            name);
	}
}

void
check_logging(check_ctx_t *ctx) {
	const conf_block_t *log = conf_block_findblock(ctx->top, "logging");
	if (log == NULL) {
		return;
	}
	for (const conf_stmt_t *c = conf_block_find(log, "channel"); c != NULL;
	     c = conf_stmt_findnext(c))
	{
		check_channel(ctx, c);
	}
	for (const conf_stmt_t *c = conf_block_find(log, "category"); c != NULL;
	     c = conf_stmt_findnext(c))
	{
		const char *name = check_arg(c, 0);
		const conf_block_t *b = conf_stmt_block(c);
		if (name == NULL) {
			continue;
		}
		if (!in_list(name, categories,
		             sizeof(categories) / sizeof(categories[0]), false)) {
			check_error(ctx, &c->loc, "undefined category: '%s'",
			            name);
			continue;
		}
		for (const conf_stmt_t *ch = b != NULL ? b->first : NULL;
		     ch != NULL; ch = ch->next)
		{
			if (ch->name != NULL && !channel_defined(log, ch->name))
			{
				check_error(ctx, &ch->loc,
				            "undefined channel: '%s'",
				            ch->name);
			}
		}
	}
}
