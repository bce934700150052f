/*
 * store_subscription.c - customers' subscriptions and their pay-as-you-go
 * seat periods. See store.h.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"
#include "store/store_subscription.h"

/* ---- subscriptions ------------------------------------------------------- */

void
store_sub_row(const struct db_rows *r, size_t i, struct subscription *s)
{
	s->customer_id = db_cell(r, i, 0);
	s->service_key = db_cell(r, i, 1);
	s->partner_id = db_cell(r, i, 2);
	s->kind = db_cell(r, i, 3);
	s->status = db_cell(r, i, 4);
	s->seats = db_cell_int(r, i, 5);
	s->starts_on = db_cell(r, i, 6);
	s->ends_on = db_cell(r, i, 7);
	s->trial_started_on = db_cell(r, i, 8);
	s->trial_ends_on = db_cell(r, i, 9);
	s->created_at = db_cell_int(r, i, 10);
	s->updated_at = db_cell_int(r, i, 11);
	s->customer_name = db_cell(r, i, 12);
}

int
store_sub_lock(struct store *st, const char *partner_id,
    const char *customer_id, struct err *e)
{
	/* A no-op update: a row lock on PostgreSQL, harmless on SQLite
	 * (whose write transactions are already serial). */
	return (store_change_one(st, e,
	    "UPDATE customers SET updated_at = updated_at"
	    " WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id))));
}

int
store_sub_list(struct store *st, const char *partner_id,
    const char *customer_id, struct arena *a, struct subscription **out,
    size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e, "SELECT " SUB_COLS
	    " FROM subscriptions s JOIN customers c ON c.id = s.customer_id"
	    " WHERE s.partner_id = ? AND s.customer_id = ?"
	    " ORDER BY s.service_key",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		store_sub_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_sub_find(struct store *st, const char *partner_id,
    const struct sub_filter *f, struct arena *a, struct page *pg,
    struct subscription **out, size_t *n, struct err *e)
{
	struct db_param	*p;
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 np = 0, i;
	int		 rc;

	assert(f->ncustomers <= SUB_FILTER_IDS_MAX);
	p = arena_calloc(a, 14 + f->ncustomers, sizeof(*p));
	buf_adds(&sql, "SELECT " SUB_COLS ", c.sort_key FROM subscriptions s"
	    " JOIN customers c ON c.id = s.customer_id WHERE s.partner_id = ?"
	    " AND c.deleted_at IS NULL");
	p[np++] = DB_TEXT(partner_id);
	store_scope_where(&sql, p, &np, "s.customer_id", partner_id,
	    f->scoped_login);
	if (f->ncustomers > 0) {
		buf_adds(&sql, " AND s.customer_id IN (");
		for (i = 0; i < f->ncustomers; i++) {
			buf_adds(&sql, i > 0 ? ", ?" : "?");
			p[np++] = DB_TEXT(f->customer_ids[i]);
		}
		buf_adds(&sql, ")");
	}
	if (f->until != NULL) {
		buf_adds(&sql, " AND s.status = 'active' AND s.kind IN"
		    " ('trial', 'prepaid') AND s.ends_on > ? AND s.ends_on <= ?");
		p[np++] = DB_TEXT(f->after);
		p[np++] = DB_TEXT(f->until);
	}
	if (f->state != NULL) {
		/* Running today: active and not past its end (see the app's
		 * view of a subscription). */
		assert(f->today != NULL);
		if (strcmp(f->state, "expired") == 0)
			buf_adds(&sql, " AND NOT (s.status = 'active' AND"
			    " (s.ends_on IS NULL OR s.ends_on > ?))");
		else {
			buf_adds(&sql, " AND s.status = 'active' AND"
			    " (s.ends_on IS NULL OR s.ends_on > ?) AND"
			    " s.kind = ?");
		}
		p[np++] = DB_TEXT(f->today);
		if (strcmp(f->state, "expired") != 0)
			p[np++] = DB_TEXT(f->state);
	}
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "c.sort_key, c.id, s.service_key", "ttt")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(13, 0, 1));
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		store_sub_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_sub_get(struct store *st, const char *partner_id,
    const char *customer_id, const char *service_key, struct arena *a,
    struct subscription *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " SUB_COLS
	    " FROM subscriptions s JOIN customers c ON c.id = s.customer_id"
	    " WHERE s.partner_id = ? AND s.customer_id = ? AND"
	    " s.service_key = ?", DB_ARGS(DB_TEXT(partner_id),
	    DB_TEXT(customer_id), DB_TEXT(service_key)));
	if (rc == ST_OK)
		store_sub_row(&r, 0, out);
	return (rc);
}

int
store_sub_put(struct store *st, const char *partner_id,
    const struct subscription *s, int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO subscriptions (customer_id, service_key, partner_id,"
	    " kind, status, seats, starts_on, ends_on, trial_started_on,"
	    " trial_ends_on, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (customer_id, service_key) DO UPDATE SET"
	    " kind = excluded.kind, status = excluded.status,"
	    " seats = excluded.seats, starts_on = excluded.starts_on,"
	    " ends_on = excluded.ends_on,"
	    " trial_started_on = excluded.trial_started_on,"
	    " trial_ends_on = excluded.trial_ends_on,"
	    " updated_at = excluded.updated_at"
	    " WHERE subscriptions.partner_id = excluded.partner_id",
	    DB_ARGS(DB_TEXT(s->customer_id), DB_TEXT(s->service_key),
	    DB_TEXT(partner_id), DB_TEXT(s->kind), DB_TEXT(s->status),
	    DB_INT(s->seats), DB_TEXT(s->starts_on), DB_TEXT(s->ends_on),
	    DB_TEXT(s->trial_started_on), DB_TEXT(s->trial_ends_on),
	    DB_INT(now), DB_INT(now)));
	arena_free(&a);
	return (rc);
}

/* ---- pay-as-you-go periods ---------------------------------------------- */

int
store_payg_open(struct store *st, const char *partner_id,
    const char *customer_id, const char *service_key, long long seats,
    int64_t start_at, struct arena *a, struct err *e)
{
	return (db_query(st->db, a, NULL, e,
	    "INSERT INTO payg_periods (id, partner_id, customer_id,"
	    " service_key, seats, start_at, end_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, NULL)",
	    DB_ARGS(DB_TEXT(id_new_ordered(a, "pgp")), DB_TEXT(partner_id),
	    DB_TEXT(customer_id), DB_TEXT(service_key), DB_INT(seats),
	    DB_INT(start_at))));
}

int
store_payg_close(struct store *st, const char *partner_id,
    const char *customer_id, const char *service_key, int64_t end_at,
    struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE payg_periods SET end_at = ? WHERE partner_id = ? AND"
	    " customer_id = ? AND service_key = ? AND end_at IS NULL",
	    DB_ARGS(DB_INT(end_at), DB_TEXT(partner_id), DB_TEXT(customer_id),
	    DB_TEXT(service_key)));
	arena_free(&a);
	return (rc);
}

int
store_payg_between(struct store *st, const char *partner_id, int64_t from,
    int64_t to, struct arena *a, struct payg_period **out, size_t *n,
    struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT p.customer_id, c.company, p.service_key, p.seats,"
	    " p.start_at, COALESCE(p.end_at, 0)"
	    " FROM payg_periods p JOIN customers c ON c.id = p.customer_id"
	    " WHERE p.partner_id = ? AND p.start_at < ? AND"
	    " (p.end_at IS NULL OR p.end_at > ?)"
	    " ORDER BY c.sort_key, p.customer_id, p.service_key, p.start_at",
	    DB_ARGS(DB_TEXT(partner_id), DB_INT(to), DB_INT(from)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].customer_id = db_cell(&r, i, 0);
		(*out)[i].customer_name = db_cell(&r, i, 1);
		(*out)[i].service_key = db_cell(&r, i, 2);
		(*out)[i].seats = db_cell_int(&r, i, 3);
		(*out)[i].start_at = db_cell_int(&r, i, 4);
		(*out)[i].end_at = db_cell_int(&r, i, 5);
	}
	*n = r.nrows;
	return (ST_OK);
}
