/*
 * agent_enroll.c - see agent_enroll.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "agent/agent_enroll.h"
#include "agent/agent_host.h"
#include "agent/agent_http.h"
#include "agent/agent_loop.h"
#include "agent/agent_msg.h"
#include "agent/agent_proto.h"
#include "agent/agent_state.h"
#include "core/clock.h"

const char *const agent_default_scan_paths[] = { "/home", "/root", "/tmp",
    "/var/tmp", "/srv", "/opt", NULL };

/* Print the field errors of a 422 answer. */
static void
say_fields(const char *body)
{
	json_t		*v, *fields, *m;
	const char	*k;
	char		 msg[256];

	if ((v = json_loads(body, 0, NULL)) == NULL)
		return;
	fields = json_object_get(json_object_get(v, "error"), "fields");
	json_object_foreach(fields, k, m) {
		if (json_is_string(m)) {
			proto_clean_text(json_string_value(m), msg,
			    sizeof(msg));
			agent_say("  %s: %s", k, msg);
		}
	}
	json_decref(v);
}

/* The answer to a 201: save identity, config and a fresh status. */
static int
enrolled(struct enroll_opts *o, struct http_reply *r, char *server,
    char *ca_file)
{
	struct agent_identity	 id;
	struct agent_config	 c;
	struct agent_status	 st;
	json_error_t		 je;
	json_t			*ans;
	long			 secs;
	size_t			 i;
	int			 rc = AGENT_EXIT_OK;

	ans = json_loadb(r->body.data, r->body.len, 0, &je);
	memset(&id, 0, sizeof(id));
	if (ans == NULL || proto_enroll_answer(ans, id.device_id,
	    sizeof(id.device_id), id.secret, sizeof(id.secret), &secs) == -1) {
		agent_say("the hub's enrolment answer is not understood");
		rc = AGENT_EXIT_NETWORK;
		goto done;
	}
	memset(&c, 0, sizeof(c));
	c.server = server;
	c.ca_file = ca_file;
	c.clamav_db = (char *)(uintptr_t)(o->clamav_db != NULL ?
	    o->clamav_db : AGENT_DEFAULT_CLAMAV_DB);
	c.platform = (char *)(uintptr_t)(o->platform != NULL ? o->platform :
	    "workstation");
	c.hostname = (char *)(uintptr_t)o->hostname;
	if (o->nscan_paths > 0) {
		c.scan_paths = (char **)(uintptr_t)o->scan_paths;
		c.nscan_paths = o->nscan_paths;
	} else {
		c.scan_paths = (char **)(uintptr_t)agent_default_scan_paths;
		for (i = 0; agent_default_scan_paths[i] != NULL; i++)
			c.nscan_paths++;
	}
	memset(&st, 0, sizeof(st));
	st.schedule_since = clock_now();
	if (state_config_save(o->state_dir, &c) == -1 ||
	    state_identity_save(o->state_dir, &id) == -1 ||
	    state_status_save(o->state_dir, &st) == -1 ||
	    state_remove(o->state_dir, STATE_UNINSTALLED) == -1) {
		agent_say("cannot write to %s: %s", o->state_dir,
		    strerror(errno));
		rc = AGENT_EXIT_ERROR;
		goto done;
	}
	(void)state_remove(o->state_dir, STATE_POLICY);
	agent_say("enrolled as device %s (checks in every %ld s); start it "
	    "with: steward-agent run --state-dir %s", id.device_id,
	    secs > 0 ? secs : 300L, o->state_dir);
	if (access(c.clamav_db, R_OK | X_OK) == -1)
		agent_say("warning: no signature directory %s yet; protection "
		    "stays off until it holds signatures", c.clamav_db);
done:
	if (ans != NULL)
		proto_wipe_member(ans, "device_secret");
	json_decref(ans);
	state_identity_wipe(&id);
	return (rc);
}

int
agent_enroll(struct enroll_opts *o)
{
	struct http_reply	 r;
	char			 hw[65], host[256], os[200], code[64];
	char			 msg[256], server[1024], ca[PATH_MAX];
	char			*text = NULL, *ca_file = NULL;
	json_t			*body;
	size_t			 n;
	int			 rc, lock;

	n = strlen(o->server);
	while (n > 0 && o->server[n - 1] == '/')
		n--;
	if (n >= sizeof(server)) {
		agent_say("--server is too long");
		rc = AGENT_EXIT_USAGE;
		goto wipe;
	}
	memcpy(server, o->server, n);
	server[n] = '\0';
	if (strncmp(server, "http://", 7) == 0 &&
	    strncmp(server, "http://127.", 11) != 0 &&
	    strncmp(server, "http://localhost", 16) != 0 &&
	    strncmp(server, "http://[::1]", 12) != 0)
		agent_say("warning: %s is plain HTTP; the token and the device "
		    "secret travel unencrypted (use https://)", server);
	if (o->ca_file != NULL) {
		if (realpath(o->ca_file, ca) == NULL) {
			agent_say("--ca-file %s: %s", o->ca_file,
			    strerror(errno));
			rc = AGENT_EXIT_USAGE;
			goto wipe;
		}
		ca_file = ca;
	}
	if (state_dir_prepare(o->state_dir) == -1) {
		agent_say("cannot prepare %s: %s", o->state_dir,
		    strerror(errno));
		rc = AGENT_EXIT_ERROR;
		goto wipe;
	}
	if ((lock = agent_lock(o->state_dir)) == -1) {
		rc = AGENT_EXIT_ERROR;
		goto wipe;
	}
	if (host_hardware_id(o->state_dir, getenv("STEWARD_AGENT_MACHINE_ID"),
	    hw, sizeof(hw)) == -1) {
		agent_say("cannot make a hardware id: %s", strerror(errno));
		rc = AGENT_EXIT_ERROR;
		goto unlock;
	}
	if (o->hostname != NULL)
		snprintf(host, sizeof(host), "%s", o->hostname);
	else
		host_name(host, sizeof(host));
	host_os(os, sizeof(os));
	body = proto_enroll_body(o->token, hw, host, o->platform != NULL ?
	    o->platform : "workstation", os);
	text = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	if (body != NULL)
		proto_wipe_member(body, "token");
	json_decref(body);
	if (text == NULL) {
		agent_say("cannot build the enrolment request");
		rc = AGENT_EXIT_ERROR;
		goto unlock;
	}
	if (http_post_json(server, "/agent/v1/enroll", ca_file, NULL, text,
	    &r) == -1) {
		agent_say("cannot reach %s: %s", server, r.error);
		rc = AGENT_EXIT_NETWORK;
	} else if (r.status == 201 || r.status == 200) {
		rc = enrolled(o, &r, server, ca_file);
	} else if (r.status == 401) {
		agent_say("the hub rejected the installer token (unknown or "
		    "rotated): copy the current command from the console");
		rc = AGENT_EXIT_REJECTED;
	} else if (r.status >= 500 || r.status < 200) {
		agent_say("the hub answered %ld; try again later", r.status);
		rc = AGENT_EXIT_NETWORK;
	} else {
		proto_error(r.body.data, code, sizeof(code), msg, sizeof(msg));
		agent_say("the hub refused the enrolment (%ld %s): %s",
		    r.status, code, msg);
		say_fields(r.body.data);
		rc = AGENT_EXIT_REFUSED;
	}
	http_reply_free(&r, true);
	sodium_memzero(text, strlen(text));
	free(text);
unlock:
	close(lock);
wipe:
	sodium_memzero(o->token, strlen(o->token));
	return (rc);
}
