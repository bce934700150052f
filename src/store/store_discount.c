/*
 * store_discount.c - the operator's side: its account, the review queue of
 * segment-discount applications, segment rates and partners' flexible
 * billing. See store.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

/* The operator_id check every call here starts its WHERE clause with. */
#define IS_OPERATOR \
	"EXISTS (SELECT 1 FROM accounts o WHERE o.id = ? AND o.kind = 'operator')"

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

#define REVIEW_COLS \
	"d.id, d.partner_id, d.customer_id, d.segment, d.status," \
	" d.applied_at, d.due_on, COALESCE(d.decided_at, 0), d.note," \
	" COALESCE(d.percent, 0), d.decided_by, p.name, c.company, l.email," \
	" l.name"
#define REVIEW_FROM \
	" FROM discount_applications d" \
	" JOIN accounts p ON p.id = d.partner_id" \
	" JOIN customers c ON c.id = d.customer_id" \
	" LEFT JOIN logins l ON l.id = d.decided_by"

static void
review_from_row(const struct db_rows *r, size_t i, struct discount_review *o)
{
	memset(o, 0, sizeof(*o));
	o->d.id = db_cell(r, i, 0);
	o->d.partner_id = db_cell(r, i, 1);
	o->d.customer_id = db_cell(r, i, 2);
	o->d.segment = db_cell(r, i, 3);
	o->d.status = db_cell(r, i, 4);
	o->d.applied_at = db_cell_int(r, i, 5);
	o->d.due_on = db_cell(r, i, 6);
	o->d.decided_at = db_cell_int(r, i, 7);
	o->d.note = db_cell(r, i, 8);
	o->d.percent = db_cell_int(r, i, 9);
	o->d.decided_by = db_cell(r, i, 10);
	o->partner_name = db_cell(r, i, 11);
	o->customer_company = db_cell(r, i, 12);
	o->decided_by_email = db_cell(r, i, 13);
	o->decided_by_name = db_cell(r, i, 14);
}

int
store_discount_queue(struct store *st, const char *operator_id,
    struct arena *a, const char *status, size_t limit,
    struct discount_review **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	*out = NULL;
	*n = 0;
	rc = db_query(st->db, a, &r, e,
	    "SELECT " REVIEW_COLS REVIEW_FROM
	    " WHERE " IS_OPERATOR " AND (CAST(? AS TEXT) IS NULL OR d.status = ?)"
	    " ORDER BY d.due_on, d.applied_at, d.id LIMIT ?",
	    DB_ARGS(DB_TEXT(operator_id), DB_TEXT(status), DB_TEXT(status),
	    DB_INT(limit)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		review_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_discount_review_get(struct store *st, const char *operator_id,
    struct arena *a, const char *id, struct discount_review *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT " REVIEW_COLS REVIEW_FROM
	    " WHERE " IS_OPERATOR " AND d.id = ?",
	    DB_ARGS(DB_TEXT(operator_id), DB_TEXT(id)));
	if (rc == ST_OK)
		review_from_row(&r, 0, out);
	return (rc);
}

int
store_discount_decide(struct store *st, const char *operator_id,
    const char *id, const char *status, const char *note,
    const char *login_id, int64_t now, struct err *e)
{
	struct db_rows	r;
	struct arena	a;
	int		rc;

	arena_init(&a, 512);
	/*
	 * Conditional on "pending": of two deciders, the second finds the
	 * row changed (SQLite's write lock; PostgreSQL re-checks the
	 * condition after waiting for the first one's row lock) and updates
	 * nothing.
	 */
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE discount_applications SET status = ?, note = ?,"
	    " decided_at = ?, decided_by = ?,"
	    " percent = CASE WHEN CAST(? AS TEXT) = 'approved' THEN (SELECT s.percent"
	    "  FROM segment_rates s"
	    "  WHERE s.segment = discount_applications.segment) END"
	    " WHERE id = ? AND status = 'pending' AND " IS_OPERATOR
	    " RETURNING id",
	    DB_ARGS(DB_TEXT(status), DB_TEXT(note), DB_INT(now),
	    DB_TEXT(login_id), DB_TEXT(status), DB_TEXT(id),
	    DB_TEXT(operator_id)));
	if (rc != ST_OK)
		goto out;
	if (r.nrows == 1)
		goto out;
	rc = db_query(st->db, &a, &r, e,
	    "SELECT status FROM discount_applications WHERE id = ? AND "
	    IS_OPERATOR, DB_ARGS(DB_TEXT(id), DB_TEXT(operator_id)));
	if (rc != ST_OK)
		goto out;
	if (r.nrows == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	else
		rc = err_set(e, ST_CONFLICT, "already_decided", M_CONFLICT);
out:
	arena_free(&a);
	return (rc);
}

int
store_segment_rates(struct store *st, const char *operator_id,
    struct arena *a, struct segment_rate **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	*out = NULL;
	*n = 0;
	rc = db_query(st->db, a, &r, e,
	    "SELECT segment, percent, updated_at FROM segment_rates"
	    " WHERE " IS_OPERATOR
	    " ORDER BY CASE segment WHEN 'education' THEN 0"
	    " WHEN 'government' THEN 1 ELSE 2 END",
	    DB_ARGS(DB_TEXT(operator_id)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].segment = db_cell(&r, i, 0);
		(*out)[i].percent = db_cell_int(&r, i, 1);
		(*out)[i].updated_at = db_cell_int(&r, i, 2);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
store_segment_rate_set(struct store *st, const char *operator_id,
    const char *segment, long long percent, int64_t now, struct err *e)
{
	struct db_rows	r;
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE segment_rates SET percent = ?, updated_at = ?"
	    " WHERE segment = ? AND " IS_OPERATOR,
	    DB_ARGS(DB_INT(percent), DB_INT(now), DB_TEXT(segment),
	    DB_TEXT(operator_id)));
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	arena_free(&a);
	return (rc);
}

int
store_operator_partners(struct store *st, const char *operator_id,
    struct arena *a, struct operator_partner **out, size_t *n,
    struct err *e)
{
	struct db_rows		 r;
	struct operator_partner	*p;
	size_t			 i;
	int			 rc;

	*out = NULL;
	*n = 0;
	rc = db_query(st->db, a, &r, e,
	    "SELECT a.id, a.kind, a.name, a.region, a.flexible_billing,"
	    " a.created_at, a.updated_at,"
	    " (SELECT COUNT(*) FROM customers c WHERE c.partner_id = a.id),"
	    " (SELECT COUNT(*) FROM discount_applications d"
	    "  WHERE d.partner_id = a.id AND d.status = 'pending')"
	    " FROM accounts a WHERE a.kind = 'partner' AND " IS_OPERATOR
	    " ORDER BY a.name, a.id", DB_ARGS(DB_TEXT(operator_id)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		p = &(*out)[i];
		p->acct.id = db_cell(&r, i, 0);
		p->acct.kind = db_cell(&r, i, 1);
		p->acct.name = db_cell(&r, i, 2);
		p->acct.region = db_cell(&r, i, 3);
		p->acct.flexible_billing = db_cell_int(&r, i, 4) != 0;
		p->acct.created_at = db_cell_int(&r, i, 5);
		p->acct.updated_at = db_cell_int(&r, i, 6);
		p->customers = db_cell_int(&r, i, 7);
		p->pending = db_cell_int(&r, i, 8);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
store_partner_flexible_set(struct store *st, const char *operator_id,
    const char *partner_id, bool on, int64_t now, struct err *e)
{
	struct db_rows	r;
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE accounts SET flexible_billing = ?, updated_at = ?"
	    " WHERE id = ? AND kind = 'partner' AND " IS_OPERATOR,
	    DB_ARGS(DB_INT(on ? 1 : 0), DB_INT(now), DB_TEXT(partner_id),
	    DB_TEXT(operator_id)));
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	arena_free(&a);
	return (rc);
}

int
store_partner_admins(struct store *st, const char *partner_id,
    struct arena *a, struct login **out, size_t *n, struct err *e)
{
	struct db_rows	 r;
	struct login	*l;
	size_t		 i;
	int		 rc;

	*out = NULL;
	*n = 0;
	rc = db_query(st->db, a, &r, e,
	    "SELECT l.id, l.email, l.name, l.language FROM memberships m"
	    " JOIN logins l ON l.id = m.login_id"
	    " JOIN accounts a ON a.id = m.account_id"
	    " WHERE m.account_id = ? AND a.kind = 'partner'"
	    " AND m.role = 'admin' AND m.scope = 'all'"
	    " AND l.status = 'active' ORDER BY l.email_norm",
	    DB_ARGS(DB_TEXT(partner_id)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		l = &(*out)[i];
		l->id = db_cell(&r, i, 0);
		l->email = db_cell(&r, i, 1);
		l->name = db_cell(&r, i, 2);
		l->language = db_cell(&r, i, 3);
	}
	*n = r.nrows;
	return (ST_OK);
}
