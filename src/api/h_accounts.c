/*
 * h_accounts.c - the accounts a user may act in.
 *
 *   GET   /api/v1/accounts                 -> {"accounts": [...]}
 *   GET   /api/v1/accounts/{account_id}    -> {"account": {...}}
 *   PATCH /api/v1/accounts/{account_id}    {"name"?, "device_offline_days"?,
 *                                           "require_two_step"?}
 *         (admins; the offline days of a partner's devices: whole-account
 *         admins)
 *   POST  /api/v1/companies                {"name", "region", "tenancy"?}
 *         -> 201: a company console ("single" or "multi"-tenant) with the
 *         caller as its admin
 */
#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "api/render.h"
#include "app/account.h"
#include "app/company.h"
#include "core/json.h"

static void
account_item(struct rq *rq, struct jw *w, const void *item)
{
	const struct account_role	*ar = item;

	(void)rq;
	render_account(w, &ar->account, ar->role, ar->scope);
}

int
h_accounts_list(struct rq *rq)
{
	struct account_role	*list;
	struct page		 pg;
	size_t			 n;
	int			 rc;

	if ((rc = rq_page(rq, 3, &pg)) != ST_OK ||
	    (rc = account_list_mine(&rq->app, &pg, &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "accounts", list, n, sizeof(*list), account_item, &pg);
	return (ST_OK);
}

static int
reply_account(struct rq *rq, const char *id)
{
	struct account_role	 ar;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	int			 rc;

	if ((rc = account_get(&rq->app, id, &ar)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "account");
	render_account(&w, &ar.account, ar.role, ar.scope);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_account_get(struct rq *rq)
{
	return (reply_account(rq, rq_param(rq, "account_id")));
}

int
h_companies_create(struct rq *rq)
{
	static const char *const keys[] = { "name", "region", "tenancy", NULL };
	struct account_role	 ar;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	json_t			*body;
	const char		*name = NULL, *region = NULL, *tenancy = NULL;
	char			*id;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "name", &name, false, &rq->e);
	jget_str(body, "region", &region, false, &rq->e);
	jget_str(body, "tenancy", &tenancy, false, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = company_create(&rq->app, name, region, tenancy, &id)) !=
	    ST_OK ||
	    (rc = account_get(&rq->app, id, &ar)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "account");
	render_account(&w, &ar.account, ar.role, ar.scope);
	jw_obj_end(&w);
	rq_reply_json(rq, 201, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_account_patch(struct rq *rq)
{
	static const char *const keys[] = { "name", "device_offline_days",
	    "require_two_step", NULL };
	json_t		*body;
	const char	*id, *name = NULL;
	long long	 days = 0;
	bool		 two_step = false;
	int		 has_name, has_days, has_two_step, rc;

	id = rq_param(rq, "account_id");
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	has_name = jget_str(body, "name", &name, false, &rq->e);
	has_days = jget_int(body, "device_offline_days", &days, &rq->e);
	has_two_step = jget_bool(body, "require_two_step", &two_step, &rq->e);
	if (has_name == 0 && has_days == 0 && has_two_step == 0)
		err_field(&rq->e, "name", M_REQUIRED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if (has_days == 1 && (rc = account_set_offline_days(&rq->app, id,
	    days)) != ST_OK)
		return (rc);
	if (has_name == 1 && (rc = account_rename(&rq->app, id, name)) !=
	    ST_OK)
		return (rc);
	if (has_two_step == 1 && (rc = account_require_two_step(&rq->app, id,
	    two_step)) != ST_OK)
		return (rc);
	return (reply_account(rq, id));
}
