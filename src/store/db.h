/*
 * db.h - one database connection, SQLite or PostgreSQL, behind one API.
 *
 * Internal to src/store: the app layer never sees SQL. Store functions
 * write their SQL once in the dialect both engines accept (`?` for
 * parameters, ON CONFLICT, RETURNING, integers for booleans and Unix
 * seconds for times) and run it here. The PostgreSQL backend rewrites `?`
 * to $1..$n and always sends parameters separately (PQexecParams); nothing
 * is ever interpolated into SQL text.
 *
 * Results are copied into the caller's arena as text cells (NULL for SQL
 * NULL), so rows outlive the statement and both backends look the same.
 *
 * Errors: a unique-constraint violation returns ST_CONFLICT, with the
 * constraint in e->internal; a lost or unreachable server ST_UNAVAILABLE;
 * everything else ST_INTERNAL. Other error fields are left for the caller.
 *
 * Fault injection: when STEWARD_FAULT_SQL is set in the environment, every
 * statement whose text contains that string fails with ST_INTERNAL. Tests
 * use it to prove that a multi-statement change is all-or-nothing.
 */
#ifndef STEWARD_DB_H
#define STEWARD_DB_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct err;

enum db_kind { DB_SQLITE, DB_PG };

enum db_ptype { DBP_NULL, DBP_TEXT, DBP_INT };

struct db_param {
	enum db_ptype	 t;
	const char	*s;
	long long	 i;
};

/* Text (NULL: SQL NULL); x is evaluated once. */
static inline struct db_param
db_text_param(const char *x)
{
	return ((struct db_param){ .t = x != NULL ? DBP_TEXT : DBP_NULL,
	    .s = x, .i = 0 });
}

#define DB_TEXT(x)	db_text_param(x)
#define DB_INT(x)	((struct db_param){ .t = DBP_INT, .s = NULL, \
			    .i = (long long)(x) })
#define DB_NULLP	((struct db_param){ .t = DBP_NULL, .s = NULL, .i = 0 })

/* Build (params, count) from a list: db_query(..., DB_ARGS(DB_TEXT(x))) */
#define DB_ARGS(...)	(const struct db_param[]){ __VA_ARGS__ },	\
	sizeof((const struct db_param[]){ __VA_ARGS__ }) /		\
	sizeof(struct db_param)
#define DB_NOARGS	NULL, 0

struct db_rows {
	size_t		  nrows;
	size_t		  ncols;
	char		**cells;	/* row-major; NULL for SQL NULL */
	long long	  changes;	/* rows changed by INSERT/UPDATE/DELETE */
};

struct db;

/*
 * Whether url names a PostgreSQL database: a postgres:// or postgresql://
 * URI, or "pgsql:" followed by a libpq keyword/value connection string
 * (what `stewardctl serve` hands its sandboxed workers).
 */
bool		 db_url_is_pg(const char *url);

/*
 * Open a connection. For SQLite, url is a file path; create allows
 * creating a missing file. Sets WAL, foreign keys, synchronous=FULL and a
 * busy timeout. For PostgreSQL, url is a libpq connection URI.
 */
int		 db_open(const char *url, bool create, struct db **out,
		    struct err *e);
void		 db_close(struct db *db);
enum db_kind	 db_kind(const struct db *db);

/* Run one statement; rows may be NULL when no result is wanted. */
int		 db_query(struct db *db, struct arena *a, struct db_rows *rows,
		    struct err *e, const char *sql,
		    const struct db_param *params, size_t nparams);

/* Run a script of several statements without parameters (migrations). */
int		 db_exec_script(struct db *db, struct err *e, const char *sql);

/*
 * Transactions; write=true takes the write lock up front on SQLite. They
 * nest: inside a transaction, begin/commit/rollback work on a savepoint.
 * db_rollback_all() abandons every level.
 */
int		 db_begin(struct db *db, bool write, struct err *e);
/* A read-only transaction whose reads all see one snapshot (PostgreSQL:
 * repeatable read; SQLite: any transaction in WAL mode). */
int		 db_begin_snapshot(struct db *db, struct err *e);
int		 db_commit(struct db *db, struct err *e);
void		 db_rollback(struct db *db);
void		 db_rollback_all(struct db *db);
bool		 db_in_tx(const struct db *db);
/* How many transactions are open (1: the outermost only; 0: none). */
int		 db_tx_depth(const struct db *db);

/*
 * Until the transaction ends (it must be open), send statements ahead:
 * on PostgreSQL a statement run with rows NULL is sent without waiting
 * for its answer (libpq's pipeline mode), up to DB_AHEAD_MAX at a time;
 * the next call that waits (a statement whose rows are wanted, a script,
 * a savepoint, the commit) first reads every answer, and fails with the
 * first failure among them (its status: ST_CONFLICT for a unique key,
 * and so on), whichever statement it was. For a transaction that writes
 * many rows and fails as a whole when one fails: it no longer waits a
 * round trip for each. SQLite answers at once anyway: nothing changes.
 */
#define DB_AHEAD_MAX	256
void		 db_send_ahead(struct db *db);
bool		 db_sending_ahead(const struct db *db);

/* Check the connection works (and reconnect a lost PostgreSQL one). */
int		 db_ping(struct db *db, struct err *e);

/* Cell accessors. */
const char	*db_cell(const struct db_rows *r, size_t row, size_t col);
long long	 db_cell_int(const struct db_rows *r, size_t row, size_t col);

/* Backend operations, implemented in db_sqlite.c and db_pg.c. */
struct db_ops {
	int	(*query)(struct db *, struct arena *, struct db_rows *,
		    struct err *, const char *, const struct db_param *,
		    size_t);
	int	(*exec_script)(struct db *, struct err *, const char *);
	int	(*ping)(struct db *, struct err *);
	void	(*close)(struct db *);
	/* Send a statement without waiting for its answer (NULL: the
	 * backend always waits; see db_send_ahead). */
	int	(*send)(struct db *, struct err *, const char *,
		    const struct db_param *, size_t);
	const char *begin_write;	/* SQL for db_begin(write=true) */
	const char *begin_snapshot;	/* SQL for db_begin_snapshot() */
};

struct db {
	enum db_kind		 kind;
	const struct db_ops	*ops;
	void			*conn;		/* sqlite3 * or PGconn * */
	void			*cache;		/* backend statement cache */
	int			 tx_depth;
	bool			 ahead;		/* db_send_ahead() */
	void			*sent;		/* backend: statements sent ahead */
	char			*url;
	char			*fault_sql;	/* STEWARD_FAULT_SQL */
};

int	db_sqlite_open(struct db *db, const char *path, bool create,
	    struct err *e);
/* SQLite: settings for a process that answers requests, before its first
 * connection (db_sqlite.c). */
void	db_sqlite_tune_requests(void);
int	db_pg_open(struct db *db, const char *url, struct err *e);
/*
 * SQLite only: copy the whole database of src (an open connection) into
 * the file to_path (created, or its content replaced) with the online
 * backup API, in one step: one read transaction, so the copy is the
 * database as of one moment while other connections go on writing. Once
 * closed, the copy is one self-contained file.
 */
int	db_sqlite_copy(struct db *src, const char *to_path, struct err *e);

#endif
