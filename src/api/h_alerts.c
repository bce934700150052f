/*
 * h_alerts.c - alerts of every customer, their mutes, and the dashboard.
 *
 *   GET    .../alerts?status=&severity=&type=&customer_id=&device_id=
 *          &site_id=&from=&to=&raised_from=&raised_to=&resolved_from=
 *          &resolved_to=[&format=csv]
 *   GET    .../alerts/{alert_id}
 *   PATCH  .../alerts/{alert_id}        {"status", "note"?}
 *   POST   .../alerts/bulk              {"ids", "status", "note"?}
 *   GET    .../alert-mutes
 *   POST   .../alert-mutes              {"customer_id", "type", "until"}
 *          (a company console: without customer_id)
 *   DELETE .../alert-mutes/{mute_id}
 *   GET    .../alert-notifications      (the signed-in person's own)
 *   PUT    .../alert-notifications      {"mode", "min_severity", "types"}
 *   GET    .../dashboard
 *   GET    .../dashboard/customers?q=&sort=risk|name
 *   GET    .../dashboard/sites          (a company console's)
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "api/render.h"
#include "app/alert.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/dates.h"
#include "core/json.h"
#include "core/text.h"

/* Alerts in one CSV download. */
#define ALERT_CSV_MAX	100000

static void
alert_json(struct jw *w, const struct alert *al)
{
	jw_obj_begin(w);
	jw_kstr(w, "id", al->id);
	jw_kstr(w, "type", al->type);
	jw_kstr(w, "severity", al->severity);
	jw_kstr(w, "status", al->status);
	jw_kstr(w, "customer_id", al->customer_id);
	jw_kstr(w, "customer_name", al->customer_name);
	jw_kstr(w, "device_id", al->device_id);
	jw_kstr(w, "device_hostname", al->device_hostname);
	jw_kstr(w, "site_id", al->site_id);
	jw_kstr(w, "site_name", al->site_name);
	jw_kstr(w, "subject", al->subject);
	jw_key(w, "details");
	jw_raw(w, al->data);
	jw_ktime(w, "first_seen", al->first_seen);
	jw_ktime(w, "last_seen", al->last_seen);
	jw_kint(w, "count", al->count);
	if (al->changed_at != 0) {
		jw_key(w, "changed");
		jw_obj_begin(w);
		jw_ktime(w, "at", al->changed_at);
		jw_kstr(w, "by_id", al->changed_by);
		jw_kstr(w, "by", al->changed_by_name);
		jw_obj_end(w);
	} else {
		jw_key(w, "changed");
		jw_null(w);
	}
	jw_kstr(w, "note", al->note);
	jw_ktime(w, "closed_at", al->closed_at);
	jw_obj_end(w);
}

static void
alert_item(struct rq *rq, struct jw *w, const void *p)
{
	(void)rq;
	alert_json(w, p);
}

static void
alerts_csv(struct rq *rq, const struct alert *al, size_t n)
{
	struct buf	 b = BUF_INIT;
	char		 day[11], first[21], last[21];
	size_t		 i;

	buf_adds(&b, "id,type,severity,status,customer_id,customer,device_id,"
	    "device,subject,first_seen,last_seen,count,note,site_id,site\r\n");
	for (i = 0; i < n; i++) {
		time_iso(al[i].first_seen, first);
		time_iso(al[i].last_seen, last);
		csv_write_cell(&b, al[i].id, false);
		csv_write_cell(&b, al[i].type, false);
		csv_write_cell(&b, al[i].severity, false);
		csv_write_cell(&b, al[i].status, false);
		csv_write_cell(&b, al[i].customer_id, false);
		csv_write_cell(&b, al[i].customer_name, false);
		csv_write_cell(&b, al[i].device_id, false);
		csv_write_cell(&b, al[i].device_hostname, false);
		csv_write_cell(&b, al[i].subject, false);
		csv_write_cell(&b, first, false);
		csv_write_cell(&b, last, false);
		csv_write_cell(&b, arena_printf(&rq->a, "%lld", al[i].count),
		    false);
		csv_write_cell(&b, al[i].note, false);
		csv_write_cell(&b, al[i].site_id, false);
		csv_write_cell(&b, al[i].site_name, true);
	}
	date_of(rq->app.now, day);
	rq_header_add(rq, "content-disposition", arena_printf(&rq->a,
	    "attachment; filename=\"alerts-%s.csv\"", day));
	rq_reply(rq, 200, "text/csv; charset=utf-8", b.data, b.len);
	buf_free(&b);
}

/*
 * ?raised_from=&raised_to=&resolved_from=&resolved_to= (days or times,
 * UTC; a "to" day includes the whole day): when alerts were raised or
 * resolved, as the dashboard's chart counts them.
 */
static int
period_params(struct rq *rq, const char **v, struct alert_filter *f)
{
	static const char *const names[] = { "raised_from", "raised_to",
	    "resolved_from", "resolved_to" };
	int64_t		*out[] = { &f->raised_from, &f->raised_to,
	    &f->resolved_from, &f->resolved_to };
	size_t		 i;
	int		 rc;

	for (i = 0; i < 4; i++) {
		if ((rc = rq_query_text(rq, names[i], &v[i])) != ST_OK)
			return (rc);
		if (v[i] != NULL && !time_parse_period(v[i], i % 2 == 1,
		    out[i]))
			err_field(&rq->e, names[i], M_AUDIT_TIME);
	}
	return (ST_OK);
}

int
h_alerts_list(struct rq *rq)
{
	struct alert_filter	 f;
	struct alert		*list;
	struct page		 pg;
	const char		*format, *from = NULL, *to = NULL;
	const char		*days[4] = { NULL, NULL, NULL, NULL };
	size_t			 n;
	bool			 csv;
	int			 rc;

	memset(&f, 0, sizeof(f));
	if ((rc = rq_query_text(rq, "status", &f.status)) != ST_OK ||
	    (rc = rq_query_text(rq, "severity", &f.severity)) != ST_OK ||
	    (rc = rq_query_text(rq, "type", &f.type)) != ST_OK ||
	    (rc = rq_query_text(rq, "customer_id", &f.customer_id)) != ST_OK ||
	    (rc = rq_query_text(rq, "device_id", &f.device_id)) != ST_OK ||
	    (rc = rq_query_text(rq, "site_id", &f.site_id)) != ST_OK ||
	    (rc = rq_query_text(rq, "from", &from)) != ST_OK ||
	    (rc = rq_query_text(rq, "to", &to)) != ST_OK ||
	    (rc = rq_query_text(rq, "format", &format)) != ST_OK ||
	    (rc = period_params(rq, days, &f)) != ST_OK)
		return (rc);
	if (from != NULL && !time_parse_period(from, false, &f.from))
		err_field(&rq->e, "from", M_AUDIT_TIME);
	if (to != NULL && !time_parse_period(to, true, &f.to))
		err_field(&rq->e, "to", M_AUDIT_TIME);
	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0)
		err_fields(&rq->e, "format", M_ONE_OF, "json, csv");
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	csv = format != NULL && strcmp(format, "csv") == 0;
	if (csv)
		page_first(&pg, ALERT_CSV_MAX);
	else if ((rc = rq_page(rq, 1, &pg)) != ST_OK)
		return (rc);
	if ((rc = alert_list(&rq->app, rq_param(rq, "account_id"), &f, &pg,
	    &list, &n)) != ST_OK)
		return (rc);
	if (!csv) {
		list_answer(rq, "alerts", list, n, sizeof(*list), alert_item,
		    &pg);
		return (ST_OK);
	}
	if (pg.more)
		return (err_setn(&rq->e, ST_INVALID, "too_many_alerts",
		    M_AUDIT_CSV_MAX, ALERT_CSV_MAX));
	alerts_csv(rq, list, n);
	return (ST_OK);
}

static void
reply_alert(struct rq *rq, const struct alert *al)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	alert_json(&w, al);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
}

int
h_alert_get(struct rq *rq)
{
	struct alert	al;
	int		rc;

	if ((rc = alert_get(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "alert_id"), &al)) != ST_OK)
		return (rc);
	reply_alert(rq, &al);
	return (ST_OK);
}

int
h_alert_patch(struct rq *rq)
{
	static const char *const keys[] = { "status", "note", NULL };
	struct alert	 al;
	const char	*status = NULL, *note = NULL;
	json_t		*body;
	int		 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "status", &status, false, &rq->e);
	jget_str(body, "note", &note, false, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = alert_set_status(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "alert_id"), status, note, &al)) != ST_OK)
		return (rc);
	reply_alert(rq, &al);
	return (ST_OK);
}

int
h_alerts_bulk(struct rq *rq)
{
	static const char *const keys[] = { "ids", "status", "note", NULL };
	struct buf	  b = BUF_INIT;
	struct jw	  w;
	const char	**ids = NULL, **skipped, *status = NULL, *note = NULL;
	json_t		 *body;
	size_t		  nids = 0, changed, unchanged, nskipped, i;
	int		  rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	if (jget_strs(&rq->a, body, "ids", &ids, &nids, ALERT_BULK_MAX,
	    &rq->e) == 0)
		err_field(&rq->e, "ids", M_REQUIRED);
	jget_str(body, "status", &status, false, &rq->e);
	jget_str(body, "note", &note, false, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = alert_bulk(&rq->app, rq_param(rq, "account_id"),
	    (const char *const *)ids, nids, status, note, &changed,
	    &unchanged, &skipped, &nskipped)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kint(&w, "changed", (long long)changed);
	jw_kint(&w, "unchanged", (long long)unchanged);
	jw_key(&w, "skipped");
	jw_arr_begin(&w);
	for (i = 0; i < nskipped; i++)
		jw_str(&w, skipped[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

/* ---- mutes ----------------------------------------------------------------- */

static void
mute_fields(struct jw *w, const struct alert_mute *m)
{
	jw_kstr(w, "id", m->id);
	jw_kstr(w, "customer_id", m->customer_id);
	jw_kstr(w, "customer_name", m->customer_name);
	jw_kstr(w, "type", m->type);
	jw_ktime(w, "until", m->until);
	jw_kstr(w, "created_by", m->created_by_name);
	jw_ktime(w, "created_at", m->created_at);
}

static void
mute_json(struct jw *w, const struct alert_mute *m)
{
	jw_obj_begin(w);
	mute_fields(w, m);
	jw_obj_end(w);
}

static void
mute_item(struct rq *rq, struct jw *w, const void *p)
{
	(void)rq;
	mute_json(w, p);
}

int
h_mutes_list(struct rq *rq)
{
	struct alert_mute	*list;
	struct page		 pg;
	size_t			 n;
	int			 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = alert_mute_list(&rq->app, rq_param(rq, "account_id"), &pg,
	    &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "mutes", list, n, sizeof(*list), mute_item, &pg);
	return (ST_OK);
}

int
h_mute_create(struct rq *rq)
{
	static const char *const keys[] = { "customer_id", "type", "until",
	    NULL };
	struct alert_mute	 m;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	const char		*customer_id = NULL, *type = NULL;
	const char		*until = NULL;
	int64_t			 t = 0;
	size_t			 muted;
	json_t			*body;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "customer_id", &customer_id, false, &rq->e);
	jget_str(body, "type", &type, false, &rq->e);
	if (jget_str(body, "until", &until, false, &rq->e) == 1 &&
	    !time_parse_iso(until, &t))
		err_field(&rq->e, "until", M_ISO_TIME);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = alert_mute_create(&rq->app, rq_param(rq, "account_id"),
	    customer_id, type, t, &m, &muted)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	mute_fields(&w, &m);
	jw_kint(&w, "muted_alerts", (long long)muted);
	jw_obj_end(&w);
	rq_reply_json(rq, 201, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_mute_delete(struct rq *rq)
{
	int	rc;

	if ((rc = alert_mute_delete(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "mute_id"))) != ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

/* ---- e-mail notices ------------------------------------------------------- */

static int
reply_notify(struct rq *rq, const struct notify_settings *s)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "mode", s->mode);
	jw_kstr(&w, "min_severity", s->min_severity);
	jw_key(&w, "types");
	jw_raw(&w, s->types);
	jw_kbool(&w, "defaults", s->defaults);
	jw_kint(&w, "hourly_cap", ALERT_NOTIFY_HOURLY_CAP);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_alert_notify_get(struct rq *rq)
{
	struct notify_settings	s;
	int			rc;

	if ((rc = alert_notify_settings_get(&rq->app, rq_param(rq,
	    "account_id"), &s)) != ST_OK)
		return (rc);
	return (reply_notify(rq, &s));
}

int
h_alert_notify_put(struct rq *rq)
{
	static const char *const keys[] = { "mode", "min_severity", "types",
	    NULL };
	struct notify_settings	  s;
	const char		 *mode = NULL, *min = NULL, **types = NULL;
	size_t			  ntypes = 0;
	json_t			 *body;
	int			  rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "mode", &mode, false, &rq->e);
	jget_str(body, "min_severity", &min, false, &rq->e);
	jget_strs(&rq->a, body, "types", &types, &ntypes, 20, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = alert_notify_settings_put(&rq->app, rq_param(rq,
	    "account_id"), mode, min, (const char *const *)types, ntypes,
	    &s)) != ST_OK)
		return (rc);
	return (reply_notify(rq, &s));
}

/* ---- dashboard --------------------------------------------------------------- */

static void
severities_json(struct jw *w, const char *key, const long long *a)
{
	size_t	i;

	jw_key(w, key);
	jw_obj_begin(w);
	for (i = 0; alert_severities[i] != NULL; i++)
		jw_kint(w, alert_severities[i], a[i]);
	jw_obj_end(w);
}

int
h_dashboard(struct rq *rq)
{
	struct dashboard	 d;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	size_t			 i;
	int			 rc;

	if ((rc = dashboard_get(&rq->app, rq_param(rq, "account_id"), &d)) !=
	    ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kint(&w, "customers", d.c.customers);
	if (d.company)
		jw_kint(&w, "sites", d.c.sites);
	jw_key(&w, "devices");
	jw_obj_begin(&w);
	jw_kint(&w, "total", d.c.devices_protected + d.c.devices_at_risk +
	    d.c.devices_offline);
	jw_kint(&w, "protected", d.c.devices_protected);
	jw_kint(&w, "at_risk", d.c.devices_at_risk);
	jw_kint(&w, "offline", d.c.devices_offline);
	jw_obj_end(&w);
	severities_json(&w, "alerts", d.c.alerts);
	jw_kint(&w, "subscriptions_ending", d.c.subscriptions_ending);
	jw_kint(&w, "ending_within_days", DASHBOARD_ENDING_DAYS);
	jw_key(&w, "alert_days");
	jw_arr_begin(&w);
	for (i = 0; i < d.ndays; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "day", d.days[i].day);
		jw_kint(&w, "raised", d.days[i].raised);
		jw_kint(&w, "resolved", d.days[i].resolved);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

static void
row_item(struct rq *rq, struct jw *w, const void *p)
{
	const struct dashboard_row	*r = p;

	jw_obj_begin(w);
	jw_kstr(w, "customer_id", r->customer_id);
	jw_kstr(w, "company", r->company);
	render_country(w, r->country, rq->app.lang);
	jw_key(w, "devices");
	jw_obj_begin(w);
	jw_kint(w, "total", r->devices_protected + r->devices_at_risk +
	    r->devices_offline);
	jw_kint(w, "protected", r->devices_protected);
	jw_kint(w, "at_risk", r->devices_at_risk);
	jw_kint(w, "offline", r->devices_offline);
	jw_obj_end(w);
	severities_json(w, "alerts", r->alerts);
	jw_key(w, "subscriptions");
	jw_obj_begin(w);
	jw_kint(w, "active", r->subscriptions_active);
	jw_kint(w, "ending", r->subscriptions_ending);
	jw_obj_end(w);
	jw_obj_end(w);
}

int
h_dashboard_customers(struct rq *rq)
{
	struct dashboard_row	*rows;
	struct page		 pg;
	const char		*q = NULL, *sort = NULL;
	size_t			 n;
	bool			 by_risk;
	int			 rc;

	if ((rc = rq_query_text(rq, "q", &q)) != ST_OK ||
	    (rc = rq_query_text(rq, "sort", &sort)) != ST_OK)
		return (rc);
	if (sort != NULL && strcmp(sort, "risk") != 0 &&
	    strcmp(sort, "name") != 0)
		return (err_fields(&rq->e, "sort", M_ONE_OF, "risk, name"));
	by_risk = sort == NULL || strcmp(sort, "risk") == 0;
	if ((rc = rq_page_sized(rq, 50, by_risk ? 3 : 2, &pg)) != ST_OK)
		return (rc);
	if (q != NULL && *q != '\0')
		q = text_fold(&rq->a, q);
	if ((rc = dashboard_rows(&rq->app, rq_param(rq, "account_id"), q,
	    by_risk, &pg, &rows, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "customers", rows, n, sizeof(*rows), row_item, &pg);
	return (ST_OK);
}

static void
site_row(struct jw *w, const struct site *s, const struct site_figures *f)
{
	jw_obj_begin(w);
	jw_kstr(w, "site_id", s->id);
	jw_kstr(w, "name", s->name);
	jw_key(w, "devices");
	jw_obj_begin(w);
	jw_kint(w, "total", f->devices[0] + f->devices[1] + f->devices[2]);
	jw_kint(w, "protected", f->devices[0]);
	jw_kint(w, "at_risk", f->devices[1]);
	jw_kint(w, "offline", f->devices[2]);
	jw_obj_end(w);
	severities_json(w, "alerts", f->alerts);
	jw_obj_end(w);
}

int
h_dashboard_sites(struct rq *rq)
{
	struct site_figures	*figures;
	struct site		*sites;
	struct list_out		 l;
	struct page		 pg;
	struct jw		*w;
	size_t			 n, i;
	int			 rc;

	if ((rc = rq_page_sized(rq, 50, 2, &pg)) != ST_OK ||
	    (rc = dashboard_sites(&rq->app, rq_param(rq, "account_id"), &pg,
	    &sites, &figures, &n)) != ST_OK)
		return (rc);
	w = list_open(&l, "sites");
	for (i = 0; i < n; i++)
		site_row(w, &sites[i], &figures[i]);
	list_close(rq, &l, &pg);
	list_reply(rq, &l);
	return (ST_OK);
}
