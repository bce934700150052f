/*
 * company.h - company consoles (SPEC §1, §2, §8): businesses that manage
 * their own devices, without a partner.
 *
 * A company console is single-tenant or multi-tenant, chosen when it is
 * made and kept:
 *   single  the company itself has one installer and its devices;
 *   multi   its children are sites, each with its own installer, devices
 *           and site-level exclusions; they are the console's site
 *           selection pane and the rows of its top-level dashboard.
 *
 * Everything a console's devices need attaches to its own record
 * (store_company_self, store.h): a customers row of kind 'company' that is
 * nobody's customer and has no OMS record. So sites, installers, devices,
 * their policies (a workstation and a server policy made with the
 * console) and alerts are the same rows and code as a partner's
 * customers', with the company account's id where a partner's would be.
 */
#ifndef STEWARD_COMPANY_H
#define STEWARD_COMPANY_H

#include <stdbool.h>

struct app;

/*
 * A company console made by a signed-in person from their profile: name,
 * region (the ISO 3166-1 country the company is in) and tenancy ("single"
 * or "multi"; NULL: single). Its creator is its admin; it starts without
 * devices or sites.
 */
int	company_create(struct app *app, const char *name, const char *region,
	    const char *tenancy, char **id);

/*
 * The console's own record: *customer_id, made (with its policies) when
 * the console has none yet and make is true (a console made before
 * records existed, or by stewardctl); with make false, NULL then. No
 * access check: the caller has made it.
 */
int	company_self(struct app *app, const char *account_id, bool make,
	    const char **customer_id);

/* What a company route needs of the console. */
enum company_need {
	COMPANY_ANY,		/* its record, whatever its tenancy */
	COMPANY_SITES,		/* its sites: multi-tenant only */
	COMPANY_OWN		/* its own installer: single-tenant only */
};

/*
 * The record a company route is about, for the principal (company_scope,
 * access.h; write: an admin): *customer_id, and *c when not NULL. Without
 * make, a console that has no record yet answers *customer_id NULL. A need
 * the console's tenancy does not have is ST_CONFLICT "single_tenant" or
 * "multi_tenant".
 */
struct customer;
int	company_owner(struct app *app, const char *account_id, bool write,
	    enum company_need need, bool make, const char **customer_id,
	    struct customer *c);

#endif
