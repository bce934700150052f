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
 *
 * A sign-in has three steps so that the slow one can run away from the
 * caller's event loop: auth_sign_in_begin() (store: rate limits, the
 * login), auth_sign_in_verify() (Argon2id only: it touches neither the
 * store nor the arena, and may run on another thread) and
 * auth_sign_in_finish() (store: counters, the session, the audit record).
 * auth_sign_in() runs the three in a row.
 */
#ifndef STEWARD_AUTH_H
#define STEWARD_AUTH_H

#include <stdbool.h>

#include "store/store.h"

struct app;

/* A sign-in between its steps (strings in the app's arena). */
struct signin_attempt {
	const char	*email;		/* as typed */
	const char	*ebucket;	/* rate-limit buckets */
	const char	*ibucket;
	bool		 known;		/* a login has this e-mail */
	struct login	 login;
	const char	*hash;		/* the login's, or the dummy hash */
	const char	*password;
	const char	*totp;		/* two-step code, or NULL */
	const char	*recovery_code;	/* ... or a recovery code */
	bool		 verified;	/* set by auth_sign_in_verify() */
};

struct signin {
	struct login	 login;
	struct session	 session;
	char		*token;		/* the cookie value; only here, once */
	bool		 two_step_due;	/* an account of the login requires
					 * two-step verification, not on yet */
};

/*
 * Validate the input, apply the rate limits and read the login. ST_OK:
 * run auth_sign_in_verify(), then auth_sign_in_finish().
 */
int	auth_sign_in_begin(struct app *app, const char *email,
	    const char *password, struct signin_attempt *at);
/* The password check (slow, on purpose). */
void	auth_sign_in_verify(struct signin_attempt *at);
/* Count a failure, or open the session; app->who becomes the login. */
int	auth_sign_in_finish(struct app *app, struct signin_attempt *at,
	    const char *user_agent, struct signin *out);

int	auth_sign_in(struct app *app, const char *email, const char *password,
	    const char *user_agent, struct signin *out);

/*
 * The auth generation (store_auth_generation()) as read once for several
 * requests. It may serve only requests that had been received when it was
 * read: a revocation committed before such a request was sent moved the
 * generation before this read, so a session kept from an older generation
 * is not used. The caller (the request worker's event loop, api/turn.h)
 * decides when it stops being valid.
 */
struct auth_snapshot {
	bool	 valid;
	bool	 fresh;		/* auth_resolve() has just read gen */
	int64_t	 gen;
};

/*
 * Resolve a cookie token to its live session and login (ST_UNAUTH else);
 * the caller makes app->who the login. With a snapshot (NULL: none), a
 * session this process validated at the snapshot's generation
 * (session_cache.h) is used without a database read; an invalid snapshot
 * is read first. The session's absolute and idle expiry are checked
 * against app->now either way, and a session whose last_seen_at is due
 * to be touched is read again. l->password_hash is NULL.
 */
int	auth_resolve(struct app *app, struct auth_snapshot *snap,
	    const char *token, struct session *s, struct login *l);

/* End the session of token (app->who is its login). */
int	auth_sign_out(struct app *app, const char *token);

#endif
