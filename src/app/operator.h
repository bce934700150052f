/*
 * operator.h - what the installation's operator does (SPEC sections 1, 5,
 * 6): review segment-discount applications, keep the segment rates, turn
 * flexible billing on or off for partners, and watch the e-mail outbox.
 *
 * operator_access() is the one permission check for all of it: only a
 * login with a role in the operator account gets through (ST_FORBIDDEN
 * for everyone else, partner admins included); an operator viewer may
 * look but not change anything. Every change is audited: decisions and
 * billing changes in the partner's account (the partner sees them),
 * rates in the operator's.
 */
#ifndef STEWARD_OPERATOR_H
#define STEWARD_OPERATOR_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

struct app;

#define DISCOUNT_NOTE_MAX	1000
#define OPERATOR_QUEUE_MAX	500

/* The operator account the acting login may act in (write: as admin). */
int	operator_access(struct app *app, bool write, const char **operator_id);

/*
 * Applications of every partner by due date; status "pending",
 * "approved", "rejected" or NULL/"all" for every one (field "status"
 * otherwise).
 */
int	discount_queue(struct app *app, const char *status,
	    struct discount_review **out, size_t *n);
int	discount_review(struct app *app, const char *id,
	    struct discount_review *out);
/*
 * Decide ("approve" | "reject") a pending application, with an optional
 * note (at most DISCOUNT_NOTE_MAX characters, line breaks allowed). The
 * decision, its audit record and the e-mail to the partner's admins are
 * one transaction. ST_CONFLICT (code "already_decided") when it has been
 * decided already.
 */
int	discount_decide(struct app *app, const char *id, const char *decision,
	    const char *note);

int	segment_rates_list(struct app *app, struct segment_rate **out,
	    size_t *n);
/* Set a segment's percentage (0-100), used by later approvals. */
int	segment_rate_set(struct app *app, const char *segment,
	    long long percent);

int	operator_partners(struct app *app, struct operator_partner **out,
	    size_t *n);
int	operator_partner_flexible(struct app *app, const char *partner_id,
	    bool on);

int	operator_outbox(struct app *app, struct mail_counts *counts,
	    struct mail_message **out, size_t *n);
/* Queue a failed message again. */
int	operator_outbox_retry(struct app *app, const char *message_id);

/*
 * stewardctl operator add: give a login (created when the e-mail is new)
 * a role in the operator account, which is created on first use.
 */
int	operator_login_add(struct app *app, const char *email,
	    const char *password, const char *name, const char *language,
	    const char *role, char **login_id, bool *existed);

#endif
