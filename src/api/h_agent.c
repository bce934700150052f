/*
 * h_agent.c - the agent protocol (SPEC section 12): no cookie, no CSRF.
 *
 *   POST /agent/v1/enroll   {"token", "hardware_id", "hostname", "platform",
 *                           "os", "agent_version"} -> 201 {"device_id",
 *                           "device_secret", "checkin_seconds"}
 *   POST /agent/v1/checkin  Authorization: Bearer <device secret>
 *                           {"policy_version", "state", "host"} -> 200
 *                           {"policy_version", "policy"?, "commands",
 *                           "checkin_seconds"}
 *
 * A check-in that changed nothing leaves its time with seen.h, which
 * writes it with others a moment later.
 */
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/seen.h"
#include "app/agent.h"
#include "core/json.h"
#include "core/metrics.h"

/* What an agent may send at most (a check-in with 100 long threats). */
#define AGENT_BODY_MAX	(256 * 1024)

static int
agent_body(struct rq *rq, json_t **body)
{
	const char	*data;
	size_t		 len;

	rq_body(rq, &data, &len);
	if (len > AGENT_BODY_MAX)
		return (err_setn(&rq->e, ST_TOO_LARGE, "too_large",
		    M_TOO_LARGE, AGENT_BODY_MAX));
	return (rq_json_body(rq, body));
}

int
h_agent_enroll(struct rq *rq)
{
	static const char *const keys[] = { "token", "hardware_id",
	    "hostname", "platform", "os", "agent_version", NULL };
	struct enrol_input	 in;
	struct enrol_result	 out;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	json_t			*body;
	int			 rc;

	if ((rc = agent_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&in, 0, sizeof(in));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "token", &in.token, false, &rq->e);
	jget_str(body, "hardware_id", &in.hardware_id, false, &rq->e);
	jget_str(body, "hostname", &in.hostname, false, &rq->e);
	jget_str(body, "platform", &in.platform, false, &rq->e);
	jget_str(body, "os", &in.os, false, &rq->e);
	jget_str(body, "agent_version", &in.agent_version, false, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = agent_enroll(&rq->app, &in, &out)) != ST_OK)
		return (rc);
	metrics_event(ME_ENROLMENT, 1);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "device_id", out.device_id);
	jw_kstr(&w, "device_secret", out.secret);
	jw_kint(&w, "checkin_seconds", out.checkin_seconds);
	jw_obj_end(&w);
	sodium_memzero(out.secret, strlen(out.secret));
	rq_reply_json(rq, 201, &b);
	sodium_memzero(b.data, b.len);
	buf_free(&b);
	return (ST_OK);
}

int
h_agent_checkin(struct rq *rq)
{
	struct checkin_result	 out;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	json_t			*body;
	const char		*h, *secret = NULL;
	int			 rc;

	if ((h = rq_header(rq, "authorization")) != NULL &&
	    strncasecmp(h, "Bearer ", 7) == 0)
		for (secret = h + 7; *secret == ' '; secret++)
			;
	if (secret == NULL)
		return (err_set(&rq->e, ST_UNAUTH, "invalid_device",
		    M_DEVICE_SECRET));
	if ((rc = agent_body(rq, &body)) != ST_OK)
		return (rc);
	if ((rc = agent_checkin(&rq->app, secret, body, &out)) != ST_OK)
		return (rc);
	metrics_event(ME_CHECKIN, 1);
	if (out.seen_only)
		seen_note(rq->app.st, out.device_id, rq->app.now);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "policy_version", out.policy_version);
	if (out.policy != NULL) {
		jw_key(&w, "policy");
		jw_json(&w, out.policy);
	}
	jw_key(&w, "commands");
	jw_json(&w, out.commands);
	jw_kint(&w, "checkin_seconds", out.checkin_seconds);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}
