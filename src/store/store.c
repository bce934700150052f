/*
 * store.c - the connection, transactions and installation settings.
 * Migrations are store_migrate.c; query helpers store_query.c.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"
#include "store/store_oms.h"
#include "store/store_oms_kept.h"

bool
store_url_is_pg(const char *url)
{
	return (db_url_is_pg(url));
}

int
store_open(const char *url, bool create, struct store **out, struct err *e)
{
	struct store	*st;
	int		 rc;

	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		steward_oom(sizeof(*st));
	st->oms_stage_base = -1;
	if ((rc = db_open(url, create, &st->db, e)) != ST_OK) {
		free(st);
		return (rc);
	}
	*out = st;
	return (ST_OK);
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	oms_kept_free(st);
	db_close(st->db);
	free(st);
}

void
store_tune_requests(void)
{
	db_sqlite_tune_requests();
}

const char *
store_engine(const struct store *st)
{
	return (db_kind(st->db) == DB_PG ? "postgresql" : "sqlite");
}

int
store_optimize(struct store *st, struct err *e)
{
	return (db_exec_script(st->db, e, db_kind(st->db) == DB_PG ?
	    "ANALYZE oms_records; ANALYZE customers" : "PRAGMA optimize"));
}

int
store_ping(struct store *st, struct err *e)
{
	return (db_ping(st->db, e));
}

static void	store_group_end(struct store *);

int
store_tx_begin(struct store *st, struct err *e)
{
	int	(*first)(void *, struct err *) = st->later_first;
	int	 rc;

	st->snapshot_own = false;
	if (first == NULL ||
	    db_tx_depth(st->db) != (st->group_open ? 1 : 0))
		return (db_begin(st->db, true, e));
	/* The owner's transaction (store_tx_later()), begun by its callee:
	 * in a group, a savepoint of the group's transaction. */
	st->later_first = NULL;
	if (st->later_group && !st->group_open) {
		if ((rc = db_begin(st->db, true, e)) != ST_OK)
			return (rc);
		st->group_open = true;
	}
	if ((rc = db_begin(st->db, true, e)) != ST_OK) {
		store_group_end(st);
		return (rc);
	}
	st->later_depth = db_tx_depth(st->db);
	if ((rc = first(st->later_arg, e)) != ST_OK) {
		store_tx_rollback(st);
		return (rc);
	}
	st->later_open = true;
	st->later_handed_back = false;
	return (ST_OK);
}

void
store_tx_later(struct store *st, int (*first)(void *, struct err *),
    void *arg, bool group)
{
	st->later_first = first;
	st->later_arg = arg;
	st->later_group = group;
	st->later_open = false;
}

bool
store_tx_later_open(const struct store *st)
{
	return (st->later_open && db_tx_depth(st->db) == st->later_depth);
}

int
store_tx_later_commit(struct store *st, struct err *e)
{
	st->later_handed_back = true;
	return (store_tx_commit(st, e));
}

bool
store_group_open(const struct store *st)
{
	return (st->group_open);
}

int
store_group_commit(struct store *st, struct err *e)
{
	int	rc;

	if (!st->group_open)
		return (ST_OK);
	assert(db_tx_depth(st->db) == 1);
	st->group_open = false;
	if ((rc = store_tx_commit(st, e)) != ST_OK)
		store_tx_abandon(st);
	return (rc);
}

/* A group whose transaction holds nothing yet ends with it. */
static void
store_group_end(struct store *st)
{
	if (st->group_open && db_tx_depth(st->db) == 1) {
		st->group_open = false;
		store_tx_rollback(st);
	}
}

int
store_snapshot_begin(struct store *st, struct err *e)
{
	int	rc;

	/* Its own read-only snapshot, not a savepoint of a writer's. */
	st->snapshot_own = !db_in_tx(st->db);
	rc = db_begin_snapshot(st->db, e);
	st->snapshot_own = st->snapshot_own && rc == ST_OK;
	return (rc);
}

int
store_relaxed(struct store *st, bool on, struct err *e)
{
	if (db_kind(st->db) == DB_PG)
		return (db_exec_script(st->db, e, on ?
		    "SET synchronous_commit = off" :
		    "SET synchronous_commit = on"));
	return (db_exec_script(st->db, e, on ? "PRAGMA synchronous=NORMAL" :
	    "PRAGMA synchronous=FULL"));
}

int
store_cache_small(struct store *st, struct err *e)
{
	if (db_kind(st->db) == DB_PG)
		return (ST_OK);
	return (db_exec_script(st->db, e, "PRAGMA cache_size=-1024"));
}

int
store_checkpoint(struct store *st, struct err *e)
{
	if (db_kind(st->db) == DB_PG)
		return (ST_OK);
	return (db_exec_script(st->db, e, "PRAGMA wal_checkpoint(PASSIVE)"));
}

int
store_tx_commit(struct store *st, struct err *e)
{
	int	rc;

	/* The callee of store_tx_later() hands the transaction back. */
	if (st->later_open && !st->later_handed_back &&
	    db_tx_depth(st->db) == st->later_depth) {
		st->later_handed_back = true;
		return (ST_OK);
	}
	/* The group's transaction is committed by store_group_commit(). */
	assert(!st->group_open || db_tx_depth(st->db) > 1);
	/* A bulk write's records (and any others waiting) join the search
	 * indexes before the outermost commit makes them visible; failing
	 * that, the transaction is rolled back, as a failed COMMIT's is. */
	if (st->oms_index_at_commit && db_tx_depth(st->db) == 1 &&
	    (rc = store_oms_index_pending(st, e)) != ST_OK) {
		store_tx_rollback(st);
		return (rc);
	}
	rc = db_commit(st->db, e);
	if (db_tx_depth(st->db) < st->later_depth)
		st->later_open = false;
	if (!db_in_tx(st->db))
		st->group_open = false;
	return (rc);
}

void
store_tx_rollback(struct store *st)
{
	db_rollback(st->db);
	if (db_tx_depth(st->db) < st->later_depth)
		st->later_open = false;
	if (!db_in_tx(st->db)) {
		st->oms_index_at_commit = false;
		st->group_open = false;
	}
}

void
store_tx_abandon(struct store *st)
{
	st->later_first = NULL;
	st->later_open = false;
	/* An open group keeps its transaction, and what is in it. */
	if (st->group_open) {
		while (db_tx_depth(st->db) > 1)
			db_rollback(st->db);
		return;
	}
	db_rollback_all(st->db);
	st->oms_index_at_commit = false;
}

int
store_meta_get(struct store *st, struct arena *a, const char *key,
    char **value, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT value FROM meta WHERE key = ?",
	    DB_ARGS(DB_TEXT(key)));
	if (rc == ST_OK)
		*value = (char *)db_cell(&r, 0, 0);
	return (rc);
}

int
store_meta_set(struct store *st, const char *key, const char *value,
    struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 1024);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO meta (key, value) VALUES (?, ?)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	    DB_ARGS(DB_TEXT(key), DB_TEXT(value)));
	arena_free(&a);
	return (rc);
}
