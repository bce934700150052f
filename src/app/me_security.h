/*
 * me_security.h - a signed-in person's own security (SPEC section 9):
 * changing their password and seeing and ending their sessions.
 *
 * A password change proves the current password (wrong ones are limited
 * like sign-ins), meets the password policy, and ends every other session
 * of the login; the slow Argon2id work runs off the event loop in three
 * steps like a sign-in (offload.h). Sessions are listed by a short public
 * id (never the cookie or its hash).
 */
#ifndef STEWARD_ME_SECURITY_H
#define STEWARD_ME_SECURITY_H

#include <stdbool.h>
#include <stddef.h>

#include "app/password.h"
#include "store/store.h"

struct app;
struct page;

struct password_change {
	struct login	 login;		/* the caller, with its hash */
	const char	*bucket;	/* rate limit of wrong passwords */
	const char	*current;
	const char	*next;
	char		 hash[PASSWORD_HASH_LEN];	/* of next */
	bool		 current_ok;	/* set by _work() */
	bool		 hashed;
};

/* Check the input (field errors on current_password / new_password) and
 * the rate limit, and read the login. ST_OK: run _work(), then _finish(). */
int	me_password_begin(struct app *app, const char *current,
	    const char *next, struct password_change *pc);
/* Verify the current password and hash the new one (slow, on purpose). */
void	me_password_work(struct password_change *pc);
/* Store the new hash and end the login's sessions but keep_session. */
int	me_password_finish(struct app *app, struct password_change *pc,
	    const char *keep_session);

/* A page of the caller's live sessions, newest first. */
int	me_sessions(struct app *app, struct page *pg, struct session **out,
	    size_t *n);
/* End one of the caller's sessions by its public id. */
int	me_session_end(struct app *app, const char *public_id);

#endif
