/*
 * settings_int.h - what settings.c and settings_layers.c share.
 */
#ifndef STEWARD_SETTINGS_INT_H
#define STEWARD_SETTINGS_INT_H

#include <jansson.h>

struct arena;

/* Hand v's reference to the arena (released with it); returns v. */
json_t	*settings_own(struct arena *a, json_t *v);
/* "prefix.key" (or "key" without a prefix), in a. */
char	*settings_join(struct arena *a, const char *prefix, const char *key);

#endif
