/*
 * oms.c - OMS customer records; see oms.h.
 */
#include <string.h>

#include "app/app.h"
#include "app/oms.h"
#include "core/arena.h"
#include "core/country.h"
#include "core/err.h"
#include "core/valid.h"
#include "store/store.h"

const char *const industry_keys[] = {
	"agriculture", "construction", "education", "energy", "finance",
	"government", "healthcare", "hospitality", "it_telecom", "legal",
	"manufacturing", "media", "nonprofit", "professional_services",
	"real_estate", "retail", "transportation", "other", NULL
};

static const char *const oms_types[] = { "business", "consumer", NULL };

int
oms_record_add(struct app *app, const char *partner_id,
    const struct oms_record *in, char **id)
{
	struct oms_record	 r;
	struct account		 acct;
	char			*email, *norm;
	int			 rc;

	memset(&r, 0, sizeof(r));
	if ((rc = store_account_get(app->st, partner_id, app->a, &acct,
	    app->e)) != ST_OK)
		return (rc);
	if (strcmp(acct.kind, "partner") != 0)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	valid_enum(app->a, app->e, "type", in->type, oms_types);
	r.type = in->type;
	if (valid_email(app->a, app->e, "email", in->email, &email, &norm) ==
	    ST_OK) {
		r.email = email;
		r.email_norm = norm;
	}
	valid_text(app->a, app->e, "first_name", in->first_name, false,
	    OMS_NAME_MAX, (char **)&r.first_name);
	valid_text(app->a, app->e, "last_name", in->last_name, false,
	    OMS_NAME_MAX, (char **)&r.last_name);
	valid_text(app->a, app->e, "company", in->company, false,
	    OMS_COMPANY_MAX, (char **)&r.company);
	valid_text(app->a, app->e, "website", in->website, false,
	    OMS_WEBSITE_MAX, (char **)&r.website);
	valid_text(app->a, app->e, "phone", in->phone, false, OMS_PHONE_MAX,
	    (char **)&r.phone);
	valid_text(app->a, app->e, "street", in->street, false, OMS_STREET_MAX,
	    (char **)&r.street);
	valid_text(app->a, app->e, "postal_code", in->postal_code, false,
	    OMS_POSTAL_MAX, (char **)&r.postal_code);
	valid_text(app->a, app->e, "city", in->city, false, OMS_CITY_MAX,
	    (char **)&r.city);
	if (in->industry != NULL && *in->industry != '\0') {
		valid_enum(app->a, app->e, "industry", in->industry,
		    industry_keys);
		r.industry = in->industry;
	}
	if (in->country != NULL && *in->country != '\0') {
		if (country_find(in->country) == NULL)
			err_field(app->e, "country", M_COUNTRY_INVALID);
		r.country = in->country;
	}
	if (app->e->status != ST_OK)
		return (app->e->status);
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
