/*
 * store_deletion.h - deletion with retention: deleted customers, sites and
 * accounts (company consoles, partners without customers) are hidden from
 * every list at once, kept until their purge time so that they can be
 * restored, then purged with every row that belongs to them.
 *
 * The same conventions as store.h: strings in returned records live in the
 * arena passed in; times are Unix seconds; callers wrap writes that belong
 * together in a transaction (a purge is one transaction of its own, begun
 * by the caller).
 */
#ifndef STEWARD_STORE_DELETION_H
#define STEWARD_STORE_DELETION_H

#include <stddef.h>
#include <stdint.h>

struct alert_moved;
struct arena;
struct buf;
struct device;
struct err;
struct page;
struct store;

/* A deleted customer, site or account, waiting for its purge. */
struct deleted {
	const char	*id;
	const char	*account_id;	/* the partner (customers, sites), or id */
	const char	*name;		/* company, site or account name */
	const char	*kind;		/* accounts: company | partner */
	const char	*deleted_by;	/* name of who deleted it */
	int64_t		 deleted_at;
	int64_t		 purge_at;
	const char	*role;		/* accounts: the caller's role */
	const char	*scope;		/* ... and its scope (all | customers) */
	const char	*customer_id;	/* sites: whose site it was */
};

/*
 * " AND col NOT IN (the deleted customers)" on sql, for the readers of rows
 * that carry a customer_id (alerts, mutes, events): a deleted customer's
 * rows disappear with it. No parameters.
 */
void	store_live_where(struct buf *sql, const char *col);

/* ---- customers ------------------------------------------------------- */

/* Mark a live customer deleted (ST_NOT_FOUND when it is not live). */
int	store_customer_mark_deleted(struct store *st, const char *partner_id,
	    const char *customer_id, const char *by, int64_t now,
	    int64_t purge_at, struct err *e);
/* A deleted customer not yet purged (ST_NOT_FOUND otherwise). */
int	store_customer_deleted_get(struct store *st, const char *partner_id,
	    const char *customer_id, struct arena *a, struct deleted *out,
	    struct err *e);
/* Make a deleted customer live again (ST_NOT_FOUND when it is not
 * deleted). */
int	store_customer_undelete(struct store *st, const char *partner_id,
	    const char *customer_id, int64_t now, struct err *e);
/* A page of partner_id's deleted customers, most recently deleted first
 * (keys: deleted_at, id), narrowed to scoped's customers when not NULL. */
int	store_customers_deleted(struct store *st, const char *partner_id,
	    const char *scoped, struct arena *a, struct page *pg,
	    struct deleted **out, size_t *n, struct err *e);
/*
 * Every device of the customer not yet removed is removed and told to
 * uninstall at its next check-in: *n of them, in *out (id, partner_id,
 * customer_id, site_id and hostname filled). Every unresolved alert of the
 * customer is resolved with note, each in *out (id, partner_id,
 * customer_id, device_id, type, severity, subject; status "resolved" and
 * note; store_alert.c, beside the resolving of one device's alerts).
 */
int	store_customer_devices_remove(struct store *st, const char *partner_id,
	    const char *customer_id, int64_t now, struct arena *a,
	    struct device **out, size_t *n, struct err *e);
int	store_customer_alerts_resolve(struct store *st, const char *partner_id,
	    const char *customer_id, const char *note, int64_t now,
	    struct arena *a, struct alert_moved *out, struct err *e);
/* Deleted customers whose purge time is at or before now, oldest first,
 * at most limit. */
int	store_customers_due(struct store *st, int64_t now, size_t limit,
	    struct arena *a, struct deleted **out, size_t *n, struct err *e);
/* Delete the deleted customer and every row with its customer_id. */
int	store_customer_purge(struct store *st, const char *partner_id,
	    const char *customer_id, struct err *e);
/*
 * Deleted customers and company consoles' own records (marked deleted with
 * their account) that still hold a running subscription (status active),
 * across partners (the background process): at most limit, by partner,
 * deletion time and id, read from the partial index customers_deleted, so
 * the cost follows the deleted records, not the subscriptions. kind is
 * the record's ("customer" or "company"). Deletion cancels them now;
 * these are records that older versions deleted without cancelling them.
 */
int	store_customers_deleted_running(struct store *st, size_t limit,
	    struct arena *a, struct deleted **out, size_t *n, struct err *e);
/*
 * Hold a deleted customer's subscriptions as store_sub_lock() does, if it
 * is still deleted: ST_NOT_FOUND when it is live (restored meanwhile) or
 * gone. On PostgreSQL a restore running at the same time waits for the
 * caller's transaction, or has ended before and is seen.
 */
int	store_customer_deleted_hold(struct store *st, const char *partner_id,
	    const char *customer_id, struct err *e);

/* ---- sites ----------------------------------------------------------- */

/*
 * Mark a live site of the customer deleted (ST_NOT_FOUND when it is not
 * live), its live devices moved to site to_site (NULL: no site) first. Its
 * exclusions, installer and the roles limited to it stay with the row: the
 * site readers of store_device.h and the enrolment leave deleted sites
 * out.
 */
int	store_site_mark_deleted(struct store *st, const char *partner_id,
	    const char *customer_id, const char *site_id, const char *to_site,
	    const char *by, int64_t now, int64_t purge_at, struct err *e);
/* A deleted site of the customer not yet purged (ST_NOT_FOUND otherwise). */
int	store_site_deleted_get(struct store *st, const char *partner_id,
	    const char *customer_id, const char *site_id, struct arena *a,
	    struct deleted *out, struct err *e);
/* Make a deleted site live again: ST_NOT_FOUND when it is not deleted,
 * ST_CONFLICT when a live site of the customer has its name now. */
int	store_site_undelete(struct store *st, const char *partner_id,
	    const char *customer_id, const char *site_id, int64_t now,
	    struct err *e);
/* A page of the customer's deleted sites, most recently deleted first
 * (keys: deleted_at, id); site_scoped: only those a site-limited
 * principal covers (or NULL). */
int	store_sites_deleted(struct store *st, const char *partner_id,
	    const char *customer_id, const char *site_scoped, struct arena *a,
	    struct page *pg, struct deleted **out, size_t *n, struct err *e);
/* Deleted sites whose purge time is at or before now, oldest first, at
 * most limit (across partners: the background process). */
int	store_sites_due(struct store *st, int64_t now, size_t limit,
	    struct arena *a, struct deleted **out, size_t *n, struct err *e);
/* Delete the deleted site with its installer and the roles' links to it;
 * removed devices that were in it are left in no site. */
int	store_site_purge(struct store *st, const char *partner_id,
	    const char *site_id, struct err *e);

/* ---- accounts -------------------------------------------------------- */

/* Customers of partner_id, live or deleted and not yet purged. */
int	store_account_customer_count(struct store *st, const char *partner_id,
	    long long *n, struct err *e);
/* Mark a live account deleted (ST_NOT_FOUND when it is not live). */
int	store_account_mark_deleted(struct store *st, const char *account_id,
	    const char *by, const char *by_login, int64_t now,
	    int64_t purge_at, struct err *e);
/* A deleted account login_id has an active role in, with that role
 * (ST_NOT_FOUND otherwise). */
int	store_account_deleted_get(struct store *st, const char *account_id,
	    const char *login_id, struct arena *a, struct deleted *out,
	    struct err *e);
int	store_account_undelete(struct store *st, const char *account_id,
	    int64_t now, struct err *e);
/* The deleted accounts login_id is a whole-account admin of, by purge
 * time. */
int	store_accounts_deleted_for(struct store *st, const char *login_id,
	    struct arena *a, struct deleted **out, size_t *n, struct err *e);
int	store_accounts_due(struct store *st, int64_t now, size_t limit,
	    struct arena *a, struct deleted **out, size_t *n, struct err *e);
/* Delete the deleted account and every row with its account id (its
 * audit events stay: they have no foreign key and record the purge), in
 * the caller's transaction. */
int	store_account_purge(struct store *st, const char *account_id,
	    struct err *e);

#endif
