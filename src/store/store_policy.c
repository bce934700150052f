/*
 * store_policy.c - global and local policies, assignments and defaults.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/text.h"
#include "store/store_int.h"
#include "store/store_policy.h"

#define POLICY_COLS \
	"p.id, p.partner_id, p.customer_id, p.name, p.description, " \
	"p.platform, p.template, p.settings, p.locked, p.revision, " \
	"p.created_at, p.updated_at, p.template_version"

/* Usage counts of a global policy, columns 13-15. */
#define POLICY_COUNTS \
	", (SELECT COUNT(*) FROM policy_assignments x" \
	" WHERE x.policy_id = p.id)" \
	", (SELECT COUNT(*) FROM policy_overrides o" \
	" WHERE o.policy_id = p.id)" \
	", (SELECT COUNT(*) FROM customer_defaults d" \
	" WHERE d.policy_id = p.id)"

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
	p->template_version = db_cell_int(r, i, 12);
	p->customer_name = NULL;
	p->assigned = 0;
	p->overrides = 0;
	p->defaults = 0;
	p->is_default = false;
	p->has_override = false;
}

static void
counts_from_row(const struct db_rows *r, size_t i, struct policy *p)
{
	p->assigned = db_cell_int(r, i, 13);
	p->overrides = db_cell_int(r, i, 14);
	p->defaults = db_cell_int(r, i, 15);
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
	    " revision, created_at, updated_at, template_version)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(partner_id), DB_TEXT(p->customer_id),
	    DB_TEXT(p->customer_id != NULL ? p->customer_id : "global"),
	    DB_TEXT(p->name), DB_TEXT(key != NULL ? key : p->name),
	    DB_TEXT(p->description != NULL ? p->description : ""),
	    DB_TEXT(p->platform), DB_TEXT(p->template != NULL ? p->template :
	    ""), DB_TEXT(p->settings), DB_TEXT(p->locked != NULL ? p->locked :
	    "[]"), DB_INT(now), DB_INT(now),
	    DB_INT(p->template_version > 0 ? p->template_version : 1)));
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
	    "SELECT " POLICY_COLS POLICY_COUNTS " FROM policies p"
	    " WHERE p.partner_id = ? AND p.id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK) {
		policy_from_row(&r, 0, out);
		counts_from_row(&r, 0, out);
	}
	return (rc);
}

int
store_policy_lookup(struct store *st, const char *partner_id,
    struct arena *a, const char *id, struct policy *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	memset(out, 0, sizeof(*out));
	rc = store_one(st, a, &r, e,
	    "SELECT " POLICY_COLS " FROM policies p"
	    " WHERE p.partner_id = ? AND p.id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK)
		policy_from_row(&r, 0, out);
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
			counts_from_row(r, i, &(*out)[i]);
		else if (extra == 2) {
			(*out)[i].customer_name = db_cell(r, i, 13);
			(*out)[i].is_default = db_cell_int(r, i, 14) != 0;
		} else if (extra == 3) {
			(*out)[i].is_default = db_cell_int(r, i, 13) != 0;
			(*out)[i].has_override = db_cell_int(r, i, 14) != 0;
			(*out)[i].assigned = db_cell_int(r, i, 15);
		}
	}
	*n = r->nrows;
	(void)st;
	return (ST_OK);
}

int
store_policy_list_global(struct store *st, const char *partner_id,
    struct arena *a, struct page *pg, struct policy **out, size_t *n,
    struct err *e)
{
	struct db_param	 p[4];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 np = 0;
	int		 rc;

	buf_adds(&sql, "SELECT " POLICY_COLS POLICY_COUNTS ", p.name_key"
	    " FROM policies p WHERE p.partner_id = ? AND p.customer_id IS NULL");
	p[np++] = DB_TEXT(partner_id);
	rc = store_page_query(st, a, &r, e, &sql, p, np, pg, "p.name_key, p.id",
	    "tt");
	if (rc != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(16, 0));
	return (policy_list(st, a, &r, out, n, 1));
}

int
store_policy_list_local(struct store *st, const char *partner_id,
    const char *scoped_login, struct arena *a, struct page *pg,
    struct policy **out, size_t *n, struct err *e)
{
	struct db_param	 p[10];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 np = 0;
	int		 rc;

	buf_adds(&sql, "SELECT " POLICY_COLS ", c.company, CASE WHEN EXISTS"
	    " (SELECT 1 FROM customer_defaults d WHERE d.policy_id = p.id)"
	    " THEN 1 ELSE 0 END, c.sort_key, p.name_key FROM policies p"
	    " JOIN customers c ON c.id = p.customer_id"
	    " WHERE p.partner_id = ? AND c.partner_id = ?"
	    " AND c.deleted_at IS NULL");
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_TEXT(partner_id);
	store_scope_where(&sql, p, &np, "c.id", partner_id, scoped_login);
	rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "c.sort_key, c.id, p.name_key, p.id", "tttt");
	if (rc != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(15, 2, 16, 0));
	return (policy_list(st, a, &r, out, n, 2));
}

#define CUSTOMER_POLICY_ORDER \
	"CASE WHEN p.customer_id IS NULL THEN 1 ELSE 0 END," \
	" CASE p.platform WHEN 'workstation' THEN 0 ELSE 1 END, p.name_key, p.id"

int
store_policy_list_customer(struct store *st, const char *partner_id,
    const char *customer_id, bool counts, struct arena *a, struct page *pg,
    struct policy **out, size_t *n, struct err *e)
{
	struct db_param	 p[10];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 np = 0;
	int		 rc;

	/*
	 * Its own policies first, workstation before server, by name. The
	 * customer's policies are found through its own keys (its local
	 * ones, its assignments) and then joined: SQLite otherwise read
	 * every policy of the installation for one customer. Its defaults
	 * are looked up by their whole key (a default's platform is its
	 * policy's): by the policy alone, SQLite read every customer's
	 * default of a global policy. The count of a global policy's
	 * customers grows with them: only when asked.
	 */
	buf_printf(&sql, "SELECT " POLICY_COLS ", CASE WHEN d.policy_id IS NULL"
	    " THEN 0 ELSE 1 END, CASE WHEN o.policy_id IS NULL THEN 0 ELSE 1"
	    " END, %s,"
	    " CASE WHEN p.customer_id IS NULL THEN 1 ELSE 0 END,"
	    " CASE p.platform WHEN 'workstation' THEN 0 ELSE 1 END, p.name_key"
	    " FROM (SELECT id AS policy_id FROM policies WHERE customer_id = ?"
	    " UNION SELECT policy_id FROM policy_assignments"
	    " WHERE customer_id = ?) k"
	    " JOIN policies p ON p.id = k.policy_id"
	    " LEFT JOIN customer_defaults d ON d.customer_id = ?"
	    " AND d.platform = p.platform AND d.policy_id = p.id"
	    " LEFT JOIN policy_overrides o ON o.customer_id = ?"
	    " AND o.policy_id = p.id"
	    " WHERE p.partner_id = ?", counts ? "(SELECT COUNT(*) FROM"
	    " policy_assignments x WHERE x.policy_id = p.id)" : "0");
	p[np++] = DB_TEXT(customer_id);
	p[np++] = DB_TEXT(customer_id);
	p[np++] = DB_TEXT(customer_id);
	p[np++] = DB_TEXT(customer_id);
	p[np++] = DB_TEXT(partner_id);
	rc = store_page_query(st, a, &r, e, &sql, p, np, pg, CUSTOMER_POLICY_ORDER,
	    "iitt");
	if (rc != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(16, 17, 18, 0));
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
	    "INSERT INTO policy_assignments (partner_id, policy_id,"
	    " customer_id, created_at) SELECT c.partner_id, p.id, c.id, ?"
	    " FROM policies p, customers c"
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
	int		rc;

#define DEFAULT_SET \
	"INSERT INTO customer_defaults (partner_id, customer_id, platform," \
	" policy_id) SELECT c.partner_id, c.id, p.platform, p.id" \
	" FROM customers c, policies p" \
	" WHERE c.id = ? AND c.partner_id = ? AND p.id = ?" \
	" AND p.partner_id = ? AND p.platform = ?" \
	" ON CONFLICT (customer_id, platform)" \
	" DO UPDATE SET policy_id = excluded.policy_id"
#define DEFAULT_ARGS \
	DB_ARGS(DB_TEXT(customer_id), DB_TEXT(partner_id), \
	DB_TEXT(policy_id), DB_TEXT(partner_id), DB_TEXT(platform))
	if (!db_sending_ahead(st->db))
		return (store_change_one(st, e, DEFAULT_SET, DEFAULT_ARGS));
	/* A bulk write sends it ahead, unconfirmed (see store.h). */
	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e, DEFAULT_SET, DEFAULT_ARGS);
	arena_free(&a);
	return (rc);
#undef DEFAULT_SET
#undef DEFAULT_ARGS
}

int
store_policy_unassign(struct store *st, const char *partner_id,
    const char *policy_id, const char *customer_id, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 1024);
	/* Devices that were given this policy follow the default again. */
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE devices SET policy_id = NULL WHERE customer_id = ?"
	    " AND policy_id = ? AND partner_id = ?",
	    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(policy_id),
	    DB_TEXT(partner_id)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM policy_overrides WHERE customer_id = ?"
	    " AND policy_id = ? AND policy_id IN (SELECT id FROM policies"
	    " WHERE partner_id = ?)",
	    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(policy_id),
	    DB_TEXT(partner_id)));
	if (rc == ST_OK)
		rc = db_query(st->db, &a, &r, e,
		    "DELETE FROM policy_assignments WHERE customer_id = ?"
		    " AND policy_id = ? AND policy_id IN (SELECT id FROM"
		    " policies WHERE partner_id = ?)",
		    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(policy_id),
		    DB_TEXT(partner_id)));
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	arena_free(&a);
	return (rc);
}

int
store_customer_default_get(struct store *st, const char *partner_id,
    const char *customer_id, const char *platform, struct arena *a,
    const char **policy_id, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT d.policy_id FROM customer_defaults d"
	    " JOIN customers c ON c.id = d.customer_id"
	    " WHERE d.customer_id = ? AND c.partner_id = ? AND d.platform = ?",
	    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(partner_id),
	    DB_TEXT(platform)));
	if (rc == ST_OK)
		*policy_id = db_cell(&r, 0, 0);
	return (rc);
}

int
store_policy_update(struct store *st, const char *partner_id,
    const char *id, const struct policy_edit *ed, int64_t now,
    struct err *e)
{
	struct arena	 a;
	struct db_rows	 r;
	char		*key = NULL;
	int		 rc;

	arena_init(&a, 1024);
	if (ed->name != NULL)
		key = text_fold(&a, ed->name);
	/* COALESCE keeps what the edit leaves out. */
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE policies SET name = COALESCE(?, name),"
	    " name_key = COALESCE(?, name_key),"
	    " description = COALESCE(?, description),"
	    " settings = COALESCE(?, settings),"
	    " locked = COALESCE(?, locked),"
	    " revision = revision + ?, updated_at = ?"
	    " WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(ed->name), DB_TEXT(ed->name ? (key ? key :
	    ed->name) : NULL), DB_TEXT(ed->description),
	    DB_TEXT(ed->settings), DB_TEXT(ed->locked),
	    DB_INT(ed->bump_revision ? 1 : 0), DB_INT(now),
	    DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	arena_free(&a);
	return (rc);
}

int
store_policy_delete(struct store *st, const char *partner_id,
    const char *id, struct err *e)
{
	static const char *const sql[] = {
		"UPDATE devices SET policy_id = NULL WHERE policy_id IN"
		" (SELECT id FROM policies WHERE partner_id = ? AND id = ?)",
		"DELETE FROM policy_overrides WHERE policy_id IN"
		" (SELECT id FROM policies WHERE partner_id = ? AND id = ?)",
		"DELETE FROM customer_defaults WHERE policy_id IN"
		" (SELECT id FROM policies WHERE partner_id = ? AND id = ?)",
		"DELETE FROM policy_assignments WHERE policy_id IN"
		" (SELECT id FROM policies WHERE partner_id = ? AND id = ?)",
		"DELETE FROM policies WHERE partner_id = ? AND id = ?",
		NULL
	};
	struct arena	a;
	struct db_rows	r;
	size_t		i;
	int		rc = ST_OK;

	arena_init(&a, 1024);
	for (i = 0; sql[i] != NULL && rc == ST_OK; i++)
		rc = db_query(st->db, &a, &r, e, sql[i],
		    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	arena_free(&a);
	return (rc);
}

int
store_policy_usage(struct store *st, const char *partner_id,
    const char *policy_id, struct arena *a, struct page *pg,
    struct policy_use **out, size_t *n, struct err *e)
{
	struct db_param	 p[6];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 np = 0, i;
	int		 rc;

	buf_adds(&sql, "SELECT c.id, c.company,"
	    " CASE WHEN EXISTS (SELECT 1 FROM customer_defaults d"
	    " WHERE d.customer_id = c.id AND d.platform = p.platform"
	    " AND d.policy_id = p.id) THEN 1"
	    " ELSE 0 END,"
	    " CASE WHEN EXISTS (SELECT 1 FROM policy_overrides o"
	    " WHERE o.customer_id = c.id AND o.policy_id = p.id) THEN 1"
	    " ELSE 0 END, c.sort_key"
	    " FROM policies p JOIN customers c ON c.partner_id = p.partner_id"
	    " WHERE p.partner_id = ? AND p.id = ? AND (c.id = p.customer_id"
	    " OR c.id IN (SELECT customer_id FROM policy_assignments x"
	    " WHERE x.policy_id = p.id))");
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_TEXT(policy_id);
	rc = store_page_query(st, a, &r, e, &sql, p, np, pg, "c.sort_key, c.id",
	    "tt");
	if (rc != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(4, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].customer_id = db_cell(&r, i, 0);
		(*out)[i].company = db_cell(&r, i, 1);
		(*out)[i].is_default = db_cell_int(&r, i, 2) != 0;
		(*out)[i].has_override = db_cell_int(&r, i, 3) != 0;
	}
	*n = r.nrows;
	return (ST_OK);
}

static void
override_from_row(const struct db_rows *r, size_t i,
    struct policy_override *o)
{
	o->customer_id = db_cell(r, i, 0);
	o->policy_id = db_cell(r, i, 1);
	o->settings = db_cell(r, i, 2);
	o->revision = db_cell_int(r, i, 3);
	o->updated_at = db_cell_int(r, i, 4);
}

int
store_override_get(struct store *st, const char *partner_id,
    const char *customer_id, const char *policy_id, struct arena *a,
    struct policy_override *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT o.customer_id, o.policy_id, o.settings, o.revision,"
	    " o.updated_at FROM policy_overrides o"
	    " JOIN customers c ON c.id = o.customer_id"
	    " WHERE o.customer_id = ? AND o.policy_id = ?"
	    " AND c.partner_id = ?",
	    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(policy_id),
	    DB_TEXT(partner_id)));
	if (rc == ST_OK)
		override_from_row(&r, 0, out);
	return (rc);
}

int
store_override_put(struct store *st, const char *partner_id,
    const char *customer_id, const char *policy_id, const char *settings,
    int64_t now, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 1024);
	if (settings == NULL)
		rc = db_query(st->db, &a, &r, e,
		    "DELETE FROM policy_overrides WHERE customer_id = ?"
		    " AND policy_id = ? AND customer_id IN (SELECT id FROM"
		    " customers WHERE partner_id = ?)",
		    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(policy_id),
		    DB_TEXT(partner_id)));
	else
		/* Only for a policy assigned to a customer of partner_id. */
		rc = db_query(st->db, &a, &r, e,
		    "INSERT INTO policy_overrides (partner_id, customer_id,"
		    " policy_id, settings, revision, updated_at)"
		    " SELECT c.partner_id, x.customer_id, x.policy_id, ?, 1, ?"
		    " FROM policy_assignments x"
		    " JOIN customers c ON c.id = x.customer_id"
		    " WHERE x.customer_id = ? AND x.policy_id = ?"
		    " AND c.partner_id = ?"
		    " ON CONFLICT (customer_id, policy_id) DO UPDATE SET"
		    " settings = excluded.settings,"
		    " revision = policy_overrides.revision + 1,"
		    " updated_at = excluded.updated_at",
		    DB_ARGS(DB_TEXT(settings), DB_INT(now),
		    DB_TEXT(customer_id), DB_TEXT(policy_id),
		    DB_TEXT(partner_id)));
	if (rc == ST_OK && settings != NULL && r.changes == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	arena_free(&a);
	return (rc);
}

int
store_overrides_of_policy(struct store *st, const char *partner_id,
    const char *policy_id, struct arena *a, struct policy_override **out,
    size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT o.customer_id, o.policy_id, o.settings, o.revision,"
	    " o.updated_at FROM policy_overrides o"
	    " JOIN policies p ON p.id = o.policy_id"
	    " WHERE o.policy_id = ? AND p.partner_id = ?"
	    " ORDER BY o.customer_id",
	    DB_ARGS(DB_TEXT(policy_id), DB_TEXT(partner_id)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		override_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_policy_lock(struct store *st, const char *partner_id, const char *id,
    struct err *e)
{
	/* A no-op update: a row lock on PostgreSQL, harmless on SQLite
	 * (whose write transactions are already serial). */
	return (store_change_one(st, e,
	    "UPDATE policies SET revision = revision"
	    " WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id))));
}

int
store_effective_source(struct store *st, const char *partner_id,
    const char *customer_id, const char *platform, const char *policy_id,
    struct arena *a, struct effective_source *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	if (policy_id == NULL)
		rc = store_one(st, a, &r, e,
		    "SELECT " POLICY_COLS ", o.settings, o.revision"
		    " FROM customer_defaults d"
		    " JOIN customers c ON c.id = d.customer_id"
		    " JOIN policies p ON p.id = d.policy_id"
		    " LEFT JOIN policy_overrides o ON o.customer_id = c.id"
		    " AND o.policy_id = p.id"
		    " WHERE d.customer_id = ? AND d.platform = ?"
		    " AND c.partner_id = ? AND p.partner_id = ?",
		    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(platform),
		    DB_TEXT(partner_id), DB_TEXT(partner_id)));
	else
		rc = store_one(st, a, &r, e,
		    "SELECT " POLICY_COLS ", o.settings, o.revision"
		    " FROM policies p JOIN customers c ON c.id = ?"
		    " AND c.partner_id = p.partner_id"
		    " LEFT JOIN policy_overrides o ON o.customer_id = c.id"
		    " AND o.policy_id = p.id"
		    " WHERE p.id = ? AND p.partner_id = ?"
		    " AND (p.customer_id = c.id OR EXISTS (SELECT 1 FROM"
		    " policy_assignments x WHERE x.policy_id = p.id"
		    " AND x.customer_id = c.id))",
		    DB_ARGS(DB_TEXT(customer_id), DB_TEXT(policy_id),
		    DB_TEXT(partner_id)));
	if (rc != ST_OK)
		return (rc);
	policy_from_row(&r, 0, &out->policy);
	out->override = db_cell(&r, 0, 13);
	out->override_revision = out->override ? db_cell_int(&r, 0, 14) : 0;
	return (ST_OK);
}
