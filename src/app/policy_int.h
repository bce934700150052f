/*
 * policy_int.h - what the policy files (policy.c, policy_edit.c,
 * policy_assign.c, policy_override.c, policy_effective.c) share.
 */
#ifndef STEWARD_POLICY_INT_H
#define STEWARD_POLICY_INT_H

#include <stdbool.h>

#include <jansson.h>

#include "app/policy.h"

struct arena;

/* The platform keys, NULL-terminated. */
extern const char *const policy_platforms[];

/* Read a policy of partner_id and parse it (ST_NOT_FOUND: none). */
int	policy_load(struct app *app, const char *partner_id, const char *id,
	    struct policy_doc *d);
/*
 * The policy a request names, in the place it names it: under the
 * partner a global policy, under a customer its own local policy.
 * global_ok lets a customer path name a global policy assigned to it.
 */
int	policy_load_scoped(struct app *app, const char *partner_id,
	    const char *customer_id, const char *id, bool global_ok,
	    struct policy_doc *d);
/* "global" or "local". */
const char *policy_kind(const struct policy *p);
/* Access for a policy: partner-level, or through its customer. */
int	policy_access_for(struct app *app, const char *partner_id,
	    const char *customer_id, bool write);
/* "a, b, c" from a JSON list of strings. */
char	*policy_list_text(struct arena *a, json_t *list);
/* The locks in after that are not in before. */
json_t	*policy_locks_minus(struct arena *a, json_t *after, json_t *before);
/* The full settings of a policy of platform with these changes. */
json_t	*policy_full(struct app *app, const char *platform, json_t *changes);
/*
 * Whether customer_id has policy_id among its policies (its own, or an
 * assigned global one), and whether it is its default.
 */
int	policy_customer_has(struct app *app, const char *partner_id,
	    const char *customer_id, const char *policy_id, bool *has,
	    bool *is_default);

#endif
