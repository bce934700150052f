/*
 * webhook.c - webhooks: registration, events, and the sender; see
 * webhook.h.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/access.h"
#include "app/app.h"
#include "app/principal.h"
#include "app/settings.h"
#include "app/webhook.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/metrics.h"
#include "core/rand.h"
#include "core/secretkey.h"
#include "core/valid.h"
#include "core/webpost.h"
#include "store/store.h"

const char *const webhook_events[] = { "alert.raised", "alert.changed",
	"customer.created", "customer.deleted", "subscription.changed",
	"device.enrolled", "device.removed", NULL };

#define URL_MAX		2000

const char *
webhook_secret(struct app *app, const char *id, long long generation)
{
	return (arena_printf(app->a, "stw_whs_%s",
	    secretkey_derive(app->a, app->cfg->install_key, "webhook",
	    arena_printf(app->a, "%s:%lld", id, generation))));
}

/* https://, or http:// to this machine only; no user or password. */
static bool
url_ok(const char *u)
{
	static const char *const local[] = { "127.0.0.1", "localhost",
	    "[::1]", NULL };
	const char	*host, *end;
	size_t		 i, n;

	if (u == NULL || strlen(u) > URL_MAX)
		return (false);
	for (i = 0; u[i] != '\0'; i++)
		if ((unsigned char)u[i] <= 0x20 || u[i] == 0x7f)
			return (false);
	if (strncmp(u, "https://", 8) == 0)
		host = u + 8;
	else if (strncmp(u, "http://", 7) == 0)
		host = u + 7;
	else
		return (false);
	end = host + strcspn(host, "/?#");
	if (end == host || memchr(host, '@', (size_t)(end - host)) != NULL)
		return (false);
	if (host == u + 8)
		return (true);
	for (i = 0; local[i] != NULL; i++) {
		n = strlen(local[i]);
		if (strncmp(host, local[i], n) == 0 && (host + n == end ||
		    host[n] == ':'))
			return (true);
	}
	return (false);
}

/* The events as a JSON list (field errors for unknown ones). */
static const char *
events_check(struct app *app, const char *const *events, size_t n)
{
	json_t	*list = json_array();
	char	*out;
	size_t	 i;

	if (n == 0)
		err_field(app->e, "events", M_REQUIRED);
	for (i = 0; i < n; i++)
		if (valid_enum(app->a, app->e, arena_printf(app->a,
		    "events[%zu]", i), events[i], webhook_events) == ST_OK)
			json_array_append_new(list, json_string(events[i]));
	out = settings_text(app->a, list);
	json_decref(list);
	return (out);
}

/* Webhooks are for admins of the whole account (their addresses may
 * carry a receiver's own token), and need the installation's key. */
static int
manage(struct app *app, const char *partner_id)
{
	int	rc;

	if ((rc = partner_access(app, partner_id, true)) != ST_OK)
		return (rc);
	if (!app->cfg->has_install_key)
		return (err_set(app->e, ST_UNAVAILABLE, "no_install_key",
		    M_NO_INSTALL_KEY));
	return (ST_OK);
}

int
webhook_create(struct app *app, const char *partner_id, const char *url,
    const char *const *events, size_t nevents, struct webhook *out,
    const char **secret)
{
	int	rc;

	memset(out, 0, sizeof(*out));
	if ((rc = manage(app, partner_id)) != ST_OK)
		return (rc);
	if (!url_ok(url))
		err_field(app->e, "url", url == NULL ? M_REQUIRED :
		    M_WEBHOOK_URL);
	out->events = events_check(app, events, nevents);
	if (app->e->status != ST_OK)
		return (app->e->status);
	out->id = id_new(app->a, "whk");
	out->partner_id = partner_id;
	out->url = url;
	out->enabled = true;
	out->generation = 1;
	out->created_by = app->who->label;
	out->created_at = out->updated_at = app->now;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_webhook_create(app->st, out, app->e)) != ST_OK ||
	    (rc = app_audit(app, partner_id, NULL, "webhook", "create",
	    "success", arena_printf(app->a, "Webhook %s to %s for %s",
	    out->id, url, out->events))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	*secret = webhook_secret(app, out->id, out->generation);
	return (ST_OK);
}

int
webhook_list(struct app *app, const char *partner_id, struct page *pg,
    struct webhook **out, size_t *n)
{
	int	rc;

	if ((rc = manage(app, partner_id)) != ST_OK)
		return (rc);
	return (store_webhook_list(app->st, partner_id, app->a, pg, out, n,
	    app->e));
}

int
webhook_get(struct app *app, const char *partner_id, const char *id,
    struct webhook *out)
{
	int	rc;

	if ((rc = manage(app, partner_id)) != ST_OK)
		return (rc);
	return (store_webhook_get(app->st, partner_id, id, app->a, out,
	    app->e));
}

int
webhook_update(struct app *app, const char *partner_id, const char *id,
    const char *url, const char *const *events, size_t nevents,
    int enabled, struct webhook *out)
{
	int	rc;

	if ((rc = webhook_get(app, partner_id, id, out)) != ST_OK)
		return (rc);
	if (url != NULL && !url_ok(url))
		err_field(app->e, "url", M_WEBHOOK_URL);
	if (events != NULL)
		out->events = events_check(app, events, nevents);
	if (app->e->status != ST_OK)
		return (app->e->status);
	if (url != NULL)
		out->url = url;
	if (enabled != -1)
		out->enabled = enabled == 1;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_webhook_update(app->st, out, app->now, app->e)) !=
	    ST_OK ||
	    (rc = app_audit(app, partner_id, NULL, "webhook", "update",
	    "success", arena_printf(app->a, "Webhook %s: %s, %s, %s", id,
	    out->url, out->events, out->enabled ? "enabled" : "disabled"))) !=
	    ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	return (store_webhook_get(app->st, partner_id, id, app->a, out,
	    app->e));
}

int
webhook_rotate(struct app *app, const char *partner_id, const char *id,
    struct webhook *out, const char **secret)
{
	int	rc;

	if ((rc = webhook_get(app, partner_id, id, out)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_webhook_rotate(app->st, partner_id, id,
	    out->generation, app->now, app->e)) != ST_OK ||
	    (rc = app_audit(app, partner_id, NULL, "webhook", "rotate",
	    "success", arena_printf(app->a, "Webhook %s: new signing secret",
	    id))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	out->generation++;
	*secret = webhook_secret(app, id, out->generation);
	return (ST_OK);
}

int
webhook_delete(struct app *app, const char *partner_id, const char *id)
{
	struct webhook	w;
	int		rc;

	if ((rc = webhook_get(app, partner_id, id, &w)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_webhook_delete(app->st, partner_id, id, app->e)) !=
	    ST_OK ||
	    (rc = app_audit(app, partner_id, NULL, "webhook", "delete",
	    "success", arena_printf(app->a, "Webhook %s to %s deleted", id,
	    w.url))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	return (ST_OK);
}

int
webhook_deliveries(struct app *app, const char *partner_id, const char *id,
    struct page *pg, struct webhook_delivery **out, size_t *n)
{
	struct webhook	w;
	int		rc;

	if ((rc = webhook_get(app, partner_id, id, &w)) != ST_OK)
		return (rc);
	return (store_delivery_list(app->st, partner_id, id, app->a, pg, out,
	    n, app->e));
}

int
webhook_redeliver(struct app *app, const char *partner_id, const char *id,
    const char *delivery_id)
{
	struct webhook	w;
	int		rc;

	if ((rc = webhook_get(app, partner_id, id, &w)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_delivery_redeliver(app->st, partner_id, id,
	    delivery_id, app->now, app->e)) != ST_OK ||
	    (rc = app_audit(app, partner_id, NULL, "webhook", "redeliver",
	    "success", arena_printf(app->a, "Webhook %s: delivery %s queued "
	    "again", id, delivery_id))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	return (ST_OK);
}

/* ---- events -------------------------------------------------------------- */

static bool
chose(struct app *app, const struct webhook *w, const char *event)
{
	json_t	*list = settings_parse(app->a, w->events), *v;
	size_t	 i;

	json_array_foreach(list, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), event) ==
		    0)
			return (true);
	return (false);
}

int
webhook_set_load(struct app *app, const char *partner_id,
    struct webhook_set *s)
{
	memset(s, 0, sizeof(*s));
	s->partner_id = partner_id;
	return (store_webhooks_enabled(app->st, partner_id, app->a, &s->w,
	    &s->n, app->e));
}

int
webhook_emit_to(struct app *app, const struct webhook_set *s,
    const char *event, json_t *data)
{
	struct webhook_delivery	 d;
	const char		*event_id, *body;
	char			 at[21];
	json_t			*doc;
	size_t			 i;
	int			 rc;

	if (s->n == 0)
		return (ST_OK);
	event_id = id_new_ordered(app->a, "evt");
	time_iso(app->now, at);
	doc = json_pack("{s:s, s:s, s:s, s:s, s:O}", "id", event_id, "type",
	    event, "created_at", at, "account_id", s->partner_id, "data", data);
	body = settings_text(app->a, doc);
	json_decref(doc);
	for (i = 0; i < s->n; i++) {
		if (!chose(app, &s->w[i], event))
			continue;
		memset(&d, 0, sizeof(d));
		d.id = id_new_ordered(app->a, "dlv");
		d.partner_id = s->partner_id;
		d.webhook_id = s->w[i].id;
		d.event_id = event_id;
		d.event = event;
		d.body = body;
		d.created_at = app->now;
		if ((rc = store_delivery_add(app->st, &d, app->e)) != ST_OK)
			return (rc);
	}
	return (ST_OK);
}

int
webhook_emit(struct app *app, const char *partner_id, const char *event,
    json_t *data)
{
	struct webhook_set	s;
	int			rc;

	if ((rc = webhook_set_load(app, partner_id, &s)) != ST_OK)
		return (rc);
	return (webhook_emit_to(app, &s, event, data));
}

/* ---- the sender ------------------------------------------------------------ */

const char *
webhook_signature(struct arena *a, const char *secret, int64_t t,
    const char *body)
{
	crypto_auth_hmacsha256_state	st;
	unsigned char			mac[crypto_auth_hmacsha256_BYTES];
	char				hex[2 * sizeof(mac) + 1];
	const char			*ts;

	ts = arena_printf(a, "%lld.", (long long)t);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts,
	    strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body,
	    strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
	return (arena_printf(a, "t=%lld,v1=%s", (long long)t, hex));
}

int64_t
webhook_backoff(int64_t retry_s, long long attempts)
{
	int64_t	d = retry_s > 0 ? retry_s : 1;

	while (--attempts > 0 && d < WEBHOOK_RETRY_MAX_S)
		d *= 2;
	return (d < WEBHOOK_RETRY_MAX_S ? d : WEBHOOK_RETRY_MAX_S);
}

static int
send_one(struct app *app, const struct webhook_send_config *c,
    const char *owner, const struct webhook_delivery *d,
    struct webhook_send_stats *stats)
{
	struct webpost	 p;
	const char	*headers[7], *secret, *why_s;
	char		 why[256];
	long		 status = 0;
	int		 rc;

	secret = webhook_secret(app, d->webhook_id, d->generation);
	headers[0] = "Content-Type: application/json";
	headers[1] = arena_printf(app->a, "Steward-Event: %s", d->event);
	headers[2] = arena_printf(app->a, "Steward-Event-Id: %s", d->event_id);
	headers[3] = arena_printf(app->a, "Steward-Delivery: %s", d->id);
	headers[4] = arena_printf(app->a, "Steward-Signature: %s",
	    webhook_signature(app->a, secret, app->now, d->body));
	headers[5] = "Expect:";
	headers[6] = NULL;
	memset(&p, 0, sizeof(p));
	p.url = d->url;
	p.headers = headers;
	p.body = d->body;
	p.len = strlen(d->body);
	p.timeout_s = c->timeout_s;
	p.ca = c->ca;
	p.ca_len = c->ca_len;
	why[0] = '\0';
	if (webpost_send(&p, &status, why, sizeof(why)) == 0 &&
	    status >= 200 && status < 300) {
		stats->delivered++;
		metrics_event(ME_WEBHOOK_DELIVERED, 1);
		return (store_delivery_done(app->st, d->id, owner, status,
		    app->now, app->e));
	}
	why_s = status != 0 ? arena_printf(app->a, "HTTP %ld", status) :
	    arena_strdup(app->a, why);
	if (d->attempts >= WEBHOOK_ATTEMPTS_MAX) {
		stats->failed++;
		metrics_event(ME_WEBHOOK_FAILED, 1);
		rc = store_delivery_failed(app->st, d->id, owner, status,
		    why_s, app->e);
	} else {
		stats->retried++;
		metrics_event(ME_WEBHOOK_RETRY, 1);
		rc = store_delivery_retry(app->st, d->id, owner, status, why_s,
		    app->now + webhook_backoff(c->retry_s, d->attempts), app->e);
	}
	return (rc);
}

int
webhook_send_run(struct app *app, const struct webhook_send_config *c,
    const char *owner, size_t max, struct webhook_send_stats *stats)
{
	struct webhook_delivery	*d;
	size_t			 n, i;
	int			 rc;

	memset(stats, 0, sizeof(*stats));
	if (!app->cfg->has_install_key)
		return (ST_OK);
	if ((rc = store_delivery_claim(app->st, app->a, owner, app->now,
	    app->now + WEBHOOK_LEASE_S, max, &d, &n, app->e)) != ST_OK)
		return (rc);
	stats->claimed = n;
	for (i = 0; i < n; i++) {
		rc = send_one(app, c, owner, &d[i], stats);
		/* A lost lease: another sender has it now. */
		if (rc == ST_CONFLICT)
			err_clear(app->e);
		else if (rc != ST_OK)
			return (rc);
	}
	return (ST_OK);
}
