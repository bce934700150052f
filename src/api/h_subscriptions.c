/*
 * h_subscriptions.c - the service catalogue, customers' subscriptions,
 * activation codes, pay-as-you-go and the monthly usage report. Shapes
 * are described in docs/openapi.yaml.
 *
 *   GET    /api/v1/services
 *   POST   /api/v1/operator/services          PATCH .../services/{service_key}
 *   GET    .../customers/{customer_id}/subscriptions
 *   POST   .../customers/{customer_id}/subscriptions/trials {"service"}
 *   POST   .../customers/{customer_id}/subscriptions/activation-codes {"code"}
 *   POST   .../customers/{customer_id}/subscriptions/payg {"service", "seats"}
 *   PATCH  .../customers/{customer_id}/subscriptions/{service_key} {"seats"}
 *   DELETE .../customers/{customer_id}/subscriptions/{service_key}
 *   GET    .../subscriptions?state=&ending_within=&customer_ids=
 *   GET    .../usage?month=YYYY-MM[&format=csv]
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "api/render.h"
#include "app/subscription.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/money.h"
#include "store/store_subscription.h"

/* ---- rendering -------------------------------------------------------- */

static void
reply_one(struct rq *rq, int status, const struct sub_view *v,
    const struct activation_code *code)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "subscription");
	render_subscription(&w, &rq->a, v, false);
	if (code != NULL) {
		jw_key(&w, "code");
		jw_obj_begin(&w);
		jw_kstr(&w, "service", code->service_key);
		jw_kint(&w, "seats", code->seats);
		jw_kint(&w, "months", code->months);
		jw_kstr(&w, "hint", code->hint);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	rq_reply_json(rq, status, &b);
	buf_free(&b);
}

/* Answer with the (changed) subscription of one service. */
static int
reply_service(struct rq *rq, int status, const char *service_key,
    const struct activation_code *code)
{
	struct sub_view	v;
	int		rc;

	if ((rc = sub_view_one(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), service_key, &v)) != ST_OK)
		return (rc);
	reply_one(rq, status, &v, code);
	return (ST_OK);
}

/* ---- a customer's subscriptions ----------------------------------------- */

int
h_subscriptions_get(struct rq *rq)
{
	struct sub_view		*v;
	struct discount_status	 d;
	struct list_out		 l;
	struct page		 pg;
	struct jw		*w;
	size_t			 n, i;
	bool			 flexible;
	int			 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK)
		return (rc);
	if ((rc = sub_list_customer(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), &pg, &v, &n, &flexible, &d)) != ST_OK)
		return (rc);
	w = list_open(&l, "subscriptions");
	for (i = 0; i < n; i++)
		render_subscription(w, &rq->a, &v[i], false);
	list_close(rq, &l, &pg);
	jw_kstr(w, "customer_id", rq_param(rq, "customer_id"));
	jw_kbool(w, "flexible_billing", flexible);
	jw_key(w, "discount");
	if (!d.present)
		jw_null(w);
	else {
		jw_obj_begin(w);
		jw_kstr(w, "segment", d.segment);
		jw_kstr(w, "status", d.status);
		if (d.percent >= 0)
			jw_kint(w, "percent", d.percent);
		else
			jw_knull(w, "percent");
		jw_kstr(w, "since", d.since);
		jw_obj_end(w);
	}
	list_reply(rq, &l);
	return (ST_OK);
}

/* A body of one required string member. */
static int
one_string_body(struct rq *rq, const char *key, const char **out)
{
	const char *const	 keys[] = { key, NULL };
	json_t			*body;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	if (jget_str(body, key, out, false, &rq->e) == 0)
		err_field(&rq->e, key, M_REQUIRED);
	return (rq->e.status);
}

int
h_subscription_trial(struct rq *rq)
{
	const char	*service = NULL;
	int		 rc;

	if ((rc = one_string_body(rq, "service", &service)) != ST_OK)
		return (rc);
	if ((rc = sub_trial_start(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), service)) != ST_OK)
		return (rc);
	return (reply_service(rq, 201, service, NULL));
}

int
h_subscription_code(struct rq *rq)
{
	struct activation_code	 c;
	const char		*code = NULL;
	int			 rc;

	if ((rc = one_string_body(rq, "code", &code)) != ST_OK)
		return (rc);
	if ((rc = sub_code_redeem(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), code, &c)) != ST_OK)
		return (rc);
	return (reply_service(rq, 201, c.service_key, &c));
}

/* {"seats": N} (and "service" when subscribing). */
static int
seats_body(struct rq *rq, bool with_service, const char **service,
    long long *seats)
{
	static const char *const keys[] = { "service", "seats", NULL };
	json_t	*body;
	int	 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, with_service ? keys : keys + 1, NULL, &rq->e);
	if (with_service && jget_str(body, "service", service, false,
	    &rq->e) == 0)
		err_field(&rq->e, "service", M_REQUIRED);
	if (jget_int(body, "seats", seats, &rq->e) == 0)
		err_field(&rq->e, "seats", M_REQUIRED);
	return (rq->e.status);
}

int
h_subscription_payg(struct rq *rq)
{
	const char	*service = NULL;
	long long	 seats = 0;
	int		 rc;

	if ((rc = seats_body(rq, true, &service, &seats)) != ST_OK)
		return (rc);
	if ((rc = sub_payg_start(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), service, seats)) != ST_OK)
		return (rc);
	return (reply_service(rq, 201, service, NULL));
}

int
h_subscription_patch(struct rq *rq)
{
	long long	seats = 0;
	int		rc;

	if ((rc = seats_body(rq, false, NULL, &seats)) != ST_OK)
		return (rc);
	if ((rc = sub_payg_seats(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), rq_param(rq, "service_key"),
	    seats)) != ST_OK)
		return (rc);
	return (reply_service(rq, 200, rq_param(rq, "service_key"), NULL));
}

int
h_subscription_cancel(struct rq *rq)
{
	int	rc;

	if ((rc = sub_payg_cancel(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), rq_param(rq, "service_key"))) !=
	    ST_OK)
		return (rc);
	return (reply_service(rq, 200, rq_param(rq, "service_key"), NULL));
}

/* ---- partner-wide ----------------------------------------------------------- */

/* A subscription in the partner-wide list (with its customer). */
static void
partner_sub_item(struct rq *rq, struct jw *w, const void *v)
{
	render_subscription(w, &rq->a, v, true);
}

int
h_partner_subscriptions(struct rq *rq)
{
	struct sub_query  q;
	struct sub_view	 *v;
	struct page	  pg;
	const char	**ids;
	size_t		  n;
	int		  rc;

	memset(&q, 0, sizeof(q));
	if ((rc = rq_query_text(rq, "state", &q.state)) != ST_OK ||
	    (rc = rq_query_int(rq, "ending_within", -1, 1, 366,
	    &q.ending_within)) != ST_OK ||
	    (rc = rq_query_list(rq, "customer_ids", SUB_FILTER_IDS_MAX, &ids,
	    &q.ncustomers)) != ST_OK ||
	    (rc = rq_page(rq, 3, &pg)) != ST_OK)
		return (rc);
	q.customer_ids = ids;
	if ((rc = sub_list_partner(&rq->app, rq_param(rq, "account_id"), &q,
	    &pg, &v, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "subscriptions", v, n, sizeof(*v), partner_sub_item,
	    &pg);
	return (ST_OK);
}

/* What happened to subscriptions (trials and terms ending or ended), for
 * alerts; ?customer_id= narrows to one customer. */
static void
event_item(struct rq *rq, struct jw *w, const void *item)
{
	const struct sub_event	*ev = item;

	(void)rq;
	jw_obj_begin(w);
	jw_kstr(w, "id", ev->id);
	jw_kstr(w, "customer_id", ev->customer_id);
	jw_kstr(w, "service", ev->service_key);
	jw_kstr(w, "kind", ev->kind);
	jw_kstr(w, "on_date", ev->on_date);
	jw_ktime(w, "created_at", ev->created_at);
	jw_obj_end(w);
}

int
h_subscription_events(struct rq *rq)
{
	struct sub_event	*ev;
	struct page		 pg;
	const char		*customer;
	size_t			 n;
	int			 rc;

	if ((rc = rq_query_text(rq, "customer_id", &customer)) != ST_OK ||
	    (rc = rq_page(rq, 1, &pg)) != ST_OK)
		return (rc);
	if (customer != NULL && *customer == '\0')
		customer = NULL;
	if ((rc = sub_events(&rq->app, rq_param(rq, "account_id"), customer,
	    &pg, &ev, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "events", ev, n, sizeof(*ev), event_item, &pg);
	return (ST_OK);
}
