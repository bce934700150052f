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
 *  - Otherwise the term is dense: the page comes from walking the display
 *    order after the cursor, testing each record, for at most WALK_MAX
 *    records; whatever the walk leaves of the page comes from the index's
 *    matches after the walk, sorted. That is the slow case: a term with
 *    many matches, all of them far along the display order. The count is
 *    then a lower bound.
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
/* Records of the display order a dense search tests before sorting. */
#define WALK_MAX	2000

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

static void
find_init(struct oms_find *f, struct store *st, struct arena *a,
    const char *partner_id, const char *text, size_t chars)
{
	memset(f, 0, sizeof(*f));
	f->partner_id = partner_id;
	f->text = text;
	f->lite = db_kind(st->db) == DB_SQLITE;
	f->contains = f->lite ? "instr" : "strpos";
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

/* The first PROBE_MAX + 1 matches of the search index, any partner's
 * (raw), and this partner's eligible ones among them (m). */
static void
probe_ctes(struct buf *sql, const struct oms_find *f, const char *cols)
{
	if (f->lite)
		buf_printf(sql, "WITH raw AS MATERIALIZED (SELECT rowid AS seq"
		    " FROM %s WHERE %s MATCH ? LIMIT ?),"
		    " m AS MATERIALIZED (SELECT %s FROM oms_records r"
		    " INDEXED BY oms_records_seq"
		    " WHERE r.seq IN (SELECT seq FROM raw)"
		    " AND r.partner_id = ? AND r.eligible = 1)",
		    f->fts, f->fts, cols);
	else
		buf_printf(sql, "WITH raw AS MATERIALIZED (SELECT %s"
		    " FROM oms_records r WHERE %s LIMIT ?),"
		    " m AS MATERIALIZED (SELECT * FROM raw r"
		    " WHERE r.partner_id = ? AND r.eligible = 1)",
		    cols, f->filter);
}

/*
 * Ask the search index for the term's first PROBE_MAX + 1 matches. When
 * that is all of them (*all), this partner's are sorted into h after the
 * cursor; *mine counts this partner's among those read either way.
 */
static int
probe(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, struct oms_hits *h, long long *mine, bool *all,
    struct err *e)
{
	struct db_param	 p[8];
	struct buf	 sql = BUF_INIT;
	struct db_rows	 r;
	long long	 raw;
	size_t		 np = 0;
	int		 rc;

	probe_ctes(&sql, f, f->lite ? "r.*" : OMS_RCOLS);
	p[np++] = DB_TEXT(f->arg);
	p[np++] = DB_INT(PROBE_MAX + 1);
	p[np++] = DB_TEXT(f->partner_id);
	buf_adds(&sql, " SELECT " OMS_COLS ", (SELECT COUNT(*) FROM raw),"
	    " (SELECT COUNT(*) FROM m) FROM m r" OMS_CUSTOMER " WHERE 1 = 1");
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "r.company, r.id", "tt")) != ST_OK)
		return (rc);
	if (r.nrows > 0) {
		raw = db_cell_int(&r, 0, OMS_NCOLS);
		*mine = db_cell_int(&r, 0, OMS_NCOLS + 1);
	} else {
		/* Nothing on this page: count on their own. */
		struct db_rows	c;

		probe_ctes(&sql, f, f->lite ? "r.seq" :
		    "r.partner_id, r.eligible");
		buf_adds(&sql, " SELECT (SELECT COUNT(*) FROM raw),"
		    " (SELECT COUNT(*) FROM m)");
		rc = db_query(st->db, a, &c, e, sql.data, p, 3);
		buf_free(&sql);
		if (rc != ST_OK)
			return (rc);
		raw = db_cell_int(&c, 0, 0);
		*mine = db_cell_int(&c, 0, 1);
	}
	*all = raw <= PROBE_MAX;
	if (*all)
		hits_add(a, h, &r);
	return (ST_OK);
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

/* The search index's matches after (company, id), sorted: the first
 * want of them into h. */
static int
sorted_after(struct store *st, const struct oms_find *f, struct arena *a,
    const char *company, const char *id, size_t want, struct oms_hits *h,
    struct err *e)
{
	struct db_rows	 r;
	char		*sql;
	int		 rc;

	if (f->lite)
		sql = arena_printf(a, "SELECT " OMS_COLS " FROM oms_records r"
		    " INDEXED BY oms_records_seq" OMS_CUSTOMER
		    " WHERE r.seq IN (SELECT rowid FROM %s WHERE %s MATCH ?)"
		    " AND r.partner_id = ? AND r.eligible = 1"
		    " AND (r.company, r.id) > (?, ?)"
		    " ORDER BY r.company, r.id LIMIT ?", f->fts, f->fts);
	else
		sql = arena_printf(a, "WITH m AS MATERIALIZED (SELECT "
		    OMS_RCOLS " FROM oms_records r WHERE %s"
		    " AND r.partner_id = ? AND r.eligible = 1)"
		    " SELECT " OMS_COLS " FROM m r" OMS_CUSTOMER
		    " WHERE (r.company, r.id) > (?, ?)"
		    " ORDER BY r.company, r.id LIMIT ?", f->filter);
	rc = db_query(st->db, a, &r, e, sql, DB_ARGS(DB_TEXT(f->arg),
	    DB_TEXT(f->partner_id), DB_TEXT(company), DB_TEXT(id),
	    DB_INT(want)));
	if (rc == ST_OK)
		hits_add(a, h, &r);
	return (rc);
}

/*
 * A dense term's page: the walk, then what it left from the sorted
 * matches after it. *complete: every match after the cursor was seen.
 */
static int
search_dense(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, struct oms_hits *h, bool *complete,
    struct err *e)
{
	const char	*ec, *ei;
	int		 rc;

	*complete = false;
	if ((rc = walk(st, f, a, pg, h, &ec, &ei, e)) != ST_OK)
		return (rc);
	if (h->n > pg->limit)
		return (ST_OK);
	if (ec == NULL) {
		*complete = true;
		return (ST_OK);
	}
	rc = sorted_after(st, f, a, ec, ei, pg->limit + 1 - h->n, h, e);
	*complete = rc == ST_OK && h->n <= pg->limit;
	return (rc);
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
	bool		 all, complete;
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
	    all)
		count_exact(mine, total, lower);
	else if (rc == ST_OK &&
	    (rc = search_dense(st, &f, a, pg, &h, &complete, e)) == ST_OK) {
		if (complete && pg->nafter == 0)
			count_exact((long long)h.n, total, lower);
		else
			count_at_least(mine > (long long)h.n ? mine :
			    (long long)h.n, total, lower);
	}
	if (rc != ST_OK)
		return (rc);
	hits_page(pg, &h);
	*out = h.v != NULL ? h.v : arena_calloc(a, 1, sizeof(**out));
	*n = h.n;
	return (ST_OK);
}
