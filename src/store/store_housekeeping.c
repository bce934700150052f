/*
 * store_housekeeping.c - forgetting what has ended: sessions, rate-limit
 * windows and idempotency keys past their keeping time, and expired API
 * tokens.
 */
#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

/* How long ended things are kept before the purge removes them. */
#define KEEP_SESSIONS		(24 * 3600)
#define KEEP_RATE_WINDOWS	(24 * 3600)
#define KEEP_IDEMPOTENCY	(48 * 3600)

int
store_purge_expired(struct store *st, int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 1024);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM sessions WHERE expires_at < ?"
	    " OR (revoked_at IS NOT NULL AND revoked_at < ?)",
	    DB_ARGS(DB_INT(now - KEEP_SESSIONS),
	    DB_INT(now - KEEP_SESSIONS)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "DELETE FROM rate_limits WHERE window_start < ?",
		    DB_ARGS(DB_INT(now - KEEP_RATE_WINDOWS)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "DELETE FROM idempotency_keys WHERE created_at < ?",
		    DB_ARGS(DB_INT(now - KEEP_IDEMPOTENCY)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "DELETE FROM api_tokens WHERE expires_at < ?",
		    DB_ARGS(DB_INT(now)));
	/* A chart day whose alerts were all purged (90 days on) counts
	 * nothing; the alerts' triggers only subtract from an existing row,
	 * so none comes back. */
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "DELETE FROM alert_days WHERE raised = 0 AND resolved = 0",
		    DB_NOARGS);
	arena_free(&a);
	return (rc);
}
