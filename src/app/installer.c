/*
 * installer.c - installers of customers and sites; see installer.h.
 */
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/company.h"
#include "app/installer.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/secretkey.h"
#include "store/store.h"

static char *
token_of(struct app *app, const char *installer_id, long long generation)
{
	return (arena_printf(app->a, INSTALLER_TOKEN_PREFIX "%s",
	    secretkey_derive(app->a, app->cfg->install_key, "installer",
	    arena_printf(app->a, "%s:%lld", installer_id, generation))));
}

/* Quote s for a POSIX shell ('...', with ' as '\''). */
static char *
shell_quote(struct app *app, const char *s)
{
	struct buf	b = BUF_INIT;
	char		*out;

	buf_addc(&b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			buf_adds(&b, "'\\''");
		else
			buf_addc(&b, *s);
	}
	buf_addc(&b, '\'');
	out = arena_strndup(app->a, b.data, b.len);
	buf_free(&b);
	return (out);
}

static void
view_of(struct app *app, const struct installer *in,
    struct installer_view *out)
{
	const char	*base = app->cfg->public_url;
	size_t		 len = strlen(base);

	while (len > 0 && base[len - 1] == '/')
		len--;
	base = arena_strndup(app->a, base, len);
	out->customer_id = in->customer_id;
	out->site_id = in->site_id;
	out->token = token_of(app, in->id, in->generation);
	out->rotated_at = in->rotated_at;
	out->package_url = arena_printf(app->a, "%s/downloads/%s", base,
	    AGENT_PACKAGE_NAME);
	out->command = arena_printf(app->a,
	    "curl -fsSLo /tmp/%s %s && sudo apt-get install -y /tmp/%s"
	    " && sudo steward-agent enroll --server %s --token %s"
	    " --state-dir " AGENT_STATE_DIR
	    " && sudo systemctl enable --now steward-agent",
	    AGENT_PACKAGE_NAME, shell_quote(app, out->package_url),
	    AGENT_PACKAGE_NAME, shell_quote(app, base),
	    shell_quote(app, out->token));
}

/*
 * The installer of the customer or site, made when it has none. A NULL
 * customer_id is a company console's own record: its installer when the
 * console is single-tenant, its sites' when it is multi-tenant.
 */
static int
installer_load(struct app *app, const char *partner_id,
    const char *customer_id, const char *site_id, struct installer *in)
{
	struct site	 s;
	const char	*owner;
	int		 rc;

	if (customer_id != NULL)
		rc = customer_access(app, partner_id, customer_id, true, NULL);
	else
		rc = company_owner(app, partner_id, true, site_id != NULL ?
		    COMPANY_SITES : COMPANY_OWN, true, &customer_id, NULL);
	if (rc != ST_OK || (rc = site_covered(app, partner_id, site_id)) !=
	    ST_OK)
		return (rc);
	owner = site_id != NULL ? site_id : customer_id;
	if (!app->cfg->has_install_key)
		return (err_set(app->e, ST_UNAVAILABLE, "no_install_key",
		    M_NO_INSTALL_KEY));
	if (site_id != NULL && (rc = store_site_get(app->st, partner_id,
	    customer_id, site_id, app->a, &s, app->e)) != ST_OK)
		return (rc);
	rc = store_installer_get(app->st, partner_id, owner, app->a, in,
	    app->e);
	if (rc != ST_NOT_FOUND)
		return (rc);
	err_clear(app->e);
	memset(in, 0, sizeof(*in));
	in->id = id_new(app->a, "inst");
	in->partner_id = partner_id;
	in->customer_id = customer_id;
	in->site_id = site_id;
	in->generation = 1;
	in->created_at = in->rotated_at = app->now;
	if ((rc = store_installer_insert(app->st, in, owner, token_hash(app->a,
	    token_of(app, in->id, 1)), app->e)) != ST_OK)
		return (rc);
	/* Another request may have made it first: read what is there. */
	return (store_installer_get(app->st, partner_id, owner, app->a, in,
	    app->e));
}

int
installer_get(struct app *app, const char *partner_id,
    const char *customer_id, const char *site_id, struct installer_view *out)
{
	struct installer	in;
	int			rc;

	memset(out, 0, sizeof(*out));
	if ((rc = installer_load(app, partner_id, customer_id, site_id,
	    &in)) != ST_OK)
		return (rc);
	view_of(app, &in, out);
	return (ST_OK);
}

int
installer_rotate(struct app *app, const char *partner_id,
    const char *customer_id, const char *site_id, struct installer_view *out)
{
	struct installer	in;
	int			rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = installer_load(app, partner_id, customer_id, site_id,
	    &in)) != ST_OK ||
	    (rc = store_installer_rotate(app->st, &in, token_hash(app->a,
	    token_of(app, in.id, in.generation + 1)), app->now, app->e)) !=
	    ST_OK ||
	    (rc = app_audit_site(app, partner_id, in.customer_id, site_id,
	    "installer", "rotate", "success", arena_printf(app->a,
	    "Installer token of "
	    "%s %s rotated; the previous token no longer enrols devices",
	    site_id != NULL ? "site" : customer_id != NULL ? "customer" :
	    "the company", site_id != NULL ? site_id : in.customer_id))) !=
	    ST_OK ||
	    (rc = store_tx_commit(app->st, app->e)) != ST_OK) {
		store_tx_rollback(app->st);
		return (rc);
	}
	in.generation++;
	in.rotated_at = app->now;
	view_of(app, &in, out);
	return (ST_OK);
}

int
installer_by_token(struct app *app, const char *token, struct installer *out)
{
	struct err	tmp;
	int		rc;

	memset(out, 0, sizeof(*out));
	if (token == NULL || strncmp(token, INSTALLER_TOKEN_PREFIX,
	    strlen(INSTALLER_TOKEN_PREFIX)) != 0 || strlen(token) > 200)
		return (err_set(app->e, ST_UNAUTH, "invalid_token",
		    M_INSTALL_TOKEN));
	err_clear(&tmp);
	rc = store_installer_by_token(app->st, app->a, token_hash(app->a,
	    token), out, &tmp);
	if (rc == ST_NOT_FOUND)
		return (err_set(app->e, ST_UNAUTH, "invalid_token",
		    M_INSTALL_TOKEN));
	if (rc != ST_OK)
		*app->e = tmp;
	return (rc);
}
