/*
 * rrtype.c - the RR type table (every type BIND 9.18 knows) and the type
 * and class mnemonics.
 *
 * Contract: rrtype_find() and rrtype_desc() give the descriptor that
 * drives rdata.c; rrtype_fromtext/totext and rrclass_fromtext/totext
 * translate mnemonics exactly as BIND's master files and dumps spell
 * them (case-insensitive input, TYPEnnn/CLASSnnn for the rest).
 *
 * The table is sorted by type number (checked by the unit test) so
 * lookups are a binary search.  KEYDATA is recognised on input but dumped
 * as TYPE65533 "\#", which is what named-compilezone prints for it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "zones/rdata.h"
#include "zones/rdata_types.h"

/* Shorthands for the public flags, to keep the table readable. */
#define CMP  RRTYPE_F_COMPRESS
#define DWN  RRTYPE_F_CANONDOWN
#define ADD  RRTYPE_F_ADDITIONAL
#define ONE  RRTYPE_F_SINGLETON
#define CUT  RRTYPE_F_ZONECUTOK
#define META RRTYPE_F_META

/* Field lists, shared between types of the same shape. */
static const uint8_t f_name[] = {FK_NAME, FK_END};
static const uint8_t f_name2[] = {FK_NAME, FK_NAME, FK_END};
static const uint8_t f_u16name[] = {FK_U16, FK_NAME, FK_END};
static const uint8_t f_u16name2[] = {FK_U16, FK_NAME, FK_NAME, FK_END};
static const uint8_t f_ipv4[] = {FK_IPV4, FK_END};
static const uint8_t f_ipv6[] = {FK_IPV6, FK_END};
static const uint8_t f_soa[] = {FK_NAME, FK_NAME, FK_U32, FK_TTL,
				FK_TTL,  FK_TTL,  FK_TTL, FK_END};
static const uint8_t f_hinfo[] = {FK_STRING, FK_STRING, FK_END};
static const uint8_t f_strings[] = {FK_STRINGS, FK_END};
static const uint8_t f_srv[] = {FK_U16, FK_U16, FK_U16, FK_NAME, FK_END};
static const uint8_t f_naptr[] = {FK_U16,    FK_U16,  FK_STRING, FK_STRING,
				  FK_STRING, FK_NAME, FK_END};
static const uint8_t f_sink[] = {FK_U8, FK_U8, FK_U8, FK_BASE64_OPT, FK_END};
static const uint8_t f_ds[] = {FK_U16, FK_ALG, FK_DIGESTTYPE, FK_DIGEST,
			       FK_END};
static const uint8_t f_sshfp[] = {FK_U8, FK_U8, FK_DIGEST, FK_END};
static const uint8_t f_base64[] = {FK_BASE64, FK_END};
static const uint8_t f_nsec3param[] = {FK_HASHALG, FK_U8, FK_U16, FK_HEX8,
				       FK_END};
static const uint8_t f_tlsa[] = {FK_U8, FK_U8, FK_U8, FK_HEX, FK_END};
static const uint8_t f_zonemd[] = {FK_U32, FK_U8, FK_U8, FK_DIGEST, FK_END};
static const uint8_t f_hex[] = {FK_HEX, FK_END};
static const uint8_t f_l32[] = {FK_U16, FK_IPV4, FK_END};
static const uint8_t f_uri[] = {FK_U16, FK_U16, FK_STRING_REST, FK_END};
static const uint8_t f_keydata[] = {FK_TIME, FK_TIME, FK_TIME, FK_KEY_REST,
				    FK_END};
static const uint8_t f_ch_a[] = {FK_NAME, FK_OCTAL16, FK_END};

/* Digest lengths by algorithm: RFC 4509/5933/6605 (DS), 4255/6594
 * (SSHFP), 8976 (ZONEMD, whose unknown digests are at least 12). */
static const digest_spec_t d_ds = {
	.sel_off = 3, .min_unknown = 1, .lens = {0, 20, 32, 32, 48}};
static const digest_spec_t d_sshfp = {
	.sel_off = 1, .min_unknown = 0, .formerr = true, .lens = {0, 20, 32}};
static const digest_spec_t d_zonemd = {
	.sel_off = 5, .min_unknown = 12, .lens = {0, 48, 64}};

#define T(num, mn, fl, dfl, fields)                                            \
	{                                                                      \
		num, mn, fl, dfl, fields, NULL, NULL, NULL, 0                  \
	}
#define TD(num, mn, fl, fields, dig)                                           \
	{                                                                      \
		num, mn, fl, 0, fields, NULL, dig, NULL, 0                     \
	}
#define TO(num, mn, fl, dfl, ops)                                              \
	{                                                                      \
		num, mn, fl, dfl, NULL, &ops, NULL, NULL, 0                    \
	}

static const rrtype_desc_t table[] = {
	T(1, "A", 0, DF_IN_ONLY, f_ipv4),
	T(2, "NS", CMP | DWN | ADD | CUT, 0, f_name),
	T(3, "MD", CMP | DWN | ADD, 0, f_name),
	T(4, "MF", CMP | DWN | ADD, 0, f_name),
	T(5, "CNAME", CMP | DWN | ONE, 0, f_name),
	T(6, "SOA", CMP | DWN | ONE, 0, f_soa),
	T(7, "MB", CMP | DWN | ADD, 0, f_name),
	T(8, "MG", CMP | DWN, 0, f_name),
	T(9, "MR", CMP | DWN, 0, f_name),
	T(10, "NULL", 0, DF_GENERIC | DF_NOTEXT_SYNTAX, NULL),
	TO(11, "WKS", 0, DF_IN_ONLY, rdata_ops_wks),
	T(12, "PTR", CMP | DWN, 0, f_name),
	T(13, "HINFO", 0, 0, f_hinfo),
	T(14, "MINFO", CMP | DWN, 0, f_name2),
	T(15, "MX", CMP | DWN | ADD, 0, f_u16name),
	T(16, "TXT", 0, 0, f_strings),
	T(17, "RP", DWN, 0, f_name2),
	T(18, "AFSDB", DWN | ADD, 0, f_u16name),
	TO(19, "X25", 0, 0, rdata_ops_x25),
	TO(20, "ISDN", 0, 0, rdata_ops_isdn),
	T(21, "RT", DWN | ADD, 0, f_u16name),
	TO(22, "NSAP", 0, DF_IN_ONLY, rdata_ops_nsap),
	/* Not in RFC 4034 6.2, but BIND compares its name case-blind
	 * (duplicates differing in case collapse), so it is downcased. */
	T(23, "NSAP-PTR", DWN, DF_IN_ONLY, f_name),
	TO(24, "SIG", DWN | CUT, 0, rdata_ops_sig),
	TO(25, "KEY", CUT, 0, rdata_ops_key),
	T(26, "PX", DWN, DF_IN_ONLY, f_u16name2),
	TO(27, "GPOS", 0, 0, rdata_ops_gpos),
	T(28, "AAAA", 0, DF_IN_ONLY, f_ipv6),
	TO(29, "LOC", 0, 0, rdata_ops_loc),
	TO(30, "NXT", DWN | CUT, 0, rdata_ops_nxt),
	T(31, "EID", 0, DF_IN_ONLY, f_hex),
	T(32, "NIMLOC", 0, DF_IN_ONLY, f_hex),
	T(33, "SRV", DWN | ADD, DF_IN_ONLY, f_srv),
	TO(34, "ATMA", 0, DF_IN_ONLY, rdata_ops_atma),
	/* The check is about the regexp, the fifth token. */
	{35, "NAPTR", DWN | ADD, 0, f_naptr, NULL, NULL, rdata_naptr_check, 4},
	T(36, "KX", DWN | ADD, DF_IN_ONLY, f_u16name),
	TO(37, "CERT", 0, 0, rdata_ops_cert),
	TO(38, "A6", DWN, DF_IN_ONLY, rdata_ops_a6),
	T(39, "DNAME", DWN | ONE, 0, f_name),
	T(40, "SINK", 0, 0, f_sink),
	TO(41, "OPT", META, 0, rdata_ops_opt),
	TO(42, "APL", 0, DF_IN_ONLY, rdata_ops_apl),
	TD(43, "DS", CUT, f_ds, &d_ds),
	TD(44, "SSHFP", 0, f_sshfp, &d_sshfp),
	TO(45, "IPSECKEY", 0, 0, rdata_ops_ipseckey),
	TO(46, "RRSIG", DWN | CUT, 0, rdata_ops_rrsig),
	TO(47, "NSEC", CUT, 0, rdata_ops_nsec),
	TO(48, "DNSKEY", 0, 0, rdata_ops_dnskey),
	T(49, "DHCID", 0, DF_IN_ONLY, f_base64),
	TO(50, "NSEC3", 0, 0, rdata_ops_nsec3),
	T(51, "NSEC3PARAM", 0, DF_FORMERR, f_nsec3param),
	T(52, "TLSA", 0, 0, f_tlsa),
	T(53, "SMIMEA", 0, 0, f_tlsa),
	TO(55, "HIP", 0, 0, rdata_ops_hip),
	T(56, "NINFO", 0, 0, f_strings),
	TO(57, "RKEY", 0, 0, rdata_ops_rkey),
	T(58, "TALINK", 0, 0, f_name2),
	TD(59, "CDS", 0, f_ds, &d_ds),
	TO(60, "CDNSKEY", 0, 0, rdata_ops_dnskey),
	T(61, "OPENPGPKEY", 0, 0, f_base64),
	TO(62, "CSYNC", 0, 0, rdata_ops_csync),
	TD(63, "ZONEMD", 0, f_zonemd, &d_zonemd),
	TO(64, "SVCB", ADD, DF_IN_ONLY, rdata_ops_svcb),
	TO(65, "HTTPS", ADD, DF_IN_ONLY, rdata_ops_svcb),
	/* DSYNC's text form (type and scheme mnemonics) is not written yet:
	 * it is read and printed as \# like BIND's unknown types. */
	T(66, "DSYNC", 0, DF_GENERIC, NULL),
	T(67, "HHIT", 0, 0, f_base64),
	T(68, "BRID", 0, 0, f_base64),
	T(99, "SPF", 0, 0, f_strings),
	T(100, "UINFO", 0, DF_GENERIC, NULL),
	T(101, "UID", 0, DF_GENERIC, NULL),
	T(102, "GID", 0, DF_GENERIC, NULL),
	T(103, "UNSPEC", 0, DF_GENERIC, NULL),
	TO(104, "NID", 0, 0, rdata_ops_nid),
	T(105, "L32", 0, DF_FORMERR, f_l32),
	TO(106, "L64", 0, 0, rdata_ops_l64),
	T(107, "LP", ADD, 0, f_u16name),
	TO(108, "EUI48", 0, 0, rdata_ops_eui48),
	TO(109, "EUI64", 0, 0, rdata_ops_eui64),
	TO(249, "TKEY", META, 0, rdata_ops_tkey),
	TO(250, "TSIG", META, 0, rdata_ops_tsig),
	T(251, "IXFR", META, 0, NULL),
	T(252, "AXFR", META, 0, NULL),
	T(253, "MAILB", META, 0, NULL),
	T(254, "MAILA", META, 0, NULL),
	T(255, "ANY", META, 0, NULL),
	T(256, "URI", 0, 0, f_uri),
	TO(257, "CAA", 0, 0, rdata_ops_caa),
	T(258, "AVC", 0, 0, f_strings),
	TO(259, "DOA", 0, 0, rdata_ops_doa),
	TO(260, "AMTRELAY", 0, 0, rdata_ops_amtrelay),
	T(261, "RESINFO", 0, 0, f_strings),
	T(262, "WALLET", 0, 0, f_strings),
	TD(32768, "TA", 0, f_ds, &d_ds),
	TD(32769, "DLV", 0, f_ds, &d_ds),
	T(65533, "KEYDATA", 0, DF_GENERIC | DF_DUMP_AS_TYPE, f_keydata),
};

/* CHAOS A (RFC 1035 3.4.1 as BIND implements it): domain + octal u16. */
/* Its name may be compressed on the wire, both ways (named reads and
 * writes it so in CHAOS answers). */
static const rrtype_desc_t ch_a = {1, "A", CMP, 0, f_ch_a, NULL, NULL, NULL, 0};

#define TABLE_SIZE (sizeof(table) / sizeof(table[0]))

const rrtype_desc_t *
rrtype_find(uint16_t type) {
	size_t lo = 0, hi = TABLE_SIZE;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (table[mid].type == type) {
			return &table[mid];
		}
		if (table[mid].type < type) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

const rrtype_desc_t *
rrtype_desc(uint16_t type, uint16_t rclass) {
	const rrtype_desc_t *d = rrtype_find(type);

	if (d == NULL) {
		return NULL;
	}
	if (type == RRTYPE_A && rclass == RRCLASS_CH) {
		return &ch_a;
	}
	/*
	 * Class-specific types exist only in IN (HS shares IN's A); in any
	 * other class, NONE and ANY included, named reads them as opaque
	 * data (an UPDATE deletion of class NONE is read in the zone's
	 * class by the message parser, not here).
	 */
	if ((d->dflags & DF_IN_ONLY) != 0 && rclass != RRCLASS_IN &&
	    !(type == RRTYPE_A && rclass == RRCLASS_HS))
	{
		return NULL;
	}
	return d;
}

/* Parses "<prefix>nnn" (0..65535) as BIND does for TYPEnnn/CLASSnnn. */
static bool
parse_numbered(const char *text, size_t len, const char *prefix,
	       uint16_t *out) {
	size_t plen = strlen(prefix);
	uint32_t v = 0;

	if (len <= plen || strncasecmp(text, prefix, plen) != 0) {
		return false;
	}
	for (size_t i = plen; i < len; i++) {
		if (text[i] < '0' || text[i] > '9') {
			return false;
		}
		v = v * 10 + (uint32_t)(text[i] - '0');
		if (v > 65535) {
			return false;
		}
	}
	*out = (uint16_t)v;
	return true;
}

result_t
rrtype_fromtext(const char *text, size_t len, uint16_t *type) {
	for (size_t i = 0; i < TABLE_SIZE; i++) {
		const char *mn = table[i].name;
		if (strlen(mn) == len && strncasecmp(mn, text, len) == 0) {
			*type = table[i].type;
			return R_OK;
		}
	}
	if (parse_numbered(text, len, "TYPE", type)) {
		return R_OK;
	}
	return R_UNKNOWNTYPE;
}

const char *
rrtype_totext(uint16_t type, char buf[16]) {
	const rrtype_desc_t *d = rrtype_find(type);

	if (d != NULL && (d->dflags & DF_DUMP_AS_TYPE) == 0) {
		snprintf(buf, 16, "%s", d->name);
	} else {
		snprintf(buf, 16, "TYPE%u", (unsigned)type);
	}
	return buf;
}

unsigned
rrtype_flags(uint16_t type) {
	const rrtype_desc_t *d = rrtype_find(type);

	if (d == NULL) {
		return 0;
	}
	return d->flags | RRTYPE_F_KNOWN;
}

static const struct {
	const char *name;
	uint16_t rclass;
} classes[] = {
	{"IN", RRCLASS_IN},   {"CH", RRCLASS_CH},     {"CHAOS", RRCLASS_CH},
	{"HS", RRCLASS_HS},   {"HESIOD", RRCLASS_HS}, {"NONE", RRCLASS_NONE},
	{"ANY", RRCLASS_ANY},
};

result_t
rrclass_fromtext(const char *text, size_t len, uint16_t *rclass) {
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strlen(classes[i].name) == len &&
		    strncasecmp(classes[i].name, text, len) == 0)
		{
			*rclass = classes[i].rclass;
			return R_OK;
		}
	}
	if (parse_numbered(text, len, "CLASS", rclass)) {
		return R_OK;
	}
	return R_BADCLASS;
}

const char *
rrclass_totext(uint16_t rclass, char buf[16]) {
	switch (rclass) {
	case RRCLASS_IN:
		snprintf(buf, 16, "IN");
		break;
	case RRCLASS_CH:
		snprintf(buf, 16, "CH");
		break;
	case RRCLASS_HS:
		snprintf(buf, 16, "HS");
		break;
	case RRCLASS_NONE:
		snprintf(buf, 16, "NONE");
		break;
	case RRCLASS_ANY:
		snprintf(buf, 16, "ANY");
		break;
	default:
		snprintf(buf, 16, "CLASS%u", (unsigned)rclass);
		break;
	}
	return buf;
}
