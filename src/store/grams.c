/*
 * grams.c - character and pair grams; see grams.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/hash.h"
#include "core/text.h"
#include "store/grams.h"

/* What no gram spans: a field separator, and what separates the records
 * of a search block (OMS_BLOCK_SEP). */
#define SEP(c)	((c) == '\n' || (c) == '\x1e')

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
		if (SEP(text[i]))
			continue;
		rc = token(ctx, 0, text + i, a, i, i + a);
		if (rc != SQLITE_OK || i + a >= len || SEP(text[i + a]))
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

/* Distinct strings, kept in an arena (open addressing, FNV-1a). */
struct gset {
	struct arena	 *a;
	char		**v;
	size_t		  cap;
	size_t		  n;
};

static void
gset_add(struct gset *s, const char *p, size_t len)
{
	char	**old = s->v;
	size_t	  ocap = s->cap, i, k;

	if (2 * (s->n + 1) > s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = arena_calloc(s->a, s->cap, sizeof(*s->v));
		for (k = 0; k < ocap; k++) {
			if (old[k] == NULL)
				continue;
			i = hash_bytes(old[k], strlen(old[k])) & (s->cap - 1);
			while (s->v[i] != NULL)
				i = (i + 1) & (s->cap - 1);
			s->v[i] = old[k];
		}
	}
	i = hash_bytes(p, len) & (s->cap - 1);
	for (; s->v[i] != NULL; i = (i + 1) & (s->cap - 1))
		if (strncmp(s->v[i], p, len) == 0 && s->v[i][len] == '\0')
			return;
	s->v[i] = arena_strndup(s->a, p, len);
	s->n++;
}

/* The grams of text from `from` to `upto` characters long into s; none
 * spans a separator. */
static void
grams_of(struct gset *s, const char *text, int from, int upto)
{
	int	len = (int)strlen(text), p, q, k;

	for (p = 0; p < len; p += clen(text + p, len - p)) {
		if (SEP(text[p]))
			continue;
		for (q = p, k = 1; k <= upto && q < len && !SEP(text[q]);
		    k++) {
			q += clen(text + q, len - q);
			if (k >= from)
				gset_add(s, text + p, (size_t)(q - p));
		}
	}
}

/* The set, sorted, as an array literal. */
static char *
array_of(struct gset *s)
{
	struct buf	  b = BUF_INIT;
	char		**g;
	size_t		  i, n = 0;

	g = arena_calloc(s->a, s->n + 1, sizeof(*g));
	for (i = 0; i < s->cap; i++)
		if (s->v[i] != NULL)
			g[n++] = s->v[i];
	qsort(g, n, sizeof(*g), cmp_str);
	buf_addc(&b, '{');
	for (i = 0; i < n; i++)
		array_elem(&b, g[i], strlen(g[i]));
	buf_addc(&b, '}');
	return (buf_to_arena(&b, s->a));
}

char *
grams_pg_array(struct arena *a, const char *text)
{
	struct gset	s = { a, NULL, 0, 0 };

	grams_of(&s, text, 1, 2);
	return (array_of(&s));
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

char *
grams_pg_block(struct arena *a, const char *const *texts, size_t n)
{
	struct gset	s = { a, NULL, 0, 0 };
	size_t		i;

	for (i = 0; i < n; i++)
		grams_of(&s, texts[i], 1, 3);
	return (array_of(&s));
}

char *
grams_pg_need(struct arena *a, const char *find)
{
	struct gset	s = { a, NULL, 0, 0 };

	if (utf8_chars(find, strlen(find)) <= 2)
		return (grams_pg_query(a, find));
	grams_of(&s, find, 3, 3);
	return (array_of(&s));
}
