/*
 * access.c - the permission rules; see access.h.
 */
#include <assert.h>
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/principal.h"
#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

static int
not_found(struct app *app)
{
	return (err_set(app->e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
}

/*
 * A grant the principal may act with: a role there, and two-step
 * verification set up when the account requires it (before that, the
 * person reaches only their own profile: ST_FORBIDDEN
 * "two_step_setup_required").
 */
static int
usable(struct app *app, const struct grant *g)
{
	if (!g->member)
		return (not_found(app));
	if (g->two_step_due)
		return (err_set(app->e, ST_FORBIDDEN, "two_step_setup_required",
		    M_TWO_STEP_DUE));
	return (ST_OK);
}

/*
 * The principal's grant in account_id, from the cache or the store. A
 * missing role is ST_NOT_FOUND (and remembered as such).
 */
static int
grant_of(struct app *app, const char *account_id, const struct grant **out)
{
	struct principal	*p = app->who;
	struct membership	 m;
	struct account		 acct;
	struct grant		 g;
	struct err		 tmp;
	int			 rc;

	assert(p != NULL);
	if (account_id == NULL)
		return (not_found(app));
	if ((*out = principal_grant(p, account_id)) != NULL)
		return (usable(app, *out));
	memset(&g, 0, sizeof(g));
	g.account_id = arena_strdup(app->a, account_id);
	err_clear(&tmp);
	switch (p->kind) {
	case P_OPERATOR:
	case P_SYSTEM:
		rc = store_account_get(app->st, account_id, app->a, &acct,
		    &tmp);
		if (rc == ST_OK) {
			g.member = true;
			g.account_kind = acct.kind;
			g.role = "admin";
			g.scope = "all";
		}
		break;
	case P_LOGIN:
		rc = store_membership_get(app->st, account_id, p->id, app->a,
		    &m, &tmp);
		if (rc == ST_OK) {
			g.member = true;
			g.account_kind = m.account_kind;
			g.role = m.role;
			g.scope = m.scope;
			g.two_step_due = m.two_step_due;
		}
		break;
	case P_ANON:
		return (err_set(app->e, ST_UNAUTH, "unauthenticated",
		    M_UNAUTHENTICATED));
	case P_CLIENT:
	case P_DEVICE:
	default:
		/* A client's one grant is set when it is resolved. */
		return (not_found(app));
	}
	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		*app->e = tmp;
		return (rc);
	}
	*out = principal_grant_put(p, &g);
	return (usable(app, *out));
}

static int
check_write(struct app *app, const struct grant *g, bool write)
{
	if (write && strcmp(g->role, "admin") != 0)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_VIEWER));
	return (ST_OK);
}

int
account_access(struct app *app, const char *account_id, bool write,
    struct account *acct, const char **role)
{
	const struct grant	*g;
	int			 rc;

	if ((rc = grant_of(app, account_id, &g)) != ST_OK)
		return (rc);
	if (acct != NULL && (rc = store_account_get(app->st, account_id,
	    app->a, acct, app->e)) != ST_OK)
		return (rc);
	if (role != NULL)
		*role = g->role;
	return (check_write(app, g, write));
}

int
partner_scope(struct app *app, const char *partner_id, bool write,
    const char **scoped)
{
	const struct grant	*g;
	int			 rc;

	*scoped = NULL;
	if ((rc = grant_of(app, partner_id, &g)) != ST_OK)
		return (rc);
	if (strcmp(g->account_kind, "partner") != 0)
		return (not_found(app));
	if ((rc = check_write(app, g, write)) != ST_OK)
		return (rc);
	if (strcmp(g->scope, "customers") == 0)
		*scoped = app->who->id;
	return (ST_OK);
}

int
partner_access(struct app *app, const char *partner_id, bool write)
{
	const char	*scoped;
	int		 rc;

	if ((rc = partner_scope(app, partner_id, write, &scoped)) != ST_OK)
		return (rc);
	if (scoped != NULL)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_SCOPED));
	return (ST_OK);
}

int
tenant_scope(struct app *app, const char *account_id, bool write,
    struct tenant *t)
{
	const struct grant	*g;
	int			 rc;

	memset(t, 0, sizeof(*t));
	if ((rc = grant_of(app, account_id, &g)) != ST_OK)
		return (rc);
	if (strcmp(g->account_kind, "partner") != 0 &&
	    strcmp(g->account_kind, "company") != 0)
		return (not_found(app));
	if ((rc = check_write(app, g, write)) != ST_OK)
		return (rc);
	t->kind = g->account_kind;
	if (strcmp(g->scope, "customers") == 0) {
		t->customers = app->who->id;
		if (strcmp(g->account_kind, "company") == 0)
			t->sites = app->who->id;
	}
	return (ST_OK);
}

int
company_scope(struct app *app, const char *account_id, bool write,
    struct tenant *t)
{
	int	rc;

	if ((rc = tenant_scope(app, account_id, write, t)) != ST_OK)
		return (rc);
	if (strcmp(t->kind, "company") != 0)
		return (not_found(app));
	return (ST_OK);
}

int
site_covered(struct app *app, const char *account_id, const char *site_id)
{
	const struct grant	*g;
	bool			 covers = false;
	int			 rc;

	if ((rc = grant_of(app, account_id, &g)) != ST_OK)
		return (rc);
	if (strcmp(g->account_kind, "company") != 0 ||
	    strcmp(g->scope, "customers") != 0)
		return (ST_OK);
	if (site_id != NULL && (rc = store_principal_covers_site(app->st,
	    account_id, app->who->id, site_id, &covers, app->e)) != ST_OK)
		return (rc);
	return (covers ? ST_OK : not_found(app));
}

int
customer_covered(struct app *app, const char *partner_id,
    const char *customer_id)
{
	struct principal	*p = app->who;
	const struct grant	*g;
	bool			 covers;
	int			 rc;

	if (customer_id == NULL)
		return (not_found(app));
	if ((rc = grant_of(app, partner_id, &g)) != ST_OK)
		return (rc);
	if (strcmp(g->scope, "customers") != 0)
		return (ST_OK);
	if (p->covered_customer == NULL ||
	    strcmp(p->covered_account, partner_id) != 0 ||
	    strcmp(p->covered_customer, customer_id) != 0) {
		if ((rc = store_principal_covers(app->st, partner_id, p->id,
		    customer_id, &covers, app->e)) != ST_OK)
			return (rc);
		p->covered_account = arena_strdup(app->a, partner_id);
		p->covered_customer = arena_strdup(app->a, customer_id);
		p->covered = covers;
	}
	return (p->covered ? ST_OK : not_found(app));
}

int
customer_access(struct app *app, const char *partner_id,
    const char *customer_id, bool write, struct customer *out)
{
	struct customer	 tmp;
	const char	*scoped;
	int		 rc;

	if ((rc = partner_scope(app, partner_id, write, &scoped)) != ST_OK)
		return (rc);
	if ((rc = customer_covered(app, partner_id, customer_id)) != ST_OK)
		return (rc);
	return (store_customer_get(app->st, partner_id, app->a, customer_id,
	    out != NULL ? out : &tmp, app->e));
}

int
record_access(struct app *app, const char *account_id,
    const char *customer_id, bool write, struct customer *out)
{
	struct customer	 tmp;
	struct tenant	 t;
	const char	*self;
	int		 rc;

	if ((rc = tenant_scope(app, account_id, write, &t)) != ST_OK)
		return (rc);
	if (strcmp(t.kind, "partner") == 0)
		return (customer_access(app, account_id, customer_id, write,
		    out));
	if (customer_id == NULL)
		return (not_found(app));
	/* A role limited to chosen sites reads the policies its devices
	 * get, and changes none. */
	if (t.sites != NULL && write)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_SITES));
	if ((rc = store_company_self(app->st, account_id, app->a, &self,
	    app->e)) != ST_OK)
		return (rc);
	if (strcmp(self, customer_id) != 0)
		return (not_found(app));
	return (store_customer_get(app->st, account_id, app->a, customer_id,
	    out != NULL ? out : &tmp, app->e));
}

int
account_scope(struct app *app, const char *account_id, const char **scope)
{
	const struct grant	*g;
	int			 rc;

	*scope = "all";
	if ((rc = grant_of(app, account_id, &g)) != ST_OK)
		return (rc);
	*scope = g->scope;
	return (ST_OK);
}

int
whole_account(struct app *app, const char *account_id)
{
	const struct grant	*g;
	int			 rc;

	if ((rc = grant_of(app, account_id, &g)) != ST_OK)
		return (rc);
	if (strcmp(g->scope, "customers") != 0)
		return (ST_OK);
	return (err_set(app->e, ST_FORBIDDEN, "forbidden",
	    strcmp(g->account_kind, "company") == 0 ? M_FORBIDDEN_SITES :
	    M_FORBIDDEN_SCOPED));
}

/* The operator account, for the command line and the background process
 * (stewardctl makes it before it acts as the operator: operator.h). */
static int
operator_everywhere(struct app *app, const char **operator_id)
{
	struct account	acct;
	int		rc;

	if ((rc = store_operator_account(app->st, app->a, &acct, app->e)) !=
	    ST_OK)
		return (rc);
	*operator_id = acct.id;
	return (ST_OK);
}

int
operator_access(struct app *app, bool write, const char **operator_id)
{
	struct principal	*p = app->who;
	struct err		 tmp;
	char			*id, *role;
	int			 rc;

	if (principal_everywhere(p))
		return (operator_everywhere(app, operator_id));
	if (p->kind == P_ANON)
		return (err_set(app->e, ST_UNAUTH, "unauthenticated",
		    M_UNAUTHENTICATED));
	if (!p->operator_known) {
		memset(&p->operator_grant, 0, sizeof(p->operator_grant));
		if (p->kind == P_LOGIN) {
			err_clear(&tmp);
			rc = store_operator_membership(app->st, p->id, app->a,
			    &id, &role, &tmp);
			if (rc != ST_OK && rc != ST_NOT_FOUND) {
				*app->e = tmp;
				return (rc);
			}
			if (rc == ST_OK) {
				p->operator_grant.member = true;
				p->operator_grant.account_id = id;
				p->operator_grant.account_kind = "operator";
				p->operator_grant.role = role;
				p->operator_grant.scope = "all";
			}
		}
		p->operator_known = true;
	}
	if (!p->operator_grant.member)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_OPERATOR_ONLY));
	if ((rc = check_write(app, &p->operator_grant, write)) != ST_OK)
		return (rc);
	*operator_id = p->operator_grant.account_id;
	return (ST_OK);
}

int
acting_login(struct app *app, const char **login_id)
{
	*login_id = NULL;
	if (app->who->kind != P_LOGIN)
		return (err_set(app->e, ST_UNAUTH, "unauthenticated",
		    M_UNAUTHENTICATED));
	*login_id = app->who->id;
	return (ST_OK);
}
