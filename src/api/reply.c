/*
 * reply.c - a request's answer: the fixed security headers, the answer
 * written in one piece as Kore writes it, answers held back for the
 * router (Idempotency-Key), JSON, empty and error answers; see http.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api/http.h"
#include "core/json.h"
#include "core/log.h"
#include "core/msg.h"

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
