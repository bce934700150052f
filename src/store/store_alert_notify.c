/*
 * store_alert_notify.c - what the e-mail notices of alerts read and write:
 * alerts waiting for their notice, the people who may hear of them and
 * their settings, the hourly counts that cap a flood, and the alerts held
 * for a person's next message. See store_alert.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "store/store_alert.h"
#include "store/store_int.h"

int
store_notify_waiting(struct store *st, struct arena *a, size_t limit,
    struct alert **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e, "SELECT " ALERT_COLS ALERT_FROM
	    " WHERE a.notify_pending = 1 ORDER BY a.id LIMIT ?",
	    DB_ARGS(DB_INT((long long)limit)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		store_alert_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_notify_claim(struct store *st, const char *alert_id, bool *claimed,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE alerts SET notify_pending = 0 WHERE id = ?"
	    " AND notify_pending = 1", DB_ARGS(DB_TEXT(alert_id)));
	if (rc == ST_OK)
		*claimed = r.changes > 0;
	arena_free(&a);
	return (rc);
}

#define RECIPIENT_COLS \
	"l.id, l.email, l.name, l.language, m.scope," \
	" COALESCE(s.mode, 'immediate'), COALESCE(s.min_severity, 'high')," \
	" COALESCE(s.types, '[]'), s.digest_sent_on," \
	" CASE WHEN s.login_id IS NULL THEN 1 ELSE 0 END"
#define RECIPIENT_FROM \
	" FROM memberships m JOIN logins l ON l.id = m.login_id" \
	" JOIN accounts ac ON ac.id = m.account_id" \
	" LEFT JOIN alert_notify_settings s ON s.partner_id = m.account_id" \
	" AND s.login_id = m.login_id" \
	" WHERE m.account_id = ? AND ac.kind IN ('partner', 'company')" \
	" AND m.status = 'active' AND l.status = 'active'"

static void
recipient_row(const struct db_rows *r, size_t i, struct notify_recipient *p)
{
	p->login_id = db_cell(r, i, 0);
	p->email = db_cell(r, i, 1);
	p->name = db_cell(r, i, 2);
	p->language = db_cell(r, i, 3);
	p->scoped = strcmp(db_cell(r, i, 4), "customers") == 0;
	p->s.mode = db_cell(r, i, 5);
	p->s.min_severity = db_cell(r, i, 6);
	p->s.types = db_cell(r, i, 7);
	p->s.digest_sent_on = db_cell(r, i, 8);
	p->s.defaults = db_cell_int(r, i, 9) != 0;
}

int
store_notify_recipients(struct store *st, const char *partner_id,
    const char *login_id, struct arena *a, struct notify_recipient **out,
    size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	if (login_id != NULL)
		rc = db_query(st->db, a, &r, e, "SELECT " RECIPIENT_COLS
		    RECIPIENT_FROM " AND m.login_id = ?",
		    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(login_id)));
	else
		rc = db_query(st->db, a, &r, e, "SELECT " RECIPIENT_COLS
		    RECIPIENT_FROM " ORDER BY l.email_norm",
		    DB_ARGS(DB_TEXT(partner_id)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		recipient_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_notify_covers(struct store *st, const char *partner_id,
    const char *login_id, const char *customer_id, const char *site_id,
    bool *covers, struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "SELECT 1 FROM principal_customers WHERE account_id = ?"
	    " AND principal_id = ? AND customer_id = ? UNION ALL"
	    " SELECT 1 FROM principal_sites WHERE partner_id = ?"
	    " AND principal_id = ? AND site_id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(login_id),
	    DB_TEXT(customer_id), DB_TEXT(partner_id), DB_TEXT(login_id),
	    DB_TEXT(site_id)));
	if (rc == ST_OK)
		*covers = r.nrows > 0;
	arena_free(&a);
	return (rc);
}

int
store_notify_count(struct store *st, const char *partner_id,
    const char *login_id, const char *type, int64_t hour, long long *n,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "INSERT INTO alert_notify_sent (partner_id, login_id, type, hour, n)"
	    " VALUES (?, ?, ?, ?, 1) ON CONFLICT (partner_id, login_id, type,"
	    " hour) DO UPDATE SET n = alert_notify_sent.n + 1 RETURNING n",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(login_id), DB_TEXT(type),
	    DB_INT(hour)));
	if (rc == ST_OK)
		*n = r.nrows == 1 ? db_cell_int(&r, 0, 0) : 0;
	arena_free(&a);
	return (rc);
}

int
store_notify_pend(struct store *st, const char *partner_id,
    const char *login_id, const char *alert_id, const char *reason,
    int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO alert_notify_pending (partner_id, login_id, alert_id,"
	    " reason, created_at) VALUES (?, ?, ?, ?, ?)"
	    " ON CONFLICT (partner_id, login_id, alert_id) DO NOTHING",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(login_id), DB_TEXT(alert_id),
	    DB_TEXT(reason), DB_INT(now)));
	arena_free(&a);
	return (rc);
}

int
store_notify_take(struct store *st, const char *partner_id,
    const char *login_id, const char *reason, struct arena *a,
    struct alert **out, size_t *n, bool *taken, struct err *e)
{
	struct db_rows	r, d;
	size_t		i;
	int		rc;

	*taken = false;
	*n = 0;
	rc = db_query(st->db, a, &r, e, "SELECT " ALERT_COLS ALERT_FROM
	    " JOIN alert_notify_pending p ON p.alert_id = a.id"
	    " WHERE p.partner_id = ? AND p.login_id = ? AND p.reason = ?"
	    " ORDER BY a.id",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(login_id), DB_TEXT(reason)));
	if (rc != ST_OK)
		return (rc);
	rc = db_query(st->db, a, &d, e,
	    "DELETE FROM alert_notify_pending WHERE partner_id = ?"
	    " AND login_id = ? AND reason = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(login_id), DB_TEXT(reason)));
	if (rc != ST_OK)
		return (rc);
	/* Another server took some of them first: leave it to that one. */
	if ((size_t)d.changes != r.nrows)
		return (ST_OK);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		store_alert_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	*taken = true;
	return (ST_OK);
}

int
store_notify_due(struct store *st, const char *reason, int64_t before,
    struct arena *a, struct notify_due **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT partner_id, login_id FROM alert_notify_pending"
	    " WHERE reason = ? GROUP BY partner_id, login_id"
	    " HAVING min(created_at) < ? ORDER BY partner_id, login_id"
	    " LIMIT 200",
	    DB_ARGS(DB_TEXT(reason), DB_INT(before)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].partner_id = db_cell(&r, i, 0);
		(*out)[i].login_id = db_cell(&r, i, 1);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
store_notify_settings_put(struct store *st, const char *partner_id,
    const char *login_id, const struct notify_settings *s, int64_t now,
    struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO alert_notify_settings (partner_id, login_id, mode,"
	    " min_severity, types, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (partner_id, login_id) DO UPDATE SET"
	    " mode = excluded.mode, min_severity = excluded.min_severity,"
	    " types = excluded.types, updated_at = excluded.updated_at",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(login_id), DB_TEXT(s->mode),
	    DB_TEXT(s->min_severity), DB_TEXT(s->types), DB_INT(now)));
	arena_free(&a);
	return (rc);
}

int
store_notify_digest_sent(struct store *st, const char *partner_id,
    const char *login_id, const char *day, int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "INSERT INTO alert_notify_settings (partner_id, login_id, mode,"
	    " min_severity, types, digest_sent_on, updated_at)"
	    " VALUES (?, ?, 'digest', 'high', '[]', ?, ?)"
	    " ON CONFLICT (partner_id, login_id) DO UPDATE SET"
	    " digest_sent_on = excluded.digest_sent_on",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(login_id), DB_TEXT(day),
	    DB_INT(now)));
	arena_free(&a);
	return (rc);
}

int
store_notify_forget(struct store *st, int64_t before, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "DELETE FROM alert_notify_sent WHERE hour < ?",
	    DB_ARGS(DB_INT(before / 3600)));
	arena_free(&a);
	return (rc);
}
