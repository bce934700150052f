/*
 * h_policy_override.c - a customer's overrides of an assigned global
 * policy.
 *
 *   GET|PUT .../customers/{customer_id}/policies/{policy_id}/overrides
 */
#include "api/handlers.h"
#include "api/http.h"
#include "app/policy.h"
#include "core/json.h"

int
h_policy_overrides_get(struct rq *rq)
{
	struct policy_doc	d;
	struct buf		b = BUF_INIT;
	struct jw		w;
	int			rc;

	if ((rc = policy_get(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), rq_param(rq, "policy_id"), &d)) !=
	    ST_OK)
		return (rc);
	if (d.p.customer_id != NULL)
		return (err_conflict(&rq->e, "local_policy", M_OVERRIDE_LOCAL,
		    NULL));
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "policy_id", d.p.id);
	jw_kstr(&w, "customer_id", rq_param(rq, "customer_id"));
	jw_key(&w, "settings");
	if (d.overrides != NULL)
		jw_json(&w, d.overrides);
	else
		jw_raw(&w, "{}");
	jw_key(&w, "locked");
	jw_json(&w, d.locked);
	jw_kint(&w, "revision", d.override_revision);
	jw_ktime(&w, "updated_at", d.override_updated_at);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_policy_overrides_put(struct rq *rq)
{
	static const char *const keys[] = { "settings", NULL };
	json_t		*body, *settings;
	const char	*account, *customer;
	int		 rc;

	account = rq_param(rq, "account_id");
	customer = rq_param(rq, "customer_id");
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	settings = NULL;
	jget_obj(body, "settings", &settings, &rq->e);
	if (settings == NULL && rq->e.status == ST_OK)
		err_field(&rq->e, "settings", M_REQUIRED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = policy_override_put(&rq->app, account, customer,
	    rq_param(rq, "policy_id"), settings)) != ST_OK)
		return (rc);
	return (h_policy_overrides_get(rq));
}
