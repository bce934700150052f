/*
 * render.c - JSON shapes; see render.h.
 */
#include <string.h>

#include "api/render.h"
#include "app/customer.h"
#include "app/subscription.h"
#include "core/country.h"
#include "core/money.h"
#include "core/phone.h"
#include "store/store_oms.h"
#include "store/store_policy.h"
#include "store/store_subscription.h"

void
render_user(struct jw *w, const struct login *l)
{
	jw_obj_begin(w);
	jw_kstr(w, "id", l->id);
	jw_kstr(w, "email", l->email);
	jw_kstr(w, "name", l->name);
	jw_kstr(w, "language", l->language);
	jw_kstr(w, "time_zone", l->time_zone);
	jw_obj_end(w);
}

void
render_account(struct jw *w, const struct account *a, const char *role,
    const char *scope)
{
	jw_obj_begin(w);
	jw_kstr(w, "id", a->id);
	jw_kstr(w, "kind", a->kind);
	jw_kstr(w, "name", a->name);
	jw_kstr(w, "region", a->region);
	if (role != NULL)
		jw_kstr(w, "role", role);
	if (scope != NULL)
		jw_kstr(w, "scope", strcmp(scope, "customers") == 0 &&
		    strcmp(a->kind, "company") == 0 ? "sites" : scope);
	if (strcmp(a->kind, "partner") == 0)
		jw_kint(w, "device_offline_days", a->device_offline_days);
	if (a->tenancy != NULL)
		jw_kstr(w, "tenancy", a->tenancy);
	if (a->self_id != NULL)
		jw_kstr(w, "customer_id", a->self_id);
	jw_kbool(w, "require_two_step", a->require_two_step);
	jw_ktime(w, "created_at", a->created_at);
	jw_obj_end(w);
}

static void
id_list(struct jw *w, const char *key, bool set, const char *const *ids,
    size_t n)
{
	size_t	i;

	jw_key(w, key);
	if (!set) {
		jw_null(w);
		return;
	}
	jw_arr_begin(w);
	for (i = 0; i < n; i++)
		jw_str(w, ids[i]);
	jw_arr_end(w);
}

void
render_children(struct jw *w, bool sites, bool limited, const char *const *ids,
    size_t n)
{
	id_list(w, "customer_ids", limited && !sites, ids, n);
	if (sites)
		id_list(w, "site_ids", limited, ids, n);
}

/* "phone" as stored (E.164) and "phone_display" as people read it. */
static void
render_phone(struct jw *w, const char *e164)
{
	char	disp[64];

	phone_display(e164, disp, sizeof(disp));
	jw_kstr(w, "phone", e164);
	jw_kstr(w, "phone_display", disp);
}

void
render_country(struct jw *w, const char *code, enum lang lang)
{
	const struct country	*c = country_find(code);

	jw_kstr(w, "country", code);
	jw_kstr(w, "country_name", c == NULL ? code :
	    lang == LANG_JA ? c->name_ja : c->name_en);
}

static void
customer_fields(struct jw *w, const struct customer *c, enum lang lang)
{
	jw_kstr(w, "id", c->id);
	jw_kstr(w, "company", c->d.company);
	jw_kstr(w, "email", c->email);
	jw_kstr(w, "contact_person", c->contact_person);
	render_phone(w, c->d.phone);
	jw_kstr(w, "industry", c->d.industry);
	jw_kstr(w, "website", c->d.website);
	jw_kstr(w, "street", c->d.street);
	jw_kstr(w, "postal_code", c->d.postal_code);
	jw_kstr(w, "city", c->d.city);
	render_country(w, c->d.country, lang);
	jw_key(w, "management");
	jw_obj_begin(w);
	jw_kstr(w, "mode", c->management);
	jw_obj_end(w);
	jw_kstr(w, "oms_record_id", c->oms_record_id);
	jw_kint(w, "device_count", c->device_count);
	jw_ktime(w, "created_at", c->created_at);
	jw_ktime(w, "updated_at", c->updated_at);
}

void
render_customer_summary(struct jw *w, const struct customer *c,
    enum lang lang)
{
	jw_obj_begin(w);
	customer_fields(w, c, lang);
	jw_obj_end(w);
}

void
render_customer_view(struct jw *w, const struct customer_view *v,
    enum lang lang)
{
	size_t	i;

	jw_obj_begin(w);
	customer_fields(w, &v->c, lang);
	jw_key(w, "segment_discount");
	if (v->has_discount) {
		jw_obj_begin(w);
		jw_kstr(w, "segment", v->discount.segment);
		jw_kstr(w, "status", v->discount.status);
		jw_ktime(w, "applied_at", v->discount.applied_at);
		jw_kstr(w, "due_on", v->discount.due_on);
		jw_ktime(w, "decided_at", v->discount.decided_at);
		jw_kstr(w, "note", v->discount.note);
		if (strcmp(v->discount.status, "approved") == 0)
			jw_kint(w, "percent", v->discount.percent);
		else
			jw_knull(w, "percent");
		jw_obj_end(w);
	} else
		jw_null(w);
	jw_key(w, "policies");
	jw_arr_begin(w);
	for (i = 0; i < v->npolicies; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "id", v->policies[i].id);
		jw_kstr(w, "name", v->policies[i].name);
		jw_kstr(w, "platform", v->policies[i].platform);
		jw_kstr(w, "scope", v->policies[i].customer_id == NULL ?
		    "global" : "local");
		jw_kbool(w, "default", v->policies[i].is_default);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

void
render_oms_record(struct jw *w, const struct oms_record *r)
{
	jw_obj_begin(w);
	jw_kstr(w, "id", r->id);
	jw_kstr(w, "type", r->type);
	jw_kstr(w, "email", r->email);
	jw_kstr(w, "first_name", r->first_name);
	jw_kstr(w, "last_name", r->last_name);
	jw_kstr(w, "company", r->d.company);
	jw_kstr(w, "industry", r->d.industry);
	jw_kstr(w, "website", r->d.website);
	render_phone(w, r->d.phone);
	jw_kstr(w, "street", r->d.street);
	jw_kstr(w, "postal_code", r->d.postal_code);
	jw_kstr(w, "city", r->d.city);
	jw_kstr(w, "country", r->d.country);
	jw_kbool(w, "eligible", r->eligible);
	jw_kbool(w, "hub_created", r->customer_id != NULL);
	jw_kstr(w, "customer_id", r->customer_id);
	if (r->customer_purge_at != 0)
		jw_ktime(w, "customer_purge_at", r->customer_purge_at);
	else
		jw_knull(w, "customer_purge_at");
	jw_obj_end(w);
}

void
render_service(struct jw *w, struct arena *a, const struct service *s)
{
	jw_obj_begin(w);
	jw_kstr(w, "key", s->key);
	jw_kstr(w, "name", s->name);
	jw_kint(w, "trial_days", s->trial_days);
	jw_kint(w, "trial_seats", s->trial_seats);
	jw_kstr(w, "price", money_text(a, s->price_micros, 2));
	jw_kstr(w, "currency", s->currency);
	jw_kint(w, "position", s->position);
	jw_obj_end(w);
}

void
render_subscription(struct jw *w, struct arena *a, const struct sub_view *v,
    bool with_customer)
{
	jw_obj_begin(w);
	if (with_customer) {
		jw_kstr(w, "customer_id", v->customer_id);
		jw_kstr(w, "customer_name", v->customer_name);
	}
	jw_key(w, "service");
	render_service(w, a, &v->service);
	jw_kstr(w, "state", v->state);
	jw_kstr(w, "expired_kind", v->expired_kind);
	jw_kbool(w, "cancelled", v->cancelled);
	jw_kint(w, "seats", v->seats);
	jw_kint(w, "seats_used", v->seats_used);
	jw_kstr(w, "starts_on", v->starts_on);
	jw_kstr(w, "ends_on", v->ends_on);
	if (v->days_left >= 0)
		jw_kint(w, "days_left", v->days_left);
	else
		jw_knull(w, "days_left");
	jw_kbool(w, "trial_available", v->trial_available);
	jw_kstr(w, "trial_started_on", v->trial_started_on);
	jw_kstr(w, "net_price", money_text(a, v->net_price_micros, 2));
	jw_obj_end(w);
}
