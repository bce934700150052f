/*
 * store_migrate.c - the schema: numbered migrations embedded in the
 * binaries (src/store/migrations/), applied in order, each in its own
 * transaction with the work it needs from C; the schema version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "store/grams.h"
#include "store/migrate.h"
#include "store/store_int.h"

/* Arbitrary constant identifying Steward's migration lock. */
#define PG_MIGRATION_LOCK	"74110301"

int
migrations_latest(void)
{
	const struct migration	*m;
	int			 v = 0;

	for (m = steward_migrations; m->version != 0; m++)
		if (m->version > v)
			v = m->version;
	return (v);
}

static int
migrations_table(struct store *st, struct err *e)
{
	return (db_exec_script(st->db, e,
	    "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    " version INTEGER PRIMARY KEY,"
	    " name TEXT NOT NULL,"
	    " applied_at BIGINT NOT NULL)"));
}

static const char *
backend_name(struct store *st)
{
	return (db_kind(st->db) == DB_PG ? "pg" : "sqlite");
}

static int
migration_applied(struct store *st, struct arena *a, int version,
    bool *applied, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT 1 FROM schema_migrations WHERE version = ?",
	    DB_ARGS(DB_INT(version)));
	if (rc == ST_OK)
		*applied = r.nrows > 0;
	return (rc);
}

/*
 * Work a migration needs from C, run in its transaction right after its
 * SQL: version 2 derives the search text of the OMS records already there,
 * 5 their grams (PostgreSQL), 14 the customers' search text.
 */
static int
migration_after(struct store *st, int version, struct arena *a,
    struct err *e)
{
	struct db_rows		r;
	struct oms_record	o;
	size_t			i;
	int			rc;

	if (version == 5 && db_kind(st->db) == DB_PG) {
		/* PostgreSQL keeps each record's grams in a column. */
		rc = db_query(st->db, a, &r, e,
		    "SELECT id, search_text FROM oms_records", DB_NOARGS);
		for (i = 0; rc == ST_OK && i < r.nrows; i++)
			rc = db_query(st->db, a, NULL, e,
			    "UPDATE oms_records SET grams = CAST(? AS text[])"
			    " WHERE id = ?",
			    DB_ARGS(DB_TEXT(grams_pg_array(a, db_cell(&r, i,
			    1))), DB_TEXT(db_cell(&r, i, 0))));
		return (rc);
	}
	if (version == 14) {
		/* Customers' search text gains their phone numbers. */
		struct customer	c;

		rc = db_query(st->db, a, &r, e,
		    "SELECT id, company, email, contact_person, phone"
		    " FROM customers", DB_NOARGS);
		for (i = 0; rc == ST_OK && i < r.nrows; i++) {
			memset(&c, 0, sizeof(c));
			c.d.company = db_cell(&r, i, 1);
			c.email = db_cell(&r, i, 2);
			c.contact_person = db_cell(&r, i, 3);
			c.d.phone = db_cell(&r, i, 4);
			rc = db_query(st->db, a, NULL, e,
			    "UPDATE customers SET search_text = ? WHERE id = ?",
			    DB_ARGS(DB_TEXT(customer_search_text(a, &c)),
			    DB_TEXT(db_cell(&r, i, 0))));
		}
		return (rc);
	}
	if (version != 2)
		return (ST_OK);
	rc = db_query(st->db, a, &r, e,
	    "SELECT id, company, email, first_name, last_name"
	    " FROM oms_records", DB_NOARGS);
	for (i = 0; rc == ST_OK && i < r.nrows; i++) {
		memset(&o, 0, sizeof(o));
		o.d.company = db_cell(&r, i, 1);
		o.email = db_cell(&r, i, 2);
		o.first_name = db_cell(&r, i, 3);
		o.last_name = db_cell(&r, i, 4);
		rc = db_query(st->db, a, NULL, e,
		    "UPDATE oms_records SET search_text = ? WHERE id = ?",
		    DB_ARGS(DB_TEXT(oms_search_text(a, &o)),
		    DB_TEXT(db_cell(&r, i, 0))));
	}
	return (rc);
}

/*
 * A SQLite migration that rebuilds a table other tables refer to starts
 * with this line. Foreign keys cannot be switched off inside a
 * transaction, and with them on, dropping the old table would delete
 * every row that refers to it; so the runner switches them off around
 * the migration's transaction (SQLite's documented procedure for schema
 * changes ALTER TABLE cannot make) and checks every reference in the
 * database before committing (rebuild_run() below keeps the other
 * migrations' indexes and triggers on the rebuilt table).
 */
#define FOREIGN_KEYS_OFF	"-- steward:foreign-keys-off\n"

static bool
foreign_keys_off(struct store *st, const struct migration *m)
{
	return (db_kind(st->db) == DB_SQLITE && strncmp(m->sql,
	    FOREIGN_KEYS_OFF, strlen(FOREIGN_KEYS_OFF)) == 0);
}

static int
foreign_keys_on(struct store *st, struct err *e)
{
	return (db_exec_script(st->db, e, "PRAGMA foreign_keys=ON"));
}

/* Every reference still points at a row (PRAGMA foreign_key_check). */
static int
foreign_keys_check(struct store *st, const struct migration *m,
    struct arena *a, struct err *e)
{
	struct db_rows	r;
	int		rc;

	if ((rc = db_query(st->db, a, &r, e, "PRAGMA foreign_key_check",
	    DB_NOARGS)) != ST_OK)
		return (rc);
	if (r.nrows > 0)
		return (err_internal(e, "migration %04d left a reference from "
		    "%s to %s without its row", m->version, db_cell(&r, 0, 0),
		    db_cell(&r, 0, 2)));
	return (ST_OK);
}

/*
 * Run a SQLite rebuild (a migration marked FOREIGN_KEYS_OFF). Dropping the
 * old table drops its indexes and triggers too: those the migration
 * makes again are its own, and any other it does not know of (an
 * operator's own index, or another migration's when migrations are
 * renumbered) is made again from its saved text afterwards. The rename
 * runs with legacy_alter_table on, so that views and triggers that name
 * the table while it is gone are left as they are: they name it again as
 * soon as the new table has its name.
 */
static int
rebuild_run(struct store *st, const struct migration *m, struct arena *a,
    struct err *e)
{
	struct db_rows	kept, left;
	struct err	e2;
	size_t		i;
	int		rc;

	if ((rc = db_query(st->db, a, &kept, e, "SELECT name, tbl_name, sql"
	    " FROM sqlite_master WHERE type IN ('index', 'trigger')"
	    " AND sql IS NOT NULL", DB_NOARGS)) != ST_OK ||
	    (rc = db_exec_script(st->db, e,
	    "PRAGMA legacy_alter_table=ON")) != ST_OK)
		return (rc);
	rc = db_exec_script(st->db, e, m->sql);
	err_clear(&e2);
	(void)db_exec_script(st->db, &e2, "PRAGMA legacy_alter_table=OFF");
	for (i = 0; rc == ST_OK && i < kept.nrows; i++) {
		rc = db_query(st->db, a, &left, e, "SELECT"
		    " (SELECT count(*) FROM sqlite_master WHERE name = ?),"
		    " (SELECT count(*) FROM sqlite_master WHERE type = 'table'"
		    " AND name = ?)", DB_ARGS(DB_TEXT(db_cell(&kept, i, 0)),
		    DB_TEXT(db_cell(&kept, i, 1))));
		if (rc == ST_OK && db_cell_int(&left, 0, 0) == 0 &&
		    db_cell_int(&left, 0, 1) == 1) {
			log_msg(LV_INFO, "db.migrate", "migration %04d: %s made "
			    "again on the rebuilt %s", m->version,
			    db_cell(&kept, i, 0), db_cell(&kept, i, 1));
			rc = db_exec_script(st->db, e, db_cell(&kept, i, 2));
		}
	}
	return (rc);
}

int
store_exec(struct store *st, const char *sql, struct err *e)
{
	return (db_exec_script(st->db, e, sql));
}

int
store_migrate(struct store *st, int *applied, struct err *e)
{
	return (store_migrate_to(st, 0, applied, e));
}

int
store_migrate_to(struct store *st, int upto, int *applied, struct err *e)
{
	const struct migration	*m;
	struct arena		 a;
	bool			 done, locked = false, fk_off = false;
	int			 rc;

	*applied = 0;
	arena_init(&a, 0);
	if (db_kind(st->db) == DB_PG) {
		rc = db_exec_script(st->db, e,
		    "SELECT pg_advisory_lock(" PG_MIGRATION_LOCK ")");
		if (rc != ST_OK)
			goto out;
		locked = true;
	}
	if ((rc = migrations_table(st, e)) != ST_OK)
		goto out;
	for (m = steward_migrations; m->version != 0; m++) {
		if (upto > 0 && m->version > upto)
			break;
		if (m->backend != NULL && strcmp(m->backend,
		    backend_name(st)) != 0)
			continue;
		fk_off = foreign_keys_off(st, m);
		if (fk_off && (rc = db_exec_script(st->db, e,
		    "PRAGMA foreign_keys=OFF")) != ST_OK)
			goto out;
		if ((rc = db_begin(st->db, true, e)) != ST_OK)
			goto out;
		if ((rc = migration_applied(st, &a, m->version, &done, e)) !=
		    ST_OK)
			goto fail;
		if (done) {
			db_rollback(st->db);
			if (fk_off && (rc = foreign_keys_on(st, e)) != ST_OK)
				goto out;
			continue;
		}
		if ((rc = fk_off ? rebuild_run(st, m, &a, e) :
		    db_exec_script(st->db, e, m->sql)) != ST_OK ||
		    (rc = migration_after(st, m->version, &a, e)) != ST_OK ||
		    (fk_off && (rc = foreign_keys_check(st, m, &a, e)) !=
		    ST_OK))
			goto fail;
		rc = db_query(st->db, &a, NULL, e,
		    "INSERT INTO schema_migrations (version, name, applied_at)"
		    " VALUES (?, ?, ?)",
		    DB_ARGS(DB_INT(m->version), DB_TEXT(m->name),
		    DB_INT(clock_now())));
		if (rc != ST_OK)
			goto fail;
		if ((rc = db_commit(st->db, e)) != ST_OK)
			goto out;
		if (fk_off && (rc = foreign_keys_on(st, e)) != ST_OK)
			goto out;
		fk_off = false;
		log_msg(LV_INFO, "db.migrate", "applied migration %04d %s",
		    m->version, m->name);
		(*applied)++;
	}
	rc = ST_OK;
	goto out;
fail:
	db_rollback(st->db);
out:
	if (fk_off) {
		struct err	e2;

		err_clear(&e2);
		(void)foreign_keys_on(st, &e2);
	}
	if (locked) {
		struct err	e2;

		err_clear(&e2);
		(void)db_exec_script(st->db, &e2,
		    "SELECT pg_advisory_unlock(" PG_MIGRATION_LOCK ")");
	}
	arena_free(&a);
	return (rc);
}

int
store_schema_version(struct store *st, int *current, int *latest,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	*latest = migrations_latest();
	*current = 0;
	arena_init(&a, 0);
	if ((rc = migrations_table(st, e)) != ST_OK)
		goto out;
	rc = db_query(st->db, &a, &r, e,
	    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
	    DB_NOARGS);
	if (rc == ST_OK && r.nrows == 1)
		*current = (int)db_cell_int(&r, 0, 0);
out:
	arena_free(&a);
	return (rc);
}
