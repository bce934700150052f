/*
 * store_reset.c - forgotten-password links; see store_reset.h.
 */
#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"
#include "store/store_reset.h"

int
store_reset_create(struct store *st, const char *token_hash,
    const char *login_id, int64_t now, int64_t expires_at, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO password_resets (id, login_id, created_at,"
	    " expires_at) VALUES (?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(token_hash), DB_TEXT(login_id), DB_INT(now),
	    DB_INT(expires_at)));
	arena_free(&a);
	return (rc);
}

int
store_reset_peek(struct store *st, struct arena *a, const char *token_hash,
    int64_t now, const char **login_id, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT login_id FROM password_resets WHERE id = ?"
	    " AND used_at IS NULL AND expires_at > ?",
	    DB_ARGS(DB_TEXT(token_hash), DB_INT(now)));
	if (rc == ST_OK)
		*login_id = db_cell(&r, 0, 0);
	return (rc);
}

int
store_reset_use(struct store *st, const char *token_hash,
    const char *login_id, int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	if ((rc = store_change_one(st, e,
	    "UPDATE password_resets SET used_at = ? WHERE id = ?"
	    " AND login_id = ? AND used_at IS NULL AND expires_at > ?",
	    DB_ARGS(DB_INT(now), DB_TEXT(token_hash), DB_TEXT(login_id),
	    DB_INT(now)))) != ST_OK)
		return (rc);
	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE password_resets SET used_at = ? WHERE login_id = ?"
	    " AND used_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(login_id)));
	arena_free(&a);
	return (rc);
}

int
store_reset_count(struct store *st, const char *login_id, int64_t since,
    long long *n, struct err *e)
{
	return (store_count(st, e, n,
	    "SELECT count(*) FROM password_resets WHERE login_id = ?"
	    " AND created_at >= ?",
	    DB_ARGS(DB_TEXT(login_id), DB_INT(since))));
}
