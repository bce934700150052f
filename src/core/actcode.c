/*
 * actcode.c - activation codes; see actcode.h.
 */
#include <assert.h>
#include <string.h>

#include "core/actcode.h"
#include "core/arena.h"
#include "core/rand.h"

#define ALPHABET	"0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#define RADIX		32
#define INPUT_MAX	64

/* The value of an upper-cased symbol after Crockford's aliases, or -1. */
static int
symbol_value(char c)
{
	const char	*p;

	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'I' || c == 'L')
		c = '1';
	else if (c == 'O')
		c = '0';
	if (c == '\0' || (p = strchr(ALPHABET, c)) == NULL)
		return (-1);
	return ((int)(p - ALPHABET));
}

char
actcode_check(const char *canon, size_t n)
{
	unsigned	sum = 0, factor = 2, addend;
	size_t		i;
	int		v;

	/* Luhn mod N, from the rightmost symbol leftwards. */
	for (i = n; i-- > 0;) {
		v = symbol_value(canon[i]);
		assert(v >= 0);
		addend = factor * (unsigned)v;
		addend = addend / RADIX + addend % RADIX;
		sum += addend;
		factor = factor == 2 ? 1 : 2;
	}
	return (ALPHABET[(RADIX - sum % RADIX) % RADIX]);
}

char *
actcode_new(struct arena *a)
{
	char	canon[ACTCODE_SYMBOLS + 1];
	size_t	i;

	for (i = 0; i < ACTCODE_SYMBOLS - 1; i++)
		canon[i] = ALPHABET[rand_uniform(RADIX)];
	canon[ACTCODE_SYMBOLS - 1] = actcode_check(canon, ACTCODE_SYMBOLS - 1);
	canon[ACTCODE_SYMBOLS] = '\0';
	return (actcode_written(a, canon));
}

enum actcode_status
actcode_read(struct arena *a, const char *in, char **canon)
{
	char	buf[ACTCODE_SYMBOLS + 1];
	size_t	n = 0, len;
	int	v;

	len = strlen(in);
	if (len > INPUT_MAX)
		return (ACTCODE_FORMAT);
	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '-' || *in == '\t')
			continue;
		if ((v = symbol_value(*in)) < 0 || n == ACTCODE_SYMBOLS)
			return (ACTCODE_FORMAT);
		buf[n++] = ALPHABET[v];
	}
	if (n != ACTCODE_SYMBOLS)
		return (ACTCODE_FORMAT);
	buf[n] = '\0';
	if (actcode_check(buf, n - 1) != buf[n - 1])
		return (ACTCODE_TYPO);
	if (canon != NULL)
		*canon = arena_strdup(a, buf);
	return (ACTCODE_OK);
}

char *
actcode_written(struct arena *a, const char *canon)
{
	char	*out;
	size_t	 i, o = 0;

	assert(strlen(canon) == ACTCODE_SYMBOLS);
	out = arena_alloc(a, ACTCODE_TEXT + 1);
	for (i = 0; i < ACTCODE_SYMBOLS; i++) {
		if (i > 0 && i % 5 == 0)
			out[o++] = '-';
		out[o++] = canon[i];
	}
	out[o] = '\0';
	return (out);
}
