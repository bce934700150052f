/*
 * store_service.c - the operator's service catalogue and its price
 * history. See store.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"
#include "store/store_subscription.h"

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
store_service_list(struct store *st, struct arena *a, struct page *pg,
    struct service **out, size_t *n, struct err *e)
{
	struct db_param	 p[3];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 i;
	int		 rc;

	buf_adds(&sql, "SELECT " SERVICE_COLS " FROM services WHERE 1 = 1");
	if ((rc = store_page_query(st, a, &r, e, &sql, p, 0, pg,
	    "position, key", "it")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(6, 0));
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
	return (store_change_one(st, e,
	    "UPDATE services SET name = ?, trial_days = ?, trial_seats = ?,"
	    " price_micros = ?, currency = ?, position = ?, updated_at = ?"
	    " WHERE key = ?",
	    DB_ARGS(DB_TEXT(s->name), DB_INT(s->trial_days),
	    DB_INT(s->trial_seats), DB_INT(s->price_micros),
	    DB_TEXT(s->currency), DB_INT(s->position), DB_INT(s->updated_at),
	    DB_TEXT(s->key))));
}

int
store_service_backdate(struct store *st, const char *key, int64_t when,
    const char *day, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE services SET created_at = ?, updated_at = ? WHERE key = ?",
	    DB_ARGS(DB_INT(when), DB_INT(when), DB_TEXT(key)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "UPDATE service_prices SET effective_on = ?, created_at = ?"
		    " WHERE service_key = ? AND effective_on = (SELECT"
		    " min(effective_on) FROM service_prices WHERE"
		    " service_key = ?)", DB_ARGS(DB_TEXT(day), DB_INT(when),
		    DB_TEXT(key), DB_TEXT(key)));
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

int
store_service_price_history(struct store *st, const char *service_key,
    struct arena *a, struct page *pg, struct service_price **out, size_t *n,
    struct err *e)
{
	struct db_param	 p[4];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 i;
	int		 rc;

	*out = NULL;
	*n = 0;
	buf_adds(&sql, "SELECT service_key, effective_on, price_micros,"
	    " currency, created_at FROM service_prices WHERE service_key = ?");
	p[0] = DB_TEXT(service_key);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, 1, pg,
	    "effective_on", "T")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(1));
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].service_key = db_cell(&r, i, 0);
		(*out)[i].effective_on = db_cell(&r, i, 1);
		(*out)[i].price_micros = db_cell_int(&r, i, 2);
		(*out)[i].currency = db_cell(&r, i, 3);
		(*out)[i].created_at = db_cell_int(&r, i, 4);
	}
	*n = r.nrows;
	return (ST_OK);
}
