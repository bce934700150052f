/*
 * store_misc.c - segment-discount applications, idempotency keys and the
 * housekeeping purge.
 */
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"

/* How long ended things are kept before the purge removes them. */
#define KEEP_SESSIONS		(24 * 3600)
#define KEEP_RATE_WINDOWS	(24 * 3600)
#define KEEP_IDEMPOTENCY	(48 * 3600)

int
store_discount_create(struct store *st, const char *partner_id,
    struct arena *a, const struct discount_application *d, char **id,
    struct err *e)
{
	char	*nid;
	int	 rc;

	nid = id_new(a, "dap");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO discount_applications (id, partner_id, customer_id,"
	    " segment, status, applied_at, due_on)"
	    " VALUES (?, ?, ?, ?, 'pending', ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(partner_id), DB_TEXT(d->customer_id),
	    DB_TEXT(d->segment), DB_INT(d->applied_at), DB_TEXT(d->due_on)));
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

int
store_discount_for_customer(struct store *st, const char *partner_id,
    const char *customer_id, struct arena *a,
    struct discount_application *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT id, partner_id, customer_id, segment, status, applied_at,"
	    " due_on, COALESCE(decided_at, 0), note, COALESCE(percent, 0),"
	    " decided_by FROM discount_applications"
	    " WHERE partner_id = ? AND customer_id = ?"
	    " ORDER BY applied_at DESC, id DESC LIMIT 1",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id)));
	if (rc != ST_OK)
		return (rc);
	if (r.nrows == 0)
		return (err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
	out->id = db_cell(&r, 0, 0);
	out->partner_id = db_cell(&r, 0, 1);
	out->customer_id = db_cell(&r, 0, 2);
	out->segment = db_cell(&r, 0, 3);
	out->status = db_cell(&r, 0, 4);
	out->applied_at = db_cell_int(&r, 0, 5);
	out->due_on = db_cell(&r, 0, 6);
	out->decided_at = db_cell_int(&r, 0, 7);
	out->note = db_cell(&r, 0, 8);
	out->percent = db_cell_int(&r, 0, 9);
	out->decided_by = db_cell(&r, 0, 10);
	return (ST_OK);
}

int
store_idem_claim(struct store *st, const char *login_id, const char *key,
    const char *hash, int64_t now, struct arena *a, int *status,
    char **hash_out, char **response, struct err *e)
{
	struct db_rows	r;
	int		rc;

	/*
	 * A second request with the same key waits here for the first one's
	 * transaction (SQLite's write lock, PostgreSQL's unique index) and
	 * then finds its stored answer.
	 */
	rc = db_query(st->db, a, &r, e,
	    "INSERT INTO idempotency_keys (login_id, idem_key, request_hash,"
	    " status, response, created_at) VALUES (?, ?, ?, 0, '', ?)"
	    " ON CONFLICT (login_id, idem_key) DO NOTHING RETURNING status",
	    DB_ARGS(DB_TEXT(login_id), DB_TEXT(key), DB_TEXT(hash),
	    DB_INT(now)));
	if (rc != ST_OK)
		return (rc);
	if (r.nrows == 1)
		return (ST_OK);
	rc = store_one(st, a, &r, e,
	    "SELECT status, request_hash, response FROM idempotency_keys"
	    " WHERE login_id = ? AND idem_key = ?",
	    DB_ARGS(DB_TEXT(login_id), DB_TEXT(key)));
	if (rc != ST_OK)
		return (rc);
	*status = (int)db_cell_int(&r, 0, 0);
	*hash_out = (char *)db_cell(&r, 0, 1);
	*response = (char *)db_cell(&r, 0, 2);
	return (err_set(e, ST_CONFLICT, "idempotency_key_used", M_CONFLICT));
}

int
store_idem_complete(struct store *st, const char *login_id, const char *key,
    int status, const char *response, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE idempotency_keys SET status = ?, response = ?"
	    " WHERE login_id = ? AND idem_key = ?",
	    DB_ARGS(DB_INT(status), DB_TEXT(response), DB_TEXT(login_id),
	    DB_TEXT(key)));
	arena_free(&a);
	return (rc);
}

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
	arena_free(&a);
	return (rc);
}
