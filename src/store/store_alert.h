/*
 * store_alert.h - alerts, mutes and the dashboard's figures.
 *
 * The same conventions as store.h: calls take the partner account's id and
 * touch only its rows; strings in returned records live in the arena
 * passed in; times are Unix seconds; callers wrap writes that belong
 * together in a transaction. scoped, where taken, is the principal whose
 * role covers chosen customers (NULL: the whole account).
 *
 * An alert is unresolved while open, acknowledged or muted; its open_key
 * (customer, device, type, subject) is then unique, so a repeat counts on
 * the same row (store_alert_raise) even when check-ins race. Per-customer
 * figures (device_stats, alert_stats) are kept by triggers of the
 * migration in the same transaction as the rows they count.
 */
#ifndef STEWARD_STORE_ALERT_H
#define STEWARD_STORE_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct err;
struct page;
struct store;

struct alert {
	const char	*id;
	const char	*partner_id;
	const char	*customer_id;
	const char	*customer_name;
	const char	*device_id;	/* or NULL */
	const char	*device_hostname; /* or NULL */
	const char	*type;
	const char	*severity;
	const char	*subject;
	const char	*data;		/* JSON object */
	const char	*status;
	long long	 count;
	int64_t		 first_seen;
	int64_t		 last_seen;
	const char	*changed_by;	/* login id, or NULL: Steward */
	const char	*changed_by_name;
	int64_t		 changed_at;	/* 0: never changed */
	const char	*note;
	int64_t		 closed_at;	/* 0: unresolved */
	const char	*site_id;	/* its device's site, or NULL */
	const char	*site_name;
	bool		 company;	/* a company console's own alert */
};

/* ---- raising and clearing -------------------------------------------------- */

struct alert_raise {
	const char	*partner_id;
	const char	*customer_id;
	const char	*device_id;	/* or NULL */
	const char	*type;
	const char	*severity;
	const char	*subject;
	const char	*data;		/* JSON object */
	const char	*open_key;
	bool		 muted;		/* raise as muted (a mute is in force) */
	bool		 count_repeat;	/* a repeat raises count (else only
					 * last_seen: a condition still true) */
	int64_t		 now;
};
/*
 * Insert an alert or, when an unresolved one has the same open_key, raise
 * its count (when count_repeat) and last_seen. *id is the alert's id;
 * *is_new says which happened.
 */
int	store_alert_raise(struct store *st, struct arena *a,
	    const struct alert_raise *in, char **id, bool *is_new,
	    struct err *e);
/*
 * Resolve the unresolved alert with open_key, saying why in note (no
 * change when there is none). *id: the alert resolved, or NULL.
 */
int	store_alert_resolve_key(struct store *st, struct arena *a,
	    const char *open_key, const char *note, int64_t now, char **id,
	    struct err *e);

/*
 * Alerts whose status a call changed (for their webhook events): id,
 * partner_id, customer_id, device_id (or NULL), type, severity, subject
 * and the new status are set; the rest is zero.
 */
struct alert_moved {
	struct alert	*a;
	size_t		 n;
};

/*
 * The unresolved alert of open_key, if it is muted, opens again (no mute
 * covers it any more and it happened again): *out holds it, or nothing.
 */
int	store_alert_unmute_key(struct store *st, struct arena *a,
	    const char *open_key, struct alert_moved *out, struct err *e);
/* Resolve every unresolved alert of a device (it was removed). */
int	store_alerts_resolve_device(struct store *st, const char *device_id,
	    const char *note, int64_t now, struct arena *a,
	    struct alert_moved *out, struct err *e);

/* ---- reading and changing -------------------------------------------------- */

struct alert_filter {
	const char	*status;	/* NULL: any */
	const char	*severity;
	const char	*type;
	const char	*customer_id;
	const char	*device_id;
	const char	*site_id;	/* alerts of devices at this site */
	int64_t		 from;		/* last_seen >= from; 0: no bound */
	int64_t		 to;		/* last_seen < to; 0: no bound */
	int64_t		 raised_from;	/* first_seen >= raised_from; 0: none */
	int64_t		 raised_to;	/* first_seen < raised_to; 0: none */
	int64_t		 resolved_from;	/* resolved, closed_at >= this; 0: none */
	int64_t		 resolved_to;	/* resolved, closed_at < this; 0: none */
	const char	*scoped;
	const char	*site_scoped;	/* a site-limited principal, or NULL */
};
/* A page of the partner's alerts, newest first (by when raised). */
int	store_alert_list(struct store *st, const char *partner_id,
	    const struct alert_filter *f, struct arena *a, struct page *pg,
	    struct alert **out, size_t *n, struct err *e);
int	store_alert_get(struct store *st, const char *partner_id,
	    const char *id, struct arena *a, struct alert *out, struct err *e);

struct alert_change {
	const char	*status;	/* open acknowledged dismissed resolved */
	const char	*by;		/* login id */
	const char	*by_name;
	const char	*note;
	int64_t		 now;
};
/*
 * Move the alert to c->status from a status that may become it (open and
 * acknowledged to any, muted to dismissed or resolved). *changed is false
 * when it is resolved or dismissed already, or muted and asked to open.
 */
int	store_alert_set_status(struct store *st, const char *partner_id,
	    const char *id, const struct alert_change *c, bool *changed,
	    struct err *e);
/* Delete alerts resolved or dismissed before `before`; *n: how many. */
int	store_alerts_purge(struct store *st, int64_t before, size_t *n,
	    struct err *e);

/* ---- mutes ----------------------------------------------------------------- */

struct alert_mute {
	const char	*id;
	const char	*partner_id;
	const char	*customer_id;
	const char	*customer_name;
	const char	*type;
	int64_t		 until;
	const char	*created_by;
	const char	*created_by_name;
	int64_t		 created_at;
};
/* Insert a mute and mute the open alerts it covers (*muted). */
int	store_mute_create(struct store *st, const struct alert_mute *m,
	    struct arena *a, struct alert_moved *muted, struct err *e);
/* A page of the mutes in force (until > now), ending soonest first. */
int	store_mute_list(struct store *st, const char *partner_id,
	    const char *scoped, int64_t now, struct arena *a, struct page *pg,
	    struct alert_mute **out, size_t *n, struct err *e);
int	store_mute_get(struct store *st, const char *partner_id,
	    const char *id, int64_t now, struct arena *a,
	    struct alert_mute *out, struct err *e);
/* Whether a mute of type for the customer is in force at now. */
int	store_mute_in_force(struct store *st, const char *customer_id,
	    const char *type, int64_t now, bool *muted, struct err *e);
/*
 * End a mute: its muted alerts open again unless another mute in force
 * covers them (*reopened). ST_NOT_FOUND when it has ended.
 */
int	store_mute_end(struct store *st, const char *partner_id,
	    const char *id, int64_t now, struct arena *a,
	    struct alert_moved *reopened, struct err *e);
/* Mutes whose time has passed and whose alerts are still muted. */
int	store_mutes_expired(struct store *st, int64_t now, struct arena *a,
	    struct alert_mute **out, size_t *n, struct err *e);

/* ---- e-mail notices ------------------------------------------------------- */

/* What a person hears about (no stored row: the defaults). */
struct notify_settings {
	const char	*mode;		/* immediate digest off */
	const char	*min_severity;	/* critical high medium low */
	const char	*types;		/* JSON list; "[]": every type */
	const char	*digest_sent_on;	/* UTC day, or NULL */
	bool		 defaults;
};
struct notify_recipient {
	const char		*login_id;
	const char		*email;
	const char		*name;
	const char		*language;
	bool			 scoped;	/* limited to chosen customers */
	struct notify_settings	 s;
};
struct notify_due {
	const char	*partner_id;
	const char	*login_id;
};
/* New open alerts whose notice is not yet queued, oldest first. */
int	store_notify_waiting(struct store *st, struct arena *a, size_t limit,
	    struct alert **out, size_t *n, struct err *e);
/* Take the alert's notice (compare-and-set): *claimed when this caller
 * is the one to queue it. */
int	store_notify_claim(struct store *st, const char *alert_id,
	    bool *claimed, struct err *e);
/* The active people of a partner account with their settings (only
 * login_id when it is not NULL). */
int	store_notify_recipients(struct store *st, const char *partner_id,
	    const char *login_id, struct arena *a,
	    struct notify_recipient **out, size_t *n, struct err *e);
/* Whether a limited login's role covers customer_id (a partner's
 * customer) or site_id (a company console's site; NULL: none). */
int	store_notify_covers(struct store *st, const char *partner_id,
	    const char *login_id, const char *customer_id, const char *site_id,
	    bool *covers, struct err *e);
/* One more immediate notice of type to login in hour; *n: the count. */
int	store_notify_count(struct store *st, const char *partner_id,
	    const char *login_id, const char *type, int64_t hour,
	    long long *n, struct err *e);
/* Hold an alert for the person's next message ("digest" | "capped"). */
int	store_notify_pend(struct store *st, const char *partner_id,
	    const char *login_id, const char *alert_id, const char *reason,
	    int64_t now, struct err *e);
/* Take a person's held alerts of reason, oldest first; *taken is false
 * (and *n 0) when another server took them at the same time. */
int	store_notify_take(struct store *st, const char *partner_id,
	    const char *login_id, const char *reason, struct arena *a,
	    struct alert **out, size_t *n, bool *taken, struct err *e);
/* People holding alerts of reason since before `before`. */
int	store_notify_due(struct store *st, const char *reason, int64_t before,
	    struct arena *a, struct notify_due **out, size_t *n,
	    struct err *e);
int	store_notify_settings_put(struct store *st, const char *partner_id,
	    const char *login_id, const struct notify_settings *s,
	    int64_t now, struct err *e);
int	store_notify_digest_sent(struct store *st, const char *partner_id,
	    const char *login_id, const char *day, int64_t now,
	    struct err *e);
/* Forget the hourly counts of hours before `before`. */
int	store_notify_forget(struct store *st, int64_t before, struct err *e);

/* ---- device status and the dashboard --------------------------------------- */

/* A device whose stored status lags behind time (see 0019_alerts). */
struct device_drift {
	const char	*device_id;
	const char	*customer_id;
	const char	*hostname;
	const char	*stored;	/* protected at_risk offline */
	const char	*status;	/* what it is now */
	int64_t		 last_seen;
	int64_t		 definitions_at;
};
/*
 * The partner's devices whose stored status differs from their status at
 * clk (offline before offline_before; definitions older than
 * definitions_before), at most limit of them. Usually few: the devices
 * that crossed a threshold since the last sweep.
 */
int	store_devices_drifted(struct store *st, const char *partner_id,
	    int64_t offline_before, int64_t definitions_before,
	    const char *scoped, size_t limit, struct arena *a,
	    struct device_drift **out, size_t *n, struct err *e);
/* Set a device's stored status from `from` to `to` (*changed: it was),
 * and its last check-in to seen when later (0: not seen now). */
int	store_device_set_status(struct store *st, const char *device_id,
	    const char *from, const char *to, int64_t seen, bool *changed,
	    struct err *e);
/* Partners that have enrolled devices (the sweep's list). */
int	store_partners_with_devices(struct store *st, struct arena *a,
	    const char ***ids, size_t *n, struct err *e);

struct dashboard_counts {
	long long	customers;
	long long	sites;			/* a company console's */
	long long	devices_protected;
	long long	devices_at_risk;
	long long	devices_offline;
	long long	alerts[4];		/* critical high medium low */
	long long	subscriptions_ending;
};
/* Stored figures (before drift corrections) of the partner. */
int	store_dashboard_counts(struct store *st, const char *partner_id,
	    const char *scoped, const char *today, const char *ending_before,
	    struct arena *a, struct dashboard_counts *out, struct err *e);

struct dashboard_row {
	const char	*customer_id;
	const char	*company;
	const char	*country;
	long long	 devices_protected;
	long long	 devices_at_risk;
	long long	 devices_offline;
	long long	 alerts[4];
	long long	 subscriptions_active;
	long long	 subscriptions_ending;
	long long	 risk;		/* the sort key "risk" (stored figures) */
};
/*
 * A page of the partner's customers with their stored figures, by risk
 * (highest first) or by name, narrowed to names containing q (folded).
 */
int	store_dashboard_rows(struct store *st, const char *partner_id,
	    const char *scoped, const char *q, bool by_risk,
	    const char *today, const char *ending_before, struct arena *a,
	    struct page *pg, struct dashboard_row **out, size_t *n,
	    struct err *e);
/* The device count of each customer (ids[i] -> counts[i]). */
int	store_device_counts(struct store *st, const char *const *ids,
	    size_t n, struct arena *a, long long *counts, struct err *e);
/* Devices by status (protected, at_risk, offline) counted row by row:
 * exact and slow, for when too many stored statuses lag. */
int	store_device_status_counts(struct store *st, const char *partner_id,
	    const char *customer_id, const char *scoped,
	    int64_t offline_before, int64_t definitions_before,
	    struct arena *a, long long out[3], struct err *e);
/* A site's figures now: its devices by status (protected, at_risk,
 * offline) and its devices' open alerts by severity (critical first). */
struct site_figures {
	long long	devices[3];
	long long	alerts[4];
};
/* The figures of some of the partner's (or company's) sites: ids[i] ->
 * out[i], each counted from its rows (a site is a few devices). */
int	store_site_figures(struct store *st, const char *partner_id,
	    const char *const *ids, size_t n, int64_t offline_before,
	    int64_t definitions_before, struct arena *a,
	    struct site_figures *out, struct err *e);
/* Alerts raised and resolved per UTC day since `since` (day strings). */
struct alert_day {
	const char	*day;
	long long	 raised;
	long long	 resolved;
};
int	store_alert_days(struct store *st, const char *partner_id,
	    const char *scoped, const char *site_scoped, int64_t since,
	    struct arena *a, struct alert_day **out, size_t *n,
	    struct err *e);
/*
 * A company console's figures for a role limited to chosen sites, counted
 * from the rows of its sites' devices: devices by status (protected,
 * at_risk, offline) and their open alerts by severity (critical first).
 */
int	store_site_scoped_counts(struct store *st, const char *partner_id,
	    const char *site_scoped, int64_t offline_before,
	    int64_t definitions_before, struct arena *a, long long devices[3],
	    long long alerts[4], struct err *e);

#endif
