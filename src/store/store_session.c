/*
 * store_session.c - sessions and rate-limit counters.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

int
store_session_create(struct store *st, const struct session *s, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 1024);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO sessions (id, login_id, csrf_token, created_at,"
	    " last_seen_at, expires_at, ip, user_agent)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(s->id), DB_TEXT(s->login_id),
	    DB_TEXT(s->csrf_token), DB_INT(s->created_at),
	    DB_INT(s->last_seen_at), DB_INT(s->expires_at),
	    DB_TEXT(s->ip ? s->ip : ""),
	    DB_TEXT(s->user_agent ? s->user_agent : "")));
	arena_free(&a);
	if (rc != ST_OK)
		return (rc);
	return (store_login_signed_in(st, s->login_id, s->created_at, e));
}

int
store_session_get(struct store *st, struct arena *a, const char *id,
    struct session *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT id, login_id, csrf_token, created_at, last_seen_at,"
	    " expires_at, COALESCE(revoked_at, 0), ip, user_agent"
	    " FROM sessions WHERE id = ?",
	    DB_ARGS(DB_TEXT(id)));
	if (rc != ST_OK)
		return (rc);
	out->id = db_cell(&r, 0, 0);
	out->login_id = db_cell(&r, 0, 1);
	out->csrf_token = db_cell(&r, 0, 2);
	out->created_at = db_cell_int(&r, 0, 3);
	out->last_seen_at = db_cell_int(&r, 0, 4);
	out->expires_at = db_cell_int(&r, 0, 5);
	out->revoked_at = db_cell_int(&r, 0, 6);
	out->ip = db_cell(&r, 0, 7);
	out->user_agent = db_cell(&r, 0, 8);
	return (ST_OK);
}

int
store_session_with_login(struct store *st, struct arena *a, const char *id,
    struct session *s, struct login *l, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT s.id, s.login_id, s.csrf_token, s.created_at,"
	    " s.last_seen_at, s.expires_at, COALESCE(s.revoked_at, 0), s.ip,"
	    " s.user_agent, l.email, l.name, l.language, l.time_zone,"
	    " l.status, l.created_at"
	    " FROM sessions s JOIN logins l ON l.id = s.login_id"
	    " WHERE s.id = ?",
	    DB_ARGS(DB_TEXT(id)));
	if (rc != ST_OK)
		return (rc);
	s->id = db_cell(&r, 0, 0);
	s->login_id = db_cell(&r, 0, 1);
	s->csrf_token = db_cell(&r, 0, 2);
	s->created_at = db_cell_int(&r, 0, 3);
	s->last_seen_at = db_cell_int(&r, 0, 4);
	s->expires_at = db_cell_int(&r, 0, 5);
	s->revoked_at = db_cell_int(&r, 0, 6);
	s->ip = db_cell(&r, 0, 7);
	s->user_agent = db_cell(&r, 0, 8);
	l->id = s->login_id;
	l->email = db_cell(&r, 0, 9);
	l->name = db_cell(&r, 0, 10);
	l->password_hash = NULL;
	l->language = db_cell(&r, 0, 11);
	l->time_zone = db_cell(&r, 0, 12);
	l->status = db_cell(&r, 0, 13);
	l->created_at = db_cell_int(&r, 0, 14);
	return (ST_OK);
}

int
store_auth_generation(struct store *st, int64_t *gen, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = store_one(st, &a, &r, e,
	    "SELECT value FROM meta WHERE key = 'auth_generation'",
	    DB_NOARGS);
	if (rc == ST_OK)
		*gen = db_cell_int(&r, 0, 0);
	arena_free(&a);
	return (rc);
}

int
store_session_touch(struct store *st, const char *id, int64_t now,
    struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE sessions SET last_seen_at = ? WHERE id = ?"
	    " AND last_seen_at < ?",
	    DB_ARGS(DB_INT(now), DB_TEXT(id), DB_INT(now)));
	arena_free(&a);
	return (rc);
}

int
store_session_revoke(struct store *st, const char *id, int64_t now,
    struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE sessions SET revoked_at = ? WHERE id = ?"
	    " AND revoked_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(id)));
	arena_free(&a);
	return (rc);
}

int
store_session_purge(struct store *st, int64_t before, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM sessions WHERE expires_at < ?"
	    " OR (revoked_at IS NOT NULL AND revoked_at < ?)",
	    DB_ARGS(DB_INT(before), DB_INT(before)));
	arena_free(&a);
	return (rc);
}

int
store_ratelimit_hit(struct store *st, const char *bucket, int64_t now,
    int64_t window, long long *hits, int64_t *window_start, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	/*
	 * One atomic statement on both engines: a new bucket starts at 1;
	 * an expired window restarts at 1; otherwise count one more.
	 */
	arena_init(&a, 1024);
	rc = store_one(st, &a, &r, e,
	    "INSERT INTO rate_limits (bucket, window_start, hits)"
	    " VALUES (?, ?, 1) ON CONFLICT (bucket) DO UPDATE SET"
	    " hits = CASE WHEN rate_limits.window_start <= ? THEN 1"
	    "  ELSE rate_limits.hits + 1 END,"
	    " window_start = CASE WHEN rate_limits.window_start <= ? THEN ?"
	    "  ELSE rate_limits.window_start END"
	    " RETURNING hits, window_start",
	    DB_ARGS(DB_TEXT(bucket), DB_INT(now), DB_INT(now - window),
	    DB_INT(now - window), DB_INT(now)));
	if (rc == ST_OK) {
		*hits = db_cell_int(&r, 0, 0);
		*window_start = db_cell_int(&r, 0, 1);
	}
	arena_free(&a);
	return (rc);
}

int
store_ratelimit_peek(struct store *st, const char *bucket, int64_t now,
    int64_t window, long long *hits, int64_t *window_start, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	*hits = 0;
	*window_start = now;
	arena_init(&a, 1024);
	rc = db_query(st->db, &a, &r, e,
	    "SELECT hits, window_start FROM rate_limits"
	    " WHERE bucket = ? AND window_start > ?",
	    DB_ARGS(DB_TEXT(bucket), DB_INT(now - window)));
	if (rc == ST_OK && r.nrows == 1) {
		*hits = db_cell_int(&r, 0, 0);
		*window_start = db_cell_int(&r, 0, 1);
	}
	arena_free(&a);
	return (rc);
}

int
store_ratelimit_clear(struct store *st, const char *bucket, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM rate_limits WHERE bucket = ?",
	    DB_ARGS(DB_TEXT(bucket)));
	arena_free(&a);
	return (rc);
}

int
store_sessions_of(struct store *st, const char *login_id, int64_t now,
    int64_t idle, struct arena *a, struct page *pg, struct session **out,
    size_t *n, struct err *e)
{
	struct db_param	 p[8];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	struct session	*s;
	size_t		 i;
	int		 rc;

	*out = NULL;
	*n = 0;
	buf_adds(&sql, "SELECT id, login_id, created_at, last_seen_at,"
	    " expires_at, ip, user_agent FROM sessions WHERE login_id = ?"
	    " AND revoked_at IS NULL AND expires_at > ? AND last_seen_at > ?");
	p[0] = DB_TEXT(login_id);
	p[1] = DB_INT(now);
	p[2] = DB_INT(now - idle);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, 3, pg,
	    "created_at, id", "IT")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(2, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		s = &(*out)[i];
		s->id = db_cell(&r, i, 0);
		s->login_id = db_cell(&r, i, 1);
		s->created_at = db_cell_int(&r, i, 2);
		s->last_seen_at = db_cell_int(&r, i, 3);
		s->expires_at = db_cell_int(&r, i, 4);
		s->ip = db_cell(&r, i, 5);
		s->user_agent = db_cell(&r, i, 6);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
store_session_revoke_public(struct store *st, const char *login_id,
    const char *public_id, int64_t now, struct err *e)
{
	if (strlen(public_id) != SESSION_PUBLIC_ID)
		return (err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
	return (store_change_one(st, e,
	    "UPDATE sessions SET revoked_at = ? WHERE login_id = ?"
	    " AND substr(id, 1, 16) = ? AND revoked_at IS NULL"
	    " AND expires_at > ?",
	    DB_ARGS(DB_INT(now), DB_TEXT(login_id), DB_TEXT(public_id),
	    DB_INT(now))));
}

int
store_sessions_revoke_others(struct store *st, const char *login_id,
    const char *keep_id, int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE sessions SET revoked_at = ? WHERE login_id = ?"
	    " AND id <> ? AND revoked_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(login_id), DB_TEXT(keep_id)));
	arena_free(&a);
	return (rc);
}
