/*
 * rdata_types.h - the RR type descriptor table shared by rrtype.c (the
 * table itself, mnemonics) and rdata.c (the generic conversions it
 * drives).  Not for use outside zones/.
 *
 * A descriptor gives either a list of typed fields (the regular types:
 * the generic code derives text, wire, canonical form and name walking
 * from it) or an ops table (the irregular types, written by hand in
 * rdata_<x>.c).  A descriptor with neither has no text form but RFC 3597
 * "\#" and takes any wire bytes (NULL, UNSPEC, UINFO, UID, GID).
 *
 * (While the hand-written converters were being written they were
 * declared weak; weak references never pull members out of a static
 * library, so now that all of them exist they are plain references.)
 */
#ifndef BINDERY_RDATA_TYPES_H
#define BINDERY_RDATA_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "zones/rdata_ops.h"

/* The hand-written converters (rdata_<x>.c), one per irregular type. */
extern const rdata_ops_t rdata_ops_loc;
extern const rdata_ops_t rdata_ops_apl;
extern const rdata_ops_t rdata_ops_wks;
extern const rdata_ops_t rdata_ops_svcb;
extern const rdata_ops_t rdata_ops_nsec;
extern const rdata_ops_t rdata_ops_nsec3;
extern const rdata_ops_t rdata_ops_csync;
extern const rdata_ops_t rdata_ops_nxt;
extern const rdata_ops_t rdata_ops_a6;
extern const rdata_ops_t rdata_ops_ipseckey;
extern const rdata_ops_t rdata_ops_hip;
extern const rdata_ops_t rdata_ops_amtrelay;
extern const rdata_ops_t rdata_ops_gpos;
extern const rdata_ops_t rdata_ops_nsap;
extern const rdata_ops_t rdata_ops_eui48;
extern const rdata_ops_t rdata_ops_eui64;
extern const rdata_ops_t rdata_ops_l64;
extern const rdata_ops_t rdata_ops_nid;
extern const rdata_ops_t rdata_ops_isdn;
extern const rdata_ops_t rdata_ops_x25;
extern const rdata_ops_t rdata_ops_atma;
extern const rdata_ops_t rdata_ops_caa;
extern const rdata_ops_t rdata_ops_cert;
extern const rdata_ops_t rdata_ops_key;
extern const rdata_ops_t rdata_ops_dnskey;
extern const rdata_ops_t rdata_ops_rkey;
extern const rdata_ops_t rdata_ops_sig;
extern const rdata_ops_t rdata_ops_rrsig;
extern const rdata_ops_t rdata_ops_tkey;
extern const rdata_ops_t rdata_ops_tsig;
extern const rdata_ops_t rdata_ops_doa;
extern const rdata_ops_t rdata_ops_opt;

/* Field kinds of the table-driven types, in wire order. */
typedef enum {
	FK_END = 0,
	FK_U8,
	FK_U16,
	FK_U32,
	FK_TTL,         /* u32; text may use TTL units (SOA timers) */
	FK_TIME,        /* u32; text YYYYMMDDHHMMSS (KEYDATA) */
	FK_NAME,        /* domain name */
	FK_STRING,      /* one <character-string> */
	FK_STRINGS,     /* one or more <character-string>s to the end */
	FK_STRING_REST, /* quoted text to the end, no length octet (URI) */
	FK_IPV4,
	FK_IPV6,
	FK_OCTAL16,    /* u16 written in octal (CHAOS A address) */
	FK_ALG,        /* u8 DNSSEC algorithm; text may be a mnemonic */
	FK_DIGESTTYPE, /* u8 DS digest type; text may be a mnemonic */
	FK_HASHALG,    /* u8 NSEC3 hash algorithm; text may be "SHA-1" */
	FK_DIGEST,     /* hex to the end, length checked (digest_spec_t) */
	FK_BASE64,     /* base64 to the end, at least one octet */
	FK_BASE64_OPT, /* base64 to the end, may be empty */
	FK_HEX,        /* hex to the end, at least one octet */
	FK_HEX8,       /* length octet + hex; "-" in text when empty */
	FK_KEY_REST,   /* KEY rdata to the end (KEYDATA), via rdata_ops_key */
} field_kind_t;

/*
 * Length rules for a digest field: the octet at sel_off selects the
 * digest algorithm; lens[sel] != 0 is its exact length, otherwise at
 * least min_unknown octets.  Wire-length mismatches are R_FORMERR for
 * types where BIND says so (SSHFP), else short is R_UNEXPECTEDEND and
 * long is R_EXTRADATA.
 */
typedef struct digest_spec {
	uint8_t sel_off;
	uint8_t min_unknown;
	bool formerr;
	uint8_t lens[8];
} digest_spec_t;

/* Internal descriptor flags (beyond the public RRTYPE_F_*). */
#define DF_IN_ONLY       0x01 /* class-specific: only IN (and NONE/ANY) */
#define DF_GENERIC       0x02 /* text output always "\#", as BIND prints it */
#define DF_FORMERR       0x04 /* any wire structure error is R_FORMERR */
#define DF_NOTEXT_SYNTAX 0x08 /* non-"\#" text is a syntax error (NULL) */
#define DF_DUMP_AS_TYPE                                                        \
	0x10 /* dumped as TYPEnnn: BIND has no mnemonic                        \
	         output for it (KEYDATA) */

typedef struct rrtype_desc {
	uint16_t type;
	const char *name;       /* mnemonic as BIND prints it */
	unsigned flags;         /* RRTYPE_F_* */
	unsigned dflags;        /* DF_* */
	const uint8_t *fields;  /* FK_* list ending in FK_END, or NULL */
	const rdata_ops_t *ops; /* hand-written converter, or NULL */
	const digest_spec_t *digest;
	/* Semantic check run on the whole rdata after the fields parsed,
	 * from text and from wire alike (NULL: none). */
	result_t (*check)(const uint8_t *rdata, size_t len);
	uint8_t check_token; /* text token a failed check points at */
} rrtype_desc_t;

/* NAPTR's regexp rules as BIND applies them (rdata_naptr.c). */
result_t rdata_naptr_check(const uint8_t *rdata, size_t len);

/* The descriptor for type (any class), or NULL if the type is not known. */
const rrtype_desc_t *rrtype_find(uint16_t type);

/*
 * The descriptor that converts rdata of (type, rclass): the class-specific
 * variant where there is one (CHAOS A), NULL when the type has no
 * conversion in that class (unknown type, IN-only type in another class).
 */
const rrtype_desc_t *rrtype_desc(uint16_t type, uint16_t rclass);

#endif
