/*
 * page.h - keyset paging: one page of a list, and the cursor that asks for
 * the next one.
 *
 * Every list is read in a fixed order with a unique last key (usually the
 * row's id), so "the rows after this one" is exact however the data
 * changes between pages: nothing is skipped or repeated, and a page costs
 * the same wherever it is. A cursor is the sort keys of the last row of a
 * page, opaque to the caller (base64url of the keys joined by U+001F).
 *
 * The store fills a page: it reads limit + 1 rows, keeps limit, and when
 * there were more sets `more` and the sort keys of the last row kept in
 * `next` (strings in the caller's arena). Lists kept in memory (a country
 * list, the catalogue seen by one customer) use page_slice().
 */
#ifndef STEWARD_PAGE_H
#define STEWARD_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define PAGE_KEYS_MAX	4
#define PAGE_CURSOR_MAX	1024	/* characters in a cursor */

struct page {
	size_t		 limit;		/* rows wanted, at least 1 */
	size_t		 nafter;	/* 0: the first page */
	const char	*after[PAGE_KEYS_MAX];	/* keys of the row before */
	/* Set by whoever reads the page: */
	bool		 more;
	size_t		 nnext;
	const char	*next[PAGE_KEYS_MAX];
};

/* A first page of limit rows. */
void	page_first(struct page *pg, size_t limit);
/* Every row at once, for the app's own reads of a whole (short) list. */
#define PAGE_ALL	((size_t)INT64_MAX - 1)
struct page *page_all(struct page *pg);

/*
 * Decode a cursor of nkeys keys into pg->after. false when it is not one
 * (bad encoding, wrong number of keys, control characters, invalid UTF-8).
 */
bool	page_cursor_parse(struct page *pg, struct arena *a, const char *text,
	    size_t nkeys);
/* The cursor for the page after pg (NULL when !pg->more). */
char	*page_cursor(const struct page *pg, struct arena *a);

/* The i-th after key as an integer; false when it is not one. */
bool	page_after_int(const struct page *pg, size_t i, int64_t *out);

/*
 * Set the next cursor's keys (at most PAGE_KEYS_MAX; copied pointers).
 * Call with the keys of the last row kept when there are more rows.
 */
void	page_set_next(struct page *pg, size_t n, const char *const *keys);

/*
 * For a list in memory, sorted by a unique text key: the index of the
 * first row after pg->after[0] and how many rows to return; sets more
 * and next (the key of the last row returned).
 */
void	page_slice(struct page *pg, size_t nrows,
	    const char *(*key)(size_t i, const void *ctx), const void *ctx,
	    size_t *first, size_t *count);

#endif
