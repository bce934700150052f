/*
 * h_users.c - the people of an account.
 *
 *   GET .../users?limit=&cursor=   {"users": [{"id", "email", "name",
 *       "role", "customer_ids", "status", "created_at" (added to the
 *       account), "last_sign_in_at"}],
 *       "next_cursor"}
 *   PATCH  .../users/{user_id}  {"role", "customer_ids", "status"}
 *       -> {"user"}
 *   DELETE .../users/{user_id}  (a pending invitation's id withdraws it)
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "app/users.h"
#include "core/json.h"

static void
user_item(struct rq *rq, struct jw *w, const void *p)
{
	const struct account_user	*u = p;
	size_t				 i;

	(void)rq;
	jw_obj_begin(w);
	jw_kstr(w, "id", u->id);
	jw_kstr(w, "email", u->email);
	jw_kstr(w, "name", u->name);
	jw_kstr(w, "role", u->role);
	jw_key(w, "customer_ids");
	if (strcmp(u->scope, "customers") != 0)
		jw_null(w);
	else {
		jw_arr_begin(w);
		for (i = 0; i < u->ncustomers; i++)
			jw_str(w, u->customer_ids[i]);
		jw_arr_end(w);
	}
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
h_user_patch(struct rq *rq)
{
	static const char *const keys[] = { "role", "customer_ids", "status",
	    NULL };
	struct user_patch	 p;
	struct account_user	 u;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	json_t			*body, *ids;
	const char		**list = NULL;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&p, 0, sizeof(p));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "role", &p.role, false, &rq->e);
	jget_str(body, "status", &p.status, false, &rq->e);
	if ((ids = json_object_get(body, "customer_ids")) != NULL) {
		p.has_customers = true;
		if (!json_is_null(ids) && jget_strs(&rq->a, body,
		    "customer_ids", &list, &p.ncustomers, USERS_CUSTOMERS_MAX,
		    &rq->e) == 1)
			p.customer_ids = list;
	}
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
