/*
 * store_subscription.h - the operator's service catalogue, customers'
 * subscriptions, OMS orders and their activation codes, subscription
 * events and the daily jobs' claims (store_service.c, store_subscription.c,
 * store_code.c, store_sub_event.c).
 *
 * The same conventions as store.h (which this includes).
 */
#ifndef STEWARD_STORE_SUBSCRIPTION_H
#define STEWARD_STORE_SUBSCRIPTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* ---- services, subscriptions, activation codes ------------------------- */

/*
 * The operator's catalogue is global data (no account parameter); what
 * customers hold is per partner. Dates are "YYYY-MM-DD" UTC days.
 */
struct service {
	const char	*key;
	const char	*name;
	long long	 trial_days;
	long long	 trial_seats;
	int64_t		 price_micros;	/* pay-as-you-go, per seat per day */
	const char	*currency;
	long long	 position;
	int64_t		 created_at;
	int64_t		 updated_at;
};

/* A page of the catalogue, in its order (keys: position, key). */
int	store_service_list(struct store *st, struct arena *a, struct page *pg,
	    struct service **out, size_t *n, struct err *e);
int	store_service_get(struct store *st, struct arena *a, const char *key,
	    struct service *out, struct err *e);
/* Add (ST_CONFLICT when the key exists) or replace every field of one. */
int	store_service_add(struct store *st, const struct service *s,
	    struct err *e);
int	store_service_update(struct store *st, const struct service *s,
	    struct err *e);

/*
 * Move a service's creation, last change and first price (its earliest
 * price row) back to when: for data that tells of a past (the demo).
 */
int	store_service_backdate(struct store *st, const char *key, int64_t when,
	    const char *day, struct err *e);

/* A service's price from a day on (replacing one set for that day). */
int	store_service_price_set(struct store *st, const char *service_key,
	    const char *effective_on, int64_t price_micros,
	    const char *currency, int64_t now, struct err *e);

struct service_price {
	const char	*service_key;
	const char	*effective_on;
	int64_t		 price_micros;
	const char	*currency;
	int64_t		 created_at;	/* when it was set (history only) */
};

/* A page of one service's prices, newest day first (key: effective_on). */
int	store_service_price_history(struct store *st, const char *service_key,
	    struct arena *a, struct page *pg, struct service_price **out,
	    size_t *n, struct err *e);
/* Every price in force on some day before `until`, by service and day. */
int	store_service_prices(struct store *st, const char *until,
	    struct arena *a, struct service_price **out, size_t *n,
	    struct err *e);

struct subscription {
	const char	*customer_id;
	const char	*service_key;
	const char	*partner_id;
	const char	*kind;		/* trial | prepaid | payg */
	const char	*status;	/* active | expired | cancelled */
	long long	 seats;
	const char	*starts_on;
	const char	*ends_on;	/* NULL for payg */
	const char	*trial_started_on;	/* NULL: no trial yet */
	const char	*trial_ends_on;
	int64_t		 created_at;
	int64_t		 updated_at;
	const char	*customer_name;	/* filled by list calls */
};

/*
 * Serialise changes to one customer's subscriptions: inside a write
 * transaction, later callers wait here until it ends (a row lock on
 * PostgreSQL; SQLite's write transaction already is one).
 */
int	store_sub_lock(struct store *st, const char *partner_id,
	    const char *customer_id, struct err *e);
/* One customer's subscriptions. */
int	store_sub_list(struct store *st, const char *partner_id,
	    const char *customer_id, struct arena *a,
	    struct subscription **out, size_t *n, struct err *e);

/* Every customer's subscriptions, narrowed (every member optional). */
struct sub_filter {
	const char		 *scoped_login;	/* that login's customers only */
	const char *const	 *customer_ids;	/* these customers only */
	size_t			  ncustomers;	/* at most SUB_FILTER_IDS_MAX */
	const char		 *after;	/* with until: active trials */
	const char		 *until;	/* and terms ending in (after, until] */
	const char		 *state;	/* trial prepaid payg expired */
	const char		 *today;	/* the day the state is seen on */
};
#define SUB_FILTER_IDS_MAX	200

/* A page of them by customer name and service (keys: customer sort key,
 * customer id, service key). */
int	store_sub_find(struct store *st, const char *partner_id,
	    const struct sub_filter *f, struct arena *a, struct page *pg,
	    struct subscription **out, size_t *n, struct err *e);
int	store_sub_get(struct store *st, const char *partner_id,
	    const char *customer_id, const char *service_key, struct arena *a,
	    struct subscription *out, struct err *e);
/* Insert or replace the row of (customer, service). */
int	store_sub_put(struct store *st, const char *partner_id,
	    const struct subscription *s, int64_t now, struct err *e);

/* Pay-as-you-go seat periods [start_at, end_at); end_at 0 while open. */
struct payg_period {
	const char	*customer_id;
	const char	*customer_name;
	const char	*service_key;
	long long	 seats;
	int64_t		 start_at;
	int64_t		 end_at;
};

int	store_payg_open(struct store *st, const char *partner_id,
	    const char *customer_id, const char *service_key, long long seats,
	    int64_t start_at, struct arena *a, struct err *e);
/* Close the open period (if any) at end_at. */
int	store_payg_close(struct store *st, const char *partner_id,
	    const char *customer_id, const char *service_key, int64_t end_at,
	    struct err *e);
/* Every period of the partner overlapping [from, to), by customer name,
 * customer, service and start. */
int	store_payg_between(struct store *st, const char *partner_id,
	    int64_t from, int64_t to, struct arena *a,
	    struct payg_period **out, size_t *n, struct err *e);

struct approved_discount {
	const char	*customer_id;
	long long	 percent;
	int64_t		 since;		/* approval time */
};

/* Every approved discount of the partner's customers, sorted by customer
 * id in strcmp() order (the latest approval of each). */
int	store_discounts_approved(struct store *st, const char *partner_id,
	    struct arena *a, struct approved_discount **out, size_t *n,
	    struct err *e);

/* An approved segment discount of a customer: percent and approval time
 * (ST_NOT_FOUND when none is approved). */
int	store_discount_approved(struct store *st, const char *partner_id,
	    const char *customer_id, long long *percent, int64_t *since,
	    struct err *e);

struct oms_order {
	const char	*id;
	const char	*partner_id;
	const char	*service_key;
	long long	 seats;
	long long	 months;
	long long	 count;
	int64_t		 created_at;
};

struct activation_code {
	const char	*id;
	const char	*order_id;
	const char	*partner_id;
	const char	*service_key;
	long long	 seats;
	long long	 months;
	const char	*hint;
	int64_t		 created_at;
	int64_t		 redeemed_at;	/* 0: not yet */
	const char	*customer_id;	/* who redeemed it */
};

/* An order and its codes (hashes[i], hints[i]); *id is the order's id. */
int	store_order_create(struct store *st, const char *partner_id,
	    struct arena *a, const struct oms_order *o,
	    const char *const *hashes, const char *const *hints, char **id,
	    struct err *e);
/*
 * The code stored under hash, whichever partner it was issued to (the
 * caller compares partner_id and answers "not found" for another's).
 */
int	store_code_by_hash(struct store *st, struct arena *a,
	    const char *hash, struct activation_code *out, struct err *e);
/* Mark a code used; ST_CONFLICT when it already was. */
int	store_code_redeem(struct store *st, const char *partner_id,
	    const char *code_id, const char *customer_id, const char *login_id,
	    int64_t now, struct err *e);

/* ---- subscription events and daily jobs -------------------------------- */

/*
 * Trials and prepaid terms still active whose end is before `until`
 * (exclusive), across all partners: what the daily job looks at. Those of
 * a deleted customer or account are left out (deleting cancels them; a
 * deleted record raises no alert and sends no event while it waits for
 * its purge).
 */
int	store_sub_ending(struct store *st, const char *until,
	    struct arena *a, struct subscription **out, size_t *n,
	    struct err *e);
/* Mark one subscription expired if it still is what s says it is. */
int	store_sub_expire(struct store *st, const struct subscription *s,
	    int64_t now, bool *changed, struct err *e);
/* Record an event once per (customer, service, kind, day). */
int	store_sub_event(struct store *st, const char *partner_id,
	    const char *customer_id, const char *service_key, const char *kind,
	    const char *on_date, int64_t now, struct arena *a, bool *added,
	    struct err *e);

struct sub_event {
	const char	*id;
	const char	*customer_id;
	const char	*service_key;
	const char	*kind;
	const char	*on_date;
	int64_t		 created_at;
};

/* Events of one customer (customer_id) or of all, narrowed to
 * scoped_login's customers when that is not NULL; oldest first. */
int	store_sub_events(struct store *st, const char *partner_id,
	    const char *customer_id, const char *scoped_login, struct arena *a,
	    struct page *pg, struct sub_event **out, size_t *n,
	    struct err *e);

/*
 * Claim today's run of a daily job: *claimed is true for exactly one
 * caller per day across every worker and server (a conditional update of
 * job_runs, in the caller's transaction).
 */
int	store_job_claim(struct store *st, const char *name, const char *today,
	    int64_t now, const char *runner, bool *claimed, struct err *e);

#endif
