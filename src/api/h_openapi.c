/*
 * h_openapi.c - GET /api/v1/openapi.json: the API description, for API
 * clients and the console's API reference page. It is docs/openapi.yaml
 * itself, converted to JSON when the server is built (src/tools/yaml2json.c)
 * and compiled in, so the answer and the file cannot differ.
 */
#include <string.h>

#include "api/handlers.h"
#include "api/http.h"

/* build/gen/openapi_json.c (Makefile). */
extern const char openapi_json[];

int
h_openapi(struct rq *rq)
{
	rq_header_add(rq, "cache-control", "no-cache");
	rq_reply(rq, 200, "application/json; charset=utf-8", openapi_json,
	    strlen(openapi_json));
	return (ST_OK);
}
