/*
 * conn_share.c - new connections shared between the request workers:
 * a worker reaching 16, 32, 48... (CONN_SHARE_AT) connections hands Kore's
 * accept lock on and takes no connection until another worker holds the
 * lock, or CONN_SHARE_WAIT_MS at most (conn_share.h says why).
 *
 * The pause uses Kore's own brake: a worker holding worker_max_connections
 * connections neither takes the lock nor accepts. It is lowered to what
 * the worker holds and put back by a timer that looks every millisecond
 * at the workers' has_lock flags (Kore keeps them in memory the workers
 * share). This file depends on Kore 4.1.0's accept loop
 * (kore_server_accept, worker_acceptlock_obtain) and must be checked when
 * Kore changes.
 */
#include <stdbool.h>

#include <kore/kore.h>

#include "api/conn_share.h"

static u_int32_t	configured_max;
static u_int64_t	paused_at;
static bool		paused;

/* Whether a worker other than this one holds Kore's accept lock. */
static bool
share_taken(void)
{
	struct kore_worker	*kw;
	u_int8_t		 idx;

	for (idx = 0; idx < worker_count; idx++) {
		kw = kore_worker_data(idx);
		if (kw != worker && kw->running && kw->has_lock)
			return (true);
	}
	return (false);
}

static void
share_look(void *arg, u_int64_t now)
{
	(void)arg;
	if (!share_taken() && now - paused_at < CONN_SHARE_WAIT_MS) {
		kore_timer_add(share_look, 1, NULL, KORE_TIMER_ONESHOT);
		return;
	}
	worker_max_connections = configured_max;
	paused = false;
}

void
conn_share_accepted(void)
{
	u_int32_t	held;

	/* One request worker: Kore takes no lock, nobody to share with. */
	if (worker_count - KORE_WORKER_BASE < 2 || paused)
		return;
	/* Kore counts the connection after its connect callback returns. */
	held = worker_active_connections + 1;
	if (held % CONN_SHARE_AT != 0 || held >= worker_max_connections)
		return;
	configured_max = worker_max_connections;
	worker_max_connections = held;
	paused = true;
	paused_at = kore_time_ms();
	kore_worker_make_busy();
	kore_timer_add(share_look, 1, NULL, KORE_TIMER_ONESHOT);
}
