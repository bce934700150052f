/*
 * api_client.h - integrations (SPEC section 10): API clients and their
 * bearer tokens.
 *
 * An account's admins create API clients with a name and a role (admin or
 * viewer) over the whole account, or, in a partner account, over chosen
 * customers. The secret is shown once, at creation, and kept only as a
 * BLAKE2b hash. A client exchanges its id and secret for a bearer token
 * (OAuth 2.0 client credentials) valid API_TOKEN_TTL seconds, also kept
 * only as a hash. A request with the token acts as the client (principal
 * P_CLIENT, origin "api"): it needs no CSRF token and is audited under
 * the client's name. Deleting a client ends its tokens at once. Only
 * people (console sessions) create and delete clients; failed exchanges
 * are limited per client address like sign-ins.
 */
#ifndef STEWARD_API_CLIENT_H
#define STEWARD_API_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct app;
struct principal;

#define API_TOKEN_TTL		3600
#define API_CLIENT_NAME_MAX	100
#define API_CLIENT_CUSTOMERS_MAX 1000
#define API_SECRET_PREFIX	"stw_cs_"
#define API_TOKEN_PREFIX	"stw_at_"

/* What a new client is; customer_ids NULL for the whole account. */
struct api_client_input {
	const char		 *name;
	const char		 *role;
	const char *const	 *customer_ids;
	size_t			  ncustomers;
	bool			  sites;	/* the ids are site_ids (a
						 * company console's) */
};

/* Create a client; *secret is its secret, shown this once. */
int	api_client_create(struct app *app, const char *account_id,
	    const struct api_client_input *in, struct api_client *out,
	    char **secret);
/* A page of the account's clients (admins and viewers may list). */
int	api_client_list(struct app *app, const char *account_id,
	    struct page *pg, struct api_client **out, size_t *n);
int	api_client_delete(struct app *app, const char *account_id,
	    const char *id);

/*
 * Exchange a client's id and secret for a bearer token: ST_UNAUTH (code
 * "invalid_client") when they do not match a live client, ST_RATE_LIMITED
 * after too many failures from the caller's address.
 */
int	api_token_issue(struct app *app, const char *client_id,
	    const char *secret, char **token, int64_t *expires_in);
/* The client a bearer token stands for, as principal p (ST_UNAUTH else). */
int	api_token_resolve(struct app *app, const char *token,
	    struct principal *p);

/*
 * Count one request of the API client acting (app->who) in its window of
 * API_RATE_WINDOW seconds, shared by every worker and server. ST_OK with
 * the budget left in *rate, or ST_RATE_LIMITED (e->retry_after set) past
 * cfg->api_rate_per_minute requests. A window's first request records the
 * client's last use.
 */
#define API_RATE_WINDOW		60
struct api_rate {
	long long	limit;
	long long	remaining;
	long		reset;		/* seconds until the window ends */
};
int	api_client_meter(struct app *app, struct api_rate *rate);

#endif
