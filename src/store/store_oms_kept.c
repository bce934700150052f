/*
 * store_oms_kept.c - the records of a partner changed since its search
 * blocks began, kept by a process between searches (store_oms_kept.h):
 * each search reads only what changed since this process's last one, in
 * its own snapshot, and merges it in; the set is kept in display order
 * for the page and by id for the block scans.
 *
 * What was read last is a mark in the engine's own terms. SQLite: the
 * highest seq handed out (OMS_SEQ_TOP), read in the search's snapshot;
 * one writer at a time hands out seqs in commit order, so every record
 * with a seq up to it is in that snapshot. PostgreSQL: the oldest
 * transaction of the search's snapshot that may still have been running
 * (its xmin, leaving out those known to be another database's), so every
 * record with a changed_xid below it was committed before the snapshot
 * and is in it; records at or above it are read again next time. A
 * process's mark only moves forward. Seqs are never handed out twice (an
 * account purge indexes the waiting records first, so the index mark
 * holds OMS_SEQ_TOP up); should the top ever be found below a set's mark,
 * the set is read again from its generation's start.
 *
 * Only a search's own read-only snapshot fills a set: inside a writer's
 * transaction it would see rows that may yet be rolled back.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/hash.h"
#include "store/store_int.h"
#include "store/store_oms_kept.h"

/* Partners a store keeps records for (the least recently searched goes). */
#define KEPT_PARTNERS	4

/* One kept record; its strings follow it in the same allocation. */
struct kept_rec {
	long long	 chg;		/* seq or changed_xid */
	const char	*id;
	const char	*company;
	const char	*text;		/* search text; NULL: not eligible */
	size_t		 len;		/* its length */
	uint64_t	 pairs[2];	/* pairs_of(text) */
	bool		 gone;		/* replaced by a newer read */
};

/* What one search looks for: the text and pairs_of() it. */
struct kept_find {
	const char	*text;
	size_t		 len;
	uint64_t	 pairs[2];
};

struct oms_kept_set {
	char			 *partner_id;	/* NULL: unused */
	long long		  gen;
	long long		  gen_mark;
	long long		  read_mark;
	bool			  over;		/* more than the cap changed */
	struct kept_rec		**v;		/* display order */
	size_t			  n;
	struct kept_rec		**slots;	/* by id (open addressing) */
	size_t			  nslots;
	unsigned long long	  used;
};

struct oms_kept {
	struct oms_kept_set	 sets[KEPT_PARTNERS];
	unsigned long long	 tick;
	size_t			 max;
	int			 bytes;		/* -1: not asked yet */
};

/*
 * PostgreSQL: the search snapshot's xmin, without the transactions that
 * pg_stat_activity shows running in another database (those never write
 * these records; one long one there would hold the mark back). A
 * transaction of this database that ended after the snapshot was taken is
 * no longer shown, so it stays in: the mark errs low, never high.
 */
#define PG_READ_MARK \
	"SELECT COALESCE(MIN(x::text::bigint)," \
	" pg_snapshot_xmax(pg_current_snapshot())::text::bigint)" \
	" FROM pg_snapshot_xip(pg_current_snapshot()) x" \
	" WHERE (x::text::bigint % 4294967296)::text::xid NOT IN" \
	" (SELECT backend_xid FROM pg_stat_activity" \
	" WHERE datname <> current_database() AND backend_xid IS NOT NULL)"

/*
 * PostgreSQL: whether text sorts byte by byte (C, POSIX, C.UTF-8), as
 * SQLite's BINARY does: the database's collation (a linguistic one puts
 * "a" before "B" and "é" before "z"), which the display order's columns
 * use unless they name their own.
 */
#define PG_BYTE_ORDER \
	"SELECT CASE WHEN 'B' < 'a' AND 'z' < '\xc3\xa9' AND 'Z' < '_'" \
	" AND 'a b' < 'a-b' AND (SELECT bool_and(c.collname IN" \
	" ('default', 'C', 'POSIX')) FROM pg_attribute a" \
	" JOIN pg_collation c ON c.oid = a.attcollation" \
	" WHERE a.attrelid = 'oms_records'::regclass" \
	" AND a.attname IN ('company', 'id')) THEN 1 ELSE 0 END"

/*
 * The pairs of adjacent bytes of s, each hashed to one of 128 bits: a
 * text holds every pair of any text it contains, so a record lacking one
 * of the term's bits cannot hold the term and is passed over without
 * memmem() (most records, for a term of several characters).
 */
static void
pairs_of(const char *s, size_t len, uint64_t pairs[2])
{
	unsigned	h;
	size_t		i;

	pairs[0] = pairs[1] = 0;
	for (i = 1; i < len; i++) {
		h = ((unsigned char)s[i - 1] * 31u + (unsigned char)s[i]) & 127;
		pairs[h >> 6] |= (uint64_t)1 << (h & 63);
	}
}

static void
find_init(struct kept_find *q, const char *text)
{
	q->text = text;
	q->len = strlen(text);
	pairs_of(text, q->len, q->pairs);
}

static bool
holds(const struct kept_rec *k, const struct kept_find *q)
{
	return (k->text != NULL && k->len >= q->len &&
	    (k->pairs[0] & q->pairs[0]) == q->pairs[0] &&
	    (k->pairs[1] & q->pairs[1]) == q->pairs[1] &&
	    memmem(k->text, k->len, q->text, q->len) != NULL);
}

static void *
kept_alloc(size_t n)
{
	void	*p = calloc(1, n);

	if (p == NULL)
		steward_oom(n);
	return (p);
}

static int
rec_cmp(const struct kept_rec *x, const struct kept_rec *y)
{
	int	c = strcmp(x->company, y->company);

	return (c != 0 ? c : strcmp(x->id, y->id));
}

static int
rec_qcmp(const void *x, const void *y)
{
	return (rec_cmp(*(struct kept_rec *const *)x,
	    *(struct kept_rec *const *)y));
}

static struct kept_rec *
rec_new(const struct db_rows *r, size_t i)
{
	const char	*id = db_cell(r, i, 0), *company = db_cell(r, i, 1);
	const char	*text = db_cell(r, i, 2);
	bool		 eligible = db_cell_int(r, i, 3) != 0;
	size_t		 li = strlen(id) + 1, lc, lt;
	struct kept_rec	*k;
	char		*p;

	company = company != NULL ? company : "";
	text = text != NULL ? text : "";
	lc = strlen(company) + 1;
	lt = eligible ? strlen(text) + 1 : 0;
	k = kept_alloc(sizeof(*k) + li + lc + lt);
	p = (char *)(k + 1);
	k->chg = db_cell_int(r, i, 4);
	k->id = memcpy(p, id, li);
	k->company = memcpy(p + li, company, lc);
	k->text = eligible ? memcpy(p + li + lc, text, lt) : NULL;
	if (eligible) {
		k->len = lt - 1;
		pairs_of(k->text, k->len, k->pairs);
	}
	return (k);
}

static void
set_clear(struct oms_kept_set *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->slots);
	s->v = s->slots = NULL;
	s->n = s->nslots = 0;
}

/* The slot of id: where it is, or the empty one where it would go. */
static struct kept_rec **
slot_of(const struct oms_kept_set *s, const char *id)
{
	size_t	i;

	assert(s->nslots > 0);
	for (i = hash_str(id) & (s->nslots - 1); s->slots[i] != NULL &&
	    strcmp(s->slots[i]->id, id) != 0; i = (i + 1) & (s->nslots - 1))
		;
	return (&s->slots[i]);
}

static void
slots_build(struct oms_kept_set *s)
{
	size_t	i;

	free(s->slots);
	for (s->nslots = 64; s->nslots < 2 * s->n + 2; s->nslots *= 2)
		;
	s->slots = kept_alloc(s->nslots * sizeof(*s->slots));
	for (i = 0; i < s->n; i++)
		*slot_of(s, s->v[i]->id) = s->v[i];
}

/* Whether a record at chg changed since mark, in the engine's terms. */
static bool
since(const struct store *st, long long chg, long long mark)
{
	return (db_kind(st->db) == DB_SQLITE ? chg > mark : chg >= mark);
}

/* Keep only the records changed since mark (a newer generation's). */
static void
set_narrow(const struct store *st, struct oms_kept_set *s, long long mark)
{
	size_t	i, n = 0;

	for (i = 0; i < s->n; i++) {
		if (since(st, s->v[i]->chg, mark))
			s->v[n++] = s->v[i];
		else
			free(s->v[i]);
	}
	s->n = n;
	slots_build(s);
}

/*
 * Merge the records of r (read newer) into s, in display order: each
 * takes its id's slot, the record it replaces going; the slots are built
 * again only when they would be more than half full.
 */
static void
set_merge(struct oms_kept_set *s, const struct db_rows *r)
{
	struct kept_rec	**in, **v, **slot;
	size_t		  i, j, n = 0;
	bool		  rebuild = 2 * (s->n + r->nrows) + 2 > s->nslots;

	in = kept_alloc(r->nrows * sizeof(*in));
	for (i = 0; i < r->nrows; i++) {
		in[i] = rec_new(r, i);
		if (s->nslots == 0)
			continue;
		slot = slot_of(s, in[i]->id);
		if (*slot != NULL)
			(*slot)->gone = true;
		if (!rebuild)
			*slot = in[i];
	}
	qsort(in, r->nrows, sizeof(*in), rec_qcmp);
	v = kept_alloc((s->n + r->nrows + 1) * sizeof(*v));
	for (i = j = 0; i < s->n || j < r->nrows; ) {
		if (i < s->n && s->v[i]->gone) {
			free(s->v[i++]);
			continue;
		}
		if (j == r->nrows || (i < s->n &&
		    rec_cmp(s->v[i], in[j]) < 0))
			v[n++] = s->v[i++];
		else
			v[n++] = in[j++];
	}
	free(in);
	free(s->v);
	s->v = v;
	s->n = n;
	if (rebuild)
		slots_build(s);
}

/* The set for partner_id: its own, else a free one or the least
 * recently used, emptied. */
static struct oms_kept_set *
set_for(struct oms_kept *k, const char *partner_id)
{
	struct oms_kept_set	*s, *pick = &k->sets[0];
	size_t			 i;

	for (i = 0; i < KEPT_PARTNERS; i++) {
		s = &k->sets[i];
		if (s->partner_id != NULL && strcmp(s->partner_id, partner_id) ==
		    0)
			return (s);
		if (pick->partner_id != NULL && (s->partner_id == NULL ||
		    s->used < pick->used))
			pick = s;
	}
	set_clear(pick);
	free(pick->partner_id);
	memset(pick, 0, sizeof(*pick));
	pick->partner_id = kept_alloc(strlen(partner_id) + 1);
	memcpy(pick->partner_id, partner_id, strlen(partner_id) + 1);
	return (pick);
}

/* The other partners' sets, least recently searched first, emptied until
 * all of them together keep no more than the cap. */
static void
make_room(struct oms_kept *k, const struct oms_kept_set *keep)
{
	struct oms_kept_set	*s, *old;
	size_t			 i, total;

	for (;;) {
		total = 0;
		old = NULL;
		for (i = 0; i < KEPT_PARTNERS; i++) {
			s = &k->sets[i];
			total += s->n;
			if (s != keep && s->n > 0 &&
			    (old == NULL || s->used < old->used))
				old = s;
		}
		if (total <= k->max || old == NULL)
			return;
		/* Read again from its generation's start next time. */
		set_clear(old);
		old->gen = 0;
	}
}

static struct oms_kept *
kept_of(struct store *st)
{
	const char	*env;
	char		*end;
	long		 v;

	if (st->oms_kept == NULL) {
		st->oms_kept = kept_alloc(sizeof(*st->oms_kept));
		st->oms_kept->bytes = -1;
		st->oms_kept->max = OMS_KEPT_MAX_DEFAULT;
		if ((env = getenv("STEWARD_OMS_KEPT_MAX")) != NULL) {
			v = strtol(env, &end, 10);
			if (end != env && *end == '\0' && v >= 0 &&
			    v <= 1000000)
				st->oms_kept->max = (size_t)v;
		}
	}
	return (st->oms_kept);
}

int
oms_kept_refresh(struct store *st, struct arena *a, const char *partner_id,
    long long gen, long long mark, const struct oms_kept_set **out,
    struct err *e)
{
	struct oms_kept		*k = kept_of(st);
	struct oms_kept_set	*s;
	struct db_rows		 r;
	long long		 top, b;
	bool			 lite = db_kind(st->db) == DB_SQLITE;
	int			 rc;

	*out = NULL;
	if (k->max == 0 || !st->snapshot_own)
		return (ST_OK);
	if (k->bytes < 0) {
		b = 1;
		if (!lite && (rc = store_count(st, e, &b, PG_BYTE_ORDER,
		    DB_NOARGS)) != ST_OK)
			return (rc);
		k->bytes = b == 1;
	}
	if (!k->bytes)
		return (ST_OK);
	s = set_for(k, partner_id);
	s->used = ++k->tick;
	if (s->gen != gen) {
		/* A newer generation that began before this set's last read:
		 * what it has not seen stays. Otherwise the set would hold
		 * records the new blocks have, until the next generation. */
		if (s->gen != 0 && !s->over && s->gen_mark <= mark &&
		    s->read_mark >= mark)
			set_narrow(st, s, mark);
		else {
			set_clear(s);
			s->read_mark = mark;
		}
		s->gen = gen;
		s->gen_mark = mark;
		s->over = false;
	} else if (s->over)
		return (ST_OK);
	if ((rc = store_count(st, e, &top, lite ? "SELECT " OMS_SEQ_TOP :
	    PG_READ_MARK, DB_NOARGS)) != ST_OK)
		return (rc);
	if (lite && top < s->read_mark) {
		set_clear(s);
		s->read_mark = mark;
	}
	rc = db_query(st->db, a, &r, e, lite ?
	    "SELECT id, company, search_text, eligible, seq FROM oms_records"
	    " INDEXED BY oms_records_partner_seq"
	    " WHERE partner_id = ? AND seq > ? LIMIT ?" :
	    "SELECT id, company, search_text, eligible, changed_xid"
	    " FROM oms_records WHERE partner_id = ? AND changed_xid >= ?"
	    " LIMIT ?", DB_ARGS(DB_TEXT(partner_id), DB_INT(s->read_mark),
	    DB_INT((long long)k->max + 1)));
	if (rc != ST_OK) {
		/* Nothing half read stays: read again from the start. */
		set_clear(s);
		s->gen = 0;
		return (rc);
	}
	if (r.nrows > 0 && r.nrows <= k->max)
		set_merge(s, &r);
	if (r.nrows > k->max || s->n > k->max) {
		set_clear(s);
		s->over = true;
		return (ST_OK);
	}
	if (top > s->read_mark)
		s->read_mark = top;
	make_room(k, s);
	*out = s;
	return (ST_OK);
}

size_t
oms_kept_count_all(const struct oms_kept_set *k)
{
	return (k->n);
}

bool
oms_kept_has(const struct oms_kept_set *k, const char *id)
{
	return (k->nslots > 0 && *slot_of(k, id) != NULL);
}

size_t
oms_kept_page(const struct oms_kept_set *k, const char *text,
    const char *company, const char *id, const char **ids, size_t max)
{
	struct kept_rec	 after = { .company = company, .id = id };
	struct kept_find q;
	size_t		 lo = 0, hi = k->n, mid, n = 0;

	/* The first record after the cursor's. */
	while (company != NULL && lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rec_cmp(k->v[mid], &after) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	find_init(&q, text);
	for (; lo < k->n && n < max; lo++)
		if (holds(k->v[lo], &q))
			ids[n++] = k->v[lo]->id;
	return (n);
}

long long
oms_kept_matches(const struct oms_kept_set *k, const char *text,
    long long max)
{
	struct kept_find q;
	long long	 n = 0;
	size_t		 i;

	find_init(&q, text);
	for (i = 0; i < k->n && n < max; i++)
		if (holds(k->v[i], &q))
			n++;
	return (n);
}

void
oms_kept_free(struct store *st)
{
	size_t	i;

	if (st->oms_kept == NULL)
		return;
	for (i = 0; i < KEPT_PARTNERS; i++) {
		set_clear(&st->oms_kept->sets[i]);
		free(st->oms_kept->sets[i].partner_id);
	}
	free(st->oms_kept);
	st->oms_kept = NULL;
}
