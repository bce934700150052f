/*
 * store_policy.c - global and local policies, assignments and defaults.
 */
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/text.h"
#include "store/store_int.h"

#define POLICY_COLS \
	"p.id, p.partner_id, p.customer_id, p.name, p.description, " \
	"p.platform, p.template, p.settings, p.locked, p.revision, " \
	"p.created_at, p.updated_at"

static void
policy_from_row(const struct db_rows *r, size_t i, struct policy *p)
{
	p->id = db_cell(r, i, 0);
	p->partner_id = db_cell(r, i, 1);
	p->customer_id = db_cell(r, i, 2);
	p->name = db_cell(r, i, 3);
	p->description = db_cell(r, i, 4);
	p->platform = db_cell(r, i, 5);
	p->template = db_cell(r, i, 6);
	p->settings = db_cell(r, i, 7);
	p->locked = db_cell(r, i, 8);
	p->revision = db_cell_int(r, i, 9);
	p->created_at = db_cell_int(r, i, 10);
	p->updated_at = db_cell_int(r, i, 11);
	p->customer_name = NULL;
	p->assigned = 0;
	p->is_default = false;
}

int
store_policy_create(struct store *st, const char *partner_id,
    struct arena *a, const struct policy *p, int64_t now, char **id,
    struct err *e)
{
	char	*nid, *key;
	int	 rc;

	nid = id_new(a, "pol");
	key = text_fold(a, p->name);
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO policies (id, partner_id, customer_id, owner, name,"
	    " name_key, description, platform, template, settings, locked,"
	    " revision, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(partner_id), DB_TEXT(p->customer_id),
	    DB_TEXT(p->customer_id != NULL ? p->customer_id : "global"),
	    DB_TEXT(p->name), DB_TEXT(key != NULL ? key : p->name),
	    DB_TEXT(p->description != NULL ? p->description : ""),
	    DB_TEXT(p->platform), DB_TEXT(p->template != NULL ? p->template :
	    ""), DB_TEXT(p->settings), DB_TEXT(p->locked != NULL ? p->locked :
	    "[]"), DB_INT(now), DB_INT(now)));
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

int
store_policy_get(struct store *st, const char *partner_id, struct arena *a,
    const char *id, struct policy *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT " POLICY_COLS ", (SELECT COUNT(*) FROM policy_assignments"
	    " x WHERE x.policy_id = p.id) FROM policies p"
	    " WHERE p.partner_id = ? AND p.id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK) {
		policy_from_row(&r, 0, out);
		out->assigned = db_cell_int(&r, 0, 12);
	}
	return (rc);
}

static int
policy_list(struct store *st, struct arena *a, struct db_rows *r,
    struct policy **out, size_t *n, int extra)
{
	size_t	i;

	*out = arena_calloc(a, r->nrows ? r->nrows : 1, sizeof(**out));
	for (i = 0; i < r->nrows; i++) {
		policy_from_row(r, i, &(*out)[i]);
		if (extra == 1)
			(*out)[i].assigned = db_cell_int(r, i, 12);
		else if (extra == 2)
			(*out)[i].customer_name = db_cell(r, i, 12);
		else if (extra == 3)
			(*out)[i].is_default = db_cell_int(r, i, 12) != 0;
	}
	*n = r->nrows;
	(void)st;
	return (ST_OK);
}

int
store_policy_list_global(struct store *st, const char *partner_id,
    struct arena *a, struct policy **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT " POLICY_COLS ", (SELECT COUNT(*) FROM policy_assignments"
	    " x WHERE x.policy_id = p.id) FROM policies p"
	    " WHERE p.partner_id = ? AND p.customer_id IS NULL"
	    " ORDER BY p.name_key, p.id",
	    DB_ARGS(DB_TEXT(partner_id)));
	if (rc != ST_OK)
		return (rc);
	return (policy_list(st, a, &r, out, n, 1));
}

int
store_policy_list_local(struct store *st, const char *partner_id,
    struct arena *a, struct policy **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT " POLICY_COLS ", c.company FROM policies p"
	    " JOIN customers c ON c.id = p.customer_id"
	    " WHERE p.partner_id = ? AND c.partner_id = ?"
	    " ORDER BY c.sort_key, c.id, p.name_key, p.id",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(partner_id)));
	if (rc != ST_OK)
		return (rc);
	return (policy_list(st, a, &r, out, n, 2));
}

int
store_policy_list_customer(struct store *st, const char *partner_id,
    const char *customer_id, struct arena *a, struct policy **out,
    size_t *n, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT " POLICY_COLS ", CASE WHEN d.policy_id IS NULL THEN 0"
	    " ELSE 1 END FROM policies p"
	    " LEFT JOIN customer_defaults d ON d.customer_id = ?"
	    " AND d.policy_id = p.id"
	    " WHERE p.partner_id = ? AND (p.customer_id = ? OR p.id IN"
	    " (SELECT policy_id FROM policy_assignments WHERE customer_id = ?))"
	    " ORDER BY CASE WHEN p.customer_id IS NULL THEN 1 ELSE 0 END,"
	    " p.platform DESC, p.name_key, p.id",
	    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(partner_id),
	    DB_TEXT(customer_id), DB_TEXT(customer_id)));
	if (rc != ST_OK)
		return (rc);
	return (policy_list(st, a, &r, out, n, 3));
}

int
store_policy_assign(struct store *st, const char *partner_id,
    const char *policy_id, const char *customer_id, int64_t now,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	/* Both must belong to partner_id: the insert selects them. */
	arena_init(&a, 1024);
	rc = db_query(st->db, &a, &r, e,
	    "INSERT INTO policy_assignments (policy_id, customer_id,"
	    " created_at) SELECT p.id, c.id, ? FROM policies p, customers c"
	    " WHERE p.id = ? AND p.partner_id = ? AND p.customer_id IS NULL"
	    " AND c.id = ? AND c.partner_id = ?"
	    " ON CONFLICT (policy_id, customer_id) DO NOTHING",
	    DB_ARGS(DB_INT(now), DB_TEXT(policy_id), DB_TEXT(partner_id),
	    DB_TEXT(customer_id), DB_TEXT(partner_id)));
	arena_free(&a);
	return (rc);
}

int
store_customer_default_set(struct store *st, const char *partner_id,
    const char *customer_id, const char *platform, const char *policy_id,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 1024);
	rc = db_query(st->db, &a, &r, e,
	    "INSERT INTO customer_defaults (customer_id, platform, policy_id)"
	    " SELECT c.id, p.platform, p.id FROM customers c, policies p"
	    " WHERE c.id = ? AND c.partner_id = ? AND p.id = ?"
	    " AND p.partner_id = ? AND p.platform = ?"
	    " ON CONFLICT (customer_id, platform)"
	    " DO UPDATE SET policy_id = excluded.policy_id",
	    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(partner_id),
	    DB_TEXT(policy_id), DB_TEXT(partner_id), DB_TEXT(platform)));
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	arena_free(&a);
	return (rc);
}
