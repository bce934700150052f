/*
 * fuzz_valid_phone.c - the phone number validator (valid_phone, through
 * libphonenumber) and the phone search helpers (core/phone.cc).
 *
 * Input: one byte choosing the customer's country (none, JP, US, GB, DE,
 * FR, AU, CN, an unknown code, lower case), then the number as typed.
 * Checks, for an accepted number:
 *  - it is '+' and digits, at most 3 + 17 of them (libphonenumber's
 *    longest country code and national number: some German numbers
 *    are longer than E.164's 15 digits);
 *  - it is accepted again, with or without a country, as itself;
 *  - phone_display() of it is printable and keeps its digits;
 *  - phone_search_digits() of it holds its digits without the '+';
 * and phone_query_digits() only ever writes digits.
 */
#include "fuzz.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/phone.h"
#include "core/valid.h"

static const char *const regions[] = { NULL, "JP", "US", "GB", "DE", "FR",
	"AU", "CN", "ZZ", "jp" };

FUZZ_SETUP(phone_init())

/* The digits of s, in order, into out (at least strlen(s) + 1 bytes). */
static void
digits_of(const char *s, char *out)
{
	for (; *s != '\0'; s++)
		if (*s >= '0' && *s <= '9')
			*out++ = *s;
	*out = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct err	 e;
	const char	*region;
	char		*in, *e164, *again, disp[64], search[128], q[64];
	char		 d1[64], d2[64];
	size_t		 i, n;
	int		 rc;

	if (size < 1)
		return (0);
	region = regions[data[0] % (sizeof(regions) / sizeof(regions[0]))];
	in = fuzz_str(data + 1, size - 1);
	arena_init(&a, 0);
	err_clear(&e);
	if (phone_query_digits(in, q, sizeof(q)))
		for (i = 0; q[i] != '\0'; i++)
			FUZZ_CHECK(q[i] >= '0' && q[i] <= '9');
	rc = valid_phone(&a, &e, "phone", in, region, &e164);
	if (rc != ST_OK) {
		FUZZ_CHECK(e164 == NULL && fuzz_refused(rc, &e, "phone"));
		goto done;
	}
	n = strlen(e164);
	FUZZ_CHECK(e164[0] == '+' && n >= 4 && n <= 21);
	for (i = 1; i < n; i++)
		FUZZ_CHECK(e164[i] >= '0' && e164[i] <= '9');
	err_clear(&e);
	FUZZ_CHECK(valid_phone(&a, &e, "phone", e164, NULL, &again) == ST_OK);
	FUZZ_CHECK(strcmp(again, e164) == 0);
	FUZZ_CHECK(valid_phone(&a, &e, "phone", e164, region, &again) ==
	    ST_OK && strcmp(again, e164) == 0);
	phone_display(e164, disp, sizeof(disp));
	for (i = 0; disp[i] != '\0'; i++)
		FUZZ_CHECK(disp[i] >= 0x20 && disp[i] < 0x7f);
	digits_of(disp, d1);
	digits_of(e164, d2);
	FUZZ_CHECK(strcmp(d1, d2) == 0);
	phone_search_digits(e164, search, sizeof(search));
	FUZZ_CHECK(strncmp(search, e164 + 1, n - 1) == 0);
done:
	arena_free(&a);
	free(in);
	return (0);
}
