/*
 * agent_scan.c - see agent_scan.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clamav.h>

#include "agent/agent_exclude.h"
#include "agent/agent_msg.h"
#include "agent/agent_proto.h"
#include "agent/agent_quarantine.h"
#include "agent/agent_scan.h"
#include "core/clock.h"

/* Never descended into, whatever the roots say. */
static const char *const skipped[] = { "/proc", "/sys", "/dev", "/run",
    NULL };

/* libclamav's own warnings and errors, as agent messages. */
static void
clamav_message(enum cl_msg severity, const char *fullmsg, const char *msg,
    void *context)
{
	size_t	n;

	(void)fullmsg;
	(void)context;
	if (severity < CL_MSG_WARN || msg == NULL)
		return;
	n = strcspn(msg, "\n");
	agent_say("libclamav: %.*s", (int)n, msg);
}

int
scan_global_init(void)
{
	cl_set_clcb_msg(clamav_message);
	return (cl_init(CL_INIT_DEFAULT) == CL_SUCCESS ? 0 : -1);
}

int64_t
scan_dir_newest(const char *dir)
{
	char		 p[PATH_MAX];
	struct dirent	*d;
	struct stat	 st;
	int64_t		 newest = 0;
	DIR		*dp;

	if ((dp = opendir(dir)) == NULL)
		return (0);
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", dir, d->d_name) >=
		    (int)sizeof(p))
			continue;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    (int64_t)st.st_mtime > newest)
			newest = (int64_t)st.st_mtime;
	}
	closedir(dp);
	return (newest);
}

int
scan_engine_load(struct scan_engine *s, const char *dir, char *err,
    size_t errlen)
{
	unsigned int	sigs = 0;
	cl_error_t	rc;
	time_t		dbtime;
	int		e = 0;

	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	s->dir_mtime = scan_dir_newest(dir);
	if ((s->engine = cl_engine_new()) == NULL) {
		snprintf(err, errlen, "cl_engine_new failed");
		return (-1);
	}
	if ((rc = cl_load(dir, s->engine, &sigs, CL_DB_STDOPT)) !=
	    CL_SUCCESS) {
		snprintf(err, errlen, "cannot load signatures from %s: %s",
		    dir, cl_strerror(rc));
		goto fail;
	}
	if (sigs == 0) {
		snprintf(err, errlen, "no signatures in %s", dir);
		goto fail;
	}
	if ((rc = cl_engine_compile(s->engine)) != CL_SUCCESS) {
		snprintf(err, errlen, "cannot compile signatures: %s",
		    cl_strerror(rc));
		goto fail;
	}
	s->signatures = sigs;
	dbtime = (time_t)cl_engine_get_num(s->engine, CL_ENGINE_DB_TIME, &e);
	s->db_time = (e == 0 && dbtime > 0) ? (int64_t)dbtime : s->dir_mtime;
	return (0);
fail:
	cl_engine_free(s->engine);
	s->engine = NULL;
	return (-1);
}

void
scan_engine_free(struct scan_engine *s)
{
	if (s->engine != NULL)
		cl_engine_free(s->engine);
	s->engine = NULL;
	s->signatures = 0;
}

bool
scan_engine_ready(const struct scan_engine *s)
{
	return (s->engine != NULL && s->signatures > 0);
}

bool
scan_engine_stale(const struct scan_engine *s, const char *dir)
{
	return (s->engine == NULL || strcmp(s->dir, dir) != 0 ||
	    scan_dir_newest(dir) != s->dir_mtime);
}

int
scan_file(const struct scan_engine *s, const char *path,
    const char **virname)
{
	struct cl_scan_options	opts;
	cl_error_t		rc;

	memset(&opts, 0, sizeof(opts));
	opts.parse = ~0u;
	*virname = NULL;
	rc = cl_scanfile(path, virname, NULL, s->engine, &opts);
	if (rc == CL_VIRUS)
		return (1);
	if (rc == CL_CLEAN)
		return (0);
	return (-1);
}

/* Whether path is under (or is) prefix. */
static bool
under(const char *path, const char *prefix)
{
	size_t	n = strlen(prefix);

	while (n > 1 && prefix[n - 1] == '/')
		n--;
	return (strncmp(path, prefix, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/'));
}

static bool
skip_path(const struct scan_job *j, const char *path)
{
	size_t	i;

	for (i = 0; skipped[i] != NULL; i++) {
		if (under(path, skipped[i]))
			return (true);
	}
	if (j->state_dir != NULL && under(path, j->state_dir))
		return (true);
	return (exclude_match(j->exclusions, j->nexclusions, path));
}

static void
scan_one(const struct scan_engine *s, const struct scan_job *j,
    const char *path, json_t *threats, struct scan_result *res)
{
	const char	*vir;
	char		 name[256];
	int64_t		 now;
	int		 rc;

	rc = scan_file(s, path, &vir);
	if (rc == -1) {
		res->errors++;
		return;
	}
	res->files++;
	if (rc == 0)
		return;
	res->detections++;
	snprintf(name, sizeof(name), "%s", vir != NULL ? vir : "Unknown");
	now = clock_now();
	if (quarantine_file(j->quarantine_dir, path, name, now, NULL, 0) == 0)
		json_array_append_new(threats, proto_threat(name, path,
		    "quarantined", now));
	else
		json_array_append_new(threats, proto_threat(name, path,
		    "reported", now));
}

static void
walk(const struct scan_engine *s, const struct scan_job *j, const char *dir,
    int depth, json_t *threats, struct scan_result *res)
{
	char		 p[PATH_MAX];
	struct dirent	*d;
	struct stat	 st;
	DIR		*dp;
	int		 fd;

	if (depth > 64)
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || (dp = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		res->errors++;
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		if (j->stop != NULL && *j->stop) {
			res->stopped = true;
			break;
		}
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", strcmp(dir, "/") == 0 ?
		    "" : dir, d->d_name) >= (int)sizeof(p))
			continue;
		if (lstat(p, &st) == -1 || skip_path(j, p))
			continue;
		if (S_ISDIR(st.st_mode))
			walk(s, j, p, depth + 1, threats, res);
		else if (S_ISREG(st.st_mode))
			scan_one(s, j, p, threats, res);
	}
	closedir(dp);
}

int
scan_run(const struct scan_engine *s, const struct scan_job *j,
    json_t *threats, struct scan_result *res)
{
	char		real[PATH_MAX];
	struct stat	st;
	size_t		i;

	memset(res, 0, sizeof(*res));
	if (!scan_engine_ready(s))
		return (-1);
	for (i = 0; i < j->nroots; i++) {
		if (j->stop != NULL && *j->stop) {
			res->stopped = true;
			break;
		}
		if (realpath(j->roots[i], real) == NULL ||
		    lstat(real, &st) == -1)
			continue;	/* a missing root is no error */
		if (strcmp(real, "/") != 0 && skip_path(j, real))
			continue;
		if (S_ISDIR(st.st_mode))
			walk(s, j, real, 0, threats, res);
		else if (S_ISREG(st.st_mode))
			scan_one(s, j, real, threats, res);
	}
	return (0);
}
