/*
 * http.c - request helpers and responses; see http.h.
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

/*
 * Sent on every answer. The console is served from this origin only, runs
 * no inline script or style, and may not be framed.
 *
 * An API answer (JSON, or empty) is never a document: its policy lets it
 * load nothing at all, and the headers that only a document obeys
 * (cross-origin-opener-policy, permissions-policy) are left out of it.
 * These lines never change: they are written as one piece of text
 * (respond()), the value of content-security-policy followed by the other
 * lines, with an API answer's cache-control and content-type.
 */
#define JSON_TYPE	"application/json; charset=utf-8"
#define COMMON_HEADERS							\
	"x-content-type-options: nosniff\r\n"				\
	"x-frame-options: DENY\r\n"					\
	"referrer-policy: same-origin\r\n"				\
	"cross-origin-resource-policy: same-origin"
#define DOCUMENT_HEADERS						\
	"default-src 'self'; script-src 'self'; style-src 'self'; "	\
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; "	\
	"object-src 'none'; base-uri 'none'; form-action 'self'; "	\
	"frame-ancestors 'none'\r\n"					\
	COMMON_HEADERS "\r\n"						\
	"cross-origin-opener-policy: same-origin\r\n"			\
	"permissions-policy: camera=(), microphone=(), geolocation=(), "	\
	"payment=()"
#define API_HEADERS							\
	"default-src 'none'; frame-ancestors 'none'\r\n"		\
	COMMON_HEADERS "\r\n"						\
	"cache-control: no-store"

static const char	document_headers[] = DOCUMENT_HEADERS;
static const char	api_headers[] = API_HEADERS;
static const char	api_json[] = API_HEADERS "\r\ncontent-type: " JSON_TYPE;

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

void
rq_header_add(struct rq *rq, const char *name, const char *value)
{
	struct rq_deferred	*h = &rq->held;

	if (!rq->defer) {
		http_response_header(rq->req, name, value);
		return;
	}
	if (h->nheaders == RQ_MAX_DEFERRED)
		fatalx("rq_header_add: more than %d held headers",
		    RQ_MAX_DEFERRED);
	h->hnames[h->nheaders] = arena_strdup(&rq->a, name);
	h->hvalues[h->nheaders++] = arena_strdup(&rq->a, value);
}

/*
 * The answer as Kore 4.1.0's http_response() writes it (http.c,
 * http_response_normal(): the status line, its server line, the
 * connection lines, the headers the handler added, content-length, then
 * the body unless the request is a HEAD, and the connection reads its
 * next request), with the fixed lines copied in one piece rather than
 * copied twice and formatted each. What this relies on in Kore is
 * checked, like conn_guard.c, when Kore changes; an answer with Kore's
 * own cookies (none today) goes through Kore.
 */
/* n in decimal, without printf (a request's answer formats two numbers). */
static void
buf_add_uint(struct buf *b, unsigned long long n)
{
	char	d[24];
	size_t	i = sizeof(d);

	do
		d[--i] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	buf_add(b, d + i, sizeof(d) - i);
}

static void
respond(struct rq *rq, int status, const char *fixed, const char *ctype,
    const void *body, size_t len)
{
	static struct buf	 head = BUF_INIT;
	struct http_request	*req = rq->req;
	struct connection	*c = req->owner;
	struct http_header	*h;
	const char		*conn;
	bool			 close;

	if (c == NULL)
		return;
	if (c->proto != CONN_PROTO_HTTP || !TAILQ_EMPTY(&req->resp_cookies)) {
		http_response_header(req, "content-security-policy", fixed);
		if (ctype != NULL)
			http_response_header(req, "content-type", ctype);
		http_response(req, status, body, len);
		return;
	}
	buf_reset(&head);
	buf_adds(&head, (req->flags & HTTP_VERSION_1_0) ? "HTTP/1.0 " :
	    "HTTP/1.1 ");
	buf_add_uint(&head, (unsigned)status);
	buf_addc(&head, ' ');
	buf_adds(&head, http_status_text(status));
	buf_adds(&head, "\r\nserver: " STEWARD_SERVER "\r\n");
	close = (c->flags & CONN_CLOSE_EMPTY) ||
	    (req->flags & HTTP_VERSION_1_0) ||
	    (http_request_header(req, "connection", &conn) &&
	    strcasecmp(conn, "close") == 0);
	if (http_keepalive_time != 0 && !close) {
		buf_adds(&head, "connection: keep-alive\r\nkeep-alive: timeout=");
		buf_add_uint(&head, http_keepalive_time);
		buf_add(&head, "\r\n", 2);
	} else {
		c->flags |= CONN_CLOSE_EMPTY;
		buf_adds(&head, "connection: close\r\n");
	}
	TAILQ_FOREACH(h, &req->resp_headers, list) {
		buf_adds(&head, h->header);
		buf_add(&head, ": ", 2);
		buf_adds(&head, h->value);
		buf_add(&head, "\r\n", 2);
	}
	buf_adds(&head, "content-security-policy: ");
	buf_adds(&head, fixed);
	if (ctype != NULL) {
		buf_adds(&head, "\r\ncontent-type: ");
		buf_adds(&head, ctype);
	}
	if (status != 204 && status >= 200 &&
	    !(req->flags & HTTP_REQUEST_NO_CONTENT_LENGTH))
	{
		buf_adds(&head, "\r\ncontent-length: ");
		buf_add_uint(&head, len);
	}
	buf_add(&head, "\r\n\r\n", 4);
	req->status = status;
	net_send_queue(c, head.data, head.len);
	if (body != NULL && len > 0 && req->method != HTTP_METHOD_HEAD)
		net_send_queue(c, body, len);
	if (!(c->flags & CONN_CLOSE_EMPTY) && !(c->flags & CONN_IS_BUSY))
		http_start_recv(c);
	req->content_length = len;
}

/* Headers, status and body to the client; no_store: an API answer (not
 * to be cached, not a document). */
static void
send_now(struct rq *rq, int status, const char *ctype, bool no_store,
    const void *body, size_t len)
{
	rq->status = status;
	if (no_store && ctype == NULL)
		respond(rq, status, api_headers, NULL, body, len);
	else if (no_store && strcmp(ctype, JSON_TYPE) == 0)
		respond(rq, status, api_json, NULL, body, len);
	else
		respond(rq, status, no_store ? api_headers : document_headers,
		    ctype, body, len);
}

static void
reply(struct rq *rq, int status, const char *ctype, bool no_store,
    const void *body, size_t len)
{
	struct rq_deferred	*h = &rq->held;

	if (!rq->defer) {
		send_now(rq, status, ctype, no_store, body, len);
		return;
	}
	h->status = status;
	h->ctype = ctype != NULL ? arena_strdup(&rq->a, ctype) : NULL;
	h->no_store = no_store;
	h->body = arena_alloc(&rq->a, len + 1);
	memcpy(h->body, body != NULL ? body : "", len);
	h->body[len] = '\0';
	h->len = len;
	rq->deferred = true;
}

void
rq_reply(struct rq *rq, int status, const char *ctype, const void *body,
    size_t len)
{
	reply(rq, status, ctype, false, body, len);
}

void
rq_send_held(struct rq *rq)
{
	struct rq_deferred	*h = &rq->held;
	size_t			 i;

	rq->defer = false;
	if (!rq->deferred)
		return;
	rq->deferred = false;
	for (i = 0; i < h->nheaders; i++)
		http_response_header(rq->req, h->hnames[i], h->hvalues[i]);
	send_now(rq, h->status, h->ctype, h->no_store, h->body, h->len);
}

void
rq_drop_held(struct rq *rq)
{
	rq->defer = false;
	rq->deferred = false;
	memset(&rq->held, 0, sizeof(rq->held));
}

void
rq_reply_json(struct rq *rq, int status, struct buf *json)
{
	reply(rq, status, JSON_TYPE, true, json->data, json->len);
}

void
rq_reply_empty(struct rq *rq, int status)
{
	reply(rq, status, NULL, true, NULL, 0);
}

/* The WWW-Authenticate challenge: the scheme the caller tried. */
static const char *
challenge(const char *authorization)
{
	if (authorization != NULL && strncasecmp(authorization, "Basic ", 6) ==
	    0)
		return ("Basic realm=\"steward\"");
	if (authorization != NULL)
		return ("Bearer realm=\"steward\"");
	return ("Cookie realm=\"steward\"");
}

void
rq_reply_error(struct rq *rq)
{
	struct buf	 b = BUF_INIT;
	struct jw	 w;
	struct err	*e = &rq->e;
	char		 msg[512], ra[32];
	size_t		 i;
	int		 status;

	status = e->status;
	if (status < 400 || status > 599)
		status = ST_INTERNAL;
	if (status == ST_INTERNAL) {
		log_msg(LV_ERROR, "http.internal", "%s %s: %s",
		    http_method_text(rq->req->method), rq->req->path,
		    e->internal[0] ? e->internal : "(no detail)");
	}
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "error");
	jw_obj_begin(&w);
	jw_kstr(&w, "code", e->code[0] ? e->code : "internal");
	err_message(e, rq->app.lang, msg, sizeof(msg));
	jw_kstr(&w, "message", msg);
	if (e->nfields > 0) {
		jw_key(&w, "fields");
		jw_obj_begin(&w);
		for (i = 0; i < e->nfields; i++) {
			msg_render(msg, sizeof(msg), rq->app.lang,
			    e->fields[i].msg, e->fields[i].n, e->fields[i].s);
			jw_kstr(&w, e->fields[i].name, msg);
		}
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	jw_obj_end(&w);
	rq_drop_held(rq);
	if (status == ST_RATE_LIMITED && e->retry_after > 0) {
		snprintf(ra, sizeof(ra), "%ld", e->retry_after);
		http_response_header(rq->req, "retry-after", ra);
	}
	if (status == ST_UNAUTH)
		http_response_header(rq->req, "www-authenticate",
		    challenge(rq_header(rq, "authorization")));
	rq_reply_json(rq, status, &b);
	buf_free(&b);
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
