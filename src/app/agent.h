/*
 * agent.h - the agent protocol's rules (SPEC section 12): enrolment and
 * check-in.
 *
 * Enrolment trades an installer's token for a device secret, shown once
 * and kept only as a hash. The same installer (token of any generation
 * still current) and hardware id enrol the same device again, with a new
 * secret; a removed device comes back.
 *
 * A check-in is built to be cheap when nothing changed: one read by the
 * secret's hash gives the device and every revision its policy version is
 * made of. When the state reported hashes as before, nothing is written:
 * the caller records the time in memory (*seen_only) and writes the
 * last-seen times of many devices later, in one batch (losing a few
 * seconds of them in a crash). A changed state is written, durably,
 * before the answer. The policy (all layers) is built only when the
 * agent's version differs or an update_policy command asks for it.
 */
#ifndef STEWARD_AGENT_H
#define STEWARD_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct app;

#define DEVICE_SECRET_PREFIX	"stw_ds_"
#define AGENT_THREATS_MAX	100
#define AGENT_IPS_MAX		32

struct enrol_input {
	const char	*token;
	const char	*hardware_id;
	const char	*hostname;
	const char	*platform;
	const char	*os;
	const char	*agent_version;
};

struct enrol_result {
	const char	*device_id;
	char		*secret;	/* shown once; wipe after use */
	long long	 checkin_seconds;
};

int	agent_enroll(struct app *app, const struct enrol_input *in,
	    struct enrol_result *out);

struct checkin_result {
	const char	*device_id;
	const char	*policy_version;
	json_t		*policy;	/* NULL: the agent's is current */
	json_t		*commands;	/* list */
	long long	 checkin_seconds;
	bool		 seen_only;	/* nothing written: note last_seen */
};

/*
 * body: the check-in document ({"policy_version", "state", "host"}),
 * validated here (field errors name its members). ST_UNAUTH
 * "invalid_device" for an unknown secret.
 */
int	agent_checkin(struct app *app, const char *secret, json_t *body,
	    struct checkin_result *out);

#endif
