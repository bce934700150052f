/*
 * policy.c - global and local policies, overrides, defaults and the
 * effective policy; see policy.h.
 */
#include <assert.h>
#include <string.h>

#include "app/account.h"
#include "app/access.h"
#include "app/app.h"
#include "app/policy.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/page.h"
#include "core/valid.h"
#include "store/store.h"

static const char *const platforms[] = { "workstation", "server", NULL };
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
static int
load(struct app *app, const char *partner_id, const char *id,
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
static int
load_scoped(struct app *app, const char *partner_id, const char *customer_id,
    const char *id, bool global_ok, struct policy_doc *d)
{
	int	rc;

	if ((rc = load(app, partner_id, id, d)) != ST_OK)
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

static const char *
kind_of(const struct policy *p)
{
	return (p->customer_id == NULL ? "global" : "local");
}

/* Access for a policy: partner-level, or through its customer. */
static int
access_for(struct app *app, const char *partner_id, const char *customer_id,
    bool write)
{
	if (customer_id == NULL)
		return (partner_access(app, partner_id, write));
	return (customer_access(app, partner_id, customer_id, write, NULL));
}

/* "a, b, c" from a JSON list of strings. */
static char *
list_text(struct arena *a, json_t *list)
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
static json_t *
locks_minus(struct arena *a, json_t *after, json_t *before)
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
static json_t *
full(struct app *app, const char *platform, json_t *changes)
{
	return (settings_patch(app->a, (json_t *)settings_template(platform,
	    NULL), changes));
}

/*
 * Whether customer_id has policy_id among its policies (its own, or an
 * assigned global one), and whether it is its default.
 */
static int
customer_has(struct app *app, const char *partner_id, const char *customer_id,
    const char *policy_id, bool *has, bool *is_default)
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
	    app->a, &all, &list, &n, app->e)) != ST_OK)
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

	if ((rc = customer_access(app, partner_id, customer_id, false,
	    NULL)) != ST_OK)
		return (rc);
	return (store_policy_list_customer(app->st, partner_id, customer_id,
	    app->a, pg, out, n, app->e));
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
		rc = customer_access(app, partner_id, src->p.customer_id,
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

	if ((rc = access_for(app, partner_id, customer_id, true)) != ST_OK)
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
		valid_enum(app->a, app->e, "platform", platform, platforms);
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
		    "\"%s\"", kind_of(&src.p), src.p.name);
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
	    (json_t *)settings_template(platform, NULL), full(app, platform,
	    changes)) : "",
	    locked != NULL && json_array_size(locked) > 0 ? "; locked: " : "",
	    locked != NULL ? list_text(app->a, locked) : ""))) != ST_OK)
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

	if ((rc = access_for(app, partner_id, customer_id, false)) != ST_OK)
		return (rc);
	if ((rc = load_scoped(app, partner_id, customer_id, id, true, out)) !=
	    ST_OK)
		return (rc);
	if (customer_id == NULL)
		return (ST_OK);
	out->from_customer = true;
	if ((rc = customer_has(app, partner_id, customer_id, id, &found,
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

int
policy_usage(struct app *app, const char *partner_id, const char *id,
    struct page *pg, struct policy_use **out, size_t *n)
{
	struct policy_doc	d;
	int			rc;

	if ((rc = partner_access(app, partner_id, false)) != ST_OK)
		return (rc);
	if ((rc = load_scoped(app, partner_id, NULL, id, false, &d)) != ST_OK)
		return (rc);
	return (store_policy_usage(app->st, partner_id, id, app->a, pg, out,
	    n, app->e));
}

/* ---- update ----------------------------------------------------------- */

/*
 * Remove newly locked settings from every customer's override of the
 * policy; counts the customers whose override changed.
 */
static int
trim_overrides(struct app *app, const char *partner_id,
    const struct policy_doc *d, json_t *added, size_t *trimmed)
{
	struct policy_override	*list;
	const char		**removed;
	json_t			*doc, *kept;
	size_t			 n, i, nremoved;
	int			 rc;

	*trimmed = 0;
	if (json_array_size(added) == 0)
		return (ST_OK);
	if ((rc = store_overrides_of_policy(app->st, partner_id, d->p.id,
	    app->a, &list, &n, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		doc = settings_parse(app->a, list[i].settings);
		kept = settings_strip_locked(app->a, doc, added, &removed,
		    &nremoved);
		if (nremoved == 0)
			continue;
		rc = store_override_put(app->st, partner_id,
		    list[i].customer_id, d->p.id, json_object_size(kept) > 0 ?
		    settings_text(app->a, kept) : NULL, app->now, app->e);
		if (rc != ST_OK)
			return (rc);
		if ((rc = app_audit(app, partner_id, list[i].customer_id,
		    "policy", "override", "success", arena_printf(app->a,
		    "overrides of global policy \"%s\" removed because the "
		    "policy now locks them: %s", d->p.name, settings_diff(
		    app->a, doc, kept)))) != ST_OK)
			return (rc);
		(*trimmed)++;
	}
	return (ST_OK);
}

int
policy_update(struct app *app, const char *partner_id,
    const char *customer_id, const char *id,
    const struct policy_patch *patch, struct policy_result *res)
{
	struct policy_doc	 d;
	struct policy_edit	 ed;
	struct buf		 detail = BUF_INIT;
	json_t			*changes = NULL, *settings, *added = NULL;
	json_t			*dropped = NULL;
	char			*cname = NULL, *cdesc = NULL, *diff;
	bool			 locks_changed = false;
	int			 rc;

	memset(res, 0, sizeof(*res));
	if ((rc = access_for(app, partner_id, customer_id, true)) != ST_OK)
		return (rc);
	if (patch->name != NULL)
		valid_text(app->a, app->e, "name", patch->name, true,
		    POLICY_NAME_MAX, &cname);
	if (patch->description != NULL)
		valid_text(app->a, app->e, "description", patch->description,
		    false, POLICY_DESC_MAX, &cdesc);
	if (patch->settings != NULL)
		settings_validate_patch(app->a, app->e, patch->settings,
		    "settings.");
	if (patch->locked != NULL) {
		if (customer_id != NULL)
			err_field(app->e, "locked", M_LOCKS_GLOBAL_ONLY);
		else
			settings_check_locks(app->a, app->e, patch->locked,
			    "locked");
	}
	if (app->e->status != ST_OK)
		return (app->e->status);

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	/* Lock the row, then read it: concurrent edits apply in turn. */
	if ((rc = store_policy_lock(app->st, partner_id, id, app->e)) !=
	    ST_OK)
		goto fail;
	if ((rc = load_scoped(app, partner_id, customer_id, id, false, &d)) !=
	    ST_OK)
		goto fail;
	memset(&ed, 0, sizeof(ed));
	if (cname != NULL && strcmp(cname, d.p.name) != 0) {
		ed.name = cname;
		buf_printf(&detail, "renamed from \"%s\" to \"%s\"",
		    d.p.name, cname);
	}
	if (cdesc != NULL && strcmp(cdesc, d.p.description) != 0) {
		ed.description = cdesc;
		buf_printf(&detail, "%sdescription changed",
		    detail.len ? "; " : "");
	}
	if (patch->settings != NULL) {
		changes = settings_minimise(app->a, settings_patch(app->a,
		    d.changes, patch->settings), settings_template(
		    d.p.platform, NULL));
		if (!json_equal(changes, d.changes))
			ed.settings = settings_text(app->a, changes);
		settings = full(app, d.p.platform, changes);
		diff = settings_diff(app->a, d.settings, settings);
		if (*diff != '\0') {
			res->revision_changed = true;
			buf_printf(&detail, "%ssettings: %s",
			    detail.len ? "; " : "", diff);
		}
	}
	if (patch->locked != NULL) {
		added = locks_minus(app->a, patch->locked, d.locked);
		dropped = locks_minus(app->a, d.locked, patch->locked);
		locks_changed = json_array_size(added) > 0 ||
		    json_array_size(dropped) > 0 ||
		    json_array_size(patch->locked) !=
		    json_array_size(d.locked);
		if (locks_changed) {
			ed.locked = settings_text(app->a, patch->locked);
			if (json_array_size(added) > 0)
				buf_printf(&detail, "%slocked: %s",
				    detail.len ? "; " : "",
				    list_text(app->a, added));
			if (json_array_size(dropped) > 0)
				buf_printf(&detail, "%sunlocked: %s",
				    detail.len ? "; " : "",
				    list_text(app->a, dropped));
		}
		if ((rc = trim_overrides(app, partner_id, &d, added,
		    &res->overrides_trimmed)) != ST_OK)
			goto fail;
		if (res->overrides_trimmed > 0) {
			res->revision_changed = true;
			buf_printf(&detail, "%soverrides of %zu customer%s "
			    "removed by the new locks", detail.len ? "; " : "",
			    res->overrides_trimmed,
			    res->overrides_trimmed == 1 ? "" : "s");
		}
	}
	if (ed.name == NULL && ed.description == NULL && ed.settings == NULL &&
	    ed.locked == NULL) {
		buf_free(&detail);
		return (store_tx_commit(app->st, app->e));
	}
	ed.bump_revision = res->revision_changed;
	rc = store_policy_update(app->st, partner_id, id, &ed, app->now,
	    app->e);
	if (rc == ST_CONFLICT) {
		err_clear(app->e);
		rc = err_conflict(app->e, "policy_name_taken",
		    M_POLICY_NAME_TAKEN, "name");
	}
	if (rc != ST_OK)
		goto fail;
	res->changed = true;
	if ((rc = app_audit(app, partner_id, customer_id, "policy", "update",
	    "success", arena_printf(app->a, "%s policy \"%s\": %s%s",
	    kind_of(&d.p), d.p.name, buf_to_arena(&detail, app->a),
	    res->revision_changed ? arena_printf(app->a, " (revision %lld)",
	    d.p.revision + 1) : ""))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	buf_free(&detail);
	store_tx_rollback(app->st);
	return (rc);
}

/* ---- delete ----------------------------------------------------------- */

/* Move one customer from policy d to replacement r (same platform). */
static int
move_customer(struct app *app, const char *partner_id,
    const struct policy_doc *d, const struct policy *r,
    const struct policy_use *u)
{
	int	rc;

	if (r->customer_id == NULL && (rc = store_policy_assign(app->st,
	    partner_id, r->id, u->customer_id, app->now, app->e)) != ST_OK)
		return (rc);
	if (u->is_default && (rc = store_customer_default_set(app->st,
	    partner_id, u->customer_id, d->p.platform, r->id, app->e)) !=
	    ST_OK)
		return (rc);
	return (app_audit(app, partner_id, u->customer_id, "policy",
	    "replace", "success", arena_printf(app->a, "%s policy \"%s\" "
	    "replaced by \"%s\"%s%s", kind_of(&d->p), d->p.name, r->name,
	    u->is_default ? " as the default" : "", u->has_override ?
	    "; the customer's overrides of it were removed" : "")));
}

int
policy_delete(struct app *app, const char *partner_id,
    const char *customer_id, const char *id, const char *replacement_id,
    size_t *moved)
{
	struct policy_doc	 d;
	struct policy_use	*uses;
	struct policy		*list, r;
	struct page		 all;
	struct err		 tmp;
	size_t			 n, i, others = 0;
	bool			 in_use;
	int			 rc;

	*moved = 0;
	if ((rc = access_for(app, partner_id, customer_id, true)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_policy_lock(app->st, partner_id, id, app->e)) !=
	    ST_OK)
		goto fail;
	if ((rc = load_scoped(app, partner_id, customer_id, id, false, &d)) !=
	    ST_OK)
		goto fail;
	page_all(&all);
	if ((rc = store_policy_usage(app->st, partner_id, id, app->a, &all,
	    &uses, &n, app->e)) != ST_OK)
		goto fail;
	/* A global policy is in use where assigned; a local one where it
	 * is the default (devices join here when they exist). */
	in_use = false;
	for (i = 0; i < n; i++)
		if (customer_id == NULL || uses[i].is_default)
			in_use = true;
	if (customer_id != NULL && in_use) {
		page_all(&all);
		if ((rc = store_policy_list_customer(app->st, partner_id,
		    customer_id, app->a, &all, &list, &others, app->e)) !=
		    ST_OK)
			goto fail;
		for (i = n = 0; i < others; i++)
			if (strcmp(list[i].platform, d.p.platform) == 0 &&
			    strcmp(list[i].id, id) != 0)
				n++;
		if (n == 0) {
			rc = err_conflict(app->e, "last_policy", M_LAST_POLICY,
			    NULL);
			goto fail;
		}
		/* uses[] is the customer's own row, and n its count. */
		page_all(&all);
		if ((rc = store_policy_usage(app->st, partner_id, id, app->a,
		    &all, &uses, &n, app->e)) != ST_OK)
			goto fail;
	}
	if (in_use && replacement_id == NULL) {
		if (customer_id != NULL)
			rc = err_conflict(app->e, "policy_in_use",
			    M_POLICY_IS_DEFAULT, "replacement_policy_id");
		else {
			rc = err_conflict(app->e, "policy_in_use",
			    M_POLICY_IN_USE, NULL);
			app->e->n = (long long)n;
			err_fieldn(app->e, "replacement_policy_id",
			    M_POLICY_IN_USE, (long long)n);
		}
		goto fail;
	}
	if (in_use) {
		err_clear(&tmp);
		rc = store_policy_get(app->st, partner_id, app->a,
		    replacement_id, &r, &tmp);
		if (rc != ST_OK && rc != ST_NOT_FOUND) {
			*app->e = tmp;
			goto fail;
		}
		if (rc == ST_OK && strcmp(r.id, id) == 0)
			rc = err_field(app->e, "replacement_policy_id",
			    M_REPLACEMENT_SELF);
		else if (rc == ST_NOT_FOUND || (customer_id == NULL &&
		    r.customer_id != NULL) || (customer_id != NULL &&
		    r.customer_id != NULL && strcmp(r.customer_id,
		    customer_id) != 0))
			rc = err_field(app->e, "replacement_policy_id",
			    M_NO_SUCH_POLICY);
		else if (strcmp(r.platform, d.p.platform) != 0)
			rc = err_field(app->e, "replacement_policy_id",
			    M_PLATFORM_MISMATCH);
		else
			rc = ST_OK;
		if (rc != ST_OK)
			goto fail;
		for (i = 0; i < n; i++) {
			if (customer_id != NULL && !uses[i].is_default)
				continue;
			if ((rc = move_customer(app, partner_id, &d, &r,
			    &uses[i])) != ST_OK)
				goto fail;
			(*moved)++;
		}
	}
	if ((rc = store_policy_delete(app->st, partner_id, id, app->e)) !=
	    ST_OK)
		goto fail;
	if ((rc = app_audit(app, partner_id, customer_id, "policy", "delete",
	    "success", arena_printf(app->a, "%s %s policy \"%s\" deleted%s",
	    kind_of(&d.p), d.p.platform, d.p.name, *moved > 0 ?
	    arena_printf(app->a, "; %zu customer%s moved to \"%s\"", *moved,
	    *moved == 1 ? "" : "s", r.name) : ""))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* ---- assignments ------------------------------------------------------ */

/* Check a list of customer ids: each a customer of the partner. */
static int
check_customers(struct app *app, const char *partner_id,
    const char *const *ids, size_t n, struct customer *out)
{
	struct err	tmp;
	size_t		i;
	int		rc;

	if (n == 0)
		return (err_field(app->e, "customer_ids", M_REQUIRED));
	if (n > POLICY_ASSIGN_MAX)
		return (err_fieldn(app->e, "customer_ids", M_TOO_MANY,
		    POLICY_ASSIGN_MAX));
	for (i = 0; i < n; i++) {
		err_clear(&tmp);
		rc = store_customer_get(app->st, partner_id, app->a, ids[i],
		    &out[i], &tmp);
		if (rc == ST_NOT_FOUND)
			err_field(app->e, arena_printf(app->a,
			    "customer_ids[%zu]", i), M_NO_SUCH_CUSTOMER);
		else if (rc != ST_OK) {
			*app->e = tmp;
			return (rc);
		}
	}
	return (app->e->status);
}

/* What assign and unassign check first: access, policy, customers. */
static int
assignment_prepare(struct app *app, const char *partner_id, const char *id,
    const char *const *ids, size_t n, struct policy_doc *d,
    struct customer **cs)
{
	int	rc;

	if ((rc = partner_access(app, partner_id, true)) != ST_OK)
		return (rc);
	if ((rc = load_scoped(app, partner_id, NULL, id, false, d)) != ST_OK)
		return (rc);
	*cs = arena_calloc(app->a, n ? n : 1, sizeof(**cs));
	return (check_customers(app, partner_id, ids, n, *cs));
}

int
policy_assign(struct app *app, const char *partner_id, const char *id,
    const char *const *ids, size_t n, bool make_default, size_t *added)
{
	struct policy_doc	 d;
	struct customer		*cs;
	size_t			 i, j;
	bool			 had, is_default, dup;
	int			 rc;

	*added = 0;
	if ((rc = assignment_prepare(app, partner_id, id, ids, n, &d, &cs)) !=
	    ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		for (j = 0, dup = false; j < i; j++)
			dup = dup || strcmp(ids[i], ids[j]) == 0;
		if (dup)
			continue;
		if ((rc = customer_has(app, partner_id, ids[i], id, &had,
		    &is_default)) != ST_OK)
			goto fail;
		if (had && (!make_default || is_default))
			continue;	/* nothing changes for this one */
		if ((rc = store_policy_assign(app->st, partner_id, id, ids[i],
		    app->now, app->e)) != ST_OK)
			goto fail;
		if (make_default && (rc = store_customer_default_set(app->st,
		    partner_id, ids[i], d.p.platform, id, app->e)) != ST_OK)
			goto fail;
		if ((rc = app_audit(app, partner_id, ids[i], "policy",
		    "assign", "success", arena_printf(app->a, "global %s "
		    "policy \"%s\" assigned to \"%s\"%s", d.p.platform,
		    d.p.name, cs[i].company, make_default ? " as its default" :
		    ""))) != ST_OK)
			goto fail;
		(*added)++;
	}
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
policy_unassign(struct app *app, const char *partner_id, const char *id,
    const char *const *ids, size_t n)
{
	struct policy_doc	 d;
	struct customer		*cs;
	char			*field;
	size_t			 i, j;
	bool			 assigned, is_default, conflict = false;
	int			 rc;

	if ((rc = assignment_prepare(app, partner_id, id, ids, n, &d, &cs)) !=
	    ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++) {
		field = arena_printf(app->a, "customer_ids[%zu]", i);
		if ((rc = customer_has(app, partner_id, ids[i], id, &assigned,
		    &is_default)) != ST_OK)
			goto fail;
		if (!assigned) {
			/* Listed twice: the first one did it. */
			for (j = 0; j < i; j++)
				if (strcmp(ids[i], ids[j]) == 0)
					break;
			if (j < i)
				continue;
			err_field(app->e, field, M_NOT_ASSIGNED);
			continue;
		}
		if (is_default) {
			err_field(app->e, field, M_POLICY_IS_DEFAULT);
			conflict = true;
			continue;
		}
		if (app->e->status != ST_OK)
			continue;	/* only collecting problems now */
		if ((rc = store_policy_unassign(app->st, partner_id, id,
		    ids[i], app->e)) != ST_OK)
			goto fail;
		if ((rc = app_audit(app, partner_id, ids[i], "policy",
		    "unassign", "success", arena_printf(app->a, "global %s "
		    "policy \"%s\" unassigned from \"%s\"", d.p.platform,
		    d.p.name, cs[i].company))) != ST_OK)
			goto fail;
	}
	if (app->e->status != ST_OK) {
		/* Defaults are a conflict with the state, not bad input. */
		rc = conflict ? err_promote(app->e, ST_CONFLICT,
		    "policy_is_default", M_POLICY_IS_DEFAULT) : app->e->status;
		goto fail;
	}
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* ---- overrides and defaults ------------------------------------------ */

int
policy_override_put(struct app *app, const char *partner_id,
    const char *customer_id, const char *policy_id, json_t *settings)
{
	struct policy_doc	 d;
	struct policy_override	 o;
	struct customer		 c;
	struct err		 tmp;
	const char		**leaves;
	json_t			*before;
	size_t			 n, i;
	bool			 assigned = false;
	char			*diff;
	int			 rc;

	if ((rc = customer_access(app, partner_id, customer_id, true, &c)) !=
	    ST_OK)
		return (rc);
	if (settings == NULL)
		return (err_field(app->e, "settings", M_REQUIRED));
	if (settings_validate(app->a, app->e, settings, "settings.") != ST_OK)
		return (app->e->status);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	/* The policy's row lock orders this with edits of its locks. */
	if ((rc = store_policy_lock(app->st, partner_id, policy_id,
	    app->e)) != ST_OK)
		goto fail;
	if ((rc = load(app, partner_id, policy_id, &d)) != ST_OK)
		goto fail;
	if (d.p.customer_id != NULL) {
		if (strcmp(d.p.customer_id, customer_id) == 0)
			rc = err_conflict(app->e, "local_policy",
			    M_OVERRIDE_LOCAL, NULL);
		else
			rc = err_set(app->e, ST_NOT_FOUND, "not_found",
			    M_NOT_FOUND);
		goto fail;
	}
	if ((rc = customer_has(app, partner_id, customer_id, policy_id,
	    &assigned, NULL)) != ST_OK)
		goto fail;
	if (!assigned) {
		rc = err_conflict(app->e, "not_assigned", M_NOT_ASSIGNED, NULL);
		goto fail;
	}
	n = settings_leaves(app->a, settings, &leaves);
	for (i = 0; i < n; i++)
		if (settings_is_locked(d.locked, leaves[i]))
			err_field(app->e, arena_printf(app->a, "settings.%s",
			    leaves[i]), M_SETTING_LOCKED);
	if (app->e->status != ST_OK) {
		rc = app->e->status;
		goto fail;
	}
	err_clear(&tmp);
	rc = store_override_get(app->st, partner_id, customer_id, policy_id,
	    app->a, &o, &tmp);
	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		*app->e = tmp;
		goto fail;
	}
	before = settings_parse(app->a, rc == ST_OK ? o.settings : "{}");
	if (json_equal(before, settings))
		return (store_tx_commit(app->st, app->e));
	if ((rc = store_override_put(app->st, partner_id, customer_id,
	    policy_id, json_object_size(settings) > 0 ?
	    settings_text(app->a, settings) : NULL, app->now, app->e)) != ST_OK)
		goto fail;
	diff = settings_diff(app->a, before, settings);
	if ((rc = app_audit(app, partner_id, customer_id, "policy",
	    "override", "success", arena_printf(app->a, "overrides of global "
	    "policy \"%s\" for \"%s\": %s", d.p.name, c.company, diff))) !=
	    ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
policy_default_set(struct app *app, const char *partner_id,
    const char *customer_id, const char *platform, const char *policy_id)
{
	struct customer	 c;
	struct policy	 p, old;
	struct err	 tmp;
	const char	*old_id = NULL;
	int		 rc;

	if ((rc = customer_access(app, partner_id, customer_id, true, &c)) !=
	    ST_OK)
		return (rc);
	if (valid_enum(app->a, app->e, "platform", platform, platforms) !=
	    ST_OK)
		return (app->e->status);
	if (policy_id == NULL)
		return (err_field(app->e, "policy_id", M_REQUIRED));
	err_clear(&tmp);
	rc = store_policy_get(app->st, partner_id, app->a, policy_id, &p,
	    &tmp);
	if (rc == ST_NOT_FOUND || (rc == ST_OK && p.customer_id != NULL &&
	    strcmp(p.customer_id, customer_id) != 0))
		return (err_field(app->e, "policy_id", M_NO_SUCH_POLICY));
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	if (strcmp(p.platform, platform) != 0)
		return (err_field(app->e, "policy_id", M_PLATFORM_MISMATCH));
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	err_clear(&tmp);
	rc = store_customer_default_get(app->st, partner_id, customer_id,
	    platform, app->a, &old_id, &tmp);
	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		*app->e = tmp;
		goto fail;
	}
	if (rc == ST_OK && strcmp(old_id, policy_id) == 0)
		return (store_tx_commit(app->st, app->e));
	if (rc == ST_OK && (rc = store_policy_get(app->st, partner_id, app->a,
	    old_id, &old, app->e)) != ST_OK)
		goto fail;
	if (p.customer_id == NULL && (rc = store_policy_assign(app->st,
	    partner_id, policy_id, customer_id, app->now, app->e)) != ST_OK)
		goto fail;
	if ((rc = store_customer_default_set(app->st, partner_id, customer_id,
	    platform, policy_id, app->e)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, partner_id, customer_id, "policy", "default",
	    "success", arena_printf(app->a, "default %s policy of \"%s\": "
	    "%s%s%s -> \"%s\" (%s)", platform, c.company, old_id ? "\"" : "",
	    old_id ? old.name : "none", old_id ? "\"" : "", p.name,
	    kind_of(&p)))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* ---- effective -------------------------------------------------------- */

int
policy_effective(struct app *app, const char *partner_id,
    const char *customer_id, const char *platform, const char *policy_id,
    struct policy_effective *out)
{
	struct effective_source	 src;
	struct settings_layer	 l[2];
	json_t			*changes, *overrides = NULL;
	struct err		 tmp;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = customer_access(app, partner_id, customer_id, false,
	    NULL)) != ST_OK)
		return (rc);
	if (platform == NULL && policy_id == NULL)
		return (err_field(app->e, "platform", M_REQUIRED));
	if (platform != NULL && valid_enum(app->a, app->e, "platform",
	    platform, platforms) != ST_OK)
		return (app->e->status);
	err_clear(&tmp);
	rc = store_effective_source(app->st, partner_id, customer_id,
	    platform, policy_id, app->a, &src, &tmp);
	if (rc == ST_NOT_FOUND && policy_id != NULL)
		return (err_field(app->e, "policy_id", M_NO_SUCH_POLICY));
	if (rc != ST_OK && rc != ST_NOT_FOUND) {
		*app->e = tmp;
		return (rc);
	}
	if (rc == ST_OK && platform != NULL &&
	    strcmp(src.policy.platform, platform) != 0)
		return (err_field(app->e, "policy_id", M_PLATFORM_MISMATCH));
	out->platform = rc == ST_OK ? src.policy.platform : platform;
	settings_template(out->platform, &out->template_version);
	if (rc == ST_NOT_FOUND) {
		/* No default for this platform: the template applies. */
		out->settings = settings_effective(app->a, out->platform, NULL,
		    0, NULL, &out->origin, &out->contributions);
		out->locked = settings_parse(app->a, "[]");
		return (ST_OK);
	}
	out->has_policy = true;
	out->p = src.policy;
	out->override_revision = src.override_revision;
	changes = settings_parse(app->a, src.policy.settings);
	out->locked = settings_parse(app->a, src.policy.locked);
	if (src.override != NULL)
		overrides = settings_parse(app->a, src.override);
	if (!json_is_object(changes) || !json_is_array(out->locked))
		return (err_internal(app->e, "policy %s: stored documents "
		    "are not valid", src.policy.id));
	out->template_version = (int)src.policy.template_version;
	l[0].name = "policy";
	l[0].doc = changes;
	l[0].lockable = false;
	l[1].name = "customer";
	l[1].doc = overrides;
	l[1].lockable = true;
	out->settings = settings_effective(app->a, out->platform, l, 2,
	    out->locked, &out->origin, &out->contributions);
	return (ST_OK);
}
