/*
 * idem.h - Idempotency-Key on the routes that honour it (R_IDEM).
 *
 * A request with a key that was used before gets the first request's
 * answer again (Idempotent-Replayed: true), or 422 when the key came with
 * another request (method, path and body). Otherwise the key is claimed
 * by the handler's first write transaction, whose work, the claim and the
 * answer commit together, in a group with the worker's other such
 * requests of the same turn (group.h): the handler's checks and reads run
 * before SQLite's write lock is taken. A request that finds the key
 * claimed meanwhile (another server, another worker) gets the first answer
 * too. Requests without a key run the handler as they are.
 */
#ifndef STEWARD_IDEM_H
#define STEWARD_IDEM_H

struct rq;

/* Run fn for rq under its Idempotency-Key; ST_PENDING while it waits for
 * its group's commit. */
int	idem_run(struct rq *rq, int (*fn)(struct rq *));

#endif
