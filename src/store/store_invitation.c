/*
 * store_invitation.c - invitations to an account, by e-mail.
 */
#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"

#define INVITATION_COLS \
	"i.id, i.account_id, i.email, i.email_norm, i.role, i.scope," \
	" i.token_hash, i.invited_by, i.invited_by_name, i.created_at," \
	" i.expires_at, COALESCE(i.accepted_at, 0)," \
	" COALESCE(i.revoked_at, 0), a.name, a.kind"

int
store_invitation_create(struct store *st, struct arena *a,
    const struct invitation *inv, int64_t now, char **id, struct err *e)
{
	int	rc;

	assert(inv->account_id != NULL && inv->token_hash != NULL);
	*id = id_new(a, "inv");
	rc = db_query(st->db, a, NULL, e,
	    "UPDATE invitations SET revoked_at = ? WHERE account_id = ?"
	    " AND email_norm = ? AND accepted_at IS NULL"
	    " AND revoked_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(inv->account_id),
	    DB_TEXT(inv->email_norm)));
	if (rc != ST_OK)
		return (rc);
	return (db_query(st->db, a, NULL, e,
	    "INSERT INTO invitations (id, account_id, email, email_norm, role,"
	    " scope, token_hash, invited_by, invited_by_name, created_at,"
	    " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(*id), DB_TEXT(inv->account_id),
	    DB_TEXT(inv->email), DB_TEXT(inv->email_norm), DB_TEXT(inv->role),
	    DB_TEXT(inv->scope), DB_TEXT(inv->token_hash),
	    DB_TEXT(inv->invited_by), DB_TEXT(inv->invited_by_name ?
	    inv->invited_by_name : ""), DB_INT(now),
	    DB_INT(inv->expires_at))));
}

int
store_invitation_by_token(struct store *st, struct arena *a,
    const char *token_hash, struct invitation *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	memset(out, 0, sizeof(*out));
	rc = store_one(st, a, &r, e, "SELECT " INVITATION_COLS
	    " FROM invitations i JOIN accounts a ON a.id = i.account_id"
	    " WHERE i.token_hash = ?", DB_ARGS(DB_TEXT(token_hash)));
	if (rc != ST_OK)
		return (rc);
	out->id = db_cell(&r, 0, 0);
	out->account_id = db_cell(&r, 0, 1);
	out->email = db_cell(&r, 0, 2);
	out->email_norm = db_cell(&r, 0, 3);
	out->role = db_cell(&r, 0, 4);
	out->scope = db_cell(&r, 0, 5);
	out->token_hash = db_cell(&r, 0, 6);
	out->invited_by = db_cell(&r, 0, 7);
	out->invited_by_name = db_cell(&r, 0, 8);
	out->created_at = db_cell_int(&r, 0, 9);
	out->expires_at = db_cell_int(&r, 0, 10);
	out->accepted_at = db_cell_int(&r, 0, 11);
	out->revoked_at = db_cell_int(&r, 0, 12);
	out->account_name = db_cell(&r, 0, 13);
	out->account_kind = db_cell(&r, 0, 14);
	return (ST_OK);
}

int
store_invitation_accept(struct store *st, const char *id,
    const char *login_id, int64_t now, struct err *e)
{
	return (store_change_or(st, e, ST_CONFLICT, "invitation_used",
	    M_INVITATION_GONE,
	    "UPDATE invitations SET accepted_at = ?, accepted_by = ?"
	    " WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL"
	    " AND expires_at > ?",
	    DB_ARGS(DB_INT(now), DB_TEXT(login_id), DB_TEXT(id),
	    DB_INT(now))));
}

int
store_principal_customers_move(struct store *st, const char *account_id,
    const char *from_id, const char *to_id, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = store_principal_scope_clear(st, account_id, to_id, e);
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "UPDATE principal_customers SET principal_id = ?"
		    " WHERE account_id = ? AND principal_id = ?",
		    DB_ARGS(DB_TEXT(to_id), DB_TEXT(account_id),
		    DB_TEXT(from_id)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "UPDATE principal_sites SET principal_id = ?"
		    " WHERE partner_id = ? AND principal_id = ?",
		    DB_ARGS(DB_TEXT(to_id), DB_TEXT(account_id),
		    DB_TEXT(from_id)));
	arena_free(&a);
	return (rc);
}

int
store_invitation_revoke(struct store *st, const char *account_id,
    const char *id, int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE invitations SET revoked_at = ? WHERE account_id = ?"
	    " AND id = ? AND accepted_at IS NULL AND revoked_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(account_id), DB_TEXT(id))));
}
