/*
 * demo_billing.c - the demo's catalogue history and subscriptions: every
 * state a partner meets (a prepaid term from a code, a trial, one ending
 * soon, one ended, pay-as-you-go with a change of seats, nothing yet).
 * Things that happened in the past are made at that time (app->now moved
 * back), so the usage report and the audit log read naturally.
 */
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/company.h"
#include "app/demo.h"
#include "app/operator.h"
#include "app/subscription.h"
#include "core/dates.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_subscription.h"

#define DAY	86400

int
demo_billing(struct app *app, const struct demo_billing_ids *ids)
{
	struct service_input	 in;
	struct service		 s;
	struct activation_code	 granted;
	struct account		 op;
	char			*order, **codes, *opid;
	const char		*self;
	int64_t			 now = app->now;
	size_t			 i, added;
	char			 day[11];
	int			 rc;

	/* The installation's operator has kept the catalogue for a year
	 * and turns flexible billing on for Northwind. */
	if ((rc = store_operator_account(app->st, app->a, &op, app->e)) ==
	    ST_NOT_FOUND) {
		err_clear(app->e);
		rc = account_create(app, "operator", "Steward Operations",
		    &opid);
	}
	if (rc != ST_OK)
		return (rc);
	app->now = now - 400 * DAY;
	date_of(app->now, day);
	if ((rc = service_seed(app, &added)) != ST_OK)
		goto out;
	for (i = 0; i < service_defaults_n; i++)
		if ((rc = store_service_backdate(app->st,
		    service_defaults[i].key, app->now, day, app->e)) != ST_OK)
			goto out;
	/* Remote control's trial was shortened to 14 days of 5 seats. */
	memset(&in, 0, sizeof(in));
	in.key = "premium_remote_control";
	in.trial_days = 14;
	in.trial_seats = 5;
	in.position = -1;
	if ((rc = service_set(app, &in, &s)) != ST_OK)
		goto out;
	app->now = now;
	if ((rc = operator_partner_flexible(app, ids->northwind, true)) !=
	    ST_OK)
		return (rc);

	/* The documentation's pay-as-you-go customer, for two months. */
	app->now = now - 62 * DAY;
	if ((rc = sub_payg_start(app, ids->northwind, ids->boss,
	    "premium_business", 10)) != ST_OK)
		goto out;
	app->now = now - 20 * DAY;
	if ((rc = sub_payg_seats(app, ids->northwind, ids->boss,
	    "premium_business", 14)) != ST_OK)
		goto out;

	/* Olivetta: pay-as-you-go Ultimate, and a Patch Management trial. */
	app->now = now - 45 * DAY;
	if ((rc = sub_payg_start(app, ids->northwind, ids->olivetta,
	    "ultimate_business", 40)) != ST_OK)
		goto out;
	app->now = now - 3 * DAY;
	if ((rc = sub_trial_start(app, ids->northwind, ids->olivetta,
	    "patch_management")) != ST_OK)
		goto out;

	/* Sakura Seiki: a year of Premium from an OMS order, and a Cloud
	 * Backup trial that ends in five days. */
	app->now = now - 100 * DAY;
	if ((rc = sub_order_create(app, ids->northwind, "premium_business", 50,
	    12, 1, &order, &codes)) != ST_OK ||
	    (rc = sub_code_redeem(app, ids->northwind, ids->sakura, codes[0],
	    &granted)) != ST_OK)
		goto out;
	app->now = now - 25 * DAY;
	if ((rc = sub_trial_start(app, ids->northwind, ids->sakura,
	    "cloud_backup")) != ST_OK)
		goto out;

	/* Kookaburra Legal: its Essential trial ended last week. */
	app->now = now - 37 * DAY;
	if ((rc = sub_trial_start(app, ids->northwind, ids->kookaburra,
	    "essential_business")) != ST_OK)
		goto out;

	/* Fenwick & Hale, a company console: a year of Premium for its 40
	 * devices from its own OMS order, and a Patch Management trial. */
	if ((rc = company_self(app, ids->fenwick, true, &self)) != ST_OK)
		goto out;
	app->now = now - 120 * DAY;
	if ((rc = sub_order_create(app, ids->fenwick, "premium_business", 40,
	    12, 1, &order, &codes)) != ST_OK ||
	    (rc = sub_code_redeem(app, ids->fenwick, self, codes[0],
	    &granted)) != ST_OK)
		goto out;
	app->now = now - 6 * DAY;
	if ((rc = sub_trial_start(app, ids->fenwick, self,
	    "patch_management")) != ST_OK)
		goto out;

	/* Blue Harbor's customer, never visible to Northwind. */
	app->now = now - 10 * DAY;
	if ((rc = sub_trial_start(app, ids->harbor, ids->harbor_customer,
	    "essential_business")) != ST_OK)
		goto out;

	/* Ultimate's price rose twelve days ago: Olivetta's usage this
	 * period is billed at both prices, each on its own row. */
	app->now = now - 12 * DAY;
	memset(&in, 0, sizeof(in));
	in.key = "ultimate_business";
	in.price = "0.14";
	in.trial_days = in.trial_seats = in.position = -1;
	if ((rc = service_set(app, &in, &s)) != ST_OK)
		goto out;

	/* Codes Northwind has not used yet. */
	app->now = now;
	rc = sub_order_create(app, ids->northwind, "essential_business", 25,
	    12, 3, &order, &codes);
out:
	app->now = now;
	return (rc);
}
