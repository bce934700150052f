/*
 * oms.h - the Order Management System's customer records.
 *
 * The OMS is the operator's commercial system of record. Every hub
 * customer is linked to one OMS record; records also arrive from outside
 * the hub (stewardctl oms add / import). An e-mail address appears at most
 * once in the whole OMS, compared case-insensitively. A partner only ever
 * sees its own records: asking about another partner's e-mail address
 * answers "unavailable" and nothing more.
 */
#ifndef STEWARD_OMS_H
#define STEWARD_OMS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/import.h"
#include "store/store.h"
#include "store/store_oms.h"

struct app;
struct csv;

/* The fixed industry keys (SPEC section 11), NULL-terminated. */
extern const char *const industry_keys[];

#define OMS_NAME_MAX		100
#define OMS_FIND_MAX		100	/* characters in a search */

/*
 * Validate and store a record for partner_id. Fields other than type and
 * e-mail may be absent (records outside the hub may be incomplete), but
 * those present must be valid. ST_CONFLICT when the e-mail is already in
 * the OMS.
 */
int	oms_record_add(struct app *app, const char *partner_id,
	    const struct oms_record *in, char **id);

enum oms_email_status { OMS_FREE, OMS_OWN_RECORD, OMS_UNAVAILABLE };

/* Whether email can be used for a new customer of partner_id. */
int	oms_email_check(struct app *app, const char *partner_id,
	    const char *email, enum oms_email_status *status,
	    struct oms_record *record);

/* A page of the partner's eligible records matching find, and how many
 * match (more than *total when *lower); see store_oms_search
 * (oms_search.c). */
int	oms_find(struct app *app, const char *partner_id, const char *find,
	    struct page *pg, struct oms_record **out, size_t *n,
	    long long *total, bool *lower);

/*
 * The blocks a search for a term with many matches reads (store.h,
 * "The blocks a dense search reads its page from"). The background
 * process keeps them: each oms_blocks_upkeep() call does one short step
 * (a transaction): the next blocks of a generation being built, else part
 * of a replaced generation dropped, else a look at the partners whose
 * records changed since the last look, starting a generation for those
 * that need one. *more: call again at once. u carries what the process
 * looked at last (zeroed at its start).
 */
struct oms_upkeep {
	long long	since;
};
int	oms_blocks_upkeep(struct app *app, struct oms_upkeep *u, bool *more);
/* Build partner_id's blocks now, whatever its size (stewardctl oms
 * index); *blocks: how many it has then. */
int	oms_blocks_build(struct app *app, const char *partner_id,
	    long long *blocks);

/*
 * Import records from a CSV file (header row with columns type, email,
 * first_name, last_name, company, industry, website, phone, street,
 * postal_code, city, country; any order, unknown columns refused), read
 * from c (csv_init or csv_init_fd) once, a batch of rows at a time: memory
 * does not grow with the file. Every row is checked first, including
 * e-mail addresses repeated in the file or already in the OMS, with the
 * checked rows staged on disk by the store (store_oms_stage_*); when any
 * row has a problem nothing is written (ST_INVALID, the problems in
 * report by line). With dry_run nothing is written either way. Otherwise
 * every record is written in one transaction. progress (may be NULL) is
 * told how far the import has got after every batch.
 */
int	oms_import(struct app *app, const char *partner_id, struct csv *c,
	    bool dry_run, import_progress_fn *progress, void *arg,
	    struct import_report *report);

#endif
