/*
 * store.c - connection, schema migrations, transactions and settings.
 */
#include <assert.h>
#include <stddef.h>
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
	db_close(st->db);
	free(st);
}

const char *
store_engine(const struct store *st)
{
	return (db_kind(st->db) == DB_PG ? "postgresql" : "sqlite");
}

int
store_one(struct store *st, struct arena *a, struct db_rows *rows,
    struct err *e, const char *sql, const struct db_param *p, size_t np)
{
	int	rc;

	if ((rc = db_query(st->db, a, rows, e, sql, p, np)) != ST_OK)
		return (rc);
	if (rows->nrows == 0)
		return (err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
	assert(rows->nrows == 1);
	return (ST_OK);
}

size_t
store_page_end(struct page *pg, struct db_rows *r, const size_t *cols,
    size_t ncols)
{
	const char	*keys[PAGE_KEYS_MAX];
	size_t		 i;

	assert(ncols >= 1 && ncols <= PAGE_KEYS_MAX);
	pg->more = false;
	if (r->nrows <= pg->limit)
		return (r->nrows);
	for (i = 0; i < ncols; i++)
		keys[i] = db_cell(r, pg->limit - 1, cols[i]);
	page_set_next(pg, ncols, keys);
	r->nrows = pg->limit;
	return (r->nrows);
}

/* The n-th of cols (keys separated by ", "), into out. */
static void
page_col(const char *cols, size_t n, char *out, size_t len)
{
	const char	*p = cols, *end;

	for (; n > 0; n--) {
		p = strstr(p, ", ");
		assert(p != NULL);
		p += 2;
	}
	end = strstr(p, ", ");
	snprintf(out, len, "%.*s", (int)(end != NULL ? end - p :
	    (ptrdiff_t)strlen(p)), p);
}

int
store_page_after(struct buf *sql, struct db_param *p, size_t *np,
    const struct page *pg, const char *cols, const char *types,
    struct err *e)
{
	struct db_param	 key[PAGE_KEYS_MAX];
	char		 col[256];
	bool		 mixed = false;
	int64_t		 v;
	size_t		 i, j, n = strlen(types);

	assert(n >= 1 && n <= PAGE_KEYS_MAX);
	if (pg->nafter == 0)
		return (ST_OK);
	if (pg->nafter != n)
		return (err_field(e, "cursor", M_BAD_CURSOR));
	for (i = 0; i < n; i++) {
		if (types[i] == 'i' || types[i] == 'I') {
			if (!page_after_int(pg, i, &v))
				return (err_field(e, "cursor", M_BAD_CURSOR));
			key[i] = DB_INT(v);
		} else
			key[i] = DB_TEXT(pg->after[i]);
		mixed |= types[i] == 'T' || types[i] == 'I';
	}
	if (!mixed) {
		buf_printf(sql, " AND (%s) > (", cols);
		for (i = 0; i < n; i++) {
			p[(*np)++] = key[i];
			buf_adds(sql, i == 0 ? "?" : ", ?");
		}
		buf_addc(sql, ')');
		return (ST_OK);
	}
	/* Some keys descend: (a > ?) OR (a = ? AND b < ?) OR ... */
	buf_adds(sql, " AND (");
	for (i = 0; i < n; i++) {
		buf_adds(sql, i == 0 ? "(" : " OR (");
		for (j = 0; j <= i; j++) {
			page_col(cols, j, col, sizeof(col));
			buf_printf(sql, "%s%s %s ?", j > 0 ? " AND " : "", col,
			    j < i ? "=" : types[j] == 'T' || types[j] == 'I' ?
			    "<" : ">");
			p[(*np)++] = key[j];
		}
		buf_addc(sql, ')');
	}
	buf_addc(sql, ')');
	return (ST_OK);
}

int
store_page_query(struct store *st, struct arena *a, struct db_rows *r,
    struct err *e, struct buf *sql, struct db_param *p, size_t np,
    const struct page *pg, const char *cols, const char *types)
{
	char	col[256];
	size_t	i;
	int	rc;

	if ((rc = store_page_after(sql, p, &np, pg, cols, types, e)) ==
	    ST_OK) {
		buf_adds(sql, " ORDER BY ");
		for (i = 0; types[i] != '\0'; i++) {
			page_col(cols, i, col, sizeof(col));
			buf_printf(sql, "%s%s%s", i > 0 ? ", " : "", col,
			    types[i] == 'T' || types[i] == 'I' ? " DESC" : "");
		}
		buf_adds(sql, " LIMIT ?");
		p[np++] = PAGE_LIMIT(pg);
		rc = db_query(st->db, a, r, e, sql->data, p, np);
	}
	buf_free(sql);
	return (rc);
}

int
store_change_or(struct store *st, struct err *e, int status,
    const char *code, enum msg_id msg, const char *sql,
    const struct db_param *p, size_t np)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	assert(status >= 400);
	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e, sql, p, np);
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, status, code, msg);
	arena_free(&a);
	return (rc);
}

int
store_change_one(struct store *st, struct err *e, const char *sql,
    const struct db_param *p, size_t np)
{
	return (store_change_or(st, e, ST_NOT_FOUND, "not_found", M_NOT_FOUND,
	    sql, p, np));
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
 * SQL: version 2 derives the search text of the OMS records already there.
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
	bool			 done, locked = false;
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
		if ((rc = db_begin(st->db, true, e)) != ST_OK)
			goto out;
		if ((rc = migration_applied(st, &a, m->version, &done, e)) !=
		    ST_OK)
			goto fail;
		if (done) {
			db_rollback(st->db);
			continue;
		}
		if ((rc = db_exec_script(st->db, e, m->sql)) != ST_OK ||
		    (rc = migration_after(st, m->version, &a, e)) != ST_OK)
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
		log_msg(LV_INFO, "db.migrate", "applied migration %04d %s",
		    m->version, m->name);
		(*applied)++;
	}
	rc = ST_OK;
	goto out;
fail:
	db_rollback(st->db);
out:
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

int
store_tx_begin(struct store *st, struct err *e)
{
	return (db_begin(st->db, true, e));
}

int
store_tx_commit(struct store *st, struct err *e)
{
	return (db_commit(st->db, e));
}

void
store_tx_rollback(struct store *st)
{
	db_rollback(st->db);
}

void
store_tx_abandon(struct store *st)
{
	db_rollback_all(st->db);
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
