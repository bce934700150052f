/*
 * h_devices.c - the partner's devices.
 *
 *   GET    .../devices?customer_id=&site_id=&status=&platform=&q=
 *   GET    .../devices/{device_id}
 *   PATCH  .../devices/{device_id}            {"site_id", "policy_id"}
 *   DELETE .../devices/{device_id}
 *   POST   .../devices/{device_id}/commands   {"type"} -> 202
 *   GET    .../devices/{device_id}/overrides
 *   PUT    .../devices/{device_id}/overrides  {"settings"}
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "app/device.h"
#include "core/json.h"
#include "core/text.h"

static void
device_json(struct jw *w, const struct device *d)
{
	jw_kstr(w, "id", d->id);
	jw_kstr(w, "hostname", d->hostname);
	jw_kstr(w, "platform", d->platform);
	jw_kstr(w, "customer_id", d->customer_id);
	jw_kstr(w, "customer_name", d->customer_name);
	jw_kstr(w, "site_id", d->site_id);
	jw_kstr(w, "site_name", d->site_name);
	jw_kstr(w, "status", d->status);
	jw_ktime(w, "last_seen", d->last_seen);
	jw_kstr(w, "policy_id", d->policy_id);
	jw_kstr(w, "os", d->os);
	jw_kstr(w, "agent_version", d->agent_version);
	jw_kstr(w, "protection", d->protection);
	jw_ktime(w, "definitions_updated_at", d->definitions_at);
	jw_kint(w, "open_threats", d->open_threats);
}

static void
device_item(struct rq *rq, struct jw *w, const void *d)
{
	(void)rq;
	jw_obj_begin(w);
	device_json(w, d);
	jw_obj_end(w);
}

int
h_devices_list(struct rq *rq)
{
	struct device_filter	 f;
	struct device		*list;
	struct page		 pg;
	const char		*q = NULL;
	size_t			 n;
	int			 rc;

	memset(&f, 0, sizeof(f));
	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = rq_query_text(rq, "customer_id", &f.customer_id)) != ST_OK ||
	    (rc = rq_query_text(rq, "site_id", &f.site_id)) != ST_OK ||
	    (rc = rq_query_text(rq, "status", &f.status)) != ST_OK ||
	    (rc = rq_query_text(rq, "platform", &f.platform)) != ST_OK ||
	    (rc = rq_query_text(rq, "q", &q)) != ST_OK)
		return (rc);
	if (q != NULL && *q != '\0')
		f.q = text_fold(&rq->a, q);
	if ((rc = device_list(&rq->app, rq_param(rq, "account_id"), &f, &pg,
	    &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "devices", list, n, sizeof(*list), device_item, &pg);
	return (ST_OK);
}

static int
reply_device(struct rq *rq, int status)
{
	struct device_threat	*t;
	struct device		 d;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	size_t			 n, i;
	int			 rc;

	if ((rc = device_get(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "device_id"), &d, &t, &n)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	device_json(&w, &d);
	jw_kstr(&w, "hardware_id", d.hardware_id);
	jw_kstr(&w, "kernel", d.kernel);
	jw_key(&w, "ip_addresses");
	jw_raw(&w, d.ip_addresses);
	jw_ktime(&w, "booted_at", d.booted_at);
	jw_ktime(&w, "enrolled_at", d.enrolled_at);
	jw_key(&w, "threats");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "id", t[i].id);
		jw_kstr(&w, "name", t[i].name);
		jw_kstr(&w, "path", t[i].path);
		jw_kstr(&w, "action", t[i].action);
		jw_ktime(&w, "detected_at", t[i].detected_at);
		jw_ktime(&w, "reported_at", t[i].reported_at);
		jw_kbool(&w, "resolved", t[i].resolved);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "commands_pending");
	jw_raw(&w, *d.commands ? d.commands : "[]");
	jw_obj_end(&w);
	rq_reply_json(rq, status, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_device_get(struct rq *rq)
{
	return (reply_device(rq, 200));
}

/* A member that is a string or null: *set when present. */
static void
string_or_null(struct rq *rq, json_t *body, const char *key, bool *set,
    const char **out)
{
	json_t	*v;

	if ((v = json_object_get(body, key)) == NULL)
		return;
	*set = true;
	if (!json_is_null(v))
		jget_str(body, key, out, false, &rq->e);
}

int
h_device_patch(struct rq *rq)
{
	static const char *const keys[] = { "site_id", "policy_id", NULL };
	struct device_change	 c;
	json_t			*body;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&c, 0, sizeof(c));
	jcheck_keys(body, keys, NULL, &rq->e);
	string_or_null(rq, body, "site_id", &c.set_site, &c.site_id);
	string_or_null(rq, body, "policy_id", &c.set_policy, &c.policy_id);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = device_update(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "device_id"), &c)) != ST_OK)
		return (rc);
	return (reply_device(rq, 200));
}

int
h_device_delete(struct rq *rq)
{
	int	rc;

	if ((rc = device_remove(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "device_id"))) != ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

int
h_device_command(struct rq *rq)
{
	static const char *const keys[] = { "type", NULL };
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	json_t		*body, *pending;
	const char	*type = NULL;
	int		 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "type", &type, false, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = device_command(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "device_id"), type, &pending)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "commands_pending");
	jw_json(&w, pending);
	jw_obj_end(&w);
	rq_reply_json(rq, 202, &b);
	buf_free(&b);
	return (ST_OK);
}

static void
reply_overrides(struct rq *rq, json_t *settings, long long revision)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "device_id", rq_param(rq, "device_id"));
	jw_key(&w, "settings");
	jw_json(&w, settings);
	jw_kint(&w, "revision", revision);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
}

int
h_device_overrides_get(struct rq *rq)
{
	json_t		*settings;
	long long	 revision;
	int		 rc;

	if ((rc = device_overrides_get(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "device_id"), &settings, &revision)) != ST_OK)
		return (rc);
	reply_overrides(rq, settings, revision);
	return (ST_OK);
}

int
h_device_overrides_put(struct rq *rq)
{
	static const char *const keys[] = { "settings", NULL };
	json_t		*body, *settings = NULL, *stored;
	long long	 revision;
	int		 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_obj(body, "settings", &settings, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = device_overrides_put(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "device_id"), settings, &stored, &revision)) !=
	    ST_OK)
		return (rc);
	reply_overrides(rq, stored, revision);
	return (ST_OK);
}
