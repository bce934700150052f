/*
 * agent_main.c - steward-agent's command line: enroll, run, --help.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "agent/agent_enroll.h"
#include "agent/agent_http.h"
#include "agent/agent_loop.h"
#include "agent/agent_msg.h"
#include "agent/agent_scan.h"
#include "agent/agent_version.h"
#include "core/clock.h"

#define MAX_SCAN_PATHS	64

static const char usage_text[] =
"usage: steward-agent enroll --server URL --token T --state-dir DIR\n"
"                            [--hostname H] [--platform workstation|server]\n"
"                            [--clamav-db DIR] [--scan-path P ...]\n"
"                            [--ca-file F]\n"
"       steward-agent run --state-dir DIR [--once]\n"
"       steward-agent --help | --version\n";

static const char help_text[] =
"\n"
"The Steward agent enrols a Linux machine with a Steward hub, checks in\n"
"periodically, applies the policy the hub delivers and scans files with\n"
"ClamAV's engine, quarantining what it detects.\n"
"\n"
"enroll   trade an installer token (from the hub's console) for a device\n"
"         identity and write the configuration into the state directory.\n"
"  --server URL      the hub, http(s)://host[:port]; certificates are\n"
"                    always checked\n"
"  --token T         the installer token\n"
"  --state-dir DIR   where the agent keeps its state (created 0700)\n"
"  --hostname H      the name shown in the console (default: the host's)\n"
"  --platform P      workstation (default) or server\n"
"  --clamav-db DIR   the signature directory (default " AGENT_DEFAULT_CLAMAV_DB
")\n"
"  --scan-path P     a directory to scan (repeatable; default /home /root\n"
"                    /tmp /var/tmp /srv /opt)\n"
"  --ca-file F       trust the CA certificates in F instead of the system's\n"
"\n"
"run      check in, apply the policy, carry out the hub's commands\n"
"         (scan_now, update_policy, uninstall), run scheduled scans, and\n"
"         wait the interval the hub names; retries with exponential backoff\n"
"         when the hub is unreachable or failing. SIGTERM/SIGINT stop it.\n"
"  --state-dir DIR   the directory enroll wrote\n"
"  --once            one check-in and the work it asks for (plus one more\n"
"                    check-in to report new detections), then exit\n"
"\n"
"State directory: identity.json (0600), config.json, status.json,\n"
"threats.json (detections not yet acknowledged), policy.json (the policy\n"
"applied), quarantine/ (quarantined files, 0600, each with a .json note),\n"
"UNINSTALLED (left when the hub removed the device).\n"
"\n"
"Environment: STEWARD_CLOCK_OFFSET (seconds added to the clock that\n"
"schedules scans, for tests), STEWARD_AGENT_MACHINE_ID (a file read\n"
"instead of /etc/machine-id for the hardware id), TZ (scheduled scan\n"
"times are local times).\n"
"\n"
"Exit status: 0 done (also after a stop by signal or an uninstall\n"
"command), 1 local error (state directory, files), 2 bad usage,\n"
"3 the hub is unreachable or failing (network, TLS, 5xx), 4 rejected\n"
"(401: unknown or rotated token, unknown device, or not enrolled),\n"
"5 the hub refused the request (other 4xx).\n";

static int
usage(const char *fmt, const char *arg)
{
	if (fmt != NULL) {
		fprintf(stderr, "steward-agent: ");
		fprintf(stderr, fmt, arg);
		fprintf(stderr, "\n");
	}
	fputs(usage_text, stderr);
	fputs("Try 'steward-agent --help'.\n", stderr);
	return (AGENT_EXIT_USAGE);
}

static bool
is_help(const char *a)
{
	return (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0 ||
	    strcmp(a, "help") == 0);
}

/* The value of option argv[*i]; NULL (message printed) when missing. */
static const char *
value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc || argv[*i + 1][0] == '\0')
		return (NULL);
	return (argv[++*i]);
}

static int
cmd_enroll(int argc, char **argv)
{
	struct enroll_opts	 o;
	const char		*paths[MAX_SCAN_PATHS], *v;
	char			*token = NULL;
	int			 i, rc;

	memset(&o, 0, sizeof(o));
	for (i = 2; i < argc; i++) {
		const char *opt = argv[i];

		if (is_help(opt)) {
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return (AGENT_EXIT_OK);
		}
		if (strcmp(opt, "--token") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return (usage("%s needs a value", opt));
			free(token);
			if ((token = strdup(argv[++i])) == NULL)
				return (AGENT_EXIT_ERROR);
			/* Keep the token out of /proc/PID/cmdline. */
			sodium_memzero(argv[i], strlen(argv[i]));
			continue;
		}
		if (strcmp(opt, "--server") != 0 &&
		    strcmp(opt, "--state-dir") != 0 &&
		    strcmp(opt, "--hostname") != 0 &&
		    strcmp(opt, "--platform") != 0 &&
		    strcmp(opt, "--clamav-db") != 0 &&
		    strcmp(opt, "--scan-path") != 0 &&
		    strcmp(opt, "--ca-file") != 0) {
			free(token);
			return (usage("unknown option %s for enroll", opt));
		}
		if ((v = value(argc, argv, &i)) == NULL) {
			free(token);
			return (usage("%s needs a value", opt));
		}
		if (strcmp(opt, "--server") == 0)
			o.server = v;
		else if (strcmp(opt, "--state-dir") == 0)
			o.state_dir = v;
		else if (strcmp(opt, "--hostname") == 0)
			o.hostname = v;
		else if (strcmp(opt, "--platform") == 0)
			o.platform = v;
		else if (strcmp(opt, "--clamav-db") == 0)
			o.clamav_db = v;
		else if (strcmp(opt, "--ca-file") == 0)
			o.ca_file = v;
		else {
			if (o.nscan_paths == MAX_SCAN_PATHS) {
				free(token);
				return (usage("at most 64 --scan-path, not %s",
				    v));
			}
			if (v[0] != '/') {
				free(token);
				return (usage("--scan-path %s: give an "
				    "absolute path", v));
			}
			paths[o.nscan_paths++] = v;
		}
	}
	rc = AGENT_EXIT_USAGE;
	if (o.server == NULL)
		usage("enroll needs --server%s", "");
	else if (strncmp(o.server, "https://", 8) != 0 &&
	    strncmp(o.server, "http://", 7) != 0)
		usage("--server %s: give an http:// or https:// URL",
		    o.server);
	else if (token == NULL)
		usage("enroll needs --token%s", "");
	else if (o.state_dir == NULL)
		usage("enroll needs --state-dir%s", "");
	else if (o.platform != NULL && strcmp(o.platform, "workstation") != 0 &&
	    strcmp(o.platform, "server") != 0)
		usage("--platform %s: workstation or server", o.platform);
	else if (o.clamav_db != NULL && o.clamav_db[0] != '/')
		usage("--clamav-db %s: give an absolute path", o.clamav_db);
	else {
		o.token = token;
		o.scan_paths = o.nscan_paths > 0 ? paths : NULL;
		if (http_global_init() == -1) {
			agent_say("cannot initialise libcurl");
			rc = AGENT_EXIT_ERROR;
		} else
			rc = agent_enroll(&o);
	}
	if (token != NULL) {
		sodium_memzero(token, strlen(token));
		free(token);
	}
	return (rc);
}

static int
cmd_run(int argc, char **argv)
{
	const char	*dir = NULL;
	bool		 once = false;
	int		 i;

	for (i = 2; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return (AGENT_EXIT_OK);
		} else if (strcmp(argv[i], "--once") == 0)
			once = true;
		else if (strcmp(argv[i], "--state-dir") == 0) {
			if ((dir = value(argc, argv, &i)) == NULL)
				return (usage("--state-dir needs a value%s",
				    ""));
		} else
			return (usage("unknown option %s for run", argv[i]));
	}
	if (dir == NULL)
		return (usage("run needs --state-dir%s", ""));
	if (http_global_init() == -1 || scan_global_init() == -1) {
		agent_say("cannot initialise libcurl or libclamav");
		return (AGENT_EXIT_ERROR);
	}
	agent_signals_install();
	return (agent_run(dir, once));
}

int
main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "steward-agent: cannot initialise libsodium\n");
		return (AGENT_EXIT_ERROR);
	}
	clock_from_env();
	if (argc < 2)
		return (usage(NULL, NULL));
	if (is_help(argv[1])) {
		fputs(usage_text, stdout);
		fputs(help_text, stdout);
		return (AGENT_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("steward-agent %s\n", AGENT_VERSION);
		return (AGENT_EXIT_OK);
	}
	if (strcmp(argv[1], "enroll") == 0)
		return (cmd_enroll(argc, argv));
	if (strcmp(argv[1], "run") == 0)
		return (cmd_run(argc, argv));
	return (usage("unknown command %s", argv[1]));
}
