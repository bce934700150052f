/*
 * oms.h - the Order Management System's customer records.
 *
 * The OMS is the operator's commercial system of record. Every hub
 * customer is linked to one OMS record; records also arrive from outside
 * the hub (stewardctl oms add / import). An e-mail address appears at most
 * once in the whole OMS, compared case-insensitively.
 */
#ifndef STEWARD_OMS_H
#define STEWARD_OMS_H

#include "store/store.h"

struct app;

/* The fixed industry keys (SPEC section 11), NULL-terminated. */
extern const char *const industry_keys[];

#define OMS_NAME_MAX		100
#define OMS_COMPANY_MAX		200
#define OMS_STREET_MAX		200
#define OMS_CITY_MAX		100
#define OMS_POSTAL_MAX		20
#define OMS_PHONE_MAX		40
#define OMS_WEBSITE_MAX		253

/*
 * Validate and store a record for partner_id. Fields of `in` other than
 * type and email may be NULL or empty. ST_CONFLICT when the e-mail is
 * already in the OMS.
 */
int	oms_record_add(struct app *app, const char *partner_id,
	    const struct oms_record *in, char **id);

#endif
