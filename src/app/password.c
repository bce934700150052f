/*
 * password.c - Argon2id hashing and the password policy; see password.h.
 */
#include <sys/mman.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <crack.h>
#include <packer.h>
#include <sodium.h>

#include "app/password.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "core/text.h"

static char	dummy_hash[crypto_pwhash_STRBYTES];

/*
 * cracklib's dictionary, opened before the sandbox by the server (whose
 * workers inherit it) or on first use by a command. cracklib opens one
 * dictionary per process, and its reads seek files whose offsets the
 * workers share after fork(), so a lookup holds a lock that every worker
 * inherits: a POSIX record lock on an anonymous file, which processes
 * (not descriptors) own, so two workers' lookups take turns.
 */
static PWDICT	*dict;
static bool	 dict_tried;
static int	 dict_lock = -1;

static PWDICT *
dict_open(void)
{
	const char	*prefix = GetDefaultCracklibDict();
	char		 path[512], mode[] = "r";

	snprintf(path, sizeof(path), "%s.pwd", prefix);
	if (access(path, R_OK) != 0)
		return (NULL);
	return (PWOpen(prefix, mode));
}

void
password_dict_open(void)
{
	dict_tried = true;
	if ((dict = dict_open()) == NULL) {
		log_msg(LV_WARN, "password.nodict", "cracklib dictionary %s "
		    "missing; dictionary check skipped",
		    GetDefaultCracklibDict());
		return;
	}
	if ((dict_lock = memfd_create("steward-cracklib", MFD_CLOEXEC)) ==
	    -1) {
		log_msg(LV_ERROR, "password.nodict", "cannot create the "
		    "dictionary's lock (%s); dictionary check skipped",
		    strerror(errno));
		PWClose(dict);
		dict = NULL;
	}
}

/* Take (F_WRLCK) or give back (F_UNLCK) the dictionary between workers;
 * false when the lock failed (logged). */
static bool
dict_turn(short type)
{
	struct flock	fl;

	if (dict_lock == -1)
		return (true);
	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	while (fcntl(dict_lock, F_SETLKW, &fl) == -1)
		if (errno != EINTR) {
			log_msg(LV_ERROR, "password.lock", "dictionary lock: "
			    "%s", strerror(errno));
			return (false);
		}
	return (true);
}

int
password_hash(struct arena *a, const char *pw, char **out, struct err *e)
{
	char	h[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str(h, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return (err_internal(e, "crypto_pwhash_str failed"));
	*out = arena_strdup(a, h);
	return (0);
}

bool
password_hash_into(const char *pw, char out[PASSWORD_HASH_LEN])
{
	_Static_assert(PASSWORD_HASH_LEN >= crypto_pwhash_STRBYTES,
	    "PASSWORD_HASH_LEN holds an Argon2id string");
	return (crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0);
}

bool
password_verify(const char *hash, const char *pw)
{
	if (hash == NULL || pw == NULL)
		return (false);
	return (crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0);
}

void
password_init(void)
{
	unsigned char	r[16];
	char		pw[33];

	if (dummy_hash[0] != '\0')
		return;
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(pw, sizeof(pw), r, sizeof(r));
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0';
}

const char *
password_dummy_hash(void)
{
	password_init();
	return (dummy_hash);
}

/* cracklib's verdict, or NULL when fine or when no dictionary is there. */
static const char *
crack_check(const char *pw)
{
	char		 copy[PASSWORD_MAX + 1];
	const char	*verdict;

	if (dict == NULL && !dict_tried)
		password_dict_open();
	if (dict == NULL || !dict_turn(F_WRLCK))
		return (NULL);
	snprintf(copy, sizeof(copy), "%s", pw);
	verdict = FascistLookUser(dict, copy, "steward", NULL);
	(void)dict_turn(F_UNLCK);
	return (verdict);
}

/*
 * Whether pw (lower case) is little more than copies of word (len bytes,
 * compared case-insensitively): fewer than 6 characters remain once every
 * copy is removed. Words shorter than 3 characters are ignored.
 */
static bool
mostly_made_of(const char *pw, const char *word, size_t wlen)
{
	char		 rest[PASSWORD_MAX + 1];
	size_t		 i, n = 0, plen = strlen(pw);

	if (wlen < 3)
		return (false);
	for (i = 0; i < plen;) {
		if (i + wlen <= plen && strncasecmp(pw + i, word, wlen) == 0) {
			i += wlen;
			continue;
		}
		rest[n++] = pw[i++];
	}
	rest[n] = '\0';
	return (n < plen && utf8_chars(rest, n) < 6);
}

/* Whether s is a shorter string repeated ("abcabcabcabc"). */
static bool
periodic(const char *s)
{
	size_t	len = strlen(s), p, i;

	for (p = 1; p <= len / 2; p++) {
		if (len % p != 0)
			continue;
		for (i = p; i < len && s[i] == s[i - p]; i++)
			;
		if (i == len)
			return (true);
	}
	return (false);
}

int
password_policy(struct err *e, const char *field, const char *pw,
    const char *email, const char *name)
{
	const char	*why;
	char		 base[PASSWORD_MAX + 1], lpw[PASSWORD_MAX + 1];
	size_t		 len, i, nb = 0, chars;
	const char	*at;

	if (pw == NULL)
		return (err_field(e, field, M_REQUIRED));
	len = strlen(pw);
	if (!utf8_valid(pw, len))
		return (err_field(e, field, M_BAD_UTF8));
	chars = utf8_chars(pw, len);
	if (chars < PASSWORD_MIN)
		return (err_fieldn(e, field, M_TOO_SHORT, PASSWORD_MIN));
	if (chars > PASSWORD_MAX || len > PASSWORD_MAX)
		return (err_fieldn(e, field, M_TOO_LONG, PASSWORD_MAX));
	if (text_has_control(pw, len, false))
		return (err_field(e, field, M_CONTROL_CHARS));

	for (i = 0; i < len; i++)
		lpw[i] = (char)tolower((unsigned char)pw[i]);
	lpw[len] = '\0';
	if (email != NULL && (at = strchr(email, '@')) != NULL &&
	    mostly_made_of(lpw, email, (size_t)(at - email)))
		return (err_fields(e, field, M_PASSWORD_WEAK,
		    "it is based on your e-mail address"));
	if (email != NULL && strcasecmp(pw, email) == 0)
		return (err_fields(e, field, M_PASSWORD_WEAK,
		    "it is your e-mail address"));
	if (name != NULL && mostly_made_of(lpw, name, strlen(name)))
		return (err_fields(e, field, M_PASSWORD_WEAK,
		    "it is based on your name"));
	if (periodic(lpw))
		return (err_fields(e, field, M_PASSWORD_WEAK,
		    "it repeats a short pattern"));

	if ((why = crack_check(pw)) != NULL)
		return (err_fields(e, field, M_PASSWORD_WEAK, why));

	/* A word with digits or symbols around it: check the word alone. */
	for (i = 0; i < len; i++)
		if (isalpha((unsigned char)pw[i]))
			base[nb++] = (char)tolower((unsigned char)pw[i]);
		else if (nb > 0 && i + 1 < len &&
		    isalpha((unsigned char)pw[i + 1]))
			break;	/* letters on both sides: not a padded word */
	base[nb] = '\0';
	if (i == len && nb >= 4 && (why = crack_check(base)) != NULL &&
	    strstr(why, "dictionary") != NULL)
		return (err_fields(e, field, M_PASSWORD_WEAK,
		    "it is a dictionary word with a few characters added"));
	return (0);
}
