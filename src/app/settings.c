/*
 * settings.c - the settings schema and templates, validation against the
 * schema, locks and leaves; see settings.h. Merge patches, layering and
 * diffs are settings_layers.c.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/settings.h"
#include "app/settings_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"

extern const char	policy_schema_json[];
extern const char	policy_template_workstation_json[];
extern const char	policy_template_server_json[];

static json_t	*schema;
static json_t	*tpl_workstation, *tpl_server;
static int	 ver_workstation, ver_server;

static void
decref_cb(void *p)
{
	json_decref(p);
}

json_t *
settings_own(struct arena *a, json_t *v)
{
	if (v != NULL)
		arena_defer(a, decref_cb, v);
	return (v);
}

static json_t *
load_template(const char *text, int *version)
{
	json_t		*doc, *settings;
	json_error_t	 err;

	if ((doc = json_loads(text, 0, &err)) == NULL)
		return (NULL);
	*version = (int)json_integer_value(json_object_get(doc, "version"));
	settings = json_incref(json_object_get(doc, "settings"));
	json_decref(doc);
	return (settings);
}

int
settings_init(void)
{
	json_error_t	err;

	if (schema != NULL)
		return (0);
	schema = json_loads(policy_schema_json, 0, &err);
	tpl_workstation = load_template(policy_template_workstation_json,
	    &ver_workstation);
	tpl_server = load_template(policy_template_server_json, &ver_server);
	return (schema && tpl_workstation && tpl_server ? 0 : -1);
}

const json_t *
settings_schema(void)
{
	settings_init();
	return (schema);
}

const char *
settings_schema_text(void)
{
	return (policy_schema_json);
}

const json_t *
settings_template(const char *platform, int *version)
{
	settings_init();
	if (platform == NULL)
		return (NULL);
	if (strcmp(platform, "workstation") == 0) {
		if (version)
			*version = ver_workstation;
		return (tpl_workstation);
	}
	if (strcmp(platform, "server") == 0) {
		if (version)
			*version = ver_server;
		return (tpl_server);
	}
	return (NULL);
}

char *
settings_join(struct arena *a, const char *prefix, const char *key)
{
	return (*prefix ? arena_printf(a, "%s.%s", prefix, key) :
	    arena_strdup(a, key));
}

/* ---- validation ------------------------------------------------------ */

static bool
pattern_ok(const char *pattern, const char *s)
{
	regex_t	re;
	bool	ok;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return (false);
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return (ok);
}

/* A file or folder path or pattern: absolute, home, variable or wildcard. */
static bool
format_path(const char *s)
{
	if (text_is_blank(s))
		return (false);
	if (s[0] == '/' || s[0] == '\\' || s[0] == '~' || s[0] == '*' ||
	    s[0] == '%' || s[0] == '$')
		return (true);
	return (((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))
	    && s[1] == ':' && (s[2] == '\\' || s[2] == '/'));
}

/* A host ("example.com", "*.example.com") or http(s) URL, no spaces. */
static bool
format_url(const char *s)
{
	const char	*p, *host;
	size_t		 dots = 0;

	if (strncmp(s, "http://", 7) == 0)
		s += 7;
	else if (strncmp(s, "https://", 8) == 0)
		s += 8;
	host = s;
	if (strncmp(host, "*.", 2) == 0)
		host += 2;
	for (p = host; *p != '\0' && *p != '/' && *p != ':'; p++) {
		if (*p == '.')
			dots++;
		else if (!(*p == '-' || ((unsigned char)*p >= 0x80) ||
		    (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')))
			return (false);
	}
	if (p == host || dots == 0 || host[0] == '.' || p[-1] == '.')
		return (false);
	for (; *p != '\0'; p++)
		if (*p == ' ' || *p == '\\')
			return (false);
	return (true);
}

static void
validate(struct arena *a, struct err *e, const json_t *sch, json_t *v,
    const char *path, bool patch)
{
	const char	*type, *key, *s, *fmt;
	json_t		*props, *sub, *item, *other, *en;
	size_t		 i, j, len;
	long long	 n;
	bool		 found;

	type = json_string_value(json_object_get(sch, "type"));
	if (type == NULL)
		return;
	if (patch && json_is_null(v))
		return;		/* merge patch: back to the layer below */
	if (strcmp(type, "object") == 0) {
		if (!json_is_object(v)) {
			err_field(e, path, M_NOT_OBJECT);
			return;
		}
		props = json_object_get(sch, "properties");
		json_object_foreach(v, key, sub) {
			const json_t *ks = json_object_get(props, key);
			size_t pl = strlen(path);
			char *kp = arena_printf(a, "%s%s%s", path,
			    pl == 0 || path[pl - 1] == '.' ? "" : ".", key);

			if (ks == NULL) {
				err_field(e, kp, M_UNKNOWN_SETTING);
				continue;
			}
			validate(a, e, ks, sub, kp, patch);
		}
		return;
	}
	if (strcmp(type, "boolean") == 0) {
		if (!json_is_boolean(v))
			err_field(e, path, M_NOT_BOOLEAN);
		return;
	}
	if (strcmp(type, "integer") == 0) {
		if (!json_is_integer(v)) {
			err_field(e, path, M_NOT_INTEGER);
			return;
		}
		n = json_integer_value(v);
		if (json_object_get(sch, "minimum") != NULL &&
		    n < json_integer_value(json_object_get(sch, "minimum")))
			err_fieldn(e, path, M_TOO_SMALL, json_integer_value(
			    json_object_get(sch, "minimum")));
		else if (json_object_get(sch, "maximum") != NULL &&
		    n > json_integer_value(json_object_get(sch, "maximum")))
			err_fieldn(e, path, M_TOO_BIG, json_integer_value(
			    json_object_get(sch, "maximum")));
		return;
	}
	if (strcmp(type, "string") == 0) {
		if (!json_is_string(v)) {
			err_field(e, path, M_NOT_STRING);
			return;
		}
		s = json_string_value(v);
		len = json_string_length(v);
		if (text_has_control(s, len, false)) {
			err_field(e, path, M_CONTROL_CHARS);
			return;
		}
		if ((en = json_object_get(sch, "enum")) != NULL) {
			struct buf list = BUF_INIT;

			found = false;
			json_array_foreach(en, i, item) {
				if (strcmp(json_string_value(item), s) == 0)
					found = true;
				if (i > 0)
					buf_adds(&list, ", ");
				buf_adds(&list, json_string_value(item));
			}
			if (!found)
				err_fields(e, path, M_ONE_OF, buf_to_arena(&list,
				    a));
			else
				buf_free(&list);
			return;
		}
		len = utf8_chars(s, len);
		if (json_object_get(sch, "minLength") != NULL &&
		    (long long)len < json_integer_value(json_object_get(sch,
		    "minLength"))) {
			err_field(e, path, M_REQUIRED);
			return;
		}
		if (json_object_get(sch, "maxLength") != NULL &&
		    (long long)len > json_integer_value(json_object_get(sch,
		    "maxLength"))) {
			err_fieldn(e, path, M_TOO_LONG, json_integer_value(
			    json_object_get(sch, "maxLength")));
			return;
		}
		if (json_object_get(sch, "pattern") != NULL && !pattern_ok(
		    json_string_value(json_object_get(sch, "pattern")), s)) {
			err_field(e, path, M_SETTING_FORMAT);
			return;
		}
		fmt = json_string_value(json_object_get(sch, "x-format"));
		if (fmt != NULL && strcmp(fmt, "path") == 0 && !format_path(s))
			err_field(e, path, M_EXCLUSION_PATH);
		else if (fmt != NULL && strcmp(fmt, "url") == 0 &&
		    !format_url(s))
			err_field(e, path, M_EXCLUSION_URL);
		return;
	}
	if (strcmp(type, "array") == 0) {
		if (!json_is_array(v)) {
			err_field(e, path, M_NOT_ARRAY);
			return;
		}
		if (json_object_get(sch, "maxItems") != NULL &&
		    (long long)json_array_size(v) > json_integer_value(
		    json_object_get(sch, "maxItems"))) {
			err_fieldn(e, path, M_TOO_MANY, json_integer_value(
			    json_object_get(sch, "maxItems")));
			return;
		}
		sub = json_object_get(sch, "items");
		json_array_foreach(v, i, item) {
			char *ip = arena_printf(a, "%s[%zu]", path, i);

			validate(a, e, sub, item, ip, false);
			if (!json_is_true(json_object_get(sch, "uniqueItems")))
				continue;
			for (j = 0; j < i; j++) {
				other = json_array_get(v, j);
				if (json_equal(other, item)) {
					err_field(e, ip, M_DUPLICATE_ITEM);
					break;
				}
			}
		}
	}
}

static int
validate_doc(struct arena *a, struct err *e, json_t *doc, const char *prefix,
    bool patch)
{
	size_t	before = e->nfields;

	settings_init();
	if (!json_is_object(doc))
		return (err_field(e, prefix[0] ? arena_strndup(a, prefix,
		    strlen(prefix) - (prefix[strlen(prefix) - 1] == '.')) :
		    "settings", M_NOT_OBJECT));
	validate(a, e, schema, doc, prefix[0] ? prefix : "", patch);
	return (e->nfields > before || e->status != 0 ? ST_INVALID : ST_OK);
}

int
settings_validate(struct arena *a, struct err *e, json_t *doc,
    const char *prefix)
{
	return (validate_doc(a, e, doc, prefix, false));
}

int
settings_validate_patch(struct arena *a, struct err *e, json_t *doc,
    const char *prefix)
{
	return (validate_doc(a, e, doc, prefix, true));
}

static const json_t *
schema_node(const char *path)
{
	const json_t	*node;
	const char	*p = path, *dot;
	char		 key[64];
	size_t		 len;

	settings_init();
	node = schema;
	while (*p != '\0') {
		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		if (len == 0 || len >= sizeof(key) ||
		    (dot != NULL && dot[1] == '\0'))
			return (NULL);
		memcpy(key, p, len);
		key[len] = '\0';
		node = json_object_get(json_object_get(node, "properties"),
		    key);
		if (node == NULL)
			return (NULL);
		p = dot ? dot + 1 : p + len;
	}
	return (node == schema ? NULL : node);
}

bool
settings_path_exists(const char *path)
{
	return (path != NULL && schema_node(path) != NULL);
}

int
settings_check_locks(struct arena *a, struct err *e, json_t *locks,
    const char *field)
{
	json_t	*item;
	size_t	 i, j;
	int	 bad = 0;

	if (!json_is_array(locks)) {
		err_field(e, field, M_NOT_ARRAY);
		return (1);
	}
	if (json_array_size(locks) > SETTINGS_MAX_LOCKS) {
		err_fieldn(e, field, M_TOO_MANY, SETTINGS_MAX_LOCKS);
		return (1);
	}
	json_array_foreach(locks, i, item) {
		char *f = arena_printf(a, "%s[%zu]", field, i);

		if (!json_is_string(item)) {
			err_field(e, f, M_NOT_STRING);
			bad++;
			continue;
		}
		if (!settings_path_exists(json_string_value(item))) {
			err_field(e, f, M_UNKNOWN_SETTING);
			bad++;
			continue;
		}
		for (j = 0; j < i; j++)
			if (json_equal(json_array_get(locks, j), item)) {
				err_field(e, f, M_DUPLICATE_ITEM);
				bad++;
				break;
			}
	}
	return (bad);
}

bool
settings_is_locked(json_t *locks, const char *path)
{
	json_t	*item;
	size_t	 i, len;

	json_array_foreach(locks, i, item) {
		const char *l = json_string_value(item);

		if (l == NULL)
			continue;
		len = strlen(l);
		if (strncmp(path, l, len) == 0 && (path[len] == '\0' ||
		    path[len] == '.'))
			return (true);
	}
	return (false);
}

/* ---- leaves ---------------------------------------------------------- */

struct leaves {
	const char	**paths;
	size_t		  n, cap;
};

static void
collect(struct arena *a, struct leaves *l, json_t *doc, const char *prefix)
{
	const char	*key;
	json_t		*v;
	const char	**grown;

	json_object_foreach(doc, key, v) {
		char *p = settings_join(a, prefix, key);

		if (json_is_object(v)) {
			collect(a, l, v, p);
			continue;
		}
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 32;
			grown = arena_alloc(a, l->cap * sizeof(*grown));
			if (l->n > 0)
				memcpy(grown, l->paths, l->n * sizeof(*grown));
			l->paths = grown;
		}
		l->paths[l->n++] = p;
	}
}

size_t
settings_leaves(struct arena *a, json_t *doc, const char ***out)
{
	struct leaves	l = { NULL, 0, 0 };

	if (json_is_object(doc))
		collect(a, &l, doc, "");
	*out = l.paths;
	return (l.n);
}

/* The value at a dotted path, or NULL. */
static json_t *
get_path(json_t *doc, const char *path)
{
	const char	*p = path, *dot;
	char		 key[64];
	size_t		 len;

	while (doc != NULL && *p != '\0') {
		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		if (len >= sizeof(key))
			return (NULL);
		memcpy(key, p, len);
		key[len] = '\0';
		doc = json_object_get(doc, key);
		p = dot ? dot + 1 : p + len;
	}
	return (doc);
}

int
settings_check_complete(struct arena *a, struct err *e, json_t *doc,
    const char *platform, const char *prefix)
{
	const char	**paths;
	size_t		  n, i;
	int		  missing = 0;

	n = settings_leaves(a, (json_t *)settings_template(platform, NULL),
	    &paths);
	for (i = 0; i < n; i++)
		if (get_path(doc, paths[i]) == NULL) {
			err_field(e, arena_printf(a, "%s%s", prefix, paths[i]),
			    M_REQUIRED);
			missing++;
		}
	return (missing);
}

/* Delete the member at path from doc, and objects it leaves empty. */
static void
del_path(json_t *doc, const char *path)
{
	const char	*dot;
	char		 key[64];
	size_t		 len;
	json_t		*sub;

	dot = strchr(path, '.');
	len = dot ? (size_t)(dot - path) : strlen(path);
	if (len >= sizeof(key))
		return;
	memcpy(key, path, len);
	key[len] = '\0';
	if (dot == NULL) {
		json_object_del(doc, key);
		return;
	}
	if (!json_is_object(sub = json_object_get(doc, key)))
		return;
	del_path(sub, dot + 1);
	if (json_object_size(sub) == 0)
		json_object_del(doc, key);
}

json_t *
settings_strip_locked(struct arena *a, json_t *doc, json_t *locks,
    const char ***removed, size_t *nremoved)
{
	const char	**paths, **out;
	json_t		 *copy;
	size_t		  n, i, k = 0;

	copy = json_is_object(doc) ? json_deep_copy(doc) : json_object();
	n = settings_leaves(a, copy, &paths);
	out = arena_alloc(a, (n ? n : 1) * sizeof(*out));
	for (i = 0; i < n; i++)
		if (settings_is_locked(locks, paths[i]))
			out[k++] = paths[i];
	for (i = 0; i < k; i++)
		del_path(copy, out[i]);
	if (removed != NULL)
		*removed = out;
	if (nremoved != NULL)
		*nremoved = k;
	return (settings_own(a, copy));
}

json_t *
settings_get(json_t *doc, const char *path)
{
	return (get_path(doc, path));
}

int
settings_refuse_locked(struct arena *a, struct err *e, json_t *settings,
    json_t *locks)
{
	const char	**leaves;
	size_t		  n, i;
	int		  bad = 0;

	n = settings_leaves(a, settings, &leaves);
	for (i = 0; i < n; i++)
		if (settings_is_locked(locks, leaves[i])) {
			err_field(e, arena_printf(a, "settings.%s", leaves[i]),
			    M_SETTING_LOCKED);
			bad++;
		}
	return (bad);
}
