/*
 * metrics.h - counters every process of one server adds to: the workers,
 * the background process and the parent that forks them.
 *
 * The counters live in one shared memory object (a memfd) that
 * `stewardctl serve` creates before it starts anything: it maps it for
 * itself (the background process it forks inherits the mapping) and hands
 * the descriptor to Kore, whose parent maps it before it forks the
 * workers (metrics_attach). Every update is a relaxed atomic addition, so
 * no process ever waits for another and none can lose another's counts;
 * a worker that Kore restarts inherits the same mapping again.
 *
 * A process without a mapping (stewardctl jobs run alone, unit tests)
 * counts nothing: every metrics_* call is then a no-op.
 *
 * Requests are counted per route (the index of the route in the route
 * table, or METRICS_ROUTES - 1 for a request that matched none) and
 * status; each route keeps a latency histogram over METRICS_BUCKETS.
 */
#ifndef STEWARD_METRICS_H
#define STEWARD_METRICS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define METRICS_ROUTES		512	/* route slots, the last: no route */
#define METRICS_STATUSES	8	/* distinct statuses kept per route */
#define METRICS_BUCKETS		12	/* latency buckets, without +Inf */

/* Upper bounds of the latency buckets, in microseconds. */
extern const int64_t	metrics_bucket_us[METRICS_BUCKETS];

/* Events counted once each, whichever process sees them. */
enum metrics_event {
	ME_CHECKIN,		/* an agent check-in answered */
	ME_ENROLMENT,		/* a device enrolled (or enrolled again) */
	ME_ALERT_RAISED,	/* a new alert (not a repeat of an open one) */
	ME_MAIL_SENT,		/* a message accepted by the SMTP server */
	ME_MAIL_RETRY,		/* a delivery attempt to try again later */
	ME_MAIL_FAILED,		/* a message refused for good */
	ME_WEBHOOK_DELIVERED,	/* a webhook answered 2xx */
	ME_WEBHOOK_RETRY,	/* a webhook attempt to try again later */
	ME_WEBHOOK_FAILED,	/* a webhook given up after its attempts */
	ME_DB_ERROR,		/* a query or transaction failed (not a
				 * constraint conflict or a missing row) */
	ME__COUNT
};

/*
 * One route's counts. A status slot holds the status it counts (0: free);
 * the last slot is never given a status and counts, as "other", what found
 * no free slot. bucket[b] counts the requests that took at most
 * metrics_bucket_us[b] and more than the bound before (not cumulative);
 * bucket[METRICS_BUCKETS] those beyond the last bound.
 */
struct metrics_route {
	_Atomic uint32_t	status[METRICS_STATUSES];
	_Atomic uint64_t	by_status[METRICS_STATUSES];
	_Atomic uint64_t	bucket[METRICS_BUCKETS + 1];
	_Atomic uint64_t	sum_us;
};

struct metrics_shared {
	uint64_t		magic;
	_Atomic uint64_t	event[ME__COUNT];
	struct metrics_route	route[METRICS_ROUTES];
};

/*
 * Create the shared object and map it in this process. Returns its
 * descriptor (not close-on-exec, for Kore to inherit) or -1 with errno.
 */
int	metrics_create(void);
/* Map the object of descriptor fd (Kore's parent). 0 or -1 with errno. */
int	metrics_attach(int fd);

/* Count one event (n times). */
void	metrics_event(enum metrics_event ev, uint64_t n);
/* Count one answered request of route slot route. */
void	metrics_request(size_t route, int status, int64_t micros);

/* The counters as they stand (NULL when this process has none). */
const struct metrics_shared *metrics_view(void);

#endif
