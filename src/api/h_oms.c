/*
 * h_oms.c - the partner's side of the OMS.
 *
 *   GET /api/v1/accounts/{account_id}/oms/email-check?email=
 *       -> {"status": "free" | "own_record" | "unavailable", "record"}
 *   GET /api/v1/accounts/{account_id}/oms/records?find=&limit=&cursor=
 *       -> {"records": [...], "next_cursor", "total",
 *           "total_is_lower_bound"} (true: more than total match)
 */
#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "api/render.h"
#include "app/oms.h"
#include "core/json.h"
#include "store/store_oms.h"

int
h_oms_email_check(struct rq *rq)
{
	enum oms_email_status	 status;
	struct oms_record	 rec;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	const char		*email;
	int			 rc;

	if ((rc = rq_query_text(rq, "email", &email)) != ST_OK)
		return (rc);
	if ((rc = oms_email_check(&rq->app, rq_param(rq, "account_id"), email,
	    &status, &rec)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "status", status == OMS_FREE ? "free" :
	    status == OMS_OWN_RECORD ? "own_record" : "unavailable");
	jw_key(&w, "record");
	if (status == OMS_OWN_RECORD)
		render_oms_record(&w, &rec);
	else
		jw_null(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_oms_records(struct rq *rq)
{
	struct oms_record	*list;
	struct list_out		 l;
	struct page		 pg;
	struct jw		*w;
	const char		*find;
	long long		 total;
	size_t			 n, i;
	bool			 lower;
	int			 rc;

	if ((rc = rq_query_text(rq, "find", &find)) != ST_OK ||
	    (rc = rq_page(rq, 2, &pg)) != ST_OK)
		return (rc);
	if ((rc = oms_find(&rq->app, rq_param(rq, "account_id"),
	    find ? find : "", &pg, &list, &n, &total, &lower)) != ST_OK)
		return (rc);
	w = list_open(&l, "records");
	for (i = 0; i < n; i++)
		render_oms_record(w, &list[i]);
	list_close(rq, &l, &pg);
	jw_kint(w, "total", total);
	jw_kbool(w, "total_is_lower_bound", lower);
	list_reply(rq, &l);
	return (ST_OK);
}
