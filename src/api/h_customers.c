/*
 * h_customers.c - a partner's customers.
 *
 *   GET   /api/v1/accounts/{account_id}/customers?q=&limit=&cursor=
 *   POST  /api/v1/accounts/{account_id}/customers     (Idempotency-Key)
 *   GET   /api/v1/accounts/{account_id}/customers/{customer_id}
 *   PATCH /api/v1/accounts/{account_id}/customers/{customer_id}
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "api/render.h"
#include "app/customer.h"
#include "core/json.h"

int
h_customers_list(struct rq *rq)
{
	struct customer	*list;
	struct list_out	 l;
	struct page	 pg;
	struct jw	*w;
	const char	*q, *sort;
	enum customer_sort order;
	long long	 total;
	size_t		 n, i, nkeys;
	int		 rc;

	if ((rc = rq_query_text(rq, "q", &q)) != ST_OK ||
	    (rc = rq_query_text(rq, "sort", &sort)) != ST_OK ||
	    (rc = customer_sort_parse(&rq->app, sort, &order, &nkeys)) !=
	    ST_OK || (rc = rq_page(rq, nkeys, &pg)) != ST_OK)
		return (rc);
	if ((rc = customer_list(&rq->app, rq_param(rq, "account_id"), q,
	    order, &pg, &list, &n, &total)) != ST_OK)
		return (rc);
	w = list_open(&l, "customers");
	for (i = 0; i < n; i++)
		render_customer_summary(w, &list[i], rq->app.lang);
	list_close(rq, &l, &pg);
	jw_kint(w, "total", total);
	list_reply(rq, &l);
	return (ST_OK);
}

static void
view_json(struct rq *rq, const struct customer_view *v, struct buf *b)
{
	struct jw	w;

	jw_init(&w, b);
	jw_obj_begin(&w);
	jw_key(&w, "customer");
	render_customer_view(&w, v, rq->app.lang);
	jw_obj_end(&w);
}

/* Read the "management" object into m (field errors under management.*). */
static void
parse_management(struct rq *rq, json_t *body, struct management_input *m)
{
	static const char *const keys[] = { "mode", "global_policy_ids",
	    "template", "copy_from", NULL };
	static const char *const copy_keys[] = { "customer_id", "policy_id",
	    NULL };
	json_t		*obj, *ids, *copy, *v;
	size_t		 i;
	char		 field[64];

	memset(m, 0, sizeof(*m));
	v = json_object_get(body, "management");
	if (v == NULL || json_is_null(v)) {
		err_field(&rq->e, "management", M_REQUIRED);
		return;
	}
	if (!json_is_object(v)) {
		err_field(&rq->e, "management", M_NOT_OBJECT);
		return;
	}
	obj = v;
	jcheck_keys(obj, keys, "management", &rq->e);
	if (json_object_get(obj, "mode") != NULL &&
	    !json_is_string(json_object_get(obj, "mode")))
		err_field(&rq->e, "management.mode", M_NOT_STRING);
	else
		m->mode = json_string_value(json_object_get(obj, "mode"));
	v = json_object_get(obj, "template");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_string(v))
			err_field(&rq->e, "management.template", M_NOT_STRING);
		else
			m->template = json_string_value(v);
	}
	ids = json_object_get(obj, "global_policy_ids");
	if (ids != NULL && !json_is_null(ids)) {
		if (!json_is_array(ids))
			err_field(&rq->e, "management.global_policy_ids",
			    M_NOT_ARRAY);
		else if (json_array_size(ids) > 100)
			err_fieldn(&rq->e, "management.global_policy_ids",
			    M_TOO_MANY, 100);
		else {
			m->nglobal = json_array_size(ids);
			m->global_policy_ids = arena_calloc(&rq->a,
			    m->nglobal ? m->nglobal : 1, sizeof(char *));
			json_array_foreach(ids, i, v) {
				snprintf(field, sizeof(field),
				    "management.global_policy_ids[%zu]", i);
				if (!json_is_string(v)) {
					err_field(&rq->e, field, M_NOT_STRING);
					continue;
				}
				m->global_policy_ids[i] = json_string_value(v);
			}
		}
	}
	copy = json_object_get(obj, "copy_from");
	if (copy != NULL && !json_is_null(copy)) {
		if (!json_is_object(copy)) {
			err_field(&rq->e, "management.copy_from", M_NOT_OBJECT);
			return;
		}
		m->has_copy = true;
		jcheck_keys(copy, copy_keys, "management.copy_from", &rq->e);
		v = json_object_get(copy, "customer_id");
		if (v != NULL && !json_is_string(v))
			err_field(&rq->e, "management.copy_from.customer_id",
			    M_NOT_STRING);
		else
			m->copy_customer_id = json_string_value(v);
		v = json_object_get(copy, "policy_id");
		if (v != NULL && !json_is_string(v))
			err_field(&rq->e, "management.copy_from.policy_id",
			    M_NOT_STRING);
		else
			m->copy_policy_id = json_string_value(v);
	}
}

int
h_customers_create(struct rq *rq)
{
	static const char *const keys[] = { "source", "email",
	    "contact_person", "phone", "company", "industry", "website",
	    "street", "postal_code", "city", "country", "segment_discount",
	    "oms_record_id", "management", NULL };
	struct customer_input	 in;
	struct customer_view	 v;
	struct buf		 b = BUF_INIT;
	json_t			*body;
	const char		*account;
	char			*id, *loc;
	int			 rc;

	account = rq_param(rq, "account_id");
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&in, 0, sizeof(in));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "source", &in.source, false, &rq->e);
	jget_str(body, "email", &in.email, false, &rq->e);
	jget_str(body, "contact_person", &in.contact_person, false, &rq->e);
	jget_str(body, "phone", &in.d.phone, false, &rq->e);
	jget_str(body, "company", &in.d.company, false, &rq->e);
	jget_str(body, "industry", &in.d.industry, false, &rq->e);
	jget_str(body, "website", &in.d.website, false, &rq->e);
	jget_str(body, "street", &in.d.street, false, &rq->e);
	jget_str(body, "postal_code", &in.d.postal_code, false, &rq->e);
	jget_str(body, "city", &in.d.city, false, &rq->e);
	jget_str(body, "country", &in.d.country, false, &rq->e);
	jget_str(body, "segment_discount", &in.segment_discount, false,
	    &rq->e);
	jget_str(body, "oms_record_id", &in.oms_record_id, false, &rq->e);
	if (in.source == NULL && !err_has_field(&rq->e, "source"))
		err_field(&rq->e, "source", M_REQUIRED);
	parse_management(rq, body, &in.management);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = customer_create(&rq->app, account, &in, &id)) != ST_OK)
		return (rc);
	if ((rc = customer_view(&rq->app, account, id, &v)) != ST_OK)
		return (rc);
	view_json(rq, &v, &b);
	loc = arena_printf(&rq->a, "/api/v1/accounts/%s/customers/%s",
	    account, id);
	rq_header_add(rq, "location", loc);
	rq_reply_json(rq, 201, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_customer_get(struct rq *rq)
{
	struct customer_view	v;
	struct buf		b = BUF_INIT;
	int			rc;

	if ((rc = customer_view(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "customer_id"), &v)) != ST_OK)
		return (rc);
	view_json(rq, &v, &b);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}

int
h_customer_patch(struct rq *rq)
{
	static const char *const keys[] = { "contact_person", "phone",
	    "company", "industry", "website", "street", "postal_code", "city",
	    "country", "email", NULL };
	struct customer_patch	 p;
	struct customer_view	 v;
	struct buf		 b = BUF_INIT;
	json_t			*body;
	const char		*account, *id;
	int			 rc;

	account = rq_param(rq, "account_id");
	id = rq_param(rq, "customer_id");
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&p, 0, sizeof(p));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "contact_person", &p.contact_person, false, &rq->e);
	jget_str(body, "phone", &p.d.phone, false, &rq->e);
	jget_str(body, "company", &p.d.company, false, &rq->e);
	jget_str(body, "industry", &p.d.industry, false, &rq->e);
	jget_str(body, "website", &p.d.website, false, &rq->e);
	jget_str(body, "street", &p.d.street, false, &rq->e);
	jget_str(body, "postal_code", &p.d.postal_code, false, &rq->e);
	jget_str(body, "city", &p.d.city, false, &rq->e);
	jget_str(body, "country", &p.d.country, false, &rq->e);
	if (json_object_get(body, "email") != NULL)
		err_field(&rq->e, "email", M_EMAIL_FIXED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = customer_update(&rq->app, account, id, &p)) != ST_OK)
		return (rc);
	if ((rc = customer_view(&rq->app, account, id, &v)) != ST_OK)
		return (rc);
	view_json(rq, &v, &b);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}
