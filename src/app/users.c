/*
 * users.c - the people of an account; see users.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/account.h"
#include "app/app.h"
#include "app/principal.h"
#include "app/users.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"
#include "core/valid.h"

/* Fill in the customers (or sites) each limited user covers, in one read. */
static int
covered_customers(struct app *app, const struct account *acct,
    struct account_user *u, size_t n)
{
	struct principal_customer	*pc;
	const char			**ids, *account_id = acct->id;
	size_t				 i, k, m = 0, npc;
	int				 rc;

	for (i = 0; i < n; i++)
		u[i].sites = strcmp(acct->kind, "company") == 0;
	ids = arena_calloc(app->a, n + 1, sizeof(*ids));
	for (i = 0; i < n; i++)
		if (strcmp(u[i].scope, "customers") == 0)
			ids[m++] = u[i].id;
	if (m == 0)
		return (ST_OK);
	if ((rc = store_principal_customers(app->st, account_id, ids, m,
	    app->a, &pc, &npc, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		if (strcmp(u[i].scope, "customers") != 0)
			continue;
		u[i].customer_ids = arena_calloc(app->a, npc + 1,
		    sizeof(*u[i].customer_ids));
		for (k = 0; k < npc; k++)
			if (strcmp(pc[k].principal_id, u[i].id) == 0)
				u[i].customer_ids[u[i].ncustomers++] =
				    pc[k].customer_id;
	}
	return (ST_OK);
}

int
users_list(struct app *app, const char *account_id, struct page *pg,
    struct account_user **out, size_t *n)
{
	struct account	 acct;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((rc = account_access(app, account_id, false, &acct, NULL)) !=
	    ST_OK || (rc = whole_account(app, account_id)) != ST_OK)
		return (rc);
	if ((rc = store_account_users(app->st, account_id, app->now, app->a,
	    pg, out, n, app->e)) != ST_OK)
		return (rc);
	return (covered_customers(app, &acct, *out, *n));
}

/* The checks every change of a user shares: an admin over the whole
 * account, acting on someone else who is in it. */
static int
change_allowed(struct app *app, const char *account_id, const char *id,
    struct account *acct, struct account_user *u)
{
	const char	*me;
	int		 rc;

	if ((rc = account_access(app, account_id, true, acct, NULL)) !=
	    ST_OK || (rc = whole_account(app, account_id)) != ST_OK)
		return (rc);
	if (id == NULL || strlen(id) > 64)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	if ((rc = store_account_user_get(app->st, account_id, id, app->now,
	    app->a, u, app->e)) != ST_OK)
		return (rc);
	me = principal_login_id(app->who);
	if (me != NULL && strcmp(me, id) == 0)
		return (err_set(app->e, ST_CONFLICT, "own_access",
		    M_SELF_ACCESS));
	return (ST_OK);
}

/* Whether u is an active admin over the whole account. */
static bool
counts_as_admin(const struct account_user *u)
{
	return (strcmp(u->role, "admin") == 0 && strcmp(u->scope, "all") ==
	    0 && strcmp(u->status, "active") == 0);
}

/* ST_CONFLICT when taking u's admin role away leaves the account with
 * none (checked inside the transaction). */
static int
keeps_an_admin(struct app *app, const char *account_id,
    const struct account_user *u)
{
	long long	n;
	int		rc;

	if (!counts_as_admin(u))
		return (ST_OK);
	if ((rc = store_account_admins(app->st, account_id, &n, app->e)) !=
	    ST_OK)
		return (rc);
	if (n <= 1)
		return (err_set(app->e, ST_CONFLICT, "last_admin",
		    M_LAST_ADMIN));
	return (ST_OK);
}

int
users_update(struct app *app, const char *account_id, const char *id,
    const struct user_patch *p, struct account_user *out)
{
	static const char *const roles[] = { "admin", "viewer", NULL };
	static const char *const statuses[] = { "active", "suspended", NULL };
	struct account_user	 u, after;
	struct account		 acct;
	const char		*role, *scope;
	bool			 sites;
	int			 rc;

	if ((rc = change_allowed(app, account_id, id, &acct, &u)) != ST_OK)
		return (rc);
	sites = strcmp(acct.kind, "company") == 0;
	if (p->role != NULL)
		valid_enum(app->a, app->e, "role", p->role, roles);
	if (p->status != NULL)
		valid_enum(app->a, app->e, "status", p->status, statuses);
	if (p->has_customers)
		children_check(app, &acct, p->sites, NULL, p->customer_ids,
		    p->ncustomers, USERS_CUSTOMERS_MAX);
	if (app->e->status != ST_OK)
		return (app->e->status);
	if (strncmp(u.id, "inv_", 4) == 0)
		return (err_set(app->e, ST_CONFLICT, "invitation_pending",
		    M_INVITATION_PENDING));
	role = p->role != NULL ? p->role : u.role;
	scope = p->has_customers ? (p->customer_ids != NULL ? "customers" :
	    "all") : u.scope;
	after = u;
	after.role = role;
	after.scope = scope;
	if (p->status != NULL)
		after.status = p->status;

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if (!counts_as_admin(&after) && (rc = keeps_an_admin(app, account_id,
	    &u)) != ST_OK)
		goto fail;
	if ((p->role != NULL || p->has_customers) &&
	    (rc = store_membership_put(app->st, account_id, u.id, role, scope,
	    app->now, app->e)) != ST_OK)
		goto fail;
	if (p->has_customers && p->customer_ids != NULL &&
	    (rc = children_set(app, &acct, p->sites, NULL, u.id,
	    p->customer_ids, p->ncustomers)) != ST_OK)
		goto fail;
	if (p->status != NULL && (rc = store_membership_set_status(app->st,
	    account_id, u.id, p->status, app->e)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, account_id, NULL, "user", p->status != NULL &&
	    strcmp(p->status, u.status) != 0 ? (strcmp(p->status,
	    "suspended") == 0 ? "suspend" : "reactivate") : "update",
	    "success", arena_printf(app->a, "%s: %s%s%s -> %s%s%s", u.email,
	    u.role, strcmp(u.scope, "customers") == 0 ? arena_printf(app->a,
	    " of chosen %ss", children_noun(sites)) : "",
	    strcmp(u.status, "active") == 0 ? "" : " (suspended)", role,
	    strcmp(scope, "customers") == 0 ? arena_printf(app->a, " of %zu "
	    "chosen %s%s", p->has_customers ? p->ncustomers : (size_t)0,
	    children_noun(sites), p->ncustomers == 1 ? "" : "s") : "",
	    strcmp(after.status, "active") == 0 ? "" : " (suspended)"))) !=
	    ST_OK)
		goto fail;
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_account_user_get(app->st, account_id, u.id, app->now,
	    app->a, out, app->e)) != ST_OK)
		return (rc);
	return (covered_customers(app, &acct, out, 1));
fail:
	store_tx_rollback(app->st);
	return (app->e->status != ST_OK ? app->e->status : rc);
}

int
users_remove(struct app *app, const char *account_id, const char *id)
{
	struct account_user	 u;
	struct account		 acct;
	bool			 invitation;
	int			 rc;

	if ((rc = change_allowed(app, account_id, id, &acct, &u)) != ST_OK)
		return (rc);
	invitation = strncmp(u.id, "inv_", 4) == 0;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if (invitation)
		rc = store_invitation_revoke(app->st, account_id, u.id,
		    app->now, app->e);
	else if ((rc = keeps_an_admin(app, account_id, &u)) == ST_OK)
		rc = store_membership_delete(app->st, account_id, u.id, app->e);
	if (rc != ST_OK)
		goto fail;
	if (invitation && (rc = store_principal_scope_clear(app->st,
	    account_id, u.id, app->e)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, account_id, NULL, "user", invitation ?
	    "invitation_withdrawn" : "remove", "success", arena_printf(app->a,
	    invitation ? "invitation of %s withdrawn" : "%s removed from the "
	    "account", u.email))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (app->e->status != ST_OK ? app->e->status : rc);
}
