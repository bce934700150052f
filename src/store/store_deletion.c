/*
 * store_deletion.c - deleted customers and accounts: marking, listing,
 * restoring and purging them, and the rows of deleted records that sites
 * share (store_deletion_int.h). See store_deletion.h; deleted sites are in
 * store_site_deletion.c.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "store/store_alert.h"
#include "store/store_deletion.h"
#include "store/store_deletion_int.h"
#include "store/store_device.h"
#include "store/store_int.h"
#include "store/store_oms.h"

void
store_live_where(struct buf *sql, const char *col)
{
	/* Few rows: read from the partial index customers_deleted. */
	buf_printf(sql, " AND %s NOT IN (SELECT x.id FROM customers x"
	    " WHERE x.deleted_at IS NOT NULL)", col);
}

void
deleted_from_row(const struct db_rows *r, size_t i, struct deleted *d)
{
	d->id = db_cell(r, i, 0);
	d->account_id = db_cell(r, i, 1);
	d->name = db_cell(r, i, 2);
	d->kind = db_cell(r, i, 3);
	d->deleted_by = db_cell(r, i, 4);
	d->deleted_at = db_cell_int(r, i, 5);
	d->purge_at = db_cell_int(r, i, 6);
	d->role = db_cell(r, i, 7);
	d->scope = db_cell(r, i, 8);
	d->customer_id = db_cell(r, i, 9);
}

int
deleted_rows(struct db_rows *r, struct arena *a, struct deleted **out,
    size_t *n)
{
	size_t	i;

	*out = arena_calloc(a, r->nrows ? r->nrows : 1, sizeof(**out));
	for (i = 0; i < r->nrows; i++)
		deleted_from_row(r, i, &(*out)[i]);
	*n = r->nrows;
	return (ST_OK);
}

int
deleted_page(struct store *st, struct arena *a, struct buf *sql,
    struct db_param *p, size_t np, const char *keys, struct page *pg,
    struct deleted **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	int		rc;

	if ((rc = store_page_query(st, a, &r, e, sql, p, np, pg, keys,
	    "IT")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(5, 0));
	return (deleted_rows(&r, a, out, n));
}

/* ---- customers --------------------------------------------------------- */

/* A deleted customer's columns, its kind given as an SQL expression. */
#define CUSTOMER_DELETED_KIND_COLS(kind) \
	"c.id, c.partner_id, c.company, " kind ", " \
	"COALESCE(c.deleted_by, ''), c.deleted_at, c.purge_at, '', '', c.id"
#define CUSTOMER_DELETED_COLS	CUSTOMER_DELETED_KIND_COLS("'customer'")

int
store_customer_mark_deleted(struct store *st, const char *partner_id,
    const char *customer_id, const char *by, int64_t now, int64_t purge_at,
    struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE customers SET deleted_at = ?, deleted_by = ?, purge_at = ?,"
	    " updated_at = ? WHERE partner_id = ? AND id = ?"
	    " AND deleted_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(by), DB_INT(purge_at), DB_INT(now),
	    DB_TEXT(partner_id), DB_TEXT(customer_id))));
}

int
store_customer_deleted_get(struct store *st, const char *partner_id,
    const char *customer_id, struct arena *a, struct deleted *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " CUSTOMER_DELETED_COLS
	    " FROM customers c WHERE c.partner_id = ? AND c.id = ?"
	    " AND c.deleted_at IS NOT NULL",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id)));
	if (rc == ST_OK)
		deleted_from_row(&r, 0, out);
	return (rc);
}

int
store_customer_undelete(struct store *st, const char *partner_id,
    const char *customer_id, int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE customers SET deleted_at = NULL, deleted_by = NULL,"
	    " purge_at = NULL, updated_at = ? WHERE partner_id = ? AND id = ?"
	    " AND deleted_at IS NOT NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(partner_id), DB_TEXT(customer_id))));
}

int
store_customers_deleted(struct store *st, const char *partner_id,
    const char *scoped, struct arena *a, struct page *pg,
    struct deleted **out, size_t *n, struct err *e)
{
	struct buf	sql = BUF_INIT;
	struct db_param	p[8];
	size_t		np = 0;

	buf_adds(&sql, "SELECT " CUSTOMER_DELETED_COLS " FROM customers c"
	    " WHERE c.partner_id = ? AND c.deleted_at IS NOT NULL");
	p[np++] = DB_TEXT(partner_id);
	store_scope_where(&sql, p, &np, "c.id", partner_id, scoped);
	return (deleted_page(st, a, &sql, p, np, "c.deleted_at, c.id", pg,
	    out, n, e));
}

int
store_customer_devices_remove(struct store *st, const char *partner_id,
    const char *customer_id, int64_t now, struct arena *a,
    struct device **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "UPDATE devices SET removed_at = ?, status = 'removed',"
	    " commands = '[{\"type\":\"uninstall\"}]', policy_push = 0"
	    " WHERE partner_id = ? AND customer_id = ? AND removed_at IS NULL"
	    " RETURNING id, partner_id, customer_id, site_id, hostname",
	    DB_ARGS(DB_INT(now), DB_TEXT(partner_id), DB_TEXT(customer_id)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows + 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell(&r, i, 0);
		(*out)[i].partner_id = db_cell(&r, i, 1);
		(*out)[i].customer_id = db_cell(&r, i, 2);
		(*out)[i].site_id = db_cell(&r, i, 3);
		(*out)[i].hostname = db_cell(&r, i, 4);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
deleted_due(struct store *st, const char *sql, int64_t now, size_t limit,
    struct arena *a, struct deleted **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e, sql,
	    DB_ARGS(DB_INT(now), DB_INT((long long)limit)));
	if (rc != ST_OK)
		return (rc);
	return (deleted_rows(&r, a, out, n));
}

int
store_customers_due(struct store *st, int64_t now, size_t limit,
    struct arena *a, struct deleted **out, size_t *n, struct err *e)
{
	return (deleted_due(st, "SELECT " CUSTOMER_DELETED_COLS
	    " FROM customers c"
	    " WHERE c.purge_at IS NOT NULL AND c.purge_at <= ?"
	    " ORDER BY c.purge_at, c.id LIMIT ?", now, limit, a, out, n, e));
}

int
store_customers_deleted_running(struct store *st, size_t limit,
    struct arena *a, struct deleted **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	int		rc;

	/*
	 * The deleted records in the order of the partial index
	 * customers_deleted, each probing subscriptions_customer_status
	 * (customer_id, status) for a running one. SQLite is told the index:
	 * with statistics from before any deletion (PRAGMA optimize after an
	 * import) it would rather read every customer through
	 * customers_partner_live.
	 */
	rc = db_query(st->db, a, &r, e, arena_printf(a, "SELECT "
	    CUSTOMER_DELETED_KIND_COLS("c.kind") " FROM customers c%s"
	    " WHERE c.deleted_at IS NOT NULL"
	    " AND EXISTS (SELECT 1 FROM subscriptions s"
	    " WHERE s.customer_id = c.id AND s.status = 'active'"
	    " AND s.partner_id = c.partner_id)"
	    " ORDER BY c.partner_id, c.deleted_at, c.id LIMIT ?",
	    db_kind(st->db) == DB_SQLITE ? " INDEXED BY customers_deleted" :
	    ""), DB_ARGS(DB_INT((long long)limit)));
	if (rc != ST_OK)
		return (rc);
	return (deleted_rows(&r, a, out, n));
}

int
store_customer_deleted_hold(struct store *st, const char *partner_id,
    const char *customer_id, struct err *e)
{
	/* store_sub_lock's no-op update, on a deleted record only: on
	 * PostgreSQL the condition is looked at again once the row lock is
	 * held. */
	return (store_change_one(st, e,
	    "UPDATE customers SET updated_at = updated_at"
	    " WHERE partner_id = ? AND id = ? AND deleted_at IS NOT NULL",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id))));
}

/*
 * Every table with a customer_id, children before parents (foreign keys).
 * Redeemed activation codes stay used: they belong to the partner's order.
 */
static const char *const customer_purge[] = {
	"DELETE FROM alert_notify_pending WHERE alert_id IN"
	    " (SELECT id FROM alerts WHERE customer_id = ?)",
	"DELETE FROM alerts WHERE customer_id = ?",
	"DELETE FROM device_threats WHERE customer_id = ?",
	"DELETE FROM devices WHERE customer_id = ?",
	"DELETE FROM installers WHERE customer_id = ?",
	"DELETE FROM principal_sites WHERE site_id IN"
	    " (SELECT id FROM sites WHERE customer_id = ?)",
	"DELETE FROM sites WHERE customer_id = ?",
	"DELETE FROM alert_mutes WHERE customer_id = ?",
	"DELETE FROM alert_stats WHERE customer_id = ?",
	"DELETE FROM device_stats WHERE customer_id = ?",
	"DELETE FROM policy_overrides WHERE customer_id = ?",
	"DELETE FROM customer_defaults WHERE customer_id = ?",
	"DELETE FROM policy_assignments WHERE customer_id = ?",
	"DELETE FROM policies WHERE customer_id = ?",
	"UPDATE activation_codes SET customer_id = NULL WHERE customer_id = ?",
	"DELETE FROM payg_periods WHERE customer_id = ?",
	"DELETE FROM subscription_events WHERE customer_id = ?",
	"DELETE FROM subscriptions WHERE customer_id = ?",
	"DELETE FROM discount_applications WHERE customer_id = ?",
	"DELETE FROM principal_customers WHERE customer_id = ?",
};

/* Every row of the customer but its own. */
static int
customer_rows_purge(struct store *st, struct arena *a, const char *customer_id,
    struct err *e)
{
	size_t	i;
	int	rc = ST_OK;

	for (i = 0; rc == ST_OK &&
	    i < sizeof(customer_purge) / sizeof(customer_purge[0]); i++)
		rc = db_query(st->db, a, NULL, e, customer_purge[i],
		    DB_ARGS(DB_TEXT(customer_id)));
	return (rc);
}

int
store_customer_purge(struct store *st, const char *partner_id,
    const char *customer_id, struct err *e)
{
	struct arena	a;
	struct deleted	d;
	int		rc;

	arena_init(&a, 512);
	/* Only a deleted customer of this partner. */
	rc = store_customer_deleted_get(st, partner_id, customer_id, &a, &d, e);
	if (rc == ST_OK)
		rc = customer_rows_purge(st, &a, customer_id, e);
	if (rc == ST_OK)
		rc = store_change_one(st, e, "DELETE FROM customers"
		    " WHERE partner_id = ? AND id = ? AND deleted_at IS NOT NULL",
		    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(customer_id)));
	arena_free(&a);
	return (rc);
}

/* ---- accounts ---------------------------------------------------------- */

#define ACCOUNT_DELETED_COLS \
	"a.id, a.id, a.name, a.kind, COALESCE(a.deleted_by, ''), " \
	"a.deleted_at, a.purge_at, m.role, m.scope, NULL"

int
store_account_customer_count(struct store *st, const char *partner_id,
    long long *n, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "SELECT count(*) FROM customers WHERE partner_id = ?"
	    " AND kind = 'customer'",
	    DB_ARGS(DB_TEXT(partner_id)));
	if (rc == ST_OK)
		*n = db_cell_int(&r, 0, 0);
	arena_free(&a);
	return (rc);
}

int
store_account_mark_deleted(struct store *st, const char *account_id,
    const char *by, const char *by_login, int64_t now, int64_t purge_at,
    struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE accounts SET deleted_at = ?, deleted_by = ?,"
	    " deleted_by_login = ?, purge_at = ?, updated_at = ?"
	    " WHERE id = ? AND deleted_at IS NULL AND kind <> 'operator'",
	    DB_ARGS(DB_INT(now), DB_TEXT(by), DB_TEXT(by_login),
	    DB_INT(purge_at), DB_INT(now), DB_TEXT(account_id))));
}

#define MEMBER_OF \
	" FROM accounts a JOIN memberships m ON m.account_id = a.id" \
	" WHERE m.login_id = ? AND m.status = 'active'" \
	" AND a.deleted_at IS NOT NULL"

int
store_account_deleted_get(struct store *st, const char *account_id,
    const char *login_id, struct arena *a, struct deleted *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e, "SELECT " ACCOUNT_DELETED_COLS MEMBER_OF
	    " AND a.id = ?", DB_ARGS(DB_TEXT(login_id), DB_TEXT(account_id)));
	if (rc == ST_OK)
		deleted_from_row(&r, 0, out);
	return (rc);
}

int
store_account_undelete(struct store *st, const char *account_id,
    int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE accounts SET deleted_at = NULL, deleted_by = NULL,"
	    " deleted_by_login = NULL, purge_at = NULL, updated_at = ?"
	    " WHERE id = ? AND deleted_at IS NOT NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(account_id))));
}

int
store_accounts_deleted_for(struct store *st, const char *login_id,
    struct arena *a, struct deleted **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e, "SELECT " ACCOUNT_DELETED_COLS MEMBER_OF
	    " AND m.role = 'admin' AND m.scope = 'all'"
	    " ORDER BY a.purge_at, a.id LIMIT 100", DB_ARGS(DB_TEXT(login_id)));
	if (rc != ST_OK)
		return (rc);
	return (deleted_rows(&r, a, out, n));
}

int
store_accounts_due(struct store *st, int64_t now, size_t limit,
    struct arena *a, struct deleted **out, size_t *n, struct err *e)
{
	return (deleted_due(st, "SELECT " ACCOUNT_DELETED_COLS
	    " FROM accounts a"
	    " LEFT JOIN memberships m ON 1 = 0"
	    " WHERE a.purge_at IS NOT NULL AND a.purge_at <= ?"
	    " ORDER BY a.purge_at, a.id LIMIT ?", now, limit, a, out, n, e));
}

/*
 * Every table with the account's id, children before parents. The account
 * has no customers (checked before it was deleted, and none can be added
 * since), and a company console's own record goes first with everything
 * attached to it, so nothing of a customer is left to refer to these rows.
 */
static const char *const account_purge[] = {
	"DELETE FROM alert_notify_pending WHERE partner_id = ?",
	"DELETE FROM alert_notify_sent WHERE partner_id = ?",
	"DELETE FROM alert_notify_settings WHERE partner_id = ?",
	"DELETE FROM webhook_deliveries WHERE partner_id = ?",
	"DELETE FROM webhooks WHERE partner_id = ?",
	"DELETE FROM api_tokens WHERE account_id = ?",
	"DELETE FROM api_clients WHERE account_id = ?",
	"DELETE FROM invitations WHERE account_id = ?",
	"DELETE FROM principal_customers WHERE account_id = ?",
	"DELETE FROM principal_sites WHERE partner_id = ?",
	"DELETE FROM mail_outbox WHERE account_id = ?",
	"DELETE FROM memberships WHERE account_id = ?",
	"DELETE FROM activation_codes WHERE partner_id = ?",
	"DELETE FROM oms_orders WHERE partner_id = ?",
	"DELETE FROM policy_overrides WHERE policy_id IN"
	    " (SELECT id FROM policies WHERE partner_id = ?)",
	"DELETE FROM policy_assignments WHERE policy_id IN"
	    " (SELECT id FROM policies WHERE partner_id = ?)",
	"DELETE FROM policies WHERE partner_id = ?",
	"DELETE FROM discount_applications WHERE partner_id = ?",
};

static const char *const account_purge_sqlite[] = {
	"DELETE FROM oms_search WHERE rowid IN"
	    " (SELECT seq FROM oms_records WHERE partner_id = ?)",
	"DELETE FROM oms_grams WHERE rowid IN"
	    " (SELECT seq FROM oms_records WHERE partner_id = ?)",
};

int
store_account_purge(struct store *st, const char *account_id, struct err *e)
{
	struct arena	 a;
	const char	*self;
	size_t		 i;
	int		 rc;

	arena_init(&a, 512);
	rc = store_company_self(st, account_id, &a, &self, e);
	if (rc == ST_NOT_FOUND) {
		err_clear(e);
		rc = ST_OK;
	} else if (rc == ST_OK) {
		rc = customer_rows_purge(st, &a, self, e);
		if (rc == ST_OK)
			rc = store_change_one(st, e, "DELETE FROM customers"
			    " WHERE partner_id = ? AND id = ?",
			    DB_ARGS(DB_TEXT(account_id), DB_TEXT(self)));
	}
	for (i = 0; rc == ST_OK &&
	    i < sizeof(account_purge) / sizeof(account_purge[0]); i++)
		rc = db_query(st->db, &a, NULL, e, account_purge[i],
		    DB_ARGS(DB_TEXT(account_id)));
	/*
	 * SQLite: the records waiting for the search indexes are indexed
	 * first, so the index mark holds the highest seq handed out up
	 * (OMS_SEQ_TOP): the purged records' seqs are never handed out again,
	 * which the processes keeping changed records rely on
	 * (store_oms_kept.c).
	 */
	if (rc == ST_OK && db_kind(st->db) == DB_SQLITE)
		rc = store_oms_index_catch_up(st, 0, NULL, e);
	for (i = 0; rc == ST_OK && db_kind(st->db) == DB_SQLITE &&
	    i < sizeof(account_purge_sqlite) / sizeof(account_purge_sqlite[0]);
	    i++)
		rc = db_query(st->db, &a, NULL, e, account_purge_sqlite[i],
		    DB_ARGS(DB_TEXT(account_id)));
	if (rc == ST_OK)
		rc = store_oms_blocks_purge(st, account_id, e);
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "DELETE FROM oms_records WHERE partner_id = ?",
		    DB_ARGS(DB_TEXT(account_id)));
	if (rc == ST_OK)
		rc = store_change_one(st, e, "DELETE FROM accounts"
		    " WHERE id = ? AND deleted_at IS NOT NULL",
		    DB_ARGS(DB_TEXT(account_id)));
	arena_free(&a);
	return (rc);
}
