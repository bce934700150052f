/*
 * omssearch.c - what Find customer costs inside the server: the store's
 * search (store_oms_search(), a first page of 50 records and its count)
 * timed in this process, without HTTP, for the searches
 * bench/customers.mjs sends through HTTP. On a shared machine the HTTP
 * figures carry the waits of the other processes; these carry fewer.
 *
 *	build/bench/omssearch DB_URL PARTNER_ID [RUNS [FIND ...]]
 *
 * DB_URL is a database loaded as bench/README.md says (a SQLite file path
 * or a postgresql:// URL), PARTNER_ID the partner whose records are
 * searched. Each search runs RUNS times (20 by default) after one run that
 * is not counted; prints min, p50, p95 and max, and what the answer said.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"
#include "core/text.h"
#include "store/store.h"
#include "store/store_oms.h"
#include "store/store_policy.h"
#include "store/store_subscription.h"

static const char *const searches[] = {
	"", "h", "ha", "har", "harb", "harbor", "harbor l",
	"harbor logistics 1", "さ", "さく", "さくら", "さくら精機",
	"contact4242", "@co9999.", "hopper", "zzzz-no-match", NULL
};

static double
now_ms(void)
{
	struct timespec	t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return ((double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6);
}

static int
cmp_ms(const void *x, const void *y)
{
	double	a = *(const double *)x, b = *(const double *)y;

	return (a < b ? -1 : a > b);
}

/* One search, once; its time in ms (negative when it failed). */
static double
one(struct store *st, const char *partner, const char *find, size_t *n,
    long long *total, bool *lower)
{
	struct oms_record	*out;
	char			*folded;
	struct arena		 a;
	struct page		 pg;
	struct err		 e;
	double			 t;
	int			 rc;

	arena_init(&a, 0);
	err_clear(&e);
	page_first(&pg, 50);
	if ((folded = text_fold(&a, find)) == NULL) {
		fprintf(stderr, "omssearch: %s: not UTF-8\n", find);
		arena_free(&a);
		return (-1);
	}
	t = now_ms();
	rc = store_oms_search(st, partner, &a, folded, &pg, &out, n, total,
	    lower, &e);
	t = now_ms() - t;
	if (rc != ST_OK)
		fprintf(stderr, "omssearch: %s: %s\n", find, e.internal);
	arena_free(&a);
	return (rc == ST_OK ? t : -1);
}

int
main(int argc, char **argv)
{
	const char *const	*list = searches;
	struct store		*st;
	struct err		 e;
	double			*ms;
	long long		 total = 0;
	size_t			 runs = 20, i, k, n = 0;
	bool			 lower = false;

	if (argc < 3) {
		fprintf(stderr, "usage: omssearch DB_URL PARTNER_ID [RUNS "
		    "[FIND ...]]\n");
		return (2);
	}
	if (argc > 3)
		runs = (size_t)strtoul(argv[3], NULL, 10);
	if (argc > 4)
		list = (const char *const *)argv + 4;
	if (runs == 0)
		runs = 1;
	err_clear(&e);
	if (store_open(argv[1], false, &st, &e) != ST_OK) {
		fprintf(stderr, "omssearch: %s\n", e.internal);
		return (1);
	}
	if ((ms = calloc(runs, sizeof(*ms))) == NULL) {
		fprintf(stderr, "omssearch: out of memory\n");
		return (1);
	}
	printf("| find | matches | min | p50 | p95 | max |\n");
	printf("|---|---:|---:|---:|---:|---:|\n");
	for (k = 0; list[k] != NULL; k++) {
		if (one(st, argv[2], list[k], &n, &total, &lower) < 0)
			return (1);
		for (i = 0; i < runs; i++)
			if ((ms[i] = one(st, argv[2], list[k], &n, &total,
			    &lower)) < 0)
				return (1);
		qsort(ms, runs, sizeof(*ms), cmp_ms);
		printf("| `%s` | %s%lld | %.1f ms | %.1f ms | %.1f ms | "
		    "%.1f ms |\n", *list[k] != '\0' ? list[k] : "(empty)",
		    lower ? "more than " : "", total, ms[0], ms[runs / 2],
		    ms[runs * 95 / 100 < runs ? runs * 95 / 100 : runs - 1],
		    ms[runs - 1]);
	}
	free(ms);
	store_close(st);
	return (0);
}
