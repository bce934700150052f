/*
 * h_effective.c - effective policies of customers and devices, with an
 * ETag built from their version (304 when it has not changed).
 *
 *   GET .../customers/{customer_id}/effective-policy?platform=&policy_id=
 *   GET .../devices/{device_id}/effective-policy
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "app/device.h"
#include "app/policy.h"
#include "core/json.h"

/* The members both answers share. */
static void
effective_members(struct jw *w, const struct policy_effective *ef)
{
	jw_kstr(w, "platform", ef->platform);
	jw_kstr(w, "policy_id", ef->has_policy ? ef->p.id : NULL);
	jw_kstr(w, "policy_name", ef->has_policy ? ef->p.name : NULL);
	jw_kstr(w, "policy_scope", !ef->has_policy ? NULL :
	    ef->p.customer_id == NULL ? "global" : "local");
	jw_kint(w, "revision", ef->has_policy ? ef->p.revision : 0);
	jw_kint(w, "override_revision", ef->override_revision);
	jw_kint(w, "template_version", ef->template_version);
	jw_kstr(w, "version", ef->version);
	jw_key(w, "settings");
	jw_json(w, ef->settings);
	jw_key(w, "origin");
	jw_json(w, ef->origin);
	jw_key(w, "contributions");
	jw_json(w, ef->contributions);
	jw_key(w, "locked");
	jw_json(w, ef->locked);
}

/* 304 when the caller has this version already. */
static bool
not_modified(struct rq *rq, const char *version)
{
	const char	*etag, *inm;

	etag = arena_printf(&rq->a, "\"%s\"", version);
	rq_header_add(rq, "etag", etag);
	inm = rq_header(rq, "if-none-match");
	if (inm != NULL && strcmp(inm, etag) == 0) {
		rq_reply_empty(rq, 304);
		return (true);
	}
	return (false);
}

int
h_customer_effective(struct rq *rq)
{
	struct policy_effective	 ef;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	const char		*platform, *pid;
	int			 rc;

	if ((rc = rq_query_text(rq, "platform", &platform)) != ST_OK ||
	    (rc = rq_query_text(rq, "policy_id", &pid)) != ST_OK)
		return (rc);
	if ((rc = policy_effective(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), platform, pid, &ef)) != ST_OK)
		return (rc);
	if (not_modified(rq, ef.version))
		return (ST_OK);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "customer_id", rq_param(rq, "customer_id"));
	effective_members(&w, &ef);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_device_effective(struct rq *rq)
{
	struct policy_effective	 ef;
	struct device		 d;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	int			 rc;

	if ((rc = device_effective(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "device_id"), &d, &ef)) != ST_OK)
		return (rc);
	if (not_modified(rq, ef.version))
		return (ST_OK);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "device_id", d.id);
	jw_kstr(&w, "customer_id", d.customer_id);
	jw_kstr(&w, "site_id", d.site_id);
	effective_members(&w, &ef);
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}
