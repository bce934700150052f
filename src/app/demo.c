/*
 * demo.c - demo data; see demo.h.
 */
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/demo.h"
#include "app/customer.h"
#include "app/invitation.h"
#include "app/oms.h"
#include "app/policy.h"
#include "app/principal.h"
#include "app/settings.h"
#include "app/site.h"
#include "core/arena.h"
#include "core/page.h"
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
	{ "tech@northwind.example", "steward-demo-tech",
	    "Northwind IT Services - customer admin of Sakura Seiki and "
	    "Kookaburra Legal only" },
	{ "operator@steward.example", "steward-demo-operator",
	    "the operator: discount reviews, rates, partners, e-mail" },
	{ "admin@kestrel.example", "steward-demo-kestrel",
	    "Kestrel Public Sector IT - global admin (discount applications)" },
	{ "it@fenwickhale.example", "steward-demo-fenwick",
	    "Fenwick & Hale Solicitors (company console) - admin; the console "
	    "requires two-step verification: set it up at first sign-in" },
	{ "tom@fenwickhale.example", "steward-demo-tom",
	    "Fenwick & Hale Solicitors - site admin of the Manchester office "
	    "only (two-step verification at first sign-in too)" },
};

struct demo_oms {
	const char		*type, *email, *first, *last;
	struct contact_details	 d;
};

/* Northwind's OMS, including the records named in the documentation. */
static const struct demo_oms northwind_oms[] = {
	{ "business", "nika.vuk@testcustomer.example", "Nika", "Vuk",
	    { "Test Customer", "it_telecom", "https://testcustomer.example",
	    "+38514567890", "Ilica 242", "10000", "Zagreb", "HR" } },
	{ "business", "s1@bossstg.example", "Stan", "De ladin",
	    { "BOSS STG payg test A 4/4/2023 cs1", "professional_services",
	    "https://bossstg.example", "+442079460123", "221 Baker Street",
	    "NW1 6XE", "London", "GB" } },
	{ "business", "it@sakura-seiki.example", "陽子", "佐藤", { "株式会社さくら精機",
	    "manufacturing", "https://sakura-seiki.example", "+81312345678",
	    "千代田区丸の内1-1-1", "100-0005", "東京都", "JP" } },
	{ "business", "office@meadowbrook-dental.example", "Grace", "Okafor",
	    { "Meadowbrook Dental Clinic", "healthcare",
	    "https://meadowbrook-dental.example", "+14155550142",
	    "1200 Market Street", "94102", "San Francisco", "US" } },
	{ "business", "admin@riverside-school.example", "Tom", "Becker",
	    { "Riverside Primary School", "education",
	    "https://riverside-school.example", "+4930901820", "Uferstraße 12",
	    "10115", "Berlin", "DE" } },
	{ "business", "it@lumiere-hotels.example", "Camille", "Durand",
	    { "Lumière Hotels", "hospitality",
	    "https://lumiere-hotels.example", "+33142685300",
	    "12 rue de Rivoli", "75004", "Paris", "FR" } },
	{ "business", "support@maple-logistics.example", "Owen", "Tremblay",
	    { "Maple Logistics Inc.", "transportation",
	    "https://maple-logistics.example", "+16135550188",
	    "150 Elgin Street", "K2P 1L4", "Ottawa", "CA" } },
	{ "business", "office@kookaburra-legal.example", "Mia", "Nguyen",
	    { "Kookaburra Legal", "legal", "https://kookaburra-legal.example",
	    "+61292505000", "1 Macquarie Street", "2000", "Sydney", "AU" } },
	{ "business", "ict@tulpenbouw.example", "Daan", "de Vries",
	    { "Tulpen Bouw B.V.", "construction", "https://tulpenbouw.example",
	    "+31205550123", "Damrak 70", "1012 LM", "Amsterdam", "NL" } },
	{ "business", "sistemi@olivetta-finanza.example", "Giulia", "Romano",
	    { "Olivetta Finanza S.p.A.", "finance",
	    "https://olivetta-finanza.example", "+390667891234",
	    "Via del Corso 101", "00186", "Roma", "IT" } },
	{ "business", "it@sol-energia.example", "Lucía", "García",
	    { "Sol Energía S.L.", "energy", "https://sol-energia.example",
	    "+34915550123", "Calle de Alcalá 45", "28014", "Madrid", "ES" } },
	{ "business", "it@hokkaido-farms.example", "翔", "高橋", { "北海道ファーム株式会社",
	    "agriculture", "https://hokkaido-farms.example", "+81112345678",
	    "中央区北1条西2丁目", "060-0001", "札幌市", "JP" } },
	{ "business", "info@harbourview-college.example", "Aisha", "Patel",
	    { "Harbourview Community College", "education",
	    "https://harbourview-college.example", "+441315550142",
	    "10 Leith Walk", "EH6 5AA", "Edinburgh", "GB" } },
	/* Not listed for hub creation: a consumer, and incomplete details. */
	{ "consumer", "jan.novak@mail.example", "Jan", "Novák", { "", "", "",
	    "", "", "", "", "CZ" } },
	{ "business", "billing@halfdone.example", "Pat", "Lee",
	    { "Halfdone Logistics", "transportation", "", "", "", "", "", "NL"
	    } },
};

static const struct demo_oms blueharbor_oms[] = {
	{ "business", "it@harbor-fisheries.example", "Ewan", "MacLeod",
	    { "Harbor Fisheries Ltd", "agriculture",
	    "https://harbor-fisheries.example", "+441315550199", "5 Quayside",
	    "EH6 6QQ", "Edinburgh", "GB" } },
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
		r.d = d[i].d;
		if ((rc = oms_record_add(app, partner, &r, &id)) != ST_OK)
			return (rc);
	}
	return (ST_OK);
}

/* A customer from an OMS record (found by its e-mail). */
static int
customer_from_oms(struct app *app, const char *partner, const char *email,
    struct management_input *m, char **id)
{
	enum oms_email_status	 st;
	struct oms_record	 r;
	struct customer_input	 in;
	int			 rc;

	if ((rc = oms_email_check(app, partner, email, &st, &r)) != ST_OK)
		return (rc);
	memset(&in, 0, sizeof(in));
	in.source = "oms";
	in.oms_record_id = r.id;
	in.management = *m;
	return (customer_create(app, partner, &in, id));
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

/* A login with a role limited to one site (by name) of company; the site
 * is there without devices too (no installer key). */
static int
demo_site_user(struct app *app, const char *company, const char *site,
    const struct demo_login *l, const char *name)
{
	const char	*site_id;
	char		*id;
	int		 rc;

	if ((rc = demo_site_of(app, company, NULL, site, &site_id)) != ST_OK)
		return (rc);
	if ((rc = user_create(app, l->email, l->password, name, "en", &id)) !=
	    ST_OK)
		return (rc);
	return (user_grant_sites(app, company, id, "admin", &site_id, 1));
}

/* A policy from the template of platform with changes (JSON text). */
static int
add_policy(struct app *app, const char *partner, const char *customer,
    const char *name, const char *platform, const char *desc,
    const char *changes, const char *locked, char **id)
{
	struct policy_input	in;

	memset(&in, 0, sizeof(in));
	in.name = name;
	in.platform = platform;
	in.description = desc;
	in.settings = changes ? settings_parse(app->a, changes) : NULL;
	in.locked = locked ? settings_parse(app->a, locked) : NULL;
	return (policy_create(app, partner, customer, &in, id));
}

/* The global policies' part of the demo: copies, overrides, defaults. */
static int
demo_policies(struct app *app, const char *partner, const char *gtest,
    const char *sakura, const char *olivetta)
{
	struct policy_input	 in;
	const char		*ids[1];
	char			*strict;
	size_t			 added;
	int			 rc;

	/* Finance gets a stricter copy of the baseline as its default. */
	memset(&in, 0, sizeof(in));
	in.name = "Strict Workstations";
	in.description = "For regulated customers: strict firewall, every "
	    "severity but low patched automatically.";
	in.source = "copy";
	in.copy_policy_id = gtest;
	in.settings = settings_parse(app->a, "{\"firewall\":{\"mode\":"
	    "\"strict\"},\"patch_management\":{\"auto_install\":"
	    "[\"critical\",\"high\",\"medium\"]},\"remote_access\":"
	    "{\"session_timeout_minutes\":15}}");
	if ((rc = policy_create(app, partner, NULL, &in, &strict)) != ST_OK)
		return (rc);
	ids[0] = olivetta;
	if ((rc = policy_assign(app, partner, strict, ids, 1, true,
	    &added)) != ST_OK)
		return (rc);
	/* Sakura Seiki scans at night and excludes its CAD projects. */
	return (policy_override_put(app, partner, sakura, gtest,
	    settings_parse(app->a, "{\"antivirus\":{\"scheduled_scan\":"
	    "{\"time\":\"03:00\",\"type\":\"full\"}},\"exclusions\":"
	    "{\"paths\":[\"D:\\\\CAD\\\\Projects\\\\*\"]}}")));
}

int
demo_load(struct app *app, const struct demo_login **logins, size_t *n)
{
	struct management_input	 m;
	struct customer_input	 in;
	const char		*globals[2];
	char	*marker, *northwind, *harbor, *contoso, *admin, *viewer;
	char	*tanaka, *hadmin, *gtest, *gserver, *boss, *pid, *cid;
	char	*sakura, *olivetta, *kookaburra, *tech, *fenwick, *fadmin;
	const char *covered[2];
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

	/*
	 * Northwind's global policies, from the templates. The baseline
	 * locks the shields, the firewall and web control, and excludes
	 * Northwind's own RMM agent everywhere.
	 */
	if ((rc = add_policy(app, northwind, NULL, "Global Test Policy",
	    "workstation", "Baseline protection for every managed "
	    "workstation.", "{\"web_control\":{\"blocked_categories\":"
	    "[\"malware\",\"phishing\",\"adult\",\"gambling\"]},"
	    "\"exclusions\":{\"paths\":[\"C:\\\\Program Files\\\\"
	    "Northwind RMM\\\\*\"],\"urls\":[\"*.northwind-it.example\"]}}",
	    "[\"antivirus.file_shield\",\"antivirus.behavior_shield\","
	    "\"firewall.enabled\",\"web_control\"]", &gtest)) != ST_OK ||
	    (rc = add_policy(app, northwind, NULL, "Standard Servers",
	    "server", "Servers: strict firewall, critical patches only, no "
	    "automatic reboots.", NULL, "[\"firewall\"]", &gserver)) !=
	    ST_OK)
		return (rc);

	/* The documentation's customer: local policies "Default" and
	 * "Local Test Policy". */
	memset(&m, 0, sizeof(m));
	m.mode = "local";
	m.template = "workstation";
	if ((rc = customer_from_oms(app, northwind, "s1@bossstg.example", &m,
	    &boss)) != ST_OK ||
	    (rc = add_policy(app, northwind, boss, "Local Test Policy",
	    "workstation", "Trying out stricter web control before it goes "
	    "global.", "{\"web_control\":{\"blocked_categories\":"
	    "[\"malware\",\"phishing\",\"adult\",\"social_media\","
	    "\"streaming\"]}}", NULL, &pid)) != ST_OK)
		return (rc);

	/* Managed with global policies: both of them. */
	memset(&m, 0, sizeof(m));
	m.mode = "global";
	globals[0] = gtest;
	globals[1] = gserver;
	m.global_policy_ids = globals;
	m.nglobal = 2;
	if ((rc = customer_from_oms(app, northwind, "it@sakura-seiki.example",
	    &m, &sakura)) != ST_OK ||
	    (rc = customer_from_oms(app, northwind,
	    "sistemi@olivetta-finanza.example", &m, &olivetta)) != ST_OK ||
	    (rc = demo_policies(app, northwind, gtest, sakura, olivetta)) !=
	    ST_OK)
		return (rc);

	/* A copy of the documentation customer's local policy. */
	memset(&m, 0, sizeof(m));
	m.mode = "local";
	m.has_copy = true;
	m.copy_customer_id = boss;
	m.copy_policy_id = pid;
	if ((rc = customer_from_oms(app, northwind,
	    "office@kookaburra-legal.example", &m, &kookaburra)) != ST_OK)
		return (rc);

	/* A technician who looks after two customers only. */
	covered[0] = sakura;
	covered[1] = kookaburra;
	if ((rc = user_create(app, demo_logins[4].email,
	    demo_logins[4].password, "Priya Shah", "en", &tech)) != ST_OK ||
	    (rc = user_grant_customers(app, northwind, tech, "admin", covered,
	    2)) != ST_OK)
		return (rc);

	/* The team has been at work: when each last signed in. */
	if ((rc = store_login_signed_in(app->st, viewer, app->now - 5 * 3600,
	    app->e)) != ST_OK ||
	    (rc = store_login_signed_in(app->st, tanaka, app->now - 2 * 86400 -
	    3 * 3600, app->e)) != ST_OK ||
	    (rc = store_login_signed_in(app->st, tech, app->now - 9 * 86400,
	    app->e)) != ST_OK ||
	    (rc = store_login_signed_in(app->st, admin, app->now - 40 * 60,
	    app->e)) != ST_OK)
		return (rc);

	/* Alex invited a new technician yesterday, who has not joined yet. */
	{
		struct invitation_input	 iin;
		struct invitation	 inv;
		struct principal	 alex, *saved = app->who;

		memset(&iin, 0, sizeof(iin));
		iin.email = "j.okafor@northwind.example";
		iin.role = "viewer";
		principal_login(&alex, admin, demo_logins[0].email, "");
		app->who = &alex;
		app->now -= 86400;
		rc = invitation_create(app, northwind, &iin, &inv);
		app->now += 86400;
		app->who = saved;
		if (rc != ST_OK)
			return (rc);
	}

	/* A new customer applying for the education discount. */
	memset(&in, 0, sizeof(in));
	in.source = "new";
	in.email = "it@westbrook-academy.example";
	in.contact_person = "Hannah Schmidt";
	in.d.phone = "+49 89 1234567";
	in.d.company = "Westbrook Academy";
	in.d.industry = "education";
	in.d.website = "westbrook-academy.example";
	in.d.street = "Leopoldstraße 20";
	in.d.postal_code = "80802";
	in.d.city = "München";
	in.d.country = "DE";
	in.segment_discount = "education";
	in.management.mode = "global";
	in.management.global_policy_ids = globals;
	in.management.nglobal = 1;
	if ((rc = customer_create(app, northwind, &in, &cid)) != ST_OK)
		return (rc);

	/* Blue Harbor's own customer, which Northwind must never see. */
	memset(&m, 0, sizeof(m));
	m.mode = "local";
	m.template = "server";
	if ((rc = customer_from_oms(app, harbor, "it@harbor-fisheries.example",
	    &m, &cid)) != ST_OK)
		return (rc);
	/* ...and the ones it onboarded from a spreadsheet. */
	if ((rc = demo_import(app, harbor, hadmin, demo_logins[3].email)) !=
	    ST_OK)
		return (rc);

	/* A law firm's own console with an office in London and one in
	 * Manchester (multi-tenant); it requires two-step verification of
	 * everyone, which its admin has yet to set up, so signing in leads
	 * there first. The Manchester office's own admin sees that site. */
	if ((rc = account_create(app, "company", "Fenwick & Hale Solicitors",
	    &fenwick)) != ST_OK ||
	    (rc = store_account_set_tenancy(app->st, fenwick, "multi",
	    app->e)) != ST_OK ||
	    (rc = add_user(app, &demo_logins[7], "Priya Shah", "en",
	    fenwick, "admin", &fadmin)) != ST_OK)
		return (rc);

	/* Services, subscriptions and codes (demo_billing.c); devices
	 * (demo_devices.c); the operator and its review queue
	 * (demo_operator.c); then the alerts all that raised
	 * (demo_alerts.c); last, a customer deleted three days ago and a
	 * site five days ago (demo_deletion.c). */
	{
		struct demo_billing_ids	b = { northwind, harbor, boss, sakura,
		    olivetta, kookaburra, cid, fenwick };

		if ((rc = demo_billing(app, &b)) != ST_OK ||
		    (rc = demo_devices(app, &b)) != ST_OK ||
		    (rc = demo_operator(app, &demo_logins[5], &demo_logins[6],
		    northwind)) != ST_OK ||
		    (rc = demo_alerts(app, &b, admin, demo_logins[0].email)) !=
		    ST_OK ||
		    (rc = demo_deleted(app, northwind, boss, admin,
		    demo_logins[0].email)) != ST_OK)
			return (rc);
	}

	if ((rc = demo_site_user(app, fenwick, "Manchester office",
	    &demo_logins[8], "Tom Ashworth")) != ST_OK ||
	    (rc = account_require_two_step(app, fenwick, true)) != ST_OK)
		return (rc);

	return (store_meta_set(app->st, "demo_loaded", "1", app->e));
}
