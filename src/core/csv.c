/*
 * csv.c - RFC 4180 CSV reader and cell writer; see csv.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"

#define BOM	"\xef\xbb\xbf"

void
csv_init(struct csv *c, const char *data, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->p = c->start = data;
	c->end = data + len;
	c->line = 1;
	c->next_line = 1;
	c->fd = -1;
	c->row_max = SIZE_MAX;
	c->eof = true;
	if (len >= 3 && memcmp(data, BOM, 3) == 0)
		c->p += 3;
}

/*
 * Make at least want bytes readable at c->p unless the text ends first,
 * reading more of the file behind what is still unread; whether they are.
 */
static bool
csv_more(struct csv *c, size_t want)
{
	size_t	have = (size_t)(c->end - c->p);
	ssize_t	n;

	if (have >= want)
		return (true);
	if (c->eof)
		return (false);
	memmove(c->buf, c->p, have);
	c->base += (size_t)(c->p - c->buf);
	c->p = c->buf;
	c->end = c->buf + have;
	while (have < want && !c->eof) {
		n = read(c->fd, c->buf + have, c->bufsize - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0)
				c->read_errno = errno;
			c->eof = true;
			break;
		}
		have += (size_t)n;
		c->end = c->buf + have;
	}
	return (have >= want);
}

/* Whether a byte is there to read at c->p. */
#define AVAIL(c)	((c)->p < (c)->end || csv_more((c), 1))

void
csv_init_fd(struct csv *c, int fd, size_t bufsize)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->bufsize = bufsize == 0 ? CSV_BUF_SIZE : bufsize < 4 ? 4 : bufsize;
	if ((c->buf = malloc(c->bufsize)) == NULL)
		steward_oom(c->bufsize);
	c->p = c->end = c->start = c->buf;
	c->line = 1;
	c->next_line = 1;
	c->row_max = CSV_ROW_MAX;
	if (csv_more(c, 3) && memcmp(c->p, BOM, 3) == 0)
		c->p += 3;
}

void
csv_close(struct csv *c)
{
	free(c->buf);
	c->buf = NULL;
	c->p = c->end = c->start = NULL;
	c->eof = true;
}

unsigned long long
csv_offset(const struct csv *c)
{
	return (c->base + (unsigned long long)(c->p - c->start));
}

/* Fail the row being read: -1 with the message. */
static int
csv_fail(struct csv *c, const char *what)
{
	if (c->read_errno != 0)
		snprintf(c->error, sizeof(c->error), "line %zu: cannot read "
		    "the file: %s", c->line, strerror(c->read_errno));
	else
		snprintf(c->error, sizeof(c->error), "line %zu: %s", c->line,
		    what);
	return (-1);
}

/* Append len bytes to field f if the row stays within its limit. */
static bool
field_add(const struct csv *c, struct buf *f, size_t *rowlen, const char *s,
    size_t len)
{
	if (len > c->row_max - *rowlen)
		return (false);
	*rowlen += len;
	buf_add(f, s, len);
	return (true);
}

int
csv_row(struct csv *c, struct arena *a, char ***fields, size_t *n)
{
	struct buf	 f = BUF_INIT;
	char		**list = NULL, **grown;
	const char	*q, *stop, *nl;
	char		 toolong[48];
	size_t		 cap = 0, count = 0, rowlen = 0;
	int		 quoted, rc = 1;

	c->nul_field = 0;
	snprintf(toolong, sizeof(toolong), "a row is longer than %zu bytes",
	    c->row_max);
	/* Skip blank lines. */
	while (AVAIL(c) && (*c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\n')
			c->next_line++;
		c->p++;
	}
	if (c->p >= c->end) {
		if (c->read_errno == 0)
			return (0);
		c->line = c->next_line;
		return (csv_fail(c, NULL));
	}
	c->line = c->next_line;
	for (;;) {
		buf_reset(&f);
		quoted = 0;
		if (AVAIL(c) && *c->p == '"') {
			quoted = 1;
			c->p++;
			for (;;) {
				if (!AVAIL(c)) {
					rc = csv_fail(c, "a quoted field is "
					    "never closed");
					goto out;
				}
				q = memchr(c->p, '"', (size_t)(c->end - c->p));
				stop = q != NULL ? q : c->end;
				for (nl = c->p; (nl = memchr(nl, '\n',
				    (size_t)(stop - nl))) != NULL; nl++)
					c->next_line++;
				if (!field_add(c, &f, &rowlen, c->p,
				    (size_t)(stop - c->p))) {
					rc = csv_fail(c, toolong);
					goto out;
				}
				c->p = stop;
				if (q == NULL)
					continue;
				/* At a quote: doubled, or the closing one. */
				if (csv_more(c, 2) && c->p[1] == '"') {
					if (!field_add(c, &f, &rowlen, "\"", 1)) {
						rc = csv_fail(c, toolong);
						goto out;
					}
					c->p += 2;
					continue;
				}
				c->p++;
				break;
			}
		}
		/* Unquoted text, or what follows a closing quote. */
		while (AVAIL(c)) {
			for (q = c->p; q < c->end && *q != ',' && *q != '\n' &&
			    *q != '\r'; q++)
				;
			if (q == c->p)
				break;
			if (quoted) {
				rc = csv_fail(c, "text after a closing quote");
				goto out;
			}
			if (!field_add(c, &f, &rowlen, c->p,
			    (size_t)(q - c->p))) {
				rc = csv_fail(c, toolong);
				goto out;
			}
			c->p = q;
		}
		/* The field's separator counts towards the row. */
		if (rowlen >= c->row_max) {
			rc = csv_fail(c, toolong);
			goto out;
		}
		rowlen++;
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(list, cap * sizeof(*list));
			if (grown == NULL)
				steward_oom(cap * sizeof(*list));
			list = grown;
		}
		if (c->nul_field == 0 && memchr(f.data, '\0', f.len) != NULL)
			c->nul_field = count + 1;
		list[count++] = arena_strndup(a, f.data, f.len);
		if (AVAIL(c) && *c->p == ',') {
			c->p++;
			continue;
		}
		/* End of row. */
		if (AVAIL(c) && *c->p == '\r')
			c->p++;
		if (AVAIL(c) && *c->p == '\n') {
			c->p++;
			c->next_line++;
		}
		break;
	}
	if (c->read_errno != 0) {
		rc = csv_fail(c, NULL);
		goto out;
	}
	*fields = arena_memdup(a, list, count * sizeof(*list));
	*n = count;
out:
	free(list);
	buf_free(&f);
	return (rc);
}

void
csv_write_cell(struct buf *b, const char *s, bool last)
{
	const char	*p;
	bool		 quote;

	if (s == NULL)
		s = "";
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(b, '"');
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		buf_addc(b, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	if (quote)
		buf_addc(b, '"');
	buf_adds(b, last ? "\r\n" : ",");
}
