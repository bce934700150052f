/*
 * store_oms_kept.h - the records of a partner changed since its search
 * blocks began, kept by a process between its searches
 * (store_oms_kept.c), for store_oms_search_blocks.c. Internal to
 * src/store.
 *
 * A search with blocks needs those records three times: to leave them out
 * of the blocks (which may show them where they were), for the page (where
 * they are now) and for the count. Asked of the database, each costs what
 * the changed records do, and on PostgreSQL they grow for minutes between
 * rebuilds. Kept here, a search reads from the database only the records
 * changed since this process's last search of the partner, in the
 * search's own snapshot, and the rest is done in memory.
 *
 * Ownership: the kept records belong to the store (struct store's
 * oms_kept, freed by store_close() through oms_kept_free()). A set handed
 * out by oms_kept_refresh() stays valid until the next call of
 * oms_kept_refresh() or oms_kept_free() on the same store; a store is used
 * by one thread.
 */
#ifndef STEWARD_STORE_OMS_KEPT_H
#define STEWARD_STORE_OMS_KEPT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct err;
struct store;

/* One partner's kept records (opaque). */
struct oms_kept_set;

/*
 * Records a store keeps at most, for all the partners it keeps them for
 * together (some 220 bytes each), unless STEWARD_OMS_KEPT_MAX (read when
 * the store first keeps any) says another number; 0 keeps none. A
 * partner with more changed records than that is not kept (its searches
 * ask the database); others' sets make room for the one searched, the
 * least recently searched first.
 */
#define OMS_KEPT_MAX_DEFAULT	100000

/*
 * Bring partner_id's kept records up to date for its generation of blocks
 * gen, begun at mark (SQLite: records whose seq is above it changed since;
 * PostgreSQL: those whose changed_xid is at or above it). Must run in the
 * search's snapshot (store_snapshot_begin()). *out: the set, or NULL when
 * none is kept: keeping is off, the database does not sort text byte by
 * byte (the set's order would not be the display order), or more than the
 * cap changed since the generation began (then nothing is read again for
 * this generation).
 */
int	oms_kept_refresh(struct store *st, struct arena *a,
	    const char *partner_id, long long gen, long long mark,
	    const struct oms_kept_set **out, struct err *e);
/* How many records changed since the generation began (eligible or not). */
size_t	oms_kept_count_all(const struct oms_kept_set *k);
/* Whether record id changed since the generation began. */
bool	oms_kept_has(const struct oms_kept_set *k, const char *id);
/*
 * The ids of the eligible kept records whose search text holds text, in
 * display order (company, id), after (company, id) when company is not
 * NULL: at most max of them into ids (room for max); returns how many.
 * The strings belong to k.
 */
size_t	oms_kept_page(const struct oms_kept_set *k, const char *text,
	    const char *company, const char *id, const char **ids,
	    size_t max);
/* How many eligible kept records hold text, counting up to max. */
long long oms_kept_matches(const struct oms_kept_set *k, const char *text,
	    long long max);
/* Free what st keeps (store_close()). */
void	oms_kept_free(struct store *st);

#endif
