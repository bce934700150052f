/*
 * money.h - exact amounts and ISO 4217 currencies.
 *
 * Amounts are int64 millionths of a currency unit ("micros"), so a price
 * per seat per day such as 0.0333 EUR is exact and a month of seat-days
 * sums without rounding. Only a total shown to a person is rounded, to
 * the currency's minor unit (half away from zero).
 *
 * Currencies come from Debian's iso-codes (iso_4217.json), loaded once
 * per process by money_load() before any sandbox is entered.
 */
#ifndef STEWARD_MONEY_H
#define STEWARD_MONEY_H

#include <stdbool.h>
#include <stdint.h>

struct arena;

#define MONEY_UNIT	1000000LL		/* micros in one unit */
#define MONEY_MAX	(1000000000LL * MONEY_UNIT)	/* a billion units */

/* Load the currency list from prefix (NULL: /usr/share). 0 on success. */
int	 money_load(const char *prefix);
/* Whether code is a known upper-case ISO 4217 alpha-3 code. */
bool	 currency_known(const char *code);
/* Digits of the currency's minor unit (0 for JPY, KRW...; else 2). */
int	 currency_digits(const char *code);

/*
 * Parse a non-negative decimal ("12", "0.0333") with at most six
 * fraction digits and at most MONEY_MAX into micros. false on anything
 * else (signs, exponents, spaces, too many digits).
 */
bool	 money_parse(const char *s, int64_t *micros);

/* Round micros to `digits` fraction digits, half away from zero. */
int64_t	 money_round(int64_t micros, int digits);

/*
 * Decimal text of micros with at least min_digits and at most 6 fraction
 * digits (trailing zeros past min_digits dropped), in a: a price is
 * money_text(a, p, 2) -> "0.0333"; a rounded total
 * money_text(a, money_round(t, d), d) -> "31.00".
 */
char	*money_text(struct arena *a, int64_t micros, int min_digits);

#endif
