/*
 * discount.c - segment discounts: applications filed with a new customer,
 * the operator's review, the rates, and what a customer's discount is;
 * see discount.h.
 */
#include <string.h>

#include <jansson.h>

#include "app/access.h"
#include "app/alert.h"
#include "app/app.h"
#include "app/settings.h"
#include "app/discount.h"
#include "app/mail.h"
#include "app/principal.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/page.h"
#include "core/text.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_subscription.h"

/* Business days the operator has to review a discount application. */
#define DISCOUNT_REVIEW_DAYS	5

const char *const segment_keys[] = { "education", "government", "nonprofit",
    NULL };

int
discount_apply(struct app *app, const char *partner_id,
    const char *customer_id, const char *company, const char *segment)
{
	struct discount_application	da;
	struct discount_notice		dn;
	char				due[11], *id;
	int				rc;

	memset(&da, 0, sizeof(da));
	da.customer_id = customer_id;
	da.segment = segment;
	da.applied_at = app->now;
	business_days_after(app->now, DISCOUNT_REVIEW_DAYS, due);
	da.due_on = due;
	if ((rc = store_discount_create(app->st, partner_id, app->a, &da, &id,
	    app->e)) != ST_OK)
		return (rc);
	/* The partner's admins hear of it (same transaction). */
	memset(&dn, 0, sizeof(dn));
	dn.company = company;
	dn.segment = da.segment;
	dn.due_on = da.due_on;
	return (mail_discount_received(app, partner_id, &dn));
}

bool
discount_overdue(const struct discount_application *d, int64_t now)
{
	char	today[11];

	date_of(now, today);
	return (strcmp(d->status, "pending") == 0 &&
	    strcmp(d->due_on, today) < 0);
}

int
discount_status(struct app *app, const char *partner_id,
    const char *customer_id, struct discount_status *d, long long *percent)
{
	struct discount_application	da;
	struct err			tmp;
	long long			pct;
	int64_t				since;
	char				*day;
	int				rc;

	memset(d, 0, sizeof(*d));
	d->percent = -1;
	*percent = 0;
	err_clear(&tmp);
	rc = store_discount_for_customer(app->st, partner_id, customer_id,
	    app->a, &da, &tmp);
	if (rc == ST_NOT_FOUND)
		return (ST_OK);
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	d->present = true;
	d->segment = da.segment;
	d->status = da.status;
	if (strcmp(da.status, "approved") != 0)
		return (ST_OK);		/* the rate only counts once approved */
	err_clear(&tmp);
	rc = store_discount_approved(app->st, partner_id, customer_id, &pct,
	    &since, &tmp);
	if (rc == ST_OK) {
		d->percent = pct;
		day = arena_alloc(app->a, 11);
		date_of(since, day);
		d->since = day;
		*percent = pct;
	} else if (rc != ST_NOT_FOUND) {
		*app->e = tmp;
		return (rc);
	}
	return (ST_OK);
}

int
discount_queue(struct app *app, const char *status, const char *partner_id,
    struct page *pg, struct discount_review **out, size_t *n)
{
	static const char *const statuses[] = { "pending", "approved",
	    "rejected", "all", NULL };
	const char	*op;
	int		 rc;

	if ((rc = operator_access(app, false, &op)) != ST_OK)
		return (rc);
	if (status != NULL && *status == '\0')
		status = NULL;
	if (status != NULL && valid_enum(app->a, app->e, "status", status,
	    statuses) != ST_OK)
		return (ST_INVALID);
	if (status != NULL && strcmp(status, "all") == 0)
		status = NULL;
	if (partner_id != NULL && *partner_id == '\0')
		partner_id = NULL;
	return (store_discount_queue(app->st, op, app->a, status, partner_id,
	    pg, out, n, app->e));
}

int
discount_review(struct app *app, const char *id, struct discount_review *out)
{
	const char	*op;
	int		 rc;

	if ((rc = operator_access(app, false, &op)) != ST_OK)
		return (rc);
	return (store_discount_review_get(app->st, op, app->a, id, out,
	    app->e));
}

/* A note: trimmed, valid UTF-8, line breaks allowed, bounded. */
static int
note_check(struct app *app, const char *in, const char **out)
{
	char	*t;
	size_t	 len;

	*out = "";
	if (in == NULL)
		return (ST_OK);
	len = strlen(in);
	if (!utf8_valid(in, len))
		return (err_field(app->e, "note", M_BAD_UTF8));
	if (text_has_control(in, len, true))
		return (err_field(app->e, "note", M_CONTROL_CHARS));
	t = text_trim(app->a, in);
	if (utf8_chars(t, strlen(t)) > DISCOUNT_NOTE_MAX)
		return (err_fieldn(app->e, "note", M_TOO_LONG,
		    DISCOUNT_NOTE_MAX));
	*out = t;
	return (ST_OK);
}

/* The partner's alert that its application was decided. */
static int
decided_alert(struct app *app, const struct discount_review *rv,
    const char *status, const char *note)
{
	struct alert_event	 ev;
	json_t			*data;

	memset(&ev, 0, sizeof(ev));
	ev.partner_id = rv->d.partner_id;
	ev.customer_id = rv->d.customer_id;
	ev.type = "discount_decided";
	ev.subject = rv->d.id;
	data = json_pack("{s:s, s:s, s:I, s:s}", "segment", rv->d.segment,
	    "decision", status, "percent", (json_int_t)rv->d.percent, "note",
	    note);
	ev.data = settings_text(app->a, data);
	json_decref(data);
	return (alert_raise(app, &ev));
}

int
discount_decide(struct app *app, const char *id, const char *decision,
    const char *note)
{
	static const char *const decisions[] = { "approve", "reject", NULL };
	struct discount_review	 rv;
	struct discount_notice	 dn;
	const char		*op, *status, *clean;
	int			 rc;

	if ((rc = operator_access(app, true, &op)) != ST_OK)
		return (rc);
	if (decision == NULL)
		err_field(app->e, "decision", M_REQUIRED);
	else
		valid_enum(app->a, app->e, "decision", decision, decisions);
	note_check(app, note, &clean);
	/* The partner is told why: a rejection without a reason is none. */
	if (app->e->status == ST_OK && strcmp(decision, "reject") == 0 &&
	    *clean == '\0')
		err_field(app->e, "note", M_REJECT_NOTE);
	if (app->e->status != ST_OK)
		return (app->e->status);
	status = strcmp(decision, "approve") == 0 ? "approved" : "rejected";

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = store_discount_decide(app->st, op, id, status, clean,
	    principal_login_id(app->who), app->now, app->e);
	if (rc == ST_CONFLICT) {
		err_clear(app->e);
		rc = err_set(app->e, ST_CONFLICT, "already_decided",
		    M_ALREADY_DECIDED);
	}
	if (rc != ST_OK)
		goto fail;
	if ((rc = store_discount_review_get(app->st, op, app->a, id, &rv,
	    app->e)) != ST_OK)
		goto fail;
	memset(&dn, 0, sizeof(dn));
	dn.company = rv.customer_company;
	dn.segment = rv.d.segment;
	dn.due_on = rv.d.due_on;
	dn.status = status;
	dn.percent = rv.d.percent;
	dn.note = clean;
	if ((rc = app_audit(app, rv.d.partner_id, rv.d.customer_id,
	    "discount", strcmp(status, "approved") == 0 ? "approve" :
	    "reject", "success", strcmp(status, "approved") == 0 ?
	    arena_printf(app->a, "%s segment discount for \"%s\" approved at "
	    "%lld%%%s%s", rv.d.segment, rv.customer_company, rv.d.percent,
	    *clean ? ": " : "", clean) : arena_printf(app->a, "%s segment "
	    "discount for \"%s\" rejected%s%s", rv.d.segment,
	    rv.customer_company, *clean ? ": " : "", clean))) != ST_OK)
		goto fail;
	if ((rc = mail_discount_decided(app, rv.d.partner_id, &dn)) != ST_OK ||
	    (rc = decided_alert(app, &rv, status, clean)) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (app->e->status != ST_OK ? app->e->status : rc);
}

int
segment_rates_list(struct app *app, struct page *pg,
    struct segment_rate **out, size_t *n)
{
	const char	*op;
	int		 rc;

	if ((rc = operator_access(app, false, &op)) != ST_OK)
		return (rc);
	return (store_segment_rates(app->st, op, app->a, pg, out, n, app->e));
}

int
segment_rate_set(struct app *app, const char *segment, long long percent)
{
	struct segment_rate	*rates;
	struct page		 all;
	const char		*op;
	long long		 old = -1;
	size_t			 n, i;
	int			 rc;

	if ((rc = operator_access(app, true, &op)) != ST_OK)
		return (rc);
	for (i = 0; segment_keys[i] != NULL; i++)
		if (strcmp(segment_keys[i], segment) == 0)
			break;
	if (segment_keys[i] == NULL)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	if (percent < 0)
		return (err_fieldn(app->e, "percent", M_TOO_SMALL, 0));
	if (percent > 100)
		return (err_fieldn(app->e, "percent", M_TOO_BIG, 100));
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_segment_rates(app->st, op, app->a, page_all(&all),
	    &rates, &n, app->e)) != ST_OK)
		goto fail;
	for (i = 0; i < n; i++)
		if (strcmp(rates[i].segment, segment) == 0)
			old = rates[i].percent;
	if ((rc = store_segment_rate_set(app->st, op, segment, percent,
	    app->now, app->e)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, op, NULL, "discount", "rate", "success",
	    arena_printf(app->a, "%s discount changed from %lld%% to %lld%%",
	    segment, old, percent))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}
