/*
 * store_oms_search.c - Find customer (Select from OMS): a page of a
 * partner's eligible OMS records whose search text contains what the user
 * typed, in display order (company, id), and how many there are.
 *
 * What a search costs follows the page asked for, not how many records
 * match:
 *  - Nothing typed: the (partner, eligible, company, id) index gives the
 *    page, and counting stops after OMS_COUNT_MAX records.
 *  - A search asks the search index (SQLite: FTS5 trigrams for three or
 *    more characters, single characters and pairs below; PostgreSQL:
 *    pg_trgm and the grams array) for at most PROBE_MAX matches, whoever's
 *    they are. When that is every match, this partner's are sorted and
 *    counted exactly.
 *  - Otherwise the term is dense. Past OMS_COUNT_MAX of this partner's
 *    matches the count is a lower bound; when the index's first matches
 *    were mostly another partner's, this partner's first COUNT_SCAN_MAX
 *    records are tested to count (exact when that is all of them). The page
 *    comes from the partner's blocks (store_oms_blocks.c): the blocks
 *    that may hold the term come from their own index in display order,
 *    from the cursor's block on, and their records are tested in order
 *    until the page is full; records added or changed since the blocks
 *    began (at most DELTA_MAX) are tested on their own and merged in. A
 *    search that would walk more than BLOCKS_WALK_MAX blocks sorts the
 *    index's matches after them instead.
 *  - Without blocks (a partner with fewer than OMS_BLOCKS_MIN records, or
 *    too many changed since its blocks began) the page comes from walking
 *    the display order after the cursor, testing each record, for at most
 *    WALK_MAX records; what the walk leaves of the page comes from the
 *    index's matches after the walk, sorted. That is the slow case: a term
 *    with many matches, all far along the display order (about a second
 *    for 50,000 such matches of 1,000,000 records).
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/page.h"
#include "core/text.h"
#include "store/grams.h"
#include "store/store_int.h"

/* Matches read from the search index to tell a small set from a dense
 * term. */
#define PROBE_MAX	2000
/* Records of the display order a dense search without blocks tests
 * before sorting. */
#define WALK_MAX	2000
/* Records changed since the blocks began that a search tests on its own;
 * with more, the blocks are not used (OMS_BLOCKS_STALE starts new ones). */
#define DELTA_MAX	2000
/* A dense term's records counted on their own when the index's first
 * matches were mostly other partners'. */
#define COUNT_SCAN_MAX	2000
/* Blocks asked for at a time, and walked at most, by one search. */
#define BLOCKS_BATCH	16
#define BLOCKS_WALK_MAX	32

/* The record columns a derived table carries for OMS_COLS. */
#define OMS_RCOLS \
	"id, partner_id, type, email, email_norm, first_name, last_name," \
	" company, industry, website, phone, street, postal_code, city," \
	" country, created_at, updated_at, eligible, search_text"

/* One search: the folded text and how each engine's index finds it. */
struct oms_find {
	const char	*partner_id;
	const char	*text;
	bool		 lite;
	const char	*fts;		/* SQLite: the FTS5 table */
	const char	*filter;	/* PostgreSQL: the indexed condition */
	const char	*arg;		/* the MATCH phrase, pattern or grams */
	const char	*contains;	/* substring test: instr or strpos */
	const char	*since;		/* records changed since a mark */
	const char	*block_fts;	/* SQLite: the blocks' FTS5 table */
	const char	*block_arg;	/* what a block must hold */
};

/* A partner's current generation of blocks. */
struct oms_gen {
	long long	id;		/* 0: none to use */
	long long	blocks;
	long long	mark;
};

/* Matches found so far, in display order. */
struct oms_hits {
	struct oms_record	*v;
	size_t			 n;
	size_t			 cap;
};

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

static void
hits_add(struct arena *a, struct oms_hits *h, const struct db_rows *r)
{
	struct oms_record	*v;
	size_t			 i;

	if (h->n + r->nrows > h->cap) {
		h->cap = h->n + r->nrows > 2 * h->cap ? h->n + r->nrows :
		    2 * h->cap;
		v = arena_calloc(a, h->cap, sizeof(*v));
		if (h->n > 0)
			memcpy(v, h->v, h->n * sizeof(*v));
		h->v = v;
	}
	for (i = 0; i < r->nrows; i++)
		store_oms_row(r, i, &h->v[h->n++]);
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
		hits_add(a, h, &r);
	return (rc);
}

/* The first PROBE_MAX + 1 matches of the search index, any partner's. */
static void
probe_raw(struct buf *sql, const struct oms_find *f, const char *cols)
{
	if (f->lite)
		buf_printf(sql, "WITH raw AS MATERIALIZED (SELECT rowid AS seq"
		    " FROM %s WHERE %s MATCH ? LIMIT ?)", f->fts, f->fts);
	else
		buf_printf(sql, "WITH raw AS MATERIALIZED (SELECT %s"
		    " FROM oms_records r WHERE %s LIMIT ?)", cols, f->filter);
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
 * count this partner's among them (*mine). When that was all of them
 * (*all), this partner's are sorted into h after the cursor.
 */
static int
probe(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, struct oms_hits *h, long long *mine, bool *all,
    struct err *e)
{
	struct db_param	 p[8];
	struct buf	 sql = BUF_INIT;
	struct db_rows	 r;
	size_t		 np = 0;
	int		 rc;

	probe_raw(&sql, f, "r.partner_id, r.eligible");
	buf_adds(&sql, " SELECT (SELECT COUNT(*) FROM raw), (");
	probe_mine(&sql, f, "COUNT(*)");
	buf_adds(&sql, ")");
	p[np++] = DB_TEXT(f->arg);
	p[np++] = DB_INT(PROBE_MAX + 1);
	p[np++] = DB_TEXT(f->partner_id);
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	*all = db_cell_int(&r, 0, 0) <= PROBE_MAX;
	*mine = db_cell_int(&r, 0, 1);
	if (!*all || *mine == 0)
		return (ST_OK);
	/* Few: sort them. */
	probe_raw(&sql, f, OMS_RCOLS);
	buf_adds(&sql, " ");
	probe_mine(&sql, f, OMS_COLS);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "r.company, r.id", "tt")) == ST_OK)
		hits_add(a, h, &r);
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
		hits_add(a, h, &r);
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

/* The search index's matches after (company, id), or from it when
 * `from`, sorted: the first want of them into h. */
static int
sorted_after(struct store *st, const struct oms_find *f, struct arena *a,
    const char *company, const char *id, bool from, size_t want,
    struct oms_hits *h, struct err *e)
{
	struct db_rows	 r;
	char		*sql;
	int		 rc;

	if (f->lite)
		sql = arena_printf(a, "SELECT " OMS_COLS " FROM oms_records r"
		    " INDEXED BY oms_records_seq" OMS_CUSTOMER
		    " WHERE r.seq IN (SELECT rowid FROM %s WHERE %s MATCH ?)"
		    " AND r.partner_id = ? AND r.eligible = 1"
		    " AND (r.company, r.id) %s (?, ?)"
		    " ORDER BY r.company, r.id LIMIT ?", f->fts, f->fts,
		    from ? ">=" : ">");
	else
		sql = arena_printf(a, "WITH m AS MATERIALIZED (SELECT "
		    OMS_RCOLS " FROM oms_records r WHERE %s"
		    " AND r.partner_id = ? AND r.eligible = 1)"
		    " SELECT " OMS_COLS " FROM m r" OMS_CUSTOMER
		    " WHERE (r.company, r.id) %s (?, ?)"
		    " ORDER BY r.company, r.id LIMIT ?", f->filter,
		    from ? ">=" : ">");
	rc = db_query(st->db, a, &r, e, sql, DB_ARGS(DB_TEXT(f->arg),
	    DB_TEXT(f->partner_id), DB_TEXT(company), DB_TEXT(id),
	    DB_INT(want)));
	if (rc == ST_OK)
		hits_add(a, h, &r);
	return (rc);
}

/* The partner's newest generation of blocks, when no more than
 * DELTA_MAX records changed since it began (else g->id is 0). */
static int
gen_current(struct store *st, const struct oms_find *f, struct arena *a,
    struct oms_gen *g, struct err *e)
{
	struct db_rows	 r;
	long long	 n;
	int		 rc;

	memset(g, 0, sizeof(*g));
	rc = db_query(st->db, a, &r, e, "SELECT id, blocks, mark"
	    " FROM oms_search_gens WHERE partner_id = ? AND state = 'ready'"
	    " ORDER BY id DESC LIMIT 1", DB_ARGS(DB_TEXT(f->partner_id)));
	if (rc != ST_OK || r.nrows == 0)
		return (rc);
	rc = store_count(st, e, &n, arena_printf(a, "SELECT COUNT(*)"
	    " FROM (SELECT 1 FROM oms_records r WHERE r.partner_id = ?"
	    " AND %s LIMIT ?) x", f->since), DB_ARGS(DB_TEXT(f->partner_id),
	    DB_INT(db_cell_int(&r, 0, 2)), DB_INT(DELTA_MAX + 1)));
	if (rc == ST_OK && n <= DELTA_MAX) {
		g->id = db_cell_int(&r, 0, 0);
		g->blocks = db_cell_int(&r, 0, 1);
		g->mark = db_cell_int(&r, 0, 2);
	}
	return (rc);
}

/* The generation's first block, or with a cursor the block it is in. */
static int
block_first(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, long long first, long long last, long long *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	*out = first;
	if (pg->nafter == 0)
		return (ST_OK);
	rc = db_query(st->db, a, &r, e, "SELECT id FROM oms_search_blocks"
	    " WHERE partner_id = ? AND id BETWEEN ? AND ?"
	    " AND (lo_company, lo_id) <= (?, ?)"
	    " ORDER BY lo_company DESC, lo_id DESC LIMIT 1",
	    DB_ARGS(DB_TEXT(f->partner_id), DB_INT(first), DB_INT(last),
	    DB_TEXT(pg->after[0]), DB_TEXT(pg->after[1])));
	if (rc == ST_OK && r.nrows > 0)
		*out = db_cell_int(&r, 0, 0);
	return (rc);
}

/* The blocks of [from, last] that may hold the term: the next
 * BLOCKS_BATCH of them, in order. */
static int
block_candidates(struct store *st, const struct oms_find *f,
    struct arena *a, long long from, long long last, struct db_rows *r,
    struct err *e)
{
	char	*sql;

	if (f->lite)
		sql = arena_printf(a, "SELECT rowid FROM %s WHERE %s MATCH ?"
		    " AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?",
		    f->block_fts, f->block_fts);
	else
		sql = arena_printf(a, "SELECT * FROM oms_search_block_ids"
		    "(?, CAST(? AS bigint), CAST(? AS bigint), CAST(? AS text[]),"
		    " CAST(? AS integer))");
	return (f->lite ? db_query(st->db, a, r, e, sql,
	    DB_ARGS(DB_TEXT(f->block_arg), DB_INT(from), DB_INT(last),
	    DB_INT(BLOCKS_BATCH))) : db_query(st->db, a, r, e, sql,
	    DB_ARGS(DB_TEXT(f->partner_id), DB_INT(from), DB_INT(last),
	    DB_TEXT(f->block_arg), DB_INT(BLOCKS_BATCH))));
}

/* Where block id begins, or (*found false) that it is past the last. */
static int
block_lo(struct store *st, struct arena *a, const char *partner_id,
    long long id, long long last, const char **company, const char **rid,
    bool *found, struct err *e)
{
	struct db_rows	r;
	int		rc;

	*found = false;
	if (id > last)
		return (ST_OK);
	rc = store_one(st, a, &r, e, "SELECT lo_company, lo_id"
	    " FROM oms_search_blocks WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_INT(id)));
	if (rc == ST_OK) {
		*company = db_cell(&r, 0, 0);
		*rid = db_cell(&r, 0, 1);
		*found = true;
	}
	return (rc);
}

/* The records of blocks [b1, b2] after the cursor that hold the text:
 * the first want of them into h. */
static int
block_run(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, long long b1, long long b2, long long last,
    size_t want, struct oms_hits *h, struct err *e)
{
	struct db_param	 p[10];
	struct buf	 sql = BUF_INIT;
	struct db_rows	 r;
	const char	*lc, *li, *hc, *hi;
	size_t		 np = 0;
	bool		 lo_found, hi_found;
	int		 rc;

	if ((rc = block_lo(st, a, f->partner_id, b1, last, &lc, &li,
	    &lo_found, e)) != ST_OK || (rc = block_lo(st, a, f->partner_id,
	    b2 + 1, last, &hc, &hi, &hi_found, e)) != ST_OK)
		return (rc);
	buf_printf(&sql, "SELECT " OMS_COLS " FROM oms_records r%s"
	    OMS_CUSTOMER " WHERE r.partner_id = ? AND r.eligible = 1"
	    " AND (r.company, r.id) >= (?, ?)", f->lite ?
	    " INDEXED BY oms_records_eligible" : "");
	p[np++] = DB_TEXT(f->partner_id);
	p[np++] = DB_TEXT(lc);
	p[np++] = DB_TEXT(li);
	if (hi_found) {
		buf_adds(&sql, " AND (r.company, r.id) < (?, ?)");
		p[np++] = DB_TEXT(hc);
		p[np++] = DB_TEXT(hi);
	}
	if ((rc = store_page_after(&sql, p, &np, pg, "r.company, r.id", "tt",
	    e)) == ST_OK) {
		buf_printf(&sql, " AND %s(r.search_text, ?) > 0"
		    " ORDER BY r.company, r.id LIMIT ?", f->contains);
		p[np++] = DB_TEXT(f->text);
		p[np++] = DB_INT(want);
		rc = db_query(st->db, a, &r, e, sql.data, p, np);
	}
	if (rc == ST_OK)
		hits_add(a, h, &r);
	buf_free(&sql);
	return (rc);
}

/*
 * Records changed since the generation began that hold the text, after
 * the cursor, merged into h in display order (the blocks may not show
 * them where they are now).
 */
static int
blocks_delta(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, const struct oms_gen *g, struct oms_hits *h,
    struct err *e)
{
	struct db_param	*p, q[10];
	struct buf	 sql = BUF_INIT;
	struct db_rows	 r;
	size_t		 np = 0, i;
	int		 rc;

	buf_printf(&sql, "SELECT r.id FROM oms_records r%s"
	    " WHERE r.partner_id = ? AND %s AND r.eligible = 1"
	    " AND %s(r.search_text, ?) > 0", f->lite ?
	    " INDEXED BY oms_records_partner_seq" : "", f->since, f->contains);
	q[np++] = DB_TEXT(f->partner_id);
	q[np++] = DB_INT(g->mark);
	q[np++] = DB_TEXT(f->text);
	if ((rc = store_page_query(st, a, &r, e, &sql, q, np, pg,
	    "r.company, r.id", "tt")) != ST_OK || r.nrows == 0)
		return (rc);
	/* Both lists in the database's own order, without repeats. */
	p = arena_calloc(a, h->n + r.nrows + 2, sizeof(*p));
	np = 0;
	p[np++] = DB_TEXT(f->partner_id);
	buf_adds(&sql, "SELECT " OMS_COLS OMS_FROM
	    " WHERE r.partner_id = ? AND r.id IN (");
	for (i = 0; i < h->n + r.nrows; i++) {
		buf_adds(&sql, i > 0 ? ", ?" : "?");
		p[np++] = DB_TEXT(i < h->n ? h->v[i].id :
		    db_cell(&r, i - h->n, 0));
	}
	buf_adds(&sql, ") ORDER BY r.company, r.id LIMIT ?");
	p[np++] = PAGE_LIMIT(pg);
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc == ST_OK) {
		h->n = 0;
		hits_add(a, h, &r);
	}
	return (rc);
}

/* A dense term's page from the partner's blocks (see the top of this
 * file). */
static int
search_blocks(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, const struct oms_gen *g, struct oms_hits *h,
    struct err *e)
{
	struct db_rows	 c;
	const char	*lc, *li;
	long long	 first = g->id << 24, last = first + g->blocks - 1;
	long long	 from, b1, b2, walked = 0;
	size_t		 i;
	bool		 found;
	int		 rc = ST_OK;

	if (g->blocks > 0)
		rc = block_first(st, f, a, pg, first, last, &from, e);
	else
		from = last + 1;
	while (rc == ST_OK && h->n <= pg->limit && from <= last) {
		if ((rc = block_candidates(st, f, a, from, last, &c, e)) !=
		    ST_OK || c.nrows == 0)
			break;
		for (i = 0; rc == ST_OK && i < c.nrows && h->n <= pg->limit;) {
			b1 = b2 = db_cell_int(&c, i++, 0);
			while (i < c.nrows && db_cell_int(&c, i, 0) == b2 + 1)
				b2 = db_cell_int(&c, i++, 0);
			if (walked >= BLOCKS_WALK_MAX) {
				/* Too many blocks that hold it only in
				 * part: the index's matches from here. */
				rc = block_lo(st, a, f->partner_id, b1, last,
				    &lc, &li, &found, e);
				if (rc == ST_OK)
					rc = sorted_after(st, f, a, lc, li,
					    true, pg->limit + 1 - h->n, h, e);
				from = last + 1;
				break;
			}
			rc = block_run(st, f, a, pg, b1, b2, last,
			    pg->limit + 1 - h->n, h, e);
			walked += b2 - b1 + 1;
			from = b2 + 1;
		}
	}
	if (rc != ST_OK)
		return (rc);
	return (blocks_delta(st, f, a, pg, g, h, e));
}

/*
 * A dense term's page (the first pg->limit + 1 matches after the cursor):
 * from the blocks when there are some, else the walk, then what it left
 * from the sorted matches after it.
 */
static int
search_dense(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, struct oms_hits *h, struct err *e)
{
	struct oms_gen	 g;
	const char	*ec, *ei;
	int		 rc;

	if ((rc = gen_current(st, f, a, &g, e)) != ST_OK)
		return (rc);
	if (g.id != 0)
		return (search_blocks(st, f, a, pg, &g, h, e));
	if ((rc = walk(st, f, a, pg, h, &ec, &ei, e)) != ST_OK)
		return (rc);
	if (h->n > pg->limit || ec == NULL)
		return (ST_OK);
	return (sorted_after(st, f, a, ec, ei, false, pg->limit + 1 - h->n,
	    h, e));
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

int
store_oms_search(struct store *st, const char *partner_id, struct arena *a,
    const char *find, struct page *pg, struct oms_record **out, size_t *n,
    long long *total, bool *lower, struct err *e)
{
	struct oms_find	 f;
	struct oms_hits	 h;
	long long	 mine = 0;
	size_t		 chars;
	bool		 all = true;
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
	else if ((rc = probe(st, &f, a, pg, &h, &mine, &all, e)) == ST_OK &&
	    !all)
		rc = search_dense(st, &f, a, pg, &h, e);
	if (rc != ST_OK)
		return (rc);
	hits_page(pg, &h);
	if (chars > 0 && all)
		count_exact(mine, total, lower);
	else if (chars > 0 && pg->nafter == 0 && !pg->more)
		count_exact((long long)h.n, total, lower);	/* all seen */
	else if (chars > 0 && (rc = count_dense(st, &f, a,
	    pg->nafter == 0 && (long long)h.n + 1 > mine ?
	    (long long)h.n + 1 : mine, total, lower, e)) != ST_OK)
		return (rc);
	*out = h.v != NULL ? h.v : arena_calloc(a, 1, sizeof(**out));
	*n = h.n;
	return (ST_OK);
}
