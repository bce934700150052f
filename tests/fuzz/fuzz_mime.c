/*
 * fuzz_mime.c - the MIME writer (core/mime.c): headers, encoded words,
 * whole messages, and the mailbox parser.
 *
 * Input: NUL-separated parts: sender name, sender address, recipient
 * name, recipient address, subject, message id, text, HTML, one more
 * header value and a --mail-from style mailbox. The addresses are what
 * valid_email() keeps (callers send to validated addresses only), else a
 * fixed one. Checks:
 *  - every byte written is 7-bit (but for an address's local part that
 *    is not ASCII: RFC 6532), CR and LF only ever come as CRLF, and no
 *    line is longer than 998 characters (RFC 5322);
 *  - nothing a value holds starts a header: in the header block every
 *    line is one of the headers written, in order, or a continuation
 *    line starting with a space;
 *  - a header of printable ASCII without "=?" keeps its words (unfolding
 *    gives the value back); encoded words decode to the value with its
 *    control characters as spaces;
 *  - the two parts' base64 decodes to the text and HTML;
 *  - mime_parse_mailbox() gives an address with one '@', no space or
 *    control character, and a name without control characters.
 */
#include "fuzz.h"

#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/mime.h"
#include "core/valid.h"

#define NPARTS	10

FUZZ_SETUP(if (sodium_init() < 0) abort())

/* 7-bit (unless eight_bit), CRLF only, lines of at most 998 characters. */
static void
check_lines(const char *s, size_t len, bool eight_bit)
{
	size_t	i, col = 0;

	for (i = 0; i < len; i++) {
		FUZZ_CHECK(((unsigned char)s[i] < 0x80 || eight_bit) &&
		    s[i] != '\0');
		if (s[i] == '\r') {
			FUZZ_CHECK(i + 1 < len && s[i + 1] == '\n');
			continue;
		}
		if (s[i] == '\n') {
			FUZZ_CHECK(i > 0 && s[i - 1] == '\r');
			FUZZ_CHECK(col <= 998);
			col = 0;
			continue;
		}
		col++;
	}
}

/* The header block's lines start with the names, in order. */
static void
check_headers(const char *s, const char *const *names)
{
	const char	*line = s, *eol;
	size_t		 k = 0;

	for (;;) {
		eol = strstr(line, "\r\n");
		FUZZ_CHECK(eol != NULL);
		if (eol == line)
			break;		/* the blank line: end of headers */
		if (*line == ' ')
			FUZZ_CHECK(k > 0);
		else {
			FUZZ_CHECK(names[k] != NULL);
			FUZZ_CHECK(strncmp(line, names[k], strlen(names[k])) ==
			    0 && line[strlen(names[k])] == ':');
			k++;
		}
		line = eol + 2;
	}
	FUZZ_CHECK(names[k] == NULL);
}

/* value with control characters as spaces, as mime_header writes it. */
static char *
cleaned(const char *v)
{
	char	*c = fuzz_str((const uint8_t *)v, strlen(v));
	size_t	 i;

	for (i = 0; c[i] != '\0'; i++)
		if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f)
			c[i] = ' ';
	return (c);
}

/* Unfold one header's value and decode its encoded words. */
static void
check_header_value(const char *v)
{
	struct buf	 b = BUF_INIT, got = BUF_INIT;
	unsigned char	 bin[128];
	const char	*p, *end, *q;
	char		*want, *text;
	size_t		 binlen;
	bool		 encoded;

	mime_header(&b, "X-Test", v);
	buf_addc(&b, '\0');
	check_lines(b.data, b.len - 1, false);
	want = cleaned(v);
	p = b.data + strlen("X-Test: ");
	encoded = strncmp(p, "=?UTF-8?B?", 10) == 0 && *want != '\0';
	end = b.data + b.len - 3;	/* before the final CRLF */
	FUZZ_CHECK(strcmp(end, "\r\n") == 0);
	if (!encoded) {
		/* Folding puts CRLF before a space: unfolding removes it. */
		for (; p < end; p++) {
			if (p[0] == '\r' && p[1] == '\n') {
				p++;
				continue;
			}
			buf_addc(&got, *p);
		}
		buf_addc(&got, '\0');
		FUZZ_CHECK(strcmp(got.data, want) == 0);
	} else {
		while (p < end) {
			FUZZ_CHECK(strncmp(p, "=?UTF-8?B?", 10) == 0);
			p += 10;
			q = strstr(p, "?=");
			FUZZ_CHECK(q != NULL);
			FUZZ_CHECK(sodium_base642bin(bin, sizeof(bin), p,
			    (size_t)(q - p), NULL, &binlen, NULL,
			    sodium_base64_VARIANT_ORIGINAL) == 0);
			buf_add(&got, bin, binlen);
			p = q + 2;
			if (p < end) {
				FUZZ_CHECK(strncmp(p, "\r\n ", 3) == 0);
				p += 3;
			}
		}
		buf_addc(&got, '\0');
		FUZZ_CHECK(strcmp(got.data, want) == 0);
	}
	(void)text;
	free(want);
	buf_free(&got);
	buf_free(&b);
}

/* The stored form of an address when valid, else a fixed address. */
static const char *
address(struct arena *a, const char *in, bool *ascii)
{
	struct err	 e;
	char		*out, *norm;
	const char	*p;

	err_clear(&e);
	if (valid_email(a, &e, "email", in, &out, &norm) != ST_OK)
		return ("noreply@example.com");
	for (p = out; *p != '@'; p++)
		if ((unsigned char)*p >= 0x80)
			*ascii = false;
	return (out);
}

/* The base64 part after `ctype` decodes to body. */
static void
check_part(const char *msg, const char *ctype, const char *body)
{
	struct buf	 got = BUF_INIT;
	unsigned char	 bin[64];
	const char	*p, *eol;
	size_t		 binlen;

	/* After the headers: the subject may say "Content-Type" too. */
	p = strstr(msg, "\r\n\r\n");
	FUZZ_CHECK(p != NULL);
	p = strstr(p, ctype);
	FUZZ_CHECK(p != NULL);
	p = strstr(p, "\r\n\r\n");
	FUZZ_CHECK(p != NULL);
	for (p += 4; *p != '\r' && *p != '\0'; p = eol + 2) {
		eol = strstr(p, "\r\n");
		FUZZ_CHECK(eol != NULL && eol - p <= 76);
		FUZZ_CHECK(sodium_base642bin(bin, sizeof(bin), p,
		    (size_t)(eol - p), NULL, &binlen, NULL,
		    sodium_base64_VARIANT_ORIGINAL) == 0);
		buf_add(&got, bin, binlen);
	}
	buf_addc(&got, '\0');
	FUZZ_CHECK(strcmp(got.data, body) == 0);
	buf_free(&got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "From", "To", "Subject", "Date",
	    "Message-ID", "MIME-Version", "Content-Type", NULL };
	struct arena	 a;
	struct buf	 b = BUF_INIT;
	struct mime_msg	 m;
	struct mailbox	 mb;
	char		*part[NPARTS];
	const char	*p;
	bool		 ascii = true;

	fuzz_parts(data, size, part, NPARTS);
	arena_init(&a, 0);
	memset(&m, 0, sizeof(m));
	m.from.name = part[0];
	m.from.addr = address(&a, part[1], &ascii);
	m.to.name = part[2];
	m.to.addr = address(&a, part[3], &ascii);
	m.subject = part[4];
	m.message_id = part[5];
	m.text = part[6];
	m.html = part[7];
	m.date = (int64_t)(size * 86400 * 13) % 4102444800LL;
	mime_message(&b, &m);
	buf_addc(&b, '\0');
	check_lines(b.data, b.len - 1, !ascii);
	check_headers(b.data, names);
	check_part(b.data, "Content-Type: text/plain", m.text);
	check_part(b.data, "Content-Type: text/html", m.html);
	check_header_value(part[8]);
	check_header_value(part[4]);
	if (mime_parse_mailbox(&a, part[9], &mb)) {
		FUZZ_CHECK(mb.addr != NULL && mb.name != NULL);
		p = strchr(mb.addr, '@');
		FUZZ_CHECK(p != NULL && p != mb.addr && p[1] != '\0' &&
		    strchr(p + 1, '@') == NULL);
		for (p = mb.addr; *p != '\0'; p++)
			FUZZ_CHECK((unsigned char)*p > 0x20 &&
			    (unsigned char)*p < 0x7f);
		for (p = mb.name; *p != '\0'; p++)
			FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
		FUZZ_CHECK(strcmp(mime_domain(mb.addr),
		    strchr(mb.addr, '@') + 1) == 0);
	}
	buf_free(&b);
	arena_free(&a);
	fuzz_free_parts(part, NPARTS);
	return (0);
}
