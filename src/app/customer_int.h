/*
 * customer_int.h - the parts of creating a customer that the single
 * create (customer.c) and the CSV import (customer_import.c) share, so
 * both check and write a customer exactly the same way. Not for other
 * callers.
 */
#ifndef STEWARD_CUSTOMER_INT_H
#define STEWARD_CUSTOMER_INT_H

#include "app/customer.h"
#include "app/details.h"
#include "app/webhook.h"
#include "store/store_policy.h"

/*
 * The management choice, checked against this partner's policies before
 * anything is written. On success the policies to assign or copy are in
 * globals[]/copy (in app->a).
 */
struct management_plan {
	const char	*mode;
	struct policy	*globals;
	size_t		 nglobals;
	struct policy	 copy;		/* mode local, copying */
	const char	*template;	/* mode local, from a template */
};

/* Check m (field errors under management.*) into plan. */
int	management_check(struct app *app, const char *partner_id,
	    const struct management_input *m, struct management_plan *plan);

/* A new customer (source "new"), checked and normalised (in app->a). */
struct customer_new {
	struct details		 d;
	struct management_plan	 plan;
	const char		*segment_discount;	/* NULL: none */
};

/*
 * Check the source "new" fields of in and its management: a field error
 * (under the request's field names) in app->e for each problem. Reads
 * policies only; does not look at the OMS.
 */
int	customer_new_check(struct app *app, const char *partner_id,
	    const struct customer_input *in, struct customer_new *out);

/*
 * What the customers of one bulk write share (customer_import.c): the
 * partner's webhooks, read once. Their addresses were looked up in the
 * OMS just before, so each is written without looking again: an address
 * taken since fails the write with a bare ST_CONFLICT.
 */
struct customer_bulk {
	struct webhook_set	 hooks;
};

/*
 * Write a checked new customer inside the caller's transaction: its new
 * OMS record, the customer, its policies, a discount application, the
 * audit entry and the customer.created webhook event. ST_CONFLICT (field
 * "email", code oms_record_exists or email_unavailable) when the address
 * is already in the OMS. bulk is NULL but for an import. *id is in
 * app->a.
 */
int	customer_new_write(struct app *app, const char *partner_id,
	    const struct customer_new *n, const struct customer_bulk *bulk,
	    char **id);

#endif
