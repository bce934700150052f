/*
 * store_site_deletion.c - deleted sites: marking, listing, restoring and
 * purging them. See store_deletion.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "store/store_deletion.h"
#include "store/store_deletion_int.h"
#include "store/store_int.h"

#define SITE_DELETED_COLS \
	"s.id, s.partner_id, s.name, 'site', COALESCE(s.deleted_by, ''), " \
	"s.deleted_at, s.purge_at, '', '', s.customer_id"

int
store_site_mark_deleted(struct store *st, const char *partner_id,
    const char *customer_id, const char *site_id, const char *to_site,
    const char *by, int64_t now, int64_t purge_at, struct err *e)
{
	struct arena	a;
	int		rc;

	/*
	 * The site first: on PostgreSQL its row lock waits for a transaction
	 * putting a device in it (store_site_hold()), whose device the move
	 * below then sees.
	 */
	if ((rc = store_change_one(st, e,
	    "UPDATE sites SET deleted_at = ?, deleted_by = ?, purge_at = ?,"
	    " updated_at = ? WHERE partner_id = ? AND customer_id = ?"
	    " AND id = ? AND deleted_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(by), DB_INT(purge_at), DB_INT(now),
	    DB_TEXT(partner_id), DB_TEXT(customer_id), DB_TEXT(site_id)))) !=
	    ST_OK)
		return (rc);
	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE devices SET site_id = ? WHERE partner_id = ?"
	    " AND customer_id = ? AND site_id = ? AND removed_at IS NULL",
	    DB_ARGS(DB_TEXT(to_site), DB_TEXT(partner_id),
	    DB_TEXT(customer_id), DB_TEXT(site_id)));
	arena_free(&a);
	return (rc);
}

int
store_site_deleted_get(struct store *st, const char *partner_id,
    const char *customer_id, const char *site_id, struct arena *a,
    struct deleted *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " SITE_DELETED_COLS
	    " FROM sites s WHERE s.partner_id = ? AND s.customer_id = ?"
	    " AND s.id = ? AND s.deleted_at IS NOT NULL",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id),
	    DB_TEXT(site_id)));
	if (rc == ST_OK)
		deleted_from_row(&r, 0, out);
	return (rc);
}

int
store_site_undelete(struct store *st, const char *partner_id,
    const char *customer_id, const char *site_id, int64_t now,
    struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE sites SET deleted_at = NULL, deleted_by = NULL,"
	    " purge_at = NULL, updated_at = ? WHERE partner_id = ?"
	    " AND customer_id = ? AND id = ? AND deleted_at IS NOT NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(partner_id), DB_TEXT(customer_id),
	    DB_TEXT(site_id))));
}

int
store_sites_deleted(struct store *st, const char *partner_id,
    const char *customer_id, const char *site_scoped, struct arena *a,
    struct page *pg, struct deleted **out, size_t *n, struct err *e)
{
	struct buf	sql = BUF_INIT;
	struct db_param	p[10];
	size_t		np = 0;

	buf_adds(&sql, "SELECT " SITE_DELETED_COLS " FROM sites s"
	    " WHERE s.partner_id = ? AND s.customer_id = ?"
	    " AND s.deleted_at IS NOT NULL");
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_TEXT(customer_id);
	store_site_scope_where(&sql, p, &np, "s.id", partner_id, site_scoped);
	return (deleted_page(st, a, &sql, p, np, "s.deleted_at, s.id", pg,
	    out, n, e));
}

int
store_sites_due(struct store *st, int64_t now, size_t limit,
    struct arena *a, struct deleted **out, size_t *n, struct err *e)
{
	return (deleted_due(st, "SELECT " SITE_DELETED_COLS " FROM sites s"
	    " WHERE s.purge_at IS NOT NULL AND s.purge_at <= ?"
	    " ORDER BY s.purge_at, s.id LIMIT ?", now, limit, a, out, n, e));
}

/* Every row that refers to a site, children before the site. */
static const char *const site_purge[] = {
	"UPDATE devices SET site_id = NULL WHERE partner_id = ?"
	    " AND site_id = ?",
	"DELETE FROM installers WHERE partner_id = ? AND site_id = ?",
	"DELETE FROM principal_sites WHERE partner_id = ? AND site_id = ?",
};

int
store_site_purge(struct store *st, const char *partner_id,
    const char *site_id, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	size_t		i;
	int		rc;

	arena_init(&a, 256);
	/* Only a deleted site of this partner. */
	rc = store_one(st, &a, &r, e, "SELECT id FROM sites"
	    " WHERE partner_id = ? AND id = ? AND deleted_at IS NOT NULL",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(site_id)));
	for (i = 0; rc == ST_OK &&
	    i < sizeof(site_purge) / sizeof(site_purge[0]); i++)
		rc = db_query(st->db, &a, NULL, e, site_purge[i],
		    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(site_id)));
	arena_free(&a);
	if (rc != ST_OK)
		return (rc);
	return (store_change_one(st, e, "DELETE FROM sites"
	    " WHERE partner_id = ? AND id = ? AND deleted_at IS NOT NULL",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(site_id))));
}
