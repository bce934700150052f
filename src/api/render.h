/*
 * render.h - JSON shapes of Steward's objects, shared by the handlers.
 */
#ifndef STEWARD_RENDER_H
#define STEWARD_RENDER_H

#include "core/json.h"
#include "core/msg.h"
#include "store/store.h"

/* {"id", "email", "name", "language", "time_zone"} */
/* "country" (ISO code) and "country_name" in lang. */
void	render_country(struct jw *w, const char *code, enum lang lang);
void	render_user(struct jw *w, const struct login *l);
/*
 * {"id", "kind", "name", "role", "scope", "created_at"} (role and scope
 * may be NULL: left out). scope "customers": the role covers chosen
 * customers only; in a company console it is "sites".
 */
void	render_account(struct jw *w, const struct account *a,
	    const char *role, const char *scope);
/*
 * What a limited role covers: "customer_ids" (null for the whole account)
 * and, in a company console (sites true), "customer_ids" null and
 * "site_ids" (null for the whole account) instead.
 */
void	render_children(struct jw *w, bool sites, bool limited,
	    const char *const *ids, size_t n);

struct customer;
struct customer_view;
struct oms_record;

/* A customer as listed (no policies). */
void	render_customer_summary(struct jw *w, const struct customer *c,
	    enum lang lang);
/* A customer with its policies and segment-discount application. */
void	render_customer_view(struct jw *w, const struct customer_view *v,
	    enum lang lang);
/* An OMS record as its own partner sees it. */
void	render_oms_record(struct jw *w, const struct oms_record *r);

struct arena;
struct service;
struct sub_view;

/* A catalogue service (its price as decimal text from a). */
void	render_service(struct jw *w, struct arena *a, const struct service *s);
/* A customer's subscription to one service; with_customer adds whose. */
void	render_subscription(struct jw *w, struct arena *a,
	    const struct sub_view *v, bool with_customer);

#endif
