/*
 * operator.c - the operator's partners, flexible billing and outbox, and
 * the operator's logins; see operator.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/account.h"
#include "app/app.h"
#include "app/invitation.h"
#include "app/operator.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/valid.h"
#include "store/store.h"

int
operator_partners(struct app *app, struct page *pg,
    struct operator_partner **out, size_t *n)
{
	const char	*op;
	int		 rc;

	if ((rc = operator_access(app, false, &op)) != ST_OK)
		return (rc);
	return (store_operator_partners(app->st, op, app->a, pg, out, n,
	    app->e));
}

int
operator_partner(struct app *app, const char *partner_id,
    struct operator_partner *out)
{
	const char	*op;
	int		 rc;

	if ((rc = operator_access(app, false, &op)) != ST_OK)
		return (rc);
	return (store_operator_partner(app->st, op, app->a, partner_id, out,
	    app->e));
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
operator_outbox(struct app *app, struct page *pg, struct mail_counts *counts,
    struct mail_message **out, size_t *n)
{
	const char	*op;
	size_t		 i;
	int		 rc;

	if ((rc = operator_access(app, false, &op)) != ST_OK)
		return (rc);
	if ((rc = store_mail_overview(app->st, op, app->a, pg, counts, out, n,
	    app->e)) != ST_OK)
		return (rc);
	/* A lease is the sender's business: to the operator it waits. */
	for (i = 0; i < *n; i++)
		if (strcmp((*out)[i].status, "sending") == 0)
			(*out)[i].status = "waiting";
	return (ST_OK);
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
operator_account_ensure(struct app *app, const char **operator_id)
{
	struct account	 acct;
	struct err	 tmp;
	int		 rc;

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

int
operator_login_add(struct app *app, const char *email, const char *password,
    const char *name, const char *language, const char *role,
    char **login_id, bool *existed)
{
	struct login	 l;
	struct err	 tmp;
	const char	*op;
	char		*addr, *norm;
	int		 rc;

	*existed = false;
	if (valid_email(app->a, app->e, "email", email, &addr, &norm) !=
	    ST_OK)
		return (ST_INVALID);
	if ((rc = operator_account_ensure(app, &op)) != ST_OK)
		return (rc);
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

int
operator_partner_add(struct app *app, const char *name,
    const char *admin_email, const char *language, char **partner_id,
    struct invitation *inv)
{
	struct invitation_input	 in;
	struct account		 acct;
	const char		*op;
	char			*clean = NULL, *email, *norm;
	int			 rc;

	*partner_id = NULL;
	if ((rc = operator_access(app, true, &op)) != ST_OK)
		return (rc);
	valid_text(app->a, app->e, "name", name, true, ACCOUNT_NAME_MAX,
	    &clean);
	/* Checked here too, so that a bad address is named before anything
	 * is written (invitation_issue() checks it again). */
	if (admin_email == NULL)
		err_field(app->e, "admin_email", M_REQUIRED);
	else
		valid_email(app->a, app->e, "admin_email", admin_email, &email,
		    &norm);
	if (app->e->status != ST_OK)
		return (app->e->status);
	memset(&in, 0, sizeof(in));
	in.email = admin_email;
	in.role = "admin";
	in.language = language;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_account_create(app->st, app->a, "partner", clean, "",
	    app->now, partner_id, app->e)) != ST_OK ||
	    (rc = store_account_get(app->st, *partner_id, app->a, &acct,
	    app->e)) != ST_OK ||
	    (rc = app_audit(app, *partner_id, NULL, "account", "create",
	    "success", arena_printf(app->a, "partner account \"%s\" created "
	    "by the operator", clean))) != ST_OK)
		goto fail;
	if ((rc = invitation_issue(app, &acct, &in, inv)) != ST_OK) {
		/* The address is the one field it can still refuse. */
		if (err_has_field(app->e, "email")) {
			err_clear(app->e);
			rc = err_field(app->e, "admin_email", M_EMAIL_INVALID);
		}
		goto fail;
	}
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	*partner_id = NULL;
	return (app->e->status != ST_OK ? app->e->status : rc);
}
