/*
 * h_deletion.c - deleting and restoring customers and accounts (SPEC §8,
 * §12).
 *
 *   DELETE .../customers/{customer_id}            {"confirm_name"}
 *   GET    .../deleted-customers
 *   POST   .../customers/{customer_id}/restore
 *   DELETE /api/v1/accounts/{account_id}          {"confirm_name"}
 *   GET    /api/v1/me/deleted-accounts
 *   POST   /api/v1/me/deleted-accounts/{account_id}/restore
 *
 * The DELETE bodies reach the handlers through rq_delete_body() (Kore
 * 4.1.0 reads none itself; see http.c).
 */
#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "app/deletion.h"
#include "core/json.h"

int
rq_confirm_name(struct rq *rq, const char **name, struct err *bad)
{
	static const char *const keys[] = { "confirm_name", NULL };
	struct err	 saved = rq->e;
	json_t		*body;

	*name = NULL;
	err_clear(&rq->e);
	if (rq_json_body(rq, &body) == ST_OK) {
		jcheck_keys(body, keys, NULL, &rq->e);
		jget_str(body, "confirm_name", name, false, &rq->e);
	}
	/* Say which field is wanted, whatever was wrong. */
	if (rq->e.status != ST_OK)
		err_field(&rq->e, "confirm_name", M_REQUIRED);
	*bad = rq->e;
	rq->e = saved;
	if (bad->status != ST_OK)
		*name = NULL;
	return (bad->status);
}

int
rq_confirm_answer(struct rq *rq, int rc, const char *name,
    const struct err *bad)
{
	if (rc != ST_OK && name == NULL && bad->status != ST_OK &&
	    err_has_field(&rq->e, "confirm_name")) {
		rq->e = *bad;
		return (bad->status);
	}
	if (rc == ST_OK)
		rq_reply_empty(rq, 204);
	return (rc);
}

static void
deleted_json(struct jw *w, const struct deleted *d, bool customer)
{
	jw_kstr(w, "id", d->id);
	if (customer)
		jw_kstr(w, "company", d->name);
	else {
		jw_kstr(w, "name", d->name);
		jw_kstr(w, "kind", d->kind);
	}
	jw_kstr(w, "deleted_by", d->deleted_by);
	jw_ktime(w, "deleted_at", d->deleted_at);
	jw_ktime(w, "purge_at", d->purge_at);
}

static void
customer_item(struct rq *rq, struct jw *w, const void *d)
{
	(void)rq;
	jw_obj_begin(w);
	deleted_json(w, d, true);
	jw_obj_end(w);
}

int
h_customer_delete(struct rq *rq)
{
	struct err	 bad;
	const char	*name;

	rq_confirm_name(rq, &name, &bad);
	return (rq_confirm_answer(rq, customer_delete(&rq->app,
	    rq_param(rq, "account_id"), rq_param(rq, "customer_id"), name),
	    name, &bad));
}

int
h_customers_deleted(struct rq *rq)
{
	struct deleted	*list;
	struct page	 pg;
	size_t		 n;
	int		 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = customer_deleted_list(&rq->app, rq_param(rq, "account_id"),
	    &pg, &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "customers", list, n, sizeof(*list), customer_item,
	    &pg);
	return (ST_OK);
}

int
h_customer_restore(struct rq *rq)
{
	int	rc;

	if ((rc = customer_restore(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"))) != ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

int
h_account_delete(struct rq *rq)
{
	struct err	 bad;
	const char	*name;

	rq_confirm_name(rq, &name, &bad);
	return (rq_confirm_answer(rq, account_delete(&rq->app,
	    rq_param(rq, "account_id"), name), name, &bad));
}

int
h_me_deleted_accounts(struct rq *rq)
{
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	struct deleted	*list;
	size_t		 n, i;
	int		 rc;

	if ((rc = account_deleted_mine(&rq->app, &list, &n)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "accounts");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		jw_obj_begin(&w);
		deleted_json(&w, &list[i], false);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_me_deleted_account_restore(struct rq *rq)
{
	int	rc;

	if ((rc = account_restore(&rq->app, rq_param(rq, "account_id"))) !=
	    ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}
