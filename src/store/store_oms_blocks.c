/*
 * store_oms_blocks.c - the blocks Find customer reads a dense term's page
 * from (migrations 0030 and 0035, store_oms_search.c): building a partner's
 * generation of them a step at a time, putting it in place of the one
 * before, and dropping replaced ones. See store.h.
 */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "store/grams.h"
#include "store/store_int.h"
#include "store/store_oms.h"

/* A block's id: its generation's id, then its place in display order. */
#define BLOCK_ID(gen, pos)	(((gen) << 24) | (pos))
#define BLOCKS_PER_GEN		(1LL << 24)

/* Records added or changed after mark (whose records are never older). */
static const char *
changed_since(const struct store *st)
{
	return (db_kind(st->db) == DB_SQLITE ? "seq > ?" :
	    "changed_xid >= ?");
}

/*
 * PostgreSQL: the oldest transaction of this database still running, or
 * the next one to start. A record whose changed_xid is below it was
 * written by a transaction that has ended, so every later statement sees
 * it (or it is gone). Transactions of other databases of the cluster are
 * left out (they never write these records): one long transaction there
 * would otherwise hold the mark back and make every record look changed.
 * The transactions in this statement's snapshot that were running are
 * looked up among the backends of this database (and its prepared
 * transactions) afterwards; those that ended in between no longer matter.
 */
#define PG_MARK \
	"SELECT COALESCE(MIN(x::text::bigint)," \
	" pg_snapshot_xmax(pg_current_snapshot())::text::bigint)" \
	" FROM pg_snapshot_xip(pg_current_snapshot()) x" \
	" WHERE (x::text::bigint % 4294967296)::text::xid IN" \
	" (SELECT backend_xid FROM pg_stat_activity" \
	" WHERE datname = current_database() AND backend_xid IS NOT NULL" \
	" UNION ALL SELECT transaction FROM pg_prepared_xacts" \
	" WHERE database = current_database())"

int
store_oms_blocks_mark(struct store *st, long long *mark, struct err *e)
{
	return (store_count(st, e, mark, db_kind(st->db) == DB_SQLITE ?
	    "SELECT " OMS_SEQ_TOP : PG_MARK,
	    DB_NOARGS));
}

/*
 * Whether partner_id needs a new generation (see store.h): *out; or would,
 * but its last one became ready too short a while ago (*resting).
 */
static int
due(struct store *st, struct arena *a, const char *partner_id, int64_t now,
    bool *out, bool *resting, struct err *e)
{
	struct db_rows	 r;
	long long	 n;
	int64_t		 ready_at, took;
	char		*sql;
	int		 rc;

	*out = *resting = false;
	rc = db_query(st->db, a, &r, e, "SELECT mark, state, started_at,"
	    " changed_at FROM oms_search_gens WHERE partner_id = ?"
	    " AND state IN ('ready', 'building') ORDER BY id DESC LIMIT 1",
	    DB_ARGS(DB_TEXT(partner_id)));
	if (rc != ST_OK || (r.nrows > 0 &&
	    strcmp(db_cell(&r, 0, 1), "building") == 0))
		return (rc);	/* one is on its way */
	if (r.nrows == 0) {
		rc = store_count(st, e, &n, "SELECT COUNT(*) FROM (SELECT 1"
		    " FROM oms_records WHERE partner_id = ? AND eligible = 1"
		    " LIMIT ?) x", DB_ARGS(DB_TEXT(partner_id),
		    DB_INT(OMS_BLOCKS_MIN)));
		*out = rc == ST_OK && n >= OMS_BLOCKS_MIN;
		return (rc);
	}
	sql = arena_printf(a, "SELECT COUNT(*) FROM (SELECT 1 FROM oms_records"
	    " WHERE partner_id = ? AND %s LIMIT ?) x", changed_since(st));
	rc = store_count(st, e, &n, sql, DB_ARGS(DB_TEXT(partner_id),
	    DB_INT(db_cell_int(&r, 0, 0)), DB_INT(OMS_BLOCKS_STALE)));
	if (rc != ST_OK || n < OMS_BLOCKS_STALE)
		return (rc);
	/* Ready at changed_at, begun at started_at. */
	ready_at = db_cell_int(&r, 0, 3);
	took = ready_at - db_cell_int(&r, 0, 2);
	if (took > 0 && now < ready_at + OMS_BLOCKS_REST * took)
		*resting = true;
	else
		*out = true;
	return (ST_OK);
}

int
store_oms_blocks_due(struct store *st, struct arena *a, long long since,
    int64_t now, char ***partners, size_t *n, bool *resting, struct err *e)
{
	struct db_rows	 r;
	size_t		 i;
	bool		 d, rest;
	char		*sql;
	int		 rc;

	*partners = NULL;
	*n = 0;
	*resting = false;
	sql = arena_printf(a, "SELECT a.id FROM accounts a"
	    " WHERE a.kind = 'partner' AND a.deleted_at IS NULL"
	    " AND EXISTS (SELECT 1 FROM oms_records"
	    " WHERE partner_id = a.id AND %s) ORDER BY a.id",
	    changed_since(st));
	if ((rc = db_query(st->db, a, &r, e, sql,
	    DB_ARGS(DB_INT(since)))) != ST_OK)
		return (rc);
	*partners = arena_calloc(a, r.nrows + 1, sizeof(**partners));
	for (i = 0; i < r.nrows; i++) {
		if ((rc = due(st, a, db_cell(&r, i, 0), now, &d, &rest, e)) !=
		    ST_OK)
			return (rc);
		*resting |= rest;
		if (d)
			(*partners)[(*n)++] = arena_strdup(a, db_cell(&r, i, 0));
	}
	return (ST_OK);
}

int
store_oms_blocks_begin(struct store *st, const char *partner_id,
    int64_t now, long long *gen, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	long long	mark;
	int		rc;

	*gen = 0;
	if ((rc = store_oms_blocks_mark(st, &mark, e)) != ST_OK)
		return (rc);
	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e, "INSERT INTO oms_search_gens"
	    " (partner_id, state, mark, started_at, changed_at)"
	    " VALUES (?, 'building', ?, ?, ?) RETURNING id",
	    DB_ARGS(DB_TEXT(partner_id), DB_INT(mark), DB_INT(now),
	    DB_INT(now)));
	if (rc == ST_OK)
		*gen = db_cell_int(&r, 0, 0);
	arena_free(&a);
	return (rc);
}

int
store_oms_blocks_of(struct store *st, const char *partner_id,
    const char *state, long long *gen, long long *blocks, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	*gen = *blocks = 0;
	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e, "SELECT id, blocks FROM oms_search_gens"
	    " WHERE partner_id = ? AND state = ? ORDER BY id DESC LIMIT 1",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(state)));
	if (rc == ST_OK && r.nrows > 0) {
		*gen = db_cell_int(&r, 0, 0);
		*blocks = db_cell_int(&r, 0, 1);
	}
	arena_free(&a);
	return (rc);
}

int
store_oms_blocks_building(struct store *st, struct arena *a, long long *gen,
    char **partner_id, struct err *e)
{
	struct db_rows	r;
	int		rc;

	*gen = 0;
	*partner_id = NULL;
	rc = db_query(st->db, a, &r, e, "SELECT id, partner_id"
	    " FROM oms_search_gens WHERE state = 'building'"
	    " ORDER BY id LIMIT 1", DB_NOARGS);
	if (rc == ST_OK && r.nrows > 0) {
		*gen = db_cell_int(&r, 0, 0);
		*partner_id = arena_strdup(a, db_cell(&r, 0, 1));
	}
	return (rc);
}

/*
 * Write block pos of gen: the n records of r (company, id, search_text)
 * from row first. The block keeps their ids (comma separated) and search
 * texts (separated by OMS_BLOCK_SEP) in display order, which searches scan;
 * the texts are indexed (SQLite: the two FTS5 tables over the block;
 * PostgreSQL: the grams of each record, in one array).
 */
static int
block_write(struct store *st, struct arena *a, long long gen, long long pos,
    const char *partner_id, const struct oms_blocks_next *r, size_t first,
    size_t n, struct err *e)
{
	struct buf	  text = BUF_INIT, ids = BUF_INIT;
	const char	**texts, *lo_company = "", *lo_id = "", *t;
	long long	  id = BLOCK_ID(gen, pos);
	size_t		  i;
	int		  rc;

	/* The first block also holds whatever sorts before its records. */
	if (pos > 0) {
		lo_company = r->company[first];
		lo_id = r->id[first];
	}
	texts = arena_calloc(a, n, sizeof(*texts));
	for (i = 0; i < n; i++) {
		if (i > 0) {
			buf_addc(&text, OMS_BLOCK_SEP);
			buf_addc(&ids, ',');
		}
		buf_adds(&ids, r->id[first + i]);
		texts[i] = r->text[first + i];
		for (t = texts[i]; *t != '\0'; t++)	/* never in one */
			buf_addc(&text, *t == OMS_BLOCK_SEP ? ' ' : *t);
	}
	if (db_kind(st->db) == DB_PG)
		rc = db_query(st->db, a, NULL, e, "INSERT INTO oms_search_blocks"
		    " (id, partner_id, lo_company, lo_id, ids, search_text,"
		    " grams) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS text[]))",
		    DB_ARGS(DB_INT(id), DB_TEXT(partner_id),
		    DB_TEXT(lo_company), DB_TEXT(lo_id), DB_TEXT(ids.data),
		    DB_TEXT(text.data), DB_TEXT(grams_pg_block(a, texts, n))));
	else
		rc = db_query(st->db, a, NULL, e, "INSERT INTO"
		    " oms_search_blocks (id, partner_id, lo_company, lo_id,"
		    " ids, search_text) VALUES (?, ?, ?, ?, ?, ?)",
		    DB_ARGS(DB_INT(id), DB_TEXT(partner_id),
		    DB_TEXT(lo_company), DB_TEXT(lo_id), DB_TEXT(ids.data),
		    DB_TEXT(text.data)));
	if (rc == ST_OK && db_kind(st->db) == DB_SQLITE)
		rc = db_query(st->db, a, NULL, e, "INSERT INTO oms_block_search"
		    " (rowid, search_text) VALUES (?, ?)",
		    DB_ARGS(DB_INT(id), DB_TEXT(text.data)));
	if (rc == ST_OK && db_kind(st->db) == DB_SQLITE)
		rc = db_query(st->db, a, NULL, e, "INSERT INTO oms_block_grams"
		    " (rowid, search_text) VALUES (?, ?)",
		    DB_ARGS(DB_INT(id), DB_TEXT(text.data)));
	buf_free(&text);
	buf_free(&ids);
	return (rc);
}

int
store_oms_blocks_read(struct store *st, struct arena *a, long long gen,
    const char *partner_id, size_t nblocks, struct oms_blocks_next *nx,
    struct err *e)
{
	struct db_param	 p[4];
	struct db_rows	 g, r;
	size_t		 np = 0, i;
	int		 rc;

	memset(nx, 0, sizeof(*nx));
	nx->want = nblocks * OMS_BLOCK_RECORDS;
	rc = db_query(st->db, a, &g, e, "SELECT blocks, next_company, next_id"
	    " FROM oms_search_gens WHERE partner_id = ? AND id = ?"
	    " AND state = 'building'", DB_ARGS(DB_TEXT(partner_id),
	    DB_INT(gen)));
	if (rc != ST_OK || g.nrows == 0) {
		nx->finished = rc == ST_OK;	/* finished elsewhere */
		return (rc);
	}
	nx->built = db_cell_int(&g, 0, 0);
	nx->next_company = db_cell(&g, 0, 1);
	nx->next_id = db_cell(&g, 0, 2);
	p[np++] = DB_TEXT(partner_id);
	if (nx->next_company != NULL) {
		p[np++] = DB_TEXT(nx->next_company);
		p[np++] = DB_TEXT(nx->next_id);
	}
	p[np++] = DB_INT(nx->want);
	rc = db_query(st->db, a, &r, e, nx->next_company == NULL ?
	    "SELECT company, id, search_text FROM oms_records"
	    " WHERE partner_id = ? AND eligible = 1"
	    " ORDER BY company, id LIMIT ?" :
	    "SELECT company, id, search_text FROM oms_records"
	    " WHERE partner_id = ? AND eligible = 1 AND (company, id) > (?, ?)"
	    " ORDER BY company, id LIMIT ?", p, np);
	if (rc != ST_OK || r.nrows == 0)
		return (rc);
	nx->n = r.nrows;
	nx->company = arena_calloc(a, r.nrows, sizeof(*nx->company));
	nx->id = arena_calloc(a, r.nrows, sizeof(*nx->id));
	nx->text = arena_calloc(a, r.nrows, sizeof(*nx->text));
	for (i = 0; i < r.nrows; i++) {
		nx->company[i] = db_cell(&r, i, 0);
		nx->id[i] = db_cell(&r, i, 1);
		nx->text[i] = db_cell(&r, i, 2);
	}
	return (ST_OK);
}

int
store_oms_blocks_write(struct store *st, struct arena *a, long long gen,
    const char *partner_id, const struct oms_blocks_next *nx, int64_t now,
    bool *done, struct err *e)
{
	struct db_rows		 c;
	const char		*nc = nx->next_company, *ni = nx->next_id;
	long long		 k;
	size_t			 i, m;
	int			 rc = ST_OK;

	*done = nx->finished;
	if (nx->finished)
		return (ST_OK);
	for (i = 0, k = 0; rc == ST_OK && i < nx->n; i += m, k++) {
		m = nx->n - i < OMS_BLOCK_RECORDS ? nx->n - i :
		    OMS_BLOCK_RECORDS;
		if (nx->built + k >= BLOCKS_PER_GEN)
			rc = err_set(e, ST_INTERNAL, "internal", M_INTERNAL);
		else
			rc = block_write(st, a, gen, nx->built + k, partner_id,
			    nx, i, m, e);
	}
	if (rc != ST_OK)
		return (rc);
	if (nx->n > 0) {
		nc = nx->company[nx->n - 1];
		ni = nx->id[nx->n - 1];
	}
	/* Only the builder that read this progress may record its own. */
	rc = db_query(st->db, a, &c, e, "UPDATE oms_search_gens"
	    " SET blocks = ?, next_company = ?, next_id = ?, changed_at = ?"
	    " WHERE partner_id = ? AND id = ? AND state = 'building'"
	    " AND blocks = ?", DB_ARGS(DB_INT(nx->built + k), DB_TEXT(nc),
	    DB_TEXT(ni), DB_INT(now), DB_TEXT(partner_id), DB_INT(gen),
	    DB_INT(nx->built)));
	if (rc == ST_OK && c.changes == 0)
		rc = err_set(e, ST_CONFLICT, "conflict", M_CONFLICT);
	if (rc != ST_OK || nx->n == nx->want)
		return (rc);
	/* The partner's last records: this generation takes over. */
	rc = db_query(st->db, a, NULL, e, "UPDATE oms_search_gens"
	    " SET state = 'retired', changed_at = ?"
	    " WHERE partner_id = ? AND state = 'ready'",
	    DB_ARGS(DB_INT(now), DB_TEXT(partner_id)));
	if (rc == ST_OK)
		rc = db_query(st->db, a, NULL, e, "UPDATE oms_search_gens"
		    " SET state = 'ready', changed_at = ?"
		    " WHERE partner_id = ? AND id = ?", DB_ARGS(DB_INT(now),
		    DB_TEXT(partner_id), DB_INT(gen)));
	/* Many records came or changed: the planner's figures again (an
	 * import's own leave SQLite's those of the table before). SQLite
	 * reads a sample of each index (analysis_limit), not millions of
	 * rows while it holds the write lock. */
	if (rc == ST_OK)
		rc = db_exec_script(st->db, e, db_kind(st->db) == DB_SQLITE ?
		    "PRAGMA analysis_limit = 1000; ANALYZE oms_records;"
		    " PRAGMA analysis_limit = 0" :
		    "ANALYZE oms_records; ANALYZE oms_search_blocks");
	*done = rc == ST_OK;
	return (rc);
}

/* SQLite: take partner_id's blocks [lo, hi] out of the two block
 * indexes (every block of the partner's without lo and hi). */
static int
unindex(struct store *st, struct arena *a, const char *partner_id,
    long long lo, long long hi, struct err *e)
{
	static const char *const fts[] = { "oms_block_search",
	    "oms_block_grams" };
	char	*sql;
	size_t	 i;
	int	 rc = ST_OK;

	for (i = 0; rc == ST_OK && i < 2; i++) {
		sql = arena_printf(a, "INSERT INTO %s (%s, rowid, search_text)"
		    " SELECT 'delete', id, search_text FROM oms_search_blocks"
		    " WHERE partner_id = ? AND id BETWEEN ? AND ?", fts[i],
		    fts[i]);
		rc = db_query(st->db, a, NULL, e, sql,
		    DB_ARGS(DB_TEXT(partner_id), DB_INT(lo), DB_INT(hi)));
	}
	return (rc);
}

int
store_oms_blocks_drop(struct store *st, int64_t before, size_t nblocks,
    bool *found, struct err *e)
{
	struct arena	 a;
	struct db_rows	 r;
	const char	*partner_id;
	long long	 gen, lo, hi;
	int		 rc;

	*found = false;
	arena_init(&a, 512);
	rc = db_query(st->db, &a, &r, e, "SELECT id, partner_id"
	    " FROM oms_search_gens WHERE state = 'retired' AND changed_at < ?"
	    " ORDER BY id LIMIT 1", DB_ARGS(DB_INT(before)));
	if (rc != ST_OK || r.nrows == 0)
		goto out;
	*found = true;
	gen = db_cell_int(&r, 0, 0);
	partner_id = db_cell(&r, 0, 1);
	rc = db_query(st->db, &a, &r, e, "SELECT MIN(id) FROM oms_search_blocks"
	    " WHERE partner_id = ? AND id BETWEEN ? AND ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_INT(BLOCK_ID(gen, 0)),
	    DB_INT(BLOCK_ID(gen, BLOCKS_PER_GEN - 1))));
	if (rc != ST_OK)
		goto out;
	if (db_cell(&r, 0, 0) == NULL) {
		rc = db_query(st->db, &a, NULL, e, "DELETE FROM oms_search_gens"
		    " WHERE partner_id = ? AND id = ?",
		    DB_ARGS(DB_TEXT(partner_id), DB_INT(gen)));
		goto out;
	}
	lo = db_cell_int(&r, 0, 0);
	hi = lo + (long long)nblocks - 1;
	if (db_kind(st->db) == DB_SQLITE)
		rc = unindex(st, &a, partner_id, lo, hi, e);
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e, "DELETE FROM"
		    " oms_search_blocks WHERE partner_id = ?"
		    " AND id BETWEEN ? AND ?", DB_ARGS(DB_TEXT(partner_id),
		    DB_INT(lo), DB_INT(hi)));
out:
	arena_free(&a);
	return (rc);
}

int
store_oms_blocks_purge(struct store *st, const char *partner_id,
    struct err *e)
{
	struct arena	a;
	int		rc = ST_OK;

	arena_init(&a, 256);
	if (db_kind(st->db) == DB_SQLITE)
		rc = unindex(st, &a, partner_id, 0, INT64_MAX, e);
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e, "DELETE FROM"
		    " oms_search_blocks WHERE partner_id = ?",
		    DB_ARGS(DB_TEXT(partner_id)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e, "DELETE FROM"
		    " oms_search_gens WHERE partner_id = ?",
		    DB_ARGS(DB_TEXT(partner_id)));
	arena_free(&a);
	return (rc);
}
