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

int
details_check(struct app *app, const struct details_in *in, unsigned flags,
    struct details *out)
{
	struct arena	*a = app->a;
	struct err	*e = app->e;
	bool		 req = (flags & DETAILS_REQUIRED) != 0;
	char		*blank = arena_strdup(a, "");
	const char	*region;

	memset(out, 0, sizeof(*out));
	out->email = out->email_norm = out->contact_person = blank;
	out->first_name = out->last_name = out->phone = blank;
	out->industry = out->website = out->postal_code = blank;
	out->country = blank;

	if (flags & DETAILS_EMAIL)
		valid_email(a, e, "email", in->email, &out->email,
		    &out->email_norm);
	if ((req || present(in->country)) && valid_country(a, e, "country",
	    in->country, &out->country) != ST_OK)
		out->country = blank;
	/* Without a valid country: no region, and any plausible postcode. */
	region = *out->country != '\0' ? out->country : NULL;
	if (flags & DETAILS_CONTACT) {
		valid_text(a, e, "contact_person", in->contact_person, req,
		    CUSTOMER_CONTACT_MAX, &out->contact_person);
	} else {
		valid_text(a, e, "first_name", in->first_name, false,
		    OMS_NAME_MAX, &out->first_name);
		valid_text(a, e, "last_name", in->last_name, false,
		    OMS_NAME_MAX, &out->last_name);
	}
	if (req || present(in->phone))
		valid_phone(a, e, "phone", in->phone, region, &out->phone);
	valid_text(a, e, "company", in->company, req, CUSTOMER_COMPANY_MAX,
	    &out->company);
	if (req || present(in->industry)) {
		if (valid_enum(a, e, "industry", in->industry, industry_keys)
		    == ST_OK)
			out->industry = arena_strdup(a, in->industry);
	}
	if (req || present(in->website))
		valid_website(a, e, "website", in->website, &out->website);
	valid_text(a, e, "street", in->street, req, CUSTOMER_STREET_MAX,
	    &out->street);
	if (req || present(in->postal_code))
		valid_postal_code(a, e, "postal_code", in->postal_code,
		    region, &out->postal_code);
	valid_text(a, e, "city", in->city, req, CUSTOMER_CITY_MAX, &out->city);
	/* Whatever failed must not be used by the caller. */
	return (e->status == ST_OK ? ST_OK : e->status);
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
