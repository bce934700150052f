/*
 * store_webhook.c - webhooks and their deliveries; see store_webhook.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "store/store_int.h"
#include "store/store_webhook.h"

#define HOOK_COLS \
	"w.id, w.partner_id, w.url, w.events, w.enabled, w.generation," \
	" w.created_by, w.created_at, w.updated_at"

static void
hook_row(const struct db_rows *r, size_t i, struct webhook *w)
{
	memset(w, 0, sizeof(*w));
	w->id = db_cell(r, i, 0);
	w->partner_id = db_cell(r, i, 1);
	w->url = db_cell(r, i, 2);
	w->events = db_cell(r, i, 3);
	w->enabled = db_cell_int(r, i, 4) != 0;
	w->generation = db_cell_int(r, i, 5);
	w->created_by = db_cell(r, i, 6);
	w->created_at = db_cell_int(r, i, 7);
	w->updated_at = db_cell_int(r, i, 8);
}

int
store_webhook_create(struct store *st, const struct webhook *w,
    struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO webhooks (id, partner_id, url, events, enabled,"
	    " generation, created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(w->id), DB_TEXT(w->partner_id), DB_TEXT(w->url),
	    DB_TEXT(w->events), DB_INT(w->enabled ? 1 : 0),
	    DB_TEXT(w->created_by), DB_INT(w->created_at),
	    DB_INT(w->created_at)));
	arena_free(&a);
	return (rc);
}

int
store_webhook_get(struct store *st, const char *partner_id, const char *id,
    struct arena *a, struct webhook *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " HOOK_COLS " FROM webhooks w"
	    " WHERE w.partner_id = ? AND w.id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK)
		hook_row(&r, 0, out);
	return (rc);
}

int
store_webhook_list(struct store *st, const char *partner_id,
    struct arena *a, struct page *pg, struct webhook **out, size_t *n,
    struct err *e)
{
	struct buf	sql = BUF_INIT;
	struct db_param	p[8];
	struct db_rows	r;
	size_t		np = 0, i;
	int		rc;

	buf_adds(&sql, "SELECT " HOOK_COLS ","
	    " (SELECT d.status FROM webhook_deliveries d"
	    " WHERE d.webhook_id = w.id ORDER BY d.id DESC LIMIT 1),"
	    " (SELECT COALESCE(d.delivered_at, d.created_at)"
	    " FROM webhook_deliveries d WHERE d.webhook_id = w.id"
	    " ORDER BY d.id DESC LIMIT 1),"
	    " (SELECT count(*) FROM webhook_deliveries d"
	    " WHERE d.webhook_id = w.id AND d.status = 'failed')"
	    " FROM webhooks w WHERE w.partner_id = ?");
	p[np++] = DB_TEXT(partner_id);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "w.created_at, w.id", "it")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(7, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		hook_row(&r, i, &(*out)[i]);
		(*out)[i].last_status = db_cell(&r, i, 9);
		(*out)[i].last_at = db_cell_int(&r, i, 10);
		(*out)[i].failed = db_cell_int(&r, i, 11);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
store_webhook_update(struct store *st, const struct webhook *w, int64_t now,
    struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE webhooks SET url = ?, events = ?, enabled = ?,"
	    " updated_at = ? WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(w->url), DB_TEXT(w->events),
	    DB_INT(w->enabled ? 1 : 0), DB_INT(now), DB_TEXT(w->partner_id),
	    DB_TEXT(w->id))));
}

int
store_webhook_rotate(struct store *st, const char *partner_id,
    const char *id, long long generation, int64_t now, struct err *e)
{
	return (store_change_or(st, e, ST_CONFLICT, "conflict", M_CONFLICT,
	    "UPDATE webhooks SET generation = generation + 1, updated_at = ?"
	    " WHERE partner_id = ? AND id = ? AND generation = ?",
	    DB_ARGS(DB_INT(now), DB_TEXT(partner_id), DB_TEXT(id),
	    DB_INT(generation))));
}

int
store_webhook_delete(struct store *st, const char *partner_id,
    const char *id, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM webhook_deliveries WHERE partner_id = ?"
	    " AND webhook_id = ?", DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	arena_free(&a);
	if (rc != ST_OK)
		return (rc);
	return (store_change_one(st, e,
	    "DELETE FROM webhooks WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id))));
}

int
store_webhooks_enabled(struct store *st, const char *partner_id,
    struct arena *a, struct webhook **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e, "SELECT " HOOK_COLS
	    " FROM webhooks w WHERE w.partner_id = ? AND w.enabled = 1",
	    DB_ARGS(DB_TEXT(partner_id)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		hook_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

/* ---- deliveries ---------------------------------------------------------- */

#define DLV_COLS \
	"d.id, d.partner_id, d.webhook_id, d.event_id, d.event, d.body," \
	" d.status, d.attempts, d.next_attempt_at, COALESCE(d.last_status, 0)," \
	" d.last_error, d.created_at, COALESCE(d.delivered_at, 0)"

static void
delivery_row(const struct db_rows *r, size_t i, struct webhook_delivery *d)
{
	memset(d, 0, sizeof(*d));
	d->id = db_cell(r, i, 0);
	d->partner_id = db_cell(r, i, 1);
	d->webhook_id = db_cell(r, i, 2);
	d->event_id = db_cell(r, i, 3);
	d->event = db_cell(r, i, 4);
	d->body = db_cell(r, i, 5);
	d->status = db_cell(r, i, 6);
	d->attempts = db_cell_int(r, i, 7);
	d->next_attempt_at = db_cell_int(r, i, 8);
	d->last_status = db_cell_int(r, i, 9);
	d->last_error = db_cell(r, i, 10);
	d->created_at = db_cell_int(r, i, 11);
	d->delivered_at = db_cell_int(r, i, 12);
}

int
store_delivery_add(struct store *st, const struct webhook_delivery *d,
    struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO webhook_deliveries (id, partner_id, webhook_id,"
	    " event_id, event, body, status, next_attempt_at, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?)"
	    " ON CONFLICT (webhook_id, event_id) DO NOTHING",
	    DB_ARGS(DB_TEXT(d->id), DB_TEXT(d->partner_id),
	    DB_TEXT(d->webhook_id), DB_TEXT(d->event_id), DB_TEXT(d->event),
	    DB_TEXT(d->body), DB_INT(d->created_at), DB_INT(d->created_at)));
	arena_free(&a);
	return (rc);
}

int
store_delivery_list(struct store *st, const char *partner_id,
    const char *webhook_id, struct arena *a, struct page *pg,
    struct webhook_delivery **out, size_t *n, struct err *e)
{
	struct buf	sql = BUF_INIT;
	struct db_param	p[8];
	struct db_rows	r;
	size_t		np = 0, i;
	int		rc;

	buf_adds(&sql, "SELECT " DLV_COLS " FROM webhook_deliveries d"
	    " WHERE d.partner_id = ? AND d.webhook_id = ?");
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_TEXT(webhook_id);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg, "d.id",
	    "T")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		delivery_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_delivery_redeliver(struct store *st, const char *partner_id,
    const char *webhook_id, const char *id, int64_t now, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = store_one(st, &a, &r, e, "SELECT status FROM webhook_deliveries"
	    " WHERE partner_id = ? AND webhook_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(webhook_id), DB_TEXT(id)));
	arena_free(&a);
	if (rc != ST_OK)
		return (rc);
	return (store_change_or(st, e, ST_CONFLICT, "delivery_pending",
	    M_DELIVERY_PENDING,
	    "UPDATE webhook_deliveries SET status = 'waiting',"
	    " next_attempt_at = ?, attempts = 0, lease_owner = NULL,"
	    " lease_until = NULL WHERE partner_id = ? AND webhook_id = ?"
	    " AND id = ? AND status IN ('delivered', 'failed')",
	    DB_ARGS(DB_INT(now), DB_TEXT(partner_id), DB_TEXT(webhook_id),
	    DB_TEXT(id))));
}

#define CLAIMABLE \
	"((status = 'waiting' AND next_attempt_at <= ?) OR" \
	" (status = 'sending' AND lease_until < ?))"

int
store_delivery_claim(struct store *st, struct arena *a, const char *owner,
    int64_t now, int64_t lease_until, size_t max,
    struct webhook_delivery **out, size_t *n, struct err *e)
{
	struct db_rows	cand, r;
	size_t		i;
	int		rc;

	*out = NULL;
	*n = 0;
	rc = db_query(st->db, a, &cand, e,
	    "SELECT id FROM webhook_deliveries WHERE " CLAIMABLE
	    " ORDER BY next_attempt_at, id LIMIT ?",
	    DB_ARGS(DB_INT(now), DB_INT(now), DB_INT((long long)max)));
	if (rc != ST_OK || cand.nrows == 0)
		return (rc);
	*out = arena_calloc(a, cand.nrows, sizeof(**out));
	for (i = 0; i < cand.nrows; i++) {
		rc = db_query(st->db, a, &r, e,
		    "UPDATE webhook_deliveries SET status = 'sending',"
		    " lease_owner = ?, lease_until = ?, attempts = attempts + 1"
		    " WHERE id = ? AND " CLAIMABLE " RETURNING id",
		    DB_ARGS(DB_TEXT(owner), DB_INT(lease_until),
		    DB_TEXT(db_cell(&cand, i, 0)), DB_INT(now), DB_INT(now)));
		if (rc != ST_OK)
			return (rc);
		if (r.nrows != 1)
			continue;
		rc = store_one(st, a, &r, e, "SELECT " DLV_COLS ", w.url,"
		    " w.generation FROM webhook_deliveries d"
		    " JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?",
		    DB_ARGS(DB_TEXT(db_cell(&cand, i, 0))));
		if (rc == ST_NOT_FOUND) {
			err_clear(e);
			continue;
		}
		if (rc != ST_OK)
			return (rc);
		delivery_row(&r, 0, &(*out)[*n]);
		(*out)[*n].url = db_cell(&r, 0, 13);
		(*out)[*n].generation = db_cell_int(&r, 0, 14);
		(*n)++;
	}
	return (ST_OK);
}

static int
settle(struct store *st, const char *sql, const struct db_param *p,
    size_t np, struct err *e)
{
	return (store_change_or(st, e, ST_CONFLICT, "lease_lost", M_CONFLICT,
	    sql, p, np));
}

int
store_delivery_done(struct store *st, const char *id, const char *owner,
    long long http_status, int64_t now, struct err *e)
{
	return (settle(st,
	    "UPDATE webhook_deliveries SET status = 'delivered',"
	    " delivered_at = ?, last_status = ?, last_error = '',"
	    " lease_owner = NULL, lease_until = NULL"
	    " WHERE id = ? AND status = 'sending' AND lease_owner = ?",
	    DB_ARGS(DB_INT(now), DB_INT(http_status), DB_TEXT(id),
	    DB_TEXT(owner)), e));
}

int
store_delivery_retry(struct store *st, const char *id, const char *owner,
    long long http_status, const char *error, int64_t next_attempt_at,
    struct err *e)
{
	return (settle(st,
	    "UPDATE webhook_deliveries SET status = 'waiting',"
	    " next_attempt_at = ?, last_status = ?, last_error = ?,"
	    " lease_owner = NULL, lease_until = NULL"
	    " WHERE id = ? AND status = 'sending' AND lease_owner = ?",
	    DB_ARGS(DB_INT(next_attempt_at), DB_INT(http_status),
	    DB_TEXT(error), DB_TEXT(id), DB_TEXT(owner)), e));
}

int
store_delivery_failed(struct store *st, const char *id, const char *owner,
    long long http_status, const char *error, struct err *e)
{
	return (settle(st,
	    "UPDATE webhook_deliveries SET status = 'failed', last_status = ?,"
	    " last_error = ?, lease_owner = NULL, lease_until = NULL"
	    " WHERE id = ? AND status = 'sending' AND lease_owner = ?",
	    DB_ARGS(DB_INT(http_status), DB_TEXT(error), DB_TEXT(id),
	    DB_TEXT(owner)), e));
}
