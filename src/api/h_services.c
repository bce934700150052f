/*
 * h_services.c - the service catalogue: anyone signed in reads it, the
 * operator keeps it (routes.h).
 *
 *   GET    /api/v1/services?limit=&cursor=
 *   POST   /api/v1/operator/services          {"key", "name", ...}
 *   PATCH  /api/v1/operator/services/{service_key}
 *   GET    /api/v1/operator/services/{service_key}/prices?limit=&cursor=
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "api/render.h"
#include "app/subscription.h"
#include "core/json.h"
#include "core/money.h"
#include "store/store_subscription.h"

static void
service_item(struct rq *rq, struct jw *w, const void *s)
{
	render_service(w, &rq->a, s);
}

int
h_services_list(struct rq *rq)
{
	struct service	*s;
	struct page	 pg;
	size_t		 n;
	int		 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = service_list(&rq->app, &pg, &s, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "services", s, n, sizeof(*s), service_item, &pg);
	return (ST_OK);
}

/* Read a catalogue entry from the body; key only when adding. */
static int
service_body(struct rq *rq, bool add, struct service_input *in)
{
	static const char *const add_keys[] = { "key", "name", "trial_days",
	    "trial_seats", "price", "currency", "position", NULL };
	json_t	*body;
	int	 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(in, 0, sizeof(*in));
	in->trial_days = in->trial_seats = in->position = -1;
	jcheck_keys(body, add ? add_keys : add_keys + 1, NULL, &rq->e);
	if (add)
		jget_str(body, "key", &in->key, false, &rq->e);
	jget_str(body, "name", &in->name, false, &rq->e);
	jget_int(body, "trial_days", &in->trial_days, &rq->e);
	jget_int(body, "trial_seats", &in->trial_seats, &rq->e);
	jget_str(body, "price", &in->price, false, &rq->e);
	jget_str(body, "currency", &in->currency, false, &rq->e);
	jget_int(body, "position", &in->position, &rq->e);
	return (rq->e.status);
}

static void
reply_service_entry(struct rq *rq, int status, const struct service *s)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	render_service(&w, &rq->a, s);
	rq_reply_json(rq, status, &b);
	buf_free(&b);
}

int
h_operator_service_add(struct rq *rq)
{
	struct service_input	in;
	struct service		s;
	int			rc;

	if ((rc = service_body(rq, true, &in)) != ST_OK)
		return (rc);
	if ((rc = service_add(&rq->app, &in, &s)) != ST_OK)
		return (rc);
	reply_service_entry(rq, 201, &s);
	return (ST_OK);
}

int
h_operator_service_patch(struct rq *rq)
{
	struct service_input	in;
	struct service		s;
	int			rc;

	if ((rc = service_body(rq, false, &in)) != ST_OK)
		return (rc);
	in.key = rq_param(rq, "service_key");
	if ((rc = service_set(&rq->app, &in, &s)) != ST_OK)
		return (rc);
	reply_service_entry(rq, 200, &s);
	return (ST_OK);
}

static void
price_item(struct rq *rq, struct jw *w, const void *p)
{
	const struct service_price	*sp = p;

	jw_obj_begin(w);
	jw_kstr(w, "effective_on", sp->effective_on);
	jw_kstr(w, "price", money_text(&rq->a, sp->price_micros, 2));
	jw_kstr(w, "currency", sp->currency);
	jw_ktime(w, "set_at", sp->created_at);
	jw_obj_end(w);
}

int
h_operator_service_prices(struct rq *rq)
{
	struct service_price	*list;
	struct page		 pg;
	size_t			 n;
	int			 rc;

	if ((rc = rq_page(rq, 1, &pg)) != ST_OK ||
	    (rc = service_prices(&rq->app, rq_param(rq, "service_key"), &pg,
	    &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "prices", list, n, sizeof(*list), price_item, &pg);
	return (ST_OK);
}
