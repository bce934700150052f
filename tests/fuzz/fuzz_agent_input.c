/*
 * fuzz_agent_input.c - the hub's side of the agent protocol: reading an
 * enrolment's and a check-in's body (app/agent_input.c), as
 * /agent/v1/enroll and /agent/v1/checkin do before any database work.
 *
 * Input: any bytes as a request body. Checks:
 *  - a body that is not JSON is ST_MALFORMED;
 *  - a check-in body is accepted (ST_OK, no field error) or refused with
 *    field errors (ST_INVALID) and never half: an accepted report has
 *    protection "on" or "off", at most AGENT_THREATS_MAX threats, each
 *    with clean text and a known action, a JSON list of addresses, and
 *    a 64-hex-digit digest that reading the same body again reproduces;
 *  - an enrolment is accepted only with every required field, as
 *    trimmed clean text, and a known platform.
 */
#include "fuzz.h"

#include <sodium.h>

#include "app/agent.h"
#include "app/agent_input.h"
#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/json.h"
#include "core/text.h"
#include "store/store_device.h"

FUZZ_SETUP(if (sodium_init() < 0) abort())

static void
check_text(const char *s)
{
	size_t	n;

	FUZZ_CHECK(s != NULL);
	n = strlen(s);
	FUZZ_CHECK(utf8_valid(s, n) && !text_has_control(s, n, false));
	FUZZ_CHECK(n == 0 || (s[0] != ' ' && s[n - 1] != ' '));
}

static void
check_checkin(struct app *app, json_t *body)
{
	struct agent_report	 r, r2;
	const char		*version, *v2;
	json_t			*ips;
	size_t			 i;
	int			 rc;

	rc = agent_checkin_read(app, body, &r, &version);
	if (rc != ST_OK) {
		FUZZ_CHECK(rc == ST_INVALID && app->e->nfields > 0);
		return;
	}
	FUZZ_CHECK(app->e->nfields == 0);
	FUZZ_CHECK(strcmp(r.protection, "on") == 0 ||
	    strcmp(r.protection, "off") == 0);
	FUZZ_CHECK(r.nthreats <= AGENT_THREATS_MAX);
	for (i = 0; i < r.nthreats; i++) {
		check_text(r.threats[i].name);
		check_text(r.threats[i].path);
		FUZZ_CHECK(*r.threats[i].name != '\0' &&
		    *r.threats[i].path != '\0');
		FUZZ_CHECK(strstr(" quarantined deleted blocked reported ",
		    r.threats[i].action) != NULL);
		FUZZ_CHECK(r.threats[i].resolved ==
		    (strcmp(r.threats[i].action, "reported") != 0));
	}
	if (r.has_host) {
		check_text(r.hostname);
		FUZZ_CHECK(*r.hostname != '\0');
		ips = json_loads(r.ip_addresses, 0, NULL);
		FUZZ_CHECK(json_is_array(ips) && json_array_size(ips) <=
		    AGENT_IPS_MAX);
		json_decref(ips);
		FUZZ_CHECK(r.booted_at == 0 || r.booted_at <= app->now);
	}
	FUZZ_CHECK(strlen(r.hash) == 64 &&
	    strspn(r.hash, "0123456789abcdef") == 64);
	FUZZ_CHECK(agent_checkin_read(app, body, &r2, &v2) == ST_OK);
	FUZZ_CHECK(strcmp(r.hash, r2.hash) == 0 && v2 == version);
}

static void
check_enrol(struct app *app, json_t *body)
{
	struct enrol_input	 in;
	struct device_enrolment	 en;

	memset(&in, 0, sizeof(in));
	memset(&en, 0, sizeof(en));
	jget_str(body, "token", &in.token, false, app->e);
	jget_str(body, "hardware_id", &in.hardware_id, false, app->e);
	jget_str(body, "hostname", &in.hostname, false, app->e);
	jget_str(body, "platform", &in.platform, false, app->e);
	jget_str(body, "os", &in.os, false, app->e);
	jget_str(body, "agent_version", &in.agent_version, false, app->e);
	if (app->e->status != ST_OK)
		return;
	if (agent_enrol_read(app, &in, &en) != ST_OK) {
		FUZZ_CHECK(app->e->status == ST_INVALID &&
		    app->e->nfields > 0);
		return;
	}
	FUZZ_CHECK(in.token != NULL);
	check_text(en.hardware_id);
	check_text(en.hostname);
	FUZZ_CHECK(*en.hardware_id != '\0' && *en.hostname != '\0');
	FUZZ_CHECK(utf8_chars(en.hostname, strlen(en.hostname)) <= 255);
	FUZZ_CHECK(strcmp(en.platform, "workstation") == 0 ||
	    strcmp(en.platform, "server") == 0);
	check_text(en.os);
	check_text(en.agent_version);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct err	 e;
	struct app	 app;
	json_t		*body;

	arena_init(&a, 0);
	err_clear(&e);
	memset(&app, 0, sizeof(app));
	app.a = &a;
	app.e = &e;
	app.now = 1767225600;		/* 2026-01-01 */
	if (json_parse(&a, (const char *)data, size, &body, &e) != ST_OK) {
		FUZZ_CHECK(e.status == ST_MALFORMED);
		goto done;
	}
	if (json_is_object(body)) {
		check_checkin(&app, body);
		err_clear(&e);
		check_enrol(&app, body);
	}
done:
	arena_free(&a);
	return (0);
}
