/*
 * outbox.h - the sender: delivers what the outbox holds over SMTP.
 *
 * outbox_run() claims due messages (store_mail_claim(): each message is
 * held by one sender at a time, whichever worker or server runs it),
 * writes each as a MIME message (mime.h) and hands it to the SMTP server
 * (smtp.h). Then, as the lease holder:
 *   sent           recorded at once; the message is never sent again;
 *   temporary      (4xx, no connection, timeout) due again after a delay
 *                  that doubles with each attempt, from retry_s up to an
 *                  hour, for as long as it takes: nothing is dropped;
 *   permanent      (5xx) recorded as failed, with the server's reply, for
 *                  the operator, who may queue it again.
 * A sender that dies mid-delivery leaves its lease to run out
 * (OUTBOX_LEASE_S, longer than any delivery may take); the message is
 * then claimed again. Only a crash between the SMTP server's acceptance
 * and the store's record can thus repeat a message.
 */
#ifndef STEWARD_OUTBOX_H
#define STEWARD_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "core/mime.h"
#include "core/smtp.h"

struct buf;
struct err;
struct mail_message;
struct store;

#define OUTBOX_LEASE_S		300
#define OUTBOX_RETRY_MAX_S	3600

struct outbox_config {
	struct smtp_config	smtp;
	struct mailbox		from;		/* --mail-from */
	int64_t			retry_s;	/* first retry delay */
};

struct outbox_stats {
	size_t	claimed, sent, retried, failed;
};

/* Delay before attempt number attempts + 1, after a temporary failure. */
int64_t	outbox_backoff(int64_t retry_s, long long attempts);

/*
 * Deliver up to max due messages at now. ST_OK unless the store failed
 * (a delivery problem is the message's outcome, not an error).
 */
int	outbox_run(struct store *st, const struct outbox_config *cfg,
	    int64_t now, size_t max, struct outbox_stats *stats,
	    struct err *e);

/* The message as it goes out (date: now), in b. */
void	outbox_render(const struct outbox_config *cfg,
	    const struct mail_message *m, int64_t now, struct buf *b);

#endif
