/*
 * company.c - company consoles and their own record; see company.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/account.h"
#include "app/app.h"
#include "app/company.h"
#include "app/policy.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_policy.h"

/* The policy each platform's devices get until an admin changes it. */
static const struct {
	const char	*platform, *name;
} self_policies[] = {
	{ "workstation", "Workstations" },
	{ "server", "Servers" },
};

/* Make the console's record with its default policies (a transaction). */
static int
self_make(struct app *app, const struct account *acct, char **id)
{
	struct policy	 p;
	char		*pid;
	size_t		 i;
	int		 rc, version;

	if ((rc = store_company_self_create(app->st, acct->id, acct->name,
	    acct->region, app->now, app->a, id, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < sizeof(self_policies) / sizeof(self_policies[0]);
	    i++) {
		memset(&p, 0, sizeof(p));
		p.customer_id = *id;
		p.name = self_policies[i].name;
		p.platform = p.template = self_policies[i].platform;
		p.description = "";
		p.settings = "{}";
		settings_template(p.platform, &version);
		p.template_version = version;
		if ((rc = policy_create_tx(app, acct->id, &p, &pid)) !=
		    ST_OK ||
		    (rc = store_customer_default_set(app->st, acct->id, *id,
		    p.platform, pid, app->e)) != ST_OK)
			return (rc);
	}
	return (ST_OK);
}

int
company_self(struct app *app, const char *account_id, bool make,
    const char **customer_id)
{
	struct account	 acct;
	char		*id;
	int		 rc;

	rc = store_company_self(app->st, account_id, app->a, customer_id,
	    app->e);
	if (rc != ST_NOT_FOUND)
		return (rc);
	err_clear(app->e);
	if (!make)
		return (ST_OK);
	if ((rc = store_account_get(app->st, account_id, app->a, &acct,
	    app->e)) != ST_OK)
		return (rc);
	if (strcmp(acct.kind, "company") != 0)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = self_make(app, &acct, &id);
	if (rc == ST_OK) {
		*customer_id = id;
		return (store_tx_commit(app->st, app->e));
	}
	store_tx_rollback(app->st);
	if (rc != ST_CONFLICT)
		return (rc);
	/* Another request made it first: use that one. */
	err_clear(app->e);
	return (store_company_self(app->st, account_id, app->a, customer_id,
	    app->e));
}

int
company_owner(struct app *app, const char *account_id, bool write,
    enum company_need need, bool make, const char **customer_id,
    struct customer *c)
{
	struct account	 acct;
	struct tenant	 t;
	int		 rc;

	*customer_id = NULL;
	if ((rc = company_scope(app, account_id, write, &t)) != ST_OK ||
	    (rc = store_account_get(app->st, account_id, app->a, &acct,
	    app->e)) != ST_OK)
		return (rc);
	if (need == COMPANY_SITES && strcmp(acct.tenancy, "multi") != 0)
		return (err_set(app->e, ST_CONFLICT, "single_tenant",
		    M_SINGLE_TENANT));
	if (need == COMPANY_OWN && strcmp(acct.tenancy, "multi") == 0)
		return (err_set(app->e, ST_CONFLICT, "multi_tenant",
		    M_MULTI_TENANT));
	if ((rc = company_self(app, account_id, make, customer_id)) != ST_OK ||
	    *customer_id == NULL || c == NULL)
		return (rc);
	return (store_customer_get(app->st, account_id, app->a, *customer_id,
	    c, app->e));
}

int
company_create(struct app *app, const char *name, const char *region,
    const char *tenancy, char **id)
{
	static const char *const tenancies[] = { "single", "multi", NULL };
	struct account	 acct;
	const char	*login;
	char		*clean = NULL, *cc = NULL, *self;
	int		 rc;

	*id = NULL;
	if ((rc = acting_login(app, &login)) != ST_OK)
		return (rc);
	valid_text(app->a, app->e, "name", name, true, ACCOUNT_NAME_MAX,
	    &clean);
	if (region == NULL)
		err_field(app->e, "region", M_REQUIRED);
	else
		valid_country(app->a, app->e, "region", region, &cc);
	if (tenancy == NULL)
		tenancy = "single";
	else
		valid_enum(app->a, app->e, "tenancy", tenancy, tenancies);
	if (app->e->status != ST_OK)
		return (app->e->status);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_account_create(app->st, app->a, "company", clean, cc,
	    app->now, id, app->e)) != ST_OK ||
	    (rc = store_account_set_tenancy(app->st, *id, tenancy,
	    app->e)) != ST_OK ||
	    (rc = store_membership_put(app->st, *id, login, "admin", "all",
	    app->now, app->e)) != ST_OK ||
	    (rc = store_account_get(app->st, *id, app->a, &acct, app->e)) !=
	    ST_OK || (rc = self_make(app, &acct, &self)) != ST_OK ||
	    (rc = app_audit(app, *id, NULL, "account", "create", "success",
	    arena_printf(app->a, "%s company console \"%s\" (%s) created",
	    strcmp(tenancy, "multi") == 0 ? "Multi-tenant" : "Single-tenant",
	    clean, cc))) != ST_OK) {
		store_tx_rollback(app->st);
		*id = NULL;
		return (app->e->status != ST_OK ? app->e->status : rc);
	}
	return (store_tx_commit(app->st, app->e));
}
