/*
 * password_reset.h - forgotten passwords (SPEC section 9, issue "People").
 *
 * Anyone may ask for a link for an e-mail address; the answer is the same
 * whether a login has it or not, and a link goes out only to an active
 * login, at most RESET_MAX_PER_HOUR an hour (asking more often, or from
 * one address too often, sends nothing more or answers 429). The link,
 * in the login's language, works for RESET_TTL seconds and once: setting
 * a new password with it (the policy of password.h) ends every session
 * of the login and every other link. Each step is audited.
 */
#ifndef STEWARD_PASSWORD_RESET_H
#define STEWARD_PASSWORD_RESET_H

#include <stdbool.h>

#include "app/password.h"
#include "store/store.h"

struct app;

#define RESET_TTL		3600
#define RESET_MAX_PER_HOUR	3

/* Ask for a link for email (ST_INVALID on a malformed address, ST_RATE_
 * LIMITED for too many requests from one address, else ST_OK). */
int	password_reset_request(struct app *app, const char *email);

/* The e-mail address of a link that still works (in app->a), else
 * ST_GONE "reset_link_gone". */
int	password_reset_peek(struct app *app, const char *token,
	    const char **email);

struct password_reset {
	struct login	 login;
	const char	*token_hash;
	const char	*next;
	char		 hash[PASSWORD_HASH_LEN];	/* of next */
	bool		 hashed;
};

/* Check the link and the new password (field new_password). ST_OK: run
 * _work() (the Argon2id hash, slow on purpose), then _finish(). */
int	password_reset_begin(struct app *app, const char *token,
	    const char *next, struct password_reset *pr);
void	password_reset_work(struct password_reset *pr);
/* Use the link once, set the password, end every session. */
int	password_reset_finish(struct app *app, struct password_reset *pr);

#endif
