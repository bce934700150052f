/*
 * h_metrics.c - GET /metrics: the server's counters in the Prometheus text
 * exposition format (version 0.0.4).
 *
 * Counters come from the memory every process of this server shares
 * (core/metrics.h), so whichever worker answers, the figures are those of
 * all workers and the background process together. Queue depths,
 * failures and sessions are read from the database at each scrape; with
 * several servers on one PostgreSQL database they are the same on each
 * (sum the counters, not these).
 *
 * Who may scrape: with STEWARD_METRICS_TOKEN set, a caller that sends
 * `Authorization: Bearer <token>` (401 otherwise); without it, callers on
 * the loopback address only (403 otherwise).
 */
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/routes.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "core/rand.h"

/* The route table again, in its order: a route's slot is its index. */
static const struct {
	const char	*method;
	const char	*path;
} route_names[] = {
#define ROUTE_NAME(m, p, fn, fl)	{ #m, p },
	STEWARD_ROUTES(ROUTE_NAME)
#undef ROUTE_NAME
};
#define NROUTE_NAMES	(sizeof(route_names) / sizeof(route_names[0]))

static const struct {
	enum metrics_event	 ev;
	const char		*name;
	const char		*help;
} events[] = {
	{ ME_CHECKIN, "steward_device_checkins_total",
	    "Agent check-ins answered." },
	{ ME_ENROLMENT, "steward_device_enrolments_total",
	    "Devices enrolled (again, for a known device)." },
	{ ME_ALERT_RAISED, "steward_alerts_raised_total",
	    "New alerts raised (repeats of an open alert not counted)." },
	{ ME_MAIL_SENT, "steward_mail_sent_total",
	    "Messages the SMTP server accepted." },
	{ ME_MAIL_RETRY, "steward_mail_retries_total",
	    "Delivery attempts that failed for now (tried again later)." },
	{ ME_MAIL_FAILED, "steward_mail_failures_total",
	    "Messages refused for good." },
	{ ME_WEBHOOK_DELIVERED, "steward_webhook_deliveries_total",
	    "Webhook deliveries answered with 2xx." },
	{ ME_WEBHOOK_RETRY, "steward_webhook_retries_total",
	    "Webhook attempts that failed for now (tried again later)." },
	{ ME_WEBHOOK_FAILED, "steward_webhook_failures_total",
	    "Webhook deliveries given up after their last attempt." },
	{ ME_DB_ERROR, "steward_database_errors_total",
	    "Failed database queries and transactions (not constraint "
	    "conflicts)." },
};

/* May this caller scrape? ST_OK, or the refusal in rq->e. */
static int
scraper_allowed(struct rq *rq)
{
	const char	*token = server_cfg.metrics_token, *h;

	if (token != NULL) {
		h = rq_header(rq, "authorization");
		if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
			return (err_set(&rq->e, ST_UNAUTH, "unauthenticated",
			    M_UNAUTHENTICATED));
		for (h += 7; *h == ' '; h++)
			;
		if (!secret_equal(h, token))
			return (err_set(&rq->e, ST_UNAUTH, "unauthenticated",
			    M_UNAUTHENTICATED));
		return (ST_OK);
	}
	if (strcmp(rq->ip, "127.0.0.1") == 0 || strcmp(rq->ip, "::1") == 0 ||
	    strncmp(rq->ip, "127.", 4) == 0 ||
	    strcmp(rq->ip, "::ffff:127.0.0.1") == 0)
		return (ST_OK);
	return (err_set(&rq->e, ST_FORBIDDEN, "forbidden", M_FORBIDDEN));
}

/* A label value: backslash, double quote and newline escaped. */
static void
label(struct buf *b, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			buf_addc(b, '\\');
		if (*v == '\n')
			buf_adds(b, "\\n");
		else
			buf_addc(b, *v);
	}
}

static void
route_labels(struct buf *b, size_t i)
{
	buf_adds(b, "route=\"");
	label(b, i < NROUTE_NAMES ? route_names[i].path : "none");
	buf_adds(b, "\",method=\"");
	label(b, i < NROUTE_NAMES ? route_names[i].method : "none");
	buf_adds(b, "\"");
}

static bool
route_used(const struct metrics_route *r)
{
	size_t	s;

	for (s = 0; s < METRICS_STATUSES; s++)
		if (atomic_load(&r->by_status[s]) > 0)
			return (true);
	return (false);
}

static void
render_requests(struct buf *b, const struct metrics_shared *m)
{
	const struct metrics_route	*r;
	uint64_t			 n, cum;
	uint32_t			 st;
	size_t				 i, s, k;

	buf_adds(b, "# HELP steward_http_requests_total HTTP requests answered,"
	    " by route template, method and status (route \"none\": console"
	    " files and paths that match no route).\n"
	    "# TYPE steward_http_requests_total counter\n");
	for (i = 0; i < METRICS_ROUTES; i++) {
		r = &m->route[i];
		for (s = 0; s < METRICS_STATUSES; s++) {
			if ((n = atomic_load(&r->by_status[s])) == 0)
				continue;
			st = atomic_load(&r->status[s]);
			buf_adds(b, "steward_http_requests_total{");
			route_labels(b, i);
			if (s == METRICS_STATUSES - 1)
				buf_adds(b, ",status=\"other\"");
			else
				buf_printf(b, ",status=\"%u\"", st);
			buf_printf(b, "} %" PRIu64 "\n", n);
		}
	}
	buf_adds(b, "# HELP steward_http_request_duration_seconds Time from "
	    "a request's arrival to its answer, by route template and "
	    "method.\n"
	    "# TYPE steward_http_request_duration_seconds histogram\n");
	for (i = 0; i < METRICS_ROUTES; i++) {
		r = &m->route[i];
		if (!route_used(r))
			continue;
		cum = 0;
		for (k = 0; k <= METRICS_BUCKETS; k++) {
			cum += atomic_load(&r->bucket[k]);
			buf_adds(b, "steward_http_request_duration_seconds_bucket{");
			route_labels(b, i);
			if (k < METRICS_BUCKETS)
				buf_printf(b, ",le=\"%g\"} %" PRIu64 "\n",
				    (double)metrics_bucket_us[k] / 1e6, cum);
			else
				buf_printf(b, ",le=\"+Inf\"} %" PRIu64 "\n",
				    cum);
		}
		buf_adds(b, "steward_http_request_duration_seconds_sum{");
		route_labels(b, i);
		buf_printf(b, "} %.6f\n",
		    (double)atomic_load(&r->sum_us) / 1e6);
		buf_adds(b, "steward_http_request_duration_seconds_count{");
		route_labels(b, i);
		buf_printf(b, "} %" PRIu64 "\n", cum);
	}
}

static void
gauge(struct buf *b, const char *name, const char *help, long long v)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n", name, help,
	    name, name, v);
}

int
h_metrics(struct rq *rq)
{
	const struct metrics_shared	*m = metrics_view();
	struct store_gauges		 g;
	struct buf			 b = BUF_INIT;
	size_t				 i;
	int				 rc;

	if ((rc = scraper_allowed(rq)) != ST_OK)
		return (rc);
	if ((rc = store_gauges(rq->app.st, rq->app.now,
	    rq->app.cfg->session_idle, &g, &rq->e)) != ST_OK)
		return (rc);
	if (m != NULL)
		render_requests(&b, m);
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		buf_printf(&b, "# HELP %s %s\n# TYPE %s counter\n%s %" PRIu64
		    "\n", events[i].name, events[i].help, events[i].name,
		    events[i].name, m != NULL ?
		    atomic_load(&m->event[events[i].ev]) : 0);
	gauge(&b, "steward_mail_outbox_depth", "Messages waiting in the "
	    "outbox or being sent.", g.mail_waiting);
	gauge(&b, "steward_mail_outbox_failed", "Messages refused for good "
	    "and not queued again (the operator's E-mail page).",
	    g.mail_failed);
	gauge(&b, "steward_webhook_queue_depth", "Webhook deliveries waiting "
	    "or being delivered.", g.webhook_waiting);
	gauge(&b, "steward_webhook_queue_failed", "Webhook deliveries given "
	    "up.", g.webhook_failed);
	gauge(&b, "steward_sessions_active", "Console sessions in force "
	    "(neither signed out, expired nor idle).", g.sessions);
	rq_reply(rq, 200, "text/plain; version=0.0.4; charset=utf-8", b.data,
	    b.len);
	buf_free(&b);
	return (ST_OK);
}
