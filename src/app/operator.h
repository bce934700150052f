/*
 * operator.h - what the installation's operator does besides reviewing
 * discounts (discount.h) and keeping the catalogue (subscription.h): list
 * partners, turn flexible billing on or off for them, and watch the
 * e-mail outbox.
 *
 * Only roles in the operator account get through (access.h:
 * operator_access(); ST_FORBIDDEN for everyone else, partner admins
 * included); an operator viewer may look but not change anything. Every
 * change is audited: billing changes in the partner's account (the
 * partner sees them), the outbox in the operator's.
 */
#ifndef STEWARD_OPERATOR_H
#define STEWARD_OPERATOR_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

struct app;

/* A page of the partner accounts. */
int	operator_partners(struct app *app, struct page *pg,
	    struct operator_partner **out, size_t *n);
/* One partner account. */
int	operator_partner(struct app *app, const char *partner_id,
	    struct operator_partner *out);
int	operator_partner_flexible(struct app *app, const char *partner_id,
	    bool on);
/*
 * Add a partner account and invite its first admin by e-mail (language:
 * of the e-mail, NULL for the operator's own), in one transaction: a bad
 * name or address writes nothing. Operator admins only.
 */
int	operator_partner_add(struct app *app, const char *name,
	    const char *admin_email, const char *language, char **partner_id,
	    struct invitation *inv);

/*
 * The outbox's counts and a page of the messages not sent (failed first,
 * then the newest); a message being sent is shown as waiting.
 */
int	operator_outbox(struct app *app, struct page *pg,
	    struct mail_counts *counts, struct mail_message **out, size_t *n);
/* Queue a failed message again. */
int	operator_outbox_retry(struct app *app, const char *message_id);

/*
 * The installation's operator account, made on first use (by the command
 * line: stewardctl acts as the operator).
 */
int	operator_account_ensure(struct app *app, const char **operator_id);

/*
 * stewardctl operator add: give a login (created when the e-mail is new)
 * a role in the operator account, which is created on first use.
 */
int	operator_login_add(struct app *app, const char *email,
	    const char *password, const char *name, const char *language,
	    const char *role, char **login_id, bool *existed);

#endif
