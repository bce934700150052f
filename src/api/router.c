/*
 * router.c - the single Kore handler: routing, sessions, CSRF, errors, logs.
 *
 * Kore sends every request to steward_http() (one catch-all route in the
 * generated configuration). It matches the path against STEWARD_ROUTES,
 * resolves the session for routes that need one, checks the CSRF token on
 * state-changing cookie requests, runs the handler, renders any error,
 * writes one structured log line and frees the request's arena.
 * Paths outside /api/ that match no route are console files (static.c).
 */
#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api/handlers.h"
#include "api/http.h"
#include "api/routes.h"
#include "api/static.h"
#include "app/auth.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/rand.h"
#include "core/text.h"

int	steward_http(struct http_request *);

struct route {
	int		 method;
	const char	*path;
	int		(*fn)(struct rq *);
	int		 flags;
};

#define ROUTE_ENTRY(m, p, fn, fl)	{ HTTP_METHOD_##m, p, fn, fl },
static const struct route routes[] = { STEWARD_ROUTES(ROUTE_ENTRY) };
#undef ROUTE_ENTRY

#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

/*
 * Match path against a pattern with {name} segments. Parameters must be
 * non-empty and are stored in rq (pointing into the arena).
 */
static bool
route_match(struct rq *rq, const char *pattern, const char *path)
{
	const char	*p = pattern, *s = path, *pe, *se;
	size_t		 n = 0;

	while (*p != '\0' && *s != '\0') {
		if (*p != '/' || *s != '/')
			return (false);
		p++;
		s++;
		pe = strchr(p, '/');
		if (pe == NULL)
			pe = p + strlen(p);
		se = strchr(s, '/');
		if (se == NULL)
			se = s + strlen(s);
		if (*p == '{') {
			if (se == s || n >= RQ_MAX_PARAMS)
				return (false);
			rq->param_names[n] = arena_strndup(&rq->a, p + 1,
			    (size_t)(pe - p - 2));
			rq->param_values[n] = arena_strndup(&rq->a, s,
			    (size_t)(se - s));
			n++;
		} else if (pe - p != se - s || strncmp(p, s,
		    (size_t)(pe - p)) != 0)
			return (false);
		p = pe;
		s = se;
	}
	if (*p != '\0' || *s != '\0')
		return (false);
	rq->nparams = n;
	return (true);
}

static bool
method_changes_state(int m)
{
	return (m == HTTP_METHOD_POST || m == HTTP_METHOD_PUT ||
	    m == HTTP_METHOD_PATCH || m == HTTP_METHOD_DELETE);
}

static void
client_address(struct rq *rq)
{
	struct connection	*c = rq->req->owner;
	const char		*xff, *last;
	char			*copy, *tok, *save;

	rq->ip[0] = '\0';
	if (c->family == AF_INET)
		inet_ntop(AF_INET, &c->addr.ipv4.sin_addr, rq->ip,
		    sizeof(rq->ip));
	else if (c->family == AF_INET6)
		inet_ntop(AF_INET6, &c->addr.ipv6.sin6_addr, rq->ip,
		    sizeof(rq->ip));
	rq->secure = server_cfg.secure_cookies;
	if (!server_cfg.trust_proxy)
		return;
	/* Behind our own proxy: the last hop it appended is the client. */
	if ((xff = rq_header(rq, "x-forwarded-for")) != NULL) {
		copy = arena_strdup(&rq->a, xff);
		last = NULL;
		for (tok = strtok_r(copy, ", ", &save); tok != NULL;
		    tok = strtok_r(NULL, ", ", &save))
			last = tok;
		if (last != NULL && strlen(last) < sizeof(rq->ip))
			snprintf(rq->ip, sizeof(rq->ip), "%s", last);
	}
	if ((xff = rq_header(rq, "x-forwarded-proto")) != NULL &&
	    strcasecmp(xff, "https") == 0)
		rq->secure = true;
}

/* Resolve the session cookie; on success rq->authed and rq->login. */
static int
resolve_session(struct rq *rq)
{
	const char	*token;
	int		 rc;
	int		 l;

	token = rq_cookie(rq, session_cookie_name(rq));
	rc = auth_resolve(&rq->app, token, &rq->session, &rq->login);
	if (rc != ST_OK)
		return (rc);
	rq->authed = true;
	rq->app.actor.login_id = rq->login.id;
	rq->app.actor.label = rq->login.email;
	if ((l = lang_parse(rq->login.language)) >= 0)
		rq->app.lang = (enum lang)l;
	return (ST_OK);
}

static int
check_csrf(struct rq *rq)
{
	const char	*tok;

	tok = rq_header(rq, "x-csrf-token");
	if (tok == NULL || !secret_equal(tok, rq->session.csrf_token))
		return (err_set(&rq->e, ST_FORBIDDEN, "csrf_failed", M_CSRF));
	return (ST_OK);
}

static void
log_request(struct rq *rq)
{
	struct logline	l;

	log_begin(&l, rq->status >= 500 ? LV_ERROR : LV_INFO,
	    "http.request");
	log_str(&l, "method", http_method_text(rq->req->method));
	log_str(&l, "path", rq->req->path);
	log_int(&l, "status", rq->status);
	log_int(&l, "ms", clock_mono_ms() - rq->t0_ms);
	log_str(&l, "ip", rq->ip);
	if (rq->authed)
		log_str(&l, "login", rq->login.id);
	if (rq->e.status != ST_OK && rq->e.code[0] != '\0')
		log_str(&l, "error", rq->e.code);
	log_end(&l);
}

static int
dispatch(struct rq *rq)
{
	const struct route	*r;
	const char		*path = rq->req->path;
	bool			 path_known = false, is_api;
	size_t			 i;
	int			 rc;

	is_api = strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
	for (i = 0; i < NROUTES; i++) {
		if (!route_match(rq, routes[i].path, path))
			continue;
		path_known = true;
		if (routes[i].method == rq->req->method ||
		    (routes[i].method == HTTP_METHOD_GET &&
		    rq->req->method == HTTP_METHOD_HEAD)) {
			rq->route = &routes[i];
			break;
		}
	}
	if (rq->route == NULL) {
		if (path_known)
			return (err_set(&rq->e, ST_METHOD, "method_not_allowed",
			    M_METHOD));
		if (!is_api)
			return (static_serve(rq));
		return (err_set(&rq->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	}
	r = rq->route;

	if (!utf8_valid(path, strlen(path)))
		return (err_set(&rq->e, ST_MALFORMED, "malformed_path",
		    M_NOT_FOUND));
	query_parse(&rq->a, rq->req->query_string, &rq->query);

	rq->app.st = worker_store();
	if (rq->app.st == NULL && r->fn != h_healthz)
		return (err_set(&rq->e, ST_UNAVAILABLE, "unavailable",
		    M_UNAVAILABLE));

	if (r->flags & R_SESSION) {
		if ((rc = resolve_session(rq)) != ST_OK)
			return (rc);
		if (method_changes_state(rq->req->method) &&
		    (rc = check_csrf(rq)) != ST_OK)
			return (rc);
	}
	return (r->fn(rq));
}

int
steward_http(struct http_request *req)
{
	struct rq	 rq;
	const char	*al;
	int		 rc;

	memset(&rq, 0, sizeof(rq));
	rq.req = req;
	rq.t0_ms = clock_mono_ms();
	arena_init(&rq.a, 0);
	err_clear(&rq.e);
	client_address(&rq);
	al = rq_header(&rq, "accept-language");
	rq.app.lang = lang_from_accept(al);
	rq.app.a = &rq.a;
	rq.app.e = &rq.e;
	rq.app.cfg = &server_cfg.app;
	rq.app.now = clock_now();
	rq.app.actor.ip = rq.ip;
	rq.app.actor.origin = "ui";

	rc = dispatch(&rq);
	if (rc != ST_OK) {
		if (rq.e.status == ST_OK)
			err_internal(&rq.e, "handler returned %d without "
			    "detail", rc);
		rq_reply_error(&rq);
	}
	/* A handler that failed half-way never leaves a transaction open. */
	if (rq.app.st != NULL)
		store_tx_abandon(rq.app.st);
	if (rq.status == 0) {
		err_internal(&rq.e, "no answer from handler for %s", req->path);
		rq_reply_error(&rq);
	}
	log_request(&rq);
	arena_free(&rq.a);
	return (KORE_RESULT_OK);
}
