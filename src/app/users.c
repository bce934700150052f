/*
 * users.c - the people of an account; see users.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/users.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"

/* Fill in the customers each limited user covers, in one read. */
static int
covered_customers(struct app *app, const char *account_id,
    struct account_user *u, size_t n)
{
	struct principal_customer	*pc;
	const char			**ids;
	size_t				 i, k, m = 0, npc;
	int				 rc;

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
	const char	*scope;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((rc = account_access(app, account_id, false, NULL, NULL)) !=
	    ST_OK || (rc = account_scope(app, account_id, &scope)) != ST_OK)
		return (rc);
	if (strcmp(scope, "customers") == 0)
		return (err_set(app->e, ST_FORBIDDEN, "forbidden",
		    M_FORBIDDEN_SCOPED));
	if ((rc = store_account_users(app->st, account_id, app->now, app->a,
	    pg, out, n, app->e)) != ST_OK)
		return (rc);
	return (covered_customers(app, account_id, *out, *n));
}
