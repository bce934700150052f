/*
 * webpost.h - one HTTP(S) POST with libcurl, for webhook deliveries.
 *
 * The certificate bundle is passed in memory (the background process may
 * run in a chroot without files); certificates and host names are always
 * verified. Redirects are not followed. The answer's body is read and
 * dropped. Only http and https.
 */
#ifndef STEWARD_WEBPOST_H
#define STEWARD_WEBPOST_H

#include <stddef.h>

struct webpost {
	const char		*url;
	const char *const	*headers;	/* "Name: value", NULL-ended */
	const char		*body;
	size_t			 len;
	long			 timeout_s;	/* the whole exchange */
	const char		*ca;		/* PEM bundle, or NULL */
	size_t			 ca_len;
};

/*
 * 0 when an HTTP answer came (*status its code); -1 when none did
 * (connection, TLS, timeout), with a sentence in why.
 */
int	webpost_send(const struct webpost *p, long *status, char *why,
	    size_t whylen);

#endif
