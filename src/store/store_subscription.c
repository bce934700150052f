/*
 * store_subscription.c - the service catalogue, customers' subscriptions,
 * pay-as-you-go periods, OMS orders and activation codes, subscription
 * events and daily-job claims. See store.h.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"

/* ---- services ------------------------------------------------------------ */

#define SERVICE_COLS \
	"key, name, trial_days, trial_seats, price_micros, currency," \
	" position, created_at, updated_at"

static void
service_row(const struct db_rows *r, size_t i, struct service *s)
{
	s->key = db_cell(r, i, 0);
	s->name = db_cell(r, i, 1);
	s->trial_days = db_cell_int(r, i, 2);
	s->trial_seats = db_cell_int(r, i, 3);
	s->price_micros = db_cell_int(r, i, 4);
	s->currency = db_cell(r, i, 5);
	s->position = db_cell_int(r, i, 6);
	s->created_at = db_cell_int(r, i, 7);
	s->updated_at = db_cell_int(r, i, 8);
}

int
store_service_list(struct store *st, struct arena *a, struct service **out,
    size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e, "SELECT " SERVICE_COLS
	    " FROM services ORDER BY position, key", DB_NOARGS);
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		service_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_service_get(struct store *st, struct arena *a, const char *key,
    struct service *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " SERVICE_COLS
	    " FROM services WHERE key = ?", DB_ARGS(DB_TEXT(key)));
	if (rc == ST_OK)
		service_row(&r, 0, out);
	return (rc);
}

int
store_service_add(struct store *st, const struct service *s, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO services (" SERVICE_COLS ")"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(s->key), DB_TEXT(s->name), DB_INT(s->trial_days),
	    DB_INT(s->trial_seats), DB_INT(s->price_micros),
	    DB_TEXT(s->currency), DB_INT(s->position), DB_INT(s->created_at),
	    DB_INT(s->updated_at)));
	arena_free(&a);
	return (rc);
}

int
store_service_update(struct store *st, const struct service *s,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE services SET name = ?, trial_days = ?, trial_seats = ?,"
	    " price_micros = ?, currency = ?, position = ?, updated_at = ?"
	    " WHERE key = ?",
	    DB_ARGS(DB_TEXT(s->name), DB_INT(s->trial_days),
	    DB_INT(s->trial_seats), DB_INT(s->price_micros),
	    DB_TEXT(s->currency), DB_INT(s->position), DB_INT(s->updated_at),
	    DB_TEXT(s->key)));
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	arena_free(&a);
	return (rc);
}

int
store_service_price_set(struct store *st, const char *service_key,
    const char *effective_on, int64_t price_micros, const char *currency,
    int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO service_prices (service_key, effective_on,"
	    " price_micros, currency, created_at) VALUES (?, ?, ?, ?, ?)"
	    " ON CONFLICT (service_key, effective_on) DO UPDATE SET"
	    " price_micros = excluded.price_micros,"
	    " currency = excluded.currency, created_at = excluded.created_at",
	    DB_ARGS(DB_TEXT(service_key), DB_TEXT(effective_on),
	    DB_INT(price_micros), DB_TEXT(currency), DB_INT(now)));
	arena_free(&a);
	return (rc);
}

int
store_service_prices(struct store *st, const char *until, struct arena *a,
    struct service_price **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT service_key, effective_on, price_micros, currency"
	    " FROM service_prices WHERE effective_on < ?"
	    " ORDER BY service_key, effective_on", DB_ARGS(DB_TEXT(until)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].service_key = db_cell(&r, i, 0);
		(*out)[i].effective_on = db_cell(&r, i, 1);
		(*out)[i].price_micros = db_cell_int(&r, i, 2);
		(*out)[i].currency = db_cell(&r, i, 3);
	}
	*n = r.nrows;
	return (ST_OK);
}

/* ---- subscriptions ------------------------------------------------------- */

#define SUB_COLS \
	"s.customer_id, s.service_key, s.partner_id, s.kind, s.status," \
	" s.seats, s.starts_on, s.ends_on, s.trial_started_on," \
	" s.trial_ends_on, s.created_at, s.updated_at, c.company"

static void
sub_row(const struct db_rows *r, size_t i, struct subscription *s)
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
	struct arena	a;
	struct db_rows	r;
	int		rc;

	/* A no-op update: a row lock on PostgreSQL, harmless on SQLite
	 * (whose write transactions are already serial). */
	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE customers SET updated_at = updated_at"
	    " WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id)));
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	arena_free(&a);
	return (rc);
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
		sub_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_sub_find(struct store *st, const char *partner_id,
    const struct sub_filter *f, struct arena *a, struct subscription **out,
    size_t *n, struct err *e)
{
	struct db_param	*p;
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 np = 0, i;
	int		 rc;

	assert(f->ncustomers <= SUB_FILTER_IDS_MAX);
	p = arena_calloc(a, 8 + f->ncustomers, sizeof(*p));
	buf_adds(&sql, "SELECT " SUB_COLS " FROM subscriptions s JOIN"
	    " customers c ON c.id = s.customer_id WHERE s.partner_id = ?");
	p[np++] = DB_TEXT(partner_id);
	if (f->scoped_login != NULL) {
		buf_adds(&sql, " AND s.customer_id IN (SELECT customer_id FROM"
		    " membership_customers WHERE account_id = ? AND"
		    " login_id = ?)");
		p[np++] = DB_TEXT(partner_id);
		p[np++] = DB_TEXT(f->scoped_login);
	}
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
	buf_adds(&sql, " ORDER BY c.sort_key, c.id, s.service_key");
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		sub_row(&r, i, &(*out)[i]);
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
		sub_row(&r, 0, out);
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

/* ---- orders and activation codes ---------------------------------------- */

int
store_order_create(struct store *st, const char *partner_id,
    struct arena *a, const struct oms_order *o, const char *const *hashes,
    const char *const *hints, char **id, struct err *e)
{
	char		*oid;
	long long	 i;
	int		 rc;

	oid = id_new(a, "ord");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO oms_orders (id, partner_id, service_key, seats, months,"
	    " code_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(oid), DB_TEXT(partner_id), DB_TEXT(o->service_key),
	    DB_INT(o->seats), DB_INT(o->months), DB_INT(o->count),
	    DB_INT(o->created_at)));
	for (i = 0; rc == ST_OK && i < o->count; i++)
		rc = db_query(st->db, a, NULL, e,
		    "INSERT INTO activation_codes (id, code_hash, hint, order_id,"
		    " partner_id, service_key, seats, months, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    DB_ARGS(DB_TEXT(id_new(a, "acd")), DB_TEXT(hashes[i]),
		    DB_TEXT(hints[i]), DB_TEXT(oid), DB_TEXT(partner_id),
		    DB_TEXT(o->service_key), DB_INT(o->seats),
		    DB_INT(o->months), DB_INT(o->created_at)));
	if (rc == ST_OK)
		*id = oid;
	return (rc);
}

int
store_code_by_hash(struct store *st, struct arena *a, const char *hash,
    struct activation_code *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT id, order_id, partner_id, service_key, seats, months, hint,"
	    " created_at, COALESCE(redeemed_at, 0), customer_id"
	    " FROM activation_codes WHERE code_hash = ?",
	    DB_ARGS(DB_TEXT(hash)));
	if (rc != ST_OK)
		return (rc);
	out->id = db_cell(&r, 0, 0);
	out->order_id = db_cell(&r, 0, 1);
	out->partner_id = db_cell(&r, 0, 2);
	out->service_key = db_cell(&r, 0, 3);
	out->seats = db_cell_int(&r, 0, 4);
	out->months = db_cell_int(&r, 0, 5);
	out->hint = db_cell(&r, 0, 6);
	out->created_at = db_cell_int(&r, 0, 7);
	out->redeemed_at = db_cell_int(&r, 0, 8);
	out->customer_id = db_cell(&r, 0, 9);
	return (ST_OK);
}

int
store_code_redeem(struct store *st, const char *partner_id,
    const char *code_id, const char *customer_id, const char *login_id,
    int64_t now, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE activation_codes SET redeemed_at = ?, customer_id = ?,"
	    " redeemed_by = ? WHERE id = ? AND partner_id = ? AND"
	    " redeemed_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(customer_id), DB_TEXT(login_id),
	    DB_TEXT(code_id), DB_TEXT(partner_id)));
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, ST_CONFLICT, "code_used", M_CODE_USED);
	arena_free(&a);
	return (rc);
}

/* ---- events and jobs ------------------------------------------------------ */

int
store_sub_ending(struct store *st, const char *until, struct arena *a,
    struct subscription **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e, "SELECT " SUB_COLS
	    " FROM subscriptions s JOIN customers c ON c.id = s.customer_id"
	    " WHERE s.status = 'active' AND s.kind IN ('trial', 'prepaid')"
	    " AND s.ends_on < ? ORDER BY s.ends_on, s.customer_id",
	    DB_ARGS(DB_TEXT(until)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		sub_row(&r, i, &(*out)[i]);
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
    struct sub_event **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT id, customer_id, service_key, kind, on_date, created_at"
	    " FROM subscription_events WHERE partner_id = ? AND"
	    " (CAST(? AS TEXT) IS NULL OR customer_id = ?) AND"
	    " (CAST(? AS TEXT) IS NULL OR customer_id IN (SELECT customer_id"
	    "  FROM membership_customers WHERE account_id = ? AND"
	    "  login_id = ?)) ORDER BY id",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id),
	    DB_TEXT(customer_id), DB_TEXT(scoped_login), DB_TEXT(partner_id),
	    DB_TEXT(scoped_login)));
	if (rc != ST_OK)
		return (rc);
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
