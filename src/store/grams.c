/*
 * grams.c - character and pair grams; see grams.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/text.h"
#include "store/grams.h"

/* Length of the UTF-8 character at p (1 for a stray byte). */
static int
clen(const char *p, int left)
{
	size_t	n = utf8_seq_len((const unsigned char *)p, (size_t)left);

	return (n == 0 ? 1 : (int)n);
}

static int
grams_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	(void)argc;
	/* Stateless: any non-NULL handle will do. */
	*out = (Fts5Tokenizer *)(uintptr_t)1;
	return (SQLITE_OK);
}

static void
grams_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int
grams_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
    int len, int (*token)(void *, int, const char *, int, int, int))
{
	int	i, a, b, rc = SQLITE_OK, chars = 0;

	(void)t;
	if (flags & FTS5_TOKENIZE_QUERY) {
		/* A query is one gram: a character, or a pair. */
		for (i = 0; i < len && chars <= 2; i += clen(text + i, len - i))
			chars++;
		if (chars == 1 || chars == 2)
			return (token(ctx, 0, text, len, 0, len));
		return (SQLITE_OK);
	}
	for (i = 0; i < len && rc == SQLITE_OK; i += a) {
		a = clen(text + i, len - i);
		if (text[i] == '\n')
			continue;
		rc = token(ctx, 0, text + i, a, i, i + a);
		if (rc != SQLITE_OK || i + a >= len || text[i + a] == '\n')
			continue;
		b = clen(text + i + a, len - i - a);
		rc = token(ctx, FTS5_TOKEN_COLOCATED, text + i, a + b, i,
		    i + a + b);
	}
	return (rc);
}

int
grams_register(sqlite3 *db)
{
	static fts5_tokenizer	 tok = { grams_create, grams_delete,
				     grams_tokenize };
	fts5_api		*api = NULL;
	sqlite3_stmt		*st = NULL;
	int			 rc;

	rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return (rc);
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	(void)sqlite3_step(st);
	sqlite3_finalize(st);
	if (api == NULL)
		return (SQLITE_ERROR);
	return (api->xCreateTokenizer(api, "steward_grams", NULL, &tok, NULL));
}

static void
array_elem(struct buf *b, const char *p, size_t len)
{
	size_t	i;

	if (b->len > 1)
		buf_addc(b, ',');
	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		if (p[i] == '"' || p[i] == '\\')
			buf_addc(b, '\\');
		buf_addc(b, p[i]);
	}
	buf_addc(b, '"');
}

static int
cmp_str(const void *x, const void *y)
{
	return (strcmp(*(char *const *)x, *(char *const *)y));
}

/*
 * The grams of text from `from` to `upto` characters long into g[*n...]
 * (room for upto a character); none spans a '\n'.
 */
static void
grams_of(struct arena *a, const char *text, int from, int upto, char **g,
    size_t *n)
{
	int	len = (int)strlen(text), p, q, k, c;

	for (p = 0; p < len; p += clen(text + p, len - p)) {
		if (text[p] == '\n')
			continue;
		for (q = p, k = 1; k <= upto && q < len && text[q] != '\n';
		    k++) {
			c = clen(text + q, len - q);
			q += c;
			if (k >= from)
				g[(*n)++] = arena_strndup(a, text + p,
				    (size_t)(q - p));
		}
	}
}

/* g[0..n) sorted, without repeats, as an array literal. */
static char *
array_of(struct arena *a, char **g, size_t n)
{
	struct buf	b = BUF_INIT;
	size_t		i, k;

	qsort(g, n, sizeof(*g), cmp_str);
	buf_addc(&b, '{');
	for (i = 0; i < n; i = k) {
		array_elem(&b, g[i], strlen(g[i]));
		for (k = i + 1; k < n && strcmp(g[k], g[i]) == 0; k++)
			;
	}
	buf_addc(&b, '}');
	return (buf_to_arena(&b, a));
}

char *
grams_pg_array(struct arena *a, const char *text)
{
	char	**g;
	size_t	  n = 0;

	g = arena_calloc(a, strlen(text) * 2 + 1, sizeof(*g));
	grams_of(a, text, 1, 2, g, &n);
	return (array_of(a, g, n));
}

char *
grams_pg_block(struct arena *a, const char *const *texts, size_t n)
{
	char	**g;
	size_t	  i, len = 0, k = 0;

	for (i = 0; i < n; i++)
		len += strlen(texts[i]);
	g = arena_calloc(a, len * 3 + 1, sizeof(*g));
	for (i = 0; i < n; i++)
		grams_of(a, texts[i], 1, 3, g, &k);
	return (array_of(a, g, k));
}

char *
grams_pg_need(struct arena *a, const char *find)
{
	char	**g;
	size_t	  n = 0;

	if (utf8_chars(find, strlen(find)) <= 2)
		return (grams_pg_query(a, find));
	g = arena_calloc(a, strlen(find) + 1, sizeof(*g));
	grams_of(a, find, 3, 3, g, &n);
	return (array_of(a, g, n));
}

char *
grams_pg_query(struct arena *a, const char *find)
{
	struct buf	b = BUF_INIT;

	buf_addc(&b, '{');
	array_elem(&b, find, strlen(find));
	buf_addc(&b, '}');
	return (buf_to_arena(&b, a));
}
