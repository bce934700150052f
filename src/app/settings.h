/*
 * settings.h - policy settings: the schema, the templates, and layering.
 *
 * The schema (src/app/policy/schema.json) names every setting a policy can
 * hold; the Workstation and Server templates (workstation.json and
 * server.json beside it, with
 * a version) give every one a value. A policy stores only what it changes
 * from its template, a customer override only what it changes from the
 * policy. The effective settings of a customer are computed in layers:
 *
 *	template -> policy -> customer (-> device, later)
 *
 * Every leaf (a scalar, or a list taken as a whole) records the layer its
 * value came from. Two lists add up instead of replacing: exclusions.paths
 * and exclusions.urls take the policy's entries (replacing the template's)
 * plus every later layer's. Settings the policy locks (a leaf or a whole
 * section, by dotted path) are not changed by later layers.
 *
 * Documents are jansson values. Functions that return a new value hand
 * the caller one reference, registered with the arena given (released
 * with it).
 */
#ifndef STEWARD_SETTINGS_H
#define STEWARD_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct arena;
struct err;

#define SETTINGS_MAX_LOCKS	200

/* Parse the embedded schema and templates (once per process). 0 on
 * success; the data is compiled in, so failure is a build error. */
int		 settings_init(void);

/* The schema document and its text, for the console. */
const json_t	*settings_schema(void);
const char	*settings_schema_text(void);

/* A template's full settings, or NULL for an unknown platform. */
const json_t	*settings_template(const char *platform, int *version);

/*
 * Validate a partial settings document: every member must be a setting
 * of the schema, of the right type and within its limits. Each problem is
 * a field error named prefix + the setting's dotted path ("settings." +
 * "antivirus.file_shield", list items as "exclusions.paths[2]").
 */
int		 settings_validate(struct arena *a, struct err *e, json_t *doc,
		    const char *prefix);

/*
 * The same for a JSON merge patch: null is allowed anywhere (it removes
 * the member, so the layer below applies).
 */
int		 settings_validate_patch(struct arena *a, struct err *e,
		    json_t *doc, const char *prefix);

/*
 * Whether doc sets every setting of platform's template: each missing
 * leaf is a field error prefix + path (M_REQUIRED). Returns how many are
 * missing.
 */
int		 settings_check_complete(struct arena *a, struct err *e,
		    json_t *doc, const char *platform, const char *prefix);

/*
 * A copy of doc without the leaves locks covers; *removed (arena) lists
 * their paths. Returns a new document.
 */
json_t		*settings_strip_locked(struct arena *a, json_t *doc,
		    json_t *locks, const char ***removed, size_t *nremoved);

/* The member of doc at a dotted path (borrowed), or NULL. */
json_t		*settings_get(json_t *doc, const char *path);

/* Whether path ("firewall" or "firewall.mode") names a setting. */
bool		 settings_path_exists(const char *path);

/*
 * Validate a list of lock paths (strings naming settings, no repeats) as
 * field errors under `field`. Returns the number of problems.
 */
int		 settings_check_locks(struct arena *a, struct err *e,
		    json_t *locks, const char *field);

/*
 * A field error "settings.<path>" (M_SETTING_LOCKED) for each leaf of a
 * layer's settings that locks covers. Returns the number of them.
 */
int		 settings_refuse_locked(struct arena *a, struct err *e,
		    json_t *settings, json_t *locks);

/* Whether path, or a section above it, is in the locks list. */
bool		 settings_is_locked(json_t *locks, const char *path);

/*
 * The leaf paths a document sets, in document order, into *out (arena).
 * A list counts as one leaf.
 */
size_t		 settings_leaves(struct arena *a, json_t *doc,
		    const char ***out);

/*
 * JSON merge patch (RFC 7386) of a settings delta: members of patch
 * replace those of base, objects merge recursively, null removes the
 * member (back to what the layer below says). Returns a new document.
 */
json_t		*settings_patch(struct arena *a, json_t *base, json_t *patch);

/* One layer of the computation. */
struct settings_layer {
	const char	*name;		/* "policy", "customer", "device" */
	json_t		*doc;		/* partial settings, or NULL */
	bool		 lockable;	/* locks keep this layer out */
};

/*
 * The effective settings for platform from its template and the layers
 * in order. *origin maps every leaf path to the name of the layer that
 * set it ("template" when none did); *contrib maps each additive list to
 * {"<layer>": [entries it added]}. locks (a JSON list, or NULL) applies to
 * lockable layers. Returns NULL for an unknown platform.
 */
json_t		*settings_effective(struct arena *a, const char *platform,
		    const struct settings_layer *layers, size_t nlayers,
		    json_t *locks, json_t **origin, json_t **contrib);

/*
 * A readable account of what changed between two documents, for the
 * audit log: "firewall.mode: \"automatic\" -> \"strict\"; ..." ("" when
 * nothing did).
 */
char		*settings_diff(struct arena *a, json_t *before, json_t *after);

/* Remove from delta every leaf equal to the same leaf of base. */
json_t		*settings_minimise(struct arena *a, json_t *delta,
		    const json_t *base);

/* Parse JSON text known to be valid (stored documents); NULL if not. */
json_t		*settings_parse(struct arena *a, const char *text);
/* Compact serialisation (keys in document order), in the arena. */
char		*settings_text(struct arena *a, const json_t *doc);

#endif
