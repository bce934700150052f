/*
 * page.c - keyset paging and cursors; see page.h.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/page.h"
#include "core/text.h"

#define SEP	'\x1f'

void
page_first(struct page *pg, size_t limit)
{
	assert(limit >= 1);
	memset(pg, 0, sizeof(*pg));
	pg->limit = limit;
}

struct page *
page_all(struct page *pg)
{
	page_first(pg, PAGE_ALL);
	return (pg);
}

bool
page_cursor_parse(struct page *pg, struct arena *a, const char *text,
    size_t nkeys)
{
	unsigned char	*raw;
	size_t		 tlen, len, i, n;
	char		*s, *p, *sep;

	assert(nkeys >= 1 && nkeys <= PAGE_KEYS_MAX);
	tlen = strlen(text);
	if (tlen == 0 || tlen > PAGE_CURSOR_MAX)
		return (false);
	raw = arena_alloc(a, tlen + 1);
	if (sodium_base642bin(raw, tlen + 1, text, tlen, NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return (false);
	s = arena_strndup(a, (const char *)raw, len);
	if (strlen(s) != len || !utf8_valid(s, len))
		return (false);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != SEP)
			return (false);
	for (n = 0, p = s; n < nkeys; n++) {
		sep = strchr(p, SEP);
		if ((sep == NULL) != (n == nkeys - 1))
			return (false);
		if (sep != NULL)
			*sep = '\0';
		pg->after[n] = p;
		p = sep != NULL ? sep + 1 : p + strlen(p);
	}
	pg->nafter = nkeys;
	return (true);
}

char *
page_cursor(const struct page *pg, struct arena *a)
{
	char	*raw, *out;
	size_t	 len, olen, i;

	if (!pg->more)
		return (NULL);
	assert(pg->nnext >= 1 && pg->nnext <= PAGE_KEYS_MAX);
	for (len = 0, i = 0; i < pg->nnext; i++)
		len += strlen(pg->next[i]) + 1;
	raw = arena_alloc(a, len);
	for (len = 0, i = 0; i < pg->nnext; i++) {
		if (i > 0)
			raw[len++] = SEP;
		memcpy(raw + len, pg->next[i], strlen(pg->next[i]));
		len += strlen(pg->next[i]);
	}
	olen = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	out = arena_alloc(a, olen);
	sodium_bin2base64(out, olen, (const unsigned char *)raw, len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return (out);
}

bool
page_after_int(const struct page *pg, size_t i, int64_t *out)
{
	char		*end;
	long long	 v;

	if (i >= pg->nafter || pg->after[i][0] == '\0')
		return (false);
	errno = 0;
	v = strtoll(pg->after[i], &end, 10);
	if (*end != '\0' || errno != 0)
		return (false);
	*out = v;
	return (true);
}

void
page_set_next(struct page *pg, size_t n, const char *const *keys)
{
	size_t	i;

	assert(n >= 1 && n <= PAGE_KEYS_MAX);
	pg->more = true;
	pg->nnext = n;
	for (i = 0; i < n; i++)
		pg->next[i] = keys[i] != NULL ? keys[i] : "";
}

void
page_slice(struct page *pg, size_t nrows,
    const char *(*key)(size_t i, const void *ctx), const void *ctx,
    size_t *first, size_t *count)
{
	const char	*k;
	size_t		 i = 0;

	if (pg->nafter > 0)
		while (i < nrows && strcmp(key(i, ctx), pg->after[0]) <= 0)
			i++;
	*first = i;
	*count = nrows - i < pg->limit ? nrows - i : pg->limit;
	pg->more = false;
	if (i + *count < nrows) {
		k = key(i + *count - 1, ctx);
		page_set_next(pg, 1, &k);
	}
}
