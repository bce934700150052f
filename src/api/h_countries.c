/*
 * h_countries.c - GET /api/v1/countries: ISO 3166-1 countries with names
 * in the caller's language (from Debian's iso-codes), for country pickers.
 */
#include "api/handlers.h"
#include "api/http.h"
#include "core/country.h"
#include "core/json.h"

int
h_countries(struct rq *rq)
{
	const struct country	*c;
	struct buf		 b = BUF_INIT;
	struct jw		 w;
	size_t			 i;

	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "countries");
	jw_arr_begin(&w);
	for (i = 0; (c = country_at(i)) != NULL; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "code", c->alpha2);
		jw_kstr(&w, "name", rq->app.lang == LANG_JA ? c->name_ja :
		    c->name_en);
		jw_kstr(&w, "name_en", c->name_en);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	rq_header_add(rq, "vary", "accept-language, cookie");
	rq_reply_json(rq, 200, &b);
	buf_free(&b);
	return (ST_OK);
}
