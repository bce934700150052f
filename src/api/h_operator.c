/*
 * h_operator.c - the operator's partners and e-mail outbox (403 for
 * everyone else; routes.h). Discount reviews are h_discounts.c.
 *
 *   GET   /api/v1/operator/partners?limit=&cursor=
 *   POST  /api/v1/operator/partners  {"name", "admin_email", "language"}
 *         -> 201 {"partner", "invitation"}: the first admin is invited
 *   GET   /api/v1/operator/partners/{partner_id}
 *   PATCH /api/v1/operator/partners/{partner_id}   {"flexible_billing"}
 *   GET   /api/v1/operator/outbox?limit=&cursor=
 *   POST  /api/v1/operator/outbox/{message_id}/retry
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "app/operator.h"
#include "core/json.h"

static void
partner_json(struct jw *w, const struct operator_partner *p)
{
	jw_obj_begin(w);
	jw_kstr(w, "id", p->acct.id);
	jw_kstr(w, "name", p->acct.name);
	jw_kbool(w, "flexible_billing", p->acct.flexible_billing);
	jw_kint(w, "customers", p->customers);
	jw_kint(w, "pending_applications", p->pending);
	jw_ktime(w, "created_at", p->acct.created_at);
	jw_obj_end(w);
}

static void
partner_item(struct rq *rq, struct jw *w, const void *p)
{
	(void)rq;
	partner_json(w, p);
}

int
h_operator_partners_list(struct rq *rq)
{
	struct operator_partner	*list;
	struct page		 pg;
	size_t			 n;
	int			 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = operator_partners(&rq->app, &pg, &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "partners", list, n, sizeof(*list), partner_item, &pg);
	return (ST_OK);
}

/* {"partner": {...}} for the partner in the path. */
static int
reply_partner(struct rq *rq, const char *id)
{
	struct operator_partner	 p;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	int			 rc;

	if ((rc = operator_partner(&rq->app, id, &p)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "partner");
	partner_json(&w, &p);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_operator_partner_add(struct rq *rq)
{
	static const char *const keys[] = { "name", "admin_email", "language",
	    NULL };
	struct operator_partner	 p;
	struct invitation	 inv;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	json_t			*body;
	const char		*name = NULL, *email = NULL, *lang = NULL;
	char			*id;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "name", &name, false, &rq->e);
	jget_str(body, "admin_email", &email, false, &rq->e);
	jget_str(body, "language", &lang, false, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = operator_partner_add(&rq->app, name, email, lang, &id,
	    &inv)) != ST_OK ||
	    (rc = operator_partner(&rq->app, id, &p)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "partner");
	partner_json(&w, &p);
	jw_key(&w, "invitation");
	jw_obj_begin(&w);
	jw_kstr(&w, "id", inv.id);
	jw_kstr(&w, "email", inv.email);
	jw_kstr(&w, "role", inv.role);
	jw_kstr(&w, "status", "invited");
	jw_ktime(&w, "expires_at", inv.expires_at);
	jw_obj_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 201, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_operator_partner_get(struct rq *rq)
{
	return (reply_partner(rq, rq_param(rq, "partner_id")));
}

int
h_operator_partner_patch(struct rq *rq)
{
	static const char *const keys[] = { "flexible_billing", NULL };
	json_t			*body;
	const char		*id = rq_param(rq, "partner_id");
	bool			 on = false;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	if (jget_bool(body, "flexible_billing", &on, &rq->e) == 0)
		err_field(&rq->e, "flexible_billing", M_REQUIRED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = operator_partner_flexible(&rq->app, id, on)) != ST_OK)
		return (rc);
	return (reply_partner(rq, id));
}

static int
reply_outbox(struct rq *rq, struct page *pg)
{
	struct mail_counts	 c;
	struct mail_message	*list;
	struct list_out		 l;
	struct jw		*w;
	size_t			 n, i;
	int			 rc;

	if ((rc = operator_outbox(&rq->app, pg, &c, &list, &n)) != ST_OK)
		return (rc);
	w = list_open(&l, "messages");
	for (i = 0; i < n; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "id", list[i].id);
		jw_kstr(w, "kind", list[i].kind);
		jw_kstr(w, "recipient", list[i].recipient);
		jw_kstr(w, "language", list[i].language);
		jw_kstr(w, "subject", list[i].subject);
		jw_kstr(w, "status", list[i].status);
		jw_kint(w, "attempts", list[i].attempts);
		jw_kstr(w, "last_error", list[i].last_error);
		jw_ktime(w, "created_at", list[i].created_at);
		jw_ktime(w, "next_attempt_at", strcmp(list[i].status,
		    "failed") == 0 ? 0 : list[i].next_attempt_at);
		jw_ktime(w, "failed_at", list[i].failed_at);
		jw_obj_end(w);
	}
	list_close(rq, &l, pg);
	jw_kbool(w, "configured", server_cfg.mail_configured);
	jw_key(w, "counts");
	jw_obj_begin(w);
	jw_kint(w, "waiting", c.waiting);
	jw_kint(w, "sent", c.sent);
	jw_kint(w, "failed", c.failed);
	jw_obj_end(w);
	jw_ktime(w, "oldest_waiting_since", c.oldest_waiting);
	list_reply(rq, &l);
	return (ST_OK);
}

int
h_operator_outbox(struct rq *rq)
{
	struct page	pg;
	int		rc;

	if ((rc = rq_page(rq, 3, &pg)) != ST_OK)
		return (rc);
	return (reply_outbox(rq, &pg));
}

int
h_operator_outbox_retry(struct rq *rq)
{
	struct page	pg;
	int		rc;

	if ((rc = operator_outbox_retry(&rq->app,
	    rq_param(rq, "message_id"))) != ST_OK)
		return (rc);
	/* The first page, whatever the change's query says. */
	page_first(&pg, LIST_LIMIT_DEFAULT);
	return (reply_outbox(rq, &pg));
}
