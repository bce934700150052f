/*
 * agent_proto.h - the agent protocol's bodies and answers (see the README's
 * "The agent" and the hub's /agent/v1/enroll and /agent/v1/checkin).
 */
#ifndef STEWARD_AGENT_PROTO_H
#define STEWARD_AGENT_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* At most this many threats go in one check-in (the hub's limit). */
#define PROTO_THREATS_MAX	100

/*
 * Copy in to out (len bytes, always terminated) as valid UTF-8 without
 * control characters: invalid bytes and controls (C0, DEL, C1 and the
 * line and paragraph separators U+2028 and U+2029, which the hub refuses
 * too) become '?'. File names are bytes; the hub takes text.
 */
void	 proto_clean_text(const char *in, char *out, size_t len);

/*
 * A new threat object {"name", "path", "action", "detected_at"} (text
 * cleaned as above); the caller owns the reference.
 */
json_t	*proto_threat(const char *name, const char *path, const char *action,
	    int64_t detected_at);

/*
 * The enrolment body: {"token", "hardware_id", "hostname", "platform",
 * "os", "agent_version"}. A new reference; it holds the token, so wipe it
 * with proto_wipe_member(body, "token") before the decref.
 */
json_t	*proto_enroll_body(const char *token, const char *hardware_id,
	    const char *hostname, const char *platform, const char *os);

/*
 * The check-in body: {"policy_version": version|null, "state":
 * {"protection": "on"|"off", "definitions_updated_at": ISO|null,
 * "threats": [the first PROTO_THREATS_MAX of pending]}, "host": host}.
 * pending stays the caller's; host (may be NULL: no "host") is stolen.
 * The threats sent are also returned in *sent (a new reference) so they
 * can be acknowledged. A new reference the caller decrefs.
 */
json_t	*proto_checkin_body(const char *policy_version, bool protection,
	    int64_t definitions_at, const json_t *pending, json_t *host,
	    json_t **sent);

/* What a 200 check-in answer says. */
struct checkin_answer {
	const char	*policy_version;	/* borrowed; NULL when absent */
	json_t		*policy;		/* borrowed; NULL when absent */
	bool		 uninstall;
	bool		 scan_now;
	bool		 update_policy;
	long		 checkin_seconds;	/* 0 when absent */
};

/*
 * Read a parsed 200 answer (borrowed pointers stay valid while ans lives).
 * Unknown command types are ignored. Returns 0, or -1 when ans is not an
 * object or a member has the wrong type.
 */
int	 proto_checkin_answer(json_t *ans, struct checkin_answer *out);

/*
 * The enrolment answer: device_id and device_secret copied into the
 * caller's buffers, checkin_seconds (0 when absent). Returns 0 or -1.
 */
int	 proto_enroll_answer(json_t *ans, char *device_id, size_t idlen,
	    char *secret, size_t secretlen, long *checkin_seconds);

/* The error code and message of a hub error answer, or "" each. */
void	 proto_error(const char *body, char *code, size_t codelen,
	    char *msg, size_t msglen);

/* Wipe the text of a string member of o (before a decref). */
void	 proto_wipe_member(json_t *o, const char *key);

#endif
