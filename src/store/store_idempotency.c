/*
 * store_idempotency.c - Idempotency-Key records: the first answer to a
 * request, kept so that a retry with the same key gets it again.
 */
#include "core/arena.h"
#include "core/err.h"
#include "store/store_int.h"

int
store_idem_claim(struct store *st, const char *principal, const char *key,
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
	    "INSERT INTO idempotency_keys (principal, idem_key, request_hash,"
	    " status, response, created_at) VALUES (?, ?, ?, 0, '', ?)"
	    " ON CONFLICT (principal, idem_key) DO NOTHING RETURNING status",
	    DB_ARGS(DB_TEXT(principal), DB_TEXT(key), DB_TEXT(hash),
	    DB_INT(now)));
	if (rc != ST_OK)
		return (rc);
	if (r.nrows == 1)
		return (ST_OK);
	if ((rc = store_idem_get(st, principal, key, a, status, hash_out,
	    response, e)) != ST_OK)
		return (rc);
	return (err_set(e, ST_CONFLICT, "idempotency_key_used", M_CONFLICT));
}

int
store_idem_get(struct store *st, const char *principal, const char *key,
    struct arena *a, int *status, char **hash_out, char **response,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT status, request_hash, response FROM idempotency_keys"
	    " WHERE principal = ? AND idem_key = ?",
	    DB_ARGS(DB_TEXT(principal), DB_TEXT(key)));
	if (rc != ST_OK)
		return (rc);
	*status = (int)db_cell_int(&r, 0, 0);
	*hash_out = (char *)db_cell(&r, 0, 1);
	*response = (char *)db_cell(&r, 0, 2);
	return (ST_OK);
}

int
store_idem_complete(struct store *st, const char *principal, const char *key,
    int status, const char *response, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE idempotency_keys SET status = ?, response = ?"
	    " WHERE principal = ? AND idem_key = ?",
	    DB_ARGS(DB_INT(status), DB_TEXT(response), DB_TEXT(principal),
	    DB_TEXT(key)));
	arena_free(&a);
	return (rc);
}
