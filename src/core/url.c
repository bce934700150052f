/*
 * url.c - see url.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/url.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

char *
url_decode(struct arena *a, const char *s, size_t len, int plus_space)
{
	char	*out, *o;
	size_t	 i;
	int	 hi, lo;

	out = arena_alloc(a, len + 1);
	o = out;
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (i + 2 >= len)
				return (NULL);
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return (NULL);
			if (hi == 0 && lo == 0)
				return (NULL);
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '+' && plus_space)
			*o++ = ' ';
		else
			*o++ = s[i];
	}
	*o = '\0';
	return (out);
}

void
query_parse(struct arena *a, const char *qs, struct query *q)
{
	const char	*p, *amp, *eq;
	size_t		 count, len;
	char		*name, *value;

	q->params = NULL;
	q->n = 0;
	if (qs == NULL || *qs == '\0')
		return;
	count = 1;
	for (p = qs; *p != '\0'; p++)
		if (*p == '&')
			count++;
	q->params = arena_calloc(a, count, sizeof(*q->params));
	for (p = qs; p != NULL && *p != '\0'; p = amp ? amp + 1 : NULL) {
		amp = strchr(p, '&');
		len = amp ? (size_t)(amp - p) : strlen(p);
		if (len == 0)
			continue;
		eq = memchr(p, '=', len);
		if (eq != NULL) {
			name = url_decode(a, p, (size_t)(eq - p), 1);
			value = url_decode(a, eq + 1, len - (size_t)(eq - p) - 1,
			    1);
		} else {
			name = url_decode(a, p, len, 1);
			value = arena_strdup(a, "");
		}
		if (name == NULL)
			continue;
		/* A value that does not decode is kept as NULL, so the
		 * caller can say which parameter is wrong. */
		q->params[q->n].name = name;
		q->params[q->n].value = value;
		q->n++;
	}
}

const char *
query_get(const struct query *q, const char *name)
{
	size_t	i;

	for (i = 0; i < q->n; i++)
		if (strcmp(q->params[i].name, name) == 0)
			return (q->params[i].value);
	return (NULL);
}

bool
query_malformed(const struct query *q, const char *name)
{
	size_t	i;

	for (i = 0; i < q->n; i++)
		if (strcmp(q->params[i].name, name) == 0)
			return (q->params[i].value == NULL);
	return (false);
}
