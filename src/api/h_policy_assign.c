/*
 * h_policy_assign.c - which policies customers have: assignments of a
 * global policy, and a customer's default per platform.
 *
 *   GET    .../policies/{policy_id}/assignments?limit=&cursor=
 *   POST   .../policies/{policy_id}/assignments {"customer_ids", "default"}
 *   DELETE .../policies/{policy_id}/assignments?customer_ids=a,b
 *   PUT    .../customers/{customer_id}/default-policies/{platform}
 */
#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "app/policy.h"
#include "core/json.h"
#include "store/store_policy.h"

static void
use_item(struct rq *rq, struct jw *w, const void *item)
{
	const struct policy_use	*u = item;

	(void)rq;
	jw_obj_begin(w);
	jw_kstr(w, "customer_id", u->customer_id);
	jw_kstr(w, "company", u->company);
	jw_kbool(w, "default", u->is_default);
	jw_kbool(w, "overridden", u->has_override);
	jw_obj_end(w);
}

int
h_policy_assignments_list(struct rq *rq)
{
	struct policy_use	*uses;
	struct page		 pg;
	size_t			 n;
	int			 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = policy_usage(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "policy_id"), &pg, &uses, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "assignments", uses, n, sizeof(*uses), use_item, &pg);
	return (ST_OK);
}

static void
reply_counts(struct rq *rq, const char *key, size_t n)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kint(&w, key, (long long)n);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
}

int
h_policy_assign(struct rq *rq)
{
	static const char *const keys[] = { "customer_ids", "default", NULL };
	const char	**ids = NULL;
	json_t		 *body;
	bool		  make_default = false;
	size_t		  n = 0, added;
	int		  rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	if (jget_strs(&rq->a, body, "customer_ids", &ids, &n,
	    POLICY_ASSIGN_MAX, &rq->e) == 0)
		err_field(&rq->e, "customer_ids", M_REQUIRED);
	jget_bool(body, "default", &make_default, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = policy_assign(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "policy_id"), ids, n, make_default, &added)) != ST_OK)
		return (rc);
	reply_counts(rq, "assigned", added);
	return (ST_OK);
}

int
h_policy_unassign(struct rq *rq)
{
	const char	**ids;
	size_t		  n;
	int		  rc;

	if ((rc = rq_query_list(rq, "customer_ids", POLICY_ASSIGN_MAX, &ids,
	    &n)) != ST_OK)
		return (rc);
	if (n == 0)
		return (err_field(&rq->e, "customer_ids", M_REQUIRED));
	if ((rc = policy_unassign(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "policy_id"), ids, n)) != ST_OK)
		return (rc);
	reply_counts(rq, "unassigned", n);
	return (ST_OK);
}

int
h_customer_default_put(struct rq *rq)
{
	static const char *const keys[] = { "policy_id", NULL };
	struct page	 pg;
	json_t		*body;
	const char	*account, *customer, *pid = NULL;
	int		 rc;

	account = rq_param(rq, "account_id");
	customer = rq_param(rq, "customer_id");
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	if (jget_str(body, "policy_id", &pid, false, &rq->e) == 0)
		err_field(&rq->e, "policy_id", M_REQUIRED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = policy_default_set(&rq->app, account, customer,
	    rq_param(rq, "platform"), pid)) != ST_OK)
		return (rc);
	/* All of the customer's policies (a handful), whatever the change's
	 * query says. */
	return (reply_customer_policies(rq, page_all(&pg)));
}
