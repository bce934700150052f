/*
 * store_oms_search_blocks.c - Find customer's page and count of a term
 * with many matches, read from the partner's search blocks
 * (store_oms_blocks.c builds them). The blocks that may hold the term come
 * from their own index in display order; each keeps its records' ids and
 * search texts in that order, which are scanned here for the term, so the
 * page is the first records found and the count those found in all the
 * blocks scanned: neither depends on how many records other blocks hold.
 * Records added or changed since the blocks began are left out of the
 * scan; store_oms_search_delta.c finds them on their own and merges them
 * in.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/hash.h"
#include "core/page.h"
#include "store/store_oms_search_blocks.h"
#include "store/store_oms_search_delta.h"
#include "store/store_oms.h"

/* Candidate ids asked about at a time (their seqs or changed_xid). */
#define CHANGED_IDS		256
/* Blocks that may hold a term asked for at a time, and read at a time. */
#define BLOCKS_CANDS		64
#define BLOCKS_BATCH		32
/*
 * Blocks a search scans at most (some 3 MB of text). Past them the page
 * comes from the search index's matches after them, sorted, and the count
 * from the index (a term in more blocks than this with fewer than
 * OMS_COUNT_MAX matches in them: a rare term whose trigrams are common).
 */
#define BLOCKS_SCAN_MAX		256

/* Records read by their ids at a time for a page. */
#define FETCH_IDS		64
/* A set of record ids (open addressing; strings in an arena). */
struct idset {
	const char	**v;
	size_t		  cap;
};

/* Where a scan of the blocks is. */
struct scan {
	const struct oms_find	*f;
	const struct oms_gen	*g;
	/* Records changed since (g->by_index: drop_changed() instead). */
	struct idset		 changed;
	long long		 next;		/* first block not looked at */
	long long		 last;
	long long		 scanned;
	bool			 done;		/* no block left may hold it */
	long long		 found;		/* records holding the term */
	struct db_rows		 cands;		/* the next that may */
	size_t			 ci;		/* the first of them not read */
	bool			 all;		/* no more after them */
};

static bool
idset_has(const struct idset *set, const char *id)
{
	size_t	i;

	if (set->cap == 0)
		return (false);
	for (i = hash_str(id) & (set->cap - 1); set->v[i] != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (strcmp(set->v[i], id) == 0)
			return (true);
	return (false);
}

/* The ids of r's first column (fewer than half of cap each). */
static void
idset_fill(struct arena *a, struct idset *set, const struct db_rows *r)
{
	size_t	i, k;

	for (set->cap = 64; set->cap < 2 * r->nrows + 2; set->cap *= 2)
		;
	set->v = arena_calloc(a, set->cap, sizeof(*set->v));
	for (k = 0; k < r->nrows; k++) {
		for (i = hash_str(db_cell(r, k, 0)) & (set->cap - 1);
		    set->v[i] != NULL; i = (i + 1) & (set->cap - 1))
			;
		set->v[i] = db_cell(r, k, 0);
	}
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

/* The blocks of [from, last] that may hold the term: the next n of
 * them, in order. */
static int
block_candidates(struct store *st, const struct oms_find *f,
    struct arena *a, long long from, long long last, long long n,
    struct db_rows *r, struct err *e)
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
	    DB_INT(n))) : db_query(st->db, a, r, e, sql,
	    DB_ARGS(DB_TEXT(f->partner_id), DB_INT(from), DB_INT(last),
	    DB_TEXT(f->block_arg), DB_INT(n))));
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
	rc = store_one(st, a, &r, e, db_kind(st->db) == DB_SQLITE ?
	    "SELECT lo_company, lo_id FROM oms_search_blocks" BY_ID
	    " WHERE partner_id = ? AND id = ?" :
	    "SELECT lo_company, lo_id FROM oms_search_blocks"
	    " WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_INT(id)));
	if (rc == ST_OK) {
		*company = db_cell(&r, 0, 0);
		*rid = db_cell(&r, 0, 1);
		*found = true;
	}
	return (rc);
}

/*
 * Leave out of the *n ids in v those of records changed since the
 * generation began (s->g->by_index: they were not read up front), asking for
 * CHANGED_IDS at a time by their primary key.
 */
static int
drop_changed(struct store *st, const struct scan *s, struct arena *a,
    const char **v, size_t *n, struct err *e)
{
	struct db_param	 p[CHANGED_IDS + 2];
	struct buf	 sql = BUF_INIT;
	struct idset	 changed;
	struct db_rows	 r;
	size_t		 i, rd, end, wr = 0, np;
	int		 rc = ST_OK;

	for (rd = 0; rc == ST_OK && rd < *n; rd = end) {
		end = *n - rd < CHANGED_IDS ? *n : rd + CHANGED_IDS;
		np = 0;
		p[np++] = DB_TEXT(s->f->partner_id);
		p[np++] = DB_INT(s->g->mark);
		buf_reset(&sql);
		buf_printf(&sql, "SELECT r.id FROM oms_records r%s"
		    " WHERE r.partner_id = ? AND %s AND r.id IN (",
		    s->f->lite ? BY_PK : "", s->f->since);
		for (i = rd; i < end; i++) {
			buf_adds(&sql, i > rd ? ", ?" : "?");
			p[np++] = DB_TEXT(v[i]);
		}
		buf_adds(&sql, ")");
		if ((rc = db_query(st->db, a, &r, e, sql.data, p, np)) != ST_OK)
			break;
		memset(&changed, 0, sizeof(changed));
		if (r.nrows > 0)
			idset_fill(a, &changed, &r);
		/* wr <= rd: what is written was read already. */
		for (i = rd; i < end; i++)
			if (!idset_has(&changed, v[i]))
				v[wr++] = v[i];
	}
	buf_free(&sql);
	if (rc == ST_OK)
		*n = wr;
	return (rc);
}

/* A scan from block `from`, knowing the records changed since the
 * generation began. */
static int
scan_init(struct store *st, const struct oms_find *f, struct arena *a,
    const struct oms_gen *g, long long from, struct scan *s, struct err *e)
{
	struct db_rows	r;
	int		rc = ST_OK;

	memset(s, 0, sizeof(*s));
	s->f = f;
	s->next = from;
	s->last = (g->id << 24) + g->blocks - 1;
	s->done = s->next > s->last;
	s->g = g;
	if (g->changed > 0 && !g->by_index && g->kept == NULL &&
	    (rc = db_query(st->db, a, &r, e,
	    arena_printf(a, "SELECT r.id FROM oms_records r%s"
	    " WHERE r.partner_id = ? AND %s", f->lite ?
	    " INDEXED BY oms_records_partner_seq" : "", f->since),
	    DB_ARGS(DB_TEXT(f->partner_id), DB_INT(g->mark)))) == ST_OK)
		idset_fill(a, &s->changed, &r);
	return (rc);
}

/*
 * Scan the next blocks that may hold the term (at most batch of them):
 * the ids of their unchanged records that hold it, in display order, into
 * ids (*nids of them).
 */
static int
scan_next(struct store *st, struct scan *s, struct arena *a, long long batch,
    const char ***ids, size_t *nids, struct err *e)
{
	const struct oms_find	 *f = s->f;
	struct db_param		  p[BLOCKS_BATCH + 1];
	struct buf		  sql = BUF_INIT;
	struct db_rows		  r;
	const char		**v;
	char			 *t, *end, *next, *id, *ilist;
	size_t			  i, k, np = 0, len = strlen(f->text);
	int			  rc;

	*nids = 0;
	if (s->done)
		return (ST_OK);
	if (s->ci == s->cands.nrows) {
		if ((rc = block_candidates(st, f, a, s->next, s->last,
		    BLOCKS_CANDS, &s->cands, e)) != ST_OK)
			return (rc);
		s->ci = 0;
		s->all = s->cands.nrows < BLOCKS_CANDS;
	}
	k = s->cands.nrows - s->ci < (size_t)batch ? s->cands.nrows - s->ci :
	    (size_t)batch;
	s->done = s->all && s->ci + k == s->cands.nrows;
	if (k == 0)
		return (ST_OK);
	p[np++] = DB_TEXT(f->partner_id);
	buf_printf(&sql, "SELECT ids, search_text FROM oms_search_blocks%s"
	    " WHERE partner_id = ? AND id IN (", f->lite ? BY_ID : "");
	for (i = 0; i < k; i++) {
		buf_adds(&sql, i > 0 ? ", ?" : "?");
		p[np++] = DB_INT(db_cell_int(&s->cands, s->ci + i, 0));
	}
	s->next = db_cell_int(&s->cands, s->ci + k - 1, 0) + 1;
	s->scanned += (long long)k;
	s->ci += k;
	buf_adds(&sql, ") ORDER BY id");
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	v = arena_calloc(a, r.nrows * OMS_BLOCK_RECORDS + 1, sizeof(*v));
	for (i = 0; i < r.nrows; i++) {
		/* Record k's text is the k-th between separators, its id the
		 * k-th between commas; a block holds OMS_BLOCK_RECORDS at
		 * most (v's room), whatever its text says. */
		ilist = (char *)db_cell(&r, i, 0);
		for (t = (char *)db_cell(&r, i, 1), k = 0; t != NULL &&
		    ilist != NULL && k < OMS_BLOCK_RECORDS; t = next, k++) {
			end = strchr(t, OMS_BLOCK_SEP);
			next = end != NULL ? end + 1 : NULL;
			id = strsep(&ilist, ",");
			if (memmem(t, end != NULL ? (size_t)(end - t) :
			    strlen(t), f->text, len) == NULL ||
			    idset_has(&s->changed, id) || (s->g->kept != NULL &&
			    oms_kept_has(s->g->kept, id)))
				continue;
			v[(*nids)++] = id;
		}
	}
	if (s->g->by_index && (rc = drop_changed(st, s, a, v, nids, e)) !=
	    ST_OK)
		return (rc);
	s->found += (long long)*nids;
	*ids = v;
	return (ST_OK);
}

/*
 * The records of ids (unchanged, holding the term, in display order)
 * after the cursor, until h holds pg->limit + 1: read FETCH_IDS at a time,
 * each lot by its primary key.
 */
static int
fetch(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, const char **ids, size_t n, struct oms_hits *h,
    struct err *e)
{
	struct db_param	 p[FETCH_IDS + 9];
	struct buf	 sql = BUF_INIT;
	struct db_rows	 r;
	size_t		 np, i, k;
	int		 rc = ST_OK;

	for (k = 0; rc == ST_OK && k < n && h->n <= pg->limit;
	    k += FETCH_IDS) {
		np = 0;
		p[np++] = DB_TEXT(f->partner_id);
		buf_reset(&sql);
		if (f->lite)
			buf_adds(&sql, "SELECT " OMS_COLS " FROM oms_records r"
			    BY_PK OMS_CUSTOMER);
		else
			buf_adds(&sql, "WITH m AS MATERIALIZED (SELECT "
			    OMS_RCOLS " FROM oms_records r");
		buf_adds(&sql, " WHERE r.partner_id = ? AND r.id IN (");
		for (i = k; i < n && i < k + FETCH_IDS; i++) {
			buf_adds(&sql, i > k ? ", ?" : "?");
			p[np++] = DB_TEXT(ids[i]);
		}
		/* What the block said, as the records are. */
		buf_printf(&sql, ") AND r.eligible = 1 AND %s(r.search_text, ?)"
		    " > 0", f->contains);
		p[np++] = DB_TEXT(f->text);
		if ((rc = store_page_after(&sql, p, &np, pg, "r.company, r.id",
		    "tt", e)) != ST_OK)
			break;
		/*
		 * PostgreSQL: the ids first, by the primary key. Its generic
		 * plan for the statement as a whole walked the partner's
		 * records in display order for the LIMIT, testing each
		 * against the ids: 25-52 ms for 64 ids at a million records.
		 */
		if (!f->lite)
			buf_adds(&sql, ") SELECT " OMS_COLS " FROM m r"
			    OMS_CUSTOMER);
		buf_adds(&sql, " ORDER BY r.company, r.id LIMIT ?");
		p[np++] = DB_INT(pg->limit + 1 - h->n);
		if ((rc = db_query(st->db, a, &r, e, sql.data, p, np)) ==
		    ST_OK)
			search_hits_add(a, h, &r);
	}
	buf_free(&sql);
	return (rc);
}

/* Blocks to read next for a count: as many as the matches so far say
 * are needed to pass OMS_COUNT_MAX, and one more. */
static long long
count_batch(const struct scan *s, long long delta)
{
	long long	need = OMS_COUNT_MAX + 1 - s->found - delta, k;

	if (s->found == 0)
		return (s->scanned == 0 ? 2 : BLOCKS_BATCH);
	k = need * s->scanned / s->found + 1;
	return (k < 2 ? 2 : k > BLOCKS_BATCH ? BLOCKS_BATCH : k);
}

int
search_blocks(struct store *st, const struct oms_find *f, struct arena *a,
    const struct page *pg, const struct oms_gen *g, struct oms_hits *h,
    long long *count, bool *exact, struct err *e)
{
	struct scan	  s;
	const char	**ids, *lc, *li;
	long long	  first = g->id << 24, from = first, delta = 0;
	size_t		  n;
	bool		  found;
	int		  rc = ST_OK;

	if ((rc = block_first(st, f, a, pg, first, first + g->blocks - 1,
	    &from, e)) != ST_OK || (rc = scan_init(st, f, a, g, from, &s,
	    e)) != ST_OK)
		return (rc);
	/* The page: blocks in order until it is full (a few at first: a
	 * term in every block fills it from the first). */
	while (rc == ST_OK && h->n <= pg->limit && !s.done &&
	    s.scanned < BLOCKS_SCAN_MAX)
		if ((rc = scan_next(st, &s, a, s.scanned == 0 ? 2 :
		    BLOCKS_BATCH, &ids, &n, e)) == ST_OK)
			rc = fetch(st, f, a, pg, ids, n, h, e);
	if (rc == ST_OK && h->n <= pg->limit && !s.done) {
		/* Blocks that hold the term's trigrams, but not the term:
		 * the search index's matches from here on. */
		rc = block_lo(st, a, f->partner_id, s.next, s.last, &lc, &li,
		    &found, e);
		if (rc == ST_OK && found)
			rc = search_sorted_after(st, f, a, lc, li, true,
			    pg->limit + 1 - h->n, h, e);
	}
	/* Blocks are consecutive runs of the display order. */
	if (rc == ST_OK)
		rc = search_delta_merge(st, f, a, pg, g, (s.next - from) *
		    OMS_BLOCK_RECORDS, h, e);
	if (rc != ST_OK)
		return (rc);

	/* The count: the records found in the blocks scanned from the
	 * first, and the changed ones. */
	*count = 0;
	*exact = false;
	if (g->changed > 0 && (rc = search_delta_count(st, f, g, &delta, e)) != ST_OK)
		return (rc);
	if (from != first && (rc = scan_init(st, f, a, g, first, &s, e)) !=
	    ST_OK)
		return (rc);
	while (rc == ST_OK && s.found + delta <= OMS_COUNT_MAX && !s.done &&
	    s.scanned < BLOCKS_SCAN_MAX)
		rc = scan_next(st, &s, a, count_batch(&s, delta), &ids, &n, e);
	*count = s.found + delta;
	*exact = s.done;
	return (rc);
}
