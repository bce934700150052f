/*
 * dates.h - calendar arithmetic on UTC dates ("YYYY-MM-DD").
 */
#ifndef STEWARD_DATES_H
#define STEWARD_DATES_H

#include <stdbool.h>
#include <stdint.h>

/* The UTC date of a Unix time, as "YYYY-MM-DD" into out (11 bytes). */
void	date_of(int64_t t, char out[11]);
/* A Unix time as ISO 8601 in UTC, "YYYY-MM-DDTHH:MM:SSZ" (21 bytes). */
void	time_iso(int64_t t, char out[21]);

/*
 * The date `days` business days after the UTC date of t: Saturdays and
 * Sundays are not counted (public holidays are not known). Applied on a
 * Friday, 5 business days later is the next Friday; applied on a Saturday
 * or Sunday, counting starts on Monday, so the answer is again a Friday.
 */
void	business_days_after(int64_t t, int days, char out[11]);

/*
 * Parse an ISO 8601 time "YYYY-MM-DDTHH:MM:SS" with optional fraction
 * (ignored) and a zone "Z" or "+HH:MM"/"-HH:MM" (required).
 */
bool	time_parse_iso(const char *s, int64_t *t);

/* Parse "YYYY-MM-DD" (a real calendar date) to the Unix time of its start. */
bool	date_parse(const char *s, int64_t *t);

/* The date `days` days after (or before) s; false when s is no date. */
bool	date_add_days(const char *s, long long days, char out[11]);
/*
 * The same day `months` months after s, or the month's last day when it
 * is shorter (2026-01-31 plus one month is 2026-02-28).
 */
bool	date_add_months(const char *s, int months, char out[11]);
/* Whole days from `from` to `to` (negative when to is earlier). */
bool	date_diff(const char *from, const char *to, long long *days);
/* A month "YYYY-MM": the Unix times of its first day and of the next
 * month's first day. */
bool	month_parse(const char *s, int64_t *start, int64_t *end);
/*
 * A filter's bound: "YYYY-MM-DD" (the start of the day, or with end its
 * end) or "YYYY-MM-DDTHH:MM:SSZ", in UTC; false when it is neither.
 */
bool	time_parse_period(const char *s, bool end, int64_t *t);

#endif
