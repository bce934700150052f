/*
 * http.c - a request as handlers read it: path parameters, query, body,
 * headers and cookies, and the session cookie; see http.h (reply.c answers).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api/http.h"
#include "core/json.h"
#include "core/log.h"
#include "core/text.h"

#define SESSION_COOKIE		"steward_session"
#define SESSION_COOKIE_SECURE	"__Host-steward_session"

const char *
rq_param(const struct rq *rq, const char *name)
{
	size_t	i;

	for (i = 0; i < rq->nparams; i++)
		if (strcmp(rq->param_names[i], name) == 0)
			return (rq->param_values[i]);
	return (NULL);
}

int
rq_query_int(struct rq *rq, const char *name, long long def, long long min,
    long long max, long long *out)
{
	const char	*v;
	char		*end;
	long long	 n;

	*out = def;
	if (query_malformed(&rq->query, name))
		return (err_field(&rq->e, name, M_BAD_ENCODING));
	if ((v = query_get(&rq->query, name)) == NULL || *v == '\0')
		return (ST_OK);
	/* Digits only: strtoll would also take " 5" and "+5". */
	if (!isdigit((unsigned char)v[v[0] == '-']))
		return (err_field(&rq->e, name, M_NOT_INTEGER));
	n = strtoll(v, &end, 10);
	if (*end != '\0' || n < min || n > max) {
		if (*end != '\0')
			return (err_field(&rq->e, name, M_NOT_INTEGER));
		return (err_fieldn(&rq->e, name, n < min ? M_TOO_SMALL :
		    M_TOO_BIG, n < min ? min : max));
	}
	*out = n;
	return (ST_OK);
}

int
rq_query_text(struct rq *rq, const char *name, const char **out)
{
	const char	*v;

	*out = NULL;
	if (query_malformed(&rq->query, name))
		return (err_field(&rq->e, name, M_BAD_ENCODING));
	if ((v = query_get(&rq->query, name)) == NULL)
		return (ST_OK);
	if (!utf8_valid(v, strlen(v)))
		return (err_field(&rq->e, name, M_BAD_UTF8));
	if (text_has_control(v, strlen(v), false))
		return (err_field(&rq->e, name, M_CONTROL_CHARS));
	*out = v;
	return (ST_OK);
}

int
rq_query_list(struct rq *rq, const char *name, size_t max,
    const char ***items, size_t *n)
{
	const char	*v;
	char		*copy, *tok, *save;
	int		 rc;

	*items = NULL;
	*n = 0;
	if ((rc = rq_query_text(rq, name, &v)) != ST_OK || v == NULL)
		return (rc);
	*items = arena_calloc(&rq->a, max + 1, sizeof(**items));
	copy = arena_strdup(&rq->a, v);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (*n == max)
			return (err_fieldn(&rq->e, name, M_TOO_MANY,
			    (long long)max));
		(*items)[(*n)++] = tok;
	}
	return (ST_OK);
}

const char *
rq_path(const struct rq *rq)
{
	return (rq->req->path);
}

void
rq_body(const struct rq *rq, const char **data, size_t *len)
{
	if (rq->req->http_body == NULL) {
		*data = "";
		*len = 0;
		return;
	}
	*data = (const char *)rq->req->http_body->data;
	*len = rq->req->http_body_length;
}

const char *
rq_header(const struct rq *rq, const char *name)
{
	const char	*v;

	if (http_request_header(rq->req, name, &v))
		return (v);
	return (NULL);
}

const char *
rq_cookie(struct rq *rq, const char *name)
{
	const char	*h, *p, *end, *eq;
	size_t		 nlen;

	if ((h = rq_header(rq, "cookie")) == NULL)
		return (NULL);
	nlen = strlen(name);
	for (p = h; *p != '\0'; p = *end ? end + 1 : end) {
		while (*p == ' ')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL && (size_t)(eq - p) == nlen &&
		    strncmp(p, name, nlen) == 0)
			return (arena_strndup(&rq->a, eq + 1,
			    (size_t)(end - eq - 1)));
	}
	return (NULL);
}

/*
 * DELETE bodies under Kore 4.1.0 (Debian 12's package). Its
 * http_request_new() marks a DELETE complete at once and never reads a
 * body (later Kore versions do: "The DELETE method may have a request
 * body."). http_header_recv() has already given the request the whole
 * receive buffer (req->headers), and the connection reads nothing more into
 * it until the answer is sent (net_recv_flush stops while rnb->buf is NULL),
 * so rnb->s_off still counts the bytes received with the headers. The
 * header block there ends "\0\n\r\n": Kore overwrote the first CR of
 * "\r\n\r\n" with NUL and turned every CR and LF inside the block into
 * NUL, so the first "\n\r\n" is that terminator. A body sent in the same
 * read as its headers (curl, node's fetch, browsers for small bodies) is
 * taken from there into req->http_body, where rq_body() and rq_json_body()
 * find it. A body that arrived later is not there (the handler then sees
 * none and answers that the body is required), and its bytes would be read
 * as the next request, so a DELETE with a Content-Length always closes its
 * connection after the answer. The limit: headers and body together within
 * http_header_max (4096 bytes by default).
 */
void
rq_delete_body(struct rq *rq)
{
	struct http_request	*req = rq->req;
	struct netbuf		*nb = req->owner->rnb;
	const char		*cl, *p, *end;
	char			*tail;
	long long		 n;
	size_t			 got, off;

	if (req->method != HTTP_METHOD_DELETE || req->http_body != NULL ||
	    (cl = rq_header(rq, "content-length")) == NULL)
		return;
	n = strtoll(cl, &tail, 10);
	if (*tail != '\0' || n <= 0)
		return;
	req->owner->flags |= CONN_CLOSE_EMPTY;
	if (req->headers == NULL || nb == NULL || nb->buf != NULL ||
	    nb->s_off > http_header_max)
		return;
	got = nb->s_off;
	p = (const char *)req->headers;
	end = memmem(p, got, "\n\r\n", 3);
	if (end == NULL)
		return;
	off = (size_t)(end + 3 - p);
	if (got < off || (long long)(got - off) < n)
		return;
	req->http_body = kore_buf_alloc((size_t)n);
	kore_buf_append(req->http_body, p + off, (size_t)n);
	req->http_body_length = (size_t)n;
}

int
rq_json_body(struct rq *rq, json_t **obj)
{
	struct http_request	*req = rq->req;
	const char		*ct;
	size_t			 len;
	int			 rc;

	ct = rq_header(rq, "content-type");
	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' '))
		return (err_set(&rq->e, ST_MEDIA, "unsupported_media_type",
		    M_MEDIA_TYPE));
	/* Kore has the whole body in memory (no disk offload), rewound. */
	if (req->http_body == NULL || req->http_body_length == 0)
		return (err_set(&rq->e, ST_MALFORMED, "body_required",
		    M_BODY_REQUIRED));
	len = req->http_body_length;	/* the router held it to its limit */
	rc = json_parse(&rq->a, (const char *)req->http_body->data, len, obj,
	    &rq->e);
	if (rc != ST_OK)
		return (rc);
	if (!json_is_object(*obj))
		return (err_set(&rq->e, ST_MALFORMED, "body_not_object",
		    M_BODY_NOT_OBJECT));
	return (ST_OK);
}

const char *
session_cookie_name(const struct rq *rq)
{
	return (rq->secure ? SESSION_COOKIE_SECURE : SESSION_COOKIE);
}

void
rq_set_session_cookie(struct rq *rq, const char *token, int64_t max_age)
{
	char	*c;

	c = arena_printf(&rq->a, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; "
	    "SameSite=Lax%s", session_cookie_name(rq), token ? token : "",
	    (long long)max_age, rq->secure ? "; Secure" : "");
	http_response_header(rq->req, "set-cookie", c);
}
