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
 *
 * Checking and writing 10,000 rows takes seconds, too long to hold up the
 * worker's other connections: the import runs on one of the worker's
 * task threads (offload.h) with a database connection and an arena of
 * its own, and the worker answers when it is done.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/offload.h"
#include "app/customer.h"
#include "core/arena.h"
#include "core/json.h"
#include "core/log.h"
#include "store/store.h"

/* An import on a task thread: what it reads, and what it leaves. */
struct import_job {
	struct app		 app;	/* the request's, with the below */
	struct arena		 a;	/* the job's: freed with the request */
	struct err		 e;
	const char		*account_id;
	const char		*data;	/* the request's body (Kore's) */
	size_t			 len;
	bool			 dry_run;
	struct import_report	 rep;
	int			 rc;
};

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

static void
import_job_free(void *arg)
{
	struct import_job	*j = arg;

	arena_free(&j->a);
}

/* On the task thread: nothing here touches the worker's own store. */
static void
import_work(void *arg)
{
	struct import_job	*j = arg;
	struct store		*st;

	if ((j->rc = store_open(server_cfg.worker_db, false, &st, &j->e)) !=
	    ST_OK) {
		log_msg(LV_ERROR, "db.connect", "import cannot open the "
		    "database: %s", j->e.internal);
		return;
	}
	j->app.st = st;
	j->app.a = &j->a;
	j->app.e = &j->e;
	j->rc = customer_import(&j->app, j->account_id, j->data, j->len,
	    j->dry_run, &j->rep);
	store_tx_abandon(st);
	store_close(st);
	j->app.st = NULL;
}

static int
import_resume(struct rq *rq, void *arg)
{
	struct import_job	*j = arg;
	struct buf		 b = BUF_INIT;

	rq->e = j->e;
	if (j->rc != ST_OK && !(j->rc == ST_INVALID &&
	    strcmp(rq->e.code, "import_failed") == 0))
		return (j->rc);
	report_json(rq, &j->rep, j->rc != ST_OK, &b);
	rq_reply_json(rq, j->rc != ST_OK ? 422 : j->dry_run ? 200 : 201, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_customers_import(struct rq *rq)
{
	struct import_job	*j;
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
	j = arena_calloc(&rq->a, 1, sizeof(*j));
	arena_init(&j->a, 64 * 1024);
	arena_defer(&rq->a, import_job_free, j);
	err_clear(&j->e);
	j->app = rq->app;
	j->account_id = rq_param(rq, "account_id");
	j->data = len ? data : "";
	j->len = len;
	j->dry_run = dry_run;
	return (rq_offload(rq, import_work, j, import_resume));
}
