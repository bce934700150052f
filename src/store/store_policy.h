/*
 * store_policy.h - endpoint protection policies: global and local
 * policies, their assignments to customers, each customer's default per
 * platform, global policies' per-customer overrides and where an
 * effective setting comes from (store_policy.c).
 *
 * The same conventions as store.h (which this includes).
 */
#ifndef STEWARD_STORE_POLICY_H
#define STEWARD_STORE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* ---- policies -------------------------------------------------------- */

struct policy {
	const char	*id;
	const char	*partner_id;
	const char	*customer_id;	/* NULL for a global policy */
	const char	*customer_name;	/* owner's company, for local ones */
	const char	*name;
	const char	*description;
	const char	*platform;	/* workstation | server */
	const char	*template;
	const char	*settings;	/* JSON */
	const char	*locked;	/* JSON list */
	long long	 revision;
	long long	 template_version;
	long long	 assigned;	/* customers a global policy is assigned to */
	long long	 overrides;	/* customers with overrides of it */
	long long	 defaults;	/* customers whose default it is */
	bool		 is_default;	/* in a customer's list: its default */
	bool		 has_override;	/* in a customer's list: overridden */
	int64_t		 created_at;
	int64_t		 updated_at;
};

/* Where a policy is used: one row per customer. */
struct policy_use {
	const char	*customer_id;
	const char	*company;
	bool		 is_default;
	bool		 has_override;
};

/* A customer's override of a global policy. */
struct policy_override {
	const char	*customer_id;
	const char	*policy_id;
	const char	*settings;	/* JSON */
	long long	 revision;
	int64_t		 updated_at;
};

/*
 * ST_CONFLICT when the owner already has a policy of that name. p->locked
 * and p->template_version may be given (copies keep their source's).
 */
int	store_policy_create(struct store *st, const char *partner_id,
	    struct arena *a, const struct policy *p, int64_t now, char **id,
	    struct err *e);
/* A policy with its usage counts (assigned, overrides, defaults). */
int	store_policy_get(struct store *st, const char *partner_id,
	    struct arena *a, const char *id, struct policy *out,
	    struct err *e);
/* The same without the counts (0), which read every row that uses a
 * global policy: for checks that need only the policy. */
int	store_policy_lookup(struct store *st, const char *partner_id,
	    struct arena *a, const char *id, struct policy *out,
	    struct err *e);
/* A page of partner_id's global policies, by name, with their
 * assignment counts (keys: name key, id). */
int	store_policy_list_global(struct store *st, const char *partner_id,
	    struct arena *a, struct page *pg, struct policy **out, size_t *n,
	    struct err *e);
/*
 * A page of the local policies of partner_id's customers (those
 * scoped_login's role covers, when not NULL), by customer then name
 * (keys: customer sort key, customer id, name key, id).
 */
int	store_policy_list_local(struct store *st, const char *partner_id,
	    const char *scoped_login, struct arena *a, struct page *pg,
	    struct policy **out, size_t *n, struct err *e);
/* A page of a customer's own policies and the global ones assigned to
 * it: its own first, workstation before server, by name. With counts,
 * each policy's `assigned` is its number of customers (0 otherwise: that
 * count reads every assignment of a global policy). */
int	store_policy_list_customer(struct store *st, const char *partner_id,
	    const char *customer_id, bool counts, struct arena *a,
	    struct page *pg, struct policy **out, size_t *n, struct err *e);
int	store_policy_assign(struct store *st, const char *partner_id,
	    const char *policy_id, const char *customer_id, int64_t now,
	    struct err *e);
/* Remove an assignment and the customer's override of it. */
int	store_policy_unassign(struct store *st, const char *partner_id,
	    const char *policy_id, const char *customer_id, struct err *e);
/*
 * Make policy_id (of that platform) the customer's default: ST_NOT_FOUND
 * when the customer or the policy is not the partner's. In a bulk
 * transaction on PostgreSQL (store_bulk_begin) it is sent ahead and not
 * confirmed: the caller wrote both in the same transaction.
 */
int	store_customer_default_set(struct store *st, const char *partner_id,
	    const char *customer_id, const char *platform,
	    const char *policy_id, struct err *e);
/* The customer's default policy for platform (ST_NOT_FOUND when none). */
int	store_customer_default_get(struct store *st, const char *partner_id,
	    const char *customer_id, const char *platform, struct arena *a,
	    const char **policy_id, struct err *e);

/* Fields of a policy edit; NULL leaves a field as it is. */
struct policy_edit {
	const char	*name;
	const char	*description;
	const char	*settings;	/* the new delta, JSON */
	const char	*locked;	/* JSON list */
	bool		 bump_revision;
};

/* ST_CONFLICT when the new name is taken by another policy of the owner. */
int	store_policy_update(struct store *st, const char *partner_id,
	    const char *id, const struct policy_edit *edit, int64_t now,
	    struct err *e);
/* Delete a policy with its assignments, overrides and default marks. */
int	store_policy_delete(struct store *st, const char *partner_id,
	    const char *id, struct err *e);
/* A page of the customers a policy is assigned to (global) or owned by
 * (local), by name (keys: sort key, id). */
int	store_policy_usage(struct store *st, const char *partner_id,
	    const char *policy_id, struct arena *a, struct page *pg,
	    struct policy_use **out, size_t *n, struct err *e);

int	store_override_get(struct store *st, const char *partner_id,
	    const char *customer_id, const char *policy_id, struct arena *a,
	    struct policy_override *out, struct err *e);
/* Store (or with settings NULL, remove) a customer's override. */
int	store_override_put(struct store *st, const char *partner_id,
	    const char *customer_id, const char *policy_id,
	    const char *settings, int64_t now, struct err *e);
/* Every override of a policy (to see what a lock change affects). */
int	store_overrides_of_policy(struct store *st, const char *partner_id,
	    const char *policy_id, struct arena *a,
	    struct policy_override **out, size_t *n, struct err *e);

/*
 * Lock a policy's row until the transaction ends (a read-modify-write of
 * its settings or locks, or of an override of it). ST_NOT_FOUND when
 * partner_id has no such policy.
 */
int	store_policy_lock(struct store *st, const char *partner_id,
	    const char *id, struct err *e);

/* What a customer's effective policy is computed from, in one read. */
struct effective_source {
	struct policy	 policy;
	const char	*override;	/* JSON, or NULL */
	long long	 override_revision;	/* 0 without an override */
};

/*
 * The policy (policy_id, or with NULL the customer's default for
 * platform) and the customer's override of it. The policy must be the
 * customer's own or assigned to it: otherwise, or without a default,
 * ST_NOT_FOUND.
 */
int	store_effective_source(struct store *st, const char *partner_id,
	    const char *customer_id, const char *platform,
	    const char *policy_id, struct arena *a,
	    struct effective_source *out, struct err *e);

#endif
