/*
 * account.h - accounts, their users, and the signed-in user's own
 * preferences. Who may act where is access.h.
 */
#ifndef STEWARD_ACCOUNT_H
#define STEWARD_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

struct app;

#define ACCOUNT_NAME_MAX	100
#define USER_NAME_MAX		100

/*
 * A page of the accounts the principal may act in (a login's, or an API
 * client's one account); see store_accounts_for_login() for the order.
 */
int	account_list_mine(struct app *app, struct page *pg,
	    struct account_role **out, size_t *n);

/* An account with the principal's role and scope in it. */
struct account_role;
int	account_get(struct app *app, const char *account_id,
	    struct account_role *out);

/* Rename (admins only). */
int	account_rename(struct app *app, const char *account_id,
	    const char *name);

/* How many days without a check-in make a partner's device offline
 * (1-365; whole-account admins of partner accounts). */
int	account_set_offline_days(struct app *app, const char *account_id,
	    long long days);
/*
 * Require (or not) two-step verification of every user of the account
 * (whole-account admins). Until a user turns it on, the account answers
 * them ST_FORBIDDEN "two_step_setup_required" (access.h). A person
 * turning the requirement on must have it on already (ST_INVALID on
 * "require_two_step"), so that nobody locks themselves out by surprise.
 */
int	account_require_two_step(struct app *app, const char *account_id,
	    bool on);
/* Create an account of kind "partner", "company" or "operator" (a
 * company console made so is single-tenant; company.h). */
int	account_create(struct app *app, const char *kind, const char *name,
	    char **id);

/* Create a login (validated e-mail, policy-checked password). */
int	user_create(struct app *app, const char *email, const char *password,
	    const char *name, const char *language, char **login_id);

/* Give login a role ("admin" | "viewer") in the whole account. */
int	user_grant(struct app *app, const char *account_id,
	    const char *login_id, const char *role);
/*
 * Give login a role in a partner account limited to the customers listed
 * (at least one; each must be a customer of the account: otherwise a
 * field error on "customers").
 */
int	user_grant_customers(struct app *app, const char *account_id,
	    const char *login_id, const char *role,
	    const char *const *customer_ids, size_t n);

/*
 * The same for a company console's sites: a role limited to the sites
 * listed (field errors on "sites").
 */
int	user_grant_sites(struct app *app, const char *account_id,
	    const char *login_id, const char *role,
	    const char *const *site_ids, size_t n);

/*
 * The chosen children of a role limited to some: customers of a partner
 * account (a list given as customer_ids), sites of a company console
 * (site_ids: sites true). children_check() says what is wrong with the
 * list (ids NULL: the whole account, nothing more to check, but site_ids
 * even null only in a company console); children_set()
 * makes principal_id (a login, an invitation or an API client) cover
 * them, with a field error when one is not the account's. Both name the
 * list field (NULL: "customer_ids" or "site_ids", as the API takes it).
 */
int	children_check(struct app *app, const struct account *acct,
	    bool sites, const char *field, const char *const *ids, size_t n,
	    size_t max);
int	children_set(struct app *app, const struct account *acct, bool sites,
	    const char *field, const char *principal_id,
	    const char *const *ids, size_t n);
/* "customer" or "site", for what is written about them. */
const char *children_noun(bool sites);

/* Change the signed-in login's own preferences (NULL = unchanged). */
int	me_update(struct app *app, const char *name, const char *language);
/* The signed-in login, as stored now. */
int	me_get(struct app *app, struct login *out);

#endif
