/*
 * conn_guard.h - oversized request heads answered in the error shape.
 *
 * steward_connect() is the listener's connect callback (the "bind"
 * line that stewardctl serve writes names it): it sets up an HTTP
 * connection as Kore 4.1.0 does, with a reader that answers a request
 * target longer than CONN_GUARD_TARGET_MAX bytes with 414 and a head that
 * does not fit in http_header_max bytes with 431, and a head announcing a
 * body over what its route takes (route_body_max()) with 413, all in the
 * error shape, and then
 * closes the connection. Other heads go to Kore unchanged.
 */
#ifndef STEWARD_CONN_GUARD_H
#define STEWARD_CONN_GUARD_H

struct connection;

/* Kore's own limit: targets of HTTP_URI_LEN - 1 bytes or more are refused. */
#define CONN_GUARD_TARGET_MAX	1998

void	steward_connect(struct connection *c);

#endif
