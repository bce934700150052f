/*
 * usage.h - the monthly usage report of pay-as-you-go subscriptions
 * (SPEC section 5): seat-days per customer, service and price, charged at
 * the catalogue price in force each day, less an approved segment
 * discount from the day of its approval. Money is in millionths of the
 * currency; gross, discount and total are rounded to the currency's minor
 * unit. Whole-account users only (viewers may read).
 *
 * A service's price history starts on the day it entered the catalogue. A
 * day of use before any recorded price (a clock moved back, say) is not
 * charged: its seat-days come in a row of their own with priced false
 * and no amounts, and are left out of the totals, so the report says so
 * instead of guessing a price.
 */
#ifndef STEWARD_USAGE_H
#define STEWARD_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;

struct usage_row {
	const char	*customer_id;
	const char	*customer_name;
	const char	*service_key;
	const char	*service_name;
	const char	*currency;
	long long	 seat_days;
	bool		 priced;		/* false: no price those days */
	int64_t		 price_micros;
	int64_t		 gross_micros;		/* rounded to the currency */
	long long	 discount_percent;	/* 0 when none */
	int64_t		 discount_micros;	/* rounded to the currency */
	int64_t		 total_micros;
};

struct usage_total {
	const char	*currency;
	int64_t		 gross_micros;
	int64_t		 discount_micros;
	int64_t		 total_micros;
};

/* month is "YYYY-MM"; days not yet begun are not charged. One row per
 * customer, service and price, by customer name. */
int	usage_month(struct app *app, const char *partner_id, const char *month,
	    struct usage_row **rows, size_t *nrows, struct usage_total **totals,
	    size_t *ntotals);

#endif
