/*
 * h_countries.c - GET /api/v1/countries: ISO 3166-1 countries with names
 * in the caller's language (from Debian's iso-codes), for country pickers.
 * All of them fit one page by default; they are listed by code.
 */
#include "api/handlers.h"
#include "api/http.h"
#include "api/list.h"
#include "core/country.h"
#include "core/json.h"

#define COUNTRIES_PAGE	300

static const char *
country_key(size_t i, const void *ctx)
{
	(void)ctx;
	return (country_at(i)->alpha2);
}

int
h_countries(struct rq *rq)
{
	const struct country	*c;
	struct list_out		 l;
	struct page		 pg;
	struct jw		*w;
	size_t			 first, count, i;
	int			 rc;

	if ((rc = rq_page_sized(rq, COUNTRIES_PAGE, 1, &pg)) != ST_OK)
		return (rc);
	page_slice(&pg, country_count(), country_key, NULL, &first, &count);
	w = list_open(&l, "countries");
	for (i = first; i < first + count; i++) {
		c = country_at(i);
		jw_obj_begin(w);
		jw_kstr(w, "code", c->alpha2);
		jw_kstr(w, "name", rq->app.lang == LANG_JA ? c->name_ja :
		    c->name_en);
		jw_kstr(w, "name_en", c->name_en);
		jw_obj_end(w);
	}
	list_close(rq, &l, &pg);
	rq_header_add(rq, "vary", "accept-language, cookie");
	list_reply(rq, &l);
	return (ST_OK);
}
