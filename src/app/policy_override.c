/*
 * policy_override.c - a customer's overrides of an assigned global
 * policy; see policy.h.
 */

#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/policy.h"
#include "app/policy_int.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_policy.h"

int
policy_override_put(struct app *app, const char *partner_id,
    const char *customer_id, const char *policy_id, json_t *settings)
{
	struct policy_doc	 d;
	struct policy_override	 o;
	struct customer		 c;
	struct err		 tmp;
	json_t			*before;
	bool			 assigned = false;
	char			*diff;
	int			 rc;

	if ((rc = customer_access(app, partner_id, customer_id, true, &c)) !=
	    ST_OK)
		return (rc);
	if (settings == NULL)
		return (err_field(app->e, "settings", M_REQUIRED));
	if (settings_validate(app->a, app->e, settings, "settings.") != ST_OK)
		return (app->e->status);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	/* The policy's row lock orders this with edits of its locks. */
	if ((rc = store_policy_lock(app->st, partner_id, policy_id,
	    app->e)) != ST_OK)
		goto fail;
	if ((rc = policy_load(app, partner_id, policy_id, &d)) != ST_OK)
		goto fail;
	if (d.p.customer_id != NULL) {
		if (strcmp(d.p.customer_id, customer_id) == 0)
			rc = err_conflict(app->e, "local_policy",
			    M_OVERRIDE_LOCAL, NULL);
		else
			rc = err_set(app->e, ST_NOT_FOUND, "not_found",
			    M_NOT_FOUND);
		goto fail;
	}
	if ((rc = policy_customer_has(app, partner_id, customer_id, policy_id,
	    &assigned, NULL)) != ST_OK)
		goto fail;
	if (!assigned) {
		rc = err_conflict(app->e, "not_assigned", M_NOT_ASSIGNED, NULL);
		goto fail;
	}
	if (settings_refuse_locked(app->a, app->e, settings, d.locked) > 0) {
		rc = app->e->status;
		goto fail;
	}
	err_clear(&tmp);
	rc = store_override_get(app->st, partner_id, customer_id, policy_id,
	    app->a, &o, &tmp);
	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		*app->e = tmp;
		goto fail;
	}
	before = settings_parse(app->a, rc == ST_OK ? o.settings : "{}");
	if (json_equal(before, settings))
		return (store_tx_commit(app->st, app->e));
	if ((rc = store_override_put(app->st, partner_id, customer_id,
	    policy_id, json_object_size(settings) > 0 ?
	    settings_text(app->a, settings) : NULL, app->now, app->e)) != ST_OK)
		goto fail;
	diff = settings_diff(app->a, before, settings);
	if ((rc = app_audit(app, partner_id, customer_id, "policy",
	    "override", "success", arena_printf(app->a, "overrides of global "
	    "policy \"%s\" for \"%s\": %s", d.p.name, c.d.company, diff))) !=
	    ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}
