/*
 * db_pg.c - the PostgreSQL backend of db.h, through libpq.
 *
 * Statements are sent with PQexecParams, parameters always separate from
 * the text. `?` placeholders are rewritten to $1..$n (outside quoted
 * strings). A connection lost between statements is re-established once,
 * outside a transaction; inside one the statement fails and the caller's
 * transaction is rolled back.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "store/db.h"

/* Rewrite ? placeholders to $n; leaves quoted literals alone. */
static char *
pg_rewrite(struct arena *a, const char *sql)
{
	struct buf	 b = BUF_INIT;
	const char	*p;
	char		 quote = 0;
	int		 n = 0;

	for (p = sql; *p != '\0'; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			buf_addc(&b, *p);
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			buf_addc(&b, *p);
			continue;
		}
		if (*p == '?') {
			buf_printf(&b, "$%d", ++n);
			continue;
		}
		buf_addc(&b, *p);
	}
	return (buf_to_arena(&b, a));
}

static int
pg_status(struct db *db, PGresult *res, struct err *e, const char *sql)
{
	const char	*state, *cons, *msg;

	msg = res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn);
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state != NULL && (strcmp(state, "23505") == 0 ||
	    strcmp(state, "23503") == 0)) {
		cons = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
		snprintf(e->internal, sizeof(e->internal), "%s: %s",
		    cons ? cons : "constraint", msg);
		return (err_set(e, ST_CONFLICT, "conflict", M_CONFLICT));
	}
	if (PQstatus(db->conn) != CONNECTION_OK ||
	    (state != NULL && strncmp(state, "08", 2) == 0) ||
	    (state != NULL && strncmp(state, "57P", 3) == 0)) {
		log_msg(LV_ERROR, "db.unavailable", "postgresql: %s", msg);
		return (err_set(e, ST_UNAVAILABLE, "unavailable",
		    M_UNAVAILABLE));
	}
	if (state != NULL && (strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0)) {
		log_msg(LV_WARN, "db.busy", "postgresql: %s", msg);
		return (err_set(e, ST_UNAVAILABLE, "busy", M_UNAVAILABLE));
	}
	log_msg(LV_ERROR, "db.error", "postgresql %s: %s (in: %.200s)",
	    state ? state : "?", msg, sql);
	return (err_internal(e, "postgresql %s: %s", state ? state : "?", msg));
}

/* Reconnect a broken connection when no transaction is open. */
static bool
pg_revive(struct db *db)
{
	if (PQstatus(db->conn) == CONNECTION_OK)
		return (true);
	if (db->tx_depth > 0)
		return (false);
	PQreset(db->conn);
	if (PQstatus(db->conn) == CONNECTION_OK) {
		log_msg(LV_INFO, "db.reconnect", "postgresql reconnected");
		return (true);
	}
	return (false);
}

static void
pg_clear(void *res)
{
	PQclear(res);
}

static int
pg_query(struct db *db, struct arena *a, struct db_rows *rows, struct err *e,
    const char *sql, const struct db_param *params, size_t nparams)
{
	PGresult	 *res;
	const char	**values;
	char		 *text, *tuples;
	size_t		  i, r, c;
	int		  tries;

	text = pg_rewrite(a, sql);
	values = arena_calloc(a, nparams ? nparams : 1, sizeof(*values));
	for (i = 0; i < nparams; i++) {
		switch (params[i].t) {
		case DBP_TEXT:
			values[i] = params[i].s;
			break;
		case DBP_INT:
			values[i] = arena_printf(a, "%lld", params[i].i);
			break;
		case DBP_NULL:
		default:
			values[i] = NULL;
			break;
		}
	}
	for (tries = 0; ; tries++) {
		res = PQexecParams(db->conn, text, (int)nparams, NULL, values,
		    NULL, NULL, 0);
		if (res != NULL && (PQresultStatus(res) == PGRES_TUPLES_OK ||
		    PQresultStatus(res) == PGRES_COMMAND_OK))
			break;
		if (tries == 0 && PQstatus(db->conn) != CONNECTION_OK &&
		    pg_revive(db)) {
			PQclear(res);
			continue;
		}
		i = (size_t)pg_status(db, res, e, sql);
		PQclear(res);
		return ((int)i);
	}
	arena_defer(a, pg_clear, res);
	rows->nrows = (size_t)PQntuples(res);
	rows->ncols = (size_t)PQnfields(res);
	tuples = PQcmdTuples(res);
	rows->changes = (tuples && *tuples) ? strtoll(tuples, NULL, 10) : 0;
	if (rows->nrows > 0 && rows->ncols > 0) {
		rows->cells = arena_calloc(a, rows->nrows * rows->ncols,
		    sizeof(char *));
		for (r = 0; r < rows->nrows; r++)
			for (c = 0; c < rows->ncols; c++)
				rows->cells[r * rows->ncols + c] =
				    PQgetisnull(res, (int)r, (int)c) ? NULL :
				    PQgetvalue(res, (int)r, (int)c);
	}
	return (ST_OK);
}

static int
pg_exec_script(struct db *db, struct err *e, const char *sql)
{
	PGresult	*res;
	int		 rc = ST_OK;

	res = PQexec(db->conn, sql);
	if (res == NULL && pg_revive(db))
		res = PQexec(db->conn, sql);
	if (res == NULL || (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)) {
		if (res != NULL && PQstatus(db->conn) != CONNECTION_OK &&
		    db->tx_depth == 0 && strncmp(sql, "BEGIN", 5) == 0 &&
		    pg_revive(db)) {
			PQclear(res);
			return (pg_exec_script(db, e, sql));
		}
		rc = pg_status(db, res, e, sql);
	}
	PQclear(res);
	return (rc);
}

static int
pg_ping(struct db *db, struct err *e)
{
	if (!pg_revive(db))
		return (err_set(e, ST_UNAVAILABLE, "unavailable",
		    M_UNAVAILABLE));
	return (pg_exec_script(db, e, "SELECT 1"));
}

static void
pg_close(struct db *db)
{
	PQfinish(db->conn);
}

static void
pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;	/* NOTICEs from migrations (IF NOT EXISTS) are noise. */
}

static const struct db_ops pg_ops = {
	.query = pg_query,
	.exec_script = pg_exec_script,
	.ping = pg_ping,
	.close = pg_close,
	.begin_write = "BEGIN",
};

int
db_pg_open(struct db *db, const char *url, struct err *e)
{
	PGconn	*conn;

	if (strncmp(url, "pgsql:", 6) == 0)
		url += 6;
	conn = PQconnectdb(url);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		log_msg(LV_ERROR, "db.open", "cannot connect to PostgreSQL: %s",
		    conn ? PQerrorMessage(conn) : "out of memory");
		err_internal(e, "cannot connect to PostgreSQL: %s",
		    conn ? PQerrorMessage(conn) : "out of memory");
		e->status = ST_UNAVAILABLE;
		PQfinish(conn);
		return (ST_UNAVAILABLE);
	}
	PQsetNoticeProcessor(conn, pg_notice, NULL);
	PQsetClientEncoding(conn, "UTF8");
	db->kind = DB_PG;
	db->ops = &pg_ops;
	db->conn = conn;
	return (ST_OK);
}
