/*
 * agent_policy.h - applying the effective policy the hub delivers.
 *
 * The policy is the effective settings object (the shape of
 * src/app/policy/schema.json). The agent writes it to DIR/policy.json and
 * drives its scanner from two parts of it:
 *
 *   antivirus.scheduled_scan  {enabled, day: daily|monday..sunday,
 *                              time: "HH:MM" (local time), type: quick|full}
 *   exclusions.paths          paths never scanned (see agent_exclude.h)
 *
 * Scheduled scans: the "slots" are the scheduled local times (every day, or
 * one weekday). A scan is due when the latest slot at or before now is
 * later than the time recorded after the previous scheduled scan (or the
 * time scheduling started), so a restart neither repeats a scan nor skips
 * one; a slot missed while the machine was off is caught up once.
 */
#ifndef STEWARD_AGENT_POLICY_H
#define STEWARD_AGENT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct scan_schedule {
	bool	enabled;
	int	wday;		/* 0 = Sunday .. 6 = Saturday; -1 = daily */
	int	hour;
	int	minute;
	bool	full;		/* type "full" (else "quick") */
};

/*
 * Read antivirus.scheduled_scan of policy (may be NULL) into s. Missing or
 * malformed members leave the schedule disabled. Returns 0 when the
 * schedule is usable (enabled or not), -1 when it is malformed.
 */
int	 policy_schedule(const json_t *policy, struct scan_schedule *s);

/*
 * The latest slot of s at or before now (Unix seconds, local time zone),
 * or 0 when s is disabled.
 */
int64_t	 policy_last_slot(const struct scan_schedule *s, int64_t now);

/*
 * Whether a scheduled scan is due at now, given that slots at or before
 * since are done. The due slot goes to *slot when not NULL.
 */
bool	 policy_scan_due(const struct scan_schedule *s, int64_t since,
	    int64_t now, int64_t *slot);

/*
 * exclusions.paths of policy as borrowed pointers into it (valid while
 * the policy lives): a malloc'd array of *n entries the caller frees (NULL
 * when there are none).
 */
const char **policy_exclusions(const json_t *policy, size_t *n);

/*
 * Write policy to DIR/policy.json atomically (mode 0644, pretty-printed).
 * Returns 0 or -1 with errno set.
 */
int	 policy_apply(const char *state_dir, const json_t *policy);

/* DIR/policy.json, a new reference; NULL when there is none. */
json_t	*policy_load(const char *state_dir);

#endif
