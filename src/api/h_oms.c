/*
 * h_oms.c - the partner's side of the OMS.
 *
 *   GET /api/v1/accounts/{account_id}/oms/email-check?email=
 *       -> {"status": "free" | "own_record" | "unavailable", "record"}
 *   GET /api/v1/accounts/{account_id}/oms/records?find=&limit=&offset=
 *       -> {"records": [...], "total"}
 */
#include "api/handlers.h"
#include "api/http.h"
#include "api/render.h"
#include "app/oms.h"
#include "core/json.h"

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
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	const char		*find;
	long long		 limit, offset, total;
	size_t			 n, i;
	int			 rc;

	rq_query_text(rq, "find", &find);
	rq_query_int(rq, "limit", 50, 1, 200, &limit);
	rq_query_int(rq, "offset", 0, 0, 1000000, &offset);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = oms_find(&rq->app, rq_param(rq, "account_id"),
	    find ? find : "", (size_t)limit, (size_t)offset, &list, &n,
	    &total)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "records");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++)
		render_oms_record(&w, &list[i]);
	jw_arr_end(&w);
	jw_kint(&w, "total", total);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}
