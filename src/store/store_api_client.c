/*
 * store_api_client.c - API clients of an account and their bearer tokens.
 * See store.h.
 */
#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"

#define CLIENT_COLS \
	"c.id, c.account_id, c.name, c.role, c.scope, c.created_by," \
	" c.created_at, COALESCE(c.last_used_at, 0)"

static void
client_from_row(const struct db_rows *r, size_t i, struct api_client *c)
{
	c->id = db_cell(r, i, 0);
	c->account_id = db_cell(r, i, 1);
	c->name = db_cell(r, i, 2);
	c->role = db_cell(r, i, 3);
	c->scope = db_cell(r, i, 4);
	c->created_by = db_cell(r, i, 5);
	c->created_at = db_cell_int(r, i, 6);
	c->last_used_at = db_cell_int(r, i, 7);
}

int
store_api_client_create(struct store *st, const char *account_id,
    struct arena *a, const struct api_client *c, const char *secret_hash,
    char **id, struct err *e)
{
	char	*nid;
	int	 rc;

	nid = id_new(a, "apc");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO api_clients (id, account_id, name, role, scope,"
	    " secret_hash, created_by, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(account_id), DB_TEXT(c->name),
	    DB_TEXT(c->role), DB_TEXT(c->scope), DB_TEXT(secret_hash),
	    DB_TEXT(c->created_by), DB_INT(c->created_at)));
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

int
store_api_client_get(struct store *st, const char *account_id,
    struct arena *a, const char *id, struct api_client *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " CLIENT_COLS
	    " FROM api_clients c WHERE c.account_id = ? AND c.id = ?"
	    " AND c.deleted_at IS NULL",
	    DB_ARGS(DB_TEXT(account_id), DB_TEXT(id)));
	if (rc == ST_OK)
		client_from_row(&r, 0, out);
	return (rc);
}

int
store_api_client_list(struct store *st, const char *account_id,
    struct arena *a, struct page *pg, struct api_client **out, size_t *n,
    struct err *e)
{
	struct db_param	 p[4];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 i;
	int		 rc;

	*out = NULL;
	*n = 0;
	buf_adds(&sql, "SELECT " CLIENT_COLS " FROM api_clients c"
	    " WHERE c.account_id = ? AND c.deleted_at IS NULL");
	p[0] = DB_TEXT(account_id);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, 1, pg,
	    "c.name, c.id", "tt")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(2, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		client_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_api_client_delete(struct store *st, const char *account_id,
    const char *id, int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	/* Its tokens end at once; the client is kept for the audit log. */
	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM api_tokens WHERE account_id = ? AND client_id = ?",
	    DB_ARGS(DB_TEXT(account_id), DB_TEXT(id)));
	if (rc == ST_OK)
		rc = store_principal_scope_clear(st, account_id, id, e);
	arena_free(&a);
	if (rc != ST_OK)
		return (rc);
	return (store_change_one(st, e,
	    "UPDATE api_clients SET deleted_at = ? WHERE account_id = ?"
	    " AND id = ? AND deleted_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(account_id), DB_TEXT(id))));
}

int
store_api_client_by_secret(struct store *st, struct arena *a,
    const char *id, const char *secret_hash, struct api_client *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " CLIENT_COLS
	    " FROM api_clients c WHERE c.id = ? AND c.secret_hash = ?"
	    " AND c.deleted_at IS NULL",
	    DB_ARGS(DB_TEXT(id), DB_TEXT(secret_hash)));
	if (rc == ST_OK)
		client_from_row(&r, 0, out);
	return (rc);
}

int
store_api_token_create(struct store *st, const struct api_client *c,
    const char *token_hash, int64_t now, int64_t expires_at, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO api_tokens (id, client_id, account_id, created_at,"
	    " expires_at) VALUES (?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(token_hash), DB_TEXT(c->id),
	    DB_TEXT(c->account_id), DB_INT(now), DB_INT(expires_at)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "UPDATE api_clients SET last_used_at = ? WHERE id = ?",
		    DB_ARGS(DB_INT(now), DB_TEXT(c->id)));
	arena_free(&a);
	return (rc);
}

int
store_api_client_used(struct store *st, const char *account_id,
    const char *id, int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	assert(account_id != NULL && id != NULL);
	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE api_clients SET last_used_at = ? WHERE account_id = ?"
	    " AND id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
	    DB_ARGS(DB_INT(now), DB_TEXT(account_id), DB_TEXT(id),
	    DB_INT(now)));
	arena_free(&a);
	return (rc);
}

int
store_api_token_client(struct store *st, struct arena *a,
    const char *token_hash, int64_t now, struct api_client *out,
    const char **account_kind, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " CLIENT_COLS ", a.kind"
	    " FROM api_tokens t JOIN api_clients c ON c.id = t.client_id"
	    " JOIN accounts a ON a.id = c.account_id"
	    " WHERE t.id = ? AND t.expires_at > ? AND c.deleted_at IS NULL",
	    DB_ARGS(DB_TEXT(token_hash), DB_INT(now)));
	if (rc != ST_OK)
		return (rc);
	client_from_row(&r, 0, out);
	*account_kind = db_cell(&r, 0, 8);
	return (ST_OK);
}
