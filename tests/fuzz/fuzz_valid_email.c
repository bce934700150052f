/*
 * fuzz_valid_email.c - the e-mail address validator (valid_email).
 *
 * Input: the text of an address. Checks, for an accepted address:
 *  - the stored form is accepted again, unchanged, with the same
 *    comparison key (normalising is idempotent);
 *  - email_norm() of it gives that key;
 *  - the key has one '@', no ASCII capitals and an ASCII domain, and
 *    neither form is longer than EMAIL_MAX bytes in the key;
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
	char		*in, *out, *norm, *out2, *norm2, *at;
	const char	*p;
	int		 rc;

	in = fuzz_str(data, size);
	arena_init(&a, 0);
	err_clear(&e);
	rc = valid_email(&a, &e, "email", in, &out, &norm);
	if (rc != ST_OK) {
		FUZZ_CHECK(fuzz_refused(rc, &e, "email"));
		FUZZ_CHECK(out == NULL && norm == NULL);
		goto done;
	}
	FUZZ_CHECK(out != NULL && norm != NULL && e.nfields == 0);
	FUZZ_CHECK(utf8_valid(out, strlen(out)) &&
	    !text_has_control(out, strlen(out), false));
	at = strrchr(norm, '@');
	FUZZ_CHECK(at != NULL && strchr(norm, '@') == at && at != norm);
	for (p = norm; *p != '\0'; p++)
		FUZZ_CHECK(!(*p >= 'A' && *p <= 'Z'));
	for (p = at + 1; *p != '\0'; p++)
		FUZZ_CHECK((unsigned char)*p < 0x80);
	FUZZ_CHECK(strlen(norm) - strlen(at) + strlen(at) <= EMAIL_MAX * 4);
	err_clear(&e);
	rc = valid_email(&a, &e, "email", out, &out2, &norm2);
	FUZZ_CHECK(rc == ST_OK);
	FUZZ_CHECK(strcmp(out, out2) == 0);
	FUZZ_CHECK(strcmp(norm, norm2) == 0);
	FUZZ_CHECK(strcmp(email_norm(&a, out), norm) == 0);
done:
	arena_free(&a);
	free(in);
	return (0);
}
