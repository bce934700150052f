/*
 * usage.c - the monthly usage report of pay-as-you-go subscriptions; see
 * usage.h.
 */

#include <assert.h>
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/sub_int.h"
#include "app/subscription.h"
#include "core/arena.h"
#include "core/err.h"
#include "app/usage.h"
#include "core/dates.h"
#include "core/money.h"
#include "core/page.h"
#include "store/store.h"
#include "store/store_subscription.h"

/* The most seats held at any moment of [day, day + DAY). */
static long long
day_seats(const struct payg_period *p, size_t n, int64_t day)
{
	long long	max = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		if (p[i].start_at < day + DAY &&
		    (p[i].end_at == 0 || p[i].end_at > day) &&
		    p[i].seats > max)
			max = p[i].seats;
	return (max);
}

/*
 * The price of key in force on day (prices sorted by service and day):
 * the last one effective on or before it; NULL before the first.
 */
static const struct service_price *
price_on(const struct service_price *pr, size_t n, const char *key,
    const char *day)
{
	const struct service_price	*found = NULL;
	size_t				 i;

	for (i = 0; i < n; i++) {
		if (strcmp(pr[i].service_key, key) != 0)
			continue;
		if (strcmp(pr[i].effective_on, day) > 0)
			break;
		found = &pr[i];
	}
	return (found);
}

static int
find_total(struct usage_total *t, size_t *nt, const char *currency)
{
	size_t	i;

	for (i = 0; i < *nt; i++)
		if (strcmp(t[i].currency, currency) == 0)
			return ((int)i);
	memset(&t[*nt], 0, sizeof(t[*nt]));
	t[*nt].currency = currency;
	return ((int)(*nt)++);
}

/* Room for one more row, growing the array in the arena. */
static struct usage_row *
row_add(struct app *app, struct usage_row **rows, size_t *n, size_t *cap)
{
	struct usage_row	*grown;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		grown = arena_calloc(app->a, *cap, sizeof(*grown));
		if (*n > 0)
			memcpy(grown, *rows, *n * sizeof(*grown));
		*rows = grown;
	}
	memset(&(*rows)[*n], 0, sizeof((*rows)[*n]));
	return (&(*rows)[(*n)++]);
}

/* What one customer used of one service at one price. */
struct usage_bucket {
	const struct service_price	*price;
	long long			 seat_days;
	long long			 discounted;	/* seat-days after approval */
};

int
usage_month(struct app *app, const char *partner_id, const char *month,
    struct usage_row **rows, size_t *nrows, struct usage_total **totals,
    size_t *ntotals)
{
	struct page		 all;
	struct usage_bucket		 b[32];
	const struct service_price	*pr;
	struct service_price		*prices;
	struct payg_period		*p;
	struct service			*svc;
	struct usage_row		*r;
	struct approved_discount	*ads;
	const struct approved_discount	*ad;
	char				 day_s[11], until[11];
	int64_t				 from, to, day, since, disc;
	long long			 seats, percent;
	size_t				 np, nsvc, nprices, nads, i, j, k, nb, x;
	size_t				 nr = 0, cap = 0;
	int				 rc, digits, t;

	if ((rc = partner_access(app, partner_id, false)) != ST_OK)
		return (rc);
	if (month == NULL || *month == '\0')
		return (err_field(app->e, "month", M_REQUIRED));
	if (!month_parse(month, &from, &to))
		return (err_field(app->e, "month", M_MONTH_INVALID));
	date_of(to, until);
	if ((rc = store_service_list(app->st, app->a, page_all(&all), &svc, &nsvc,
	    app->e)) != ST_OK ||
	    (rc = store_service_prices(app->st, until, app->a, &prices,
	    &nprices, app->e)) != ST_OK ||
	    (rc = store_payg_between(app->st, partner_id, from, to, app->a,
	    &p, &np, app->e)) != ST_OK ||
	    (rc = store_discounts_approved(app->st, partner_id, app->a, &ads,
	    &nads, app->e)) != ST_OK)
		return (rc);
	*rows = NULL;
	*totals = arena_calloc(app->a, nprices + 1, sizeof(**totals));
	*ntotals = 0;
	/* Periods come grouped by customer and service. */
	for (i = 0; i < np; i = j) {
		for (j = i; j < np && strcmp(p[j].customer_id,
		    p[i].customer_id) == 0 && strcmp(p[j].service_key,
		    p[i].service_key) == 0; j++)
			;
		for (k = 0; k < nsvc; k++)
			if (strcmp(svc[k].key, p[i].service_key) == 0)
				break;
		assert(k < nsvc);
		percent = 0;
		since = INT64_MAX;
		if ((ad = sub_discount_of(ads, nads, p[i].customer_id)) != NULL) {
			percent = ad->percent;
			since = ad->since;
		}
		if (since != INT64_MAX)
			since -= since % DAY;	/* from the day of approval */
		/* Each day at the most seats held and the price in force. */
		nb = 0;
		for (day = from; day < to && day <= app->now; day += DAY) {
			if ((seats = day_seats(&p[i], j - i, day)) == 0)
				continue;
			date_of(day, day_s);
			/* NULL: days with no price, in a bucket of their own. */
			pr = price_on(prices, nprices, svc[k].key, day_s);
			for (x = 0; x < nb && b[x].price != pr; x++)
				;
			if (x == nb) {
				assert(nb < sizeof(b) / sizeof(b[0]));
				memset(&b[nb++], 0, sizeof(b[0]));
				b[x].price = pr;
			}
			b[x].seat_days += seats;
			if (day >= since)
				b[x].discounted += seats;
		}
		for (x = 0; x < nb; x++) {
			r = row_add(app, rows, &nr, &cap);
			r->customer_id = p[i].customer_id;
			r->customer_name = p[i].customer_name;
			r->service_key = svc[k].key;
			r->service_name = svc[k].name;
			r->seat_days = b[x].seat_days;
			if (b[x].price == NULL) {
				/* Not charged, not in the totals. */
				r->currency = svc[k].currency;
				continue;
			}
			r->priced = true;
			r->currency = b[x].price->currency;
			r->price_micros = b[x].price->price_micros;
			digits = currency_digits(r->currency);
			r->gross_micros = money_round(r->seat_days *
			    r->price_micros, digits);
			disc = b[x].discounted * r->price_micros * percent / 100;
			r->discount_percent = b[x].discounted > 0 ? percent : 0;
			r->discount_micros = money_round(disc, digits);
			r->total_micros = r->gross_micros - r->discount_micros;
			t = find_total(*totals, ntotals, r->currency);
			(*totals)[t].gross_micros += r->gross_micros;
			(*totals)[t].discount_micros += r->discount_micros;
			(*totals)[t].total_micros += r->total_micros;
		}
	}
	if (*rows == NULL)
		*rows = arena_calloc(app->a, 1, sizeof(**rows));
	*nrows = nr;
	return (ST_OK);
}
