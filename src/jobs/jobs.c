/*
 * jobs.c - the background process's loop; see jobs.h.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <curl/curl.h>
#include <errno.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/alert.h"
#include "app/app.h"
#include "app/deletion.h"
#include "app/oms.h"
#include "app/outbox.h"
#include "app/principal.h"
#include "app/subscription.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "jobs/jobs.h"
#include "jobs/jobs_int.h"
#include "store/store.h"

/* Messages sent before looking at the other jobs again. */
#define MAIL_BATCH		10
#define DAILY_FIRST_MS		(2 * 1000)
#define DAILY_EVERY_MS		(5 * 60 * 1000)
#define HOUSEKEEPING_MS		(15 * 60 * 1000)
#define SWEEP_FIRST_MS		(2 * 1000)
#define SWEEP_EVERY_MS		(60 * 1000)
#define NOTIFY_EVERY_MS		(2 * 1000)
#define HOOKS_EVERY_MS		(1000)
#define HOOKS_BATCH		10
#define CHECKPOINT_MS		1000
#define OMS_BLOCKS_EVERY_MS	(10 * 1000)
/*
 * Merging the record search indexes: pages a step writes into each, steps
 * a turn, and how soon the next turn comes while there is more. A step
 * holds the write lock that creations wait for: at a million records one
 * of 128 pages took 8-56 ms, one of 32 10-20 ms in the bursts of merging
 * that follow every few thousand creations, where most slow creations
 * were; with 16, runs of 6,000 creations had p99 17-20 ms against 20-28
 * (bench/README.md).
 */
#define SEARCH_MERGE_PAGES	16
#define SEARCH_MERGE_STEPS	1
#define SEARCH_MERGE_MS		1000
#define SEARCH_MERGE_MORE_MS	10
#define SEARCH_MERGE_FAILED_MS	(60 * 1000)
/*
 * SQLite: how often the records waiting for the search indexes are
 * indexed (OMS_INDEX_BATCH at a time, at once again while more wait). A
 * search tests the waiting records on their own; at a thousand creations
 * a second this keeps them to a few hundred, each batch one segment an
 * index instead of one a commit (migration 0041).
 */
#define SEARCH_INDEX_MS		250
/* After a failure (the write lock not had, say): soon, since writers
 * index the records themselves once too many wait. */
#define SEARCH_INDEX_FAILED_MS	(5 * 1000)
#define RECONNECT_MS		1000
/* The background process's nice value (see jobs_run()). */
#define JOBS_NICE		10
/* How often a lane that is waiting looks whether the process is stopping. */
#define DOZE_MS			100
/* How long a stopping process waits for a lane in the middle of a delivery
 * (given up after that: its lease lets the next run send it again). */
#define LANE_JOIN_MS		2000

struct jobs_mail	 jobs_mail;

/*
 * A lane: one kind of sending on its own thread and database connection,
 * so that an SMTP server or a webhook receiver that never answers holds up
 * only its own kind of work, never the e-mail of the other, the alert
 * sweeps or the daily jobs.
 */
struct lane {
	const char		*name;
	const struct jobs_config *c;
	bool			(*run)(struct store *, const struct jobs_config *);
	long			 every_ms;
	pthread_t		 thread;
	atomic_bool		 done;
	bool			 started;
};

static sigset_t		 stop_signals;
static atomic_bool	 stop;
static _Thread_local bool lost;		/* this thread's database went away */

bool
jobs_stopping(void)
{
	sigset_t	pending;
	int		sig;

	if (atomic_load(&stop))
		return (true);
	if (sigpending(&pending) != 0)
		return (false);
	for (sig = 1; sig < NSIG; sig++)
		if (sigismember(&stop_signals, sig) &&
		    sigismember(&pending, sig))
			return (true);
	return (false);
}

/* Chroot (as root) or change into the root, then drop privileges. */
static int
confine(const struct jobs_config *c)
{
	struct passwd	*pw = NULL;

	if (c->root == NULL)
		return (0);
	if (geteuid() != 0) {
		if (chdir(c->root) != 0) {
			log_msg(LV_ERROR, "jobs.start", "chdir %s: %s",
			    c->root, strerror(errno));
			return (-1);
		}
		return (0);
	}
	if (c->user != NULL && (pw = getpwnam(c->user)) == NULL) {
		log_msg(LV_ERROR, "jobs.start", "no user %s", c->user);
		return (-1);
	}
	if (chroot(c->root) != 0 || chdir("/") != 0) {
		log_msg(LV_ERROR, "jobs.start", "chroot %s: %s", c->root,
		    strerror(errno));
		return (-1);
	}
	if (pw != NULL && (setgroups(1, &pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)) {
		log_msg(LV_ERROR, "jobs.start", "cannot become %s: %s",
		    c->user, strerror(errno));
		return (-1);
	}
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return (0);
}

static struct store *
open_store(const struct jobs_config *c)
{
	struct store	*st;
	struct err	 e;

	err_clear(&e);
	if (store_open(c->db_url, false, &st, &e) != ST_OK) {
		log_msg(LV_ERROR, "db.connect", "background process cannot "
		    "open the database: %s", e.internal);
		return (NULL);
	}
	log_msg(LV_INFO, "db.connect", "background process connected (%s)",
	    store_engine(st));
	return (st);
}

/* Log a failed job; a lost database is reopened before the next one. */
static void
report(const char *what, const struct err *e)
{
	log_msg(LV_WARN, what, "%s", e->internal[0] != '\0' ? e->internal :
	    e->code);
	if (e->status == ST_UNAVAILABLE)
		lost = true;
}

/* Deliver due messages; true when a whole batch went (look again soon). */
static bool
run_mail(struct store *st, const struct jobs_config *c)
{
	struct outbox_stats	stats;
	struct err		e;

	err_clear(&e);
	memset(&stats, 0, sizeof(stats));
	if (outbox_run(st, &jobs_mail.cfg, clock_now(), MAIL_BATCH, &stats,
	    &e) != ST_OK)
		report("mail.outbox", &e);
	(void)c;
	store_tx_abandon(st);
	return (stats.claimed == MAIL_BATCH && !jobs_stopping());
}

/* A job's app: the system acting now, with a fresh arena and error. */
static void
job_app(struct app *app, struct store *st, const struct jobs_config *c,
    struct arena *a, struct err *e, struct principal *who)
{
	arena_init(a, 0);
	err_clear(e);
	principal_system(who, "system");
	memset(app, 0, sizeof(*app));
	app->st = st;
	app->a = a;
	app->e = e;
	app->who = who;
	app->cfg = &c->app;
	app->now = clock_now();
}

static void
run_daily(struct store *st, const struct jobs_config *c)
{
	struct principal	who;
	struct arena		a;
	struct err		e;
	struct app		app;
	size_t			expired, events;
	bool			ran;

	job_app(&app, st, c, &a, &e, &who);
	if (sub_daily(&app, c->name, &ran, &expired, &events) != ST_OK)
		report("jobs.daily", &e);
	else if (ran)
		log_msg(LV_INFO, "jobs.daily", "subscriptions: %zu expired, "
		    "%zu events (%s)", expired, events, c->name);
	store_tx_abandon(st);
	arena_free(&a);
}

/* Devices past a threshold, mutes that ended, alerts past keeping. */
static void
run_sweep(struct store *st, const struct jobs_config *c)
{
	struct alert_sweep_stats	 stats;
	struct principal		 who;
	struct arena			 a;
	struct err			 e;
	struct app			 app;

	job_app(&app, st, c, &a, &e, &who);
	if (alert_sweep(&app, &stats) != ST_OK)
		report("jobs.sweep", &e);
	else if (stats.status_changes + stats.mutes_ended + stats.purged > 0)
		log_msg(LV_INFO, "jobs.sweep", "devices: %zu status changes; "
		    "mutes ended: %zu; alerts purged: %zu", stats.status_changes,
		    stats.mutes_ended, stats.purged);
	store_tx_abandon(st);
	arena_free(&a);
}

/* Deleted customers, sites and accounts past their 30 days: purged. */
static void
run_purge(struct store *st, const struct jobs_config *c)
{
	struct deletion_purge_stats	 stats;
	struct principal		 who;
	struct arena			 a;
	struct err			 e;
	struct app			 app;

	job_app(&app, st, c, &a, &e, &who);
	if (deletion_purge_run(&app, &stats) != ST_OK)
		report("jobs.purge", &e);
	else if (stats.customers + stats.sites + stats.accounts > 0)
		log_msg(LV_INFO, "jobs.purge", "purged: %zu customer(s), %zu "
		    "site(s), %zu account(s)", stats.customers, stats.sites,
		    stats.accounts);
	store_tx_abandon(st);
	arena_free(&a);
}

/* Running subscriptions of deleted records (deleted by older versions):
 * cancelled as deletion cancels them now. */
static void
run_deleted_subs(struct store *st, const struct jobs_config *c)
{
	struct deletion_subs_stats	 stats;
	struct principal		 who;
	struct arena			 a;
	struct err			 e;
	struct app			 app;

	job_app(&app, st, c, &a, &e, &who);
	if (deletion_subs_run(&app, &stats) != ST_OK)
		report("jobs.deleted_subs", &e);
	else if (stats.subs > 0)
		log_msg(LV_INFO, "jobs.deleted_subs", "subscriptions of deleted "
		    "records: %zu cancelled, of %zu record(s)", stats.subs,
		    stats.records);
	store_tx_abandon(st);
	arena_free(&a);
}

/* E-mail notices of new alerts; summaries and digests with the sweep. */
static void
run_notify(struct store *st, const struct jobs_config *c, bool flush)
{
	struct alert_notify_stats	 stats;
	struct principal		 who;
	struct arena			 a;
	struct err			 e;
	struct app			 app;

	job_app(&app, st, c, &a, &e, &who);
	if (alert_notify_run(&app, flush, &stats) != ST_OK)
		report("jobs.notify", &e);
	else if (stats.messages > 0)
		log_msg(LV_INFO, "jobs.notify", "alerts: %zu announced in %zu "
		    "message(s)", stats.alerts, stats.messages);
	store_tx_abandon(st);
	arena_free(&a);
}

/* Webhook deliveries that are due; true when there may be more. */
static bool
run_hooks(struct store *st, const struct jobs_config *c)
{
	struct webhook_send_stats	 stats;
	struct principal		 who;
	struct arena			 a;
	struct err			 e;
	struct app			 app;

	job_app(&app, st, c, &a, &e, &who);
	if (webhook_send_run(&app, &jobs_hooks.cfg, c->name, HOOKS_BATCH,
	    &stats) != ST_OK)
		report("jobs.webhooks", &e);
	else if (stats.claimed > 0)
		log_msg(LV_INFO, "jobs.webhooks", "%zu delivered, %zu to retry, "
		    "%zu failed", stats.delivered, stats.retried, stats.failed);
	store_tx_abandon(st);
	arena_free(&a);
	return (stats.claimed == HOOKS_BATCH && !jobs_stopping());
}

/* The search blocks of partners whose OMS records changed: one step;
 * true when there is more to do at once. */
static bool
run_oms_blocks(struct store *st, const struct jobs_config *c)
{
	static struct oms_upkeep	 upkeep;
	struct principal		 who;
	struct arena			 a;
	struct err			 e;
	struct app			 app;
	bool				 more = false;

	job_app(&app, st, c, &a, &e, &who);
	if (oms_blocks_upkeep(&app, &upkeep, &more) != ST_OK) {
		report("jobs.oms_blocks", &e);
		more = false;
	}
	store_tx_abandon(st);
	arena_free(&a);
	return (more && !jobs_stopping());
}

/* Index the records waiting for the search indexes (SQLite,
 * store_oms_index_step()); the milliseconds until the next turn. */
static int64_t
run_search_index(struct store *st)
{
	struct err	e;
	bool		left;

	err_clear(&e);
	if (store_oms_index_step(st, &left, &e) != ST_OK) {
		report("jobs.search_index", &e);
		store_tx_abandon(st);
		return (SEARCH_INDEX_FAILED_MS);
	}
	return (left ? SEARCH_MERGE_MORE_MS : SEARCH_INDEX_MS);
}

/* Merge what writers leave of the records' search indexes (see
 * store_oms_search_merge()); the milliseconds until the next turn: soon
 * while there is more, a minute after a failure (a database role that may
 * not merge an index it does not own would otherwise log every second). */
static int64_t
run_search_merge(struct store *st)
{
	struct err	e;
	bool		more = true;
	int		i;

	err_clear(&e);
	for (i = 0; more && i < SEARCH_MERGE_STEPS && !jobs_stopping(); i++)
		if (store_oms_search_merge(st, SEARCH_MERGE_PAGES, &more,
		    &e) != ST_OK) {
			report("jobs.search_merge", &e);
			store_tx_abandon(st);
			return (SEARCH_MERGE_FAILED_MS);
		}
	store_tx_abandon(st);
	return (more ? SEARCH_MERGE_MORE_MS : SEARCH_MERGE_MS);
}

static void
run_housekeeping(struct store *st)
{
	struct err	e;

	err_clear(&e);
	if (store_purge_expired(st, clock_now(), &e) != ST_OK)
		report("housekeeping", &e);
	store_tx_abandon(st);
}

/* Sleep until deadline (monotonic ms) unless asked to stop. */
static void
nap(int64_t deadline)
{
	struct timespec	ts;
	int64_t		ms;

	ms = deadline - clock_mono_ms();
	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	if (sigtimedwait(&stop_signals, NULL, &ts) > 0)
		atomic_store(&stop, true);
}

/* A lane's sleep: until deadline, in short steps that notice a stop. */
static void
doze(int64_t deadline)
{
	struct timespec	ts;
	int64_t		ms;

	while (!jobs_stopping() && (ms = deadline - clock_mono_ms()) > 0) {
		if (ms > DOZE_MS)
			ms = DOZE_MS;
		ts.tv_sec = 0;
		ts.tv_nsec = ms * 1000000;
		nanosleep(&ts, NULL);
	}
}

static void *
lane_main(void *arg)
{
	struct lane	*l = arg;
	struct store	*st = NULL;
	int64_t		 now, next = 0;
	bool		 more;

	while (!jobs_stopping()) {
		now = clock_mono_ms();
		if (now < next) {
			doze(next);
			continue;
		}
		if (st == NULL && (st = open_store(l->c)) == NULL) {
			next = now + RECONNECT_MS;
			continue;
		}
		more = l->run(st, l->c);
		if (lost) {
			store_close(st);
			st = NULL;
			lost = false;
			next = now + RECONNECT_MS;
			continue;
		}
		next = more ? now : now + l->every_ms;
	}
	store_close(st);
	atomic_store(&l->done, true);
	return (NULL);
}

static void
lane_start(struct lane *l)
{
	int	rc;

	atomic_store(&l->done, false);
	if ((rc = pthread_create(&l->thread, NULL, lane_main, l)) != 0) {
		log_msg(LV_ERROR, "jobs.start", "cannot start the %s lane: %s",
		    l->name, strerror(rc));
		return;
	}
	l->started = true;
}

/* Wait a little for a lane to finish what it is sending, then leave it
 * (false: it still runs). */
static bool
lane_stop(struct lane *l)
{
	struct timespec	ts = { 0, 10 * 1000000 };
	int64_t		deadline = clock_mono_ms() + LANE_JOIN_MS;

	if (!l->started)
		return (true);
	while (!atomic_load(&l->done) && clock_mono_ms() < deadline)
		nanosleep(&ts, NULL);
	if (atomic_load(&l->done)) {
		pthread_join(l->thread, NULL);
		return (true);
	}
	log_msg(LV_WARN, "jobs.stop", "the %s lane is still sending; "
	    "given up (it is sent again later)", l->name);
	return (false);
}

static int64_t
earliest(int64_t a, int64_t b)
{
	return (a < b ? a : b);
}

int
jobs_run(const struct jobs_config *c)
{
	struct lane	 mail = { .name = "e-mail", .c = c, .run = run_mail };
	struct lane	 hooks = { .name = "webhook", .c = c, .run = run_hooks,
			    .every_ms = HOOKS_EVERY_MS };
	struct store	*st = NULL;
	int64_t		 now, next_daily, next_house, next_try;
	int64_t		 next_sweep, next_notify, next_ckpt, next_blocks;
	int64_t		 next_merge, next_index;
	bool		 left;

	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGHUP);
	/* Blocked here, so in every lane too: only this thread takes them. */
	sigprocmask(SIG_BLOCK, &stop_signals, NULL);
	(void)prctl(PR_SET_NAME, "steward-jobs", 0, 0, 0);
	/* Once, before any thread may use libcurl. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		log_msg(LV_ERROR, "jobs.start", "libcurl could not be "
		    "initialised");
		return (1);
	}
	jobs_hooks_setup();
	/*
	 * Below the request workers for the CPU: everything here can wait,
	 * and on two cores a search block rebuild at full speed took the
	 * core the workers and their clients share (20,000 creations at a
	 * million records, builds in turns: p99 median 23.6 ms before, 20.0
	 * with this and 16-page merge steps; bench/README.md). Lanes
	 * started below inherit it.
	 */
	if (setpriority(PRIO_PROCESS, 0, JOBS_NICE) != 0)
		log_msg(LV_WARN, "jobs.start", "could not lower the background "
		    "process's priority: %s", strerror(errno));
	if (confine(c) != 0)
		return (1);

	now = clock_mono_ms();
	next_daily = now + DAILY_FIRST_MS;
	next_house = now + HOUSEKEEPING_MS;
	next_sweep = now + SWEEP_FIRST_MS;
	next_notify = now + SWEEP_FIRST_MS;
	next_ckpt = now + CHECKPOINT_MS;
	next_blocks = now + SWEEP_FIRST_MS;
	next_merge = now + SEARCH_MERGE_MS;
	next_index = now;
	next_try = now;
	log_msg(LV_INFO, "jobs.start", "background process %s started "
	    "(e-mail %s)", c->name, jobs_mail.configured ? "on" : "off");
	if (jobs_mail.configured) {
		mail.every_ms = jobs_mail.poll_ms;
		lane_start(&mail);
	}
	lane_start(&hooks);
	while (!jobs_stopping()) {
		now = clock_mono_ms();
		if (st == NULL) {
			if (now < next_try) {
				nap(next_try);
				continue;
			}
			if ((st = open_store(c)) == NULL) {
				next_try = now + RECONNECT_MS;
				continue;
			}
		}
		if (now >= next_daily) {
			run_daily(st, c);
			next_daily = now + DAILY_EVERY_MS;
		}
		if (now >= next_sweep) {
			run_sweep(st, c);
			run_purge(st, c);
			run_deleted_subs(st, c);
			run_notify(st, c, true);
			next_sweep = now + SWEEP_EVERY_MS;
			next_notify = now + NOTIFY_EVERY_MS;
		} else if (now >= next_notify) {
			run_notify(st, c, false);
			next_notify = now + NOTIFY_EVERY_MS;
		}
		if (now >= next_blocks)
			next_blocks = run_oms_blocks(st, c) ? now :
			    now + OMS_BLOCKS_EVERY_MS;
		if (now >= next_index)
			next_index = now + run_search_index(st);
		if (now >= next_merge)
			next_merge = now + run_search_merge(st);
		if (now >= next_ckpt) {
			struct err	ce;

			err_clear(&ce);
			if (store_checkpoint(st, &ce) != ST_OK)
				report("jobs.checkpoint", &ce);
			next_ckpt = now + CHECKPOINT_MS;
		}
		if (now >= next_house) {
			run_housekeeping(st);
			next_house = now + HOUSEKEEPING_MS;
		}
		if (lost) {
			store_close(st);
			st = NULL;
			lost = false;
			next_try = now + RECONNECT_MS;
			continue;
		}
		nap(earliest(earliest(next_daily, next_sweep),
		    earliest(earliest(next_notify, next_blocks),
		    earliest(earliest(next_ckpt, next_merge),
		    earliest(next_index, next_house)))));
	}
	log_msg(LV_INFO, "jobs.stop", "background process %s stopping",
	    c->name);
	atomic_store(&stop, true);
	left = !lane_stop(&mail);
	left = !lane_stop(&hooks) || left;
	store_close(st);
	/* A lane left running reads this frame and the caller's config:
	 * the process ends here rather than return under it. */
	if (left)
		_exit(0);
	return (0);
}
