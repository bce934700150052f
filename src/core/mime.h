/*
 * mime.h - Internet messages: RFC 5322 headers, RFC 2047 encoded words and
 * MIME multipart/alternative bodies (RFC 2045/2046), as sent by SMTP.
 *
 * Everything written here is 7-bit ASCII with CRLF line ends and lines of
 * at most 76 characters (headers are folded; bodies are base64), so any
 * SMTP server carries it unchanged. Header values are made safe: control
 * characters (CR and LF above all) become spaces, so text a user typed can
 * never add a header. Non-ASCII text in headers becomes UTF-8 "B" encoded
 * words split on character boundaries. An address's internationalised
 * domain is written in its ASCII form (IDNA, "xn--..."); a local part
 * that is not ASCII stays UTF-8 (RFC 6532: only servers that take
 * SMTPUTF8 deliver it).
 */
#ifndef STEWARD_MIME_H
#define STEWARD_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;

/* An address with an optional display name ("" or NULL for none). */
struct mailbox {
	const char	*name;
	const char	*addr;		/* local@domain, as valid_email keeps it */
};

/* What mime_message() writes. */
struct mime_msg {
	struct mailbox	 from;
	struct mailbox	 to;
	const char	*subject;	/* UTF-8 */
	const char	*message_id;	/* "<...@...>" */
	int64_t		 date;		/* Unix seconds */
	const char	*text;		/* text/plain part, UTF-8 */
	const char	*html;		/* text/html part, UTF-8 */
	const char	*boundary;	/* NULL: derived from message_id */
};

/*
 * Write "Name: value" CRLF. value is written as is when it is printable
 * ASCII (folded at spaces when long), else as RFC 2047 encoded words.
 */
void	mime_header(struct buf *b, const char *name, const char *value);
/*
 * Write "Name: display <addr>" CRLF, quoting or encoding the name, the
 * address's domain in ASCII form.
 */
void	mime_header_mailbox(struct buf *b, const char *name,
	    const struct mailbox *mb);
/* RFC 5322 date of t in UTC: "Tue, 07 Jan 2025 09:05:00 +0000". */
void	mime_date(int64_t t, char out[40]);
/* base64 of data in lines of 76 characters, each ending CRLF. */
void	mime_base64_lines(struct buf *b, const void *data, size_t len);
/* The whole message: headers, then text and HTML alternatives. */
void	mime_message(struct buf *b, const struct mime_msg *m);

/*
 * Parse "addr@domain" or "Display Name <addr@domain>" (what --mail-from
 * takes). The address must be printable ASCII with one '@' and something
 * on both sides. Results live in a. Returns false when it is not one.
 */
bool	mime_parse_mailbox(struct arena *a, const char *s,
	    struct mailbox *out);

/* The domain of an address ("example.com" of "a@example.com"). */
const char *mime_domain(const char *addr);

#endif
