/*
 * details.c - contact and address details; see details.h.
 */
#include <string.h>

#include "app/app.h"
#include "app/customer.h"
#include "app/details.h"
#include "app/oms.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/text.h"
#include "core/valid.h"

static bool
present(const char *s)
{
	return (s != NULL && !text_is_blank(s));
}

/* out = v when the check left it set (a failed check leaves it NULL). */
static void
take(const char **out, char *v)
{
	if (v != NULL)
		*out = v;
}

int
details_check(struct app *app, const struct details_in *in, unsigned flags,
    struct details *out)
{
	const struct contact_details	*d = &in->d;
	struct arena			*a = app->a;
	struct err			*e = app->e;
	bool				 req = (flags & DETAILS_REQUIRED) != 0;
	const char			*region;
	char				*v, *w;

	memset(out, 0, sizeof(*out));
	out->email = out->email_norm = out->contact_person = "";
	out->first_name = out->last_name = "";
	out->d.company = out->d.industry = out->d.website = out->d.phone = "";
	out->d.street = out->d.postal_code = out->d.city = out->d.country = "";

	if (flags & DETAILS_EMAIL) {
		v = w = NULL;
		valid_email(a, e, "email", in->email, &v, &w);
		take(&out->email, v);
		take(&out->email_norm, w);
	}
	v = NULL;
	if ((req || present(d->country)) && valid_country(a, e, "country",
	    d->country, &v) == ST_OK)
		take(&out->d.country, v);
	/* Without a valid country: no region, and any plausible postcode. */
	region = *out->d.country != '\0' ? out->d.country : NULL;
	if (flags & DETAILS_CONTACT) {
		v = NULL;
		valid_text(a, e, "contact_person", in->contact_person, req,
		    CUSTOMER_CONTACT_MAX, &v);
		take(&out->contact_person, v);
	} else {
		v = w = NULL;
		valid_text(a, e, "first_name", in->first_name, false,
		    OMS_NAME_MAX, &v);
		valid_text(a, e, "last_name", in->last_name, false,
		    OMS_NAME_MAX, &w);
		take(&out->first_name, v);
		take(&out->last_name, w);
	}
	v = NULL;
	if (req || present(d->phone))
		valid_phone(a, e, "phone", d->phone, region, &v);
	take(&out->d.phone, v);
	v = NULL;
	valid_text(a, e, "company", d->company, req, CUSTOMER_COMPANY_MAX, &v);
	take(&out->d.company, v);
	if ((req || present(d->industry)) && valid_enum(a, e, "industry",
	    d->industry, industry_keys) == ST_OK)
		out->d.industry = arena_strdup(a, d->industry);
	v = NULL;
	if (req || present(d->website))
		valid_website(a, e, "website", d->website, &v);
	take(&out->d.website, v);
	v = NULL;
	valid_text(a, e, "street", d->street, req, CUSTOMER_STREET_MAX, &v);
	take(&out->d.street, v);
	v = NULL;
	if (req || present(d->postal_code))
		valid_postal_code(a, e, "postal_code", d->postal_code, region,
		    &v);
	take(&out->d.postal_code, v);
	v = NULL;
	valid_text(a, e, "city", d->city, req, CUSTOMER_CITY_MAX, &v);
	take(&out->d.city, v);
	/* Whatever failed must not be used by the caller. */
	return (e->status == ST_OK ? ST_OK : e->status);
}

void
contact_merge(struct contact_details *out,
    const struct contact_details *patch, const struct contact_details *cur)
{
#define MERGE(f)	out->f = patch->f != NULL ? patch->f : cur->f
	MERGE(company);
	MERGE(industry);
	MERGE(website);
	MERGE(phone);
	MERGE(street);
	MERGE(postal_code);
	MERGE(city);
	MERGE(country);
#undef MERGE
}

void
contact_split(struct app *app, const char *contact, char **first, char **last)
{
	const char	*sp;

	sp = strrchr(contact, ' ');
	if (sp == NULL) {
		*first = arena_strdup(app->a, "");
		*last = arena_strdup(app->a, contact);
		return;
	}
	*first = text_trim(app->a, arena_strndup(app->a, contact,
	    (size_t)(sp - contact)));
	*last = arena_strdup(app->a, sp + 1);
}

char *
contact_join(struct app *app, const char *first, const char *last)
{
	return (text_trim(app->a, arena_printf(app->a, "%s %s",
	    first ? first : "", last ? last : "")));
}
