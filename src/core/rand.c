/*
 * rand.c - identifiers and tokens; see rand.h.
 */
#include <string.h>
#include <sys/time.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/rand.h"

static const char	b32[] = "abcdefghijkmnpqrstuvwxyz23456789";

int
rand_init(void)
{
	return (sodium_init() < 0 ? -1 : 0);
}

char *
id_new(struct arena *a, const char *prefix)
{
	unsigned char	raw[10];
	size_t		plen, i, bit;
	char		*out;
	unsigned	v;

	randombytes_buf(raw, sizeof(raw));
	plen = strlen(prefix);
	out = arena_alloc(a, plen + 1 + ID_RANDOM_CHARS + 1);
	memcpy(out, prefix, plen);
	out[plen] = '_';
	/* 80 bits -> 16 symbols of 5 bits. */
	for (i = 0; i < ID_RANDOM_CHARS; i++) {
		bit = i * 5;
		v = (unsigned)raw[bit / 8] << 8;
		if (bit / 8 + 1 < sizeof(raw))
			v |= raw[bit / 8 + 1];
		v = (v >> (11 - bit % 8)) & 31;
		out[plen + 1 + i] = b32[v];
	}
	out[plen + 1 + ID_RANDOM_CHARS] = '\0';
	return (out);
}

bool
id_valid(const char *s, const char *prefix)
{
	size_t	plen, i;

	if (s == NULL)
		return (false);
	plen = strlen(prefix);
	if (strncmp(s, prefix, plen) != 0 || s[plen] != '_')
		return (false);
	s += plen + 1;
	for (i = 0; i < ID_RANDOM_CHARS; i++)
		if (s[i] == '\0' || strchr(b32, s[i]) == NULL)
			return (false);
	return (s[ID_RANDOM_CHARS] == '\0');
}

char *
token_new(struct arena *a)
{
	unsigned char	raw[TOKEN_BYTES];
	size_t		len;
	char		*out;

	randombytes_buf(raw, sizeof(raw));
	len = sodium_base64_ENCODED_LEN(sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	out = arena_alloc(a, len);
	sodium_bin2base64(out, len, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return (out);
}

char *
token_hash(struct arena *a, const char *s)
{
	unsigned char	h[32];
	char		*out;

	crypto_generichash(h, sizeof(h), (const unsigned char *)s, strlen(s),
	    NULL, 0);
	out = arena_alloc(a, sizeof(h) * 2 + 1);
	sodium_bin2hex(out, sizeof(h) * 2 + 1, h, sizeof(h));
	return (out);
}

struct memo_slot {
	unsigned char	tag[crypto_shorthash_siphashx24_BYTES];
	char		hex[32 * 2 + 1];
};

#define MEMO_SETS	(TOKEN_MEMO_SLOTS / TOKEN_MEMO_WAYS)

char *
token_hash_memo(struct arena *a, const char *s)
{
	static struct memo_slot	slots[MEMO_SETS][TOKEN_MEMO_WAYS];
	static unsigned char	next[MEMO_SETS];	/* the way to replace */
	static unsigned char	key[crypto_shorthash_siphashx24_KEYBYTES];
	static bool		keyed;
	unsigned char		tag[crypto_shorthash_siphashx24_BYTES];
	struct memo_slot	*set, *m;
	size_t			i, n;
	char			*out;

	if (!keyed) {
		randombytes_buf(key, sizeof(key));
		keyed = true;
	}
	crypto_shorthash_siphashx24(tag, (const unsigned char *)s, strlen(s),
	    key);
	n = tag[0] % MEMO_SETS;
	set = slots[n];
	for (i = 0; i < TOKEN_MEMO_WAYS; i++)
		if (set[i].hex[0] != '\0' &&
		    crypto_verify_16(set[i].tag, tag) == 0)
			return (arena_strdup(a, set[i].hex));
	out = token_hash(a, s);
	m = &set[next[n]];
	next[n] = (unsigned char)((next[n] + 1) % TOKEN_MEMO_WAYS);
	memcpy(m->tag, tag, sizeof(tag));
	memcpy(m->hex, out, sizeof(m->hex));
	return (out);
}

bool
secret_equal(const char *a, const char *b)
{
	unsigned char	ha[32], hb[32];

	if (a == NULL || b == NULL)
		return (false);
	/* Compare digests so the comparison time does not depend on length. */
	crypto_generichash(ha, sizeof(ha), (const unsigned char *)a, strlen(a),
	    NULL, 0);
	crypto_generichash(hb, sizeof(hb), (const unsigned char *)b, strlen(b),
	    NULL, 0);
	return (sodium_memcmp(ha, hb, sizeof(ha)) == 0);
}

unsigned
rand_uniform(unsigned upper)
{
	return (randombytes_uniform(upper));
}

unsigned
rand_cheap(unsigned upper)
{
	static uint64_t	s;

	if (upper == 0)
		return (0);
	/* Seeded on first use in each process (after the fork). */
	while (s == 0)
		randombytes_buf(&s, sizeof(s));
	s ^= s >> 12;
	s ^= s << 25;
	s ^= s >> 27;
	return ((unsigned)((s * 2685821657736338717ULL) >> 32) % upper);
}

char *
id_new_ordered(struct arena *a, const char *prefix)
{
	/* Ascending in ASCII, so the text sorts as the number does. */
	static const char	sorted[] = "23456789abcdefghijkmnpqrstuvwxyz";
	struct timeval		tv;
	unsigned long long	us;
	char			*rnd, *out;
	size_t			plen, i;

	gettimeofday(&tv, NULL);
	us = (unsigned long long)tv.tv_sec * 1000000ULL +
	    (unsigned long long)tv.tv_usec;
	rnd = id_new(a, prefix);
	plen = strlen(prefix);
	out = arena_alloc(a, plen + 1 + 11 + 8 + 1);
	memcpy(out, rnd, plen + 1);
	/* 11 symbols of 5 bits: microseconds until the year 3084. */
	for (i = 0; i < 11; i++)
		out[plen + 1 + i] = sorted[(us >> (5 * (10 - i))) & 31];
	memcpy(out + plen + 1 + 11, rnd + plen + 1, 8);
	out[plen + 1 + 11 + 8] = '\0';
	return (out);
}
