/*
 * h_users.c - the people of an account.
 *
 *   GET .../users?limit=&cursor=   {"users": [{"id", "email", "name",
 *       "role", "customer_ids" (a company console's: "site_ids"), "status",
 *       "created_at" (added to the account), "last_sign_in_at"}],
 *       "next_cursor"}
 *   PATCH  .../users/{user_id}  {"role", "customer_ids" | "site_ids",
 *       "status"} -> {"user"}
 *   DELETE .../users/{user_id}  (a pending invitation's id withdraws it)
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "api/render.h"
#include "app/users.h"
#include "core/json.h"

static void
user_item(struct rq *rq, struct jw *w, const void *p)
{
	const struct account_user	*u = p;

	(void)rq;
	jw_obj_begin(w);
	jw_kstr(w, "id", u->id);
	jw_kstr(w, "email", u->email);
	jw_kstr(w, "name", u->name);
	jw_kstr(w, "role", u->role);
	render_children(w, u->sites, strcmp(u->scope, "customers") == 0,
	    (const char *const *)u->customer_ids, u->ncustomers);
	jw_kstr(w, "status", u->status);
	jw_ktime(w, "created_at", u->added_at);
	jw_ktime(w, "last_sign_in_at", u->last_sign_in_at);
	jw_ktime(w, "expires_at", u->expires_at);
	jw_obj_end(w);
}

int
h_users_list(struct rq *rq)
{
	struct account_user	*list;
	struct page		 pg;
	size_t			 n;
	int			 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = users_list(&rq->app, rq_param(rq, "account_id"), &pg, &list,
	    &n)) != ST_OK)
		return (rc);
	list_answer(rq, "users", list, n, sizeof(*list), user_item, &pg);
	return (ST_OK);
}

int
rq_children(struct rq *rq, json_t *body, size_t max, const char ***ids,
    size_t *n, bool *sites, bool *given)
{
	json_t		*c = json_object_get(body, "customer_ids");
	json_t		*s = json_object_get(body, "site_ids");
	const char	*key;

	*ids = NULL;
	*n = 0;
	*sites = s != NULL;
	*given = c != NULL || s != NULL;
	if (c != NULL && s != NULL)
		return (err_field(&rq->e, "site_ids", M_CHILDREN_BOTH));
	key = s != NULL ? "site_ids" : "customer_ids";
	if (*given && !json_is_null(s != NULL ? s : c) && jget_strs(&rq->a,
	    body, key, ids, n, max, &rq->e) != 1)
		*ids = NULL;
	return (rq->e.status);
}

int
h_user_patch(struct rq *rq)
{
	static const char *const keys[] = { "role", "customer_ids",
	    "site_ids", "status", NULL };
	struct user_patch	 p;
	struct account_user	 u;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	json_t			*body;
	const char		**list = NULL;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&p, 0, sizeof(p));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "role", &p.role, false, &rq->e);
	jget_str(body, "status", &p.status, false, &rq->e);
	rq_children(rq, body, USERS_CUSTOMERS_MAX, &list, &p.ncustomers,
	    &p.sites, &p.has_customers);
	p.customer_ids = list;
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = users_update(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "user_id"), &p, &u)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "user");
	user_item(rq, &w, &u);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_user_delete(struct rq *rq)
{
	int	rc;

	if ((rc = users_remove(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "user_id"))) != ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}
