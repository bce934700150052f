/*
 * alert_sweep.c - the background sweep: devices past a threshold (not
 * seen for the partner's offline days; definitions older than three
 * days) get their stored status and their alert, mutes that ended open
 * their alerts again, and closed alerts past ALERT_KEEP_DAYS are purged.
 * Each device's change is a compare-and-set in its own transaction, so
 * two servers sweeping at once change (and alert) each device once.
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
#include "store/store.h"

/* Devices changed per partner per sweep; the rest wait for the next. */
#define SWEEP_BATCH	2000

/* The alerts a change of stored status means, in the caller's
 * transaction. */
static int
status_alerts(struct app *app, const char *partner_id,
    const struct device_drift *d, const struct device_clock *clk)
{
	struct alert_event	 ev;
	char			 iso[21];
	json_t			*data;
	int			 rc = ST_OK;

	memset(&ev, 0, sizeof(ev));
	ev.partner_id = partner_id;
	ev.customer_id = d->customer_id;
	ev.device_id = d->device_id;
	ev.subject = "";
	if (strcmp(d->status, "offline") == 0) {
		time_iso(d->last_seen, iso);
		data = json_pack("{s:s, s:s, s:I}", "hostname", d->hostname,
		    "last_seen", iso, "offline_days",
		    (json_int_t)(clk->offline_after / 86400));
		ev.type = "device_offline";
		ev.data = settings_text(app->a, data);
		json_decref(data);
		return (alert_raise(app, &ev));
	}
	if (strcmp(d->stored, "offline") == 0) {
		ev.type = "device_offline";
		if ((rc = alert_clear(app, &ev, "the device checked in again"))
		    != ST_OK)
			return (rc);
	}
	if (strcmp(d->status, "at_risk") == 0 && (d->definitions_at == 0 ||
	    d->definitions_at < clk->now - clk->definitions_max_age)) {
		if (d->definitions_at > 0)
			time_iso(d->definitions_at, iso);
		data = json_pack("{s:s, s:s?}", "hostname", d->hostname,
		    "definitions_updated_at", d->definitions_at > 0 ? iso :
		    NULL);
		ev.type = "definitions_outdated";
		ev.data = settings_text(app->a, data);
		json_decref(data);
		rc = alert_raise(app, &ev);
	}
	return (rc);
}

static int
sweep_partner(struct app *app, const char *partner_id, size_t *changes)
{
	struct device_clock	 clk;
	struct device_drift	*d;
	bool			 changed;
	size_t			 n, i;
	int			 rc;

	if ((rc = device_clock(app, partner_id, &clk)) != ST_OK ||
	    (rc = store_devices_drifted(app->st, partner_id,
	    clk.now - clk.offline_after, clk.now - clk.definitions_max_age,
	    NULL, SWEEP_BATCH, app->a, &d, &n, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
			return (rc);
		if ((rc = store_device_set_status(app->st, d[i].device_id,
		    d[i].stored, d[i].status, 0, &changed, app->e)) != ST_OK ||
		    (changed && (rc = status_alerts(app, partner_id, &d[i],
		    &clk)) != ST_OK) ||
		    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
			store_tx_rollback(app->st);
			return (rc);
		}
		if (changed)
			(*changes)++;
	}
	return (ST_OK);
}

static int
mutes_end(struct app *app, size_t *ended)
{
	struct alert_mute	*m;
	struct alert_moved	 reopened;
	size_t			 n, i;
	int			 rc;

	if ((rc = store_mutes_expired(app->st, app->now, app->a, &m, &n,
	    app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
			return (rc);
		rc = store_mute_end(app->st, m[i].partner_id, m[i].id,
		    app->now, app->a, &reopened, app->e);
		if (rc == ST_NOT_FOUND) {	/* another server did it */
			store_tx_rollback(app->st);
			err_clear(app->e);
			continue;
		}
		if (rc != ST_OK ||
		    (rc = alert_moved_hooks(app, &reopened, NULL)) != ST_OK ||
		    (rc = app_audit(app, m[i].partner_id,
		    m[i].customer_id, "alert", "unmute", "success",
		    arena_printf(app->a, "Mute of alerts %s of %s ended "
		    "(%zu alert(s) open again)", m[i].type,
		    m[i].customer_name, reopened.n))) != ST_OK ||
		    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
			store_tx_rollback(app->st);
			return (rc);
		}
		(*ended)++;
	}
	return (ST_OK);
}

int
alert_sweep(struct app *app, struct alert_sweep_stats *out)
{
	const char	**partners;
	size_t		  n, i;
	int		  rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_partners_with_devices(app->st, app->a, &partners, &n,
	    app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++)
		if ((rc = sweep_partner(app, partners[i],
		    &out->status_changes)) != ST_OK)
			return (rc);
	if ((rc = mutes_end(app, &out->mutes_ended)) != ST_OK)
		return (rc);
	return (store_alerts_purge(app->st, app->now -
	    (int64_t)ALERT_KEEP_DAYS * 86400, &out->purged, app->e));
}
