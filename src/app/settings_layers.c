/*
 * settings_layers.c - merge patches, the layering of settings into an
 * effective policy with the layer of every value, diffs and minimal
 * deltas; see settings.h.
 */
#include <stdio.h>
#include <string.h>

#include "app/settings.h"
#include "app/settings_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

/* Lists that add up across layers instead of being replaced. */
static const char *const additive[] = { "exclusions.paths",
    "exclusions.urls", NULL };

static void
patch_into(json_t *base, json_t *patch)
{
	const char	*key;
	json_t		*v, *cur;

	json_object_foreach(patch, key, v) {
		if (json_is_null(v)) {
			json_object_del(base, key);
			continue;
		}
		cur = json_object_get(base, key);
		if (json_is_object(v) && json_is_object(cur)) {
			patch_into(cur, v);
			if (json_object_size(cur) == 0)
				json_object_del(base, key);
			continue;
		}
		if (json_is_object(v)) {
			json_t *fresh = json_object();

			patch_into(fresh, v);
			if (json_object_size(fresh) > 0)
				json_object_set(base, key, fresh);
			json_decref(fresh);
			continue;
		}
		json_object_set(base, key, v);
	}
}

json_t *
settings_patch(struct arena *a, json_t *base, json_t *patch)
{
	json_t	*out;

	out = base != NULL ? json_deep_copy(base) : json_object();
	if (json_is_object(patch))
		patch_into(out, patch);
	return (settings_own(a, out));
}

static bool
is_additive(const char *path)
{
	size_t	i;

	for (i = 0; additive[i] != NULL; i++)
		if (strcmp(path, additive[i]) == 0)
			return (true);
	return (false);
}

/* Mark every leaf under doc as coming from `name`. */
static void
mark(struct arena *a, json_t *doc, const char *prefix, json_t *origin,
    const char *name)
{
	const char	*key;
	json_t		*v;

	json_object_foreach(doc, key, v) {
		char *p = settings_join(a, prefix, key);

		if (json_is_object(v))
			mark(a, v, p, origin, name);
		else
			json_object_set_new(origin, p, json_string(name));
	}
}

static void
overlay(struct arena *a, json_t *acc, json_t *layer, const char *prefix,
    const struct settings_layer *l, json_t *locks, json_t *origin,
    json_t *contrib, bool after_policy)
{
	const char	*key;
	json_t		*v, *cur, *item, *entry;
	size_t		 i, j;

	json_object_foreach(layer, key, v) {
		char *p = settings_join(a, prefix, key);

		cur = json_object_get(acc, key);
		if (cur == NULL)
			continue;	/* not a setting of this template */
		if (l->lockable && locks != NULL &&
		    settings_is_locked(locks, p))
			continue;
		if (json_is_object(v) && json_is_object(cur)) {
			overlay(a, cur, v, p, l, locks, origin, contrib,
			    after_policy);
			continue;
		}
		if (json_is_object(v) || json_is_object(cur))
			continue;	/* shape differs: ignore */
		if (is_additive(p) && json_is_array(v) && json_is_array(cur)) {
			entry = json_object_get(contrib, p);
			if (entry == NULL) {
				entry = json_object();
				json_object_set_new(contrib, p, entry);
			}
			if (!after_policy) {
				/* Copies: later layers append to acc. */
				json_object_set_new(acc, key, json_deep_copy(v));
				json_object_set_new(entry, l->name,
				    json_deep_copy(v));
			} else {
				json_t *added = json_array();

				json_array_foreach(v, i, item) {
					bool dup = false;

					for (j = 0; j < json_array_size(cur); j++)
						if (json_equal(json_array_get(cur,
						    j), item))
							dup = true;
					if (!dup) {
						json_array_append(cur, item);
						json_array_append(added, item);
					}
				}
				if (json_array_size(added) == 0) {
					json_decref(added);
					continue;
				}
				json_object_set_new(entry, l->name, added);
			}
			json_object_set_new(origin, p, json_string(l->name));
			continue;
		}
		json_object_set_new(acc, key, json_deep_copy(v));
		json_object_set_new(origin, p, json_string(l->name));
	}
}

json_t *
settings_effective(struct arena *a, const char *platform,
    const struct settings_layer *layers, size_t nlayers, json_t *locks,
    json_t **origin, json_t **contrib)
{
	const json_t	*tpl;
	json_t		*acc, *org, *con;
	size_t		 i;
	bool		 after_policy = false;

	if ((tpl = settings_template(platform, NULL)) == NULL)
		return (NULL);
	acc = settings_own(a, json_deep_copy(tpl));
	org = settings_own(a, json_object());
	con = settings_own(a, json_object());
	mark(a, acc, "", org, "template");
	for (i = 0; i < nlayers; i++) {
		if (json_is_object(layers[i].doc))
			overlay(a, acc, layers[i].doc, "", &layers[i], locks,
			    org, con, after_policy);
		if (strcmp(layers[i].name, "policy") == 0)
			after_policy = true;
	}
	if (origin)
		*origin = org;
	if (contrib)
		*contrib = con;
	return (acc);
}

/* ---- diff, minimise, text -------------------------------------------- */

char *
settings_diff(struct arena *a, json_t *before, json_t *after)
{
	struct buf	  b = BUF_INIT;
	const char	**pb, **pa;
	size_t		  nb, na, i, j;
	json_t		 *vb, *va;
	bool		  seen;

	nb = settings_leaves(a, before, &pb);
	na = settings_leaves(a, after, &pa);
	for (i = 0; i < na; i++) {
		va = settings_get(after, pa[i]);
		vb = settings_get(before, pa[i]);
		if (vb != NULL && json_equal(va, vb))
			continue;
		if (b.len > 0)
			buf_adds(&b, "; ");
		buf_printf(&b, "%s: %s -> %s", pa[i],
		    vb ? settings_text(a, vb) : "(unset)",
		    settings_text(a, va));
	}
	for (i = 0; i < nb; i++) {
		seen = false;
		for (j = 0; j < na && !seen; j++)
			seen = strcmp(pb[i], pa[j]) == 0;
		if (seen)
			continue;
		if (b.len > 0)
			buf_adds(&b, "; ");
		buf_printf(&b, "%s: %s -> (unset)", pb[i],
		    settings_text(a, settings_get(before, pb[i])));
	}
	return (buf_to_arena(&b, a));
}

static void
minimise_into(json_t *delta, const json_t *base)
{
	const char	*key;
	json_t		*v;
	void		*tmp;

	json_object_foreach_safe(delta, tmp, key, v) {
		const json_t *bv = json_object_get(base, key);

		if (json_is_object(v) && json_is_object(bv)) {
			minimise_into(v, bv);
			if (json_object_size(v) == 0)
				json_object_del(delta, key);
		} else if (bv != NULL && json_equal(v, (json_t *)bv))
			json_object_del(delta, key);
	}
}

json_t *
settings_minimise(struct arena *a, json_t *delta, const json_t *base)
{
	json_t	*out;

	out = json_is_object(delta) ? json_deep_copy(delta) : json_object();
	if (base != NULL)
		minimise_into(out, base);
	return (settings_own(a, out));
}

json_t *
settings_parse(struct arena *a, const char *text)
{
	json_error_t	err;

	if (text == NULL)
		return (NULL);
	return (settings_own(a, json_loads(text, JSON_REJECT_DUPLICATES, &err)));
}

char *
settings_text(struct arena *a, const json_t *doc)
{
	char	*s, *out;

	s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	if (s == NULL)
		return (arena_strdup(a, "null"));
	out = arena_strdup(a, s);
	free(s);
	return (out);
}
