/*
 * cmd_doctor.c - stewardctl doctor: checks, with serve's options and
 * environment, what `stewardctl serve` will need, one line each:
 * "OK", "WARN" or "FAIL", the check's name and what was found. Exits 1
 * when any check failed, 0 otherwise.
 *
 * Checks: the database answers, is at this build's schema and is intact
 * (store_integrity()); the key file; the SMTP server (when --smtp-url is
 * set: a TCP connection and EHLO within a few seconds); the sandbox (the kore binary, the module and
 * console files, the root and run directories as serve uses them, seccomp
 * in the kernel, the user to run as); free disk space beside a SQLite
 * database.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/secretkey.h"
#include "core/smtp.h"
#include "store/store.h"

#define SMTP_TIMEOUT_MS		5000
#define DISK_FAIL_BYTES		(100LL * 1024 * 1024)
#define DISK_WARN_BYTES		(1024LL * 1024 * 1024)

enum verdict { V_OK, V_WARN, V_FAIL };

static int	failures;

static void __attribute__((format(printf, 3, 4)))
report(enum verdict v, const char *check, const char *fmt, ...)
{
	static const char *const names[] = { "OK", "WARN", "FAIL" };
	va_list	ap;

	printf("%-4s  %-9s ", names[v], check);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (v == V_FAIL)
		failures++;
}

/* The database is intact (store_integrity()). */
static void
check_integrity(struct store *st)
{
	struct arena	 a;
	struct err	 e;
	const char	*problem;

	err_clear(&e);
	arena_init(&a, 0);
	if (store_integrity(st, &a, &problem, &e) != ST_OK)
		report(V_FAIL, "integrity", "cannot check: %s", e.internal);
	else if (problem != NULL)
		report(V_FAIL, "integrity", "damaged: %s (restore the last "
		    "backup)", problem);
	else
		report(V_OK, "integrity", "%s", strcmp(store_engine(st),
		    "sqlite") == 0 ? "integrity_check ok, no foreign key "
		    "broken" : "no invalid index or unvalidated constraint");
	arena_free(&a);
}

static void
check_database(struct cmd *c)
{
	struct store	*st;
	struct err	 e;
	const char	*url = opt_get(c, "db");
	int		 current, latest;

	err_clear(&e);
	if (!store_url_is_pg(url) && access(url, F_OK) != 0) {
		report(V_FAIL, "database", "no database at %s (create it with "
		    "`stewardctl init --db %s`)", url, url);
		return;
	}
	if (store_open(url, false, &st, &e) != ST_OK) {
		report(V_FAIL, "database", "cannot connect: %s",
		    e.internal[0] ? e.internal : "no answer");
		return;
	}
	if (store_schema_version(st, &current, &latest, &e) != ST_OK)
		report(V_FAIL, "database", "cannot read the schema version: "
		    "%s", e.internal);
	else if (current < latest)
		report(V_FAIL, "database", "%s, schema version %d but this "
		    "build needs %d: run `stewardctl init`", store_engine(st),
		    current, latest);
	else if (current > latest)
		report(V_FAIL, "database", "%s, schema version %d is newer "
		    "than this build's %d: run the newer build",
		    store_engine(st), current, latest);
	else {
		report(V_OK, "database", "%s reachable, schema version %d "
		    "(the latest)", store_engine(st), current);
		check_integrity(st);
	}
	store_close(st);
}

static void
check_key(void)
{
	unsigned char	 key[SECRETKEY_BYTES];
	char		 why[256];
	const char	*path = getenv("STEWARD_KEY_FILE");

	if (path == NULL || *path == '\0')
		report(V_FAIL, "key file", "no key file given");
	else if (access(path, F_OK) != 0)
		report(V_WARN, "key file", "%s does not exist: serve creates "
		    "it (0600); servers of one installation need the same "
		    "file", path);
	else if (secretkey_load(path, key, why, sizeof(why)) != 0)
		report(V_FAIL, "key file", "%s", why);
	else
		report(V_OK, "key file", "%s", path);
}

/* Read SMTP reply lines until the last of one reply ("NNN "); its code,
 * or -1 on timeout or a closed connection. */
static int
smtp_reply(int fd, char *last, size_t len)
{
	char		 buf[1024];
	size_t		 have = 0;
	struct pollfd	 p = { fd, POLLIN, 0 };
	char		*nl, *start;
	ssize_t		 n;

	for (;;) {
		if (poll(&p, 1, SMTP_TIMEOUT_MS) <= 0)
			return (-1);
		if ((n = read(fd, buf + have, sizeof(buf) - 1 - have)) <= 0)
			return (-1);
		have += (size_t)n;
		buf[have] = '\0';
		start = buf;
		while ((nl = strchr(start, '\n')) != NULL) {
			*nl = '\0';
			if (nl > start && nl[-1] == '\r')
				nl[-1] = '\0';
			if (strlen(start) >= 4 && start[3] == ' ') {
				snprintf(last, len, "%s", start);
				return (atoi(start));
			}
			start = nl + 1;
		}
		have = strlen(start);
		memmove(buf, start, have + 1);
		if (have >= sizeof(buf) - 1)
			return (-1);
	}
}

/* A TCP connection to host:port within the timeout; -1 with why. */
static int
tcp_connect(const char *host, long port, char *why, size_t len)
{
	struct addrinfo	 hints, *res, *ai;
	struct pollfd	 p;
	char		 portstr[16];
	socklen_t	 sl;
	int		 fd = -1, rc, soerr;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	snprintf(portstr, sizeof(portstr), "%ld", port);
	if ((rc = getaddrinfo(host, portstr, &hints, &res)) != 0) {
		snprintf(why, len, "cannot resolve %s: %s", host,
		    gai_strerror(rc));
		return (-1);
	}
	snprintf(why, len, "no address for %s", host);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK,
		    ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		soerr = errno;
		if (soerr == EINPROGRESS) {
			p.fd = fd;
			p.events = POLLOUT;
			sl = sizeof(soerr);
			if (poll(&p, 1, SMTP_TIMEOUT_MS) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr,
			    &sl) == 0 && soerr == 0)
				break;
			if (soerr == EINPROGRESS)
				soerr = ETIMEDOUT;
		}
		snprintf(why, len, "cannot connect to %s:%ld: %s", host, port,
		    strerror(soerr));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return (fd);
}

static void
check_smtp(struct cmd *c)
{
	struct smtp_config	 sc;
	char			 why[512], last[512], me[256], ehlo[300];
	const char		*url = opt_get(c, "smtp-url");
	ssize_t			 quit;
	int			 fd, code;

	if (url == NULL) {
		report(V_WARN, "smtp", "no --smtp-url: e-mail waits in the "
		    "outbox until one is set");
		return;
	}
	if (!smtp_url_parse(url, &sc, why, sizeof(why))) {
		report(V_FAIL, "smtp", "--smtp-url: %s", why);
		return;
	}
	if (opt_get(c, "mail-from") == NULL)
		report(V_FAIL, "smtp", "--mail-from is needed with --smtp-url");
	if ((fd = tcp_connect(sc.host, sc.port, why, sizeof(why))) < 0) {
		report(V_FAIL, "smtp", "%s", why);
		return;
	}
	if (sc.tls) {
		report(V_OK, "smtp", "%s: connected (TLS from the start; the "
		    "handshake is not tried here)", sc.url);
		close(fd);
		return;
	}
	if ((code = smtp_reply(fd, last, sizeof(last))) != 220) {
		report(V_FAIL, "smtp", "%s: no greeting within %d s%s%s",
		    sc.url, SMTP_TIMEOUT_MS / 1000, code > 0 ? ": " : "",
		    code > 0 ? last : "");
		close(fd);
		return;
	}
	if (gethostname(me, sizeof(me)) != 0 || *me == '\0')
		snprintf(me, sizeof(me), "localhost");
	snprintf(ehlo, sizeof(ehlo), "EHLO %s\r\n", me);
	if (send(fd, ehlo, strlen(ehlo), MSG_NOSIGNAL) !=
	    (ssize_t)strlen(ehlo) ||
	    (code = smtp_reply(fd, last, sizeof(last))) != 250)
		report(V_FAIL, "smtp", "%s: EHLO not accepted%s%s", sc.url,
		    code > 0 ? ": " : "", code > 0 ? last : "");
	else
		report(V_OK, "smtp", "%s: answered EHLO", sc.url);
	/* The check is done: a QUIT that does not go out changes nothing. */
	quit = send(fd, "QUIT\r\n", 6, MSG_NOSIGNAL);
	(void)quit;
	close(fd);
}

/* A program in the PATH (or a path), executable. */
static bool
find_program(const char *name, char *out, size_t len)
{
	const char	*path = getenv("PATH"), *p, *end;

	if (strchr(name, '/') != NULL) {
		snprintf(out, len, "%s", name);
		return (access(name, X_OK) == 0);
	}
	for (p = path != NULL ? path : "/usr/bin:/bin"; *p != '\0'; p = end) {
		end = p + strcspn(p, ":");
		snprintf(out, len, "%.*s/%s", (int)(end - p), p, name);
		if (access(out, X_OK) == 0)
			return (true);
		if (*end == ':')
			end++;
	}
	return (false);
}

/* A file beside bin/ (or the option's), readable, as serve finds it. */
static void
check_beside(struct cmd *c, const char *opt, const char *const *rels,
    const char *what)
{
	const char	*given = opt_get(c, opt);
	char		*found;

	if (given != NULL) {
		if (access(given, R_OK) == 0)
			report(V_OK, "sandbox", "%s: %s", what, given);
		else
			report(V_FAIL, "sandbox", "%s: cannot read %s (--%s)",
			    what, given, opt);
		return;
	}
	if ((found = cli_beside_exe(rels)) != NULL) {
		report(V_OK, "sandbox", "%s: %s", what, found);
		free(found);
	} else
		report(V_FAIL, "sandbox", "%s: none beside %s (--%s)", what,
		    cli_exe_dir(), opt);
}

/* The directory the workers are confined to, as serve works it out. */
static void
check_root(struct cmd *c)
{
	const char	*url = opt_get(c, "db"), *root = opt_get(c, "root");
	char		 dir[PATH_MAX], *abs;

	if (root != NULL)
		snprintf(dir, sizeof(dir), "%s", root);
	else if (!store_url_is_pg(url)) {
		if ((abs = realpath(url, NULL)) == NULL)
			return;	/* the database check said so */
		snprintf(dir, sizeof(dir), "%s", dirname(abs));
		free(abs);
	} else {
		report(V_OK, "sandbox", "root: the PostgreSQL socket directory "
		    "(or an empty one in the run directory over TCP)");
		return;
	}
	if (access(dir, R_OK | X_OK) != 0)
		report(V_FAIL, "sandbox", "root %s: %s", dir, strerror(errno));
	else if (!store_url_is_pg(url) && access(dir, W_OK) != 0)
		report(V_FAIL, "sandbox", "root %s is not writable: SQLite "
		    "keeps its -wal and -shm files beside the database", dir);
	else
		report(V_OK, "sandbox", "root %s: usable (%s)", dir,
		    geteuid() == 0 ? "chroot" : "not root: the workers change "
		    "into it, no chroot");
}

static void
check_run_dir(struct cmd *c)
{
	const char	*given = opt_get(c, "run-dir");
	char		 tmpl[PATH_MAX];

	if (given != NULL) {
		if (access(given, W_OK | X_OK) == 0)
			report(V_OK, "sandbox", "run directory %s: writable",
			    given);
		else
			report(V_FAIL, "sandbox", "run directory %s: %s", given,
			    strerror(errno));
		return;
	}
	/* Without --run-dir, serve makes /tmp/steward-XXXXXX. */
	snprintf(tmpl, sizeof(tmpl), "/tmp/steward-doctor-XXXXXX");
	if (mkdtemp(tmpl) == NULL) {
		report(V_FAIL, "sandbox", "cannot create a run directory in "
		    "/tmp: %s (or give --run-dir)", strerror(errno));
		return;
	}
	(void)rmdir(tmpl);
	report(V_OK, "sandbox", "run directory: a new one in /tmp can be "
	    "made");
}

static void
check_sandbox(struct cmd *c)
{
	static const char *const module_rel[] = CLI_MODULE_REL;
	static const char *const web_rel[] = CLI_WEB_REL;
	char		 p[PATH_MAX];
	const char	*user = opt_get(c, "user");

	if (find_program(opt_get(c, "kore"), p, sizeof(p)))
		report(V_OK, "sandbox", "kore: %s", p);
	else
		report(V_FAIL, "sandbox", "kore: cannot find %s (--kore)",
		    opt_get(c, "kore"));
	check_beside(c, "module", module_rel, "module");
	check_beside(c, "web-dir", web_rel, "console files");
	check_root(c);
	check_run_dir(c);
	/* Kore's workers install a seccomp filter and die without one. */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL)
		report(V_FAIL, "sandbox", "seccomp: this kernel has none (the "
		    "workers need it)");
	else if (access("/proc/sys/kernel/seccomp/actions_avail", R_OK) != 0)
		report(V_WARN, "sandbox", "seccomp: present, but its filter "
		    "actions cannot be read");
	else
		report(V_OK, "sandbox", "seccomp: available");
	if (user != NULL && getpwnam(user) == NULL)
		report(V_FAIL, "sandbox", "--user %s: no such user", user);
	else if (user != NULL && geteuid() != 0)
		report(V_WARN, "sandbox", "--user %s is used only when serve "
		    "starts as root", user);
}

static void
check_disk(struct cmd *c)
{
	struct statvfs	 sv;
	const char	*url = opt_get(c, "db");
	char		*abs, dir[PATH_MAX];
	long long	 avail, total;

	if (store_url_is_pg(url)) {
		report(V_OK, "disk", "PostgreSQL keeps its files on the "
		    "database server: watch its disk there");
		return;
	}
	if ((abs = realpath(url, NULL)) == NULL)
		return;
	snprintf(dir, sizeof(dir), "%s", dirname(abs));
	free(abs);
	if (statvfs(dir, &sv) != 0) {
		report(V_FAIL, "disk", "%s: %s", dir, strerror(errno));
		return;
	}
	avail = (long long)sv.f_bavail * (long long)sv.f_frsize;
	total = (long long)sv.f_blocks * (long long)sv.f_frsize;
	if (avail < DISK_FAIL_BYTES)
		report(V_FAIL, "disk", "%s: only %lld MiB free", dir,
		    avail >> 20);
	else if (avail < DISK_WARN_BYTES || (total > 0 && avail * 20 < total))
		report(V_WARN, "disk", "%s: %lld MiB free of %lld MiB", dir,
		    avail >> 20, total >> 20);
	else
		report(V_OK, "disk", "%s: %lld MiB free of %lld MiB", dir,
		    avail >> 20, total >> 20);
}

int
cmd_doctor(struct cmd *c, int argc, char **argv)
{
	opts_parse(c, argc, argv, NULL);
	cli_key_file(c);
	failures = 0;
	check_database(c);
	check_key();
	check_smtp(c);
	check_sandbox(c);
	check_disk(c);
	fflush(stdout);
	return (failures > 0 ? 1 : 0);
}
