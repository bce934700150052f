/*
 * text.c - UTF-8 checks and normalisation; see text.h.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <uninorm.h>

#include "core/arena.h"
#include "core/text.h"

size_t
utf8_seq_len(const unsigned char *p, size_t avail)
{
	unsigned char	c;

	if (avail == 0)
		return (0);
	c = p[0];
	if (c < 0x80)
		return (1);
	if (c >= 0xc2 && c <= 0xdf) {
		if (avail < 2 || (p[1] & 0xc0) != 0x80)
			return (0);
		return (2);
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (avail < 3 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80)
			return (0);
		if (c == 0xe0 && p[1] < 0xa0)		/* overlong */
			return (0);
		if (c == 0xed && p[1] >= 0xa0)		/* surrogates */
			return (0);
		return (3);
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (avail < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return (0);
		if (c == 0xf0 && p[1] < 0x90)		/* overlong */
			return (0);
		if (c == 0xf4 && p[1] >= 0x90)		/* > U+10FFFF */
			return (0);
		return (4);
	}
	return (0);
}

bool
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n;

	for (i = 0; i < len; i += n) {
		n = utf8_seq_len(p + i, len - i);
		if (n == 0)
			return (false);
	}
	return (true);
}

size_t
utf8_chars(const char *s, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return (n);
}

bool
text_has_control(const char *s, size_t len, bool allow_newlines)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f) {
			if (allow_newlines && (p[i] == '\n' || p[i] == '\t' ||
			    p[i] == '\r'))
				continue;
			return (true);
		}
		/* C1 controls U+0080..U+009F are encoded C2 80..C2 9F. */
		if (p[i] == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f)
			return (true);
		/* U+2028, U+2029: E2 80 A8/A9. */
		if (p[i] == 0xe2 && i + 2 < len && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9))
			return (true);
	}
	return (false);
}

bool
text_has_bidi_control(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i + 2 < len; i++) {
		if (p[i] != 0xe2)
			continue;
		/* U+202A..U+202E: E2 80 AA..AE; U+2066..U+2069: E2 81 A6..A9. */
		if (p[i + 1] == 0x80 && p[i + 2] >= 0xaa && p[i + 2] <= 0xae)
			return (true);
		if (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)
			return (true);
	}
	return (false);
}

/* Width of white space at p: ASCII space/tab/newlines, NBSP, U+3000. */
static size_t
space_len(const char *p, size_t avail)
{
	const unsigned char	*u = (const unsigned char *)p;

	if (avail >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' ||
	    u[0] == '\r' || u[0] == '\v' || u[0] == '\f'))
		return (1);
	if (avail >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return (2);
	if (avail >= 3 && u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return (3);
	return (0);
}

bool
text_is_blank(const char *s)
{
	size_t	len, n;

	if (s == NULL)
		return (true);
	len = strlen(s);
	while (len > 0) {
		n = space_len(s, len);
		if (n == 0)
			return (false);
		s += n;
		len -= n;
	}
	return (true);
}

char *
text_trim(struct arena *a, const char *s)
{
	size_t		 len, n, i, last_end;

	if (s == NULL)
		return (NULL);
	len = strlen(s);
	while (len > 0 && (n = space_len(s, len)) > 0) {
		s += n;
		len -= n;
	}
	/* Scan forward remembering where the last non-space ended. */
	last_end = 0;
	for (i = 0; i < len;) {
		n = space_len(s + i, len - i);
		if (n > 0) {
			i += n;
			continue;
		}
		n = utf8_seq_len((const unsigned char *)s + i, len - i);
		if (n == 0)
			n = 1;
		i += n;
		last_end = i;
	}
	return (arena_strndup(a, s, last_end));
}

char *
text_fold(struct arena *a, const char *s)
{
	uint8_t	*r;
	size_t	 rlen = 0, i;
	char	*out;

	if (s == NULL)
		return (NULL);
	/* ASCII folds to its lower case (NFKC leaves ASCII as it is, and
	 * case folding maps only A-Z there): no need for libunistring. */
	for (i = 0; s[i] != '\0' && (unsigned char)s[i] < 0x80; i++)
		;
	if (s[i] == '\0') {
		out = arena_strndup(a, s, i);
		for (i = 0; out[i] != '\0'; i++)
			if (out[i] >= 'A' && out[i] <= 'Z')
				out[i] = (char)(out[i] - 'A' + 'a');
		return (out);
	}
	if (!utf8_valid(s, strlen(s)))
		return (NULL);
	r = u8_casefold((const uint8_t *)s, strlen(s), NULL, UNINORM_NFKC,
	    NULL, &rlen);
	if (r == NULL)
		return (NULL);
	out = arena_strndup(a, (const char *)r, rlen);
	free(r);
	return (out);
}

char *
text_lower_ascii(struct arena *a, const char *s)
{
	char	*p, *q;

	p = arena_strdup(a, s);
	for (q = p; q != NULL && *q != '\0'; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return (p);
}

char *
text_upper_ascii(struct arena *a, const char *s)
{
	char	*p, *q;

	p = arena_strdup(a, s);
	for (q = p; q != NULL && *q != '\0'; q++)
		if (*q >= 'a' && *q <= 'z')
			*q = (char)(*q - 'a' + 'A');
	return (p);
}
