/*
 * store_oms.h - OMS records: the partner's copy of the distributor's order
 * management system (import, search, the search blocks Find customer reads
 * from), store_oms*.c.
 *
 * The same conventions as store.h (which this includes): calls take the
 * partner account's id and touch only its rows; strings in returned
 * records live in the arena passed in; times are Unix seconds; callers
 * wrap writes that belong together in a transaction.
 */
#ifndef STEWARD_STORE_OMS_H
#define STEWARD_STORE_OMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct oms_record {
	const char	*id;
	const char	*partner_id;
	const char	*type;		/* business | consumer */
	const char	*email;
	const char	*email_norm;
	const char	*first_name;
	const char	*last_name;
	struct contact_details	 d;
	const char	*customer_id;	/* hub customer (read only), or NULL */
	/* That customer was deleted and is purged then (0: not deleted);
	 * until then the record stays its, for a restore (read only). */
	int64_t		 customer_purge_at;
	bool		 eligible;	/* may become a hub customer (read only) */
	int64_t		 created_at;
	int64_t		 updated_at;
};

/*
 * Whether a record may become a hub customer: type business, every company
 * detail present and a contact name (SPEC 3.2). The store keeps this as an
 * indexed flag; the app asks the record.
 */
bool	oms_record_eligible(const struct oms_record *r);

/*
 * Create a record for partner_id (its search data is derived here).
 * ST_CONFLICT when the e-mail is already in the OMS (any partner).
 * On SQLite the record waits for the search indexes, which the
 * background process gives it (store_oms_index_step()); a changed record
 * (store_oms_update()) waits again.
 */
int	store_oms_create(struct store *st, const char *partner_id,
	    struct arena *a, const struct oms_record *r, int64_t now,
	    char **id, struct err *e);
/*
 * A transaction that writes many rows (a bulk import), called right after
 * store_tx_begin():
 *  - SQLite: store_oms_index_pending() (which the outermost
 *    store_tx_commit() calls) indexes every record waiting, those created
 *    since included, in one statement per index, so that they are
 *    indexed as soon as they are visible. SQLite's full-text index writes
 *    its pending terms to disk at every statement of a transaction, so
 *    indexing row by row cost a third of an import.
 *  - PostgreSQL: statements are planned for the tables as they are now
 *    for the rest of the transaction. A connection's prepared statements
 *    otherwise settle on one generic plan, made while the tables were
 *    small, and kept scanning them whole as the import grew them.
 *    Writes whose answer is not read are sent ahead (db_send_ahead): a
 *    failure, a unique key's ST_CONFLICT too, may then be reported by a
 *    later call instead of its own, and fails the transaction as a whole.
 */
int	store_bulk_begin(struct store *st, struct err *e);
int	store_oms_index_pending(struct store *st, struct err *e);

/*
 * Staging for a bulk OMS import (store_oms_import.c): a temporary table
 * of this connection (on disk; PostgreSQL's in the session) holds a
 * file's rows while it is read, so a file of any size is checked with
 * bounded memory, then is written to oms_records a range of lines at a
 * time. The OMS itself is untouched until store_oms_stage_write().
 *
 * store_oms_stage_open() starts an empty table (dropping one left over);
 * store_oms_stage_close() drops it (also done by closing the store).
 */
int	store_oms_stage_open(struct store *st, struct err *e);
void	store_oms_stage_close(struct store *st);

/* One row of the file for store_oms_stage_add(). */
struct oms_stage_row {
	size_t			 line;		/* of the file, ascending */
	const char		*key;		/* e-mail comparison key, or NULL */
	const struct oms_record	*record;	/* checked record, or NULL */
	bool			 dup;		/* out: key staged before */
	bool			 taken;		/* out: not dup, and in the OMS */
};

/*
 * Stage n rows: each with its key (rows without one are only counted
 * by the caller) and, when record is set, the record to write later.
 * Sets dup when an earlier row (of this call or before) had the key,
 * and taken when a record of the OMS, any partner's, has it.
 */
int	store_oms_stage_add(struct store *st, struct oms_stage_row *rows,
	    size_t n, struct err *e);

/*
 * In a write transaction: write the staged records of lines after <
 * line <= upto as partner_id's, created at now, with their search data;
 * *written says how many. Only when every staged row had a record and
 * no row was dup or taken. ST_CONFLICT when an e-mail is in the OMS by
 * now (written since it was staged).
 */
int	store_oms_stage_write(struct store *st, const char *partner_id,
	    size_t after, size_t upto, int64_t now, size_t *written,
	    struct err *e);

/*
 * For each of n e-mail keys (NULL: none asked), the partner whose OMS
 * record has it, or NULL (owners[] in a): the lookup of a bulk import,
 * one statement for many rows. As store_oms_by_email_any(), this looks
 * at every partner's records: the caller reveals nothing of another's.
 */
int	store_oms_email_owners(struct store *st, struct arena *a,
	    const char *const *keys, size_t n, const char **owners,
	    struct err *e);

/* The lines (at most max, ascending, in a) of staged rows whose e-mail
 * the OMS has now. */
int	store_oms_stage_taken(struct store *st, struct arena *a, size_t max,
	    size_t **lines, size_t *n, struct err *e);
int	store_oms_get(struct store *st, const char *partner_id,
	    struct arena *a, const char *id, struct oms_record *out,
	    struct err *e);
/* Replace the details (not type, e-mail or owner) of a record. */
int	store_oms_update(struct store *st, const char *partner_id,
	    const char *id, const struct oms_record *r, int64_t now,
	    struct err *e);
int	store_oms_count(struct store *st, const char *partner_id,
	    long long *n, struct err *e);
/*
 * The record with this e-mail, whichever partner owns it. This is the one
 * cross-tenant read, for the OMS-wide uniqueness rule: the caller must
 * reveal nothing of another partner's record.
 */
int	store_oms_by_email_any(struct store *st, struct arena *a,
	    const char *email_norm, struct oms_record *out, struct err *e);
/*
 * Records of partner_id eligible for hub creation (type business, every
 * company detail present) whose company, e-mail, first or last name
 * contains `find` (already case-folded; "" matches all): a page of them
 * by company (keys: company, id), in the caller's arena, read through
 * indexes in that order (store_oms_search.c tells how). *total counts the
 * matches when that is cheap; otherwise *lower is set and more than
 * *total records match (*total is then at most OMS_COUNT_MAX).
 */
#define OMS_COUNT_MAX	1000
int	store_oms_search(struct store *st, const char *partner_id,
	    struct arena *a, const char *find, struct page *pg,
	    struct oms_record **out, size_t *n, long long *total, bool *lower,
	    struct err *e);

/*
 * SQLite: records waiting for the search indexes (migration 0041), those
 * whose seq is above the index mark. store_oms_index_catch_up() indexes
 * at most max of them (0: all), in the caller's transaction, and moves
 * the mark past them; *left (may be NULL): some still wait.
 * store_oms_index_step() does that for OMS_INDEX_BATCH of them in a
 * transaction of its own (the background process), one segment an index
 * for the batch. PostgreSQL: nothing waits (both do nothing).
 */
#define OMS_INDEX_BATCH	2000
int	store_oms_index_catch_up(struct store *st, long long max, bool *left,
	    struct err *e);
int	store_oms_index_step(struct store *st, bool *left, struct err *e);

/*
 * The records' own search indexes, merged by the background process so
 * that a creation does not pay for merging a million records' index
 * (migration 0039). SQLite (two FTS5 tables): a commit that indexes
 * records adds a segment to each, and writers merge segments only once a
 * level holds 64 of them; store_oms_search_merge() writes about
 * pages pages into each index, in a transaction of its own, when a level
 * holds 16 segments or more. PostgreSQL (two GIN indexes with fastupdate):
 * writers append to each index's pending list; store_oms_search_merge()
 * merges the lists whole. *more says it merged something (call again).
 */
int	store_oms_search_merge(struct store *st, int pages, bool *more,
	    struct err *e);

/*
 * The blocks a dense search reads its page from (store_oms_blocks.c,
 * migrations 0030 and 0035): the display order of a partner's eligible
 * records cut into runs of OMS_BLOCK_RECORDS, each keeping its records'
 * ids and search texts with the texts indexed, so that the blocks which
 * may hold a term come back in display order and are scanned without the
 * other records being read. A partner gets a new
 * generation of blocks once it has OMS_BLOCKS_MIN eligible records, and
 * again once OMS_BLOCKS_STALE records were added or changed after the
 * last one began (those are searched on their own until then). A
 * generation is built a step at a time, each step its own transaction
 * (the caller's), then takes the place of the partner's previous one,
 * which is dropped later.
 */
#define OMS_BLOCK_RECORDS	128
#define OMS_BLOCKS_MIN		2000
#define OMS_BLOCKS_STALE	1000
/* Where the records' changes are now (SQLite: the last seq; PostgreSQL:
 * the oldest transaction still running): for store_oms_blocks_due(). */
int	store_oms_blocks_mark(struct store *st, long long *mark,
	    struct err *e);
/*
 * Partners with records added or changed since mark that need a new
 * generation (ids in a). A partner whose last generation became ready
 * less than OMS_BLOCKS_REST times its build time ago waits, though it
 * would need one (*resting: look again later, even if nothing changes
 * meanwhile): while a million records change faster than their blocks
 * are built, a rebuild every OMS_BLOCKS_STALE changes would keep the
 * background process building all the time, on the cores the requests
 * need. Rebuilding then takes at most 1 / (1 + OMS_BLOCKS_REST) of its
 * time; searches meanwhile find the records changed since on their own
 * (kept by each process, else asked of the database) and go without the
 * blocks past the bounds of store_oms_search_delta.c. A build that took
 * under a second (a partner of some thousands of records) does not wait.
 */
#define OMS_BLOCKS_REST		4
int	store_oms_blocks_due(struct store *st, struct arena *a,
	    long long since, int64_t now, char ***partners, size_t *n,
	    bool *resting, struct err *e);
/* Begin a generation for partner_id; ST_CONFLICT when one is being
 * built. */
int	store_oms_blocks_begin(struct store *st, const char *partner_id,
	    int64_t now, long long *gen, struct err *e);
/* partner_id's newest generation in state ("building", "ready"): its id
 * and blocks (0 and 0 when none). */
int	store_oms_blocks_of(struct store *st, const char *partner_id,
	    const char *state, long long *gen, long long *blocks,
	    struct err *e);
/* A generation being built (the oldest) and its partner (in a), or 0. */
int	store_oms_blocks_building(struct store *st, struct arena *a,
	    long long *gen, char **partner_id, struct err *e);
/*
 * A step of building partner_id's generation gen, in two parts, so that
 * the reading holds no write lock: store_oms_blocks_read() reads (outside
 * a write transaction) the generation's progress and the records of its
 * next nblocks blocks into nx (in a); store_oms_blocks_write(), inside a
 * write transaction, writes those blocks and the progress, and after the
 * partner's last records has the generation replace their previous one
 * (*done; also when nx found it finished elsewhere). ST_CONFLICT when
 * another process recorded progress of gen since nx was read. Records
 * that change in between are newer than the generation's mark, so
 * searches test them on their own, as any record changed since it began.
 */
struct oms_blocks_next {
	long long	 built;		/* blocks the generation had */
	const char	*next_company;	/* where they ended (NULL: start) */
	const char	*next_id;
	size_t		 want;		/* records asked for */
	size_t		 n;		/* records read, in display order: */
	const char	**company;
	const char	**id;
	const char	**text;		/* their search texts */
	bool		 finished;	/* no longer being built */
};
int	store_oms_blocks_read(struct store *st, struct arena *a, long long gen,
	    const char *partner_id, size_t nblocks, struct oms_blocks_next *nx,
	    struct err *e);
int	store_oms_blocks_write(struct store *st, struct arena *a, long long gen,
	    const char *partner_id, const struct oms_blocks_next *nx,
	    int64_t now, bool *done, struct err *e);
/* Drop up to nblocks blocks of a generation replaced before `before`
 * (then the generation itself); *found: there was one to drop. */
int	store_oms_blocks_drop(struct store *st, int64_t before,
	    size_t nblocks, bool *found, struct err *e);
/* Every block of partner_id's (an account being purged). */
int	store_oms_blocks_purge(struct store *st, const char *partner_id,
	    struct err *e);

#endif
