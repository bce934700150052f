/*
 * cmd_backup.c - stewardctl backup and restore: an online, consistent copy
 * of the database while the servers go on writing, and its way back into
 * an empty database.
 *
 * SQLite: the online backup API copies every page in one read transaction
 * (store_sqlite_copy), so the copy is the database as of one moment; the
 * copy is checked with PRAGMA integrity_check before it takes the backup's
 * name. PostgreSQL: pg_dump in its custom format (one repeatable-read
 * snapshot) and pg_restore in one transaction, the documented way; the
 * programs of the newest installed PostgreSQL are used (or those in
 * --pg-bin). A restore goes into an empty database only, unless --force.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "store/store.h"

/* A PostgreSQL client program: in --pg-bin, else the newest installed
 * server's bin directory, else the PATH. */
static void
pg_tool(struct cmd *c, const char *name, char *out, size_t len)
{
	glob_t		 g;
	const char	*best = NULL;
	long		 v, best_v = -1;
	size_t		 i;

	if (opt_get(c, "pg-bin") != NULL) {
		snprintf(out, len, "%s/%s", opt_get(c, "pg-bin"), name);
		return;
	}
	snprintf(out, len, "%s", name);
	if (glob("/usr/lib/postgresql/*/bin", 0, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		v = strtol(g.gl_pathv[i] + strlen("/usr/lib/postgresql/"), NULL,
		    10);
		if (v > best_v) {
			best_v = v;
			best = g.gl_pathv[i];
		}
	}
	if (best != NULL)
		snprintf(out, len, "%s/%s", best, name);
	globfree(&g);
}

/* The URL as libpq's programs take it (serve's "pgsql:" form included). */
static const char *
pg_conninfo(const char *url)
{
	return (strncmp(url, "pgsql:", 6) == 0 ? url + 6 : url);
}

/* Run a program and wait: its exit status, or -1 when it could not run
 * or was killed. */
static int
run(const char *const argv[])
{
	pid_t	pid;
	int	status;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		return (-1);
	if (pid == 0) {
		execv(argv[0], (char *const *)argv);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "stewardctl: cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return (-1);
	return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Make tmp durable and give it its name (replacing a file there). */
static int
settle(const char *tmp, const char *final)
{
	char	 dir[PATH_MAX], *slash;
	int	 fd;

	if ((fd = open(tmp, O_RDONLY)) < 0 || fsync(fd) != 0) {
		if (fd >= 0)
			close(fd);
		return (-1);
	}
	close(fd);
	if (rename(tmp, final) != 0)
		return (-1);
	snprintf(dir, sizeof(dir), "%s", final);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	return (0);
}

static void
unlink_sqlite(const char *path)
{
	char	p[PATH_MAX];

	(void)unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s-journal", path);
	(void)unlink(p);
}

static void __attribute__((noreturn))
fail(struct cmd *c, struct store *st, const char *what, const struct err *e)
{
	fprintf(stderr, "stewardctl %s: %s%s%s\n", c->name, what,
	    e != NULL ? ": " : "", e != NULL ? (e->internal[0] ?
	    e->internal : e->code) : "");
	store_close(st);
	exit(1);
}

/* Open a SQLite file that must exist (exits 1 otherwise). */
static struct store *
open_sqlite(struct cmd *c, const char *path, const char *opt)
{
	struct store	*st;
	struct err	 e;

	err_clear(&e);
	if (access(path, R_OK) != 0)
		opt_fail(c, opt, "no database at %s", path);
	if (store_open(path, false, &st, &e) != ST_OK)
		fail(c, NULL, path, &e);
	return (st);
}

/* Check that st is intact and not newer than this build (exits 1). */
static int
check_copy(struct cmd *c, struct store *st, const char *what)
{
	struct arena	 a;
	struct err	 e;
	const char	*problem;
	int		 current, latest;

	err_clear(&e);
	arena_init(&a, 0);
	if (store_integrity(st, &a, &problem, &e) != ST_OK)
		fail(c, st, what, &e);
	if (problem != NULL) {
		fprintf(stderr, "stewardctl %s: %s is damaged: %s\n", c->name,
		    what, problem);
		store_close(st);
		exit(1);
	}
	arena_free(&a);
	if (store_schema_version(st, &current, &latest, &e) != ST_OK)
		fail(c, st, what, &e);
	if (current > latest) {
		fprintf(stderr, "stewardctl %s: %s is at schema version %d, "
		    "newer than this build's %d\n", c->name, what, current,
		    latest);
		store_close(st);
		exit(1);
	}
	return (current);
}

int
cmd_backup(struct cmd *c, int argc, char **argv)
{
	struct store	*st;
	struct err	 e;
	const char	*url, *to;
	const char	*args[8];
	char		 tmp[PATH_MAX], tool[PATH_MAX], file[PATH_MAX + 16];
	int		 version, rc;

	opts_parse(c, argc, argv, NULL);
	url = opt_get(c, "db");
	to = opt_get(c, "to");
	err_clear(&e);
	snprintf(tmp, sizeof(tmp), "%s.partial-%d", to, (int)getpid());
	if (store_url_is_pg(url)) {
		pg_tool(c, "pg_dump", tool, sizeof(tool));
		snprintf(file, sizeof(file), "--file=%s", tmp);
		args[0] = tool;
		args[1] = "--format=custom";
		args[2] = "--no-password";
		args[3] = file;
		args[4] = "--dbname";
		args[5] = pg_conninfo(url);
		args[6] = NULL;
		if ((rc = run(args)) != 0) {
			(void)unlink(tmp);
			fprintf(stderr, "stewardctl backup: %s failed (%s %d)\n",
			    tool, rc < 0 ? "killed or not run" : "status", rc);
			return (1);
		}
		if (settle(tmp, to) != 0) {
			fprintf(stderr, "stewardctl backup: --to: %s: %s\n", to,
			    strerror(errno));
			(void)unlink(tmp);
			return (1);
		}
		printf("Backed up the PostgreSQL database to %s (pg_dump "
		    "custom format; restore with `stewardctl restore`)\n", to);
		return (0);
	}
	st = open_sqlite(c, url, "db");
	unlink_sqlite(tmp);
	if (store_sqlite_copy(st, tmp, &e) != ST_OK) {
		unlink_sqlite(tmp);
		fail(c, st, "the copy failed", &e);
	}
	store_close(st);
	/* The copy is read back and checked before it takes the name. */
	st = open_sqlite(c, tmp, "to");
	version = check_copy(c, st, tmp);
	store_close(st);
	if (settle(tmp, to) != 0) {
		fprintf(stderr, "stewardctl backup: --to: %s: %s\n", to,
		    strerror(errno));
		unlink_sqlite(tmp);
		return (1);
	}
	unlink_sqlite(tmp);
	printf("Backed up the SQLite database to %s (schema version %d, "
	    "integrity checked)\n", to, version);
	return (0);
}

/* Refuse a target that holds tables unless --force (exits 2). */
static void
target_empty(struct cmd *c, struct store *st)
{
	struct err	e;
	long long	n;

	err_clear(&e);
	if (store_table_count(st, &n, &e) != ST_OK)
		fail(c, st, "cannot read the target database", &e);
	if (n > 0 && !opt_flag(c, "force")) {
		store_close(st);
		opt_fail(c, "db", "the database is not empty (%lld tables): "
		    "restore into a new, empty database, or add --force to "
		    "replace what it holds (stop every server using it first)",
		    n);
	}
}

static int
restore_pg(struct cmd *c, const char *url, const char *from)
{
	struct store	*st;
	struct err	 e;
	const char	*args[12];
	char		 tool[PATH_MAX];
	int		 i = 0, rc, version;

	err_clear(&e);
	if (store_open(url, false, &st, &e) != ST_OK)
		fail(c, NULL, "--db", &e);
	target_empty(c, st);
	store_close(st);
	pg_tool(c, "pg_restore", tool, sizeof(tool));
	args[i++] = tool;
	args[i++] = "--no-owner";
	args[i++] = "--no-privileges";
	args[i++] = "--no-password";
	args[i++] = "--exit-on-error";
	args[i++] = "--single-transaction";
	if (opt_flag(c, "force")) {
		args[i++] = "--clean";
		args[i++] = "--if-exists";
	}
	args[i++] = "--dbname";
	args[i++] = pg_conninfo(url);
	args[i++] = from;
	args[i] = NULL;
	if ((rc = run(args)) != 0) {
		fprintf(stderr, "stewardctl restore: %s failed (%s %d); the "
		    "target is as it was\n", tool, rc < 0 ?
		    "killed or not run" : "status", rc);
		return (1);
	}
	if (store_open(url, false, &st, &e) != ST_OK)
		fail(c, NULL, "--db", &e);
	version = check_copy(c, st, "the restored database");
	store_close(st);
	printf("Restored %s into the PostgreSQL database (schema version %d)"
	    "\n", from, version);
	return (0);
}

int
cmd_restore(struct cmd *c, int argc, char **argv)
{
	struct store	*src, *dst;
	struct err	 e;
	const char	*url, *from;
	char		 tmp[PATH_MAX];
	int		 version;
	FILE		*in, *out;
	char		 buf[65536];
	size_t		 n;

	opts_parse(c, argc, argv, NULL);
	url = opt_get(c, "db");
	from = opt_get(c, "from");
	err_clear(&e);
	if (access(from, R_OK) != 0)
		opt_fail(c, "from", "cannot read %s: %s", from,
		    strerror(errno));
	if (store_url_is_pg(url))
		return (restore_pg(c, url, from));

	if (access(url, F_OK) == 0) {
		dst = open_sqlite(c, url, "db");
		target_empty(c, dst);
		store_close(dst);
	}
	/* Read the backup from a scratch copy (opening a database writes to
	 * it), check it, then copy it into the target page by page. */
	snprintf(tmp, sizeof(tmp), "%s.restore-%d", url, (int)getpid());
	unlink_sqlite(tmp);
	if ((in = fopen(from, "rb")) == NULL || (out = fopen(tmp, "wb")) ==
	    NULL) {
		if (in != NULL)
			fclose(in);
		fprintf(stderr, "stewardctl restore: %s: %s\n", in == NULL ?
		    from : tmp, strerror(errno));
		return (1);
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	if (ferror(in) || fclose(out) != 0) {
		fclose(in);
		unlink_sqlite(tmp);
		fprintf(stderr, "stewardctl restore: cannot copy %s\n", from);
		return (1);
	}
	fclose(in);
	src = open_sqlite(c, tmp, "from");
	version = check_copy(c, src, from);
	if (store_sqlite_copy(src, url, &e) != ST_OK) {
		unlink_sqlite(tmp);
		fail(c, src, "the restore failed", &e);
	}
	store_close(src);
	unlink_sqlite(tmp);
	dst = open_sqlite(c, url, "db");
	(void)check_copy(c, dst, "the restored database");
	store_close(dst);
	printf("Restored %s into %s (schema version %d, integrity checked)\n",
	    from, url, version);
	return (0);
}
