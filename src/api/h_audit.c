/*
 * h_audit.c - an account's audit log, as JSON pages or one CSV download.
 *
 *   GET .../audit?from=&to=&customer_id=&category=&user_id=&ip=
 *       [&limit=&cursor=] -> {"events": [...], "next_cursor"}
 *   GET .../audit?...&format=csv -> every matching event (at most
 *       AUDIT_CSV_MAX; more is 422 asking for narrower filters)
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "app/audit_log.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/dates.h"
#include "core/json.h"

static void
event_item(struct rq *rq, struct jw *w, const void *p)
{
	const struct audit_event	*ev = p;

	(void)rq;
	jw_obj_begin(w);
	jw_kstr(w, "id", ev->id);
	jw_ktime(w, "at", ev->at);
	jw_kstr(w, "customer_id", ev->customer_id);
	jw_kstr(w, "customer_name", ev->customer_name);
	jw_kstr(w, "site_id", ev->site_id);
	jw_kstr(w, "category", ev->category);
	jw_kstr(w, "event_type", ev->event_type);
	jw_kstr(w, "detail", ev->detail);
	jw_kstr(w, "result", ev->result);
	jw_kstr(w, "origin", ev->origin);
	jw_key(w, "actor");
	jw_obj_begin(w);
	jw_kstr(w, "kind", ev->actor_kind);
	jw_kstr(w, "id", ev->actor_id);
	jw_kstr(w, "name", ev->actor);
	jw_obj_end(w);
	jw_kstr(w, "ip", ev->ip);
	jw_obj_end(w);
}

static void
audit_csv(struct rq *rq, const struct audit_event *ev, size_t n)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;
	char		 day[11], at[21];

	buf_adds(&b, "at,customer_id,customer,category,event_type,detail,"
	    "result,origin,actor,ip\r\n");
	for (i = 0; i < n; i++) {
		time_iso(ev[i].at, at);
		csv_write_cell(&b, at, false);
		csv_write_cell(&b, ev[i].customer_id, false);
		csv_write_cell(&b, ev[i].customer_name, false);
		csv_write_cell(&b, ev[i].category, false);
		csv_write_cell(&b, ev[i].event_type, false);
		csv_write_cell(&b, ev[i].detail, false);
		csv_write_cell(&b, ev[i].result, false);
		csv_write_cell(&b, ev[i].origin, false);
		csv_write_cell(&b, ev[i].actor, false);
		csv_write_cell(&b, ev[i].ip, true);
	}
	date_of(rq->app.now, day);
	rq_header_add(rq, "content-disposition", arena_printf(&rq->a,
	    "attachment; filename=\"audit-%s.csv\"", day));
	rq_reply(rq, 200, "text/csv; charset=utf-8", b.data, b.len);
	buf_free(&b);
}

int
h_audit_list(struct rq *rq)
{
	struct audit_query	 q;
	struct audit_event	*ev;
	struct page		 pg;
	const char		*format;
	size_t			 n;
	int			 rc;
	bool			 csv;

	memset(&q, 0, sizeof(q));
	if ((rc = rq_query_text(rq, "from", &q.from)) != ST_OK ||
	    (rc = rq_query_text(rq, "to", &q.to)) != ST_OK ||
	    (rc = rq_query_text(rq, "customer_id", &q.customer_id)) !=
	    ST_OK ||
	    (rc = rq_query_text(rq, "category", &q.category)) != ST_OK ||
	    (rc = rq_query_text(rq, "user_id", &q.user_id)) != ST_OK ||
	    (rc = rq_query_text(rq, "ip", &q.ip)) != ST_OK ||
	    (rc = rq_query_text(rq, "format", &format)) != ST_OK)
		return (rc);
	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0)
		return (err_fields(&rq->e, "format", M_ONE_OF, "json, csv"));
	csv = format != NULL && strcmp(format, "csv") == 0;
	if (csv)
		page_first(&pg, AUDIT_CSV_MAX);
	else if ((rc = rq_page(rq, 2, &pg)) != ST_OK)
		return (rc);
	if ((rc = audit_list(&rq->app, rq_param(rq, "account_id"), &q, &pg,
	    &ev, &n)) != ST_OK)
		return (rc);
	if (!csv) {
		list_answer(rq, "events", ev, n, sizeof(*ev), event_item, &pg);
		return (ST_OK);
	}
	if (pg.more)
		return (err_setn(&rq->e, ST_INVALID, "too_many_events",
		    M_AUDIT_CSV_MAX, AUDIT_CSV_MAX));
	audit_csv(rq, ev, n);
	return (ST_OK);
}
