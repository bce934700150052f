/*
 * store_users.c - the people of an account: each login with a role in it,
 * and when they last signed in.
 */
#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

int
store_account_users(struct store *st, const char *account_id, int64_t now,
    struct arena *a, struct page *pg, struct account_user **out, size_t *n,
    struct err *e)
{
	struct db_param		 p[8];
	struct db_rows		 r;
	struct buf		 sql = BUF_INIT;
	struct account_user	*u;
	size_t			 i;
	int			 rc;

	*out = NULL;
	*n = 0;
	buf_adds(&sql, "SELECT u.id, u.email, u.email_norm, u.name, u.role,"
	    " u.scope, u.status, u.created_at, u.last_sign_in_at, u.expires_at"
	    " FROM (SELECT l.id AS id, l.email AS email,"
	    " l.email_norm AS email_norm, l.name AS name, m.role AS role,"
	    " m.scope AS scope, l.status AS status, m.created_at AS created_at,"
	    " COALESCE(l.last_sign_in_at, 0) AS last_sign_in_at,"
	    " 0 AS expires_at"
	    " FROM memberships m JOIN logins l ON l.id = m.login_id"
	    " WHERE m.account_id = ?"
	    " UNION ALL SELECT i.id, i.email, i.email_norm, '', i.role,"
	    " i.scope, CASE WHEN i.expires_at > ? THEN 'invited'"
	    " ELSE 'expired' END, i.created_at, 0, i.expires_at"
	    " FROM invitations i WHERE i.account_id = ?"
	    " AND i.accepted_at IS NULL AND i.revoked_at IS NULL) u"
	    " WHERE 1 = 1");
	p[0] = DB_TEXT(account_id);
	p[1] = DB_INT(now);
	p[2] = DB_TEXT(account_id);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, 3, pg,
	    "u.email_norm, u.id", "tt")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(2, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		u = &(*out)[i];
		u->id = db_cell(&r, i, 0);
		u->email = db_cell(&r, i, 1);
		u->name = db_cell(&r, i, 3);
		u->role = db_cell(&r, i, 4);
		u->scope = db_cell(&r, i, 5);
		u->status = db_cell(&r, i, 6);
		u->added_at = db_cell_int(&r, i, 7);
		u->last_sign_in_at = db_cell_int(&r, i, 8);
		u->expires_at = db_cell_int(&r, i, 9);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
store_login_signed_in(struct store *st, const char *login_id, int64_t at,
    struct err *e)
{
	assert(login_id != NULL);
	return (store_change_one(st, e,
	    "UPDATE logins SET last_sign_in_at = ? WHERE id = ?",
	    DB_ARGS(DB_INT(at), DB_TEXT(login_id))));
}
