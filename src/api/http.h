/*
 * http.h - one HTTP request as Steward's handlers see it.
 *
 * The dispatcher (router.c) wraps every Kore request in a struct rq: a
 * per-request arena (freed when the response has been queued), the error
 * being built, the caller's language and address, the principal the
 * request acts as (with its session and login for console callers), and
 * the app context handlers pass to the app layer.
 *
 * A handler either answers (rq_reply_*) and returns ST_OK, or returns an
 * ST_* status with rq->e filled in; the dispatcher then renders the error
 * as {"error": {"code", "message", "fields"}} in the caller's language.
 */
#ifndef STEWARD_HTTP_H
#define STEWARD_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "app/app.h"
#include "app/principal.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/netmask.h"
#include "core/url.h"
#include "store/store.h"

struct http_request;
struct route;
struct rq_offload;

/* The server line of every answer: Kore's http_server_version, which
 * `stewardctl serve` writes into the configuration (cmd_serve.c). */
#define STEWARD_SERVER	"steward"

#define RQ_MAX_PARAMS	6
#define RQ_MAX_DEFERRED	8	/* headers of a deferred answer */

/* An answer held back until the router commits (Idempotency-Key). */
struct rq_deferred {
	int		 status;
	const char	*ctype;
	bool		 no_store;	/* cache-control: no-store */
	char		*body;
	size_t		 len;
	const char	*hnames[RQ_MAX_DEFERRED];
	const char	*hvalues[RQ_MAX_DEFERRED];
	size_t		 nheaders;
};

struct rq {
	struct http_request	*req;
	const struct route	*route;
	struct arena		 a;
	struct err		 e;
	struct app		 app;	/* app.who is &who */
	struct principal	 who;
	struct query		 query;
	const char		*param_names[RQ_MAX_PARAMS];
	const char		*param_values[RQ_MAX_PARAMS];
	size_t			 nparams;
	char			 ip[64];
	bool			 secure;	/* served over TLS (or proxy said so) */
	/* A caller with a session cookie: its session and login. */
	bool			 has_session;
	struct session		 session;
	struct login		 login;
	int			 status;	/* as answered, for the log */
	int64_t			 t0_us;	/* clock_mono_us() at arrival */
	/* Idempotency-Key of an R_IDEM route (router.c): the key, the hash
	 * of the request, and the first answer when another request with
	 * the key committed between the router's look and the claim. */
	const char		*idem_key;
	const char		*idem_hash;
	bool			 idem_lost;
	int			 idem_stored_status;
	const char		*idem_stored_hash;
	const char		*idem_stored;
	/* Waiting for its group's commit (group.h), with its status. */
	bool			 grouped;
	bool			 group_done;
	bool			 group_failed;
	int			 group_rc;
	bool			 defer;
	bool			 deferred;
	struct rq_deferred	 held;
	/* Work on a task thread (offload.c). */
	struct rq_offload	*offload;
};

/* Server-wide settings read from the environment in the parent. */
struct server_config {
	struct app_config	 app;
	const char		*web_dir;
	const char		*worker_db;
	long long		 body_max;	/* largest body of a request */
	long long		 import_max;	/* ... of an R_FILE route's */
	struct netmask_list	 proxies;	/* --trusted-proxies */
	bool			 secure_cookies;
	bool			 mail_configured;	/* --smtp-url given */
	const char		*metrics_token;	/* NULL: loopback scrapes */
};

extern struct server_config	server_cfg;
/*
 * The largest body a request for path may carry: server_cfg.import_max
 * when its route takes a file (R_FILE), server_cfg.body_max otherwise.
 * path is the request target without its query (router.c).
 */
long long			 route_body_max(const char *path);
/* This worker's database connection (NULL while unreachable). */
struct store			*worker_store(void);

/* Path parameter by name ("account_id"); NULL when the route has none. */
const char	*rq_param(const struct rq *rq, const char *name);
/*
 * Query parameter name as an integer in [min, max], def when absent.
 * A bad value adds a field error naming the parameter (ST_INVALID).
 */
int		 rq_query_int(struct rq *rq, const char *name, long long def,
		    long long min, long long max, long long *out);
/* Query parameter as text (valid UTF-8, no control characters), or NULL. */
int		 rq_query_text(struct rq *rq, const char *name,
		    const char **out);
/*
 * A comma-separated query parameter ("a,b,c") as a list of at most max
 * items (empty items dropped); *n 0 when absent. A field error naming the
 * parameter when there are more.
 */
int		 rq_query_list(struct rq *rq, const char *name, size_t max,
		    const char ***items, size_t *n);

/* The request path, and the raw body (len 0 when none). */
const char	*rq_path(const struct rq *rq);
void		 rq_body(const struct rq *rq, const char **data, size_t *len);

/* Request header (case-insensitive), or NULL. */
const char	*rq_header(const struct rq *rq, const char *name);
/* Cookie value by name, allocated in the arena, or NULL. */
const char	*rq_cookie(struct rq *rq, const char *name);

/*
 * Makes the body of a DELETE request readable with rq_body() and
 * rq_json_body() (Kore 4.1.0 reads none; see http.c for how and its
 * limits). Called once per request before the handler; the connection of a
 * DELETE with a body closes after the answer.
 */
void		 rq_delete_body(struct rq *rq);

/*
 * The body as a JSON object: ST_MEDIA unless Content-Type is
 * application/json, ST_MALFORMED for an empty body, invalid JSON or
 * something other than an object.
 */
int		 rq_json_body(struct rq *rq, json_t **obj);

/*
 * Answers. While rq->defer is set (an Idempotency-Key request before its
 * commit), rq_reply() and rq_header_add() hold the answer in rq->held
 * instead of queueing it; rq_send_held() sends it, rq_drop_held()
 * forgets it.
 */
void		 rq_header_add(struct rq *rq, const char *name,
		    const char *value);
void		 rq_reply(struct rq *rq, int status, const char *ctype,
		    const void *body, size_t len);
void		 rq_reply_json(struct rq *rq, int status, struct buf *json);
void		 rq_reply_empty(struct rq *rq, int status);
/* Render rq->e as the JSON error answer (never held back). */
void		 rq_reply_error(struct rq *rq);
void		 rq_send_held(struct rq *rq);
void		 rq_drop_held(struct rq *rq);

/*
 * ST_PENDING: a handler that has handed slow work to a task thread
 * (rq_offload(), offload.h) returns it; its answer comes later.
 */
#define ST_PENDING	1

/* Session cookie. */
const char	*session_cookie_name(const struct rq *rq);
void		 rq_set_session_cookie(struct rq *rq, const char *token,
		    int64_t max_age);

#endif
