/*
 * store_alert.c - alerts: raising with deduplication, resolving by key,
 * lists, status changes, purging; and mutes. See store_alert.h.
 */
#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_alert.h"
#include "store/store_deletion.h"
#include "store/store_int.h"

/* The columns moved_rows() reads, for RETURNING. */
#define MOVED_COLS \
	"id, partner_id, customer_id, device_id, type, severity, subject"

/* Alerts a change returned (MOVED_COLS), now in status. */
static void
moved_rows(const struct db_rows *r, struct arena *a, const char *status,
    struct alert_moved *out)
{
	size_t	i;

	out->n = r->nrows;
	out->a = arena_calloc(a, r->nrows ? r->nrows : 1, sizeof(*out->a));
	for (i = 0; i < r->nrows; i++) {
		out->a[i].id = db_cell(r, i, 0);
		out->a[i].partner_id = db_cell(r, i, 1);
		out->a[i].customer_id = db_cell(r, i, 2);
		out->a[i].device_id = db_cell(r, i, 3);
		out->a[i].type = db_cell(r, i, 4);
		out->a[i].severity = db_cell(r, i, 5);
		out->a[i].subject = db_cell(r, i, 6);
		out->a[i].status = status;
	}
}

void
store_alert_row(const struct db_rows *r, size_t i, struct alert *out)
{
	out->id = db_cell(r, i, 0);
	out->partner_id = db_cell(r, i, 1);
	out->customer_id = db_cell(r, i, 2);
	out->customer_name = db_cell(r, i, 3);
	out->device_id = db_cell(r, i, 4);
	out->device_hostname = db_cell(r, i, 5);
	out->type = db_cell(r, i, 6);
	out->severity = db_cell(r, i, 7);
	out->subject = db_cell(r, i, 8);
	out->data = db_cell(r, i, 9);
	out->status = db_cell(r, i, 10);
	out->count = db_cell_int(r, i, 11);
	out->first_seen = db_cell_int(r, i, 12);
	out->last_seen = db_cell_int(r, i, 13);
	out->changed_by = db_cell(r, i, 14);
	out->changed_by_name = db_cell(r, i, 15);
	out->changed_at = db_cell_int(r, i, 16);
	out->note = db_cell(r, i, 17);
	out->closed_at = db_cell_int(r, i, 18);
	out->site_id = db_cell(r, i, 19);
	out->site_name = db_cell(r, i, 20);
	out->company = strcmp(db_cell(r, i, 21), "company") == 0;
}

int
store_alert_raise(struct store *st, struct arena *a,
    const struct alert_raise *in, char **id, bool *is_new, struct err *e)
{
	struct db_rows	r;
	const char	*status = in->muted ? "muted" : "open";
	char		*nid = id_new_ordered(a, "alr");
	int		rc;

	assert(in->open_key != NULL);
	*id = NULL;
	*is_new = false;
	rc = db_query(st->db, a, &r, e,
	    "INSERT INTO alerts (id, partner_id, customer_id, device_id, type,"
	    " severity, subject, data, status, count, first_seen, last_seen,"
	    " open_key, notify_pending)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)"
	    " ON CONFLICT (open_key) DO UPDATE SET"
	    " count = alerts.count + ?, last_seen = excluded.last_seen,"
	    " data = excluded.data"
	    " RETURNING id",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(in->partner_id),
	    DB_TEXT(in->customer_id), DB_TEXT(in->device_id),
	    DB_TEXT(in->type), DB_TEXT(in->severity), DB_TEXT(in->subject),
	    DB_TEXT(in->data), DB_TEXT(status), DB_INT(in->now),
	    DB_INT(in->now), DB_TEXT(in->open_key), DB_INT(in->muted ? 0 : 1),
	    DB_INT(in->count_repeat ? 1 : 0)));
	if (rc != ST_OK)
		return (rc);
	if (r.nrows != 1)
		return (err_set(e, ST_INTERNAL, "internal", M_INTERNAL));
	*id = arena_strdup(a, db_cell(&r, 0, 0));
	*is_new = strcmp(*id, nid) == 0;
	return (ST_OK);
}

int
store_alert_unmute_key(struct store *st, struct arena *a,
    const char *open_key, struct alert_moved *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	memset(out, 0, sizeof(*out));
	rc = db_query(st->db, a, &r, e,
	    "UPDATE alerts SET status = 'open' WHERE open_key = ?"
	    " AND status = 'muted' RETURNING " MOVED_COLS,
	    DB_ARGS(DB_TEXT(open_key)));
	if (rc == ST_OK)
		moved_rows(&r, a, "open", out);
	return (rc);
}

int
store_alert_resolve_key(struct store *st, struct arena *a,
    const char *open_key, const char *note, int64_t now, char **id,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	*id = NULL;
	rc = db_query(st->db, a, &r, e,
	    "UPDATE alerts SET status = 'resolved', open_key = NULL,"
	    " closed_at = ?, changed_at = ?, changed_by = NULL,"
	    " changed_by_name = NULL, note = ? WHERE open_key = ?"
	    " RETURNING id",
	    DB_ARGS(DB_INT(now), DB_INT(now), DB_TEXT(note),
	    DB_TEXT(open_key)));
	if (rc == ST_OK && r.nrows == 1)
		*id = arena_strdup(a, db_cell(&r, 0, 0));
	return (rc);
}

int
store_alert_list(struct store *st, const char *partner_id,
    const struct alert_filter *f, struct arena *a, struct page *pg,
    struct alert **out, size_t *n, struct err *e)
{
	const struct {
		const char	*cond;
		int64_t		 v;
	} bounds[] = {
		{ " AND a.last_seen >= ?", f->from },
		{ " AND a.last_seen < ?", f->to },
		{ " AND a.first_seen >= ?", f->raised_from },
		{ " AND a.first_seen < ?", f->raised_to },
		{ " AND a.closed_at >= ?", f->resolved_from },
		{ " AND a.closed_at < ?", f->resolved_to },
	};
	struct buf	sql = BUF_INIT;
	struct db_param	p[24];
	struct db_rows	r;
	size_t		np = 0, i;
	int		rc;

	/*
	 * The partner through the alert's customer when the list is one
	 * customer's or one device's: a.partner_id = ? would let SQLite
	 * (no statistics) read the partner's alerts of that status instead
	 * of the customer's or the device's.
	 */
	buf_adds(&sql, "SELECT " ALERT_COLS ALERT_FROM);
	buf_adds(&sql, f->customer_id != NULL || f->device_id != NULL ?
	    " WHERE c.partner_id = ?" : " WHERE a.partner_id = ?");
	p[np++] = DB_TEXT(partner_id);
	if (f->status != NULL) {
		buf_adds(&sql, " AND a.status = ?");
		p[np++] = DB_TEXT(f->status);
	}
	if (f->severity != NULL) {
		buf_adds(&sql, " AND a.severity = ?");
		p[np++] = DB_TEXT(f->severity);
	}
	if (f->type != NULL) {
		buf_adds(&sql, " AND a.type = ?");
		p[np++] = DB_TEXT(f->type);
	}
	if (f->customer_id != NULL) {
		buf_adds(&sql, " AND a.customer_id = ?");
		p[np++] = DB_TEXT(f->customer_id);
	}
	if (f->device_id != NULL) {
		buf_adds(&sql, " AND a.device_id = ?");
		p[np++] = DB_TEXT(f->device_id);
	}
	if (f->site_id != NULL) {
		buf_adds(&sql, " AND d.site_id = ?");
		p[np++] = DB_TEXT(f->site_id);
	}
	/* The dashboard's chart counts days the same way (store_alert_days). */
	if (f->resolved_from != 0 || f->resolved_to != 0)
		buf_adds(&sql, " AND a.status = 'resolved'");
	for (i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		if (bounds[i].v == 0)
			continue;
		buf_adds(&sql, bounds[i].cond);
		p[np++] = DB_INT(bounds[i].v);
	}
	assert(np + 4 <= sizeof(p) / sizeof(p[0]));
	store_scope_where(&sql, p, &np, "a.customer_id", partner_id,
	    f->scoped);
	store_site_scope_where(&sql, p, &np, "d.site_id", partner_id,
	    f->site_scoped);
	store_live_where(&sql, "a.customer_id");
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg, "a.id",
	    "T")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		store_alert_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_alert_get(struct store *st, const char *partner_id, const char *id,
    struct arena *a, struct alert *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	/* A deleted customer's alerts are gone with it, as from the lists. */
	rc = store_one(st, a, &r, e, "SELECT " ALERT_COLS ALERT_FROM
	    " WHERE a.partner_id = ? AND a.id = ? AND c.deleted_at IS NULL",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK)
		store_alert_row(&r, 0, out);
	return (rc);
}

int
store_alert_set_status(struct store *st, const char *partner_id,
    const char *id, const struct alert_change *c, bool *changed,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	bool		closing;
	int		rc;

	closing = strcmp(c->status, "resolved") == 0 ||
	    strcmp(c->status, "dismissed") == 0;
	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE alerts SET status = ?, changed_by = ?,"
	    " changed_by_name = ?, changed_at = ?, note = ?,"
	    " open_key = CASE WHEN ? = 1 THEN NULL ELSE open_key END,"
	    " closed_at = CASE WHEN ? = 1 THEN ? ELSE closed_at END"
	    " WHERE partner_id = ? AND id = ? AND status != ? AND"
	    " (status IN ('open', 'acknowledged') OR"
	    " (status = 'muted' AND ? = 1))",
	    DB_ARGS(DB_TEXT(c->status), DB_TEXT(c->by), DB_TEXT(c->by_name),
	    DB_INT(c->now), DB_TEXT(c->note != NULL ? c->note : ""),
	    DB_INT(closing), DB_INT(closing), DB_INT(c->now),
	    DB_TEXT(partner_id), DB_TEXT(id), DB_TEXT(c->status),
	    DB_INT(closing)));
	if (rc == ST_OK)
		*changed = r.changes > 0;
	arena_free(&a);
	return (rc);
}

int
store_alerts_purge(struct store *st, int64_t before, size_t *n,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "DELETE FROM alerts WHERE closed_at < ?",
	    DB_ARGS(DB_INT(before)));
	if (rc == ST_OK)
		*n = (size_t)r.changes;
	arena_free(&a);
	return (rc);
}

/* ---- mutes ----------------------------------------------------------------- */

#define MUTE_COLS \
	"m.id, m.partner_id, m.customer_id, c.company, m.type, m.until," \
	" m.created_by, m.created_by_name, m.created_at"

static void
mute_from_row(const struct db_rows *r, size_t i, struct alert_mute *out)
{
	out->id = db_cell(r, i, 0);
	out->partner_id = db_cell(r, i, 1);
	out->customer_id = db_cell(r, i, 2);
	out->customer_name = db_cell(r, i, 3);
	out->type = db_cell(r, i, 4);
	out->until = db_cell_int(r, i, 5);
	out->created_by = db_cell(r, i, 6);
	out->created_by_name = db_cell(r, i, 7);
	out->created_at = db_cell_int(r, i, 8);
}

int
store_mute_create(struct store *st, const struct alert_mute *m,
    struct arena *a, struct alert_moved *muted, struct err *e)
{
	struct db_rows	r;
	int		rc;

	memset(muted, 0, sizeof(*muted));
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO alert_mutes (id, partner_id, customer_id, type, until,"
	    " created_by, created_by_name, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(m->id), DB_TEXT(m->partner_id),
	    DB_TEXT(m->customer_id), DB_TEXT(m->type), DB_INT(m->until),
	    DB_TEXT(m->created_by), DB_TEXT(m->created_by_name),
	    DB_INT(m->created_at)));
	if (rc == ST_OK)
		rc = db_query(st->db, a, &r, e,
		    "UPDATE alerts SET status = 'muted' WHERE customer_id = ?"
		    " AND type = ? AND status = 'open' AND partner_id = ?"
		    " RETURNING " MOVED_COLS,
		    DB_ARGS(DB_TEXT(m->customer_id), DB_TEXT(m->type),
		    DB_TEXT(m->partner_id)));
	if (rc == ST_OK)
		moved_rows(&r, a, "muted", muted);
	return (rc);
}

int
store_mute_list(struct store *st, const char *partner_id,
    const char *scoped, int64_t now, struct arena *a, struct page *pg,
    struct alert_mute **out, size_t *n, struct err *e)
{
	struct buf	sql = BUF_INIT;
	struct db_param	p[12];
	struct db_rows	r;
	size_t		np = 0, i;
	int		rc;

	buf_adds(&sql, "SELECT " MUTE_COLS " FROM alert_mutes m"
	    " JOIN customers c ON c.id = m.customer_id"
	    " WHERE m.partner_id = ? AND m.ended = 0 AND m.until > ?"
	    " AND c.deleted_at IS NULL");
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_INT(now);
	store_scope_where(&sql, p, &np, "m.customer_id", partner_id, scoped);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "m.until, m.id", "it")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(5, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		mute_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_mute_get(struct store *st, const char *partner_id, const char *id,
    int64_t now, struct arena *a, struct alert_mute *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " MUTE_COLS " FROM alert_mutes m"
	    " JOIN customers c ON c.id = m.customer_id"
	    " WHERE m.partner_id = ? AND m.id = ? AND m.ended = 0"
	    " AND m.until > ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id), DB_INT(now)));
	if (rc == ST_OK)
		mute_from_row(&r, 0, out);
	return (rc);
}

int
store_mute_in_force(struct store *st, const char *customer_id,
    const char *type, int64_t now, bool *muted, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "SELECT 1 FROM alert_mutes WHERE customer_id = ? AND type = ?"
	    " AND ended = 0 AND until > ? LIMIT 1",
	    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(type), DB_INT(now)));
	if (rc == ST_OK)
		*muted = r.nrows > 0;
	arena_free(&a);
	return (rc);
}

int
store_mute_end(struct store *st, const char *partner_id, const char *id,
    int64_t now, struct arena *a, struct alert_moved *reopened,
    struct err *e)
{
	struct db_rows	r;
	const char	*cid, *type;
	int		rc;

	memset(reopened, 0, sizeof(*reopened));
	rc = db_query(st->db, a, &r, e,
	    "UPDATE alert_mutes SET ended = 1 WHERE partner_id = ? AND id = ?"
	    " AND ended = 0 RETURNING customer_id, type",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK && r.nrows == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	if (rc != ST_OK)
		return (rc);
	cid = db_cell(&r, 0, 0);
	type = db_cell(&r, 0, 1);
	rc = db_query(st->db, a, &r, e,
	    "UPDATE alerts SET status = 'open' WHERE customer_id = ?"
	    " AND type = ? AND status = 'muted' AND NOT EXISTS"
	    " (SELECT 1 FROM alert_mutes m WHERE m.customer_id = ?"
	    " AND m.type = ? AND m.ended = 0 AND m.until > ?)"
	    " RETURNING " MOVED_COLS,
	    DB_ARGS(DB_TEXT(cid), DB_TEXT(type), DB_TEXT(cid), DB_TEXT(type),
	    DB_INT(now)));
	if (rc == ST_OK)
		moved_rows(&r, a, "open", reopened);
	return (rc);
}

int
store_mutes_expired(struct store *st, int64_t now, struct arena *a,
    struct alert_mute **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e, "SELECT " MUTE_COLS
	    " FROM alert_mutes m JOIN customers c ON c.id = m.customer_id"
	    " WHERE m.ended = 0 AND m.until <= ? ORDER BY m.until LIMIT 500",
	    DB_ARGS(DB_INT(now)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		mute_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

/*
 * Resolve, with note, the unresolved alerts whose column col is id: what
 * each was into out (MOVED_COLS, status "resolved" and note, in a).
 */
static int
resolve_by(struct store *st, const char *col, const char *id,
    const char *note, int64_t now, struct arena *a, struct alert_moved *out,
    struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	memset(out, 0, sizeof(*out));
	rc = db_query(st->db, a, &r, e, arena_printf(a,
	    "UPDATE alerts SET status = 'resolved', open_key = NULL,"
	    " closed_at = ?, changed_at = ?, changed_by = NULL,"
	    " changed_by_name = NULL, note = ?"
	    " WHERE %s = ? AND open_key IS NOT NULL"
	    " RETURNING " MOVED_COLS, col),
	    DB_ARGS(DB_INT(now), DB_INT(now), DB_TEXT(note), DB_TEXT(id)));
	if (rc != ST_OK)
		return (rc);
	moved_rows(&r, a, "resolved", out);
	for (i = 0; i < out->n; i++)
		out->a[i].note = note;
	return (ST_OK);
}

int
store_alerts_resolve_device(struct store *st, const char *device_id,
    const char *note, int64_t now, struct arena *a, struct alert_moved *out,
    struct err *e)
{
	return (resolve_by(st, "device_id", device_id, note, now, a, out, e));
}

int
store_customer_alerts_resolve(struct store *st, const char *partner_id,
    const char *customer_id, const char *note, int64_t now, struct arena *a,
    struct alert_moved *out, struct err *e)
{
	/* Customer ids are unique across partners; partner_id is asked for
	 * by every call about an account's data. */
	(void)partner_id;
	return (resolve_by(st, "customer_id", customer_id, note, now, a, out,
	    e));
}
