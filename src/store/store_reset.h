/*
 * store_reset.h - forgotten-password links: one row per link sent, under
 * the hash of its token (rand.h token_hash), valid until expires_at and
 * used at most once. Strings returned are allocated in the arena given.
 */
#ifndef STEWARD_STORE_RESET_H
#define STEWARD_STORE_RESET_H

#include <stdint.h>

struct arena;
struct err;
struct store;

/* Record a link for login_id. */
int	store_reset_create(struct store *st, const char *token_hash,
	    const char *login_id, int64_t now, int64_t expires_at,
	    struct err *e);
/* The login of an unused link that has not expired (ST_NOT_FOUND
 * otherwise); *login_id in a. */
int	store_reset_peek(struct store *st, struct arena *a,
	    const char *token_hash, int64_t now, const char **login_id,
	    struct err *e);
/*
 * Use the link once: ST_OK for exactly one caller however many race, and
 * the login's other unused links end with it. ST_NOT_FOUND when it was
 * used, expired or never existed.
 */
int	store_reset_use(struct store *st, const char *token_hash,
	    const char *login_id, int64_t now, struct err *e);
/* How many links were sent to login_id since `since`. */
int	store_reset_count(struct store *st, const char *login_id,
	    int64_t since, long long *n, struct err *e);

#endif
