/*
 * turn.h - what a request worker reads once for a turn of its event loop.
 *
 * Each turn Kore first reads what the sockets have (new requests), then
 * runs the handlers of the requests that are complete. A fact read from
 * the database during the handlers is at least as new as every request
 * received before it was read. The auth generation is such a fact
 * (app/auth.h): read by the turn's first request that has a session
 * cookie, it serves the other requests of the turn, so a worker under
 * load reads it once for many requests, and each of those requests still
 * sees every revocation committed before it was sent.
 *
 * The snapshot stops serving:
 *   - at the next turn (a one-shot Kore timer, run after the sockets are
 *     read and before the handlers);
 *   - for a request on a connection answered since it was read: Kore
 *     reads a connection again as it queues an answer, so a request that
 *     arrives that way (a pipelined one) is newer than the snapshot;
 *   - after a request that may have changed something (any method but
 *     GET and HEAD) on this worker.
 */
#ifndef STEWARD_TURN_H
#define STEWARD_TURN_H

struct http_request;
struct auth_snapshot;

/* The snapshot for req's principal (check first whether it may serve). */
struct auth_snapshot	*turn_snapshot(struct http_request *req);
/* After auth_resolve() with turn_snapshot(): a fresh read starts here. */
void			 turn_snapshot_used(void);
/* req has been answered (or has failed): its connection may hold newer
 * requests, and a request that changed something ends the snapshot. */
void			 turn_answered(struct http_request *req);

#endif
