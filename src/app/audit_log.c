/*
 * audit_log.c - reading an account's audit log; see audit_log.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/audit_log.h"
#include "app/principal.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/page.h"
#include "core/text.h"
#include "core/valid.h"

#define AUDIT_FILTER_MAX	100	/* characters in an id or an IP */

/* The categories app_audit() writes. */
static const char *const categories[] = { "account", "api_client", "auth",
    "billing", "catalogue", "customer", "device", "discount", "alert",
    "installer", "mail", "oms", "policy", "site", "subscription", "user",
    "webhook",
    NULL };

/* A short filter text: at most AUDIT_FILTER_MAX characters. */
static void
short_text(struct app *app, const char *field, const char *s)
{
	if (s != NULL && utf8_chars(s, strlen(s)) > AUDIT_FILTER_MAX)
		err_fieldn(app->e, field, M_TOO_LONG, AUDIT_FILTER_MAX);
}

int
audit_list(struct app *app, const char *account_id,
    const struct audit_query *q, struct page *pg, struct audit_event **out,
    size_t *n)
{
	struct audit_filter	 f;
	struct account		 acct;
	const char		*scope;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((rc = account_access(app, account_id, false, &acct, NULL)) !=
	    ST_OK || (rc = account_scope(app, account_id, &scope)) != ST_OK)
		return (rc);
	memset(&f, 0, sizeof(f));
	f.account_id = account_id;
	f.from = app->now - AUDIT_DEFAULT_DAYS * 86400;
	if (q->from != NULL && !time_parse_period(q->from, false, &f.from))
		err_field(app->e, "from", M_AUDIT_TIME);
	if (q->to != NULL && !time_parse_period(q->to, true, &f.to))
		err_field(app->e, "to", M_AUDIT_TIME);
	if (f.to != 0 && f.to <= f.from && !err_has_field(app->e, "from") &&
	    !err_has_field(app->e, "to"))
		err_field(app->e, "to", M_AUDIT_RANGE);
	if (q->category != NULL)
		valid_enum(app->a, app->e, "category", q->category,
		    categories);
	short_text(app, "customer_id", q->customer_id);
	short_text(app, "user_id", q->user_id);
	short_text(app, "ip", q->ip);
	if (app->e->status != ST_OK)
		return (app->e->status);
	/* Another tenant's customer, or one a limited role does not cover,
	 * is not found, as everywhere else. */
	if (q->customer_id != NULL && (strcmp(acct.kind, "partner") != 0 ||
	    (rc = customer_access(app, account_id, q->customer_id, false,
	    NULL)) != ST_OK))
		return (rc != ST_OK ? rc : err_set(app->e, ST_NOT_FOUND,
		    "not_found", M_NOT_FOUND));
	f.customer_id = q->customer_id;
	f.category = q->category;
	f.actor_id = q->user_id;
	f.ip = q->ip;
	/* A limited role reads the events of its customers (a partner
	 * account) or of its sites (a company console). */
	if (strcmp(scope, "customers") == 0 && strcmp(acct.kind,
	    "company") == 0)
		f.site_scoped = app->who->id;
	else if (strcmp(scope, "customers") == 0)
		f.scoped = app->who->id;
	return (store_audit_find(app->st, &f, app->a, pg, out, n, app->e));
}
