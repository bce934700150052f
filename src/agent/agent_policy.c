/*
 * agent_policy.c - see agent_policy.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent/agent_policy.h"
#include "agent/agent_state.h"

static const char *const days[] = { "sunday", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday" };

int
policy_schedule(const json_t *policy, struct scan_schedule *s)
{
	const json_t	*sc;
	const char	*day, *t, *type;
	int		 i;

	memset(s, 0, sizeof(*s));
	s->wday = -1;
	sc = json_object_get(json_object_get(policy, "antivirus"),
	    "scheduled_scan");
	if (sc == NULL)
		return (0);
	day = json_string_value(json_object_get(sc, "day"));
	t = json_string_value(json_object_get(sc, "time"));
	type = json_string_value(json_object_get(sc, "type"));
	if (!json_is_boolean(json_object_get(sc, "enabled")) || day == NULL ||
	    t == NULL)
		return (-1);
	if (strcmp(day, "daily") == 0)
		s->wday = -1;
	else {
		for (i = 0; i < 7 && strcmp(day, days[i]) != 0; i++)
			;
		if (i == 7)
			return (-1);
		s->wday = i;
	}
	if (strlen(t) != 5 || t[2] != ':' ||
	    strspn(t, "0123456789") != 2 || strspn(t + 3, "0123456789") != 2)
		return (-1);
	s->hour = (t[0] - '0') * 10 + (t[1] - '0');
	s->minute = (t[3] - '0') * 10 + (t[4] - '0');
	if (s->hour > 23 || s->minute > 59)
		return (-1);
	s->full = type != NULL && strcmp(type, "full") == 0;
	s->enabled = json_is_true(json_object_get(sc, "enabled"));
	return (0);
}

int64_t
policy_last_slot(const struct scan_schedule *s, int64_t now)
{
	struct tm	base, tm;
	time_t		tnow = (time_t)now, t;
	int		back;

	if (!s->enabled)
		return (0);
	localtime_r(&tnow, &base);
	for (back = 0; back <= 8; back++) {
		tm = base;
		tm.tm_mday -= back;
		tm.tm_hour = s->hour;
		tm.tm_min = s->minute;
		tm.tm_sec = 0;
		tm.tm_isdst = -1;
		if ((t = mktime(&tm)) == (time_t)-1)
			continue;
		if (t > tnow)
			continue;
		if (s->wday != -1 && tm.tm_wday != s->wday)
			continue;
		return ((int64_t)t);
	}
	return (0);
}

bool
policy_scan_due(const struct scan_schedule *s, int64_t since, int64_t now,
    int64_t *slot)
{
	int64_t	last = policy_last_slot(s, now);

	if (slot != NULL)
		*slot = last;
	return (last != 0 && last > since);
}

const char **
policy_exclusions(const json_t *policy, size_t *n)
{
	const json_t	 *paths, *p;
	const char	**out;
	size_t		  i;

	*n = 0;
	paths = json_object_get(json_object_get(policy, "exclusions"),
	    "paths");
	if (json_array_size(paths) == 0)
		return (NULL);
	if ((out = calloc(json_array_size(paths), sizeof(*out))) == NULL)
		return (NULL);
	json_array_foreach(paths, i, p) {
		if (json_is_string(p))
			out[(*n)++] = json_string_value(p);
	}
	return (out);
}

int
policy_apply(const char *state_dir, const json_t *policy)
{
	char	*s;
	size_t	 len;
	int	 rc, saved;

	if (!json_is_object(policy)) {
		errno = EINVAL;
		return (-1);
	}
	if ((s = json_dumps(policy, JSON_INDENT(2) | JSON_SORT_KEYS)) == NULL) {
		errno = ENOMEM;
		return (-1);
	}
	len = strlen(s);
	s[len] = '\n';
	rc = state_write_file(state_dir, STATE_POLICY, s, len + 1, 0644);
	saved = errno;
	free(s);
	errno = saved;
	return (rc);
}

json_t *
policy_load(const char *state_dir)
{
	json_t	*p = state_read_json(state_dir, STATE_POLICY);

	if (p != NULL && !json_is_object(p)) {
		json_decref(p);
		return (NULL);
	}
	return (p);
}
