/*
 * handlers.h - the request handlers named in routes.h.
 *
 * Each takes the request and either answers and returns ST_OK, or returns
 * an ST_* status with rq->e set (see http.h).
 */
#ifndef STEWARD_HANDLERS_H
#define STEWARD_HANDLERS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct rq;

#define HANDLER_DECL(m, p, fn, fl)	int fn(struct rq *);
#include "api/routes.h"
STEWARD_ROUTES(HANDLER_DECL)
#undef HANDLER_DECL

struct err;
struct page;

/*
 * The {"confirm_name"} body of a deletion (h_deletion.c). Who may delete
 * is checked by the app before the name, so a problem with the body is
 * kept aside: *name is NULL and *bad holds the error (naming
 * confirm_name). rq_confirm_answer() then answers 204 when rc is ST_OK,
 * or that error when the app refused for want of the name, or rc.
 */
int	rq_confirm_name(struct rq *rq, const char **name, struct err *bad);
int	rq_confirm_answer(struct rq *rq, int rc, const char *name,
	    const struct err *bad);

/*
 * The chosen children of a limited role in a request body (h_users.c):
 * "customer_ids" (a partner account's customers) or "site_ids" (a company
 * console's sites), either null (the whole account) or a list of at most
 * max ids, not both. *given: one of them is there; *sites: it is
 * site_ids; *ids NULL for the whole account. Field errors go to rq->e.
 */
int	rq_children(struct rq *rq, json_t *body, size_t max, const char ***ids,
	    size_t *n, bool *sites, bool *given);

/* A page of the policies of the customer in the path (h_policies.c). */
int	reply_customer_policies(struct rq *rq, struct page *pg);

#endif
