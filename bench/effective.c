/*
 * effective.c - how long the effective policy takes to compute, with
 * 10,000 customers sharing 5 global policies.
 *
 *	build/bench/effective DB_URL [CUSTOMERS [IDS_FILE]]
 *
 * Fills a new database (a SQLite file path or a postgresql:// URL) with
 * one partner, 5 global workstation policies (changes, locks, exclusions)
 * and CUSTOMERS customers (10,000), each with one of the policies as its
 * default and every third one with overrides (a setting and an
 * exclusion). Then, for every customer, in three rounds:
 *
 *   app:      policy_effective() as the API calls it (permission check,
 *             one read of policy and override, parsing, layering);
 *   compute:  settings_effective() alone, from documents parsed once.
 *
 * Prints the setup time and, per round, the total and the per-customer
 * mean, p50 and p99. With IDS_FILE it writes the partner id and the
 * customer ids there (for bench/effective-http.sh) and adds the login
 * bench@steward.example / bench-steward-passphrase as the partner's admin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/account.h"
#include "app/app.h"
#include "app/customer.h"
#include "app/policy.h"
#include "app/principal.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/country.h"
#include "core/err.h"
#include "core/log.h"
#include "core/phone.h"
#include "core/rand.h"
#include "store/store.h"
#include "store/store_oms.h"
#include "store/store_policy.h"
#include "store/store_subscription.h"

#define NPOLICIES	5

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
report(const char *label, double *t, size_t n, double total)
{
	qsort(t, n, sizeof(*t), cmp_double);
	printf("| %-8s | %9.1f ms | %8.1f µs | %8.1f µs | %8.1f µs |\n",
	    label, total, total * 1e3 / (double)n, t[n / 2] * 1e3,
	    t[(size_t)((double)n * 0.99)] * 1e3);
}

static void
die(struct app *app, const char *what)
{
	fprintf(stderr, "effective: %s: %s %s\n", what, app->e->code,
	    app->e->internal);
	exit(1);
}

static struct app *
fresh(struct app *app)
{
	err_clear(app->e);
	app->now = clock_now();
	return (app);
}

int
main(int argc, char **argv)
{
	static const char *const changes[NPOLICIES] = {
		"{\"firewall\":{\"mode\":\"strict\"}}",
		"{\"exclusions\":{\"paths\":[\"C:\\\\RMM\\\\*\",\"C:\\\\Backup\\\\*\"],"
		    "\"urls\":[\"*.msp.example\"]}}",
		"{\"patch_management\":{\"auto_install\":[\"critical\",\"high\","
		    "\"medium\"],\"schedule\":{\"day\":\"daily\"}}}",
		"{\"web_control\":{\"blocked_categories\":[\"malware\",\"phishing\","
		    "\"adult\",\"gambling\",\"proxies\"]},\"remote_access\":"
		    "{\"enabled\":false}}",
		"{\"antivirus\":{\"scheduled_scan\":{\"type\":\"full\",\"day\":"
		    "\"saturday\",\"time\":\"02:00\"}},\"updates\":"
		    "{\"definitions_interval_hours\":1}}",
	};
	static const char *const locks =
	    "[\"antivirus.file_shield\",\"antivirus.behavior_shield\","
	    "\"firewall.enabled\",\"web_control\"]";
	struct store		*st;
	struct arena		 a, scratch;
	struct err		 e;
	struct app		 app;
	struct principal	 who;
	struct app_config	 cfg;
	struct policy_input	 in;
	struct customer_input	 cin;
	struct policy_effective	 ef;
	struct policy_doc	 docs[NPOLICIES];
	struct settings_layer	 l[2];
	const char		*ids[1], *url;
	char			*partner, *pol[NPOLICIES], **cust, *login;
	char			 name[64], email[96];
	json_t			*ov, **ovs;
	double			*t, t0, t1, total;
	size_t			 n, i, round;
	int			 applied, k;
	FILE			*idf = NULL;

	if (argc < 2) {
		fprintf(stderr, "usage: effective DB_URL [CUSTOMERS "
		    "[IDS_FILE]]\n");
		return (2);
	}
	url = argv[1];
	n = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000;
	if (argc > 3 && (idf = fopen(argv[3], "w")) == NULL) {
		perror(argv[3]);
		return (1);
	}
	rand_init();
	log_level_from_env();
	if (country_load(NULL) != 0)
		return (1);
	phone_init();
	arena_init(&a, 0);
	err_clear(&e);
	if (store_open(url, true, &st, &e) != ST_OK ||
	    store_migrate(st, &applied, &e) != ST_OK) {
		fprintf(stderr, "effective: %s\n", e.internal);
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

	t0 = now_ms();
	if (account_create(fresh(&app), "partner", "Bench Partner",
	    &partner) != ST_OK)
		die(&app, "partner");
	for (k = 0; k < NPOLICIES; k++) {
		memset(&in, 0, sizeof(in));
		snprintf(name, sizeof(name), "Bench policy %d", k + 1);
		in.name = name;
		in.platform = "workstation";
		in.settings = settings_parse(&a, changes[k]);
		in.locked = settings_parse(&a, locks);
		if (policy_create(fresh(&app), partner, NULL, &in, &pol[k]) !=
		    ST_OK)
			die(&app, "policy");
	}
	cust = calloc(n, sizeof(*cust));
	for (i = 0; i < n; i++) {
		arena_init(&scratch, 0);
		app.a = &scratch;
		memset(&cin, 0, sizeof(cin));
		snprintf(name, sizeof(name), "Bench Customer %05zu", i);
		snprintf(email, sizeof(email), "it@bench%05zu.example", i);
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
		cin.management.mode = "global";
		ids[0] = pol[i % NPOLICIES];
		cin.management.global_policy_ids = ids;
		cin.management.nglobal = 1;
		if (customer_create(fresh(&app), partner, &cin, &login) !=
		    ST_OK)
			die(&app, "customer");
		cust[i] = strdup(login);
		if (i % 3 == 0 && policy_override_put(fresh(&app), partner,
		    cust[i], pol[i % NPOLICIES], settings_parse(&scratch,
		    "{\"antivirus\":{\"scheduled_scan\":{\"time\":\"03:00\"}},"
		    "\"exclusions\":{\"paths\":[\"D:\\\\Data\\\\*\"]}}")) != ST_OK)
			die(&app, "override");
		arena_free(&scratch);
		app.a = &a;
	}
	t1 = now_ms();
	printf("setup: 1 partner, %d global policies, %zu customers (every "
	    "third with overrides) in %.1f s\n\n", NPOLICIES, n,
	    (t1 - t0) / 1e3);
	if (idf != NULL) {
		if (user_create(fresh(&app), "bench@steward.example",
		    "bench-steward-passphrase", "Bench", "en", &login) != ST_OK ||
		    user_grant(fresh(&app), partner, login, "admin") != ST_OK)
			die(&app, "login");
		fprintf(idf, "%s\n", partner);
		for (i = 0; i < n; i++)
			fprintf(idf, "%s\n", cust[i]);
		fclose(idf);
	}

	printf("| what     |     total |  mean/cust |        p50 |        "
	    "p99 |\n|---|---:|---:|---:|---:|\n");
	t = calloc(n, sizeof(*t));
	/* The whole path, as the API takes it. */
	for (round = 0; round < 3; round++) {
		total = 0;
		for (i = 0; i < n; i++) {
			arena_init(&scratch, 0);
			app.a = &scratch;
			t0 = now_ms();
			if (policy_effective(fresh(&app), partner, cust[i],
			    "workstation", NULL, &ef) != ST_OK)
				die(&app, "effective");
			t1 = now_ms();
			t[i] = t1 - t0;
			total += t[i];
			arena_free(&scratch);
		}
		app.a = &a;
		report("app", t, n, total);
	}
	/* The layering alone: policies parsed once, overrides per customer. */
	for (k = 0; k < NPOLICIES; k++) {
		struct policy p;

		if (store_policy_get(st, partner, &a, pol[k], &p, &e) != ST_OK ||
		    policy_doc_load(fresh(&app), &p, &docs[k]) != ST_OK)
			die(&app, "load");
	}
	ovs = calloc(n, sizeof(*ovs));
	for (i = 0; i < n; i++) {
		struct policy_override o;

		if (store_override_get(st, partner, cust[i], pol[i % NPOLICIES],
		    &a, &o, &e) == ST_OK)
			ovs[i] = settings_parse(&a, o.settings);
		err_clear(&e);
	}
	for (round = 0; round < 3; round++) {
		total = 0;
		for (i = 0; i < n; i++) {
			arena_init(&scratch, 0);
			t0 = now_ms();
			l[0].name = "policy";
			l[0].doc = docs[i % NPOLICIES].changes;
			l[0].lockable = false;
			l[1].name = "customer";
			l[1].doc = ovs[i];
			l[1].lockable = true;
			ov = settings_effective(&scratch, "workstation", l, 2,
			    docs[i % NPOLICIES].locked, NULL, NULL);
			t1 = now_ms();
			if (ov == NULL)
				die(&app, "compute");
			t[i] = t1 - t0;
			total += t[i];
			arena_free(&scratch);
		}
		report("compute", t, n, total);
	}
	for (i = 0; i < n; i++)
		free(cust[i]);
	free(cust);
	free(ovs);
	free(t);
	store_close(st);
	arena_free(&a);
	return (0);
}
