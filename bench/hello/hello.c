/*
 * hello.c - the baseline for bench/run.sh: a Kore module that answers
 * every request with a fixed 3-byte body and does nothing else.
 */
#include <kore/kore.h>
#include <kore/http.h>

int	hello(struct http_request *);

int
hello(struct http_request *req)
{
	http_response_header(req, "content-type", "text/plain");
	http_response(req, 200, "ok\n", 3);
	return (KORE_RESULT_OK);
}
