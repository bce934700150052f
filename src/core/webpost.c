/*
 * webpost.c - one HTTP(S) POST with libcurl; see webpost.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "core/webpost.h"

/* The receiver's answer is not kept. */
static size_t
drop_cb(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return (size * n);
}

int
webpost_send(const struct webpost *p, long *status, char *why, size_t whylen)
{
	struct curl_slist	*hdrs = NULL, *tmp;
	struct curl_blob	 blob;
	char			 errbuf[CURL_ERROR_SIZE];
	CURL			*h;
	CURLcode		 cc;
	size_t			 i;
	int			 rc = -1;

	*status = 0;
	errbuf[0] = '\0';
	if ((h = curl_easy_init()) == NULL) {
		snprintf(why, whylen, "libcurl could not start a transfer");
		return (-1);
	}
	for (i = 0; p->headers != NULL && p->headers[i] != NULL; i++) {
		if ((tmp = curl_slist_append(hdrs, p->headers[i])) == NULL) {
			snprintf(why, whylen, "out of memory");
			goto out;
		}
		hdrs = tmp;
	}
	curl_easy_setopt(h, CURLOPT_URL, p->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, p->body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)p->len);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, drop_cb);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, p->timeout_s);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, p->timeout_s);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "Steward-Webhooks/1");
	if (p->ca != NULL && p->ca_len > 0) {
		blob.data = (void *)(uintptr_t)p->ca;
		blob.len = p->ca_len;
		blob.flags = CURL_BLOB_COPY;
		curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
		curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
	}
	if ((cc = curl_easy_perform(h)) != CURLE_OK) {
		snprintf(why, whylen, "%s", errbuf[0] != '\0' ? errbuf :
		    curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	rc = 0;
out:
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	return (rc);
}
