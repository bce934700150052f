/*
 * store_scope.c - the customers a role limited to chosen customers covers
 * (a partner account's), or the sites (a company console's): a login's
 * membership, an invitation or an API client (a principal), in one table
 * each. See store.h.
 */
#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

/*
 * Replace what principal_id covers in account_id with ids: each inserted
 * by insert (account, principal, account, id: a row of the account's
 * children, or nothing), and one that inserts nothing looked up by exists
 * (account, id): repeated in the list is fine, not the account's is
 * ST_NOT_FOUND. With keep_deleted, the links to deleted sites stay (ids
 * are chosen among live ones), so that restoring a site gives the roles
 * limited to it their access again.
 */
static int
children_put(struct store *st, const char *account_id,
    const char *principal_id, const char *const *ids, size_t n,
    const char *insert, const char *exists, bool keep_deleted,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r, x;
	size_t		i;
	int		rc;

	arena_init(&a, 1024);
	if (!keep_deleted)
		rc = store_principal_scope_clear(st, account_id, principal_id,
		    e);
	else if ((rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM principal_customers"
	    " WHERE account_id = ? AND principal_id = ?",
	    DB_ARGS(DB_TEXT(account_id), DB_TEXT(principal_id)))) == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "DELETE FROM principal_sites WHERE partner_id = ?"
		    " AND principal_id = ? AND site_id IN (SELECT id FROM sites"
		    " WHERE partner_id = ? AND deleted_at IS NULL)",
		    DB_ARGS(DB_TEXT(account_id), DB_TEXT(principal_id),
		    DB_TEXT(account_id)));
	for (i = 0; rc == ST_OK && i < n; i++) {
		rc = db_query(st->db, &a, &r, e, insert,
		    DB_ARGS(DB_TEXT(account_id), DB_TEXT(principal_id),
		    DB_TEXT(account_id), DB_TEXT(ids[i])));
		if (rc == ST_OK && r.changes == 0) {
			rc = db_query(st->db, &a, &x, e, exists,
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
store_principal_customers_set(struct store *st, const char *account_id,
    const char *principal_id, const char *const *ids, size_t n,
    struct err *e)
{
	/* Only customers of this account can be covered. */
	return (children_put(st, account_id, principal_id, ids, n,
	    "INSERT INTO principal_customers (account_id, principal_id,"
	    " customer_id) SELECT ?, ?, id FROM customers"
	    " WHERE partner_id = ? AND id = ? ON CONFLICT DO NOTHING",
	    "SELECT 1 FROM customers WHERE partner_id = ? AND id = ?", false,
	    e));
}

int
store_principal_sites_set(struct store *st, const char *account_id,
    const char *principal_id, const char *const *ids, size_t n,
    struct err *e)
{
	/* Only sites of this account can be covered. */
	return (children_put(st, account_id, principal_id, ids, n,
	    "INSERT INTO principal_sites (partner_id, principal_id, site_id)"
	    " SELECT ?, ?, id FROM sites WHERE partner_id = ? AND id = ?"
	    " AND deleted_at IS NULL ON CONFLICT DO NOTHING",
	    "SELECT 1 FROM sites WHERE partner_id = ? AND id = ?"
	    " AND deleted_at IS NULL", true, e));
}

int
store_principal_scope_clear(struct store *st, const char *account_id,
    const char *principal_id, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM principal_customers"
	    " WHERE account_id = ? AND principal_id = ?",
	    DB_ARGS(DB_TEXT(account_id), DB_TEXT(principal_id)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "DELETE FROM principal_sites"
		    " WHERE partner_id = ? AND principal_id = ?",
		    DB_ARGS(DB_TEXT(account_id), DB_TEXT(principal_id)));
	arena_free(&a);
	return (rc);
}

/* Whether sql (account, principal, id) finds a row. */
static int
covers_query(struct store *st, const char *sql, const char *account_id,
    const char *principal_id, const char *id, bool *covers, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, &r, e, sql, DB_ARGS(DB_TEXT(account_id),
	    DB_TEXT(principal_id), DB_TEXT(id)));
	if (rc == ST_OK)
		*covers = r.nrows > 0;
	arena_free(&a);
	return (rc);
}

int
store_principal_covers_site(struct store *st, const char *account_id,
    const char *principal_id, const char *site_id, bool *covers,
    struct err *e)
{
	/* A link to a deleted site is kept for its restore, not followed. */
	return (covers_query(st, "SELECT 1 FROM principal_sites p"
	    " JOIN sites s ON s.id = p.site_id AND s.deleted_at IS NULL"
	    " WHERE p.partner_id = ? AND p.principal_id = ? AND p.site_id = ?",
	    account_id, principal_id, site_id, covers, e));
}

int
store_principal_covers(struct store *st, const char *account_id,
    const char *principal_id, const char *customer_id, bool *covers,
    struct err *e)
{
	return (covers_query(st, "SELECT 1 FROM principal_customers"
	    " WHERE account_id = ? AND principal_id = ? AND customer_id = ?",
	    account_id, principal_id, customer_id, covers, e));
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
	/* An account has customers or sites, not both: one of the two
	 * halves is empty. */
	p = arena_calloc(a, 2 * n + 2, sizeof(*p));
	p[0] = DB_TEXT(account_id);
	buf_adds(&sql, "SELECT principal_id, customer_id FROM"
	    " principal_customers WHERE account_id = ? AND principal_id IN (");
	for (i = 0; i < n; i++) {
		buf_adds(&sql, i > 0 ? ", ?" : "?");
		p[i + 1] = DB_TEXT(principal_ids[i]);
	}
	/* A deleted site's links wait for its restore or purge, unlisted. */
	buf_adds(&sql, ") UNION ALL SELECT ps.principal_id, ps.site_id FROM"
	    " principal_sites ps JOIN sites s ON s.id = ps.site_id"
	    " AND s.partner_id = ps.partner_id AND s.deleted_at IS NULL"
	    " WHERE ps.partner_id = ? AND ps.principal_id IN (");
	p[n + 1] = DB_TEXT(account_id);
	for (i = 0; i < n; i++) {
		buf_adds(&sql, i > 0 ? ", ?" : "?");
		p[n + 2 + i] = DB_TEXT(principal_ids[i]);
	}
	buf_adds(&sql, ") ORDER BY 1, 2");
	rc = db_query(st->db, a, &r, e, sql.data, p, 2 * n + 2);
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

void
store_site_scope_where(struct buf *sql, struct db_param *p, size_t *np,
    const char *col, const char *account_id, const char *scoped)
{
	if (scoped == NULL)
		return;
	buf_printf(sql, " AND %s IN (SELECT site_id FROM principal_sites"
	    " WHERE partner_id = ? AND principal_id = ?)", col);
	p[(*np)++] = DB_TEXT(account_id);
	p[(*np)++] = DB_TEXT(scoped);
}
