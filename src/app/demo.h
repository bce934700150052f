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

#endif
