/*
 * store_metrics.c - the figures GET /metrics reads from the database at
 * scrape time: queue depths, failures and sessions. See store.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

int
store_gauges(struct store *st, int64_t now, int64_t idle_s,
    struct store_gauges *g, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	memset(g, 0, sizeof(*g));
	arena_init(&a, 512);
	rc = store_one(st, &a, &r, e,
	    "SELECT"
	    " (SELECT count(*) FROM mail_outbox WHERE status IN"
	    "  ('waiting', 'sending')),"
	    " (SELECT count(*) FROM mail_outbox WHERE status = 'failed'),"
	    " (SELECT count(*) FROM webhook_deliveries WHERE status IN"
	    "  ('waiting', 'sending')),"
	    " (SELECT count(*) FROM webhook_deliveries WHERE"
	    "  status = 'failed'),"
	    " (SELECT count(*) FROM sessions WHERE revoked_at IS NULL AND"
	    "  expires_at > ? AND last_seen_at > ?)",
	    DB_ARGS(DB_INT(now), DB_INT(now - idle_s)));
	if (rc == ST_OK) {
		g->mail_waiting = db_cell_int(&r, 0, 0);
		g->mail_failed = db_cell_int(&r, 0, 1);
		g->webhook_waiting = db_cell_int(&r, 0, 2);
		g->webhook_failed = db_cell_int(&r, 0, 3);
		g->sessions = db_cell_int(&r, 0, 4);
	}
	arena_free(&a);
	return (rc);
}
