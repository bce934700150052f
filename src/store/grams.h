/*
 * grams.h - single characters and character pairs of a text, for indexing
 * searches of one or two characters (three or more use trigram indexes).
 *
 * The text is the store's folded search text: fields separated by '\n'
 * (and in a search block, records by '\x1e'), which no gram spans. SQLite
 * gets an FTS5 tokenizer ("steward_grams") that emits, at each character,
 * the character and (co-located) the pair it starts; PostgreSQL gets the
 * same set as a text[] literal for a GIN index.
 */
#ifndef STEWARD_GRAMS_H
#define STEWARD_GRAMS_H

#include <sqlite3.h>

struct arena;

/* Register the steward_grams tokenizer on a connection (SQLITE_OK). */
int	 grams_register(sqlite3 *db);

/* The distinct characters and pairs of text as a PostgreSQL array
 * literal, e.g. {"a","ab","b"}. */
char	*grams_pg_array(struct arena *a, const char *text);

/* One element array literal for a 1-2 character search. */
char	*grams_pg_query(struct arena *a, const char *find);

/*
 * A block of search texts (store_oms_search.c): the distinct characters,
 * pairs and trigrams of the n texts as one PostgreSQL array literal; none
 * spans a '\n'. A text holds what a search finds only if its block's
 * array holds the search's grams_pg_need().
 */
char	*grams_pg_block(struct arena *a, const char *const *texts, size_t n);
/* What a block must hold for find to be in it: find itself (one or two
 * characters) or its distinct trigrams, as an array literal. */
char	*grams_pg_need(struct arena *a, const char *find);

#endif
