/*
 * seen.h - last-seen times of devices, written in batches.
 *
 * A check-in that changes nothing writes nothing at once: the worker
 * notes the device and the time here, and writes every noted time in one
 * transaction each SEEN_FLUSH_MS (and when SEEN_MAX are waiting, and when
 * the worker stops). A crash loses at most that long of last-seen times,
 * which only decide whether a device is offline (after days). Each
 * worker has its own buffer; module.c runs the timer.
 */
#ifndef STEWARD_SEEN_H
#define STEWARD_SEEN_H

#include <stdint.h>

struct store;

#define SEEN_MAX	4096
#define SEEN_FLUSH_MS	2000

/* Remember that device_id checked in at t (st: for a full buffer). */
void	seen_note(struct store *st, const char *device_id, int64_t t);
/* Write what is waiting into st (NULL: no database; errors are logged
 * and the times dropped). The worker calls it each SEEN_FLUSH_MS. */
void	seen_flush(struct store *st);

#endif
