/*
 * users.h - the people of an account (SPEC section 9): who has which role
 * over the whole account or over chosen customers, their status and when
 * they last signed in. Invitations, role changes and removal build on it.
 */
#ifndef STEWARD_USERS_H
#define STEWARD_USERS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

struct app;
struct page;

#define USERS_CUSTOMERS_MAX	1000

/*
 * A page of account_id's users by e-mail, each with the customers (in a
 * company console, the sites) a limited role covers. Any role over the whole account may read it; a role
 * limited to chosen customers gets ST_FORBIDDEN (it sees only itself, in
 * GET /api/v1/accounts).
 */
int	users_list(struct app *app, const char *account_id, struct page *pg,
	    struct account_user **out, size_t *n);

/* A change of one user's access; NULL / has_customers false: unchanged. */
struct user_patch {
	const char		*role;		/* admin | viewer */
	bool			 has_customers;
	const char *const	*customer_ids;	/* NULL: the whole account */
	size_t			 ncustomers;
	bool			 sites;		/* the ids are site_ids (a
						 * company console's) */
	const char		*status;	/* active | suspended */
};

/*
 * Change a user's role, the customers it covers, or suspend it in this
 * account (the login keeps its other accounts). Admins over the whole
 * account only; nobody changes their own access, and the last active
 * admin over the whole account stays one (ST_CONFLICT). A pending
 * invitation is changed by inviting again (ST_CONFLICT). Fills *out.
 */
int	users_update(struct app *app, const char *account_id, const char *id,
	    const struct user_patch *p, struct account_user *out);
/* Remove a user from the account, or withdraw a pending invitation. */
int	users_remove(struct app *app, const char *account_id, const char *id);

#endif
