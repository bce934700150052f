/*
 * policy.h - security policies: the Workstation and Server templates,
 * global policies (a partner's, assignable to many customers) and local
 * policies (one customer's).
 *
 * This is the part customer creation needs; locks, overrides and the
 * effective policy build on it.
 */
#ifndef STEWARD_POLICY_H
#define STEWARD_POLICY_H

#include <stddef.h>

#include "store/store.h"

struct app;

#define POLICY_NAME_MAX		100
#define POLICY_DESC_MAX		500

/* The template settings (JSON) for "workstation" or "server", or NULL. */
const char	*policy_template(const char *platform);

/* Global policies of the partner, with how many customers use each. */
int	policy_list_global(struct app *app, const char *partner_id,
	    struct policy **out, size_t *n);
/* Every customer's local policies (for "copy an existing local policy"). */
int	policy_list_local(struct app *app, const char *partner_id,
	    struct policy **out, size_t *n);
/* A customer's local policies and the global ones assigned to it. */
int	policy_list_customer(struct app *app, const char *partner_id,
	    const char *customer_id, struct policy **out, size_t *n);

/*
 * Create a global policy (customer_id NULL) or a local one from the
 * template of its platform. Admins only. 409 when the owner already has a
 * policy of that name.
 */
int	policy_create(struct app *app, const char *partner_id,
	    const char *customer_id, const char *name, const char *platform,
	    const char *description, char **id);

/* Inside a caller's transaction, without permission checks: */
int	policy_create_tx(struct app *app, const char *partner_id,
	    const char *customer_id, const char *name, const char *platform,
	    const char *description, const char *settings,
	    const char *template, char **id);

#endif
