/*
 * access.h - who may act where: the permission rules, in one place.
 *
 * Every check asks about the acting principal (app->who, principal.h):
 *  - No role in an account (or no such account) answers ST_NOT_FOUND, so
 *    nobody learns which ids exist. A viewer asking to change something
 *    answers ST_FORBIDDEN.
 *  - A role limited to chosen customers of a partner account reaches
 *    those customers only (others are ST_NOT_FOUND) and nothing that is
 *    partner-wide (ST_FORBIDDEN), except lists narrowed to its customers.
 *  - The operator at the command line and the background process may act
 *    in every account as an admin.
 *  - Only roles in the operator account reach the operator's work
 *    (ST_FORBIDDEN for everyone else, partner admins included).
 *
 * A login's role in an account is read from the store once per request
 * and kept in the principal, so the router can check a route's declared
 * rules and the app function can check them again at no cost.
 */
#ifndef STEWARD_ACCESS_H
#define STEWARD_ACCESS_H

#include <stdbool.h>

#include "store/store.h"

struct app;

/*
 * Any role in account_id (write: an admin role). acct, when not NULL, is
 * filled with the account; role, when not NULL, with "admin" or "viewer".
 */
int	account_access(struct app *app, const char *account_id, bool write,
	    struct account *acct, const char **role);

/*
 * For things only partner accounts have, over the whole account (global
 * policies, the OMS, billing): any other kind of account is ST_NOT_FOUND,
 * a role limited to chosen customers ST_FORBIDDEN.
 */
int	partner_access(struct app *app, const char *partner_id, bool write);

/*
 * For lists a customer-limited role may also see (customers, local
 * policies, subscriptions): like partner_access(), but a limited role is
 * let through with *scoped set to the principal's id (NULL for the whole
 * account), for the store's narrowed queries.
 */
int	partner_scope(struct app *app, const char *partner_id, bool write,
	    const char **scoped);

/*
 * For what partner accounts and company consoles both have (devices,
 * alerts, the dashboard): any other kind of account is ST_NOT_FOUND. The
 * principal's role, for the store's narrowed queries:
 *   kind       "partner" or "company";
 *   customers  a role limited to chosen customers (or sites): the
 *              principal's id, for queries narrowed to its customers;
 *              NULL for the whole account;
 *   sites      a company console's role limited to chosen sites: the
 *              principal's id; else NULL.
 * A site-limited role covers no customer, not even the console's own
 * record: a query narrowed to customers shows it nothing, so every list
 * it may read narrows to its sites instead, on purpose.
 */
struct tenant {
	const char	*kind;
	const char	*customers;
	const char	*sites;
};
int	tenant_scope(struct app *app, const char *account_id, bool write,
	    struct tenant *t);
/* The same, for what only company consoles have (ST_NOT_FOUND for any
 * other kind of account). */
int	company_scope(struct app *app, const char *account_id, bool write,
	    struct tenant *t);
/*
 * ST_NOT_FOUND when the principal's role is limited to chosen sites of
 * the company console account_id and site_id is not one of them (NULL:
 * no site, which such a role never covers). Call after tenant_scope().
 */
int	site_covered(struct app *app, const char *account_id,
	    const char *site_id);

/*
 * Anything about one customer: ST_NOT_FOUND unless it is a customer of
 * partner_id that the principal's role covers; ST_FORBIDDEN for a viewer
 * asking to change something. Fills *out (when not NULL).
 */
int	customer_access(struct app *app, const char *partner_id,
	    const char *customer_id, bool write, struct customer *out);

/*
 * customer_access() where a company console's own record (store.h) is a
 * customer too, for what both have of a customer (local policies, the
 * effective policy): in a partner account, customer_access(); in a
 * company console, customer_id must be the console's own record, which a
 * role limited to chosen sites reads (the policies of its devices) but
 * does not change (ST_FORBIDDEN).
 */
int	record_access(struct app *app, const char *account_id,
	    const char *customer_id, bool write, struct customer *out);

/*
 * Only the coverage part of customer_access() (no read of the customer):
 * ST_NOT_FOUND when a customer-limited role does not cover customer_id.
 * For the router's early check; call after partner_scope().
 */
int	customer_covered(struct app *app, const char *partner_id,
	    const char *customer_id);

/*
 * The scope of the principal's role in account_id: "all", or "customers"
 * for a role limited to chosen customers. Call after account_access().
 */
int	account_scope(struct app *app, const char *account_id,
	    const char **scope);

/*
 * ST_OK when the principal's role in account_id covers the whole account;
 * ST_FORBIDDEN for one limited to chosen customers (or sites, saying so).
 * Call after account_access().
 */
int	whole_account(struct app *app, const char *account_id);

/* The login of a person acting in a console session (ST_UNAUTH for any
 * other principal): for what only people do for themselves. */
int	acting_login(struct app *app, const char **login_id);

/*
 * The operator account the principal may act in (write: as an admin).
 * ST_NOT_FOUND for the operator at the command line before the account
 * exists (operator_account_ensure() makes it).
 */
int	operator_access(struct app *app, bool write, const char **operator_id);

#endif
