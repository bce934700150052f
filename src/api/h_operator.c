/*
 * h_operator.c - the operator's endpoints (403 for everyone else).
 *
 *   GET   /api/v1/operator/discount-applications?status=
 *   GET   /api/v1/operator/discount-applications/{application_id}
 *   POST  /api/v1/operator/discount-applications/{application_id}/decision
 *   GET   /api/v1/operator/segment-rates
 *   PUT   /api/v1/operator/segment-rates/{segment}
 *   GET   /api/v1/operator/partners
 *   PATCH /api/v1/operator/partners/{partner_id}
 *   GET   /api/v1/operator/outbox
 *   POST  /api/v1/operator/outbox/{message_id}/retry
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/render.h"
#include "app/operator.h"
#include "core/clock.h"
#include "core/dates.h"
#include "core/json.h"

static void
review_json(struct jw *w, const struct discount_review *r, const char *today)
{
	jw_obj_begin(w);
	jw_kstr(w, "id", r->d.id);
	jw_kstr(w, "status", r->d.status);
	jw_kstr(w, "segment", r->d.segment);
	jw_key(w, "partner");
	jw_obj_begin(w);
	jw_kstr(w, "id", r->d.partner_id);
	jw_kstr(w, "name", r->partner_name);
	jw_obj_end(w);
	jw_key(w, "customer");
	jw_obj_begin(w);
	jw_kstr(w, "id", r->d.customer_id);
	jw_kstr(w, "company", r->customer_company);
	jw_obj_end(w);
	jw_ktime(w, "applied_at", r->d.applied_at);
	jw_kstr(w, "due_on", r->d.due_on);
	jw_kbool(w, "overdue", strcmp(r->d.status, "pending") == 0 &&
	    strcmp(r->d.due_on, today) < 0);
	jw_ktime(w, "decided_at", r->d.decided_at);
	jw_key(w, "decided_by");
	if (r->d.decided_by != NULL) {
		jw_obj_begin(w);
		jw_kstr(w, "id", r->d.decided_by);
		jw_kstr(w, "email", r->decided_by_email);
		jw_kstr(w, "name", r->decided_by_name);
		jw_obj_end(w);
	} else
		jw_null(w);
	jw_kstr(w, "note", r->d.note);
	if (strcmp(r->d.status, "approved") == 0)
		jw_kint(w, "percent", r->d.percent);
	else
		jw_knull(w, "percent");
	jw_obj_end(w);
}

int
h_operator_discounts_list(struct rq *rq)
{
	struct discount_review	*list;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	const char		*status;
	char			 today[11];
	size_t			 n, i;
	int			 rc;

	if ((rc = rq_query_text(rq, "status", &status)) != ST_OK)
		return (rc);
	if ((rc = discount_queue(&rq->app, status, &list, &n)) != ST_OK)
		return (rc);
	date_of(rq->app.now, today);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "today", today);
	jw_key(&w, "applications");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++)
		review_json(&w, &list[i], today);
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

static int
reply_review(struct rq *rq, const char *id)
{
	struct discount_review	 r;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	char			 today[11];
	int			 rc;

	if ((rc = discount_review(&rq->app, id, &r)) != ST_OK)
		return (rc);
	date_of(rq->app.now, today);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "application");
	review_json(&w, &r, today);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_operator_discount_get(struct rq *rq)
{
	return (reply_review(rq, rq_param(rq, "application_id")));
}

int
h_operator_discount_decide(struct rq *rq)
{
	static const char *const keys[] = { "decision", "note", NULL };
	json_t		*body;
	const char	*decision = NULL, *note = NULL, *op;
	int		 rc;

	/* Strangers learn nothing from the body's problems. */
	if ((rc = operator_access(&rq->app, true, &op)) != ST_OK)
		return (rc);
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "decision", &decision, false, &rq->e);
	jget_str(body, "note", &note, true, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = discount_decide(&rq->app, rq_param(rq, "application_id"),
	    decision, note)) != ST_OK)
		return (rc);
	return (reply_review(rq, rq_param(rq, "application_id")));
}

static int
reply_rates(struct rq *rq)
{
	struct segment_rate	*rates;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	size_t			 n, i;
	int			 rc;

	if ((rc = segment_rates_list(&rq->app, &rates, &n)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "rates");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "segment", rates[i].segment);
		jw_kint(&w, "percent", rates[i].percent);
		jw_ktime(&w, "updated_at", rates[i].updated_at);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_operator_rates_list(struct rq *rq)
{
	return (reply_rates(rq));
}

int
h_operator_rate_put(struct rq *rq)
{
	static const char *const keys[] = { "percent", NULL };
	json_t		*body;
	const char	*op;
	long long	 percent = 0;
	int		 rc;

	if ((rc = operator_access(&rq->app, true, &op)) != ST_OK)
		return (rc);
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	if (jget_int(body, "percent", &percent, &rq->e) == 0)
		err_field(&rq->e, "percent", M_REQUIRED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = segment_rate_set(&rq->app, rq_param(rq, "segment"),
	    percent)) != ST_OK)
		return (rc);
	return (reply_rates(rq));
}

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

int
h_operator_partners_list(struct rq *rq)
{
	struct operator_partner	*list;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	size_t			 n, i;
	int			 rc;

	if ((rc = operator_partners(&rq->app, &list, &n)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "partners");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++)
		partner_json(&w, &list[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_operator_partner_patch(struct rq *rq)
{
	static const char *const keys[] = { "flexible_billing", NULL };
	struct operator_partner	*list;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	json_t			*body;
	const char		*op, *id = rq_param(rq, "partner_id");
	bool			 on = false;
	size_t			 n, i;
	int			 rc;

	if ((rc = operator_access(&rq->app, true, &op)) != ST_OK)
		return (rc);
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	if (jget_bool(body, "flexible_billing", &on, &rq->e) == 0)
		err_field(&rq->e, "flexible_billing", M_REQUIRED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = operator_partner_flexible(&rq->app, id, on)) != ST_OK)
		return (rc);
	if ((rc = operator_partners(&rq->app, &list, &n)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++)
		if (strcmp(list[i].acct.id, id) == 0)
			break;
	if (i == n)
		return (err_set(&rq->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "partner");
	partner_json(&w, &list[i]);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_operator_outbox(struct rq *rq)
{
	struct mail_counts	 c;
	struct mail_message	*list;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	size_t			 n, i;
	int			 rc;

	if ((rc = operator_outbox(&rq->app, &c, &list, &n)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kbool(&w, "configured", server_cfg.mail_configured);
	jw_key(&w, "counts");
	jw_obj_begin(&w);
	jw_kint(&w, "waiting", c.waiting);
	jw_kint(&w, "sent", c.sent);
	jw_kint(&w, "failed", c.failed);
	jw_obj_end(&w);
	jw_ktime(&w, "oldest_waiting_since", c.oldest_waiting);
	jw_key(&w, "messages");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "id", list[i].id);
		jw_kstr(&w, "kind", list[i].kind);
		jw_kstr(&w, "recipient", list[i].recipient);
		jw_kstr(&w, "language", list[i].language);
		jw_kstr(&w, "subject", list[i].subject);
		jw_kstr(&w, "status", strcmp(list[i].status, "sending") == 0 ?
		    "waiting" : list[i].status);
		jw_kint(&w, "attempts", list[i].attempts);
		jw_kstr(&w, "last_error", list[i].last_error);
		jw_ktime(&w, "created_at", list[i].created_at);
		jw_ktime(&w, "next_attempt_at",
		    strcmp(list[i].status, "failed") == 0 ? 0 :
		    list[i].next_attempt_at);
		jw_ktime(&w, "failed_at", list[i].failed_at);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_operator_outbox_retry(struct rq *rq)
{
	int	rc;

	if ((rc = operator_outbox_retry(&rq->app,
	    rq_param(rq, "message_id"))) != ST_OK)
		return (rc);
	return (h_operator_outbox(rq));
}
