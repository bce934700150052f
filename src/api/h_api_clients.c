/*
 * h_api_clients.c - API clients of an account, and the token exchange.
 *
 *   GET    .../api-clients?limit=&cursor=
 *   POST   .../api-clients    {"name", "role", "customer_ids" | "site_ids"}
 *                             -> 201 with
 *                             the secret, shown this once
 *   DELETE .../api-clients/{client_id}
 *   POST   /api/v1/oauth/token  grant_type=client_credentials&client_id=
 *                             &client_secret= (form or JSON, or the client's
 *                             id and secret as HTTP Basic credentials)
 *                             -> {"access_token", "token_type", "expires_in"}
 */
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "api/render.h"
#include "app/api_client.h"
#include "core/json.h"
#include "core/text.h"
#include "core/url.h"

static void
client_json(struct jw *w, const struct api_client *c)
{
	bool	limited = strcmp(c->scope, "customers") == 0;

	jw_kstr(w, "id", c->id);
	jw_kstr(w, "client_id", c->id);
	jw_kstr(w, "name", c->name);
	jw_kstr(w, "role", c->role);
	jw_kstr(w, "scope", limited && c->sites ? "sites" : c->scope);
	render_children(w, c->sites, limited,
	    (const char *const *)c->customer_ids, c->ncustomers);
	jw_ktime(w, "created_at", c->created_at);
	jw_ktime(w, "last_used_at", c->last_used_at);
}

static void
client_item(struct rq *rq, struct jw *w, const void *c)
{
	(void)rq;
	jw_obj_begin(w);
	client_json(w, c);
	jw_obj_end(w);
}

int
h_api_clients_list(struct rq *rq)
{
	struct api_client	*list;
	struct page		 pg;
	size_t			 n;
	int			 rc;

	if ((rc = rq_page(rq, 2, &pg)) != ST_OK ||
	    (rc = api_client_list(&rq->app, rq_param(rq, "account_id"), &pg,
	    &list, &n)) != ST_OK)
		return (rc);
	list_answer(rq, "api_clients", list, n, sizeof(*list), client_item,
	    &pg);
	return (ST_OK);
}

int
h_api_clients_create(struct rq *rq)
{
	static const char *const keys[] = { "name", "role", "customer_ids",
	    "site_ids", NULL };
	struct api_client_input	 in;
	struct api_client	 c;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	json_t			*body;
	const char		*account = rq_param(rq, "account_id");
	const char		**list = NULL;
	char			*secret;
	bool			 given;
	int			 rc;

	if ((rc = rq_json_body(rq, &body)) != ST_OK)
		return (rc);
	memset(&in, 0, sizeof(in));
	jcheck_keys(body, keys, NULL, &rq->e);
	jget_str(body, "name", &in.name, false, &rq->e);
	jget_str(body, "role", &in.role, false, &rq->e);
	rq_children(rq, body, API_CLIENT_CUSTOMERS_MAX, &list, &in.ncustomers,
	    &in.sites, &given);
	in.customer_ids = list;
	if (in.name == NULL && !err_has_field(&rq->e, "name"))
		err_field(&rq->e, "name", M_REQUIRED);
	if (in.role == NULL && !err_has_field(&rq->e, "role"))
		err_field(&rq->e, "role", M_REQUIRED);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	if ((rc = api_client_create(&rq->app, account, &in, &c, &secret)) !=
	    ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	client_json(&w, &c);
	jw_kstr(&w, "client_secret", secret);
	jw_obj_end(&w);
	sodium_memzero(secret, strlen(secret));
	rq_header_add(rq, "location", arena_printf(&rq->a,
	    "/api/v1/accounts/%s/api-clients/%s", account, c.id));
	rq_reply_json(rq, 201, &b);
	sodium_memzero(b.data, b.len);
	buf_free(&b);
	return (ST_OK);
}

int
h_api_client_delete(struct rq *rq)
{
	int	rc;

	if ((rc = api_client_delete(&rq->app, rq_param(rq, "account_id"),
	    rq_param(rq, "client_id"))) != ST_OK)
		return (rc);
	rq_reply_empty(rq, 204);
	return (ST_OK);
}

/* "Basic base64(id:secret)" (RFC 6749 section 2.3.1), percent-encoded. */
static void
basic_credentials(struct rq *rq, const char **id, const char **secret)
{
	const char	*h;
	unsigned char	*raw;
	size_t		 len, hlen;
	char		*s, *colon;

	if ((h = rq_header(rq, "authorization")) == NULL ||
	    strncasecmp(h, "Basic ", 6) != 0)
		return;
	h += 6;
	hlen = strlen(h);
	raw = arena_alloc(&rq->a, hlen + 1);
	if (sodium_base642bin(raw, hlen + 1, h, hlen, NULL, &len, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		return;
	s = arena_strndup(&rq->a, (const char *)raw, len);
	if ((colon = strchr(s, ':')) == NULL)
		return;
	*colon = '\0';
	*id = url_decode(&rq->a, s, strlen(s), 1);
	*secret = url_decode(&rq->a, colon + 1, strlen(colon + 1), 1);
}

int
h_oauth_token(struct rq *rq)
{
	static const char *const keys[] = { "grant_type", "client_id",
	    "client_secret", NULL };
	struct query	 form;
	struct buf	 b = BUF_INIT;
	const char *const *k;
	struct jw	 w;
	json_t		*body;
	const char	*ct, *data, *grant = NULL, *id = NULL, *secret = NULL;
	char		*token;
	int64_t		 expires_in;
	size_t		 len;
	int		 rc;

	ct = rq_header(rq, "content-type");
	if (ct != NULL && strncasecmp(ct,
	    "application/x-www-form-urlencoded", 33) == 0) {
		rq_body(rq, &data, &len);
		if (!utf8_valid(data, len) || memchr(data, '\0', len) != NULL)
			return (err_set(&rq->e, ST_MALFORMED, "malformed_form",
			    M_MALFORMED_FORM));
		query_parse(&rq->a, arena_strndup(&rq->a, data, len), &form);
		for (k = keys; *k != NULL; k++)
			if (query_malformed(&form, *k))
				err_field(&rq->e, *k, M_BAD_ENCODING);
		if (rq->e.status != ST_OK)
			return (rq->e.status);
		grant = query_get(&form, "grant_type");
		id = query_get(&form, "client_id");
		secret = query_get(&form, "client_secret");
	} else {
		if ((rc = rq_json_body(rq, &body)) != ST_OK)
			return (rc);
		jcheck_keys(body, keys, NULL, &rq->e);
		jget_str(body, "grant_type", &grant, false, &rq->e);
		jget_str(body, "client_id", &id, false, &rq->e);
		jget_str(body, "client_secret", &secret, false, &rq->e);
		if (rq->e.status != ST_OK)
			return (rq->e.status);
	}
	if (id == NULL && secret == NULL)
		basic_credentials(rq, &id, &secret);
	if (grant == NULL)
		return (err_field(&rq->e, "grant_type", M_REQUIRED));
	if (strcmp(grant, "client_credentials") != 0)
		return (err_set(&rq->e, ST_MALFORMED, "unsupported_grant_type",
		    M_GRANT_TYPE));
	if ((rc = api_token_issue(&rq->app, id, secret, &token,
	    &expires_in)) != ST_OK)
		return (rc);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "access_token", token);
	jw_kstr(&w, "token_type", "Bearer");
	jw_kint(&w, "expires_in", expires_in);
	jw_obj_end(&w);
	rq_header_add(rq, "pragma", "no-cache");
	rq_reply_json(rq, 200, &b);
	sodium_memzero(b.data, b.len);
	sodium_memzero(token, strlen(token));
	buf_free(&b);
	return (ST_OK);
}
