/*
 * deletion.h - deleting customers and accounts with retention (SPEC §8).
 *
 * Deleting asks for the name exactly as it is shown (confirm_name; a
 * field error naming confirm_name otherwise, and nothing changes). A
 * deleted customer or account disappears from every list at once and is
 * kept DELETION_KEEP_DAYS days, during which an admin can restore it; then
 * the background process purges it with all its rows (deletion_purge_run),
 * audited with origin system. Until then the background process also
 * cancels any subscription a deleted record still runs (records deleted
 * by older versions: deletion_subs_run).
 *
 * Deleting a customer, in one transaction and audited step by step:
 * running subscriptions are cancelled (each with its subscription.changed
 * event), every device is removed and told to uninstall at its next
 * check-in (each with its device.removed event), the customer's open
 * alerts are resolved (each with its alert.changed event, as when Steward
 * resolves one), and customer.deleted is emitted to the partner's
 * webhooks. Restoring brings back the record,
 * its policies, overrides, sites, installers and people's access;
 * cancelled subscriptions stay cancelled and removed devices enrol again
 * with the installer.
 *
 * Accounts: a company console, or a partner account without customers
 * (deleted ones count until purged: ST_CONFLICT otherwise), is deleted by
 * a whole-account admin of it, and restored by one of its admins (it is
 * no longer reachable through the account list, so restoring is not an
 * account route). A company console's own record goes as a deleted
 * customer's: its subscriptions cancelled, its devices removed and told to
 * uninstall, its open alerts resolved, with the same events; restoring it
 * leaves the subscriptions cancelled. The operator account is never
 * deleted.
 *
 * Strings in returned records live in app->a.
 */
#ifndef STEWARD_APP_DELETION_H
#define STEWARD_APP_DELETION_H

#include <stddef.h>

#include "store/store_deletion.h"

struct app;
struct page;

#define DELETION_KEEP_DAYS	30
#define DELETION_SUBS_BATCH	50	/* records a deletion_subs_run() */

int	customer_delete(struct app *app, const char *partner_id,
	    const char *customer_id, const char *confirm_name);
int	customer_restore(struct app *app, const char *partner_id,
	    const char *customer_id);
/* The partner's deleted customers not yet purged, newest first (a
 * customer-limited role: its own customers). */
int	customer_deleted_list(struct app *app, const char *partner_id,
	    struct page *pg, struct deleted **out, size_t *n);

int	account_delete(struct app *app, const char *account_id,
	    const char *confirm_name);
int	account_restore(struct app *app, const char *account_id);
/* The deleted accounts the signed-in person is an admin of. */
int	account_deleted_mine(struct app *app, struct deleted **out,
	    size_t *n);

/* What a purge run did. */
struct deletion_purge_stats {
	size_t	customers;
	size_t	sites;
	size_t	accounts;
};

/* Purge the customers, sites (site.h) and accounts whose time has come
 * (the background process, as the system); each in its own transaction,
 * audited. */
int	deletion_purge_run(struct app *app, struct deletion_purge_stats *out);

/* What a run of deletion_subs_run did. */
struct deletion_subs_stats {
	size_t	records;	/* deleted records with subscriptions cancelled */
	size_t	subs;		/* subscriptions cancelled */
};

/*
 * Older versions deleted company consoles without cancelling their
 * subscriptions, which then ran on through the 30 days (the daily job
 * leaves deleted records alone) and came back running with a restore.
 * Cancel the running subscriptions that deleted customers and company
 * consoles still hold, as deleting them does now: each record in its own
 * transaction, if it is still deleted, through sub_cancel_all with its
 * deletion's reason (cancelled_with_customer or cancelled_with_company),
 * each audited with its subscription.changed event. At most
 * DELETION_SUBS_BATCH records a run (the background process, as the
 * system, beside the purge). With nothing to do it reads only the deleted
 * records; running it again, or on several servers at once, cancels
 * nothing twice.
 */
int	deletion_subs_run(struct app *app, struct deletion_subs_stats *out);

#endif
