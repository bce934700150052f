/*
 * agent_host.h - facts about the machine the agent runs on.
 */
#ifndef STEWARD_AGENT_HOST_H
#define STEWARD_AGENT_HOST_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* The system's host name (uname's nodename) into out. */
void	 host_name(char *out, size_t len);

/* PRETTY_NAME from /etc/os-release (or uname's sysname) into out. */
void	 host_os(char *out, size_t len);

/* The kernel release (uname -r) into out. */
void	 host_kernel(char *out, size_t len);

/* Seconds since boot (/proc/uptime, else sysinfo); -1 when unknown. */
long long host_uptime(void);

/*
 * The addresses of the up, non-loopback interfaces (getifaddrs), IPv4 and
 * IPv6, without duplicates: a new JSON array the caller decrefs.
 */
json_t	*host_ip_addresses(void);

/*
 * The "host" object of a check-in: hostname (hostname when not NULL, else
 * the system's), os, kernel, agent_version, ip_addresses, uptime_seconds.
 * A new reference the caller decrefs.
 */
json_t	*host_facts(const char *hostname);

/*
 * The hardware id sent at enrolment (64 hex digits into out, len >= 65):
 * a keyed BLAKE2b hash of /etc/machine-id (the raw machine id is never
 * sent), or when that file is missing or empty, of a random id created once
 * in state_dir/hardware-id (0600). machine_id_file overrides
 * /etc/machine-id when not NULL. Returns 0 or -1 with errno set.
 */
int	 host_hardware_id(const char *state_dir, const char *machine_id_file,
	    char *out, size_t len);

#endif
