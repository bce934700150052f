/*
 * smtp.h - deliver one message to an SMTP server with libcurl.
 *
 * The server is named by a URL: smtp://[user:password@]host[:port] (port
 * 25 by default; STARTTLS is used whenever the server offers it) or
 * smtps://... (TLS from the start, port 465). With user and password the
 * sender authenticates (AUTH, after STARTTLS when there is one).
 *
 * The outcome is classified the way SMTP means it: a 5xx reply to the
 * message (sender, recipient or content refused) is permanent; a 4xx
 * reply, a failed connection, a timeout or a refused login (the
 * installation's problem, not the message's) is temporary.
 */
#ifndef STEWARD_SMTP_H
#define STEWARD_SMTP_H

#include <stdbool.h>
#include <stddef.h>

struct smtp_config {
	char		 url[512];	/* scheme://host:port, no credentials */
	char		 host[256];
	long		 port;
	bool		 tls;		/* smtps: TLS from the start */
	char		 user[256];
	char		 password[256];
	/*
	 * "host:port:address" for libcurl's resolve cache (the workers'
	 * sandbox has no resolver), or "" to let libcurl resolve.
	 */
	char		 resolve[600];
	/* PEM certificates trusted for TLS (loaded before the sandbox), or
	 * NULL for libcurl's default. */
	const void	*ca;
	size_t		 ca_len;
	long		 timeout_s;	/* whole exchange; connect: a third */
	/* When not NULL and it answers true, a delivery in progress stops
	 * (a temporary failure): the process is asked to stop. */
	bool		(*cancelled)(void);
};

enum smtp_outcome { SMTP_SENT, SMTP_TEMPORARY, SMTP_PERMANENT };

struct smtp_result {
	enum smtp_outcome	 outcome;
	long			 code;		/* last SMTP reply, 0 if none */
	char			 error[600];	/* for the operator */
};

/*
 * Parse an SMTP URL into c (credentials are percent-decoded). Returns
 * false with a reason in why when it is not a usable smtp:// or smtps://
 * URL with a host.
 */
bool	smtp_url_parse(const char *url, struct smtp_config *c, char *why,
	    size_t whylen);

/* Send data (a complete message, CRLF lines) from from_addr to rcpt. */
void	smtp_send(const struct smtp_config *c, const char *from_addr,
	    const char *rcpt, const char *data, size_t len,
	    struct smtp_result *res);

#endif
