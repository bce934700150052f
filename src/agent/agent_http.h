/*
 * agent_http.h - JSON over HTTP(S) to the hub, with libcurl.
 *
 * Certificates are always checked (peer and host name); ca_file names a
 * private CA bundle instead of the system's. Only http and https are
 * allowed, redirects are not followed, a request gives up after
 * HTTP_TIMEOUT seconds (HTTP_CONNECT_TIMEOUT to connect) and answers
 * larger than HTTP_BODY_MAX bytes are refused.
 *
 * http_global_init() must run once before the first request.
 */
#ifndef STEWARD_AGENT_HTTP_H
#define STEWARD_AGENT_HTTP_H

#include <stdbool.h>

#include "core/buf.h"

#define HTTP_TIMEOUT		60
#define HTTP_CONNECT_TIMEOUT	15
#define HTTP_BODY_MAX		(4 * 1024 * 1024)

struct http_reply {
	long		status;		/* HTTP status; 0 when none came */
	struct buf	body;		/* the answer's body (owned) */
	char		error[256];	/* why no answer came */
};

/* curl_global_init; returns 0 or -1. */
int	http_global_init(void);

/*
 * POST body (JSON text) to base + path. bearer, when not NULL, is sent as
 * "Authorization: Bearer <bearer>"; the header's copy is wiped after the
 * request. r is initialised here and released with http_reply_free().
 * Returns 0 when the server answered (any status, in r->status), -1 when
 * none did (connection, TLS or timeout; r->error says which).
 */
int	http_post_json(const char *base, const char *path, const char *ca_file,
	    const char *bearer, const char *body, struct http_reply *r);

/* Release r's body; with wipe, overwrite it first (answers with secrets). */
void	http_reply_free(struct http_reply *r, bool wipe);

#endif
