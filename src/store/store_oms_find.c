/*
 * store_oms_find.c - the matches of one Find customer search, collected in
 * display order, and the search index's matches sorted after a record:
 * what store_oms_search.c and store_oms_search_blocks.c both use.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_oms_find.h"
#include "store/store_oms.h"

void
search_hits_add(struct arena *a, struct oms_hits *h, const struct db_rows *r)
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

int
search_sorted_after(struct store *st, const struct oms_find *f,
    struct arena *a, const char *company, const char *id, bool from,
    size_t want, struct oms_hits *h, struct err *e)
{
	struct db_rows	 r;
	char		*sql;
	int		 rc;

	if (f->lite) {
		sql = arena_printf(a, "SELECT " OMS_COLS " FROM oms_records r"
		    " INDEXED BY oms_records_seq" OMS_CUSTOMER
		    " WHERE r.seq IN (SELECT rowid FROM %s WHERE %s MATCH ?"
		    " UNION ALL " WAITING ")"
		    " AND r.partner_id = ? AND r.eligible = 1"
		    " AND (r.company, r.id) %s (?, ?)"
		    " ORDER BY r.company, r.id LIMIT ?", f->fts, f->fts,
		    from ? ">=" : ">");
		rc = db_query(st->db, a, &r, e, sql, DB_ARGS(DB_TEXT(f->arg),
		    DB_TEXT(f->text), DB_TEXT(f->partner_id), DB_TEXT(company),
		    DB_TEXT(id), DB_INT(want)));
	} else {
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
	}
	if (rc == ST_OK)
		search_hits_add(a, h, &r);
	return (rc);
}
