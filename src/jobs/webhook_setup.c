/*
 * webhook_setup.c - the background process's webhook settings, read
 * before it confines itself (a chroot has no certificate bundle):
 *   STEWARD_WEBHOOK_CA               PEM bundle (default: Debian's)
 *   STEWARD_WEBHOOK_RETRY_SECONDS    first retry delay (30)
 *   STEWARD_WEBHOOK_TIMEOUT_SECONDS  one delivery at most (10)
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/log.h"
#include "jobs/jobs_int.h"

#define HOOK_CA_MAX	(4 * 1024 * 1024)
#define HOOK_CA_DEFAULT	"/etc/ssl/certs/ca-certificates.crt"

struct jobs_hooks	jobs_hooks;

static long long
env_num(const char *name, long long def, long long min, long long max)
{
	const char	*v = getenv(name);
	long long	 n;

	if (v == NULL || *v == '\0')
		return (def);
	n = strtoll(v, NULL, 10);
	return (n < min ? min : n > max ? max : n);
}

void
jobs_hooks_setup(void)
{
	const char	*path = getenv("STEWARD_WEBHOOK_CA");
	FILE		*f;
	char		*data;

	arena_init(&jobs_hooks.arena, 0);
	jobs_hooks.cfg.retry_s = env_num("STEWARD_WEBHOOK_RETRY_SECONDS", 30,
	    1, 3600);
	jobs_hooks.cfg.timeout_s = (long)env_num(
	    "STEWARD_WEBHOOK_TIMEOUT_SECONDS", 10, 1, 60);
	if (path == NULL || *path == '\0')
		path = HOOK_CA_DEFAULT;
	if ((f = fopen(path, "rb")) == NULL) {
		log_msg(LV_WARN, "webhook.config", "no certificate bundle at "
		    "%s: https webhooks will fail", path);
		return;
	}
	data = arena_alloc(&jobs_hooks.arena, HOOK_CA_MAX);
	jobs_hooks.cfg.ca_len = fread(data, 1, HOOK_CA_MAX, f);
	jobs_hooks.cfg.ca = data;
	fclose(f);
}
