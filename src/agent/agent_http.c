/*
 * agent_http.c - see agent_http.h.
 */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "agent/agent_http.h"
#include "agent/agent_version.h"

int
http_global_init(void)
{
	return (curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1);
}

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;

	if (b->len + size * n > HTTP_BODY_MAX)
		return (0);	/* makes curl fail with CURLE_WRITE_ERROR */
	buf_add(b, p, size * n);
	return (size * n);
}

/* Wipe every header line before the list is freed (one holds a secret). */
static void
headers_free(struct curl_slist *h)
{
	struct curl_slist	*p;

	for (p = h; p != NULL; p = p->next)
		sodium_memzero(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

int
http_post_json(const char *base, const char *path, const char *ca_file,
    const char *bearer, const char *body, struct http_reply *r)
{
	char			 url[2048], auth[320], errbuf[CURL_ERROR_SIZE];
	struct curl_slist	*h = NULL, *n;
	CURL			*c;
	CURLcode		 rc;
	int			 ret = -1;

	memset(r, 0, sizeof(*r));
	buf_init(&r->body);
	errbuf[0] = '\0';
	if (snprintf(url, sizeof(url), "%s%s", base, path) >=
	    (int)sizeof(url)) {
		snprintf(r->error, sizeof(r->error), "server URL too long");
		return (-1);
	}
	if ((c = curl_easy_init()) == NULL) {
		snprintf(r->error, sizeof(r->error), "curl_easy_init failed");
		return (-1);
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	if (h != NULL && (n = curl_slist_append(h,
	    "Accept: application/json")) != NULL)
		h = n;
	if (bearer != NULL && h != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		    bearer);
		if ((n = curl_slist_append(h, auth)) != NULL)
			h = n;
		sodium_memzero(auth, sizeof(auth));
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca_file != NULL && *ca_file != '\0')
		curl_easy_setopt(c, CURLOPT_CAINFO, ca_file);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)HTTP_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)HTTP_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "steward-agent/" AGENT_VERSION);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
		ret = 0;
	} else {
		snprintf(r->error, sizeof(r->error), "%s",
		    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc));
		r->status = 0;
	}
	curl_easy_cleanup(c);
	headers_free(h);
	return (ret);
}

void
http_reply_free(struct http_reply *r, bool wipe)
{
	if (wipe && r->body.cap > 0)
		sodium_memzero(r->body.data, r->body.cap);
	buf_free(&r->body);
}
