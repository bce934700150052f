/*
 * list.c - paging parameters and the list answer; see list.h.
 */
#include <assert.h>

#include "api/http.h"
#include "api/list.h"

int
rq_page(struct rq *rq, size_t nkeys, struct page *pg)
{
	return (rq_page_sized(rq, LIST_LIMIT_DEFAULT, nkeys, pg));
}

int
rq_page_sized(struct rq *rq, size_t def, size_t nkeys, struct page *pg)
{
	const char	*cur;
	long long	 limit;

	assert(def >= 1 && def <= LIST_LIMIT_MAX);
	page_first(pg, def);
	rq_query_int(rq, "limit", (long long)def, 1, LIST_LIMIT_MAX, &limit);
	rq_query_text(rq, "cursor", &cur);
	if (rq->e.status != ST_OK)
		return (rq->e.status);
	pg->limit = (size_t)limit;
	if (cur != NULL && *cur != '\0' &&
	    !page_cursor_parse(pg, &rq->a, cur, nkeys))
		return (err_field(&rq->e, "cursor", M_BAD_CURSOR));
	return (ST_OK);
}

struct jw *
list_open(struct list_out *l, const char *name)
{
	buf_init(&l->b);
	jw_init(&l->w, &l->b);
	jw_obj_begin(&l->w);
	jw_key(&l->w, name);
	jw_arr_begin(&l->w);
	return (&l->w);
}

void
list_close(struct rq *rq, struct list_out *l, const struct page *pg)
{
	jw_arr_end(&l->w);
	jw_kstr(&l->w, "next_cursor", page_cursor(pg, &rq->a));
}

void
list_reply(struct rq *rq, struct list_out *l)
{
	jw_obj_end(&l->w);
	rq_reply_json(rq, 200, &l->b);
	buf_free(&l->b);
}

void
list_answer(struct rq *rq, const char *name, const void *items, size_t n,
    size_t size, list_item_fn fn, const struct page *pg)
{
	struct list_out	 l;
	struct jw	*w;
	size_t		 i;

	w = list_open(&l, name);
	for (i = 0; i < n; i++)
		fn(rq, w, (const char *)items + i * size);
	list_close(rq, &l, pg);
	list_reply(rq, &l);
}
