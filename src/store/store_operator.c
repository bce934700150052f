/*
 * store_operator.c - the operator's account and its view of partners:
 * memberships in the operator account, the partners list and their
 * flexible billing. See store.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

int
store_operator_membership(struct store *st, const char *login_id,
    struct arena *a, char **operator_id, char **role, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT m.account_id, m.role FROM memberships m"
	    " JOIN accounts a ON a.id = m.account_id"
	    " WHERE m.login_id = ? AND a.kind = 'operator'"
	    " AND m.status = 'active'"
	    " ORDER BY a.created_at, a.id LIMIT 1",
	    DB_ARGS(DB_TEXT(login_id)));
	if (rc != ST_OK)
		return (rc);
	if (r.nrows == 0)
		return (err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
	*operator_id = (char *)db_cell(&r, 0, 0);
	*role = (char *)db_cell(&r, 0, 1);
	return (ST_OK);
}

int
store_operator_account(struct store *st, struct arena *a, struct account *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT id, kind, name, region, flexible_billing, created_at,"
	    " updated_at FROM accounts WHERE kind = 'operator'"
	    " ORDER BY created_at, id LIMIT 1", DB_NOARGS);
	if (rc != ST_OK)
		return (rc);
	if (r.nrows == 0)
		return (err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
	memset(out, 0, sizeof(*out));
	out->id = db_cell(&r, 0, 0);
	out->kind = db_cell(&r, 0, 1);
	out->name = db_cell(&r, 0, 2);
	out->region = db_cell(&r, 0, 3);
	out->flexible_billing = db_cell_int(&r, 0, 4) != 0;
	out->created_at = db_cell_int(&r, 0, 5);
	out->updated_at = db_cell_int(&r, 0, 6);
	return (ST_OK);
}

#define PARTNER_COLS \
	"a.id, a.kind, a.name, a.region, a.flexible_billing, a.created_at," \
	" a.updated_at," \
	" (SELECT COUNT(*) FROM customers c WHERE c.partner_id = a.id" \
	"  AND c.deleted_at IS NULL)," \
	" (SELECT COUNT(*) FROM discount_applications d" \
	"  WHERE d.partner_id = a.id AND d.status = 'pending')"

static void
partner_from_row(const struct db_rows *r, size_t i,
    struct operator_partner *p)
{
	p->acct.id = db_cell(r, i, 0);
	p->acct.kind = db_cell(r, i, 1);
	p->acct.name = db_cell(r, i, 2);
	p->acct.region = db_cell(r, i, 3);
	p->acct.flexible_billing = db_cell_int(r, i, 4) != 0;
	p->acct.created_at = db_cell_int(r, i, 5);
	p->acct.updated_at = db_cell_int(r, i, 6);
	p->customers = db_cell_int(r, i, 7);
	p->pending = db_cell_int(r, i, 8);
}

int
store_operator_partners(struct store *st, const char *operator_id,
    struct arena *a, struct page *pg, struct operator_partner **out,
    size_t *n, struct err *e)
{
	struct db_param		 prm[4];
	struct db_rows		 r;
	struct buf		 sql = BUF_INIT;
	size_t			 i;
	int			 rc;

	*out = NULL;
	*n = 0;
	buf_adds(&sql, "SELECT " PARTNER_COLS " FROM accounts a"
	    " WHERE a.kind = 'partner' AND " IS_OPERATOR);
	prm[0] = DB_TEXT(operator_id);
	if ((rc = store_page_query(st, a, &r, e, &sql, prm, 1, pg,
	    "a.name, a.id", "tt")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(2, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		partner_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_operator_partner(struct store *st, const char *operator_id,
    struct arena *a, const char *partner_id, struct operator_partner *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " PARTNER_COLS " FROM accounts a"
	    " WHERE a.kind = 'partner' AND a.id = ? AND " IS_OPERATOR,
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(operator_id)));
	if (rc == ST_OK)
		partner_from_row(&r, 0, out);
	return (rc);
}

int
store_partner_flexible_set(struct store *st, const char *operator_id,
    const char *partner_id, bool on, int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE accounts SET flexible_billing = ?, updated_at = ?"
	    " WHERE id = ? AND kind = 'partner' AND " IS_OPERATOR,
	    DB_ARGS(DB_INT(on ? 1 : 0), DB_INT(now), DB_TEXT(partner_id),
	    DB_TEXT(operator_id))));
}
