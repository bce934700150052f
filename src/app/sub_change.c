/*
 * sub_change.c - changes to a customer's subscriptions: trials and
 * pay-as-you-go (start, seats, cancel); see subscription.h.
 */

#include <string.h>

#include <jansson.h>

#include "app/access.h"
#include "app/alert.h"
#include "app/app.h"
#include "app/sub_int.h"
#include "app/subscription.h"
#include "app/webhook.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/dates.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_subscription.h"

/*
 * Begin a change of one customer's subscription to one service: check
 * access, find the service, lock the customer and read the current row
 * (*have false when there is none). On success a transaction is open.
 */
int
sub_change_begin(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key, bool path_service,
    struct service *svc, struct subscription *s, bool *have)
{
	int	rc;

	/* A partner's customer, or a company console's own record. */
	if ((rc = record_access(app, partner_id, customer_id, true,
	    NULL)) != ST_OK)
		return (rc);
	if (service_key == NULL || *service_key == '\0')
		return (err_field(app->e, "service", M_REQUIRED));
	rc = store_service_get(app->st, app->a, service_key, svc, app->e);
	if (rc == ST_NOT_FOUND) {
		err_clear(app->e);
		return (path_service ? err_set(app->e, ST_NOT_FOUND,
		    "not_found", M_NOT_FOUND) : sub_unknown_service(app));
	}
	if (rc != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_sub_lock(app->st, partner_id, customer_id,
	    app->e)) != ST_OK)
		goto fail;
	rc = store_sub_get(app->st, partner_id, customer_id, service_key,
	    app->a, s, app->e);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		goto fail;
	*have = rc == ST_OK;
	err_clear(app->e);
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* Write s, audit, commit (or roll back on any failure). */
/* A running subscription ends the alerts of its ending and end; seats
 * are checked against the devices again. */
static int
sub_change_alerts(struct app *app, const char *partner_id,
    const struct subscription *s)
{
	static const char *const ended[] = { "trial_ended",
	    "subscription_ended", NULL };
	struct alert_event	ev;
	size_t			i;
	int			rc;

	memset(&ev, 0, sizeof(ev));
	ev.partner_id = partner_id;
	ev.customer_id = s->customer_id;
	ev.subject = s->service_key;
	if (strcmp(s->status, "active") == 0)
		for (i = 0; ended[i] != NULL; i++) {
			ev.type = ended[i];
			if ((rc = alert_clear(app, &ev, "the subscription is "
			    "running again")) != ST_OK)
				return (rc);
		}
	if (strcmp(s->status, "active") == 0 && strcmp(s->kind, "trial") != 0) {
		ev.type = "trial_ending";
		if ((rc = alert_clear(app, &ev, "the service was bought"))
		    != ST_OK)
			return (rc);
	}
	return (alert_seats_check(app, partner_id, s->customer_id));
}

/* The webhook event of a subscription change. */
static int
sub_hook(struct app *app, const char *partner_id,
    const struct subscription *s, const char *event)
{
	json_t	*data;
	int	 rc;

	data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s?}",
	    "customer_id", s->customer_id, "service_key", s->service_key,
	    "change", event, "kind", s->kind, "status", s->status, "seats",
	    (json_int_t)s->seats, "ends_on", s->ends_on);
	rc = webhook_emit(app, partner_id, "subscription.changed", data);
	json_decref(data);
	return (rc);
}

int
sub_change_write(struct app *app, const char *partner_id,
    const struct subscription *s, const char *event, const char *detail)
{
	int	rc;

	if ((rc = store_sub_put(app->st, partner_id, s, app->now,
	    app->e)) != ST_OK ||
	    (rc = app_audit(app, partner_id, s->customer_id, "subscription",
	    event, "success", detail)) != ST_OK ||
	    (rc = sub_change_alerts(app, partner_id, s)) != ST_OK)
		return (rc);
	return (sub_hook(app, partner_id, s, event));
}

int
sub_change_commit(struct app *app, const char *partner_id,
    const struct subscription *s, const char *event, const char *detail)
{
	int	rc;

	if ((rc = sub_change_write(app, partner_id, s, event, detail)) !=
	    ST_OK || (rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
sub_cancel_all(struct app *app, const char *partner_id,
    const char *customer_id, const char *event, const char *why, size_t *n)
{
	struct subscription	*subs, s;
	size_t			 nsubs, i;
	char			*day;
	int			 rc;

	*n = 0;
	if ((rc = store_sub_lock(app->st, partner_id, customer_id,
	    app->e)) != ST_OK ||
	    (rc = store_sub_list(app->st, partner_id, customer_id, app->a,
	    &subs, &nsubs, app->e)) != ST_OK)
		return (rc);
	day = arena_alloc(app->a, 11);
	date_of(app->now, day);
	for (i = 0; i < nsubs; i++) {
		if (strcmp(subs[i].status, "active") != 0)
			continue;
		s = subs[i];
		if (strcmp(s.kind, "payg") == 0 &&
		    (rc = store_payg_close(app->st, partner_id, customer_id,
		    s.service_key, app->now, app->e)) != ST_OK)
			return (rc);
		s.status = "cancelled";
		/* A trial or term whose end has passed (not yet expired by
		 * the daily job, which leaves deleted records alone) keeps
		 * its end. */
		if (s.ends_on == NULL || strcmp(s.ends_on, day) > 0)
			s.ends_on = day;
		if ((rc = sub_change_write(app, partner_id, &s, event,
		    arena_printf(app->a, "%s (%s, %lld seats) cancelled: %s",
		    s.service_key, s.kind, s.seats, why))) != ST_OK)
			return (rc);
		(*n)++;
	}
	return (ST_OK);
}

int
sub_trial_start(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key)
{
	struct service		svc;
	struct subscription	s, n;
	const char		*day, *end;
	bool			have;
	int			rc;

	if ((rc = sub_change_begin(app, partner_id, customer_id, service_key,
	    false, &svc, &s, &have)) != ST_OK)
		return (rc);
	day = sub_today(app);
	if (have && s.trial_started_on != NULL) {
		rc = err_conflict(app->e, "trial_used", M_TRIAL_USED, NULL);
		goto fail;
	}
	if (have && sub_paid_running(&s, day)) {
		rc = err_conflict(app->e, "already_subscribed",
		    M_ALREADY_SUBSCRIBED, NULL);
		goto fail;
	}
	end = sub_days_after(app, day, svc.trial_days);
	memset(&n, 0, sizeof(n));
	n.customer_id = customer_id;
	n.service_key = svc.key;
	n.kind = "trial";
	n.status = "active";
	n.seats = svc.trial_seats;
	n.starts_on = day;
	n.ends_on = end;
	n.trial_started_on = day;
	n.trial_ends_on = end;
	return (sub_change_commit(app, partner_id, &n, "trial_started",
	    arena_printf(app->a, "%s: %lld seats until %s", svc.key,
	    svc.trial_seats, end)));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

static int
seats_check(struct app *app, long long seats)
{
	if (seats < 1)
		return (err_fieldn(app->e, "seats", M_TOO_SMALL, 1));
	if (seats > SUB_SEATS_MAX)
		return (err_fieldn(app->e, "seats", M_TOO_BIG, SUB_SEATS_MAX));
	return (ST_OK);
}

int
sub_payg_start(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key, long long seats)
{
	struct account		acct;
	struct service		svc;
	struct subscription	s, n;
	const char		*day;
	bool			have;
	int			rc;

	if ((rc = customer_access(app, partner_id, customer_id, true,
	    NULL)) != ST_OK)
		return (rc);
	if ((rc = seats_check(app, seats)) != ST_OK)
		return (rc);
	if ((rc = store_account_get(app->st, partner_id, app->a, &acct,
	    app->e)) != ST_OK)
		return (rc);
	if (!acct.flexible_billing)
		return (err_conflict(app->e, "flexible_billing_off",
		    M_FLEXIBLE_OFF, NULL));
	if ((rc = sub_change_begin(app, partner_id, customer_id, service_key,
	    false, &svc, &s, &have)) != ST_OK)
		return (rc);
	day = sub_today(app);
	if (have && sub_paid_running(&s, day)) {
		rc = err_conflict(app->e, "already_subscribed",
		    M_ALREADY_SUBSCRIBED, NULL);
		goto fail;
	}
	memset(&n, 0, sizeof(n));
	n.customer_id = customer_id;
	n.service_key = svc.key;
	n.kind = "payg";
	n.status = "active";
	n.seats = seats;
	n.starts_on = day;
	n.trial_started_on = have ? s.trial_started_on : NULL;
	n.trial_ends_on = have ? s.trial_ends_on : NULL;
	if ((rc = store_payg_open(app->st, partner_id, customer_id, svc.key,
	    seats, app->now, app->a, app->e)) != ST_OK)
		goto fail;
	return (sub_change_commit(app, partner_id, &n, "payg_started",
	    arena_printf(app->a, "%s: %lld seats", svc.key, seats)));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* Begin a change that needs an active pay-as-you-go subscription. */
static int
payg_begin(struct app *app, const char *partner_id, const char *customer_id,
    const char *service_key, struct service *svc, struct subscription *s)
{
	bool	have;
	int	rc;

	if ((rc = sub_change_begin(app, partner_id, customer_id, service_key,
	    true, svc, s, &have)) != ST_OK)
		return (rc);
	if (!have || strcmp(s->kind, "payg") != 0 ||
	    strcmp(s->status, "active") != 0) {
		store_tx_rollback(app->st);
		return (err_conflict(app->e, "not_payg", M_NOT_PAYG, NULL));
	}
	return (ST_OK);
}

int
sub_payg_seats(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key, long long seats)
{
	struct service		svc;
	struct subscription	s;
	long long		was;
	int			rc;

	if ((rc = customer_access(app, partner_id, customer_id, true,
	    NULL)) != ST_OK)
		return (rc);
	if ((rc = seats_check(app, seats)) != ST_OK)
		return (rc);
	if ((rc = payg_begin(app, partner_id, customer_id, service_key, &svc,
	    &s)) != ST_OK)
		return (rc);
	if (s.seats == seats) {
		store_tx_rollback(app->st);
		return (ST_OK);
	}
	was = s.seats;
	if ((rc = store_payg_close(app->st, partner_id, customer_id, svc.key,
	    app->now, app->e)) != ST_OK ||
	    (rc = store_payg_open(app->st, partner_id, customer_id, svc.key,
	    seats, app->now, app->a, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	s.seats = seats;
	return (sub_change_commit(app, partner_id, &s, "payg_seats",
	    arena_printf(app->a, "%s: %lld -> %lld seats", svc.key, was,
	    seats)));
}

int
sub_payg_cancel(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key)
{
	struct service		svc;
	struct subscription	s;
	char			*day;
	int			rc;

	if ((rc = payg_begin(app, partner_id, customer_id, service_key, &svc,
	    &s)) != ST_OK)
		return (rc);
	if ((rc = store_payg_close(app->st, partner_id, customer_id, svc.key,
	    app->now, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	day = arena_alloc(app->a, 11);
	date_of(app->now, day);
	s.status = "cancelled";
	s.ends_on = day;
	return (sub_change_commit(app, partner_id, &s, "payg_cancelled",
	    arena_printf(app->a, "%s: %lld seats", svc.key, s.seats)));
}
