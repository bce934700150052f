/*
 * h_policies.c - policies: global ones at partner level, a customer's
 * local and assigned ones, and the settings schema. Shapes are described
 * in docs/openapi.yaml.
 *
 *   GET    /api/v1/policy-schema
 *   GET    .../policies[?scope=local]          POST .../policies
 *   GET    .../policies/{policy_id}            PATCH, DELETE (?replacement_policy_id=)
 *   GET    .../customers/{customer_id}/policies   POST (a local policy)
 *   GET    .../customers/{customer_id}/policies/{policy_id}   PATCH, DELETE
 * Assignments and defaults are h_policy_assign.c, overrides
 * h_policy_override.c, the effective policy h_effective.c.
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "api/render.h"
#include "app/policy.h"
#include "app/settings.h"
#include "core/json.h"
#include "store/store_policy.h"

/* ---- rendering -------------------------------------------------------- */

static void
policy_fields(struct jw *w, const struct policy *p)
{
	jw_kstr(w, "id", p->id);
	jw_kstr(w, "name", p->name);
	jw_kstr(w, "description", p->description);
	jw_kstr(w, "platform", p->platform);
	jw_kstr(w, "scope", p->customer_id == NULL ? "global" : "local");
	jw_kstr(w, "customer_id", p->customer_id);
	jw_kstr(w, "template", p->template[0] ? p->template : NULL);
	jw_kint(w, "template_version", p->template_version);
	jw_kint(w, "revision", p->revision);
}

static void
policy_counts(struct jw *w, const struct policy *p)
{
	if (p->customer_id == NULL) {
		jw_kint(w, "assigned_customers", p->assigned);
		jw_kint(w, "overrides", p->overrides);
		jw_kint(w, "default_for", p->defaults);
	}
	jw_kstr(w, "status", policy_in_use(p) ? "in_use" : "unused");
}

/* A policy in a list; in_customer: in one customer's list. */
static void
policy_summary(struct jw *w, const struct policy *p, bool in_customer)
{
	jw_obj_begin(w);
	policy_fields(w, p);
	if (p->customer_name != NULL)
		jw_kstr(w, "customer_name", p->customer_name);
	if (in_customer) {
		if (p->customer_id == NULL)
			jw_kint(w, "assigned_customers", p->assigned);
		jw_kbool(w, "default", p->is_default);
		jw_kbool(w, "overridden", p->has_override);
	} else {
		policy_counts(w, p);
		if (p->customer_id != NULL)
			jw_kbool(w, "default", p->is_default);
	}
	jw_ktime(w, "created_at", p->created_at);
	jw_ktime(w, "updated_at", p->updated_at);
	jw_obj_end(w);
}

static void
policy_full(struct jw *w, const struct policy_doc *d)
{
	jw_obj_begin(w);
	policy_fields(w, &d->p);
	jw_key(w, "settings");
	jw_json(w, d->settings);
	jw_key(w, "changes");
	jw_json(w, d->changes);
	jw_key(w, "locked");
	jw_json(w, d->locked);
	jw_key(w, "origin");
	jw_json(w, d->origin);
	if (!d->from_customer)
		policy_counts(w, &d->p);
	else {
		jw_kstr(w, "status", policy_doc_in_use(d) ? "in_use" :
		    "unused");
		jw_key(w, "customer");
		jw_obj_begin(w);
		jw_kbool(w, "default", d->is_default);
		jw_key(w, "overrides");
		if (d->overrides != NULL)
			jw_json(w, d->overrides);
		else
			jw_raw(w, "{}");
		jw_kint(w, "override_revision", d->override_revision);
		jw_ktime(w, "override_updated_at", d->override_updated_at);
		jw_key(w, "effective");
		jw_json(w, d->effective);
		jw_key(w, "origin");
		jw_json(w, d->effective_origin);
		jw_key(w, "contributions");
		jw_json(w, d->contributions);
		jw_obj_end(w);
	}
	jw_ktime(w, "created_at", d->p.created_at);
	jw_ktime(w, "updated_at", d->p.updated_at);
	jw_obj_end(w);
}

static void
summary_item(struct rq *rq, struct jw *w, const void *p)
{
	(void)rq;
	policy_summary(w, p, false);
}

/* In one customer's list. */
static void
customer_item(struct rq *rq, struct jw *w, const void *p)
{
	(void)rq;
	policy_summary(w, p, true);
}

/* Answer with one policy, read again (as the customer sees it). */
static int
reply_policy(struct rq *rq, int status, const char *customer_id,
    const char *id)
{
	struct policy_doc	d;
	struct buf		b = BUF_INIT;
	struct jw		w;
	int			rc;

	if ((rc = policy_get(&rq->app, rq_param(rq, "account_id"),
	    customer_id, id, &d)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "policy");
	policy_full(&w, &d);
	jw_obj_end(&w);
	rq_reply_json(rq, status, &b);
	buf_free(&b);
	return (ST_OK);
}

/* ---- the schema ------------------------------------------------------- */

int
h_policy_schema(struct rq *rq)
{
	static const char *const names[] = { "workstation", "server", NULL };
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	const json_t	*tpl;
	size_t		 i;
	int		 version;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "schema");
	jw_raw(&w, settings_schema_text());
	jw_key(&w, "templates");
	jw_obj_begin(&w);
	for (i = 0; names[i] != NULL; i++) {
		tpl = settings_template(names[i], &version);
		jw_key(&w, names[i]);
		jw_obj_begin(&w);
		jw_kint(&w, "version", version);
		jw_key(&w, "settings");
		jw_json(&w, tpl);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	jw_key(&w, "additive");
	jw_raw(&w, "[\"exclusions.paths\",\"exclusions.urls\"]");
	jw_obj_end(&w);
	rq_header_add(rq, "cache-control", "private, max-age=300");
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

/* ---- lists and creation ----------------------------------------------- */

int
h_policies_list(struct rq *rq)
{
	struct policy	*list;
	struct page	 pg;
	const char	*scope;
	bool		 local;
	size_t		 n;
	int		 rc;

	if ((rc = rq_query_text(rq, "scope", &scope)) != ST_OK)
		return (rc);
	if (scope != NULL && strcmp(scope, "global") != 0 &&
	    strcmp(scope, "local") != 0)
		return (err_fields(&rq->e, "scope", M_ONE_OF, "global, local"));
	local = scope != NULL && strcmp(scope, "local") == 0;
	if ((rc = rq_page(rq, local ? 4 : 2, &pg)) != ST_OK)
		return (rc);
	if (local)
		rc = policy_list_local(&rq->app, rq_param(rq, "account_id"),
		    &pg, &list, &n);
	else
		rc = policy_list_global(&rq->app, rq_param(rq, "account_id"),
		    &pg, &list, &n);
	if (rc != ST_OK)
		return (rc);
	list_answer(rq, "policies", list, n, sizeof(*list), summary_item, &pg);
	return (ST_OK);
}

/* An optional member: the object (or list), NULL when absent or null. */
static json_t *
body_settings(struct rq *rq, json_t *body)
{
	json_t	*v = NULL;

	jget_obj(body, "settings", &v, &rq->e);
	return (v);
}

static json_t *
body_locked(struct rq *rq, json_t *body)
{
	json_t	*v = NULL;

	jget_arr(body, "locked", &v, &rq->e);
	return (v);
}

static int
create(struct rq *rq, const char *customer_id)
{
	static const char *const keys[] = { "name", "platform", "description",
	    "source", "copy_from", "settings", "locked", NULL };
	static const char *const copy_keys[] = { "customer_id", "policy_id",
	    NULL };
	struct policy_input	 in;
	json_t			*body, *copy = NULL;
	const char		*account;
	char			*id, *loc;
	int			 rc;

	account = rq_param(rq, "account_id");
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&in, 0, sizeof(in));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "name", &in.name, false, &rq->e);
	jget_str(body, "platform", &in.platform, false, &rq->e);
	jget_str(body, "description", &in.description, true, &rq->e);
	jget_str(body, "source", &in.source, false, &rq->e);
	if (jget_obj(body, "copy_from", &copy, &rq->e) == 1) {
		jcheck_keys(copy, copy_keys, "copy_from", &rq->e);
		jget_str(copy, "copy_from.customer_id", &in.copy_customer_id,
		    false, &rq->e);
		if (jget_str(copy, "copy_from.policy_id", &in.copy_policy_id,
		    false, &rq->e) == 0)
			err_field(&rq->e, "copy_from.policy_id", M_REQUIRED);
		if (in.source == NULL)
			in.source = "copy";
	}
	in.settings = body_settings(rq, body);
	in.locked = body_locked(rq, body);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = policy_create(&rq->app, account, customer_id, &in, &id)) !=
	    ST_OK)
		return (rc);
	loc = customer_id ? arena_printf(&rq->a,
	    "/api/v1/accounts/%s/customers/%s/policies/%s", account,
	    customer_id, id) : arena_printf(&rq->a,
	    "/api/v1/accounts/%s/policies/%s", account, id);
	rq_header_add(rq, "location", loc);
	return (reply_policy(rq, 201, customer_id, id));
}

int
h_policies_create(struct rq *rq)
{
	return (create(rq, NULL));
}

int
reply_customer_policies(struct rq *rq, struct page *pg)
{
	struct policy	*list;
	size_t		 n;
	int		 rc;

	if ((rc = policy_list_customer(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), pg, &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "policies", list, n, sizeof(*list), customer_item,
	    pg);
	return (ST_OK);
}

int
h_customer_policies_list(struct rq *rq)
{
	struct page	pg;
	int		rc;

	if ((rc = rq_page(rq, 4, &pg)) != ST_OK)
		return (rc);
	return (reply_customer_policies(rq, &pg));
}

int
h_customer_policies_create(struct rq *rq)
{
	return (create(rq, rq_param(rq, "customer_id")));
}

/* ---- one policy ------------------------------------------------------- */

int
h_policy_get(struct rq *rq)
{
	return (reply_policy(rq, 200, NULL, rq_param(rq, "policy_id")));
}

int
h_customer_policy_get(struct rq *rq)
{
	return (reply_policy(rq, 200, rq_param(rq, "customer_id"),
	    rq_param(rq, "policy_id")));
}

static int
patch(struct rq *rq, const char *customer_id)
{
	static const char *const keys[] = { "name", "description",
	    "settings", "locked", NULL };
	struct policy_patch	 p;
	struct policy_result	 res;
	json_t			*body;
	const char		*account;
	int			 rc;

	account = rq_param(rq, "account_id");
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&p, 0, sizeof(p));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "name", &p.name, false, &rq->e);
	jget_str(body, "description", &p.description, true, &rq->e);
	p.settings = body_settings(rq, body);
	p.locked = body_locked(rq, body);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = policy_update(&rq->app, account, customer_id,
	    rq_param(rq, "policy_id"), &p, &res)) != ST_OK)
		return (rc);
	return (reply_policy(rq, 200, customer_id, rq_param(rq, "policy_id")));
}

int
h_policy_patch(struct rq *rq)
{
	return (patch(rq, NULL));
}

int
h_customer_policy_patch(struct rq *rq)
{
	return (patch(rq, rq_param(rq, "customer_id")));
}

static int
delete(struct rq *rq, const char *customer_id)
{
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	const char	*replacement;
	size_t		 moved;
	int		 rc;

	if ((rc = rq_query_text(rq, "replacement_policy_id", &replacement)) !=
	    ST_OK)
		return (rc);
	if (replacement != NULL && *replacement == '\0')
		replacement = NULL;
	if ((rc = policy_delete(&rq->app, rq_param(rq, "account_id"),
	    customer_id, rq_param(rq, "policy_id"), replacement, &moved)) !=
	    ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "deleted", rq_param(rq, "policy_id"));
	jw_kint(&w, "customers_moved", (long long)moved);
	jw_kstr(&w, "replacement_policy_id", moved > 0 ? replacement : NULL);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_policy_delete(struct rq *rq)
{
	return (delete(rq, NULL));
}

int
h_customer_policy_delete(struct rq *rq)
{
	return (delete(rq, rq_param(rq, "customer_id")));
}
