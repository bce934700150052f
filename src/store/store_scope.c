/*
 * store_scope.c - the customers a role limited to chosen customers covers:
 * a login's membership or an API client (a principal), in one table.
 * See store.h.
 */
#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

int
store_principal_customers_set(struct store *st, const char *account_id,
    const char *principal_id, const char *const *ids, size_t n,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	size_t		i;
	int		rc;

	arena_init(&a, 1024);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM principal_customers"
	    " WHERE account_id = ? AND principal_id = ?",
	    DB_ARGS(DB_TEXT(account_id), DB_TEXT(principal_id)));
	/* Only customers of this account can be covered. */
	for (i = 0; rc == ST_OK && i < n; i++) {
		rc = db_query(st->db, &a, &r, e,
		    "INSERT INTO principal_customers (account_id,"
		    " principal_id, customer_id) SELECT ?, ?, id FROM customers"
		    " WHERE partner_id = ? AND id = ?"
		    " ON CONFLICT DO NOTHING",
		    DB_ARGS(DB_TEXT(account_id), DB_TEXT(principal_id),
		    DB_TEXT(account_id), DB_TEXT(ids[i])));
		if (rc == ST_OK && r.changes == 0) {
			/* Repeated in the list, or not a customer here. */
			struct db_rows	x;

			rc = db_query(st->db, &a, &x, e,
			    "SELECT 1 FROM customers WHERE partner_id = ?"
			    " AND id = ?",
			    DB_ARGS(DB_TEXT(account_id), DB_TEXT(ids[i])));
			if (rc == ST_OK && x.nrows == 0)
				rc = err_set(e, ST_NOT_FOUND, "not_found",
				    M_NOT_FOUND);
		}
	}
	arena_free(&a);
	return (rc);
}

int
store_principal_covers(struct store *st, const char *account_id,
    const char *principal_id, const char *customer_id, bool *covers,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, &r, e,
	    "SELECT 1 FROM principal_customers WHERE account_id = ?"
	    " AND principal_id = ? AND customer_id = ?",
	    DB_ARGS(DB_TEXT(account_id), DB_TEXT(principal_id),
	    DB_TEXT(customer_id)));
	if (rc == ST_OK)
		*covers = r.nrows > 0;
	arena_free(&a);
	return (rc);
}

int
store_principal_customers(struct store *st, const char *account_id,
    const char *const *principal_ids, size_t n, struct arena *a,
    struct principal_customer **out, size_t *nout, struct err *e)
{
	struct db_param	*p;
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 i;
	int		 rc;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return (ST_OK);
	p = arena_calloc(a, n + 1, sizeof(*p));
	p[0] = DB_TEXT(account_id);
	buf_adds(&sql, "SELECT principal_id, customer_id FROM"
	    " principal_customers WHERE account_id = ? AND principal_id IN (");
	for (i = 0; i < n; i++) {
		buf_adds(&sql, i > 0 ? ", ?" : "?");
		p[i + 1] = DB_TEXT(principal_ids[i]);
	}
	buf_adds(&sql, ") ORDER BY principal_id, customer_id");
	rc = db_query(st->db, a, &r, e, sql.data, p, n + 1);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].principal_id = db_cell(&r, i, 0);
		(*out)[i].customer_id = db_cell(&r, i, 1);
	}
	*nout = r.nrows;
	return (ST_OK);
}

void
store_scope_where(struct buf *sql, struct db_param *p, size_t *np,
    const char *col, const char *account_id, const char *scoped)
{
	if (scoped == NULL)
		return;
	buf_printf(sql, " AND %s IN (SELECT customer_id FROM"
	    " principal_customers WHERE account_id = ? AND principal_id = ?)",
	    col);
	p[(*np)++] = DB_TEXT(account_id);
	p[(*np)++] = DB_TEXT(scoped);
}
