/*
 * agent.c - enrolment and check-in; see agent.h.
 */
#include <string.h>

#include <sodium.h>

#include "app/agent.h"
#include "app/agent_input.h"
#include "app/alert.h"
#include "app/app.h"
#include "app/device.h"
#include "app/installer.h"
#include "app/policy.h"
#include "app/principal.h"
#include "app/settings.h"
#include "app/webhook.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/text.h"
#include "store/store.h"
#include "store/store_device.h"

/* Check-in intervals vary by this share either way, to spread load. */
#define CHECKIN_JITTER_PERCENT	10
/* A boot time that moved less than this is the same boot. */
#define BOOT_SLACK		300

static long long
checkin_seconds(struct app *app)
{
	long long	base = app->cfg->checkin_seconds;
	unsigned	span = (unsigned)(base * CHECKIN_JITTER_PERCENT / 100);

	if (span == 0)
		return (base);
	return (base - span + (long long)rand_cheap(2 * span + 1));
}

/* The webhook event of an enrolment. */
static int
enrol_hook(struct app *app, const struct device_enrolment *en,
    const char *id, bool is_new)
{
	json_t	*data;
	int	 rc;

	data = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:b}", "device_id", id,
	    "customer_id", en->customer_id, "site_id", en->site_id,
	    "hostname", en->hostname, "platform", en->platform, "again",
	    !is_new);
	rc = webhook_emit(app, en->partner_id, "device.enrolled", data);
	json_decref(data);
	return (rc);
}

int
agent_enroll(struct app *app, const struct enrol_input *in,
    struct enrol_result *out)
{
	struct device_enrolment	 en;
	struct installer	 inst;
	struct customer		 c;
	struct site		 s;
	char			*id;
	bool			 is_new;
	int			 rc;

	memset(out, 0, sizeof(*out));
	memset(&en, 0, sizeof(en));
	if ((rc = agent_enrol_read(app, in, &en)) != ST_OK)
		return (rc);
	if ((rc = installer_by_token(app, in->token, &inst)) != ST_OK)
		return (rc);
	out->secret = arena_printf(app->a, DEVICE_SECRET_PREFIX "%s",
	    token_new(app->a));
	en.partner_id = inst.partner_id;
	en.customer_id = inst.customer_id;
	en.site_id = inst.site_id;
	en.sort_key = text_fold(app->a, en.hostname);
	en.secret_hash = token_hash(app->a, out->secret);
	en.now = app->now;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		goto fail;
	/* A deleted customer's, company console's or site's token enrols
	 * nothing, as a rotated one. */
	rc = store_customer_get(app->st, inst.partner_id, app->a,
	    inst.customer_id, &c, app->e);
	if (rc == ST_OK && inst.site_id != NULL)
		rc = store_site_hold(app->st, inst.partner_id,
		    inst.customer_id, inst.site_id, app->a, &s, app->e);
	if (rc == ST_NOT_FOUND) {
		err_clear(app->e);
		rc = err_set(app->e, ST_UNAUTH, "invalid_token",
		    M_INSTALL_TOKEN);
	}
	if (rc != ST_OK ||
	    (rc = store_device_enroll(app->st, app->a, &en, &id, &is_new,
	    app->e)) != ST_OK)
		goto fail;
	principal_device(app->who, id, en.hostname, app->who->ip);
	if ((rc = alert_seats_check(app, inst.partner_id, inst.customer_id))
	    != ST_OK || (rc = enrol_hook(app, &en, id, is_new)) != ST_OK)
		goto fail;
	if ((rc = app_audit_site(app, inst.partner_id, inst.customer_id,
	    inst.site_id, "device", is_new ? "enroll" : "reenroll", "success",
	    arena_printf(app->a,
	    "Device \"%s\" (%s, %s) %s %s%s", en.hostname, id, in->platform,
	    is_new ? "enrolled into" : "enrolled again into", c.d.company,
	    inst.site_id != NULL ? arena_printf(app->a, ", site \"%s\"",
	    s.name) : ""))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	out->device_id = id;
	out->checkin_seconds = checkin_seconds(app);
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	if (out->secret != NULL)
		sodium_memzero(out->secret, strlen(out->secret));
	out->secret = NULL;
	return (rc);
}

/* ---- check-in ------------------------------------------------------------- */


static bool
boot_moved(const struct agent_report *r, const struct checkin_row *row)
{
	int64_t	d;

	if (!r->has_host || r->booted_at == 0)
		return (false);
	d = r->booted_at - row->booted_at;
	return (row->booted_at == 0 || d > BOOT_SLACK || d < -BOOT_SLACK);
}

static bool
definitions_old(struct app *app, int64_t at)
{
	return (at == 0 || at < app->now - DEVICE_DEFINITIONS_MAX_AGE);
}

/* The device's status now from what is stored (no threats reported). */
static const char *
status_now(struct app *app, const struct checkin_row *row)
{
	if (row->protection == NULL || strcmp(row->protection, "on") != 0 ||
	    definitions_old(app, row->definitions_at) || row->open_threats > 0)
		return ("at_risk");
	return ("protected");
}

static int
state_save(struct app *app, const struct checkin_row *row,
    const struct agent_report *r)
{
	struct device_report	rep;
	struct device_state	s;
	int			rc;

	memset(&s, 0, sizeof(s));
	s.protection = r->protection;
	s.definitions_at = r->definitions_at;
	s.state_hash = r->hash;
	s.threats = r->threats;
	s.nthreats = r->nthreats;
	s.fresh = arena_calloc(app->a, r->nthreats + 1, sizeof(*s.fresh));
	s.risky = strcmp(r->protection, "on") != 0 ||
	    definitions_old(app, r->definitions_at);
	s.now = app->now;
	if (r->has_host) {
		s.hostname = r->hostname;
		s.sort_key = text_fold(app->a, r->hostname);
		s.os = r->os;
		s.kernel = r->kernel;
		s.agent_version = r->agent_version;
		s.ip_addresses = r->ip_addresses;
		s.booted_at = r->booted_at;
	}
	memset(&rep, 0, sizeof(rep));
	rep.partner_id = row->partner_id;
	rep.customer_id = row->customer_id;
	rep.device_id = row->device_id;
	rep.hostname = r->has_host ? r->hostname : row->hostname;
	rep.was = row->status;
	rep.protection = r->protection;
	rep.definitions_at = r->definitions_at;
	rep.threats = r->threats;
	rep.fresh = s.fresh;
	rep.nthreats = r->nthreats;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_device_state_save(app->st, row->partner_id,
	    row->customer_id, row->device_id, &s, app->a, app->e)) != ST_OK ||
	    (rc = alert_device_report(app, &rep)) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	return (ST_OK);
}

/*
 * Nothing reported changed, but time did: the definitions grew old, or
 * the device was offline. Store its status (once: compare-and-set) and
 * its alerts.
 */
static int
status_sync(struct app *app, const struct checkin_row *row, const char *to)
{
	struct device_report	rep;
	bool			changed;
	int			rc;

	memset(&rep, 0, sizeof(rep));
	rep.partner_id = row->partner_id;
	rep.customer_id = row->customer_id;
	rep.device_id = row->device_id;
	rep.hostname = row->hostname;
	rep.was = row->status;
	rep.protection = row->protection;
	rep.definitions_at = row->definitions_at;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_device_set_status(app->st, row->device_id,
	    row->status, to, app->now, &changed, app->e)) != ST_OK ||
	    (changed && (rc = alert_device_report(app, &rep)) != ST_OK) ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	return (ST_OK);
}

/* The device's effective settings (no access check: it is the device). */
static int
policy_build(struct app *app, const struct checkin_row *row, json_t **out)
{
	struct policy_effective	 ef;
	struct device_layers	 dl;
	struct device_clock	 clk;
	struct device		 d;
	int			 rc;

	memset(&clk, 0, sizeof(clk));
	clk.now = app->now;
	if ((rc = store_device_get(app->st, row->partner_id, row->device_id,
	    &clk, app->a, &d, app->e)) != ST_OK ||
	    (rc = device_layers_of(app, row->partner_id, &d, &dl)) != ST_OK ||
	    (rc = policy_effective_device(app, row->partner_id,
	    row->customer_id, row->platform, &dl, &ef)) != ST_OK)
		return (rc);
	*out = ef.settings;
	return (ST_OK);
}

int
agent_checkin(struct app *app, const char *secret, json_t *body,
    struct checkin_result *out)
{
	struct checkin_row	 row;
	struct agent_report		 r;
	struct err		 tmp;
	const char		*sent;
	json_t			*cmds;
	int			 tv, rc;

	memset(out, 0, sizeof(*out));
	if (secret == NULL || strncmp(secret, DEVICE_SECRET_PREFIX,
	    strlen(DEVICE_SECRET_PREFIX)) != 0 || strlen(secret) > 200)
		return (err_set(app->e, ST_UNAUTH, "invalid_device",
		    M_DEVICE_SECRET));
	err_clear(&tmp);
	rc = store_device_checkin_row(app->st, app->a, token_hash(app->a,
	    secret), &row, &tmp);
	if (rc == ST_NOT_FOUND)
		return (err_set(app->e, ST_UNAUTH, "invalid_device",
		    M_DEVICE_SECRET));
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	principal_device(app->who, row.device_id, row.hostname, app->who->ip);
	out->device_id = row.device_id;
	out->checkin_seconds = checkin_seconds(app);
	if (row.removed) {
		/* Told at every check-in until the agent is gone. */
		out->commands = settings_parse(app->a,
		    "[{\"type\":\"uninstall\"}]");
		out->seen_only = true;
		return (ST_OK);
	}
	if ((rc = agent_checkin_read(app, body, &r, &sent)) != ST_OK)
		return (rc);
	if (row.policy_id == NULL)
		settings_template(row.platform, &tv);
	else
		tv = (int)row.template_version;
	out->policy_version = policy_device_version(app->a, row.platform,
	    row.policy_id, row.policy_revision, row.customer_revision, tv,
	    row.site_revision, row.device_revision);
	if (strcmp(r.hash, row.state_hash) != 0 || boot_moved(&r, &row) ||
	    strcmp(row.status, "offline") == 0) {
		if ((rc = state_save(app, &row, &r)) != ST_OK)
			return (rc);
	} else if (strcmp(status_now(app, &row), row.status) != 0) {
		if ((rc = status_sync(app, &row, status_now(app, &row))) !=
		    ST_OK)
			return (rc);
	} else
		out->seen_only = true;
	if (sent == NULL || strcmp(sent, out->policy_version) != 0 ||
	    row.policy_push) {
		if ((rc = policy_build(app, &row, &out->policy)) != ST_OK)
			return (rc);
	}
	cmds = settings_parse(app->a, *row.commands ? row.commands : "[]");
	out->commands = json_is_array(cmds) ? cmds :
	    settings_parse(app->a, "[]");
	if (*row.commands != '\0' || row.policy_push) {
		if ((rc = store_device_commands_taken(app->st, row.device_id,
		    app->e)) != ST_OK)
			return (rc);
	}
	return (ST_OK);
}
