/*
 * store_int.h - internals shared by the store_*.c files.
 */
#ifndef STEWARD_STORE_INT_H
#define STEWARD_STORE_INT_H

#include "store/db.h"
#include "store/store.h"

struct store {
	struct db	*db;
};

/* Run sql and require exactly zero or one row; ST_NOT_FOUND on zero. */
int	store_one(struct store *st, struct arena *a, struct db_rows *rows,
	    struct err *e, const char *sql, const struct db_param *p,
	    size_t np);

/* Helpers shared by store files. */
char	*oms_search_text(struct arena *a, const struct oms_record *o);
char	*like_pattern(struct arena *a, const char *find);

#endif
