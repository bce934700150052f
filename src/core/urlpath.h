/*
 * urlpath.h - URL paths and route patterns split into their segments, so
 * that a request's path is split once and then compared with each route's
 * pattern segment by segment, rather than scanned again for every route.
 *
 * A path is "/" followed by segments separated by "/": "/api/v1/me" has
 * the three segments "api", "v1" and "me"; "/a//b/" has "a", "", "b" and
 * "". In a pattern, a segment written "{name}" is a parameter: it matches
 * any non-empty segment of a path.
 *
 * Ownership: a struct urlpath owns nothing. Its segments point into the
 * string it was split from, which must outlive it and stay unchanged.
 */
#ifndef STEWARD_CORE_URLPATH_H
#define STEWARD_CORE_URLPATH_H

#include <stdbool.h>
#include <stddef.h>

/* More segments than any route has: a longer path matches no route. */
#define URLPATH_SEGS	12

struct urlpath {
	size_t		 n;	/* segments; 0 when the split failed */
	const char	*seg[URLPATH_SEGS];
	size_t		 len[URLPATH_SEGS];
};

/*
 * Split s into out. Returns false, with out->n 0, when s is NULL, does
 * not start with "/" or has more than URLPATH_SEGS segments.
 */
bool	urlpath_split(const char *s, struct urlpath *out);

/* Whether segment i of pattern p is a parameter ("{name}"). */
bool	urlpath_is_param(const struct urlpath *p, size_t i);

/*
 * Whether path matches pattern: as many segments, each literal segment
 * equal (bytes, case included) and each parameter non-empty. A failed
 * split (n 0) matches nothing.
 */
bool	urlpath_match(const struct urlpath *pattern,
	    const struct urlpath *path);

#endif
