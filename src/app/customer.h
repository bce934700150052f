/*
 * customer.h - a partner's customers (SPEC section 3).
 *
 * Creating a customer is one transaction: the customer, its OMS record
 * (new, or the existing one it is created from), its policies or policy
 * assignments and any segment-discount application are all stored, or
 * none is. Two requests racing with one e-mail address yield one customer:
 * the OMS e-mail and the record's hub link are unique in the database.
 */
#ifndef STEWARD_CUSTOMER_H
#define STEWARD_CUSTOMER_H

#include <stdbool.h>
#include <stddef.h>

#include "app/import.h"
#include "store/store.h"

struct app;

#define CUSTOMER_CONTACT_MAX	100
#define CUSTOMER_COMPANY_MAX	200
#define CUSTOMER_STREET_MAX	200
#define CUSTOMER_CITY_MAX	100
#define CUSTOMER_GLOBAL_MAX	20	/* global policies in one request */

/* How the customer will be managed (the "management" object). */
struct management_input {
	const char	 *mode;			/* "global" | "local" */
	const char	**global_policy_ids;	/* mode global */
	size_t		  nglobal;
	const char	 *template;		/* mode local: a template... */
	const char	 *copy_customer_id;	/* ...or a policy to copy */
	const char	 *copy_policy_id;
	bool		  has_copy;
};

/* POST .../customers, already type-checked by the caller. */
struct customer_input {
	const char		*source;	/* "new" | "oms" */
	/* source "new" */
	const char		*email;
	const char		*contact_person;
	struct contact_details	 d;
	const char		*segment_discount;	/* NULL: no application */
	/* source "oms" */
	const char		*oms_record_id;
	struct management_input	 management;
};

/* A customer with what its page shows. */
struct customer_view {
	struct customer			 c;
	struct policy			*policies;	/* local and assigned */
	size_t				 npolicies;
	bool				 has_discount;
	struct discount_application	 discount;
};

/* Changes to a customer's details (NULL = unchanged). */
struct customer_patch {
	const char		*contact_person;
	struct contact_details	 d;
};

int	customer_create(struct app *app, const char *partner_id,
	    const struct customer_input *in, char **id);
int	customer_view(struct app *app, const char *partner_id, const char *id,
	    struct customer_view *out);
int	customer_update(struct app *app, const char *partner_id,
	    const char *id, const struct customer_patch *p);
/*
 * The order a list asks for: "name", "country" or "created", "-" in front
 * for the other way; NULL is "name". A field error on "sort" otherwise.
 * *nkeys is how many keys a cursor of that order has.
 */
int	customer_sort_parse(struct app *app, const char *s,
	    enum customer_sort *out, size_t *nkeys);
/*
 * A page of customers in the order `sort` (a customer-limited role sees
 * its customers only). q filters by company, e-mail, contact or phone
 * number (substring, any case; a number also as typed at home).
 */
int	customer_list(struct app *app, const char *partner_id, const char *q,
	    enum customer_sort sort, struct page *pg, struct customer **out,
	    size_t *n, long long *total);

/*
 * Import customers from CSV text (SPEC section 10, "Bulk onboarding"): a
 * header row naming customer_import_columns (any order; email through
 * country required, segment_discount and policy_template - workstation
 * or server, the local policy template, workstation when empty -
 * optional), then one customer per row. Each row is checked as
 * customer_create() checks a new customer, plus the file's own faults
 * (encoding, header, column counts, formula cells, e-mail addresses
 * repeated in the file or already in the OMS), every problem into
 * report. When any row has one, nothing is written (ST_INVALID, code
 * import_failed); with dry_run nothing is written either way. Otherwise
 * every customer is created in one transaction, each with the audit
 * entry and customer.created event of a single create, plus one audit
 * entry for the import. Whole-account admins only.
 */
extern const char *const customer_import_columns[];
int	customer_import(struct app *app, const char *partner_id,
	    const char *csv, size_t len, bool dry_run,
	    struct import_report *report);

#endif
