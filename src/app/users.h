/*
 * users.h - the people of an account (SPEC section 9): who has which role
 * over the whole account or over chosen customers, their status and when
 * they last signed in. Invitations, role changes and removal build on it.
 */
#ifndef STEWARD_USERS_H
#define STEWARD_USERS_H

#include <stddef.h>

#include "store/store.h"

struct app;
struct page;

/*
 * A page of account_id's users by e-mail, each with the customers a
 * limited role covers. Any role over the whole account may read it; a role
 * limited to chosen customers gets ST_FORBIDDEN (it sees only itself, in
 * GET /api/v1/accounts).
 */
int	users_list(struct app *app, const char *account_id, struct page *pg,
	    struct account_user **out, size_t *n);

#endif
