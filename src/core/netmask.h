/*
 * netmask.h - lists of IP addresses and CIDR ranges ("10.0.0.0/8, ::1"),
 * such as the proxies whose X-Forwarded-For a server believes.
 */
#ifndef STEWARD_NETMASK_H
#define STEWARD_NETMASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETMASK_MAX	32	/* ranges in one list */

/* One range: an IPv4 (family 4, first 4 bytes) or IPv6 address and the
 * number of leading bits that must match. */
struct netmask {
	int		family;
	uint8_t		addr[16];
	int		bits;
};

/* A list of ranges held by value (no allocation, nothing to free). */
struct netmask_list {
	struct netmask	v[NETMASK_MAX];
	size_t		n;
};

/*
 * Parse text, ranges separated by commas and/or spaces ("127.0.0.1,
 * 10.0.0.0/8 fd00::/8"); an address without "/bits" is the one address.
 * An empty or NULL text is the empty list. Returns 0, or -1 with a
 * sentence naming the bad entry in why (whylen bytes) and the list empty.
 */
int	netmask_list_parse(struct netmask_list *l, const char *text, char *why,
	    size_t whylen);

/*
 * Whether the textual address ip (IPv4, IPv6, or an IPv4-mapped IPv6
 * address, which counts as its IPv4 address) lies in one of l's ranges.
 * An unparsable ip is in no range.
 */
bool	netmask_list_has(const struct netmask_list *l, const char *ip);

/* Whether ip is a textual IPv4 or IPv6 address. */
bool	netmask_is_address(const char *ip);

#endif
