/*
 * app.h - the context every domain operation runs in.
 *
 * The app layer holds Steward's rules (who may do what, what a valid
 * customer is, how a sign-in is rate-limited). It knows nothing of HTTP or
 * SQL: the API layer and stewardctl build a struct app and call in; the
 * app layer calls the store (store.h) and reports through app->e.
 */
#ifndef STEWARD_APP_H
#define STEWARD_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/msg.h"

struct arena;
struct err;
struct principal;
struct store;

/* Tunables, with defaults from app_config_defaults(). */
struct app_config {
	int64_t		session_idle;		/* seconds without activity */
	int64_t		session_max;		/* absolute session lifetime */
	long long	signin_max_per_email;	/* failures per window */
	long long	signin_max_per_ip;
	int64_t		signin_window;		/* seconds */
	long long	api_rate_per_minute;	/* requests of one API client */
	const char	*public_url;		/* the console's address, for
						 * links in e-mail */
	int64_t		checkin_seconds;	/* agents' check-in interval */
	/* The installation's key (core/secretkey.h), read from
	 * STEWARD_KEY_FILE; installer tokens are derived from it. */
	bool		has_install_key;
	unsigned char	install_key[32];
	char		install_key_problem[256];
};

struct app {
	struct store		*st;
	struct arena		*a;	/* everything allocated for this call */
	struct err		*e;
	struct principal	*who;	/* who is acting (principal.h) */
	enum lang		 lang;
	int64_t			 now;
	const struct app_config	*cfg;
};

void	app_config_defaults(struct app_config *c);
/* Override defaults from STEWARD_SESSION_IDLE, STEWARD_SESSION_MAX,
 * STEWARD_SIGNIN_MAX_PER_EMAIL, STEWARD_SIGNIN_MAX_PER_IP,
 * STEWARD_SIGNIN_WINDOW, STEWARD_API_RATE_PER_MINUTE, STEWARD_PUBLIC_URL,
 * STEWARD_CHECKIN_SECONDS; and read (creating it when missing) the key file
 * STEWARD_KEY_FILE names. */
void	app_config_from_env(struct app_config *c);

/* Record an audit event for app->who (never fails the caller:
 * a failure to audit is logged, and inside a transaction it fails the
 * transaction through the returned status). */
int	app_audit(struct app *app, const char *account_id,
	    const char *customer_id, const char *category,
	    const char *event_type, const char *result, const char *detail);
/* The same for an event about a site (site_id NULL: none), which a role
 * limited to chosen sites reads when the site is one of them. */
int	app_audit_site(struct app *app, const char *account_id,
	    const char *customer_id, const char *site_id,
	    const char *category, const char *event_type, const char *result,
	    const char *detail);
/* The same for an event about a device (device_id NULL: none): it is
 * about the device's site as the device is when it is written. */
int	app_audit_device(struct app *app, const char *account_id,
	    const char *customer_id, const char *device_id,
	    const char *category, const char *event_type, const char *result,
	    const char *detail);

#endif
