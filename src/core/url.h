/*
 * url.h - percent-decoding and query strings.
 */
#ifndef STEWARD_URL_H
#define STEWARD_URL_H

#include <stdbool.h>
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
 * Parse "a=1&b=2" (without the '?'). Values are decoded; invalid UTF-8 is
 * kept for the caller to reject, and a value that does not decode (a bad
 * escape, or %00) is kept as NULL. Pairs whose name does not decode are
 * skipped.
 */
void		 query_parse(struct arena *a, const char *qs, struct query *q);

/* Value of the first parameter called name, or NULL (absent, or not
 * decodable: see query_malformed()). */
const char	*query_get(const struct query *q, const char *name);
/* Whether the first parameter called name has a value that did not
 * decode. */
bool		 query_malformed(const struct query *q, const char *name);

#endif
