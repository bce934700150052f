/*
 * sub_daily.c - the daily subscription job: expiry and "ending" and
 * "ended" events, once per UTC day across servers; see subscription.h.
 */

#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/sub_int.h"
#include "app/subscription.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/dates.h"
#include "store/store.h"

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
	}
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	*ran = true;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}
