/*
 * agent_input.h - reading what a device sends (SPEC section 12): the
 * fields of an enrolment and the body of a check-in, checked member by
 * member with a field error naming each bad one (err.h).
 *
 * Pure: these use app->a, app->e and app->now only, never the store, so
 * a body can be read and checked before anything is looked up (and the
 * fuzz target in tests/fuzz/ reads bodies without a database).
 */
#ifndef STEWARD_AGENT_INPUT_H
#define STEWARD_AGENT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct app;
struct device_enrolment;
struct device_threat;
struct enrol_input;

/*
 * Check an enrolment's fields: token present, hardware_id, hostname,
 * platform (workstation or server), os and agent_version as text. Sets
 * en's hardware_id, hostname, platform, os and agent_version (trimmed
 * copies in app->a; the rest of en untouched). Returns app->e->status.
 */
int	agent_enrol_read(struct app *app, const struct enrol_input *in,
	    struct device_enrolment *en);

/* What a check-in reports, read from its body (all in app->a). */
struct agent_report {
	const char		*protection;	/* "on" or "off" */
	int64_t			 definitions_at;	/* 0: never */
	struct device_threat	*threats;
	size_t			 nthreats;
	bool			 has_host;	/* "host" given: the rest set */
	const char		*hostname, *os, *kernel, *agent_version;
	const char		*ip_addresses;	/* a JSON list */
	int64_t			 booted_at;	/* now - uptime; 0: unknown */
	const char		*hash;		/* of all but the uptime */
};

/*
 * Read and check a check-in body ({"policy_version", "state", "host"}):
 * unknown members, types, text, the threat list (at most
 * AGENT_THREATS_MAX), times and addresses. *version is the agent's
 * policy version (borrowed from body; NULL when absent). Returns ST_OK
 * with r filled, or app->e->status with a field error per fault.
 */
int	agent_checkin_read(struct app *app, json_t *body,
	    struct agent_report *r, const char **version);

#endif
