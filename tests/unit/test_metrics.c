/*
 * test_metrics.c - the shared counters of GET /metrics (core/metrics.h):
 * counts seen by a forked child, status slots and "other", histogram
 * buckets, and no-ops before a mapping exists.
 */
#include <sys/wait.h>

#include <unistd.h>

#include "testutil.h"

#include "core/metrics.h"

static void
test_metrics_shared_across_fork(void **state)
{
	const struct metrics_shared	*m;
	const struct metrics_route	*r;
	pid_t				 pid;
	int				 fd, status, i;
	size_t				 s;
	uint64_t			 total, buckets;

	(void)state;
	/* Before a mapping, counting is a no-op. */
	assert_null(metrics_view());
	metrics_event(ME_CHECKIN, 1);
	metrics_request(0, 200, 10);

	fd = metrics_create();
	assert_true(fd >= 0);
	assert_non_null(m = metrics_view());
	assert_int_equal(m->event[ME_CHECKIN], 0);

	/* A child (a worker, the background process) counts into the same
	 * memory. */
	if ((pid = fork()) == 0) {
		for (i = 0; i < 1000; i++)
			metrics_event(ME_CHECKIN, 1);
		metrics_request(3, 200, 500);		/* 1 ms bucket */
		metrics_request(3, 200, 3000);		/* 5 ms */
		metrics_request(3, 404, 20000000);	/* beyond 10 s */
		_exit(0);
	}
	for (i = 0; i < 1000; i++)
		metrics_event(ME_CHECKIN, 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(m->event[ME_CHECKIN], 2000);
	r = &m->route[3];
	assert_int_equal(r->status[0], 200);
	assert_int_equal(r->by_status[0], 2);
	assert_int_equal(r->status[1], 404);
	assert_int_equal(r->by_status[1], 1);
	assert_int_equal(r->bucket[0], 1);
	assert_int_equal(r->bucket[1], 1);
	assert_int_equal(r->bucket[METRICS_BUCKETS], 1);
	assert_int_equal(r->sum_us, 500 + 3000 + 20000000);

	/* More statuses than slots: the rest count in the last slot, which
	 * never takes a status of its own. */
	for (i = 0; i < METRICS_STATUSES + 2; i++)
		metrics_request(7, 200 + i, 100);
	r = &m->route[7];
	total = buckets = 0;
	for (s = 0; s < METRICS_STATUSES; s++)
		total += r->by_status[s];
	for (s = 0; s <= METRICS_BUCKETS; s++)
		buckets += r->bucket[s];
	assert_int_equal(total, METRICS_STATUSES + 2);
	assert_int_equal(buckets, METRICS_STATUSES + 2);
	assert_int_equal(r->status[METRICS_STATUSES - 1], 0);
	assert_int_equal(r->by_status[METRICS_STATUSES - 1], 3);

	/* A route index out of range counts as "no route". */
	metrics_request(METRICS_ROUTES + 5, 200, 1);
	assert_int_equal(m->route[METRICS_ROUTES - 1].by_status[0], 1);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_shared_across_fork),
	};

	return (cmocka_run_group_tests_name("metrics", tests, NULL, NULL));
}
