/*
 * store_oms_search.c - Find customer (Select from OMS): a page of a
 * partner's eligible OMS records whose search text contains what the user
 * typed, in display order (company, id), and how many there are: exactly
 * up to OMS_COUNT_MAX, a lower bound past that.
 *
 * What a search costs follows the page asked for, not how many records
 * match:
 *  - Nothing typed: the (partner, eligible, company, id) index gives the
 *    page, and counting stops after OMS_COUNT_MAX records.
 *  - A partner with search blocks (store_oms_blocks.c; at least
 *    OMS_BLOCKS_MIN records): the page comes from the blocks that may hold
 *    the term, in display order, and so does the count, until more than
 *    OMS_COUNT_MAX are found (store_oms_search_blocks.c). Only when the
 *    blocks cannot tell (many blocks holding the term's trigrams but few
 *    matches) does the search index count, as below.
 *  - Without blocks, the search index (SQLite: FTS5 trigrams for three or
 *    more characters, single characters and pairs below, and the records
 *    waiting for them, tested on their own, migration 0041; PostgreSQL:
 *    pg_trgm and the grams array) is asked for at most PROBE_MAX matches,
 *    whoever's they are (probe). When that is every match, this partner's
 *    are counted exactly and sorted for the page; when it is not, more than
 *    OMS_COUNT_MAX of them among the first say the count is a lower bound.
 *    (SQLite's index reads those first matches lazily, PostgreSQL's reads
 *    every match first: a GIN bitmap.)
 *  - Without blocks, the page of such a term comes from walking the
 *    display order after the cursor, testing each record, for at most
 *    WALK_MAX records, and what the walk leaves of it from the index's
 *    matches after the walk, sorted: the slow case, a term with many
 *    matches all far along the display order, which the blocks are for.
 *  - When the index's first matches were mostly another partner's and the
 *    blocks cannot tell either, this partner's first COUNT_SCAN_MAX
 *    records are tested to count (exact when that is all of them).
 */
#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/page.h"
#include "core/text.h"
#include "store/grams.h"
#include "store/store_oms_find.h"
#include "store/store_oms_search_blocks.h"
#include "store/store_oms_search_delta.h"
#include "store/store_oms.h"

/* Matches read from the search index to tell a small set from a dense
 * term. */
#define PROBE_MAX	2000
/* Records of the display order a dense search without blocks tests
 * before sorting. */
#define WALK_MAX	2000
/* A dense term's records counted on their own when the index's first
 * matches were mostly other partners'. */
#define COUNT_SCAN_MAX	2000

/* "%find%" with LIKE's own characters escaped by backslash. */
char *
like_pattern(struct arena *a, const char *find)
{
	struct buf	 b = BUF_INIT;
	const char	*p;

	buf_addc(&b, '%');
	for (p = find; *p != '\0'; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '%');
	return (buf_to_arena(&b, a));
}

/* An FTS5 phrase matching find as a substring (trigram tokenizer). */
static char *
fts_phrase(struct arena *a, const char *find)
{
	struct buf	 b = BUF_INIT;
	const char	*p;

	buf_addc(&b, '"');
	for (p = find; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(&b, '"');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '"');
	return (buf_to_arena(&b, a));
}

/*
 * An FTS5 query for the blocks' trigram index, which keeps no positions:
 * every trigram of find (three characters or more).
 */
static char *
fts_trigrams(struct arena *a, const char *find)
{
	struct buf	 b = BUF_INIT;
	size_t		 len = strlen(find), i, j, k, n;

	for (i = 0; i < len; i += n) {
		n = utf8_seq_len((const unsigned char *)find + i, len - i);
		n = n == 0 ? 1 : n;
		for (j = i, k = 0; k < 3 && j < len; k++) {
			size_t	c = utf8_seq_len((const unsigned char *)find + j,
			    len - j);

			j += c == 0 ? 1 : c;
		}
		if (k < 3)
			break;
		if (b.len > 0)
			buf_adds(&b, " AND ");
		buf_adds(&b, fts_phrase(a, arena_strndup(a, find + i, j - i)));
	}
	return (buf_to_arena(&b, a));
}

static void
find_init(struct oms_find *f, struct store *st, struct arena *a,
    const char *partner_id, const char *text, size_t chars)
{
	memset(f, 0, sizeof(*f));
	f->partner_id = partner_id;
	f->text = text;
	f->lite = db_kind(st->db) == DB_SQLITE;
	f->contains = f->lite ? "instr" : "strpos";
	f->since = f->lite ? "r.seq > ?" : "r.changed_xid >= ?";
	f->unchanged = f->lite ? "r.seq <= ?" : "r.changed_xid < ?";
	if (chars == 0)
		return;
	if (f->lite) {
		f->block_fts = chars >= 3 ? "oms_block_search" :
		    "oms_block_grams";
		f->block_arg = chars >= 3 ? fts_trigrams(a, text) :
		    fts_phrase(a, text);
	} else
		f->block_arg = grams_pg_need(a, text);
	if (f->lite) {
		f->fts = chars >= 3 ? "oms_search" : "oms_grams";
		f->arg = fts_phrase(a, text);
	} else if (chars >= 3) {
		f->filter = "r.search_text LIKE ? ESCAPE '\\'";
		f->arg = like_pattern(a, text);
	} else {
		f->filter = "r.grams @> CAST(? AS text[])";
		f->arg = grams_pg_query(a, text);
	}
}

/* Keep pg->limit hits; with more, the cursor is the last one kept. */
static void
hits_page(struct page *pg, struct oms_hits *h)
{
	const char	*keys[2];

	pg->more = false;
	if (h->n <= pg->limit)
		return;
	keys[0] = h->v[pg->limit - 1].d.company;
	keys[1] = h->v[pg->limit - 1].id;
	page_set_next(pg, 2, keys);
	h->n = pg->limit;
}

/* known matches counted: exact, or past OMS_COUNT_MAX a lower bound. */
static void
count_exact(long long known, long long *total, bool *lower)
{
	*lower = known > OMS_COUNT_MAX;
	*total = *lower ? OMS_COUNT_MAX : known;
}

/* At least known match, and maybe more: "more than *total". */
static void
count_at_least(long long known, long long *total, bool *lower)
{
	*lower = true;
	*total = known > OMS_COUNT_MAX ? OMS_COUNT_MAX :
	    known > 0 ? known - 1 : 0;
}

/* Nothing typed: every eligible record, by the display-order index. */
static int
search_all(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, struct oms_hits *h, long long *total,
    bool *lower, struct err *e)
{
	struct db_param	 p[5];
	struct buf	 sql = BUF_INIT;
	struct db_rows	 r;
	long long	 n;
	size_t		 np = 0;
	int		 rc;

	rc = store_count(st, e, &n, "SELECT COUNT(*) FROM (SELECT 1"
	    " FROM oms_records WHERE partner_id = ? AND eligible = 1"
	    " LIMIT ?) x", DB_ARGS(DB_TEXT(f->partner_id),
	    DB_INT(OMS_COUNT_MAX + 1)));
	if (rc != ST_OK)
		return (rc);
	count_exact(n, total, lower);
	buf_adds(&sql, "SELECT " OMS_COLS OMS_FROM
	    " WHERE r.partner_id = ? AND r.eligible = 1");
	p[np++] = DB_TEXT(f->partner_id);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "r.company, r.id", "tt")) == ST_OK)
		search_hits_add(a, h, &r);
	return (rc);
}

/*
 * The first PROBE_MAX + 1 matches of the search index, any partner's (on
 * SQLite with every match waiting for it, src 0, the index's src 1), and
 * their arguments into p from *np.
 */
static void
probe_raw(struct buf *sql, struct db_param *p, size_t *np,
    const struct oms_find *f, const char *cols)
{
	p[(*np)++] = DB_TEXT(f->arg);
	p[(*np)++] = DB_INT(PROBE_MAX + 1);
	if (!f->lite) {
		buf_printf(sql, "WITH raw AS MATERIALIZED (SELECT %s"
		    " FROM oms_records r WHERE %s LIMIT ?)", cols, f->filter);
		return;
	}
	buf_printf(sql, "WITH raw AS MATERIALIZED (SELECT seq, 1 AS src FROM"
	    " (SELECT rowid AS seq FROM %s WHERE %s MATCH ? LIMIT ?)"
	    " UNION ALL SELECT seq, 0 FROM (" WAITING "))", f->fts, f->fts);
	p[(*np)++] = DB_TEXT(f->text);
}

/* This partner's eligible records among them (r). */
static void
probe_mine(struct buf *sql, const struct oms_find *f, const char *cols)
{
	if (f->lite)
		buf_printf(sql, "SELECT %s FROM oms_records r"
		    " INDEXED BY %s%s WHERE r.partner_id = ?"
		    " AND r.seq IN (SELECT seq FROM raw) AND r.eligible = 1",
		    cols, strchr(cols, ',') != NULL ? "oms_records_seq" :
		    "oms_records_partner_seq", strchr(cols, ',') != NULL ?
		    OMS_CUSTOMER : "");
	else
		buf_printf(sql, "SELECT %s FROM raw r%s"
		    " WHERE r.partner_id = ? AND r.eligible = 1", cols,
		    strchr(cols, ',') != NULL ? OMS_CUSTOMER : "");
}

/*
 * Ask the search index for the term's first PROBE_MAX + 1 matches, and
 * count this partner's among them (*mine); *all: that was all of them.
 */
static int
probe(struct store *st, const struct oms_find *f, struct arena *a,
    long long *mine, bool *all, struct err *e)
{
	struct db_param	 p[5];
	struct buf	 sql = BUF_INIT;
	struct db_rows	 r;
	size_t		 np = 0;
	int		 rc;

	probe_raw(&sql, p, &np, f, "r.partner_id, r.eligible");
	/* The waiting ones are all there: only the index's are limited. */
	buf_printf(&sql, " SELECT (SELECT COUNT(*) FROM raw%s), (",
	    f->lite ? " WHERE src = 1" : "");
	probe_mine(&sql, f, "COUNT(*)");
	buf_adds(&sql, ")");
	p[np++] = DB_TEXT(f->partner_id);
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	*all = db_cell_int(&r, 0, 0) <= PROBE_MAX;
	*mine = db_cell_int(&r, 0, 1);
	return (ST_OK);
}

/* All of the term's matches being among the index's first: this
 * partner's, sorted, after the cursor into h. */
static int
probe_page(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, struct oms_hits *h, struct err *e)
{
	struct db_param	 p[12];
	struct buf	 sql = BUF_INIT;
	struct db_rows	 r;
	size_t		 np = 0;
	int		 rc;

	probe_raw(&sql, p, &np, f, OMS_RCOLS);
	p[np++] = DB_TEXT(f->partner_id);
	buf_adds(&sql, " ");
	probe_mine(&sql, f, OMS_COLS);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "r.company, r.id", "tt")) == ST_OK)
		search_hits_add(a, h, &r);
	return (rc);
}

/*
 * A dense term: walk the display order after the cursor for at most
 * WALK_MAX records, keeping those that contain the text (at most
 * pg->limit + 1). When the walk stopped before the partner's last record,
 * *end_company and *end_id are the last record it tested (else NULL).
 */
static int
walk(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, struct oms_hits *h, const char **end_company,
    const char **end_id, struct err *e)
{
	struct db_param	 p[10];
	struct buf	 sql = BUF_INIT, after = BUF_INIT;
	struct db_rows	 r;
	size_t		 np = 0, na = 0;
	int		 rc;

	*end_company = *end_id = NULL;
	p[np++] = DB_TEXT(f->partner_id);
	if ((rc = store_page_after(&after, p, &np, pg, "company, id", "tt",
	    e)) != ST_OK) {
		buf_free(&after);
		return (rc);
	}
	na = np;
	buf_printf(&sql, "SELECT " OMS_COLS " FROM (SELECT " OMS_RCOLS
	    " FROM oms_records WHERE partner_id = ? AND eligible = 1%s"
	    " ORDER BY company, id LIMIT ?) r" OMS_CUSTOMER
	    " WHERE %s(r.search_text, ?) > 0 ORDER BY r.company, r.id"
	    " LIMIT ?", after.data, f->contains);
	p[np++] = DB_INT(WALK_MAX);
	p[np++] = DB_TEXT(f->text);
	p[np++] = PAGE_LIMIT(pg);
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	if (rc == ST_OK)
		search_hits_add(a, h, &r);
	buf_reset(&sql);
	buf_printf(&sql, "SELECT company, id FROM oms_records"
	    " WHERE partner_id = ? AND eligible = 1%s"
	    " ORDER BY company, id LIMIT 1 OFFSET ?", after.data);
	p[na] = DB_INT(WALK_MAX - 1);
	if (rc == ST_OK)
		rc = db_query(st->db, a, &r, e, sql.data, p, na + 1);
	if (rc == ST_OK && r.nrows > 0) {
		*end_company = db_cell(&r, 0, 0);
		*end_id = db_cell(&r, 0, 1);
	}
	buf_free(&sql);
	buf_free(&after);
	return (rc);
}

/*
 * A dense term's page without blocks (the first pg->limit + 1 matches
 * after the cursor): the walk, then what it left from the sorted matches
 * after it.
 */
static int
search_dense(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, struct oms_hits *h, struct err *e)
{
	const char	*ec, *ei;
	int		 rc;

	if ((rc = walk(st, f, a, pg, h, &ec, &ei, e)) != ST_OK)
		return (rc);
	if (h->n > pg->limit || ec == NULL)
		return (ST_OK);
	return (search_sorted_after(st, f, a, ec, ei, false,
	    pg->limit + 1 - h->n, h, e));
}

/*
 * A dense term's count, past its page: more than OMS_COUNT_MAX when this
 * partner's share of the index's first matches says so. Otherwise the
 * first matches were mostly other partners': this partner's records are
 * counted, the first COUNT_SCAN_MAX of them; when that is all of them the
 * count is exact, else a lower bound.
 */
static int
count_dense(struct store *st, const struct oms_find *f, struct arena *a,
    long long known, long long *total, bool *lower, struct err *e)
{
	struct db_rows	r;
	long long	seen;
	int		rc;

	if (known > OMS_COUNT_MAX) {
		count_exact(known, total, lower);
		return (ST_OK);
	}
	rc = db_query(st->db, a, &r, e, arena_printf(a, "SELECT COUNT(*),"
	    " COALESCE(SUM(CASE WHEN %s(search_text, ?) > 0 THEN 1 ELSE 0"
	    " END), 0) FROM (SELECT search_text FROM oms_records"
	    " WHERE partner_id = ? AND eligible = 1 LIMIT ?) x", f->contains),
	    DB_ARGS(DB_TEXT(f->text), DB_TEXT(f->partner_id),
	    DB_INT(COUNT_SCAN_MAX + 1)));
	if (rc != ST_OK)
		return (rc);
	seen = db_cell_int(&r, 0, 1);
	if (db_cell_int(&r, 0, 0) <= COUNT_SCAN_MAX)
		count_exact(seen, total, lower);
	else
		count_at_least(seen > known ? seen : known, total, lower);
	return (ST_OK);
}

/*
 * Without blocks: the search index first, which counts (exactly when it
 * had no more than PROBE_MAX matches). When that was all of them, this
 * partner's are sorted for the page; otherwise the page comes from the
 * walk, and past this partner's share of the index's first matches the
 * count from this partner's first records (count_dense).
 */
static int
search_index(struct store *st, const struct oms_find *f, struct arena *a,
    struct page *pg, struct oms_hits *h, long long *total, bool *lower,
    struct err *e)
{
	long long	mine;
	bool		all;
	int		rc;

	if ((rc = probe(st, f, a, &mine, &all, e)) != ST_OK)
		return (rc);
	if (all) {
		count_exact(mine, total, lower);
		return (mine > 0 ? probe_page(st, f, a, pg, h, e) : ST_OK);
	}
	if ((rc = search_dense(st, f, a, pg, h, e)) != ST_OK)
		return (rc);
	if (mine > OMS_COUNT_MAX) {
		count_exact(mine, total, lower);
		return (ST_OK);
	}
	if (pg->nafter == 0 && h->n <= pg->limit) {
		count_exact((long long)h->n, total, lower);	/* all seen */
		return (ST_OK);
	}
	return (count_dense(st, f, a, pg->nafter == 0 &&
	    (long long)h->n > mine ? (long long)h->n : mine, total, lower, e));
}

/*
 * With blocks: the page from them, and the count: exact when the first
 * page holds every match or every block that may hold the term was
 * scanned, a lower bound past OMS_COUNT_MAX; only when the blocks cannot
 * tell (many blocks that hold the term's trigrams but few matches) from
 * the search index.
 */
static int
search_with_blocks(struct store *st, const struct oms_find *f,
    struct arena *a, struct page *pg, const struct oms_gen *g,
    struct oms_hits *h, long long *total, bool *lower, struct err *e)
{
	long long	n, mine;
	bool		exact, all;
	int		rc;

	if ((rc = search_blocks(st, f, a, pg, g, h, &n, &exact, e)) != ST_OK)
		return (rc);
	if (pg->nafter == 0 && h->n <= pg->limit) {
		count_exact((long long)h->n, total, lower);	/* all seen */
		return (ST_OK);
	}
	if (exact || n > OMS_COUNT_MAX) {
		count_exact(n, total, lower);
		return (ST_OK);
	}
	if ((rc = probe(st, f, a, &mine, &all, e)) != ST_OK)
		return (rc);
	if (all) {
		count_exact(mine, total, lower);
		return (ST_OK);
	}
	if (n > mine)
		mine = n;
	if (pg->nafter == 0 && (long long)h->n > mine)
		mine = (long long)h->n;
	return (count_dense(st, f, a, mine, total, lower, e));
}

static int
search(struct store *st, const char *partner_id, struct arena *a,
    const char *find, struct page *pg, struct oms_record **out, size_t *n,
    long long *total, bool *lower, struct err *e)
{
	struct oms_find	 f;
	struct oms_hits	 h;
	struct oms_gen	 g;
	size_t		 chars;
	int		 rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	*lower = false;
	memset(&h, 0, sizeof(h));
	chars = utf8_chars(find, strlen(find));
	find_init(&f, st, a, partner_id, find, chars);
	if (chars == 0)
		rc = search_all(st, &f, a, pg, &h, total, lower, e);
	else if ((rc = search_gen_current(st, &f, a, &g, e)) == ST_OK)
		rc = g.id != 0 ? search_with_blocks(st, &f, a, pg, &g, &h,
		    total, lower, e) : search_index(st, &f, a, pg, &h, total,
		    lower, e);
	if (rc != ST_OK)
		return (rc);
	hits_page(pg, &h);
	*out = h.v != NULL ? h.v : arena_calloc(a, 1, sizeof(**out));
	*n = h.n;
	return (ST_OK);
}

/*
 * Every statement of a search sees one snapshot, so blocks replaced
 * meanwhile are not half seen. PostgreSQL plans them without whole-table
 * scans: a scan testing each record's grams reads them out of line, which
 * costs many times what the indexes do and which its planner does not
 * count.
 */
int
store_oms_search(struct store *st, const char *partner_id, struct arena *a,
    const char *find, struct page *pg, struct oms_record **out, size_t *n,
    long long *total, bool *lower, struct err *e)
{
	int	rc;

	if ((rc = store_snapshot_begin(st, e)) != ST_OK)
		return (rc);
	if (db_kind(st->db) == DB_PG)
		rc = db_exec_script(st->db, e, "SET LOCAL enable_seqscan = off");
	if (rc == ST_OK)
		rc = search(st, partner_id, a, find, pg, out, n, total, lower,
		    e);
	if (rc == ST_OK)
		return (store_tx_commit(st, e));
	store_tx_rollback(st);
	return (rc);
}
