/*
 * idem.c - Idempotency-Key: a retry gets the first answer; see idem.h.
 */
#include <assert.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api/group.h"
#include "api/http.h"
#include "api/idem.h"
#include "app/principal.h"
#include "core/rand.h"

#define IDEM_KEY_MAX	255

/*
 * With an Idempotency-Key: a key seen before answers what the first
 * request answered (*done), or 422 when it came with another request.
 * Otherwise the key is claimed at the start of the handler's first write
 * transaction (store_tx_later()), which the router then owns: the answer
 * is held back and committed with the work (idem_end()). The handler's
 * checks and reads run before that transaction, so it holds SQLite's
 * write lock only while it writes, as without a key.
 */
static int
idem_replay(struct rq *rq, int stored_status, const char *stored_hash,
    const char *stored, bool *done)
{
	struct buf	 b = BUF_INIT;

	err_clear(&rq->e);
	if (strcmp(stored_hash, rq->idem_hash) != 0 || stored_status == 0)
		return (err_set(&rq->e, ST_INVALID, "idempotency_key_reused",
		    M_IDEMPOTENCY_REUSED));
	/* The first request's answer, again. */
	rq_drop_held(rq);
	rq_header_add(rq, "idempotent-replayed", "true");
	buf_adds(&b, stored);
	rq_reply_json(rq, stored_status, &b);
	buf_free(&b);
	*done = true;
	return (ST_OK);
}

/* The first thing the handler's first write transaction does. */
static int
idem_claim(void *arg, struct err *e)
{
	struct rq	*rq = arg;
	char		*stored_hash, *stored;
	int		 rc, stored_status;

	rc = store_idem_claim(rq->app.st, principal_key(&rq->who),
	    rq->idem_key, rq->idem_hash, rq->app.now, &rq->a, &stored_status,
	    &stored_hash, &stored, e);
	if (rc == ST_CONFLICT) {
		/* The same key committed since idem_begin() looked. */
		rq->idem_lost = true;
		rq->idem_stored_status = stored_status;
		rq->idem_stored_hash = stored_hash;
		rq->idem_stored = stored;
	}
	return (rc);
}

static int
idem_begin(struct rq *rq, bool *done)
{
	const char	*k, *data;
	char		*stored_hash, *stored;
	size_t		 i, len;
	int		 rc, stored_status;

	*done = false;
	if ((k = rq_header(rq, "idempotency-key")) == NULL)
		return (ST_OK);
	for (i = 0; k[i] != '\0'; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			break;
	if (i == 0 || i > IDEM_KEY_MAX || k[i] != '\0')
		return (err_set(&rq->e, ST_MALFORMED, "bad_idempotency_key",
		    M_IDEMPOTENCY_KEY));
	rq_body(rq, &data, &len);
	rq->idem_hash = token_hash(&rq->a, arena_printf(&rq->a, "%s %s\n%.*s",
	    http_method_text(rq->req->method), rq_path(rq), (int)len, data));
	rc = store_idem_get(rq->app.st, principal_key(&rq->who), k, &rq->a,
	    &stored_status, &stored_hash, &stored, &rq->e);
	if (rc == ST_OK && store_group_open(rq->app.st)) {
		/* Perhaps the group's own, not committed yet: commit it. */
		group_flush(rq->app.st);
		err_clear(&rq->e);
		rc = store_idem_get(rq->app.st, principal_key(&rq->who), k,
		    &rq->a, &stored_status, &stored_hash, &stored, &rq->e);
	}
	if (rc == ST_OK)
		return (idem_replay(rq, stored_status, stored_hash, stored,
		    done));
	if (rc != ST_NOT_FOUND)
		return (rc);
	err_clear(&rq->e);
	rq->idem_key = k;
	rq->defer = true;
	store_tx_later(rq->app.st, idem_claim, rq, true);
	return (ST_OK);
}

/*
 * Record a successful answer with the work and release it into the group
 * (which commits it, group.h); the caller sends the answer, or parks the
 * request until the group has committed.
 */
static int
idem_end(struct rq *rq, int rc)
{
	bool	done;

	if (rq->idem_lost) {
		/* Another request with this key got there first. */
		store_tx_rollback(rq->app.st);
		return (idem_replay(rq, rq->idem_stored_status,
		    rq->idem_stored_hash, rq->idem_stored, &done));
	}
	if (!store_tx_later_open(rq->app.st)) {
		/* Nothing was written in a transaction: nothing to record. */
		store_tx_abandon(rq->app.st);
		return (rc);
	}
	if (rc != ST_OK || !rq->deferred || rq->held.status >= 300) {
		store_tx_rollback(rq->app.st);
		return (rc);
	}
	if ((rc = store_idem_complete(rq->app.st, principal_key(&rq->who),
	    rq->idem_key, rq->held.status, rq->held.body, &rq->e)) != ST_OK ||
	    (rc = store_tx_later_commit(rq->app.st, &rq->e)) != ST_OK) {
		store_tx_rollback(rq->app.st);
		return (rc);
	}
	return (ST_OK);
}

int
idem_run(struct rq *rq, int (*fn)(struct rq *))
{
	bool	done;
	int	rc;

	if ((rc = idem_begin(rq, &done)) != ST_OK || done)
		return (rc);
	if (rq->idem_key == NULL)
		return (fn(rq));
	rc = fn(rq);
	assert(rc != ST_PENDING);
	rc = idem_end(rq, rc);
	/* In a group, nothing is answered before the group commits. */
	if (rq->status == 0 && store_group_open(rq->app.st)) {
		group_park(rq, rc);
		return (ST_PENDING);
	}
	if (rc == ST_OK)
		rq_send_held(rq);
	return (rc);
}
