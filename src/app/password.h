/*
 * password.h - password hashing and the password policy.
 *
 * Hashes are libsodium's Argon2id strings (crypto_pwhash_str, interactive
 * limits: 64 MiB, 2 passes), salted and self-describing, so the limits can
 * be raised later and old hashes still verify.
 *
 * The policy: at least 10 characters, at most 200; not the e-mail address
 * or name; not a dictionary word or a systematic sequence (cracklib, with
 * Debian's dictionary), nor a dictionary word with digits and symbols
 * added ("Password1234").
 */
#ifndef STEWARD_PASSWORD_H
#define STEWARD_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct err;

#define PASSWORD_MIN	10
#define PASSWORD_MAX	200

/* Compute a hash (allocated in a). ST_INTERNAL if memory is refused. */
int	 password_hash(struct arena *a, const char *pw, char **out,
	    struct err *e);

/* The same into a caller's buffer (no allocation: safe on a task thread,
 * offload.h); false if memory is refused. */
#define PASSWORD_HASH_LEN	128
bool	 password_hash_into(const char *pw, char out[PASSWORD_HASH_LEN]);

/* Whether pw matches hash. */
bool	 password_verify(const char *hash, const char *pw);

/*
 * A hash of a random password nobody knows: verifying against it spends
 * the time of a real verification, for sign-ins of unknown e-mails.
 */
const char *password_dummy_hash(void);

/* Prepare the dummy hash (call once per process, before the sandbox). */
void	 password_init(void);

/*
 * The server opens the dictionary before the sandbox and before its
 * workers fork; they share it, one lookup at a time. Without this call
 * (the command line) the first check calls it.
 */
void	 password_dict_open(void);

/* Check pw against the policy; adds a field error under `field`. */
int	 password_policy(struct err *e, const char *field, const char *pw,
	    const char *email, const char *name);

#endif
