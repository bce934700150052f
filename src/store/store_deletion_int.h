/*
 * store_deletion_int.h - the rows of deleted records, shared by
 * store_deletion.c (customers, accounts) and store_site_deletion.c
 * (sites). Internal to src/store. Each query selects the columns of a
 * struct deleted in its order: id, account_id, name, kind, deleted_by,
 * deleted_at, purge_at, role, scope, customer_id.
 */
#ifndef STEWARD_STORE_DELETION_INT_H
#define STEWARD_STORE_DELETION_INT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct db_param;
struct db_rows;
struct deleted;
struct err;
struct page;
struct store;

/* Row i of r into d (strings stay r's, in its arena). */
void	deleted_from_row(const struct db_rows *r, size_t i, struct deleted *d);
/* Every row of r, into an array in a (*n of them); ST_OK. */
int	deleted_rows(struct db_rows *r, struct arena *a, struct deleted **out,
	    size_t *n);
/* A page of sql's deleted records (keys: deleted_at in column 5, then
 * the id), with p its np parameters. */
int	deleted_page(struct store *st, struct arena *a, struct buf *sql,
	    struct db_param *p, size_t np, const char *keys, struct page *pg,
	    struct deleted **out, size_t *n, struct err *e);
/* The rows of sql, whose parameters are now and limit, as deleted
 * records (those due for their purge). */
int	deleted_due(struct store *st, const char *sql, int64_t now,
	    size_t limit, struct arena *a, struct deleted **out, size_t *n,
	    struct err *e);

#endif
