/*
 * session_cache.c - sessions this process has found live; see
 * session_cache.h.
 */
#include <stdlib.h>
#include <string.h>

#include "app/session_cache.h"
#include "core/arena.h"

#define SC_SLOTS	1024	/* a power of two */
#define SC_NONE		UINT32_MAX

/* The strings of an entry, in its blob. */
enum {
	F_ID, F_LOGIN_ID, F_CSRF, F_IP, F_AGENT,
	F_EMAIL, F_NAME, F_LANGUAGE, F_TIME_ZONE, F_STATUS,
	NFIELDS
};

struct sc_entry {
	char		*blob;		/* NULL: empty slot */
	size_t		 len;
	uint32_t	 off[NFIELDS];	/* SC_NONE for a NULL string */
	int64_t		 gen;
	int64_t		 created_at, last_seen_at, expires_at, revoked_at;
	int64_t		 login_created_at;
};

static struct sc_entry	slots[SC_SLOTS];

static struct sc_entry *
slot_of(const char *id)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < 16 && id[i] != '\0'; i++)
		h = (h ^ (unsigned char)id[i]) * 16777619u;
	return (&slots[h & (SC_SLOTS - 1)]);
}

static void
entry_clear(struct sc_entry *x)
{
	free(x->blob);
	memset(x, 0, sizeof(*x));
}

static const char *
field(const char *blob, const struct sc_entry *x, int f)
{
	return (x->off[f] == SC_NONE ? NULL : blob + x->off[f]);
}

bool
session_cache_get(const char *id, int64_t gen, struct arena *a,
    struct session *s, struct login *l)
{
	struct sc_entry	*x = slot_of(id);
	char		*b;

	if (x->blob == NULL || strcmp(x->blob + x->off[F_ID], id) != 0)
		return (false);
	if (x->gen != gen) {
		entry_clear(x);
		return (false);
	}
	b = arena_alloc(a, x->len);
	memcpy(b, x->blob, x->len);
	s->id = field(b, x, F_ID);
	s->login_id = field(b, x, F_LOGIN_ID);
	s->csrf_token = field(b, x, F_CSRF);
	s->created_at = x->created_at;
	s->last_seen_at = x->last_seen_at;
	s->expires_at = x->expires_at;
	s->revoked_at = x->revoked_at;
	s->ip = field(b, x, F_IP);
	s->user_agent = field(b, x, F_AGENT);
	l->id = s->login_id;
	l->email = field(b, x, F_EMAIL);
	l->name = field(b, x, F_NAME);
	l->password_hash = NULL;
	l->language = field(b, x, F_LANGUAGE);
	l->time_zone = field(b, x, F_TIME_ZONE);
	l->status = field(b, x, F_STATUS);
	l->created_at = x->login_created_at;
	return (true);
}

void
session_cache_put(int64_t gen, const struct session *s, const struct login *l)
{
	const char	*v[NFIELDS];
	struct sc_entry	*x = slot_of(s->id);
	size_t		 len = 0, n;
	int		 f;

	v[F_ID] = s->id;
	v[F_LOGIN_ID] = s->login_id;
	v[F_CSRF] = s->csrf_token;
	v[F_IP] = s->ip;
	v[F_AGENT] = s->user_agent;
	v[F_EMAIL] = l->email;
	v[F_NAME] = l->name;
	v[F_LANGUAGE] = l->language;
	v[F_TIME_ZONE] = l->time_zone;
	v[F_STATUS] = l->status;
	for (f = 0; f < NFIELDS; f++)
		if (v[f] != NULL)
			len += strlen(v[f]) + 1;
	entry_clear(x);
	if (len >= SC_NONE || (x->blob = malloc(len)) == NULL)
		return;	/* not kept: the next request reads the database */
	x->len = len;
	len = 0;
	for (f = 0; f < NFIELDS; f++) {
		if (v[f] == NULL) {
			x->off[f] = SC_NONE;
			continue;
		}
		n = strlen(v[f]) + 1;
		memcpy(x->blob + len, v[f], n);
		x->off[f] = (uint32_t)len;
		len += n;
	}
	x->gen = gen;
	x->created_at = s->created_at;
	x->last_seen_at = s->last_seen_at;
	x->expires_at = s->expires_at;
	x->revoked_at = s->revoked_at;
	x->login_created_at = l->created_at;
}

void
session_cache_drop(const char *id)
{
	struct sc_entry	*x = slot_of(id);

	if (x->blob != NULL && strcmp(x->blob + x->off[F_ID], id) == 0)
		entry_clear(x);
}
