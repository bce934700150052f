/*
 * conn_guard.c - oversized request heads answered in the error shape.
 *
 * Kore 4.1.0 reads a request's line and headers into one buffer of
 * http_header_max bytes. A request target of HTTP_URI_LEN - 1 (1,999)
 * bytes or more gets Kore's 414 with no body, and a head that fills the
 * buffer makes Kore close the connection with the rest unread, which the
 * client sees as a reset. Clients deserve the error shape instead.
 *
 * The listener's connect callback (stewardctl serve binds with
 * "steward_connect") sets a connection up exactly as Kore does for HTTP,
 * except that request heads are read through guard_head(), which looks
 * at the request line and at how full the buffer is before handing the
 * head to Kore's http_header_recv(). When the target or the head is too
 * long, the rest of the head is read and dropped up to its blank line (a
 * connection closed with unread input is reset, and the answer with it),
 * then 414 (target) or 431 (head) is sent and the connection closes. A
 * complete head announcing a body larger than its route takes (--body-max,
 * or --import-max for a file upload: route_body_max()) is answered 413 at
 * once, as Kore would for http_body_max, but in the error shape.
 *
 * Kore puts its own reader back after every request (http_start_recv), so
 * the connection's event handler installs the guard again before each
 * read. This file depends on Kore 4.1.0's connection and netbuf structures
 * and must be checked when Kore changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api/conn_guard.h"
#include "api/conn_share.h"
#include "api/http.h"

/* The state of a connection whose head is being dropped (netbuf extra). */
static char	drop_target, drop_head, answered;

static int	guard_head(struct netbuf *);

/* Length of the request target seen so far in a line of len bytes. */
static size_t
target_len(const u_int8_t *line, size_t len)
{
	const u_int8_t	*sp, *end;

	if ((sp = memchr(line, ' ', len)) == NULL)
		return (0);
	sp++;
	if ((end = memchr(sp, ' ', len - (size_t)(sp - line))) == NULL)
		end = line + len;
	return ((size_t)(end - sp));
}

/* Where the head's blank line ends in buf, or NULL. */
static const u_int8_t *
blank_line(const u_int8_t *buf, size_t len)
{
	const u_int8_t	*p;

	if ((p = kore_mem_find((void *)buf, len, "\r\n\r\n", 4)) != NULL)
		return (p + 4);
	if ((p = kore_mem_find((void *)buf, len, "\n\n", 2)) != NULL)
		return (p + 2);
	return (NULL);
}

static void
answer(struct connection *c, int status)
{
	char		 head[512], body[256];
	const char	*reason, *code, *message;
	int		 blen, hlen;

	if (status == HTTP_STATUS_REQUEST_URI_TOO_LARGE) {
		reason = "URI Too Long";
		code = "uri_too_long";
		message = "The request target (path and query) is longer than "
		    "the server accepts.";
	} else if (status == HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE) {
		reason = "Request Entity Too Large";
		code = "body_too_large";
		message = "The request body is larger than the server accepts.";
	} else {
		reason = "Request Header Fields Too Large";
		code = "headers_too_large";
		message = "The request line and headers are longer than the "
		    "server accepts.";
	}
	blen = snprintf(body, sizeof(body),
	    "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}", code, message);
	hlen = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\n"
	    "server: " STEWARD_SERVER "\r\n"
	    "content-type: application/json; charset=utf-8\r\n"
	    "content-length: %d\r\n"
	    "cache-control: no-store\r\n"
	    "x-content-type-options: nosniff\r\n"
	    "connection: close\r\n\r\n", status, reason, blen);
	if (blen < 0 || (size_t)blen >= sizeof(body) || hlen < 0 ||
	    (size_t)hlen >= sizeof(head)) {
		kore_connection_disconnect(c);
		return;
	}
	net_send_queue(c, head, (size_t)hlen);
	net_send_queue(c, body, (size_t)blen);
	c->flags |= CONN_CLOSE_EMPTY;
	if (!net_send_flush(c))
		kore_connection_disconnect(c);
}

/*
 * Drop what was read of a head that will not be served. The last three
 * bytes stay at the start of the buffer so that a blank line split across
 * two reads is still found.
 */
static int
drop(struct netbuf *nb)
{
	struct connection	*c = nb->owner;

	if (nb->extra == &answered) {
		nb->s_off = 0;
		return (KORE_RESULT_OK);
	}
	if (blank_line(nb->buf, nb->s_off) != NULL) {
		nb->s_off = 0;
		answer(c, nb->extra == &drop_target ?
		    HTTP_STATUS_REQUEST_URI_TOO_LARGE : 431);
		nb->extra = &answered;
		return (KORE_RESULT_OK);
	}
	if (nb->s_off > 3) {
		memmove(nb->buf, nb->buf + nb->s_off - 3, 3);
		nb->s_off = 3;
	}
	return (KORE_RESULT_OK);
}

/*
 * The largest body the route of the request line in buf (line bytes)
 * takes: the target's path, without its query, decides.
 */
static long long
line_body_max(const u_int8_t *buf, size_t line)
{
	char		 path[CONN_GUARD_TARGET_MAX + 1];
	const u_int8_t	*sp;
	size_t		 n;

	if ((sp = memchr(buf, ' ', line)) == NULL)
		return (server_cfg.body_max);
	sp++;
	for (n = 0; sp + n < buf + line && n < sizeof(path) - 1 &&
	    sp[n] != ' ' && sp[n] != '?' && sp[n] != '\r'; n++)
		path[n] = (char)sp[n];
	path[n] = '\0';
	return (route_body_max(path));
}

/*
 * Whether the complete head in buf (len bytes, up to its blank line)
 * announces a body larger than its route takes (line: the length of the
 * request line). Only a head with a Content-Length looks for its route.
 */
static int
body_too_large(const u_int8_t *buf, size_t len, size_t line)
{
	static const char	 name[] = "\ncontent-length:";
	const u_int8_t		*p = buf, *end = buf + len;
	char			 digits[24];
	size_t			 n;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) > sizeof(name) - 1 &&
		    strncasecmp((const char *)p, name, sizeof(name) - 1) == 0) {
			p += sizeof(name) - 1;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			for (n = 0; p < end && n < sizeof(digits) - 1 &&
			    *p >= '0' && *p <= '9'; n++)
				digits[n] = (char)*p++;
			digits[n] = '\0';
			return (n > 0 && (n >= 20 ||
			    strtoull(digits, NULL, 10) >
			    (unsigned long long)line_body_max(buf, line)));
		}
		p++;
	}
	return (0);
}

static int
guard_head(struct netbuf *nb)
{
	const u_int8_t	*head_end;
	const u_int8_t	*nl;
	size_t		 line;
	int		 full;

	if (nb->extra == &drop_target || nb->extra == &drop_head ||
	    nb->extra == &answered)
		return (drop(nb));

	full = nb->s_off == nb->b_len;
	nl = memchr(nb->buf, '\n', nb->s_off);
	line = nl != NULL ? (size_t)(nl - nb->buf) : nb->s_off;
	if (target_len(nb->buf, line) > CONN_GUARD_TARGET_MAX ||
	    (nl == NULL && full)) {
		nb->extra = &drop_target;
		return (drop(nb));
	}
	head_end = blank_line(nb->buf, nb->s_off);
	if (full && head_end == NULL) {
		nb->extra = &drop_head;
		return (drop(nb));
	}
	if (head_end != NULL && body_too_large(nb->buf,
	    (size_t)(head_end - nb->buf), line)) {
		nb->s_off = 0;
		answer(nb->owner, HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE);
		nb->extra = &answered;
		return (KORE_RESULT_OK);
	}
	return (http_header_recv(nb));
}

/* Every read event: the guard reads the head, whoever set the reader. */
static int
guard_handle(struct connection *c)
{
	if (c->rnb != NULL && c->rnb->cb == http_header_recv)
		c->rnb->cb = guard_head;
	return (kore_connection_handle(c));
}

void
steward_connect(struct connection *c)
{
	c->proto = CONN_PROTO_HTTP;
	if (http_keepalive_time != 0)
		c->idle_timer.length = http_keepalive_time * 1000;
	net_recv_queue(c, http_header_max, NETBUF_CALL_CB_ALWAYS, guard_head);
	c->handle = guard_handle;
	conn_share_accepted();
}
