/*
 * cmd_serve.c - stewardctl serve: run the server in the foreground.
 *
 * Checks the database, works out where the workers will be confined and
 * how they reach the database from there, writes a Kore configuration into
 * the run directory, starts `kore` with the Steward module in its own
 * process group and the background process (src/jobs/, confined the same
 * way) beside it, prints the address once GET /healthz answers, forwards
 * SIGTERM/SIGINT, and waits until Kore, every worker and the background
 * process have exited. A background process that dies is started again.
 *
 * Worker confinement (chroot when started as root; otherwise Kore only
 * changes into the directory):
 *   SQLite     the directory holding the database file (or --root, which
 *              must contain it); workers open the file by relative path.
 *   PostgreSQL over a unix socket: the socket's directory; over TCP: an
 *              empty directory in the run directory, with the host name
 *              resolved here so workers need no resolver files.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mime.h"
#include "core/smtp.h"
#include "jobs/jobs.h"
#include "store/store.h"

#define READY_TIMEOUT_MS	20000
#define STOP_GRACE_SECONDS	20
#define JOBS_RESTART_MAX_S	30

struct listen_addr {
	char	host[256];
	char	port[8];
};

static void
parse_listen(struct cmd *c, const char *s, struct listen_addr *l)
{
	const char	*colon, *end;
	char		*ep;
	long		 port;

	if (s[0] == '[') {
		end = strchr(s, ']');
		if (end == NULL || end[1] != ':')
			opt_fail(c, "listen", "'%s' is not HOST:PORT", s);
		snprintf(l->host, sizeof(l->host), "%.*s", (int)(end - s - 1),
		    s + 1);
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL || colon == s)
			opt_fail(c, "listen", "'%s' is not HOST:PORT", s);
		snprintf(l->host, sizeof(l->host), "%.*s", (int)(colon - s),
		    s);
	}
	port = strtol(colon + 1, &ep, 10);
	if (*ep != '\0' || port < 1 || port > 65535)
		opt_fail(c, "listen", "'%s' has no valid port (1-65535)", s);
	snprintf(l->port, sizeof(l->port), "%ld", port);
	if (strspn(l->host, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:") != strlen(l->host))
		opt_fail(c, "listen", "'%s' is not a valid host", l->host);
}

static bool
file_exists(const char *p)
{
	return (access(p, R_OK) == 0);
}

/* First existing candidate of <exe_dir>/<rel> for rel in the list. */
static char *
beside_exe(const char *const *rels)
{
	char	 p[PATH_MAX * 2];
	char	*r;

	for (; *rels != NULL; rels++) {
		snprintf(p, sizeof(p), "%s/%s", cli_exe_dir(), *rels);
		if ((r = realpath(p, NULL)) != NULL)
			return (r);
	}
	return (NULL);
}

/* Append key='value' to a libpq connection string. */
static void
conninfo_add(struct buf *b, const char *key, const char *val)
{
	const char	*p;

	if (b->len > 0)
		buf_addc(b, ' ');
	buf_printf(b, "%s='", key);
	for (p = val; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_addc(b, '\'');
}

static void
resolve_host(struct cmd *c, const char *host, char *out, size_t len)
{
	struct addrinfo	 hints, *res;
	int		 rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, NULL, &hints, &res)) != 0)
		opt_fail(c, "db", "cannot resolve database host '%s': %s", host,
		    gai_strerror(rc));
	getnameinfo(res->ai_addr, res->ai_addrlen, out, (socklen_t)len, NULL,
	    0, NI_NUMERICHOST);
	freeaddrinfo(res);
}

/*
 * From the --db URL, decide the root directory and the connection string
 * the workers use from inside it.
 */
static void
plan_database(struct cmd *c, const char *url, const char *root_opt,
    const char *run_dir, bool chroot_on, char **root, char **worker_db)
{
	PQconninfoOption	*opts, *o;
	struct buf		 b = BUF_INIT;
	char			*abs, *dir, *err = NULL, *sockdir = NULL;
	char			 addr[NI_MAXHOST], path[PATH_MAX];
	const char		*host = NULL, *hostaddr = NULL, *rel;
	size_t			 rlen;

	if (!store_url_is_pg(url)) {
		if ((abs = realpath(url, NULL)) == NULL)
			opt_fail(c, "db", "no database at %s", url);
		if (root_opt != NULL) {
			if ((*root = realpath(root_opt, NULL)) == NULL)
				opt_fail(c, "root", "no directory %s", root_opt);
		} else {
			dir = strdup(abs);
			*root = strdup(dirname(dir));
			free(dir);
		}
		rlen = strlen(*root);
		if (strcmp(*root, "/") == 0)
			rel = abs + 1;
		else if (strncmp(abs, *root, rlen) == 0 && abs[rlen] == '/')
			rel = abs + rlen + 1;
		else
			opt_fail(c, "root", "%s is not inside %s", abs, *root);
		*worker_db = strdup(rel);
		free(abs);
		return;
	}

	if ((opts = PQconninfoParse(url, &err)) == NULL)
		opt_fail(c, "db", "%s", err ? err : "not a PostgreSQL URL");
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || *o->val == '\0')
			continue;
		if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "hostaddr") == 0)
			hostaddr = o->val;
	}
	if (host == NULL && hostaddr == NULL)
		host = "/var/run/postgresql";	/* Debian's libpq default */
	if (host != NULL && host[0] == '/')
		sockdir = realpath(host, NULL);
	if (host != NULL && host[0] == '/' && sockdir == NULL)
		opt_fail(c, "db", "no socket directory %s", host);

	if (root_opt != NULL) {
		if ((*root = realpath(root_opt, NULL)) == NULL)
			opt_fail(c, "root", "no directory %s", root_opt);
	} else if (sockdir != NULL)
		*root = strdup(sockdir);
	else {
		snprintf(path, sizeof(path), "%s/root", run_dir);
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			opt_fail(c, "run-dir", "cannot create %s: %s", path,
			    strerror(errno));
		*root = strdup(path);
	}

	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || *o->val == '\0')
			continue;
		if (strcmp(o->keyword, "host") == 0 ||
		    strcmp(o->keyword, "hostaddr") == 0)
			continue;
		conninfo_add(&b, o->keyword, o->val);
	}
	if (sockdir != NULL) {
		rlen = strlen(*root);
		if (!chroot_on)
			conninfo_add(&b, "host", sockdir);
		else if (strcmp(sockdir, *root) == 0)
			conninfo_add(&b, "host", "/");
		else if (strncmp(sockdir, *root, rlen) == 0 &&
		    sockdir[rlen] == '/')
			conninfo_add(&b, "host", sockdir + rlen);
		else
			opt_fail(c, "root", "the PostgreSQL socket directory "
			    "%s is not inside %s", sockdir, *root);
	} else {
		if (host != NULL)
			conninfo_add(&b, "host", host);
		if (hostaddr == NULL) {
			resolve_host(c, host, addr, sizeof(addr));
			hostaddr = addr;
		}
		conninfo_add(&b, "hostaddr", hostaddr);
	}
	*worker_db = malloc(b.len + 7);
	snprintf(*worker_db, b.len + 7, "pgsql:%s", b.data);
	buf_free(&b);
	free(sockdir);
	PQconninfoFree(opts);
}

/*
 * Check --smtp-url and --mail-from and hand them to the server. A host
 * name is resolved here, once: the sandboxed workers have no resolver.
 */
void
cli_plan_mail(struct cmd *c)
{
	struct smtp_config	 sc;
	struct mailbox		 mb;
	struct arena		 a;
	struct addrinfo		 hints, *res;
	unsigned char		 tmp[sizeof(struct in6_addr)];
	char			 why[256], addr[NI_MAXHOST], resolve[2048];
	const char		*url = opt_get(c, "smtp-url");
	const char		*from = opt_get(c, "mail-from");
	int			 rc;

	unsetenv("STEWARD_SMTP_RESOLVE");
	if (url == NULL) {
		unsetenv("STEWARD_SMTP_URL");
		return;
	}
	if (!smtp_url_parse(url, &sc, why, sizeof(why)))
		opt_fail(c, "smtp-url", "%s", why);
	arena_init(&a, 0);
	if (from == NULL)
		opt_fail(c, "mail-from", "a sender address is needed with "
		    "--smtp-url");
	if (!mime_parse_mailbox(&a, from, &mb))
		opt_fail(c, "mail-from", "'%s' is not an address such as "
		    "steward@example.com or 'Steward <steward@example.com>'",
		    from);
	arena_free(&a);
	if (inet_pton(AF_INET, sc.host, tmp) != 1 && sc.host[0] != '[') {
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		if ((rc = getaddrinfo(sc.host, NULL, &hints, &res)) != 0)
			opt_fail(c, "smtp-url", "cannot resolve '%s': %s",
			    sc.host, gai_strerror(rc));
		getnameinfo(res->ai_addr, res->ai_addrlen, addr, sizeof(addr),
		    NULL, 0, NI_NUMERICHOST);
		snprintf(resolve, sizeof(resolve), "%s:%ld:%s%s%s", sc.host,
		    sc.port, res->ai_family == AF_INET6 ? "[" : "", addr,
		    res->ai_family == AF_INET6 ? "]" : "");
		freeaddrinfo(res);
		setenv("STEWARD_SMTP_RESOLVE", resolve, 1);
	}
	setenv("STEWARD_SMTP_URL", url, 1);
	setenv("STEWARD_MAIL_FROM", from, 1);
}

static void
write_config(struct cmd *c, const char *path, const struct listen_addr *l,
    const char *module, const char *root, const char *user, long workers,
    const char *run_dir, long long body_max, bool trace)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL)
		opt_fail(c, "run-dir", "cannot write %s: %s", path,
		    strerror(errno));
	fprintf(f, "# Generated by stewardctl serve; do not edit.\n"
	    "server steward {\n\tbind %s %s\n\ttls no\n}\n"
	    "load %s\n"
	    "root %s\n", l->host, l->port, module, root);
	if (user != NULL)
		fprintf(f, "runas %s\n", user);
	fprintf(f, "workers %ld\n"
	    "pidfile %s/kore.pid\n"
	    "http_body_max %lld\n"
	    "http_server_version steward\n"
	    "http_hsts_enable 0\n"
	    /* Idle keep-alive connections must close (silently) before the
	     * header timeout, which answers 408 to a request nobody sent. */
	    "http_keepalive_time 15\n"
	    "http_header_timeout 20\n"
	    /* Handlers are synchronous: finish every request already read
	     * before waiting for events again. With Kore's 10 ms budget, the
	     * rest waited until the next event or timer, which can be minutes
	     * away. */
	    "http_request_ms 60000\n"
	    "seccomp_tracing %s\n"
	    "domain * {\n\tattach steward\n\troute ^/ steward_http\n}\n",
	    workers, run_dir, body_max, trace ? "yes" : "no");
	if (fclose(f) != 0)
		opt_fail(c, "run-dir", "cannot write %s: %s", path,
		    strerror(errno));
}

/* Whether the server answers GET /healthz with 200 at l. */
static bool
healthy(const struct listen_addr *l)
{
	struct addrinfo	 hints, *res, *ai;
	struct timeval	 tv = { 2, 0 };
	char		 buf[64];
	const char	 req[] = "GET /healthz HTTP/1.0\r\nHost: steward\r\n\r\n";
	bool		 ok = false;
	ssize_t		 n;
	int		 fd;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(l->host, l->port, &hints, &res) != 0)
		return (false);
	for (ai = res; ai != NULL && !ok; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    write(fd, req, sizeof(req) - 1) == (ssize_t)sizeof(req) - 1 &&
		    (n = read(fd, buf, sizeof(buf) - 1)) > 12) {
			buf[n] = '\0';
			ok = strncmp(buf + 8, " 200", 4) == 0;
		}
		close(fd);
	}
	freeaddrinfo(res);
	return (ok);
}

static void
remove_tree(const char *dir)
{
	char	p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/kore.conf", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/kore.pid", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/root", dir);
	rmdir(p);
	rmdir(dir);
}

/* Wait for the child with a deadline; returns its wait status or -1. */
static int
wait_child(pid_t pid, const sigset_t *set, int timeout_s, int *status)
{
	struct timespec	ts = { 1, 0 };
	time_t		end = time(NULL) + timeout_s;
	pid_t		r;

	for (;;) {
		r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return (0);
		if (time(NULL) >= end)
			return (-1);
		(void)sigtimedwait(set, NULL, &ts);
	}
}

/* The background process (src/jobs/), confined like the workers. */
struct jobs_child {
	bool		 enabled;
	pid_t		 pid;		/* 0 while not running */
	int		 failures;	/* deaths in a row */
	time_t		 restart_at;	/* when to start it again; 0: no */
	const char	*db;		/* as the workers open it */
	const char	*root;
	const char	*user;
	sigset_t	 mask;		/* the signal mask to run with */
};

static void
jobs_start(struct jobs_child *j)
{
	struct jobs_config	 jc;
	char			 name[64], why[256];
	bool			 mail;
	pid_t			 pid;

	j->restart_at = 0;
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "stewardctl serve: cannot start the background "
		    "process: %s\n", strerror(errno));
		j->restart_at = time(NULL) + 1;
		return;
	}
	if (pid > 0) {
		j->pid = pid;
		return;
	}
	/* If stewardctl dies, the background process stops too. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	sigprocmask(SIG_SETMASK, &j->mask, NULL);
	log_set_level(LV_INFO);
	log_level_from_env();
	memset(&jc, 0, sizeof(jc));
	jc.db_url = j->db;
	jc.root = j->root;
	jc.user = j->user;
	snprintf(name, sizeof(name), "jobs pid %d", (int)getpid());
	jc.name = name;
	app_config_defaults(&jc.app);
	app_config_from_env(&jc.app);
	if (!jobs_mail_setup(&mail, why, sizeof(why))) {
		fprintf(stderr, "stewardctl serve: %s\n", why);
		_exit(1);
	}
	_exit(jobs_run(&jc));
}

/* After SIGCHLD: note the background process's end, plan a restart. */
static void
jobs_reap(struct jobs_child *j)
{
	int	status, wait_s;

	if (j->pid == 0 || waitpid(j->pid, &status, WNOHANG) != j->pid)
		return;
	j->pid = 0;
	j->failures++;
	wait_s = j->failures < 5 ? 1 << (j->failures - 1) : JOBS_RESTART_MAX_S;
	if (wait_s > JOBS_RESTART_MAX_S)
		wait_s = JOBS_RESTART_MAX_S;
	if (WIFEXITED(status))
		fprintf(stderr, "stewardctl serve: the background process "
		    "exited with status %d; starting it again in %d s\n",
		    WEXITSTATUS(status), wait_s);
	else
		fprintf(stderr, "stewardctl serve: the background process was "
		    "killed by signal %d; starting it again in %d s\n",
		    WTERMSIG(status), wait_s);
	j->restart_at = time(NULL) + wait_s;
}

static void
jobs_tick(struct jobs_child *j)
{
	if (j->enabled && j->pid == 0 && j->restart_at != 0 &&
	    time(NULL) >= j->restart_at)
		jobs_start(j);
}

/* Stop it: SIGTERM, then SIGKILL after the grace period. */
static void
jobs_stop(struct jobs_child *j, const sigset_t *set)
{
	int	status;

	j->enabled = false;
	if (j->pid == 0)
		return;
	kill(j->pid, SIGTERM);
	if (wait_child(j->pid, set, STOP_GRACE_SECONDS, &status) != 0) {
		fprintf(stderr, "stewardctl serve: the background process did "
		    "not stop in %d seconds; killing it\n", STOP_GRACE_SECONDS);
		kill(j->pid, SIGKILL);
		waitpid(j->pid, &status, 0);
	}
	j->pid = 0;
}

int
cmd_serve(struct cmd *c, int argc, char **argv)
{
	static const char *const module_rel[] = { "../lib/steward.so", NULL };
	static const char *const web_rel[] = { "../web", "../../web", NULL };
	struct listen_addr	 l;
	struct jobs_child	 jobs;
	struct cli		 x;
	struct timespec		 tick = { 0, 100 * 1000 * 1000 };
	struct timespec		 second = { 1, 0 };
	sigset_t		 set, old;
	siginfo_t		 si;
	char			*module = NULL, *web = NULL, *root = NULL;
	char			*worker_db = NULL, *run_dir = NULL;
	char			 conf[PATH_MAX], tmpl[] = "/tmp/steward-XXXXXX";
	const char		*kargv[8];
	bool			 chroot_on, made_run_dir = false, ready = false;
	long			 workers;
	long long		 body_max;
	int			 status = 0, karg = 0, sig, code, rc;
	pid_t			 pid;
	char			*ep;

	opts_parse(c, argc, argv, NULL);
	parse_listen(c, opt_get(c, "listen"), &l);
	workers = strtol(opt_get(c, "workers"), &ep, 10);
	if (*ep != '\0' || workers < 0 || workers > 256)
		opt_fail(c, "workers", "'%s' is not a number of workers "
		    "(0-256)", opt_get(c, "workers"));
	if (workers == 0)
		workers = sysconf(_SC_NPROCESSORS_ONLN) > 0 ?
		    sysconf(_SC_NPROCESSORS_ONLN) : 1;
	body_max = strtoll(opt_get(c, "body-max"), &ep, 10);
	if (*ep != '\0' || body_max < 1024 || body_max > 1024LL * 1024 * 1024)
		opt_fail(c, "body-max", "'%s' is not a size in bytes "
		    "(1024 to 1 GiB)", opt_get(c, "body-max"));

	cli_plan_mail(c);

	/* The database must exist and be at this build's schema. */
	cli_open(&x, c, false);
	cli_close(&x);

	module = opt_get(c, "module") ? realpath(opt_get(c, "module"), NULL) :
	    beside_exe(module_rel);
	if (module == NULL || !file_exists(module))
		opt_fail(c, "module", "cannot find the Steward module "
		    "(lib/steward.so); run `make` first");
	web = opt_get(c, "web-dir") ? realpath(opt_get(c, "web-dir"), NULL) :
	    beside_exe(web_rel);
	if (web == NULL)
		opt_fail(c, "web-dir", "cannot find the console files (web/)");

	if (opt_get(c, "run-dir") != NULL) {
		run_dir = realpath(opt_get(c, "run-dir"), NULL);
		if (run_dir == NULL)
			opt_fail(c, "run-dir", "no directory %s",
			    opt_get(c, "run-dir"));
	} else {
		if (mkdtemp(tmpl) == NULL)
			opt_fail(c, "run-dir", "cannot create a temporary "
			    "directory: %s", strerror(errno));
		run_dir = strdup(tmpl);
		made_run_dir = true;
	}

	chroot_on = geteuid() == 0;
	plan_database(c, opt_get(c, "db"), opt_get(c, "root"), run_dir,
	    chroot_on, &root, &worker_db);
	snprintf(conf, sizeof(conf), "%s/kore.conf", run_dir);
	write_config(c, conf, &l, module, root, opt_get(c, "user"), workers,
	    run_dir, body_max, opt_flag(c, "seccomp-trace"));

	setenv("STEWARD_WORKER_DB", worker_db, 1);
	setenv("STEWARD_WEB_DIR", web, 1);
	setenv("STEWARD_BODY_MAX", opt_get(c, "body-max"), 1);
	setenv("STEWARD_TRUST_PROXY", opt_flag(c, "trust-proxy") ? "1" : "0",
	    1);
	setenv("STEWARD_SECURE_COOKIES", opt_flag(c, "secure-cookies") ? "1" :
	    "0", 1);
#if defined(STEWARD_ASAN_RUNTIME)
	/* The kore binary is not instrumented: load the runtime first. Leak
	 * checking needs ptrace, which the sandbox forbids. */
	setenv("LD_PRELOAD", STEWARD_ASAN_RUNTIME, 1);
	if (getenv("ASAN_OPTIONS") == NULL)
		setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
#endif

	kargv[karg++] = opt_get(c, "kore");
	kargv[karg++] = "-f";
	if (getenv("STEWARD_KORE_VERBOSE") == NULL)
		kargv[karg++] = "-q";
	if (!chroot_on)
		kargv[karg++] = "-n";
	if (opt_get(c, "user") == NULL)
		kargv[karg++] = "-r";
	kargv[karg++] = "-c";
	kargv[karg++] = conf;
	kargv[karg] = NULL;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	fflush(stdout);
	fflush(stderr);

	memset(&jobs, 0, sizeof(jobs));
	jobs.enabled = !opt_flag(c, "no-jobs");
	jobs.db = worker_db;
	jobs.root = root;
	jobs.user = opt_get(c, "user");
	jobs.mask = old;

	if ((pid = fork()) < 0) {
		fprintf(stderr, "stewardctl serve: fork: %s\n", strerror(errno));
		rc = 1;
		goto out;
	}
	if (pid == 0) {
		setpgid(0, 0);
		/* If stewardctl dies, Kore is told to stop too. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(kargv[0], (char *const *)kargv);
		fprintf(stderr, "stewardctl serve: --kore: cannot run %s: %s\n",
		    kargv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	if (jobs.enabled)
		jobs_start(&jobs);

	/* Until it answers: watch for it dying or being asked to stop. */
	for (code = 0; code < READY_TIMEOUT_MS / 100 && !ready; code++) {
		if (healthy(&l)) {
			ready = true;
			break;
		}
		sig = sigtimedwait(&set, &si, &tick);
		if (sig == SIGCHLD && waitpid(pid, &status, WNOHANG) == pid)
			goto exited;
		if (sig == SIGCHLD)
			jobs_reap(&jobs);
		jobs_tick(&jobs);
		if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP)
			goto stop;
	}
	if (!ready) {
		fprintf(stderr, "stewardctl serve: the server did not start "
		    "listening on %s:%s\n", l.host, l.port);
		goto stop;
	}
	printf("Steward is listening on http://%s%s%s:%s/ (database: %s)\n",
	    strchr(l.host, ':') ? "[" : "", l.host,
	    strchr(l.host, ':') ? "]" : "", l.port,
	    store_url_is_pg(opt_get(c, "db")) ? "PostgreSQL" : "SQLite");
	fflush(stdout);

	for (;;) {
		sig = sigtimedwait(&set, &si, &second);
		jobs_tick(&jobs);
		if (sig == SIGCHLD) {
			if (waitpid(pid, &status, WNOHANG) == pid)
				goto exited;
			jobs_reap(&jobs);
			continue;
		}
		if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP)
			break;
	}
stop:
	jobs_stop(&jobs, &set);
	kill(pid, SIGTERM);
	if (wait_child(pid, &set, STOP_GRACE_SECONDS, &status) != 0) {
		fprintf(stderr, "stewardctl serve: server did not stop in %d "
		    "seconds; killing it\n", STOP_GRACE_SECONDS);
		kill(-pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	/* Workers are in the same process group: make sure none remain. */
	kill(-pid, SIGKILL);
	rc = ready ? 0 : 1;
	goto out;
exited:
	kill(-pid, SIGKILL);
	jobs_stop(&jobs, &set);
	if (WIFEXITED(status)) {
		fprintf(stderr, "stewardctl serve: the server exited with "
		    "status %d\n", WEXITSTATUS(status));
		rc = WEXITSTATUS(status) ? WEXITSTATUS(status) : 1;
	} else {
		fprintf(stderr, "stewardctl serve: the server was killed by "
		    "signal %d\n", WTERMSIG(status));
		rc = 1;
	}
out:
	if (made_run_dir)
		remove_tree(run_dir);
	free(module);
	free(web);
	free(root);
	free(worker_db);
	free(run_dir);
	return (rc);
}
