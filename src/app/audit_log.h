/*
 * audit_log.h - reading an account's audit log (SPEC section 10): every
 * change and sign-in, with customer, category, event, detail, result,
 * origin, who and from where, narrowed by time (the last 30 days unless
 * asked otherwise), customer, category, user and IP. Writing it is
 * app_audit() (app.h).
 */
#ifndef STEWARD_AUDIT_LOG_H
#define STEWARD_AUDIT_LOG_H

#include <stddef.h>

#include "store/store.h"

struct app;
struct page;

#define AUDIT_DEFAULT_DAYS	30
#define AUDIT_CSV_MAX		100000	/* events in one download */

/* The filters as the caller gave them (every member optional). */
struct audit_query {
	const char	*from;		/* YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ */
	const char	*to;		/* a date counts in whole: up to its end */
	const char	*customer_id;
	const char	*category;
	const char	*user_id;
	const char	*ip;
};

/*
 * A page of account_id's events, newest first. Any role may read it; a
 * role limited to chosen customers sees only those customers' events (and
 * ST_NOT_FOUND for a customer_id it does not cover). Bad filters are
 * field errors named after the query parameter.
 */
int	audit_list(struct app *app, const char *account_id,
	    const struct audit_query *q, struct page *pg,
	    struct audit_event **out, size_t *n);

#endif
