/*
 * test_billing.c - activation codes (generation, forgiving reading, the
 * check symbol catching typos), exact money (parsing, rounding, text),
 * currencies from iso-codes, and the calendar arithmetic of terms.
 */
#include "testutil.h"

#include "core/actcode.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/money.h"
#include "core/rand.h"

#define ALPHABET	"0123456789ABCDEFGHJKMNPQRSTVWXYZ"

static void
test_codes_generated(void **state)
{
	struct arena	 a;
	char		*c, *canon, *again;
	int		 i;

	(void)state;
	arena_init(&a, 0);
	for (i = 0; i < 200; i++) {
		c = actcode_new(&a);
		assert_int_equal(strlen(c), ACTCODE_TEXT);
		assert_true(c[5] == '-' && c[11] == '-' && c[17] == '-' &&
		    c[23] == '-');
		assert_int_equal(actcode_read(&a, c, &canon), ACTCODE_OK);
		assert_int_equal(strlen(canon), ACTCODE_SYMBOLS);
		assert_string_equal(actcode_written(&a, canon), c);
		again = actcode_new(&a);
		assert_string_not_equal(again, c);
	}
	arena_free(&a);
}

static void
test_codes_read_forgivingly(void **state)
{
	struct arena	 a;
	char		 body[25], typed[64], *canon;
	size_t		 i;

	(void)state;
	arena_init(&a, 0);
	/* A code with 0s and 1s, typed with O, I, L, lower case, spaces. */
	memcpy(body, "01ABCDEFGH01JKMNPQ01RSTV", 24);
	body[24] = '\0';
	snprintf(typed, sizeof(typed), "%s%c", body, actcode_check(body, 24));
	for (i = 0; typed[i] != '\0'; i++)
		if (typed[i] == '0')
			typed[i] = (i % 2) ? 'o' : 'O';
		else if (typed[i] == '1')
			typed[i] = (i % 2) ? 'l' : 'I';
	assert_int_equal(actcode_read(&a, typed, &canon), ACTCODE_OK);
	assert_memory_equal(canon, body, 24);
	assert_int_equal(actcode_read(&a, " 01abc defgh-01jkm npq01 rstv", NULL),
	    ACTCODE_FORMAT);	/* 24 symbols: the check symbol is missing */
	assert_int_equal(actcode_read(&a, "", NULL), ACTCODE_FORMAT);
	assert_int_equal(actcode_read(&a, "UUUUU-UUUUU-UUUUU-UUUUU-UUUUU",
	    NULL), ACTCODE_FORMAT);
	assert_int_equal(actcode_read(&a, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-A",
	    NULL), ACTCODE_FORMAT);
	memset(typed, 'A', sizeof(typed) - 1);
	typed[sizeof(typed) - 1] = '\0';
	assert_int_equal(actcode_read(&a, typed, NULL), ACTCODE_FORMAT);
	assert_int_equal(actcode_read(&a, "AAAAA" "\xc3\xa9" "AAAA", NULL),
	    ACTCODE_FORMAT);
	arena_free(&a);
}

static void
test_codes_catch_typos(void **state)
{
	struct arena	 a;
	char		*c, *canon, bad[26];
	size_t		 i, j, caught = 0, swaps = 0;
	int		 n;

	(void)state;
	arena_init(&a, 0);
	for (n = 0; n < 50; n++) {
		c = actcode_new(&a);
		assert_int_equal(actcode_read(&a, c, &canon), ACTCODE_OK);
		/* Every single-symbol change of every position. */
		for (i = 0; i < ACTCODE_SYMBOLS; i++)
			for (j = 0; j < 32; j++) {
				if (ALPHABET[j] == canon[i])
					continue;
				memcpy(bad, canon, 26);
				bad[i] = ALPHABET[j];
				assert_int_equal(actcode_read(&a, bad, NULL),
				    ACTCODE_TYPO);
				caught++;
			}
		/* Every swap of two different neighbours. */
		for (i = 0; i + 1 < ACTCODE_SYMBOLS; i++) {
			if (canon[i] == canon[i + 1])
				continue;
			memcpy(bad, canon, 26);
			bad[i] = canon[i + 1];
			bad[i + 1] = canon[i];
			/*
			 * Like Luhn's 09/90, mod 32 cannot see the swap of
			 * 0 and Z (values 0 and 31): every other swap shows.
			 */
			if ((canon[i] == '0' && canon[i + 1] == 'Z') ||
			    (canon[i] == 'Z' && canon[i + 1] == '0'))
				continue;
			assert_int_not_equal(actcode_read(&a, bad, NULL),
			    ACTCODE_OK);
			swaps++;
		}
	}
	assert_true(caught == 50 * 25 * 31);
	assert_true(swaps > 50 * 20);
	arena_free(&a);
}

static void
test_money(void **state)
{
	struct arena	a;
	int64_t		m;

	(void)state;
	arena_init(&a, 0);
	assert_true(money_parse("0.09", &m));
	assert_int_equal(m, 90000);
	assert_true(money_parse("12", &m));
	assert_int_equal(m, 12 * MONEY_UNIT);
	assert_true(money_parse("0.000001", &m));
	assert_int_equal(m, 1);
	assert_true(money_parse("1000000000", &m));
	assert_false(money_parse("1000000000.000001", &m));
	assert_false(money_parse("0.0000001", &m));
	assert_false(money_parse("-1", &m));
	assert_false(money_parse("+1", &m));
	assert_false(money_parse("1e3", &m));
	assert_false(money_parse("1.", &m));
	assert_false(money_parse(".5", &m));
	assert_false(money_parse(" 1", &m));
	assert_false(money_parse("", &m));
	assert_false(money_parse("99999999999", &m));

	assert_int_equal(money_round(264000, 2), 260000);	/* 0.264 */
	assert_int_equal(money_round(265000, 2), 270000);	/* half up */
	assert_int_equal(money_round(-265000, 2), -270000);
	assert_int_equal(money_round(1500000, 0), 2000000);
	assert_int_equal(money_round(123456, 6), 123456);

	assert_string_equal(money_text(&a, 90000, 2), "0.09");
	assert_string_equal(money_text(&a, 33300, 2), "0.0333");
	assert_string_equal(money_text(&a, 31 * MONEY_UNIT, 2), "31.00");
	assert_string_equal(money_text(&a, 1500 * MONEY_UNIT, 0), "1500");
	assert_string_equal(money_text(&a, -260000, 2), "-0.26");
	assert_string_equal(money_text(&a, 1, 2), "0.000001");
	arena_free(&a);
}

static void
test_currencies(void **state)
{
	(void)state;
	assert_int_equal(money_load(NULL), 0);
	assert_true(currency_known("EUR"));
	assert_true(currency_known("JPY"));
	assert_true(currency_known("USD"));
	assert_false(currency_known("eur"));
	assert_false(currency_known("EURO"));
	assert_false(currency_known("XXY"));
	assert_false(currency_known(NULL));
	assert_int_equal(currency_digits("JPY"), 0);
	assert_int_equal(currency_digits("KRW"), 0);
	assert_int_equal(currency_digits("EUR"), 2);
}

static void
test_term_dates(void **state)
{
	char		out[11];
	long long	d;
	int64_t		from, to;

	(void)state;
	assert_true(date_add_days("2026-11-24", 30, out));
	assert_string_equal(out, "2026-12-24");
	assert_true(date_add_days("2027-02-27", 2, out));
	assert_string_equal(out, "2027-03-01");
	assert_true(date_add_months("2026-01-31", 1, out));
	assert_string_equal(out, "2026-02-28");
	assert_true(date_add_months("2028-01-31", 1, out));
	assert_string_equal(out, "2028-02-29");	/* leap year */
	assert_true(date_add_months("2026-11-24", 12, out));
	assert_string_equal(out, "2027-11-24");
	assert_true(date_add_months("2026-12-15", 14, out));
	assert_string_equal(out, "2028-02-15");
	assert_false(date_add_months("2026-02-30", 1, out));
	assert_true(date_diff("2026-11-24", "2026-12-24", &d));
	assert_int_equal(d, 30);
	assert_true(date_diff("2026-12-24", "2026-11-24", &d));
	assert_int_equal(d, -30);
	assert_true(month_parse("2027-02", &from, &to));
	assert_int_equal((to - from) / 86400, 28);
	assert_true(month_parse("2028-02", &from, &to));
	assert_int_equal((to - from) / 86400, 29);
	assert_true(month_parse("2026-12", &from, &to));
	assert_int_equal((to - from) / 86400, 31);
	assert_false(month_parse("2026-13", &from, &to));
	assert_false(month_parse("2026-1", &from, &to));
	assert_false(month_parse("2026-011", &from, &to));
	assert_false(month_parse("2026/01", &from, &to));
	assert_false(month_parse(NULL, &from, &to));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes_generated),
		cmocka_unit_test(test_codes_read_forgivingly),
		cmocka_unit_test(test_codes_catch_typos),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_currencies),
		cmocka_unit_test(test_term_dates),
	};

	if (rand_init() != 0)
		return (1);
	return (cmocka_run_group_tests_name("billing", tests, NULL, NULL));
}
