/*
 * dates.c - UTC calendar arithmetic; see dates.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/dates.h"

#define DAY	86400

void
date_of(int64_t t, char out[11])
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	gmtime_r(&tt, &tm);
	if (strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

void
business_days_after(int64_t t, int days, char out[11])
{
	struct tm	tm;
	time_t		tt;
	int		left = days;

	t -= t % DAY;
	while (left > 0) {
		t += DAY;
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		if (tm.tm_wday != 0 && tm.tm_wday != 6)
			left--;
	}
	date_of(t, out);
}

bool
date_parse(const char *s, int64_t *t)
{
	struct tm	tm;
	int		y, m, d;
	char		tail;
	time_t		tt;

	if (s == NULL || strlen(s) != 10 ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return (false);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tt = timegm(&tm);
	/* timegm normalises 2026-02-30 to March: reject those. */
	if (tm.tm_year != y - 1900 || tm.tm_mon != m - 1 || tm.tm_mday != d)
		return (false);
	*t = (int64_t)tt;
	return (true);
}
