/*
 * oms.c - OMS customer records: adding one and the e-mail check; see
 * oms.h (importing many: oms_import.c; the search: oms_search.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app/access.h"
#include "app/app.h"
#include "app/details.h"
#include "app/oms.h"
#include "app/oms_int.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"
#include "core/text.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_oms.h"

const char *const industry_keys[] = {
	"agriculture", "construction", "education", "energy", "finance",
	"government", "healthcare", "hospitality", "it_telecom", "legal",
	"manufacturing", "media", "nonprofit", "professional_services",
	"real_estate", "retail", "transportation", "other", NULL
};

static const char *const oms_types[] = { "business", "consumer", NULL };

/* The partner account itself (OMS records belong to partners only). */
int
oms_partner_exists(struct app *app, const char *partner_id)
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

int
oms_record_check(struct app *app, const struct oms_record *in,
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
	memset(r, 0, sizeof(*r));
	r->type = in->type;
	r->email = d.email;
	r->email_norm = d.email_norm;
	r->first_name = d.first_name;
	r->last_name = d.last_name;
	r->d = d.d;
	return (app->e->status);
}

int
oms_record_add(struct app *app, const char *partner_id,
    const struct oms_record *in, char **id)
{
	struct oms_record	r;
	int			rc;

	if ((rc = oms_partner_exists(app, partner_id)) != ST_OK)
		return (rc);
	if ((rc = oms_record_check(app, in, &r)) != ST_OK)
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
