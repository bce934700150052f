/*
 * render.c - JSON shapes; see render.h.
 */
#include "api/render.h"

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
render_account(struct jw *w, const struct account *a, const char *role)
{
	jw_obj_begin(w);
	jw_kstr(w, "id", a->id);
	jw_kstr(w, "kind", a->kind);
	jw_kstr(w, "name", a->name);
	if (role != NULL)
		jw_kstr(w, "role", role);
	jw_ktime(w, "created_at", a->created_at);
	jw_obj_end(w);
}
