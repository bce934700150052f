/*
 * h_contact_check.c - POST /api/v1/contact-check: the console checks each
 * contact field as the user leaves it, with the server's own rules and
 * messages (app/details.c), before anything is submitted. Changes nothing.
 *
 * A well-formed request always answers 200: {"errors": [{"field", "code",
 * "message"}], "normalized": {...}}. Only the fields sent are checked; the
 * country, when sent, is the region for the phone number and postal code.
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "app/details.h"
#include "core/json.h"
#include "core/phone.h"

static void
normalized(struct jw *w, const struct details_in *in, const struct details *d)
{
	char	disp[64];

	jw_key(w, "normalized");
	jw_obj_begin(w);
	if (in->email != NULL && *d->email != '\0')
		jw_kstr(w, "email", d->email);
	if (in->d.phone != NULL && *d->d.phone != '\0') {
		phone_display(d->d.phone, disp, sizeof(disp));
		jw_kstr(w, "phone", d->d.phone);
		jw_kstr(w, "phone_display", disp);
	}
	if (in->d.website != NULL && *d->d.website != '\0')
		jw_kstr(w, "website", d->d.website);
	if (in->d.postal_code != NULL && *d->d.postal_code != '\0')
		jw_kstr(w, "postal_code", d->d.postal_code);
	if (in->d.country != NULL && *d->d.country != '\0')
		jw_kstr(w, "country", d->d.country);
	jw_obj_end(w);
}

int
h_contact_check(struct rq *rq)
{
	static const char *const keys[] = { "email", "phone", "website",
	    "postal_code", "country", NULL };
	struct details_in	 in;
	struct details		 out;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	json_t			*body;
	char			 msg[512];
	size_t			 i;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&in, 0, sizeof(in));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "email", &in.email, false, &rq->e);
	jget_str(body, "phone", &in.d.phone, false, &rq->e);
	jget_str(body, "website", &in.d.website, false, &rq->e);
	jget_str(body, "postal_code", &in.d.postal_code, false, &rq->e);
	jget_str(body, "country", &in.d.country, false, &rq->e);
	if (rq->e.status != ST_OK)
		return (rq->e.status);

	/* What the check finds is the answer, not a failure of the request. */
	rc = details_check(&rq->app, &in, DETAILS_CONTACT |
	    (in.email != NULL ? DETAILS_EMAIL : 0), &out);
	if (rc != ST_OK && rc != ST_INVALID)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "errors");
	jw_arr_begin(&w);
	for (i = 0; i < rq->e.nfields; i++) {
		msg_render(msg, sizeof(msg), rq->app.lang, rq->e.fields[i].msg,
		    rq->e.fields[i].n, rq->e.fields[i].s);
		jw_obj_begin(&w);
		jw_kstr(&w, "field", rq->e.fields[i].name);
		jw_kstr(&w, "code", "invalid");
		jw_kstr(&w, "message", msg);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	normalized(&w, &in, &out);
	jw_obj_end(&w);
	err_clear(&rq->e);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}
