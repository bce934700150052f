/*
 * policy_effective.c - a customer's effective policy: its settings
 * computed in layers, the layer of every setting, and the version that
 * says whether anything changed; see policy.h.
 */

#include <assert.h>
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/policy.h"
#include "app/policy_int.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/page.h"
#include "core/rand.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_policy.h"

/*
 * What the settings are made of, as a short text: the platform, the
 * policy and its revision, the customer's override revision and the
 * template version. Any edit that changes the result changes one of them.
 */
static const char *
version_of(struct app *app, const struct policy_effective *ef)
{
	return (arena_printf(app->a, "%s-%s-r%lld-c%lld-t%d", ef->platform,
	    ef->has_policy ? ef->p.id : "template",
	    ef->has_policy ? ef->p.revision : 0, ef->override_revision,
	    ef->template_version));
}

const char *
policy_device_version(struct arena *a, const char *platform,
    const char *policy_id, long long policy_revision,
    long long customer_revision, long long template_version,
    long long site_revision, long long device_revision)
{
	char	*h;

	h = token_hash(a, arena_printf(a, "%s-%s-r%lld-c%lld-t%lld-s%lld-d%lld",
	    platform, policy_id != NULL ? policy_id : "template",
	    policy_revision, customer_revision, template_version,
	    site_revision, device_revision));
	h[POLICY_VERSION_CHARS] = '\0';
	return (h);
}

/*
 * The settings of customer_id for platform (or of policy_id), with the
 * layers above the customer's (extra, nextra) applied too.
 */
static int
effective_build(struct app *app, const char *partner_id,
    const char *customer_id, const char *platform, const char *policy_id,
    const struct settings_layer *extra, size_t nextra,
    struct policy_effective *out)
{
	struct effective_source	 src;
	struct settings_layer	 l[4];
	json_t			*changes, *overrides = NULL;
	struct err		 tmp;
	size_t			 i;
	int			 rc;

	assert(nextra <= 2);
	if (platform == NULL && policy_id == NULL)
		return (err_field(app->e, "platform", M_REQUIRED));
	if (platform != NULL && valid_enum(app->a, app->e, "platform",
	    platform, policy_platforms) != ST_OK)
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
		/* No default for this platform: the template applies (an
		 * empty policy layer first, so later layers add to lists). */
		l[0].name = "policy";
		l[0].doc = NULL;
		l[0].lockable = false;
		for (i = 0; i < nextra; i++)
			l[1 + i] = extra[i];
		out->settings = settings_effective(app->a, out->platform,
		    l, 1 + nextra, NULL, &out->origin, &out->contributions);
		out->locked = settings_parse(app->a, "[]");
		out->version = version_of(app, out);
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
	for (i = 0; i < nextra; i++)
		l[2 + i] = extra[i];
	out->settings = settings_effective(app->a, out->platform, l,
	    2 + nextra, out->locked, &out->origin, &out->contributions);
	out->version = version_of(app, out);
	return (ST_OK);
}

int
policy_effective(struct app *app, const char *partner_id,
    const char *customer_id, const char *platform, const char *policy_id,
    struct policy_effective *out)
{
	int	rc;

	memset(out, 0, sizeof(*out));
	if ((rc = record_access(app, partner_id, customer_id, false,
	    NULL)) != ST_OK)
		return (rc);
	return (effective_build(app, partner_id, customer_id, platform,
	    policy_id, NULL, 0, out));
}

int
policy_effective_device(struct app *app, const char *partner_id,
    const char *customer_id, const char *platform,
    const struct device_layers *dl, struct policy_effective *out)
{
	struct settings_layer	l[2];
	int			rc;

	memset(out, 0, sizeof(*out));
	l[0].name = "site";
	l[0].doc = dl->site;
	l[0].lockable = true;
	l[1].name = "device";
	l[1].doc = dl->device;
	l[1].lockable = true;
	if ((rc = effective_build(app, partner_id, customer_id,
	    dl->policy_id != NULL ? NULL : platform, dl->policy_id, l, 2,
	    out)) != ST_OK)
		return (rc);
	out->version = policy_device_version(app->a, out->platform,
	    out->has_policy ? out->p.id : NULL,
	    out->has_policy ? out->p.revision : 0, out->override_revision,
	    out->template_version, dl->site_revision, dl->device_revision);
	return (ST_OK);
}
