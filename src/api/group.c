/*
 * group.c - group commit of a worker's idempotent writes; see group.h.
 */
#include <assert.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api/group.h"
#include "api/http.h"
#include "core/log.h"

#define GROUP_MAX	64

static struct rq		*parked[GROUP_MAX];
static size_t			 nparked;
static struct store		*group_st;	/* the connection they wait on */
static struct kore_timer	*group_timer;

/* The next turn of the event loop: its sockets have been read. */
static void
group_tick(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;
	group_timer = NULL;	/* Kore frees a one-shot timer */
	group_flush(group_st);
}

void
group_park(struct rq *rq, int rc)
{
	assert(nparked < GROUP_MAX);
	rq->grouped = true;
	rq->group_done = false;
	rq->group_failed = false;
	rq->group_rc = rc;
	parked[nparked++] = rq;
	group_st = rq->app.st;
	http_request_sleep(rq->req);
	if (group_timer == NULL)
		group_timer = kore_timer_add(group_tick, 0, NULL,
		    KORE_TIMER_ONESHOT);
}

bool
group_parked(const struct rq *rq)
{
	return (rq->grouped);
}

bool
group_full(void)
{
	return (nparked == GROUP_MAX);
}

int
group_resume(struct rq *rq)
{
	assert(rq->grouped && rq->group_done);
	rq->grouped = false;
	if (rq->group_failed) {
		/* Nothing of it was written: say so, whatever it was. */
		rq_drop_held(rq);
		err_clear(&rq->e);
		return (err_set(&rq->e, ST_UNAVAILABLE, "unavailable",
		    M_UNAVAILABLE));
	}
	if (rq->group_rc == ST_OK)
		rq_send_held(rq);
	return (rq->group_rc);
}

void
group_forget(struct rq *rq)
{
	size_t	i;

	if (!rq->grouped)
		return;
	rq->grouped = false;
	for (i = 0; i < nparked; i++)
		if (parked[i] == rq) {
			memmove(&parked[i], &parked[i + 1],
			    (nparked - i - 1) * sizeof(parked[0]));
			nparked--;
			return;
		}
}

void
group_flush(struct store *st)
{
	struct err	 e;
	size_t		 i, n = nparked;
	int		 rc = ST_OK;

	if (st != NULL && store_group_open(st)) {
		err_clear(&e);
		if ((rc = store_group_commit(st, &e)) != ST_OK)
			log_msg(LV_ERROR, "group.commit", "%zu requests not "
			    "written: %s", n, e.internal);
	}
	nparked = 0;
	for (i = 0; i < n; i++) {
		parked[i]->group_done = true;
		parked[i]->group_failed = rc != ST_OK;
		http_request_wakeup(parked[i]->req);
	}
}
