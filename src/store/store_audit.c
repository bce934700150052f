/*
 * store_audit.c - the audit log.
 */
#include <assert.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"

int
store_audit_add(struct store *st, struct arena *a,
    const struct audit_event *ev, struct err *e)
{
	const char	*id;

	id = ev->id != NULL ? ev->id : id_new_ordered(a, "aud");
	return (db_query(st->db, a, NULL, e,
	    "INSERT INTO audit_events (id, at, account_id, customer_id,"
	    " site_id, category, event_type, detail, result, origin,"
	    " actor_kind, actor_id, actor, ip)"
	    " VALUES (?, ?, ?, ?, COALESCE(?, (SELECT site_id FROM devices"
	    " WHERE id = ?)), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(id), DB_INT(ev->at), DB_TEXT(ev->account_id),
	    DB_TEXT(ev->customer_id), DB_TEXT(ev->site_id),
	    DB_TEXT(ev->device_id),
	    DB_TEXT(ev->category),
	    DB_TEXT(ev->event_type), DB_TEXT(ev->detail ? ev->detail : ""),
	    DB_TEXT(ev->result), DB_TEXT(ev->origin),
	    DB_TEXT(ev->actor_kind), DB_TEXT(ev->actor_id),
	    DB_TEXT(ev->actor ? ev->actor : ""),
	    DB_TEXT(ev->ip ? ev->ip : ""))));
}

int
store_audit_list(struct store *st, const char *account_id, struct arena *a,
    size_t limit, struct audit_event **out, size_t *n, struct err *e)
{
	struct db_rows	 r;
	size_t		 i;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (account_id != NULL)
		rc = db_query(st->db, a, &r, e,
		    "SELECT id, at, account_id, customer_id, category,"
		    " event_type, detail, result, origin, actor_kind,"
		    " actor_id, actor, ip FROM audit_events WHERE account_id = ?"
		    " ORDER BY at DESC, id DESC LIMIT ?",
		    DB_ARGS(DB_TEXT(account_id), DB_INT(limit)));
	else
		rc = db_query(st->db, a, &r, e,
		    "SELECT id, at, account_id, customer_id, category,"
		    " event_type, detail, result, origin, actor_kind,"
		    " actor_id, actor, ip FROM audit_events WHERE account_id IS NULL"
		    " ORDER BY at DESC, id DESC LIMIT ?",
		    DB_ARGS(DB_INT(limit)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell(&r, i, 0);
		(*out)[i].at = db_cell_int(&r, i, 1);
		(*out)[i].account_id = db_cell(&r, i, 2);
		(*out)[i].customer_id = db_cell(&r, i, 3);
		(*out)[i].category = db_cell(&r, i, 4);
		(*out)[i].event_type = db_cell(&r, i, 5);
		(*out)[i].detail = db_cell(&r, i, 6);
		(*out)[i].result = db_cell(&r, i, 7);
		(*out)[i].origin = db_cell(&r, i, 8);
		(*out)[i].actor_kind = db_cell(&r, i, 9);
		(*out)[i].actor_id = db_cell(&r, i, 10);
		(*out)[i].actor = db_cell(&r, i, 11);
		(*out)[i].ip = db_cell(&r, i, 12);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
store_audit_find(struct store *st, const struct audit_filter *f,
    struct arena *a, struct page *pg, struct audit_event **out, size_t *n,
    struct err *e)
{
	struct db_param		 p[20];
	struct db_rows		 r;
	struct buf		 sql = BUF_INIT;
	struct audit_event	*ev;
	size_t			 np = 0, i;
	int			 rc;

	assert(f->account_id != NULL);
	*out = NULL;
	*n = 0;
	/* The account's events, and its people's sign-ins and sign-outs. */
	buf_adds(&sql, "SELECT ev.id, ev.at, ev.account_id, ev.customer_id,"
	    " ev.category, ev.event_type, ev.detail, ev.result, ev.origin,"
	    " ev.actor_kind, ev.actor_id, ev.actor, ev.ip, c.company,"
	    " ev.site_id FROM audit_events ev LEFT JOIN customers c"
	    " ON c.id = ev.customer_id"
	    " WHERE (ev.account_id = ? OR (ev.account_id IS NULL AND"
	    " ev.category = 'auth' AND ev.actor_kind = 'login' AND"
	    " ev.actor_id IN (SELECT login_id FROM memberships"
	    " WHERE account_id = ?))) AND ev.at >= ?");
	p[np++] = DB_TEXT(f->account_id);
	p[np++] = DB_TEXT(f->account_id);
	p[np++] = DB_INT(f->from);
	if (f->to != 0) {
		buf_adds(&sql, " AND ev.at < ?");
		p[np++] = DB_INT(f->to);
	}
	if (f->customer_id != NULL) {
		buf_adds(&sql, " AND ev.customer_id = ?");
		p[np++] = DB_TEXT(f->customer_id);
	}
	if (f->category != NULL) {
		buf_adds(&sql, " AND ev.category = ?");
		p[np++] = DB_TEXT(f->category);
	}
	if (f->actor_id != NULL) {
		buf_adds(&sql, " AND ev.actor_id = ?");
		p[np++] = DB_TEXT(f->actor_id);
	}
	if (f->ip != NULL) {
		buf_adds(&sql, " AND ev.ip = ?");
		p[np++] = DB_TEXT(f->ip);
	}
	store_scope_where(&sql, p, &np, "ev.customer_id", f->account_id,
	    f->scoped);
	store_site_scope_where(&sql, p, &np, "ev.site_id", f->account_id,
	    f->site_scoped);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "ev.at, ev.id", "IT")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(1, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		ev = &(*out)[i];
		ev->id = db_cell(&r, i, 0);
		ev->at = db_cell_int(&r, i, 1);
		ev->account_id = db_cell(&r, i, 2);
		ev->customer_id = db_cell(&r, i, 3);
		ev->category = db_cell(&r, i, 4);
		ev->event_type = db_cell(&r, i, 5);
		ev->detail = db_cell(&r, i, 6);
		ev->result = db_cell(&r, i, 7);
		ev->origin = db_cell(&r, i, 8);
		ev->actor_kind = db_cell(&r, i, 9);
		ev->actor_id = db_cell(&r, i, 10);
		ev->actor = db_cell(&r, i, 11);
		ev->ip = db_cell(&r, i, 12);
		ev->customer_name = db_cell(&r, i, 13);
		ev->site_id = db_cell(&r, i, 14);
	}
	*n = r.nrows;
	return (ST_OK);
}
