/*
 * h_invitations.c - inviting people, and accepting an invitation.
 *
 *   POST .../invitations  {"email", "role", "customer_ids" | "site_ids",
 *       "language"}
 *       -> 201 {"invitation"}; the link goes only to the invitee by e-mail
 *   GET  /api/v1/invitations/{token}  -> {"invitation"} for the page that
 *       accepts it (404 unknown, 410 used, replaced or expired)
 *   POST /api/v1/invitations/{token}/accept  {"name", "password"} -> 201
 *       {"user", "account"}; the password is checked or hashed off the
 *       event loop (offload.h)
 */
#include <string.h>

#include <sodium.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/offload.h"
#include "api/render.h"
#include "app/invitation.h"
#include "core/json.h"

/* An invitation as the users list shows it: a company console's names
 * its sites (site_ids, null for the whole console), a partner's its
 * customers. */
static void
invitation_json(struct jw *w, const struct invitation *inv,
    const char *const *customer_ids, size_t n)
{
	bool	sites = strcmp(inv->account_kind, "company") == 0;

	jw_obj_begin(w);
	jw_kstr(w, "id", inv->id);
	jw_kstr(w, "email", inv->email);
	jw_kstr(w, "role", inv->role);
	render_children(w, sites, customer_ids != NULL, customer_ids, n);
	jw_kstr(w, "status", "invited");
	jw_ktime(w, "created_at", inv->created_at);
	jw_ktime(w, "expires_at", inv->expires_at);
	jw_obj_end(w);
}

int
h_invitations_create(struct rq *rq)
{
	static const char *const keys[] = { "email", "role", "customer_ids",
	    "site_ids", "language", NULL };
	struct invitation_input	 in;
	struct invitation	 inv;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	json_t			*body;
	const char		**list = NULL;
	bool			 given;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&in, 0, sizeof(in));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "email", &in.email, false, &rq->e);
	jget_str(body, "role", &in.role, false, &rq->e);
	jget_str(body, "language", &in.language, false, &rq->e);
	rq_children(rq, body, INVITATION_CUSTOMERS_MAX + 1, &list,
	    &in.ncustomers, &in.sites, &given);
	in.customer_ids = list;
	if (in.email == NULL && !err_has_field(&rq->e, "email"))
		err_field(&rq->e, "email", M_REQUIRED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = invitation_create(&rq->app, rq_param(rq, "account_id"), &in,
	    &inv)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "invitation");
	invitation_json(&w, &inv, in.customer_ids, in.ncustomers);
	jw_obj_end(&w);
	rq_reply_json(rq, 201, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_invitation_get(struct rq *rq)
{
	struct invitation	 inv;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	bool			 existing;
	int			 rc;

	if ((rc = invitation_peek(&rq->app, rq_param(rq, "token"), &inv,
	    &existing)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "invitation");
	jw_obj_begin(&w);
	jw_kstr(&w, "email", inv.email);
	jw_key(&w, "account");
	jw_obj_begin(&w);
	jw_kstr(&w, "id", inv.account_id);
	jw_kstr(&w, "name", inv.account_name);
	jw_obj_end(&w);
	jw_kstr(&w, "role", inv.role);
	jw_kstr(&w, "scope", strcmp(inv.scope, "customers") == 0 &&
	    inv.account_kind != NULL && strcmp(inv.account_kind, "company") ==
	    0 ? "sites" : inv.scope);
	jw_kstr(&w, "invited_by", inv.invited_by_name);
	jw_ktime(&w, "expires_at", inv.expires_at);
	jw_kbool(&w, "existing_login", existing);
	jw_obj_end(&w);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

static void
accept_work(void *arg)
{
	invitation_accept_work(arg);
}

/* The password is not needed any more: wipe it where it was read. */
static void
wipe_password(struct rq *rq)
{
	const char	*data;
	size_t		 len;

	rq_body(rq, &data, &len);
	if (len > 0)
		sodium_memzero((char *)data, len);
}

static int
accept_resume(struct rq *rq, void *arg)
{
	struct invitation_attempt	*at = arg;
	struct buf			 b = BUF_INIT;
	struct jw			 w;
	const char			*login;
	int				 rc;

	if (at->password != NULL)
		sodium_memzero((char *)at->password, strlen(at->password));
	wipe_password(rq);
	rc = invitation_accept_finish(&rq->app, at, &login);
	sodium_memzero(at->hash, sizeof(at->hash));
	if (rc != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "user");
	jw_obj_begin(&w);
	jw_kstr(&w, "id", login);
	jw_kstr(&w, "email", at->inv.email);
	jw_obj_end(&w);
	jw_key(&w, "account");
	jw_obj_begin(&w);
	jw_kstr(&w, "id", at->inv.account_id);
	jw_kstr(&w, "name", at->inv.account_name);
	jw_obj_end(&w);
	jw_kstr(&w, "role", at->inv.role);
	jw_obj_end(&w);
	rq_reply_json(rq, 201, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_invitation_accept(struct rq *rq)
{
	static const char *const keys[] = { "name", "password", NULL };
	struct invitation_attempt	*at;
	json_t				*body;
	const char			*name = NULL, *password = NULL;
	int				 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "name", &name, false, &rq->e);
	if (json_object_get(body, "password") != NULL &&
	    !json_is_string(json_object_get(body, "password")))
		err_field(&rq->e, "password", M_NOT_STRING);
	else
		password = json_string_value(json_object_get(body,
		    "password"));
	if (rq->e.status != ST_OK) {
		wipe_password(rq);
		return (rq->e.status);
	}
	at = arena_calloc(&rq->a, 1, sizeof(*at));
	if ((rc = invitation_accept_begin(&rq->app, rq_param(rq, "token"),
	    name, password, at)) != ST_OK) {
		wipe_password(rq);
		return (rc);
	}
	return (rq_offload(rq, accept_work, at, accept_resume));
}
