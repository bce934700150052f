/*
 * smtp.c - one message to an SMTP server through libcurl; see smtp.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "core/smtp.h"

bool
smtp_url_parse(const char *url, struct smtp_config *c, char *why,
    size_t whylen)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL, *port = NULL, *user = NULL;
	char	*pass = NULL, *path = NULL;
	bool	 ok = false;
	long	 p;

	memset(c, 0, sizeof(*c));
	c->timeout_s = 60;
	if ((u = curl_url()) == NULL) {
		snprintf(why, whylen, "out of memory");
		return (false);
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		snprintf(why, whylen, "'%s' is not a URL such as "
		    "smtp://mail.example.com:587", url);
		goto out;
	}
	if (strcmp(scheme, "smtp") != 0 && strcmp(scheme, "smtps") != 0) {
		snprintf(why, whylen, "the scheme must be smtp:// or smtps://, "
		    "not %s://", scheme);
		goto out;
	}
	(void)curl_url_get(u, CURLUPART_PATH, &path, 0);
	if (path != NULL && strcmp(path, "/") != 0 && *path != '\0') {
		snprintf(why, whylen, "an SMTP URL has no path (%s)", path);
		goto out;
	}
	c->tls = strcmp(scheme, "smtps") == 0;
	p = c->tls ? 465 : 25;
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK)
		p = strtol(port, NULL, 10);
	if (p < 1 || p > 65535) {
		snprintf(why, whylen, "bad port");
		goto out;
	}
	c->port = p;
	snprintf(c->host, sizeof(c->host), "%s", host);
	if (curl_url_get(u, CURLUPART_USER, &user, CURLU_URLDECODE) ==
	    CURLUE_OK)
		snprintf(c->user, sizeof(c->user), "%s", user);
	if (curl_url_get(u, CURLUPART_PASSWORD, &pass, CURLU_URLDECODE) ==
	    CURLUE_OK)
		snprintf(c->password, sizeof(c->password), "%s", pass);
	snprintf(c->url, sizeof(c->url), "%s://%s:%ld", scheme, host, p);
	ok = true;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	curl_free(pass);
	curl_free(path);
	curl_url_cleanup(u);
	return (ok);
}

struct reader {
	const char	*data;
	size_t		 len, pos;
};

static size_t
read_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct reader	*r = arg;
	size_t		 n = size * nmemb;

	if (n > r->len - r->pos)
		n = r->len - r->pos;
	memcpy(ptr, r->data + r->pos, n);
	r->pos += n;
	return (n);
}

/* libcurl asks about once a second: stop when the process is stopping. */
static int
progress_cb(void *p, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
    curl_off_t ulnow)
{
	const struct smtp_config	*c = p;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return (c->cancelled() ? 1 : 0);
}

void
smtp_send(const struct smtp_config *c, const char *from_addr,
    const char *rcpt, const char *data, size_t len, struct smtp_result *res)
{
	struct curl_slist	*rcpts = NULL, *resolve = NULL;
	struct curl_blob	 blob;
	struct reader		 r = { data, len, 0 };
	char			 from[600], to[600], errbuf[CURL_ERROR_SIZE];
	CURL			*h;
	CURLcode		 rc;
	long			 code = 0;

	memset(res, 0, sizeof(*res));
	errbuf[0] = '\0';
	if ((h = curl_easy_init()) == NULL) {
		res->outcome = SMTP_TEMPORARY;
		snprintf(res->error, sizeof(res->error), "libcurl could not "
		    "start");
		return;
	}
	snprintf(from, sizeof(from), "<%s>", from_addr);
	snprintf(to, sizeof(to), "<%s>", rcpt);
	rcpts = curl_slist_append(rcpts, to);
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &r);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout_s);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	    c->timeout_s / 3 > 0 ? c->timeout_s / 3 : 1);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (!c->tls)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (c->user[0] != '\0') {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
	}
	if (c->resolve[0] != '\0') {
		resolve = curl_slist_append(resolve, c->resolve);
		curl_easy_setopt(h, CURLOPT_RESOLVE, resolve);
	}
	if (c->ca != NULL) {
		blob.data = (void *)(uintptr_t)c->ca;
		blob.len = c->ca_len;
		blob.flags = CURL_BLOB_NOCOPY;
		curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
		curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
	}

	if (c->cancelled != NULL) {
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)c);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	}

	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	res->code = code;
	if (rc == CURLE_OK)
		res->outcome = SMTP_SENT;
	else if (code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED)
		res->outcome = SMTP_PERMANENT;
	else
		res->outcome = SMTP_TEMPORARY;
	if (rc != CURLE_OK)
		snprintf(res->error, sizeof(res->error), "%s%s%s",
		    curl_easy_strerror(rc), errbuf[0] ? ": " : "", errbuf);
	curl_slist_free_all(rcpts);
	curl_slist_free_all(resolve);
	curl_easy_cleanup(h);
}
