/*
 * store_oms_index.c - keeping the OMS records' own search indexes: on
 * SQLite, indexing the records that wait for them (migration 0041) in
 * batches, and on both engines merging what writers leave of them
 * (migration 0039). Searching them is store_oms_search.c.
 */
#include <assert.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"
#include "store/store_oms.h"

/* SQLite's two full-text indexes of the records' search text. */
static const char *const fts[] = { "oms_search", "oms_grams" };

int
store_oms_index_catch_up(struct store *st, long long max, bool *left,
    struct err *e)
{
	struct arena	 a;
	struct db_rows	 r;
	long long	 mark, top, upto;
	size_t		 i;
	int		 rc;

	assert(max >= 0);
	if (left != NULL)
		*left = false;
	if (db_kind(st->db) == DB_PG)
		return (ST_OK);
	assert(db_in_tx(st->db));
	arena_init(&a, 1024);
	rc = db_query(st->db, &a, &r, e, "SELECT " OMS_INDEX_MARK ","
	    " (SELECT COALESCE(MAX(seq), 0) FROM oms_records)", DB_NOARGS);
	if (rc != ST_OK)
		goto out;
	mark = db_cell_int(&r, 0, 0);
	upto = top = db_cell_int(&r, 0, 1);
	if (top <= mark)
		goto out;
	/* The batch's last seq: the max-th above the mark, if there are
	 * that many. */
	if (max > 0 && (rc = db_query(st->db, &a, &r, e, "SELECT seq"
	    " FROM oms_records WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ?",
	    DB_ARGS(DB_INT(mark), DB_INT(max - 1)))) != ST_OK)
		goto out;
	if (max > 0 && r.nrows > 0)
		upto = db_cell_int(&r, 0, 0);
	/*
	 * None of them is in the indexes (the mark says so); should one be
	 * all the same (a build older than migration 0041 writing to this
	 * database), it is replaced rather than stopping every batch after.
	 */
	for (i = 0; rc == ST_OK && i < sizeof(fts) / sizeof(fts[0]); i++)
		rc = db_query(st->db, &a, NULL, e, arena_printf(&a,
		    "INSERT OR REPLACE INTO %s (rowid, search_text)"
		    " SELECT seq, search_text FROM oms_records"
		    " WHERE seq > ? AND seq <= ?", fts[i]),
		    DB_ARGS(DB_INT(mark), DB_INT(upto)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "UPDATE meta SET value = CAST(? AS TEXT)"
		    " WHERE key = 'oms_index_mark'", DB_ARGS(DB_INT(upto)));
	if (rc == ST_OK && left != NULL)
		*left = upto < top;
out:
	arena_free(&a);
	return (rc);
}

int
store_oms_index_step(struct store *st, bool *left, struct err *e)
{
	long long	waiting;
	int		rc;

	*left = false;
	if (db_kind(st->db) == DB_PG)
		return (ST_OK);
	/* A transaction of its own, nothing around it; and the write lock
	 * only when some record waits. */
	assert(!db_in_tx(st->db));
	if ((rc = store_count(st, e, &waiting, "SELECT (SELECT COALESCE("
	    "MAX(seq), 0) FROM oms_records) > " OMS_INDEX_MARK,
	    DB_NOARGS)) != ST_OK || !waiting)
		return (rc);
	if ((rc = db_begin(st->db, true, e)) != ST_OK)
		return (rc);
	rc = store_oms_index_catch_up(st, OMS_INDEX_BATCH, left, e);
	if (rc == ST_OK)
		return (db_commit(st->db, e));
	db_rollback(st->db);
	return (rc);
}

/*
 * One step of merging the record search indexes, in a transaction of its
 * own. SQLite: writers add a segment a commit and merge only past 64
 * segments a level (migration 0039); this merges about pages
 * pages into each, and the total_changes() of the connection tells whether
 * FTS5 wrote anything (its documented test: fewer than 2 changes, nothing
 * left to merge). PostgreSQL: writers append to the GIN indexes' pending
 * lists; this merges them whole (pages does not apply).
 */
int
store_oms_search_merge(struct store *st, int pages, bool *more,
    struct err *e)
{
	long long	 before, after = 0;
	struct arena	 a;
	size_t		 i;
	int		 rc = ST_OK;

	assert(pages > 0);
	*more = false;
	if (db_kind(st->db) == DB_PG) {
		/* The pending lists, each merged whole in bulk. */
		rc = store_count(st, e, &after, "SELECT"
		    " gin_clean_pending_list('oms_records_search'::regclass) +"
		    " gin_clean_pending_list('oms_records_grams'::regclass)",
		    DB_NOARGS);
		*more = rc == ST_OK && after > 0;
		return (rc);
	}
	arena_init(&a, 256);
	rc = store_count(st, e, &after, "SELECT total_changes()", DB_NOARGS);
	for (i = 0; rc == ST_OK && i < sizeof(fts) / sizeof(fts[0]); i++) {
		before = after;
		rc = db_query(st->db, &a, NULL, e, arena_printf(&a,
		    "INSERT INTO %s (%s, rank) VALUES ('merge', ?)", fts[i],
		    fts[i]), DB_ARGS(DB_INT(pages)));
		if (rc == ST_OK)
			rc = store_count(st, e, &after,
			    "SELECT total_changes()", DB_NOARGS);
		if (rc == ST_OK && after - before >= 2)
			*more = true;
	}
	arena_free(&a);
	return (rc);
}
