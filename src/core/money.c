/*
 * money.c - amounts and currencies; see money.h.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/money.h"

static char	(*currencies)[4];
static size_t	  ncurrencies;

/* ISO 4217 currencies without a minor unit (or with one nobody uses). */
static const char *const zero_digit[] = {
	"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
	"UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF", NULL
};

static int
cmp_code(const void *a, const void *b)
{
	return (strcmp(a, b));
}

int
money_load(const char *prefix)
{
	char		 path[512];
	json_t		*root, *list, *v;
	json_error_t	 jerr;
	const char	*code;
	size_t		 i;

	if (currencies != NULL)
		return (0);
	snprintf(path, sizeof(path), "%s/iso-codes/json/iso_4217.json",
	    prefix != NULL ? prefix : "/usr/share");
	if ((root = json_load_file(path, 0, &jerr)) == NULL) {
		log_msg(LV_ERROR, "money.load", "%s: %s", path, jerr.text);
		return (-1);
	}
	list = json_object_get(root, "4217");
	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    (currencies = calloc(json_array_size(list),
	    sizeof(*currencies))) == NULL) {
		json_decref(root);
		return (-1);
	}
	json_array_foreach(list, i, v) {
		code = json_string_value(json_object_get(v, "alpha_3"));
		if (code == NULL || strlen(code) != 3)
			continue;
		memcpy(currencies[ncurrencies++], code, 4);
	}
	qsort(currencies, ncurrencies, sizeof(*currencies), cmp_code);
	json_decref(root);
	return (ncurrencies > 0 ? 0 : -1);
}

bool
currency_known(const char *code)
{
	if (code == NULL || strlen(code) != 3 || currencies == NULL)
		return (false);
	return (bsearch(code, currencies, ncurrencies, sizeof(*currencies),
	    cmp_code) != NULL);
}

int
currency_digits(const char *code)
{
	size_t	i;

	for (i = 0; zero_digit[i] != NULL; i++)
		if (code != NULL && strcmp(code, zero_digit[i]) == 0)
			return (0);
	return (2);
}

bool
money_parse(const char *s, int64_t *micros)
{
	int64_t	whole = 0, frac = 0, scale = MONEY_UNIT;
	size_t	nwhole = 0, nfrac = 0;

	if (s == NULL)
		return (false);
	for (; *s >= '0' && *s <= '9'; s++, nwhole++) {
		if (nwhole >= 10)
			return (false);
		whole = whole * 10 + (*s - '0');
	}
	if (nwhole == 0)
		return (false);
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, nfrac++) {
			if (nfrac >= 6)
				return (false);
			scale /= 10;
			frac += (*s - '0') * scale;
		}
		if (nfrac == 0)
			return (false);
	}
	if (*s != '\0')
		return (false);
	if (whole * MONEY_UNIT + frac > MONEY_MAX)
		return (false);
	*micros = whole * MONEY_UNIT + frac;
	return (true);
}

int64_t
money_round(int64_t micros, int digits)
{
	int64_t	step = MONEY_UNIT, half, r;
	int	i;

	assert(digits >= 0 && digits <= 6);
	for (i = 0; i < digits; i++)
		step /= 10;
	if (step == 1)
		return (micros);
	half = step / 2;
	if (micros >= 0)
		r = (micros + half) / step * step;
	else
		r = -((-micros + half) / step * step);
	return (r);
}

char *
money_text(struct arena *a, int64_t micros, int min_digits)
{
	char		 frac[8];
	const char	*sign = "";
	int64_t		 v = micros;
	int		 n;

	assert(min_digits >= 0 && min_digits <= 6);
	if (v < 0) {
		sign = "-";
		v = -v;
	}
	snprintf(frac, sizeof(frac), "%06lld", (long long)(v % MONEY_UNIT));
	n = 6;
	while (n > min_digits && frac[n - 1] == '0')
		n--;
	frac[n] = '\0';
	if (n == 0)
		return (arena_printf(a, "%s%lld", sign,
		    (long long)(v / MONEY_UNIT)));
	return (arena_printf(a, "%s%lld.%s", sign, (long long)(v / MONEY_UNIT),
	    frac));
}
