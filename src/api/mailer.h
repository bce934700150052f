/*
 * mailer.h - the e-mail sender inside the server.
 *
 * The parent reads the SMTP settings that `stewardctl serve` passed in the
 * environment (STEWARD_SMTP_URL, STEWARD_MAIL_FROM, STEWARD_SMTP_RESOLVE)
 * and loads the trusted certificates into memory before the workers are
 * sandboxed. Every worker then runs a timer that delivers due messages
 * from the outbox (outbox.h); the outbox's leases make sure each message
 * is handled by one worker of one server at a time. Without an SMTP URL
 * no timer runs and messages wait in the outbox.
 *
 * Tunables (environment): STEWARD_MAIL_POLL_MS (how often a worker looks
 * for due messages, 5000), STEWARD_MAIL_RETRY_SECONDS (first delay after
 * a temporary failure, doubled each time up to an hour; 60),
 * STEWARD_SMTP_TIMEOUT (seconds for one delivery, 60),
 * STEWARD_SMTP_CA_FILE (PEM certificates to trust; the system bundle by
 * default).
 */
#ifndef STEWARD_MAILER_H
#define STEWARD_MAILER_H

#include <stdbool.h>

/* In the parent, before the workers start. Exits on a bad setting. */
void	mailer_parent_configure(void);
/* In each worker, once its database connection is being opened. */
void	mailer_worker_start(void);
/* Whether an SMTP server is configured. */
bool	mailer_configured(void);

#endif
