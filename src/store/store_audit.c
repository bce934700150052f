/*
 * store_audit.c - the audit log.
 */
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
	    " category, event_type, detail, result, origin, actor_kind,"
	    " actor_id, actor, ip)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(id), DB_INT(ev->at), DB_TEXT(ev->account_id),
	    DB_TEXT(ev->customer_id), DB_TEXT(ev->category),
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
