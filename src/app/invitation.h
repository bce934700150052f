/*
 * invitation.h - bringing people into an account (SPEC section 9).
 *
 * An admin over the whole account invites someone by e-mail with the role
 * they will have: admin or viewer of the whole account or, in a partner
 * account, of chosen customers. The invitee gets an e-mail with a link
 * holding a random token (kept only as a hash) valid INVITATION_TTL
 * seconds; inviting the same address again replaces the link. Until it is
 * accepted the person is listed as "invited" (users.h). Accepting it with
 * a name and a new password creates their login; someone who already has
 * a Steward login accepts with its password. Either way the membership is
 * made once: a used, replaced or expired link answers ST_GONE.
 */
#ifndef STEWARD_INVITATION_H
#define STEWARD_INVITATION_H

#include <stdbool.h>
#include <stddef.h>

#include "app/mail.h"
#include "app/password.h"
#include "store/store.h"

struct app;

#define INVITATION_TTL		(48 * 3600)
#define INVITATION_CUSTOMERS_MAX 1000

struct invitation_input {
	const char		*email;
	const char		*role;		/* admin | viewer */
	const char *const	*customer_ids;	/* NULL: the whole account */
	size_t			 ncustomers;
	bool			 sites;		/* the ids are site_ids (a
						 * company console's) */
	const char		*language;	/* of the e-mail; NULL: the
						 * inviter's */
};

/*
 * Invite in->email to account_id and queue the e-mail (one transaction).
 * ST_CONFLICT when that address already has a role in the account.
 * Fills *out; the token itself only goes into the e-mail.
 */
int	invitation_create(struct app *app, const char *account_id,
	    const struct invitation_input *in, struct invitation *out);

/* The same for a caller that has checked who may invite into acct (the
 * operator adding a partner, operator.h). Joins the caller's transaction
 * when there is one. */
int	invitation_issue(struct app *app, const struct account *acct,
	    const struct invitation_input *in, struct invitation *out);

/* The invitation of a link, for the page that accepts it: ST_NOT_FOUND
 * for no such link, ST_GONE once it is used, replaced or expired.
 * *existing tells whether its address already has a login. */
int	invitation_peek(struct app *app, const char *token,
	    struct invitation *out, bool *existing);

/* Accepting, in three steps like a sign-in (the password work is slow on
 * purpose and runs off the event loop, offload.h). */
struct invitation_attempt {
	struct invitation	 inv;
	const char		*name;
	const char		*password;
	bool			 existing;	/* a login has the address */
	struct login		 login;		/* ... that login */
	char			 hash[PASSWORD_HASH_LEN];	/* new login */
	bool			 ok;		/* set by _work() */
};
/* Check the input and the link; ST_OK: run _work(), then _finish(). */
int	invitation_accept_begin(struct app *app, const char *token,
	    const char *name, const char *password,
	    struct invitation_attempt *at);
/* Verify the existing login's password, or hash the new one. */
void	invitation_accept_work(struct invitation_attempt *at);
/* Make the login (if new) and the membership; *login_id is the login. */
int	invitation_accept_finish(struct app *app,
	    struct invitation_attempt *at, const char **login_id);

/* The e-mail (mail_invite.c). */
struct invitation_notice {
	const char	*account_name;
	const char	*inviter;	/* name or e-mail */
	const char	*role;
	size_t		 ncustomers;	/* 0: the whole account */
	bool		 sites;		/* ... of chosen sites */
	const char	*link;
	int64_t		 expires_at;
};
int	mail_invitation(struct app *app, const char *account_id,
	    const char *email, enum lang lang,
	    const struct invitation_notice *n);
void	mail_compose_invitation(struct app *app, enum lang lang,
	    const void *notice, struct mail_content *out);

#endif
