/*
 * agent_host.c - see agent_host.h.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "agent/agent_host.h"
#include "agent/agent_state.h"
#include "agent/agent_version.h"

void
host_name(char *out, size_t len)
{
	struct utsname	u;

	if (uname(&u) == 0)
		snprintf(out, len, "%s", u.nodename);
	else
		snprintf(out, len, "unknown");
}

void
host_kernel(char *out, size_t len)
{
	struct utsname	u;

	if (uname(&u) == 0)
		snprintf(out, len, "%s", u.release);
	else
		snprintf(out, len, "unknown");
}

void
host_os(char *out, size_t len)
{
	struct utsname	 u;
	char		 line[512], *v, *e;
	FILE		*f;

	out[0] = '\0';
	if ((f = fopen("/etc/os-release", "re")) == NULL)
		f = fopen("/usr/lib/os-release", "re");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			if (strncmp(line, "PRETTY_NAME=", 12) != 0)
				continue;
			v = line + 12;
			v[strcspn(v, "\r\n")] = '\0';
			if (*v == '"' || *v == '\'') {
				if ((e = strrchr(v + 1, *v)) != NULL)
					*e = '\0';
				v++;
			}
			snprintf(out, len, "%s", v);
			break;
		}
		fclose(f);
	}
	if (out[0] == '\0')
		snprintf(out, len, "%s", uname(&u) == 0 ? u.sysname : "Linux");
}

long long
host_uptime(void)
{
	struct sysinfo	 si;
	double		 up;
	FILE		*f;

	if ((f = fopen("/proc/uptime", "re")) != NULL) {
		if (fscanf(f, "%lf", &up) == 1 && up >= 0) {
			fclose(f);
			return ((long long)up);
		}
		fclose(f);
	}
	if (sysinfo(&si) == 0)
		return ((long long)si.uptime);
	return (-1);
}

json_t *
host_ip_addresses(void)
{
	struct ifaddrs	*ifa, *p;
	char		 a[INET6_ADDRSTRLEN];
	json_t		*list = json_array(), *v;
	const void	*src;
	size_t		 i;
	bool		 dup;

	if (getifaddrs(&ifa) == -1)
		return (list);
	for (p = ifa; p != NULL; p = p->ifa_next) {
		if (p->ifa_addr == NULL || (p->ifa_flags & IFF_LOOPBACK) ||
		    !(p->ifa_flags & IFF_UP))
			continue;
		if (p->ifa_addr->sa_family == AF_INET)
			src = &((struct sockaddr_in *)(void *)
			    p->ifa_addr)->sin_addr;
		else if (p->ifa_addr->sa_family == AF_INET6)
			src = &((struct sockaddr_in6 *)(void *)
			    p->ifa_addr)->sin6_addr;
		else
			continue;
		if (inet_ntop(p->ifa_addr->sa_family, src, a, sizeof(a)) ==
		    NULL)
			continue;
		dup = false;
		json_array_foreach(list, i, v) {
			if (strcmp(json_string_value(v), a) == 0)
				dup = true;
		}
		if (!dup && json_array_size(list) < 32)
			json_array_append_new(list, json_string(a));
	}
	freeifaddrs(ifa);
	return (list);
}

json_t *
host_facts(const char *hostname)
{
	char	name[256], os[200], kernel[200];

	if (hostname != NULL && *hostname != '\0')
		snprintf(name, sizeof(name), "%s", hostname);
	else
		host_name(name, sizeof(name));
	host_os(os, sizeof(os));
	host_kernel(kernel, sizeof(kernel));
	return (json_pack("{s:s, s:s, s:s, s:s, s:o, s:I}", "hostname", name,
	    "os", os, "kernel", kernel, "agent_version", AGENT_VERSION,
	    "ip_addresses", host_ip_addresses(),
	    "uptime_seconds", (json_int_t)host_uptime()));
}

/* The first line of a small file, trimmed, into out; false when empty. */
static bool
first_line(const char *path, char *out, size_t len)
{
	FILE	*f;
	bool	 ok = false;

	if ((f = fopen(path, "re")) == NULL)
		return (false);
	if (fgets(out, (int)len, f) != NULL) {
		out[strcspn(out, "\r\n \t")] = '\0';
		ok = out[0] != '\0';
	}
	fclose(f);
	return (ok);
}

int
host_hardware_id(const char *state_dir, const char *machine_id_file,
    char *out, size_t len)
{
	static const unsigned char key[] = "steward-agent hardware id v1";
	unsigned char	 raw[16], hash[32];
	char		 id[256], path[4096];

	if (len < sizeof(hash) * 2 + 1) {
		errno = ENOSPC;
		return (-1);
	}
	if (!first_line(machine_id_file != NULL ? machine_id_file :
	    "/etc/machine-id", id, sizeof(id))) {
		snprintf(path, sizeof(path), "%s/%s", state_dir,
		    STATE_HARDWARE_ID);
		if (!first_line(path, id, sizeof(id))) {
			randombytes_buf(raw, sizeof(raw));
			sodium_bin2hex(id, sizeof(id), raw, sizeof(raw));
			if (state_write_file(state_dir, STATE_HARDWARE_ID, id,
			    strlen(id), 0600) == -1)
				return (-1);
		}
	}
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)id,
	    strlen(id), key, sizeof(key) - 1);
	sodium_bin2hex(out, len, hash, sizeof(hash));
	sodium_memzero(id, sizeof(id));
	return (0);
}
