/*
 * policy_edit.c - editing and deleting policies (a new lock trims the
 * overrides it makes meaningless; a policy in use needs a replacement);
 * see policy.h.
 */

#include <string.h>

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
	if ((rc = policy_access_for(app, partner_id, customer_id, true)) != ST_OK)
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
	if ((rc = policy_load_scoped(app, partner_id, customer_id, id, false, &d)) !=
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
		settings = policy_full(app, d.p.platform, changes);
		diff = settings_diff(app->a, d.settings, settings);
		if (*diff != '\0') {
			res->revision_changed = true;
			buf_printf(&detail, "%ssettings: %s",
			    detail.len ? "; " : "", diff);
		}
	}
	if (patch->locked != NULL) {
		added = policy_locks_minus(app->a, patch->locked, d.locked);
		dropped = policy_locks_minus(app->a, d.locked, patch->locked);
		locks_changed = json_array_size(added) > 0 ||
		    json_array_size(dropped) > 0 ||
		    json_array_size(patch->locked) !=
		    json_array_size(d.locked);
		if (locks_changed) {
			ed.locked = settings_text(app->a, patch->locked);
			if (json_array_size(added) > 0)
				buf_printf(&detail, "%slocked: %s",
				    detail.len ? "; " : "",
				    policy_list_text(app->a, added));
			if (json_array_size(dropped) > 0)
				buf_printf(&detail, "%sunlocked: %s",
				    detail.len ? "; " : "",
				    policy_list_text(app->a, dropped));
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
	    policy_kind(&d.p), d.p.name, buf_to_arena(&detail, app->a),
	    res->revision_changed ? arena_printf(app->a, " (revision %lld)",
	    d.p.revision + 1) : ""))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	buf_free(&detail);
	store_tx_rollback(app->st);
	return (rc);
}

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
	    "replaced by \"%s\"%s%s", policy_kind(&d->p), d->p.name, r->name,
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
	if ((rc = policy_access_for(app, partner_id, customer_id, true)) != ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_policy_lock(app->st, partner_id, id, app->e)) !=
	    ST_OK)
		goto fail;
	if ((rc = policy_load_scoped(app, partner_id, customer_id, id, false, &d)) !=
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
		    customer_id, false, app->a, &all, &list, &others,
		    app->e)) != ST_OK)
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
	    policy_kind(&d.p), d.p.platform, d.p.name, *moved > 0 ?
	    arena_printf(app->a, "; %zu customer%s moved to \"%s\"", *moved,
	    *moved == 1 ? "" : "s", r.name) : ""))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}
