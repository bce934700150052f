/*
 * policy_assign.c - which policies a customer has: assignments of global
 * policies, where a policy is used, and the default per platform; see
 * policy.h.
 */

#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/policy.h"
#include "app/policy_int.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_policy.h"

/* Check a list of customer ids: each a customer of the partner. */
static int
check_customers(struct app *app, const char *partner_id,
    const char *const *ids, size_t n, struct customer *out)
{
	struct err	tmp;
	size_t		i;
	int		rc;

	if (n == 0)
		return (err_field(app->e, "customer_ids", M_REQUIRED));
	if (n > POLICY_ASSIGN_MAX)
		return (err_fieldn(app->e, "customer_ids", M_TOO_MANY,
		    POLICY_ASSIGN_MAX));
	for (i = 0; i < n; i++) {
		err_clear(&tmp);
		rc = store_customer_get(app->st, partner_id, app->a, ids[i],
		    &out[i], &tmp);
		if (rc == ST_NOT_FOUND)
			err_field(app->e, arena_printf(app->a,
			    "customer_ids[%zu]", i), M_NO_SUCH_CUSTOMER);
		else if (rc != ST_OK) {
			*app->e = tmp;
			return (rc);
		}
	}
	return (app->e->status);
}

/* What assign and unassign check first: access, policy, customers. */
static int
assignment_prepare(struct app *app, const char *partner_id, const char *id,
    const char *const *ids, size_t n, struct policy_doc *d,
    struct customer **cs)
{
	int	rc;

	if ((rc = partner_access(app, partner_id, true)) != ST_OK)
		return (rc);
	if ((rc = policy_load_scoped(app, partner_id, NULL, id, false, d)) != ST_OK)
		return (rc);
	*cs = arena_calloc(app->a, n ? n : 1, sizeof(**cs));
	return (check_customers(app, partner_id, ids, n, *cs));
}

int
policy_assign(struct app *app, const char *partner_id, const char *id,
    const char *const *ids, size_t n, bool make_default, size_t *added)
{
	struct policy_doc	 d;
	struct customer		*cs;
	size_t			 i, j;
	bool			 had, is_default, dup;
	int			 rc;

	*added = 0;
	if ((rc = assignment_prepare(app, partner_id, id, ids, n, &d, &cs)) !=
	    ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		for (j = 0, dup = false; j < i; j++)
			dup = dup || strcmp(ids[i], ids[j]) == 0;
		if (dup)
			continue;
		if ((rc = policy_customer_has(app, partner_id, ids[i], id, &had,
		    &is_default)) != ST_OK)
			goto fail;
		if (had && (!make_default || is_default))
			continue;	/* nothing changes for this one */
		if ((rc = store_policy_assign(app->st, partner_id, id, ids[i],
		    app->now, app->e)) != ST_OK)
			goto fail;
		if (make_default && (rc = store_customer_default_set(app->st,
		    partner_id, ids[i], d.p.platform, id, app->e)) != ST_OK)
			goto fail;
		if ((rc = app_audit(app, partner_id, ids[i], "policy",
		    "assign", "success", arena_printf(app->a, "global %s "
		    "policy \"%s\" assigned to \"%s\"%s", d.p.platform,
		    d.p.name, cs[i].d.company, make_default ? " as its default" :
		    ""))) != ST_OK)
			goto fail;
		(*added)++;
	}
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
policy_unassign(struct app *app, const char *partner_id, const char *id,
    const char *const *ids, size_t n)
{
	struct policy_doc	 d;
	struct customer		*cs;
	char			*field;
	size_t			 i, j;
	bool			 assigned, is_default, conflict = false;
	int			 rc;

	if ((rc = assignment_prepare(app, partner_id, id, ids, n, &d, &cs)) !=
	    ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		field = arena_printf(app->a, "customer_ids[%zu]", i);
		if ((rc = policy_customer_has(app, partner_id, ids[i], id, &assigned,
		    &is_default)) != ST_OK)
			goto fail;
		if (!assigned) {
			/* Listed twice: the first one did it. */
			for (j = 0; j < i; j++)
				if (strcmp(ids[i], ids[j]) == 0)
					break;
			if (j < i)
				continue;
			err_field(app->e, field, M_NOT_ASSIGNED);
			continue;
		}
		if (is_default) {
			err_field(app->e, field, M_POLICY_IS_DEFAULT);
			conflict = true;
			continue;
		}
		if (app->e->status != ST_OK)
			continue;	/* only collecting problems now */
		if ((rc = store_policy_unassign(app->st, partner_id, id,
		    ids[i], app->e)) != ST_OK)
			goto fail;
		if ((rc = app_audit(app, partner_id, ids[i], "policy",
		    "unassign", "success", arena_printf(app->a, "global %s "
		    "policy \"%s\" unassigned from \"%s\"", d.p.platform,
		    d.p.name, cs[i].d.company))) != ST_OK)
			goto fail;
	}
	if (app->e->status != ST_OK) {
		/* Defaults are a conflict with the state, not bad input. */
		rc = conflict ? err_promote(app->e, ST_CONFLICT,
		    "policy_is_default", M_POLICY_IS_DEFAULT) : app->e->status;
		goto fail;
	}
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
policy_usage(struct app *app, const char *partner_id, const char *id,
    struct page *pg, struct policy_use **out, size_t *n)
{
	struct policy_doc	d;
	int			rc;

	if ((rc = partner_access(app, partner_id, false)) != ST_OK)
		return (rc);
	if ((rc = policy_load_scoped(app, partner_id, NULL, id, false, &d)) != ST_OK)
		return (rc);
	return (store_policy_usage(app->st, partner_id, id, app->a, pg, out,
	    n, app->e));
}

int
policy_default_set(struct app *app, const char *partner_id,
    const char *customer_id, const char *platform, const char *policy_id)
{
	struct customer	 c;
	struct policy	 p, old;
	struct err	 tmp;
	const char	*old_id = NULL;
	int		 rc;

	if ((rc = record_access(app, partner_id, customer_id, true, &c)) !=
	    ST_OK)
		return (rc);
	if (valid_enum(app->a, app->e, "platform", platform, policy_platforms) !=
	    ST_OK)
		return (app->e->status);
	if (policy_id == NULL)
		return (err_field(app->e, "policy_id", M_REQUIRED));
	err_clear(&tmp);
	rc = store_policy_get(app->st, partner_id, app->a, policy_id, &p,
	    &tmp);
	if (rc == ST_NOT_FOUND || (rc == ST_OK && p.customer_id != NULL &&
	    strcmp(p.customer_id, customer_id) != 0))
		return (err_field(app->e, "policy_id", M_NO_SUCH_POLICY));
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	if (strcmp(p.platform, platform) != 0)
		return (err_field(app->e, "policy_id", M_PLATFORM_MISMATCH));
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	err_clear(&tmp);
	rc = store_customer_default_get(app->st, partner_id, customer_id,
	    platform, app->a, &old_id, &tmp);
	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		*app->e = tmp;
		goto fail;
	}
	if (rc == ST_OK && strcmp(old_id, policy_id) == 0)
		return (store_tx_commit(app->st, app->e));
	if (rc == ST_OK && (rc = store_policy_get(app->st, partner_id, app->a,
	    old_id, &old, app->e)) != ST_OK)
		goto fail;
	if (p.customer_id == NULL && (rc = store_policy_assign(app->st,
	    partner_id, policy_id, customer_id, app->now, app->e)) != ST_OK)
		goto fail;
	if ((rc = store_customer_default_set(app->st, partner_id, customer_id,
	    platform, policy_id, app->e)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, partner_id, customer_id, "policy", "default",
	    "success", arena_printf(app->a, "default %s policy of \"%s\": "
	    "%s%s%s -> \"%s\" (%s)", platform, c.d.company, old_id ? "\"" : "",
	    old_id ? old.name : "none", old_id ? "\"" : "", p.name,
	    policy_kind(&p)))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}
