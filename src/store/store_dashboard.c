/*
 * store_dashboard.c - the figures of the partner's dashboard: stored
 * device and alert counts per customer (kept by triggers), the devices
 * whose stored status lags behind time, subscriptions ending, and the
 * sweep's writes. See store_alert.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "store/store_alert.h"
#include "store/store_deletion.h"
#include "store/store_int.h"

#define DRIFT_COLS \
	"d.id, d.customer_id, d.hostname, d.status, " DEVICE_STATUS_EXPR \
	", d.last_seen, COALESCE(d.definitions_at, 0)"

int
store_devices_drifted(struct store *st, const char *partner_id,
    int64_t offline_before, int64_t definitions_before, const char *scoped,
    size_t limit, struct arena *a, struct device_drift **out, size_t *n,
    struct err *e)
{
	/*
	 * One branch per index range, so each reads only lagging rows. The
	 * indexes hold seen_mark, not last_seen (see SEEN_MARK_SPAN): the
	 * range comes from seen_mark and last_seen is checked in the rows
	 * at its edge. "last_seen >= off" implies seen_mark > off - SPAN.
	 */
	static const char *const branches[] = {
		" d.status = 'protected' AND d.seen_mark < ?"
		    " AND d.last_seen < ?",
		" d.status = 'at_risk' AND d.seen_mark < ?"
		    " AND d.last_seen < ?",
		" d.status = 'protected' AND d.definitions_at < ?"
		    " AND d.seen_mark > ? AND d.last_seen >= ?",
		" d.status = 'offline' AND d.seen_mark > ? AND d.last_seen >= ?",
	};
	struct buf	sql = BUF_INIT;
	struct db_param	p[48];
	struct db_rows	r;
	size_t		np = 0, i;
	int		rc;

	for (i = 0; i < sizeof(branches) / sizeof(branches[0]); i++) {
		buf_printf(&sql, "%sSELECT " DRIFT_COLS " FROM devices d"
		    " WHERE d.partner_id = ? AND%s", i > 0 ? " UNION ALL " : "",
		    branches[i]);
		p[np++] = DB_INT(offline_before);
		p[np++] = DB_INT(definitions_before);
		p[np++] = DB_TEXT(partner_id);
		if (i == 2)
			p[np++] = DB_INT(definitions_before);
		p[np++] = DB_INT(i < 2 ? offline_before :
		    offline_before - SEEN_MARK_SPAN);
		p[np++] = DB_INT(offline_before);
		store_scope_where(&sql, p, &np, "d.customer_id", partner_id,
		    scoped);
	}
	buf_adds(&sql, " LIMIT ?");
	p[np++] = DB_INT((long long)limit);
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		struct device_drift *d = &(*out)[i];

		d->device_id = db_cell(&r, i, 0);
		d->customer_id = db_cell(&r, i, 1);
		d->hostname = db_cell(&r, i, 2);
		d->stored = db_cell(&r, i, 3);
		d->status = db_cell(&r, i, 4);
		d->last_seen = db_cell_int(&r, i, 5);
		d->definitions_at = db_cell_int(&r, i, 6);
	}
	*n = r.nrows;
	return (ST_OK);
}

int
store_device_set_status(struct store *st, const char *device_id,
    const char *from, const char *to, int64_t seen, bool *changed,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE devices SET status = ?, last_seen = CASE WHEN ? > last_seen"
	    " THEN ? ELSE last_seen END, seen_mark = CASE WHEN ? > last_seen"
	    " THEN ? ELSE seen_mark END WHERE id = ? AND status = ?",
	    DB_ARGS(DB_TEXT(to), DB_INT(seen), DB_INT(seen), DB_INT(seen),
	    DB_INT(seen), DB_TEXT(device_id), DB_TEXT(from)));
	if (rc == ST_OK)
		*changed = r.changes > 0;
	arena_free(&a);
	return (rc);
}

int
store_partners_with_devices(struct store *st, struct arena *a,
    const char ***ids, size_t *n, struct err *e)
{
	struct db_rows	r;
	size_t		i;
	int		rc;

	rc = db_query(st->db, a, &r, e,
	    "SELECT DISTINCT partner_id FROM device_stats ORDER BY partner_id",
	    DB_NOARGS);
	if (rc != ST_OK)
		return (rc);
	*ids = arena_calloc(a, r.nrows + 1, sizeof(**ids));
	for (i = 0; i < r.nrows; i++)
		(*ids)[i] = db_cell(&r, i, 0);
	*n = r.nrows;
	return (ST_OK);
}

static int
sum_query(struct store *st, struct arena *a, const char *sql_head,
    const char *col, const char *partner_id, const char *scoped,
    const struct db_param *extra, size_t nextra, long long *out,
    size_t nout, struct err *e)
{
	struct buf	sql = BUF_INIT;
	struct db_param	p[8];
	struct db_rows	r;
	size_t		np = 0, i;
	int		rc;

	buf_adds(&sql, sql_head);
	p[np++] = DB_TEXT(partner_id);
	for (i = 0; i < nextra; i++)
		p[np++] = extra[i];
	store_scope_where(&sql, p, &np, col, partner_id, scoped);
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	for (i = 0; i < nout; i++)
		out[i] = r.nrows ? db_cell_int(&r, 0, i) : 0;
	return (ST_OK);
}

int
store_dashboard_counts(struct store *st, const char *partner_id,
    const char *scoped, const char *today, const char *ending_before,
    struct arena *a, struct dashboard_counts *out, struct err *e)
{
	long long	dev[3];
	int		rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sum_query(st, a, "SELECT count(*) FROM customers c"
	    " WHERE c.partner_id = ? AND c.deleted_at IS NULL", "c.id",
	    partner_id, scoped, NULL, 0, &out->customers, 1, e)) != ST_OK ||
	    (rc = sum_query(st, a, "SELECT COALESCE(sum(s.protected), 0),"
	    " COALESCE(sum(s.at_risk), 0), COALESCE(sum(s.offline), 0)"
	    " FROM device_stats s WHERE s.partner_id = ?", "s.customer_id",
	    partner_id, scoped, NULL, 0, dev, 3, e)) != ST_OK ||
	    (rc = sum_query(st, a, "SELECT COALESCE(sum(s.critical), 0),"
	    " COALESCE(sum(s.high), 0), COALESCE(sum(s.medium), 0),"
	    " COALESCE(sum(s.low), 0) FROM alert_stats s"
	    " WHERE s.partner_id = ?", "s.customer_id", partner_id, scoped,
	    NULL, 0, out->alerts, 4, e)) != ST_OK ||
	    (rc = sum_query(st, a, "SELECT count(*) FROM subscriptions s"
	    " WHERE s.partner_id = ? AND s.status = 'active' AND"
	    " s.kind IN ('trial', 'prepaid') AND s.ends_on >= ? AND"
	    " s.ends_on < ?", "s.customer_id", partner_id, scoped,
	    DB_ARGS(DB_TEXT(today), DB_TEXT(ending_before)),
	    &out->subscriptions_ending, 1, e)) != ST_OK)
		return (rc);
	out->devices_protected = dev[0];
	out->devices_at_risk = dev[1];
	out->devices_offline = dev[2];
	return (ST_OK);
}

int
store_dashboard_rows(struct store *st, const char *partner_id,
    const char *scoped, const char *q, bool by_risk, const char *today,
    const char *ending_before, struct arena *a, struct page *pg,
    struct dashboard_row **out, size_t *n, struct err *e)
{
	const char	*keys = by_risk ? "y.risk, y.sk, y.cid" : "y.sk, y.cid";
	const char	*types = by_risk ? "Itt" : "tt";
	struct buf	sql = BUF_INIT;
	struct db_param	p[24];
	struct db_rows	r;
	size_t		np = 0, i;
	int		rc;

	/*
	 * The page is chosen first (y: the customers in list order, from
	 * customer_risk's (partner, risk, name) index or the customers'
	 * (partner, name) index, LIMIT), then the page's rows get their
	 * details, counters and subscriptions (x, joined again): per page,
	 * not per customer of the partner. SQLite does not flatten a LIMIT
	 * subquery into a join. A customer's risk is kept by triggers
	 * (migration 0033): critical alerts, then high ones, then devices
	 * at risk or offline, then the other open alerts.
	 */
	buf_adds(&sql, "SELECT x.cid, c.company, c.country,"
	    " COALESCE(ds.protected, 0), COALESCE(ds.at_risk, 0),"
	    " COALESCE(ds.offline, 0), COALESCE(al.critical, 0),"
	    " COALESCE(al.high, 0), COALESCE(al.medium, 0),"
	    " COALESCE(al.low, 0),"
	    " (SELECT count(*) FROM subscriptions s WHERE s.customer_id = x.cid"
	    " AND s.status = 'active'),"
	    " (SELECT count(*) FROM subscriptions s WHERE s.customer_id = x.cid"
	    " AND s.status = 'active' AND s.kind IN ('trial', 'prepaid')"
	    " AND s.ends_on >= ? AND s.ends_on < ?), x.risk, x.sk"
	    " FROM (SELECT * FROM (SELECT c.id AS cid, c.sort_key AS sk,"
	    " k.risk AS risk");
	/* The table whose index is in the list's order comes first. */
	buf_adds(&sql, by_risk ? " FROM customer_risk k CROSS JOIN customers c"
	    " WHERE c.id = k.customer_id AND k.partner_id = ?" :
	    " FROM customers c CROSS JOIN customer_risk k"
	    " WHERE k.customer_id = c.id AND c.partner_id = ?");
	buf_adds(&sql, " AND c.deleted_at IS NULL");
	p[np++] = DB_TEXT(today);
	p[np++] = DB_TEXT(ending_before);
	p[np++] = DB_TEXT(partner_id);
	if (q != NULL && *q != '\0') {
		buf_adds(&sql, " AND c.sort_key LIKE ? ESCAPE '\\'");
		p[np++] = DB_TEXT(like_pattern(a, q));
	}
	store_scope_where(&sql, p, &np, "c.id", partner_id, scoped);
	buf_adds(&sql, ") y WHERE 1 = 1");
	if ((rc = store_page_after(&sql, p, &np, pg, keys, types, e)) !=
	    ST_OK) {
		buf_free(&sql);
		return (rc);
	}
	buf_printf(&sql, " ORDER BY %s LIMIT ?) x"
	    " JOIN customers c ON c.id = x.cid"
	    " LEFT JOIN device_stats ds ON ds.customer_id = x.cid"
	    " LEFT JOIN alert_stats al ON al.customer_id = x.cid ORDER BY %s",
	    by_risk ? "y.risk DESC, y.sk, y.cid" : "y.sk, y.cid",
	    by_risk ? "x.risk DESC, x.sk, x.cid" : "x.sk, x.cid");
	p[np++] = PAGE_LIMIT(pg);
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	if (by_risk)
		store_page_end(pg, &r, PAGE_COLS(12, 13, 0));
	else
		store_page_end(pg, &r, PAGE_COLS(13, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		struct dashboard_row *d = &(*out)[i];

		d->customer_id = db_cell(&r, i, 0);
		d->company = db_cell(&r, i, 1);
		d->country = db_cell(&r, i, 2);
		d->devices_protected = db_cell_int(&r, i, 3);
		d->devices_at_risk = db_cell_int(&r, i, 4);
		d->devices_offline = db_cell_int(&r, i, 5);
		d->alerts[0] = db_cell_int(&r, i, 6);
		d->alerts[1] = db_cell_int(&r, i, 7);
		d->alerts[2] = db_cell_int(&r, i, 8);
		d->alerts[3] = db_cell_int(&r, i, 9);
		d->subscriptions_active = db_cell_int(&r, i, 10);
		d->subscriptions_ending = db_cell_int(&r, i, 11);
		d->risk = db_cell_int(&r, i, 12);
	}
	*n = r.nrows;
	return (ST_OK);
}

#define COUNTS_CHUNK	100

int
store_device_counts(struct store *st, const char *const *ids, size_t n,
    struct arena *a, long long *counts, struct err *e)
{
	struct db_param	p[COUNTS_CHUNK];
	struct db_rows	r;
	struct buf	sql = BUF_INIT;
	size_t		i, j, k, m;
	int		rc = ST_OK;

	for (i = 0; i < n; i++)
		counts[i] = 0;
	/* A page of customers in one query per COUNTS_CHUNK ids. */
	for (i = 0; i < n && rc == ST_OK; i += m) {
		m = n - i < COUNTS_CHUNK ? n - i : COUNTS_CHUNK;
		buf_reset(&sql);
		buf_adds(&sql, "SELECT customer_id, protected + at_risk + offline"
		    " FROM device_stats WHERE customer_id IN (");
		for (j = 0; j < m; j++) {
			buf_adds(&sql, j > 0 ? ", ?" : "?");
			p[j] = DB_TEXT(ids[i + j]);
		}
		buf_adds(&sql, ")");
		if ((rc = db_query(st->db, a, &r, e, sql.data, p, m)) != ST_OK)
			break;
		for (k = 0; k < r.nrows; k++)
			for (j = 0; j < m; j++)
				if (strcmp(db_cell(&r, k, 0), ids[i + j]) == 0)
					counts[i + j] = db_cell_int(&r, k, 1);
	}
	buf_free(&sql);
	return (rc);
}

/* The alerts of a site-limited principal's sites: " AND a.device_id IN
 * (...)" (nothing when site_scoped is NULL). */
static void
alert_site_where(struct buf *sql, struct db_param *p, size_t *np,
    const char *partner_id, const char *site_scoped)
{
	if (site_scoped == NULL)
		return;
	buf_adds(sql, " AND a.device_id IN (SELECT d.id FROM devices d"
	    " WHERE d.partner_id = ?");
	p[(*np)++] = DB_TEXT(partner_id);
	store_site_scope_where(sql, p, np, "d.site_id", partner_id,
	    site_scoped);
	buf_adds(sql, ")");
}

/*
 * The alerts of the partner's deleted customers (within scope), raised
 * (col first_seen) or resolved (closed_at) since `since`, per day: few, as
 * deleted customers are, so these are subtracted from the chart's counts
 * instead of checking every alert of the period against them.
 */
static int
deleted_days(struct store *st, const char *partner_id, const char *scoped,
    const char *site_scoped, int64_t since, bool resolved, struct arena *a,
    struct db_rows *r, struct err *e)
{
	const char	*col = resolved ? "a.closed_at" : "a.first_seen";
	struct buf	 sql = BUF_INIT;
	struct db_param	 p[16];
	size_t		 np = 0;
	int		 rc;

	buf_printf(&sql, "SELECT %s / 86400, count(*) FROM alerts a"
	    " WHERE a.customer_id IN (SELECT x.id FROM customers x"
	    " WHERE x.partner_id = ? AND x.deleted_at IS NOT NULL)"
	    " AND a.partner_id = ? AND %s >= ?%s", col, col,
	    resolved ? " AND a.status = 'resolved'" : "");
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_INT(since);
	store_scope_where(&sql, p, &np, "a.customer_id", partner_id, scoped);
	alert_site_where(&sql, p, &np, partner_id, site_scoped);
	buf_adds(&sql, " GROUP BY 1");
	rc = db_query(st->db, a, r, e, sql.data, p, np);
	buf_free(&sql);
	return (rc);
}

static int
site_index(const struct db_rows *r, size_t row, const char *const *ids,
    size_t n)
{
	size_t	j;

	for (j = 0; j < n; j++)
		if (strcmp(db_cell(r, row, 0), ids[j]) == 0)
			return ((int)j);
	return (-1);
}

int
store_site_figures(struct store *st, const char *partner_id,
    const char *const *ids, size_t n, int64_t offline_before,
    int64_t definitions_before, struct arena *a, struct site_figures *out,
    struct err *e)
{
	static const char *const statuses[] = { "protected", "at_risk",
	    "offline" };
	static const char *const severities[] = { "critical", "high",
	    "medium", "low" };
	struct db_param	p[COUNTS_CHUNK + 3];
	struct db_rows	r;
	struct buf	in = BUF_INIT, sql = BUF_INIT;
	size_t		i, j, k, m, np;
	int		rc = ST_OK, x;

	memset(out, 0, n * sizeof(*out));
	for (i = 0; i < n && rc == ST_OK; i += m) {
		m = n - i < COUNTS_CHUNK ? n - i : COUNTS_CHUNK;
		buf_reset(&in);
		for (j = 0; j < m; j++)
			buf_adds(&in, j > 0 ? ", ?" : "?");
		buf_addc(&in, '\0');
		/* Devices by their status now. */
		buf_reset(&sql);
		buf_printf(&sql, "SELECT d.site_id, " DEVICE_STATUS_EXPR
		    ", count(*) FROM devices d WHERE d.partner_id = ?"
		    " AND d.removed_at IS NULL AND d.site_id IN (%s)"
		    " GROUP BY 1, 2", in.data);
		np = 0;
		p[np++] = DB_INT(offline_before);
		p[np++] = DB_INT(definitions_before);
		p[np++] = DB_TEXT(partner_id);
		for (j = 0; j < m; j++)
			p[np++] = DB_TEXT(ids[i + j]);
		if ((rc = db_query(st->db, a, &r, e, sql.data, p, np)) !=
		    ST_OK)
			break;
		for (k = 0; k < r.nrows; k++)
			for (j = 0; j < 3; j++)
				if ((x = site_index(&r, k, ids + i, m)) >= 0 &&
				    strcmp(db_cell(&r, k, 1), statuses[j]) == 0)
					out[i + (size_t)x].devices[j] =
					    db_cell_int(&r, k, 2);
		/* Their devices' open alerts by severity. */
		buf_reset(&sql);
		buf_printf(&sql, "SELECT d.site_id, a.severity, count(*)"
		    " FROM alerts a JOIN devices d ON d.id = a.device_id"
		    " WHERE a.partner_id = ? AND a.status = 'open'"
		    " AND d.site_id IN (%s) GROUP BY 1, 2", in.data);
		np = 0;
		p[np++] = DB_TEXT(partner_id);
		for (j = 0; j < m; j++)
			p[np++] = DB_TEXT(ids[i + j]);
		if ((rc = db_query(st->db, a, &r, e, sql.data, p, np)) !=
		    ST_OK)
			break;
		for (k = 0; k < r.nrows; k++)
			for (j = 0; j < 4; j++)
				if ((x = site_index(&r, k, ids + i, m)) >= 0 &&
				    strcmp(db_cell(&r, k, 1), severities[j]) ==
				    0)
					out[i + (size_t)x].alerts[j] =
					    db_cell_int(&r, k, 2);
	}
	buf_free(&in);
	buf_free(&sql);
	return (rc);
}

/* Take a day's deleted-customer alerts off its count. */
static void
days_subtract(struct alert_day *d, size_t n, const struct db_rows *r,
    bool resolved)
{
	size_t	i, j;

	for (i = 0; i < r->nrows; i++)
		for (j = 0; j < n; j++)
			if (strcmp(d[j].day, db_cell(r, i, 0)) == 0) {
				if (resolved)
					d[j].resolved -= db_cell_int(r, i, 1);
				else
					d[j].raised -= db_cell_int(r, i, 1);
			}
}

int
store_alert_days(struct store *st, const char *partner_id,
    const char *scoped, const char *site_scoped, int64_t since,
    struct arena *a, struct alert_day **out, size_t *n, struct err *e)
{
	struct buf	sql = BUF_INIT;
	struct db_param	p[24];
	struct db_rows	r, gone;
	size_t		np = 0, i;
	int		rc;

	/*
	 * Whole days since the epoch, UTC; named by the caller. The whole
	 * account's days are kept by the alerts' triggers (alert_days,
	 * migration 0037): its rows from since's day. A role limited to
	 * chosen customers or sites counts its own: every day from since's
	 * to that of the newest alert raised or resolved (days without any
	 * included) is two range counts in the (partner, first_seen) and
	 * (partner, status, closed_at) indexes. Deleted customers' alerts are
	 * taken off afterwards either way (deleted_days).
	 */
	if (scoped == NULL && site_scoped == NULL) {
		rc = db_query(st->db, a, &r, e, "SELECT day, raised, resolved"
		    " FROM alert_days WHERE partner_id = ? AND day >= ?"
		    " ORDER BY day", DB_ARGS(DB_TEXT(partner_id),
		    DB_INT(since / 86400)));
		goto read;
	}
	buf_adds(&sql, "WITH RECURSIVE days (d) AS (SELECT CAST(? AS BIGINT)"
	    " UNION ALL SELECT d + 1 FROM days WHERE d < (SELECT max(t) / 86400"
	    " FROM (SELECT max(a.first_seen) AS t FROM alerts a"
	    " WHERE a.partner_id = ? UNION ALL SELECT max(a.closed_at) FROM"
	    " alerts a WHERE a.partner_id = ? AND a.status = 'resolved') m))"
	    " SELECT d, (SELECT count(*) FROM alerts a WHERE a.partner_id = ?"
	    " AND a.first_seen >= d * 86400"
	    " AND a.first_seen < d * 86400 + 86400");
	p[np++] = DB_INT(since / 86400);
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_TEXT(partner_id);
	store_scope_where(&sql, p, &np, "a.customer_id", partner_id, scoped);
	alert_site_where(&sql, p, &np, partner_id, site_scoped);
	buf_adds(&sql, "), (SELECT count(*) FROM alerts a WHERE a.partner_id = ?"
	    " AND a.status = 'resolved' AND a.closed_at >= d * 86400"
	    " AND a.closed_at < d * 86400 + 86400");
	p[np++] = DB_TEXT(partner_id);
	store_scope_where(&sql, p, &np, "a.customer_id", partner_id, scoped);
	alert_site_where(&sql, p, &np, partner_id, site_scoped);
	buf_adds(&sql, ") FROM days ORDER BY d");
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
read:
	if (rc != ST_OK)
		return (rc);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].day = db_cell(&r, i, 0);
		(*out)[i].raised = db_cell_int(&r, i, 1);
		(*out)[i].resolved = db_cell_int(&r, i, 2);
	}
	*n = r.nrows;
	if ((rc = deleted_days(st, partner_id, scoped, site_scoped, since,
	    false, a, &gone, e)) != ST_OK)
		return (rc);
	days_subtract(*out, *n, &gone, false);
	if ((rc = deleted_days(st, partner_id, scoped, site_scoped, since,
	    true, a, &gone, e)) != ST_OK)
		return (rc);
	days_subtract(*out, *n, &gone, true);
	return (ST_OK);
}

/* Rows of (name, count) into out[i] for names[i]. */
static void
tally(const struct db_rows *r, const char *const *names, size_t n,
    long long *out)
{
	size_t	i, j;

	for (i = 0; i < r->nrows; i++)
		for (j = 0; j < n; j++)
			if (strcmp(db_cell(r, i, 0), names[j]) == 0)
				out[j] = db_cell_int(r, i, 1);
}

int
store_device_status_counts(struct store *st, const char *partner_id,
    const char *customer_id, const char *scoped, int64_t offline_before,
    int64_t definitions_before, struct arena *a, long long out[3],
    struct err *e)
{
	static const char *const names[] = { "protected", "at_risk",
	    "offline" };
	struct buf	sql = BUF_INIT;
	struct db_param	p[8];
	struct db_rows	r;
	size_t		np = 0;
	int		rc;

	buf_adds(&sql, "SELECT " DEVICE_STATUS_EXPR ", count(*) FROM devices d"
	    " WHERE d.partner_id = ? AND d.removed_at IS NULL");
	p[np++] = DB_INT(offline_before);
	p[np++] = DB_INT(definitions_before);
	p[np++] = DB_TEXT(partner_id);
	if (customer_id != NULL) {
		buf_adds(&sql, " AND d.customer_id = ?");
		p[np++] = DB_TEXT(customer_id);
	}
	store_scope_where(&sql, p, &np, "d.customer_id", partner_id, scoped);
	buf_adds(&sql, " GROUP BY 1");
	rc = db_query(st->db, a, &r, e, sql.data, p, np);
	buf_free(&sql);
	if (rc != ST_OK)
		return (rc);
	out[0] = out[1] = out[2] = 0;
	tally(&r, names, 3, out);
	return (ST_OK);
}

int
store_site_scoped_counts(struct store *st, const char *partner_id,
    const char *site_scoped, int64_t offline_before,
    int64_t definitions_before, struct arena *a, long long devices[3],
    long long alerts[4], struct err *e)
{
	static const char *const statuses[] = { "protected", "at_risk",
	    "offline" };
	static const char *const severities[] = { "critical", "high",
	    "medium", "low" };
	struct buf	sql = BUF_INIT;
	struct db_param	p[8];
	struct db_rows	r;
	size_t		np = 0;
	int		rc;

	memset(devices, 0, 3 * sizeof(*devices));
	memset(alerts, 0, 4 * sizeof(*alerts));
	buf_adds(&sql, "SELECT " DEVICE_STATUS_EXPR ", count(*) FROM devices d"
	    " WHERE d.partner_id = ? AND d.removed_at IS NULL");
	p[np++] = DB_INT(offline_before);
	p[np++] = DB_INT(definitions_before);
	p[np++] = DB_TEXT(partner_id);
	store_site_scope_where(&sql, p, &np, "d.site_id", partner_id,
	    site_scoped);
	buf_adds(&sql, " GROUP BY 1");
	if ((rc = db_query(st->db, a, &r, e, sql.data, p, np)) == ST_OK)
		tally(&r, statuses, 3, devices);
	if (rc == ST_OK) {
		buf_reset(&sql);
		np = 0;
		buf_adds(&sql, "SELECT a.severity, count(*) FROM alerts a"
		    " JOIN devices d ON d.id = a.device_id"
		    " WHERE a.partner_id = ? AND a.status = 'open'");
		p[np++] = DB_TEXT(partner_id);
		store_site_scope_where(&sql, p, &np, "d.site_id", partner_id,
		    site_scoped);
		buf_adds(&sql, " GROUP BY 1");
		if ((rc = db_query(st->db, a, &r, e, sql.data, p, np)) ==
		    ST_OK)
			tally(&r, severities, 4, alerts);
	}
	buf_free(&sql);
	return (rc);
}
