/*
 * usage.c - how long a partner's monthly bill and the subscription views
 * take, with many pay-as-you-go customers.
 *
 *	build/bench/usage DB_URL [CUSTOMERS]
 *
 * Fills a new database (a SQLite file path or a postgresql:// URL) with
 * the six-service catalogue, one partner with flexible billing and
 * CUSTOMERS customers (default 2,000). Each customer subscribes two
 * services pay-as-you-go 40 days ago and changes the seats of one of them
 * 10 days ago (so this month's bill has several seat periods per line);
 * every fifth one also has a trial. Then it times, as the API calls them:
 *
 *   usage:      usage_month() for this month and the last (the bill);
 *   customer:   sub_list_customer() for every customer (its page);
 *   partner:    sub_list_partner() with and without ending_within.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/account.h"
#include "app/app.h"
#include "app/customer.h"
#include "app/operator.h"
#include "app/principal.h"
#include "app/subscription.h"
#include "app/usage.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/country.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/page.h"
#include "core/log.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/rand.h"
#include "store/store.h"
#include "store/store_oms.h"
#include "store/store_policy.h"
#include "store/store_subscription.h"

#define DAY	86400

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static void
die(struct app *app, const char *what)
{
	fprintf(stderr, "usage: %s: %s %s\n", what, app->e->code,
	    app->e->internal);
	exit(1);
}

static struct app *
fresh(struct app *app, int64_t at)
{
	err_clear(app->e);
	app->now = at;
	return (app);
}

int
main(int argc, char **argv)
{
	static const char *const keys[] = { "essential_business",
	    "premium_business", "ultimate_business", "patch_management",
	    "cloud_backup", "premium_remote_control" };
	struct store		*st;
	struct arena		 a, scratch;
	struct err		 e;
	struct app		 app;
	struct principal	 who;
	struct app_config	 cfg;
	struct customer_input	 cin;
	struct service_input	 sin;
	struct service		 svc;
	struct sub_view		*v;
	struct discount_status	 disc;
	struct page		 pg;
	struct sub_query	 q;
	struct usage_row	*rows;
	struct usage_total	*tot;
	const char		*url;
	char			*partner, **cust, *id, name[64], email[96];
	char			 month[8], last[8], day[11];
	double			*t, t0, t1, total;
	int64_t			 now;
	size_t			 n, i, nv, nr, nt, r;
	bool			 flexible;
	int			 applied;

	if (argc < 2) {
		fprintf(stderr, "usage: usage DB_URL [CUSTOMERS]\n");
		return (2);
	}
	url = argv[1];
	n = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000;
	rand_init();
	log_level_from_env();
	if (country_load(NULL) != 0 || money_load(NULL) != 0)
		return (1);
	phone_init();
	arena_init(&a, 0);
	err_clear(&e);
	if (store_open(url, true, &st, &e) != ST_OK ||
	    store_migrate(st, &applied, &e) != ST_OK) {
		fprintf(stderr, "usage: %s\n", e.internal);
		return (1);
	}
	memset(&app, 0, sizeof(app));
	app_config_defaults(&cfg);
	app.st = st;
	app.a = &a;
	app.e = &e;
	app.cfg = &cfg;
	principal_operator(&who, "bench");
	app.who = &who;
	now = clock_now();

	t0 = now_ms();
	for (i = 0; i < 6; i++) {
		memset(&sin, 0, sizeof(sin));
		sin.key = keys[i];
		sin.name = keys[i];
		sin.trial_days = sin.trial_seats = -1;
		sin.position = (long long)i;
		sin.price = "0.07";
		sin.currency = "EUR";
		if (service_add(fresh(&app, now - 400 * DAY), &sin, &svc) !=
		    ST_OK)
			die(&app, "service");
	}
	if (account_create(fresh(&app, now), "operator", "Bench Operator",
	    &id) != ST_OK ||
	    account_create(fresh(&app, now), "partner", "Bench Partner",
	    &partner) != ST_OK ||
	    operator_partner_flexible(fresh(&app, now), partner, true) !=
	    ST_OK)
		die(&app, "accounts");
	cust = calloc(n, sizeof(*cust));
	for (i = 0; i < n; i++) {
		arena_init(&scratch, 0);
		app.a = &scratch;
		memset(&cin, 0, sizeof(cin));
		snprintf(name, sizeof(name), "Bench Customer %05zu", i);
		snprintf(email, sizeof(email), "it@usage%05zu.example", i);
		cin.source = "new";
		cin.email = email;
		cin.contact_person = "Ada Lovelace";
		cin.d.phone = "+44 20 7946 0958";
		cin.d.company = name;
		cin.d.industry = "retail";
		cin.d.website = "bench.example";
		cin.d.street = "1 High Street";
		cin.d.postal_code = "EC1A 1BB";
		cin.d.city = "London";
		cin.d.country = "GB";
		cin.management.mode = "local";
		cin.management.template = "workstation";
		if (customer_create(fresh(&app, now - 60 * DAY), partner, &cin,
		    &id) != ST_OK)
			die(&app, "customer");
		cust[i] = strdup(id);
		if (sub_payg_start(fresh(&app, now - 40 * DAY), partner, id,
		    keys[i % 3], 10 + (long long)(i % 40)) != ST_OK ||
		    sub_payg_start(fresh(&app, now - 40 * DAY), partner, id,
		    keys[3 + i % 2], 5) != ST_OK ||
		    sub_payg_seats(fresh(&app, now - 10 * DAY), partner, id,
		    keys[i % 3], 12 + (long long)(i % 40)) != ST_OK)
			die(&app, "payg");
		if (i % 5 == 0 && sub_trial_start(fresh(&app, now - 5 * DAY),
		    partner, id, "premium_remote_control") != ST_OK)
			die(&app, "trial");
		arena_free(&scratch);
		app.a = &a;
	}
	t1 = now_ms();
	printf("setup: 6 services, 1 partner, %zu customers with 2 "
	    "pay-as-you-go subscriptions each (one resized) in %.1f s\n\n", n,
	    (t1 - t0) / 1e3);

	date_of(now, day);
	snprintf(month, sizeof(month), "%.7s", day);
	date_of(now - 35 * DAY, day);
	snprintf(last, sizeof(last), "%.7s", day);
	printf("| what | rows | total, 3 runs: min | per run |\n"
	    "|---|---:|---:|---:|\n");
	for (r = 0; r < 2; r++) {
		double best = 1e18;
		size_t k;

		for (k = 0; k < 3; k++) {
			arena_init(&scratch, 0);
			app.a = &scratch;
			t0 = now_ms();
			if (usage_month(fresh(&app, now), partner, r == 0 ? month :
			    last, &rows, &nr, &tot, &nt) != ST_OK)
				die(&app, "usage");
			t1 = now_ms();
			if (t1 - t0 < best)
				best = t1 - t0;
			arena_free(&scratch);
		}
		printf("| usage_month %s | %zu | %.1f ms | %.1f µs per "
		    "customer |\n", r == 0 ? month : last, nr, best,
		    best * 1e3 / (double)n);
	}
	for (r = 0; r < 3; r++) {
		arena_init(&scratch, 0);
		app.a = &scratch;
		memset(&q, 0, sizeof(q));
		q.ending_within = r == 1 ? 30 : -1;
		/* Every row (as before paging), then the API's first page. */
		if (r == 2)
			page_first(&pg, 100);
		else
			page_all(&pg);
		t0 = now_ms();
		if (sub_list_partner(fresh(&app, now), partner, &q, &pg, &v,
		    &nv) != ST_OK)
			die(&app, "partner list");
		t1 = now_ms();
		printf("| sub_list_partner%s | %zu | %.1f ms | |\n",
		    r == 0 ? " (every row)" : r == 1 ? " ending_within=30" :
		    " (first page of 100)", nv, t1 - t0);
		arena_free(&scratch);
	}

	t = calloc(n, sizeof(*t));
	total = 0;
	for (i = 0; i < n; i++) {
		arena_init(&scratch, 0);
		app.a = &scratch;
		t0 = now_ms();
		if (sub_list_customer(fresh(&app, now), partner, cust[i],
		    page_all(&pg), &v, &nv, &flexible, &disc) != ST_OK)
			die(&app, "customer list");
		t[i] = now_ms() - t0;
		total += t[i];
		arena_free(&scratch);
	}
	qsort(t, n, sizeof(*t), cmp_double);
	printf("\n| a customer's subscriptions (sub_list_customer) | mean | "
	    "p50 | p99 |\n|---|---:|---:|---:|\n| %zu customers | %.1f µs | "
	    "%.1f µs | %.1f µs |\n", n, total * 1e3 / (double)n, t[n / 2] * 1e3,
	    t[(size_t)((double)n * 0.99)] * 1e3);
	store_close(st);
	return (0);
}
