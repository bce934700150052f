/*
 * principal.c - constructors and the grant cache; see principal.h.
 */
#include <assert.h>
#include <string.h>

#include "app/principal.h"

static void
reset(struct principal *p, enum principal_kind kind, const char *id,
    const char *label, const char *origin, const char *ip)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->id = id;
	p->label = label != NULL ? label : "";
	p->origin = origin;
	p->ip = ip != NULL ? ip : "";
}

void
principal_anon(struct principal *p, const char *ip)
{
	reset(p, P_ANON, NULL, "", "ui", ip);
}

void
principal_login(struct principal *p, const char *login_id, const char *email,
    const char *ip)
{
	assert(login_id != NULL);
	reset(p, P_LOGIN, login_id, email, "ui", ip);
}

void
principal_client(struct principal *p, const char *client_id,
    const char *name, const char *ip, const char *account_id,
    const char *account_kind, const char *role, const char *scope)
{
	struct grant	g;

	assert(client_id != NULL && account_id != NULL);
	reset(p, P_CLIENT, client_id, name, "api", ip);
	memset(&g, 0, sizeof(g));
	g.account_id = account_id;
	g.account_kind = account_kind;
	g.role = role;
	g.scope = scope;
	g.member = true;
	principal_grant_put(p, &g);
}

void
principal_operator(struct principal *p, const char *label)
{
	reset(p, P_OPERATOR, NULL, label, "system", "");
}

void
principal_system(struct principal *p, const char *label)
{
	reset(p, P_SYSTEM, NULL, label, "system", "");
}

void
principal_device(struct principal *p, const char *device_id,
    const char *hostname, const char *ip)
{
	reset(p, P_DEVICE, device_id, hostname, "agent", ip);
}

bool
principal_everywhere(const struct principal *p)
{
	return (p->kind == P_OPERATOR || p->kind == P_SYSTEM);
}

const char *
principal_key(const struct principal *p)
{
	switch (p->kind) {
	case P_LOGIN:
	case P_CLIENT:
	case P_DEVICE:
		return (p->id);
	case P_OPERATOR:
		return ("operator");
	case P_SYSTEM:
		return ("system");
	case P_ANON:
		break;
	}
	return ("anonymous");
}

const char *
principal_login_id(const struct principal *p)
{
	return (p->kind == P_LOGIN ? p->id : NULL);
}

const char *
principal_kind_name(const struct principal *p)
{
	static const char *const names[] = { "anonymous", "login", "client",
	    "device", "operator", "system" };

	assert((size_t)p->kind < sizeof(names) / sizeof(names[0]));
	return (names[p->kind]);
}

const struct grant *
principal_grant(const struct principal *p, const char *account_id)
{
	size_t	i;

	for (i = 0; i < p->ngrants; i++)
		if (strcmp(p->grants[i].account_id, account_id) == 0)
			return (&p->grants[i]);
	return (NULL);
}

const struct grant *
principal_grant_put(struct principal *p, const struct grant *g)
{
	assert(g->account_id != NULL);
	if (p->ngrants == PRINCIPAL_GRANTS) {
		memmove(&p->grants[0], &p->grants[1],
		    (PRINCIPAL_GRANTS - 1) * sizeof(p->grants[0]));
		p->ngrants--;
	}
	p->grants[p->ngrants] = *g;
	return (&p->grants[p->ngrants++]);
}
