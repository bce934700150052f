/*
 * subscription.c - what a customer's subscription is on a given day, and
 * the views of them (one customer's, the partner's, their events); see
 * subscription.h for the rules. Changes are sub_change.c, codes
 * sub_code.c, the daily job sub_daily.c, the usage report usage.c.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app/access.h"
#include "app/discount.h"
#include "app/app.h"
#include "app/principal.h"
#include "app/sub_int.h"
#include "app/subscription.h"
#include "core/actcode.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/page.h"
#include "core/money.h"
#include "core/rand.h"
#include "core/valid.h"
#include "store/store_alert.h"
#include "store/store_subscription.h"

const char *
sub_today(struct app *app)
{
	char	*d;

	d = arena_alloc(app->a, 11);
	date_of(app->now, d);
	return (d);
}

const char *
sub_days_after(struct app *app, const char *d, long long n)
{
	char	*out;

	out = arena_alloc(app->a, 11);
	if (!date_add_days(d, n, out))
		return (NULL);
	return (out);
}

/* Whether an active trial or prepaid term has reached its end day. */
bool
sub_ended(const struct subscription *s, const char *day)
{
	return (s->ends_on != NULL && strcmp(s->ends_on, day) <= 0);
}

/* Whether s is a paid subscription that is running today. */
bool
sub_paid_running(const struct subscription *s, const char *day)
{
	if (strcmp(s->status, "active") != 0)
		return (false);
	if (strcmp(s->kind, "payg") == 0)
		return (true);
	return (strcmp(s->kind, "prepaid") == 0 && !sub_ended(s, day));
}

int
sub_unknown_service(struct app *app)
{
	return (err_field(app->e, "service", M_UNKNOWN_SERVICE));
}

/* ---- views -------------------------------------------------------------- */

/* Approved discounts come sorted by customer id (byte order). */
static int
cmp_discount(const void *a, const void *b)
{
	return (strcmp(((const struct approved_discount *)a)->customer_id,
	    ((const struct approved_discount *)b)->customer_id));
}

/* The approved discount of one customer among ads (sorted), or NULL. */
const struct approved_discount *
sub_discount_of(const struct approved_discount *ads, size_t n,
    const char *customer_id)
{
	struct approved_discount	key;

	memset(&key, 0, sizeof(key));
	key.customer_id = customer_id;
	return (bsearch(&key, ads, n, sizeof(*ads), cmp_discount));
}


static void
view_fill(struct sub_view *v, const struct service *svc,
    const struct subscription *s, const char *day, long long percent)
{
	long long	left;

	memset(v, 0, sizeof(*v));
	v->service = *svc;
	v->state = "none";
	v->days_left = -1;
	v->trial_available = true;
	v->net_price_micros = svc->price_micros -
	    svc->price_micros * percent / 100;
	if (s == NULL)
		return;
	v->customer_id = s->customer_id;
	v->customer_name = s->customer_name;
	v->trial_available = s->trial_started_on == NULL;
	v->trial_started_on = s->trial_started_on;
	v->starts_on = s->starts_on;
	v->ends_on = s->ends_on;
	if (strcmp(s->status, "active") == 0 && !sub_ended(s, day)) {
		v->state = s->kind;
		v->seats = s->seats;
		if (s->ends_on != NULL && date_diff(day, s->ends_on, &left))
			v->days_left = left;
		return;
	}
	v->state = "expired";
	v->expired_kind = s->kind;
	v->cancelled = strcmp(s->status, "cancelled") == 0;
}

/* Seats used: the devices of each view's customer, for running ones. */
static int
seats_used_fill(struct app *app, struct sub_view *v, size_t n)
{
	const char	**ids;
	long long	 *counts;
	size_t		  i;
	int		  rc;

	ids = arena_calloc(app->a, n + 1, sizeof(*ids));
	counts = arena_calloc(app->a, n + 1, sizeof(*counts));
	for (i = 0; i < n; i++)
		ids[i] = v[i].customer_id;
	if ((rc = store_device_counts(app->st, ids, n, app->a, counts,
	    app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++)
		if (strcmp(v[i].state, "none") != 0 &&
		    strcmp(v[i].state, "expired") != 0)
			v[i].seats_used = counts[i];
	return (ST_OK);
}

int
sub_list_customer(struct app *app, const char *partner_id,
    const char *customer_id, struct page *pg, struct sub_view **out,
    size_t *n, bool *flexible_billing, struct discount_status *discount)
{
	struct account		 acct;
	struct service		*svc;
	struct subscription	*subs;
	const char		*day;
	size_t			 nsvc, nsub, i, j;
	long long		 percent;
	int			 rc;

	if ((rc = record_access(app, partner_id, customer_id, false,
	    NULL)) != ST_OK)
		return (rc);
	if ((rc = store_account_get(app->st, partner_id, app->a, &acct,
	    app->e)) != ST_OK)
		return (rc);
	*flexible_billing = acct.flexible_billing;
	if ((rc = discount_status(app, partner_id, customer_id, discount,
	    &percent)) != ST_OK)
		return (rc);
	if ((rc = store_service_list(app->st, app->a, pg, &svc, &nsvc,
	    app->e)) != ST_OK)
		return (rc);
	if ((rc = store_sub_list(app->st, partner_id, customer_id, app->a,
	    &subs, &nsub, app->e)) != ST_OK)
		return (rc);
	day = sub_today(app);
	*out = arena_calloc(app->a, nsvc + 1, sizeof(**out));
	for (i = 0; i < nsvc; i++) {
		for (j = 0; j < nsub; j++)
			if (strcmp(subs[j].service_key, svc[i].key) == 0)
				break;
		view_fill(&(*out)[i], &svc[i], j < nsub ? &subs[j] : NULL,
		    day, percent);
		(*out)[i].customer_id = customer_id;
	}
	*n = nsvc;
	return (seats_used_fill(app, *out, nsvc));
}

int
sub_view_one(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key, struct sub_view *out)
{
	struct discount_status	 d;
	struct service		 svc;
	struct subscription	 s;
	long long		 percent;
	int			 rc;

	if ((rc = store_service_get(app->st, app->a, service_key, &svc,
	    app->e)) != ST_OK)
		return (rc);
	if ((rc = discount_status(app, partner_id, customer_id, &d,
	    &percent)) != ST_OK)
		return (rc);
	rc = store_sub_get(app->st, partner_id, customer_id, service_key,
	    app->a, &s, app->e);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		return (rc);
	err_clear(app->e);
	view_fill(out, &svc, rc == ST_OK ? &s : NULL, sub_today(app),
	    percent);
	out->customer_id = customer_id;
	return (seats_used_fill(app, out, 1));
}

int
sub_list_partner(struct app *app, const char *partner_id,
    const struct sub_query *q, struct page *pg, struct sub_view **out,
    size_t *n)
{
	static const char *const states[] = { "trial", "prepaid", "payg",
	    "expired", NULL };
	struct page		 all;
	struct sub_filter		 f;
	struct service			*svc;
	struct subscription		*subs;
	struct approved_discount	*ads;
	const struct approved_discount	*ad;
	const char			*scoped, *day;
	size_t				 nsvc, nsub, nads, i, j, k = 0;
	int			 rc;

	if ((rc = partner_scope(app, partner_id, false, &scoped)) != ST_OK)
		return (rc);
	if (q->ncustomers > SUB_FILTER_IDS_MAX)
		return (err_fieldn(app->e, "customer_ids", M_TOO_MANY,
		    SUB_FILTER_IDS_MAX));
	if (q->ending_within != -1 && (q->ending_within < 1 ||
	    q->ending_within > 366))
		return (err_fieldn(app->e, "ending_within",
		    q->ending_within < 1 ? M_TOO_SMALL : M_TOO_BIG,
		    q->ending_within < 1 ? 1 : 366));
	if (q->state != NULL && *q->state != '\0' && valid_enum(app->a,
	    app->e, "state", q->state, states) != ST_OK)
		return (ST_INVALID);
	if ((rc = store_service_list(app->st, app->a, page_all(&all), &svc, &nsvc,
	    app->e)) != ST_OK)
		return (rc);
	day = sub_today(app);
	memset(&f, 0, sizeof(f));
	f.scoped_login = scoped;
	f.customer_ids = q->customer_ids;
	f.ncustomers = q->ncustomers;
	if (q->ending_within != -1) {
		f.after = day;
		f.until = sub_days_after(app, day, q->ending_within);
	}
	if (q->state != NULL && *q->state != '\0') {
		f.state = q->state;
		f.today = day;
	}
	if ((rc = store_sub_find(app->st, partner_id, &f, app->a, pg, &subs,
	    &nsub, app->e)) != ST_OK ||
	    (rc = store_discounts_approved(app->st, partner_id, app->a, &ads,
	    &nads, app->e)) != ST_OK)
		return (rc);
	*out = arena_calloc(app->a, nsub + 1, sizeof(**out));
	for (i = 0; i < nsub; i++) {
		for (j = 0; j < nsvc; j++)
			if (strcmp(subs[i].service_key, svc[j].key) == 0)
				break;
		assert(j < nsvc);	/* foreign key */
		ad = sub_discount_of(ads, nads, subs[i].customer_id);
		view_fill(&(*out)[k++], &svc[j], &subs[i], day,
		    ad != NULL ? ad->percent : 0);
	}
	*n = k;
	return (seats_used_fill(app, *out, k));
}

/* ---- changes -------------------------------------------------------------- */

/* ---- OMS orders ------------------------------------------------------------ */

/* ---- usage ------------------------------------------------------------------ */


int
sub_events(struct app *app, const char *partner_id, const char *customer_id,
    struct page *pg, struct sub_event **out, size_t *n)
{
	const char	*scoped = NULL;
	int		 rc;

	if (customer_id != NULL)
		rc = customer_access(app, partner_id, customer_id, false, NULL);
	else
		rc = partner_scope(app, partner_id, false, &scoped);
	if (rc != ST_OK)
		return (rc);
	return (store_sub_events(app->st, partner_id, customer_id, scoped,
	    app->a, pg, out, n, app->e));
}

/* ---- the daily job ------------------------------------------------------------ */
