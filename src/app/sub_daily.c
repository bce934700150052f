/*
 * sub_daily.c - the daily subscription job: expiry and "ending" and
 * "ended" events, once per UTC day across servers; see subscription.h.
 */

#include <string.h>

#include <jansson.h>

#include "app/access.h"
#include "app/alert.h"
#include "app/app.h"
#include "app/settings.h"
#include "app/sub_int.h"
#include "app/subscription.h"
#include "app/webhook.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/dates.h"
#include "store/store.h"
#include "store/store_subscription.h"

/* The alert of a subscription event (once, when the event is new). */
static int
event_alert(struct app *app, const struct subscription *s, const char *kind)
{
	struct alert_event	 ev;
	json_t			*data;
	int			 rc;

	memset(&ev, 0, sizeof(ev));
	ev.partner_id = s->partner_id;
	ev.customer_id = s->customer_id;
	ev.subject = s->service_key;
	data = json_pack("{s:s, s:s, s:s}", "service_key", s->service_key,
	    "kind", s->kind, "ends_on", s->ends_on);
	ev.data = settings_text(app->a, data);
	json_decref(data);
	if (strcmp(kind, "trial_ended") == 0 ||
	    strcmp(kind, "trial_ending") == 0)
		ev.type = kind;
	else
		ev.type = strcmp(kind, "term_ended") == 0 ?
		    "subscription_ended" : "subscription_ending";
	if ((rc = alert_raise(app, &ev)) != ST_OK)
		return (rc);
	/* Its end came: the "ending" alert has done its work. */
	if (strcmp(kind, "trial_ended") == 0 || strcmp(kind, "term_ended") ==
	    0) {
		ev.type = strcmp(kind, "trial_ended") == 0 ? "trial_ending" :
		    "subscription_ending";
		rc = alert_clear(app, &ev, "the subscription ended");
	}
	return (rc);
}

/* The webhook event of an expiry. */
static int
expired_hook(struct app *app, const struct subscription *s, const char *kind)
{
	json_t	*data;
	int	 rc;

	data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s?}",
	    "customer_id", s->customer_id, "service_key", s->service_key,
	    "change", kind, "kind", s->kind, "status", "expired", "seats",
	    (json_int_t)s->seats, "ends_on", s->ends_on);
	rc = webhook_emit(app, s->partner_id, "subscription.changed", data);
	json_decref(data);
	return (rc);
}

int
sub_daily(struct app *app, const char *runner, bool *ran, size_t *expired,
    size_t *events)
{
	struct subscription	*s;
	const char		*day, *kind;
	size_t			 n, i;
	bool			 claimed, changed, added;
	int			 rc;

	*ran = false;
	*expired = *events = 0;
	day = sub_today(app);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_job_claim(app->st, "subscriptions", day, app->now,
	    runner, &claimed, app->e)) != ST_OK)
		goto fail;
	if (!claimed) {
		store_tx_rollback(app->st);
		return (ST_OK);
	}
	/* Ended: the end day has come. */
	if ((rc = store_sub_ending(app->st, sub_days_after(app, day, 1), app->a,
	    &s, &n, app->e)) != ST_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((rc = store_sub_expire(app->st, &s[i], app->now, &changed,
		    app->e)) != ST_OK)
			goto fail;
		if (!changed)
			continue;
		(*expired)++;
		kind = strcmp(s[i].kind, "trial") == 0 ? "trial_ended" :
		    "term_ended";
		if ((rc = store_sub_event(app->st, s[i].partner_id,
		    s[i].customer_id, s[i].service_key, kind, s[i].ends_on,
		    app->now, app->a, &added, app->e)) != ST_OK)
			goto fail;
		*events += added;
		if (added && (rc = event_alert(app, &s[i], kind)) != ST_OK)
			goto fail;
		if ((rc = expired_hook(app, &s[i], kind)) != ST_OK)
			goto fail;
		if ((rc = app_audit(app, s[i].partner_id, s[i].customer_id,
		    "subscription", kind, "success", arena_printf(app->a,
		    "%s: %s ended on %s", s[i].service_key, s[i].kind,
		    s[i].ends_on))) != ST_OK)
			goto fail;
	}
	/* Ending soon: within SUB_ENDING_DAYS, once per term end. */
	if ((rc = store_sub_ending(app->st, sub_days_after(app, day,
	    SUB_ENDING_DAYS + 1), app->a, &s, &n, app->e)) != ST_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if (strcmp(s[i].ends_on, day) <= 0)
			continue;
		kind = strcmp(s[i].kind, "trial") == 0 ? "trial_ending" :
		    "term_ending";
		if ((rc = store_sub_event(app->st, s[i].partner_id,
		    s[i].customer_id, s[i].service_key, kind, s[i].ends_on,
		    app->now, app->a, &added, app->e)) != ST_OK)
			goto fail;
		*events += added;
		if (added && (rc = event_alert(app, &s[i], kind)) != ST_OK)
			goto fail;
	}
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	*ran = true;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}
