/*
 * oms_import.c - importing OMS records from a CSV file of any size; see
 * oms.h (oms_import).
 *
 * The file is read once, BATCH rows at a time, every row checked as
 * `stewardctl oms add` checks a record (oms_record_check). Each batch
 * goes to the store's staging table (store_oms_stage_add), which says
 * which e-mail addresses came earlier in the file or are in the OMS
 * already and keeps the checked records on disk; memory holds one batch.
 * Problems are reported in the order of the file, as they were when the
 * whole file was checked in memory. Only when no row has one are the
 * staged records written, a range of lines per statement, in one
 * transaction.
 */
#include <string.h>

#include "app/app.h"
#include "app/import.h"
#include "app/oms.h"
#include "app/oms_int.h"
#include "core/arena.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/text.h"
#include "store/store.h"
#include "store/store_oms.h"

#define BATCH		256	/* rows checked and staged together */
#define WRITE_LINES	20000	/* lines of the file one write covers */
#define IMPORT_MERGE_PAGES 256	/* search index pages a merge step writes */

static const char *const import_columns[] = {
	"type", "email", "first_name", "last_name", "company", "industry",
	"website", "phone", "street", "postal_code", "city", "country", NULL
};

/* A row of the batch, checked. */
struct row {
	size_t			 line;
	bool			 columns;	/* not as many cells as the header */
	struct err_field	*errs;		/* what the checks found */
	size_t			 nerrs;
	struct oms_record	 rec;		/* checked, when nerrs == 0 */
};

struct run {
	struct app		*app;
	struct arena		*main;		/* the caller's arena */
	struct arena		 batch;		/* the batch's rows */
	struct import_report	*rep;
	const int		*col;
	size_t			 ncols;
	struct row		 rows[BATCH];
	struct oms_stage_row	 stage[BATCH];
	size_t			 n;
	bool			 keep;		/* stage records, not only keys */
	size_t			 last_line;
	import_progress_fn	*progress;
	void			*arg;
	struct import_progress	 at;
};

/* Record a problem in the report (kept in the caller's arena). */
static void
problem(struct run *r, size_t line, const char *field, enum msg_id msg,
    long long n, const char *s)
{
	struct arena	*cur = r->app->a;

	r->app->a = r->main;
	import_problem(r->app, r->rep, line, field, msg, n, s);
	r->app->a = cur;
}

static void
told(struct run *r)
{
	if (r->progress != NULL)
		r->progress(r->arg, &r->at);
}

/*
 * Check the row just read into the batch. Fails only for what is not
 * about the row (the store).
 */
static int
check_row(struct run *r, const struct csv *c, char **f, size_t nf)
{
	struct app		*app = r->app;
	struct row		*w = &r->rows[r->n];
	struct oms_stage_row	*s = &r->stage[r->n];
	struct oms_record	 in;
	struct err		 rowerr, *saved = app->e;
	const char		*v, *nul = NULL;
	size_t			 i;

	memset(w, 0, sizeof(*w));
	memset(s, 0, sizeof(*s));
	memset(&in, 0, sizeof(in));
	w->line = c->line;
	w->columns = nf != r->ncols;
	for (i = 0; i < nf && i < r->ncols; i++) {
		v = f[i];
		if (c->nul_field == i + 1)
			nul = import_columns[r->col[i]];
		switch (r->col[i]) {
		case 0: in.type = v; break;
		case 1: in.email = v; break;
		case 2: in.first_name = v; break;
		case 3: in.last_name = v; break;
		case 4: in.d.company = v; break;
		case 5: in.d.industry = v; break;
		case 6: in.d.website = v; break;
		case 7: in.d.phone = v; break;
		case 8: in.d.street = v; break;
		case 9: in.d.postal_code = v; break;
		case 10: in.d.city = v; break;
		case 11: in.d.country = v; break;
		default: break;
		}
	}
	if (in.type != NULL)
		in.type = text_lower_ascii(app->a, text_trim(app->a, in.type));
	err_clear(&rowerr);
	/* A NUL byte ends the cell's text early: say so, not what is left. */
	if (nul != NULL)
		err_field(&rowerr, nul, M_CONTROL_CHARS);
	app->e = &rowerr;
	(void)oms_record_check(app, &in, &w->rec);
	app->e = saved;
	if (rowerr.status != ST_OK && rowerr.nfields == 0) {
		*app->e = rowerr;	/* not about the row */
		return (rowerr.status);
	}
	w->nerrs = rowerr.nfields;
	w->errs = arena_memdup(app->a, rowerr.fields,
	    rowerr.nfields * sizeof(*rowerr.fields));
	s->line = w->line;
	/* The address's key, when the address itself is fine (and whole):
	 * a repeat is a problem even when its row has others. */
	if (*w->rec.email_norm != '\0' && (nul == NULL ||
	    strcmp(nul, "email") != 0))
		s->key = w->rec.email_norm;
	if (r->keep && w->nerrs == 0 && !w->columns)
		s->record = &w->rec;
	r->n++;
	return (ST_OK);
}

/* Stage the batch, then report its problems in the order of the file. */
static int
flush(struct run *r, const struct csv *c)
{
	struct row	*w;
	size_t		 i, k, before = r->rep->nfound;
	bool		 dup;
	int		 rc;

	if (r->n == 0)
		return (ST_OK);
	if ((rc = store_oms_stage_add(r->app->st, r->stage, r->n,
	    r->app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < r->n; i++) {
		w = &r->rows[i];
		dup = r->stage[i].dup;
		if (w->columns)
			problem(r, w->line, NULL, M_COLUMNS, (long long)r->ncols,
			    NULL);
		if (dup)
			problem(r, w->line, "email", M_DUPLICATE_IN_FILE, 0,
			    NULL);
		for (k = 0; k < w->nerrs; k++)
			if (!dup || strcmp(w->errs[k].name, "email") != 0)
				problem(r, w->line, w->errs[k].name,
				    w->errs[k].msg, w->errs[k].n,
				    w->errs[k].s);
		if (!dup && w->nerrs == 0 && r->stage[i].taken)
			problem(r, w->line, "email", M_OMS_EMAIL_TAKEN, 0,
			    NULL);
		r->last_line = w->line;
	}
	/* Once a row has a problem nothing will be written: from then on
	 * only the keys are staged, for the repeats. */
	if (r->rep->nfound > before)
		r->keep = false;
	r->at.checked += r->n;
	r->at.bytes = csv_offset(c);
	r->n = 0;
	arena_free(&r->batch);
	arena_init(&r->batch, 0);
	told(r);
	return (ST_OK);
}

static int
failed(struct app *app)
{
	return (err_set(app->e, ST_INVALID, "import_failed", M_VALIDATION));
}

/* Read and check every row (app->a is the batch's arena meanwhile). */
static int
check_all(struct run *r, struct csv *c)
{
	struct app	 *app = r->app;
	char		**f;
	size_t		  nf;
	int		  rc = ST_OK, got;

	app->a = &r->batch;
	while ((got = csv_row(c, &r->batch, &f, &nf)) == 1) {
		r->rep->rows++;
		if ((rc = check_row(r, c, f, nf)) != ST_OK)
			break;
		if (r->n == BATCH && (rc = flush(r, c)) != ST_OK)
			break;
	}
	if (rc == ST_OK)
		rc = flush(r, c);
	app->a = r->main;
	if (rc == ST_OK && got < 0)
		problem(r, c->line, NULL, M_CSV_SYNTAX, 0, c->error);
	return (rc);
}

/* Write every staged record in one transaction. */
static int
write_all(struct run *r, const char *partner_id)
{
	struct app	*app = r->app;
	struct err	 tmp;
	size_t		 after, n, i, *lines;
	bool		 more;
	int		 rc;

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	for (after = 0; after < r->last_line; after += WRITE_LINES) {
		rc = store_oms_stage_write(app->st, partner_id, after,
		    after + WRITE_LINES, app->now, &n, app->e);
		if (rc != ST_OK)
			break;
		r->at.written += n;
		told(r);
	}
	if (rc == ST_OK)
		rc = app_audit(app, partner_id, NULL, "oms", "import",
		    "success", arena_printf(app->a, "%zu OMS records imported",
		    r->at.written));
	if (rc == ST_OK)
		rc = store_tx_commit(app->st, app->e);
	else
		store_tx_rollback(app->st);
	if (rc == ST_CONFLICT) {
		/* Added by someone else since the check: which rows. */
		err_clear(app->e);
		if ((rc = store_oms_stage_taken(app->st, app->a,
		    IMPORT_MAX_PROBLEMS, &lines, &n, app->e)) != ST_OK)
			return (rc);
		for (i = 0; i < n; i++)
			problem(r, lines[i], "email", M_OMS_EMAIL_TAKEN, 0,
			    NULL);
		return (failed(app));
	}
	if (rc != ST_OK)
		return (rc);
	r->rep->added = r->at.written;
	/* Many new rows: let the planner know (best effort). */
	err_clear(&tmp);
	(void)store_optimize(app->st, &tmp);
	/* And merge what the import added to the search indexes (SQLite's
	 * segments, PostgreSQL's pending lists), in steps of their own,
	 * rather than leave it to creations (best effort: the background
	 * process merges what is left). */
	for (more = true; more; )
		if (store_oms_search_merge(app->st, IMPORT_MERGE_PAGES, &more,
		    &tmp) != ST_OK)
			break;
	return (ST_OK);
}

int
oms_import(struct app *app, const char *partner_id, struct csv *c,
    bool dry_run, import_progress_fn *progress, void *arg,
    struct import_report *report)
{
	struct run	*r;
	int		 col[IMPORT_MAX_COLUMNS], rc;
	size_t		 ncols;

	memset(report, 0, sizeof(*report));
	if ((rc = oms_partner_exists(app, partner_id)) != ST_OK)
		return (rc);
	if (import_header(app, report, c, import_columns, NULL, col,
	    &ncols) != 0)
		return (failed(app));
	if ((rc = store_oms_stage_open(app->st, app->e)) != ST_OK)
		return (rc);
	r = arena_calloc(app->a, 1, sizeof(*r));
	r->app = app;
	r->main = app->a;
	r->rep = report;
	r->col = col;
	r->ncols = ncols;
	r->keep = !dry_run;
	r->progress = progress;
	r->arg = arg;
	arena_init(&r->batch, 0);
	rc = check_all(r, c);
	arena_free(&r->batch);
	if (rc == ST_OK && report->nfound > 0)
		rc = failed(app);
	else if (rc == ST_OK && !dry_run) {
		r->at.to_write = report->rows;
		told(r);
		rc = write_all(r, partner_id);
	}
	store_oms_stage_close(app->st);
	return (rc);
}
