/*
 * offload.h - slow work off the worker's event loop.
 *
 * A Kore worker serves all its connections from one event loop, so a
 * handler that computes for a long time (an Argon2id password check takes
 * tens of milliseconds and 64 MiB, on purpose) would hold up every other
 * request of that worker. rq_offload() runs such work on one of the
 * worker's task threads (Kore's tasks) and lets the event loop go on; when
 * the work is done, the router calls resume(rq, arg) on the event loop,
 * which answers as a handler would.
 *
 * work(arg) runs on another thread: it may read and write the memory it
 * is given (which must outlive it: the request's arena does), but must not
 * touch the store, allocate from the arena or call into Kore. If the
 * client goes away meanwhile, the request is kept until the work is done
 * and then freed without resuming.
 */
#ifndef STEWARD_OFFLOAD_H
#define STEWARD_OFFLOAD_H

#include <stdbool.h>

struct rq;

/* Start work; the handler then returns ST_PENDING. */
int	rq_offload(struct rq *rq, void (*work)(void *), void *arg,
	    int (*resume)(struct rq *, void *));

/* For the router: whether rq's work is done, and resuming it. */
bool	rq_offload_done(struct rq *rq);
int	rq_offload_resume(struct rq *rq);
/* Release the task of a finished offload (before the rq is freed). */
void	rq_offload_release(struct rq *rq);
/* Whether rq may be freed now (no work running on its behalf). */
bool	rq_offload_idle(struct rq *rq);

#endif
