/*
 * policy.c - global and local policies: reading, listing and creating
 * them, and what the other policy files share (policy_int.h); see
 * policy.h. Edits and deletion are policy_edit.c, assignments and defaults
 * policy_assign.c, overrides policy_override.c, the effective policy
 * policy_effective.c.
 */
#include <assert.h>
#include <string.h>

#include "app/account.h"
#include "app/access.h"
#include "app/app.h"
#include "app/policy.h"
#include "app/policy_int.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/page.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_policy.h"

const char *const policy_platforms[] = { "workstation", "server", NULL };
static const char *const sources[] = { "template", "scratch", "copy",
    NULL };

/* ---- helpers ---------------------------------------------------------- */

int
policy_doc_load(struct app *app, const struct policy *p,
    struct policy_doc *d)
{
	struct settings_layer	l;
	struct policy		copy = *p;	/* p may point into d */

	memset(d, 0, sizeof(*d));
	d->p = copy;
	d->changes = settings_parse(app->a, copy.settings);
	d->locked = settings_parse(app->a, copy.locked);
	if (!json_is_object(d->changes) || !json_is_array(d->locked))
		return (err_internal(app->e, "policy %s: stored documents "
		    "are not valid", copy.id));
	l.name = "policy";
	l.doc = d->changes;
	l.lockable = false;
	d->settings = settings_effective(app->a, copy.platform, &l, 1, NULL,
	    &d->origin, NULL);
	if (d->settings == NULL)
		return (err_internal(app->e, "policy %s: unknown platform",
		    copy.id));
	return (ST_OK);
}

/* Read a policy of partner_id and parse it. */
int
policy_load(struct app *app, const char *partner_id, const char *id,
    struct policy_doc *d)
{
	struct policy	p;
	int		rc;

	if (id == NULL)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	if ((rc = store_policy_get(app->st, partner_id, app->a, id, &p,
	    app->e)) != ST_OK)
		return (rc);
	return (policy_doc_load(app, &p, d));
}

/*
 * The policy the request names, in the place it names it: under the
 * partner a global policy, under a customer its own local policy.
 * `global_ok` lets a customer path name a global policy assigned to it.
 */
int
policy_load_scoped(struct app *app, const char *partner_id,
    const char *customer_id, const char *id, bool global_ok,
    struct policy_doc *d)
{
	int	rc;

	if ((rc = policy_load(app, partner_id, id, d)) != ST_OK)
		return (rc);
	if (customer_id == NULL) {
		if (d->p.customer_id != NULL)
			return (err_set(app->e, ST_NOT_FOUND, "not_found",
			    M_NOT_FOUND));
		return (ST_OK);
	}
	if (d->p.customer_id != NULL) {
		if (strcmp(d->p.customer_id, customer_id) != 0)
			return (err_set(app->e, ST_NOT_FOUND, "not_found",
			    M_NOT_FOUND));
		return (ST_OK);
	}
	if (!global_ok)
		return (err_set(app->e, ST_CONFLICT, "global_policy",
		    M_GLOBAL_HERE));
	return (ST_OK);
}

const char *
policy_kind(const struct policy *p)
{
	return (p->customer_id == NULL ? "global" : "local");
}

/* Access for a policy: partner-level, or through its customer. */
int
policy_access_for(struct app *app, const char *partner_id,
    const char *customer_id, bool write)
{
	if (customer_id == NULL)
		return (partner_access(app, partner_id, write));
	return (record_access(app, partner_id, customer_id, write, NULL));
}

/* "a, b, c" from a JSON list of strings. */
char *
policy_list_text(struct arena *a, json_t *list)
{
	struct buf	 b = BUF_INIT;
	json_t		*item;
	size_t		 i;

	json_array_foreach(list, i, item) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, json_string_value(item));
	}
	return (buf_to_arena(&b, a));
}

/* Locks in `after` not in `before`. */
json_t *
policy_locks_minus(struct arena *a, json_t *after, json_t *before)
{
	json_t	*out, *item, *other;
	size_t	 i, j;
	bool	 found;

	out = settings_parse(a, "[]");
	json_array_foreach(after, i, item) {
		found = false;
		json_array_foreach(before, j, other)
			if (json_equal(item, other))
				found = true;
		if (!found)
			json_array_append(out, item);
	}
	return (out);
}

/* The full settings of a policy of platform with these changes. */
json_t *
policy_full(struct app *app, const char *platform, json_t *changes)
{
	return (settings_patch(app->a, (json_t *)settings_template(platform,
	    NULL), changes));
}

/*
 * Whether customer_id has policy_id among its policies (its own, or an
 * assigned global one), and whether it is its default.
 */
int
policy_customer_has(struct app *app, const char *partner_id,
    const char *customer_id, const char *policy_id, bool *has,
    bool *is_default)
{
	struct policy	*list;
	struct page	 all;
	size_t		 n, i;
	int		 rc;

	*has = false;
	if (is_default != NULL)
		*is_default = false;
	page_all(&all);
	if ((rc = store_policy_list_customer(app->st, partner_id, customer_id,
	    false, app->a, &all, &list, &n, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++)
		if (strcmp(list[i].id, policy_id) == 0) {
			*has = true;
			if (is_default != NULL)
				*is_default = list[i].is_default;
		}
	return (ST_OK);
}

/* ---- lists ------------------------------------------------------------ */

int
policy_list_global(struct app *app, const char *partner_id, struct page *pg,
    struct policy **out, size_t *n)
{
	int	rc;

	if ((rc = partner_access(app, partner_id, false)) != ST_OK)
		return (rc);
	return (store_policy_list_global(app->st, partner_id, app->a, pg, out,
	    n, app->e));
}

int
policy_list_local(struct app *app, const char *partner_id, struct page *pg,
    struct policy **out, size_t *n)
{
	const char	*scoped;
	int		 rc;

	if ((rc = partner_scope(app, partner_id, false, &scoped)) != ST_OK)
		return (rc);
	return (store_policy_list_local(app->st, partner_id, scoped, app->a,
	    pg, out, n, app->e));
}

int
policy_list_customer(struct app *app, const char *partner_id,
    const char *customer_id, struct page *pg, struct policy **out,
    size_t *n)
{
	int	rc;

	if ((rc = record_access(app, partner_id, customer_id, false,
	    NULL)) != ST_OK)
		return (rc);
	return (store_policy_list_customer(app->st, partner_id, customer_id,
	    true, app->a, pg, out, n, app->e));
}

bool
policy_in_use(const struct policy *p)
{
	if (p->customer_id == NULL)
		return (p->assigned > 0);
	return (p->defaults > 0 || p->is_default);
}

bool
policy_doc_in_use(const struct policy_doc *d)
{
	return (d->p.customer_id == NULL || d->is_default);
}

/* ---- create ----------------------------------------------------------- */

int
policy_create_tx(struct app *app, const char *partner_id,
    const struct policy *p, char **id)
{
	int	rc;

	rc = store_policy_create(app->st, partner_id, app->a, p, app->now, id,
	    app->e);
	if (rc == ST_CONFLICT)
		return (err_conflict(app->e, "policy_name_taken",
		    M_POLICY_NAME_TAKEN, "name"));
	return (rc);
}

/* The source policy of a copy, checked: NULL after a field error. */
static int
copy_source(struct app *app, const char *partner_id, const char *customer_id,
    const struct policy_input *in, struct policy_doc *src)
{
	struct err	tmp;
	int		rc;

	if (in->copy_policy_id == NULL)
		return (err_field(app->e, "copy_from.policy_id", M_REQUIRED));
	err_clear(&tmp);
	rc = store_policy_get(app->st, partner_id, app->a, in->copy_policy_id,
	    &src->p, &tmp);
	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		*app->e = tmp;
		return (rc);
	}
	/*
	 * A local policy is copied from local policies (of any customer the
	 * user can see); a global one from any policy of the partner.
	 */
	if (rc == ST_NOT_FOUND ||
	    (customer_id != NULL && src->p.customer_id == NULL) ||
	    (in->copy_customer_id != NULL && (src->p.customer_id == NULL ||
	    strcmp(src->p.customer_id, in->copy_customer_id) != 0)))
		return (err_field(app->e, "copy_from.policy_id",
		    M_NO_SUCH_POLICY));
	if (src->p.customer_id != NULL) {
		rc = record_access(app, partner_id, src->p.customer_id,
		    false, NULL);
		if (rc == ST_NOT_FOUND) {
			err_clear(app->e);
			return (err_field(app->e, "copy_from.policy_id",
			    M_NO_SUCH_POLICY));
		}
		if (rc != ST_OK)
			return (rc);
	}
	return (policy_doc_load(app, &src->p, src));
}

int
policy_create(struct app *app, const char *partner_id,
    const char *customer_id, const struct policy_input *in, char **id)
{
	struct policy_doc	 src;
	struct policy		 p;
	const char		*source, *platform, *how;
	json_t			*changes, *locked = NULL;
	char			*cname = NULL, *cdesc = NULL;
	int			 rc;

	if ((rc = policy_access_for(app, partner_id, customer_id, true)) != ST_OK)
		return (rc);
	source = in->source != NULL ? in->source : "template";
	valid_text(app->a, app->e, "name", in->name, true, POLICY_NAME_MAX,
	    &cname);
	valid_text(app->a, app->e, "description", in->description, false,
	    POLICY_DESC_MAX, &cdesc);
	if (valid_enum(app->a, app->e, "source", source, sources) != ST_OK)
		return (app->e->status);
	platform = in->platform;
	if (platform != NULL || strcmp(source, "copy") != 0)
		valid_enum(app->a, app->e, "platform", platform, policy_platforms);
	if (strcmp(source, "copy") != 0 && (in->copy_policy_id != NULL ||
	    in->copy_customer_id != NULL))
		err_field(app->e, "copy_from", M_NOT_WITH_SOURCE);
	if (in->locked != NULL) {
		if (customer_id != NULL)
			err_field(app->e, "locked", M_LOCKS_GLOBAL_ONLY);
		else
			settings_check_locks(app->a, app->e, in->locked,
			    "locked");
	}
	memset(&src, 0, sizeof(src));
	if (strcmp(source, "scratch") == 0) {
		if (in->settings == NULL)
			err_field(app->e, "settings", M_REQUIRED);
		else if (settings_validate(app->a, app->e, in->settings,
		    "settings.") == ST_OK && platform != NULL &&
		    app->e->status == ST_OK)
			settings_check_complete(app->a, app->e, in->settings,
			    platform, "settings.");
	} else if (in->settings != NULL)
		settings_validate_patch(app->a, app->e, in->settings,
		    "settings.");
	if (strcmp(source, "copy") == 0) {
		rc = copy_source(app, partner_id, customer_id, in, &src);
		if (rc != ST_OK && rc != ST_INVALID)
			return (rc);
		if (rc == ST_OK && platform != NULL &&
		    strcmp(platform, src.p.platform) != 0)
			err_field(app->e, "platform", M_PLATFORM_MISMATCH);
		if (rc == ST_OK)
			platform = src.p.platform;
	}
	if (app->e->status != ST_OK)
		return (app->e->status);
	assert(platform != NULL);

	/* What the new policy changes from its template. */
	memset(&p, 0, sizeof(p));
	p.customer_id = customer_id;
	p.name = cname;
	p.description = cdesc;
	p.platform = platform;
	if (strcmp(source, "copy") == 0) {
		changes = settings_patch(app->a, src.changes, in->settings);
		p.template = src.p.template;
		p.template_version = src.p.template_version;
		if (customer_id == NULL && in->locked == NULL &&
		    src.p.customer_id == NULL)
			locked = src.locked;
		how = arena_printf(app->a, "as a copy of the %s policy "
		    "\"%s\"", policy_kind(&src.p), src.p.name);
	} else if (strcmp(source, "scratch") == 0) {
		changes = in->settings;
		p.template = "";
		how = "from scratch";
	} else {
		changes = settings_patch(app->a, NULL, in->settings);
		p.template = platform;
		how = arena_printf(app->a, "from the %s template", platform);
	}
	if (p.template_version == 0) {
		int v = 1;

		settings_template(platform, &v);
		p.template_version = v;
	}
	changes = settings_minimise(app->a, changes,
	    settings_template(platform, NULL));
	if (in->locked != NULL)
		locked = in->locked;
	p.settings = settings_text(app->a, changes);
	p.locked = locked != NULL ? settings_text(app->a, locked) : "[]";

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = policy_create_tx(app, partner_id, &p, id)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, partner_id, customer_id, "policy", "create",
	    "success", arena_printf(app->a, "%s %s policy \"%s\" created %s%s%s"
	    "%s%s", customer_id ? "local" : "global", platform, cname, how,
	    json_object_size(changes) > 0 ? "; settings: " : "",
	    json_object_size(changes) > 0 ? settings_diff(app->a,
	    (json_t *)settings_template(platform, NULL), policy_full(app, platform,
	    changes)) : "",
	    locked != NULL && json_array_size(locked) > 0 ? "; locked: " : "",
	    locked != NULL ? policy_list_text(app->a, locked) : ""))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* ---- read ------------------------------------------------------------- */

int
policy_get(struct app *app, const char *partner_id, const char *customer_id,
    const char *id, struct policy_doc *out)
{
	struct settings_layer	 l[2];
	struct policy_override	 o;
	struct err		 tmp;
	bool			 found;
	int			 rc;

	if ((rc = policy_access_for(app, partner_id, customer_id, false)) != ST_OK)
		return (rc);
	if ((rc = policy_load_scoped(app, partner_id, customer_id, id, true, out)) !=
	    ST_OK)
		return (rc);
	if (customer_id == NULL)
		return (ST_OK);
	out->from_customer = true;
	if ((rc = policy_customer_has(app, partner_id, customer_id, id, &found,
	    &out->is_default)) != ST_OK)
		return (rc);
	if (!found)
		return (err_set(app->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	if (out->p.customer_id == NULL) {
		err_clear(&tmp);
		rc = store_override_get(app->st, partner_id, customer_id, id,
		    app->a, &o, &tmp);
		if (rc == ST_OK) {
			out->overrides = settings_parse(app->a, o.settings);
			out->override_revision = o.revision;
			out->override_updated_at = o.updated_at;
		} else if (rc != ST_NOT_FOUND) {
			*app->e = tmp;
			return (rc);
		}
	}
	l[0].name = "policy";
	l[0].doc = out->changes;
	l[0].lockable = false;
	l[1].name = "customer";
	l[1].doc = out->overrides;
	l[1].lockable = true;
	out->effective = settings_effective(app->a, out->p.platform, l, 2,
	    out->locked, &out->effective_origin, &out->contributions);
	return (ST_OK);
}
