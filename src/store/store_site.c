/*
 * store_site.c - a customer's sites and the installers of customers and
 * sites. See store_device.h.
 */
#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_device.h"
#include "store/store_int.h"

#define SITE_COLS \
	"s.id, s.partner_id, s.customer_id, s.name, s.name_key," \
	" s.exclusions, s.revision, s.created_at, s.updated_at," \
	" (SELECT COUNT(*) FROM devices d WHERE d.site_id = s.id" \
	" AND d.removed_at IS NULL)"

static void
site_from_row(const struct db_rows *r, size_t i, struct site *s)
{
	s->id = db_cell(r, i, 0);
	s->partner_id = db_cell(r, i, 1);
	s->customer_id = db_cell(r, i, 2);
	s->name = db_cell(r, i, 3);
	s->name_key = db_cell(r, i, 4);
	s->exclusions = db_cell(r, i, 5);
	s->revision = db_cell_int(r, i, 6);
	s->created_at = db_cell_int(r, i, 7);
	s->updated_at = db_cell_int(r, i, 8);
	s->device_count = db_cell_int(r, i, 9);
}

int
store_site_create(struct store *st, const char *partner_id, struct arena *a,
    const struct site *s, char **id, struct err *e)
{
	char	*nid;
	int	 rc;

	nid = id_new(a, "site");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO sites (id, partner_id, customer_id, name, name_key,"
	    " exclusions, revision, created_at, updated_at)"
	    " SELECT ?, ?, c.id, ?, ?, ?, 1, ?, ? FROM customers c"
	    " WHERE c.id = ? AND c.partner_id = ?",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(partner_id), DB_TEXT(s->name),
	    DB_TEXT(s->name_key), DB_TEXT(s->exclusions),
	    DB_INT(s->created_at), DB_INT(s->created_at),
	    DB_TEXT(s->customer_id), DB_TEXT(partner_id)));
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

static int
site_get(struct store *st, const char *partner_id, const char *customer_id,
    const char *site_id, bool hold, struct arena *a, struct site *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, hold && db_kind(st->db) == DB_PG ?
	    "SELECT " SITE_COLS " FROM sites s"
	    " WHERE s.partner_id = ? AND s.customer_id = ? AND s.id = ?"
	    " AND s.deleted_at IS NULL FOR SHARE OF s" :
	    "SELECT " SITE_COLS " FROM sites s"
	    " WHERE s.partner_id = ? AND s.customer_id = ? AND s.id = ?"
	    " AND s.deleted_at IS NULL",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id),
	    DB_TEXT(site_id)));
	if (rc == ST_OK)
		site_from_row(&r, 0, out);
	return (rc);
}

int
store_site_get(struct store *st, const char *partner_id,
    const char *customer_id, const char *site_id, struct arena *a,
    struct site *out, struct err *e)
{
	return (site_get(st, partner_id, customer_id, site_id, false, a, out,
	    e));
}

int
store_site_hold(struct store *st, const char *partner_id,
    const char *customer_id, const char *site_id, struct arena *a,
    struct site *out, struct err *e)
{
	return (site_get(st, partner_id, customer_id, site_id, true, a, out,
	    e));
}

int
store_site_list(struct store *st, const char *partner_id,
    const char *customer_id, const char *site_scoped, struct arena *a,
    struct page *pg, struct site **out, size_t *n, struct err *e)
{
	struct db_param	 p[8];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 i, np = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	buf_adds(&sql, "SELECT " SITE_COLS " FROM sites s"
	    " WHERE s.partner_id = ? AND s.customer_id = ?"
	    " AND s.deleted_at IS NULL");
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_TEXT(customer_id);
	store_site_scope_where(&sql, p, &np, "s.id", partner_id, site_scoped);
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "s.name_key, s.id", "tt")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(4, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		site_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_site_count(struct store *st, const char *partner_id,
    const char *site_scoped, long long *n, struct err *e)
{
	if (site_scoped != NULL)
		return (store_count(st, e, n,
		    "SELECT count(*) FROM principal_sites ps JOIN sites s"
		    " ON s.id = ps.site_id AND s.partner_id = ps.partner_id"
		    " WHERE ps.partner_id = ? AND ps.principal_id = ?"
		    " AND s.deleted_at IS NULL",
		    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(site_scoped))));
	return (store_count(st, e, n,
	    "SELECT count(*) FROM sites WHERE partner_id = ?"
	    " AND deleted_at IS NULL",
	    DB_ARGS(DB_TEXT(partner_id))));
}

int
store_site_update(struct store *st, const char *partner_id,
    const struct site *s, int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE sites SET name = ?, name_key = ?, exclusions = ?,"
	    " revision = revision + 1, updated_at = ?"
	    " WHERE partner_id = ? AND customer_id = ? AND id = ?"
	    " AND deleted_at IS NULL",
	    DB_ARGS(DB_TEXT(s->name), DB_TEXT(s->name_key),
	    DB_TEXT(s->exclusions), DB_INT(now), DB_TEXT(partner_id),
	    DB_TEXT(s->customer_id), DB_TEXT(s->id))));
}

/* ---- installers --------------------------------------------------------- */

#define INSTALLER_COLS \
	"i.id, i.partner_id, i.customer_id, i.site_id, i.generation," \
	" i.created_at, i.rotated_at"

static void
installer_from_row(const struct db_rows *r, size_t i, struct installer *in)
{
	in->id = db_cell(r, i, 0);
	in->partner_id = db_cell(r, i, 1);
	in->customer_id = db_cell(r, i, 2);
	in->site_id = db_cell(r, i, 3);
	in->generation = db_cell_int(r, i, 4);
	in->created_at = db_cell_int(r, i, 5);
	in->rotated_at = db_cell_int(r, i, 6);
}

int
store_installer_get(struct store *st, const char *partner_id,
    const char *owner, struct arena *a, struct installer *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " INSTALLER_COLS
	    " FROM installers i WHERE i.partner_id = ? AND i.owner = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(owner)));
	if (rc == ST_OK)
		installer_from_row(&r, 0, out);
	return (rc);
}

int
store_installer_insert(struct store *st, const struct installer *in,
    const char *owner, const char *token_hash, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO installers (id, partner_id, customer_id, site_id,"
	    " owner, generation, token_hash, created_at, rotated_at)"
	    " VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)"
	    " ON CONFLICT (owner) DO NOTHING",
	    DB_ARGS(DB_TEXT(in->id), DB_TEXT(in->partner_id),
	    DB_TEXT(in->customer_id), DB_TEXT(in->site_id), DB_TEXT(owner),
	    DB_TEXT(token_hash), DB_INT(in->created_at),
	    DB_INT(in->created_at)));
	arena_free(&a);
	return (rc);
}

int
store_installer_rotate(struct store *st, const struct installer *in,
    const char *token_hash, int64_t now, struct err *e)
{
	return (store_change_or(st, e, ST_CONFLICT, "conflict", M_CONFLICT,
	    "UPDATE installers SET generation = generation + 1,"
	    " token_hash = ?, rotated_at = ?"
	    " WHERE partner_id = ? AND id = ? AND generation = ?",
	    DB_ARGS(DB_TEXT(token_hash), DB_INT(now),
	    DB_TEXT(in->partner_id), DB_TEXT(in->id),
	    DB_INT(in->generation))));
}

int
store_installer_by_token(struct store *st, struct arena *a,
    const char *token_hash, struct installer *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " INSTALLER_COLS
	    " FROM installers i WHERE i.token_hash = ?",
	    DB_ARGS(DB_TEXT(token_hash)));
	if (rc == ST_OK)
		installer_from_row(&r, 0, out);
	return (rc);
}
