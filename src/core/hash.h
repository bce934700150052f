/*
 * hash.h - FNV-1a over bytes, for the in-memory tables keyed by short
 * strings that the server itself makes or reads from its own database
 * (record ids, search grams). Not for keys an outsider picks to collide:
 * those tables are keyed by SipHash (rand.h).
 */
#ifndef STEWARD_HASH_H
#define STEWARD_HASH_H

#include <stddef.h>

static inline size_t
hash_bytes(const char *p, size_t n)
{
	size_t	h = 2166136261u, i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return (h);
}

static inline size_t
hash_str(const char *s)
{
	size_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h);
}

#endif
