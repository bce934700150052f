/*
 * password_reset.c - forgotten passwords; see password_reset.h.
 */
#include <string.h>

#include "app/app.h"
#include "app/mail.h"
#include "app/password_reset.h"
#include "app/principal.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_reset.h"

struct reset_notice {
	const char	*email;
	const char	*link;
	int64_t		 expires_at;
};

static void
compose(struct app *app, enum lang lang, const void *arg,
    struct mail_content *out)
{
	const struct reset_notice	*n = arg;
	const char			*until;

	until = mail_time_text(app, lang, n->expires_at);
	if (lang == LANG_JA) {
		out->subject = "Stewardのパスワードの再設定";
		out->text = arena_printf(app->a,
		    "Stewardのログイン（%s）のパスワードの再設定が"
		    "依頼されました。\n\n"
		    "次のリンクを開いて、新しいパスワードを設定してください。"
		    "このリンクは%sまで、1回だけ使えます。\n%s\n\n"
		    "お心当たりがない場合は、このメールを破棄してください。"
		    "パスワードは変更されません。\n"
		    "\n-- \nこのメールはStewardから自動送信されています。\n",
		    n->email, until, n->link);
		out->html = mail_html_document(app, lang, out->subject,
		    arena_printf(app->a, "<p>Stewardのログイン（%s）の"
		    "パスワードの再設定が依頼されました。</p>\n"
		    "<p><a href=\"%s\">新しいパスワードを設定する</a>"
		    "（%sまで、1回だけ有効）</p>\n"
		    "<p>お心当たりがない場合は、このメールを破棄してください。"
		    "パスワードは変更されません。</p>\n",
		    mail_html_escape(app, n->email),
		    mail_html_escape(app, n->link),
		    mail_html_escape(app, until)));
		return;
	}
	out->subject = "Reset your Steward password";
	out->text = arena_printf(app->a,
	    "Someone asked to reset the password of your Steward login "
	    "(%s).\n\n"
	    "Open this link to choose a new password (it works once, until "
	    "%s):\n%s\n\n"
	    "If you did not ask for this, you can ignore this e-mail: your "
	    "password stays as it is.\n"
	    "\n-- \nThis message was sent automatically by Steward.\n",
	    n->email, until, n->link);
	out->html = mail_html_document(app, lang, out->subject,
	    arena_printf(app->a, "<p>Someone asked to reset the password of "
	    "your Steward login (%s).</p>\n"
	    "<p><a href=\"%s\">Choose a new password</a> (it works once, "
	    "until %s)</p>\n<p>If you did not ask for this, you can ignore "
	    "this e-mail: your password stays as it is.</p>\n",
	    mail_html_escape(app, n->email), mail_html_escape(app, n->link),
	    mail_html_escape(app, until)));
}

/* Requests from one address: limited like sign-ins from it. */
static int
ip_limit(struct app *app)
{
	long long	hits;
	int64_t		win;
	long		retry;
	int		rc;

	if ((rc = store_ratelimit_hit(app->st, arena_printf(app->a,
	    "reset-ip:%s", app->who->ip), app->now, app->cfg->signin_window,
	    &hits, &win, app->e)) != ST_OK)
		return (rc);
	if (hits <= app->cfg->signin_max_per_ip)
		return (ST_OK);
	retry = (long)(win + app->cfg->signin_window - app->now);
	app->e->retry_after = retry < 1 ? 1 : retry;
	return (err_setn(app->e, ST_RATE_LIMITED, "rate_limited",
	    M_RATE_LIMITED, app->e->retry_after));
}

/*
 * A request that sends nothing still leaves its trace, committed as a sent
 * link is: the answer is the same either way, and so is what it costs the
 * server, so its timing does not tell whether the address has a login. A
 * failure to record it is logged (app_audit) and changes no answer.
 */
static int
not_sent(struct app *app, const char *addr, const char *why)
{
	(void)app_audit(app, NULL, NULL, "auth", "password_reset_request",
	    "failure", arena_printf(app->a, "no reset link sent to %s: %s",
	    addr, why));
	return (ST_OK);
}

int
password_reset_request(struct app *app, const char *email)
{
	struct reset_notice	 n;
	struct login		 l;
	struct err		 tmp;
	char			*addr, *norm, *token;
	long long		 sent;
	int			 rc;

	if (email == NULL || *email == '\0')
		return (err_field(app->e, "email", M_REQUIRED));
	if (valid_email(app->a, app->e, "email", email, &addr, &norm) != ST_OK)
		return (app->e->status);
	if ((rc = ip_limit(app)) != ST_OK)
		return (rc);
	err_clear(&tmp);
	rc = store_login_by_email(app->st, app->a, norm, &l, &tmp);
	if (rc == ST_NOT_FOUND || (rc == ST_OK &&
	    strcmp(l.status, "active") != 0))
		return (not_sent(app, addr, "no active login has this "
		    "address"));
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	if ((rc = store_reset_count(app->st, l.id, app->now - 3600, &sent,
	    app->e)) != ST_OK)
		return (rc);
	if (sent >= RESET_MAX_PER_HOUR)
		return (not_sent(app, addr, "enough links were sent this "
		    "hour"));
	token = token_new(app->a);
	n.email = l.email;
	n.link = arena_printf(app->a, "%s/reset/%s", app->cfg->public_url,
	    token);
	n.expires_at = app->now + RESET_TTL;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_reset_create(app->st, token_hash(app->a, token), l.id,
	    app->now, n.expires_at, app->e)) != ST_OK ||
	    (rc = mail_queue(app, NULL, "password_reset", &l, 1, compose,
	    &n)) != ST_OK ||
	    (rc = app_audit(app, NULL, NULL, "auth", "password_reset_request",
	    "success", arena_printf(app->a, "a reset link was sent to %s",
	    l.email))) != ST_OK) {
		store_tx_rollback(app->st);
		return (app->e->status != ST_OK ? app->e->status : rc);
	}
	return (store_tx_commit(app->st, app->e));
}

static int
gone(struct app *app)
{
	return (err_set(app->e, ST_GONE, "reset_link_gone", M_RESET_GONE));
}

/* The login of a link that still works. */
static int
live_link(struct app *app, const char *token, const char **hash,
    struct login *out)
{
	const char	*login_id;
	struct err	 tmp;
	int		 rc;

	if (token == NULL || *token == '\0' || strlen(token) > 200)
		return (gone(app));
	*hash = token_hash(app->a, token);
	err_clear(&tmp);
	rc = store_reset_peek(app->st, app->a, *hash, app->now, &login_id,
	    &tmp);
	if (rc == ST_NOT_FOUND)
		return (gone(app));
	if (rc == ST_OK)
		rc = store_login_get(app->st, app->a, login_id, out, &tmp);
	if (rc == ST_OK && strcmp(out->status, "active") != 0)
		return (gone(app));
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	return (ST_OK);
}

int
password_reset_peek(struct app *app, const char *token, const char **email)
{
	struct login	 l;
	const char	*hash;
	int		 rc;

	if ((rc = live_link(app, token, &hash, &l)) != ST_OK)
		return (rc);
	*email = l.email;
	return (ST_OK);
}

int
password_reset_begin(struct app *app, const char *token, const char *next,
    struct password_reset *pr)
{
	int	rc;

	memset(pr, 0, sizeof(*pr));
	if ((rc = live_link(app, token, &pr->token_hash, &pr->login)) !=
	    ST_OK)
		return (rc);
	if (next == NULL || *next == '\0')
		return (err_field(app->e, "new_password", M_REQUIRED));
	if (password_policy(app->e, "new_password", next, pr->login.email,
	    pr->login.name) != ST_OK)
		return (app->e->status);
	pr->next = next;
	return (ST_OK);
}

void
password_reset_work(struct password_reset *pr)
{
	pr->hashed = password_hash_into(pr->next, pr->hash);
}

int
password_reset_finish(struct app *app, struct password_reset *pr)
{
	int	rc;

	if (!pr->hashed)
		return (err_internal(app->e, "crypto_pwhash_str failed"));
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = store_reset_use(app->st, pr->token_hash, pr->login.id, app->now,
	    app->e);
	if (rc == ST_NOT_FOUND) {
		/* Used by a request that won the race, or just expired. */
		store_tx_rollback(app->st);
		err_clear(app->e);
		return (gone(app));
	}
	/* Whoever holds the link acts as the login, as a sign-in would. */
	principal_login(app->who, pr->login.id, pr->login.email,
	    app->who->ip);
	if (rc != ST_OK ||
	    (rc = store_login_set_password(app->st, pr->login.id, pr->hash,
	    app->now, app->e)) != ST_OK ||
	    (rc = store_sessions_revoke_others(app->st, pr->login.id, "",
	    app->now, app->e)) != ST_OK ||
	    (rc = app_audit(app, NULL, NULL, "auth", "password_reset",
	    "success", arena_printf(app->a, "password of %s set with a reset "
	    "link; every session ended", pr->login.email))) != ST_OK) {
		store_tx_rollback(app->st);
		return (app->e->status != ST_OK ? app->e->status : rc);
	}
	return (store_tx_commit(app->st, app->e));
}
