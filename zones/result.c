/* result.c - text for result codes (see result.h). */
#include "zones/result.h"

static const char *const texts[R_RESULT_COUNT] = {
	[R_OK] = "success",
	[R_NOMEMORY] = "out of memory",
	[R_NOSPACE] = "ran out of space",
	[R_RANGE] = "out of range",
	[R_UNEXPECTEDEND] = "unexpected end of input",
	[R_BADESCAPE] = "bad escape",
	[R_LABELTOOLONG] = "label too long",
	[R_NAMETOOLONG] = "name too long",
	[R_EMPTYLABEL] = "empty label",
	[R_BADLABELTYPE] = "bad label type",
	[R_BADPOINTER] = "bad compression pointer",
	[R_FORMERR] = "format error",
	[R_EXTRADATA] = "extra input data",
	[R_SYNTAX] = "syntax error",
	[R_BADNUMBER] = "not a valid number",
	[R_BADTTL] = "bad ttl",
	[R_BADCLASS] = "bad class",
	[R_UNKNOWNTYPE] = "unknown RR type",
	[R_BADHEX] = "bad hex encoding",
	[R_BADBASE64] = "bad base64 encoding",
	[R_BADBASE32] = "bad base32 encoding",
	[R_BADADDRESS] = "bad address",
	[R_TEXTTOOLONG] = "text too long",
	[R_NOTFOUND] = "not found",
	[R_EXISTS] = "already exists",
	[R_NOTIMPLEMENTED] = "not implemented",
	[R_IOERROR] = "I/O error",
	[R_FILENOTFOUND] = "file not found",
	[R_NOOWNER] = "no owner",
	[R_NOTZONETOP] = "not at top of zone",
	[R_BADZONE] = "bad zone",
	[R_BADFORMAT] = "bad file format",
	[R_BADBITMAP] = "bad bitmap",
	[R_BADSVCB] = "bad SVCB parameters",
	[R_NOTLOADED] = "not loaded",
	[R_BADOWNERNAME] = "bad owner name (check-names)",
	[R_BADNAME] = "bad name (check-names)",
	[R_FAILURE] = "failure",
	[R_UNBALANCED] = "unbalanced parentheses",
	[R_UNBALANCEDQUOTES] = "unbalanced quotes",
	[R_NOTTL] = "no ttl",
	[R_TOOMANYFILES] = "too many open files",
	[R_SINGLETON] = "multiple RRs of singleton type",
	[R_CNAMEOTHER] = "CNAME and other data",
	[R_ATZONETOP] = "at top of zone",
	[R_MXISADDRESS] = "MX is an address",
	[R_NSISADDRESS] = "NS is an address",
	[R_EXTRATOKEN] = "extra input text",
	[R_BADDOTTEDQUAD] = "bad dotted quad",
	[R_BADIPV6] = "bad IPv6 address",
	[R_UNEXPECTEDTOKEN] = "unexpected token",
	[R_DISALLOWED] = "disallowed (by application policy)",
	[R_UNKNOWNCLASSTYPE] = "unknown class/type",
	[R_EOF] = "end of file",
	[R_UNKNOWNFLAG] = "unknown flag",
	[R_DUPQUERY] = "duplicate query",
};

const char *
result_totext(result_t r) {
	if ((unsigned)r >= R_RESULT_COUNT || texts[r] == 0) {
		return "unknown result";
	}
	return texts[r];
}
