/*
 * store_webhook.h - a partner's webhooks and their deliveries.
 *
 * The same conventions as store.h: calls take the partner account's id
 * and touch only its rows (except the sender's, which work on deliveries
 * by id under a lease, like the e-mail outbox); strings in returned
 * records live in the arena passed in; times are Unix seconds.
 */
#ifndef STEWARD_STORE_WEBHOOK_H
#define STEWARD_STORE_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct err;
struct page;
struct store;

struct webhook {
	const char	*id;
	const char	*partner_id;
	const char	*url;
	const char	*events;	/* JSON list */
	bool		 enabled;
	long long	 generation;	/* of its signing secret */
	const char	*created_by;
	int64_t		 created_at;
	int64_t		 updated_at;
	/* Filled by lists: the latest delivery's status and time. */
	const char	*last_status;
	int64_t		 last_at;
	long long	 failed;	/* deliveries that failed for good */
};

int	store_webhook_create(struct store *st, const struct webhook *w,
	    struct err *e);
int	store_webhook_get(struct store *st, const char *partner_id,
	    const char *id, struct arena *a, struct webhook *out,
	    struct err *e);
/* A page of the partner's webhooks, oldest first. */
int	store_webhook_list(struct store *st, const char *partner_id,
	    struct arena *a, struct page *pg, struct webhook **out, size_t *n,
	    struct err *e);
/* Store url, events and enabled. */
int	store_webhook_update(struct store *st, const struct webhook *w,
	    int64_t now, struct err *e);
/* Move to generation + 1 if still at generation (ST_CONFLICT if not). */
int	store_webhook_rotate(struct store *st, const char *partner_id,
	    const char *id, long long generation, int64_t now, struct err *e);
/* Delete the webhook and its deliveries. */
int	store_webhook_delete(struct store *st, const char *partner_id,
	    const char *id, struct err *e);
/* The partner's enabled webhooks (for emitting an event). */
int	store_webhooks_enabled(struct store *st, const char *partner_id,
	    struct arena *a, struct webhook **out, size_t *n, struct err *e);

struct webhook_delivery {
	const char	*id;
	const char	*partner_id;
	const char	*webhook_id;
	const char	*event_id;
	const char	*event;
	const char	*body;
	const char	*status;	/* waiting sending delivered failed */
	long long	 attempts;
	int64_t		 next_attempt_at;
	long long	 last_status;	/* HTTP status; 0: no answer */
	const char	*last_error;
	int64_t		 created_at;
	int64_t		 delivered_at;
	/* For the sender: where and with which secret generation. */
	const char	*url;
	long long	 generation;
};

/* Queue a delivery (once per webhook and event: a repeat is ignored). */
int	store_delivery_add(struct store *st, const struct webhook_delivery *d,
	    struct err *e);
/* A page of a webhook's deliveries, newest first. */
int	store_delivery_list(struct store *st, const char *partner_id,
	    const char *webhook_id, struct arena *a, struct page *pg,
	    struct webhook_delivery **out, size_t *n, struct err *e);
/* Queue a delivered or failed delivery again, due now. */
int	store_delivery_redeliver(struct store *st, const char *partner_id,
	    const char *webhook_id, const char *id, int64_t now,
	    struct err *e);
/*
 * Claim up to max due deliveries for owner until lease_until (each by one
 * sender at a time, whichever server runs it), with their webhook's url
 * and secret generation.
 */
int	store_delivery_claim(struct store *st, struct arena *a,
	    const char *owner, int64_t now, int64_t lease_until, size_t max,
	    struct webhook_delivery **out, size_t *n, struct err *e);
/* Outcomes, by the lease holder (ST_CONFLICT when the lease was lost). */
int	store_delivery_done(struct store *st, const char *id,
	    const char *owner, long long http_status, int64_t now,
	    struct err *e);
int	store_delivery_retry(struct store *st, const char *id,
	    const char *owner, long long http_status, const char *error,
	    int64_t next_attempt_at, struct err *e);
int	store_delivery_failed(struct store *st, const char *id,
	    const char *owner, long long http_status, const char *error,
	    struct err *e);

#endif
