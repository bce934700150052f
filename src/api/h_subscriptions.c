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

/* ---- rendering -------------------------------------------------------- */

static void
render_service(struct rq *rq, struct jw *w, const struct service *s)
{
	jw_obj_begin(w);
	jw_kstr(w, "key", s->key);
	jw_kstr(w, "name", s->name);
	jw_kint(w, "trial_days", s->trial_days);
	jw_kint(w, "trial_seats", s->trial_seats);
	jw_kstr(w, "price", money_text(&rq->a, s->price_micros, 2));
	jw_kstr(w, "currency", s->currency);
	jw_kint(w, "position", s->position);
	jw_obj_end(w);
}

static void
render_sub(struct rq *rq, struct jw *w, const struct sub_view *v,
    bool with_customer)
{
	jw_obj_begin(w);
	if (with_customer) {
		jw_kstr(w, "customer_id", v->customer_id);
		jw_kstr(w, "customer_name", v->customer_name);
	}
	jw_key(w, "service");
	render_service(rq, w, &v->service);
	jw_kstr(w, "state", v->state);
	jw_kstr(w, "expired_kind", v->expired_kind);
	jw_kbool(w, "cancelled", v->cancelled);
	jw_kint(w, "seats", v->seats);
	jw_kint(w, "seats_used", v->seats_used);
	jw_kstr(w, "starts_on", v->starts_on);
	jw_kstr(w, "ends_on", v->ends_on);
	if (v->days_left >= 0)
		jw_kint(w, "days_left", v->days_left);
	else
		jw_knull(w, "days_left");
	jw_kbool(w, "trial_available", v->trial_available);
	jw_kstr(w, "trial_started_on", v->trial_started_on);
	jw_kstr(w, "net_price", money_text(&rq->a, v->net_price_micros, 2));
	jw_obj_end(w);
}

static void
reply_one(struct rq *rq, int status, const struct sub_view *v,
    const struct activation_code *code)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "subscription");
	render_sub(rq, &w, v, false);
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

/* ---- catalogue ---------------------------------------------------------- */

int
h_services_list(struct rq *rq)
{
	struct service	*s;
	struct list_out	 l;
	struct page	 pg;
	struct jw	*w;
	size_t		 n, i;
	int		 rc;

	if ((rc = rq_page(rq, 100, 500, 2, &pg)) != ST_OK ||
	    (rc = service_list(&rq->app, &pg, &s, &n)) != ST_OK)
		return (rc);
	w = list_open(&l, "services");
	for (i = 0; i < n; i++)
		render_service(rq, w, &s[i]);
	list_close(rq, &l, &pg);
	list_reply(rq, &l);
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
	render_service(rq, &w, s);
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

	if ((rc = rq_page(rq, 100, 500, 2, &pg)) != ST_OK)
		return (rc);
	if ((rc = sub_list_customer(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), &pg, &v, &n, &flexible, &d)) != ST_OK)
		return (rc);
	w = list_open(&l, "subscriptions");
	for (i = 0; i < n; i++)
		render_sub(rq, w, &v[i], false);
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

int
h_partner_subscriptions(struct rq *rq)
{
	struct sub_query  q;
	struct sub_view	 *v;
	struct list_out	  l;
	struct page	  pg;
	struct jw	 *w;
	const char	**ids;
	size_t		  n, i;
	int		  rc;

	memset(&q, 0, sizeof(q));
	if ((rc = rq_query_text(rq, "state", &q.state)) != ST_OK ||
	    (rc = rq_query_int(rq, "ending_within", -1, 1, 366,
	    &q.ending_within)) != ST_OK ||
	    (rc = rq_query_list(rq, "customer_ids", SUB_FILTER_IDS_MAX, &ids,
	    &q.ncustomers)) != ST_OK ||
	    (rc = rq_page(rq, 100, 500, 3, &pg)) != ST_OK)
		return (rc);
	q.customer_ids = ids;
	if ((rc = sub_list_partner(&rq->app, rq_param(rq, "account_id"), &q,
	    &pg, &v, &n)) != ST_OK)
		return (rc);
	w = list_open(&l, "subscriptions");
	for (i = 0; i < n; i++)
		render_sub(rq, w, &v[i], true);
	list_close(rq, &l, &pg);
	list_reply(rq, &l);
	return (ST_OK);
}

/* One CSV cell: quoted when needed, and never read as a formula by a
 * spreadsheet (a leading = + - @ gets an apostrophe). */
static void
csv_cell(struct buf *b, const char *s, bool last)
{
	const char	*p;
	bool		 quote;

	if (s == NULL)
		s = "";
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(b, '"');
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		buf_addc(b, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	if (quote)
		buf_addc(b, '"');
	buf_adds(b, last ? "\r\n" : ",");
}

static void
usage_csv(struct rq *rq, const char *month, const struct usage_row *r,
    size_t n)
{
	struct buf	 b = BUF_INIT;
	const char	*disp;
	size_t		 i;
	int		 d;

	buf_adds(&b, "customer_id,customer,service,service_name,seat_days,"
	    "price,gross,discount_percent,discount,total,currency\r\n");
	for (i = 0; i < n; i++) {
		d = currency_digits(r[i].currency);
		csv_cell(&b, r[i].customer_id, false);
		csv_cell(&b, r[i].customer_name, false);
		csv_cell(&b, r[i].service_key, false);
		csv_cell(&b, r[i].service_name, false);
		csv_cell(&b, arena_printf(&rq->a, "%lld", r[i].seat_days),
		    false);
		csv_cell(&b, money_text(&rq->a, r[i].price_micros, 2), false);
		csv_cell(&b, money_text(&rq->a, r[i].gross_micros, d), false);
		csv_cell(&b, arena_printf(&rq->a, "%lld",
		    r[i].discount_percent), false);
		csv_cell(&b, money_text(&rq->a, r[i].discount_micros, d),
		    false);
		csv_cell(&b, money_text(&rq->a, r[i].total_micros, d), false);
		csv_cell(&b, r[i].currency, true);
	}
	disp = arena_printf(&rq->a, "attachment; filename=\"usage-%s.csv\"",
	    month);
	rq_header_add(rq, "content-disposition", disp);
	rq_reply(rq, 200, "text/csv; charset=utf-8", b.data, b.len);
	buf_free(&b);
}

int
h_usage(struct rq *rq)
{
	struct usage_row	*r;
	struct usage_total	*t;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	const char		*month, *format;
	size_t			 nr, nt, i;
	int			 rc, d;

	if ((rc = rq_query_text(rq, "month", &month)) != ST_OK ||
	    (rc = rq_query_text(rq, "format", &format)) != ST_OK)
		return (rc);
	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0)
		return (err_fields(&rq->e, "format", M_ONE_OF, "json, csv"));
	if ((rc = usage_month(&rq->app, rq_param(rq, "account_id"), month,
	    &r, &nr, &t, &nt)) != ST_OK)
		return (rc);
	if (format != NULL && strcmp(format, "csv") == 0) {
		usage_csv(rq, month, r, nr);
		return (ST_OK);
	}
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "month", month);
	jw_key(&w, "rows");
	jw_arr_begin(&w);
	for (i = 0; i < nr; i++) {
		d = currency_digits(r[i].currency);
		jw_obj_begin(&w);
		jw_kstr(&w, "customer_id", r[i].customer_id);
		jw_kstr(&w, "customer_name", r[i].customer_name);
		jw_kstr(&w, "service", r[i].service_key);
		jw_kstr(&w, "service_name", r[i].service_name);
		jw_kint(&w, "seat_days", r[i].seat_days);
		jw_kstr(&w, "price", money_text(&rq->a, r[i].price_micros, 2));
		jw_kstr(&w, "gross", money_text(&rq->a, r[i].gross_micros, d));
		jw_kint(&w, "discount_percent", r[i].discount_percent);
		jw_kstr(&w, "discount", money_text(&rq->a,
		    r[i].discount_micros, d));
		jw_kstr(&w, "total", money_text(&rq->a, r[i].total_micros, d));
		jw_kstr(&w, "currency", r[i].currency);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "totals");
	jw_arr_begin(&w);
	for (i = 0; i < nt; i++) {
		d = currency_digits(t[i].currency);
		jw_obj_begin(&w);
		jw_kstr(&w, "currency", t[i].currency);
		jw_kstr(&w, "gross", money_text(&rq->a, t[i].gross_micros, d));
		jw_kstr(&w, "discount", money_text(&rq->a,
		    t[i].discount_micros, d));
		jw_kstr(&w, "total", money_text(&rq->a, t[i].total_micros, d));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

/* What happened to subscriptions (trials and terms ending or ended), for
 * alerts; ?customer_id= narrows to one customer. */
int
h_subscription_events(struct rq *rq)
{
	struct sub_event	*ev;
	struct list_out		 l;
	struct page		 pg;
	struct jw		*w;
	const char		*customer;
	size_t			 n, i;
	int			 rc;

	if ((rc = rq_query_text(rq, "customer_id", &customer)) != ST_OK ||
	    (rc = rq_page(rq, 100, 1000, 1, &pg)) != ST_OK)
		return (rc);
	if (customer != NULL && *customer == '\0')
		customer = NULL;
	if ((rc = sub_events(&rq->app, rq_param(rq, "account_id"), customer,
	    &pg, &ev, &n)) != ST_OK)
		return (rc);
	w = list_open(&l, "events");
	for (i = 0; i < n; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "id", ev[i].id);
		jw_kstr(w, "customer_id", ev[i].customer_id);
		jw_kstr(w, "service", ev[i].service_key);
		jw_kstr(w, "kind", ev[i].kind);
		jw_kstr(w, "on_date", ev[i].on_date);
		jw_ktime(w, "created_at", ev[i].created_at);
		jw_obj_end(w);
	}
	list_close(rq, &l, &pg);
	list_reply(rq, &l);
	return (ST_OK);
}
