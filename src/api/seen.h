/*
 * seen.h - last-seen times of devices, written in batches off the event
 * loop.
 *
 * A check-in that changes nothing writes nothing at once: the worker
 * notes the device and the time here. Every SEEN_FLUSH_MS, and when
 * SEEN_MAX are waiting, the noted times are handed to the worker's writer
 * thread, which writes them through a database connection of its own in
 * statements of up to 256 devices that each commit on their own without
 * waiting for the disk. The event loop goes on answering meanwhile. When
 * a full buffer is ready while the writer is still busy with the one
 * before, the event loop waits up to SEEN_WAIT_MS for it (back-pressure
 * when the writer is merely slower), then drops the new time and counts
 * it (the writer is held up, for instance by another process's write
 * lock, for up to the database's busy timeout of 10 s: check-ins are
 * still answered, and a device's next check-in notes it again; the count
 * is logged). A crash loses at most the times of the last two buffers.
 * Last-seen times only decide whether a device is offline (after days).
 *
 * Ownership: the buffer being filled belongs to the event loop, the one
 * being written to the writer thread; they change hands under a mutex.
 * The writer's connection is opened on first use and closed by
 * seen_stop(). Without a writer thread (seen_start() failed or was not
 * called) the times are written in line through the caller's store, as
 * before. module.c runs the timer; bench/README.md ("Last-seen times
 * written off the event loop") has the figures.
 */
#ifndef STEWARD_SEEN_H
#define STEWARD_SEEN_H

#include <stdint.h>

struct store;

#define SEEN_MAX	1024
#define SEEN_FLUSH_MS	2000
#define SEEN_WAIT_MS	50

/* Start the writer thread, which opens db_url when it first writes
 * (db_url must outlive it). 0, or -1 (times are then written in line;
 * STEWARD_FAULT_THREAD set makes it so, for tests). */
int	seen_start(const char *db_url);
/* Remember that device_id checked in at t (st: written through in line
 * when there is no writer thread and the buffer is full). */
void	seen_note(struct store *st, const char *device_id, int64_t t);
/* Hand what is waiting to the writer, unless it is still busy (then the
 * next call or a full buffer does); without a writer, write it into st
 * (NULL: no database; the times are dropped and logged). */
void	seen_flush(struct store *st);
/* Hand over what is waiting, wait until all is written, stop the writer
 * and close its connection (the worker stops). */
void	seen_stop(struct store *st);

#endif
