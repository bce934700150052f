/*
 * principal.h - who is acting.
 *
 * Every request, command and background job acts as one principal,
 * resolved once by its driver (the router from a session cookie or an
 * Authorization header, stewardctl, the background process) and handed to
 * every app function inside struct app (app->who). App functions decide
 * what the principal may do (access.h) and record it in the audit log;
 * they never look at a raw login, cookie or token.
 *
 *   kind         what it is                              origin   id
 *   P_ANON       nobody signed in (sign-in, public pages) ui       NULL
 *   P_LOGIN      a person in a console session (cookie)   ui       login id
 *   P_CLIENT     an integration with a bearer token       api      client id
 *   P_DEVICE     an enrolled device (agent secret)        agent    device id
 *   P_OPERATOR   the installation's operator at the       system   NULL
 *                command line (stewardctl)
 *   P_SYSTEM     the background process (jobs, e-mail)    system   NULL
 *
 * P_OPERATOR and P_SYSTEM may act in every account (as an admin of the
 * whole account). A login's roles are read from the store on first use for
 * each account and kept in the principal for the rest of the request
 * (access.c), so a request asks the database about its membership once,
 * however many checks it makes. An API client holds exactly one grant,
 * set when it is resolved.
 *
 * principal_key() is the stable name used for idempotency keys, rate-limit
 * buckets and the audit log's actor id.
 *
 * Ownership: the strings a principal points to are owned by the caller
 * (usually the request's arena) and must outlive it.
 */
#ifndef STEWARD_PRINCIPAL_H
#define STEWARD_PRINCIPAL_H

#include <stdbool.h>
#include <stddef.h>

enum principal_kind {
	P_ANON,
	P_LOGIN,
	P_CLIENT,
	P_DEVICE,
	P_OPERATOR,
	P_SYSTEM,
};

/* A role in one account, as access.c caches it. */
struct grant {
	const char	*account_id;
	const char	*account_kind;	/* operator | partner | company */
	const char	*role;		/* admin | viewer */
	const char	*scope;		/* all | customers */
	bool		 member;	/* false: no role there (cached too) */
	bool		 two_step_due;	/* a person who must set up two-step
					 * verification before acting here */
};

#define PRINCIPAL_GRANTS	4

struct principal {
	enum principal_kind	 kind;
	const char		*id;
	const char		*label;	/* e-mail, client name, host name,
					 * "stewardctl", "system" */
	const char		*origin; /* ui | api | agent | system */
	const char		*ip;	/* source address; "" when local */
	struct grant		 grants[PRINCIPAL_GRANTS];
	size_t			 ngrants;
	/* The last coverage answer (a customer-limited role), kept. */
	const char		*covered_account;
	const char		*covered_customer;
	bool			 covered;
	/* The operator account's grant, once looked up. */
	bool			 operator_known;
	struct grant		 operator_grant;
};

void	principal_anon(struct principal *p, const char *ip);
void	principal_login(struct principal *p, const char *login_id,
	    const char *email, const char *ip);
/* An API client with its one grant (scope "customers": its customers). */
void	principal_client(struct principal *p, const char *client_id,
	    const char *name, const char *ip, const char *account_id,
	    const char *account_kind, const char *role, const char *scope);
/* An enrolled device (its agent), acting for itself only. */
void	principal_device(struct principal *p, const char *device_id,
	    const char *hostname, const char *ip);
void	principal_operator(struct principal *p, const char *label);
void	principal_system(struct principal *p, const char *label);

/* Whether the principal may act in every account (operator, system). */
bool	principal_everywhere(const struct principal *p);
/* "log_..."-style id, or "operator" / "system" / "anonymous". */
const char *principal_key(const struct principal *p);
/* The login behind the principal (a console session), else NULL. */
const char *principal_login_id(const struct principal *p);
/* "login", "client", "device", "operator", "system" or "anonymous". */
const char *principal_kind_name(const struct principal *p);

/* The cached grant for account_id, or NULL when not looked up yet. */
const struct grant *principal_grant(const struct principal *p,
	    const char *account_id);
/* Remember a grant (the oldest is forgotten when the cache is full). */
const struct grant *principal_grant_put(struct principal *p,
	    const struct grant *g);

#endif
