/*
 * secretkey.c - the installation's secret key file; see secretkey.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/secretkey.h"

#define KEY_HEX		(SECRETKEY_BYTES * 2)

static int
key_create(const char *path, char *why, size_t why_len)
{
	unsigned char	raw[SECRETKEY_BYTES];
	char		hex[KEY_HEX + 2];
	ssize_t		n;
	int		fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		if (errno == EEXIST)
			return (0);	/* someone else made it: read theirs */
		snprintf(why, why_len, "cannot create the key file %s: %s",
		    path, strerror(errno));
		return (-1);
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	hex[KEY_HEX] = '\n';
	n = write(fd, hex, KEY_HEX + 1);
	sodium_memzero(hex, sizeof(hex));
	if (n != KEY_HEX + 1 || fsync(fd) != 0) {
		snprintf(why, why_len, "cannot write the key file %s: %s",
		    path, n < 0 ? strerror(errno) : "short write");
		close(fd);
		unlink(path);
		return (-1);
	}
	close(fd);
	return (0);
}

int
secretkey_load(const char *path, unsigned char key[SECRETKEY_BYTES],
    char *why, size_t why_len)
{
	char	hex[KEY_HEX + 4];
	size_t	bin_len = 0;
	ssize_t	n;
	int	fd, tries;

	for (tries = 0; tries < 50; tries++) {
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1)
			break;
		if (errno != ENOENT) {
			snprintf(why, why_len, "cannot open the key file %s: "
			    "%s", path, strerror(errno));
			return (-1);
		}
		if (key_create(path, why, why_len) != 0)
			return (-1);
	}
	if (fd == -1) {
		snprintf(why, why_len, "cannot open the key file %s", path);
		return (-1);
	}
	/* A file being written by another process right now: wait for it. */
	for (tries = 0; tries < 100; tries++) {
		n = pread(fd, hex, sizeof(hex) - 1, 0);
		if (n >= KEY_HEX)
			break;
		usleep(10000);
	}
	close(fd);
	if (n < KEY_HEX || sodium_hex2bin(key, SECRETKEY_BYTES, hex, KEY_HEX,
	    NULL, &bin_len, NULL) != 0 || bin_len != SECRETKEY_BYTES) {
		sodium_memzero(hex, sizeof(hex));
		snprintf(why, why_len, "the key file %s does not hold a key "
		    "(64 hex digits)", path);
		return (-1);
	}
	sodium_memzero(hex, sizeof(hex));
	return (0);
}

char *
secretkey_derive(struct arena *a, const unsigned char key[SECRETKEY_BYTES],
    const char *purpose, const char *what)
{
	crypto_generichash_state	st;
	unsigned char			out[32];
	char				*b64;
	size_t				len;

	crypto_generichash_init(&st, key, SECRETKEY_BYTES, sizeof(out));
	crypto_generichash_update(&st, (const unsigned char *)purpose,
	    strlen(purpose));
	crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
	crypto_generichash_update(&st, (const unsigned char *)what,
	    strlen(what));
	crypto_generichash_final(&st, out, sizeof(out));
	len = sodium_base64_ENCODED_LEN(sizeof(out),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	b64 = arena_alloc(a, len);
	sodium_bin2base64(b64, len, out, sizeof(out),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(out, sizeof(out));
	return (b64);
}
