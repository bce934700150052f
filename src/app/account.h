/*
 * account.h - accounts, their users, and who may act in them.
 *
 * account_access() is the one permission check for anything under
 * /accounts/{id}: no role in the account (or no such account) is
 * ST_NOT_FOUND, so nobody learns which ids exist; a viewer asking to
 * change something is ST_FORBIDDEN. The system actor (stewardctl, no
 * login) may act in every account.
 */
#ifndef STEWARD_ACCOUNT_H
#define STEWARD_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

struct app;

#define ACCOUNT_NAME_MAX	100
#define USER_NAME_MAX		100

int	account_access(struct app *app, const char *account_id, bool write,
	    struct account *acct, const char **role);

/*
 * account_access() for things only partner accounts have (customers, OMS
 * records, global policies): any other kind of account answers
 * ST_NOT_FOUND.
 */
int	partner_access(struct app *app, const char *partner_id, bool write);

/*
 * For things users limited to chosen customers may also see (the customer
 * list, a customer's policies): like partner_access(), but a limited
 * membership is let through with *scoped set to the acting login (NULL
 * for the whole account), so the caller can narrow what it returns.
 * partner_access() refuses limited memberships with ST_FORBIDDEN.
 */
int	partner_scope(struct app *app, const char *partner_id, bool write,
	    const char **scoped);

/*
 * The check for anything about one customer: ST_NOT_FOUND when it is not
 * a customer of partner_id or the acting login's membership does not
 * cover it; ST_FORBIDDEN for a viewer asking to change something. Fills
 * *out (if not NULL) with the customer.
 */
int	customer_access(struct app *app, const char *partner_id,
	    const char *customer_id, bool write, struct customer *out);

/*
 * The scope of the acting login's role in account_id ("all" or
 * "customers"; "all" for the system actor). No permission check: call
 * after account_access().
 */
int	account_scope(struct app *app, const char *account_id,
	    const char **scope);

/* Accounts the acting login may act in. */
int	account_list_mine(struct app *app, struct account_role **out,
	    size_t *n);

/* Rename (admins only). */
int	account_rename(struct app *app, const char *account_id,
	    const char *name);

/* Create an account of kind "partner", "company" or "operator". */
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

/* Change the acting login's own preferences (NULL = unchanged). */
int	me_update(struct app *app, const char *name, const char *language);

#endif
