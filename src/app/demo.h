/*
 * demo.h - believable demo data for trying Steward out.
 *
 * Fills a database with an MSP ("Northwind IT Services") and its users, a
 * second MSP whose data the first must never see, a company console, and
 * OMS records including the examples from the product documentation
 * ("Test Customer", "BOSS STG payg test A 4/4/2023 cs1"). Running it again
 * on the same database changes nothing and lists the same logins.
 */
#ifndef STEWARD_DEMO_H
#define STEWARD_DEMO_H

#include <stddef.h>

struct app;

struct demo_login {
	const char	*email;
	const char	*password;
	const char	*what;		/* "Northwind admin (English)" */
};

/* Load the demo (idempotent); *logins is a static table. */
int	demo_load(struct app *app, const struct demo_login **logins,
	    size_t *n);

/* The demo's accounts and customers that billing data is made for. */
struct demo_billing_ids {
	const char	*northwind;
	const char	*harbor;
	const char	*boss;
	const char	*sakura;
	const char	*olivetta;
	const char	*kookaburra;
	const char	*harbor_customer;
	const char	*fenwick;	/* a multi-tenant company console */
};

/* The catalogue, flexible billing for Northwind and every subscription
 * state (demo_billing.c). */
int	demo_billing(struct app *app, const struct demo_billing_ids *ids);
/* Alerts in several states, a mute (demo_alerts.c); after the devices
 * and the operator's reviews. */
int	demo_alerts(struct app *app, const struct demo_billing_ids *ids,
	    const char *admin_id, const char *admin_email);
/* A customer of northwind deleted three days ago by its admin, and a site
 * of boss (a customer of northwind) five days ago, restorable
 * (demo_deletion.c). */
int	demo_deleted(struct app *app, const char *northwind, const char *boss,
	    const char *admin_id, const char *admin_email);
/* Sites and enrolled devices in every state, a partner's customers' and
 * a company console's (demo_devices.c). */
int	demo_devices(struct app *app, const struct demo_billing_ids *ids);
/* The site of customer (NULL: a company console's own) named name, made
 * when there is none yet; NULL name: no site. */
int	demo_site_of(struct app *app, const char *partner, const char *customer,
	    const char *name, const char **site_id);

/*
 * The operator login, a partner (with its admin) whose customers applied
 * for segment discounts (one waiting, one overdue), and a customer of
 * northwind whose application was approved (demo_operator.c).
 */
int	demo_operator(struct app *app, const struct demo_login *login,
	    const struct demo_login *kestrel_admin, const char *northwind);

/*
 * Blue Harbor's customers onboarded from a CSV file by its admin (hadmin,
 * a login id, with hadmin_email) through customer_import()
 * (demo_import.c).
 */
int	demo_import(struct app *app, const char *harbor, const char *hadmin,
	    const char *hadmin_email);

#endif
