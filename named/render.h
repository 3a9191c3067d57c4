/*
 * render.h - write a DNS response into a caller's buffer, in one pass.
 *
 * Contract: the renderer never allocates and never writes outside
 * buf[0..bufsize); it stops at `limit` octets (the UDP payload the client
 * can take, or 65535 for TCP), keeping room for the OPT record and any
 * reserved tail (a TSIG the caller adds after render_finish()).
 *
 * Names are compressed (RFC 1035 4.1.4) the way named 9.18 compresses
 * its responses, so that our answers are the same octets as its:
 *  - matching is case-sensitive (named's default, no-case-compress { };);
 *  - a name being written looks up only its first two suffixes, the
 *    whole name and then the name without its first label ("a.b.c.d."
 *    tries "a.b.c.d." and "b.c.d.", never "c.d." nor "d.");
 *  - of each name written, only the first two suffixes of the part
 *    written literally are remembered, and none starting at or beyond
 *    offset 0x4000 (no pointer reaches it); when the same suffix was
 *    remembered twice, the one written last is pointed at;
 *  - names in rdata are compressed only for the types RFC 3597 lets us
 *    compress (RRTYPE_F_COMPRESS), but the names in every other rdata
 *    (SRV, DNAME, RRSIG, NSEC, ...) are remembered all the same, so
 *    later names point into them;
 *  - the owners of the second and later records of an RRset are a
 *    pointer to where the first one's name starts (or to where its
 *    pointer aimed, when it was a bare pointer).
 * Other rdata goes out exactly as stored.
 *
 * Records go in by RRset: render_rrset() writes all of an RRset or none
 * of it.  The first RRset that does not fit ends the response: nothing
 * more is written, and if it was meant for the answer or authority
 * section the TC bit is set (BIND 9.18 does not set TC for additional
 * data left out).  Sections must be filled in order.
 */
#ifndef BINDERY_NAMED_RENDER_H
#define BINDERY_NAMED_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "named/message.h"
#include "zones/name.h"
#include "zones/result.h"

/* Compression table size: named remembers every suffix it offers; we
 * stop remembering after this many, which takes a response of several
 * thousand distinct names below offset 0x4000. */
#define RENDER_MAXCOMP 2048
/* Hash chains of the table (a power of two). */
#define RENDER_COMPBUCKETS 64

/* One remembered suffix: where it starts, its length, and its chain. */
typedef struct render_comp {
	uint16_t offset;
	uint16_t length;  /* octets of the suffix, root label included */
	uint16_t literal; /* octets written out before a pointer, if any */
	uint16_t key;     /* hash of first label and length; low bits: chain */
	uint16_t next;    /* older entry in the same chain, plus one; 0: end */
} render_comp_t;

/* EDNS to put in the response's OPT record. */
typedef struct render_edns {
	uint16_t udp_size;      /* our advertised payload size */
	uint8_t version;        /* 0 */
	bool dnssec_ok;         /* echo DO */
	const uint8_t *options; /* pre-encoded options (code, len, data)... */
	uint16_t options_len;   /* ...kept alive by the caller until finish */
} render_edns_t;

typedef struct render {
	uint8_t *buf;
	size_t limit; /* usable octets, reserve already taken off */
	size_t pos;
	uint16_t id;
	uint16_t flags; /* header flags without opcode/rcode */
	uint8_t opcode;
	uint16_t rcode; /* 12-bit extended rcode */
	uint16_t counts[4];
	unsigned section; /* the section being filled */
	bool full;        /* an RRset did not fit: write nothing more */
	bool has_edns;
	render_edns_t edns;
	size_t reserved; /* taken off limit: OPT + caller's reserve */
	unsigned ncomp;
	uint16_t chain[RENDER_COMPBUCKETS]; /* newest entry, plus one */
	render_comp_t comp[RENDER_MAXCOMP]; /* not cleared: ncomp says */
} render_t;

/*
 * Starts a response in buf[0..bufsize) that will be at most `limit`
 * octets (limit is cut to bufsize and to 65535).  The header is written
 * by render_finish().  R_NOSPACE if not even a header fits.
 */
result_t render_init(render_t *r, uint8_t *buf, size_t bufsize, size_t limit,
                     uint16_t id, uint8_t opcode, uint16_t flags);

/* Sets the 12-bit rcode (the upper 8 bits need EDNS to be sent). */
void render_set_rcode(render_t *r, uint16_t rcode);

/*
 * Asks for an OPT record at the end and reserves its space now, so the
 * records never crowd it out.  R_NOSPACE if it does not fit in what is
 * left; call before adding records.  e is copied, not its options.
 */
result_t render_set_edns(render_t *r, const render_edns_t *e);

/*
 * Keeps n more octets free at the end (for a TSIG record the caller adds
 * after render_finish()).  R_NOSPACE if that much is no longer free.
 */
result_t render_reserve(render_t *r, size_t n);

/*
 * Writes a question (qname compressed against earlier questions, and
 * remembered so later names point at it).  R_NOSPACE if it does not fit (the
 * response is then marked full, with TC set).
 */
result_t render_question(render_t *r, const name_t *qname, uint16_t qtype,
                         uint16_t qclass);

/*
 * Writes one RRset into section sec (ANSWER, AUTHORITY or ADDITIONAL,
 * never before the current one): n records with one owner, type, class
 * and TTL, rdata[i] (uncompressed wire form, rdlen[i] octets each).
 * All or nothing: on R_NOSPACE the buffer and the compression table are
 * as before the call, the response is full (no later call writes
 * anything) and TC is set unless sec is ADDITIONAL.  R_RANGE if sec goes
 * backwards, R_FORMERR if an rdata's names do not parse.
 */
result_t render_rrset(render_t *r, unsigned sec, const name_t *owner,
                      uint16_t type, uint16_t rclass, uint32_t ttl,
                      const uint8_t *const *rdata, const uint16_t *rdlen,
                      size_t n);

/* True once an RRset has been refused for space. */
bool render_isfull(const render_t *r);

/*
 * Writes the OPT record (if asked for) and the header, and sets *len to
 * the response's length.  The renderer may not be used afterwards,
 * except that the reserved tail is free for the caller.
 */
result_t render_finish(render_t *r, size_t *len);

/*
 * Writes into buf[0..bufsize) named's answer to a request m that
 * message_parse() refused with verdict MESSAGE_FORMERR: the request's id
 * and opcode, QR with the request's RD and CD for a QUERY (AD and the
 * rest dropped; for other opcodes QR alone), rcode FORMERR, every
 * question when the question section parsed (m->counts[0] > 0) and the
 * opcode is QUERY, NOTIFY or UPDATE, and an OPT advertising udp_size with no options
 * when m->opt_error (named's answer to a bad EDNS option); nothing else.
 * Sets *len.  R_NOSPACE if bufsize is too small.  Reads m->wire again
 * for the questions.  [raw network bytes]
 */
result_t render_formerr(const message_t *m, uint16_t udp_size, uint8_t *buf,
                        size_t bufsize, size_t *len);

#endif
