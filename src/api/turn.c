/*
 * turn.c - what a request worker reads once for a turn of its event loop;
 * see turn.h.
 */
#include <stdbool.h>
#include <stddef.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api/turn.h"
#include "app/auth.h"

#define TURN_ANSWERED_MAX	64

static struct auth_snapshot	 snap;
static struct kore_timer	*turn_timer;
/* Connections answered since the snapshot was read. */
static struct connection	*answered[TURN_ANSWERED_MAX];
static size_t			 nanswered;

static void
turn_end(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;
	turn_timer = NULL;	/* Kore frees a one-shot timer */
	snap.valid = false;
}

struct auth_snapshot *
turn_snapshot(struct http_request *req)
{
	size_t	i;

	for (i = 0; snap.valid && i < nanswered; i++)
		if (answered[i] == req->owner)
			snap.valid = false;
	return (&snap);
}

void
turn_snapshot_used(void)
{
	if (snap.fresh) {
		snap.fresh = false;
		nanswered = 0;
	}
	if (snap.valid && turn_timer == NULL)
		turn_timer = kore_timer_add(turn_end, 0, NULL,
		    KORE_TIMER_ONESHOT);
}

void
turn_answered(struct http_request *req)
{
	if (!snap.valid)
		return;
	if (req->method != HTTP_METHOD_GET && req->method != HTTP_METHOD_HEAD) {
		snap.valid = false;
		return;
	}
	if (nanswered == TURN_ANSWERED_MAX) {
		snap.valid = false;
		return;
	}
	answered[nanswered++] = req->owner;
}
