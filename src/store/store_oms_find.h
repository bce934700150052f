/*
 * store_oms_find.h - what the parts of Find customer share: one search's
 * terms and the matches it collects (store_oms_find.c), used by
 * store_oms_search.c (the search, and its strategies over the records and
 * the search index), store_oms_search_blocks.c (reading the partner's
 * search blocks, which store_oms_blocks.c builds) and
 * store_oms_search_delta.c (the records changed since the blocks began).
 * Internal to src/store.
 */
#ifndef STEWARD_STORE_OMS_FIND_H
#define STEWARD_STORE_OMS_FIND_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store_int.h"
#include "store/store_oms_kept.h"

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
	bool		by_index;	/* found through the index */
	/* Those records, kept between searches (store_oms_kept.h), or
	 * NULL: asked of the database. */
	const struct oms_kept_set *kept;
};

/*
 * SQLite: the seqs of the records waiting for the search indexes (above
 * the index mark, migration 0041) that contain the text, its one
 * argument. What a search asks of the index it asks of these too
 * ("... UNION ALL" WAITING), in the same snapshot. The background process
 * keeps them to about a second of changes (store_oms_index_step()).
 */
#define WAITING \
	"SELECT seq FROM oms_records INDEXED BY oms_records_seq" \
	" WHERE seq > " OMS_INDEX_MARK " AND instr(search_text, ?) > 0"

/*
 * SQLite: read blocks by their id (the rowid), and records by theirs (the
 * primary key's index, named for the first constraint of the table), not
 * through the partner's index: after a large import the planner's figures
 * may be those of a small table, and it would scan the partner's records.
 */
#define BY_ID			" NOT INDEXED"
#define BY_PK			" INDEXED BY sqlite_autoindex_oms_records_1"

/* Matches found so far, in display order. */
struct oms_hits {
	struct oms_record	*v;
	size_t			 n;
	size_t			 cap;
};

/* The record columns a derived table carries for OMS_COLS. */
#define OMS_RCOLS \
	"id, partner_id, type, email, email_norm, first_name, last_name," \
	" company, industry, website, phone, street, postal_code, city," \
	" country, created_at, updated_at, eligible, search_text"

/* Add the rows of r (OMS_COLS) to h, in the arena a. */
void	search_hits_add(struct arena *a, struct oms_hits *h,
	    const struct db_rows *r);
/* The search index's matches after (company, id), or from it when
 * `from`, sorted: the first want of them into h. */
int	search_sorted_after(struct store *st, const struct oms_find *f,
	    struct arena *a, const char *company, const char *id, bool from,
	    size_t want, struct oms_hits *h, struct err *e);

#endif
