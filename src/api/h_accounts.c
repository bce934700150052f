/*
 * h_accounts.c - the accounts a user may act in.
 *
 *   GET   /api/v1/accounts                 -> {"accounts": [...]}
 *   GET   /api/v1/accounts/{account_id}    -> {"account": {...}}
 *   PATCH /api/v1/accounts/{account_id}    {"name"} (admins)
 */
#include "api/handlers.h"
#include "api/http.h"
#include "api/render.h"
#include "app/account.h"
#include "core/json.h"

int
h_accounts_list(struct rq *rq)
{
	struct account_role	*list;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	size_t			 n, i;
	int			 rc;

	if ((rc = account_list_mine(&rq->app, &list, &n)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "accounts");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++)
		render_account(&w, &list[i].account, list[i].role,
		    list[i].scope);
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

static void
reply_account(struct rq *rq, const struct account *a, const char *role)
{
	const char	*scope = NULL;

	account_scope(&rq->app, a->id, &scope);
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "account");
	render_account(&w, a, role, scope);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
}

int
h_account_get(struct rq *rq)
{
	struct account	 a;
	const char	*role;
	int		 rc;

	if ((rc = account_access(&rq->app, rq_param(rq, "account_id"), false,
	    &a, &role)) != ST_OK)
		return (rc);
	reply_account(rq, &a, role);
	return (ST_OK);
}

int
h_account_patch(struct rq *rq)
{
	static const char *const keys[] = { "name", NULL };
	struct account	 a;
	json_t		*body;
	const char	*id, *name = NULL, *role;
	int		 rc;

	id = rq_param(rq, "account_id");
	/* Permission first: a stranger learns nothing from validation. */
	if ((rc = account_access(&rq->app, id, true, NULL, NULL)) != ST_OK)
		return (rc);
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	if (jget_str(body, "name", &name, false, &rq->e) == 0)
		err_field(&rq->e, "name", M_REQUIRED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = account_rename(&rq->app, id, name)) != ST_OK)
		return (rc);
	if ((rc = account_access(&rq->app, id, false, &a, &role)) != ST_OK)
		return (rc);
	reply_account(rq, &a, role);
	return (ST_OK);
}
