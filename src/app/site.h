/*
 * site.h - a customer's sites (SPEC section 8).
 *
 * A site is a location or branch of a customer. It holds devices, has its
 * own installer (installer.h), and its exclusions (paths and URLs the
 * scanner leaves alone there) are a policy layer between the customer's
 * overrides and a device's own. Admins create, rename and delete sites; a
 * site that still holds devices is deleted only when the caller says
 * where they go (another site of the customer, or no site). Every change
 * is audited. Site names are unique per customer, compared folded.
 */
#ifndef STEWARD_SITE_H
#define STEWARD_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "store/store_device.h"

struct app;
struct page;

#define SITE_NAME_MAX	100

int	site_list(struct app *app, const char *partner_id,
	    const char *customer_id, struct page *pg, struct site **out,
	    size_t *n);
/* ST_CONFLICT (field "name") when the customer has a site of that name. */
int	site_create(struct app *app, const char *partner_id,
	    const char *customer_id, const char *name, struct site *out);
/* Rename (name not NULL) and/or set the exclusions ({"paths", "urls"},
 * not NULL); the result in *out. */
int	site_update(struct app *app, const char *partner_id,
	    const char *customer_id, const char *site_id, const char *name,
	    json_t *exclusions, struct site *out);
/*
 * Delete a site; confirm_name must be its name exactly (a field error
 * naming confirm_name otherwise). With devices in it, move (true) says
 * they go to site move_to (NULL: no site); without move, ST_CONFLICT
 * "site_not_empty".
 */
int	site_delete(struct app *app, const char *partner_id,
	    const char *customer_id, const char *site_id,
	    const char *confirm_name, bool move, const char *move_to);

#endif
