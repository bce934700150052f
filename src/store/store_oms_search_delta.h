/*
 * store_oms_search_delta.h - Find customer's records changed since the
 * partner's search blocks began (store_oms_search_delta.c), for
 * store_oms_search.c and store_oms_search_blocks.c. Internal to
 * src/store.
 */
#ifndef STEWARD_STORE_OMS_SEARCH_DELTA_H
#define STEWARD_STORE_OMS_SEARCH_DELTA_H

#include "core/page.h"
#include "store/store_oms_find.h"

/*
 * The partner's newest generation of blocks, when the records changed
 * since it began are kept by the process (g->kept), or few enough to be
 * read up front, or to be found through the search index (g->by_index);
 * else g->id is 0. Runs in the search's snapshot.
 */
int	search_gen_current(struct store *st, const struct oms_find *f,
	    struct arena *a, struct oms_gen *g, struct err *e);
/*
 * The records changed since g began that hold the text, after the cursor,
 * merged into h (the blocks' matches, up to pg->limit + 1 of them) in
 * display order, h keeping the first pg->limit + 1. span: how many
 * records the blocks h came from hold at most.
 */
int	search_delta_merge(struct store *st, const struct oms_find *f,
	    struct arena *a, const struct page *pg, const struct oms_gen *g,
	    long long span, struct oms_hits *h, struct err *e);
/*
 * How many records changed since g began hold the text, counted up to
 * OMS_COUNT_MAX + 1 (past that the count is a lower bound whatever the
 * blocks hold).
 */
int	search_delta_count(struct store *st, const struct oms_find *f,
	    const struct oms_gen *g, long long *n, struct err *e);

#endif
