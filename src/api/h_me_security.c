/*
 * h_me_security.c - the signed-in person's password and sessions.
 *
 *   POST   /api/v1/me/password  {"current_password", "new_password"} -> 204;
 *          the other sessions end (the Argon2id work is offloaded)
 *   GET    /api/v1/me/sessions?limit=&cursor=  {"sessions": [{"id",
 *          "created_at", "last_seen_at", "expires_at", "ip",
 *          "user_agent", "current"}], "next_cursor"}
 *   DELETE /api/v1/me/sessions/{session_id}
 *   POST   /api/v1/me/totp  -> {"secret", "otpauth_uri", "qr_svg"}: two-step
 *          verification set up, waiting for its first code
 *   POST   /api/v1/me/totp/confirm  {"code"} -> {"recovery_codes": [...]}
 */
#include <string.h>

#include <sodium.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "api/offload.h"
#include "app/me_security.h"
#include "app/two_step.h"
#include "core/json.h"

/* The passwords are not needed any more: wipe them where they were. */
static void
wipe(struct rq *rq, struct password_change *pc)
{
	const char	*data;
	size_t		 len;

	if (pc != NULL) {
		if (pc->current != NULL)
			sodium_memzero((char *)pc->current,
			    strlen(pc->current));
		if (pc->next != NULL)
			sodium_memzero((char *)pc->next, strlen(pc->next));
		sodium_memzero(pc->hash, sizeof(pc->hash));
	}
	rq_body(rq, &data, &len);
	if (len > 0)
		sodium_memzero((char *)data, len);
}

static void
password_work(void *arg)
{
	me_password_work(arg);
}

static int
password_resume(struct rq *rq, void *arg)
{
	struct password_change	*pc = arg;
	int			 rc;

	rc = me_password_finish(&rq->app, pc, rq->session.id);
	wipe(rq, pc);
	if (rc != ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

/* A password member: a string, kept as given (no trimming). */
static const char *
password_member(struct rq *rq, json_t *body, const char *key)
{
	json_t	*v = json_object_get(body, key);

	if (v == NULL || json_is_null(v))
		return (NULL);
	if (!json_is_string(v)) {
		err_field(&rq->e, key, M_NOT_STRING);
		return (NULL);
	}
	return (json_string_value(v));
}

int
h_me_password(struct rq *rq)
{
	static const char *const keys[] = { "current_password",
	    "new_password", NULL };
	struct password_change	*pc;
	json_t			*body;
	const char		*current, *next;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	current = password_member(rq, body, "current_password");
	next = password_member(rq, body, "new_password");
	if (rq->e.status != ST_OK) {
		wipe(rq, NULL);
		return (rq->e.status);
	}
	pc = arena_calloc(&rq->a, 1, sizeof(*pc));
	if ((rc = me_password_begin(&rq->app, current, next, pc)) != ST_OK) {
		wipe(rq, NULL);
		return (rc);
	}
	return (rq_offload(rq, password_work, pc, password_resume));
}

static void
session_item(struct rq *rq, struct jw *w, const void *p)
{
	const struct session	*s = p;
	char			 pub[SESSION_PUBLIC_ID + 1];
	int64_t			 idle;

	snprintf(pub, sizeof(pub), "%s", s->id);
	idle = s->last_seen_at + rq->app.cfg->session_idle;
	jw_obj_begin(w);
	jw_kstr(w, "id", pub);
	jw_ktime(w, "created_at", s->created_at);
	jw_ktime(w, "last_seen_at", s->last_seen_at);
	jw_ktime(w, "expires_at", idle < s->expires_at ? idle :
	    s->expires_at);
	jw_kstr(w, "ip", s->ip);
	jw_kstr(w, "user_agent", s->user_agent);
	jw_kbool(w, "current", rq->has_session &&
	    strcmp(s->id, rq->session.id) == 0);
	jw_obj_end(w);
}

int
h_me_sessions(struct rq *rq)
{
	struct session	*list;
	struct page	 pg;
	size_t		 n;
	int		 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = me_sessions(&rq->app, &pg, &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "sessions", list, n, sizeof(*list), session_item,
	    &pg);
	return (ST_OK);
}

int
h_me_session_delete(struct rq *rq)
{
	int	rc;

	if ((rc = me_session_end(&rq->app, rq_param(rq, "session_id"))) !=
	    ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

int
h_me_totp(struct rq *rq)
{
	struct two_step_setup	 t;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	int			 rc;

	if ((rc = two_step_start(&rq->app, &t)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "secret", t.secret);
	jw_kstr(&w, "otpauth_uri", t.uri);
	jw_kstr(&w, "qr_svg", t.qr_svg);
	jw_obj_end(&w);
	sodium_memzero(t.secret, sizeof(t.secret));
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

/* {"recovery_codes": [...]} */
static void
reply_codes(struct rq *rq, const char **codes, size_t n)
{
	struct buf	b = BUF_INIT;
	struct jw	w;
	size_t		i;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "recovery_codes");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++)
		jw_str(&w, codes[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
}

/* The body {"code"} of the two-step routes. */
static int
code_body(struct rq *rq, const char **code)
{
	static const char *const keys[] = { "code", NULL };
	json_t	*body;
	int	 rc;

	*code = NULL;
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "code", code, false, &rq->e);
	return (rq->e.status);
}

int
h_me_totp_confirm(struct rq *rq)
{
	const char	*code, **codes;
	size_t		 n;
	int		 rc;

	if ((rc = code_body(rq, &code)) != ST_OK ||
	    (rc = two_step_confirm(&rq->app, code, &codes, &n)) != ST_OK)
		return (rc);
	reply_codes(rq, codes, n);
	return (ST_OK);
}

int
h_me_totp_codes(struct rq *rq)
{
	const char	*code, **codes;
	size_t		 n;
	int		 rc;

	if ((rc = code_body(rq, &code)) != ST_OK ||
	    (rc = two_step_new_codes(&rq->app, code, &codes, &n)) != ST_OK)
		return (rc);
	reply_codes(rq, codes, n);
	return (ST_OK);
}

int
h_me_totp_disable(struct rq *rq)
{
	const char	*code;
	int		 rc;

	if ((rc = code_body(rq, &code)) != ST_OK ||
	    (rc = two_step_off(&rq->app, code)) != ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

int
h_me_totp_get(struct rq *rq)
{
	struct buf	b = BUF_INIT;
	struct jw	w;
	long long	left;
	bool		on;
	int		rc;

	if ((rc = two_step_state(&rq->app, rq->login.id, &on, &left)) !=
	    ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kbool(&w, "on", on);
	jw_kint(&w, "recovery_codes_left", left);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}
