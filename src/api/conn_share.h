/*
 * conn_share.h - new connections shared between the request workers.
 *
 * Kore gives new connections to whichever worker holds its accept lock,
 * and that worker keeps the lock until it accepts worker_accept_threshold
 * (16) connections in one go or is full (worker_max_connections). So
 * clients that connect one after another (a fleet of agents, a load
 * balancer's pool) all land on one worker while the others idle: on this
 * 2-core machine, 64 agent connections made one at a time were served by
 * one worker at about 21,000 check-ins/s, p99 11-12 ms, against about
 * 36,000/s, p99 6.6 ms, when both workers served (bench/README.md).
 *
 * conn_share_accepted() is called for every accepted connection: each time
 * the worker reaches a multiple of CONN_SHARE_AT connections, it hands the
 * lock on and takes no new connection until another worker holds the lock
 * (CONN_SHARE_WAIT_MS at most, for when none can), so another worker takes
 * the next ones. Another worker asks Kore for the lock again only 50 ms
 * after it last failed to get it, so it may miss a pause: of 48
 * connections made one after another, the split is mostly 32/16 or 24/24,
 * on a loaded machine at times 38/10 (tests/api/conn-share.test.mjs; a
 * 60 ms pause did not prevent it). Tried before:
 *  - handing the lock on alone (or worker_accept_threshold 1): the worker
 *    that let it go is the one running, and it took the lock back before
 *    the sleeping worker woke, so a burst still all went to it;
 *  - a fixed pause of 2 ms: on a loaded machine the sleeping worker can
 *    wait longer than that for a core;
 *  - pausing at every connection past the mark: shared as well, but a
 *    busy worker would then take only one new connection per pause.
 * Below CONN_SHARE_AT, Kore's own rule applies: a handful of clients share
 * one worker, which on SQLite keeps a few writers (8 clients creating
 * customers) in one process, where they were faster than split between
 * two (each process's writes empty the other's page cache). When every
 * worker has just paused, new connections wait at most CONN_SHARE_WAIT_MS
 * for a worker.
 */
#ifndef STEWARD_CONN_SHARE_H
#define STEWARD_CONN_SHARE_H

/* Connections a worker holds before new ones go to another worker. */
#define CONN_SHARE_AT		16
/* How long such a worker waits at most for another to take the lock. */
#define CONN_SHARE_WAIT_MS	20

/*
 * Call once for each connection this worker accepts, before Kore counts
 * it. When this worker then holds a multiple of CONN_SHARE_AT connections,
 * hands Kore's accept lock to the other workers and lowers Kore's
 * worker_max_connections to what the worker holds, until another worker
 * holds the lock or CONN_SHARE_WAIT_MS passed (a Kore timer looks every
 * millisecond and puts it back). Does nothing with one request worker, or
 * while paused.
 */
void	conn_share_accepted(void);

#endif
