/*
 * db_sqlite.c - the SQLite backend of db.h.
 *
 * One connection per process (each Kore worker opens its own after the
 * sandbox is up). Prepared statements are cached by SQL text, so the
 * common statements are compiled once per worker: a text may sit in any of
 * STMT_CACHE_WAYS slots from its hash's, so two texts whose hashes meet do
 * not evict each other at every turn (a bulk import alternates a dozen).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "store/db.h"
#include "store/grams.h"

#define STMT_CACHE_SIZE	256
#define STMT_CACHE_WAYS	4	/* slots a text may use */
#define BUSY_TIMEOUT_MS	10000

/*
 * The write-ahead log's size (pages) at which a commit copies it into the
 * database in line. The background process copies it every second
 * (store_checkpoint()), so request workers wait much longer before doing
 * it themselves: a checkpoint is thousands of random page writes and an
 * fsync, which the worker's connections would wait for (the p99 of
 * device check-ins at 1,000,000 devices). 16 MiB elsewhere, 256 MiB in
 * request workers (only if the background process falls behind).
 */
#define AUTOCKPT		4000
#define AUTOCKPT_REQUESTS	65536
static int	autockpt = AUTOCKPT;

struct stmt_entry {
	uint64_t	 hash;
	char		*sql;
	sqlite3_stmt	*stmt;
};

struct stmt_cache {
	struct stmt_entry	e[STMT_CACHE_SIZE];
};

static uint64_t
fnv1a(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (h);
}

/*
 * Waiting for another connection's write lock. SQLite's own handler
 * (sqlite3_busy_timeout) sleeps 1, 2, 5, 10 ... 100 ms between tries, made
 * for locks held for long; a request's write transaction here holds it
 * for about a millisecond, and a worker that sleeps 10 ms answers none of
 * its other connections meanwhile. Try again after 0.1 ms (ten times),
 * then 0.5 ms (ninety times), then 2 ms, for BUSY_TIMEOUT_MS in all.
 */
static int
busy_wait(void *arg, int n)
{
	struct timespec	ts;
	long long	waited_us;

	(void)arg;
	if (n < 10) {
		waited_us = 100LL * n;
		ts.tv_nsec = 100000;
	} else if (n < 100) {
		waited_us = 1000 + 500LL * (n - 10);
		ts.tv_nsec = 500000;
	} else {
		waited_us = 46000 + 2000LL * (n - 100);
		ts.tv_nsec = 2000000;
	}
	if (waited_us >= BUSY_TIMEOUT_MS * 1000LL)
		return (0);
	ts.tv_sec = 0;
	(void)nanosleep(&ts, NULL);
	return (1);
}

static int
sqlite_status(sqlite3 *conn, int rc, struct err *e, const char *sql)
{
	int	ext;

	ext = sqlite3_extended_errcode(conn);
	switch (ext) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		snprintf(e->internal, sizeof(e->internal), "%s",
		    sqlite3_errmsg(conn));
		return (err_set(e, ST_CONFLICT, "conflict", M_CONFLICT));
	default:
		break;
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		log_msg(LV_WARN, "db.busy", "%s", sqlite3_errmsg(conn));
		return (err_set(e, ST_UNAVAILABLE, "busy", M_UNAVAILABLE));
	}
	log_msg(LV_ERROR, "db.error", "sqlite %d: %s (in: %.200s)", ext,
	    sqlite3_errmsg(conn), sql);
	return (err_internal(e, "sqlite %d: %s", ext, sqlite3_errmsg(conn)));
}

static sqlite3_stmt *
stmt_get(struct db *db, const char *sql, struct err *e, int *rc)
{
	struct stmt_cache	*c = db->cache;
	struct stmt_entry	*ent, *free_ent = NULL;
	sqlite3_stmt		*st;
	uint64_t		 h;
	size_t			 i;

	h = fnv1a(sql);
	for (i = 0; i < STMT_CACHE_WAYS; i++) {
		ent = &c->e[(h + i) % STMT_CACHE_SIZE];
		if (ent->stmt == NULL) {
			if (free_ent == NULL)
				free_ent = ent;
			continue;
		}
		if (ent->hash == h && strcmp(ent->sql, sql) == 0)
			return (ent->stmt);
	}
	*rc = sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL);
	if (*rc != SQLITE_OK) {
		*rc = sqlite_status(db->conn, *rc, e, sql);
		return (NULL);
	}
	/* A free slot, or else one of the full ones by the hash's top bits. */
	ent = free_ent != NULL ? free_ent :
	    &c->e[(h + (h >> 32) % STMT_CACHE_WAYS) % STMT_CACHE_SIZE];
	if (ent->stmt != NULL) {
		sqlite3_finalize(ent->stmt);
		free(ent->sql);
	}
	ent->hash = h;
	ent->sql = strdup(sql);
	if (ent->sql == NULL)
		steward_oom(strlen(sql));
	ent->stmt = st;
	return (st);
}

static int
sqlite_query(struct db *db, struct arena *a, struct db_rows *rows,
    struct err *e, const char *sql, const struct db_param *params,
    size_t nparams)
{
	sqlite3_stmt	 *st;
	char		**cells = NULL, **grown;
	size_t		  ncells = 0, cap = 0, i;
	int		  rc = ST_OK, src, ncols;
	const unsigned char *txt;

	st = stmt_get(db, sql, e, &rc);
	if (st == NULL)
		return (rc);
	for (i = 0; i < nparams; i++) {
		switch (params[i].t) {
		case DBP_TEXT:
			src = sqlite3_bind_text(st, (int)i + 1, params[i].s, -1,
			    SQLITE_STATIC);
			break;
		case DBP_INT:
			src = sqlite3_bind_int64(st, (int)i + 1, params[i].i);
			break;
		case DBP_NULL:
		default:
			src = sqlite3_bind_null(st, (int)i + 1);
			break;
		}
		if (src != SQLITE_OK) {
			rc = sqlite_status(db->conn, src, e, sql);
			goto done;
		}
	}
	ncols = sqlite3_column_count(st);
	rows->ncols = (size_t)ncols;
	for (;;) {
		src = sqlite3_step(st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = sqlite_status(db->conn, src, e, sql);
			goto done;
		}
		if (ncells + (size_t)ncols > cap) {
			cap = cap ? cap * 2 : 16 * (size_t)(ncols ? ncols : 1);
			while (cap < ncells + (size_t)ncols)
				cap *= 2;
			grown = realloc(cells, cap * sizeof(*cells));
			if (grown == NULL)
				steward_oom(cap * sizeof(*cells));
			cells = grown;
		}
		for (i = 0; i < (size_t)ncols; i++) {
			if (sqlite3_column_type(st, (int)i) == SQLITE_NULL) {
				cells[ncells++] = NULL;
				continue;
			}
			txt = sqlite3_column_text(st, (int)i);
			cells[ncells++] = arena_strndup(a, (const char *)txt,
			    (size_t)sqlite3_column_bytes(st, (int)i));
		}
		rows->nrows++;
	}
	rows->changes = sqlite3_changes64(db->conn);
	if (ncells > 0)
		rows->cells = arena_memdup(a, cells, ncells * sizeof(*cells));
done:
	free(cells);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != ST_OK)
		rows->nrows = 0;
	return (rc);
}

static int
sqlite_exec_script(struct db *db, struct err *e, const char *sql)
{
	char	*msg = NULL;
	int	 rc;

	rc = sqlite3_exec(db->conn, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		rc = sqlite_status(db->conn, rc, e, sql);
		sqlite3_free(msg);
		return (rc);
	}
	return (ST_OK);
}

static int
sqlite_ping(struct db *db, struct err *e)
{
	return (sqlite_exec_script(db, e, "SELECT 1"));
}

static void
sqlite_close(struct db *db)
{
	struct stmt_cache	*c = db->cache;
	size_t			 i;

	if (c != NULL) {
		for (i = 0; i < STMT_CACHE_SIZE; i++) {
			if (c->e[i].stmt != NULL)
				sqlite3_finalize(c->e[i].stmt);
			free(c->e[i].sql);
		}
		free(c);
	}
	sqlite3_close_v2(db->conn);
}

static const struct db_ops sqlite_ops = {
	.query = sqlite_query,
	.exec_script = sqlite_exec_script,
	.ping = sqlite_ping,
	.close = sqlite_close,
	.begin_write = "BEGIN IMMEDIATE",
	.begin_snapshot = "BEGIN",
};

/*
 * Request workers leave checkpoints to the background process
 * (AUTOCKPT_REQUESTS), and keep statement and savepoint sub-journals in
 * memory (SQLITE_CONFIG_STMTJRNL_SPILL -1). By default SQLite moves a
 * sub-journal past 64 KiB to a temporary file, and a group of creations
 * (api/group.h) crossed that: a file opened, written and unlinked each
 * time, a fifth of a creation's cost (bench/README.md). A threshold above
 * 64 KiB is not an option: SQLite 3.40 then fails every statement whose
 * sub-journal outgrows it with SQLITE_FULL (deleting a customer with
 * 1,000 devices at a million devices did); "always in memory" does not
 * (test_store_workers.c). A sub-journal holds the pages one statement or
 * savepoint changes, freed when it ends. Only possible before the
 * process's first connection (a warning afterwards).
 */
void
db_sqlite_tune_requests(void)
{
	autockpt = AUTOCKPT_REQUESTS;
	if (sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1) != SQLITE_OK)
		log_msg(LV_WARN, "db.tune", "sqlite: sub-journals spill to "
		    "files past 64 KiB (SQLite was already in use)");
}

int
db_sqlite_open(struct db *db, const char *path, bool create, struct err *e)
{
	sqlite3		*conn = NULL;
	int		 flags, rc;
	static const char pragmas[] =
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;"
	    "PRAGMA cache_size=-16384;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA trusted_schema=OFF;";

	if (strncmp(path, "sqlite://", 9) == 0)
		path += 9;
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	    SQLITE_OPEN_EXRESCODE;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &conn, flags, NULL);
	if (rc != SQLITE_OK) {
		log_msg(LV_ERROR, "db.open", "cannot open %s: %s", path,
		    conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
		err_internal(e, "cannot open SQLite database %s: %s", path,
		    conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
		sqlite3_close_v2(conn);
		e->status = ST_UNAVAILABLE;
		return (ST_UNAVAILABLE);
	}
	sqlite3_extended_result_codes(conn, 1);
	sqlite3_busy_handler(conn, busy_wait, NULL);
	db->kind = DB_SQLITE;
	db->ops = &sqlite_ops;
	db->conn = conn;
	db->cache = calloc(1, sizeof(struct stmt_cache));
	if (db->cache == NULL)
		steward_oom(sizeof(struct stmt_cache));
	rc = sqlite_exec_script(db, e, pragmas);
	if (rc != ST_OK) {
		sqlite_close(db);
		return (rc);
	}
	if (grams_register(conn) != SQLITE_OK) {
		sqlite_close(db);
		return (err_internal(e, "cannot register the FTS5 tokenizer"));
	}
	/* Not a pragma in the script: its argument is not a literal. */
	(void)sqlite3_wal_autocheckpoint(conn, autockpt);
	return (ST_OK);
}

int
db_sqlite_copy(struct db *src, const char *to_path, struct err *e)
{
	sqlite3_backup	*b;
	sqlite3		*dst = NULL;
	int		 rc, tries;

	assert(src->kind == DB_SQLITE);
	rc = sqlite3_open_v2(to_path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err_internal(e, "cannot open %s: %s", to_path,
		    dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close_v2(dst);
		return (e->status);
	}
	sqlite3_busy_timeout(dst, BUSY_TIMEOUT_MS);
	if ((b = sqlite3_backup_init(dst, "main", src->conn, "main")) ==
	    NULL) {
		err_internal(e, "cannot start the copy into %s: %s", to_path,
		    sqlite3_errmsg(dst));
		sqlite3_close_v2(dst);
		return (e->status);
	}
	/* All pages in one step: a writer that commits meanwhile (WAL) does
	 * not restart the copy, which reads one snapshot. */
	for (tries = 0; tries < 100; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(100);
	}
	(void)sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		err_internal(e, "copy into %s failed: %s", to_path,
		    sqlite3_errstr(rc));
		sqlite3_close_v2(dst);
		return (e->status);
	}
	if (sqlite3_close(dst) != SQLITE_OK)
		return (err_internal(e, "cannot close %s", to_path));
	return (ST_OK);
}
