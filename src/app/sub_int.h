/*
 * sub_int.h - what the subscription files (subscription.c, sub_change.c,
 * sub_code.c, sub_daily.c, usage.c) share: the rules of what a
 * subscription is on a given day, and the frame of every change.
 */
#ifndef STEWARD_SUB_INT_H
#define STEWARD_SUB_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "store/store_subscription.h"

struct app;

#define DAY	86400

/* Today's UTC day ("YYYY-MM-DD"), and the day n days after d (NULL when
 * out of range), in the app's arena. */
const char	*sub_today(struct app *app);
const char	*sub_days_after(struct app *app, const char *d, long long n);
/* Whether an active trial or prepaid term has reached its end day. */
bool		 sub_ended(const struct subscription *s, const char *day);
/* Whether s is a paid subscription that is running on day. */
bool		 sub_paid_running(const struct subscription *s,
		    const char *day);
/* The field error for a service key that is not in the catalogue. */
int		 sub_unknown_service(struct app *app);
/* The approved discount of one customer among ads (sorted by customer
 * id, as store_discounts_approved() gives them), or NULL. */
const struct approved_discount *sub_discount_of(
		    const struct approved_discount *ads, size_t n,
		    const char *customer_id);

/*
 * Begin a change of one customer's subscription to one service: check
 * access, find the service, lock the customer and read the current row
 * (*have false when there is none). On success a transaction is open.
 */
int	sub_change_begin(struct app *app, const char *partner_id,
	    const char *customer_id, const char *service_key,
	    bool path_service, struct service *svc, struct subscription *s,
	    bool *have);
/* Write s, audit (category "subscription", event and detail), check its
 * alerts and seats, emit subscription.changed: inside the caller's
 * transaction. */
int	sub_change_write(struct app *app, const char *partner_id,
	    const struct subscription *s, const char *event,
	    const char *detail);
/* Write s, audit (category "subscription", event and detail), commit; or
 * roll back on any failure. */
int	sub_change_commit(struct app *app, const char *partner_id,
	    const struct subscription *s, const char *event,
	    const char *detail);

#endif
