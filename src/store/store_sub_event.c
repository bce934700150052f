/*
 * store_sub_event.c - what the daily job works on: subscriptions that are
 * ending, their expiry, the events recorded once per day, and the claim
 * that lets one worker of one server run each day's job. See store.h.
 */
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_deletion.h"
#include "store/store_int.h"
#include "store/store_subscription.h"

int
store_sub_ending(struct store *st, const char *until, struct arena *a,
    struct subscription **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e, "SELECT " SUB_COLS
	    " FROM subscriptions s JOIN customers c ON c.id = s.customer_id"
	    " JOIN accounts a ON a.id = s.partner_id"
	    " WHERE s.status = 'active' AND s.kind IN ('trial', 'prepaid')"
	    " AND s.ends_on < ? AND c.deleted_at IS NULL"
	    " AND a.deleted_at IS NULL ORDER BY s.ends_on, s.customer_id",
	    DB_ARGS(DB_TEXT(until)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		store_sub_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_sub_expire(struct store *st, const struct subscription *s,
    int64_t now, bool *changed, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE subscriptions SET status = 'expired', updated_at = ?"
	    " WHERE customer_id = ? AND service_key = ? AND partner_id = ? AND"
	    " status = 'active' AND kind = ? AND ends_on = ?",
	    DB_ARGS(DB_INT(now), DB_TEXT(s->customer_id),
	    DB_TEXT(s->service_key), DB_TEXT(s->partner_id), DB_TEXT(s->kind),
	    DB_TEXT(s->ends_on)));
	if (rc == ST_OK)
		*changed = r.changes > 0;
	arena_free(&a);
	return (rc);
}

int
store_sub_event(struct store *st, const char *partner_id,
    const char *customer_id, const char *service_key, const char *kind,
    const char *on_date, int64_t now, struct arena *a, bool *added,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "INSERT INTO subscription_events (id, partner_id, customer_id,"
	    " service_key, kind, on_date, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (customer_id, service_key, kind, on_date) DO NOTHING",
	    DB_ARGS(DB_TEXT(id_new_ordered(a, "sev")), DB_TEXT(partner_id),
	    DB_TEXT(customer_id), DB_TEXT(service_key), DB_TEXT(kind),
	    DB_TEXT(on_date), DB_INT(now)));
	if (rc == ST_OK)
		*added = r.changes > 0;
	return (rc);
}

int
store_sub_events(struct store *st, const char *partner_id,
    const char *customer_id, const char *scoped_login, struct arena *a,
    struct page *pg, struct sub_event **out, size_t *n, struct err *e)
{
	struct db_param	 p[6];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 np = 0, i;
	int		 rc;

	buf_adds(&sql, "SELECT id, customer_id, service_key, kind, on_date,"
	    " created_at FROM subscription_events WHERE partner_id = ?");
	p[np++] = DB_TEXT(partner_id);
	if (customer_id != NULL) {
		buf_adds(&sql, " AND customer_id = ?");
		p[np++] = DB_TEXT(customer_id);
	}
	store_scope_where(&sql, p, &np, "customer_id", partner_id,
	    scoped_login);
	store_live_where(&sql, "customer_id");
	/* Ids are ordered by time (id_new_ordered). */
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg, "id",
	    "t")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(0));
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell(&r, i, 0);
		(*out)[i].customer_id = db_cell(&r, i, 1);
		(*out)[i].service_key = db_cell(&r, i, 2);
		(*out)[i].kind = db_cell(&r, i, 3);
		(*out)[i].on_date = db_cell(&r, i, 4);
		(*out)[i].created_at = db_cell_int(&r, i, 5);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
store_job_claim(struct store *st, const char *name, const char *today,
    int64_t now, const char *runner, bool *claimed, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO job_runs (name, last_day, ran_at, runner)"
	    " VALUES (?, '', 0, '') ON CONFLICT (name) DO NOTHING",
	    DB_ARGS(DB_TEXT(name)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, &r, e,
		    "UPDATE job_runs SET last_day = ?, ran_at = ?, runner = ?"
		    " WHERE name = ? AND last_day < ?",
		    DB_ARGS(DB_TEXT(today), DB_INT(now), DB_TEXT(runner),
		    DB_TEXT(name), DB_TEXT(today)));
	if (rc == ST_OK)
		*claimed = r.changes > 0;
	arena_free(&a);
	return (rc);
}
