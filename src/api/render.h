/*
 * render.h - JSON shapes of Steward's objects, shared by the handlers.
 */
#ifndef STEWARD_RENDER_H
#define STEWARD_RENDER_H

#include "core/json.h"
#include "store/store.h"

/* {"id", "email", "name", "language", "time_zone"} */
void	render_user(struct jw *w, const struct login *l);
/* {"id", "kind", "name", "role", "created_at"} (role may be NULL) */
void	render_account(struct jw *w, const struct account *a,
	    const char *role);

#endif
