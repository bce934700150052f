/*
 * me_security.c - password change and sessions; see me_security.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/me_security.h"
#include "app/principal.h"
#include "core/arena.h"
#include "core/err.h"

int
me_password_begin(struct app *app, const char *current, const char *next,
    struct password_change *pc)
{
	const char	*id;
	long long	 hits;
	int64_t		 win;
	long		 retry;
	int		 rc;

	memset(pc, 0, sizeof(*pc));
	if ((rc = acting_login(app, &id)) != ST_OK)
		return (rc);
	if ((rc = store_login_get(app->st, app->a, id, &pc->login, app->e)) !=
	    ST_OK)
		return (rc);
	pc->bucket = arena_printf(app->a, "password:%s", id);
	if ((rc = store_ratelimit_peek(app->st, pc->bucket, app->now,
	    app->cfg->signin_window, &hits, &win, app->e)) != ST_OK)
		return (rc);
	if (hits >= app->cfg->signin_max_per_email) {
		retry = (long)(win + app->cfg->signin_window - app->now);
		app->e->retry_after = retry < 1 ? 1 : retry;
		return (err_setn(app->e, ST_RATE_LIMITED, "rate_limited",
		    M_RATE_LIMITED, app->e->retry_after));
	}
	if (current == NULL || *current == '\0')
		err_field(app->e, "current_password", M_REQUIRED);
	if (next == NULL || *next == '\0')
		err_field(app->e, "new_password", M_REQUIRED);
	else
		password_policy(app->e, "new_password", next,
		    pc->login.email, pc->login.name);
	if (app->e->status == ST_OK && strcmp(current, next) == 0)
		err_field(app->e, "new_password", M_PASSWORD_SAME);
	if (app->e->status != ST_OK)
		return (app->e->status);
	pc->current = current;
	pc->next = next;
	return (ST_OK);
}

void
me_password_work(struct password_change *pc)
{
	pc->current_ok = password_verify(pc->login.password_hash, pc->current);
	if (pc->current_ok)
		pc->hashed = password_hash_into(pc->next, pc->hash);
}

int
me_password_finish(struct app *app, struct password_change *pc,
    const char *keep_session)
{
	long long	hits;
	int64_t		win;
	int		rc;

	if (!pc->current_ok) {
		if ((rc = store_ratelimit_hit(app->st, pc->bucket, app->now,
		    app->cfg->signin_window, &hits, &win, app->e)) != ST_OK)
			return (rc);
		app_audit(app, NULL, NULL, "auth", "password_change",
		    "failure", "wrong current password");
		return (err_field(app->e, "current_password",
		    M_PASSWORD_CURRENT));
	}
	if (!pc->hashed)
		return (err_internal(app->e, "crypto_pwhash_str failed"));
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_login_set_password(app->st, pc->login.id, pc->hash,
	    app->now, app->e)) != ST_OK ||
	    (rc = store_sessions_revoke_others(app->st, pc->login.id,
	    keep_session, app->now, app->e)) != ST_OK ||
	    (rc = store_ratelimit_clear(app->st, pc->bucket, app->e)) !=
	    ST_OK ||
	    (rc = app_audit(app, NULL, NULL, "auth", "password_change",
	    "success", "password changed; other sessions ended")) != ST_OK) {
		store_tx_rollback(app->st);
		return (app->e->status != ST_OK ? app->e->status : rc);
	}
	return (store_tx_commit(app->st, app->e));
}

int
me_sessions(struct app *app, struct page *pg, struct session **out,
    size_t *n)
{
	const char	*id;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((rc = acting_login(app, &id)) != ST_OK)
		return (rc);
	return (store_sessions_of(app->st, id, app->now,
	    app->cfg->session_idle, app->a, pg, out, n, app->e));
}

int
me_session_end(struct app *app, const char *public_id)
{
	const char	*id;
	int		 rc;

	if ((rc = acting_login(app, &id)) != ST_OK)
		return (rc);
	if (public_id == NULL)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	if ((rc = store_session_revoke_public(app->st, id, public_id,
	    app->now, app->e)) != ST_OK)
		return (rc);
	return (app_audit(app, NULL, NULL, "auth", "session_end", "success",
	    arena_printf(app->a, "session %s ended", public_id)));
}
