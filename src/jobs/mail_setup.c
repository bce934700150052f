/*
 * mail_setup.c - the background process's e-mail settings, read before it
 * confines itself; see jobs.h.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "app/outbox.h"
#include "core/arena.h"
#include "core/log.h"
#include "jobs/jobs.h"
#include "jobs/jobs_int.h"

#define MAIL_CA_MAX	(4 * 1024 * 1024)

static const char *
env_or(const char *name, const char *def)
{
	const char	*v;

	v = getenv(name);
	return (v != NULL && *v != '\0' ? v : def);
}

/* Read the trusted certificates into memory (a chroot has no files). */
static void
load_ca(const char *path)
{
	FILE	*f;
	char	*data;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL) {
		log_msg(LV_WARN, "mail.config", "no certificate bundle at %s: "
		    "TLS to the SMTP server will fail", path);
		return;
	}
	data = arena_alloc(&jobs_mail.arena, MAIL_CA_MAX);
	n = fread(data, 1, MAIL_CA_MAX, f);
	fclose(f);
	jobs_mail.cfg.smtp.ca = data;
	jobs_mail.cfg.smtp.ca_len = n;
}

bool
jobs_mail_setup(bool *configured, char *why, size_t whylen)
{
	const char	*url, *from, *resolve;

	*configured = false;
	arena_init(&jobs_mail.arena, 0);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		snprintf(why, whylen, "libcurl could not be initialised");
		return (false);
	}
	url = env_or("STEWARD_SMTP_URL", NULL);
	from = env_or("STEWARD_MAIL_FROM", NULL);
	jobs_mail.poll_ms = strtol(env_or("STEWARD_MAIL_POLL_MS", "5000"),
	    NULL, 10);
	if (jobs_mail.poll_ms < 50)
		jobs_mail.poll_ms = 50;
	jobs_mail.cfg.retry_s = strtoll(env_or("STEWARD_MAIL_RETRY_SECONDS",
	    "60"), NULL, 10);
	if (url == NULL) {
		log_msg(LV_INFO, "mail.config", "no SMTP server (--smtp-url): "
		    "e-mail waits in the outbox");
		return (true);
	}
	if (!smtp_url_parse(url, &jobs_mail.cfg.smtp, why, whylen))
		return (false);
	if (from == NULL || !mime_parse_mailbox(&jobs_mail.arena, from,
	    &jobs_mail.cfg.from)) {
		snprintf(why, whylen, "STEWARD_MAIL_FROM: a sender address is "
		    "needed with an SMTP server");
		return (false);
	}
	jobs_mail.cfg.smtp.timeout_s = strtol(env_or("STEWARD_SMTP_TIMEOUT",
	    "60"), NULL, 10);
	if (jobs_mail.cfg.smtp.timeout_s < 1)
		jobs_mail.cfg.smtp.timeout_s = 1;
	if ((resolve = env_or("STEWARD_SMTP_RESOLVE", NULL)) != NULL)
		snprintf(jobs_mail.cfg.smtp.resolve,
		    sizeof(jobs_mail.cfg.smtp.resolve), "%s", resolve);
	jobs_mail.cfg.smtp.cancelled = jobs_stopping;
	load_ca(env_or("STEWARD_SMTP_CA_FILE",
	    "/etc/ssl/certs/ca-certificates.crt"));
	jobs_mail.configured = true;
	*configured = true;
	return (true);
}
