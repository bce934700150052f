/*
 * seen.h - last-seen times of devices, written in batches.
 *
 * A check-in that changes nothing writes nothing at once: the worker
 * notes the device and the time here, and writes every noted time in one
 * transaction each SEEN_FLUSH_MS (and when SEEN_MAX are waiting, and when
 * the worker stops). A crash loses at most that long of last-seen times,
 * which only decide whether a device is offline (after days). Each
 * worker has its own buffer.
 */
#ifndef STEWARD_SEEN_H
#define STEWARD_SEEN_H

#include <stdint.h>

#define SEEN_MAX	4096
#define SEEN_FLUSH_MS	2000

/* Remember that device_id checked in at t. */
void	seen_note(const char *device_id, int64_t t);
/* Write what is waiting (errors are logged; the times are dropped). */
void	seen_flush(void);
/* Start the worker's flush timer. */
void	seen_start(void);

#endif
