/*
 * device.c - devices as the console and the API see them; see device.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/alert.h"
#include "app/app.h"
#include "app/device.h"
#include "app/policy.h"
#include "app/policy_int.h"
#include "app/settings.h"
#include "app/webhook.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/page.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_policy.h"

int
device_clock(struct app *app, const char *partner_id,
    struct device_clock *clk)
{
	struct account	acct;
	int		rc;

	memset(clk, 0, sizeof(*clk));
	if ((rc = store_account_get(app->st, partner_id, app->a, &acct,
	    app->e)) != ST_OK)
		return (rc);
	clk->now = app->now;
	clk->offline_after = (acct.device_offline_days > 0 ?
	    acct.device_offline_days : 7) * 86400;
	clk->definitions_max_age = DEVICE_DEFINITIONS_MAX_AGE;
	return (ST_OK);
}

int
device_list(struct app *app, const char *partner_id, struct device_filter *f,
    struct page *pg, struct device **out, size_t *n)
{
	static const char *const statuses[] = { "protected", "at_risk",
	    "offline", NULL };
	struct device_clock	clk;
	struct tenant		t;
	int			rc;

	*out = NULL;
	*n = 0;
	if ((rc = tenant_scope(app, partner_id, false, &t)) != ST_OK)
		return (rc);
	/* A role limited to chosen sites sees their devices. */
	f->scoped = t.sites != NULL ? NULL : t.customers;
	f->site_scoped = t.sites;
	if (f->status != NULL)
		valid_enum(app->a, app->e, "status", f->status, statuses);
	if (f->platform != NULL)
		valid_enum(app->a, app->e, "platform", f->platform,
		    policy_platforms);
	if (app->e->status != ST_OK)
		return (app->e->status);
	/* Another customer's or site's devices: as if there were none (404);
	 * a company console has no customers. */
	if (f->customer_id != NULL && (rc = customer_access(app, partner_id,
	    f->customer_id, false, NULL)) != ST_OK)
		return (rc);
	if (f->site_id != NULL && strcmp(f->site_id, "none") != 0 &&
	    (rc = site_covered(app, partner_id, f->site_id)) != ST_OK)
		return (rc);
	if ((rc = device_clock(app, partner_id, &clk)) != ST_OK)
		return (rc);
	return (store_device_list(app->st, partner_id, f, &clk, app->a, pg,
	    out, n, app->e));
}

/* The device, if the principal's role covers its customer (a partner's)
 * or its site (a company console's). */
static int
device_load(struct app *app, const char *partner_id, const char *device_id,
    bool write, struct device *d)
{
	struct device_clock	clk;
	struct tenant		t;
	int			rc;

	if ((rc = tenant_scope(app, partner_id, write, &t)) != ST_OK ||
	    (rc = device_clock(app, partner_id, &clk)) != ST_OK ||
	    (rc = store_device_get(app->st, partner_id, device_id, &clk,
	    app->a, d, app->e)) != ST_OK)
		return (rc);
	if (strcmp(t.kind, "company") == 0)
		return (site_covered(app, partner_id, d->site_id));
	return (customer_access(app, partner_id, d->customer_id, write,
	    NULL));
}

int
device_get(struct app *app, const char *partner_id, const char *device_id,
    struct device *out, struct device_threat **threats, size_t *nthreats)
{
	int	rc;

	*threats = NULL;
	*nthreats = 0;
	if ((rc = device_load(app, partner_id, device_id, false, out)) !=
	    ST_OK)
		return (rc);
	return (store_device_threats(app->st, partner_id, device_id,
	    DEVICE_THREATS_SHOWN, app->a, threats, nthreats, app->e));
}

/* Whether policy_id is one of the customer's policies for platform. */
static int
policy_usable(struct app *app, const char *partner_id, const struct device *d,
    const char *policy_id)
{
	struct effective_source	src;
	struct err		tmp;
	int			rc;

	err_clear(&tmp);
	rc = store_effective_source(app->st, partner_id, d->customer_id, NULL,
	    policy_id, app->a, &src, &tmp);
	if (rc == ST_NOT_FOUND || (rc == ST_OK &&
	    strcmp(src.policy.platform, d->platform) != 0))
		return (err_field(app->e, "policy_id", M_DEVICE_POLICY));
	if (rc != ST_OK)
		*app->e = tmp;
	return (rc);
}

int
device_update(struct app *app, const char *partner_id, const char *device_id,
    const struct device_change *c)
{
	struct device	 d;
	struct site	 s;
	struct buf	 what = BUF_INIT;
	const char	*detail;
	int		 rc;

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = device_load(app, partner_id, device_id, true, &d)) != ST_OK)
		goto fail;
	if (c->set_site) {
		/* A role limited to chosen sites moves devices between them. */
		rc = site_covered(app, partner_id, c->site_id);
		if (rc == ST_OK && c->site_id != NULL)
			rc = store_site_hold(app->st, partner_id,
			    d.customer_id, c->site_id, app->a, &s, app->e);
		if (rc == ST_NOT_FOUND) {
			err_clear(app->e);
			rc = err_field(app->e, "site_id", M_NO_SUCH_SITE);
		}
		if (rc != ST_OK)
			goto fail;
	}
	if (c->set_policy && c->policy_id != NULL &&
	    (rc = policy_usable(app, partner_id, &d, c->policy_id)) != ST_OK)
		goto fail;
	if (c->set_site) {
		if ((rc = store_device_set_site(app->st, partner_id,
		    device_id, c->site_id, app->e)) != ST_OK)
			goto fail;
		buf_printf(&what, "moved to %s", c->site_id != NULL ?
		    arena_printf(app->a, "site \"%s\"", s.name) : "no site");
	}
	if (c->set_policy) {
		if ((rc = store_device_set_policy(app->st, partner_id,
		    device_id, c->policy_id, app->e)) != ST_OK)
			goto fail;
		buf_printf(&what, "%spolicy set to %s", what.len ? "; " : "",
		    c->policy_id != NULL ? c->policy_id :
		    "the customer's default");
	}
	detail = arena_printf(app->a, "Device \"%s\" (%s) %.*s", d.hostname,
	    device_id, (int)what.len, what.len ? what.data : "unchanged");
	buf_free(&what);
	if ((rc = app_audit_site(app, partner_id, d.customer_id,
	    c->set_site ? c->site_id : d.site_id, "device", "update",
	    "success", detail)) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	buf_free(&what);
	store_tx_rollback(app->st);
	return (rc);
}

json_t *
device_removed_data(const void *device)
{
	const struct device	*d = device;

	return (json_pack("{s:s, s:s, s:s}", "device_id", d->id,
	    "customer_id", d->customer_id, "hostname", d->hostname));
}

/* The webhook event of a removal. */
static int
removed_hook(struct app *app, const char *partner_id, const struct device *d)
{
	json_t	*data;
	int	 rc;

	data = device_removed_data(d);
	rc = webhook_emit(app, partner_id, "device.removed", data);
	json_decref(data);
	return (rc);
}

int
device_remove(struct app *app, const char *partner_id, const char *device_id)
{
	struct alert_moved	resolved;
	struct device		d;
	int			rc;

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = device_load(app, partner_id, device_id, true, &d)) !=
	    ST_OK ||
	    (rc = store_device_remove(app->st, partner_id, device_id,
	    app->now, app->e)) != ST_OK ||
	    (rc = store_alerts_resolve_device(app->st, device_id,
	    "the device was removed", app->now, app->a, &resolved, app->e)) !=
	    ST_OK ||
	    (rc = alert_moved_hooks(app, &resolved, "the device was "
	    "removed")) != ST_OK ||
	    (rc = alert_seats_check(app, partner_id, d.customer_id)) !=
	    ST_OK || (rc = removed_hook(app, partner_id, &d)) != ST_OK ||
	    (rc = app_audit_site(app, partner_id, d.customer_id, d.site_id,
	    "device", "remove", "success", arena_printf(app->a,
	    "Device \"%s\" (%s) "
	    "removed; its agent is told to uninstall at its next check-in",
	    d.hostname, device_id))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
device_command(struct app *app, const char *partner_id,
    const char *device_id, const char *type, json_t **pending)
{
	static const char *const types[] = { "scan_now", "update_policy",
	    NULL };
	struct device	 d;
	json_t		*list, *item;
	size_t		 i;
	bool		 have = false;
	int		 rc;

	*pending = NULL;
	if (type == NULL)
		return (err_field(app->e, "type", M_REQUIRED));
	if (valid_enum(app->a, app->e, "type", type, types) != ST_OK)
		return (app->e->status);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = device_load(app, partner_id, device_id, true, &d)) != ST_OK)
		goto fail;
	list = settings_parse(app->a, *d.commands ? d.commands : "[]");
	if (!json_is_array(list))
		list = settings_parse(app->a, "[]");
	json_array_foreach(list, i, item)
		if (json_is_object(item) && json_is_string(json_object_get(
		    item, "type")) && strcmp(json_string_value(
		    json_object_get(item, "type")), type) == 0)
			have = true;
	if (!have)
		json_array_append_new(list, json_pack("{sssI}", "type", type,
		    "created_at", (json_int_t)app->now));
	if ((rc = store_device_set_commands(app->st, partner_id, device_id,
	    settings_text(app->a, list), strcmp(type, "update_policy") == 0,
	    app->e)) != ST_OK ||
	    (rc = app_audit_site(app, partner_id, d.customer_id, d.site_id,
	    "device", "command", "success", arena_printf(app->a,
	    "Command %s sent to "
	    "device \"%s\" (%s)", type, d.hostname, device_id))) != ST_OK)
		goto fail;
	*pending = list;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
device_overrides_get(struct app *app, const char *partner_id,
    const char *device_id, json_t **settings, long long *revision)
{
	struct device	d;
	int		rc;

	if ((rc = device_load(app, partner_id, device_id, false, &d)) != ST_OK)
		return (rc);
	*settings = settings_parse(app->a, d.overrides);
	*revision = d.override_revision;
	return (ST_OK);
}

int
device_layers_of(struct app *app, const char *partner_id, const struct device *d,
    struct device_layers *dl)
{
	struct site	s;
	json_t		*ex;
	int		rc;

	memset(dl, 0, sizeof(*dl));
	dl->device_id = d->id;
	dl->policy_id = d->policy_id;
	dl->device = settings_parse(app->a, d->overrides);
	dl->device_revision = d->override_revision;
	if (d->site_id == NULL)
		return (ST_OK);
	if ((rc = store_site_get(app->st, partner_id, d->customer_id,
	    d->site_id, app->a, &s, app->e)) != ST_OK)
		return (rc);
	ex = settings_parse(app->a, s.exclusions);
	if (json_is_object(ex) && json_object_size(ex) > 0) {
		dl->site = settings_parse(app->a, "{}");
		json_object_set(dl->site, "exclusions", ex);
	}
	dl->site_revision = s.revision;
	return (ST_OK);
}

int
device_effective(struct app *app, const char *partner_id,
    const char *device_id, struct device *d, struct policy_effective *out)
{
	struct device_layers	dl;
	int			rc;

	if ((rc = device_load(app, partner_id, device_id, false, d)) !=
	    ST_OK || (rc = device_layers_of(app, partner_id, d, &dl)) != ST_OK)
		return (rc);
	return (policy_effective_device(app, partner_id, d->customer_id,
	    d->platform, &dl, out));
}

int
device_overrides_put(struct app *app, const char *partner_id,
    const char *device_id, json_t *settings, json_t **stored,
    long long *revision)
{
	struct policy_effective	 ef;
	struct device		 d;
	json_t			*before;
	int			 rc;

	*stored = NULL;
	if (settings == NULL)
		return (err_field(app->e, "settings", M_REQUIRED));
	if (settings_validate(app->a, app->e, settings, "settings.") != ST_OK)
		return (app->e->status);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = device_load(app, partner_id, device_id, true, &d)) !=
	    ST_OK ||
	    (rc = device_effective(app, partner_id, device_id, &d, &ef)) !=
	    ST_OK)
		goto fail;
	if (settings_refuse_locked(app->a, app->e, settings, ef.locked) > 0) {
		rc = app->e->status;
		goto fail;
	}
	before = settings_parse(app->a, d.overrides);
	*stored = settings;
	*revision = d.override_revision;
	if (json_equal(before, settings))
		return (store_tx_commit(app->st, app->e));
	if ((rc = store_device_set_overrides(app->st, partner_id, device_id,
	    settings_text(app->a, settings), app->e)) != ST_OK ||
	    (rc = app_audit_site(app, partner_id, d.customer_id, d.site_id,
	    "device", "override", "success", arena_printf(app->a,
	    "overrides of device "
	    "\"%s\" (%s): %s", d.hostname, device_id, settings_diff(app->a,
	    before, settings)))) != ST_OK)
		goto fail;
	*revision = d.override_revision + 1;
	return (store_tx_commit(app->st, app->e));
fail:
	*stored = NULL;
	store_tx_rollback(app->st);
	return (rc);
}
