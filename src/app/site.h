/*
 * site.h - a customer's sites (SPEC section 8).
 *
 * A site is a location or branch of a customer. It holds devices, has its
 * own installer (installer.h), and its exclusions (paths and URLs the
 * scanner leaves alone there) are a policy layer between the customer's
 * overrides and a device's own. Admins create, rename and delete sites; a
 * site that still holds devices is deleted only when the caller says
 * where they go (another site of the customer, or no site); a deleted
 * site can be restored for 30 days. Every change is audited. Site names
 * are unique among a customer's live sites, compared folded.
 */
#ifndef STEWARD_SITE_H
#define STEWARD_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "store/store_deletion.h"
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
 * "site_not_empty". The site is kept DELETION_KEEP_DAYS days with its
 * exclusions and installer (which enrols nothing meanwhile), then the
 * background process purges it (deletion_purge_run).
 */
int	site_delete(struct app *app, const char *partner_id,
	    const char *customer_id, const char *site_id,
	    const char *confirm_name, bool move, const char *move_to);
/*
 * Bring a deleted site back until its purge, with its exclusions,
 * installer and the roles limited to it (the devices moved out stay where
 * they went); ST_CONFLICT "duplicate_name" (field "name") when a live site
 * of the customer has its name now. Who may delete the site may restore it.
 */
int	site_restore(struct app *app, const char *partner_id,
	    const char *customer_id, const char *site_id);
/* The customer's (or company console's) deleted sites not yet purged,
 * most recently deleted first; a site-limited role: those it covers. */
int	site_deleted_list(struct app *app, const char *partner_id,
	    const char *customer_id, struct page *pg, struct deleted **out,
	    size_t *n);

#endif
