/*
 * rand.h - identifiers and secret tokens from libsodium's CSPRNG.
 *
 * Record ids are "<prefix>_" followed by 16 lower-case base32 characters
 * (80 random bits): unguessable, URL-safe, and the same on every backend.
 * Tokens (session cookies, CSRF tokens) are 32 random bytes in unpadded
 * base64url. token_hash() gives the hex BLAKE2b-256 digest under which a
 * token is stored, so a copy of the database does not hold live secrets.
 *
 * rand_init() must run once before the first use (it calls sodium_init).
 */
#ifndef STEWARD_RAND_H
#define STEWARD_RAND_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

#define ID_RANDOM_CHARS	16
#define TOKEN_BYTES	32

int	 rand_init(void);

/* New id "prefix_xxxxxxxxxxxxxxxx", allocated in a. */
char	*id_new(struct arena *a, const char *prefix);
/*
 * The same shape, but the first 11 symbols are the time in microseconds,
 * so ids made later sort later (audit events in the order they happened).
 */
char	*id_new_ordered(struct arena *a, const char *prefix);

/* Whether s looks like an id with the given prefix. */
bool	 id_valid(const char *s, const char *prefix);

/* New random token (base64url, 43 chars), allocated in a. */
char	*token_new(struct arena *a);

/* Hex BLAKE2b-256 of s, allocated in a. */
char	*token_hash(struct arena *a, const char *s);
/*
 * token_hash(), remembered for the tokens a process presents again and
 * again (session cookies, API clients' bearer tokens). The process keeps
 * up to TOKEN_MEMO_SLOTS digests it computed, each under a SipHash-128 of
 * its token keyed with a key drawn at random by the process: the tokens
 * themselves are never kept, and the key is not known outside it, so no
 * other token can be made to find an entry. The tag's first byte picks a
 * set of TOKEN_MEMO_WAYS entries; a token new to a full set takes the
 * place of the set's oldest. The memo is the process's own and unlocked:
 * call it from one thread only (a request worker's event loop: the
 * router).
 */
#define TOKEN_MEMO_SLOTS	256
#define TOKEN_MEMO_WAYS		4
char	*token_hash_memo(struct arena *a, const char *s);

/* Constant-time equality of two NUL-terminated strings. */
bool	 secret_equal(const char *a, const char *b);

/* Uniform random integer in [0, upper). */
unsigned rand_uniform(unsigned upper);
/*
 * A number in [0, upper) from a fast generator (xorshift64*) seeded once
 * per process from the above, without a system call per number: for
 * spreading load (check-in jitter), never for secrets.
 */
unsigned rand_cheap(unsigned upper);

#endif
