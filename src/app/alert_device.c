/*
 * alert_device.c - the alerts a device's check-in raises and clears; see
 * alert.h (alert_device_report).
 */
#include <string.h>

#include <jansson.h>

#include "app/alert.h"
#include "app/app.h"
#include "app/device.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"

static int
threat_alert(struct app *app, struct alert_event *ev, const char *hostname,
    const struct device_threat *t)
{
	char	 iso[21];
	json_t	*data;

	time_iso(t->detected_at, iso);
	data = json_pack("{s:s, s:s, s:s, s:s, s:s}", "hostname", hostname,
	    "name", t->name, "path", t->path, "action", t->action,
	    "detected_at", iso);
	ev->type = "threat_detected";
	ev->subject = arena_printf(app->a, "%s\n%s", t->name, t->path);
	ev->data = settings_text(app->a, data);
	json_decref(data);
	return (alert_raise(app, ev));
}

int
alert_device_report(struct app *app, const struct device_report *r)
{
	struct alert_event	 ev;
	char			 iso[21];
	json_t			*data;
	size_t			 i;
	int			 rc;

	memset(&ev, 0, sizeof(ev));
	ev.partner_id = r->partner_id;
	ev.customer_id = r->customer_id;
	ev.device_id = r->device_id;
	for (i = 0; i < r->nthreats; i++)
		if (r->fresh != NULL && r->fresh[i] && (rc = threat_alert(app,
		    &ev, r->hostname, &r->threats[i])) != ST_OK)
			return (rc);
	ev.subject = "";
	ev.type = "protection_off";
	data = json_pack("{s:s}", "hostname", r->hostname);
	ev.data = settings_text(app->a, data);
	json_decref(data);
	if (r->protection != NULL && strcmp(r->protection, "off") == 0)
		rc = alert_raise(app, &ev);
	else if (r->protection != NULL)
		rc = alert_clear(app, &ev, "protection is on again");
	else
		rc = ST_OK;
	if (rc != ST_OK)
		return (rc);

	ev.type = "definitions_outdated";
	if (r->definitions_at == 0 || r->definitions_at < app->now -
	    DEVICE_DEFINITIONS_MAX_AGE) {
		if (r->definitions_at > 0)
			time_iso(r->definitions_at, iso);
		data = json_pack("{s:s, s:s?}", "hostname", r->hostname,
		    "definitions_updated_at", r->definitions_at > 0 ? iso :
		    NULL);
		ev.data = settings_text(app->a, data);
		json_decref(data);
		rc = alert_raise(app, &ev);
	} else
		rc = alert_clear(app, &ev, "virus definitions are up to date "
		    "again");
	if (rc != ST_OK)
		return (rc);
	if (r->was != NULL && strcmp(r->was, "offline") == 0) {
		ev.type = "device_offline";
		return (alert_clear(app, &ev, "the device checked in again"));
	}
	return (ST_OK);
}
