/*
 * db_pg.c - the PostgreSQL backend of db.h, through libpq.
 *
 * Statements are sent with parameters always separate from the text. `?`
 * placeholders are rewritten to $1..$n (outside quoted strings). Each
 * connection prepares a statement the first time its text is run and
 * executes it by name afterwards, so PostgreSQL parses and plans it once
 * (up to PG_PREPARED_MAX texts; searches whose best plan depends on the
 * pattern are not prepared). A connection lost between statements is
 * re-established once, outside a transaction, and its prepared statements
 * forgotten; inside a transaction the statement fails and the caller's
 * transaction is rolled back.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "store/db.h"

#define PG_PREPARED_MAX	512	/* statement texts per connection */
#define PG_SLOTS	1024	/* hash slots: twice the maximum */

/* Prepared statements of a connection: text -> name "s<index>". */
struct pg_cache {
	char	*text[PG_SLOTS];
	int	 name[PG_SLOTS];
	int	 count;
};

static uint64_t
pg_hash(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h);
}

static void
pg_cache_clear(struct db *db)
{
	struct pg_cache	*c = db->cache;
	size_t		 i;

	if (c == NULL)
		return;
	for (i = 0; i < PG_SLOTS; i++)
		free(c->text[i]);
	memset(c, 0, sizeof(*c));
}

/*
 * The slot of text: its own when prepared (*found), else the empty slot
 * it would take; -1 when the cache is full.
 */
static int
pg_cache_slot(struct pg_cache *c, const char *text, bool *found)
{
	size_t	i, n;

	*found = false;
	i = pg_hash(text) % PG_SLOTS;
	for (n = 0; n < PG_SLOTS; n++, i = (i + 1) % PG_SLOTS) {
		if (c->text[i] == NULL)
			return (c->count < PG_PREPARED_MAX ? (int)i : -1);
		if (strcmp(c->text[i], text) == 0) {
			*found = true;
			return ((int)i);
		}
	}
	return (-1);
}

/* Searches are planned for their pattern each time, never prepared. */
static bool
pg_preparable(const char *text)
{
	return (strstr(text, "LIKE") == NULL && strstr(text, "&&") == NULL &&
	    strstr(text, "%") == NULL);
}

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
/*
 * What every session of ours has, set again after a reconnect: UTF-8, and
 * a bound on idle transactions. No code path leaves a transaction idle
 * for more than moments; one that is (a hung process) must not hold its
 * row locks for ever: the server ends such a session after five minutes.
 */
static void
pg_session_setup(PGconn *conn)
{
	PGresult	*res;

	PQsetClientEncoding(conn, "UTF8");
	res = PQexec(conn, "SET idle_in_transaction_session_timeout = '5min'");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		log_msg(LV_WARN, "db.open", "cannot bound idle transactions: %s",
		    PQerrorMessage(conn));
	PQclear(res);
}

static bool
pg_revive(struct db *db)
{
	if (PQstatus(db->conn) == CONNECTION_OK)
		return (true);
	if (db->tx_depth > 0)
		return (false);
	PQreset(db->conn);
	pg_cache_clear(db);	/* the new session has none of them */
	if (PQstatus(db->conn) == CONNECTION_OK) {
		log_msg(LV_INFO, "db.reconnect", "postgresql reconnected");
		pg_session_setup(db->conn);
		return (true);
	}
	return (false);
}

static void
pg_clear(void *res)
{
	PQclear(res);
}

/* Run text: by name when prepared (preparing it the first time). */
static PGresult *
pg_run(struct db *db, const char *text, const char **values, size_t nparams)
{
	struct pg_cache	*c = db->cache;
	PGresult	*res;
	char		 name[16];
	bool		 found;
	int		 slot;

	if (c == NULL || !pg_preparable(text) ||
	    (slot = pg_cache_slot(c, text, &found)) < 0)
		return (PQexecParams(db->conn, text, (int)nparams, NULL,
		    values, NULL, NULL, 0));
	if (!found) {
		snprintf(name, sizeof(name), "s%d", c->count);
		res = PQprepare(db->conn, name, text, (int)nparams, NULL);
		if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
			/* Report the statement's own error as usual. */
			PQclear(res);
			return (PQexecParams(db->conn, text, (int)nparams,
			    NULL, values, NULL, NULL, 0));
		}
		PQclear(res);
		if ((c->text[slot] = strdup(text)) == NULL)
			return (PQexecPrepared(db->conn, name, (int)nparams,
			    values, NULL, NULL, 0));
		c->name[slot] = c->count++;
	}
	snprintf(name, sizeof(name), "s%d", c->name[slot]);
	return (PQexecPrepared(db->conn, name, (int)nparams, values, NULL,
	    NULL, 0));
}

/* The parameters as libpq takes them (text, or NULL), in a. */
static const char **
pg_values(struct arena *a, const struct db_param *params, size_t nparams)
{
	const char	**values;
	size_t		  i;

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
	return (values);
}

/* ---- statements sent ahead (db_send_ahead) ------------------------------ */

/* What is on its way: how many answers to read, and the statements' first
 * characters for the log. */
struct pg_sent {
	int	 n;
	char	 sql[DB_AHEAD_MAX][100];
};

/*
 * Read the answers of every statement sent ahead and leave pipeline
 * mode: the first failure's status (the rest were skipped by the server),
 * else ST_OK.
 */
static int
pg_drain(struct db *db, struct err *e)
{
	struct pg_sent	*s = db->sent;
	PGresult	*res;
	int		 i, rc = ST_OK;

	if (PQpipelineStatus(db->conn) == PQ_PIPELINE_OFF)
		return (ST_OK);
	if (s->n > 0 && PQpipelineSync(db->conn) != 1)
		rc = pg_status(db, NULL, e, "(pipeline sync)");
	/* Each statement's answer ends with NULL; the sync's comes last. */
	for (i = 0; i <= s->n; ) {
		if ((res = PQgetResult(db->conn)) == NULL) {
			if (PQstatus(db->conn) != CONNECTION_OK) {
				if (rc == ST_OK)
					rc = pg_status(db, NULL, e,
					    "(pipeline)");
				break;
			}
			i++;
			continue;
		}
		if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (PQresultStatus(res) == PGRES_FATAL_ERROR && rc == ST_OK)
			rc = pg_status(db, res, e, i < s->n ? s->sql[i] :
			    "(pipeline)");
		PQclear(res);
	}
	s->n = 0;
	if (PQexitPipelineMode(db->conn) != 1 && rc == ST_OK)
		rc = pg_status(db, NULL, e, "(pipeline end)");
	return (rc);
}

/*
 * Send a statement without waiting for its answer. A text not prepared
 * yet is prepared first, the usual way (one round trip, once).
 */
static int
pg_send(struct db *db, struct err *e, const char *sql,
    const struct db_param *params, size_t nparams)
{
	struct pg_cache	 *c = db->cache;
	struct pg_sent	 *s = db->sent;
	struct arena	  a;
	PGresult	 *res;
	const char	**values;
	char		 *text, name[16];
	bool		  found = false;
	int		  slot = -1, ok, rc;

	if (s == NULL && (s = db->sent = calloc(1, sizeof(*s))) == NULL)
		steward_oom(sizeof(*s));
	arena_init(&a, 0);
	text = pg_rewrite(&a, sql);
	values = pg_values(&a, params, nparams);
	if (c != NULL && pg_preparable(text))
		slot = pg_cache_slot(c, text, &found);
	if (slot >= 0 && !found) {
		if ((rc = pg_drain(db, e)) != ST_OK)
			goto out;
		snprintf(name, sizeof(name), "s%d", c->count);
		res = PQprepare(db->conn, name, text, (int)nparams, NULL);
		found = res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
		if (found) {
			if ((c->text[slot] = strdup(text)) == NULL)
				steward_oom(strlen(text));
			c->name[slot] = c->count++;
		}
	}
	if (PQpipelineStatus(db->conn) == PQ_PIPELINE_OFF &&
	    PQenterPipelineMode(db->conn) != 1) {
		rc = pg_status(db, NULL, e, sql);
		goto out;
	}
	if (found) {
		snprintf(name, sizeof(name), "s%d", c->name[slot]);
		ok = PQsendQueryPrepared(db->conn, name, (int)nparams, values,
		    NULL, NULL, 0);
	} else
		ok = PQsendQueryParams(db->conn, text, (int)nparams, NULL,
		    values, NULL, NULL, 0);
	if (ok != 1) {
		rc = pg_status(db, NULL, e, sql);
		goto out;
	}
	snprintf(s->sql[s->n++], sizeof(s->sql[0]), "%s", sql);
	rc = s->n < DB_AHEAD_MAX ? ST_OK : pg_drain(db, e);
out:
	arena_free(&a);
	return (rc);
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

	if (db->sent != NULL && (i = (size_t)pg_drain(db, e)) != ST_OK)
		return ((int)i);
	text = pg_rewrite(a, sql);
	values = pg_values(a, params, nparams);
	for (tries = 0; ; tries++) {
		res = pg_run(db, text, values, nparams);
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
	int		 rc = ST_OK, drained = ST_OK;

	/*
	 * A statement sent ahead that failed fails whatever waits next, but
	 * a ROLLBACK still runs: the transaction must not stay open (and
	 * aborted) on this connection.
	 */
	if (db->sent != NULL && (drained = pg_drain(db, e)) != ST_OK &&
	    strncmp(sql, "ROLLBACK", 8) != 0)
		return (drained);
	if (drained != ST_OK)
		err_clear(e);
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
	struct err	e;

	err_clear(&e);
	if (db->sent != NULL)
		(void)pg_drain(db, &e);
	free(db->sent);
	db->sent = NULL;
	pg_cache_clear(db);
	free(db->cache);
	db->cache = NULL;
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
	.send = pg_send,
	.exec_script = pg_exec_script,
	.ping = pg_ping,
	.close = pg_close,
	.begin_write = "BEGIN",
	.begin_snapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
};

int
db_pg_open(struct db *db, const char *url, struct err *e)
{
	PGconn		*conn;

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
	pg_session_setup(conn);
	db->kind = DB_PG;
	db->ops = &pg_ops;
	db->conn = conn;
	db->cache = calloc(1, sizeof(struct pg_cache));	/* NULL: unprepared */
	return (ST_OK);
}
