/*
 * list.h - the one shape of every list endpoint.
 *
 * In: ?limit= (1 to LIST_LIMIT_MAX; LIST_LIMIT_DEFAULT when absent, or a
 * list's own default where its whole usually fits one page) and ?cursor=
 * (opaque; the next_cursor of the page before). A bad value is a field
 * error naming the parameter (422), the same everywhere.
 * Out: {"<things>": [...], "next_cursor": null | "..."} plus any members
 * the endpoint adds after the list.
 *
 *	struct list_out	 l;
 *	struct page	 pg;
 *
 *	if ((rc = rq_page(rq, 2, &pg)) != ST_OK) return (rc);
 *	... the app call fills a page of rows and pg.more / pg.next ...
 * or, without extras: list_answer(rq, "policies", list, n, sizeof(*list),
 * render_fn, &pg);
 *
 *	w = list_open(&l, "customers");
 *	for (...) render_customer(w, ...);
 *	list_close(rq, &l, &pg);
 *	jw_kint(w, "total", total);	(optional extras)
 *	list_reply(rq, &l);
 */
#ifndef STEWARD_LIST_H
#define STEWARD_LIST_H

#include <stddef.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/page.h"

struct rq;

#define LIST_LIMIT_DEFAULT	100
#define LIST_LIMIT_MAX		500

/* Paging parameters of a list of nkeys sort keys into pg. */
int	rq_page(struct rq *rq, size_t nkeys, struct page *pg);
/* The same with another default page size (at most LIST_LIMIT_MAX). */
int	rq_page_sized(struct rq *rq, size_t def, size_t nkeys,
	    struct page *pg);

/* The answer being written; owns its buffer until list_reply(). */
struct list_out {
	struct buf	b;
	struct jw	w;
};

/* `{"name": [` : write the items with the returned writer. */
struct jw	*list_open(struct list_out *l, const char *name);
/* `], "next_cursor": ...` (the object stays open for extras). */
void		 list_close(struct rq *rq, struct list_out *l,
		    const struct page *pg);
/* `}`, answered 200 (or held back, see http.h). */
void		 list_reply(struct rq *rq, struct list_out *l);

/*
 * A list without extra members in one call: n items of size bytes from
 * items, each written by fn, then next_cursor, answered 200.
 */
typedef void	(*list_item_fn)(struct rq *rq, struct jw *w, const void *item);
void		 list_answer(struct rq *rq, const char *name,
		    const void *items, size_t n, size_t size, list_item_fn fn,
		    const struct page *pg);

#endif
