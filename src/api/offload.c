/*
 * offload.c - work on Kore's task threads; see offload.h.
 */
#include <assert.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/tasks.h>

#include "api/http.h"
#include "api/offload.h"

struct rq_offload {
	struct kore_task	  task;
	bool			  released;
	void			(*work)(void *);
	void			 *arg;
	int			(*resume)(struct rq *, void *);
};

static int
task_entry(struct kore_task *t)
{
	struct rq_offload	*o = (struct rq_offload *)t;

	o->work(o->arg);
	return (KORE_RESULT_OK);
}

int
rq_offload(struct rq *rq, void (*work)(void *), void *arg,
    int (*resume)(struct rq *, void *))
{
	struct rq_offload	*o;

	assert(rq->offload == NULL);
	o = arena_calloc(&rq->a, 1, sizeof(*o));
	o->work = work;
	o->arg = arg;
	o->resume = resume;
	rq->offload = o;
	kore_task_create(&o->task, task_entry);
	kore_task_bind_request(&o->task, rq->req);
	kore_task_run(&o->task);
	return (ST_PENDING);
}

bool
rq_offload_done(struct rq *rq)
{
	assert(rq->offload != NULL);
	return (kore_task_finished(&rq->offload->task));
}

int
rq_offload_resume(struct rq *rq)
{
	struct rq_offload	*o = rq->offload;

	assert(o != NULL && !o->released);
	rq_offload_release(rq);
	return (o->resume(rq, o->arg));
}

void
rq_offload_release(struct rq *rq)
{
	struct rq_offload	*o = rq->offload;

	if (o == NULL || o->released)
		return;
	o->released = true;
	/* Kore has destroyed the task of a request that went away. */
	if (o->task.req != NULL)
		kore_task_destroy(&o->task);
}

bool
rq_offload_idle(struct rq *rq)
{
	struct rq_offload	*o = rq->offload;

	/*
	 * Kore destroys the task of a request that went away once the work
	 * is done (kore_task_handle), which unbinds it (task.req = NULL).
	 */
	return (o == NULL || o->released || o->task.req == NULL ||
	    kore_task_finished(&o->task));
}
