/*
 * auth.c - sign-in, sessions and sign-in rate limits; see auth.h.
 */
#include <string.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/password.h"
#include "app/principal.h"
#include "app/session_cache.h"
#include "app/two_step.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/text.h"
#include "core/valid.h"
#include "store/store.h"

/* Refresh last_seen_at at most this often (saves a write per request). */
#define SESSION_TOUCH_EVERY	60

static int
rate_limited(struct app *app, int64_t window_start)
{
	long	retry;

	retry = (long)(window_start + app->cfg->signin_window - app->now);
	if (retry < 1)
		retry = 1;
	app->e->retry_after = retry;
	return (err_setn(app->e, ST_RATE_LIMITED, "rate_limited",
	    M_RATE_LIMITED, retry));
}

int
auth_sign_in_begin(struct app *app, const char *email, const char *password,
    struct signin_attempt *at)
{
	struct err	 tmp;
	char		*norm;
	long long	 ehits, ihits;
	int64_t		 ewin, iwin;
	int		 rc;

	memset(at, 0, sizeof(*at));
	if (email == NULL || *email == '\0')
		err_field(app->e, "email", M_REQUIRED);
	else if (strlen(email) > EMAIL_MAX)	/* no address: not kept */
		err_fieldn(app->e, "email", M_TOO_LONG, EMAIL_MAX);
	if (password == NULL || *password == '\0')
		err_field(app->e, "password", M_REQUIRED);
	if (app->e->status != ST_OK)
		return (app->e->status);
	at->email = email;
	at->password = password;
	/* Failures are audited under the address that was typed. */
	app->who->label = email;

	/* Unparseable addresses share a bucket keyed by their folded text. */
	norm = email_norm(app->a, email);
	if (norm == NULL)
		norm = text_fold(app->a, email);
	if (norm == NULL)
		norm = arena_strdup(app->a, "?");
	at->ebucket = arena_printf(app->a, "signin:email:%s", norm);
	at->ibucket = arena_printf(app->a, "signin:ip:%s", app->who->ip);

	if ((rc = store_ratelimit_peek(app->st, at->ebucket, app->now,
	    app->cfg->signin_window, &ehits, &ewin, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_ratelimit_peek(app->st, at->ibucket, app->now,
	    app->cfg->signin_window, &ihits, &iwin, app->e)) != ST_OK)
		return (rc);
	if (ehits >= app->cfg->signin_max_per_email ||
	    ihits >= app->cfg->signin_max_per_ip) {
		app_audit(app, NULL, NULL, "auth", "sign_in", "failure",
		    "rate limited");
		return (rate_limited(app, ehits >= app->cfg->signin_max_per_email
		    ? ewin : iwin));
	}

	err_clear(&tmp);
	rc = store_login_by_email(app->st, app->a, norm, &at->login, &tmp);
	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		*app->e = tmp;
		return (rc);
	}
	at->known = rc == ST_OK;
	at->hash = at->known ? at->login.password_hash :
	    password_dummy_hash();
	return (ST_OK);
}

void
auth_sign_in_verify(struct signin_attempt *at)
{
	/* An unknown e-mail spends the same time on the dummy hash. */
	at->verified = password_verify(at->hash, at->password) && at->known;
}

int
auth_sign_in_finish(struct app *app, struct signin_attempt *at,
    const char *user_agent, struct signin *out)
{
	long long	 hits;
	int64_t		 win;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (!at->verified) {
		if ((rc = store_ratelimit_hit(app->st, at->ebucket, app->now,
		    app->cfg->signin_window, &hits, &win, app->e)) != ST_OK)
			return (rc);
		if ((rc = store_ratelimit_hit(app->st, at->ibucket, app->now,
		    app->cfg->signin_window, &hits, &win, app->e)) != ST_OK)
			return (rc);
		app_audit(app, NULL, NULL, "auth", "sign_in", "failure",
		    "wrong e-mail or password");
		return (err_set(app->e, ST_UNAUTH, "bad_credentials",
		    M_BAD_CREDENTIALS));
	}
	if (strcmp(at->login.status, "active") != 0) {
		app_audit(app, NULL, NULL, "auth", "sign_in", "failure",
		    "login suspended");
		return (err_set(app->e, ST_UNAUTH, "suspended",
		    M_BAD_CREDENTIALS));
	}
	/* The password was right; with two-step verification a code must
	 * follow, and a wrong one counts like a wrong password. */
	if ((rc = two_step_check(app, at->login.id, at->totp,
	    at->recovery_code)) != ST_OK) {
		if (rc == ST_UNAUTH && strcmp(app->e->code, "bad_totp") == 0) {
			(void)store_ratelimit_hit(app->st, at->ebucket,
			    app->now, app->cfg->signin_window, &hits, &win,
			    app->e);
			app_audit(app, NULL, NULL, "auth", "sign_in",
			    "failure", "wrong two-step code");
		}
		return (rc);
	}
	if ((rc = store_ratelimit_clear(app->st, at->ebucket, app->e)) !=
	    ST_OK)
		return (rc);

	out->login = at->login;
	out->token = token_new(app->a);
	out->session.id = token_hash(app->a, out->token);
	out->session.login_id = out->login.id;
	out->session.csrf_token = token_new(app->a);
	out->session.created_at = app->now;
	out->session.last_seen_at = app->now;
	out->session.expires_at = app->now + app->cfg->session_max;
	out->session.ip = app->who->ip;
	out->session.user_agent = user_agent;
	if ((rc = store_session_create(app->st, &out->session, app->e)) !=
	    ST_OK)
		return (rc);
	if ((rc = store_two_step_due(app->st, out->login.id,
	    &out->two_step_due, app->e)) != ST_OK)
		return (rc);
	principal_login(app->who, out->login.id, out->login.email,
	    app->who->ip);
	app_audit(app, NULL, NULL, "auth", "sign_in", "success", "");
	return (ST_OK);
}

int
auth_sign_in(struct app *app, const char *email, const char *password,
    const char *user_agent, struct signin *out)
{
	struct signin_attempt	at;
	int			rc;

	memset(out, 0, sizeof(*out));
	if ((rc = auth_sign_in_begin(app, email, password, &at)) != ST_OK)
		return (rc);
	auth_sign_in_verify(&at);
	return (auth_sign_in_finish(app, &at, user_agent, out));
}

/* A kept session may serve this request without a database read. */
static bool
usable(struct app *app, const struct session *s, const struct login *l)
{
	int64_t	idle = app->now - s->last_seen_at;

	return (s->revoked_at == 0 && app->now < s->expires_at &&
	    idle < app->cfg->session_idle && idle < SESSION_TOUCH_EVERY &&
	    strcmp(l->status, "active") == 0);
}

int
auth_resolve(struct app *app, struct auth_snapshot *snap, const char *token,
    struct session *s, struct login *l)
{
	struct err	 tmp;
	char		*id;
	int		 rc;

	if (token == NULL || *token == '\0' || strlen(token) > 128)
		return (err_set(app->e, ST_UNAUTH, "unauthenticated",
		    M_UNAUTHENTICATED));
	id = token_hash_memo(app->a, token);
	if (snap != NULL && !snap->valid) {
		if ((rc = store_auth_generation(app->st, &snap->gen, app->e)) !=
		    ST_OK)
			return (rc);
		snap->valid = snap->fresh = true;
	}
	if (snap != NULL && session_cache_get(id, snap->gen, app->a, s, l) &&
	    usable(app, s, l))
		return (ST_OK);
	if (snap != NULL)
		session_cache_drop(id);
	err_clear(&tmp);
	rc = store_session_with_login(app->st, app->a, id, s, l, &tmp);
	if (rc == ST_NOT_FOUND)
		return (err_set(app->e, ST_UNAUTH, "unauthenticated",
		    M_UNAUTHENTICATED));
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	if (s->revoked_at != 0 || app->now >= s->expires_at ||
	    app->now - s->last_seen_at >= app->cfg->session_idle)
		return (err_set(app->e, ST_UNAUTH, "session_expired",
		    M_SESSION_EXPIRED));
	if (strcmp(l->status, "active") != 0)
		return (err_set(app->e, ST_UNAUTH, "unauthenticated",
		    M_UNAUTHENTICATED));
	if (app->now - s->last_seen_at >= SESSION_TOUCH_EVERY) {
		if ((rc = store_session_touch(app->st, s->id, app->now,
		    app->e)) != ST_OK)
			return (rc);
		s->last_seen_at = app->now;
	}
	if (snap != NULL)
		session_cache_put(snap->gen, s, l);
	return (ST_OK);
}

int
auth_sign_out(struct app *app, const char *token)
{
	char	*id;
	int	 rc;

	if (token == NULL || *token == '\0')
		return (ST_OK);
	id = token_hash(app->a, token);
	session_cache_drop(id);
	rc = store_session_revoke(app->st, id, app->now, app->e);
	if (rc == ST_OK)
		app_audit(app, NULL, NULL, "auth", "sign_out", "success", "");
	return (rc);
}
