/*
 * store_oms_import.c - the staging table of a bulk OMS import: what a
 * file's rows hold, kept on disk by the database (a temporary table of
 * the connection) while the file is read, then written to oms_records a
 * few statements at a time; see store.h (store_oms_stage_*).
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/grams.h"
#include "store/store_int.h"
#include "store/store_oms.h"

/*
 * One row a line of the file (line is the key; SQLite's rowid). Rows
 * whose e-mail key was already there are not added (their line is the
 * answer), so the key is unique. SQLite keeps a temporary table in a
 * file of its own, through a page cache of 8 MiB.
 */
#define STAGE_COLS \
	" email_norm TEXT UNIQUE, id TEXT, type TEXT, email TEXT," \
	" first_name TEXT, last_name TEXT, company TEXT, industry TEXT," \
	" website TEXT, phone TEXT, street TEXT, postal_code TEXT, city TEXT," \
	" country TEXT, search_text TEXT, eligible INTEGER, grams TEXT)"
#define STAGE_NCOLS	18

int
store_oms_stage_open(struct store *st, struct err *e)
{
	st->oms_stage_base = -1;
	if (db_kind(st->db) == DB_PG)
		return (db_exec_script(st->db, e,
		    "DROP TABLE IF EXISTS pg_temp.oms_import;"
		    "CREATE TEMPORARY TABLE oms_import (line BIGINT PRIMARY KEY,"
		    STAGE_COLS));
	return (db_exec_script(st->db, e,
	    "PRAGMA temp.cache_size = -8192;"
	    "DROP TABLE IF EXISTS temp.oms_import;"
	    "CREATE TEMPORARY TABLE oms_import (line INTEGER PRIMARY KEY,"
	    STAGE_COLS));
}

void
store_oms_stage_close(struct store *st)
{
	struct err	e;

	err_clear(&e);
	(void)db_exec_script(st->db, &e, db_kind(st->db) == DB_PG ?
	    "DROP TABLE IF EXISTS pg_temp.oms_import" :
	    "DROP TABLE IF EXISTS temp.oms_import");
	st->oms_stage_base = -1;
}

/* The row i whose line is line (lines ascending); n when none is. */
static size_t
row_of_line(const struct oms_stage_row *rows, size_t n, long long line)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((long long)rows[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < n && (long long)rows[lo].line == line ? lo : n);
}

#define S(x)	DB_TEXT((x) != NULL ? (x) : "")

/* Add the batch's rows; dup for each whose key was there. */
static int
stage_insert(struct store *st, struct arena *a, struct oms_stage_row *rows,
    size_t n, struct err *e)
{
	struct buf		 sql = BUF_INIT;
	struct db_param		*p;
	struct db_rows		 r;
	const struct oms_record	*o;
	char			*search, *id, *grams;
	size_t			 i, k, np = 0;
	bool			 lite = db_kind(st->db) == DB_SQLITE;
	int			 rc;

	p = arena_calloc(a, n * (STAGE_NCOLS + 1), sizeof(*p));
	buf_adds(&sql, "INSERT INTO oms_import (line, email_norm, id, type,"
	    " email, first_name, last_name, company, industry, website, phone,"
	    " street, postal_code, city, country, search_text, eligible, grams)"
	    " VALUES ");
	for (i = 0; i < n; i++) {
		buf_adds(&sql, i ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		    " ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		    " ?, ?, ?, ?, ?, ?)");
		p[np++] = DB_INT(rows[i].line);
		p[np++] = DB_TEXT(rows[i].key);
		o = rows[i].record;
		if (o == NULL) {
			for (k = 2; k < STAGE_NCOLS; k++)
				p[np++] = DB_NULLP;
			continue;
		}
		search = oms_search_text(a, o);
		id = id_new_ordered(a, "oms");
		grams = lite ? NULL : grams_pg_array(a, search);
		p[np++] = DB_TEXT(id);
		p[np++] = DB_TEXT(o->type);
		p[np++] = DB_TEXT(o->email);
		p[np++] = S(o->first_name);
		p[np++] = S(o->last_name);
		p[np++] = S(o->d.company);
		p[np++] = S(o->d.industry);
		p[np++] = S(o->d.website);
		p[np++] = S(o->d.phone);
		p[np++] = S(o->d.street);
		p[np++] = S(o->d.postal_code);
		p[np++] = S(o->d.city);
		p[np++] = S(o->d.country);
		p[np++] = DB_TEXT(search);
		p[np++] = DB_INT(oms_record_eligible(o));
		p[np++] = DB_TEXT(grams);
	}
	buf_adds(&sql, " ON CONFLICT DO NOTHING RETURNING line");
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	for (i = 0; i < n; i++)
		rows[i].dup = rows[i].key != NULL;
	for (k = 0; k < r.nrows; k++)
		if ((i = row_of_line(rows, n, db_cell_int(&r, k, 0))) < n)
			rows[i].dup = false;
	return (ST_OK);
}

int
store_oms_email_owners(struct store *st, struct arena *a,
    const char *const *keys, size_t n, const char **owners, struct err *e)
{
	struct buf	 sql = BUF_INIT;
	struct db_param	*p;
	struct db_rows	 r;
	const char	*key;
	size_t		 i, k, j, at = 0;
	int		 rc;

	if (n == 0)
		return (ST_OK);
	p = arena_calloc(a, n, sizeof(*p));
	/* One text for every batch of n keys: NULL where a key is NULL. */
	buf_adds(&sql, "SELECT email_norm, partner_id FROM oms_records"
	    " WHERE email_norm IN (");
	for (i = 0; i < n; i++) {
		buf_adds(&sql, i ? ", ?" : "?");
		p[i] = DB_TEXT(keys[i]);
		owners[i] = NULL;
	}
	buf_adds(&sql, ")");
	rc = db_query(st->db, a, &r, e, sql.data, p, n);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	/* Answers come mostly in the order asked: look on from the last. */
	for (k = 0; k < r.nrows; k++) {
		key = db_cell(&r, k, 0);
		for (j = 0; j < n; j++) {
			i = (at + j) % n;
			if (keys[i] != NULL && owners[i] == NULL &&
			    strcmp(keys[i], key) == 0) {
				owners[i] = db_cell(&r, k, 1);
				at = i + 1;
				break;
			}
		}
	}
	return (ST_OK);
}

/* taken for each row (not a repeat) whose key the OMS has. */
static int
stage_taken(struct store *st, struct arena *a, struct oms_stage_row *rows,
    size_t n, struct err *e)
{
	const char	**keys, **owners;
	size_t		  i;
	int		  rc;

	keys = arena_calloc(a, n, sizeof(*keys));
	owners = arena_calloc(a, n, sizeof(*owners));
	for (i = 0; i < n; i++)
		keys[i] = rows[i].dup ? NULL : rows[i].key;
	if ((rc = store_oms_email_owners(st, a, keys, n, owners, e)) !=
	    ST_OK)
		return (rc);
	for (i = 0; i < n; i++)
		rows[i].taken = owners[i] != NULL;
	return (ST_OK);
}

int
store_oms_stage_add(struct store *st, struct oms_stage_row *rows, size_t n,
    struct err *e)
{
	struct arena	a;
	int		rc;

	if (n == 0)
		return (ST_OK);
	arena_init(&a, 0);
	rc = stage_insert(st, &a, rows, n, e);
	if (rc == ST_OK)
		rc = stage_taken(st, &a, rows, n, e);
	arena_free(&a);
	return (rc);
}

/* Records of a range of lines, with what only SQLite's (seq) or
 * PostgreSQL's (grams) need last. */
#define WRITE_INTO \
	"INSERT INTO oms_records (id, partner_id, type, email, email_norm," \
	" first_name, last_name, company, industry, website, phone, street," \
	" postal_code, city, country, search_text, eligible, created_at," \
	" updated_at, "
#define WRITE_SELECT \
	" SELECT id, ?, type, email, email_norm, first_name, last_name," \
	" company, industry, website, phone, street, postal_code, city," \
	" country, search_text, eligible, ?, ?, "
#define WRITE_FROM \
	" FROM oms_import WHERE line > ? AND line <= ? ORDER BY line"

int
store_oms_stage_write(struct store *st, const char *partner_id,
    size_t after, size_t upto, int64_t now, size_t *written, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	long long	base;
	int		rc;

	*written = 0;
	memset(&r, 0, sizeof(r));
	arena_init(&a, 0);
	if (db_kind(st->db) == DB_PG) {
		rc = db_query(st->db, &a, &r, e, WRITE_INTO "grams)"
		    WRITE_SELECT "CAST(grams AS text[])" WRITE_FROM,
		    DB_ARGS(DB_TEXT(partner_id), DB_INT(now), DB_INT(now),
		    DB_INT(after), DB_INT(upto)));
		goto out;
	}
	/* SQLite: each record's seq (its search indexes' key) is its line
	 * after the highest seq there was, and the indexes take the rows
	 * with any others waiting for them (store_oms_index_catch_up()),
	 * one statement an index for the range. */
	if (st->oms_stage_base < 0 && (rc = store_count(st, e,
	    &st->oms_stage_base, "SELECT " OMS_SEQ_TOP, NULL, 0)) != ST_OK)
		goto out;
	base = st->oms_stage_base;
	rc = db_query(st->db, &a, &r, e, WRITE_INTO "seq)" WRITE_SELECT
	    "? + line" WRITE_FROM, DB_ARGS(DB_TEXT(partner_id), DB_INT(now),
	    DB_INT(now), DB_INT(base), DB_INT(after), DB_INT(upto)));
	if (rc == ST_OK)
		rc = store_oms_index_catch_up(st, 0, NULL, e);
out:
	if (rc == ST_OK)
		*written = (size_t)r.changes;
	arena_free(&a);
	return (rc);
}

int
store_oms_stage_taken(struct store *st, struct arena *a, size_t max,
    size_t **lines, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	*lines = NULL;
	*n = 0;
	rc = db_query(st->db, a, &r, e,
	    "SELECT s.line FROM oms_import s JOIN oms_records r"
	    " ON r.email_norm = s.email_norm ORDER BY s.line LIMIT ?",
	    DB_ARGS(DB_INT(max)));
	if (rc != ST_OK)
		return (rc);
	*lines = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**lines));
	for (i = 0; i < r.nrows; i++)
		(*lines)[i] = (size_t)db_cell_int(&r, i, 0);
	*n = r.nrows;
	return (ST_OK);
}
