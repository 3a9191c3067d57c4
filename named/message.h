/*
 * message.h - parse a DNS message straight from the network buffer.
 *
 * Contract: message_parse() reads raw network bytes (untrusted), checks
 * every bound, allocates nothing and never aborts.  It does not copy the
 * records: the answer, authority and additional sections are kept as
 * offsets into the caller's buffer, which must outlive the message_t.
 * The question's first name, type and class are decoded (the query path
 * needs them at once); OPT (EDNS) and TSIG are located and OPT's fixed
 * fields and the options the server acts on (COOKIE, NSID, TCP keepalive)
 * are picked out.
 *
 * What is refused, and how, follows BIND 9.18's dns_message_parse() as
 * named applies it to a request:
 *   - fewer than 12 octets: R_UNEXPECTEDEND, and message_verdict() says
 *     MESSAGE_DROP (named cannot even read the id, so it answers nothing;
 *     it drops anything with QR set too);
 *   - a bad name, a record cut short, rdata the type's wire format
 *     refuses, a second question name, a repeated question type, a class
 *     that differs from the question's (OPT, TSIG, KEY and SIG excepted),
 *     OPT not owned by the root, outside the additional section or
 *     present twice, a meta type (ANY, AXFR, ..., type 0) as a record
 *     outside UPDATE, TSIG or SIG(0) that is not the last record of the
 *     additional section or not of class ANY: R_FORMERR (or the name/wire
 *     error), and message_verdict() says MESSAGE_FORMERR;
 *   - octets after the last record are not an error (BIND logs them as
 *     trailing garbage): m->trailing counts them.
 * Checks that BIND makes later, in the query path, are left to the caller
 * and are easy from the fields here: QR set (drop), qdcount != 1 (FORMERR,
 * unless a lone COOKIE makes it a cookie-only query), EDNS version > 0
 * (BADVERS), unknown opcode (NOTIMP).
 */
#ifndef BINDERY_NAMED_MESSAGE_H
#define BINDERY_NAMED_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zones/name.h"
#include "zones/result.h"

#define MESSAGE_HEADERLEN 12

/* Header flag bits (in the second 16-bit word, opcode and rcode apart). */
#define MESSAGE_F_QR 0x8000
#define MESSAGE_F_AA 0x0400
#define MESSAGE_F_TC 0x0200
#define MESSAGE_F_RD 0x0100
#define MESSAGE_F_RA 0x0080
#define MESSAGE_F_AD 0x0020
#define MESSAGE_F_CD 0x0010

/* EDNS option codes the server looks at. */
#define MESSAGE_OPT_NSID      3
#define MESSAGE_OPT_COOKIE    10
#define MESSAGE_OPT_KEEPALIVE 11

typedef enum {
	MESSAGE_SEC_QUESTION = 0,
	MESSAGE_SEC_ANSWER = 1,
	MESSAGE_SEC_AUTHORITY = 2,
	MESSAGE_SEC_ADDITIONAL = 3,
} message_section_t;

/* What named does with a request whose parse returned a given result. */
typedef enum {
	MESSAGE_OK = 0,      /* parsed: go on with the query path */
	MESSAGE_DROP = 1,    /* no answer at all */
	MESSAGE_FORMERR = 2, /* answer FORMERR */
} message_verdict_t;

/* One resource record as it sits in the packet (offsets into it). */
typedef struct message_rr {
	size_t owner; /* offset of the owner name (maybe compressed) */
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	size_t rdata;   /* offset of the rdata */
	uint16_t rdlen; /* its length on the wire (compressed) */
	size_t end;     /* offset just past the record */
} message_rr_t;

typedef struct message {
	const uint8_t *wire; /* the packet (not owned) */
	size_t len;

	/* Header. */
	uint16_t id;
	uint16_t flags; /* QR AA TC RD RA Z AD CD bits as on the wire */
	uint8_t opcode; /* 0..15 */
	uint8_t rcode;  /* header rcode, 0..15 */
	uint16_t counts[4];

	/* Where each section starts, and the offset after the last RR. */
	size_t section[4];
	size_t end;
	size_t trailing; /* octets after the last record (not an error) */

	/* The first question (valid when counts[0] > 0 and parse succeeded). */
	name_t qname;
	uint16_t qtype;
	uint16_t qclass;

	/* EDNS: valid when has_opt. */
	bool has_opt;
	size_t opt;        /* offset of the OPT record */
	uint16_t udp_size; /* OPT class: requester's payload size */
	uint8_t ext_rcode; /* upper 8 bits of the 12-bit rcode */
	uint8_t edns_version;
	uint16_t edns_flags; /* DO is 0x8000 */
	bool dnssec_ok;
	size_t opt_rdata; /* offset and length of the options */
	uint16_t opt_rdlen;
	bool has_cookie;
	size_t cookie; /* offset of the cookie data */
	uint16_t cookie_len;
	bool has_nsid;      /* NSID requested */
	bool has_keepalive; /* edns-tcp-keepalive sent */
	/* The parse failed on the OPT's options (a bad COOKIE length, say):
	 * named answers FORMERR with an OPT record of its own then. */
	bool opt_error;

	/* TSIG or SIG(0), the last RR of additional: valid when has_tsig /
	 * has_sig0.  tsig is the offset of the record: the part signed by
	 * the requester is wire[0..tsig) with arcount one less. */
	bool has_tsig;
	bool has_sig0;
	size_t tsig;
	message_rr_t tsig_rr;
} message_t;

/*
 * Parses wire[0..len) into *m.  [raw network bytes]
 * Requires m and wire non-NULL.  On success returns R_OK and fills *m.
 * On failure returns the first error (R_UNEXPECTEDEND, R_FORMERR,
 * R_BADPOINTER, R_BADLABELTYPE, R_NAMETOOLONG, ...); *m then still holds
 * the header and, when the whole question section parsed, the question
 * (else m->counts[0] is 0), so a FORMERR answer can echo what named
 * echoes; m->opt_error says whether that answer carries an OPT.
 */
result_t message_parse(message_t *m, const uint8_t *wire, size_t len);

/*
 * What named does with the request m whose message_parse() returned r:
 * MESSAGE_DROP when the header is short or QR is set (named never answers
 * a response), MESSAGE_FORMERR for any other parse error, else MESSAGE_OK.
 */
message_verdict_t message_verdict(const message_t *m, result_t r);

/*
 * Reads the record at wire[*pos] (a parsed message's RR sections) into
 * *rr and moves *pos past it.  Returns R_OK, or the error the record has
 * (never for a message message_parse() accepted).  [raw network bytes]
 */
result_t message_rr_read(const message_t *m, size_t *pos, message_rr_t *rr);

/*
 * Finds EDNS option `code` in the OPT record of m: sets *off (offset of
 * its data) and *len.  R_NOTFOUND if there is no OPT or no such option.
 */
result_t message_opt_find(const message_t *m, uint16_t code, size_t *off,
                          uint16_t *len);

#endif
