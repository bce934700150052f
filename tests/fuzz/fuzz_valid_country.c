/*
 * fuzz_valid_country.c - the country validator (valid_country, over the
 * iso-codes list) and the text checks every validator starts with
 * (valid_text and core/text.c).
 *
 * Input: any bytes as a field's text. Checks:
 *  - valid_country accepts exactly the trimmed, upper-cased alpha-2 codes
 *    country_find() knows, and gives that code;
 *  - utf8_valid() agrees with walking the text by utf8_seq_len();
 *  - valid_text's result is trimmed, has no control characters, is
 *    within its length, and is accepted again as itself;
 *  - text_fold() gives valid UTF-8 exactly when the input is.
 */
#include "fuzz.h"

#include "core/arena.h"
#include "core/country.h"
#include "core/err.h"
#include "core/text.h"
#include "core/valid.h"

FUZZ_SETUP(if (country_load(NULL) != 0) abort())

/* Whether s is valid UTF-8, walking it sequence by sequence. */
static bool
walk_valid(const char *s, size_t len)
{
	size_t	i = 0, n;

	while (i < len) {
		n = utf8_seq_len((const unsigned char *)s + i, len - i);
		if (n == 0 || n > len - i)
			return (false);
		i += n;
	}
	return (true);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct err	 e;
	char		*in, *out, *t, *again, *f;
	size_t		 len, n;
	int		 rc;

	in = fuzz_str(data, size);
	len = strlen(in);
	arena_init(&a, 0);
	FUZZ_CHECK(utf8_valid(in, len) == walk_valid(in, len));
	err_clear(&e);
	rc = valid_text(&a, &e, "name", in, true, 20, &t);
	if (rc == ST_OK) {
		n = strlen(t);
		FUZZ_CHECK(n > 0 && t[0] != ' ' && t[n - 1] != ' ');
		FUZZ_CHECK(utf8_valid(t, n) && !text_has_control(t, n, false));
		FUZZ_CHECK(utf8_chars(t, n) <= 20);
		FUZZ_CHECK(valid_text(&a, &e, "name", t, true, 20, &again) ==
		    ST_OK && strcmp(t, again) == 0);
	} else
		FUZZ_CHECK(fuzz_refused(rc, &e, "name"));
	f = text_fold(&a, in);
	FUZZ_CHECK((f != NULL) == utf8_valid(in, len));
	if (f != NULL)
		FUZZ_CHECK(utf8_valid(f, strlen(f)));
	err_clear(&e);
	rc = valid_country(&a, &e, "country", in, &out);
	if (rc == ST_OK) {
		FUZZ_CHECK(strlen(out) == 2 && out[0] >= 'A' && out[0] <= 'Z' &&
		    out[1] >= 'A' && out[1] <= 'Z');
		FUZZ_CHECK(country_find(out) != NULL);
		FUZZ_CHECK(valid_country(&a, &e, "country", out, &again) ==
		    ST_OK && strcmp(out, again) == 0);
	} else {
		FUZZ_CHECK(out == NULL && fuzz_refused(rc, &e, "country"));
		/* A known code in any case, with blanks around, is taken. */
		t = text_upper_ascii(&a, text_trim(&a, in));
		FUZZ_CHECK(!utf8_valid(in, len) || text_has_control(in, len,
		    false) || country_find(t) == NULL);
	}
	arena_free(&a);
	free(in);
	return (0);
}
