/*
 * app.c - configuration defaults and the audit helper.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/principal.h"
#include "core/err.h"
#include "core/log.h"
#include "core/secretkey.h"
#include "store/store.h"

void
app_config_defaults(struct app_config *c)
{
	memset(c, 0, sizeof(*c));
	c->session_idle = 2 * 3600;
	c->session_max = 12 * 3600;
	c->signin_max_per_email = 5;
	c->signin_max_per_ip = 30;
	c->signin_window = 15 * 60;
	c->api_rate_per_minute = 600;
	c->public_url = "http://127.0.0.1:8080";
	c->checkin_seconds = 300;
}

static void
env_ll(const char *name, long long *v)
{
	const char	*s;
	char		*end;
	long long	 n;

	if ((s = getenv(name)) == NULL || *s == '\0')
		return;
	n = strtoll(s, &end, 10);
	if (*end == '\0' && n > 0)
		*v = n;
}

void
app_config_from_env(struct app_config *c)
{
	const char	*s;
	long long	 v;

	v = c->session_idle;
	env_ll("STEWARD_SESSION_IDLE", &v);
	c->session_idle = v;
	v = c->session_max;
	env_ll("STEWARD_SESSION_MAX", &v);
	c->session_max = v;
	env_ll("STEWARD_SIGNIN_MAX_PER_EMAIL", &c->signin_max_per_email);
	env_ll("STEWARD_SIGNIN_MAX_PER_IP", &c->signin_max_per_ip);
	v = c->signin_window;
	env_ll("STEWARD_SIGNIN_WINDOW", &v);
	c->signin_window = v;
	env_ll("STEWARD_API_RATE_PER_MINUTE", &c->api_rate_per_minute);
	if ((s = getenv("STEWARD_PUBLIC_URL")) != NULL && *s != '\0')
		c->public_url = s;
	v = c->checkin_seconds;
	env_ll("STEWARD_CHECKIN_SECONDS", &v);
	if (v >= 5 && v <= 86400)
		c->checkin_seconds = v;
	if ((s = getenv("STEWARD_KEY_FILE")) != NULL && *s != '\0') {
		c->has_install_key = secretkey_load(s, c->install_key,
		    c->install_key_problem,
		    sizeof(c->install_key_problem)) == 0;
		if (!c->has_install_key)
			log_msg(LV_ERROR, "config.key", "%s",
			    c->install_key_problem);
	} else
		snprintf(c->install_key_problem,
		    sizeof(c->install_key_problem), "no key file: start the "
		    "server with --key-file (STEWARD_KEY_FILE)");
}

static int
audit_add(struct app *app, const char *account_id, const char *customer_id,
    const char *site_id, const char *device_id, const char *category,
    const char *event_type, const char *result, const char *detail)
{
	struct audit_event	ev = { 0 };
	struct err		e;
	int			rc;

	ev.at = app->now;
	ev.account_id = account_id;
	ev.customer_id = customer_id;
	ev.site_id = site_id;
	ev.device_id = device_id;
	ev.category = category;
	ev.event_type = event_type;
	ev.detail = detail;
	ev.result = result;
	ev.origin = app->who->origin;
	ev.actor_kind = principal_kind_name(app->who);
	ev.actor_id = app->who->id;
	ev.actor = app->who->label;
	ev.ip = app->who->ip;
	err_clear(&e);
	rc = store_audit_add(app->st, app->a, &ev, &e);
	if (rc != ST_OK)
		log_msg(LV_ERROR, "audit.failed", "%s/%s: %s", category,
		    event_type, e.internal);
	return (rc);
}

int
app_audit(struct app *app, const char *account_id, const char *customer_id,
    const char *category, const char *event_type, const char *result,
    const char *detail)
{
	return (audit_add(app, account_id, customer_id, NULL, NULL, category,
	    event_type, result, detail));
}

int
app_audit_site(struct app *app, const char *account_id,
    const char *customer_id, const char *site_id, const char *category,
    const char *event_type, const char *result, const char *detail)
{
	return (audit_add(app, account_id, customer_id, site_id, NULL,
	    category, event_type, result, detail));
}

int
app_audit_device(struct app *app, const char *account_id,
    const char *customer_id, const char *device_id, const char *category,
    const char *event_type, const char *result, const char *detail)
{
	return (audit_add(app, account_id, customer_id, NULL, device_id,
	    category, event_type, result, detail));
}
