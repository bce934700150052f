/*
 * store_oms_search_blocks.h - Find customer's reading of a partner's
 * search blocks (store_oms_search_blocks.c), for store_oms_search.c; the
 * generation to read comes from search_gen_current()
 * (store_oms_search_delta.h).
 * Internal to src/store.
 */
#ifndef STEWARD_STORE_OMS_SEARCH_BLOCKS_H
#define STEWARD_STORE_OMS_SEARCH_BLOCKS_H

#include "core/page.h"
#include "store/store_oms_find.h"

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
