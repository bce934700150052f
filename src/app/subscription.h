/*
 * subscription.h - the service catalogue, customers' subscriptions, OMS
 * orders and activation codes, pay-as-you-go billing, the monthly usage
 * report and the daily expiry job (SPEC §5).
 *
 * Rules
 *  - A customer holds at most one subscription per service: a trial, a
 *    prepaid term (from activation codes) or pay-as-you-go. Terms run from
 *    starts_on to ends_on, UTC days: a subscription whose ends_on is today
 *    or earlier has expired, whether or not the daily job has run yet.
 *  - A trial can be started once per service per customer, never again
 *    (even after it ended). A paid subscription (code or pay-as-you-go)
 *    ends a running trial.
 *  - A code grants its service, seats and months; on an active prepaid
 *    term it extends the end by its months and the seats become the
 *    larger of the two. It ends pay-as-you-go billing for that service.
 *    Unknown codes and codes of another partner are "not found"; failed
 *    redemptions are limited per partner account (SUB_CODE_TRIES per
 *    SUB_CODE_WINDOW seconds) across workers and servers.
 *  - Pay-as-you-go needs the partner's flexible billing. It is charged per
 *    seat per day; a day is charged at the most seats held during it, so
 *    adding seats costs from the day they are added and removing them
 *    saves from the next day. An approved segment discount applies from
 *    the day of its approval. Each day is charged at the catalogue price
 *    in force that day (a price change applies from the next day), so a
 *    month with a change has one usage row per price.
 *  - Changes to one customer's subscriptions are serialised
 *    (store_sub_lock) and audited.
 */
#ifndef STEWARD_SUBSCRIPTION_H
#define STEWARD_SUBSCRIPTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/discount.h"
#include "store/store.h"
#include "store/store_subscription.h"

struct app;

#define SUB_SEATS_MAX		100000
#define SUB_MONTHS_MAX		120
#define SUB_ORDER_CODES_MAX	1000
#define SUB_CODE_TRIES		10
#define SUB_CODE_WINDOW		(15 * 60)
#define SUB_ENDING_DAYS		7	/* "ending soon" events this early */
#define SERVICE_NAME_MAX	100

/* ---- catalogue ----------------------------------------------------------- */

/* A page of the catalogue (anyone signed in may read it). */
int	service_list(struct app *app, struct page *pg, struct service **out,
	    size_t *n);
/*
 * Add or change a catalogue entry (the operator, or stewardctl).
 * price is decimal text; fields not given (NULL / -1) keep their value on
 * change and take the defaults (30 days, 25 seats, 0, EUR) on add.
 */
struct service_input {
	const char	*key;
	const char	*name;
	long long	 trial_days;	/* -1: not given */
	long long	 trial_seats;	/* -1: not given */
	const char	*price;
	const char	*currency;
	long long	 position;	/* -1: not given */
};
int	service_add(struct app *app, const struct service_input *in,
	    struct service *out);
int	service_set(struct app *app, const struct service_input *in,
	    struct service *out);
/*
 * The catalogue of a fresh installation: the six services of SPEC §5,
 * each with a 30-day trial of 25 seats and a list price in EUR per seat
 * per day (the operator changes any of it). service_seed adds them, in
 * this order, when the catalogue is empty, and sets *added to how many
 * it added (0 when the catalogue already had services).
 */
struct service_default {
	const char	*key;
	const char	*name;
	const char	*price;
};
extern const struct service_default service_defaults[];
extern const size_t service_defaults_n;
int	service_seed(struct app *app, size_t *added);
/*
 * A page of a service's prices, newest day first: each from its day on
 * (a change made today applies from tomorrow, so the first row may lie
 * ahead). Operators only; ST_NOT_FOUND for an unknown service.
 */
int	service_prices(struct app *app, const char *key, struct page *pg,
	    struct service_price **out, size_t *n);

/* ---- a customer's subscriptions ------------------------------------------ */

struct sub_view {
	struct service	 service;
	const char	*customer_id;
	const char	*customer_name;
	const char	*state;		/* none trial prepaid payg expired */
	const char	*expired_kind;	/* trial prepaid payg, or NULL */
	bool		 cancelled;
	long long	 seats;
	long long	 seats_used;
	const char	*starts_on;
	const char	*ends_on;
	long long	 days_left;	/* -1 when there is no end */
	bool		 trial_available;
	const char	*trial_started_on;
	int64_t		 net_price_micros;
};


/* One view per catalogue service, a page of the catalogue at a time. */
int	sub_list_customer(struct app *app, const char *partner_id,
	    const char *customer_id, struct page *pg, struct sub_view **out,
	    size_t *n, bool *flexible_billing, struct discount_status *discount);
/*
 * A page of every customer's subscriptions that are not "none" (a limited
 * user's customers only), by customer name then service, narrowed to
 * some customers (at most SUB_FILTER_IDS_MAX), to trials and terms
 * ending within ending_within days (1-366; -1 for no such limit) and to
 * a state ("trial", "prepaid", "payg", "expired"; NULL or "" for all).
 */
struct sub_query {
	const char *const	*customer_ids;
	size_t			 ncustomers;
	long long		 ending_within;
	const char		*state;
};
int	sub_list_partner(struct app *app, const char *partner_id,
	    const struct sub_query *q, struct page *pg, struct sub_view **out,
	    size_t *n);
/* The view of one service for one customer (after a change). */
int	sub_view_one(struct app *app, const char *partner_id,
	    const char *customer_id, const char *service_key,
	    struct sub_view *out);

int	sub_trial_start(struct app *app, const char *partner_id,
	    const char *customer_id, const char *service_key);
/* *granted describes the code that was used. */
int	sub_code_redeem(struct app *app, const char *partner_id,
	    const char *customer_id, const char *code,
	    struct activation_code *granted);
int	sub_payg_start(struct app *app, const char *partner_id,
	    const char *customer_id, const char *service_key,
	    long long seats);
int	sub_payg_seats(struct app *app, const char *partner_id,
	    const char *customer_id, const char *service_key,
	    long long seats);
int	sub_payg_cancel(struct app *app, const char *partner_id,
	    const char *customer_id, const char *service_key);
/*
 * Cancel every running subscription of the customer (the customer, or the
 * company console whose own record it is, is being deleted, or was deleted
 * by an older version that left them running: deletion_subs_run()):
 * pay-as-you-go periods closed now, trials and prepaid terms end today (or
 * keep an end that has already passed); each audited as event
 * ("cancelled_with_customer", "cancelled_with_company"), why in its detail,
 * with its subscription.changed event. Inside the caller's transaction; *n
 * cancelled.
 */
int	sub_cancel_all(struct app *app, const char *partner_id,
	    const char *customer_id, const char *event, const char *why,
	    size_t *n);

/* ---- OMS orders ---------------------------------------------------------- */

/* Issue count codes (written form in (*codes)[i]) for one order. */
int	sub_order_create(struct app *app, const char *partner_id,
	    const char *service_key, long long seats, long long months,
	    long long count, char **order_id, char ***codes);

/*
 * Subscription events of the partner's customers (one customer's when
 * customer_id is not NULL), oldest first; limited users see only their
 * customers'.
 */
int	sub_events(struct app *app, const char *partner_id,
	    const char *customer_id, struct page *pg, struct sub_event **out,
	    size_t *n);

/* ---- the daily job ----------------------------------------------------------- */

/*
 * Expire trials and terms that ended and record "ending soon" and
 * "ended" events. Runs at most once per UTC day across all servers
 * (*ran false when another run already had today); safe to call often.
 */
int	sub_daily(struct app *app, const char *runner, bool *ran,
	    size_t *expired, size_t *events);

#endif
