/*
 * agent_state.c - see agent_state.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "agent/agent_state.h"

/* dir + "/" + name into out; false when it does not fit. */
static bool
join_path(char *out, size_t len, const char *dir, const char *name)
{
	int	n = snprintf(out, len, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return (false);
	}
	return (true);
}

static int
fsync_dir(const char *dir)
{
	int	fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (-1);
	rc = fsync(fd);
	close(fd);
	return (rc);
}

/* mkdir -m 0700 (one level), or chmod 0700 when it exists. */
static int
dir_private(const char *path)
{
	struct stat	st;

	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return (-1);
	if (lstat(path, &st) == -1)
		return (-1);
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return (-1);
	}
	if ((st.st_mode & 07777) != 0700 && chmod(path, 0700) == -1)
		return (-1);
	return (0);
}

int
state_dir_prepare(const char *dir)
{
	char	q[PATH_MAX];

	if (dir_private(dir) == -1)
		return (-1);
	/* Secrets stay private even if someone loosened them. */
	if (join_path(q, sizeof(q), dir, STATE_IDENTITY) &&
	    chmod(q, 0600) == -1 && errno != ENOENT)
		return (-1);
	if (!join_path(q, sizeof(q), dir, STATE_QUARANTINE))
		return (-1);
	return (dir_private(q));
}

int
state_write_file(const char *dir, const char *name, const void *data,
    size_t len, mode_t mode)
{
	char		 path[PATH_MAX], tmp[PATH_MAX];
	const char	*p = data;
	ssize_t		 w;
	int		 fd, saved;

	if (!join_path(path, sizeof(path), dir, name))
		return (-1);
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return (-1);
	if (fchmod(fd, mode) == -1)
		goto fail;
	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	return (fsync_dir(dir));
fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	errno = saved;
	return (-1);
}

char *
state_read_file(const char *dir, const char *name, size_t *lenp)
{
	char		 path[PATH_MAX], *data = NULL, *n;
	size_t		 len = 0, cap = 0;
	ssize_t		 r;
	int		 fd, saved;

	if (!join_path(path, sizeof(path), dir, name))
		return (NULL);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return (NULL);
	for (;;) {
		if (cap - len < 4097) {
			size_t	ncap = cap == 0 ? 8192 : cap * 2;

			if (ncap > 64u * 1024 * 1024 ||
			    (n = realloc(data, ncap)) == NULL) {
				errno = EFBIG;
				goto fail;
			}
			data = n;
			cap = ncap;
		}
		if ((r = read(fd, data + len, cap - len - 1)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	data[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return (data);
fail:
	saved = errno;
	close(fd);
	if (data != NULL)
		sodium_memzero(data, len);
	free(data);
	errno = saved;
	return (NULL);
}

int
state_write_json(const char *dir, const char *name, const json_t *v,
    mode_t mode, bool wipe)
{
	char	*s;
	size_t	 len;
	int	 rc, saved;

	if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL) {
		errno = EINVAL;
		return (-1);
	}
	len = strlen(s);
	s[len] = '\n';		/* json_dumps leaves room: replaced NUL */
	rc = state_write_file(dir, name, s, len + 1, mode);
	saved = errno;
	if (wipe)
		sodium_memzero(s, len + 1);
	free(s);
	errno = saved;
	return (rc);
}

json_t *
state_read_json(const char *dir, const char *name)
{
	json_error_t	 je;
	json_t		*v;
	char		*s;
	size_t		 len;

	if ((s = state_read_file(dir, name, &len)) == NULL)
		return (NULL);
	v = json_loadb(s, len, JSON_REJECT_DUPLICATES, &je);
	sodium_memzero(s, len);
	free(s);
	if (v == NULL)
		errno = EINVAL;
	return (v);
}

bool
state_exists(const char *dir, const char *name)
{
	char		path[PATH_MAX];
	struct stat	st;

	return (join_path(path, sizeof(path), dir, name) &&
	    lstat(path, &st) == 0);
}

int
state_remove(const char *dir, const char *name)
{
	char	path[PATH_MAX];

	if (!join_path(path, sizeof(path), dir, name))
		return (-1);
	if (unlink(path) == -1 && errno != ENOENT)
		return (-1);
	return (fsync_dir(dir));
}

/* A string member, or NULL. */
static const char *
member_str(const json_t *o, const char *key)
{
	return (json_string_value(json_object_get(o, key)));
}

/* Wipe the text of a JSON string member before the value is released. */
static void
member_wipe(json_t *o, const char *key)
{
	json_t	*s = json_object_get(o, key);

	if (json_is_string(s))
		sodium_memzero((char *)(uintptr_t)json_string_value(s),
		    json_string_length(s));
}

int
state_identity_save(const char *dir, const struct agent_identity *id)
{
	json_t	*o;
	int	 rc, saved;

	o = json_pack("{s:s, s:s}", "device_id", id->device_id,
	    "device_secret", id->secret);
	if (o == NULL) {
		errno = EINVAL;
		return (-1);
	}
	rc = state_write_json(dir, STATE_IDENTITY, o, 0600, true);
	saved = errno;
	member_wipe(o, "device_secret");
	json_decref(o);
	errno = saved;
	return (rc);
}

int
state_identity_load(const char *dir, struct agent_identity *id)
{
	const char	*d, *s;
	json_t		*o;
	int		 rc = 0;

	memset(id, 0, sizeof(*id));
	if ((o = state_read_json(dir, STATE_IDENTITY)) == NULL)
		return (-1);
	d = member_str(o, "device_id");
	s = member_str(o, "device_secret");
	if (d == NULL || s == NULL || *d == '\0' || *s == '\0' ||
	    strlen(d) >= sizeof(id->device_id) ||
	    strlen(s) >= sizeof(id->secret)) {
		errno = EINVAL;
		rc = -1;
	} else {
		memcpy(id->device_id, d, strlen(d) + 1);
		memcpy(id->secret, s, strlen(s) + 1);
	}
	member_wipe(o, "device_secret");
	json_decref(o);
	return (rc);
}

int
state_identity_erase(const char *dir)
{
	char		path[PATH_MAX];
	char		zero[512];
	struct stat	st;
	off_t		left;
	int		fd;

	if (!join_path(path, sizeof(path), dir, STATE_IDENTITY))
		return (-1);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)) != -1) {
		memset(zero, 0, sizeof(zero));
		if (fstat(fd, &st) == 0) {
			for (left = st.st_size; left > 0; ) {
				size_t	n = left > (off_t)sizeof(zero) ?
				    sizeof(zero) : (size_t)left;
				ssize_t	w = write(fd, zero, n);

				if (w <= 0)
					break;
				left -= w;
			}
			(void)fsync(fd);
		}
		close(fd);
	}
	return (state_remove(dir, STATE_IDENTITY));
}

void
state_identity_wipe(struct agent_identity *id)
{
	sodium_memzero(id, sizeof(*id));
}

int
state_config_save(const char *dir, const struct agent_config *c)
{
	json_t	*o, *paths;
	size_t	 i;
	int	 rc, saved;

	paths = json_array();
	for (i = 0; i < c->nscan_paths; i++)
		json_array_append_new(paths, json_string(c->scan_paths[i]));
	o = json_pack("{s:s, s:s*, s:s, s:s, s:s*, s:o}", "server", c->server,
	    "ca_file", c->ca_file, "clamav_db", c->clamav_db,
	    "platform", c->platform, "hostname", c->hostname,
	    "scan_paths", paths);
	if (o == NULL) {
		errno = EINVAL;
		return (-1);
	}
	rc = state_write_json(dir, STATE_CONFIG, o, 0600, false);
	saved = errno;
	json_decref(o);
	errno = saved;
	return (rc);
}

static char *
dup_or_null(const char *s)
{
	return (s == NULL ? NULL : strdup(s));
}

int
state_config_load(const char *dir, struct agent_config *c)
{
	json_t		*o, *paths, *p;
	size_t		 i;

	memset(c, 0, sizeof(*c));
	if ((o = state_read_json(dir, STATE_CONFIG)) == NULL)
		return (-1);
	c->server = dup_or_null(member_str(o, "server"));
	c->ca_file = dup_or_null(member_str(o, "ca_file"));
	c->clamav_db = dup_or_null(member_str(o, "clamav_db"));
	c->platform = dup_or_null(member_str(o, "platform"));
	c->hostname = dup_or_null(member_str(o, "hostname"));
	paths = json_object_get(o, "scan_paths");
	c->scan_paths = calloc(json_array_size(paths) + 1,
	    sizeof(*c->scan_paths));
	json_array_foreach(paths, i, p) {
		if (json_is_string(p) && c->scan_paths != NULL)
			c->scan_paths[c->nscan_paths++] =
			    strdup(json_string_value(p));
	}
	json_decref(o);
	if (c->server == NULL || c->clamav_db == NULL || c->platform == NULL ||
	    c->scan_paths == NULL) {
		state_config_free(c);
		errno = EINVAL;
		return (-1);
	}
	return (0);
}

void
state_config_free(struct agent_config *c)
{
	size_t	i;

	free(c->server);
	free(c->ca_file);
	free(c->clamav_db);
	free(c->platform);
	free(c->hostname);
	for (i = 0; i < c->nscan_paths; i++)
		free(c->scan_paths[i]);
	free(c->scan_paths);
	memset(c, 0, sizeof(*c));
}

int
state_status_load(const char *dir, struct agent_status *s)
{
	const char	*v;
	json_t		*o;

	memset(s, 0, sizeof(*s));
	if ((o = state_read_json(dir, STATE_STATUS)) == NULL)
		return (errno == ENOENT ? 0 : -1);
	if ((v = member_str(o, "policy_version")) != NULL &&
	    strlen(v) < sizeof(s->policy_version))
		memcpy(s->policy_version, v, strlen(v) + 1);
	s->schedule_since = json_integer_value(json_object_get(o,
	    "schedule_since"));
	s->last_scan_at = json_integer_value(json_object_get(o,
	    "last_scan_at"));
	s->last_scan_files = (long)json_integer_value(json_object_get(o,
	    "last_scan_files"));
	s->last_scan_detections = (long)json_integer_value(json_object_get(o,
	    "last_scan_detections"));
	json_decref(o);
	return (0);
}

int
state_status_save(const char *dir, const struct agent_status *s)
{
	json_t	*o;
	int	 rc, saved;

	o = json_pack("{s:s*, s:I, s:I, s:I, s:I}", "policy_version",
	    s->policy_version[0] != '\0' ? s->policy_version : NULL,
	    "schedule_since", (json_int_t)s->schedule_since,
	    "last_scan_at", (json_int_t)s->last_scan_at,
	    "last_scan_files", (json_int_t)s->last_scan_files,
	    "last_scan_detections", (json_int_t)s->last_scan_detections);
	if (o == NULL) {
		errno = EINVAL;
		return (-1);
	}
	rc = state_write_json(dir, STATE_STATUS, o, 0600, false);
	saved = errno;
	json_decref(o);
	errno = saved;
	return (rc);
}

json_t *
state_threats_load(const char *dir)
{
	json_t	*a = state_read_json(dir, STATE_THREATS);

	if (a != NULL && json_is_array(a))
		return (a);
	json_decref(a);
	return (json_array());
}

int
state_threats_save(const char *dir, const json_t *threats)
{
	return (state_write_json(dir, STATE_THREATS, threats, 0600, false));
}

static bool
same_str(const json_t *a, const json_t *b, const char *key)
{
	const char	*x = member_str(a, key), *y = member_str(b, key);

	return (x != NULL && y != NULL && strcmp(x, y) == 0);
}

size_t
state_threats_ack(json_t *pending, const json_t *sent)
{
	size_t	 i, j, removed = 0;
	json_t	*p, *s;
	bool	 hit;

	for (i = 0; i < json_array_size(pending); ) {
		p = json_array_get(pending, i);
		hit = false;
		json_array_foreach(sent, j, s) {
			if (same_str(p, s, "name") && same_str(p, s, "path") &&
			    same_str(p, s, "detected_at")) {
				hit = true;
				break;
			}
		}
		if (hit) {
			json_array_remove(pending, i);
			removed++;
		} else
			i++;
	}
	return (removed);
}
