/*
 * policy.h - security policies: global policies (a partner's, assignable
 * to many customers, with locks), local policies (one customer's),
 * customer overrides, defaults, and the effective policy.
 *
 * Settings come in layers (see settings.h): the template of the policy's
 * platform, what the policy changes, what a customer changes in a global
 * policy assigned to it. A policy stores only its changes from the
 * template; its `settings` as shown are the template with them applied.
 *
 * Permissions: global policies are partner-level (partner_access():
 * viewers read, admins change, users limited to chosen customers get
 * ST_FORBIDDEN). Everything under a customer goes through
 * customer_access() (not found when the user's role does not cover the
 * customer). Every change is audited with a diff of the settings.
 *
 * Revisions: a policy's revision goes up on every edit that changes an
 * effective result (its settings, or overrides a new lock removed); a
 * customer's override has its own revision. Name and description edits
 * keep the revision.
 */
#ifndef STEWARD_POLICY_H
#define STEWARD_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "store/store.h"
#include "store/store_policy.h"

struct app;

#define POLICY_NAME_MAX		100
#define POLICY_DESC_MAX		500
#define POLICY_ASSIGN_MAX	1000	/* customers per assignment request */

/* A policy with its documents parsed (all in the app's arena). */
struct policy_doc {
	struct policy	 p;
	json_t		*changes;	/* what it changes from its template */
	json_t		*locked;	/* list of locked paths */
	json_t		*settings;	/* template + changes */
	json_t		*origin;	/* leaf path -> "template" | "policy" */
	/* Seen from a customer (policy_get with customer_id): */
	bool		 from_customer;
	bool		 is_default;
	json_t		*overrides;	/* the customer's changes, or NULL */
	long long	 override_revision;
	int64_t		 override_updated_at;
	json_t		*effective;	/* settings with the customer's layer */
	json_t		*effective_origin;
	json_t		*contributions;
};

/* What a new policy starts from. */
struct policy_input {
	const char	*name;
	const char	*platform;	/* may be NULL when copying */
	const char	*description;
	const char	*source;	/* "template" (NULL), "scratch", "copy" */
	const char	*copy_customer_id;	/* copy: optional check */
	const char	*copy_policy_id;	/* copy: the source */
	json_t		*settings;	/* template/copy: changes on top (a
					 * merge patch); scratch: every
					 * setting */
	json_t		*locked;	/* global only; NULL: none, or the
					 * source's when copying a global */
};

/* An edit: NULL leaves a field as it is. */
struct policy_patch {
	const char	*name;
	const char	*description;
	json_t		*settings;	/* JSON merge patch of the changes */
	json_t		*locked;	/* the full list of locked paths */
};

/* What an edit did. */
struct policy_result {
	bool		 changed;	/* anything was written */
	bool		 revision_changed;
	size_t		 overrides_trimmed;	/* customers whose overrides
						 * lost newly locked settings */
};

/* A customer's effective policy for a platform. */
struct policy_effective {
	bool		 has_policy;	/* false: no default, template only */
	struct policy	 p;
	const char	*platform;
	int		 template_version;
	long long	 override_revision;
	json_t		*settings;
	json_t		*origin;	/* leaf -> template|policy|customer */
	json_t		*contributions;	/* additive list -> layer -> items */
	json_t		*locked;
	const char	*version;	/* changes whenever the result can */
};

/* A page of the partner's global policies, with usage counts. */
int	policy_list_global(struct app *app, const char *partner_id,
	    struct page *pg, struct policy **out, size_t *n);
/*
 * A page of every customer's local policies (for "copy an existing local
 * policy"); a user limited to chosen customers sees theirs only.
 */
int	policy_list_local(struct app *app, const char *partner_id,
	    struct page *pg, struct policy **out, size_t *n);
/* A page of a customer's local policies and the global ones assigned. */
int	policy_list_customer(struct app *app, const char *partner_id,
	    const char *customer_id, struct page *pg, struct policy **out,
	    size_t *n);

/*
 * Create a global policy (customer_id NULL) or a local one. 422 with
 * fields for bad input (settings by dotted path), 409 when the owner
 * already has a policy of that name.
 */
int	policy_create(struct app *app, const char *partner_id,
	    const char *customer_id, const struct policy_input *in, char **id);

/* Inside a caller's transaction, without checks (customer creation). */
int	policy_create_tx(struct app *app, const char *partner_id,
	    const struct policy *p, char **id);

/*
 * One policy: a global one (customer_id NULL), or as a customer sees it
 * (its local policy, or a global one assigned to it, with the customer's
 * overrides and effective settings).
 */
int	policy_get(struct app *app, const char *partner_id,
	    const char *customer_id, const char *id, struct policy_doc *out);

/*
 * Edit a global policy (customer_id NULL) or a customer's local policy.
 * A new lock removes the locked settings from every customer's override.
 */
int	policy_update(struct app *app, const char *partner_id,
	    const char *customer_id, const char *id,
	    const struct policy_patch *patch, struct policy_result *res);

/*
 * Delete a policy. One in use (a global policy assigned to customers, a
 * local policy that is its customer's default) needs replacement_id: a
 * policy of the same platform that each of them gets instead (a global
 * one for a global policy; another local or an assigned global one of
 * the customer for a local one). The customer's only policy for a
 * platform, while it is the default, cannot be deleted.
 */
int	policy_delete(struct app *app, const char *partner_id,
	    const char *customer_id, const char *id,
	    const char *replacement_id, size_t *moved);

/*
 * Assign a global policy to customers (already assigned ones are left
 * as they are); with make_default it becomes their default for its
 * platform. *added counts new assignments.
 */
int	policy_assign(struct app *app, const char *partner_id,
	    const char *id, const char *const *customer_ids, size_t n,
	    bool make_default, size_t *added);
/* Unassign; 409 for a customer whose default it is. */
int	policy_unassign(struct app *app, const char *partner_id,
	    const char *id, const char *const *customer_ids, size_t n);
/* A page of where a global policy is used. */
int	policy_usage(struct app *app, const char *partner_id,
	    const char *id, struct page *pg, struct policy_use **out,
	    size_t *n);

/*
 * Replace a customer's overrides of an assigned global policy (an empty
 * document removes them). Only unlocked settings: each locked one is a
 * field error "settings.<path>".
 */
int	policy_override_put(struct app *app, const char *partner_id,
	    const char *customer_id, const char *policy_id, json_t *settings);

/*
 * Make policy_id (the customer's own, or a global policy, which is then
 * assigned) the customer's default for platform.
 */
int	policy_default_set(struct app *app, const char *partner_id,
	    const char *customer_id, const char *platform,
	    const char *policy_id);

/*
 * The effective settings of a customer for platform: from its default
 * policy, or from policy_id (one of its policies) when given.
 */
int	policy_effective(struct app *app, const char *partner_id,
	    const char *customer_id, const char *platform,
	    const char *policy_id, struct policy_effective *out);

/*
 * A device's layers above its customer's: the site's exclusions and the
 * device's own overrides (either doc may be NULL).
 */
struct device_layers {
	const char	*device_id;
	const char	*policy_id;	/* the device's own policy, or NULL */
	json_t		*site;		/* {"exclusions": {...}} or NULL */
	long long	 site_revision;
	json_t		*device;
	long long	 device_revision;
};

/*
 * A device's effective settings: its policy (or its customer's default
 * for platform) with the customer's, the site's and the device's layers.
 * The caller has checked access to the device; out->version is the
 * device's policy version (policy_device_version()).
 */
int	policy_effective_device(struct app *app, const char *partner_id,
	    const char *customer_id, const char *platform,
	    const struct device_layers *dl, struct policy_effective *out);

#define POLICY_VERSION_CHARS	20

/*
 * The policy version a device is sent: a short digest of everything its
 * effective settings are made of (policy_id NULL: the template alone).
 * The check-in computes it from one row without building the settings.
 */
const char *policy_device_version(struct arena *a, const char *platform,
	    const char *policy_id, long long policy_revision,
	    long long customer_revision, long long template_version,
	    long long site_revision, long long device_revision);

/*
 * Whether a policy is in use: a global one while assigned to a customer,
 * a local one while it is its customer's default (as listed, or as the
 * customer sees it in a policy_doc).
 */
bool	policy_in_use(const struct policy *p);
bool	policy_doc_in_use(const struct policy_doc *d);

/* Parse a stored policy's documents (no permission check). */
int	policy_doc_load(struct app *app, const struct policy *p,
	    struct policy_doc *out);

#endif
