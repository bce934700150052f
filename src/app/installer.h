/*
 * installer.h - the installers of customers and sites (SPEC section 8).
 *
 * Each customer, and each of its sites, has one installer: an enrolment
 * token and the command a technician pastes on a device to install the
 * agent package from this hub and enrol it. A token is derived from the
 * installation's key (core/secretkey.h), the installer's id and its
 * generation, so the database keeps only its hash and the dialog can
 * show it again. Rotating moves to the next generation: the old token
 * enrols nothing from then on. Installers are made on first use. Only
 * admins see them (the token is a credential) and rotations are audited.
 */
#ifndef STEWARD_INSTALLER_H
#define STEWARD_INSTALLER_H

#include <stdint.h>

#include "store/store_device.h"

struct app;

#define INSTALLER_TOKEN_PREFIX	"stw_it_"
#define AGENT_PACKAGE_NAME	"steward-agent_amd64.deb"
#define AGENT_STATE_DIR		"/var/lib/steward-agent"

struct installer_view {
	const char	*customer_id;
	const char	*site_id;	/* NULL: the customer's own */
	const char	*token;
	const char	*command;
	const char	*package_url;
	int64_t		 rotated_at;
};

/* The installer of customer_id (site_id NULL) or of one of its sites. */
int	installer_get(struct app *app, const char *partner_id,
	    const char *customer_id, const char *site_id,
	    struct installer_view *out);
/* A new token for it; the old one stops enrolling. */
int	installer_rotate(struct app *app, const char *partner_id,
	    const char *customer_id, const char *site_id,
	    struct installer_view *out);

/* The installer a token belongs to (for enrolment): ST_UNAUTH
 * "invalid_token" when it is unknown or has been rotated. */
int	installer_by_token(struct app *app, const char *token,
	    struct installer *out);

#endif
