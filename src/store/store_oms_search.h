/*
 * store_oms_search.h - what the two halves of Find customer share:
 * store_oms_search.c (the search, and its strategies over the records and
 * the search index) and store_oms_search_blocks.c (reading the partner's
 * search blocks, which store_oms_blocks.c builds). Internal to src/store.
 */
#ifndef STEWARD_STORE_OMS_SEARCH_H
#define STEWARD_STORE_OMS_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store_int.h"

/* One search: the folded text and how each engine's index finds it. */
struct oms_find {
	const char	*partner_id;
	const char	*text;
	bool		 lite;
	const char	*fts;		/* SQLite: the FTS5 table */
	const char	*filter;	/* PostgreSQL: the indexed condition */
	const char	*arg;		/* the MATCH phrase, pattern or grams */
	const char	*contains;	/* substring test: instr or strpos */
	const char	*since;		/* records changed since a mark */
	const char	*unchanged;	/* and those not */
	const char	*block_fts;	/* SQLite: the blocks' FTS5 table */
	const char	*block_arg;	/* what a block must hold */
};

/* A partner's current generation of blocks. */
struct oms_gen {
	long long	id;		/* 0: none to use */
	long long	blocks;
	long long	mark;
	long long	changed;	/* records changed since it began */
};

/* Matches found so far, in display order. */
struct oms_hits {
	struct oms_record	*v;
	size_t			 n;
	size_t			 cap;
};

/* Add the rows of r (OMS_COLS) to h, in the arena a. */
void	search_hits_add(struct arena *a, struct oms_hits *h,
	    const struct db_rows *r);
/* The search index's matches after (company, id), or from it when
 * `from`, sorted: the first want of them into h. */
int	search_sorted_after(struct store *st, const struct oms_find *f,
	    struct arena *a, const char *company, const char *id, bool from,
	    size_t want, struct oms_hits *h, struct err *e);

/* The partner's newest generation of blocks, when few enough records
 * changed since it began to be searched on their own (else g->id is 0). */
int	search_gen_current(struct store *st, const struct oms_find *f,
	    struct arena *a, struct oms_gen *g, struct err *e);
/*
 * A page from the blocks: the first pg->limit + 1 matches after the cursor
 * into h. And a count: the matches found in the blocks scanned from the
 * first, and among the records changed since, until more than
 * OMS_COUNT_MAX were found; *exact when every block that may hold the term
 * was scanned. Otherwise *count is a lower bound, perhaps a low one (a
 * scan stops after a bounded number of blocks).
 */
int	search_blocks(struct store *st, const struct oms_find *f,
	    struct arena *a, const struct page *pg, const struct oms_gen *g,
	    struct oms_hits *h, long long *count, bool *exact,
	    struct err *e);

#endif
