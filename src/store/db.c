/*
 * db.c - backend-independent part of the connection API; see db.h.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "core/metrics.h"
#include "store/db.h"

bool
db_url_is_pg(const char *url)
{
	return (strncmp(url, "postgresql://", 13) == 0 ||
	    strncmp(url, "postgres://", 11) == 0 ||
	    strncmp(url, "pgsql:", 6) == 0);
}

int
db_open(const char *url, bool create, struct db **out, struct err *e)
{
	struct db	*db;
	const char	*fault;
	int		 rc;

	*out = NULL;
	db = calloc(1, sizeof(*db));
	if (db == NULL)
		steward_oom(sizeof(*db));
	db->url = strdup(url);
	if (db->url == NULL)
		steward_oom(strlen(url));
	if ((fault = getenv("STEWARD_FAULT_SQL")) != NULL && *fault != '\0')
		db->fault_sql = strdup(fault);
	if (db_url_is_pg(url))
		rc = db_pg_open(db, url, e);
	else
		rc = db_sqlite_open(db, url, create, e);
	if (rc != ST_OK) {
		free(db->fault_sql);
		free(db->url);
		free(db);
		return (rc);
	}
	*out = db;
	return (ST_OK);
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db->ops->close(db);
	free(db->fault_sql);
	free(db->url);
	free(db);
}

enum db_kind
db_kind(const struct db *db)
{
	return (db->kind);
}

/* Count a failure of the database itself (metrics.h): not a conflict with
 * a constraint, not a missing row. */
static int
counted(int rc)
{
	if (rc == ST_INTERNAL || rc == ST_UNAVAILABLE)
		metrics_event(ME_DB_ERROR, 1);
	return (rc);
}

/* STEWARD_FAULT_SQL: a statement containing it fails (tests). */
static int
fault(struct db *db, struct err *e, const char *sql)
{
	if (db->fault_sql == NULL || strstr(sql, db->fault_sql) == NULL)
		return (ST_OK);
	log_msg(LV_WARN, "db.fault", "injected failure: %s", db->fault_sql);
	return (err_internal(e, "injected fault on: %.120s", sql));
}

int
db_query(struct db *db, struct arena *a, struct db_rows *rows, struct err *e,
    const char *sql, const struct db_param *params, size_t nparams)
{
	struct db_rows	scratch;
	int		rc;

	assert(db != NULL && sql != NULL);
	if (rows == NULL)
		rows = &scratch;
	memset(rows, 0, sizeof(*rows));
	if ((rc = fault(db, e, sql)) != ST_OK)
		return (rc);
	if (rows == &scratch && db->ahead)
		return (counted(db->ops->send(db, e, sql, params, nparams)));
	return (counted(db->ops->query(db, a, rows, e, sql, params,
	    nparams)));
}

void
db_send_ahead(struct db *db)
{
	assert(db->tx_depth > 0);
	if (db->ops->send != NULL)
		db->ahead = true;
}

bool
db_sending_ahead(const struct db *db)
{
	return (db->ahead);
}

int
db_exec_script(struct db *db, struct err *e, const char *sql)
{
	int	rc;

	if ((rc = fault(db, e, sql)) != ST_OK)
		return (rc);
	return (counted(db->ops->exec_script(db, e, sql)));
}

/*
 * Transactions nest: the outermost is a real transaction, inner ones are
 * savepoints, so a function that groups its own writes can be called
 * inside a caller's transaction (the idempotency record and the change it
 * records commit together).
 */
int
db_begin(struct db *db, bool write, struct err *e)
{
	char	sql[48];
	int	rc;

	if (db->tx_depth == 0)
		rc = counted(db->ops->exec_script(db, e,
		    write ? db->ops->begin_write : "BEGIN"));
	else {
		snprintf(sql, sizeof(sql), "SAVEPOINT sp%d", db->tx_depth);
		rc = counted(db->ops->exec_script(db, e, sql));
	}
	if (rc == ST_OK)
		db->tx_depth++;
	return (rc);
}

int
db_begin_snapshot(struct db *db, struct err *e)
{
	int	rc;

	/* Inside a transaction, its own snapshot serves. */
	if (db->tx_depth > 0)
		return (db_begin(db, false, e));
	rc = counted(db->ops->exec_script(db, e, db->ops->begin_snapshot));
	if (rc == ST_OK)
		db->tx_depth++;
	return (rc);
}

int
db_commit(struct db *db, struct err *e)
{
	char	sql[48];
	int	rc;

	assert(db->tx_depth > 0);
	if (db->tx_depth == 1) {
		if ((rc = fault(db, e, "COMMIT")) == ST_OK)
			rc = counted(db->ops->exec_script(db, e, "COMMIT"));
	} else {
		snprintf(sql, sizeof(sql), "RELEASE SAVEPOINT sp%d",
		    db->tx_depth - 1);
		rc = counted(db->ops->exec_script(db, e, sql));
	}
	if (rc != ST_OK) {
		db_rollback(db);
		return (rc);
	}
	if (--db->tx_depth == 0)
		db->ahead = false;
	return (ST_OK);
}

void
db_rollback(struct db *db)
{
	struct err	e;
	char		sql[96];

	if (db->tx_depth == 0)
		return;
	err_clear(&e);
	db->tx_depth--;
	if (db->tx_depth == 0) {
		(void)db->ops->exec_script(db, &e, "ROLLBACK");
		db->ahead = false;
	} else {
		snprintf(sql, sizeof(sql), "ROLLBACK TO SAVEPOINT sp%d; "
		    "RELEASE SAVEPOINT sp%d", db->tx_depth, db->tx_depth);
		(void)db->ops->exec_script(db, &e, sql);
	}
}

void
db_rollback_all(struct db *db)
{
	struct err	e;

	if (db->tx_depth == 0)
		return;
	err_clear(&e);
	(void)db->ops->exec_script(db, &e, "ROLLBACK");
	db->tx_depth = 0;
	db->ahead = false;
}

bool
db_in_tx(const struct db *db)
{
	return (db->tx_depth > 0);
}

int
db_tx_depth(const struct db *db)
{
	return (db->tx_depth);
}

int
db_ping(struct db *db, struct err *e)
{
	return (db->ops->ping(db, e));
}

const char *
db_cell(const struct db_rows *r, size_t row, size_t col)
{
	assert(row < r->nrows && col < r->ncols);
	return (r->cells[row * r->ncols + col]);
}

long long
db_cell_int(const struct db_rows *r, size_t row, size_t col)
{
	const char	*s;

	s = db_cell(r, row, col);
	return (s == NULL ? 0 : strtoll(s, NULL, 10));
}
