/*
 * device.h - devices as people and integrations see them (SPEC section 8).
 *
 * A device is enrolled into one customer (and perhaps a site) by its agent
 * (agent.h). Its status, from its last check-in:
 *   offline    not seen for the partner's device_offline_days (default 7);
 *   at_risk    protection off or never reported, virus definitions older
 *              than DEVICE_DEFINITIONS_MAX_AGE, or an unresolved threat;
 *   protected  otherwise.
 * Admins move devices between the customer's sites, give a device its own
 * policy (one of its platform that the customer uses) and overrides, send
 * it commands (scan_now, update_policy) and remove it, after which its
 * agent is told to uninstall. Viewers read; a role limited to chosen
 * customers reaches their devices only (others are ST_NOT_FOUND).
 */
#ifndef STEWARD_DEVICE_H
#define STEWARD_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "store/store_device.h"

struct app;
struct page;
struct policy_effective;

#define DEVICE_DEFINITIONS_MAX_AGE	(3 * 86400)
#define DEVICE_THREATS_SHOWN		50

/* When the partner's devices count as offline or at risk, now. */
int	device_clock(struct app *app, const char *partner_id,
	    struct device_clock *clk);

/* A page of the partner's devices (f->scoped is set here). */
int	device_list(struct app *app, const char *partner_id,
	    struct device_filter *f, struct page *pg, struct device **out,
	    size_t *n);
/* One device with its latest threats. */
int	device_get(struct app *app, const char *partner_id,
	    const char *device_id, struct device *out,
	    struct device_threat **threats, size_t *nthreats);

/* What a PATCH changes: the site (NULL: none) and/or the device's own
 * policy (NULL: the customer's default). */
struct device_change {
	bool		 set_site;
	const char	*site_id;
	bool		 set_policy;
	const char	*policy_id;
};
int	device_update(struct app *app, const char *partner_id,
	    const char *device_id, const struct device_change *c);
int	device_remove(struct app *app, const char *partner_id,
	    const char *device_id);
/* The data of a device.removed event for device, a struct device (id,
 * customer_id and hostname read); the caller decrefs it. */
json_t	*device_removed_data(const void *device);
/* Queue "scan_now" or "update_policy"; *pending is the queue after. */
int	device_command(struct app *app, const char *partner_id,
	    const char *device_id, const char *type, json_t **pending);

/* The device's own settings layer and its revision. */
int	device_overrides_get(struct app *app, const char *partner_id,
	    const char *device_id, json_t **settings, long long *revision);
int	device_overrides_put(struct app *app, const char *partner_id,
	    const char *device_id, json_t *settings, json_t **stored,
	    long long *revision);

/* The device's layers above its customer's (site exclusions, its own
 * overrides), from its row; no access check (the agent's own use). */
struct device_layers;
int	device_layers_of(struct app *app, const char *partner_id,
	    const struct device *d, struct device_layers *dl);

/* The device's effective policy with every layer and its origin. */
int	device_effective(struct app *app, const char *partner_id,
	    const char *device_id, struct device *d,
	    struct policy_effective *out);

#endif
