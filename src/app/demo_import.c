/*
 * demo_import.c - the demo's bulk onboarding: Blue Harbor's admin brought
 * in a spreadsheet of new customers three days ago, through the same CSV
 * import the console's Import and `stewardctl customers import` use, so
 * the audit log shows the import and each customer it created.
 */
#include <string.h>

#include "app/app.h"
#include "app/customer.h"
#include "app/demo.h"
#include "app/principal.h"
#include "core/err.h"

#define DAY	(24 * 3600)

/* As an MSP's spreadsheet export: a BOM, CRLF, quoted commas. */
static const char harbor_csv[] =
    "\xef\xbb\xbf"
    "email,contact_person,phone,company,industry,website,street,"
    "postal_code,city,country,segment_discount,policy_template\r\n"
    "it@clydeside-joinery.example,Fiona MacDonald,0141 496 0321,"
    "\"Clydeside Joinery, Ltd\",construction,clydeside-joinery.example,"
    "\"Unit 7, Kelvin Industrial Estate\",G75 0YA,Glasgow,GB,,"
    "workstation\r\n"
    "office@leith-dental.example,Dr Rory Stewart,0131 496 0588,"
    "Leith Walk Dental Practice,healthcare,leith-dental.example,"
    "101 Leith Walk,EH6 8LZ,Edinburgh,GB,,workstation\r\n"
    "soumu@minato-marine.example,渡辺 美咲,03-6435-2210,"
    "港マリンサービス株式会社,transportation,minato-marine.example,"
    "港区海岸1-2-3,105-0022,東京都,JP,,server\r\n"
    "admin@orkney-trust.example,Isla Rendall,01856 872 044,"
    "Orkney Heritage Trust,nonprofit,orkney-trust.example,"
    "\"The Old Library, Laing Street\",KW15 1NW,Kirkwall,GB,nonprofit,"
    "workstation\r\n";

int
demo_import(struct app *app, const char *harbor, const char *hadmin,
    const char *hadmin_email)
{
	struct import_report	 rep;
	struct principal	 morag, *saved = app->who;
	int			 rc;

	principal_login(&morag, hadmin, hadmin_email, "");
	app->who = &morag;
	app->now -= 3 * DAY;
	rc = customer_import(app, harbor, harbor_csv, sizeof(harbor_csv) - 1,
	    false, &rep);
	app->now += 3 * DAY;
	app->who = saved;
	return (rc);
}
