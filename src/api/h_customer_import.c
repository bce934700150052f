/*
 * h_customer_import.c - creating customers from a CSV file.
 *
 *   POST /api/v1/accounts/{account_id}/customers/import[?dry_run=true]
 *
 * The body is the file itself (Content-Type: text/csv). The answer is
 * {"rows", "created", "errors": [{"line", "field", "message"}]}: 200 for
 * a dry run without problems, 201 when the customers were created. When
 * any row has a problem nothing is written and the answer is 422 with the
 * same three keys beside the usual "error" object (code import_failed),
 * whose "fields" repeat the first problems keyed "<line>.<column>" (or
 * "<line>" for a whole row), so clients that only read the error shape
 * still see where the file is wrong.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "api/http.h"
#include "app/customer.h"
#include "core/json.h"

/* The report as JSON: rows, created, errors (and error when failed). */
static void
report_json(struct rq *rq, const struct import_report *rep, bool failed,
    struct buf *b)
{
	struct jw	 w;
	char		 msg[512], key[96];
	size_t		 i;

	jw_init(&w, b);
	jw_obj_begin(&w);
	if (failed) {
		jw_key(&w, "error");
		jw_obj_begin(&w);
		jw_kstr(&w, "code", rq->e.code);
		err_message(&rq->e, rq->app.lang, msg, sizeof(msg));
		jw_kstr(&w, "message", msg);
		jw_key(&w, "fields");
		jw_obj_begin(&w);
		for (i = 0; i < rep->nproblems && i < ERR_MAX_FIELDS; i++) {
			if (rep->problems[i].field != NULL)
				snprintf(key, sizeof(key), "%zu.%s",
				    rep->problems[i].line,
				    rep->problems[i].field);
			else
				snprintf(key, sizeof(key), "%zu",
				    rep->problems[i].line);
			jw_kstr(&w, key, rep->problems[i].message);
		}
		jw_obj_end(&w);
		jw_obj_end(&w);
	}
	jw_kint(&w, "rows", (long long)rep->rows);
	jw_kint(&w, "created", (long long)rep->added);
	jw_key(&w, "errors");
	jw_arr_begin(&w);
	for (i = 0; i < rep->nproblems; i++) {
		jw_obj_begin(&w);
		jw_kint(&w, "line", (long long)rep->problems[i].line);
		jw_kstr(&w, "field", rep->problems[i].field);
		jw_kstr(&w, "message", rep->problems[i].message);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
}

int
h_customers_import(struct rq *rq)
{
	struct import_report	 rep;
	struct buf		 b = BUF_INIT;
	const char		*ct, *dry, *data;
	size_t			 len;
	bool			 dry_run = false;
	int			 rc;

	if ((rc = rq_query_text(rq, "dry_run", &dry)) != ST_OK)
		return (rc);
	if (dry != NULL && strcmp(dry, "true") == 0)
		dry_run = true;
	else if (dry != NULL && strcmp(dry, "false") != 0)
		return (err_fields(&rq->e, "dry_run", M_ONE_OF,
		    "true, false"));
	ct = rq_header(rq, "content-type");
	if (ct == NULL || strncasecmp(ct, "text/csv", 8) != 0 ||
	    (ct[8] != '\0' && ct[8] != ';' && ct[8] != ' '))
		return (err_set(&rq->e, ST_MEDIA, "unsupported_media_type",
		    M_MEDIA_CSV));
	rq_body(rq, &data, &len);	/* the router held it to --import-max */
	rc = customer_import(&rq->app, rq_param(rq, "account_id"),
	    len ? data : "", len, dry_run, &rep);
	if (rc != ST_OK && !(rc == ST_INVALID &&
	    strcmp(rq->e.code, "import_failed") == 0))
		return (rc);
	report_json(rq, &rep, rc != ST_OK, &b);
	rq_reply_json(rq, rc != ST_OK ? 422 : dry_run ? 200 : 201, &b);
	buf_free(&b);
	return (ST_OK);
}
