/*
 * alert_mute.c - muting a type of alert for a customer until a time, and
 * the seats_exceeded condition; see alert.h.
 */
#include <string.h>

#include <jansson.h>

#include "app/access.h"
#include "app/alert.h"
#include "app/app.h"
#include "app/company.h"
#include "app/principal.h"
#include "app/settings.h"
#include "app/sub_int.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_subscription.h"

int
alert_mute_create(struct app *app, const char *partner_id,
    const char *customer_id, const char *type, int64_t until,
    struct alert_mute *out, size_t *muted)
{
	struct alert_moved	moved;
	struct customer		c;
	struct tenant		t;
	int			rc;

	memset(out, 0, sizeof(*out));
	*muted = 0;
	/* A company console mutes its own alerts: no customer to name, and
	 * a role limited to chosen sites would mute the other sites' too. */
	if ((rc = tenant_scope(app, partner_id, true, &t)) != ST_OK)
		return (rc);
	if (t.sites != NULL)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_SITES));
	if (strcmp(t.kind, "company") == 0 && customer_id != NULL)
		err_field(app->e, "customer_id", M_NOT_COMPANY_FIELD);
	else if (customer_id == NULL && strcmp(t.kind, "company") != 0)
		err_field(app->e, "customer_id", M_REQUIRED);
	if (type == NULL)
		err_field(app->e, "type", M_REQUIRED);
	else
		valid_enum(app->a, app->e, "type", type, alert_types);
	if (until <= app->now || until > app->now +
	    (int64_t)ALERT_MUTE_MAX_DAYS * 86400)
		err_field(app->e, "until", until == 0 ? M_REQUIRED :
		    M_MUTE_UNTIL);
	if (app->e->status != ST_OK)
		return (app->e->status);
	if (strcmp(t.kind, "company") == 0)
		rc = company_owner(app, partner_id, true, COMPANY_ANY, true,
		    &customer_id, &c);
	else
		rc = customer_access(app, partner_id, customer_id, true, &c);
	if (rc != ST_OK)
		return (rc);
	out->id = id_new_ordered(app->a, "mut");
	out->partner_id = partner_id;
	out->customer_id = customer_id;
	out->customer_name = c.d.company;
	out->type = type;
	out->until = until;
	out->created_by = app->who->id;
	out->created_by_name = app->who->label;
	out->created_at = app->now;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_mute_create(app->st, out, app->a, &moved, app->e)) !=
	    ST_OK ||
	    (rc = alert_moved_hooks(app, &moved, NULL)) != ST_OK ||
	    (rc = app_audit(app, partner_id, customer_id, "alert", "mute",
	    "success", arena_printf(app->a, "Alerts %s of %s muted until "
	    "%lld (%zu open alert(s) muted)", type, c.d.company,
	    (long long)until, moved.n))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	*muted = moved.n;
	return (ST_OK);
}

int
alert_mute_list(struct app *app, const char *partner_id, struct page *pg,
    struct alert_mute **out, size_t *n)
{
	struct tenant	t;
	int		rc;

	/* A company console's mutes are the whole console's: a role
	 * limited to chosen sites sees them too. */
	if ((rc = tenant_scope(app, partner_id, false, &t)) != ST_OK)
		return (rc);
	return (store_mute_list(app->st, partner_id, t.sites != NULL ? NULL :
	    t.customers, app->now, app->a, pg, out, n, app->e));
}

int
alert_mute_delete(struct app *app, const char *partner_id, const char *id)
{
	struct alert_moved	reopened;
	struct alert_mute	m;
	struct tenant		t;
	int			rc;

	if ((rc = tenant_scope(app, partner_id, true, &t)) != ST_OK ||
	    (rc = store_mute_get(app->st, partner_id, id, app->now, app->a,
	    &m, app->e)) != ST_OK)
		return (rc);
	if (t.sites != NULL)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_SITES));
	if (t.customers != NULL && (rc = customer_covered(app, partner_id,
	    m.customer_id)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_mute_end(app->st, partner_id, id, app->now, app->a,
	    &reopened, app->e)) != ST_OK ||
	    (rc = alert_moved_hooks(app, &reopened, NULL)) != ST_OK ||
	    (rc = app_audit(app, partner_id, m.customer_id, "alert",
	    "unmute", "success", arena_printf(app->a, "Mute of alerts %s of "
	    "%s ended early (%zu alert(s) open again)", m.type,
	    m.customer_name, reopened.n))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	return (ST_OK);
}

int
alert_seats_check(struct app *app, const char *partner_id,
    const char *customer_id)
{
	struct subscription	*subs;
	struct alert_event	 ev;
	const char		*day, *ids[1];
	long long		 used;
	json_t			*data;
	size_t			 n, i;
	int			 rc;

	ids[0] = customer_id;
	if ((rc = store_device_counts(app->st, ids, 1, app->a, &used,
	    app->e)) != ST_OK ||
	    (rc = store_sub_list(app->st, partner_id, customer_id, app->a,
	    &subs, &n, app->e)) != ST_OK)
		return (rc);
	day = sub_today(app);
	memset(&ev, 0, sizeof(ev));
	ev.partner_id = partner_id;
	ev.customer_id = customer_id;
	ev.type = "seats_exceeded";
	for (i = 0; i < n && rc == ST_OK; i++) {
		bool running = strcmp(subs[i].status, "active") == 0 &&
		    !sub_ended(&subs[i], day);

		ev.subject = subs[i].service_key;
		if (running && used > subs[i].seats) {
			data = json_pack("{s:s, s:I, s:I}", "service_key",
			    subs[i].service_key, "seats",
			    (json_int_t)subs[i].seats, "used",
			    (json_int_t)used);
			ev.data = settings_text(app->a, data);
			json_decref(data);
			rc = alert_raise(app, &ev);
		} else
			rc = alert_clear(app, &ev, running ?
			    "the devices fit the seats again" :
			    "the subscription is no longer running");
	}
	return (rc);
}
