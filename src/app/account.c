/*
 * account.c - accounts, users and permissions; see account.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/account.h"
#include "app/app.h"
#include "app/password.h"
#include "app/principal.h"
#include "app/two_step.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"
#include "core/valid.h"
#include "store/store.h"

/* The login a person is signed in as (ST_UNAUTH for anyone else). */

int
account_list_mine(struct app *app, struct page *pg,
    struct account_role **out, size_t *n)
{
	const struct grant	*g;
	const char		*login;
	int			 rc;

	*out = NULL;
	*n = 0;
	if (app->who->kind == P_CLIENT) {
		/* An API client acts in its one account. */
		g = &app->who->grants[0];
		pg->more = false;
		if (pg->nafter > 0)
			return (ST_OK);
		*out = arena_calloc(app->a, 1, sizeof(**out));
		if ((rc = store_account_get(app->st, g->account_id, app->a,
		    &(*out)->account, app->e)) != ST_OK)
			return (rc);
		(*out)->role = g->role;
		(*out)->scope = g->scope;
		*n = 1;
		return (ST_OK);
	}
	if ((rc = acting_login(app, &login)) != ST_OK)
		return (rc);
	return (store_accounts_for_login(app->st, app->a, login, pg, out, n,
	    app->e));
}

int
account_get(struct app *app, const char *account_id,
    struct account_role *out)
{
	int	rc;

	memset(out, 0, sizeof(*out));
	if ((rc = account_access(app, account_id, false, &out->account,
	    &out->role)) != ST_OK)
		return (rc);
	return (account_scope(app, account_id, &out->scope));
}

int
account_rename(struct app *app, const char *account_id, const char *name)
{
	struct account	 acct;
	char		*clean, *detail;
	int		 rc;

	if ((rc = account_access(app, account_id, true, &acct, NULL)) != ST_OK)
		return (rc);
	/* A partner account is renamed by those with all of it. */
	if (strcmp(acct.kind, "partner") == 0 &&
	    (rc = partner_access(app, account_id, true)) != ST_OK)
		return (rc);
	if (valid_text(app->a, app->e, "name", name, true, ACCOUNT_NAME_MAX,
	    &clean) != ST_OK)
		return (ST_INVALID);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_account_rename(app->st, account_id, clean, app->now,
	    app->e)) != ST_OK ||
	    (rc = store_company_self_rename(app->st, account_id, clean,
	    app->now, app->e)) != ST_OK)
		goto fail;
	detail = arena_printf(app->a, "renamed from \"%s\" to \"%s\"",
	    acct.name, clean);
	if ((rc = app_audit(app, account_id, NULL, "account", "rename",
	    "success", detail)) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
account_require_two_step(struct app *app, const char *account_id, bool on)
{
	struct account	 acct;
	const char	*scope, *login;
	bool		 self_on = true;
	long long	 left;
	int		 rc;

	if ((rc = account_access(app, account_id, true, &acct, NULL)) !=
	    ST_OK || (rc = account_scope(app, account_id, &scope)) != ST_OK)
		return (rc);
	if (strcmp(scope, "all") != 0)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_SCOPED));
	if (on == acct.require_two_step)
		return (ST_OK);
	if (on && (login = principal_login_id(app->who)) != NULL &&
	    (rc = two_step_state(app, login, &self_on, &left)) != ST_OK)
		return (rc);
	if (!self_on)
		return (err_field(app->e, "require_two_step", M_TWO_STEP_SELF));
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_account_require_two_step(app->st, account_id, on,
	    app->now, app->e)) != ST_OK ||
	    (rc = app_audit(app, account_id, NULL, "account", "two_step",
	    "success", on ? "two-step verification required of every user" :
	    "two-step verification no longer required")) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	return (store_tx_commit(app->st, app->e));
}

int
account_set_offline_days(struct app *app, const char *account_id,
    long long days)
{
	struct account	acct;
	int		rc;

	if ((rc = account_access(app, account_id, true, &acct, NULL)) !=
	    ST_OK || (rc = partner_access(app, account_id, true)) != ST_OK)
		return (rc);
	if (days < 1 || days > 365)
		return (err_field(app->e, "device_offline_days",
		    M_OFFLINE_DAYS));
	if (days == acct.device_offline_days)
		return (ST_OK);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_account_offline_days(app->st, account_id, days,
	    app->now, app->e)) != ST_OK ||
	    (rc = app_audit(app, account_id, NULL, "account", "offline_days",
	    "success", arena_printf(app->a, "devices count as offline after "
	    "%lld day(s) without a check-in (was %lld)", days,
	    acct.device_offline_days))) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	return (store_tx_commit(app->st, app->e));
}

int
account_create(struct app *app, const char *kind, const char *name,
    char **id)
{
	static const char *const kinds[] = { "operator", "partner", "company",
	    NULL };
	char	*clean;
	int	 rc;

	if (!principal_everywhere(app->who))
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN));
	if (valid_enum(app->a, app->e, "kind", kind, kinds) != ST_OK)
		return (ST_INVALID);
	if (valid_text(app->a, app->e, "name", name, true, ACCOUNT_NAME_MAX,
	    &clean) != ST_OK)
		return (ST_INVALID);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_account_create(app->st, app->a, kind, clean, "",
	    app->now, id, app->e)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, *id, NULL, "account", "create", "success",
	    arena_printf(app->a, "%s account \"%s\" created", kind, clean)))
	    != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
user_create(struct app *app, const char *email, const char *password,
    const char *name, const char *language, char **login_id)
{
	static const char *const langs[] = { "en", "ja", NULL };
	char	*addr, *norm, *cname, *hash;
	int	 rc;

	valid_email(app->a, app->e, "email", email, &addr, &norm);
	valid_text(app->a, app->e, "name", name, false, USER_NAME_MAX, &cname);
	if (language != NULL)
		valid_enum(app->a, app->e, "language", language, langs);
	password_policy(app->e, "password", password, email, name);
	if (app->e->status != ST_OK)
		return (app->e->status);
	if ((rc = password_hash(app->a, password, &hash, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = store_login_create(app->st, app->a, addr, norm, cname, hash,
	    language ? language : "en", app->now, login_id, app->e);
	if (rc == ST_CONFLICT) {
		err_conflict(app->e, "email_taken", M_EMAIL_TAKEN, "email");
		goto fail;
	}
	if (rc != ST_OK)
		goto fail;
	if ((rc = app_audit(app, NULL, NULL, "user", "create", "success",
	    arena_printf(app->a, "login %s created", addr))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (app->e->status);
}

const char *
children_noun(bool sites)
{
	return (sites ? "site" : "customer");
}

int
children_check(struct app *app, const struct account *acct, bool sites,
    const char *field, const char *const *ids, size_t n, size_t max)
{
	if (field == NULL)
		field = sites ? "site_ids" : "customer_ids";
	/* site_ids, even null, is a company console's field. */
	if (sites && strcmp(acct->kind, "company") != 0)
		return (err_field(app->e, field, M_SITES_COMPANY));
	if (ids == NULL)
		return (ST_OK);
	if (strcmp(acct->kind, sites ? "company" : "partner") != 0)
		return (err_field(app->e, field, sites ? M_SITES_COMPANY :
		    M_CUSTOMERS_PARTNER));
	if (n == 0)
		return (err_field(app->e, field, M_REQUIRED));
	if (n > max)
		return (err_fieldn(app->e, field, M_TOO_MANY, (long long)max));
	return (ST_OK);
}

int
children_set(struct app *app, const struct account *acct, bool sites,
    const char *field, const char *principal_id, const char *const *ids,
    size_t n)
{
	int	rc;

	rc = sites ? store_principal_sites_set(app->st, acct->id,
	    principal_id, ids, n, app->e) : store_principal_customers_set(
	    app->st, acct->id, principal_id, ids, n, app->e);
	if (rc == ST_NOT_FOUND) {
		err_clear(app->e);
		rc = err_field(app->e, field != NULL ? field : sites ?
		    "site_ids" : "customer_ids", sites ? M_NO_SUCH_SITE :
		    M_NO_SUCH_CUSTOMER);
	}
	return (rc);
}

#define GRANT_CHILDREN_MAX	1000

static int
grant(struct app *app, const char *account_id, const char *login_id,
    const char *role, bool sites, const char *const *ids, size_t n)
{
	static const char *const roles[] = { "admin", "viewer", NULL };
	struct account	 acct;
	struct login	 l;
	const char	*scope = ids != NULL ? "customers" : "all";
	int		 rc;

	if (valid_enum(app->a, app->e, "role", role, roles) != ST_OK)
		return (ST_INVALID);
	if ((rc = account_access(app, account_id, true, &acct, NULL)) != ST_OK)
		return (rc);
	/* The command line's options are --customers and --sites. */
	if ((rc = children_check(app, &acct, sites, sites ? "sites" :
	    "customers", ids, n, GRANT_CHILDREN_MAX)) != ST_OK)
		return (rc);
	if ((rc = store_login_get(app->st, app->a, login_id, &l, app->e)) !=
	    ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_membership_put(app->st, account_id, login_id, role,
	    scope, app->now, app->e)) != ST_OK)
		goto fail;
	if (ids != NULL && (rc = children_set(app, &acct, sites, sites ?
	    "sites" : "customers", login_id, ids, n)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, account_id, NULL, "user", "grant", "success",
	    ids == NULL ? arena_printf(app->a, "%s is now %s",
	    l.email, role) : arena_printf(app->a, "%s is now %s of %zu "
	    "chosen %s%s", l.email, role, n, children_noun(sites),
	    n == 1 ? "" : "s"))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
user_grant(struct app *app, const char *account_id, const char *login_id,
    const char *role)
{
	return (grant(app, account_id, login_id, role, false, NULL, 0));
}

int
user_grant_customers(struct app *app, const char *account_id,
    const char *login_id, const char *role,
    const char *const *customer_ids, size_t n)
{
	static const char *const none[] = { NULL };

	return (grant(app, account_id, login_id, role, false,
	    customer_ids != NULL ? customer_ids : none, n));
}

int
user_grant_sites(struct app *app, const char *account_id,
    const char *login_id, const char *role, const char *const *site_ids,
    size_t n)
{
	static const char *const none[] = { NULL };

	return (grant(app, account_id, login_id, role, true,
	    site_ids != NULL ? site_ids : none, n));
}

int
me_update(struct app *app, const char *name, const char *language)
{
	static const char *const langs[] = { "en", "ja", NULL };
	const char	*login;
	char		*cname = NULL;
	int		 rc;

	if ((rc = acting_login(app, &login)) != ST_OK)
		return (rc);
	if (name != NULL)
		valid_text(app->a, app->e, "name", name, false, USER_NAME_MAX,
		    &cname);
	if (language != NULL)
		valid_enum(app->a, app->e, "language", language, langs);
	if (app->e->status != ST_OK)
		return (app->e->status);
	return (store_login_set_prefs(app->st, login, cname, language, NULL,
	    app->now, app->e));
}

int
me_get(struct app *app, struct login *out)
{
	const char	*login;
	int		 rc;

	if ((rc = acting_login(app, &login)) != ST_OK)
		return (rc);
	return (store_login_get(app->st, app->a, login, out, app->e));
}
