/*
 * agent_quarantine.c - see agent_quarantine.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "agent/agent_proto.h"
#include "agent/agent_quarantine.h"
#include "agent/agent_state.h"
#include "core/dates.h"

/* Copy from fd to a new file dst (0600), fsync'd. */
static int
copy_to(int fd, const char *dst)
{
	char	 b[65536];
	ssize_t	 r, w, off;
	int	 out, saved;

	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1)
		return (-1);
	if (lseek(fd, 0, SEEK_SET) == -1)
		goto fail;
	for (;;) {
		if ((r = read(fd, b, sizeof(b))) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		for (off = 0; off < r; off += w) {
			if ((w = write(out, b + off, (size_t)(r - off))) == -1) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				goto fail;
			}
		}
	}
	if (fsync(out) == -1)
		goto fail;
	if (close(out) == -1) {
		out = -1;
		goto fail;
	}
	return (0);
fail:
	saved = errno;
	if (out != -1)
		close(out);
	unlink(dst);
	errno = saved;
	return (-1);
}

int
quarantine_file(const char *qdir, const char *path, const char *signature,
    int64_t when, char *out, size_t len)
{
	char		 name[64], dst[PATH_MAX], side[80], iso[21], hex[17];
	char		 clean[PATH_MAX];
	unsigned char	 rnd[8];
	struct stat	 st;
	struct tm	 tm;
	time_t		 t = (time_t)when;
	json_t		*meta;
	int		 fd, saved, dfd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return (-1);
	if (fstat(fd, &st) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return (-1);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return (-1);
	}
	gmtime_r(&t, &tm);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	strftime(iso, sizeof(iso), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(name, sizeof(name), "%s-%s.bin", iso, hex);
	if (snprintf(dst, sizeof(dst), "%s/%s", qdir, name) >=
	    (int)sizeof(dst)) {
		close(fd);
		errno = ENAMETOOLONG;
		return (-1);
	}
	/*
	 * Take the file away from its owner's reach first: the quarantined
	 * inode is ours and 0600 whichever way it moves.
	 */
	if (rename(path, dst) == 0) {
		if (fchown(fd, geteuid(), getegid()) == -1) {
			/* Not ours to give away: 0600 still shuts others out. */
		}
		if (fchmod(fd, 0600) == -1) {
			saved = errno;
			(void)rename(dst, path);
			close(fd);
			errno = saved;
			return (-1);
		}
	} else if (errno == EXDEV) {
		if (copy_to(fd, dst) == -1 || unlink(path) == -1) {
			saved = errno;
			unlink(dst);
			close(fd);
			errno = saved;
			return (-1);
		}
	} else {
		saved = errno;
		close(fd);
		errno = saved;
		return (-1);
	}
	close(fd);
	time_iso(when, iso);
	proto_clean_text(path, clean, sizeof(clean));
	meta = json_pack("{s:s, s:s, s:s, s:I}", "original_path", clean,
	    "signature", signature, "quarantined_at", iso,
	    "size", (json_int_t)st.st_size);
	snprintf(side, sizeof(side), "%s.json", name);
	if (meta != NULL)
		(void)state_write_json(qdir, side, meta, 0600, false);
	json_decref(meta);
	if ((dfd = open(qdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(dfd);
		close(dfd);
	}
	if (out != NULL)
		snprintf(out, len, "%s", dst);
	return (0);
}
