/*
 * urlpath.c - URL paths and route patterns split into segments; see
 * urlpath.h.
 */
#include <assert.h>
#include <string.h>

#include "core/urlpath.h"

bool
urlpath_split(const char *s, struct urlpath *out)
{
	const char	*end;

	out->n = 0;
	if (s == NULL || *s != '/')
		return (false);
	for (;;) {
		s++;	/* past the '/' */
		if (out->n == URLPATH_SEGS) {
			out->n = 0;
			return (false);
		}
		end = strchrnul(s, '/');
		out->seg[out->n] = s;
		out->len[out->n] = (size_t)(end - s);
		out->n++;
		if (*end == '\0')
			return (true);
		s = end;
	}
}

bool
urlpath_is_param(const struct urlpath *p, size_t i)
{
	assert(i < p->n);
	return (p->len[i] >= 2 && p->seg[i][0] == '{' &&
	    p->seg[i][p->len[i] - 1] == '}');
}

bool
urlpath_match(const struct urlpath *pattern, const struct urlpath *path)
{
	size_t	i;

	if (pattern->n == 0 || pattern->n != path->n)
		return (false);
	for (i = 0; i < path->n; i++) {
		if (urlpath_is_param(pattern, i)) {
			if (path->len[i] == 0)
				return (false);
		} else if (pattern->len[i] != path->len[i] ||
		    memcmp(pattern->seg[i], path->seg[i], path->len[i]) != 0)
			return (false);
	}
	return (true);
}
