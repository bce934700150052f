/*
 * csv.c - RFC 4180 CSV reader; see csv.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"

void
csv_init(struct csv *c, const char *data, size_t len)
{
	c->p = data;
	c->end = data + len;
	c->line = 1;
	c->next_line = 1;
	c->error[0] = '\0';
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		c->p += 3;
}

int
csv_row(struct csv *c, struct arena *a, char ***fields, size_t *n)
{
	struct buf	 f = BUF_INIT;
	char		**list = NULL, **grown;
	size_t		 cap = 0, count = 0;
	int		 quoted, rc = 1;

	/* Skip blank lines. */
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\n')
			c->next_line++;
		c->p++;
	}
	if (c->p >= c->end)
		return (0);
	c->line = c->next_line;
	for (;;) {
		buf_reset(&f);
		quoted = 0;
		if (c->p < c->end && *c->p == '"') {
			quoted = 1;
			c->p++;
			for (;;) {
				if (c->p >= c->end) {
					snprintf(c->error, sizeof(c->error),
					    "line %zu: a quoted field is never "
					    "closed", c->line);
					rc = -1;
					goto out;
				}
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						buf_addc(&f, '"');
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n')
					c->next_line++;
				buf_addc(&f, *c->p++);
			}
		}
		while (c->p < c->end && *c->p != ',' && *c->p != '\n' &&
		    *c->p != '\r') {
			if (quoted) {
				snprintf(c->error, sizeof(c->error),
				    "line %zu: text after a closing quote",
				    c->line);
				rc = -1;
				goto out;
			}
			buf_addc(&f, *c->p++);
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(list, cap * sizeof(*list));
			if (grown == NULL)
				steward_oom(cap * sizeof(*list));
			list = grown;
		}
		list[count++] = arena_strndup(a, f.data, f.len);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		/* End of row. */
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n') {
			c->p++;
			c->next_line++;
		}
		break;
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
