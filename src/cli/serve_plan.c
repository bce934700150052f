/*
 * serve_plan.c - what `stewardctl serve` works out before it starts
 * anything: where the workers (and the background process) are confined
 * and how they reach the database from there, and the e-mail settings.
 *
 * Confinement (chroot when started as root; otherwise a change into the
 * directory):
 *   SQLite     the directory holding the database file (or --root, which
 *              must contain it); the file is opened by relative path.
 *   PostgreSQL over a unix socket: the socket's directory; over TCP: an
 *              empty directory in the run directory, with the host name
 *              resolved here so the confined processes need no resolver.
 */
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/mime.h"
#include "core/smtp.h"
#include "store/store.h"

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
void
cli_plan_database(struct cmd *c, const char *url, const char *root_opt,
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
