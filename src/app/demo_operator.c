/*
 * demo_operator.c - the demo's operator and its review queue: an operator
 * login, a partner serving schools and public bodies ("Kestrel Public
 * Sector IT") whose customers applied for segment discounts (one waiting,
 * one overdue), and a Northwind customer whose application the operator
 * approved (its pay-as-you-go prices are discounted).
 * Applications filed in the past are filed at that time (app->now moved
 * back), so due dates, the audit log and the outbox read naturally.
 */
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/customer.h"
#include "app/demo.h"
#include "app/discount.h"
#include "app/operator.h"
#include "app/principal.h"
#include "core/err.h"
#include "core/page.h"
#include "store/store.h"

#define DAY	(24 * 3600)

struct demo_applicant {
	const char		*email, *contact;
	struct contact_details	 d;
	const char		*segment;
	int			 days_ago;
	int			 northwind;	/* else Kestrel's */
};

static const struct demo_applicant applicants[] = {
	/* Overdue: filed two weeks ago and still waiting. */
	{ "ict@riverbend-council.example", "Oliver Hughes",
	    { "Riverbend County Council", "government",
	    "riverbend-council.example", "+44 1904 613161", "1 Market Square",
	    "YO1 7HH", "York", "GB" }, "government", 14, 0 },
	/* Decided below: approved. */
	{ "it@hope-harbour.example", "Maria Santos",
	    { "Hope Harbour Foundation", "nonprofit", "hope-harbour.example",
	    "+1 415 555 0175", "350 Mission Street", "94105", "San Francisco",
	    "US" }, "nonprofit", 20, 1 },
	/* Waiting, due in a few days. */
	{ "office@kitakaze-gakuen.example", "鈴木 花子",
	    { "北風学園", "education", "kitakaze-gakuen.example",
	    "+81 3 1234 5679", "文京区本郷7-3-1", "113-8654", "東京都", "JP" },
	    "education", 1, 0 },
};

static int
apply(struct app *app, const char *partner, const struct demo_applicant *d,
    char **id)
{
	struct customer_input	 in;
	int64_t			 now = app->now;
	int			 rc;

	memset(&in, 0, sizeof(in));
	in.source = "new";
	in.email = d->email;
	in.contact_person = d->contact;
	in.d = d->d;
	in.segment_discount = d->segment;
	in.management.mode = "local";
	in.management.template = "workstation";
	app->now = now - (int64_t)d->days_ago * DAY;
	rc = customer_create(app, partner, &in, id);
	app->now = now;
	return (rc);
}

int
demo_operator(struct app *app, const struct demo_login *login,
    const struct demo_login *kestrel_admin, const char *northwind)
{
	struct discount_review	*q;
	struct page		 all;
	struct principal	 op, *saved;
	char			*op_login, *partner, *admin, *cid[3];
	size_t			 i, n;
	bool			 existed;
	int			 rc;

	if ((rc = operator_login_add(app, login->email, login->password,
	    "Jordan Lee", "en", "admin", &op_login, &existed)) != ST_OK)
		return (rc);
	if ((rc = account_create(app, "partner", "Kestrel Public Sector IT",
	    &partner)) != ST_OK ||
	    (rc = user_create(app, kestrel_admin->email,
	    kestrel_admin->password, "Fiona Baird", "en", &admin)) != ST_OK ||
	    (rc = user_grant(app, partner, admin, "admin")) != ST_OK)
		return (rc);
	for (i = 0; i < sizeof(applicants) / sizeof(applicants[0]); i++)
		if ((rc = apply(app, applicants[i].northwind ? northwind :
		    partner, &applicants[i], &cid[i])) != ST_OK)
			return (rc);
	/* The operator approved Hope Harbour's application two weeks ago. */
	if ((rc = discount_queue(app, "pending", NULL, page_all(&all), &q, &n)) !=
	    ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		if (strcmp(q[i].d.customer_id, cid[1]) != 0)
			continue;
		saved = app->who;
		principal_login(&op, op_login, login->email, "");
		app->who = &op;
		app->now -= 14 * DAY;
		rc = discount_decide(app, q[i].d.id, "approve", "Registered "
		    "501(c)(3) charity; IRS determination letter checked.");
		app->now += 14 * DAY;
		app->who = saved;
		if (rc != ST_OK)
			return (rc);
	}
	return (ST_OK);
}
