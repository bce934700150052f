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

/* "00" to "99". */
static const char	pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/* n (0-99) as two digits at p. */
static inline void
two(char *p, unsigned n)
{
	memcpy(p, pairs + 2 * n, 2);
}

/*
 * Every answer carries a few times, so years 1000-9999 (four digits) are
 * formatted by arithmetic: the civil date of a day number, as in Howard
 * Hinnant's "chrono-compatible low-level date algorithms". Other years go
 * through the C library as before.
 */
void
time_iso(int64_t t, char out[21])
{
	struct tm	tm;
	time_t		tt = (time_t)t;
	int64_t		days, secs, era, doe, yoe, doy, mp, y, m, d;

	if (t >= -30610224000LL && t < 253402300800LL) {	/* 1000-9999 */
		days = t / DAY;
		secs = t % DAY;
		if (secs < 0) {
			secs += DAY;
			days--;
		}
		days += 719468;
		era = (days >= 0 ? days : days - 146096) / 146097;
		doe = days - era * 146097;
		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		mp = (5 * doy + 2) / 153;
		d = doy - (153 * mp + 2) / 5 + 1;
		m = mp < 10 ? mp + 3 : mp - 9;
		y = yoe + era * 400 + (m <= 2);
		two(out, (unsigned)(y / 100));
		two(out + 2, (unsigned)(y % 100));
		out[4] = '-';
		two(out + 5, (unsigned)m);
		out[7] = '-';
		two(out + 8, (unsigned)d);
		out[10] = 'T';
		two(out + 11, (unsigned)(secs / 3600));
		out[13] = ':';
		two(out + 14, (unsigned)(secs / 60 % 60));
		out[16] = ':';
		two(out + 17, (unsigned)(secs % 60));
		out[19] = 'Z';
		out[20] = '\0';
		return;
	}
	gmtime_r(&tt, &tm);
	if (strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
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

bool
date_add_days(const char *s, long long days, char out[11])
{
	int64_t	t;

	if (!date_parse(s, &t))
		return (false);
	date_of(t + days * DAY, out);
	return (true);
}

bool
date_add_months(const char *s, int months, char out[11])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int64_t	t;
	int	y, m, d, last;

	if (!date_parse(s, &t) || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return (false);
	m = m - 1 + months;
	y += m / 12;
	m %= 12;
	if (m < 0) {
		m += 12;
		y--;
	}
	last = mdays[m];
	if (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		last = 29;
	if (d > last)
		d = last;
	snprintf(out, 11, "%04d-%02d-%02d", y, m + 1, d);
	return (true);
}

bool
date_diff(const char *from, const char *to, long long *days)
{
	int64_t	a, b;

	if (!date_parse(from, &a) || !date_parse(to, &b))
		return (false);
	*days = (b - a) / DAY;
	return (true);
}

bool
month_parse(const char *s, int64_t *start, int64_t *end)
{
	char	first[11], next[11];
	int	y, m;
	char	tail;

	if (s == NULL || strlen(s) != 7 ||
	    sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || y < 1970 ||
	    y > 9998 || m < 1 || m > 12 || s[4] != '-')
		return (false);
	snprintf(first, sizeof(first), "%04d-%02d-01", y, m);
	if (!date_add_months(first, 1, next) || !date_parse(first, start) ||
	    !date_parse(next, end))
		return (false);
	return (true);
}

bool
time_parse_iso(const char *s, int64_t *t)
{
	int64_t	day;
	char	date[11];
	int	hh, mm, ss, zh = 0, zm = 0, sign = 1, n = 0;

	if (s == NULL || strlen(s) < 20 || s[10] != 'T')
		return (false);
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!date_parse(date, &day))
		return (false);
	if (sscanf(s + 11, "%2d:%2d:%2d%n", &hh, &mm, &ss, &n) != 3 ||
	    n != 8 || hh > 23 || mm > 59 || ss > 60 || hh < 0 || mm < 0 ||
	    ss < 0)
		return (false);
	s += 19;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	}
	if (*s == 'Z' && s[1] == '\0')
		;
	else if ((*s == '+' || *s == '-') && strlen(s) == 6 && s[3] == ':' &&
	    sscanf(s + 1, "%2d:%2d", &zh, &zm) == 2 && zh <= 23 && zm <= 59 &&
	    zh >= 0 && zm >= 0)
		sign = *s == '-' ? -1 : 1;
	else
		return (false);
	*t = day + hh * 3600 + mm * 60 + ss - sign * (zh * 3600 + zm * 60);
	return (true);
}

/*
 * "YYYY-MM-DD" (the start of the day, or with end its end) or
 * "YYYY-MM-DDTHH:MM:SSZ", in UTC; false when it is neither.
 */
bool
time_parse_period(const char *s, bool end, int64_t *t)
{
	char	day[11];
	int	hh, mm, ss, used = 0;

	if (strlen(s) == 10)
		return (date_parse(s, t) && (!end || (*t += 86400, true)));
	if (strlen(s) != 20 || s[10] != 'T')
		return (false);
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!date_parse(day, t) || sscanf(s + 11, "%2d:%2d:%2dZ%n", &hh, &mm,
	    &ss, &used) != 3 || used != 9 || hh > 23 || mm > 59 || ss > 59 ||
	    hh < 0 || mm < 0 || ss < 0)
		return (false);
	*t += hh * 3600 + mm * 60 + ss;
	return (true);
}
