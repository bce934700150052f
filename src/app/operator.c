/*
 * operator.c - the operator's review queue, rates, partners and outbox;
 * see operator.h.
 */
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/customer.h"
#include "app/mail.h"
#include "app/operator.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/text.h"
#include "core/valid.h"
#include "store/store.h"

#define OUTBOX_LIST_MAX		50

int
operator_access(struct app *app, bool write, const char **operator_id)
{
	struct account	 acct;
	struct err	 tmp;
	char		*id, *role;
	int		 rc;

	if (app->actor.login_id == NULL) {
		if (strcmp(app->actor.origin, "system") != 0)
			return (err_set(app->e, ST_UNAUTH, "unauthenticated",
			    M_UNAUTHENTICATED));
		/*
		 * stewardctl acts as the operator; on an installation that
		 * has none yet, the operator account is made on first use
		 * (as `operator add` does).
		 */
		err_clear(&tmp);
		rc = store_operator_account(app->st, app->a, &acct, &tmp);
		if (rc == ST_NOT_FOUND)
			return (account_create(app, "operator", "Operator",
			    (char **)operator_id));
		if (rc != ST_OK) {
			*app->e = tmp;
			return (rc);
		}
		*operator_id = acct.id;
		return (ST_OK);
	}
	err_clear(&tmp);
	rc = store_operator_membership(app->st, app->actor.login_id, app->a,
	    &id, &role, &tmp);
	if (rc == ST_NOT_FOUND)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_OPERATOR_ONLY));
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	if (write && strcmp(role, "admin") != 0)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_VIEWER));
	*operator_id = id;
	return (ST_OK);
}

int
discount_queue(struct app *app, const char *status,
    struct discount_review **out, size_t *n)
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
	return (store_discount_queue(app->st, op, app->a, status,
	    OPERATOR_QUEUE_MAX, out, n, app->e));
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
	if (app->e->status != ST_OK)
		return (app->e->status);
	status = strcmp(decision, "approve") == 0 ? "approved" : "rejected";

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = store_discount_decide(app->st, op, id, status, clean,
	    app->actor.login_id, app->now, app->e);
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
	if ((rc = mail_discount_decided(app, rv.d.partner_id, &dn)) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (app->e->status != ST_OK ? app->e->status : rc);
}

int
segment_rates_list(struct app *app, struct segment_rate **out, size_t *n)
{
	const char	*op;
	int		 rc;

	if ((rc = operator_access(app, false, &op)) != ST_OK)
		return (rc);
	return (store_segment_rates(app->st, op, app->a, out, n, app->e));
}

int
segment_rate_set(struct app *app, const char *segment, long long percent)
{
	struct segment_rate	*rates;
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
	if ((rc = store_segment_rates(app->st, op, app->a, &rates, &n,
	    app->e)) != ST_OK)
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

int
operator_partners(struct app *app, struct operator_partner **out, size_t *n)
{
	const char	*op;
	int		 rc;

	if ((rc = operator_access(app, false, &op)) != ST_OK)
		return (rc);
	return (store_operator_partners(app->st, op, app->a, out, n, app->e));
}

int
operator_partner_flexible(struct app *app, const char *partner_id, bool on)
{
	struct account	 acct;
	struct err	 tmp;
	const char	*op;
	int		 rc;

	if ((rc = operator_access(app, true, &op)) != ST_OK)
		return (rc);
	err_clear(&tmp);
	rc = store_account_get(app->st, partner_id, app->a, &acct, &tmp);
	if (rc == ST_OK && strcmp(acct.kind, "partner") != 0)
		rc = ST_NOT_FOUND;
	if (rc == ST_NOT_FOUND)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	if (acct.flexible_billing == on)
		return (ST_OK);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_partner_flexible_set(app->st, op, partner_id, on,
	    app->now, app->e)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, partner_id, NULL, "billing",
	    "flexible_billing", "success", on ? "flexible billing "
	    "(pay-as-you-go) turned on by the operator" : "flexible billing "
	    "(pay-as-you-go) turned off by the operator")) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
operator_outbox(struct app *app, struct mail_counts *counts,
    struct mail_message **out, size_t *n)
{
	const char	*op;
	int		 rc;

	if ((rc = operator_access(app, false, &op)) != ST_OK)
		return (rc);
	return (store_mail_overview(app->st, op, app->a, OUTBOX_LIST_MAX,
	    counts, out, n, app->e));
}

int
operator_outbox_retry(struct app *app, const char *message_id)
{
	const char	*op;
	int		 rc;

	if ((rc = operator_access(app, true, &op)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = store_mail_requeue(app->st, op, message_id, app->now, app->e);
	if (rc == ST_CONFLICT) {
		err_clear(app->e);
		rc = err_set(app->e, ST_CONFLICT, "not_failed",
		    M_MAIL_NOT_FAILED);
	}
	if (rc != ST_OK)
		goto fail;
	if ((rc = app_audit(app, op, NULL, "mail", "retry", "success",
	    arena_printf(app->a, "message %s queued again", message_id))) !=
	    ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
operator_login_add(struct app *app, const char *email, const char *password,
    const char *name, const char *language, const char *role,
    char **login_id, bool *existed)
{
	struct account	 acct;
	struct login	 l;
	struct err	 tmp;
	char		*op, *addr, *norm;
	int		 rc;

	*existed = false;
	if (valid_email(app->a, app->e, "email", email, &addr, &norm) !=
	    ST_OK)
		return (ST_INVALID);
	err_clear(&tmp);
	rc = store_operator_account(app->st, app->a, &acct, &tmp);
	if (rc == ST_OK)
		op = (char *)acct.id;
	else if (rc == ST_NOT_FOUND) {
		if ((rc = account_create(app, "operator", "Operator", &op)) !=
		    ST_OK)
			return (rc);
	} else {
		*app->e = tmp;
		return (rc);
	}
	err_clear(&tmp);
	rc = store_login_by_email(app->st, app->a, norm, &l, &tmp);
	if (rc == ST_OK) {
		*existed = true;
		*login_id = (char *)l.id;
	} else if (rc == ST_NOT_FOUND) {
		if ((rc = user_create(app, email, password, name, language,
		    login_id)) != ST_OK)
			return (rc);
	} else {
		*app->e = tmp;
		return (rc);
	}
	return (user_grant(app, op, *login_id, role != NULL ? role :
	    "admin"));
}
