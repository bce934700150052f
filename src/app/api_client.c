/*
 * api_client.c - API clients and bearer tokens; see api_client.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/account.h"
#include "app/api_client.h"
#include "app/app.h"
#include "app/principal.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"
#include "core/rand.h"
#include "core/valid.h"
#include "store/store.h"

/* Failed token exchanges allowed per client address and window (the
 * sign-in window, STEWARD_SIGNIN_WINDOW). */
#define TOKEN_FAILURES_PER_IP	30
/* Client ids are "apc_" and 16 characters: a longer one names none (and
 * is not written to the audit log as the failed caller). */
#define CLIENT_ID_MAX		64

static int
people_only(struct app *app)
{
	if (app->who->kind != P_LOGIN)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_PEOPLE_ONLY));
	return (ST_OK);
}

int
api_client_create(struct app *app, const char *account_id,
    const struct api_client_input *in, struct api_client *out, char **secret)
{
	static const char *const roles[] = { "admin", "viewer", NULL };
	struct account	 acct;
	char		*name, *id;
	int		 rc;

	memset(out, 0, sizeof(*out));
	*secret = NULL;
	if ((rc = account_access(app, account_id, true, &acct, NULL)) != ST_OK)
		return (rc);
	if (strcmp(acct.kind, "partner") == 0 &&
	    (rc = partner_access(app, account_id, true)) != ST_OK)
		return (rc);
	if ((rc = people_only(app)) != ST_OK)
		return (rc);
	valid_text(app->a, app->e, "name", in->name, true,
	    API_CLIENT_NAME_MAX, &name);
	valid_enum(app->a, app->e, "role", in->role, roles);
	children_check(app, &acct, in->sites, NULL, in->customer_ids,
	    in->ncustomers, API_CLIENT_CUSTOMERS_MAX);
	if (app->e->status != ST_OK)
		return (app->e->status);
	*secret = arena_printf(app->a, API_SECRET_PREFIX "%s",
	    token_new(app->a));
	out->account_id = account_id;
	out->name = name;
	out->role = in->role;
	out->scope = in->customer_ids != NULL ? "customers" : "all";
	out->created_by = app->who->id;
	out->created_at = app->now;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_api_client_create(app->st, account_id, app->a, out,
	    token_hash(app->a, *secret), &id, app->e)) != ST_OK)
		goto fail;
	out->id = id;
	out->customer_ids = (const char **)in->customer_ids;
	out->ncustomers = in->ncustomers;
	out->sites = strcmp(acct.kind, "company") == 0;
	if (in->customer_ids != NULL && (rc = children_set(app, &acct,
	    in->sites, NULL, id, in->customer_ids, in->ncustomers)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, account_id, NULL, "api_client", "create",
	    "success", arena_printf(app->a, "API client \"%s\" (%s) created "
	    "as %s of %s", name, id, in->role, in->customer_ids != NULL ?
	    arena_printf(app->a, "%zu chosen %s%s", in->ncustomers,
	    children_noun(in->sites), in->ncustomers == 1 ? "" : "s") :
	    "the whole account"))) != ST_OK)
		goto fail;
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	*secret = NULL;
	return (app->e->status != ST_OK ? app->e->status : rc);
}

/* The customers (or sites) of the clients limited to some (one read for
 * all). */
static int
customers_of(struct app *app, const struct account *acct,
    struct api_client *c, size_t n)
{
	struct principal_customer	*pc;
	const char			**ids, *account_id = acct->id;
	size_t				 i, k, m = 0, npc;
	int				 rc;

	for (i = 0; i < n; i++)
		c[i].sites = strcmp(acct->kind, "company") == 0;
	ids = arena_calloc(app->a, n + 1, sizeof(*ids));
	for (i = 0; i < n; i++)
		if (strcmp(c[i].scope, "customers") == 0)
			ids[m++] = c[i].id;
	if ((rc = store_principal_customers(app->st, account_id, ids, m,
	    app->a, &pc, &npc, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		if (strcmp(c[i].scope, "customers") != 0)
			continue;
		c[i].customer_ids = arena_calloc(app->a, npc + 1,
		    sizeof(*c[i].customer_ids));
		for (k = 0; k < npc; k++)
			if (strcmp(pc[k].principal_id, c[i].id) == 0)
				c[i].customer_ids[c[i].ncustomers++] =
				    pc[k].customer_id;
	}
	return (ST_OK);
}

int
api_client_list(struct app *app, const char *account_id, struct page *pg,
    struct api_client **out, size_t *n)
{
	struct account	 acct;
	int		 rc;

	if ((rc = account_access(app, account_id, false, &acct, NULL)) !=
	    ST_OK || (rc = whole_account(app, account_id)) != ST_OK)
		return (rc);
	if ((rc = store_api_client_list(app->st, account_id, app->a, pg, out,
	    n, app->e)) != ST_OK)
		return (rc);
	return (customers_of(app, &acct, *out, *n));
}

int
api_client_delete(struct app *app, const char *account_id, const char *id)
{
	struct api_client	c;
	const char		*scope;
	int			rc;

	if ((rc = account_access(app, account_id, true, NULL, NULL)) !=
	    ST_OK || (rc = account_scope(app, account_id, &scope)) != ST_OK)
		return (rc);
	if (strcmp(scope, "customers") == 0)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_SCOPED));
	if ((rc = people_only(app)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_api_client_get(app->st, account_id, app->a, id, &c,
	    app->e)) != ST_OK ||
	    (rc = store_api_client_delete(app->st, account_id, id, app->now,
	    app->e)) != ST_OK ||
	    (rc = app_audit(app, account_id, NULL, "api_client", "delete",
	    "success", arena_printf(app->a, "API client \"%s\" (%s) deleted; "
	    "its tokens no longer work", c.name, id))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
api_token_issue(struct app *app, const char *client_id, const char *secret,
    char **token, int64_t *expires_in)
{
	struct api_client	 c;
	struct err		 tmp;
	const char		*bucket;
	long long		 hits;
	int64_t			 start;
	long			 retry;
	int			 rc;

	*token = NULL;
	*expires_in = 0;
	if (client_id == NULL || *client_id == '\0')
		err_field(app->e, "client_id", M_REQUIRED);
	else if (strlen(client_id) > CLIENT_ID_MAX)	/* none of ours: not kept */
		err_fieldn(app->e, "client_id", M_TOO_LONG, CLIENT_ID_MAX);
	if (secret == NULL || *secret == '\0')
		err_field(app->e, "client_secret", M_REQUIRED);
	if (app->e->status != ST_OK)
		return (app->e->status);
	bucket = arena_printf(app->a, "token:ip:%s", app->who->ip);
	if ((rc = store_ratelimit_peek(app->st, bucket, app->now,
	    app->cfg->signin_window, &hits, &start, app->e)) != ST_OK)
		return (rc);
	if (hits >= TOKEN_FAILURES_PER_IP) {
		retry = (long)(start + app->cfg->signin_window - app->now);
		app->e->retry_after = retry > 0 ? retry : 1;
		return (err_setn(app->e, ST_RATE_LIMITED, "rate_limited",
		    M_RATE_LIMITED, app->e->retry_after));
	}
	err_clear(&tmp);
	rc = store_api_client_by_secret(app->st, app->a, client_id,
	    token_hash(app->a, secret), &c, &tmp);
	if (rc == ST_NOT_FOUND) {
		if ((rc = store_ratelimit_hit(app->st, bucket, app->now,
		    app->cfg->signin_window, &hits, &start, app->e)) != ST_OK)
			return (rc);
		app->who->label = client_id;
		app_audit(app, NULL, NULL, "auth", "token", "failure",
		    "unknown API client or wrong secret");
		return (err_set(app->e, ST_UNAUTH, "invalid_client",
		    M_INVALID_CLIENT));
	}
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	*token = arena_printf(app->a, API_TOKEN_PREFIX "%s",
	    token_new(app->a));
	if ((rc = store_api_token_create(app->st, &c,
	    token_hash(app->a, *token), app->now, app->now + API_TOKEN_TTL,
	    app->e)) != ST_OK) {
		*token = NULL;
		return (rc);
	}
	*expires_in = API_TOKEN_TTL;
	return (ST_OK);
}

int
api_token_resolve(struct app *app, const char *token, struct principal *p)
{
	struct api_client	 c;
	struct err		 tmp;
	const char		*kind, *ip = p->ip;
	int			 rc;

	if (token == NULL || strncmp(token, API_TOKEN_PREFIX,
	    strlen(API_TOKEN_PREFIX)) != 0 || strlen(token) > 128)
		return (err_set(app->e, ST_UNAUTH, "invalid_token",
		    M_INVALID_TOKEN));
	err_clear(&tmp);
	rc = store_api_token_client(app->st, app->a, token_hash_memo(app->a,
	    token), app->now, &c, &kind, &tmp);
	if (rc == ST_NOT_FOUND)
		return (err_set(app->e, ST_UNAUTH, "invalid_token",
		    M_INVALID_TOKEN));
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	principal_client(p, c.id, c.name, ip, c.account_id, kind, c.role,
	    c.scope);
	return (ST_OK);
}

int
api_client_meter(struct app *app, struct api_rate *rate)
{
	const char	*bucket;
	long long	 hits;
	int64_t		 start;
	int		 rc;

	bucket = arena_printf(app->a, "api:%s", principal_key(app->who));
	if ((rc = store_ratelimit_hit(app->st, bucket, app->now,
	    API_RATE_WINDOW, &hits, &start, app->e)) != ST_OK)
		return (rc);
	/* A window's first call is the client's last use, to the minute. */
	if (hits == 1 && (rc = store_api_client_used(app->st,
	    app->who->grants[0].account_id, app->who->id, app->now,
	    app->e)) != ST_OK)
		return (rc);
	rate->limit = app->cfg->api_rate_per_minute;
	rate->remaining = hits >= rate->limit ? 0 : rate->limit - hits;
	rate->reset = (long)(start + API_RATE_WINDOW - app->now);
	if (rate->reset < 1)
		rate->reset = 1;
	if (hits > rate->limit) {
		app->e->retry_after = rate->reset;
		return (err_setn(app->e, ST_RATE_LIMITED, "rate_limited",
		    M_RATE_LIMITED, rate->reset));
	}
	return (ST_OK);
}
