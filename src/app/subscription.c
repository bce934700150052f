/*
 * subscription.c - subscriptions, codes, pay-as-you-go and the daily job;
 * see subscription.h for the rules.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app/access.h"
#include "app/discount.h"
#include "app/app.h"
#include "app/principal.h"
#include "app/subscription.h"
#include "core/actcode.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/page.h"
#include "core/money.h"
#include "core/rand.h"
#include "core/valid.h"

#define DAY	86400

static const char *
today(struct app *app)
{
	char	*d;

	d = arena_alloc(app->a, 11);
	date_of(app->now, d);
	return (d);
}

static const char *
days_after(struct app *app, const char *d, long long n)
{
	char	*out;

	out = arena_alloc(app->a, 11);
	if (!date_add_days(d, n, out))
		return (NULL);
	return (out);
}

/* Whether an active trial or prepaid term has reached its end day. */
static bool
ended(const struct subscription *s, const char *day)
{
	return (s->ends_on != NULL && strcmp(s->ends_on, day) <= 0);
}

/* Whether s is a paid subscription that is running today. */
static bool
paid_running(const struct subscription *s, const char *day)
{
	if (strcmp(s->status, "active") != 0)
		return (false);
	if (strcmp(s->kind, "payg") == 0)
		return (true);
	return (strcmp(s->kind, "prepaid") == 0 && !ended(s, day));
}

static int
unknown_service(struct app *app)
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
static const struct approved_discount *
discount_of(const struct approved_discount *ads, size_t n,
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
	if (strcmp(s->status, "active") == 0 && !ended(s, day)) {
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

	if ((rc = customer_access(app, partner_id, customer_id, false,
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
	day = today(app);
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
	return (ST_OK);
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
	view_fill(out, &svc, rc == ST_OK ? &s : NULL, today(app),
	    percent);
	out->customer_id = customer_id;
	return (ST_OK);
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
	day = today(app);
	memset(&f, 0, sizeof(f));
	f.scoped_login = scoped;
	f.customer_ids = q->customer_ids;
	f.ncustomers = q->ncustomers;
	if (q->ending_within != -1) {
		f.after = day;
		f.until = days_after(app, day, q->ending_within);
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
		ad = discount_of(ads, nads, subs[i].customer_id);
		view_fill(&(*out)[k++], &svc[j], &subs[i], day,
		    ad != NULL ? ad->percent : 0);
	}
	*n = k;
	return (ST_OK);
}

/* ---- changes -------------------------------------------------------------- */

/*
 * Begin a change of one customer's subscription to one service: check
 * access, find the service, lock the customer and read the current row
 * (*have false when there is none). On success a transaction is open.
 */
static int
change_begin(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key, bool path_service,
    struct service *svc, struct subscription *s, bool *have)
{
	int	rc;

	if ((rc = customer_access(app, partner_id, customer_id, true,
	    NULL)) != ST_OK)
		return (rc);
	if (service_key == NULL || *service_key == '\0')
		return (err_field(app->e, "service", M_REQUIRED));
	rc = store_service_get(app->st, app->a, service_key, svc, app->e);
	if (rc == ST_NOT_FOUND) {
		err_clear(app->e);
		return (path_service ? err_set(app->e, ST_NOT_FOUND,
		    "not_found", M_NOT_FOUND) : unknown_service(app));
	}
	if (rc != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_sub_lock(app->st, partner_id, customer_id,
	    app->e)) != ST_OK)
		goto fail;
	rc = store_sub_get(app->st, partner_id, customer_id, service_key,
	    app->a, s, app->e);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		goto fail;
	*have = rc == ST_OK;
	err_clear(app->e);
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* Write s, audit, commit (or roll back on any failure). */
static int
change_commit(struct app *app, const char *partner_id,
    const struct subscription *s, const char *event, const char *detail)
{
	int	rc;

	if ((rc = store_sub_put(app->st, partner_id, s, app->now,
	    app->e)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, partner_id, s->customer_id, "subscription",
	    event, "success", detail)) != ST_OK)
		goto fail;
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
sub_trial_start(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key)
{
	struct service		svc;
	struct subscription	s, n;
	const char		*day, *end;
	bool			have;
	int			rc;

	if ((rc = change_begin(app, partner_id, customer_id, service_key,
	    false, &svc, &s, &have)) != ST_OK)
		return (rc);
	day = today(app);
	if (have && s.trial_started_on != NULL) {
		rc = err_conflict(app->e, "trial_used", M_TRIAL_USED, NULL);
		goto fail;
	}
	if (have && paid_running(&s, day)) {
		rc = err_conflict(app->e, "already_subscribed",
		    M_ALREADY_SUBSCRIBED, NULL);
		goto fail;
	}
	end = days_after(app, day, svc.trial_days);
	memset(&n, 0, sizeof(n));
	n.customer_id = customer_id;
	n.service_key = svc.key;
	n.kind = "trial";
	n.status = "active";
	n.seats = svc.trial_seats;
	n.starts_on = day;
	n.ends_on = end;
	n.trial_started_on = day;
	n.trial_ends_on = end;
	return (change_commit(app, partner_id, &n, "trial_started",
	    arena_printf(app->a, "%s: %lld seats until %s", svc.key,
	    svc.trial_seats, end)));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

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

	if ((rc = customer_access(app, partner_id, customer_id, true,
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

	if ((rc = change_begin(app, partner_id, customer_id, c.service_key,
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
	day = today(app);
	memset(&n, 0, sizeof(n));
	n.customer_id = customer_id;
	n.service_key = svc.key;
	n.kind = "prepaid";
	n.status = "active";
	n.trial_started_on = have ? s.trial_started_on : NULL;
	n.trial_ends_on = have ? s.trial_ends_on : NULL;
	end = arena_alloc(app->a, 11);
	if (have && strcmp(s.kind, "prepaid") == 0 &&
	    strcmp(s.status, "active") == 0 && !ended(&s, day)) {
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
	if ((rc = change_commit(app, partner_id, &n, "code_redeemed",
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

static int
seats_check(struct app *app, long long seats)
{
	if (seats < 1)
		return (err_fieldn(app->e, "seats", M_TOO_SMALL, 1));
	if (seats > SUB_SEATS_MAX)
		return (err_fieldn(app->e, "seats", M_TOO_BIG, SUB_SEATS_MAX));
	return (ST_OK);
}

int
sub_payg_start(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key, long long seats)
{
	struct account		acct;
	struct service		svc;
	struct subscription	s, n;
	const char		*day;
	bool			have;
	int			rc;

	if ((rc = customer_access(app, partner_id, customer_id, true,
	    NULL)) != ST_OK)
		return (rc);
	if ((rc = seats_check(app, seats)) != ST_OK)
		return (rc);
	if ((rc = store_account_get(app->st, partner_id, app->a, &acct,
	    app->e)) != ST_OK)
		return (rc);
	if (!acct.flexible_billing)
		return (err_conflict(app->e, "flexible_billing_off",
		    M_FLEXIBLE_OFF, NULL));
	if ((rc = change_begin(app, partner_id, customer_id, service_key,
	    false, &svc, &s, &have)) != ST_OK)
		return (rc);
	day = today(app);
	if (have && paid_running(&s, day)) {
		rc = err_conflict(app->e, "already_subscribed",
		    M_ALREADY_SUBSCRIBED, NULL);
		goto fail;
	}
	memset(&n, 0, sizeof(n));
	n.customer_id = customer_id;
	n.service_key = svc.key;
	n.kind = "payg";
	n.status = "active";
	n.seats = seats;
	n.starts_on = day;
	n.trial_started_on = have ? s.trial_started_on : NULL;
	n.trial_ends_on = have ? s.trial_ends_on : NULL;
	if ((rc = store_payg_open(app->st, partner_id, customer_id, svc.key,
	    seats, app->now, app->a, app->e)) != ST_OK)
		goto fail;
	return (change_commit(app, partner_id, &n, "payg_started",
	    arena_printf(app->a, "%s: %lld seats", svc.key, seats)));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* Begin a change that needs an active pay-as-you-go subscription. */
static int
payg_begin(struct app *app, const char *partner_id, const char *customer_id,
    const char *service_key, struct service *svc, struct subscription *s)
{
	bool	have;
	int	rc;

	if ((rc = change_begin(app, partner_id, customer_id, service_key,
	    true, svc, s, &have)) != ST_OK)
		return (rc);
	if (!have || strcmp(s->kind, "payg") != 0 ||
	    strcmp(s->status, "active") != 0) {
		store_tx_rollback(app->st);
		return (err_conflict(app->e, "not_payg", M_NOT_PAYG, NULL));
	}
	return (ST_OK);
}

int
sub_payg_seats(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key, long long seats)
{
	struct service		svc;
	struct subscription	s;
	long long		was;
	int			rc;

	if ((rc = customer_access(app, partner_id, customer_id, true,
	    NULL)) != ST_OK)
		return (rc);
	if ((rc = seats_check(app, seats)) != ST_OK)
		return (rc);
	if ((rc = payg_begin(app, partner_id, customer_id, service_key, &svc,
	    &s)) != ST_OK)
		return (rc);
	if (s.seats == seats) {
		store_tx_rollback(app->st);
		return (ST_OK);
	}
	was = s.seats;
	if ((rc = store_payg_close(app->st, partner_id, customer_id, svc.key,
	    app->now, app->e)) != ST_OK ||
	    (rc = store_payg_open(app->st, partner_id, customer_id, svc.key,
	    seats, app->now, app->a, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	s.seats = seats;
	return (change_commit(app, partner_id, &s, "payg_seats",
	    arena_printf(app->a, "%s: %lld -> %lld seats", svc.key, was,
	    seats)));
}

int
sub_payg_cancel(struct app *app, const char *partner_id,
    const char *customer_id, const char *service_key)
{
	struct service		svc;
	struct subscription	s;
	char			*day;
	int			rc;

	if ((rc = payg_begin(app, partner_id, customer_id, service_key, &svc,
	    &s)) != ST_OK)
		return (rc);
	if ((rc = store_payg_close(app->st, partner_id, customer_id, svc.key,
	    app->now, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	day = arena_alloc(app->a, 11);
	date_of(app->now, day);
	s.status = "cancelled";
	s.ends_on = day;
	return (change_commit(app, partner_id, &s, "payg_cancelled",
	    arena_printf(app->a, "%s: %lld seats", svc.key, s.seats)));
}

/* ---- OMS orders ------------------------------------------------------------ */

int
sub_order_create(struct app *app, const char *partner_id,
    const char *service_key, long long seats, long long months,
    long long count, char **order_id, char ***codes)
{
	struct service	  svc;
	struct oms_order  o;
	const char	**hashes, **hints;
	char		**written, *canon;
	long long	  i;
	int		  rc;

	if ((rc = partner_access(app, partner_id, true)) != ST_OK)
		return (rc);
	rc = store_service_get(app->st, app->a, service_key ? service_key :
	    "", &svc, app->e);
	if (rc == ST_NOT_FOUND) {
		err_clear(app->e);
		unknown_service(app);
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

/* ---- usage ------------------------------------------------------------------ */

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
 * the last one effective on or before it, else the service's first.
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
		if (found == NULL || strcmp(pr[i].effective_on, day) <= 0)
			found = &pr[i];
		if (strcmp(pr[i].effective_on, day) > 0)
			break;
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
		if ((ad = discount_of(ads, nads, p[i].customer_id)) != NULL) {
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
			pr = price_on(prices, nprices, svc[k].key, day_s);
			if (pr == NULL)
				return (err_internal(app->e, "no price for %s",
				    svc[k].key));
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
			r->currency = b[x].price->currency;
			r->price_micros = b[x].price->price_micros;
			r->seat_days = b[x].seat_days;
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

int
sub_daily(struct app *app, const char *runner, bool *ran, size_t *expired,
    size_t *events)
{
	struct subscription	*s;
	const char		*day, *kind;
	size_t			 n, i;
	bool			 claimed, changed, added;
	int			 rc;

	*ran = false;
	*expired = *events = 0;
	day = today(app);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_job_claim(app->st, "subscriptions", day, app->now,
	    runner, &claimed, app->e)) != ST_OK)
		goto fail;
	if (!claimed) {
		store_tx_rollback(app->st);
		return (ST_OK);
	}
	/* Ended: the end day has come. */
	if ((rc = store_sub_ending(app->st, days_after(app, day, 1), app->a,
	    &s, &n, app->e)) != ST_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((rc = store_sub_expire(app->st, &s[i], app->now, &changed,
		    app->e)) != ST_OK)
			goto fail;
		if (!changed)
			continue;
		(*expired)++;
		kind = strcmp(s[i].kind, "trial") == 0 ? "trial_ended" :
		    "term_ended";
		if ((rc = store_sub_event(app->st, s[i].partner_id,
		    s[i].customer_id, s[i].service_key, kind, s[i].ends_on,
		    app->now, app->a, &added, app->e)) != ST_OK)
			goto fail;
		*events += added;
		if ((rc = app_audit(app, s[i].partner_id, s[i].customer_id,
		    "subscription", kind, "success", arena_printf(app->a,
		    "%s: %s ended on %s", s[i].service_key, s[i].kind,
		    s[i].ends_on))) != ST_OK)
			goto fail;
	}
	/* Ending soon: within SUB_ENDING_DAYS, once per term end. */
	if ((rc = store_sub_ending(app->st, days_after(app, day,
	    SUB_ENDING_DAYS + 1), app->a, &s, &n, app->e)) != ST_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if (strcmp(s[i].ends_on, day) <= 0)
			continue;
		kind = strcmp(s[i].kind, "trial") == 0 ? "trial_ending" :
		    "term_ending";
		if ((rc = store_sub_event(app->st, s[i].partner_id,
		    s[i].customer_id, s[i].service_key, kind, s[i].ends_on,
		    app->now, app->a, &added, app->e)) != ST_OK)
			goto fail;
		*events += added;
	}
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	*ran = true;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}
