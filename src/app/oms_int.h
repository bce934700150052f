/*
 * oms_int.h - what adding one OMS record (oms.c) and importing many
 * (oms_import.c) share, so both check a record exactly the same way. Not
 * for other callers.
 */
#ifndef STEWARD_OMS_INT_H
#define STEWARD_OMS_INT_H

#include "app/oms.h"
#include "store/store_oms.h"

/* ST_OK when partner_id is a partner account, else ST_NOT_FOUND. */
int	oms_partner_exists(struct app *app, const char *partner_id);

/*
 * Validate one record's fields into r (strings in app->a), each problem
 * a field error in app->e. r is filled either way: a field that failed
 * is "" (so r->email_norm is the e-mail's comparison key when the e-mail
 * itself is valid).
 */
int	oms_record_check(struct app *app, const struct oms_record *in,
	    struct oms_record *r);

#endif
