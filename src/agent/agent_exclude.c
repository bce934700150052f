/*
 * agent_exclude.c - see agent_exclude.h.
 */
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent_exclude.h"

/*
 * The entry as a pattern for this system into out, or false when it can
 * never match here.
 */
static bool
expand(const char *pat, char *out, size_t len)
{
	char		 var[256];
	const char	*val, *rest;
	size_t		 n;
	int		 w;

	if (pat[0] == '~' && (pat[1] == '\0' || pat[1] == '/')) {
		if ((val = getenv("HOME")) == NULL || *val == '\0')
			return (false);
		rest = pat + 1;
	} else if (pat[0] == '$') {
		rest = pat + 1;
		if (*rest == '{') {
			rest++;
			n = strcspn(rest, "}");
			if (rest[n] != '}')
				return (false);
		} else
			n = strspn(rest, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "abcdefghijklmnopqrstuvwxyz0123456789_");
		if (n == 0 || n >= sizeof(var))
			return (false);
		memcpy(var, rest, n);
		var[n] = '\0';
		rest += n;
		if (*rest == '}')
			rest++;
		if ((val = getenv(var)) == NULL || *val == '\0')
			return (false);
	} else if (pat[0] == '/' || pat[0] == '*') {
		val = "";
		rest = pat;
	} else
		return (false);	/* Windows forms */
	if (pat[0] == '/' && pat[1] == '/')
		return (false);	/* "//server/share" */
	w = snprintf(out, len, "%s%s", val, rest);
	if (w < 0 || (size_t)w >= len)
		return (false);
	n = strlen(out);
	while (n > 1 && out[n - 1] == '/')
		out[--n] = '\0';
	return (out[0] != '\0');
}

static bool
one(const char *pat, const char *path)
{
	char		 p[PATH_MAX], cut[PATH_MAX];
	const char	*c, *start;
	size_t		 plen, n;
	bool		 glob;

	if (!expand(pat, p, sizeof(p)))
		return (false);
	glob = strpbrk(p, "*?[") != NULL;
	if (!glob) {
		plen = strlen(p);
		if (strcmp(p, "/") == 0)
			return (path[0] == '/');
		return (strncmp(path, p, plen) == 0 &&
		    (path[plen] == '\0' || path[plen] == '/'));
	}
	if (strchr(p, '/') == NULL) {
		/* Each component of the path. */
		for (start = path; *start != '\0'; start = c) {
			while (*start == '/')
				start++;
			if (*start == '\0')
				break;
			c = start + strcspn(start, "/");
			n = (size_t)(c - start);
			if (n >= sizeof(cut))
				continue;
			memcpy(cut, start, n);
			cut[n] = '\0';
			if (fnmatch(p, cut, 0) == 0)
				return (true);
		}
		return (false);
	}
	/* The path and every directory above it. */
	if (fnmatch(p, path, 0) == 0)
		return (true);
	for (c = path + 1; *c != '\0'; c++) {
		if (*c != '/')
			continue;
		n = (size_t)(c - path);
		if (n >= sizeof(cut))
			break;
		memcpy(cut, path, n);
		cut[n] = '\0';
		if (fnmatch(p, cut, 0) == 0)
			return (true);
	}
	return (false);
}

bool
exclude_match(const char *const *pats, size_t n, const char *path)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (pats[i] != NULL && one(pats[i], path))
			return (true);
	}
	return (false);
}
