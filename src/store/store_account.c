/*
 * store_account.c - accounts, logins and memberships.
 */
#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"

#define ACCOUNT_COLS \
	"a.id, a.kind, a.name, a.region, a.flexible_billing, a.created_at, " \
	"a.updated_at, a.device_offline_days, a.require_two_step, a.tenancy, " \
	"(SELECT c.id FROM customers c WHERE c.partner_id = a.id" \
	" AND c.kind = 'company')"
#define ACCOUNT_NCOLS	11	/* columns of ACCOUNT_COLS */

static void
account_from_row(const struct db_rows *r, size_t i, size_t c,
    struct account *out)
{
	out->id = db_cell(r, i, c + 0);
	out->kind = db_cell(r, i, c + 1);
	out->name = db_cell(r, i, c + 2);
	out->region = db_cell(r, i, c + 3);
	out->flexible_billing = db_cell_int(r, i, c + 4) != 0;
	out->created_at = db_cell_int(r, i, c + 5);
	out->updated_at = db_cell_int(r, i, c + 6);
	out->device_offline_days = db_cell_int(r, i, c + 7);
	out->require_two_step = db_cell_int(r, i, c + 8) != 0;
	out->tenancy = db_cell(r, i, c + 9);
	out->self_id = db_cell(r, i, c + 10);
}

int
store_account_create(struct store *st, struct arena *a, const char *kind,
    const char *name, const char *region, int64_t now, char **id,
    struct err *e)
{
	char	*nid;
	int	 rc;

	nid = id_new(a, "acc");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO accounts (id, kind, name, region, tenancy,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?,"
	    " CASE WHEN ? = 'company' THEN 'single' END, ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(kind), DB_TEXT(name),
	    DB_TEXT(region ? region : ""), DB_TEXT(kind), DB_INT(now),
	    DB_INT(now)));
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

int
store_account_get(struct store *st, const char *account_id, struct arena *a,
    struct account *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT " ACCOUNT_COLS " FROM accounts a WHERE a.id = ?",
	    DB_ARGS(DB_TEXT(account_id)));
	if (rc == ST_OK)
		account_from_row(&r, 0, 0, out);
	return (rc);
}

int
store_account_find_by_name(struct store *st, struct arena *a,
    const char *kind, const char *name, struct account *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT " ACCOUNT_COLS " FROM accounts a"
	    " WHERE a.kind = ? AND a.name = ? ORDER BY a.created_at LIMIT 1",
	    DB_ARGS(DB_TEXT(kind), DB_TEXT(name)));
	if (rc != ST_OK)
		return (rc);
	if (r.nrows == 0)
		return (err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
	account_from_row(&r, 0, 0, out);
	return (ST_OK);
}

int
store_account_set_tenancy(struct store *st, const char *account_id,
    const char *tenancy, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE accounts SET tenancy = ? WHERE id = ? AND kind = 'company'",
	    DB_ARGS(DB_TEXT(tenancy), DB_TEXT(account_id))));
}

int
store_account_rename(struct store *st, const char *account_id,
    const char *name, int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE accounts SET name = ?, updated_at = ? WHERE id = ?",
	    DB_ARGS(DB_TEXT(name), DB_INT(now), DB_TEXT(account_id))));
}

int
store_account_require_two_step(struct store *st, const char *account_id,
    bool on, int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE accounts SET require_two_step = ?, updated_at = ?"
	    " WHERE id = ?",
	    DB_ARGS(DB_INT(on ? 1 : 0), DB_INT(now), DB_TEXT(account_id))));
}

int
store_two_step_due(struct store *st, const char *login_id, bool *due,
    struct err *e)
{
	long long	n;
	int		rc;

	rc = store_count(st, e, &n,
	    "SELECT count(*) FROM memberships m"
	    " JOIN accounts a ON a.id = m.account_id"
	    " JOIN logins l ON l.id = m.login_id"
	    " WHERE m.login_id = ? AND m.status = 'active'"
	    " AND a.require_two_step = 1 AND l.totp_secret IS NULL",
	    DB_ARGS(DB_TEXT(login_id)));
	*due = n > 0;
	return (rc);
}

int
store_account_offline_days(struct store *st, const char *account_id,
    long long days, int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE accounts SET device_offline_days = ?, updated_at = ?"
	    " WHERE id = ?",
	    DB_ARGS(DB_INT(days), DB_INT(now), DB_TEXT(account_id))));
}

#define LOGIN_COLS \
	"id, email, name, password_hash, language, time_zone, status, " \
	"created_at"

static void
login_from_row(const struct db_rows *r, struct login *out)
{
	out->id = db_cell(r, 0, 0);
	out->email = db_cell(r, 0, 1);
	out->name = db_cell(r, 0, 2);
	out->password_hash = db_cell(r, 0, 3);
	out->language = db_cell(r, 0, 4);
	out->time_zone = db_cell(r, 0, 5);
	out->status = db_cell(r, 0, 6);
	out->created_at = db_cell_int(r, 0, 7);
}

int
store_login_create(struct store *st, struct arena *a, const char *email,
    const char *email_norm, const char *name, const char *password_hash,
    const char *language, int64_t now, char **id, struct err *e)
{
	char	*nid;
	int	 rc;

	nid = id_new(a, "usr");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO logins (id, email, email_norm, name, password_hash,"
	    " language, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(email), DB_TEXT(email_norm),
	    DB_TEXT(name ? name : ""), DB_TEXT(password_hash),
	    DB_TEXT(language ? language : "en"), DB_INT(now), DB_INT(now)));
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

int
store_login_get(struct store *st, struct arena *a, const char *login_id,
    struct login *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT " LOGIN_COLS " FROM logins WHERE id = ?",
	    DB_ARGS(DB_TEXT(login_id)));
	if (rc == ST_OK)
		login_from_row(&r, out);
	return (rc);
}

int
store_login_by_email(struct store *st, struct arena *a, const char *email_norm,
    struct login *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT " LOGIN_COLS " FROM logins WHERE email_norm = ?",
	    DB_ARGS(DB_TEXT(email_norm)));
	if (rc == ST_OK)
		login_from_row(&r, out);
	return (rc);
}

int
store_login_set_prefs(struct store *st, const char *login_id,
    const char *name, const char *language, const char *time_zone,
    int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE logins SET name = COALESCE(?, name),"
	    " language = COALESCE(?, language),"
	    " time_zone = COALESCE(?, time_zone), updated_at = ?"
	    " WHERE id = ?",
	    DB_ARGS(DB_TEXT(name), DB_TEXT(language), DB_TEXT(time_zone),
	    DB_INT(now), DB_TEXT(login_id))));
}

int
store_login_set_password(struct store *st, const char *login_id,
    const char *password_hash, int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE logins SET password_hash = ?, updated_at = ? WHERE id = ?",
	    DB_ARGS(DB_TEXT(password_hash), DB_INT(now), DB_TEXT(login_id))));
}

int
store_membership_put(struct store *st, const char *account_id,
    const char *login_id, const char *role, const char *scope, int64_t now,
    struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 1024);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO memberships (account_id, login_id, role, scope,"
	    " created_at) VALUES (?, ?, ?, ?, ?)"
	    " ON CONFLICT (account_id, login_id)"
	    " DO UPDATE SET role = excluded.role, scope = excluded.scope",
	    DB_ARGS(DB_TEXT(account_id), DB_TEXT(login_id), DB_TEXT(role),
	    DB_TEXT(scope ? scope : "all"), DB_INT(now)));
	if (rc == ST_OK && (scope == NULL || strcmp(scope, "all") == 0))
		rc = store_principal_scope_clear(st, account_id, login_id, e);
	arena_free(&a);
	return (rc);
}

int
store_membership_get(struct store *st, const char *account_id,
    const char *login_id, struct arena *a, struct membership *out,
    struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT m.account_id, m.login_id, m.role, m.scope, a.kind,"
	    " CASE WHEN a.require_two_step = 1 AND l.totp_secret IS NULL"
	    " THEN 1 ELSE 0 END"
	    " FROM memberships m JOIN accounts a ON a.id = m.account_id"
	    " JOIN logins l ON l.id = m.login_id"
	    " WHERE m.account_id = ? AND m.login_id = ?"
	    " AND m.status = 'active' AND a.deleted_at IS NULL",
	    DB_ARGS(DB_TEXT(account_id), DB_TEXT(login_id)));
	if (rc == ST_OK) {
		out->account_id = db_cell(&r, 0, 0);
		out->login_id = db_cell(&r, 0, 1);
		out->role = db_cell(&r, 0, 2);
		out->scope = db_cell(&r, 0, 3);
		out->account_kind = db_cell(&r, 0, 4);
		out->two_step_due = db_cell_int(&r, 0, 5) != 0;
	}
	return (rc);
}

#define KIND_RANK \
	"CASE a.kind WHEN 'operator' THEN 0 WHEN 'partner' THEN 1 ELSE 2 END"

int
store_accounts_for_login(struct store *st, struct arena *a,
    const char *login_id, struct page *pg, struct account_role **out,
    size_t *n, struct err *e)
{
	struct db_param	 p[6];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 np = 0, i;
	int		 rc;

	*out = NULL;
	*n = 0;
	buf_adds(&sql, "SELECT " ACCOUNT_COLS ", m.role, m.scope, " KIND_RANK
	    " FROM memberships m JOIN accounts a ON a.id = m.account_id"
	    " WHERE m.login_id = ? AND m.status = 'active'"
	    " AND a.deleted_at IS NULL");
	p[np++] = DB_TEXT(login_id);
	if ((rc = store_page_after(&sql, p, &np, pg, KIND_RANK ", a.name, a.id",
	    "itt", e)) == ST_OK) {
		buf_adds(&sql, " ORDER BY " KIND_RANK ", a.name, a.id LIMIT ?");
		p[np++] = PAGE_LIMIT(pg);
		rc = db_query(st->db, a, &r, e, sql.data, p, np);
	}
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(ACCOUNT_NCOLS + 2, 2, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		account_from_row(&r, i, 0, &(*out)[i].account);
		(*out)[i].role = db_cell(&r, i, ACCOUNT_NCOLS);
		(*out)[i].scope = db_cell(&r, i, ACCOUNT_NCOLS + 1);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
store_partner_admins(struct store *st, const char *partner_id,
    struct arena *a, struct login **out, size_t *n, struct err *e)
{
	struct db_rows	 r;
	struct login	*l;
	size_t		 i;
	int		 rc;

	*out = NULL;
	*n = 0;
	rc = db_query(st->db, a, &r, e,
	    "SELECT l.id, l.email, l.name, l.language FROM memberships m"
	    " JOIN logins l ON l.id = m.login_id"
	    " JOIN accounts a ON a.id = m.account_id"
	    " WHERE m.account_id = ? AND a.kind = 'partner'"
	    " AND m.role = 'admin' AND m.scope = 'all'"
	    " AND m.status = 'active' AND l.status = 'active'"
	    " ORDER BY l.email_norm",
	    DB_ARGS(DB_TEXT(partner_id)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		l = &(*out)[i];
		l->id = db_cell(&r, i, 0);
		l->email = db_cell(&r, i, 1);
		l->name = db_cell(&r, i, 2);
		l->language = db_cell(&r, i, 3);
	}
	*n = r.nrows;
	return (ST_OK);
}
