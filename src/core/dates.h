/*
 * dates.h - calendar arithmetic on UTC dates ("YYYY-MM-DD").
 */
#ifndef STEWARD_DATES_H
#define STEWARD_DATES_H

#include <stdbool.h>
#include <stdint.h>

/* The UTC date of a Unix time, as "YYYY-MM-DD" into out (11 bytes). */
void	date_of(int64_t t, char out[11]);

/*
 * The date `days` business days after the UTC date of t: Saturdays and
 * Sundays are not counted (public holidays are not known). Applied on a
 * Friday, 5 business days later is the next Friday; applied on a Saturday
 * or Sunday, counting starts on Monday, so the answer is again a Friday.
 */
void	business_days_after(int64_t t, int days, char out[11]);

/* Parse "YYYY-MM-DD" (a real calendar date) to the Unix time of its start. */
bool	date_parse(const char *s, int64_t *t);

#endif
