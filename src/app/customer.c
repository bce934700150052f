/*
 * customer.c - creating, reading, listing and editing customers; see
 * customer.h.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/account.h"
#include "app/access.h"
#include "app/webhook.h"
#include "app/app.h"
#include "app/principal.h"
#include "app/customer.h"
#include "app/customer_int.h"
#include "app/discount.h"
#include "app/details.h"
#include "app/mail.h"
#include "app/oms.h"
#include "app/policy.h"
#include "app/settings.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/err.h"
#include "core/page.h"
#include "core/rand.h"
#include "core/text.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_oms.h"
#include "store/store_policy.h"

static const char *const sources[] = { "new", "oms", NULL };
static const char *const modes[] = { "global", "local", NULL };
static const char *const platforms[] = { "workstation", "server", NULL };

int
management_check(struct app *app, const char *partner_id,
    const struct management_input *m, struct management_plan *plan)
{
	struct err	 tmp;
	char		 field[64];
	size_t		 i, j;
	int		 rc;

	memset(plan, 0, sizeof(*plan));
	if (m->mode == NULL)
		return (err_field(app->e, "management.mode", M_REQUIRED));
	if (valid_enum(app->a, app->e, "management.mode", m->mode, modes) !=
	    ST_OK)
		return (ST_INVALID);
	plan->mode = m->mode;
	if (strcmp(m->mode, "global") == 0) {
		if (m->template != NULL || m->has_copy)
			err_field(app->e, m->template ? "management.template" :
			    "management.copy_from", M_NOT_WITH_GLOBAL);
		if (m->nglobal == 0)
			return (err_field(app->e, "management.global_policy_ids",
			    M_CHOOSE_GLOBAL_POLICY));
		if (m->nglobal > CUSTOMER_GLOBAL_MAX)
			return (err_fieldn(app->e,
			    "management.global_policy_ids", M_TOO_MANY,
			    CUSTOMER_GLOBAL_MAX));
		plan->globals = arena_calloc(app->a, m->nglobal,
		    sizeof(*plan->globals));
		for (i = 0; i < m->nglobal; i++) {
			for (j = 0; j < i; j++)
				if (strcmp(m->global_policy_ids[i],
				    m->global_policy_ids[j]) == 0)
					break;
			if (j < i)
				continue;	/* listed twice: once is enough */
			err_clear(&tmp);
			rc = store_policy_lookup(app->st, partner_id, app->a,
			    m->global_policy_ids[i],
			    &plan->globals[plan->nglobals], &tmp);
			snprintf(field, sizeof(field),
			    "management.global_policy_ids[%zu]", i);
			if (rc == ST_NOT_FOUND ||
			    (rc == ST_OK && plan->globals[plan->nglobals].
			    customer_id != NULL)) {
				err_field(app->e, field, M_NO_SUCH_POLICY);
				continue;
			}
			if (rc != ST_OK) {
				*app->e = tmp;
				return (rc);
			}
			plan->nglobals++;
		}
		return (app->e->status);
	}
	/* Local: a template or a copy, not both. */
	if (m->nglobal > 0)
		err_field(app->e, "management.global_policy_ids",
		    M_NOT_WITH_LOCAL);
	if ((m->template != NULL) == m->has_copy)
		return (err_field(app->e, "management.template",
		    M_TEMPLATE_OR_COPY));
	if (m->template != NULL) {
		if (valid_enum(app->a, app->e, "management.template",
		    m->template, platforms) == ST_OK)
			plan->template = m->template;
		return (app->e->status);
	}
	if (m->copy_customer_id == NULL)
		err_field(app->e, "management.copy_from.customer_id",
		    M_REQUIRED);
	if (m->copy_policy_id == NULL)
		err_field(app->e, "management.copy_from.policy_id", M_REQUIRED);
	if (app->e->status != ST_OK)
		return (app->e->status);
	err_clear(&tmp);
	rc = store_policy_lookup(app->st, partner_id, app->a, m->copy_policy_id,
	    &plan->copy, &tmp);
	if (rc == ST_NOT_FOUND || (rc == ST_OK &&
	    (plan->copy.customer_id == NULL ||
	    strcmp(plan->copy.customer_id, m->copy_customer_id) != 0)))
		return (err_field(app->e, "management.copy_from.policy_id",
		    M_NO_SUCH_POLICY));
	if (rc != ST_OK) {
		*app->e = tmp;
		return (rc);
	}
	return (ST_OK);
}

/* Apply the plan to the new customer (inside the creation transaction). */
static int
management_apply(struct app *app, const char *partner_id,
    const char *customer_id, const struct management_plan *plan)
{
	struct policy	 p;
	bool		 have_default[2] = { false, false };
	char		*pid;
	size_t		 i;
	int		 rc, k, version;

	if (strcmp(plan->mode, "global") == 0) {
		for (i = 0; i < plan->nglobals; i++) {
			if ((rc = store_policy_assign(app->st, partner_id,
			    plan->globals[i].id, customer_id, app->now,
			    app->e)) != ST_OK)
				return (rc);
			/* The first listed per platform is the default. */
			k = strcmp(plan->globals[i].platform, "server") == 0;
			if (have_default[k])
				continue;
			if ((rc = store_customer_default_set(app->st,
			    partner_id, customer_id, plan->globals[i].platform,
			    plan->globals[i].id, app->e)) != ST_OK)
				return (rc);
			have_default[k] = true;
		}
		return (ST_OK);
	}
	memset(&p, 0, sizeof(p));
	p.customer_id = customer_id;
	if (plan->template != NULL) {
		/* A template-based policy changes nothing from it yet. */
		p.name = "Default";
		p.platform = plan->template;
		p.description = "";
		p.template = plan->template;
		p.settings = "{}";
		settings_template(plan->template, &version);
		p.template_version = version;
	} else {
		/* An independent copy: its own row, with the settings. */
		p.name = plan->copy.name;
		p.platform = plan->copy.platform;
		p.description = plan->copy.description;
		p.template = plan->copy.template;
		p.settings = plan->copy.settings;
		p.template_version = plan->copy.template_version;
	}
	rc = policy_create_tx(app, partner_id, &p, &pid);
	if (rc == ST_OK)
		rc = store_customer_default_set(app->st, partner_id,
		    customer_id, p.platform, pid, app->e);
	return (rc);
}

/* Fields that only belong to source "new". */
static void
reject_new_fields(struct app *app, const struct customer_input *in)
{
	const struct { const char *name, *value; } f[] = {
		{ "email", in->email }, { "contact_person", in->contact_person },
		{ "phone", in->d.phone }, { "company", in->d.company },
		{ "industry", in->d.industry }, { "website", in->d.website },
		{ "street", in->d.street }, { "postal_code", in->d.postal_code },
		{ "city", in->d.city }, { "country", in->d.country },
		{ "segment_discount", in->segment_discount },
	};
	size_t	i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].value != NULL)
			err_field(app->e, f[i].name, M_NOT_WITH_OMS);
}

/*
 * The OMS side of a new customer: 409 when the e-mail is taken (looked up
 * first unless checked: a bulk write looked just before).
 */
static int
oms_for_new(struct app *app, const char *partner_id, const struct details *d,
    bool checked, char **oms_id)
{
	struct oms_record	r, found;
	struct err		tmp;
	int			rc = ST_NOT_FOUND;

	err_clear(&tmp);
	if (!checked)
		rc = store_oms_by_email_any(app->st, app->a, d->email_norm,
		    &found, &tmp);
	if (rc == ST_OK) {
		if (strcmp(found.partner_id, partner_id) == 0)
			return (err_conflict(app->e, "oms_record_exists",
			    M_OMS_OWN_RECORD, "email"));
		return (err_conflict(app->e, "email_unavailable",
		    M_EMAIL_UNAVAILABLE, "email"));
	}
	if (rc != ST_NOT_FOUND) {
		*app->e = tmp;
		return (rc);
	}
	memset(&r, 0, sizeof(r));
	r.type = "business";
	r.email = d->email;
	r.email_norm = d->email_norm;
	contact_split(app, d->contact_person, (char **)&r.first_name,
	    (char **)&r.last_name);
	r.d = d->d;
	rc = store_oms_create(app->st, partner_id, app->a, &r, app->now,
	    oms_id, app->e);
	/* Lost a race for the same address: same answer as above. */
	if (rc == ST_CONFLICT)
		return (err_conflict(app->e, "email_unavailable",
		    M_EMAIL_UNAVAILABLE, "email"));
	return (rc);
}

/*
 * Store the customer c with its policies, discount application, audit
 * entry and customer.created event (inside the caller's transaction).
 */
static int
customer_store(struct app *app, const char *partner_id, struct customer *c,
    const struct management_plan *plan, const char *segment, bool from_oms,
    const struct webhook_set *hooks, char **id)
{
	json_t	*data;
	int	 rc;

	c->management = plan->mode;
	c->created_by = principal_login_id(app->who);
	rc = store_customer_create(app->st, partner_id, app->a, c, app->now,
	    id, app->e);
	if (rc == ST_CONFLICT)
		return (err_conflict(app->e, "hub_customer_exists",
		    M_HUB_CUSTOMER_EXISTS, from_oms ? "oms_record_id" :
		    "email"));
	if (rc != ST_OK)
		return (rc);
	if ((rc = management_apply(app, partner_id, *id, plan)) != ST_OK)
		return (rc);
	if (segment != NULL && (rc = discount_apply(app, partner_id, *id,
	    c->d.company, segment)) != ST_OK)
		return (rc);
	if ((rc = app_audit(app, partner_id, *id, "customer", "create",
	    "success", arena_printf(app->a, "customer \"%s\" (%s) created %s, "
	    "managed with %s policies%s%s", c->d.company, c->email,
	    from_oms ? "from its OMS record" : "with a new OMS record",
	    plan->mode, segment ? "; segment discount applied for: " : "",
	    segment ? segment : ""))) != ST_OK)
		return (rc);
	data = json_pack("{s:s, s:s, s:s, s:s, s:s?}", "customer_id", *id,
	    "company", c->d.company, "email", c->email, "country",
	    c->d.country, "oms_record_id", c->oms_record_id);
	rc = hooks != NULL ? webhook_emit_to(app, hooks, "customer.created",
	    data) : webhook_emit(app, partner_id, "customer.created", data);
	json_decref(data);
	return (rc);
}

int
customer_new_check(struct app *app, const char *partner_id,
    const struct customer_input *in, struct customer_new *out)
{
	struct details_in	din;

	memset(out, 0, sizeof(*out));
	memset(&din, 0, sizeof(din));
	din.email = in->email;
	din.contact_person = in->contact_person;
	din.d = in->d;
	details_check(app, &din, DETAILS_REQUIRED | DETAILS_EMAIL |
	    DETAILS_CONTACT, &out->d);
	if (in->segment_discount != NULL &&
	    valid_enum(app->a, app->e, "segment_discount",
	    in->segment_discount, segment_keys) == ST_OK)
		out->segment_discount = in->segment_discount;
	management_check(app, partner_id, &in->management, &out->plan);
	return (app->e->status);
}

int
customer_new_write(struct app *app, const char *partner_id,
    const struct customer_new *n, const struct customer_bulk *bulk,
    char **id)
{
	struct customer	 c;
	char		*oms_id = NULL;
	int		 rc;

	if ((rc = oms_for_new(app, partner_id, &n->d, bulk != NULL,
	    &oms_id)) != ST_OK)
		return (rc);
	memset(&c, 0, sizeof(c));
	c.d = n->d.d;
	c.email = n->d.email;
	c.contact_person = n->d.contact_person;
	c.oms_record_id = oms_id;
	return (customer_store(app, partner_id, &c, &n->plan,
	    n->segment_discount, false, bulk != NULL ? &bulk->hooks : NULL,
	    id));
}

int
customer_create(struct app *app, const char *partner_id,
    const struct customer_input *in, char **id)
{
	struct management_plan	 plan;
	struct customer_new	 cn;
	struct oms_record	 rec;
	struct customer		 c;
	bool			 from_oms;
	int			 rc;

	if ((rc = partner_access(app, partner_id, true)) != ST_OK)
		return (rc);
	if (valid_enum(app->a, app->e, "source", in->source, sources) !=
	    ST_OK)
		return (ST_INVALID);
	from_oms = strcmp(in->source, "oms") == 0;
	if (from_oms) {
		reject_new_fields(app, in);
		if (in->oms_record_id == NULL)
			err_field(app->e, "oms_record_id", M_REQUIRED);
		management_check(app, partner_id, &in->management, &plan);
	} else {
		if (in->oms_record_id != NULL)
			err_field(app->e, "oms_record_id", M_NOT_WITH_NEW);
		customer_new_check(app, partner_id, in, &cn);
	}
	if (app->e->status != ST_OK)
		return (app->e->status);

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if (!from_oms) {
		if ((rc = customer_new_write(app, partner_id, &cn, NULL, id)) !=
		    ST_OK)
			goto fail;
		return (store_tx_commit(app->st, app->e));
	}
	rc = store_oms_get(app->st, partner_id, app->a, in->oms_record_id,
	    &rec, app->e);
	if (rc == ST_NOT_FOUND) {
		err_clear(app->e);
		rc = err_set(app->e, ST_NOT_FOUND, "oms_record_not_found",
		    M_OMS_RECORD_NOT_FOUND);
		goto fail;
	}
	if (rc != ST_OK)
		goto fail;
	if (rec.customer_id != NULL) {
		rc = err_conflict(app->e, "hub_customer_exists",
		    M_HUB_CUSTOMER_EXISTS, "oms_record_id");
		goto fail;
	}
	if (!rec.eligible) {
		rc = err_field(app->e, "oms_record_id", M_OMS_NOT_ELIGIBLE);
		goto fail;
	}
	memset(&c, 0, sizeof(c));
	c.d = rec.d;
	c.email = rec.email;
	c.contact_person = contact_join(app, rec.first_name, rec.last_name);
	c.oms_record_id = rec.id;
	if ((rc = customer_store(app, partner_id, &c, &plan, NULL, true, NULL,
	    id)) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (app->e->status != ST_OK ? app->e->status : rc);
}

int
customer_view(struct app *app, const char *partner_id, const char *id,
    struct customer_view *out)
{
	struct page	all;
	struct err	tmp;
	int		rc;

	memset(out, 0, sizeof(*out));
	if ((rc = customer_access(app, partner_id, id, false, &out->c)) !=
	    ST_OK)
		return (rc);
	page_all(&all);
	if ((rc = store_policy_list_customer(app->st, partner_id, id, false,
	    app->a, &all, &out->policies, &out->npolicies, app->e)) != ST_OK)
		return (rc);
	err_clear(&tmp);
	rc = store_discount_for_customer(app->st, partner_id, id, app->a,
	    &out->discount, &tmp);
	if (rc == ST_OK)
		out->has_discount = true;
	else if (rc != ST_NOT_FOUND) {
		*app->e = tmp;
		return (rc);
	}
	return (ST_OK);
}

int
customer_update(struct app *app, const char *partner_id, const char *id,
    const struct customer_patch *p)
{
	struct customer		 cur, c;
	struct details_in	 din;
	struct details		 d;
	struct oms_record	 rec;
	char			*first, *last;
	int			 rc;

	if ((rc = customer_access(app, partner_id, id, true, &cur)) != ST_OK)
		return (rc);
	/* Re-validate the merged details as a whole. */
	memset(&din, 0, sizeof(din));
	din.contact_person = p->contact_person ? p->contact_person :
	    cur.contact_person;
	contact_merge(&din.d, &p->d, &cur.d);
	if (details_check(app, &din, DETAILS_REQUIRED | DETAILS_CONTACT, &d) !=
	    ST_OK)
		return (app->e->status);
	c = cur;
	c.contact_person = d.contact_person;
	c.d = d.d;
	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	if ((rc = store_customer_update(app->st, partner_id, id, &c, app->now,
	    app->e)) != ST_OK)
		goto fail;
	/* The OMS record follows the hub customer. */
	memset(&rec, 0, sizeof(rec));
	contact_split(app, c.contact_person, &first, &last);
	rec.first_name = first;
	rec.last_name = last;
	rec.d = c.d;
	if ((rc = store_oms_update(app->st, partner_id, cur.oms_record_id,
	    &rec, app->now, app->e)) != ST_OK)
		goto fail;
	if ((rc = app_audit(app, partner_id, id, "customer", "update",
	    "success", arena_printf(app->a, "details of \"%s\" changed",
	    c.d.company))) != ST_OK)
		goto fail;
	return (store_tx_commit(app->st, app->e));
fail:
	store_tx_rollback(app->st);
	return (rc);
}

int
customer_sort_parse(struct app *app, const char *s, enum customer_sort *out,
    size_t *nkeys)
{
	static const struct {
		const char		*name;
		enum customer_sort	 sort;
	} sorts[] = {
		{ "name", CUSTOMER_BY_NAME },
		{ "-name", CUSTOMER_BY_NAME_DESC },
		{ "country", CUSTOMER_BY_COUNTRY },
		{ "-country", CUSTOMER_BY_COUNTRY_DESC },
		{ "created", CUSTOMER_BY_CREATED },
		{ "-created", CUSTOMER_BY_CREATED_DESC },
	};
	size_t	i;

	*out = CUSTOMER_BY_NAME;
	*nkeys = store_customer_sort_keys(*out);
	if (s == NULL)
		return (ST_OK);
	for (i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++)
		if (strcmp(s, sorts[i].name) == 0) {
			*out = sorts[i].sort;
			*nkeys = store_customer_sort_keys(*out);
			return (ST_OK);
		}
	return (err_fields(app->e, "sort", M_ONE_OF,
	    "name, -name, country, -country, created, -created"));
}

int
customer_list(struct app *app, const char *partner_id, const char *q,
    enum customer_sort sort, struct page *pg, struct customer **out,
    size_t *n, long long *total)
{
	const char	*scoped;
	char		*fq = NULL;
	int		 rc;

	if ((rc = partner_scope(app, partner_id, false, &scoped)) != ST_OK)
		return (rc);
	if (q != NULL && *q != '\0') {
		fq = text_fold(app->a, text_trim(app->a, q));
		if (fq == NULL)
			return (err_field(app->e, "q", M_BAD_UTF8));
	}
	return (store_customer_list(app->st, partner_id, scoped, app->a, fq,
	    sort, pg, out, n, total, app->e));
}
