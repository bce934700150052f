/*
 * h_usage.c - the monthly usage report, as JSON or CSV.
 *
 *   GET .../usage?month=YYYY-MM[&format=csv]
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "app/usage.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/json.h"
#include "core/money.h"

/* An amount of a row, or nothing when the row has no price. */
static const char *
money_cell(struct rq *rq, const struct usage_row *r, int64_t micros,
    int digits)
{
	return (r->priced ? money_text(&rq->a, micros, digits) : "");
}

/* Why a row has no amounts, in the caller's language; NULL when priced. */
static const char *
unpriced_note(struct rq *rq, const struct usage_row *r)
{
	char	msg[256];

	if (r->priced)
		return (NULL);
	msg_render(msg, sizeof(msg), rq->app.lang, M_USAGE_UNPRICED, 0, NULL);
	return (arena_strdup(&rq->a, msg));
}

/* An amount of a row in JSON: null when the row has no price. */
static void
jw_money(struct rq *rq, struct jw *w, const char *key,
    const struct usage_row *r, int64_t micros, int digits)
{
	if (r->priced)
		jw_kstr(w, key, money_text(&rq->a, micros, digits));
	else
		jw_knull(w, key);
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
	    "price,gross,discount_percent,discount,total,currency,note\r\n");
	for (i = 0; i < n; i++) {
		d = currency_digits(r[i].currency);
		csv_write_cell(&b, r[i].customer_id, false);
		csv_write_cell(&b, r[i].customer_name, false);
		csv_write_cell(&b, r[i].service_key, false);
		csv_write_cell(&b, r[i].service_name, false);
		csv_write_cell(&b, arena_printf(&rq->a, "%lld", r[i].seat_days),
		    false);
		csv_write_cell(&b, money_cell(rq, &r[i], r[i].price_micros, 2),
		    false);
		csv_write_cell(&b, money_cell(rq, &r[i], r[i].gross_micros, d),
		    false);
		csv_write_cell(&b, r[i].priced ? arena_printf(&rq->a, "%lld",
		    r[i].discount_percent) : "", false);
		csv_write_cell(&b, money_cell(rq, &r[i], r[i].discount_micros, d),
		    false);
		csv_write_cell(&b, money_cell(rq, &r[i], r[i].total_micros, d),
		    false);
		csv_write_cell(&b, r[i].currency, false);
		csv_write_cell(&b, unpriced_note(rq, &r[i]), true);
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
		jw_kbool(&w, "priced", r[i].priced);
		jw_money(rq, &w, "price", &r[i], r[i].price_micros, 2);
		jw_money(rq, &w, "gross", &r[i], r[i].gross_micros, d);
		jw_kint(&w, "discount_percent", r[i].discount_percent);
		jw_money(rq, &w, "discount", &r[i], r[i].discount_micros, d);
		jw_money(rq, &w, "total", &r[i], r[i].total_micros, d);
		jw_kstr(&w, "currency", r[i].currency);
		jw_kstr(&w, "note", unpriced_note(rq, &r[i]));
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
