/*
 * country.h - ISO 3166-1 countries from Debian's iso-codes data.
 *
 * Loaded once per process from /usr/share/iso-codes/json/iso_3166-1.json
 * (codes and English names) and the Japanese message catalogue
 * /usr/share/locale/ja/LC_MESSAGES/iso_3166-1.mo (Japanese names). The
 * server loads them before its workers enter their sandbox.
 */
#ifndef STEWARD_COUNTRY_H
#define STEWARD_COUNTRY_H

#include <stddef.h>

struct country {
	char	alpha2[3];
	char	*name_en;
	char	*name_ja;	/* falls back to name_en */
};

/* Load from the given iso-codes prefix (NULL: /usr/share). 0 on success. */
int			 country_load(const char *prefix);
size_t			 country_count(void);
const struct country	*country_at(size_t i);
/* Look up an upper-case alpha-2 code; NULL when unknown. */
const struct country	*country_find(const char *alpha2);

#endif
