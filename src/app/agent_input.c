/*
 * agent_input.c - reading what a device sends; see agent_input.h.
 */
#include <string.h>

#include "app/agent.h"
#include "app/agent_input.h"
#include "app/app.h"
#include "app/policy_int.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/json.h"
#include "core/rand.h"
#include "core/valid.h"
#include "store/store_device.h"

/* The longest policy version an agent may report (ours are
 * POLICY_VERSION_CHARS; the slack is for versions of other formats). */
#define POLICY_VERSION_MAX	100

/* A printable identifier from the agent: no control characters. */
static void
agent_text(struct app *app, const char *field, const char *in, bool required,
    size_t max, const char **out)
{
	char	*clean = NULL;

	if (valid_text(app->a, app->e, field, in, required, max, &clean) ==
	    ST_OK)
		*out = clean;
}

int
agent_enrol_read(struct app *app, const struct enrol_input *in,
    struct device_enrolment *en)
{
	if (in->token == NULL)
		err_field(app->e, "token", M_REQUIRED);
	agent_text(app, "hardware_id", in->hardware_id, true, 200,
	    &en->hardware_id);
	agent_text(app, "hostname", in->hostname, true, 255, &en->hostname);
	if (in->platform == NULL)
		err_field(app->e, "platform", M_REQUIRED);
	else
		valid_enum(app->a, app->e, "platform", in->platform,
		    policy_platforms);
	agent_text(app, "os", in->os, false, 200, &en->os);
	agent_text(app, "agent_version", in->agent_version, false, 50,
	    &en->agent_version);
	en->platform = in->platform;
	return (app->e->status);
}

static const char *const threat_actions[] = { "quarantined", "deleted",
	"blocked", "reported", NULL };

static void
threats_read(struct app *app, json_t *list, struct agent_report *r)
{
	static const char *const keys[] = { "name", "path", "action",
	    "detected_at", NULL };
	json_t		*t;
	const char	*name, *path, *action, *at;
	char		*f;
	size_t		 i;

	if (json_array_size(list) > AGENT_THREATS_MAX) {
		err_fieldn(app->e, "state.threats", M_TOO_MANY,
		    AGENT_THREATS_MAX);
		return;
	}
	r->threats = arena_calloc(app->a, json_array_size(list) + 1,
	    sizeof(*r->threats));
	json_array_foreach(list, i, t) {
		struct device_threat *d = &r->threats[r->nthreats];

		f = arena_printf(app->a, "state.threats[%zu]", i);
		if (!json_is_object(t)) {
			err_field(app->e, f, M_NOT_OBJECT);
			continue;
		}
		name = path = action = at = NULL;
		jcheck_keys(t, keys, f, app->e);
		jget_str(t, arena_printf(app->a, "%s.name", f), &name, false,
		    app->e);
		jget_str(t, arena_printf(app->a, "%s.path", f), &path, false,
		    app->e);
		jget_str(t, arena_printf(app->a, "%s.action", f), &action,
		    false, app->e);
		jget_str(t, arena_printf(app->a, "%s.detected_at", f), &at,
		    false, app->e);
		agent_text(app, arena_printf(app->a, "%s.name", f), name, true,
		    200, &d->name);
		agent_text(app, arena_printf(app->a, "%s.path", f), path, true,
		    4096, &d->path);
		if (action == NULL)
			err_field(app->e, arena_printf(app->a, "%s.action", f),
			    M_REQUIRED);
		else
			valid_enum(app->a, app->e, arena_printf(app->a,
			    "%s.action", f), action, threat_actions);
		if (!time_parse_iso(at, &d->detected_at))
			err_field(app->e, arena_printf(app->a,
			    "%s.detected_at", f), at == NULL ? M_REQUIRED :
			    M_ISO_TIME);
		d->action = action;
		d->resolved = action != NULL && strcmp(action, "reported") != 0;
		r->nthreats++;
	}
}

static void
host_read(struct app *app, json_t *host, struct agent_report *r)
{
	static const char *const keys[] = { "hostname", "os", "kernel",
	    "agent_version", "ip_addresses", "uptime_seconds", NULL };
	const char	*hostname = NULL, *os = NULL, *kernel = NULL;
	const char	*version = NULL, **ips = NULL;
	long long	 uptime = 0;
	int		 has_uptime;
	json_t		*list;
	size_t		 nips = 0, i;

	jcheck_keys(host, keys, "host", app->e);
	jget_str(host, "host.hostname", &hostname, false, app->e);
	jget_str(host, "host.os", &os, false, app->e);
	jget_str(host, "host.kernel", &kernel, false, app->e);
	jget_str(host, "host.agent_version", &version, false, app->e);
	jget_strs(app->a, host, "host.ip_addresses", &ips, &nips, AGENT_IPS_MAX,
	    app->e);
	has_uptime = jget_int(host, "host.uptime_seconds", &uptime, app->e);
	agent_text(app, "host.hostname", hostname, true, 255, &r->hostname);
	agent_text(app, "host.os", os, false, 200, &r->os);
	agent_text(app, "host.kernel", kernel, false, 200, &r->kernel);
	agent_text(app, "host.agent_version", version, false, 50,
	    &r->agent_version);
	list = json_array();
	for (i = 0; i < nips; i++) {
		if (strlen(ips[i]) > 64 || strspn(ips[i],
		    "0123456789abcdefABCDEF.:%") != strlen(ips[i]))
			err_field(app->e, arena_printf(app->a,
			    "host.ip_addresses[%zu]", i), M_IP_ADDRESS);
		else
			json_array_append_new(list, json_string(ips[i]));
	}
	r->ip_addresses = settings_text(app->a, list);
	json_decref(list);
	if (has_uptime == 1 && (uptime < 0 || uptime > 100LL * 365 * 86400))
		err_field(app->e, "host.uptime_seconds", M_UPTIME);
	r->booted_at = has_uptime == 1 ? app->now - uptime : 0;
	r->has_host = true;
}

int
agent_checkin_read(struct app *app, json_t *body, struct agent_report *r,
    const char **version)
{
	static const char *const keys[] = { "policy_version", "state", "host",
	    NULL };
	static const char *const skeys[] = { "protection",
	    "definitions_updated_at", "threats", NULL };
	static const char *const onoff[] = { "on", "off", NULL };
	struct buf	 h = BUF_INIT;
	json_t		*state = NULL, *host = NULL, *threats = NULL;
	const char	*defs = NULL;
	size_t		 i;

	memset(r, 0, sizeof(*r));
	*version = NULL;
	jcheck_keys(body, keys, NULL, app->e);
	/* Only compared with the current version, but never any length. */
	if (jget_str(body, "policy_version", version, false, app->e) == 1 &&
	    strlen(*version) > POLICY_VERSION_MAX)
		err_fieldn(app->e, "policy_version", M_TOO_LONG,
		    POLICY_VERSION_MAX);
	if (jget_obj(body, "state", &state, app->e) == 0)
		err_field(app->e, "state", M_REQUIRED);
	if (jget_obj(body, "host", &host, app->e) == 1)
		host_read(app, host, r);
	if (state != NULL) {
		jcheck_keys(state, skeys, "state", app->e);
		jget_str(state, "state.protection", &r->protection, false,
		    app->e);
		if (r->protection == NULL)
			err_field(app->e, "state.protection", M_REQUIRED);
		else
			valid_enum(app->a, app->e, "state.protection",
			    r->protection, onoff);
		if (jget_str(state, "state.definitions_updated_at", &defs, false,
		    app->e) == 1 && !time_parse_iso(defs, &r->definitions_at))
			err_field(app->e, "state.definitions_updated_at",
			    M_ISO_TIME);
		if (jget_arr(state, "state.threats", &threats, app->e) == 1)
			threats_read(app, threats, r);
	}
	if (app->e->status != ST_OK)
		return (app->e->status);
	/* Everything but the uptime, which moves on every check-in. */
	buf_printf(&h, "%s\n%lld\n", r->protection,
	    (long long)r->definitions_at);
	for (i = 0; i < r->nthreats; i++)
		buf_printf(&h, "t %s\n%s\n%s\n%lld\n", r->threats[i].name,
		    r->threats[i].path, r->threats[i].action,
		    (long long)r->threats[i].detected_at);
	if (r->has_host)
		buf_printf(&h, "h %s\n%s\n%s\n%s\n%s\n", r->hostname, r->os,
		    r->kernel, r->agent_version, r->ip_addresses);
	buf_addc(&h, '\0');
	r->hash = token_hash(app->a, h.data);
	buf_free(&h);
	return (ST_OK);
}
