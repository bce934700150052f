/*
 * h_health.c - GET /healthz (the process answers) and GET /readyz (and its
 * database answers, with the schema this build expects).
 */
#include "api/handlers.h"
#include "api/http.h"
#include "core/json.h"

int
h_healthz(struct rq *rq)
{
	struct buf	b = BUF_INIT;

	buf_adds(&b, "{\"status\":\"ok\"}");
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_readyz(struct rq *rq)
{
	struct buf	b = BUF_INIT;
	struct jw	w;
	int		current, latest, rc;

	if ((rc = store_ping(rq->app.st, &rq->e)) != ST_OK)
		return (err_set(&rq->e, ST_UNAVAILABLE, "unavailable",
		    M_UNAVAILABLE));
	if ((rc = store_schema_version(rq->app.st, &current, &latest,
	    &rq->e)) != ST_OK)
		return (err_set(&rq->e, ST_UNAVAILABLE, "unavailable",
		    M_UNAVAILABLE));
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "status", current == latest ? "ready" : "schema_outdated");
	jw_kstr(&w, "database", store_engine(rq->app.st));
	jw_kint(&w, "schema_version", current);
	jw_kint(&w, "schema_expected", latest);
	jw_obj_end(&w);
	rq_reply_json(rq, current == latest ? 200 : 503, &b);
	buf_free(&b);
	return (ST_OK);
}
