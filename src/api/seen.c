/*
 * seen.c - last-seen times of devices, written in batches by a writer
 * thread of the worker; see seen.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/seen.h"
#include "core/err.h"
#include "core/log.h"
#include "store/store.h"
#include "store/store_device.h"

#define SEEN_ID_MAX	40
#define SEEN_STOP_MS	5000

struct seen_buf {
	char		 ids[SEEN_MAX][SEEN_ID_MAX];
	const char	*ptrs[SEEN_MAX];
	int64_t		 at[SEEN_MAX];
	size_t		 n;
};

static struct seen_buf	 bufs[2];
static struct seen_buf	*front = &bufs[0];	/* the event loop's */
static struct seen_buf	*back = &bufs[1];	/* the writer's while pending */

static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 cv_work = PTHREAD_COND_INITIALIZER;
static pthread_cond_t	 cv_done = PTHREAD_COND_INITIALIZER;
static bool		 pending;	/* back waits to be (or is being) written */
static bool		 stopping;
static bool		 running;	/* a writer thread exists */
static pthread_t	 writer;
static const char	*writer_url;
static struct store	*writer_st;	/* the writer thread's own connection */
static size_t		 dropped;	/* times not kept: the writer was busy */

/* Write b's times into st; relaxed: whether st's commits already skip
 * waiting for the disk. Errors are logged; b is emptied either way.
 * Returns the store status. */
static int
seen_write(struct store *st, struct seen_buf *b, bool relaxed)
{
	struct err	 e, back_e;
	size_t		 i;
	int		 rc = ST_OK;

	for (i = 0; i < b->n; i++)
		b->ptrs[i] = b->ids[i];
	err_clear(&e);
	/* Losing the last few seconds of these in a crash is acceptable
	 * (README): their commit does not wait for the disk. */
	if (!relaxed)
		rc = store_relaxed(st, true, &e);
	if (rc == ST_OK)
		rc = store_devices_seen(st, b->ptrs, b->at, b->n, &e);
	if (!relaxed) {
		err_clear(&back_e);
		if (store_relaxed(st, false, &back_e) != ST_OK)
			log_msg(LV_ERROR, "devices.seen", "durable commits not "
			    "restored on this connection: %s", back_e.internal);
	}
	if (rc != ST_OK)
		log_msg(LV_WARN, "devices.seen", "%zu last-seen times not "
		    "written: %s", b->n, e.internal);
	b->n = 0;
	return (rc);
}

/* The writer's connection, opened on first use (relaxed for good, with a
 * small page cache: store.h); NULL when the database cannot be reached
 * (the batch is then dropped). */
static struct store *
writer_store(void)
{
	struct err	e;

	if (writer_st != NULL)
		return (writer_st);
	err_clear(&e);
	if (store_open(writer_url, false, &writer_st, &e) != ST_OK ||
	    store_relaxed(writer_st, true, &e) != ST_OK ||
	    store_cache_small(writer_st, &e) != ST_OK) {
		log_msg(LV_ERROR, "devices.seen", "the last-seen writer cannot "
		    "open the database: %s", e.internal);
		if (writer_st != NULL)
			store_close(writer_st);
		writer_st = NULL;
	}
	return (writer_st);
}

static void *
writer_main(void *arg)
{
	struct store	*st;

	(void)arg;
	pthread_mutex_lock(&mu);
	for (;;) {
		while (!pending && !stopping)
			pthread_cond_wait(&cv_work, &mu);
		if (!pending)
			break;
		pthread_mutex_unlock(&mu);
		if ((st = writer_store()) != NULL) {
			/* A failed batch may mean a lost connection: the
			 * next one opens a new connection. */
			if (seen_write(st, back, true) != ST_OK) {
				store_close(writer_st);
				writer_st = NULL;
			}
		} else {
			log_msg(LV_WARN, "devices.seen", "no database: %zu "
			    "last-seen times dropped", back->n);
			back->n = 0;
		}
		pthread_mutex_lock(&mu);
		pending = false;
		pthread_cond_broadcast(&cv_done);
	}
	pthread_mutex_unlock(&mu);
	if (writer_st != NULL)
		store_close(writer_st);
	writer_st = NULL;
	return (NULL);
}

int
seen_start(const char *db_url)
{
	const char	*fault;

	if (running)
		return (0);
	writer_url = db_url;
	stopping = false;
	/* STEWARD_FAULT_THREAD (tests): as if the system refused the thread. */
	fault = getenv("STEWARD_FAULT_THREAD");
	if ((fault != NULL && *fault != '\0') ||
	    pthread_create(&writer, NULL, writer_main, NULL) != 0) {
		log_msg(LV_WARN, "devices.seen", "no writer thread: last-seen "
		    "times are written by the event loop");
		return (-1);
	}
	running = true;
	return (0);
}

/* until = now + ms, for pthread_cond_timedwait(). */
static void
deadline(struct timespec *until, long ms)
{
	(void)clock_gettime(CLOCK_REALTIME, until);
	until->tv_sec += ms / 1000;
	until->tv_nsec += (ms % 1000) * 1000000L;
	if (until->tv_nsec >= 1000000000L) {
		until->tv_sec++;
		until->tv_nsec -= 1000000000L;
	}
}

/* With mu held: wait up to wait_ms for the writer to finish its buffer;
 * whether it has. */
static bool
writer_idle(long wait_ms)
{
	struct timespec	until;

	if (pending && wait_ms > 0) {
		deadline(&until, wait_ms);
		while (pending && pthread_cond_timedwait(&cv_done, &mu,
		    &until) != ETIMEDOUT)
			;
	}
	return (!pending);
}

/* Give front to the writer, waiting up to wait_ms for it to finish the
 * buffer before. Returns whether front was handed over. */
static bool
seen_hand(long wait_ms)
{
	struct seen_buf	*t;
	size_t		 lost;

	pthread_mutex_lock(&mu);
	if (!writer_idle(wait_ms)) {
		pthread_mutex_unlock(&mu);
		return (false);
	}
	t = back;
	back = front;
	front = t;
	pending = true;
	pthread_cond_signal(&cv_work);
	pthread_mutex_unlock(&mu);
	if ((lost = dropped) > 0) {
		dropped = 0;
		log_msg(LV_WARN, "devices.seen", "%zu last-seen times dropped: "
		    "the database was busy and the writer had not finished "
		    "the batch before", lost);
	}
	return (true);
}

/* Write front in line through st (no writer thread). */
static void
seen_inline(struct store *st)
{
	if (st == NULL) {
		log_msg(LV_WARN, "devices.seen", "no database: %zu last-seen "
		    "times dropped", front->n);
		front->n = 0;
		return;
	}
	(void)seen_write(st, front, false);
}

void
seen_flush(struct store *st)
{
	if (front->n == 0)
		return;
	if (running)
		(void)seen_hand(0);
	else
		seen_inline(st);
}

void
seen_note(struct store *st, const char *device_id, int64_t t)
{
	size_t	len = strlen(device_id);

	if (len >= SEEN_ID_MAX)
		return;
	if (front->n == SEEN_MAX) {
		if (!running)
			seen_inline(st);
		else if (!seen_hand(SEEN_WAIT_MS)) {
			/* The writer is held up (the database's write lock is
			 * taken): answering goes first, this time is lost. */
			dropped++;
			return;
		}
	}
	memcpy(front->ids[front->n], device_id, len + 1);
	front->at[front->n] = t;
	front->n++;
}

void
seen_stop(struct store *st)
{
	if (running) {
		/* Hand over what is left and give the writer SEEN_STOP_MS
		 * to write it; one held up by another process's lock is left
		 * behind (the worker is about to exit). */
		if (front->n > 0 && !seen_hand(SEEN_STOP_MS))
			front->n = 0;
		pthread_mutex_lock(&mu);
		if (!writer_idle(SEEN_STOP_MS)) {
			pthread_mutex_unlock(&mu);
			log_msg(LV_WARN, "devices.seen", "the last batch of "
			    "last-seen times was not written: the database "
			    "stayed busy");
			return;
		}
		stopping = true;
		pthread_cond_signal(&cv_work);
		pthread_mutex_unlock(&mu);
		(void)pthread_join(writer, NULL);
		running = false;
	}
	if (front->n > 0)
		seen_inline(st);
}
