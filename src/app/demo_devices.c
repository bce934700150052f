/*
 * demo_devices.c - the demo's sites and enrolled devices, made the way
 * real ones are: sites through the site rules, devices enrolled with
 * their installer's token and checking in with believable states (up to
 * date, a quarantined threat, an unresolved threat, protection off, old
 * definitions, offline for days); a partner's customers' and a company
 * console's (customer NULL: the console itself).
 */
#include <string.h>

#include "app/agent.h"
#include "app/app.h"
#include "app/demo.h"
#include "app/installer.h"
#include "app/principal.h"
#include "app/site.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/json.h"
#include "core/page.h"

struct demo_device {
	int		 customer;	/* index into the ids below */
	const char	*site;		/* site name, or NULL */
	const char	*hostname;
	const char	*platform;
	const char	*os;
	const char	*kernel;
	const char	*ip;
	int		 seen_days_ago;
	const char	*protection;
	int		 definitions_days_ago;
	const char	*threat;	/* signature, or NULL */
	const char	*threat_path;
	const char	*threat_action;
};

static const struct demo_device devices[] = {
	{ 0, "Head office", "BOSS-WS-001", "workstation", "Ubuntu 24.04 LTS",
	    "6.8.0-45-generic", "10.10.1.21", 0, "on", 0, NULL, NULL, NULL },
	{ 0, "Head office", "BOSS-WS-002", "workstation", "Ubuntu 24.04 LTS",
	    "6.8.0-45-generic", "10.10.1.22", 0, "on", 0,
	    "Eicar-Signature", "/home/ito/Downloads/eicar_test.com",
	    "quarantined" },
	{ 0, "Head office", "BOSS-FS-01", "server", "Debian GNU/Linux 12",
	    "6.1.0-26-amd64", "10.10.1.5", 0, "on", 0, NULL, NULL, NULL },
	{ 0, "Osaka branch", "BOSS-OSK-LT-07", "workstation",
	    "Ubuntu 22.04 LTS", "5.15.0-122-generic", "10.20.4.17", 0, "on",
	    5, NULL, NULL, NULL },
	{ 0, "Osaka branch", "BOSS-OSK-LT-09", "workstation",
	    "Ubuntu 22.04 LTS", "5.15.0-122-generic", "10.20.4.19", 12, "on",
	    12, NULL, NULL, NULL },
	{ 1, "Nagoya plant", "SKR-NGY-CAD-03", "workstation",
	    "Ubuntu 24.04 LTS", "6.8.0-45-generic", "192.168.30.43", 0, "on",
	    0, "Win.Trojan.Agent-1234", "/srv/share/drawings/setup_viewer.exe",
	    "reported" },
	{ 1, NULL, "SKR-HQ-WS-11", "workstation", "Debian GNU/Linux 12",
	    "6.1.0-26-amd64", "192.168.10.61", 0, "off", 0, NULL, NULL, NULL },
	{ 2, NULL, "OLV-POS-02", "workstation", "Debian GNU/Linux 12",
	    "6.1.0-26-amd64", "172.16.2.12", 0, "on", 0, NULL, NULL, NULL },
	{ 3, NULL, "HBF-NAV-01", "server", "Debian GNU/Linux 12",
	    "6.1.0-26-amd64", "10.0.0.8", 0, "on", 0, NULL, NULL, NULL },
	{ 4, "London office", "FH-LDN-WS-01", "workstation", "Ubuntu 24.04 LTS",
	    "6.8.0-45-generic", "10.1.0.21", 0, "on", 0, NULL, NULL, NULL },
	{ 4, "London office", "FH-LDN-WS-02", "workstation", "Ubuntu 24.04 LTS",
	    "6.8.0-45-generic", "10.1.0.22", 0, "on", 0, NULL, NULL, NULL },
	{ 4, "London office", "FH-LDN-DMS-01", "server", "Debian GNU/Linux 12",
	    "6.1.0-26-amd64", "10.1.0.5", 0, "on", 0, NULL, NULL, NULL },
	{ 4, "Manchester office", "FH-MAN-WS-01", "workstation",
	    "Ubuntu 24.04 LTS", "6.8.0-45-generic", "10.2.0.31", 0, "on", 0,
	    "Doc.Dropper.Agent-6543", "/home/jbrooks/Downloads/invoice_0423.docm",
	    "reported" },
	{ 4, "Manchester office", "FH-MAN-WS-02", "workstation",
	    "Ubuntu 22.04 LTS", "5.15.0-122-generic", "10.2.0.32", 0, "on", 0,
	    NULL, NULL, NULL },
};

int
demo_site_of(struct app *app, const char *partner, const char *customer,
    const char *name, const char **site_id)
{
	struct site	 s;
	struct site	*list;
	struct page	 pg;
	size_t		 n, i;
	int		 rc;

	*site_id = NULL;
	if (name == NULL)
		return (ST_OK);
	memset(&pg, 0, sizeof(pg));
	pg.limit = 100;
	if ((rc = site_list(app, partner, customer, &pg, &list, &n)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0) {
			*site_id = list[i].id;
			return (ST_OK);
		}
	if ((rc = site_create(app, partner, customer, name, &s)) != ST_OK)
		return (rc);
	*site_id = s.id;
	return (ST_OK);
}

static int
demo_device(struct app *app, const char *partner, const char *customer,
    const struct demo_device *d)
{
	struct installer_view	 inst;
	struct enrol_input	 in;
	struct enrol_result	 en;
	struct checkin_result	 ci;
	struct principal	*was = app->who, dev;
	const char		*site_id;
	char			 defs[21], det[21];
	json_t			*body;
	int64_t			 now = app->now;
	int			 rc;

	if ((rc = demo_site_of(app, partner, customer, d->site, &site_id)) !=
	    ST_OK ||
	    (rc = installer_get(app, partner, customer, site_id, &inst)) !=
	    ST_OK)
		return (rc);
	memset(&in, 0, sizeof(in));
	in.token = inst.token;
	in.hardware_id = arena_printf(app->a, "demo-%s", d->hostname);
	in.hostname = d->hostname;
	in.platform = d->platform;
	in.os = d->os;
	in.agent_version = "1.0.0";
	/* The device acts as itself, at the time it was last seen. */
	principal_anon(&dev, "");
	app->who = &dev;
	app->now = now - (int64_t)d->seen_days_ago * 86400 - 3600;
	if ((rc = agent_enroll(app, &in, &en)) != ST_OK)
		goto out;
	time_iso(app->now - (int64_t)d->definitions_days_ago * 86400 - 5400,
	    defs);
	time_iso(app->now - 1800, det);
	body = json_pack("{s:n, s:{s:s, s:s, s:[]}, s:{s:s, s:s, s:s, s:s,"
	    " s:[s], s:I}}", "policy_version", "state", "protection",
	    d->protection, "definitions_updated_at", defs, "threats", "host",
	    "hostname", d->hostname, "os", d->os, "kernel", d->kernel,
	    "agent_version", "1.0.0", "ip_addresses", d->ip, "uptime_seconds",
	    (json_int_t)(3 * 86400 + 4000));
	if (body == NULL) {
		rc = err_internal(app->e, "demo device %s", d->hostname);
		goto out;
	}
	if (d->threat != NULL)
		json_array_append_new(json_object_get(json_object_get(body,
		    "state"), "threats"), json_pack("{s:s, s:s, s:s, s:s}",
		    "name", d->threat, "path", d->threat_path, "action",
		    d->threat_action, "detected_at", det));
	rc = agent_checkin(app, en.secret, body, &ci);
	json_decref(body);
out:
	app->who = was;
	app->now = now;
	return (rc);
}

int
demo_devices(struct app *app, const struct demo_billing_ids *ids)
{
	const char	*customers[5];
	const char	*partners[5];
	size_t		 i;
	int		 rc;

	customers[0] = ids->boss;
	customers[1] = ids->sakura;
	customers[2] = ids->olivetta;
	customers[3] = ids->harbor_customer;
	partners[0] = partners[1] = partners[2] = ids->northwind;
	partners[3] = ids->harbor;
	customers[4] = NULL;
	partners[4] = ids->fenwick;
	if (!app->cfg->has_install_key)
		return (ST_OK);	/* no key: no installers, no devices */
	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if ((rc = demo_device(app, partners[devices[i].customer],
		    customers[devices[i].customer], &devices[i])) != ST_OK)
			return (rc);
	return (ST_OK);
}
