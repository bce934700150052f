/*
 * site.c - a customer's sites; see site.h.
 */
#include <stdlib.h>
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/company.h"
#include "app/deletion.h"
#include "app/principal.h"
#include "app/settings.h"
#include "app/site.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/page.h"
#include "core/text.h"
#include "core/valid.h"
#include "store/store.h"

/*
 * The customer whose sites these are: *customer_id, a partner's customer
 * the principal's role covers, or (NULL) the company console's own record
 * (a multi-tenant console's, made when make; reading without make, a
 * single-tenant console or one without a record leaves it NULL: no sites).
 */
static int
site_owner(struct app *app, const char *account_id, const char **customer_id,
    bool write, bool make, struct customer *c)
{
	if (*customer_id != NULL)
		return (customer_access(app, account_id, *customer_id, write,
		    c));
	return (company_owner(app, account_id, write, make ? COMPANY_SITES :
	    COMPANY_ANY, make, customer_id, c));
}

/*
 * The customer whose sites a reader lists (*customer_id, as site_owner()
 * finds it) and the sites its role is limited to (t->sites, or NULL);
 * *none when there is nothing to list (a console without sites).
 */
static int
list_owner(struct app *app, const char *partner_id, const char **customer_id,
    struct page *pg, struct tenant *t, bool *none)
{
	int	rc;

	*none = false;
	if ((rc = site_owner(app, partner_id, customer_id, false, false,
	    NULL)) != ST_OK)
		return (rc);
	if (*customer_id == NULL) {
		pg->more = false;
		*none = true;
		return (ST_OK);
	}
	/* A role limited to chosen sites lists those. */
	return (tenant_scope(app, partner_id, false, t));
}

/*
 * The customer whose site site_id a writer changes (*customer_id, as
 * site_owner() finds it), after the role's checks; ST_NOT_FOUND for a
 * console without sites.
 */
static int
site_writer(struct app *app, const char *partner_id, const char **customer_id,
    const char *site_id)
{
	int	rc;

	if ((rc = site_owner(app, partner_id, customer_id, true, false,
	    NULL)) != ST_OK || (rc = site_covered(app, partner_id, site_id)) !=
	    ST_OK)
		return (rc);
	if (*customer_id == NULL)
		return (err_set(app->e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
	return (ST_OK);
}

int
site_list(struct app *app, const char *partner_id, const char *customer_id,
    struct page *pg, struct site **out, size_t *n)
{
	struct tenant	t;
	bool		none;
	int		rc;

	*out = NULL;
	*n = 0;
	if ((rc = list_owner(app, partner_id, &customer_id, pg, &t, &none)) !=
	    ST_OK || none)
		return (rc);
	return (store_site_list(app->st, partner_id, customer_id, t.sites,
	    app->a, pg, out, n, app->e));
}

static int
name_taken(struct app *app)
{
	return (err_conflict(app->e, "duplicate_name", M_SITE_NAME_TAKEN,
	    "name"));
}

int
site_create(struct app *app, const char *partner_id, const char *customer_id,
    const char *name, struct site *out)
{
	struct customer	 c;
	char		*clean, *id;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = site_owner(app, partner_id, &customer_id, true, true, &c)) !=
	    ST_OK)
		return (rc);
	if (valid_text(app->a, app->e, "name", name, true, SITE_NAME_MAX,
	    &clean) != ST_OK)
		return (app->e->status);
	out->partner_id = partner_id;
	out->customer_id = customer_id;
	out->name = clean;
	out->name_key = text_fold(app->a, clean);
	out->exclusions = "{}";
	out->revision = 1;
	out->created_at = out->updated_at = app->now;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	rc = store_site_create(app->st, partner_id, app->a, out, &id, app->e);
	if (rc == ST_CONFLICT) {
		store_tx_rollback(app->st);
		return (name_taken(app));
	}
	if (rc != ST_OK)
		goto fail;
	out->id = id;
	if ((rc = app_audit_site(app, partner_id, customer_id, id, "site",
	    "create", "success", arena_printf(app->a, "Site \"%s\" (%s) added "
	    "to %s", clean, id, c.d.company))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

/* {"paths": [...], "urls": [...]} as a settings layer would hold them. */
static int
exclusions_check(struct app *app, json_t *ex, const char **text)
{
	json_t	*doc;
	char	*s;

	if (!json_is_object(ex))
		return (err_field(app->e, "exclusions", M_NOT_OBJECT));
	doc = json_pack("{sO}", "exclusions", ex);
	if (doc == NULL)
		return (err_internal(app->e, "json_pack"));
	settings_validate(app->a, app->e, doc, "");
	json_decref(doc);
	if (app->e->status != ST_OK)
		return (app->e->status);
	s = json_dumps(ex, JSON_COMPACT | JSON_SORT_KEYS);
	if (s == NULL)
		return (err_internal(app->e, "json_dumps"));
	*text = arena_strdup(app->a, s);
	free(s);
	return (ST_OK);
}

int
site_update(struct app *app, const char *partner_id, const char *customer_id,
    const char *site_id, const char *name, json_t *exclusions,
    struct site *out)
{
	struct site	 s;
	const char	*ex_text = NULL;
	char		*clean = NULL;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = site_writer(app, partner_id, &customer_id, site_id)) !=
	    ST_OK)
		return (rc);
	if (name != NULL)
		valid_text(app->a, app->e, "name", name, true, SITE_NAME_MAX,
		    &clean);
	if (exclusions != NULL)
		exclusions_check(app, exclusions, &ex_text);
	if (app->e->status != ST_OK)
		return (app->e->status);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_site_get(app->st, partner_id, customer_id, site_id,
	    app->a, &s, app->e)) != ST_OK)
		goto fail;
	if (clean != NULL) {
		s.name = clean;
		s.name_key = text_fold(app->a, clean);
	}
	if (ex_text != NULL)
		s.exclusions = ex_text;
	rc = store_site_update(app->st, partner_id, &s, app->now, app->e);
	if (rc == ST_CONFLICT) {
		store_tx_rollback(app->st);
		return (name_taken(app));
	}
	if (rc != ST_OK ||
	    (rc = app_audit_site(app, partner_id, customer_id, site_id,
	    "site", "update", "success", arena_printf(app->a,
	    "Site \"%s\" (%s) %s%s%s", s.name, site_id,
	    clean != NULL ? "renamed" : "",
	    clean != NULL && ex_text != NULL ? "; " : "",
	    ex_text != NULL ? arena_printf(app->a, "exclusions set to %s",
	    ex_text) : ""))) != ST_OK)
		goto fail;
	if ((rc = store_site_get(app->st, partner_id, customer_id, site_id,
	    app->a, out, app->e)) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
site_delete(struct app *app, const char *partner_id, const char *customer_id,
    const char *site_id, const char *confirm_name, bool move,
    const char *move_to)
{
	struct site	 s, to;
	int64_t		 purge_at = app->now + DELETION_KEEP_DAYS * 86400LL;
	char		 day[11];
	int		 rc;

	if ((rc = site_writer(app, partner_id, &customer_id, site_id)) !=
	    ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_site_get(app->st, partner_id, customer_id, site_id,
	    app->a, &s, app->e)) != ST_OK)
		goto fail;
	if (confirm_name == NULL || strcmp(confirm_name, s.name) != 0) {
		store_tx_rollback(app->st);
		return (confirm_name == NULL ? err_field(app->e, "confirm_name",
		    M_REQUIRED) : err_fields(app->e, "confirm_name",
		    M_CONFIRM_NAME, s.name));
	}
	if (s.device_count > 0 && !move) {
		store_tx_rollback(app->st);
		return (err_setn(app->e, ST_CONFLICT, "site_not_empty",
		    M_SITE_NOT_EMPTY, s.device_count));
	}
	if (move && move_to != NULL) {
		if (strcmp(move_to, site_id) == 0)
			rc = ST_NOT_FOUND;
		else
			rc = store_site_get(app->st, partner_id, customer_id,
			    move_to, app->a, &to, app->e);
		if (rc == ST_NOT_FOUND) {
			store_tx_rollback(app->st);
			err_clear(app->e);
			return (err_field(app->e, "move_devices_to",
			    M_NO_SUCH_SITE));
		}
		if (rc != ST_OK)
			goto fail;
	}
	date_of(purge_at, day);
	if ((rc = store_site_mark_deleted(app->st, partner_id, customer_id,
	    site_id, move ? move_to : NULL, app->who->label, app->now,
	    purge_at, app->e)) != ST_OK ||
	    (rc = app_audit_site(app, partner_id, customer_id, site_id,
	    "site", "delete", "success", arena_printf(app->a,
	    "Site \"%s\" (%s) deleted%s; restorable until %s, then purged",
	    s.name, site_id, s.device_count == 0 ? "" :
	    arena_printf(app->a, "; its %lld device(s) moved to %s",
	    s.device_count, move_to != NULL ? to.name : "no site"), day))) !=
	    ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
site_restore(struct app *app, const char *partner_id, const char *customer_id,
    const char *site_id)
{
	struct deleted	d;
	int		rc;

	if ((rc = site_writer(app, partner_id, &customer_id, site_id)) !=
	    ST_OK)
		return (rc);
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_site_deleted_get(app->st, partner_id, customer_id,
	    site_id, app->a, &d, app->e)) != ST_OK)
		goto fail;
	rc = store_site_undelete(app->st, partner_id, customer_id, site_id,
	    app->now, app->e);
	if (rc == ST_CONFLICT) {
		/* A live site took its name meanwhile. */
		store_tx_rollback(app->st);
		err_clear(app->e);
		err_sets(app->e, ST_CONFLICT, "duplicate_name",
		    M_SITE_RESTORE_TAKEN, d.name);
		return (err_fields(app->e, "name", M_SITE_RESTORE_TAKEN,
		    d.name));
	}
	if (rc != ST_OK ||
	    (rc = app_audit_site(app, partner_id, customer_id, site_id,
	    "site", "restore", "success", arena_printf(app->a,
	    "Site \"%s\" (%s) restored (deleted by %s) with its exclusions "
	    "and installer; devices moved out of it stay where they went",
	    d.name, site_id, d.deleted_by))) != ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto fail;
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
site_deleted_list(struct app *app, const char *partner_id,
    const char *customer_id, struct page *pg, struct deleted **out,
    size_t *n)
{
	struct tenant	t;
	bool		none;
	int		rc;

	*out = NULL;
	*n = 0;
	if ((rc = list_owner(app, partner_id, &customer_id, pg, &t, &none)) !=
	    ST_OK || none)
		return (rc);
	return (store_sites_deleted(app->st, partner_id, customer_id, t.sites,
	    app->a, pg, out, n, app->e));
}
