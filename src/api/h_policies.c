/*
 * h_policies.c - global policies and a customer's policies.
 *
 *   GET  /api/v1/accounts/{account_id}/policies[?scope=local]
 *   POST /api/v1/accounts/{account_id}/policies   {"name","platform",
 *        "description"} -> a global policy from the platform's template
 *   GET  /api/v1/accounts/{account_id}/customers/{customer_id}/policies
 *   POST /api/v1/accounts/{account_id}/customers/{customer_id}/policies
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/render.h"
#include "app/account.h"
#include "app/policy.h"
#include "core/json.h"

static void
reply_list(struct rq *rq, const struct policy *list, size_t n)
{
	struct buf	b = BUF_INIT;
	struct jw	w;
	size_t		i;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "policies");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++)
		render_policy(&w, &list[i], false);
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
}

int
h_policies_list(struct rq *rq)
{
	struct policy	*list;
	const char	*scope;
	size_t		 n;
	int		 rc;

	if ((rc = rq_query_text(rq, "scope", &scope)) != ST_OK)
		return (rc);
	if (scope != NULL && strcmp(scope, "global") != 0 &&
	    strcmp(scope, "local") != 0)
		return (err_fields(&rq->e, "scope", M_ONE_OF, "global, local"));
	if (scope != NULL && strcmp(scope, "local") == 0)
		rc = policy_list_local(&rq->app, rq_param(rq, "account_id"),
		    &list, &n);
	else
		rc = policy_list_global(&rq->app, rq_param(rq, "account_id"),
		    &list, &n);
	if (rc != ST_OK)
		return (rc);
	reply_list(rq, list, n);
	return (ST_OK);
}

static int
create(struct rq *rq, const char *customer_id)
{
	static const char *const keys[] = { "name", "platform", "description",
	    NULL };
	struct policy	 p;
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	json_t		*body;
	const char	*account, *name = NULL, *platform = NULL, *desc = NULL;
	char		*id, *loc;
	int		 rc;

	account = rq_param(rq, "account_id");
	if ((rc = account_access(&rq->app, account, true, NULL, NULL)) !=
	    ST_OK)
		return (rc);
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "name", &name, false, &rq->e);
	jget_str(body, "platform", &platform, false, &rq->e);
	jget_str(body, "description", &desc, true, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = policy_create(&rq->app, account, customer_id, name, platform,
	    desc, &id)) != ST_OK)
		return (rc);
	if ((rc = store_policy_get(rq->app.st, account, &rq->a, id, &p,
	    &rq->e)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "policy");
	render_policy(&w, &p, true);
	jw_obj_end(&w);
	loc = customer_id ? arena_printf(&rq->a,
	    "/api/v1/accounts/%s/customers/%s/policies", account, customer_id) :
	    arena_printf(&rq->a, "/api/v1/accounts/%s/policies", account);
	rq_header_add(rq, "location", loc);
	rq_reply_json(rq, 201, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_policies_create(struct rq *rq)
{
	return (create(rq, NULL));
}

int
h_customer_policies_list(struct rq *rq)
{
	struct policy	*list;
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	size_t		 n, i;
	int		 rc;

	if ((rc = policy_list_customer(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), &list, &n)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "policies");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "id", list[i].id);
		jw_kstr(&w, "name", list[i].name);
		jw_kstr(&w, "description", list[i].description);
		jw_kstr(&w, "platform", list[i].platform);
		jw_kstr(&w, "scope", list[i].customer_id ? "local" : "global");
		jw_kbool(&w, "default", list[i].is_default);
		jw_kint(&w, "revision", list[i].revision);
		jw_ktime(&w, "updated_at", list[i].updated_at);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_customer_policies_create(struct rq *rq)
{
	return (create(rq, rq_param(rq, "customer_id")));
}
