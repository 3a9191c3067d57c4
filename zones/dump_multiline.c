/*
 * dump_multiline.c - multi-line rdata layout of BIND's relative dump style
 * (see dump_multiline.h).  The layouts were read off named-compilezone
 * -s relative output; the text itself comes from rdata_totext(), only
 * re-cut here.
 */
#include "zones/dump_multiline.h"

#include <string.h>

#define CONT  "\n\t\t\t\t" /* continuation: rdata column 32 */
#define CHUNK 44	    /* base64/hex characters per line */

enum {
	T_SIG = 24,
	T_KEY = 25,
	T_DS = 43,
	T_SSHFP = 44,
	T_RRSIG = 46,
	T_DNSKEY = 48,
	T_NSEC3 = 50,
	T_TLSA = 52,
	T_SMIMEA = 53,
	T_CDS = 59,
	T_CDNSKEY = 60,
};

/* Splits text at spaces into at most max tokens (pointers into a copy). */
static size_t
split(char *text, char **tok, size_t max) {
	size_t n = 0;
	char *p = text;

	while (*p != '\0' && n < max) {
		while (*p == ' ') {
			p++;
		}
		if (*p == '\0') {
			break;
		}
		tok[n++] = p;
		while (*p != '\0' && *p != ' ') {
			p++;
		}
		if (*p == ' ') {
			*p++ = '\0';
		}
	}
	return n;
}

/* Appends the concatenation of tok[from..n) cut into CHUNK pieces, each on
 * a continuation line; close appends " )" after the last piece. */
static void
chunks(char **tok, size_t from, size_t n, bool close, textbuf_t *out) {
	size_t col = CHUNK; /* force a new line for the first piece */
	bool any = false;

	for (size_t i = from; i < n; i++) {
		for (const char *c = tok[i]; *c != '\0'; c++) {
			if (col == CHUNK) {
				tb_puts(out, CONT);
				col = 0;
			}
			tb_putc(out, *c);
			col++;
			any = true;
		}
	}
	if (close) {
		tb_puts(out, any ? " )" : CONT ")");
	}
}

/* Writes tok[0..k) space-separated. */
static void
fields(char **tok, size_t k, textbuf_t *out) {
	for (size_t i = 0; i < k; i++) {
		if (i > 0) {
			tb_putc(out, ' ');
		}
		tb_puts(out, tok[i]);
	}
}

uint16_t
dump_key_tag(const uint8_t *rd, size_t len) {
	/* BIND 9.18 uses this sum for RSAMD5 keys too (measured). */
	uint32_t ac = 0;
	for (size_t i = 0; i < len; i++) {
		ac += (i & 1) ? rd[i] : (uint32_t)rd[i] << 8;
	}
	ac += (ac >> 16) & 0xffff;
	return (uint16_t)(ac & 0xffff);
}

static const char *
alg_name(uint8_t alg) {
	switch (alg) {
	case 1:
		return "RSAMD5";
	case 3:
		return "DSA";
	case 5:
		return "RSASHA1";
	case 6:
		return "NSEC3DSA";
	case 7:
		return "NSEC3RSASHA1";
	case 8:
		return "RSASHA256";
	case 10:
		return "RSASHA512";
	case 12:
		return "ECCGOST";
	case 13:
		return "ECDSAP256SHA256";
	case 14:
		return "ECDSAP384SHA384";
	case 15:
		return "ED25519";
	case 16:
		return "ED448";
	default:
		return NULL;
	}
}

/* "\# len hex..." for any type: the first piece stays on the first line. */
static bool
generic(char **tok, size_t n, textbuf_t *out) {
	if (n < 2) {
		return false;
	}
	tb_puts(out, "\\# ");
	tb_puts(out, tok[1]);
	if (n == 2) {
		return true; /* "\# 0" */
	}
	tb_puts(out, " ( ");
	size_t col = 0;
	for (size_t i = 2; i < n; i++) {
		for (const char *c = tok[i]; *c != '\0'; c++) {
			if (col == CHUNK) {
				tb_puts(out, CONT);
				col = 0;
			}
			tb_putc(out, *c);
			col++;
		}
	}
	tb_puts(out, " )");
	return true;
}

bool
dump_multiline(uint16_t type, const uint8_t *rdata, size_t len,
	       const char *oneline, textbuf_t *out) {
	size_t tl = strlen(oneline);
	char *tok[2048];
	char buf[8192];
	size_t n;
	bool done = true;

	/* Records this long are rare; they stay on one line. */
	if (tl >= sizeof(buf)) {
		return false;
	}
	memcpy(buf, oneline, tl + 1);
	n = split(buf, tok, sizeof(tok) / sizeof(tok[0]));
	if (n == sizeof(tok) / sizeof(tok[0])) {
		return false;
	}
	if (n >= 1 && strcmp(tok[0], "\\#") == 0) {
		return generic(tok, n, out);
	}
	switch (type) {
	case T_RRSIG:
	case T_SIG:
		if (n < 9) {
			return false;
		}
		fields(tok, 4, out);
		tb_puts(out, " (" CONT);
		fields(tok + 4, 4, out);
		chunks(tok, 8, n, true, out);
		break;
	case T_DNSKEY:
	case T_CDNSKEY:
	case T_KEY: {
		if (n < 3 || len < 4) {
			return false;
		}
		fields(tok, 3, out);
		tb_puts(out, " (");
		chunks(tok, 3, n, false, out);
		tb_puts(out, CONT ")");
		const char *an = alg_name(rdata[3]);
		/* KEY gets no KSK/ZSK word and no space: ");" */
		if (type != T_KEY) {
			tb_puts(out, (rdata[1] & 1) ? " ; KSK" : " ; ZSK");
		}
		tb_putc(out, ';');
		if (an != NULL) {
			tb_printf(out, " alg = %s ;", an);
		} else {
			tb_printf(out, " alg = %u ;", rdata[3]);
		}
		tb_printf(out, " key id = %u", dump_key_tag(rdata, len));
		break;
	}
	case T_DS:
	case T_CDS:
	case T_TLSA:
	case T_SMIMEA:
		if (n < 4) {
			return false;
		}
		fields(tok, 3, out);
		tb_puts(out, " (");
		chunks(tok, 3, n, true, out);
		break;
	case T_SSHFP:
		if (n < 3) {
			return false;
		}
		fields(tok, 2, out);
		tb_puts(out, " (");
		chunks(tok, 2, n, true, out);
		break;
	case T_NSEC3:
		if (n < 5) {
			return false;
		}
		fields(tok, 4, out);
		tb_puts(out, " (" CONT);
		tb_puts(out, tok[4]);
		if (n > 5) {
			/* the type bitmap, when there is one */
			tb_puts(out, CONT);
			fields(tok + 5, n - 5, out);
		}
		tb_puts(out, " )");
		break;
	default:
		done = false;
		break;
	}
	return done;
}
