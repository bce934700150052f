/*
 * session_cache.h - sessions this process has found live, with their
 * logins, kept to spare a database read on the requests that follow.
 *
 * Each entry carries the auth generation (store_auth_generation()) that
 * was current when its session and login were read. The database moves
 * the generation in the same transaction as every change that can end a
 * session or alter its login (migration 0028), so an entry whose
 * generation is still the database's is exactly what the database would
 * answer; auth_resolve() uses an entry only then, and still checks the
 * session's expiry against the clock on every request.
 *
 * One table per process (a request worker), direct-mapped by the session
 * id (itself a hash): a collision replaces the older entry. Memory of an
 * entry is the cache's own; session_cache_get() copies into an arena.
 */
#ifndef STEWARD_SESSION_CACHE_H
#define STEWARD_SESSION_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct arena;

/*
 * The entry for session id if it was read at generation gen: *s and *l
 * filled, their strings copied into a (l->password_hash is NULL).
 * false when there is none (an entry of another generation is dropped).
 */
bool	session_cache_get(const char *id, int64_t gen, struct arena *a,
	    struct session *s, struct login *l);
/* Keep s and l (copied), read at generation gen, under s->id. */
void	session_cache_put(int64_t gen, const struct session *s,
	    const struct login *l);
/* Forget session id. */
void	session_cache_drop(const char *id);

#endif
