/*
 * oms.c - OMS customer records: adding, importing and the e-mail check;
 * see oms.h (the search is oms_search.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app/access.h"
#include "app/app.h"
#include "app/details.h"
#include "app/import.h"
#include "app/oms.h"
#include "core/arena.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/text.h"
#include "core/valid.h"
#include "store/store.h"

const char *const industry_keys[] = {
	"agriculture", "construction", "education", "energy", "finance",
	"government", "healthcare", "hospitality", "it_telecom", "legal",
	"manufacturing", "media", "nonprofit", "professional_services",
	"real_estate", "retail", "transportation", "other", NULL
};

static const char *const oms_types[] = { "business", "consumer", NULL };

/* The partner account itself (OMS records belong to partners only). */
static int
partner_exists(struct app *app, const char *partner_id)
{
	struct account	acct;
	int		rc;

	if ((rc = store_account_get(app->st, partner_id, app->a, &acct,
	    app->e)) != ST_OK)
		return (rc);
	if (strcmp(acct.kind, "partner") != 0)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	return (ST_OK);
}

/* Validate one record's fields into r (strings in app->a). */
static int
record_check(struct app *app, const struct oms_record *in,
    struct oms_record *r)
{
	struct details_in	din;
	struct details		d;

	memset(&din, 0, sizeof(din));
	din.email = in->email;
	din.first_name = in->first_name;
	din.last_name = in->last_name;
	din.d = in->d;
	valid_enum(app->a, app->e, "type", in->type, oms_types);
	details_check(app, &din, DETAILS_EMAIL, &d);
	if (app->e->status != ST_OK)
		return (app->e->status);
	memset(r, 0, sizeof(*r));
	r->type = in->type;
	r->email = d.email;
	r->email_norm = d.email_norm;
	r->first_name = d.first_name;
	r->last_name = d.last_name;
	r->d = d.d;
	return (ST_OK);
}

int
oms_record_add(struct app *app, const char *partner_id,
    const struct oms_record *in, char **id)
{
	struct oms_record	r;
	int			rc;

	if ((rc = partner_exists(app, partner_id)) != ST_OK)
		return (rc);
	if ((rc = record_check(app, in, &r)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = store_oms_create(app->st, partner_id, app->a, &r, app->now, id,
	    app->e);
	if (rc == ST_CONFLICT) {
		err_conflict(app->e, "oms_email_taken", M_OMS_EMAIL_TAKEN,
		    "email");
		goto fail;
	}
	if (rc != ST_OK)
		goto fail;
	if ((rc = app_audit(app, partner_id, NULL, "oms", "record_create",
	    "success", arena_printf(app->a, "OMS record %s (%s)", r.email,
	    r.type))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (app->e->status);
}

int
oms_email_check(struct app *app, const char *partner_id, const char *email,
    enum oms_email_status *status, struct oms_record *record)
{
	struct err	 tmp;
	char		*addr, *norm;
	int		 rc;

	if ((rc = partner_access(app, partner_id, false)) != ST_OK)
		return (rc);
	if (valid_email(app->a, app->e, "email", email, &addr, &norm) != ST_OK)
		return (ST_INVALID);
	err_clear(&tmp);
	rc = store_oms_by_email_any(app->st, app->a, norm, record, &tmp);
	if (rc == ST_NOT_FOUND) {
		*status = OMS_FREE;
		return (ST_OK);
	}
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	if (strcmp(record->partner_id, partner_id) == 0) {
		*status = OMS_OWN_RECORD;
		return (ST_OK);
	}
	/* Another partner's: say nothing about it. */
	memset(record, 0, sizeof(*record));
	*status = OMS_UNAVAILABLE;
	return (ST_OK);
}

/* ---- CSV import ----------------------------------------------------- */

static const char *const import_columns[] = {
	"type", "email", "first_name", "last_name", "company", "industry",
	"website", "phone", "street", "postal_code", "city", "country", NULL
};

int
oms_import(struct app *app, const char *partner_id, const char *text,
    size_t len, bool dry_run, struct import_report *report)
{
	struct csv		 c;
	struct oms_record	 in, *rows = NULL, found;
	struct import_seen	 seen;
	struct err		 rowerr, *saved = app->e;
	char			**f, *id, *norm;
	const char		*v;
	bool			 dup;
	size_t			 nf, i, ncols = 0, cap = 0, nrows = 0;
	int			 col[IMPORT_MAX_COLUMNS], r, rc;
	size_t			*lines = NULL;

	memset(report, 0, sizeof(*report));
	if ((rc = partner_exists(app, partner_id)) != ST_OK)
		return (rc);
	if (!utf8_valid(text, len)) {
		import_problem(app, report, 0, NULL, M_BAD_UTF8, 0, NULL);
		return (err_set(app->e, ST_INVALID, "import_failed",
		    M_VALIDATION));
	}
	csv_init(&c, text, len);
	if (import_header(app, report, &c, import_columns, NULL, col,
	    &ncols) != 0)
		return (err_set(app->e, ST_INVALID, "import_failed",
		    M_VALIDATION));
	import_seen_init(app, &seen, len);
	while ((r = csv_row(&c, app->a, &f, &nf)) == 1) {
		report->rows++;
		memset(&in, 0, sizeof(in));
		for (i = 0; i < nf && i < ncols; i++) {
			v = f[i];
			switch (col[i]) {
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
		if (nf != ncols)
			import_problem(app, report, c.line, NULL, M_COLUMNS, (long long)
			    ncols, NULL);
		if (in.type != NULL)
			in.type = text_lower_ascii(app->a, text_trim(app->a,
			    in.type));
		/* A repeated address is a problem even when its first row
		 * has others. */
		norm = in.email != NULL ? email_norm(app->a, in.email) : NULL;
		dup = norm != NULL && !import_seen_add(app, &seen, norm);
		err_clear(&rowerr);
		app->e = &rowerr;
		rc = record_check(app, &in, &found);
		app->e = saved;
		if (dup)
			import_problem(app, report, c.line, "email",
			    M_DUPLICATE_IN_FILE, 0, NULL);
		for (i = 0; rc != ST_OK && i < rowerr.nfields; i++)
			if (!dup || strcmp(rowerr.fields[i].name, "email") != 0)
				import_problem(app, report, c.line,
				    rowerr.fields[i].name, rowerr.fields[i].msg,
				    rowerr.fields[i].n, rowerr.fields[i].s);
		if (rc != ST_OK || dup)
			continue;
		err_clear(&rowerr);
		{
			struct oms_record	existing;

			rc = store_oms_by_email_any(app->st, app->a,
			    found.email_norm, &existing, &rowerr);
		}
		if (rc == ST_OK) {
			import_problem(app, report, c.line, "email",
			    M_OMS_EMAIL_TAKEN, 0, NULL);
			continue;
		}
		if (rc != ST_NOT_FOUND) {
			*app->e = rowerr;
			return (rc);
		}
		if (nrows == cap) {
			cap = cap ? cap * 2 : 256;
			rows = realloc(rows, cap * sizeof(*rows));
			lines = realloc(lines, cap * sizeof(*lines));
			if (rows == NULL || lines == NULL)
				steward_oom(cap * sizeof(*rows));
		}
		lines[nrows] = c.line;
		rows[nrows++] = found;
	}
	if (r < 0)
		import_problem(app, report, c.line, NULL, M_CSV_SYNTAX, 0, c.error);
	if (report->nproblems > 0 || dry_run) {
		free(rows);
		free(lines);
		if (report->nproblems > 0)
			return (err_set(app->e, ST_INVALID, "import_failed",
			    M_VALIDATION));
		return (ST_OK);
	}
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		goto out;
	for (i = 0; i < nrows; i++) {
		rc = store_oms_create(app->st, partner_id, app->a, &rows[i],
		    app->now, &id, app->e);
		if (rc == ST_CONFLICT) {
			/* Added by someone else since the check. */
			import_problem(app, report, lines[i], "email",
			    M_OMS_EMAIL_TAKEN, 0, NULL);
			err_clear(app->e);
			rc = err_set(app->e, ST_INVALID, "import_failed",
			    M_VALIDATION);
		}
		if (rc != ST_OK) {
			store_tx_rollback(app->st);
			goto out;
		}
	}
	if ((rc = app_audit(app, partner_id, NULL, "oms", "import", "success",
	    arena_printf(app->a, "%zu OMS records imported", nrows))) !=
	    ST_OK) {
		store_tx_rollback(app->st);
		goto out;
	}
	if ((rc = store_tx_commit(app->st, app->e)) == ST_OK) {
		report->added = nrows;
		/* Many new rows: let the planner know (best effort). */
		err_clear(&rowerr);
		(void)store_optimize(app->st, &rowerr);
	}
out:
	free(rows);
	free(lines);
	return (rc);
}
