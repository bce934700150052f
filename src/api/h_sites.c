/*
 * h_sites.c - the sites of a customer or of a company console, and the
 * installers of customers, company consoles and sites.
 *
 *   GET    .../customers/{customer_id}/sites
 *   POST   .../customers/{customer_id}/sites              {"name"}
 *   PATCH  .../customers/{customer_id}/sites/{site_id}    {"name", "exclusions"}
 *   DELETE .../customers/{customer_id}/sites/{site_id}[?move_devices_to=]
 *          {"confirm_name"}
 *   GET    .../customers/{customer_id}/deleted-sites
 *   POST   .../customers/{customer_id}/sites/{site_id}/restore
 *   GET    .../customers/{customer_id}[/sites/{site_id}]/installer
 *   POST   .../customers/{customer_id}[/sites/{site_id}]/installer/rotate
 *
 * A company console's the same without .../customers/{customer_id}: its
 * sites (multi-tenant) and their installers, or its own installer
 * (single-tenant); the app finds the console's own record.
 */
#include <string.h>

#include <sodium.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "app/installer.h"
#include "app/site.h"
#include "core/json.h"

static void
site_json(struct jw *w, const struct site *s)
{
	jw_kstr(w, "id", s->id);
	jw_kstr(w, "customer_id", s->customer_id);
	jw_kstr(w, "name", s->name);
	jw_kint(w, "device_count", s->device_count);
	jw_key(w, "exclusions");
	jw_raw(w, s->exclusions);
	jw_ktime(w, "created_at", s->created_at);
	jw_ktime(w, "updated_at", s->updated_at);
}

static void
site_item(struct rq *rq, struct jw *w, const void *s)
{
	(void)rq;
	jw_obj_begin(w);
	site_json(w, s);
	jw_obj_end(w);
}

static void
reply_site(struct rq *rq, int status, const struct site *s)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	site_json(&w, s);
	jw_obj_end(&w);
	rq_reply_json(rq, status, &b);
	buf_free(&b);
}

int
h_sites_list(struct rq *rq)
{
	struct site	*list;
	struct page	 pg;
	size_t		 n;
	int		 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = site_list(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), &pg, &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "sites", list, n, sizeof(*list), site_item, &pg);
	return (ST_OK);
}

int
h_sites_create(struct rq *rq)
{
	static const char *const keys[] = { "name", NULL };
	struct site	 s;
	json_t		*body;
	const char	*name = NULL;
	int		 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	if (jget_str(body, "name", &name, false, &rq->e) == 0)
		err_field(&rq->e, "name", M_REQUIRED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = site_create(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), name, &s)) != ST_OK)
		return (rc);
	rq_header_add(rq, "location", rq_param(rq, "customer_id") != NULL ?
	    arena_printf(&rq->a, "/api/v1/accounts/%s/customers/%s/sites/%s",
	    rq_param(rq, "account_id"), s.customer_id, s.id) :
	    arena_printf(&rq->a, "/api/v1/accounts/%s/sites/%s",
	    rq_param(rq, "account_id"), s.id));
	reply_site(rq, 201, &s);
	return (ST_OK);
}

int
h_site_patch(struct rq *rq)
{
	static const char *const keys[] = { "name", "exclusions", NULL };
	struct site	 s;
	json_t		*body, *ex = NULL;
	const char	*name = NULL;
	int		 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "name", &name, false, &rq->e);
	jget_obj(body, "exclusions", &ex, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = site_update(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), rq_param(rq, "site_id"), name, ex,
	    &s)) != ST_OK)
		return (rc);
	reply_site(rq, 200, &s);
	return (ST_OK);
}

/*
 * {"confirm_name": "<site name>"}; where the devices go is a query
 * parameter: ?move_devices_to=<site id>, or "none" for no site.
 */
int
h_site_delete(struct rq *rq)
{
	struct err	 bad;
	const char	*to = NULL, *name;
	int		 rc;

	if ((rc = rq_query_text(rq, "move_devices_to", &to)) != ST_OK)
		return (rc);
	rq_confirm_name(rq, &name, &bad);
	return (rq_confirm_answer(rq, site_delete(&rq->app,
	    rq_param(rq, "account_id"), rq_param(rq, "customer_id"),
	    rq_param(rq, "site_id"), name, to != NULL,
	    to != NULL && strcmp(to, "none") != 0 ? to : NULL), name, &bad));
}

static void
deleted_site_item(struct rq *rq, struct jw *w, const void *item)
{
	const struct deleted	*d = item;

	(void)rq;
	jw_obj_begin(w);
	jw_kstr(w, "id", d->id);
	jw_kstr(w, "customer_id", d->customer_id);
	jw_kstr(w, "name", d->name);
	jw_kstr(w, "deleted_by", d->deleted_by);
	jw_ktime(w, "deleted_at", d->deleted_at);
	jw_ktime(w, "purge_at", d->purge_at);
	jw_obj_end(w);
}

int
h_sites_deleted(struct rq *rq)
{
	struct deleted	*list;
	struct page	 pg;
	size_t		 n;
	int		 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = site_deleted_list(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), &pg, &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "sites", list, n, sizeof(*list), deleted_site_item,
	    &pg);
	return (ST_OK);
}

int
h_site_restore(struct rq *rq)
{
	int	rc;

	if ((rc = site_restore(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), rq_param(rq, "site_id"))) != ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

static void
reply_installer(struct rq *rq, const struct installer_view *v)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "customer_id", v->customer_id);
	jw_kstr(&w, "site_id", v->site_id);
	jw_kstr(&w, "token", v->token);
	jw_kstr(&w, "command", v->command);
	jw_kstr(&w, "package_url", v->package_url);
	jw_ktime(&w, "rotated_at", v->rotated_at);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	sodium_memzero(b.data, b.len);
	buf_free(&b);
}

int
h_installer_get(struct rq *rq)
{
	struct installer_view	v;
	int			rc;

	if ((rc = installer_get(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), rq_param(rq, "site_id"), &v)) !=
	    ST_OK)
		return (rc);
	reply_installer(rq, &v);
	return (ST_OK);
}

int
h_installer_rotate(struct rq *rq)
{
	struct installer_view	v;
	int			rc;

	if ((rc = installer_rotate(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), rq_param(rq, "site_id"), &v)) !=
	    ST_OK)
		return (rc);
	reply_installer(rq, &v);
	return (ST_OK);
}
