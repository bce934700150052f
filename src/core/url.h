/*
 * url.h - percent-decoding and query strings.
 */
#ifndef STEWARD_URL_H
#define STEWARD_URL_H

#include <stddef.h>

struct arena;

struct query_param {
	char	*name;
	char	*value;
};

struct query {
	struct query_param	*params;
	size_t			 n;
};

/*
 * Decode %XX escapes (and '+' as space when plus_space) into a new string.
 * Returns NULL for a malformed escape or a decoded NUL byte.
 */
char		*url_decode(struct arena *a, const char *s, size_t len,
		    int plus_space);

/*
 * Parse "a=1&b=2" (without the '?'). Malformed pairs are skipped. Values
 * are decoded; invalid UTF-8 is kept for the caller to reject.
 */
void		 query_parse(struct arena *a, const char *qs, struct query *q);

/* Value of the first parameter called name, or NULL. */
const char	*query_get(const struct query *q, const char *name);

#endif
