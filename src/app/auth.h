/*
 * auth.h - signing in and out, and resolving a session cookie.
 *
 * Sessions live in the database, so any worker of any server can serve any
 * request. A session ends at the first of: sign-out, its absolute expiry
 * (cfg->session_max after sign-in), or cfg->session_idle without a request.
 *
 * Sign-in failures are counted per e-mail and per client address in shared
 * counters (store_ratelimit_*); past the limit every attempt answers
 * ST_RATE_LIMITED with e->retry_after, even with the right password, until
 * the window ends. A wrong password and an unknown e-mail give the same
 * answer and take the same time.
 */
#ifndef STEWARD_AUTH_H
#define STEWARD_AUTH_H

#include "store/store.h"

struct app;

struct signin {
	struct login	 login;
	struct session	 session;
	char		*token;		/* the cookie value; only here, once */
};

int	auth_sign_in(struct app *app, const char *email, const char *password,
	    const char *user_agent, struct signin *out);

/* Resolve a cookie token to its live session and login (ST_UNAUTH else). */
int	auth_resolve(struct app *app, const char *token, struct session *s,
	    struct login *l);

int	auth_sign_out(struct app *app, const char *token);

#endif
