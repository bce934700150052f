/*
 * clock.c - see clock.h.
 */
#include <stdlib.h>
#include <time.h>

#include "core/clock.h"

static int64_t	pinned;
static int64_t	offset;

int64_t
clock_now(void)
{
	if (pinned != 0)
		return (pinned);
	return ((int64_t)time(NULL) + offset);
}

int64_t
clock_mono_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int64_t
clock_mono_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

void
clock_set(int64_t t)
{
	pinned = t;
}

void
clock_from_env(void)
{
	const char	*v;

	if ((v = getenv("STEWARD_CLOCK_OFFSET")) != NULL)
		offset = strtoll(v, NULL, 10);
}
