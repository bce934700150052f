/*
 * oms_search.c - Find customer (Select from OMS): the search, and keeping
 * the blocks it reads a term with many matches from; see oms.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/oms.h"
#include "app/oms_int.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"
#include "core/text.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_oms.h"

/*
 * Blocks built, or dropped, in one transaction. The background process
 * builds two at a time: a step holds the write lock that creations wait
 * for (eight held it 6 ms at the median and 28 ms at p99 at a million
 * records, two 1.3 and 13 ms; bench/README.md); `stewardctl oms index`,
 * which someone waits for, eight.
 */
#define UPKEEP_BUILD_BLOCKS	2
#define INDEX_BUILD_BLOCKS	8
#define UPKEEP_DROP_BLOCKS	64
/* Seconds a replaced generation stays for searches that began on it. */
#define UPKEEP_GRACE		300

int
oms_find(struct app *app, const char *partner_id, const char *find,
    struct page *pg, struct oms_record **out, size_t *n, long long *total,
    bool *lower)
{
	char	*t, *f;
	int	 rc;

	if ((rc = partner_access(app, partner_id, false)) != ST_OK)
		return (rc);
	if (valid_text(app->a, app->e, "find", find, false, OMS_FIND_MAX, &t)
	    != ST_OK)
		return (ST_INVALID);
	if ((f = text_fold(app->a, t)) == NULL)
		return (err_field(app->e, "find", M_BAD_UTF8));
	return (store_oms_search(app->st, partner_id, app->a, f, pg, out, n,
	    total, lower, app->e));
}

/*
 * End the transaction of a step: commit it when rc is ST_OK, else roll it
 * back. A conflict means another background process took the step first:
 * no error (ST_OK), with *lost set.
 */
static int
step_end(struct app *app, int rc, bool *lost)
{
	*lost = false;
	if (rc == ST_OK)
		return (store_tx_commit(app->st, app->e));
	store_tx_rollback(app->st);
	if (rc != ST_CONFLICT)
		return (rc);
	err_clear(app->e);
	*lost = true;
	return (ST_OK);
}

/* The next blocks of partner_id's generation gen: their records read
 * first, then written in a transaction of their own, so the write lock
 * that creations wait for is held only while they are written. */
static int
build_step(struct app *app, long long gen, const char *partner_id,
    size_t nblocks, bool *done)
{
	struct oms_blocks_next	nx;
	struct arena		a;	/* a step's records; freed after it */
	bool			lost;
	int			rc;

	arena_init(&a, 0);
	if ((rc = store_oms_blocks_read(app->st, &a, gen, partner_id,
	    nblocks, &nx, app->e)) == ST_OK &&
	    (rc = store_tx_begin(app->st, app->e)) == ST_OK)
		rc = step_end(app, store_oms_blocks_write(app->st, &a, gen,
		    partner_id, &nx, app->now, done, app->e), &lost);
	arena_free(&a);
	return (rc);
}

/* Begin a generation for partner_id unless one is being built. */
static int
build_begin(struct app *app, const char *partner_id, long long *gen)
{
	bool	lost;
	int	rc;

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = step_end(app, store_oms_blocks_begin(app->st, partner_id,
	    app->now, gen, app->e), &lost);
	if (lost)
		*gen = 0;	/* one is being built */
	return (rc);
}

int
oms_blocks_upkeep(struct app *app, struct oms_upkeep *u, bool *more)
{
	char		**due, *partner_id;
	long long	  gen, mark;
	size_t		  n, i;
	bool		  done, found, lost, resting;
	int		  rc;

	*more = false;
	if ((rc = store_oms_blocks_building(app->st, app->a, &gen, &partner_id,
	    app->e)) != ST_OK)
		return (rc);
	if (gen != 0) {
		*more = true;
		return (build_step(app, gen, partner_id, UPKEEP_BUILD_BLOCKS,
		    &done));
	}
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = step_end(app, store_oms_blocks_drop(app->st,
	    app->now - UPKEEP_GRACE, UPKEEP_DROP_BLOCKS, &found, app->e),
	    &lost);
	if (rc != ST_OK || found) {
		*more = found;
		return (rc);
	}
	/* The mark first: what changes while we look is looked at again. */
	if ((rc = store_oms_blocks_mark(app->st, &mark, app->e)) != ST_OK ||
	    (rc = store_oms_blocks_due(app->st, app->a, u->since, app->now,
	    &due, &n, &resting, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		if ((rc = build_begin(app, due[i], &gen)) != ST_OK)
			return (rc);
		*more |= gen != 0;
	}
	/* A partner that waits is looked at again, changed or not. */
	if (!resting)
		u->since = mark;
	return (ST_OK);
}

int
oms_blocks_build(struct app *app, const char *partner_id, long long *blocks)
{
	long long	gen;
	bool		done = false;
	int		rc;

	*blocks = 0;
	if ((rc = oms_partner_exists(app, partner_id)) != ST_OK)
		return (rc);
	if ((rc = build_begin(app, partner_id, &gen)) != ST_OK)
		return (rc);
	if (gen == 0) {
		/* One is on its way already: finish it here. */
		if ((rc = store_oms_blocks_of(app->st, partner_id, "building",
		    &gen, blocks, app->e)) != ST_OK)
			return (rc);
	}
	while (rc == ST_OK && gen != 0 && !done)
		rc = build_step(app, gen, partner_id, INDEX_BUILD_BLOCKS,
		    &done);
	if (rc == ST_OK)
		rc = store_oms_blocks_of(app->st, partner_id, "ready", &gen,
		    blocks, app->e);
	return (rc);
}
