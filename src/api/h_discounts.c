/*
 * h_discounts.c - the operator's review of segment-discount applications
 * and the segment rates (403 for everyone else; routes.h).
 *
 *   GET   /api/v1/operator/discount-applications?status=&partner_id=
 *         &limit=&cursor=
 *   GET   /api/v1/operator/discount-applications/{application_id}
 *   POST  /api/v1/operator/discount-applications/{application_id}/decision
 *   GET   /api/v1/operator/segment-rates
 *   PUT   /api/v1/operator/segment-rates/{segment}
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "app/discount.h"
#include "core/dates.h"
#include "core/json.h"

static void
review_json(struct rq *rq, struct jw *w, const struct discount_review *r)
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
	jw_kbool(w, "overdue", discount_overdue(&r->d, rq->app.now));
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
	struct list_out		 l;
	struct page		 pg;
	struct jw		*w;
	const char		*status, *partner;
	char			 today[11];
	size_t			 n, i;
	int			 rc;

	if ((rc = rq_query_text(rq, "status", &status)) != ST_OK ||
	    (rc = rq_query_text(rq, "partner_id", &partner)) != ST_OK ||
	    (rc = rq_page(rq, 3, &pg)) != ST_OK)
		return (rc);
	if ((rc = discount_queue(&rq->app, status, partner, &pg, &list, &n)) !=
	    ST_OK)
		return (rc);
	w = list_open(&l, "applications");
	for (i = 0; i < n; i++)
		review_json(rq, w, &list[i]);
	list_close(rq, &l, &pg);
	date_of(rq->app.now, today);
	jw_kstr(w, "today", today);
	list_reply(rq, &l);
	return (ST_OK);
}

static int
reply_review(struct rq *rq, const char *id)
{
	struct discount_review	 r;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	int			 rc;

	if ((rc = discount_review(&rq->app, id, &r)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "application");
	review_json(rq, &w, &r);
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
	const char	*decision = NULL, *note = NULL;
	int		 rc;

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

static void
rate_json(struct rq *rq, struct jw *w, const void *item)
{
	const struct segment_rate	*r = item;

	(void)rq;
	jw_obj_begin(w);
	jw_kstr(w, "segment", r->segment);
	jw_kint(w, "percent", r->percent);
	jw_ktime(w, "updated_at", r->updated_at);
	jw_obj_end(w);
}

static int
reply_rates(struct rq *rq, struct page *pg)
{
	struct segment_rate	*rates;
	size_t			 n;
	int			 rc;

	if ((rc = segment_rates_list(&rq->app, pg, &rates, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "rates", rates, n, sizeof(*rates), rate_json, pg);
	return (ST_OK);
}

int
h_operator_rates_list(struct rq *rq)
{
	struct page	pg;
	int		rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK)
		return (rc);
	return (reply_rates(rq, &pg));
}

int
h_operator_rate_put(struct rq *rq)
{
	static const char *const keys[] = { "percent", NULL };
	struct page	 pg;
	json_t		*body;
	long long	 percent = 0;
	int		 rc;

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
	/* Every rate (three of them), whatever the change's query says. */
	return (reply_rates(rq, page_all(&pg)));
}
