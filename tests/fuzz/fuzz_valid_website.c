/*
 * fuzz_valid_website.c - the web site validator (valid_website, through
 * libcurl's URL parser and libidn2).
 *
 * Input: the text of a web site. Checks, for an accepted one:
 *  - it starts with "http://" or "https://", has no space, backslash,
 *    control character or user name, and is at most 253 characters;
 *  - it is accepted again as itself (normalising is idempotent);
 * and for a refused one: exactly one field error, on the field named.
 */
#include "fuzz.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/text.h"
#include "core/valid.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct err	 e;
	char		*in, *out, *again, *host;
	size_t		 hostlen;
	int		 rc;

	in = fuzz_str(data, size);
	arena_init(&a, 0);
	err_clear(&e);
	rc = valid_website(&a, &e, "website", in, &out);
	if (rc != ST_OK) {
		FUZZ_CHECK(out == NULL && fuzz_refused(rc, &e, "website"));
		goto done;
	}
	FUZZ_CHECK(strncmp(out, "http://", 7) == 0 ||
	    strncmp(out, "https://", 8) == 0);
	FUZZ_CHECK(strpbrk(out, " \\") == NULL);
	FUZZ_CHECK(utf8_valid(out, strlen(out)) &&
	    !text_has_control(out, strlen(out), false));
	FUZZ_CHECK(utf8_chars(out, strlen(out)) <= 253);
	host = strstr(out, "://") + 3;
	hostlen = strcspn(host, "/?#");
	FUZZ_CHECK(memchr(host, '@', hostlen) == NULL);
	/* The stored form is a fixed point. */
	err_clear(&e);
	FUZZ_CHECK(valid_website(&a, &e, "website", out, &again) ==
	    ST_OK && strcmp(out, again) == 0);
done:
	arena_free(&a);
	free(in);
	return (0);
}
