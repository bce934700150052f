/*
 * dashboard.c - the partner's top-level figures and its row per customer;
 * see alert.h.
 *
 * Device counts come from per-customer counters of stored statuses; the
 * devices that crossed a threshold since their status was last written
 * (store_devices_drifted) move from their stored column to their real
 * one, so the figures are exact at the moment of the request. When more
 * than DRIFT_MAX lag (a partner just changed its offline threshold, say,
 * and the sweep has not caught up) the devices are counted one by one.
 */
#include <stdlib.h>
#include <string.h>

#include "app/access.h"
#include "app/alert.h"
#include "app/app.h"
#include "app/device.h"
#include "app/site.h"
#include "app/sub_int.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/page.h"
#include "store/store.h"

#define DRIFT_MAX	20000
#define CHART_DAYS	30

static int
status_index(const char *s)
{
	if (strcmp(s, "protected") == 0)
		return (0);
	if (strcmp(s, "at_risk") == 0)
		return (1);
	if (strcmp(s, "offline") == 0)
		return (2);
	return (-1);
}

/* Move drifted devices (of customer_id, or all when NULL) in counts. */
static void
apply_drift(const struct device_drift *d, size_t n, const char *customer_id,
    long long counts[3])
{
	size_t	i;
	int	from, to;

	for (i = 0; i < n; i++) {
		if (customer_id != NULL &&
		    strcmp(d[i].customer_id, customer_id) != 0)
			continue;
		from = status_index(d[i].stored);
		to = status_index(d[i].status);
		if (from < 0 || to < 0 || from == to)
			continue;
		counts[from]--;
		counts[to]++;
	}
}

struct drift {
	struct device_clock	 clk;
	struct device_drift	*d;
	size_t			 n;
	bool			 overflow;
};

static int
drift_load(struct app *app, const char *partner_id, const char *scoped,
    struct drift *dr)
{
	int	rc;

	memset(dr, 0, sizeof(*dr));
	if ((rc = device_clock(app, partner_id, &dr->clk)) != ST_OK ||
	    (rc = store_devices_drifted(app->st, partner_id,
	    dr->clk.now - dr->clk.offline_after,
	    dr->clk.now - dr->clk.definitions_max_age, scoped, DRIFT_MAX + 1,
	    app->a, &dr->d, &dr->n, app->e)) != ST_OK)
		return (rc);
	dr->overflow = dr->n > DRIFT_MAX;
	return (ST_OK);
}

/* The exact device counts of a customer (or all) given the drift. */
static int
counts_fix(struct app *app, const char *partner_id, const char *customer_id,
    const char *scoped, const struct drift *dr, long long counts[3])
{
	if (!dr->overflow) {
		apply_drift(dr->d, dr->n, customer_id, counts);
		return (ST_OK);
	}
	return (store_device_status_counts(app->st, partner_id, customer_id,
	    scoped, dr->clk.now - dr->clk.offline_after,
	    dr->clk.now - dr->clk.definitions_max_age, app->a, counts,
	    app->e));
}

/*
 * The figures of a role limited to chosen sites of a company console:
 * counted from the rows of those sites' devices (a company's sites hold
 * few), where the stored counters are per customer.
 */
static int
site_scoped_read(struct app *app, const char *partner_id, const char *sites,
    struct dashboard_counts *c)
{
	struct device_clock	clk;
	long long		dev[3];
	int			rc;

	if ((rc = device_clock(app, partner_id, &clk)) != ST_OK ||
	    (rc = store_site_scoped_counts(app->st, partner_id, sites,
	    clk.now - clk.offline_after, clk.now - clk.definitions_max_age,
	    app->a, dev, c->alerts, app->e)) != ST_OK)
		return (rc);
	c->devices_protected = dev[0];
	c->devices_at_risk = dev[1];
	c->devices_offline = dev[2];
	return (ST_OK);
}

static int
dashboard_read(struct app *app, const char *partner_id,
    const struct tenant *t, const char *today, struct dashboard *out)
{
	struct alert_day	*days;
	struct drift		 dr;
	const char		*first, *scoped = t->customers;
	long long		 counts[3];
	int64_t			 since, day0;
	size_t			 n, i, j;
	int			 rc;

	if (t->sites != NULL) {
		if ((rc = site_scoped_read(app, partner_id, t->sites,
		    &out->c)) != ST_OK)
			return (rc);
		scoped = NULL;
		goto chart;
	}
	if ((rc = store_dashboard_counts(app->st, partner_id, scoped, today,
	    sub_days_after(app, today, DASHBOARD_ENDING_DAYS + 1), app->a,
	    &out->c, app->e)) != ST_OK ||
	    (rc = drift_load(app, partner_id, scoped, &dr)) != ST_OK)
		return (rc);
	counts[0] = out->c.devices_protected;
	counts[1] = out->c.devices_at_risk;
	counts[2] = out->c.devices_offline;
	if ((rc = counts_fix(app, partner_id, NULL, scoped, &dr, counts)) !=
	    ST_OK)
		return (rc);
	out->c.devices_protected = counts[0];
	out->c.devices_at_risk = counts[1];
	out->c.devices_offline = counts[2];

chart:
	/* The chart: every one of the last CHART_DAYS days, UTC. */
	day0 = app->now / 86400 - (CHART_DAYS - 1);
	since = day0 * 86400;
	if ((rc = store_alert_days(app->st, partner_id, scoped, t->sites, since,
	    app->a, &days, &n, app->e)) != ST_OK)
		return (rc);
	first = sub_days_after(app, today, -(CHART_DAYS - 1));
	out->days = arena_calloc(app->a, CHART_DAYS, sizeof(*out->days));
	out->ndays = CHART_DAYS;
	for (i = 0; i < CHART_DAYS; i++) {
		out->days[i].day = sub_days_after(app, first, (long long)i);
		for (j = 0; j < n; j++)
			if (strtoll(days[j].day, NULL, 10) ==
			    day0 + (int64_t)i) {
				out->days[i].raised = days[j].raised;
				out->days[i].resolved = days[j].resolved;
			}
	}
	return (ST_OK);
}

int
dashboard_get(struct app *app, const char *partner_id, struct dashboard *out)
{
	struct tenant	 t;
	const char	*today;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = tenant_scope(app, partner_id, false, &t)) != ST_OK)
		return (rc);
	today = sub_today(app);
	/* The counters and the lagging devices from one snapshot: a status
	 * written between the two reads would count twice or not at all. */
	if ((rc = store_snapshot_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = dashboard_read(app, partner_id, &t, today, out);
	/* A company console's figures are its own record's: it has no
	 * customers, and its children are sites. */
	if (rc == ST_OK && strcmp(t.kind, "company") == 0) {
		out->company = true;
		out->c.customers = 0;
		rc = store_site_count(app->st, partner_id, t.sites,
		    &out->c.sites, app->e);
	}
	if (rc == ST_OK)
		rc = store_tx_commit(app->st, app->e);
	if (rc != ST_OK)
		store_tx_rollback(app->st);
	return (rc);
}

static int
rows_read(struct app *app, const char *partner_id, const char *scoped,
    const char *q, bool by_risk, struct page *pg, struct dashboard_row **out,
    size_t *n)
{
	struct drift	 dr;
	const char	*today = sub_today(app);
	long long	 counts[3];
	size_t		 i;
	int		 rc;

	if ((rc = store_dashboard_rows(app->st, partner_id, scoped, q,
	    by_risk, today, sub_days_after(app, today,
	    DASHBOARD_ENDING_DAYS + 1), app->a, pg, out, n, app->e)) != ST_OK)
		return (rc);
	if (*n == 0)
		return (ST_OK);
	if ((rc = drift_load(app, partner_id, scoped, &dr)) != ST_OK)
		return (rc);
	for (i = 0; i < *n; i++) {
		struct dashboard_row *r = &(*out)[i];

		counts[0] = r->devices_protected;
		counts[1] = r->devices_at_risk;
		counts[2] = r->devices_offline;
		if ((rc = counts_fix(app, partner_id, r->customer_id, scoped,
		    &dr, counts)) != ST_OK)
			return (rc);
		r->devices_protected = counts[0];
		r->devices_at_risk = counts[1];
		r->devices_offline = counts[2];
	}
	return (ST_OK);
}

int
dashboard_rows(struct app *app, const char *partner_id, const char *q,
    bool by_risk, struct page *pg, struct dashboard_row **out, size_t *n)
{
	const char	*scoped;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((rc = partner_scope(app, partner_id, false, &scoped)) != ST_OK)
		return (rc);
	/* Rows and the lagging devices from one snapshot (dashboard_get). */
	if ((rc = store_snapshot_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = rows_read(app, partner_id, scoped, q, by_risk, pg, out, n);
	if (rc == ST_OK)
		rc = store_tx_commit(app->st, app->e);
	if (rc != ST_OK)
		store_tx_rollback(app->st);
	return (rc);
}

int
dashboard_sites(struct app *app, const char *account_id, struct page *pg,
    struct site **sites, struct site_figures **figures, size_t *n)
{
	struct device_clock	 clk;
	const char		**ids;
	size_t			 i;
	int			 rc;

	*figures = NULL;
	if ((rc = site_list(app, account_id, NULL, pg, sites, n)) != ST_OK ||
	    (rc = device_clock(app, account_id, &clk)) != ST_OK)
		return (rc);
	ids = arena_calloc(app->a, *n + 1, sizeof(*ids));
	for (i = 0; i < *n; i++)
		ids[i] = (*sites)[i].id;
	*figures = arena_calloc(app->a, *n + 1, sizeof(**figures));
	return (store_site_figures(app->st, account_id, ids, *n,
	    clk.now - clk.offline_after, clk.now - clk.definitions_max_age,
	    app->a, *figures, app->e));
}
