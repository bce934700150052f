/*
 * demo_deletion.c - a customer Alex deleted three days ago, so that the
 * demo's Deleted customers list shows one to restore (purged 27 days from
 * now unless someone does), and a site of BOSS he deleted five days ago,
 * under Deleted sites on its Sites tab.
 */
#include <string.h>

#include "app/app.h"
#include "app/customer.h"
#include "app/deletion.h"
#include "app/demo.h"
#include "app/principal.h"
#include "app/site.h"
#include "core/err.h"

/* A showroom the customer closed: added two months ago, deleted five
 * days ago (it held no devices). */
static int
deleted_site(struct app *app, const char *northwind, const char *customer)
{
	struct site	s;
	int64_t		now = app->now;
	int		rc;

	app->now = now - 60 * 86400;
	rc = site_create(app, northwind, customer, "Kobe showroom", &s);
	app->now = now - 5 * 86400;
	if (rc == ST_OK)
		rc = site_delete(app, northwind, customer, s.id, s.name, false,
		    NULL);
	app->now = now;
	return (rc);
}

int
demo_deleted(struct app *app, const char *northwind, const char *boss,
    const char *admin_id, const char *admin_email)
{
	struct customer_input	 in;
	struct principal	 alex, *saved = app->who;
	int64_t			 now = app->now;
	char			*cid;
	int			 rc;

	memset(&in, 0, sizeof(in));
	in.source = "new";
	in.email = "office@lakeside-dental.example";
	in.contact_person = "Oliver Bennett";
	in.d.phone = "+44 161 496 0732";
	in.d.company = "Lakeside Dental Practice";
	in.d.industry = "healthcare";
	in.d.website = "lakeside-dental.example";
	in.d.street = "14 Lake Road";
	in.d.postal_code = "M20 2RN";
	in.d.city = "Manchester";
	in.d.country = "GB";
	in.management.mode = "local";
	in.management.template = "workstation";
	principal_login(&alex, admin_id, admin_email, "");
	app->who = &alex;
	app->now = now - 40 * 86400;
	rc = customer_create(app, northwind, &in, &cid);
	app->now = now - 3 * 86400;
	if (rc == ST_OK)
		rc = customer_delete(app, northwind, cid, in.d.company);
	app->now = now;
	if (rc == ST_OK)
		rc = deleted_site(app, northwind, boss);
	app->who = saved;
	return (rc);
}
