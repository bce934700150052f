/*
 * mime.c - Internet message headers and bodies; see mime.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <idn2.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/mime.h"

#define LINE_MAX_CHARS	76	/* RFC 2047 line limit for encoded words */
#define FOLD_AT		78	/* RFC 5322 recommended line length */
#define LINE_LIMIT	998	/* RFC 5322 longest line */

/* value with control characters (and DEL) turned into spaces. */
static char *
clean_copy(const char *s)
{
	char	*c;
	size_t	 i;

	c = strdup(s != NULL ? s : "");
	if (c == NULL)
		abort();
	for (i = 0; c[i] != '\0'; i++)
		if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f)
			c[i] = ' ';
	return (c);
}

static bool
printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return (false);
	return (true);
}

/* Length of the UTF-8 sequence starting with byte c (1 for bad bytes). */
static size_t
seq_len(unsigned char c)
{
	if (c >= 0xf0 && c <= 0xf4)
		return (4);
	if (c >= 0xe0)
		return (c <= 0xef ? 3 : 1);
	if (c >= 0xc2)
		return (2);
	return (1);
}

/*
 * Append value as encoded words, the first on a line already `used`
 * characters long; each line stays within LINE_MAX_CHARS.
 */
static void
encoded_words(struct buf *b, const char *v, size_t used)
{
	char	 out[128];
	size_t	 len = strlen(v), pos = 0, room, take, n;

	for (;;) {
		/* "=?UTF-8?B?" + base64 + "?=" is 12 characters of frame. */
		room = used + 12 < LINE_MAX_CHARS ?
		    (LINE_MAX_CHARS - used - 12) / 4 * 3 : 3;
		take = 0;
		while (pos + take < len) {
			n = seq_len((unsigned char)v[pos + take]);
			if (pos + take + n > len)
				n = len - pos - take;
			if (take + n > room)
				break;
			take += n;
		}
		if (take == 0)	/* a character longer than the room */
			take = seq_len((unsigned char)v[pos]);
		sodium_bin2base64(out, sizeof(out),
		    (const unsigned char *)v + pos, take,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, "=?UTF-8?B?%s?=", out);
		pos += take;
		if (pos >= len)
			break;
		buf_adds(b, "\r\n ");
		used = 1;
	}
}

/* Append printable ASCII, folding at spaces after FOLD_AT characters. */
static void
folded_ascii(struct buf *b, const char *v, size_t used)
{
	const char	*sp;
	size_t		 len;

	while ((len = strlen(v)) + used > FOLD_AT) {
		/* The last space that keeps this line short enough. */
		sp = NULL;
		for (size_t i = 1; i < len && used + i <= FOLD_AT; i++)
			if (v[i] == ' ')
				sp = v + i;
		if (sp == NULL) {
			/* No room: break at the first space, if any. */
			sp = strchr(v + 1, ' ');
			if (sp == NULL)
				break;
		}
		buf_add(b, v, (size_t)(sp - v));
		buf_adds(b, "\r\n");
		v = sp;		/* the space starts the continuation line */
		used = 0;
	}
	buf_adds(b, v);
}

/* Length of the longest run of s without a space. */
static size_t
longest_word(const char *s)
{
	size_t	n, max = 0;

	while (*s != '\0') {
		n = strcspn(s, " ");
		if (n > max)
			max = n;
		s += n;
		s += strspn(s, " ");
	}
	return (max);
}

void
mime_header(struct buf *b, const char *name, const char *value)
{
	char	*v;
	size_t	 used;

	v = clean_copy(value);
	buf_printf(b, "%s: ", name);
	used = strlen(name) + 2;
	/* A word too long for any line is split into encoded words. */
	if (printable_ascii(v) && strstr(v, "=?") == NULL &&
	    used + 1 + longest_word(v) <= LINE_LIMIT)
		folded_ascii(b, v, used);
	else
		encoded_words(b, v, used);
	buf_adds(b, "\r\n");
	free(v);
}

/* RFC 5322 atext, and space: what a display name may hold unquoted. */
static bool
plain_phrase(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr(" !#$%&'*+-/=?^_`{|}~",
		    *s) != NULL))
			return (false);
	return (true);
}

/*
 * addr (cleaned) with an internationalised domain in its ASCII form
 * ("a@xn--r8jz45g.jp" for "a@例え.jp"); the address as it is when its
 * domain is ASCII or does not convert. A new string.
 */
static char *
ascii_domain(char *addr)
{
	char	*at = strrchr(addr, '@'), *asc = NULL, *out;
	size_t	 llen;

	if (at == NULL || printable_ascii(at + 1) ||
	    idn2_to_ascii_8z(at + 1, &asc, IDN2_NONTRANSITIONAL |
	    IDN2_NFC_INPUT) != IDN2_OK)
		return (addr);
	llen = (size_t)(at - addr) + 1;
	if ((out = malloc(llen + strlen(asc) + 1)) == NULL)
		abort();
	memcpy(out, addr, llen);
	memcpy(out + llen, asc, strlen(asc) + 1);
	idn2_free(asc);
	free(addr);
	return (out);
}

void
mime_header_mailbox(struct buf *b, const char *name, const struct mailbox *mb)
{
	char		*v, *addr;
	const char	*p;
	size_t		 used;

	v = clean_copy(mb->name);
	addr = ascii_domain(clean_copy(mb->addr));
	buf_printf(b, "%s: ", name);
	used = strlen(name) + 2;
	if (*v == '\0')
		buf_printf(b, "%s", addr);
	else if (printable_ascii(v) && strstr(v, "=?") == NULL &&
	    used + 2 * strlen(v) + 2 + strlen(addr) + 3 <= LINE_LIMIT) {
		if (plain_phrase(v))
			buf_adds(b, v);
		else {
			buf_addc(b, '"');
			for (p = v; *p != '\0'; p++) {
				if (*p == '"' || *p == '\\')
					buf_addc(b, '\\');
				buf_addc(b, *p);
			}
			buf_addc(b, '"');
		}
		buf_printf(b, " <%s>", addr);
	} else {
		encoded_words(b, v, used);
		buf_printf(b, "\r\n <%s>", addr);
	}
	buf_adds(b, "\r\n");
	free(v);
	free(addr);
}

void
mime_date(int64_t t, char out[40])
{
	struct tm	tm;
	time_t		tt = (time_t)t;
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

	gmtime_r(&tt, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void
mime_base64_lines(struct buf *b, const void *data, size_t len)
{
	const unsigned char	*p = data;
	char			 out[80];
	size_t			 take;

	/* 57 bytes make one 76-character line. */
	while (len > 0) {
		take = len > 57 ? 57 : len;
		sodium_bin2base64(out, sizeof(out), p, take,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_adds(b, out);
		buf_adds(b, "\r\n");
		p += take;
		len -= take;
	}
}

static void
part(struct buf *b, const char *boundary, const char *ctype,
    const char *body)
{
	buf_printf(b, "--%s\r\n", boundary);
	buf_printf(b, "Content-Type: %s; charset=UTF-8\r\n", ctype);
	buf_adds(b, "Content-Transfer-Encoding: base64\r\n\r\n");
	mime_base64_lines(b, body, strlen(body));
}

void
mime_message(struct buf *b, const struct mime_msg *m)
{
	char		 date[40], bnd[80];
	const char	*p;
	size_t		 n = 0;

	if (m->boundary != NULL)
		snprintf(bnd, sizeof(bnd), "%s", m->boundary);
	else {
		/* "=_" never occurs in base64 or in these headers. */
		n = (size_t)snprintf(bnd, sizeof(bnd), "=_steward_");
		for (p = m->message_id; *p != '\0' && *p != '@' &&
		    n < sizeof(bnd) - 1; p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
			    *p <= 'Z') || (*p >= '0' && *p <= '9'))
				bnd[n++] = *p;
		bnd[n] = '\0';
	}
	mime_date(m->date, date);
	mime_header_mailbox(b, "From", &m->from);
	mime_header_mailbox(b, "To", &m->to);
	mime_header(b, "Subject", m->subject);
	mime_header(b, "Date", date);
	mime_header(b, "Message-ID", m->message_id);
	buf_adds(b, "MIME-Version: 1.0\r\n");
	buf_printf(b, "Content-Type: multipart/alternative;\r\n"
	    " boundary=\"%s\"\r\n", bnd);
	buf_adds(b, "\r\nThis is a message in MIME format.\r\n\r\n");
	part(b, bnd, "text/plain", m->text);
	buf_adds(b, "\r\n");
	part(b, bnd, "text/html", m->html);
	buf_printf(b, "\r\n--%s--\r\n", bnd);
}

bool
mime_parse_mailbox(struct arena *a, const char *s, struct mailbox *out)
{
	const char	*lt, *gt, *at, *p;
	char		*name, *addr;
	size_t		 nlen;

	out->name = "";
	out->addr = NULL;
	if (s == NULL)
		return (false);
	lt = strchr(s, '<');
	if (lt != NULL) {
		gt = strchr(lt, '>');
		if (gt == NULL || gt[1] != '\0')
			return (false);
		addr = arena_strndup(a, lt + 1, (size_t)(gt - lt - 1));
		nlen = (size_t)(lt - s);
		while (nlen > 0 && s[nlen - 1] == ' ')
			nlen--;
		while (nlen > 0 && *s == ' ') {
			s++;
			nlen--;
		}
		name = arena_strndup(a, s, nlen);
		if (nlen >= 2 && name[0] == '"' && name[nlen - 1] == '"') {
			name[nlen - 1] = '\0';
			name++;
		}
		for (p = name; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return (false);
	} else {
		addr = arena_strdup(a, s);
		name = arena_strdup(a, "");
	}
	at = strchr(addr, '@');
	if (at == NULL || at == addr || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL)
		return (false);
	for (p = addr; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("<>()[],;:\\\"", *p) != NULL)
			return (false);
	out->name = name;
	out->addr = addr;
	return (true);
}

const char *
mime_domain(const char *addr)
{
	const char	*at = strrchr(addr, '@');

	return (at != NULL ? at + 1 : addr);
}
