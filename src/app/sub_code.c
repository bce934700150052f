/*
 * sub_code.c - activation codes: issuing them for OMS orders and redeeming
 * them on a customer; see subscription.h.
 */

#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/sub_int.h"
#include "app/subscription.h"
#include "core/arena.h"
#include "core/err.h"
#include "app/principal.h"
#include "core/actcode.h"
#include "core/dates.h"
#include "core/rand.h"
#include "store/store.h"
#include "store/store_subscription.h"

static int
code_refused(struct app *app, const char *bucket, int status,
    const char *code, enum msg_id msg)
{
	struct err	tmp;
	long long	hits;
	int64_t		start;

	err_clear(&tmp);
	(void)store_ratelimit_hit(app->st, bucket, app->now, SUB_CODE_WINDOW,
	    &hits, &start, &tmp);
	return (err_set(app->e, status, code, msg));
}

int
sub_code_redeem(struct app *app, const char *partner_id,
    const char *customer_id, const char *code,
    struct activation_code *granted)
{
	struct activation_code	 c;
	struct service		 svc;
	struct subscription	 s, n;
	struct err		 tmp;
	const char		*bucket, *day;
	char			*canon, *end;
	long long		 hits;
	int64_t			 start;
	bool			 have;
	long			 retry;
	int			 rc;

	if ((rc = record_access(app, partner_id, customer_id, true,
	    NULL)) != ST_OK)
		return (rc);
	if (code == NULL || *code == '\0')
		return (err_field(app->e, "code", M_REQUIRED));
	switch (actcode_read(app->a, code, &canon)) {
	case ACTCODE_OK:
		break;
	case ACTCODE_TYPO:
		return (err_field(app->e, "code", M_CODE_TYPO));
	default:
		return (err_field(app->e, "code", M_CODE_FORMAT));
	}
	bucket = arena_printf(app->a, "redeem:%s", partner_id);
	if ((rc = store_ratelimit_peek(app->st, bucket, app->now,
	    SUB_CODE_WINDOW, &hits, &start, app->e)) != ST_OK)
		return (rc);
	if (hits >= SUB_CODE_TRIES) {
		retry = (long)(start + SUB_CODE_WINDOW - app->now);
		app->e->retry_after = retry < 1 ? 1 : retry;
		app_audit(app, partner_id, customer_id, "subscription",
		    "code_redeem", "failure", "rate limited");
		return (err_setn(app->e, ST_RATE_LIMITED, "rate_limited",
		    M_CODE_RATE_LIMITED, app->e->retry_after));
	}

	/* Unknown and another partner's look the same, in the same time. */
	err_clear(&tmp);
	rc = store_code_by_hash(app->st, app->a, token_hash(app->a, canon),
	    &c, &tmp);
	if (rc == ST_NOT_FOUND || (rc == ST_OK &&
	    strcmp(c.partner_id, partner_id) != 0)) {
		app_audit(app, partner_id, customer_id, "subscription",
		    "code_redeem", "failure", "unknown code");
		return (code_refused(app, bucket, ST_NOT_FOUND,
		    "code_not_found", M_CODE_NOT_FOUND));
	}
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	if (c.redeemed_at != 0) {
		app_audit(app, partner_id, customer_id, "subscription",
		    "code_redeem", "failure", arena_printf(app->a,
		    "code ...%s already used", c.hint));
		return (code_refused(app, bucket, ST_CONFLICT, "code_used",
		    M_CODE_USED));
	}

	if ((rc = sub_change_begin(app, partner_id, customer_id, c.service_key,
	    false, &svc, &s, &have)) != ST_OK)
		return (rc);
	rc = store_code_redeem(app->st, partner_id, c.id, customer_id,
	    principal_login_id(app->who), app->now, app->e);
	if (rc == ST_CONFLICT) {
		store_tx_rollback(app->st);
		return (code_refused(app, bucket, ST_CONFLICT, "code_used",
		    M_CODE_USED));
	}
	if (rc != ST_OK)
		goto fail;
	day = sub_today(app);
	memset(&n, 0, sizeof(n));
	n.customer_id = customer_id;
	n.service_key = svc.key;
	n.kind = "prepaid";
	n.status = "active";
	n.trial_started_on = have ? s.trial_started_on : NULL;
	n.trial_ends_on = have ? s.trial_ends_on : NULL;
	end = arena_alloc(app->a, 11);
	if (have && strcmp(s.kind, "prepaid") == 0 &&
	    strcmp(s.status, "active") == 0 && !sub_ended(&s, day)) {
		/* Extend the running term. */
		n.starts_on = s.starts_on;
		n.seats = s.seats > c.seats ? s.seats : c.seats;
		if (!date_add_months(s.ends_on, (int)c.months, end)) {
			rc = err_internal(app->e, "bad end date %s",
			    s.ends_on);
			goto fail;
		}
	} else {
		n.starts_on = day;
		n.seats = c.seats;
		if (!date_add_months(day, (int)c.months, end)) {
			rc = err_internal(app->e, "bad date %s", day);
			goto fail;
		}
	}
	n.ends_on = end;
	if (have && strcmp(s.kind, "payg") == 0 &&
	    strcmp(s.status, "active") == 0 &&
	    (rc = store_payg_close(app->st, partner_id, customer_id, svc.key,
	    app->now, app->e)) != ST_OK)
		goto fail;
	if ((rc = sub_change_commit(app, partner_id, &n, "code_redeemed",
	    arena_printf(app->a, "code ...%s: %s, %lld seats, %lld months;"
	    " now %lld seats until %s", c.hint, svc.key, c.seats, c.months,
	    n.seats, end))) != ST_OK)
		return (rc);
	*granted = c;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
sub_order_create(struct app *app, const char *partner_id,
    const char *service_key, long long seats, long long months,
    long long count, char **order_id, char ***codes)
{
	struct service	  svc;
	struct oms_order  o;
	struct tenant	  t;
	const char	**hashes, **hints;
	char		**written, *canon;
	long long	  i;
	int		  rc;

	/* An order of a partner (for its customers) or of a company
	 * console (for itself). */
	if ((rc = tenant_scope(app, partner_id, true, &t)) != ST_OK ||
	    (rc = whole_account(app, partner_id)) != ST_OK)
		return (rc);
	rc = store_service_get(app->st, app->a, service_key ? service_key :
	    "", &svc, app->e);
	if (rc == ST_NOT_FOUND) {
		err_clear(app->e);
		sub_unknown_service(app);
	} else if (rc != ST_OK)
		return (rc);
	if (seats < 1 || seats > SUB_SEATS_MAX)
		err_fieldn(app->e, "seats", seats < 1 ? M_TOO_SMALL :
		    M_TOO_BIG, seats < 1 ? 1 : SUB_SEATS_MAX);
	if (months < 1 || months > SUB_MONTHS_MAX)
		err_fieldn(app->e, "months", months < 1 ? M_TOO_SMALL :
		    M_TOO_BIG, months < 1 ? 1 : SUB_MONTHS_MAX);
	if (count < 1 || count > SUB_ORDER_CODES_MAX)
		err_fieldn(app->e, "count", count < 1 ? M_TOO_SMALL :
		    M_TOO_BIG, count < 1 ? 1 : SUB_ORDER_CODES_MAX);
	if (app->e->status != ST_OK)
		return (app->e->status);

	written = arena_calloc(app->a, (size_t)count + 1, sizeof(*written));
	hashes = arena_calloc(app->a, (size_t)count, sizeof(*hashes));
	hints = arena_calloc(app->a, (size_t)count, sizeof(*hints));
	for (i = 0; i < count; i++) {
		written[i] = actcode_new(app->a);
		if (actcode_read(app->a, written[i], &canon) != ACTCODE_OK)
			return (err_internal(app->e, "generated a bad code"));
		hashes[i] = token_hash(app->a, canon);
		hints[i] = written[i] + ACTCODE_TEXT - 5;
	}
	memset(&o, 0, sizeof(o));
	o.service_key = svc.key;
	o.seats = seats;
	o.months = months;
	o.count = count;
	o.created_at = app->now;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_order_create(app->st, partner_id, app->a, &o, hashes,
	    hints, order_id, app->e)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, partner_id, NULL, "subscription",
	    "order_created", "success", arena_printf(app->a,
	    "order %s: %lld code(s), %s, %lld seats, %lld months", *order_id,
	    count, svc.key, seats, months))) != ST_OK)
		goto fail;
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	*codes = written;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}
