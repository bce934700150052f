/*
 * store_discount.c - the operator's side: its account, the review queue of
 * segment-discount applications, segment rates and partners' flexible
 * billing. See store.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"
#include "store/store_subscription.h"

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
    struct arena *a, const char *status, const char *partner_id,
    struct page *pg, struct discount_review **out, size_t *n, struct err *e)
{
	struct db_param	 p[10];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 np = 0, i;
	int		 rc;

	*out = NULL;
	*n = 0;
	buf_adds(&sql, "SELECT " REVIEW_COLS REVIEW_FROM " WHERE " IS_OPERATOR);
	p[np++] = DB_TEXT(operator_id);
	if (status != NULL) {
		buf_adds(&sql, " AND d.status = ?");
		p[np++] = DB_TEXT(status);
	}
	if (partner_id != NULL) {
		buf_adds(&sql, " AND d.partner_id = ?");
		p[np++] = DB_TEXT(partner_id);
	}
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "d.due_on, d.applied_at, d.id", "tit")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(6, 5, 0));
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

#define SEGMENT_RANK \
	"CASE segment WHEN 'education' THEN 0 WHEN 'government' THEN 1" \
	" ELSE 2 END"

int
store_segment_rates(struct store *st, const char *operator_id,
    struct arena *a, struct page *pg, struct segment_rate **out, size_t *n,
    struct err *e)
{
	struct db_param	 p[5];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 i;
	int		 rc;

	*out = NULL;
	*n = 0;
	buf_adds(&sql, "SELECT segment, percent, updated_at, " SEGMENT_RANK
	    " FROM segment_rates WHERE " IS_OPERATOR);
	p[0] = DB_TEXT(operator_id);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, 1, pg,
	    SEGMENT_RANK ", segment", "it")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(3, 0));
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
	return (store_change_one(st, e,
	    "UPDATE segment_rates SET percent = ?, updated_at = ?"
	    " WHERE segment = ? AND " IS_OPERATOR,
	    DB_ARGS(DB_INT(percent), DB_INT(now), DB_TEXT(segment),
	    DB_TEXT(operator_id))));
}

int
store_discount_create(struct store *st, const char *partner_id,
    struct arena *a, const struct discount_application *d, char **id,
    struct err *e)
{
	char	*nid;
	int	 rc;

	nid = id_new(a, "dap");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO discount_applications (id, partner_id, customer_id,"
	    " segment, status, applied_at, due_on)"
	    " VALUES (?, ?, ?, ?, 'pending', ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(partner_id), DB_TEXT(d->customer_id),
	    DB_TEXT(d->segment), DB_INT(d->applied_at), DB_TEXT(d->due_on)));
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

int
store_discount_for_customer(struct store *st, const char *partner_id,
    const char *customer_id, struct arena *a,
    struct discount_application *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT id, partner_id, customer_id, segment, status, applied_at,"
	    " due_on, COALESCE(decided_at, 0), note, COALESCE(percent, 0),"
	    " decided_by FROM discount_applications"
	    " WHERE partner_id = ? AND customer_id = ?"
	    " ORDER BY applied_at DESC, id DESC LIMIT 1",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id)));
	if (rc != ST_OK)
		return (rc);
	if (r.nrows == 0)
		return (err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
	out->id = db_cell(&r, 0, 0);
	out->partner_id = db_cell(&r, 0, 1);
	out->customer_id = db_cell(&r, 0, 2);
	out->segment = db_cell(&r, 0, 3);
	out->status = db_cell(&r, 0, 4);
	out->applied_at = db_cell_int(&r, 0, 5);
	out->due_on = db_cell(&r, 0, 6);
	out->decided_at = db_cell_int(&r, 0, 7);
	out->note = db_cell(&r, 0, 8);
	out->percent = db_cell_int(&r, 0, 9);
	out->decided_by = db_cell(&r, 0, 10);
	return (ST_OK);
}

int
store_discount_approved(struct store *st, const char *partner_id,
    const char *customer_id, long long *percent, int64_t *since,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	/* The rate fixed at approval; the segment's current rate otherwise. */
	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "SELECT COALESCE(d.percent, g.percent, 0), d.decided_at"
	    " FROM discount_applications d"
	    " LEFT JOIN segment_rates g ON g.segment = d.segment"
	    " WHERE d.partner_id = ? AND d.customer_id = ? AND"
	    " d.status = 'approved' AND d.decided_at IS NOT NULL"
	    " ORDER BY d.decided_at DESC, d.id DESC LIMIT 1",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id)));
	if (rc == ST_OK && r.nrows == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	else if (rc == ST_OK) {
		*percent = db_cell_int(&r, 0, 0);
		*since = db_cell_int(&r, 0, 1);
	}
	arena_free(&a);
	return (rc);
}

/* By customer id in byte order, the latest approval first. */
static int
cmp_approved(const void *pa, const void *pb)
{
	const struct approved_discount	*a = pa, *b = pb;
	int				 c;

	if ((c = strcmp(a->customer_id, b->customer_id)) != 0)
		return (c);
	return (a->since > b->since ? -1 : a->since < b->since);
}

int
store_discounts_approved(struct store *st, const char *partner_id,
    struct arena *a, struct approved_discount **out, size_t *n,
    struct err *e)
{
	struct approved_discount	*d;
	struct db_rows			 r;
	size_t				 i, k = 0;
	int				 rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT d.customer_id, COALESCE(d.percent, g.percent, 0),"
	    " d.decided_at FROM discount_applications d"
	    " LEFT JOIN segment_rates g ON g.segment = d.segment"
	    " WHERE d.partner_id = ? AND d.status = 'approved' AND"
	    " d.decided_at IS NOT NULL", DB_ARGS(DB_TEXT(partner_id)));
	if (rc != ST_OK)
		return (rc);
	d = arena_calloc(a, r.nrows + 1, sizeof(*d));
	for (i = 0; i < r.nrows; i++) {
		d[i].customer_id = db_cell(&r, i, 0);
		d[i].percent = db_cell_int(&r, i, 1);
		d[i].since = db_cell_int(&r, i, 2);
	}
	/* Sorted here, not in SQL: the order must be strcmp's. */
	qsort(d, r.nrows, sizeof(*d), cmp_approved);
	for (i = 0; i < r.nrows; i++)
		if (k == 0 || strcmp(d[k - 1].customer_id,
		    d[i].customer_id) != 0)
			d[k++] = d[i];
	*out = d;
	*n = k;
	return (ST_OK);
}
