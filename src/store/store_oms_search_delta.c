/*
 * store_oms_search_delta.c - Find customer with search blocks: the
 * partner's records added or changed since its blocks began, which the
 * block scans leave out (store_oms_search_blocks.c). Which way a search
 * finds them (search_gen_current()): kept by the process between searches
 * (store_oms_kept.c), read up front, or through the search index; then
 * those holding the term after the cursor, merged into the blocks' page in
 * display order, and their count.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/page.h"
#include "store/store_oms_search_delta.h"
#include "store/store_oms.h"

/* Records changed since the blocks began that a search reads up front
 * and tests on its own when the process keeps none (OMS_BLOCKS_STALE
 * starts new blocks). */
#define DELTA_MAX		2000
/*
 * Past DELTA_MAX (g->by_index), the changed records that hold the term
 * come from the search index, and a block scan leaves out the changed
 * records among its candidates by asking for them (drop_changed() in
 * store_oms_search_blocks.c),
 * instead of reading every changed record. At 1,000 creations a second
 * more than DELTA_MAX change within two seconds of a build, and the
 * blocks were never used (bench/README.md).
 *  - SQLite: a changed record has a seq above the blocks' mark, and its
 *    seq is its rowid in the search indexes: MATCH with the rowid above
 *    the mark, and the records waiting for the indexes (above the index
 *    mark), at a cost that follows those matches. Up to DELTA_SEQS_MAX
 *    seqs handed out since the mark (all partners': an upper bound on
 *    the partner's changes that costs one index lookup).
 *  - PostgreSQL: the term's GIN condition beside changed_xid (the
 *    planner picks which index leads). Up to DELTA_CHANGED_MAX changed
 *    records, counted (a transaction id is no bound: an import stamps
 *    all its records with one).
 * Past those the blocks are too stale to use.
 */
#define DELTA_SEQS_MAX		200000
#define DELTA_CHANGED_MAX	20000
/*
 * Records of the display order a full page may span for its changed
 * records to be looked for among them (delta_walk()) rather than asked of
 * the index: four blocks. At a million records with 40,000 changed, a
 * one-letter search's page spans two blocks, and the index holds some
 * 9,000 changed records with the letter (6 against 35-49 ms); a rarer
 * term's page spans more, and the index holds fewer (bench/README.md).
 */
#define DELTA_WALK_MAX		(4 * OMS_BLOCK_RECORDS)

int
search_gen_current(struct store *st, const struct oms_find *f, struct arena *a,
    struct oms_gen *g, struct err *e)
{
	struct db_rows	 r;
	long long	 n, top;
	int		 rc;

	memset(g, 0, sizeof(*g));
	rc = db_query(st->db, a, &r, e, "SELECT id, blocks, mark"
	    " FROM oms_search_gens WHERE partner_id = ? AND state = 'ready'"
	    " ORDER BY id DESC LIMIT 1", DB_ARGS(DB_TEXT(f->partner_id)));
	if (rc != ST_OK || r.nrows == 0)
		return (rc);
	if ((rc = oms_kept_refresh(st, a, f->partner_id, db_cell_int(&r, 0, 0),
	    db_cell_int(&r, 0, 2), &g->kept, e)) != ST_OK)
		return (rc);
	if (g->kept != NULL) {
		g->id = db_cell_int(&r, 0, 0);
		g->blocks = db_cell_int(&r, 0, 1);
		g->mark = db_cell_int(&r, 0, 2);
		g->changed = (long long)oms_kept_count_all(g->kept);
		return (ST_OK);
	}
	/* Counted as far as the engine's bound for the index route
	 * (SQLite's is another lookup). */
	rc = store_count(st, e, &n, arena_printf(a, "SELECT COUNT(*)"
	    " FROM (SELECT 1 FROM oms_records r WHERE r.partner_id = ?"
	    " AND %s LIMIT ?) x", f->since), DB_ARGS(DB_TEXT(f->partner_id),
	    DB_INT(db_cell_int(&r, 0, 2)),
	    DB_INT((f->lite ? DELTA_MAX : DELTA_CHANGED_MAX) + 1)));
	if (rc == ST_OK && n > DELTA_MAX && f->lite) {
		rc = store_count(st, e, &top, "SELECT COALESCE(MAX(seq), 0)"
		    " FROM oms_records", DB_NOARGS);
		g->by_index = rc == ST_OK &&
		    top - db_cell_int(&r, 0, 2) <= DELTA_SEQS_MAX;
	} else if (rc == ST_OK && n > DELTA_MAX)
		g->by_index = n <= DELTA_CHANGED_MAX;
	if (rc == ST_OK && (n <= DELTA_MAX || g->by_index)) {
		g->id = db_cell_int(&r, 0, 0);
		g->blocks = db_cell_int(&r, 0, 1);
		g->mark = db_cell_int(&r, 0, 2);
		g->changed = n;
	}
	return (rc);
}

/*
 * " WHERE" and what picks the partner's eligible records changed since
 * the generation began that hold the text, into sql, and their arguments
 * into q from *np (three to five).
 */
static void
delta_where(struct buf *sql, struct db_param *q, size_t *np,
    const struct oms_find *f, const struct oms_gen *g)
{
	buf_adds(sql, " WHERE r.partner_id = ? AND ");
	q[(*np)++] = DB_TEXT(f->partner_id);
	if (g->by_index && !f->lite) {
		buf_printf(sql, "%s AND %s", f->since, f->filter);
		q[(*np)++] = DB_INT(g->mark);
		q[(*np)++] = DB_TEXT(f->arg);
	} else if (g->by_index) {
		/* And those waiting for the index, tested below. */
		buf_printf(sql, "r.seq IN (SELECT rowid FROM %s WHERE %s"
		    " MATCH ? AND rowid > ? UNION ALL SELECT seq"
		    " FROM oms_records INDEXED BY oms_records_seq"
		    " WHERE seq > MAX(?, " OMS_INDEX_MARK "))", f->fts, f->fts);
		q[(*np)++] = DB_TEXT(f->arg);
		q[(*np)++] = DB_INT(g->mark);
		q[(*np)++] = DB_INT(g->mark);
	} else {
		buf_adds(sql, f->since);
		q[(*np)++] = DB_INT(g->mark);
	}
	buf_printf(sql, " AND r.eligible = 1 AND %s(r.search_text, ?) > 0",
	    f->contains);
	q[(*np)++] = DB_TEXT(f->text);
}

/*
 * A full page from the blocks (h holds pg->limit + 1 records) ends at its
 * last record, so only changed records up to it can be on the page. The
 * records between the cursor and it (the caller found the page within
 * DELTA_WALK_MAX of them) are read in display order and the changed ones
 * holding the text kept (into *ids, *n): a cost that follows what the
 * page spans, where asking the index costs what every changed record
 * holding a common term does. *walked false: there were more after all,
 * nothing is kept.
 */
static int
delta_walk(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, const struct oms_gen *g, const struct oms_hits *h,
    const char ***ids, size_t *n, bool *walked, struct err *e)
{
	const struct oms_record	*end = &h->v[pg->limit];
	struct db_param		 p[10];
	struct buf		 sql = BUF_INIT;
	struct db_rows		 r;
	size_t			 np = 0, i;
	int			 rc;

	*walked = false;
	*n = 0;
	p[np++] = DB_INT(g->mark);
	p[np++] = DB_TEXT(f->text);
	p[np++] = DB_TEXT(f->partner_id);
	buf_printf(&sql, "SELECT r.id, CASE WHEN %s AND %s(r.search_text, ?)"
	    " > 0 THEN 1 ELSE 0 END FROM (SELECT id, %s, search_text"
	    " FROM oms_records WHERE partner_id = ? AND eligible = 1",
	    f->since, f->contains, f->lite ? "seq" : "changed_xid");
	if ((rc = store_page_after(&sql, p, &np, pg, "company, id", "tt",
	    e)) != ST_OK)
		goto out;
	buf_adds(&sql, " AND (company, id) <= (?, ?)"
	    " ORDER BY company, id LIMIT ?) r");
	p[np++] = DB_TEXT(end->d.company);
	p[np++] = DB_TEXT(end->id);
	p[np++] = DB_INT(DELTA_WALK_MAX + 1);
	if ((rc = db_query(st->db, a, &r, e, sql.data, p, np)) != ST_OK ||
	    r.nrows > DELTA_WALK_MAX)
		goto out;
	*walked = true;
	*ids = arena_calloc(a, r.nrows + 1, sizeof(**ids));
	for (i = 0; i < r.nrows; i++)
		if (db_cell_int(&r, i, 1) != 0)
			(*ids)[(*n)++] = db_cell(&r, i, 0);
out:
	buf_free(&sql);
	return (rc);
}

/*
 * The blocks may not show these records where they are now. Their ids
 * come from the kept set, from the display order the page spans
 * (delta_walk()) or from a query; then both lists are read in one
 * statement, in the database's own order.
 */
int
search_delta_merge(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, const struct oms_gen *g, long long span,
    struct oms_hits *h, struct err *e)
{
	struct db_param	 *p, q[12];
	struct buf	  sql = BUF_INIT;
	struct db_rows	  r;
	const char	**ids = NULL;
	size_t		  np = 0, n = 0, i;
	bool		  listed = false;
	int		  rc;

	if (g->changed == 0)
		return (ST_OK);
	if (g->kept != NULL) {
		/* The cursor checked as the statements below would. */
		if ((rc = store_page_after(&sql, q, &np, pg, "r.company, r.id",
		    "tt", e)) != ST_OK) {
			buf_free(&sql);
			return (rc);
		}
		ids = arena_calloc(a, pg->limit + 2, sizeof(*ids));
		n = oms_kept_page(g->kept, f->text, pg->nafter > 0 ?
		    pg->after[0] : NULL, pg->nafter > 0 ? pg->after[1] : NULL,
		    ids, pg->limit + 1);
		listed = true;
	} else if (h->n > pg->limit && span <= DELTA_WALK_MAX &&
	    (rc = delta_walk(st, f, a, pg, g, h, &ids, &n, &listed, e)) !=
	    ST_OK)
		return (rc);
	if (!listed) {
		buf_printf(&sql, "SELECT r.id FROM oms_records r%s", f->lite ?
		    " INDEXED BY oms_records_partner_seq" : "");
		delta_where(&sql, q, &np, f, g);
		if ((rc = store_page_query(st, a, &r, e, &sql, q, np, pg,
		    "r.company, r.id", "tt")) != ST_OK)
			return (rc);
		ids = arena_calloc(a, r.nrows + 1, sizeof(*ids));
		for (n = 0; n < r.nrows; n++)
			ids[n] = db_cell(&r, n, 0);
	}
	if (n == 0) {
		buf_free(&sql);
		return (ST_OK);
	}
	/*
	 * Both lists in the database's own order, without repeats.
	 * PostgreSQL: the records by their ids first, as fetch() reads them
	 * (store_oms_search_blocks.c); as one statement its generic plan
	 * walks the partner's records in display order for the LIMIT.
	 */
	p = arena_calloc(a, h->n + n + 2, sizeof(*p));
	np = 0;
	p[np++] = DB_TEXT(f->partner_id);
	buf_reset(&sql);
	if (f->lite)
		buf_adds(&sql, "SELECT " OMS_COLS " FROM oms_records r" BY_PK
		    OMS_CUSTOMER);
	else
		buf_adds(&sql, "WITH m AS MATERIALIZED (SELECT " OMS_RCOLS
		    " FROM oms_records r");
	buf_adds(&sql, " WHERE r.partner_id = ? AND r.id IN (");
	for (i = 0; i < h->n + n; i++) {
		buf_adds(&sql, i > 0 ? ", ?" : "?");
		p[np++] = DB_TEXT(i < h->n ? h->v[i].id : ids[i - h->n]);
	}
	buf_adds(&sql, ")");
	if (!f->lite)
		buf_adds(&sql, ") SELECT " OMS_COLS " FROM m r" OMS_CUSTOMER);
	buf_adds(&sql, " ORDER BY r.company, r.id LIMIT ?");
	p[np++] = PAGE_LIMIT(pg);
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc == ST_OK) {
		h->n = 0;
		search_hits_add(a, h, &r);
	}
	return (rc);
}

/*
 * How many records changed since the generation began hold the text, up
 * to OMS_COUNT_MAX + 1: past that the count is a lower bound whatever
 * the blocks hold.
 */
int
search_delta_count(struct store *st, const struct oms_find *f,
    const struct oms_gen *g, long long *n, struct err *e)
{
	struct db_param	q[6];
	struct buf	sql = BUF_INIT;
	size_t		np = 0;
	int		rc;

	if (g->kept != NULL) {
		*n = oms_kept_matches(g->kept, f->text, OMS_COUNT_MAX + 1);
		return (ST_OK);
	}
	buf_printf(&sql, "SELECT COUNT(*) FROM (SELECT 1 FROM oms_records r%s",
	    f->lite ? " INDEXED BY oms_records_partner_seq" : "");
	delta_where(&sql, q, &np, f, g);
	buf_adds(&sql, " LIMIT ?) x");
	q[np++] = DB_INT(OMS_COUNT_MAX + 1);
	rc = store_count(st, e, n, sql.data, q, np);
	buf_free(&sql);
	return (rc);
}
