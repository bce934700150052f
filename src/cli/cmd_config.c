/*
 * cmd_config.c - stewardctl config: the effective configuration of
 * `stewardctl serve` with the same options and environment, one line per
 * setting: its name, its value (secrets masked) and where the value came
 * from (flag, environment or default; "-" for a setting that is not set).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "core/arena.h"

/* Options whose whole value is a secret. */
static const char *const secret_opts[] = { "metrics-token", NULL };

/* What serve does about an option that has no value. */
static const struct {
	const char	*name;
	const char	*unset;
} unset_meaning[] = {
	{ "root", "(the SQLite file's or PostgreSQL socket's directory)" },
	{ "user", "(none: the workers run as the caller)" },
	{ "run-dir", "(a new temporary directory)" },
	{ "web-dir", "(web/ beside bin/)" },
	{ "module", "(lib/steward.so beside bin/)" },
	{ "public-url", "(http:// and --listen)" },
	{ "smtp-url", "(none: e-mail waits in the outbox)" },
	{ "mail-from", "(none)" },
	{ "metrics-token", "(none: loopback scrapes only)" },
	{ NULL, NULL }
};

static const char *
unset_value(const char *name)
{
	size_t	i;

	for (i = 0; unset_meaning[i].name != NULL; i++)
		if (strcmp(unset_meaning[i].name, name) == 0)
			return (unset_meaning[i].unset);
	return ("(none)");
}

/*
 * Settings read from the environment only (beyond serve's options). The
 * defaults of the app's tunables come from app_config_defaults(); the
 * others are those of the code that reads them (src/jobs, core/log.c).
 */
struct env_setting {
	const char	*env;
	const char	*def;		/* NULL: taken from app_config */
	const char	*what;
};

static const struct env_setting env_settings[] = {
	{ "STEWARD_SESSION_IDLE", NULL, "seconds a session survives idle" },
	{ "STEWARD_SESSION_MAX", NULL, "absolute session lifetime (s)" },
	{ "STEWARD_SIGNIN_MAX_PER_EMAIL", NULL, "failed sign-ins per e-mail "
	    "per window" },
	{ "STEWARD_SIGNIN_MAX_PER_IP", NULL, "failed sign-ins per address "
	    "per window" },
	{ "STEWARD_SIGNIN_WINDOW", NULL, "sign-in window (s)" },
	{ "STEWARD_API_RATE_PER_MINUTE", NULL, "requests of one API client "
	    "a minute" },
	{ "STEWARD_CHECKIN_SECONDS", NULL, "agents' check-in interval (s)" },
	{ "STEWARD_LOG_LEVEL", "info", "debug, info, warn or error" },
	{ "STEWARD_DOWNLOAD_DIR", "dist/ beside bin/", "agent package "
	    "directory" },
	{ "STEWARD_MAIL_POLL_MS", "5000", "how often the outbox is looked at "
	    "(ms)" },
	{ "STEWARD_MAIL_RETRY_SECONDS", "60", "first wait after a temporary "
	    "failure (s)" },
	{ "STEWARD_SMTP_TIMEOUT", "60", "one SMTP delivery at most (s)" },
	{ "STEWARD_SMTP_CA_FILE", "the system bundle", "certificates "
	    "trusted for SMTP" },
	{ "STEWARD_WEBHOOK_RETRY_SECONDS", "30", "first webhook retry "
	    "delay (s)" },
	{ "STEWARD_WEBHOOK_TIMEOUT_SECONDS", "10", "one webhook delivery at "
	    "most (s)" },
	{ "STEWARD_WEBHOOK_CA", "the system bundle", "certificates trusted "
	    "for webhooks" },
	{ "STEWARD_CLOCK_OFFSET", "0", "seconds added to the clock (tests)" },
	{ NULL, NULL, NULL }
};

/* The default of an app tunable, as text in a. */
static const char *
app_default(struct arena *a, const char *env)
{
	struct app_config	d;

	app_config_defaults(&d);
	if (strcmp(env, "STEWARD_SESSION_IDLE") == 0)
		return (arena_printf(a, "%lld", (long long)d.session_idle));
	if (strcmp(env, "STEWARD_SESSION_MAX") == 0)
		return (arena_printf(a, "%lld", (long long)d.session_max));
	if (strcmp(env, "STEWARD_SIGNIN_MAX_PER_EMAIL") == 0)
		return (arena_printf(a, "%lld", d.signin_max_per_email));
	if (strcmp(env, "STEWARD_SIGNIN_MAX_PER_IP") == 0)
		return (arena_printf(a, "%lld", d.signin_max_per_ip));
	if (strcmp(env, "STEWARD_SIGNIN_WINDOW") == 0)
		return (arena_printf(a, "%lld", (long long)d.signin_window));
	if (strcmp(env, "STEWARD_API_RATE_PER_MINUTE") == 0)
		return (arena_printf(a, "%lld", d.api_rate_per_minute));
	if (strcmp(env, "STEWARD_CHECKIN_SECONDS") == 0)
		return (arena_printf(a, "%lld", (long long)d.checkin_seconds));
	return ("");
}

/*
 * A value with its secrets masked: the password of a URL's user
 * information (scheme://user:PASSWORD@host) and a libpq password=...
 */
static const char *
masked(struct arena *a, const char *v)
{
	const char	*scheme, *at, *colon, *pw, *end, *slash;

	if ((pw = strstr(v, "password=")) != NULL) {
		pw += strlen("password=");
		end = pw + strcspn(pw, " &");
		return (arena_printf(a, "%.*s****%s", (int)(pw - v), v, end));
	}
	if ((scheme = strstr(v, "://")) == NULL)
		return (v);
	scheme += 3;
	at = strchr(scheme, '@');
	colon = strchr(scheme, ':');
	slash = strchr(scheme, '/');
	if (at == NULL || colon == NULL || colon > at ||
	    (slash != NULL && slash < at))
		return (v);
	return (arena_printf(a, "%.*s****%s", (int)(colon + 1 - v), v, at));
}

static bool
is_secret(const char *name)
{
	size_t	i;

	for (i = 0; secret_opts[i] != NULL; i++)
		if (strcmp(secret_opts[i], name) == 0)
			return (true);
	return (false);
}

static void
line(const char *name, const char *value, const char *from)
{
	printf("%-42s %-52s %s\n", name, value, from);
}

int
cmd_config(struct cmd *c, int argc, char **argv)
{
	const struct opt		*o;
	const struct env_setting	*s;
	struct arena			 a;
	const char			*v, *from, *name;

	opts_parse(c, argc, argv, NULL);
	cli_key_file(c);
	arena_init(&a, 0);
	line("SETTING", "VALUE", "SOURCE");
	for (o = c->opts; o->name != NULL; o++) {
		name = o->env != NULL ? arena_printf(&a, "--%s (%s)", o->name,
		    o->env) : arena_printf(&a, "--%s", o->name);
		from = opt_source(c, o->name);
		if (o->arg == NULL)
			v = opt_flag(c, o->name) ? "on" : "off";
		else if (o->value == NULL && strcmp(o->name, "key-file") == 0)
			v = getenv("STEWARD_KEY_FILE");	/* cli_key_file() */
		else if (o->value == NULL)
			v = unset_value(o->name);
		else if (is_secret(o->name))
			v = "****";
		else
			v = masked(&a, o->value);
		line(name, v, from != NULL ? from : "default");
	}
	for (s = env_settings; s->env != NULL; s++) {
		v = getenv(s->env);
		if (v != NULL && *v != '\0')
			line(s->env, masked(&a, v), "environment");
		else
			line(s->env, s->def != NULL ? s->def :
			    app_default(&a, s->env), "default");
	}
	arena_free(&a);
	return (0);
}
