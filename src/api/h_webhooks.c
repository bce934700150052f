/*
 * h_webhooks.c - a partner's webhooks (whole-account admins).
 *
 *   GET    .../webhooks
 *   POST   .../webhooks                      {"url", "events"} -> 201 with
 *                                            "secret" (shown this once)
 *   GET    .../webhooks/{webhook_id}
 *   PATCH  .../webhooks/{webhook_id}         {"url", "events", "enabled"}
 *   DELETE .../webhooks/{webhook_id}
 *   POST   .../webhooks/{webhook_id}/rotate-secret -> with "secret"
 *   GET    .../webhooks/{webhook_id}/deliveries
 *   POST   .../webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "app/webhook.h"
#include "core/json.h"

static void
hook_json(struct jw *w, const struct webhook *h, const char *secret)
{
	jw_obj_begin(w);
	jw_kstr(w, "id", h->id);
	jw_kstr(w, "url", h->url);
	jw_key(w, "events");
	jw_raw(w, h->events);
	jw_kbool(w, "enabled", h->enabled);
	jw_kstr(w, "created_by", h->created_by);
	jw_ktime(w, "created_at", h->created_at);
	jw_ktime(w, "updated_at", h->updated_at);
	if (h->last_status != NULL || h->last_at != 0) {
		jw_key(w, "last_delivery");
		jw_obj_begin(w);
		jw_kstr(w, "status", h->last_status);
		jw_ktime(w, "at", h->last_at);
		jw_obj_end(w);
	}
	jw_kint(w, "failed_deliveries", h->failed);
	if (secret != NULL)
		jw_kstr(w, "secret", secret);
	jw_obj_end(w);
}

static void
hook_item(struct rq *rq, struct jw *w, const void *p)
{
	(void)rq;
	hook_json(w, p, NULL);
}

static void
reply_hook(struct rq *rq, int status, const struct webhook *h,
    const char *secret)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	hook_json(&w, h, secret);
	rq_reply_json(rq, status, &b);
	buf_free(&b);
}

int
h_webhooks_list(struct rq *rq)
{
	struct webhook	*list;
	struct page	 pg;
	size_t		 n;
	int		 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = webhook_list(&rq->app, rq_param(rq, "account_id"), &pg,
	    &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "webhooks", list, n, sizeof(*list), hook_item, &pg);
	return (ST_OK);
}

/* The body's url and events ("events" absent: *nevents is SIZE_MAX). */
static void
hook_body(struct rq *rq, json_t *body, const char **url, const char ***ev,
    size_t *nev)
{
	*nev = 0;
	*ev = NULL;
	jget_str(body, "url", url, false, &rq->e);
	if (jget_strs(&rq->a, body, "events", ev, nev, WEBHOOK_EVENTS_MAX,
	    &rq->e) == 0)
		*nev = (size_t)-1;
}

int
h_webhook_create(struct rq *rq)
{
	static const char *const keys[] = { "url", "events", NULL };
	struct webhook	  h;
	const char	 *url = NULL, **ev, *secret;
	size_t		  nev;
	json_t		 *body;
	int		  rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	hook_body(rq, body, &url, &ev, &nev);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = webhook_create(&rq->app, rq_param(rq, "account_id"), url,
	    (const char *const *)ev, nev == (size_t)-1 ? 0 : nev, &h,
	    &secret)) != ST_OK)
		return (rc);
	reply_hook(rq, 201, &h, secret);
	return (ST_OK);
}

int
h_webhook_get(struct rq *rq)
{
	struct webhook	h;
	int		rc;

	if ((rc = webhook_get(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "webhook_id"), &h)) != ST_OK)
		return (rc);
	reply_hook(rq, 200, &h, NULL);
	return (ST_OK);
}

int
h_webhook_patch(struct rq *rq)
{
	static const char *const keys[] = { "url", "events", "enabled", NULL };
	struct webhook	  h;
	const char	 *url = NULL, **ev;
	size_t		  nev;
	bool		  enabled = true;
	json_t		 *body;
	int		  has_enabled, rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	hook_body(rq, body, &url, &ev, &nev);
	has_enabled = jget_bool(body, "enabled", &enabled, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = webhook_update(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "webhook_id"), url, nev == (size_t)-1 ? NULL :
	    (const char *const *)ev, nev == (size_t)-1 ? 0 : nev,
	    has_enabled == 1 ? (enabled ? 1 : 0) : -1, &h)) != ST_OK)
		return (rc);
	reply_hook(rq, 200, &h, NULL);
	return (ST_OK);
}

int
h_webhook_delete(struct rq *rq)
{
	int	rc;

	if ((rc = webhook_delete(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "webhook_id"))) != ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

int
h_webhook_rotate(struct rq *rq)
{
	struct webhook	 h;
	const char	*secret;
	int		 rc;

	if ((rc = webhook_rotate(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "webhook_id"), &h, &secret)) != ST_OK)
		return (rc);
	reply_hook(rq, 200, &h, secret);
	return (ST_OK);
}

static void
delivery_item(struct rq *rq, struct jw *w, const void *p)
{
	const struct webhook_delivery	*d = p;

	(void)rq;
	jw_obj_begin(w);
	jw_kstr(w, "id", d->id);
	jw_kstr(w, "event", d->event);
	jw_kstr(w, "event_id", d->event_id);
	jw_kstr(w, "status", d->status);
	jw_kint(w, "attempts", d->attempts);
	if (d->last_status != 0)
		jw_kint(w, "last_status", d->last_status);
	else
		jw_knull(w, "last_status");
	jw_kstr(w, "last_error", d->last_error);
	jw_ktime(w, "created_at", d->created_at);
	jw_ktime(w, "next_attempt_at", strcmp(d->status, "waiting") == 0 ?
	    d->next_attempt_at : 0);
	jw_ktime(w, "delivered_at", d->delivered_at);
	jw_key(w, "body");
	jw_raw(w, d->body);
	jw_obj_end(w);
}

int
h_webhook_deliveries(struct rq *rq)
{
	struct webhook_delivery	*list;
	struct page		 pg;
	size_t			 n;
	int			 rc;

	if ((rc = rq_page_sized(rq, 50, 1, &pg)) != ST_OK ||
	    (rc = webhook_deliveries(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "webhook_id"), &pg, &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "deliveries", list, n, sizeof(*list), delivery_item,
	    &pg);
	return (ST_OK);
}

int
h_webhook_redeliver(struct rq *rq)
{
	int	rc;

	if ((rc = webhook_redeliver(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "webhook_id"), rq_param(rq, "delivery_id"))) !=
	    ST_OK)
		return (rc);
	rq_reply_empty(rq, 202);
	return (ST_OK);
}
