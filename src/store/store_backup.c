/*
 * store_backup.c - what stewardctl backup, restore and doctor ask of a
 * database: an online SQLite copy, an integrity check, and whether a
 * database is empty. See store.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

int
store_sqlite_copy(struct store *st, const char *to_path, struct err *e)
{
	if (db_kind(st->db) != DB_SQLITE)
		return (err_set(e, ST_MALFORMED, "not_sqlite", M_INTERNAL));
	return (db_sqlite_copy(st->db, to_path, e));
}

/*
 * PostgreSQL checks its pages itself; what a crash or an interrupted
 * change can leave behind is an index marked invalid or a constraint not
 * validated.
 */
static int
pg_integrity(struct store *st, struct arena *a, const char **problem,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT 'index ' || c.relname || ' is invalid' FROM pg_index i"
	    " JOIN pg_class c ON c.oid = i.indexrelid"
	    " JOIN pg_namespace n ON n.oid = c.relnamespace"
	    " WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND"
	    " i.indisready)"
	    " UNION ALL SELECT 'constraint ' || c.conname || ' is not"
	    " validated' FROM pg_constraint c"
	    " JOIN pg_namespace n ON n.oid = c.connamespace"
	    " WHERE n.nspname = current_schema() AND NOT c.convalidated"
	    " LIMIT 1", DB_NOARGS);
	if (rc == ST_OK && r.nrows > 0)
		*problem = db_cell(&r, 0, 0);
	return (rc);
}

int
store_integrity(struct store *st, struct arena *a, const char **problem,
    struct err *e)
{
	struct db_rows	r;
	const char	*first;
	int		rc;

	*problem = NULL;
	if (db_kind(st->db) != DB_SQLITE)
		return (pg_integrity(st, a, problem, e));
	if ((rc = db_query(st->db, a, &r, e, "PRAGMA integrity_check",
	    DB_NOARGS)) != ST_OK)
		return (rc);
	first = r.nrows > 0 ? db_cell(&r, 0, 0) : "no answer";
	if (first == NULL || strcmp(first, "ok") != 0) {
		*problem = first != NULL ? first : "no answer";
		return (ST_OK);
	}
	/* Rows: table, rowid, parent table, constraint number. */
	if ((rc = db_query(st->db, a, &r, e, "PRAGMA foreign_key_check",
	    DB_NOARGS)) != ST_OK)
		return (rc);
	if (r.nrows > 0)
		*problem = arena_printf(a, "%s row %s refers to a missing "
		    "%s row (%zu broken references)", db_cell(&r, 0, 0),
		    db_cell(&r, 0, 1) != NULL ? db_cell(&r, 0, 1) : "?",
		    db_cell(&r, 0, 2), r.nrows);
	return (ST_OK);
}

int
store_table_count(struct store *st, long long *n, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	*n = 0;
	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e, db_kind(st->db) == DB_PG ?
	    "SELECT count(*) FROM information_schema.tables WHERE"
	    " table_schema NOT IN ('pg_catalog', 'information_schema')" :
	    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
	    DB_NOARGS);
	if (rc == ST_OK)
		*n = db_cell_int(&r, 0, 0);
	arena_free(&a);
	return (rc);
}
