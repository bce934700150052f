/*
 * alert.h - alerts of every customer (SPEC section 7): raised by what
 * happens (check-ins, the background sweep, subscriptions, reviews),
 * deduplicated, resolved automatically when their condition clears, and
 * acknowledged, dismissed, resolved or muted by people.
 *
 * Severity is fixed per type (alert_severity):
 *   critical  threat_detected
 *   high      protection_off, subscription_ended
 *   medium    definitions_outdated, device_offline, seats_exceeded,
 *             trial_ended, subscription_ending
 *   low       trial_ending, discount_decided
 * One alert is unresolved per (customer, device, type, subject): a repeat
 * raises its count and last_seen. Statuses: open -> acknowledged ->
 * resolved, or dismissed; muted while a mute of its customer and type is
 * in force. Resolved and dismissed alerts are final and are purged
 * ALERT_KEEP_DAYS after they closed. Every change is audited (category
 * "alert"); repeats are counted, not audited.
 */
#ifndef STEWARD_ALERT_H
#define STEWARD_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "store/store_alert.h"
#include "store/store_device.h"

struct app;
struct page;

#define ALERT_KEEP_DAYS		90
#define ALERT_BULK_MAX		500
#define ALERT_MUTE_MAX_DAYS	366
/* Subscriptions ending within this many days count as ending soon. */
#define DASHBOARD_ENDING_DAYS	30

extern const char *const alert_types[];
extern const char *const alert_severities[];	/* critical first */
extern const char *const alert_statuses[];

const char	*alert_severity(const char *type);

/* What happened, for alert_raise(). subject tells alerts of one type and
 * device apart (a threat's name and path; a service key); data is a JSON
 * object describing it (copied). */
struct alert_event {
	const char	*partner_id;
	const char	*customer_id;
	const char	*device_id;	/* or NULL */
	const char	*type;
	const char	*subject;	/* "" when the type needs none */
	const char	*data;		/* JSON object text */
};
/* Raise (or count again) in the caller's transaction. */
int	alert_raise(struct app *app, const struct alert_event *ev);
/* Resolve the unresolved alert of the event's key, saying why (the
 * caller's transaction); nothing when there is none. */
int	alert_clear(struct app *app, const struct alert_event *ev,
	    const char *why);
/* The data of an alert's webhook event (alert.raised, alert.changed) for
 * alert, a struct alert (id, type, severity, status, customer_id,
 * device_id, subject and note read); the caller decrefs it. */
json_t	*alert_hook_data(const void *alert);

/* What a device's check-in reported, for its alerts: threat_detected for
 * each new threat, protection_off and definitions_outdated raised or
 * cleared, device_offline cleared when it was offline (the caller's
 * transaction). */
struct device_report {
	const char			*partner_id;
	const char			*customer_id;
	const char			*device_id;
	const char			*hostname;
	const char			*was;	/* stored status before */
	const char			*protection;	/* or NULL */
	int64_t				 definitions_at;	/* 0: unknown */
	const struct device_threat	*threats;
	const bool			*fresh;	/* [i]: threat i is new */
	size_t				 nthreats;
};
int	alert_device_report(struct app *app, const struct device_report *r);

/* People's side. */
int	alert_list(struct app *app, const char *partner_id,
	    struct alert_filter *f, struct page *pg, struct alert **out,
	    size_t *n);
int	alert_get(struct app *app, const char *partner_id, const char *id,
	    struct alert *out);
/* Set one alert's status (open acknowledged dismissed resolved). */
int	alert_set_status(struct app *app, const char *partner_id,
	    const char *id, const char *status, const char *note,
	    struct alert *out);
/* The same for many (all must be the caller's to see, or ST_NOT_FOUND
 * naming the first that is not): *changed moved, *unchanged had that
 * status already (or were named twice), *skipped lists those that could
 * not change (resolved, dismissed, or muted asked to open). */
int	alert_bulk(struct app *app, const char *partner_id,
	    const char *const *ids, size_t nids, const char *status,
	    const char *note, size_t *changed, size_t *unchanged,
	    const char ***skipped, size_t *nskipped);

/*
 * The alert.changed webhook event of each alert a mute, its end or a
 * device's removal moved to another status, with note (or NULL); the
 * caller's transaction.
 */
int	alert_moved_hooks(struct app *app, const struct alert_moved *m,
	    const char *note);

int	alert_mute_create(struct app *app, const char *partner_id,
	    const char *customer_id, const char *type, int64_t until,
	    struct alert_mute *out, size_t *muted);
int	alert_mute_list(struct app *app, const char *partner_id,
	    struct page *pg, struct alert_mute **out, size_t *n);
int	alert_mute_delete(struct app *app, const char *partner_id,
	    const char *id);

/* seats_exceeded raised or cleared for each of the customer's active
 * subscriptions, from its device count (the caller's transaction). */
int	alert_seats_check(struct app *app, const char *partner_id,
	    const char *customer_id);

/* The dashboard: exact figures now (stored counts corrected by the
 * devices whose stored status lags, see store_alert.h). */
struct dashboard {
	bool			 company;	/* a company console's (sites) */
	struct dashboard_counts	 c;
	struct alert_day	*days;		/* the last 30 days, oldest first */
	size_t			 ndays;
};
int	dashboard_get(struct app *app, const char *partner_id,
	    struct dashboard *out);
int	dashboard_rows(struct app *app, const char *partner_id,
	    const char *q, bool by_risk, struct page *pg,
	    struct dashboard_row **out, size_t *n);
/* A multi-tenant company console's rows: a page of its sites by name
 * (those the principal's role covers), each with its figures now
 * (figures[i] is sites[i]'s). */
int	dashboard_sites(struct app *app, const char *account_id,
	    struct page *pg, struct site **sites,
	    struct site_figures **figures, size_t *n);

/* E-mail notices (alert_notify.c): the person's settings in a partner
 * account (their own; people in a console session only). */
int	alert_notify_settings_get(struct app *app, const char *partner_id,
	    struct notify_settings *out);
int	alert_notify_settings_put(struct app *app, const char *partner_id,
	    const char *mode, const char *min_severity,
	    const char *const *types, size_t ntypes,
	    struct notify_settings *out);
/* Immediate notices of one type to one person in one hour; the rest are
 * summarised in their next message. */
#define ALERT_NOTIFY_HOURLY_CAP	5
struct alert_notify_stats {
	size_t	alerts;		/* announced */
	size_t	messages;	/* queued */
};
/* Announce new alerts; with flush_held, also send the summaries of
 * hours that are over and the daily digests that are due. */
int	alert_notify_run(struct app *app, bool flush_held,
	    struct alert_notify_stats *stats);

/* The background sweep (once a minute on one server at a time is not
 * needed: every write is a compare-and-set): devices past a threshold
 * get their status and alerts, ended mutes reopen their alerts, closed
 * alerts past ALERT_KEEP_DAYS are purged. */
struct alert_sweep_stats {
	size_t	status_changes;
	size_t	mutes_ended;
	size_t	purged;
};
int	alert_sweep(struct app *app, struct alert_sweep_stats *out);

#endif
