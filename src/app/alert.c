/*
 * alert.c - raising and clearing alerts, and people's changes to them;
 * see alert.h. Mutes and seats are in alert_mute.c, the dashboard in
 * dashboard.c, the background sweep in alert_sweep.c.
 */
#include <assert.h>
#include <string.h>

#include <jansson.h>

#include "app/access.h"
#include "app/alert.h"
#include "app/app.h"
#include "app/principal.h"
#include "app/webhook.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/metrics.h"
#include "core/page.h"
#include "core/rand.h"
#include "core/valid.h"
#include "store/store.h"

const char *const alert_types[] = { "threat_detected", "protection_off",
	"definitions_outdated", "device_offline", "trial_ending",
	"trial_ended", "subscription_ending", "subscription_ended",
	"seats_exceeded", "discount_decided", NULL };
const char *const alert_severities[] = { "critical", "high", "medium",
	"low", NULL };
const char *const alert_statuses[] = { "open", "acknowledged", "muted",
	"dismissed", "resolved", NULL };

static const struct {
	const char	*type;
	const char	*severity;
	bool		 condition;	/* true while a condition holds: a
					 * repeat does not count again */
} kinds[] = {
	{ "threat_detected",		"critical",	false },
	{ "protection_off",		"high",		true },
	{ "definitions_outdated",	"medium",	true },
	{ "device_offline",		"medium",	true },
	{ "trial_ending",		"low",		false },
	{ "trial_ended",		"medium",	true },
	{ "subscription_ending",	"medium",	false },
	{ "subscription_ended",		"high",		true },
	{ "seats_exceeded",		"medium",	true },
	{ "discount_decided",		"low",		false },
};

static int
kind_of(const char *type)
{
	size_t	i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].type, type) == 0)
			return ((int)i);
	return (-1);
}

const char *
alert_severity(const char *type)
{
	int	k = kind_of(type);

	return (k < 0 ? NULL : kinds[k].severity);
}

/* The dedup key: a digest of customer, device, type and subject. */
static const char *
open_key(struct app *app, const struct alert_event *ev)
{
	return (token_hash(app->a, arena_printf(app->a, "%s\037%s\037%s\037%s",
	    ev->customer_id, ev->device_id != NULL ? ev->device_id : "",
	    ev->type, ev->subject != NULL ? ev->subject : "")));
}

/* The data of an alert's webhook event (the caller decrefs it). */
static json_t *
hook_data(const char *id, const char *type, const char *severity,
    const char *status, const char *customer_id, const char *device_id,
    const char *subject, const char *note)
{
	return (json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s?}",
	    "alert_id", id, "type", type, "severity", severity, "status",
	    status, "customer_id", customer_id, "device_id", device_id,
	    "subject", subject != NULL ? subject : "", "note", note));
}

/* The webhook event of an alert (the caller's transaction). */
static int
alert_hook(struct app *app, const char *event, const char *partner_id,
    const char *id, const char *type, const char *severity,
    const char *status, const char *customer_id, const char *device_id,
    const char *subject, const char *note)
{
	json_t	*data;
	int	 rc;

	data = hook_data(id, type, severity, status, customer_id, device_id,
	    subject, note);
	rc = webhook_emit(app, partner_id, event, data);
	json_decref(data);
	return (rc);
}

json_t *
alert_hook_data(const void *alert)
{
	const struct alert	*al = alert;

	return (hook_data(al->id, al->type, al->severity, al->status,
	    al->customer_id, al->device_id, al->subject, al->note));
}

int
alert_moved_hooks(struct app *app, const struct alert_moved *m,
    const char *note)
{
	struct webhook_set	 hooks;
	json_t			*data;
	size_t			 i;
	int			 rc;

	if (m->n == 0)
		return (ST_OK);
	/* The alerts of one change are one partner's. */
	if ((rc = webhook_set_load(app, m->a[0].partner_id, &hooks)) != ST_OK)
		return (rc);
	for (i = 0; rc == ST_OK && hooks.n > 0 && i < m->n; i++) {
		assert(strcmp(m->a[i].partner_id, hooks.partner_id) == 0);
		data = hook_data(m->a[i].id, m->a[i].type, m->a[i].severity,
		    m->a[i].status, m->a[i].customer_id, m->a[i].device_id,
		    m->a[i].subject, note);
		rc = webhook_emit_to(app, &hooks, "alert.changed", data);
		json_decref(data);
	}
	return (rc);
}

int
alert_raise(struct app *app, const struct alert_event *ev)
{
	struct alert_raise	 in;
	struct alert_moved	 unmuted;
	const char		*key = open_key(app, ev);
	char			*id;
	bool			 muted, is_new;
	int			 k, rc;

	if ((k = kind_of(ev->type)) < 0)
		return (err_set(app->e, ST_INTERNAL, "internal", M_INTERNAL));
	if ((rc = store_mute_in_force(app->st, ev->customer_id, ev->type,
	    app->now, &muted, app->e)) != ST_OK)
		return (rc);
	/* Muted, happening again, and no mute covers it now: open. */
	if (!muted && ((rc = store_alert_unmute_key(app->st, app->a, key,
	    &unmuted, app->e)) != ST_OK ||
	    (rc = alert_moved_hooks(app, &unmuted, NULL)) != ST_OK))
		return (rc);
	memset(&in, 0, sizeof(in));
	in.partner_id = ev->partner_id;
	in.customer_id = ev->customer_id;
	in.device_id = ev->device_id;
	in.type = ev->type;
	in.severity = kinds[k].severity;
	in.subject = ev->subject != NULL ? ev->subject : "";
	in.data = ev->data != NULL ? ev->data : "{}";
	in.open_key = key;
	in.muted = muted;
	in.count_repeat = !kinds[k].condition;
	in.now = app->now;
	if ((rc = store_alert_raise(app->st, app->a, &in, &id, &is_new,
	    app->e)) != ST_OK || !is_new)
		return (rc);
	metrics_event(ME_ALERT_RAISED, 1);
	if ((rc = alert_hook(app, "alert.raised", ev->partner_id, id,
	    ev->type, in.severity, muted ? "muted" : "open", ev->customer_id,
	    ev->device_id, in.subject, NULL)) != ST_OK)
		return (rc);
	return (app_audit_device(app, ev->partner_id, ev->customer_id,
	    ev->device_id, "alert", "raise", "success", arena_printf(app->a, "Alert %s (%s, %s%s)%s%s",
	    id, ev->type, in.severity, muted ? ", muted" : "",
	    *in.subject ? ": " : "", in.subject)));
}

int
alert_clear(struct app *app, const struct alert_event *ev, const char *why)
{
	char	*id;
	int	 rc;

	if ((rc = store_alert_resolve_key(app->st, app->a, open_key(app, ev),
	    why, app->now, &id, app->e)) != ST_OK || id == NULL)
		return (rc);
	if ((rc = alert_hook(app, "alert.changed", ev->partner_id, id,
	    ev->type, alert_severity(ev->type), "resolved", ev->customer_id,
	    ev->device_id, ev->subject, why)) != ST_OK)
		return (rc);
	return (app_audit_device(app, ev->partner_id, ev->customer_id,
	    ev->device_id, "alert", "resolve", "success", arena_printf(app->a,
	    "Alert %s (%s) resolved by Steward: %s", id, ev->type, why)));
}

/* ---- people's side ----------------------------------------------------------- */

int
alert_list(struct app *app, const char *partner_id, struct alert_filter *f,
    struct page *pg, struct alert **out, size_t *n)
{
	struct tenant	t;
	int		rc;

	*out = NULL;
	*n = 0;
	if ((rc = tenant_scope(app, partner_id, false, &t)) != ST_OK)
		return (rc);
	/* A role limited to chosen sites sees their devices' alerts. */
	f->scoped = t.sites != NULL ? NULL : t.customers;
	f->site_scoped = t.sites;
	if (f->status != NULL)
		valid_enum(app->a, app->e, "status", f->status,
		    alert_statuses);
	if (f->severity != NULL)
		valid_enum(app->a, app->e, "severity", f->severity,
		    alert_severities);
	if (f->type != NULL)
		valid_enum(app->a, app->e, "type", f->type, alert_types);
	if (f->from != 0 && f->to != 0 && f->to <= f->from)
		err_field(app->e, "to", M_AUDIT_RANGE);
	if (app->e->status != ST_OK)
		return (app->e->status);
	if (f->customer_id != NULL && (rc = customer_access(app, partner_id,
	    f->customer_id, false, NULL)) != ST_OK)
		return (rc);
	if (f->site_id != NULL && (rc = site_covered(app, partner_id,
	    f->site_id)) != ST_OK)
		return (rc);
	return (store_alert_list(app->st, partner_id, f, app->a, pg, out, n,
	    app->e));
}

/* The alert, when the principal's role covers its customer (a partner's)
 * or its device's site (a company console's). */
static int
alert_load(struct app *app, const char *partner_id, const char *id,
    bool write, struct alert *out)
{
	struct tenant	t;
	int		rc;

	if ((rc = tenant_scope(app, partner_id, write, &t)) != ST_OK ||
	    (rc = store_alert_get(app->st, partner_id, id, app->a, out,
	    app->e)) != ST_OK)
		return (rc);
	if (t.sites != NULL)
		return (site_covered(app, partner_id, out->site_id));
	if (t.customers != NULL)
		return (customer_covered(app, partner_id, out->customer_id));
	return (ST_OK);
}

int
alert_get(struct app *app, const char *partner_id, const char *id,
    struct alert *out)
{
	return (alert_load(app, partner_id, id, false, out));
}

static const char *const settable[] = { "open", "acknowledged", "dismissed",
	"resolved", NULL };

static int
check_change(struct app *app, const char *status, const char *note,
    const char **clean)
{
	*clean = NULL;
	if (status == NULL)
		return (err_field(app->e, "status", M_REQUIRED));
	if (valid_enum(app->a, app->e, "status", status, settable) != ST_OK)
		return (ST_INVALID);
	return (valid_text(app->a, app->e, "note", note, false, 1000,
	    (char **)clean));
}

/* Apply one change to a loaded alert; *changed false when it could not. */
static int
change_one(struct app *app, const char *partner_id, const struct alert *al,
    const char *status, const char *note, bool *changed)
{
	struct alert_change	c;
	int			rc;

	memset(&c, 0, sizeof(c));
	c.status = status;
	c.by = app->who->id;
	c.by_name = app->who->label;
	c.note = note;
	c.now = app->now;
	if ((rc = store_alert_set_status(app->st, partner_id, al->id, &c,
	    changed, app->e)) != ST_OK || !*changed)
		return (rc);
	if ((rc = alert_hook(app, "alert.changed", partner_id, al->id,
	    al->type, al->severity, status, al->customer_id, al->device_id,
	    al->subject, note)) != ST_OK)
		return (rc);
	return (app_audit_site(app, partner_id, al->customer_id, al->site_id,
	    "alert", "status", "success", arena_printf(app->a,
	    "Alert %s (%s) %s -> %s%s%s", al->id, al->type, al->status,
	    status, note != NULL && *note ? ": " : "",
	    note != NULL ? note : "")));
}

int
alert_set_status(struct app *app, const char *partner_id, const char *id,
    const char *status, const char *note, struct alert *out)
{
	struct alert	 al;
	const char	*clean;
	bool		 changed;
	int		 rc;

	if ((rc = check_change(app, status, note, &clean)) != ST_OK ||
	    (rc = alert_load(app, partner_id, id, true, &al)) != ST_OK)
		return (rc);
	if (strcmp(al.status, status) != 0) {
		if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
			return (rc);
		if ((rc = change_one(app, partner_id, &al, status, clean,
		    &changed)) != ST_OK ||
		    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
			store_tx_rollback(app->st);
			return (rc);
		}
		if (!changed)
			return (err_set(app->e, ST_CONFLICT,
			    strcmp(al.status, "muted") == 0 ? "alert_muted" :
			    "alert_closed", strcmp(al.status, "muted") == 0 ?
			    M_ALERT_MUTED : M_ALERT_CLOSED));
	}
	return (store_alert_get(app->st, partner_id, id, app->a, out,
	    app->e));
}

static bool
dup_before(const char *const *ids, size_t i)
{
	size_t	j;

	for (j = 0; j < i; j++)
		if (strcmp(ids[j], ids[i]) == 0)
			return (true);
	return (false);
}

int
alert_bulk(struct app *app, const char *partner_id, const char *const *ids,
    size_t nids, const char *status, const char *note, size_t *changed,
    size_t *unchanged, const char ***skipped, size_t *nskipped)
{
	struct alert	*al;
	const char	*clean;
	bool		 ok;
	size_t		 i;
	int		 rc;

	*changed = *unchanged = 0;
	*nskipped = 0;
	*skipped = arena_calloc(app->a, nids + 1, sizeof(**skipped));
	if (nids == 0)
		return (err_field(app->e, "ids", M_REQUIRED));
	if (nids > ALERT_BULK_MAX)
		return (err_fieldn(app->e, "ids", M_TOO_MANY, ALERT_BULK_MAX));
	if ((rc = check_change(app, status, note, &clean)) != ST_OK)
		return (rc);
	al = arena_calloc(app->a, nids, sizeof(*al));
	for (i = 0; i < nids; i++)
		if ((rc = alert_load(app, partner_id, ids[i], true, &al[i])) !=
		    ST_OK) {
			if (rc == ST_NOT_FOUND)
				err_field(app->e, arena_printf(app->a,
				    "ids[%zu]", i), M_NOT_FOUND);
			return (rc);
		}
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < nids; i++) {
		/* Already so, or named twice. */
		if (strcmp(al[i].status, status) == 0 || dup_before(ids, i)) {
			(*unchanged)++;
			continue;
		}
		if ((rc = change_one(app, partner_id, &al[i], status, clean,
		    &ok)) != ST_OK) {
			store_tx_rollback(app->st);
			return (rc);
		}
		if (ok)
			(*changed)++;
		else
			(*skipped)[(*nskipped)++] = al[i].id;
	}
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		store_tx_rollback(app->st);
	return (rc);
}
