/*
 * fuzz_valid_postal.c - the postal code validator (valid_postal_code).
 *
 * Input: one byte choosing the country (none, a country with a known
 * format, or one without), then the code as typed. Checks, for an
 * accepted code:
 *  - it is upper-case ASCII letters, digits, spaces and hyphens only;
 *  - it is accepted again for the same country as itself (the canonical
 *    spacing is a fixed point);
 * and for a refused one: exactly one field error, on the field named.
 */
#include "fuzz.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/valid.h"

static const char *const countries[] = { NULL, "JP", "US", "GB", "DE", "FR",
	"CA", "AU", "NL", "SE", "PL", "PT", "CZ", "BR", "TW", "ES", "KE",
	"IE", "ZZ" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct err	 e;
	const char	*country;
	char		*in, *out, *again;
	size_t		 i;
	int		 rc;

	if (size < 1)
		return (0);
	country = countries[data[0] % (sizeof(countries) /
	    sizeof(countries[0]))];
	in = fuzz_str(data + 1, size - 1);
	arena_init(&a, 0);
	err_clear(&e);
	rc = valid_postal_code(&a, &e, "postal_code", in, country, &out);
	if (rc != ST_OK) {
		FUZZ_CHECK(out == NULL && fuzz_refused(rc, &e, "postal_code"));
		goto done;
	}
	FUZZ_CHECK(*out != '\0');
	for (i = 0; out[i] != '\0'; i++)
		FUZZ_CHECK((out[i] >= 'A' && out[i] <= 'Z') ||
		    (out[i] >= '0' && out[i] <= '9') || out[i] == ' ' ||
		    out[i] == '-');
	/* The stored form is a fixed point. */
	err_clear(&e);
	FUZZ_CHECK(valid_postal_code(&a, &e, "postal_code", out, country,
	    &again) == ST_OK && strcmp(out, again) == 0);
done:
	arena_free(&a);
	free(in);
	return (0);
}
