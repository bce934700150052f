/*
 * h_customers.c - a partner's customers.
 *
 *   GET   /api/v1/accounts/{account_id}/customers?q=&limit=&cursor=
 *   POST  /api/v1/accounts/{account_id}/customers     (Idempotency-Key)
 *   GET   /api/v1/accounts/{account_id}/customers/{customer_id}
 *   PATCH /api/v1/accounts/{account_id}/customers/{customer_id}
 */
#include <string.h>

#include <sodium.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/render.h"
#include "app/account.h"
#include "app/customer.h"
#include "core/json.h"
#include "core/rand.h"
#include "core/text.h"

#define LIST_DEFAULT	50
#define LIST_MAX	200

/* Cursor: base64url of "sort_key\x1fid" of the last customer shown. */
static char *
cursor_encode(struct rq *rq, const struct customer *c)
{
	char	*raw, *out;
	size_t	 len, olen;

	raw = arena_printf(&rq->a, "%s\x1f%s", c->sort_key, c->id);
	len = strlen(raw);
	olen = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	out = arena_alloc(&rq->a, olen);
	sodium_bin2base64(out, olen, (const unsigned char *)raw, len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return (out);
}

static int
cursor_decode(struct rq *rq, const char *cur, const char **key,
    const char **id)
{
	unsigned char	*raw;
	size_t		 len, cap;
	char		*s, *sep;

	cap = strlen(cur) + 1;
	raw = arena_alloc(&rq->a, cap);
	if (sodium_base642bin(raw, cap, cur, strlen(cur), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		goto bad;
	s = arena_strndup(&rq->a, (const char *)raw, len);
	if (strlen(s) != len || !utf8_valid(s, len) ||
	    (sep = strrchr(s, '\x1f')) == NULL || !id_valid(sep + 1, "cus"))
		goto bad;
	*sep = '\0';
	*key = s;
	*id = sep + 1;
	return (ST_OK);
bad:
	return (err_field(&rq->e, "cursor", M_BAD_CURSOR));
}

int
h_customers_list(struct rq *rq)
{
	struct customer	*list;
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	const char	*q, *cur, *key = NULL, *id = NULL;
	long long	 limit, total;
	size_t		 n, i;
	int		 rc;

	rq_query_text(rq, "q", &q);
	rq_query_text(rq, "cursor", &cur);
	rq_query_int(rq, "limit", LIST_DEFAULT, 1, LIST_MAX, &limit);
	if (cur != NULL && *cur != '\0')
		cursor_decode(rq, cur, &key, &id);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = customer_list(&rq->app, rq_param(rq, "account_id"), q, key,
	    id, (size_t)limit, &list, &n, &total)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "customers");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++)
		render_customer_summary(&w, &list[i], rq->app.lang);
	jw_arr_end(&w);
	jw_kint(&w, "total", total);
	if (n == (size_t)limit)
		jw_kstr(&w, "next_cursor", cursor_encode(rq, &list[n - 1]));
	else
		jw_knull(&w, "next_cursor");
	jw_obj_end(&w);
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
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

/* The Idempotency-Key header: 1-255 printable ASCII characters. */
static int
idempotency_key(struct rq *rq, const char **key)
{
	const char	*k;
	size_t		 i;

	*key = NULL;
	if ((k = rq_header(rq, "idempotency-key")) == NULL)
		return (ST_OK);
	for (i = 0; k[i] != '\0'; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			break;
	if (i == 0 || i > 255 || k[i] != '\0')
		return (err_set(&rq->e, ST_MALFORMED, "bad_idempotency_key",
		    M_IDEMPOTENCY_KEY));
	*key = k;
	return (ST_OK);
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
	const char		*account, *key, *hash = NULL;
	char			*id, *stored_hash, *stored, *loc;
	int			 rc, stored_status;

	account = rq_param(rq, "account_id");
	/* Permission first: strangers and viewers learn nothing more. */
	if ((rc = account_access(&rq->app, account, true, NULL, NULL)) !=
	    ST_OK)
		return (rc);
	if ((rc = idempotency_key(rq, &key)) != ST_OK)
		return (rc);
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&in, 0, sizeof(in));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "source", &in.source, false, &rq->e);
	jget_str(body, "email", &in.email, false, &rq->e);
	jget_str(body, "contact_person", &in.contact_person, false, &rq->e);
	jget_str(body, "phone", &in.phone, false, &rq->e);
	jget_str(body, "company", &in.company, false, &rq->e);
	jget_str(body, "industry", &in.industry, false, &rq->e);
	jget_str(body, "website", &in.website, false, &rq->e);
	jget_str(body, "street", &in.street, false, &rq->e);
	jget_str(body, "postal_code", &in.postal_code, false, &rq->e);
	jget_str(body, "city", &in.city, false, &rq->e);
	jget_str(body, "country", &in.country, false, &rq->e);
	jget_str(body, "segment_discount", &in.segment_discount, false,
	    &rq->e);
	jget_str(body, "oms_record_id", &in.oms_record_id, false, &rq->e);
	if (in.source == NULL && !err_has_field(&rq->e, "source"))
		err_field(&rq->e, "source", M_REQUIRED);
	parse_management(rq, body, &in.management);
	if (rq->e.status != ST_OK)
		return (rq->e.status);

	if (key != NULL) {
		const char	*data;
		size_t		 len;

		rq_body(rq, &data, &len);
		hash = token_hash(&rq->a, arena_printf(&rq->a, "%s\n%.*s",
		    rq_path(rq), (int)len, data));
		if ((rc = store_tx_begin(rq->app.st, &rq->e)) != ST_OK)
			return (rc);
		rc = store_idem_claim(rq->app.st, rq->login.id, key, hash,
		    rq->app.now, &rq->a, &stored_status, &stored_hash, &stored,
		    &rq->e);
		if (rc == ST_CONFLICT) {
			store_tx_rollback(rq->app.st);
			err_clear(&rq->e);
			if (strcmp(stored_hash, hash) != 0 ||
			    stored_status == 0)
				return (err_set(&rq->e, ST_INVALID,
				    "idempotency_key_reused",
				    M_IDEMPOTENCY_REUSED));
			/* The first request's answer, again. */
			rq_header_add(rq, "idempotent-replayed", "true");
			buf_adds(&b, stored);
			rq_reply_json(rq, stored_status, &b);
			buf_free(&b);
			return (ST_OK);
		}
		if (rc != ST_OK)
			return (rc);
	}
	if ((rc = customer_create(&rq->app, account, &in, &id)) != ST_OK)
		return (rc);
	if ((rc = customer_view(&rq->app, account, id, &v)) != ST_OK)
		return (rc);
	view_json(rq, &v, &b);
	if (key != NULL) {
		if ((rc = store_idem_complete(rq->app.st, rq->login.id, key,
		    201, b.data, &rq->e)) != ST_OK ||
		    (rc = store_tx_commit(rq->app.st, &rq->e)) != ST_OK) {
			buf_free(&b);
			return (rc);
		}
	}
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
	if ((rc = account_access(&rq->app, account, true, NULL, NULL)) !=
	    ST_OK)
		return (rc);
	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&p, 0, sizeof(p));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "contact_person", &p.contact_person, false, &rq->e);
	jget_str(body, "phone", &p.phone, false, &rq->e);
	jget_str(body, "company", &p.company, false, &rq->e);
	jget_str(body, "industry", &p.industry, false, &rq->e);
	jget_str(body, "website", &p.website, false, &rq->e);
	jget_str(body, "street", &p.street, false, &rq->e);
	jget_str(body, "postal_code", &p.postal_code, false, &rq->e);
	jget_str(body, "city", &p.city, false, &rq->e);
	jget_str(body, "country", &p.country, false, &rq->e);
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
