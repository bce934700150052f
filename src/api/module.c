/*
 * module.c - Steward as a Kore module: process hooks and the sandbox.
 *
 * Kore's parent process calls kore_parent_configure() once, before it forks
 * the workers: configuration is read from the environment that
 * `stewardctl serve` prepared, and the console files and ISO country data
 * are loaded into memory. Each worker then chroots, drops privileges,
 * enables its seccomp filter (Kore's own plus the system calls listed
 * below) and only then calls kore_worker_configure(), where it opens its
 * own database connection with a path relative to the chroot. The parent
 * also maps the counters of GET /metrics (core/metrics.h) from the
 * descriptor `stewardctl serve` hands it, so every worker inherits them.
 *
 * Workers only answer requests. Slow computation (password checks) runs
 * on their task threads (offload.h), and devices' last-seen times are
 * written by a thread of each worker with its own connection (seen.h);
 * e-mail and periodic jobs belong to the background process that
 * `stewardctl serve` starts beside Kore (src/jobs/).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/seccomp.h>

#include "api/group.h"
#include "api/http.h"
#include "api/seen.h"
#include "api/static.h"
#include "app/password.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/country.h"
#include "core/money.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/phone.h"
#include "core/totp.h"
#include "core/rand.h"

void	kore_parent_configure(int, char **);
void	kore_worker_configure(void);
void	kore_worker_teardown(void);
void	downloads_load(const char *dir);

/*
 * Exactly what the workers need beyond Kore's own filters:
 *  - SQLite: positional reads and writes, fsync/fdatasync for durable
 *    commits, ftruncate of the WAL, fchown of its WAL and journal files to
 *    the database's owner when the server runs as root, and glibc's stat
 *    family (newfstatat);
 *  - libpq: nothing more (socket, connect, getsockopt and getsockname are
 *    in Kore's pgsql filter; poll, send and recv in its base filter);
 *  - task threads and the last-seen writer (seen.h; Kore's filter allows
 *    clone and futex): glibc tries clone3 first and falls back to clone
 *    when told it does not exist, and registers each new thread's robust
 *    futex list and restartable sequences;
 *    libsodium's Argon2id frees its 64 MiB with munmap (allowed) and
 *    threads leave with exit (allowed);
 *  - glibc's realloc of a block past its mmap threshold (128 KiB: a
 *    large answer, such as a CSV export of thousands of alerts) moves it
 *    with mremap.
 * Measured by running the API suite on both engines, over a unix socket
 * and TCP, with `stewardctl serve --seccomp-trace`: no refused calls.
 * The sanitizer build's runtime also asks a new thread's id and CPU set.
 */
#if defined(STEWARD_ASAN_RUNTIME)
#define SANITIZER_SYSCALLS	KORE_SYSCALL_ALLOW(gettid),		\
				KORE_SYSCALL_ALLOW(sched_getaffinity),
#else
#define SANITIZER_SYSCALLS
#endif

KORE_SECCOMP_FILTER("steward",
	KORE_SYSCALL_ALLOW(pread64),
	KORE_SYSCALL_ALLOW(pwrite64),
	KORE_SYSCALL_ALLOW(fsync),
	KORE_SYSCALL_ALLOW(fdatasync),
	KORE_SYSCALL_ALLOW(ftruncate),
	KORE_SYSCALL_ALLOW(fchown),
	KORE_SYSCALL_ALLOW(newfstatat),
	KORE_SYSCALL_DENY(clone3, ENOSYS),
	KORE_SYSCALL_ALLOW(set_robust_list),
	KORE_SYSCALL_ALLOW(rseq),
	KORE_SYSCALL_ALLOW(mremap),
	SANITIZER_SYSCALLS
);

struct server_config	 server_cfg;
static struct store	*store;
static int64_t		 store_retry_at;

static const char *
env_or(const char *name, const char *def)
{
	const char	*v;

	v = getenv(name);
	return (v != NULL && *v != '\0' ? v : def);
}

void
kore_parent_configure(int argc, char **argv)
{
	const char	*fd;
	char		 why[128];

	(void)argc;
	(void)argv;
	/* Kore reports worker deaths with printf(): have each line go out at
	 * once, even into a pipe. Workers inherit this (and would otherwise
	 * inherit, and print again, what is still buffered). */
	fflush(stdout);
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_level_from_env();
	clock_from_env();
	if (rand_init() != 0)
		fatalx("libsodium could not be initialised");
	app_config_defaults(&server_cfg.app);
	app_config_from_env(&server_cfg.app);
	server_cfg.worker_db = env_or("STEWARD_WORKER_DB", NULL);
	server_cfg.web_dir = env_or("STEWARD_WEB_DIR", NULL);
	server_cfg.body_max = strtoll(env_or("STEWARD_BODY_MAX", "1048576"),
	    NULL, 10);
	server_cfg.import_max = strtoll(env_or("STEWARD_IMPORT_MAX",
	    "16777216"), NULL, 10);
	if (netmask_list_parse(&server_cfg.proxies,
	    env_or("STEWARD_TRUSTED_PROXIES", NULL), why, sizeof(why)) != 0)
		fatalx("STEWARD_TRUSTED_PROXIES: %s", why);
	server_cfg.secure_cookies = strcmp(env_or("STEWARD_SECURE_COOKIES",
	    "0"), "1") == 0;
	if (server_cfg.worker_db == NULL)
		fatalx("STEWARD_WORKER_DB is not set: start the server with "
		    "`stewardctl serve`");
	if (server_cfg.web_dir == NULL || static_load(server_cfg.web_dir) != 0)
		fatalx("cannot load the console files (STEWARD_WEB_DIR)");
	if (country_load(env_or("STEWARD_ISO_PREFIX", NULL)) != 0)
		fatalx("cannot load ISO 3166 data from iso-codes");
	if (money_load(env_or("STEWARD_ISO_PREFIX", NULL)) != 0)
		fatalx("cannot load ISO 4217 data from iso-codes");
	downloads_load(env_or("STEWARD_DOWNLOAD_DIR", NULL));
	password_init();
	totp_init();
	password_dict_open();
	phone_init();
	/* E-mail is sent by the background process; the operator's page
	 * says whether it has an SMTP server. */
	server_cfg.mail_configured = getenv("STEWARD_SMTP_URL") != NULL &&
	    *getenv("STEWARD_SMTP_URL") != '\0';
	server_cfg.metrics_token = env_or("STEWARD_METRICS_TOKEN", NULL);
	/* The counters `stewardctl serve` shares with every process: mapped
	 * here, before the workers are forked, so each inherits them. */
	if ((fd = env_or("STEWARD_METRICS_FD", NULL)) != NULL) {
		if (metrics_attach(atoi(fd)) != 0)
			fatalx("cannot map the shared metrics: %s",
			    strerror(errno));
		(void)close(atoi(fd));
	}
}

static void
store_connect(void)
{
	struct err	e;

	err_clear(&e);
	if (store_open(server_cfg.worker_db, false, &store, &e) != ST_OK) {
		store = NULL;
		store_retry_at = clock_mono_ms() + 1000;
		log_msg(LV_ERROR, "db.connect", "worker cannot open the "
		    "database: %s", e.internal);
	} else
		log_msg(LV_INFO, "db.connect", "worker connected (%s)",
		    store_engine(store));
}

/* Hand the last-seen times of unchanged check-ins to the writer (seen.h). */
static void
seen_tick(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;
	group_flush(worker_store());
	seen_flush(worker_store());
}

void
kore_worker_configure(void)
{
	arena_tune_malloc();
	store_tune_requests();
	store_connect();
	phone_init();
	(void)seen_start(server_cfg.worker_db);
	kore_timer_add(seen_tick, SEEN_FLUSH_MS, NULL, 0);
}

/*
 * A worker only leaves its event loop to stop. Close the database, tell
 * the parent (what Kore itself would do next), and leave without running
 * the C library's exit handlers: destructors of third-party libraries
 * (p11-kit's, for one) were never meant to run inside the sandbox, and
 * under AddressSanitizer one of them deadlocks on a locale lock. Kore's own
 * remaining cleanup only frees memory the process is about to give back.
 */
void
kore_worker_teardown(void)
{
	group_flush(store);
	seen_stop(store);
	store_close(store);
	store = NULL;
	kore_msg_send(KORE_MSG_PARENT, KORE_MSG_SHUTDOWN, NULL, 0);
	fflush(stdout);
	fflush(stderr);
	_exit(0);
}

struct store *
worker_store(void)
{
	if (store == NULL && clock_mono_ms() >= store_retry_at)
		store_connect();
	return (store);
}
