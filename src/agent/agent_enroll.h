/*
 * agent_enroll.h - `steward-agent enroll`: trade an installer token for a
 * device identity and write the configuration.
 */
#ifndef STEWARD_AGENT_ENROLL_H
#define STEWARD_AGENT_ENROLL_H

#include <stddef.h>

#define AGENT_DEFAULT_CLAMAV_DB	"/var/lib/clamav"

struct enroll_opts {
	const char	 *server;	/* http(s)://host[:port] */
	char		 *token;	/* wiped by agent_enroll */
	const char	 *state_dir;
	const char	 *hostname;	/* NULL: the system's */
	const char	 *platform;	/* NULL: "workstation" */
	const char	 *clamav_db;	/* NULL: AGENT_DEFAULT_CLAMAV_DB */
	const char	 *ca_file;	/* NULL: system certificates */
	const char	**scan_paths;	/* NULL/0: the default list */
	size_t		  nscan_paths;
};

/* The directories scanned when enrol names none (NULL-terminated). */
extern const char *const	agent_default_scan_paths[];

/*
 * Enrol: POST /agent/v1/enroll, then save identity (0600), config and a
 * fresh status in the state directory (created 0700). Messages explain
 * every failure. The token's text is wiped before returning. Returns an
 * AGENT_EXIT_* status.
 */
int	agent_enroll(struct enroll_opts *o);

#endif
