/*
 * deletion.c - deleting, restoring and purging customers and accounts, and
 * cancelling what records deleted by older versions still run; see
 * deletion.h.
 */
#include <string.h>

#include <jansson.h>

#include "app/access.h"
#include "app/app.h"
#include "app/alert.h"
#include "app/deletion.h"
#include "app/device.h"
#include "app/principal.h"
#include "app/subscription.h"
#include "app/webhook.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/log.h"
#include "store/store.h"

#define PURGE_BATCH	50

/* The name typed must be the name shown, exactly. */
static int
confirm(struct app *app, const char *name, const char *typed)
{
	if (typed == NULL || *typed == '\0')
		return (err_field(app->e, "confirm_name", M_REQUIRED));
	if (strcmp(typed, name) != 0)
		return (err_fields(app->e, "confirm_name", M_CONFIRM_NAME,
		    name));
	return (ST_OK);
}

static const char *
day_of(struct app *app, int64_t t)
{
	char	*d = arena_alloc(app->a, 11);

	date_of(t, d);
	return (d);
}

static const char *
iso_of(struct app *app, int64_t t)
{
	char	*d = arena_alloc(app->a, 21);

	time_iso(t, d);
	return (d);
}

/* The webhook event of a deletion. */
static int
deleted_hook(struct app *app, const char *partner_id, const char *id,
    const char *company, int64_t purge_at, size_t subs, size_t devices)
{
	json_t	*data;
	int	 rc;

	data = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "customer_id", id,
	    "company", company, "deleted_at", iso_of(app, app->now),
	    "purge_at", iso_of(app, purge_at), "subscriptions_cancelled",
	    (json_int_t)subs, "devices_uninstalled", (json_int_t)devices);
	rc = webhook_emit(app, partner_id, "customer.deleted", data);
	json_decref(data);
	return (rc);
}

/* What deleting a customer or a company console did to its own record. */
struct record_off {
	size_t	subs;
	size_t	devices;
	size_t	alerts;
};

/* One event per item (n of size bytes at items), its data from data(). */
static int
emit_each(struct app *app, const struct webhook_set *hooks, const char *event,
    json_t *(*data)(const void *), const void *items, size_t size, size_t n)
{
	json_t	*d;
	size_t	 i;
	int	 rc = ST_OK;

	for (i = 0; rc == ST_OK && hooks->n > 0 && i < n; i++) {
		d = data((const char *)items + i * size);
		rc = webhook_emit_to(app, hooks, event, d);
		json_decref(d);
	}
	return (rc);
}

/* The subscription event and reason of a record's deletion. */
static void
off_reason(bool company, const char **event, const char **why)
{
	*event = company ? "cancelled_with_company" :
	    "cancelled_with_customer";
	*why = company ? "the company console was deleted" :
	    "the customer was deleted";
}

/*
 * Switch off the record of a customer, or of a company console (company),
 * that is being deleted, in the caller's transaction: its running
 * subscriptions cancelled (subscription.changed each), its devices removed
 * and told to uninstall at their next check-in (device.removed each), its
 * unresolved alerts resolved (alert.changed each, as when Steward resolves
 * one); each step audited.
 */
static int
record_off(struct app *app, const char *account_id, const char *customer_id,
    const char *name, bool company, struct record_off *n)
{
	struct webhook_set	 hooks;
	struct device		*devs;
	struct alert_moved	 alerts;
	const char		*what = company ? "company console" :
				    "customer";
	const char		*event, *why;
	int			 rc;

	memset(n, 0, sizeof(*n));
	off_reason(company, &event, &why);
	if ((rc = webhook_set_load(app, account_id, &hooks)) != ST_OK ||
	    (rc = sub_cancel_all(app, account_id, customer_id, event, why,
	    &n->subs)) != ST_OK ||
	    (rc = store_customer_devices_remove(app->st, account_id,
	    customer_id, app->now, app->a, &devs, &n->devices, app->e)) !=
	    ST_OK ||
	    (rc = emit_each(app, &hooks, "device.removed",
	    device_removed_data, devs, sizeof(*devs), n->devices)) != ST_OK ||
	    (n->devices > 0 && (rc = app_audit(app, account_id, customer_id,
	    "device", "remove", "success", arena_printf(app->a,
	    "%zu device(s) of \"%s\" removed with the %s; their agents are "
	    "told to uninstall at their next check-in", n->devices, name,
	    what))) != ST_OK) ||
	    (rc = store_customer_alerts_resolve(app->st, account_id,
	    customer_id, why, app->now, app->a, &alerts, app->e)) != ST_OK ||
	    (rc = emit_each(app, &hooks, "alert.changed", alert_hook_data,
	    alerts.a, sizeof(*alerts.a), n->alerts = alerts.n)) != ST_OK)
		return (rc);
	if (n->alerts == 0)
		return (ST_OK);
	return (app_audit(app, account_id, customer_id, "alert", "resolve",
	    "success", arena_printf(app->a, "%zu open alert(s) of \"%s\" "
	    "resolved by Steward: %s", n->alerts, name, why)));
}

int
customer_delete(struct app *app, const char *partner_id,
    const char *customer_id, const char *confirm_name)
{
	struct customer		 c;
	struct record_off	 off;
	int64_t			 purge_at = app->now +
				     DELETION_KEEP_DAYS * 86400LL;
	int			 rc;

	if ((rc = partner_access(app, partner_id, true)) != ST_OK ||
	    (rc = customer_access(app, partner_id, customer_id, true, &c)) !=
	    ST_OK)
		return (rc);
	if ((rc = confirm(app, c.d.company, confirm_name)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_customer_mark_deleted(app->st, partner_id, customer_id,
	    app->who->label, app->now, purge_at, app->e)) != ST_OK ||
	    (rc = record_off(app, partner_id, customer_id, c.d.company, false,
	    &off)) != ST_OK ||
	    (rc = deleted_hook(app, partner_id, customer_id, c.d.company,
	    purge_at, off.subs, off.devices)) != ST_OK ||
	    (rc = app_audit(app, partner_id, customer_id, "customer", "delete",
	    "success", arena_printf(app->a, "Customer \"%s\" deleted: %zu "
	    "subscription(s) cancelled, %zu device(s) told to uninstall, %zu "
	    "open alert(s) resolved; restorable until %s, then purged",
	    c.d.company, off.subs, off.devices, off.alerts, day_of(app,
	    purge_at)))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (app->e->status != ST_OK ? app->e->status : rc);
}

int
customer_restore(struct app *app, const char *partner_id,
    const char *customer_id)
{
	struct deleted	d;
	int		rc;

	if ((rc = partner_access(app, partner_id, true)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_customer_deleted_get(app->st, partner_id, customer_id,
	    app->a, &d, app->e)) != ST_OK ||
	    (rc = store_customer_undelete(app->st, partner_id, customer_id,
	    app->now, app->e)) != ST_OK ||
	    (rc = app_audit(app, partner_id, customer_id, "customer",
	    "restore", "success", arena_printf(app->a, "Customer \"%s\" "
	    "restored (deleted by %s); its subscriptions stay cancelled and "
	    "its devices enrol again with the installer", d.name,
	    d.deleted_by))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
customer_deleted_list(struct app *app, const char *partner_id,
    struct page *pg, struct deleted **out, size_t *n)
{
	const char	*scoped;
	int		 rc;

	if ((rc = partner_scope(app, partner_id, false, &scoped)) != ST_OK)
		return (rc);
	return (store_customers_deleted(app->st, partner_id, scoped, app->a,
	    pg, out, n, app->e));
}

/*
 * A company console's own record is deleted with it, as a deleted
 * customer: its subscriptions are cancelled, its devices removed (told to
 * uninstall) and its open alerts resolved (record_off); restoring brings
 * the record back, its subscriptions stay cancelled and the devices enrol
 * again with the installer.
 */
static int
company_off(struct app *app, const char *account_id, const char *name,
    struct record_off *off)
{
	const char	*self;
	int		 rc;

	memset(off, 0, sizeof(*off));
	rc = store_company_self(app->st, account_id, app->a, &self, app->e);
	if (rc == ST_NOT_FOUND) {
		err_clear(app->e);
		return (ST_OK);
	}
	if (rc != ST_OK ||
	    (rc = store_company_self_deleted(app->st, account_id,
	    app->who->label, app->now, app->e)) != ST_OK)
		return (rc);
	return (record_off(app, account_id, self, name, true, off));
}

/* A person with a whole-account admin role of their own in the account. */
static int
own_admin(struct app *app, const char *account_id, struct account *acct)
{
	const char	*role, *scope;
	int		 rc;

	if (app->who->kind != P_LOGIN)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN));
	if ((rc = account_access(app, account_id, true, acct, &role)) !=
	    ST_OK || (rc = account_scope(app, account_id, &scope)) != ST_OK)
		return (rc);
	if (strcmp(scope, "all") != 0)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_SCOPED));
	return (ST_OK);
}

int
account_delete(struct app *app, const char *account_id,
    const char *confirm_name)
{
	struct account		 acct;
	struct record_off	 off;
	long long		 customers = 0;
	int64_t			 purge_at = app->now +
				     DELETION_KEEP_DAYS * 86400LL;
	int			 rc;

	memset(&off, 0, sizeof(off));
	if ((rc = own_admin(app, account_id, &acct)) != ST_OK)
		return (rc);
	if (strcmp(acct.kind, "operator") == 0)
		return (err_set(app->e, ST_CONFLICT, "operator_account",
		    M_OPERATOR_KEPT));
	if ((rc = confirm(app, acct.name, confirm_name)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_account_customer_count(app->st, account_id,
	    &customers, app->e)) != ST_OK)
		goto fail;
	if (customers > 0) {
		store_tx_rollback(app->st);
		return (err_setn(app->e, ST_CONFLICT, "account_has_customers",
		    M_HAS_CUSTOMERS, customers));
	}
	if ((rc = store_account_mark_deleted(app->st, account_id,
	    app->who->label, app->who->id, app->now, purge_at, app->e)) !=
	    ST_OK ||
	    (strcmp(acct.kind, "company") == 0 &&
	    (rc = company_off(app, account_id, acct.name, &off)) != ST_OK) ||
	    (rc = app_audit(app, account_id, NULL, "account", "delete",
	    "success", arena_printf(app->a, "%s account \"%s\" deleted%s; "
	    "restorable by its admins until %s, then purged",
	    strcmp(acct.kind, "company") == 0 ? "Company" : "Partner",
	    acct.name, strcmp(acct.kind, "company") == 0 ?
	    arena_printf(app->a, ": %zu subscription(s) cancelled, %zu "
	    "device(s) told to uninstall, %zu open alert(s) resolved",
	    off.subs, off.devices, off.alerts) : "", day_of(app,
	    purge_at)))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
account_restore(struct app *app, const char *account_id)
{
	struct deleted	 d;
	const char	*login;
	int		 rc;

	if ((rc = acting_login(app, &login)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_account_deleted_get(app->st, account_id, login,
	    app->a, &d, app->e)) != ST_OK)
		goto fail;
	if (strcmp(d.role, "admin") != 0 || strcmp(d.scope, "all") != 0) {
		store_tx_rollback(app->st);
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_VIEWER));
	}
	if ((rc = store_account_undelete(app->st, account_id, app->now,
	    app->e)) != ST_OK ||
	    (rc = store_company_self_deleted(app->st, account_id, NULL,
	    app->now, app->e)) != ST_OK ||
	    (rc = app_audit(app, account_id, NULL, "account", "restore",
	    "success", arena_printf(app->a, "Account \"%s\" restored (deleted "
	    "by %s)%s", d.name, d.deleted_by, strcmp(d.kind, "company") == 0 ?
	    "; its subscriptions stay cancelled and its devices enrol again "
	    "with the installer" : ""))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
account_deleted_mine(struct app *app, struct deleted **out, size_t *n)
{
	const char	*login;
	int		 rc;

	if ((rc = acting_login(app, &login)) != ST_OK)
		return (rc);
	return (store_accounts_deleted_for(app->st, login, app->a, out, n,
	    app->e));
}

/* What a purge removes. */
enum purged { PURGE_CUSTOMER, PURGE_SITE, PURGE_ACCOUNT };

/* Purge one customer, site or account in its own transaction, audited. */
static int
purge_one(struct app *app, const struct deleted *d, enum purged what)
{
	static const char *const category[] = { "customer", "site",
	    "account" };
	static const char *const label[] = { "Customer", "Site", "Account" };
	int	rc;

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if (what == PURGE_CUSTOMER)
		rc = store_customer_purge(app->st, d->account_id, d->id,
		    app->e);
	else if (what == PURGE_SITE)
		rc = store_site_purge(app->st, d->account_id, d->id, app->e);
	else
		rc = store_account_purge(app->st, d->id, app->e);
	if (rc != ST_OK || (rc = app_audit_site(app, d->account_id,
	    what == PURGE_ACCOUNT ? NULL : d->customer_id,
	    what == PURGE_SITE ? d->id : NULL, category[what], "purge",
	    "success", arena_printf(app->a, "%s \"%s\" purged with all its "
	    "data, %d days after %s deleted it", label[what], d->name,
	    DELETION_KEEP_DAYS, d->deleted_by))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* Purge what due() finds due, counting it in *count. */
static int
purge_due(struct app *app, int (*due)(struct store *, int64_t, size_t,
    struct arena *, struct deleted **, size_t *, struct err *),
    enum purged what, size_t *count)
{
	struct deleted	*d;
	size_t		 n, i;
	int		 rc;

	if ((rc = due(app->st, app->now, PURGE_BATCH, app->a, &d, &n,
	    app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		if ((rc = purge_one(app, &d[i], what)) != ST_OK)
			return (rc);
		(*count)++;
	}
	return (ST_OK);
}

int
deletion_purge_run(struct app *app, struct deletion_purge_stats *out)
{
	int	rc;

	memset(out, 0, sizeof(*out));
	/* Sites before customers: a customer's purge takes its sites too. */
	if ((rc = purge_due(app, store_sites_due, PURGE_SITE,
	    &out->sites)) != ST_OK ||
	    (rc = purge_due(app, store_customers_due, PURGE_CUSTOMER,
	    &out->customers)) != ST_OK)
		return (rc);
	return (purge_due(app, store_accounts_due, PURGE_ACCOUNT,
	    &out->accounts));
}

/*
 * Cancel what one deleted record still runs, in its own transaction, as
 * its deletion does now (record_off's first step); nothing when it was
 * restored meanwhile or another server got there first.
 */
static int
subs_off(struct app *app, const struct deleted *d, size_t *subs)
{
	const char	*event, *why;
	int		 rc;

	*subs = 0;
	off_reason(strcmp(d->kind, "company") == 0, &event, &why);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = store_customer_deleted_hold(app->st, d->account_id, d->id,
	    app->e);
	if (rc == ST_NOT_FOUND) {
		store_tx_rollback(app->st);
		err_clear(app->e);
		return (ST_OK);
	}
	if (rc != ST_OK || (rc = sub_cancel_all(app, d->account_id, d->id,
	    event, why, subs)) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
deletion_subs_run(struct app *app, struct deletion_subs_stats *out)
{
	struct deleted	*d;
	size_t		 n, i, subs;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_customers_deleted_running(app->st,
	    DELETION_SUBS_BATCH, app->a, &d, &n, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		if ((rc = subs_off(app, &d[i], &subs)) != ST_OK)
			return (rc);
		if (subs > 0)
			out->records++;
		out->subs += subs;
	}
	return (ST_OK);
}
