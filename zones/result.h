/*
 * result.h - the one result-code type every Bindery function returns.
 *
 * Contract: functions that can fail return result_t; R_OK (0) is success.
 * Output parameters are written only on success.  result_totext() gives a
 * short English phrase, close to BIND's isc_result_totext() wording where
 * BIND prints it to users (e.g. "unexpected end of input").
 */
#ifndef BINDERY_RESULT_H
#define BINDERY_RESULT_H

/*
 * <unistd.h> defines R_OK (an access(2) mode, 4) as a macro, which would
 * silently turn our success code into 4 in any file that includes both.
 * Include it here first, so its include guard keeps it from coming back,
 * and drop the macro: with result.h included, write access(path, 4)
 * if you ever need read access.
 */
#include <unistd.h>
#undef R_OK

typedef enum {
	R_OK = 0,
	R_NOMEMORY,	   /* out of memory */
	R_NOSPACE,	   /* output buffer too small */
	R_RANGE,	   /* value out of range */
	R_UNEXPECTEDEND,   /* unexpected end of input */
	R_BADESCAPE,	   /* bad escape */
	R_LABELTOOLONG,	   /* label too long */
	R_NAMETOOLONG,	   /* name too long */
	R_EMPTYLABEL,	   /* empty label */
	R_BADLABELTYPE,	   /* bad label type */
	R_BADPOINTER,	   /* bad compression pointer */
	R_FORMERR,	   /* malformed wire data */
	R_EXTRADATA,	   /* extra input data */
	R_SYNTAX,	   /* syntax error */
	R_BADNUMBER,	   /* not a valid number */
	R_BADTTL,	   /* bad ttl */
	R_BADCLASS,	   /* bad class */
	R_UNKNOWNTYPE,	   /* unknown RR type */
	R_BADHEX,	   /* bad hex encoding */
	R_BADBASE64,	   /* bad base64 encoding */
	R_BADBASE32,	   /* bad base32 encoding */
	R_BADADDRESS,	   /* bad address */
	R_TEXTTOOLONG,	   /* text too long */
	R_NOTFOUND,	   /* not found */
	R_EXISTS,	   /* already exists */
	R_NOTIMPLEMENTED,  /* not implemented */
	R_IOERROR,	   /* I/O error */
	R_FILENOTFOUND,	   /* file not found */
	R_NOOWNER,	   /* no owner */
	R_NOTZONETOP,	   /* not at top of zone */
	R_BADZONE,	   /* bad zone */
	R_BADFORMAT,	   /* bad file format */
	R_BADBITMAP,	   /* bad bitmap */
	R_BADSVCB,	   /* bad SVCB parameters */
	R_NOTLOADED,	   /* not loaded */
	R_BADOWNERNAME,	   /* bad owner name (check-names) */
	R_BADNAME,	   /* bad name (check-names) */
	R_FAILURE,	   /* failure */
	R_EOF,		   /* end of file (a truncated record) */
	R_UNBALANCED,	   /* unbalanced parentheses */
	R_UNBALANCEDQUOTES, /* unbalanced quotes */
	R_NOTTL,	   /* no ttl */
	R_TOOMANYFILES,	   /* too many open files ($INCLUDE depth) */
	R_SINGLETON,	   /* multiple RRs of singleton type */
	R_CNAMEOTHER,	   /* CNAME and other data */
	R_EXTRATOKEN,	   /* extra input text (rdata text) */
	R_BADDOTTEDQUAD,   /* bad dotted quad */
	R_BADIPV6,	   /* bad IPv6 address */
	R_UNEXPECTEDTOKEN, /* unexpected token (e.g. quoted where a word is due) */
	R_DISALLOWED,	   /* compression pointer inside \# rdata */
	R_UNKNOWNCLASSTYPE, /* unknown class/type (no text form for the type) */
	R_ATZONETOP,	   /* at top of zone (DS at the apex) */
	R_MXISADDRESS,	   /* MX is an address */
	R_NSISADDRESS,	   /* NS is an address */
	R_UNKNOWNFLAG,	   /* unknown flag (KEY flags mnemonic) */
	R_DUPQUERY,	   /* duplicate query (repeated SVCB key, BIND's wording) */
	R_UNKNOWNSERVICE,  /* unknown service (WKS) */
	R_BADEUI,	   /* bad EUI (EUI48/EUI64 text) */
	R_METATYPE,	   /* invalid use of a meta type (master file) */
	R_UNKNOWNPROTO,	   /* unknown protocol (WKS) */
	R_INCONSISTENTRR,  /* inconsistent resource record (SVCB mandatory) */
	R_RESULT_COUNT
} result_t;

/* Returns a static, never-NULL description of r. */
const char *result_totext(result_t r);

#endif
