/*
 * demo.c - demo data; see demo.h.
 */
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/demo.h"
#include "app/oms.h"
#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

static const struct demo_login demo_logins[] = {
	{ "admin@northwind.example", "steward-demo-admin",
	    "Northwind IT Services - global admin" },
	{ "viewer@northwind.example", "steward-demo-viewer",
	    "Northwind IT Services - global viewer" },
	{ "tanaka@northwind.example", "steward-demo-tanaka",
	    "Northwind IT Services - admin, Japanese console" },
	{ "admin@blueharbor.example", "steward-demo-harbor",
	    "Blue Harbor Managed Services - global admin" },
};

struct demo_oms {
	const char	*type, *email, *first, *last, *company, *industry;
	const char	*website, *phone, *street, *postal, *city, *country;
};

/* Northwind's OMS, including the records named in the documentation. */
static const struct demo_oms northwind_oms[] = {
	{ "business", "nika.vuk@testcustomer.example", "Nika", "Vuk",
	    "Test Customer", "it_telecom", "https://testcustomer.example",
	    "+38514567890", "Ilica 242", "10000", "Zagreb", "HR" },
	{ "business", "s1@bossstg.example", "Stan", "De ladin",
	    "BOSS STG payg test A 4/4/2023 cs1", "professional_services",
	    "https://bossstg.example", "+442079460123", "221 Baker Street",
	    "NW1 6XE", "London", "GB" },
	{ "business", "it@sakura-seiki.example", "陽子", "佐藤",
	    "株式会社さくら精機", "manufacturing", "https://sakura-seiki.example",
	    "+81312345678", "千代田区丸の内1-1-1", "100-0005", "東京都", "JP" },
	{ "business", "office@meadowbrook-dental.example", "Grace", "Okafor",
	    "Meadowbrook Dental Clinic", "healthcare",
	    "https://meadowbrook-dental.example", "+14155550142",
	    "1200 Market Street", "94102", "San Francisco", "US" },
	{ "business", "admin@riverside-school.example", "Tom", "Becker",
	    "Riverside Primary School", "education",
	    "https://riverside-school.example", "+4930123456",
	    "Uferstraße 12", "10115", "Berlin", "DE" },
	/* Not listed for hub creation: a consumer, and incomplete details. */
	{ "consumer", "jan.novak@mail.example", "Jan", "Novák", "", "", "",
	    "", "", "", "", "CZ" },
	{ "business", "billing@halfdone.example", "Pat", "Lee",
	    "Halfdone Logistics", "transportation", "", "", "", "", "",
	    "NL" },
};

static const struct demo_oms blueharbor_oms[] = {
	{ "business", "it@harbor-fisheries.example", "Ewan", "MacLeod",
	    "Harbor Fisheries Ltd", "agriculture",
	    "https://harbor-fisheries.example", "+441315550199",
	    "5 Quayside", "EH6 6QQ", "Edinburgh", "GB" },
};

static int
add_oms(struct app *app, const char *partner, const struct demo_oms *d,
    size_t n)
{
	struct oms_record	r;
	char			*id;
	size_t			 i;
	int			 rc;

	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof(r));
		r.type = d[i].type;
		r.email = d[i].email;
		r.first_name = d[i].first;
		r.last_name = d[i].last;
		r.company = d[i].company;
		r.industry = d[i].industry;
		r.website = d[i].website;
		r.phone = d[i].phone;
		r.street = d[i].street;
		r.postal_code = d[i].postal;
		r.city = d[i].city;
		r.country = d[i].country;
		if ((rc = oms_record_add(app, partner, &r, &id)) != ST_OK)
			return (rc);
	}
	return (ST_OK);
}

static int
add_user(struct app *app, const struct demo_login *l, const char *name,
    const char *lang, const char *account, const char *role, char **id)
{
	int	rc;

	if ((rc = user_create(app, l->email, l->password, name, lang, id)) !=
	    ST_OK)
		return (rc);
	return (user_grant(app, account, *id, role));
}

int
demo_load(struct app *app, const struct demo_login **logins, size_t *n)
{
	char	*marker, *northwind, *harbor, *contoso, *admin, *viewer;
	char	*tanaka, *hadmin;
	int	 rc;

	*logins = demo_logins;
	*n = sizeof(demo_logins) / sizeof(demo_logins[0]);
	rc = store_meta_get(app->st, app->a, "demo_loaded", &marker, app->e);
	if (rc == ST_OK)
		return (ST_OK);
	if (rc != ST_NOT_FOUND)
		return (rc);
	err_clear(app->e);

	if ((rc = account_create(app, "partner", "Northwind IT Services",
	    &northwind)) != ST_OK ||
	    (rc = account_create(app, "partner",
	    "Blue Harbor Managed Services", &harbor)) != ST_OK ||
	    (rc = account_create(app, "company", "Contoso Pharma",
	    &contoso)) != ST_OK)
		return (rc);

	if ((rc = add_user(app, &demo_logins[0], "Alex Morgan", "en",
	    northwind, "admin", &admin)) != ST_OK ||
	    (rc = user_grant(app, contoso, admin, "admin")) != ST_OK ||
	    (rc = add_user(app, &demo_logins[1], "Sam Rivera", "en",
	    northwind, "viewer", &viewer)) != ST_OK ||
	    (rc = add_user(app, &demo_logins[2], "田中 健", "ja",
	    northwind, "admin", &tanaka)) != ST_OK ||
	    (rc = add_user(app, &demo_logins[3], "Morag Campbell", "en",
	    harbor, "admin", &hadmin)) != ST_OK)
		return (rc);

	if ((rc = add_oms(app, northwind, northwind_oms,
	    sizeof(northwind_oms) / sizeof(northwind_oms[0]))) != ST_OK ||
	    (rc = add_oms(app, harbor, blueharbor_oms,
	    sizeof(blueharbor_oms) / sizeof(blueharbor_oms[0]))) != ST_OK)
		return (rc);

	return (store_meta_set(app->st, "demo_loaded", "1", app->e));
}
