/*
 * country.c - ISO 3166-1 data from iso-codes; see country.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/country.h"
#include "core/log.h"

static struct country	*countries;
static size_t		 ncountries;

static int
cmp_alpha2(const void *a, const void *b)
{
	return (strcmp(((const struct country *)a)->alpha2,
	    ((const struct country *)b)->alpha2));
}

/* A GNU .mo catalogue held in memory. */
struct mo {
	unsigned char	*data;
	size_t		 len;
	uint32_t	 n, orig, trans;
	int		 swap;
};

static uint32_t
mo_u32(const struct mo *m, size_t off)
{
	uint32_t	v;

	if (off + 4 > m->len)
		return (0);
	memcpy(&v, m->data + off, 4);
	if (m->swap)
		v = __builtin_bswap32(v);
	return (v);
}

static int
mo_open(struct mo *m, const char *path)
{
	FILE	*f;
	long	 sz;
	uint32_t magic;

	memset(m, 0, sizeof(*m));
	if ((f = fopen(path, "rb")) == NULL)
		return (-1);
	if (fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 28 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return (-1);
	}
	m->data = malloc((size_t)sz);
	if (m->data == NULL || fread(m->data, 1, (size_t)sz, f) !=
	    (size_t)sz) {
		free(m->data);
		fclose(f);
		return (-1);
	}
	fclose(f);
	m->len = (size_t)sz;
	memcpy(&magic, m->data, 4);
	if (magic == 0x950412de)
		m->swap = 0;
	else if (magic == 0xde120495)
		m->swap = 1;
	else {
		free(m->data);
		return (-1);
	}
	m->n = mo_u32(m, 8);
	m->orig = mo_u32(m, 12);
	m->trans = mo_u32(m, 16);
	return (0);
}

/* Translation of msgid, or NULL. Linear scan: done once at start-up. */
static const char *
mo_lookup(const struct mo *m, const char *msgid)
{
	uint32_t	i, len, off;

	for (i = 0; i < m->n; i++) {
		len = mo_u32(m, m->orig + i * 8);
		off = mo_u32(m, m->orig + i * 8 + 4);
		if ((size_t)off + len >= m->len)
			continue;
		if (len == strlen(msgid) &&
		    memcmp(m->data + off, msgid, len) == 0) {
			len = mo_u32(m, m->trans + i * 8);
			off = mo_u32(m, m->trans + i * 8 + 4);
			if ((size_t)off + len >= m->len || len == 0)
				return (NULL);
			return ((const char *)m->data + off);
		}
	}
	return (NULL);
}

int
country_load(const char *prefix)
{
	char		 path[512];
	json_t		*root, *list, *v;
	json_error_t	 jerr;
	struct mo	 mo;
	int		 have_mo;
	size_t		 i;
	const char	*code, *name, *ja;

	if (countries != NULL)
		return (0);
	if (prefix == NULL)
		prefix = "/usr/share";
	snprintf(path, sizeof(path), "%s/iso-codes/json/iso_3166-1.json",
	    prefix);
	root = json_load_file(path, 0, &jerr);
	if (root == NULL) {
		log_msg(LV_ERROR, "country.load", "%s: %s", path, jerr.text);
		return (-1);
	}
	list = json_object_get(root, "3166-1");
	if (!json_is_array(list)) {
		json_decref(root);
		return (-1);
	}
	snprintf(path, sizeof(path),
	    "%s/locale/ja/LC_MESSAGES/iso_3166-1.mo", prefix);
	have_mo = mo_open(&mo, path) == 0;
	if (!have_mo)
		log_msg(LV_WARN, "country.load",
		    "%s missing: country names only in English", path);
	countries = calloc(json_array_size(list), sizeof(*countries));
	if (countries == NULL) {
		json_decref(root);
		return (-1);
	}
	json_array_foreach(list, i, v) {
		code = json_string_value(json_object_get(v, "alpha_2"));
		name = json_string_value(json_object_get(v, "name"));
		if (code == NULL || name == NULL || strlen(code) != 2)
			continue;
		ja = have_mo ? mo_lookup(&mo, name) : NULL;
		memcpy(countries[ncountries].alpha2, code, 3);
		countries[ncountries].name_en = strdup(name);
		countries[ncountries].name_ja = strdup(ja ? ja : name);
		ncountries++;
	}
	qsort(countries, ncountries, sizeof(*countries), cmp_alpha2);
	if (have_mo)
		free(mo.data);
	json_decref(root);
	return (ncountries > 0 ? 0 : -1);
}

size_t
country_count(void)
{
	return (ncountries);
}

const struct country *
country_at(size_t i)
{
	return (i < ncountries ? &countries[i] : NULL);
}

const struct country *
country_find(const char *alpha2)
{
	struct country	key;

	if (alpha2 == NULL || strlen(alpha2) != 2 || countries == NULL)
		return (NULL);
	memcpy(key.alpha2, alpha2, 3);
	return (bsearch(&key, countries, ncountries, sizeof(*countries),
	    cmp_alpha2));
}
