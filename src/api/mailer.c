/*
 * mailer.c - the outbox sender's timer in the workers; see mailer.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <kore/kore.h>

#include "api/http.h"
#include "api/mailer.h"
#include "app/outbox.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"

/* Messages one worker sends per tick (the tick blocks its worker). */
#define MAILER_BATCH		10
#define MAILER_CA_MAX		(4 * 1024 * 1024)

static struct outbox_config	cfg;
static struct arena		cfg_arena;
static bool			configured;
static long			poll_ms = 5000;

static const char *
env_or(const char *name, const char *def)
{
	const char	*v;

	v = getenv(name);
	return (v != NULL && *v != '\0' ? v : def);
}

/* Read the trusted certificates into memory (the sandbox has no files). */
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
	data = arena_alloc(&cfg_arena, MAILER_CA_MAX);
	n = fread(data, 1, MAILER_CA_MAX, f);
	fclose(f);
	cfg.smtp.ca = data;
	cfg.smtp.ca_len = n;
}

void
mailer_parent_configure(void)
{
	const char	*url, *from, *resolve;
	char		 why[256];

	arena_init(&cfg_arena, 0);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("libcurl could not be initialised");
	url = env_or("STEWARD_SMTP_URL", NULL);
	from = env_or("STEWARD_MAIL_FROM", NULL);
	poll_ms = strtol(env_or("STEWARD_MAIL_POLL_MS", "5000"), NULL, 10);
	if (poll_ms < 50)
		poll_ms = 50;
	cfg.retry_s = strtoll(env_or("STEWARD_MAIL_RETRY_SECONDS", "60"),
	    NULL, 10);
	if (url == NULL) {
		log_msg(LV_INFO, "mail.config", "no SMTP server (--smtp-url): "
		    "e-mail waits in the outbox");
		return;
	}
	if (!smtp_url_parse(url, &cfg.smtp, why, sizeof(why)))
		fatalx("STEWARD_SMTP_URL: %s", why);
	if (from == NULL || !mime_parse_mailbox(&cfg_arena, from, &cfg.from))
		fatalx("STEWARD_MAIL_FROM: a sender address is needed with "
		    "an SMTP server");
	cfg.smtp.timeout_s = strtol(env_or("STEWARD_SMTP_TIMEOUT", "60"),
	    NULL, 10);
	if (cfg.smtp.timeout_s < 1)
		cfg.smtp.timeout_s = 1;
	if ((resolve = env_or("STEWARD_SMTP_RESOLVE", NULL)) != NULL)
		snprintf(cfg.smtp.resolve, sizeof(cfg.smtp.resolve), "%s",
		    resolve);
	load_ca(env_or("STEWARD_SMTP_CA_FILE",
	    "/etc/ssl/certs/ca-certificates.crt"));
	configured = true;
	server_cfg.mail_configured = true;
}

bool
mailer_configured(void)
{
	return (configured);
}

static void
mailer_tick(void *arg, u_int64_t now)
{
	struct outbox_stats	 stats;
	struct store		*st;
	struct err		 e;

	(void)arg;
	(void)now;
	if ((st = worker_store()) == NULL)
		return;
	err_clear(&e);
	if (outbox_run(st, &cfg, clock_now(), MAILER_BATCH, &stats, &e) !=
	    ST_OK)
		log_msg(LV_WARN, "mail.outbox", "outbox: %s",
		    e.internal[0] != '\0' ? e.internal : e.code);
	/* Abandon whatever a failed statement left open. */
	store_tx_abandon(st);
}

void
mailer_worker_start(void)
{
	if (!configured)
		return;
	kore_timer_add(mailer_tick, (u_int64_t)poll_ms, NULL, 0);
}
