/*
 * seen.h - last-seen times of devices, written in batches.
 *
 * A check-in that changes nothing writes nothing at once: the worker
 * notes the device and the time here, and writes the noted times each
 * SEEN_FLUSH_MS (and when SEEN_MAX are waiting, and when the worker
 * stops), in statements of up to 256 devices that each commit on their
 * own without waiting for the disk: no statement journal, and the other
 * worker waits for the write lock one statement at a time, not a whole
 * batch. A crash loses at most SEEN_FLUSH_MS of last-seen times, which
 * only decide whether a device is offline (after days). Each worker has
 * its own buffer; module.c runs the timer. SEEN_MAX trades throughput
 * against the tail of the worker's stall while it writes (bench/README.md,
 * "Last-seen times without index writes": 512 gave p99 10.5 ms at 18,800
 * check-ins/s, 1,024 p99 14 ms at 28,000/s, 4,096 in one transaction p99
 * 12-34 ms at 19,000-26,000/s).
 */
#ifndef STEWARD_SEEN_H
#define STEWARD_SEEN_H

#include <stdint.h>

struct store;

#define SEEN_MAX	1024
#define SEEN_FLUSH_MS	2000

/* Remember that device_id checked in at t (st: for a full buffer). */
void	seen_note(struct store *st, const char *device_id, int64_t t);
/* Write what is waiting into st (NULL: no database; errors are logged
 * and the times dropped). The worker calls it each SEEN_FLUSH_MS. */
void	seen_flush(struct store *st);

#endif
