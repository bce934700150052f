/*
 * discount.h - segment discounts (SPEC section 6).
 *
 * A partner applies for a segment discount (education, government,
 * not-for-profit) when it creates a customer; the application is due for
 * review within DISCOUNT_REVIEW_DAYS business days (weekends excluded) and
 * the partner's whole-account admins are e-mailed that it was received.
 * The operator approves or rejects it once, with a note; an approval fixes
 * the segment's rate in force, and the customer's pay-as-you-go prices
 * fall by it from the day of approval. Decisions are e-mailed too. The
 * review functions are the operator's only (access.h: operator_access).
 */
#ifndef STEWARD_DISCOUNT_H
#define STEWARD_DISCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct app;

#define DISCOUNT_NOTE_MAX	1000

/* The segment keys, NULL-terminated. */
extern const char *const segment_keys[];

/*
 * File an application for a new customer (inside the caller's
 * transaction): stored with its due day, and the partner told by e-mail.
 */
int	discount_apply(struct app *app, const char *partner_id,
	    const char *customer_id, const char *company, const char *segment);

/* A customer's discount as its pages show it. */
struct discount_status {
	bool		 present;
	const char	*segment;
	const char	*status;	/* pending approved rejected */
	long long	 percent;	/* -1 unless approved */
	const char	*since;		/* approval day, or NULL */
};

/*
 * The customer's latest application; *percent is the discount its prices
 * get (0 unless approved).
 */
int	discount_status(struct app *app, const char *partner_id,
	    const char *customer_id, struct discount_status *d,
	    long long *percent);

/* Whether an application waits past its due day (at now). */
bool	discount_overdue(const struct discount_application *d, int64_t now);

/*
 * A page of the applications of every partner (or of partner_id, a
 * partner's discount history) by due day; status "pending", "approved",
 * "rejected" or NULL/"all" for every one (field "status" otherwise).
 */
int	discount_queue(struct app *app, const char *status,
	    const char *partner_id, struct page *pg,
	    struct discount_review **out, size_t *n);
int	discount_review(struct app *app, const char *id,
	    struct discount_review *out);
/*
 * Decide ("approve" | "reject") a pending application, with an optional
 * note (at most DISCOUNT_NOTE_MAX characters, line breaks allowed). The
 * decision, its audit record and the e-mail to the partner's admins are
 * one transaction. ST_CONFLICT (code "already_decided") when it has been
 * decided already.
 */
int	discount_decide(struct app *app, const char *id, const char *decision,
	    const char *note);

/* The rates by segment, and setting one (0-100, used by later
 * approvals). */
int	segment_rates_list(struct app *app, struct page *pg,
	    struct segment_rate **out, size_t *n);
int	segment_rate_set(struct app *app, const char *segment,
	    long long percent);

#endif
