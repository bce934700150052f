/*
 * h_password_reset.c - forgotten passwords (app/password_reset.h).
 *
 *   POST /api/v1/password-resets  {"email"} -> 202 {}: the same answer
 *        whether the address has a login or not
 *   GET  /api/v1/password-resets/{token} -> {"email"}, or 410 when the
 *        link was used or expired
 *   POST /api/v1/password-resets/{token}  {"new_password"} -> 204; every
 *        session of the login ends (the Argon2id work is offloaded)
 */
#include <string.h>

#include <sodium.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/offload.h"
#include "app/password_reset.h"
#include "core/json.h"

int
h_password_reset_request(struct rq *rq)
{
	static const char *const keys[] = { "email", NULL };
	struct buf	 b = BUF_INIT;
	json_t		*body;
	const char	*email = NULL;
	int		 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "email", &email, false, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = password_reset_request(&rq->app, email)) != ST_OK)
		return (rc);
	buf_adds(&b, "{}");
	rq_reply_json(rq, 202, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_password_reset_get(struct rq *rq)
{
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	const char	*email;
	int		 rc;

	if ((rc = password_reset_peek(&rq->app, rq_param(rq, "token"),
	    &email)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "email", email);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

/* The new password is not needed any more: wipe it where it was read. */
static void
wipe(struct rq *rq, struct password_reset *pr)
{
	const char	*data;
	size_t		 len;

	if (pr != NULL) {
		if (pr->next != NULL)
			sodium_memzero((char *)pr->next, strlen(pr->next));
		sodium_memzero(pr->hash, sizeof(pr->hash));
	}
	rq_body(rq, &data, &len);
	if (len > 0)
		sodium_memzero((char *)data, len);
}

static void
reset_work(void *arg)
{
	password_reset_work(arg);
}

static int
reset_resume(struct rq *rq, void *arg)
{
	struct password_reset	*pr = arg;
	int			 rc;

	rc = password_reset_finish(&rq->app, pr);
	wipe(rq, pr);
	if (rc != ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

int
h_password_reset_set(struct rq *rq)
{
	static const char *const keys[] = { "new_password", NULL };
	struct password_reset	*pr;
	json_t			*body;
	const char		*next = NULL;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	if (json_object_get(body, "new_password") != NULL &&
	    !json_is_string(json_object_get(body, "new_password")))
		err_field(&rq->e, "new_password", M_NOT_STRING);
	else
		next = json_string_value(json_object_get(body,
		    "new_password"));
	if (rq->e.status != ST_OK) {
		wipe(rq, NULL);
		return (rq->e.status);
	}
	pr = arena_calloc(&rq->a, 1, sizeof(*pr));
	if ((rc = password_reset_begin(&rq->app, rq_param(rq, "token"), next,
	    pr)) != ST_OK) {
		wipe(rq, pr);
		return (rc);
	}
	return (rq_offload(rq, reset_work, pr, reset_resume));
}
