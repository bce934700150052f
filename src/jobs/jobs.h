/*
 * jobs.h - the background process: the work no request may wait for.
 *
 * `stewardctl serve` starts one beside Kore's workers (and `stewardctl
 * jobs` runs one on its own). It has its own database connections (one
 * per lane, below) and does, on its own clock:
 *   e-mail       deliver due messages from the outbox over SMTP (every
 *                STEWARD_MAIL_POLL_MS, 5000; at once again while there
 *                are more), when an SMTP server is configured;
 *   webhooks     deliver due webhook deliveries (every second, at once
 *                again while there are more);
 *   daily jobs   the subscription job (expiry, "ending" and "ended"
 *                events), asked every five minutes, run once per UTC day;
 *   deletion     purge deleted customers, sites and accounts past their
 *                30 days, and cancel the subscriptions deleted records
 *                still run (records deleted by older versions), with the
 *                alert sweep (two seconds after start, then every
 *                minute);
 *   search blocks build partners' OMS search blocks and drop replaced
 *                ones (every ten seconds, at once again while there is
 *                more);
 *   search index index the OMS records that wait for SQLite's search
 *                indexes, in batches (every quarter second, every 10 ms
 *                while more wait; store_oms_index_step()), and merge
 *                what writers leave of the OMS records' search
 *                indexes: SQLite's segments, PostgreSQL's pending lists
 *                (every second, every 10 ms while there is more;
 *                store_oms_search_merge());
 *   housekeeping forget ended sessions, rate-limit windows and old
 *                idempotency keys (every fifteen minutes).
 * Request workers never wait for any of it, and it runs below them for
 * the CPU (nice 10, lanes included). Sending runs in lanes, each a
 * thread with its own database connection: e-mail in one, webhook
 * deliveries in another, everything else (daily jobs, alert sweeps and
 * notices, purges, housekeeping, checkpoints) in the process's main
 * thread. An SMTP server or a webhook receiver that accepts a connection
 * and never answers holds up only its own lane.
 *
 * Several servers on one database each run one: the outbox's leases give
 * each message to one sender, and a claim in job_runs gives each day's job
 * to one runner, so every job is done once.
 *
 * The process stops on SIGTERM or SIGINT (a delivery in progress is given
 * up and retried later; a lane still sending after LANE_JOIN_MS ends the
 * process at once rather than outlive jobs_run's frame) and reconnects to
 * the database when it is lost.
 */
#ifndef STEWARD_JOBS_H
#define STEWARD_JOBS_H

#include <stdbool.h>

#include "app/app.h"

struct jobs_config {
	const char		*db_url;	/* as opened from root */
	const char		*root;		/* confine to (chroot as root,
						 * else chdir); NULL: stay */
	const char		*user;		/* run as, when started as root */
	const char		*name;		/* for the logs and job claims */
	struct app_config	 app;
};

/*
 * Read the e-mail settings from the environment (STEWARD_SMTP_URL,
 * STEWARD_MAIL_FROM, STEWARD_SMTP_RESOLVE, STEWARD_SMTP_TIMEOUT,
 * STEWARD_SMTP_CA_FILE, STEWARD_MAIL_RETRY_SECONDS, STEWARD_MAIL_POLL_MS)
 * before the process confines itself. false with a reason in why when a
 * setting is unusable; *configured says whether e-mail will be sent.
 */
bool	jobs_mail_setup(bool *configured, char *why, size_t whylen);

/* Run until asked to stop; the process's exit status. */
int	jobs_run(const struct jobs_config *c);

#endif
