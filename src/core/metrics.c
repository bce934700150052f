/*
 * metrics.c - the counters shared by a server's processes; see metrics.h.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/metrics.h"

#define METRICS_MAGIC	0x5354574d45545231ULL	/* "STWMETR1" */

const int64_t	metrics_bucket_us[METRICS_BUCKETS] = {
	1000, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000,
	2500000, 5000000, 10000000
};

static struct metrics_shared	*shared;

int
metrics_attach(int fd)
{
	void	*p;

	p = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED,
	    fd, 0);
	if (p == MAP_FAILED)
		return (-1);
	shared = p;
	shared->magic = METRICS_MAGIC;
	return (0);
}

int
metrics_create(void)
{
	int	fd, saved;

	if ((fd = memfd_create("steward-metrics", 0)) == -1)
		return (-1);
	if (ftruncate(fd, sizeof(*shared)) == -1 || metrics_attach(fd) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return (-1);
	}
	return (fd);
}

void
metrics_event(enum metrics_event ev, uint64_t n)
{
	if (shared != NULL && ev < ME__COUNT)
		atomic_fetch_add_explicit(&shared->event[ev], n,
		    memory_order_relaxed);
}

void
metrics_request(size_t route, int status, int64_t micros)
{
	struct metrics_route	*r;
	uint32_t		 want = (uint32_t)status, seen;
	size_t			 i, b;

	if (shared == NULL)
		return;
	if (route >= METRICS_ROUTES)
		route = METRICS_ROUTES - 1;
	if (micros < 0)
		micros = 0;
	r = &shared->route[route];
	/* The status's slot: found, or claimed when free. The last slot is
	 * never claimed: it counts the statuses that found no slot. */
	for (i = 0; i < METRICS_STATUSES - 1; i++) {
		seen = atomic_load_explicit(&r->status[i],
		    memory_order_relaxed);
		if (seen == want)
			break;
		if (seen == 0) {
			if (atomic_compare_exchange_strong(&r->status[i], &seen,
			    want) || seen == want)
				break;
		}
	}
	atomic_fetch_add_explicit(&r->by_status[i], 1, memory_order_relaxed);
	for (b = 0; b < METRICS_BUCKETS && micros > metrics_bucket_us[b]; b++)
		;
	atomic_fetch_add_explicit(&r->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->sum_us, (uint64_t)micros,
	    memory_order_relaxed);
}

const struct metrics_shared *
metrics_view(void)
{
	return (shared);
}
