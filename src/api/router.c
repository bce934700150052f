/*
 * router.c - the single Kore handler: routing, the principal, route rules,
 * idempotency, errors and logs.
 *
 * Kore sends every request to steward_http() (one catch-all route in the
 * generated configuration). For each request the router
 *   1. matches the path against STEWARD_ROUTES (routes.h);
 *   2. resolves the principal once: an API client from a bearer token, or
 *      a person from the session cookie, or nobody;
 *   3. enforces the route's rules: who may call it, CSRF for cookie
 *      callers, the caller's role in the {account_id} and {customer_id}
 *      of the path (app/access.h);
 *   4. for routes that honour Idempotency-Key, looks the key up, has the
 *      handler's first write transaction claim it, and holds the answer
 *      back until it is committed with the work, in a group with the
 *      worker's other such requests of the same turn (group.h);
 *   5. runs the handler, renders any error, writes one structured log
 *      line and frees the request's arena.
 * A handler that hands slow work to a task thread (offload.h) returns
 * ST_PENDING; Kore calls steward_http() again when the work is done and
 * the router resumes it. Paths outside /api/ that match no route are
 * console files (static.c).
 */
#include <arpa/inet.h>
#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api/group.h"
#include "api/handlers.h"
#include "api/http.h"
#include "api/idem.h"
#include "api/offload.h"
#include "api/routes.h"
#include "api/static.h"
#include "api/turn.h"
#include "app/access.h"
#include "app/api_client.h"
#include "app/auth.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/rand.h"
#include "core/text.h"
#include "core/urlpath.h"

int	steward_http(struct http_request *);

struct route {
	int		 method;
	const char	*path;
	int		(*fn)(struct rq *);
	int		 rules;
};

#define ROUTE_ENTRY(m, p, fn, rules)	{ HTTP_METHOD_##m, p, fn, rules },
static const struct route routes[] = { STEWARD_ROUTES(ROUTE_ENTRY) };
#undef ROUTE_ENTRY

#define NROUTES	(sizeof(routes) / sizeof(routes[0]))
_Static_assert(NROUTES < METRICS_ROUTES, "more routes than metrics slots");

/* The routes' patterns, split once per worker (urlpath.h). Every pattern
 * fits: test_core's test_route_patterns splits them all. */
static struct urlpath	patterns[NROUTES];
static bool		patterns_ready;

static void
patterns_split(void)
{
	size_t	i, j, nparams;

	if (patterns_ready)
		return;
	for (i = 0; i < NROUTES; i++) {
		if (!urlpath_split(routes[i].path, &patterns[i]))
			fatalx("route %s: not a path of at most %d segments",
			    routes[i].path, URLPATH_SEGS);
		for (j = nparams = 0; j < patterns[i].n; j++)
			nparams += urlpath_is_param(&patterns[i], j);
		if (nparams > RQ_MAX_PARAMS)
			fatalx("route %s: more than %d parameters",
			    routes[i].path, RQ_MAX_PARAMS);
	}
	patterns_ready = true;
}

/* The index of the first route whose pattern matches path, from index
 * from on (NROUTES: none). */
static size_t
route_find(const struct urlpath *path, size_t from)
{
	size_t	i;

	patterns_split();
	for (i = from; i < NROUTES; i++)
		if (urlpath_match(&patterns[i], path))
			break;
	return (i);
}

/* Keep route i's parameters, from path, in rq (in its arena). */
static void
route_params(struct rq *rq, size_t i, const struct urlpath *path)
{
	const struct urlpath	*p = &patterns[i];
	size_t			 j;

	rq->nparams = 0;
	for (j = 0; j < p->n; j++) {
		if (!urlpath_is_param(p, j))
			continue;
		rq->param_names[rq->nparams] = arena_strndup(&rq->a,
		    p->seg[j] + 1, p->len[j] - 2);
		rq->param_values[rq->nparams] = arena_strndup(&rq->a,
		    path->seg[j], path->len[j]);
		rq->nparams++;
	}
}

/* The largest body a route with these rules takes. */
static long long
rules_body_max(int rules)
{
	return ((rules & R_FILE) ? server_cfg.import_max : server_cfg.body_max);
}

long long
route_body_max(const char *path)
{
	struct urlpath	p;
	size_t		i;

	urlpath_split(path, &p);
	for (i = 0; (i = route_find(&p, i)) < NROUTES; i++)
		if (routes[i].rules & R_FILE)
			return (rules_body_max(routes[i].rules));
	return (rules_body_max(0));
}

static bool
method_changes_state(int m)
{
	return (m == HTTP_METHOD_POST || m == HTTP_METHOD_PUT ||
	    m == HTTP_METHOD_PATCH || m == HTTP_METHOD_DELETE);
}

/* Dotted decimal, as inet_ntop() writes it, without its printf(). */
static void
ipv4_text(const struct in_addr *in, char out[16])
{
	const unsigned char	*b = (const unsigned char *)&in->s_addr;
	char			*p = out;
	int			 i;

	for (i = 0; i < 4; i++) {
		if (b[i] >= 100)
			*p++ = (char)('0' + b[i] / 100);
		if (b[i] >= 10)
			*p++ = (char)('0' + b[i] / 10 % 10);
		*p++ = (char)('0' + b[i] % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
}

/*
 * The client's address and whether it reached us over TLS. Only when the
 * peer is one of --trusted-proxies are X-Forwarded-For and -Proto
 * believed: X-Forwarded-For is read from its right end (what the nearest
 * proxy appended) leftwards past addresses of trusted proxies, and the
 * first other address is the client. Entries left of it were written by
 * whoever sent the request and prove nothing.
 */
static void
client_address(struct rq *rq)
{
	struct connection	*c = rq->req->owner;
	const char		*xff;
	char			*copy, *tok, *save, *hops[32];
	size_t			 n, i;

	rq->ip[0] = '\0';
	if (c->family == AF_INET)
		ipv4_text(&c->addr.ipv4.sin_addr, rq->ip);
	else if (c->family == AF_INET6)
		inet_ntop(AF_INET6, &c->addr.ipv6.sin6_addr, rq->ip,
		    sizeof(rq->ip));
	rq->secure = server_cfg.secure_cookies;
	if (!netmask_list_has(&server_cfg.proxies, rq->ip))
		return;
	if ((xff = rq_header(rq, "x-forwarded-for")) != NULL) {
		copy = arena_strdup(&rq->a, xff);
		n = 0;
		for (tok = strtok_r(copy, ", \t", &save); tok != NULL;
		    tok = strtok_r(NULL, ", \t", &save)) {
			if (n == sizeof(hops) / sizeof(hops[0]))
				memmove(hops, hops + 1, --n * sizeof(hops[0]));
			hops[n++] = tok;
		}
		for (i = n; i > 0; i--) {
			if (!netmask_is_address(hops[i - 1]) ||
			    strlen(hops[i - 1]) >= sizeof(rq->ip))
				break;
			snprintf(rq->ip, sizeof(rq->ip), "%s", hops[i - 1]);
			if (!netmask_list_has(&server_cfg.proxies, rq->ip))
				break;
		}
	}
	if ((xff = rq_header(rq, "x-forwarded-proto")) != NULL &&
	    strcasecmp(xff, "https") == 0)
		rq->secure = true;
}

/* ---- the principal ------------------------------------------------------ */

/* The session cookie's login becomes the principal (ST_UNAUTH else). */
static int
resolve_session(struct rq *rq)
{
	const char	*token;
	int		 rc, l;

	token = rq_cookie(rq, session_cookie_name(rq));
	if (token == NULL)
		return (err_set(&rq->e, ST_UNAUTH, "unauthenticated",
		    M_UNAUTHENTICATED));
	rc = auth_resolve(&rq->app, turn_snapshot(rq->req), token,
	    &rq->session, &rq->login);
	turn_snapshot_used();
	if (rc != ST_OK)
		return (rc);
	rq->has_session = true;
	principal_login(&rq->who, rq->login.id, rq->login.email, rq->ip);
	if ((l = lang_parse(rq->login.language)) >= 0)
		rq->app.lang = (enum lang)l;
	return (ST_OK);
}

/* The credentials of an Authorization header, or NULL. */
static const char *
bearer_token(struct rq *rq)
{
	const char	*h;

	if ((h = rq_header(rq, "authorization")) == NULL ||
	    strncasecmp(h, "Bearer ", 7) != 0)
		return (NULL);
	for (h += 7; *h == ' '; h++)
		;
	return (h);
}

/*
 * Who is calling, as the route needs it. Anyone-routes recognise a live
 * session (for R_CSRF and the audit log) but never fail on a dead one.
 */
static int
resolve_principal(struct rq *rq, int rules)
{
	struct err	 probe;
	const char	*token;

	if (rules & R_AGENT)
		return (ST_OK);	/* the handler checks the device secret */
	if (rules & R_ANYONE) {
		if (rq_cookie(rq, session_cookie_name(rq)) == NULL)
			return (ST_OK);
		err_clear(&probe);
		rq->app.e = &probe;
		(void)resolve_session(rq);
		rq->app.e = &rq->e;
		return (ST_OK);
	}
	/* A bearer token is an API client's, for routes clients may use. */
	if ((token = bearer_token(rq)) != NULL) {
		if (rules & R_SESSION)
			return (err_set(&rq->e, ST_UNAUTH, "session_required",
			    M_SESSION_ONLY));
		return (api_token_resolve(&rq->app, token, &rq->who));
	}
	return (resolve_session(rq));
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

/* The route's rules about its account and customer (routes.h). */
static int
check_scope(struct rq *rq, int rules)
{
	const char	*account, *customer, *site, *scoped, *op;
	bool		 write = (rules & R_ADMIN) != 0;
	int		 rc;

	if (rules & R_OPERATOR)
		return (operator_access(&rq->app, write, &op));
	if ((rules & R_MEMBER) == 0)
		return (ST_OK);
	account = rq_param(rq, "account_id");
	if (rules & (R_TENANT | R_COMPANY)) {
		struct tenant	t;

		if ((rc = (rules & R_COMPANY) ? company_scope(&rq->app, account,
		    write, &t) : tenant_scope(&rq->app, account, write, &t)) !=
		    ST_OK)
			return (rc);
		if ((rules & R_WHOLE) && t.customers != NULL)
			return (err_set(&rq->e, ST_FORBIDDEN, "forbidden",
			    t.sites != NULL ? M_FORBIDDEN_SITES :
			    M_FORBIDDEN_SCOPED));
		/* A customer of a partner, or a company console's own record. */
		if ((customer = rq_param(rq, "customer_id")) != NULL)
			return (strcmp(t.kind, "partner") == 0 ?
			    customer_covered(&rq->app, account, customer) :
			    record_access(&rq->app, account, customer, write,
			    NULL));
		if ((site = rq_param(rq, "site_id")) != NULL)
			return (site_covered(&rq->app, account, site));
		return (ST_OK);
	}
	if (rules & R_PARTNER) {
		if ((rc = partner_scope(&rq->app, account, write, &scoped)) !=
		    ST_OK)
			return (rc);
		if ((rules & R_WHOLE) && scoped != NULL)
			return (err_set(&rq->e, ST_FORBIDDEN, "forbidden",
			    M_FORBIDDEN_SCOPED));
		if ((customer = rq_param(rq, "customer_id")) != NULL)
			return (customer_covered(&rq->app, account, customer));
		return (ST_OK);
	}
	if ((rc = account_access(&rq->app, account, write, NULL, NULL)) !=
	    ST_OK)
		return (rc);
	if (rules & R_WHOLE)
		return (whole_account(&rq->app, account));
	return (ST_OK);
}

/* An API client's requests are metered; every answer says how many are
 * left (RateLimit-* headers, whatever the answer). */
static int
meter_client(struct rq *rq)
{
	struct api_rate	 rate;
	char		 v[32];
	int		 rc;

	rc = api_client_meter(&rq->app, &rate);
	if (rc != ST_OK && rc != ST_RATE_LIMITED)
		return (rc);
	snprintf(v, sizeof(v), "%lld", rate.limit);
	http_response_header(rq->req, "ratelimit-limit", v);
	snprintf(v, sizeof(v), "%lld", rate.remaining);
	http_response_header(rq->req, "ratelimit-remaining", v);
	snprintf(v, sizeof(v), "%ld", rate.reset);
	http_response_header(rq->req, "ratelimit-reset", v);
	return (rc);
}

static int
enforce(struct rq *rq, int rules)
{
	int	rc;

	if ((rc = resolve_principal(rq, rules)) != ST_OK)
		return (rc);
	if (rq->who.kind == P_CLIENT && (rc = meter_client(rq)) != ST_OK)
		return (rc);
	if ((rules & R_CSRF) && rq->has_session &&
	    method_changes_state(rq->req->method) &&
	    (rc = check_csrf(rq)) != ST_OK)
		return (rc);
	return (check_scope(rq, rules));
}

/* ---- dispatch ------------------------------------------------------------ */

static int
dispatch(struct rq *rq)
{
	const struct route	*r;
	const char		*path = rq->req->path;
	bool			 path_known = false, is_api;
	struct urlpath		 segs;
	long long		 limit;
	size_t			 i;
	int			 rc;

	is_api = strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
	urlpath_split(path, &segs);
	for (i = 0; (i = route_find(&segs, i)) < NROUTES; i++) {
		path_known = true;
		if (routes[i].method == rq->req->method ||
		    (routes[i].method == HTTP_METHOD_GET &&
		    rq->req->method == HTTP_METHOD_HEAD)) {
			rq->route = &routes[i];
			route_params(rq, i, &segs);
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
	/* The worker's connection serves an open group only (group.h). */
	if ((r->rules & R_IDEM) == 0 ||
	    rq_header(rq, "idempotency-key") == NULL || group_full())
		group_flush(worker_store());

	if (!utf8_valid(path, strlen(path)))
		return (err_set(&rq->e, ST_MALFORMED, "malformed_path",
		    M_NOT_FOUND));
	query_parse(&rq->a, rq->req->query_string, &rq->query);

	rq->app.st = worker_store();
	if (rq->app.st == NULL && r->fn != h_healthz)
		return (err_set(&rq->e, ST_UNAVAILABLE, "unavailable",
		    M_UNAVAILABLE));
	if (r->fn == h_healthz)
		return (r->fn(rq));

	if ((rc = enforce(rq, r->rules)) != ST_OK)
		return (rc);
	/* The connection refused longer announced bodies by the raw
	 * target (conn_guard.c); this is the route as matched, and the one
	 * check every handler relies on. */
	limit = rules_body_max(r->rules);
	if ((long long)rq->req->http_body_length > limit)
		return (err_setn(&rq->e, ST_TOO_LARGE, "body_too_large",
		    M_TOO_LARGE, limit));
	if ((r->rules & R_IDEM) == 0)
		return (r->fn(rq));
	return (idem_run(rq, r->fn));
}

static void
log_request(struct rq *rq, int64_t us)
{
	struct logline	l;

	log_begin(&l, rq->status >= 500 ? LV_ERROR : LV_INFO,
	    "http.request");
	log_str(&l, "method", http_method_text(rq->req->method));
	/* A secret in the path (an invitation's token) is not logged: the
	 * route's pattern stands in for it. */
	log_str(&l, "path", rq->route != NULL &&
	    rq_param(rq, "token") != NULL ? rq->route->path : rq->req->path);
	log_int(&l, "status", rq->status);
	log_int(&l, "ms", us / 1000);
	log_str(&l, "ip", rq->ip);
	if (rq->who.kind != P_ANON) {
		log_str(&l, "principal", principal_kind_name(&rq->who));
		if (rq->who.id != NULL)
			log_str(&l, "principal_id", rq->who.id);
	}
	if (rq->e.status != ST_OK && rq->e.code[0] != '\0')
		log_str(&l, "error", rq->e.code);
	log_end(&l);
}

/*
 * Requests done with, kept for the next ones with their arena's first
 * chunk: a request is 12 KiB (its error's list of fields) and its arena
 * 16 KiB, which malloc would otherwise take and give back every time.
 * Only the event loop's thread makes and frees requests. Under
 * AddressSanitizer none are kept, so that a use after free is caught.
 */
#ifdef __SANITIZE_ADDRESS__
#define RQ_SPARE_MAX	1
#define RQ_KEEP		false
#else
#define RQ_SPARE_MAX	16
#define RQ_KEEP		true
#endif
static struct rq	*rq_spare[RQ_SPARE_MAX];
static size_t		 rq_nspare;

/* A request zeroed but for the error's list of fields (11 KiB, read only
 * up to e.nfields: most requests never touch it), with an empty arena. */
static struct rq *
rq_new(void)
{
	struct rq	*rq;
	struct arena	 a;

	if (rq_nspare > 0) {
		rq = rq_spare[--rq_nspare];
		a = rq->a;
	} else {
		if ((rq = malloc(sizeof(*rq))) == NULL)
			fatalx("steward_http: out of memory");
		arena_init(&a, 0);
	}
	memset(rq, 0, offsetof(struct rq, e.fields));
	memset(rq->e.internal, 0, sizeof(*rq) - offsetof(struct rq, e.internal));
	rq->a = a;
	return (rq);
}

static void
rq_free(struct rq *rq)
{
	rq_offload_release(rq);
	if (RQ_KEEP && rq_nspare < RQ_SPARE_MAX) {
		arena_reset(&rq->a);
		rq_spare[rq_nspare++] = rq;
		return;
	}
	arena_free(&rq->a);
	free(rq);
}

/* Kore frees a request (answered, or its client went away). */
static void
rq_onfree(struct http_request *req)
{
	struct rq	*rq = req->hdlr_extra;

	if (rq == NULL || !rq_offload_idle(rq))
		return;	/* called again once the work is done */
	group_forget(rq);
	req->hdlr_extra = NULL;
	req->onfree = NULL;
	rq_free(rq);
}

/* Answer (an error if need be), log, and free; or wait for the work. */
static int
finish(struct rq *rq, int rc)
{
	struct http_request	*req = rq->req;
	int64_t			 us;

	/* A handler that failed (or waits) never leaves a transaction open. */
	if (rq->app.st != NULL)
		store_tx_abandon(rq->app.st);
	if (rc == ST_PENDING) {
		req->hdlr_extra = rq;
		req->onfree = rq_onfree;
		return (KORE_RESULT_RETRY);
	}
	if (rc != ST_OK) {
		if (rq->e.status == ST_OK)
			err_internal(&rq->e, "handler returned %d without "
			    "detail", rc);
		rq_reply_error(rq);
	}
	if (rq->status == 0) {
		err_internal(&rq->e, "no answer from handler for %s",
		    req->path);
		rq_reply_error(rq);
	}
	turn_answered(req);
	us = clock_mono_us() - rq->t0_us;
	metrics_request(rq->route != NULL ? (size_t)(rq->route - routes) :
	    METRICS_ROUTES - 1, rq->status, us);
	log_request(rq, us);
	req->hdlr_extra = NULL;
	req->onfree = NULL;
	rq_free(rq);
	return (KORE_RESULT_OK);
}

int
steward_http(struct http_request *req)
{
	struct rq	*rq;
	const char	*al;

	if ((rq = req->hdlr_extra) != NULL) {
		/* Woken up: its group has committed, or the work it handed to
		 * a task thread is done. */
		if (group_parked(rq))
			return (rq->group_done ? finish(rq, group_resume(rq)) :
			    KORE_RESULT_RETRY);
		if (!rq_offload_done(rq))
			return (KORE_RESULT_RETRY);
		group_flush(rq->app.st);
		rq->app.now = clock_now();
		return (finish(rq, rq_offload_resume(rq)));
	}
	rq = rq_new();
	rq->req = req;
	rq->t0_us = clock_mono_us();
	err_clear(&rq->e);
	client_address(rq);
	principal_anon(&rq->who, rq->ip);
	al = rq_header(rq, "accept-language");
	rq->app.lang = lang_from_accept(al);
	rq->app.a = &rq->a;
	rq->app.e = &rq->e;
	rq->app.who = &rq->who;
	rq->app.cfg = &server_cfg.app;
	rq->app.now = clock_now();
	rq_delete_body(rq);
	return (finish(rq, dispatch(rq)));
}
