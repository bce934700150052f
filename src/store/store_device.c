/*
 * store_device.c - devices as the console sees them: lists, one device,
 * moves, policy, overrides, removal, threats. See store_device.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store_device.h"
#include "store/store_int.h"

#define DEVICE_COLS \
	"d.id, d.partner_id, d.customer_id, c.company, d.site_id, s.name," \
	" d.hardware_id, d.hostname, d.platform, d.os, d.kernel," \
	" d.agent_version, d.ip_addresses, COALESCE(d.booted_at, 0)," \
	" d.policy_id, d.overrides, d.override_revision, d.protection," \
	" COALESCE(d.definitions_at, 0), d.open_threats, d.commands, " \
	DEVICE_STATUS_EXPR ", d.enrolled_at, d.last_seen," \
	" COALESCE(d.removed_at, 0), d.sort_key"

#define DEVICE_FROM \
	" FROM devices d JOIN customers c ON c.id = d.customer_id" \
	" LEFT JOIN sites s ON s.id = d.site_id"

static void
device_from_row(const struct db_rows *r, size_t i, struct device *d)
{
	d->id = db_cell(r, i, 0);
	d->partner_id = db_cell(r, i, 1);
	d->customer_id = db_cell(r, i, 2);
	d->customer_name = db_cell(r, i, 3);
	d->site_id = db_cell(r, i, 4);
	d->site_name = db_cell(r, i, 5);
	d->hardware_id = db_cell(r, i, 6);
	d->hostname = db_cell(r, i, 7);
	d->platform = db_cell(r, i, 8);
	d->os = db_cell(r, i, 9);
	d->kernel = db_cell(r, i, 10);
	d->agent_version = db_cell(r, i, 11);
	d->ip_addresses = db_cell(r, i, 12);
	d->booted_at = db_cell_int(r, i, 13);
	d->policy_id = db_cell(r, i, 14);
	d->overrides = db_cell(r, i, 15);
	d->override_revision = db_cell_int(r, i, 16);
	d->protection = db_cell(r, i, 17);
	d->definitions_at = db_cell_int(r, i, 18);
	d->open_threats = db_cell_int(r, i, 19);
	d->commands = db_cell(r, i, 20);
	d->status = db_cell(r, i, 21);
	d->enrolled_at = db_cell_int(r, i, 22);
	d->last_seen = db_cell_int(r, i, 23);
	d->removed_at = db_cell_int(r, i, 24);
}

static void
clock_params(struct db_param *p, size_t *np, const struct device_clock *clk)
{
	p[(*np)++] = DB_INT(clk->now - clk->offline_after);
	p[(*np)++] = DB_INT(clk->now - clk->definitions_max_age);
}

int
store_device_list(struct store *st, const char *partner_id,
    const struct device_filter *f, const struct device_clock *clk,
    struct arena *a, struct page *pg, struct device **out, size_t *n,
    struct err *e)
{
	struct db_param	 p[20];
	struct db_rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 i, np = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	clock_params(p, &np, clk);
	buf_adds(&sql, "SELECT " DEVICE_COLS DEVICE_FROM
	    " WHERE d.partner_id = ? AND d.removed_at IS NULL");
	p[np++] = DB_TEXT(partner_id);
	if (f->customer_id != NULL) {
		buf_adds(&sql, " AND d.customer_id = ?");
		p[np++] = DB_TEXT(f->customer_id);
	}
	if (f->site_id != NULL && strcmp(f->site_id, "none") == 0)
		buf_adds(&sql, " AND d.site_id IS NULL");
	else if (f->site_id != NULL) {
		buf_adds(&sql, " AND d.site_id = ?");
		p[np++] = DB_TEXT(f->site_id);
	}
	if (f->platform != NULL) {
		buf_adds(&sql, " AND d.platform = ?");
		p[np++] = DB_TEXT(f->platform);
	}
	if (f->status != NULL) {
		buf_adds(&sql, " AND " DEVICE_STATUS_EXPR " = ?");
		clock_params(p, &np, clk);
		p[np++] = DB_TEXT(f->status);
	}
	if (f->q != NULL && *f->q != '\0') {
		buf_adds(&sql, " AND d.sort_key LIKE ? ESCAPE '\\'");
		p[np++] = DB_TEXT(like_pattern(a, f->q));
	}
	store_scope_where(&sql, p, &np, "d.customer_id", partner_id,
	    f->scoped);
	store_site_scope_where(&sql, p, &np, "d.site_id", partner_id,
	    f->site_scoped);
	buf_adds(&sql, " AND c.deleted_at IS NULL");
	if ((rc = store_page_query(st, a, &r, e, &sql, p, np, pg,
	    "d.sort_key, d.id", "tt")) != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(25, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		device_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}

int
store_device_get(struct store *st, const char *partner_id,
    const char *device_id, const struct device_clock *clk, struct arena *a,
    struct device *out, struct err *e)
{
	struct db_param	p[4];
	struct db_rows	r;
	size_t		np = 0;
	int		rc;

	clock_params(p, &np, clk);
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_TEXT(device_id);
	rc = store_one(st, a, &r, e, "SELECT " DEVICE_COLS DEVICE_FROM
	    " WHERE d.partner_id = ? AND d.id = ? AND d.removed_at IS NULL",
	    p, np);
	if (rc == ST_OK)
		device_from_row(&r, 0, out);
	return (rc);
}

int
store_device_set_site(struct store *st, const char *partner_id,
    const char *device_id, const char *site_id, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE devices SET site_id = ? WHERE partner_id = ? AND id = ?"
	    " AND removed_at IS NULL",
	    DB_ARGS(DB_TEXT(site_id), DB_TEXT(partner_id),
	    DB_TEXT(device_id))));
}

int
store_device_set_policy(struct store *st, const char *partner_id,
    const char *device_id, const char *policy_id, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE devices SET policy_id = ? WHERE partner_id = ? AND id = ?"
	    " AND removed_at IS NULL",
	    DB_ARGS(DB_TEXT(policy_id), DB_TEXT(partner_id),
	    DB_TEXT(device_id))));
}

int
store_device_set_overrides(struct store *st, const char *partner_id,
    const char *device_id, const char *overrides, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE devices SET overrides = ?,"
	    " override_revision = override_revision + 1"
	    " WHERE partner_id = ? AND id = ? AND removed_at IS NULL",
	    DB_ARGS(DB_TEXT(overrides), DB_TEXT(partner_id),
	    DB_TEXT(device_id))));
}

int
store_device_remove(struct store *st, const char *partner_id,
    const char *device_id, int64_t now, struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE devices SET removed_at = ?, status = 'removed',"
	    " commands = '[{\"type\":\"uninstall\"}]', policy_push = 0"
	    " WHERE partner_id = ? AND id = ? AND removed_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(partner_id), DB_TEXT(device_id))));
}

int
store_device_set_commands(struct store *st, const char *partner_id,
    const char *device_id, const char *commands, bool policy_push,
    struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE devices SET commands = ?,"
	    " policy_push = CASE WHEN ? = 1 THEN 1 ELSE policy_push END"
	    " WHERE partner_id = ? AND id = ? AND removed_at IS NULL",
	    DB_ARGS(DB_TEXT(commands), DB_INT(policy_push ? 1 : 0),
	    DB_TEXT(partner_id), DB_TEXT(device_id))));
}

int
store_device_threats(struct store *st, const char *partner_id,
    const char *device_id, size_t limit, struct arena *a,
    struct device_threat **out, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	*out = NULL;
	*n = 0;
	rc = db_query(st->db, a, &r, e,
	    "SELECT id, name, path, action, detected_at, reported_at, resolved"
	    " FROM device_threats WHERE partner_id = ? AND device_id = ?"
	    " ORDER BY detected_at DESC, id DESC LIMIT ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(device_id),
	    DB_INT((long long)limit)));
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell(&r, i, 0);
		(*out)[i].name = db_cell(&r, i, 1);
		(*out)[i].path = db_cell(&r, i, 2);
		(*out)[i].action = db_cell(&r, i, 3);
		(*out)[i].detected_at = db_cell_int(&r, i, 4);
		(*out)[i].reported_at = db_cell_int(&r, i, 5);
		(*out)[i].resolved = db_cell_int(&r, i, 6) != 0;
	}
	*n = r.nrows;
	return (ST_OK);
}
