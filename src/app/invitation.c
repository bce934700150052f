/*
 * invitation.c - inviting people into an account; see invitation.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/account.h"
#include "app/app.h"
#include "app/invitation.h"
#include "app/principal.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/valid.h"

/* The name the e-mail gives the inviter: their name, else their e-mail. */
static const char *
inviter_name(struct app *app)
{
	struct login	 l;
	struct err	 e;
	const char	*id = principal_login_id(app->who);

	err_clear(&e);
	if (id != NULL && store_login_get(app->st, app->a, id, &l, &e) ==
	    ST_OK && *l.name != '\0')
		return (l.name);
	return (app->who->label != NULL ? app->who->label : "Steward");
}

static int
check_input(struct app *app, const struct account *acct,
    const struct invitation_input *in, char **email, char **norm)
{
	static const char *const roles[] = { "admin", "viewer", NULL };
	static const char *const langs[] = { "en", "ja", NULL };

	valid_email(app->a, app->e, "email", in->email, email, norm);
	if (in->role == NULL)
		err_field(app->e, "role", M_REQUIRED);
	else
		valid_enum(app->a, app->e, "role", in->role, roles);
	children_check(app, acct, in->sites, NULL, in->customer_ids,
	    in->ncustomers, INVITATION_CUSTOMERS_MAX);
	if (in->language != NULL)
		valid_enum(app->a, app->e, "language", in->language, langs);
	return (app->e->status);
}

/* ST_CONFLICT when the address already has a role in the account. */
static int
not_member(struct app *app, const char *account_id, const char *norm)
{
	struct membership	 m;
	struct login		 l;
	struct err		 e;
	int			 rc;

	err_clear(&e);
	rc = store_login_by_email(app->st, app->a, norm, &l, &e);
	if (rc == ST_NOT_FOUND)
		return (ST_OK);
	if (rc != ST_OK)
		return (err_internal(app->e, "%s", e.internal));
	rc = store_membership_get(app->st, account_id, l.id, app->a, &m, &e);
	if (rc == ST_NOT_FOUND)
		return (ST_OK);
	if (rc != ST_OK)
		return (err_internal(app->e, "%s", e.internal));
	return (err_conflict(app->e, "already_member", M_ALREADY_MEMBER,
	    "email"));
}

int
invitation_create(struct app *app, const char *account_id,
    const struct invitation_input *in, struct invitation *out)
{
	struct account	 acct;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = account_access(app, account_id, true, &acct, NULL)) !=
	    ST_OK || (rc = whole_account(app, account_id)) != ST_OK)
		return (rc);
	return (invitation_issue(app, &acct, in, out));
}

int
invitation_issue(struct app *app, const struct account *acct,
    const struct invitation_input *in, struct invitation *out)
{
	struct invitation_notice n;
	const char		*account_id = acct->id;
	char			*email = NULL, *norm = NULL, *token, *id;
	enum lang		 lang;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = check_input(app, acct, in, &email, &norm)) != ST_OK)
		return (rc);
	token = token_new(app->a);
	out->account_id = account_id;
	out->email = email;
	out->email_norm = norm;
	out->role = in->role;
	out->scope = in->customer_ids != NULL ? "customers" : "all";
	out->token_hash = token_hash(app->a, token);
	out->invited_by = principal_login_id(app->who);
	out->invited_by_name = inviter_name(app);
	out->created_at = app->now;
	out->expires_at = app->now + INVITATION_TTL;
	out->account_name = acct->name;
	out->account_kind = acct->kind;

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = not_member(app, account_id, norm)) != ST_OK ||
	    (rc = store_invitation_create(app->st, app->a, out, app->now, &id,
	    app->e)) != ST_OK)
		goto fail;
	out->id = id;
	if (in->customer_ids != NULL && (rc = children_set(app, acct,
	    in->sites, NULL, id, in->customer_ids, in->ncustomers)) != ST_OK)
		goto fail;
	memset(&n, 0, sizeof(n));
	n.account_name = acct->name;
	n.inviter = out->invited_by_name;
	n.role = in->role;
	n.ncustomers = in->customer_ids != NULL ? in->ncustomers : 0;
	n.sites = in->sites;
	n.link = arena_printf(app->a, "%s/invite/%s", app->cfg->public_url,
	    token);
	n.expires_at = out->expires_at;
	lang = in->language != NULL ? (enum lang)lang_parse(in->language) :
	    app->lang;
	if ((rc = mail_invitation(app, account_id, email, lang, &n)) !=
	    ST_OK ||
	    (rc = app_audit(app, account_id, NULL, "user", "invite",
	    "success", arena_printf(app->a, "%s invited as %s of %s", email,
	    in->role, in->customer_ids == NULL ? "the whole account" :
	    arena_printf(app->a, "%zu chosen %s%s", in->ncustomers,
	    children_noun(in->sites), in->ncustomers == 1 ? "" : "s")))) !=
	    ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (app->e->status != ST_OK ? app->e->status : rc);
}

/* The invitation of token, if it can still be accepted. */
static int
live_invitation(struct app *app, const char *token, struct invitation *out)
{
	int	rc;

	if (token == NULL || *token == '\0' || strlen(token) > 200)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	rc = store_invitation_by_token(app->st, app->a,
	    token_hash(app->a, token), out, app->e);
	if (rc != ST_OK)
		return (rc);
	if (out->accepted_at != 0 || out->revoked_at != 0 ||
	    out->expires_at <= app->now)
		return (err_set(app->e, ST_GONE, "invitation_gone",
		    M_INVITATION_GONE));
	return (ST_OK);
}

int
invitation_peek(struct app *app, const char *token, struct invitation *out,
    bool *existing)
{
	struct login	 l;
	struct err	 e;
	int		 rc;

	*existing = false;
	if ((rc = live_invitation(app, token, out)) != ST_OK)
		return (rc);
	err_clear(&e);
	rc = store_login_by_email(app->st, app->a, out->email_norm, &l, &e);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		return (err_internal(app->e, "%s", e.internal));
	*existing = rc == ST_OK;
	return (ST_OK);
}

int
invitation_accept_begin(struct app *app, const char *token, const char *name,
    const char *password, struct invitation_attempt *at)
{
	struct err	 e;
	char		*cname = NULL;
	int		 rc;

	memset(at, 0, sizeof(*at));
	if ((rc = live_invitation(app, token, &at->inv)) != ST_OK)
		return (rc);
	err_clear(&e);
	rc = store_login_by_email(app->st, app->a, at->inv.email_norm,
	    &at->login, &e);
	if (rc != ST_OK && rc != ST_NOT_FOUND)
		return (err_internal(app->e, "%s", e.internal));
	at->existing = rc == ST_OK;
	if (password == NULL || *password == '\0')
		err_field(app->e, "password", M_REQUIRED);
	if (!at->existing) {
		valid_text(app->a, app->e, "name", name, true, USER_NAME_MAX,
		    &cname);
		if (password != NULL && *password != '\0')
			password_policy(app->e, "password", password,
			    at->inv.email, cname);
	}
	if (app->e->status != ST_OK)
		return (app->e->status);
	at->name = cname;
	at->password = password;
	return (ST_OK);
}

void
invitation_accept_work(struct invitation_attempt *at)
{
	if (at->existing)
		at->ok = password_verify(at->login.password_hash,
		    at->password);
	else
		at->ok = password_hash_into(at->password, at->hash);
}

int
invitation_accept_finish(struct app *app, struct invitation_attempt *at,
    const char **login_id)
{
	const struct invitation	*inv = &at->inv;
	char			*id = NULL;
	int			 rc;

	*login_id = NULL;
	if (at->existing && !at->ok)
		return (err_set(app->e, ST_UNAUTH, "bad_credentials",
		    M_INVITE_EXISTING));
	if (!at->existing && !at->ok)
		return (err_internal(app->e, "crypto_pwhash_str failed"));
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if (at->existing)
		id = (char *)at->login.id;
	else if ((rc = store_login_create(app->st, app->a, inv->email,
	    inv->email_norm, at->name, at->hash, lang_code(app->lang),
	    app->now, &id, app->e)) != ST_OK) {
		/* The address got a login meanwhile: accept again with it. */
		if (rc == ST_CONFLICT) {
			err_clear(app->e);
			rc = err_set(app->e, ST_CONFLICT, "email_taken",
			    M_INVITE_EXISTING);
		}
		goto fail;
	}
	if ((rc = store_invitation_accept(app->st, inv->id, id, app->now,
	    app->e)) != ST_OK) {
		if (rc == ST_CONFLICT) {
			err_clear(app->e);
			rc = err_set(app->e, ST_GONE, "invitation_gone",
			    M_INVITATION_GONE);
		}
		goto fail;
	}
	if ((rc = store_membership_put(app->st, inv->account_id, id,
	    inv->role, inv->scope, app->now, app->e)) != ST_OK ||
	    (strcmp(inv->scope, "customers") == 0 &&
	    (rc = store_principal_customers_move(app->st, inv->account_id,
	    inv->id, id, app->e)) != ST_OK))
		goto fail;
	principal_login(app->who, id, inv->email, app->who->ip);
	if ((rc = app_audit(app, inv->account_id, NULL, "user", "join",
	    "success", arena_printf(app->a, "%s accepted the invitation "
	    "and is now %s%s", inv->email, inv->role,
	    strcmp(inv->scope, "customers") != 0 ? "" : arena_printf(app->a,
	    " limited to chosen %ss", children_noun(strcmp(inv->account_kind,
	    "company") == 0))))) != ST_OK)
		goto fail;
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		return (rc);
	*login_id = id;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (app->e->status != ST_OK ? app->e->status : rc);
}
