/*
 * store_totp.c - two-step verification: TOTP secrets, used time steps and
 * recovery codes of a login.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

int
store_totp_get(struct store *st, const char *login_id, struct arena *a,
    struct totp_state *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	memset(out, 0, sizeof(*out));
	rc = store_one(st, a, &r, e,
	    "SELECT totp_secret, totp_pending, totp_last_step FROM logins"
	    " WHERE id = ?", DB_ARGS(DB_TEXT(login_id)));
	if (rc != ST_OK)
		return (rc);
	out->secret = db_cell(&r, 0, 0);
	out->pending = db_cell(&r, 0, 1);
	out->last_step = (uint64_t)db_cell_int(&r, 0, 2);
	return (ST_OK);
}

int
store_totp_pending_set(struct store *st, const char *login_id,
    const char *secret, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE logins SET totp_pending = ? WHERE id = ?",
	    DB_ARGS(DB_TEXT(secret), DB_TEXT(login_id))));
}

int
store_totp_enable(struct store *st, const char *login_id, uint64_t step,
    const char *const *code_hashes, size_t n, struct err *e)
{
	struct arena	a;
	size_t		i;
	int		rc;

	rc = store_change_or(st, e, ST_CONFLICT, "totp_not_started",
	    M_TOTP_NOT_STARTED,
	    "UPDATE logins SET totp_secret = totp_pending, totp_pending = NULL,"
	    " totp_last_step = ? WHERE id = ? AND totp_pending IS NOT NULL",
	    DB_ARGS(DB_INT((long long)step), DB_TEXT(login_id)));
	if (rc != ST_OK)
		return (rc);
	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM recovery_codes WHERE login_id = ?",
	    DB_ARGS(DB_TEXT(login_id)));
	for (i = 0; rc == ST_OK && i < n; i++)
		rc = db_query(st->db, &a, NULL, e,
		    "INSERT INTO recovery_codes (login_id, code_hash)"
		    " VALUES (?, ?)",
		    DB_ARGS(DB_TEXT(login_id), DB_TEXT(code_hashes[i])));
	arena_free(&a);
	return (rc);
}

int
store_totp_disable(struct store *st, const char *login_id, struct err *e)
{
	struct arena	a;
	int		rc;

	rc = store_change_or(st, e, ST_CONFLICT, "totp_off", M_TOTP_OFF,
	    "UPDATE logins SET totp_secret = NULL, totp_pending = NULL"
	    " WHERE id = ? AND totp_secret IS NOT NULL",
	    DB_ARGS(DB_TEXT(login_id)));
	if (rc != ST_OK)
		return (rc);
	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM recovery_codes WHERE login_id = ?",
	    DB_ARGS(DB_TEXT(login_id)));
	arena_free(&a);
	return (rc);
}

int
store_recovery_codes_replace(struct store *st, const char *login_id,
    const char *const *code_hashes, size_t n, struct err *e)
{
	struct arena	a;
	size_t		i;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM recovery_codes WHERE login_id = ?",
	    DB_ARGS(DB_TEXT(login_id)));
	for (i = 0; rc == ST_OK && i < n; i++)
		rc = db_query(st->db, &a, NULL, e,
		    "INSERT INTO recovery_codes (login_id, code_hash)"
		    " VALUES (?, ?)",
		    DB_ARGS(DB_TEXT(login_id), DB_TEXT(code_hashes[i])));
	arena_free(&a);
	return (rc);
}

int
store_recovery_codes_left(struct store *st, const char *login_id,
    long long *n, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "SELECT count(*) FROM recovery_codes WHERE login_id = ?"
	    " AND used_at IS NULL", DB_ARGS(DB_TEXT(login_id)));
	if (rc == ST_OK)
		*n = r.nrows ? db_cell_int(&r, 0, 0) : 0;
	arena_free(&a);
	return (rc);
}

int
store_totp_use_step(struct store *st, const char *login_id, uint64_t step,
    struct err *e)
{
	return (store_change_or(st, e, ST_CONFLICT, "totp_replayed",
	    M_TOTP_WRONG,
	    "UPDATE logins SET totp_last_step = ? WHERE id = ?"
	    " AND totp_last_step < ?",
	    DB_ARGS(DB_INT((long long)step), DB_TEXT(login_id),
	    DB_INT((long long)step))));
}

int
store_recovery_code_use(struct store *st, const char *login_id,
    const char *code_hash, int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE recovery_codes SET used_at = ? WHERE login_id = ?"
	    " AND code_hash = ? AND used_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(login_id), DB_TEXT(code_hash))));
}
