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
	    " m.scope AS scope, CASE WHEN l.status = 'suspended' OR"
	    " m.status = 'suspended' THEN 'suspended' ELSE 'active' END"
	    " AS status, m.created_at AS created_at,"
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

/* The users list's row shape, for one id. */
#define USER_ROW_LOGIN \
	"SELECT l.id, l.email, l.email_norm, l.name, m.role, m.scope," \
	" CASE WHEN l.status = 'suspended' OR m.status = 'suspended'" \
	" THEN 'suspended' ELSE 'active' END, m.created_at," \
	" COALESCE(l.last_sign_in_at, 0), 0" \
	" FROM memberships m JOIN logins l ON l.id = m.login_id" \
	" WHERE m.account_id = ? AND l.id = ?"
#define USER_ROW_INVITATION \
	"SELECT i.id, i.email, i.email_norm, '', i.role, i.scope," \
	" CASE WHEN i.expires_at > ? THEN 'invited' ELSE 'expired' END," \
	" i.created_at, 0, i.expires_at FROM invitations i" \
	" WHERE i.account_id = ? AND i.id = ? AND i.accepted_at IS NULL" \
	" AND i.revoked_at IS NULL"

int
store_account_user_get(struct store *st, const char *account_id,
    const char *id, int64_t now, struct arena *a, struct account_user *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	memset(out, 0, sizeof(*out));
	if (strncmp(id, "inv_", 4) == 0)
		rc = store_one(st, a, &r, e, USER_ROW_INVITATION,
		    DB_ARGS(DB_INT(now), DB_TEXT(account_id), DB_TEXT(id)));
	else
		rc = store_one(st, a, &r, e, USER_ROW_LOGIN,
		    DB_ARGS(DB_TEXT(account_id), DB_TEXT(id)));
	if (rc != ST_OK)
		return (rc);
	out->id = db_cell(&r, 0, 0);
	out->email = db_cell(&r, 0, 1);
	out->name = db_cell(&r, 0, 3);
	out->role = db_cell(&r, 0, 4);
	out->scope = db_cell(&r, 0, 5);
	out->status = db_cell(&r, 0, 6);
	out->added_at = db_cell_int(&r, 0, 7);
	out->last_sign_in_at = db_cell_int(&r, 0, 8);
	out->expires_at = db_cell_int(&r, 0, 9);
	return (ST_OK);
}

int
store_account_admins(struct store *st, const char *account_id, long long *n,
    struct err *e)
{
	return (store_count(st, e, n,
	    "SELECT COUNT(*) FROM memberships m JOIN logins l"
	    " ON l.id = m.login_id WHERE m.account_id = ? AND m.role = 'admin'"
	    " AND m.scope = 'all' AND m.status = 'active'"
	    " AND l.status = 'active'", DB_ARGS(DB_TEXT(account_id))));
}

int
store_membership_set_status(struct store *st, const char *account_id,
    const char *login_id, const char *status, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE memberships SET status = ? WHERE account_id = ?"
	    " AND login_id = ?",
	    DB_ARGS(DB_TEXT(status), DB_TEXT(account_id),
	    DB_TEXT(login_id))));
}

int
store_membership_delete(struct store *st, const char *account_id,
    const char *login_id, struct err *e)
{
	int	rc;

	if ((rc = store_principal_scope_clear(st, account_id, login_id, e)) !=
	    ST_OK)
		return (rc);
	return (store_change_one(st, e,
	    "DELETE FROM memberships WHERE account_id = ? AND login_id = ?",
	    DB_ARGS(DB_TEXT(account_id), DB_TEXT(login_id))));
}
