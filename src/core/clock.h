/*
 * clock.h - the time every layer asks for.
 *
 * clock_now() is the wall clock in Unix seconds. Tests pin it with
 * clock_set(); the server and stewardctl also honour STEWARD_CLOCK_OFFSET
 * (seconds added to the wall clock) so end-to-end tests can move time.
 */
#ifndef STEWARD_CLOCK_H
#define STEWARD_CLOCK_H

#include <stdint.h>

int64_t	clock_now(void);
/* Milliseconds from a monotonic clock, for durations. */
int64_t	clock_mono_ms(void);
/* Microseconds from the same clock (request latencies). */
int64_t	clock_mono_us(void);
/* Pin the clock (t != 0) or release it (t == 0). */
void	clock_set(int64_t t);
/* Read STEWARD_CLOCK_OFFSET once. */
void	clock_from_env(void);

#endif
