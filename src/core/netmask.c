/*
 * netmask.c - lists of IP addresses and CIDR ranges, and membership.
 */
#include <arpa/inet.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/netmask.h"

static const uint8_t	v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			    0xff, 0xff };

/* ip as family 4 or 6 in out (IPv4-mapped IPv6 becomes 4); -1 if not an
 * address. */
static int
address_parse(const char *ip, int *family, uint8_t out[16])
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET, ip, out) == 1) {
		*family = 4;
		return (0);
	}
	if (inet_pton(AF_INET6, ip, out) == 1) {
		*family = 6;
		if (memcmp(out, v4mapped, sizeof(v4mapped)) == 0) {
			memmove(out, out + 12, 4);
			memset(out + 4, 0, 12);
			*family = 4;
		}
		return (0);
	}
	return (-1);
}

bool
netmask_is_address(const char *ip)
{
	int	f;
	uint8_t	a[16];

	return (ip != NULL && address_parse(ip, &f, a) == 0);
}

/* One entry ("10.0.0.0/8" or "::1") into m; -1 when it is not one. */
static int
entry_parse(const char *s, struct netmask *m)
{
	char	 host[64], *slash, *ep;
	long	 bits;
	int	 max;

	if (strlen(s) >= sizeof(host))
		return (-1);
	snprintf(host, sizeof(host), "%s", s);
	if ((slash = strchr(host, '/')) != NULL)
		*slash++ = '\0';
	if (address_parse(host, &m->family, m->addr) != 0)
		return (-1);
	/* A mapped address keeps its IPv6 prefix length meaning. */
	max = m->family == 4 ? 32 : 128;
	if (slash == NULL) {
		m->bits = max;
		return (0);
	}
	if (*slash < '0' || *slash > '9')
		return (-1);
	bits = strtol(slash, &ep, 10);
	if (*ep != '\0')
		return (-1);
	if (m->family == 4 && strchr(host, ':') != NULL)
		bits -= 96;
	if (bits < 0 || bits > max)
		return (-1);
	m->bits = (int)bits;
	return (0);
}

int
netmask_list_parse(struct netmask_list *l, const char *text, char *why,
    size_t whylen)
{
	char	*copy, *tok, *save;

	assert(l != NULL && why != NULL);
	l->n = 0;
	if (text == NULL)
		return (0);
	if ((copy = strdup(text)) == NULL) {
		snprintf(why, whylen, "out of memory");
		return (-1);
	}
	for (tok = strtok_r(copy, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		if (l->n == NETMASK_MAX) {
			snprintf(why, whylen, "more than %d addresses or "
			    "ranges", NETMASK_MAX);
			goto fail;
		}
		if (entry_parse(tok, &l->v[l->n]) != 0) {
			snprintf(why, whylen, "'%s' is not an IP address or "
			    "a range such as 10.0.0.0/8", tok);
			goto fail;
		}
		l->n++;
	}
	free(copy);
	return (0);
fail:
	free(copy);
	l->n = 0;
	return (-1);
}

/* Whether the first bits of a and b are equal. */
static bool
prefix_equal(const uint8_t *a, const uint8_t *b, int bits)
{
	int	full = bits / 8, rest = bits % 8;
	uint8_t	mask;

	if (memcmp(a, b, (size_t)full) != 0)
		return (false);
	if (rest == 0)
		return (true);
	mask = (uint8_t)(0xff << (8 - rest));
	return ((a[full] & mask) == (b[full] & mask));
}

bool
netmask_list_has(const struct netmask_list *l, const char *ip)
{
	uint8_t	a[16];
	int	family;
	size_t	i;

	assert(l != NULL);
	if (ip == NULL || address_parse(ip, &family, a) != 0)
		return (false);
	for (i = 0; i < l->n; i++) {
		if (l->v[i].family == family &&
		    prefix_equal(a, l->v[i].addr, l->v[i].bits))
			return (true);
	}
	return (false);
}
