/*
 * store_query.c - what every store file uses to run its SQL: exactly one
 * row, a page of a list (keyset paging, core/page.h), a change of one row.
 * See store_int.h.
 */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

int
store_one(struct store *st, struct arena *a, struct db_rows *rows,
    struct err *e, const char *sql, const struct db_param *p, size_t np)
{
	int	rc;

	if ((rc = db_query(st->db, a, rows, e, sql, p, np)) != ST_OK)
		return (rc);
	if (rows->nrows == 0)
		return (err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
	assert(rows->nrows == 1);
	return (ST_OK);
}

size_t
store_page_end(struct page *pg, struct db_rows *r, const size_t *cols,
    size_t ncols)
{
	const char	*keys[PAGE_KEYS_MAX];
	size_t		 i;

	assert(ncols >= 1 && ncols <= PAGE_KEYS_MAX);
	pg->more = false;
	if (r->nrows <= pg->limit)
		return (r->nrows);
	for (i = 0; i < ncols; i++)
		keys[i] = db_cell(r, pg->limit - 1, cols[i]);
	page_set_next(pg, ncols, keys);
	r->nrows = pg->limit;
	return (r->nrows);
}

/* The n-th of cols (keys separated by ", "), into out. */
static void
page_col(const char *cols, size_t n, char *out, size_t len)
{
	const char	*p = cols, *end;

	for (; n > 0; n--) {
		p = strstr(p, ", ");
		assert(p != NULL);
		p += 2;
	}
	end = strstr(p, ", ");
	snprintf(out, len, "%.*s", (int)(end != NULL ? end - p :
	    (ptrdiff_t)strlen(p)), p);
}

int
store_page_after(struct buf *sql, struct db_param *p, size_t *np,
    const struct page *pg, const char *cols, const char *types,
    struct err *e)
{
	struct db_param	 key[PAGE_KEYS_MAX];
	char		 col[256];
	bool		 mixed = false;
	int64_t		 v;
	size_t		 i, j, n = strlen(types);

	assert(n >= 1 && n <= PAGE_KEYS_MAX);
	if (pg->nafter == 0)
		return (ST_OK);
	if (pg->nafter != n)
		return (err_field(e, "cursor", M_BAD_CURSOR));
	for (i = 0; i < n; i++) {
		if (types[i] == 'i' || types[i] == 'I') {
			if (!page_after_int(pg, i, &v))
				return (err_field(e, "cursor", M_BAD_CURSOR));
			key[i] = DB_INT(v);
		} else
			key[i] = DB_TEXT(pg->after[i]);
		mixed |= types[i] == 'T' || types[i] == 'I';
	}
	if (!mixed) {
		buf_printf(sql, " AND (%s) > (", cols);
		for (i = 0; i < n; i++) {
			p[(*np)++] = key[i];
			buf_adds(sql, i == 0 ? "?" : ", ?");
		}
		buf_addc(sql, ')');
		return (ST_OK);
	}
	/* Some keys descend: (a > ?) OR (a = ? AND b < ?) OR ... */
	buf_adds(sql, " AND (");
	for (i = 0; i < n; i++) {
		buf_adds(sql, i == 0 ? "(" : " OR (");
		for (j = 0; j <= i; j++) {
			page_col(cols, j, col, sizeof(col));
			buf_printf(sql, "%s%s %s ?", j > 0 ? " AND " : "", col,
			    j < i ? "=" : types[j] == 'T' || types[j] == 'I' ?
			    "<" : ">");
			p[(*np)++] = key[j];
		}
		buf_addc(sql, ')');
	}
	buf_addc(sql, ')');
	return (ST_OK);
}

int
store_page_query(struct store *st, struct arena *a, struct db_rows *r,
    struct err *e, struct buf *sql, struct db_param *p, size_t np,
    const struct page *pg, const char *cols, const char *types)
{
	char	col[256];
	size_t	i;
	int	rc;

	if ((rc = store_page_after(sql, p, &np, pg, cols, types, e)) ==
	    ST_OK) {
		buf_adds(sql, " ORDER BY ");
		for (i = 0; types[i] != '\0'; i++) {
			page_col(cols, i, col, sizeof(col));
			buf_printf(sql, "%s%s%s", i > 0 ? ", " : "", col,
			    types[i] == 'T' || types[i] == 'I' ? " DESC" : "");
		}
		buf_adds(sql, " LIMIT ?");
		p[np++] = PAGE_LIMIT(pg);
		rc = db_query(st->db, a, r, e, sql->data, p, np);
	}
	buf_free(sql);
	return (rc);
}

int
store_change_or(struct store *st, struct err *e, int status,
    const char *code, enum msg_id msg, const char *sql,
    const struct db_param *p, size_t np)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	assert(status >= 400);
	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e, sql, p, np);
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, status, code, msg);
	arena_free(&a);
	return (rc);
}

int
store_count(struct store *st, struct err *e, long long *n, const char *sql,
    const struct db_param *p, size_t np)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e, sql, p, np);
	*n = rc == ST_OK && r.nrows > 0 ? db_cell_int(&r, 0, 0) : 0;
	arena_free(&a);
	return (rc);
}

int
store_change_one(struct store *st, struct err *e, const char *sql,
    const struct db_param *p, size_t np)
{
	return (store_change_or(st, e, ST_NOT_FOUND, "not_found", M_NOT_FOUND,
	    sql, p, np));
}
