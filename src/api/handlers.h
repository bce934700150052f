/*
 * handlers.h - the request handlers named in routes.h.
 *
 * Each takes the request and either answers and returns ST_OK, or returns
 * an ST_* status with rq->e set (see http.h).
 */
#ifndef STEWARD_HANDLERS_H
#define STEWARD_HANDLERS_H

struct rq;

#define HANDLER_DECL(m, p, fn, fl)	int fn(struct rq *);
#include "api/routes.h"
STEWARD_ROUTES(HANDLER_DECL)
#undef HANDLER_DECL

struct page;

/*
 * The {"confirm_name"} body of a deletion (h_deletion.c): *name, or an
 * error naming confirm_name (the body missing or not JSON included).
 */
int	rq_confirm_name(struct rq *rq, const char **name);

/* A page of the policies of the customer in the path (h_policies.c). */
int	reply_customer_policies(struct rq *rq, struct page *pg);

#endif
