/*
 * policy.c - global and local policies; see policy.h.
 */
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/policy.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/valid.h"
#include "store/store.h"

static const char *const platforms[] = { "workstation", "server", NULL };

int
policy_list_global(struct app *app, const char *partner_id,
    struct policy **out, size_t *n)
{
	int	rc;

	if ((rc = partner_access(app, partner_id, false)) != ST_OK)
		return (rc);
	return (store_policy_list_global(app->st, partner_id, app->a, out, n,
	    app->e));
}

int
policy_list_local(struct app *app, const char *partner_id,
    struct policy **out, size_t *n)
{
	int	rc;

	if ((rc = partner_access(app, partner_id, false)) != ST_OK)
		return (rc);
	return (store_policy_list_local(app->st, partner_id, app->a, out, n,
	    app->e));
}

int
policy_list_customer(struct app *app, const char *partner_id,
    const char *customer_id, struct policy **out, size_t *n)
{
	struct customer	c;
	int		rc;

	if ((rc = partner_access(app, partner_id, false)) != ST_OK)
		return (rc);
	if ((rc = store_customer_get(app->st, partner_id, app->a, customer_id,
	    &c, app->e)) != ST_OK)
		return (rc);
	return (store_policy_list_customer(app->st, partner_id, customer_id,
	    app->a, out, n, app->e));
}

int
policy_create_tx(struct app *app, const char *partner_id,
    const char *customer_id, const char *name, const char *platform,
    const char *description, const char *settings, const char *template,
    char **id)
{
	struct policy	p;
	int		rc;

	memset(&p, 0, sizeof(p));
	p.customer_id = customer_id;
	p.name = name;
	p.platform = platform;
	p.description = description;
	p.settings = settings;
	p.template = template;
	rc = store_policy_create(app->st, partner_id, app->a, &p, app->now, id,
	    app->e);
	if (rc == ST_CONFLICT)
		return (err_conflict(app->e, "policy_name_taken",
		    M_POLICY_NAME_TAKEN, "name"));
	return (rc);
}

int
policy_create(struct app *app, const char *partner_id,
    const char *customer_id, const char *name, const char *platform,
    const char *description, char **id)
{
	struct customer	 c;
	char		*cname, *cdesc;
	int		 rc;

	if ((rc = partner_access(app, partner_id, true)) != ST_OK)
		return (rc);
	if (customer_id != NULL && (rc = store_customer_get(app->st,
	    partner_id, app->a, customer_id, &c, app->e)) != ST_OK)
		return (rc);
	valid_text(app->a, app->e, "name", name, true, POLICY_NAME_MAX,
	    &cname);
	valid_enum(app->a, app->e, "platform", platform, platforms);
	valid_text(app->a, app->e, "description", description, false,
	    POLICY_DESC_MAX, &cdesc);
	if (app->e->status != ST_OK)
		return (app->e->status);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = policy_create_tx(app, partner_id, customer_id, cname,
	    platform, cdesc, policy_template(platform), platform, id)) !=
	    ST_OK)
		goto fail;
	if ((rc = app_audit(app, partner_id, customer_id, "policy", "create",
	    "success", arena_printf(app->a, "%s %s policy \"%s\" created from "
	    "the %s template", customer_id ? "local" : "global", platform,
	    cname, platform))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}
