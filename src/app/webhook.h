/*
 * webhook.h - a partner's webhooks (SPEC section 10): HTTPS endpoints that
 * receive chosen events, signed, through an outbox.
 *
 * Events: alert.raised, alert.changed, customer.created, customer.deleted,
 * subscription.changed, device.enrolled, device.removed. webhook_emit()
 * writes one delivery per enabled webhook that chose the event, in the
 * caller's transaction, so a delivery exists exactly when its change was
 * committed. The background process sends them (webhook_send_run): each
 * claimed under a lease by one sender at a time, POSTed as JSON with
 *   Steward-Event, Steward-Event-Id, Steward-Delivery and
 *   Steward-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret,
 *   "<t>.<body>")>,
 * delivered on a 2xx answer, otherwise tried again after a delay that
 * doubles from retry_s up to an hour, and marked failed after
 * WEBHOOK_ATTEMPTS_MAX tries (shown, and sent again on request).
 *
 * The signing secret is derived from the installation's key file and the
 * webhook's id and generation; it is shown when the webhook is created or
 * its secret rotated, and never stored. Whole-account admins only.
 */
#ifndef STEWARD_WEBHOOK_H
#define STEWARD_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "store/store_webhook.h"

struct app;
struct arena;
struct err;
struct page;
struct store;

#define WEBHOOK_ATTEMPTS_MAX	10
#define WEBHOOK_LEASE_S		120
#define WEBHOOK_EVENTS_MAX	10
#define WEBHOOK_RETRY_MAX_S	3600	/* the longest wait between tries */

extern const char *const webhook_events[];

/* The secret of generation (in app->a). */
const char	*webhook_secret(struct app *app, const char *id,
		    long long generation);

int	webhook_create(struct app *app, const char *partner_id,
	    const char *url, const char *const *events, size_t nevents,
	    struct webhook *out, const char **secret);
int	webhook_list(struct app *app, const char *partner_id,
	    struct page *pg, struct webhook **out, size_t *n);
int	webhook_get(struct app *app, const char *partner_id, const char *id,
	    struct webhook *out);
/* Change url (NULL: kept), events (NULL: kept), enabled (-1: kept). */
int	webhook_update(struct app *app, const char *partner_id,
	    const char *id, const char *url, const char *const *events,
	    size_t nevents, int enabled, struct webhook *out);
int	webhook_rotate(struct app *app, const char *partner_id,
	    const char *id, struct webhook *out, const char **secret);
int	webhook_delete(struct app *app, const char *partner_id,
	    const char *id);
int	webhook_deliveries(struct app *app, const char *partner_id,
	    const char *id, struct page *pg, struct webhook_delivery **out,
	    size_t *n);
int	webhook_redeliver(struct app *app, const char *partner_id,
	    const char *id, const char *delivery_id);

/* An event happened (the caller's transaction); data is borrowed. */
int	webhook_emit(struct app *app, const char *partner_id,
	    const char *event, json_t *data);

/*
 * The partner's enabled webhooks, read once for the many events of one
 * transaction (a bulk import; in app->a): webhook_emit_to() writes what
 * webhook_emit() writes without reading them again.
 */
struct webhook_set {
	const char	*partner_id;
	struct webhook	*w;
	size_t		 n;
};
int	webhook_set_load(struct app *app, const char *partner_id,
	    struct webhook_set *s);
int	webhook_emit_to(struct app *app, const struct webhook_set *s,
	    const char *event, json_t *data);

/*
 * The Steward-Signature value of body sent at Unix time t:
 * "t=<t>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>" (in a).
 */
const char	*webhook_signature(struct arena *a, const char *secret,
		    int64_t t, const char *body);
/*
 * Seconds to wait after the attempts-th failed try (1 for the first):
 * retry_s (at least 1), doubled for each try after the first, at most
 * WEBHOOK_RETRY_MAX_S.
 */
int64_t	webhook_backoff(int64_t retry_s, long long attempts);

/* The sender, in the background process. */
struct webhook_send_config {
	const char	*ca;		/* PEM bundle in memory, or NULL */
	size_t		 ca_len;
	int64_t		 retry_s;
	long		 timeout_s;
};
struct webhook_send_stats {
	size_t	claimed, delivered, retried, failed;
};
int	webhook_send_run(struct app *app, const struct webhook_send_config *c,
	    const char *owner, size_t max, struct webhook_send_stats *stats);

#endif
