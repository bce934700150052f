/*
 * h_session.c - signing in and out, and the signed-in user.
 *
 *   POST   /api/v1/session  {"email", "password"} -> {"user", "csrf_token"}
 *   DELETE /api/v1/session  (CSRF token required while signed in)
 *   GET    /api/v1/me       -> {"user", "csrf_token", "session"}
 *   PATCH  /api/v1/me       {"name"?, "language"?} -> {"user"}
 *
 * The password check of a sign-in (Argon2id) runs on a task thread
 * (offload.h), so other requests of the worker go on meanwhile.
 */
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/offload.h"
#include "api/render.h"
#include "app/account.h"
#include "app/auth.h"
#include "core/json.h"

/* due: at sign-in, whether an account requires two-step verification
 * the login has not turned on (-1: not said). */
static void
reply_me(struct rq *rq, int status, const struct login *l,
    const struct session *s, bool with_session, int due)
{
	struct buf	b = BUF_INIT;
	struct jw	w;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "user");
	render_user(&w, l);
	jw_kstr(&w, "csrf_token", s->csrf_token);
	if (due >= 0)
		jw_kbool(&w, "two_step_setup_required", due == 1);
	if (with_session) {
		int64_t idle = s->last_seen_at + rq->app.cfg->session_idle;

		jw_key(&w, "session");
		jw_obj_begin(&w);
		jw_ktime(&w, "created_at", s->created_at);
		jw_ktime(&w, "expires_at", idle < s->expires_at ? idle :
		    s->expires_at);
		jw_ktime(&w, "absolute_expires_at", s->expires_at);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	rq_reply_json(rq, status, &b);
	buf_free(&b);
}

static void
signin_verify(void *arg)
{
	auth_sign_in_verify(arg);
}

/* The password is not needed any more: wipe it where it was read. */
static void
wipe_password(struct rq *rq, struct signin_attempt *at)
{
	struct http_request	*req = rq->req;

	if (at->password != NULL)
		sodium_memzero((char *)at->password, strlen(at->password));
	if (req->http_body != NULL)
		sodium_memzero(req->http_body->data, req->http_body_length);
}

static int
signin_resume(struct rq *rq, void *arg)
{
	struct signin_attempt	*at = arg;
	struct signin		 si;
	int			 rc, l;

	wipe_password(rq, at);
	if ((rc = auth_sign_in_finish(&rq->app, at,
	    rq_header(rq, "user-agent"), &si)) != ST_OK)
		return (rc);
	rq_set_session_cookie(rq, si.token, rq->app.cfg->session_max);
	if ((l = lang_parse(si.login.language)) >= 0)
		rq->app.lang = (enum lang)l;
	reply_me(rq, 200, &si.login, &si.session, false, si.two_step_due);
	return (ST_OK);
}

int
h_session_create(struct rq *rq)
{
	static const char *const keys[] = { "email", "password", "totp",
	    "recovery_code", NULL };
	struct signin_attempt	*at;
	json_t			*body;
	const char		*email = NULL, *password = NULL, *totp = NULL;
	const char		*recovery = NULL;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "email", &email, false, &rq->e);
	jget_str(body, "totp", &totp, false, &rq->e);
	jget_str(body, "recovery_code", &recovery, false, &rq->e);
	if (json_object_get(body, "password") != NULL &&
	    !json_is_string(json_object_get(body, "password")))
		err_field(&rq->e, "password", M_NOT_STRING);
	else
		password = json_string_value(json_object_get(body,
		    "password"));
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	at = arena_calloc(&rq->a, 1, sizeof(*at));
	if ((rc = auth_sign_in_begin(&rq->app, email, password, at)) !=
	    ST_OK) {
		wipe_password(rq, at);
		return (rc);
	}
	at->totp = totp;
	at->recovery_code = recovery;
	return (rq_offload(rq, signin_verify, at, signin_resume));
}

int
h_session_delete(struct rq *rq)
{
	const char	*token;
	int		 rc;

	/* A live session was recognised by the router, which checked its
	 * CSRF token; a dead one just has its cookie cleared. */
	if (rq->has_session) {
		token = rq_cookie(rq, session_cookie_name(rq));
		if ((rc = auth_sign_out(&rq->app, token)) != ST_OK)
			return (rc);
	}
	rq_set_session_cookie(rq, "", 0);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

int
h_me_get(struct rq *rq)
{
	reply_me(rq, 200, &rq->login, &rq->session, true, -1);
	return (ST_OK);
}

int
h_me_patch(struct rq *rq)
{
	static const char *const keys[] = { "name", "language", NULL };
	json_t		*body;
	const char	*name = NULL, *language = NULL;
	int		 rc, l;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "name", &name, false, &rq->e);
	jget_str(body, "language", &language, false, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = me_update(&rq->app, name, language)) != ST_OK ||
	    (rc = me_get(&rq->app, &rq->login)) != ST_OK)
		return (rc);
	if ((l = lang_parse(rq->login.language)) >= 0)
		rq->app.lang = (enum lang)l;
	reply_me(rq, 200, &rq->login, &rq->session, true, -1);
	return (ST_OK);
}
