/*
 * demo_alerts.c - the demo's alerts after its devices checked in: the
 * background sweep's work (a laptop offline for days), a threat under
 * investigation (acknowledged with a note), a test file handled (resolved),
 * and the Osaka branch's old definitions muted while it is re-imaged.
 */
#include <string.h>

#include "app/alert.h"
#include "app/app.h"
#include "app/demo.h"
#include "app/principal.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"

/* The first open alert of type for the customer, or NULL. */
static int
first_open(struct app *app, const char *partner, const char *customer,
    const char *type, const char **id)
{
	struct alert_filter	 f;
	struct alert		*al;
	struct page		 pg;
	size_t			 n;
	int			 rc;

	*id = NULL;
	memset(&f, 0, sizeof(f));
	f.customer_id = customer;
	f.type = type;
	f.status = "open";
	page_first(&pg, 1);
	if ((rc = alert_list(app, partner, &f, &pg, &al, &n)) == ST_OK &&
	    n == 1)
		*id = al[0].id;
	return (rc);
}

int
demo_alerts(struct app *app, const struct demo_billing_ids *ids,
    const char *admin_id, const char *admin_email)
{
	struct alert_sweep_stats	 sw;
	struct alert_mute		 m;
	struct alert			 al;
	struct principal		 admin, *saved = app->who;
	const char			*id;
	size_t				 muted;
	int				 rc;

	if ((rc = alert_sweep(app, &sw)) != ST_OK)
		return (rc);
	principal_login(&admin, admin_id, admin_email, "");
	app->who = &admin;
	if ((rc = first_open(app, ids->northwind, ids->sakura,
	    "threat_detected", &id)) != ST_OK)
		goto out;
	if (id != NULL && (rc = alert_set_status(app, ids->northwind, id,
	    "acknowledged", "Plant PC isolated from the CAD share; "
	    "re-imaging tonight.", &al)) != ST_OK)
		goto out;
	if ((rc = first_open(app, ids->northwind, ids->boss,
	    "threat_detected", &id)) != ST_OK)
		goto out;
	if (id != NULL && (rc = alert_set_status(app, ids->northwind, id,
	    "resolved", "EICAR test file from the awareness training; the "
	    "agent quarantined it.", &al)) != ST_OK)
		goto out;
	rc = alert_mute_create(app, ids->northwind, ids->boss,
	    "definitions_outdated", app->now + 5 * 86400, &m, &muted);
out:
	app->who = saved;
	return (rc);
}
