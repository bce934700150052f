/*
 * group.h - group commit of a worker's idempotent writes.
 *
 * A request with an Idempotency-Key (R_IDEM) writes in a savepoint of
 * the worker's group transaction (store_tx_later(), group), and waits,
 * with its answer held, until that transaction commits: at the next turn
 * of the event loop, or before the worker serves anything else with its
 * database connection. So the creations a worker handles in one turn (a
 * console's users, an integration sending several at once) share one
 * commit: one sync of SQLite's log, and the pages they share written once,
 * instead of one of each per request. Each is still atomic on its own (a
 * failing one rolls back its savepoint), durable before it is answered,
 * and the Idempotency-Key still commits with the work. When the group's
 * commit fails, every request in it answers 503 and nothing of it stays.
 */
#ifndef STEWARD_GROUP_H
#define STEWARD_GROUP_H

#include <stdbool.h>

struct rq;
struct store;

/* Hold rq's answer (or error, rc) until the group commits; rq's handler
 * is called again then (group_resume()). */
void	group_park(struct rq *rq, int rc);
/* Whether rq waits in the group. */
bool	group_parked(const struct rq *rq);
/* rq's status once its group is done (its held answer is sent by the
 * caller when ST_OK). */
int	group_resume(struct rq *rq);
/* rq's request went away: it no longer waits. */
void	group_forget(struct rq *rq);
/* Commit the group, if one is open on st, and wake its requests. */
void	group_flush(struct store *st);
/* Whether a group is full (flush it before starting another request). */
bool	group_full(void);

#endif
