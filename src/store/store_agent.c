/*
 * store_agent.c - what the agent protocol reads and writes: enrolment,
 * the one-query check-in read, state changes, and last-seen times written
 * in batches. See store_device.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_device.h"
#include "store/store_int.h"

int
store_device_enroll(struct store *st, struct arena *a,
    const struct device_enrolment *en, char **id, bool *is_new,
    struct err *e)
{
	struct db_rows	r;
	char		*nid;
	int		rc;

	*id = NULL;
	*is_new = false;
	rc = db_query(st->db, a, &r, e,
	    "SELECT id FROM devices WHERE customer_id = ? AND hardware_id = ?",
	    DB_ARGS(DB_TEXT(en->customer_id), DB_TEXT(en->hardware_id)));
	if (rc != ST_OK)
		return (rc);
	if (r.nrows == 1) {
		*id = arena_strdup(a, db_cell(&r, 0, 0));
		/* Enrolled again: a new secret; back if it was removed. */
		return (store_change_one(st, e,
		    "UPDATE devices SET secret_hash = ?, hostname = ?,"
		    " sort_key = ?, platform = ?, os = ?, agent_version = ?,"
		    " site_id = ?, last_seen = ?, seen_mark = ?, state_hash = '',"
		    " status = CASE WHEN removed_at IS NULL AND"
		    " status != 'offline' THEN status ELSE 'at_risk' END,"
		    " policy_push = 1,"
		    " commands = CASE WHEN removed_at IS NULL THEN commands"
		    " ELSE '' END,"
		    " enrolled_at = CASE WHEN removed_at IS NULL"
		    " THEN enrolled_at ELSE ? END, removed_at = NULL"
		    " WHERE id = ? AND partner_id = ?",
		    DB_ARGS(DB_TEXT(en->secret_hash), DB_TEXT(en->hostname),
		    DB_TEXT(en->sort_key), DB_TEXT(en->platform),
		    DB_TEXT(en->os), DB_TEXT(en->agent_version),
		    DB_TEXT(en->site_id), DB_INT(en->now), DB_INT(en->now),
		    DB_INT(en->now), DB_TEXT(*id), DB_TEXT(en->partner_id))));
	}
	nid = id_new(a, "dev");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO devices (id, partner_id, customer_id, site_id,"
	    " hardware_id, hostname, sort_key, platform, os, agent_version,"
	    " secret_hash, enrolled_at, last_seen, seen_mark)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(en->partner_id),
	    DB_TEXT(en->customer_id), DB_TEXT(en->site_id),
	    DB_TEXT(en->hardware_id), DB_TEXT(en->hostname),
	    DB_TEXT(en->sort_key), DB_TEXT(en->platform), DB_TEXT(en->os),
	    DB_TEXT(en->agent_version), DB_TEXT(en->secret_hash),
	    DB_INT(en->now), DB_INT(en->now), DB_INT(en->now)));
	if (rc == ST_OK) {
		*id = nid;
		*is_new = true;
	}
	return (rc);
}

int
store_device_checkin_row(struct store *st, struct arena *a,
    const char *secret_hash, struct checkin_row *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	memset(out, 0, sizeof(*out));
	rc = store_one(st, a, &r, e,
	    "SELECT d.id, d.partner_id, d.customer_id, d.site_id, d.hostname,"
	    " d.platform, CASE WHEN d.removed_at IS NULL THEN 0 ELSE 1 END,"
	    " d.state_hash, d.commands,"
	    " d.policy_push, COALESCE(d.booted_at, 0), d.last_seen,"
	    " p.id, COALESCE(p.revision, 0), COALESCE(p.template_version, 0),"
	    " COALESCE(o.revision, 0), COALESCE(s.revision, 0),"
	    " d.override_revision, d.status, d.protection,"
	    " COALESCE(d.definitions_at, 0), d.open_threats"
	    " FROM devices d"
	    " LEFT JOIN customer_defaults cd ON cd.customer_id = d.customer_id"
	    " AND cd.platform = d.platform"
	    " LEFT JOIN policies p ON p.id = COALESCE(d.policy_id, cd.policy_id)"
	    " LEFT JOIN policy_overrides o ON o.customer_id = d.customer_id"
	    " AND o.policy_id = p.id"
	    " LEFT JOIN sites s ON s.id = d.site_id"
	    " WHERE d.secret_hash = ?",
	    DB_ARGS(DB_TEXT(secret_hash)));
	if (rc != ST_OK)
		return (rc);
	out->device_id = db_cell(&r, 0, 0);
	out->partner_id = db_cell(&r, 0, 1);
	out->customer_id = db_cell(&r, 0, 2);
	out->site_id = db_cell(&r, 0, 3);
	out->hostname = db_cell(&r, 0, 4);
	out->platform = db_cell(&r, 0, 5);
	out->removed = db_cell_int(&r, 0, 6) != 0;
	out->state_hash = db_cell(&r, 0, 7);
	out->commands = db_cell(&r, 0, 8);
	out->policy_push = db_cell_int(&r, 0, 9) != 0;
	out->booted_at = db_cell_int(&r, 0, 10);
	out->last_seen = db_cell_int(&r, 0, 11);
	out->policy_id = db_cell(&r, 0, 12);
	out->policy_revision = db_cell_int(&r, 0, 13);
	out->template_version = db_cell_int(&r, 0, 14);
	out->customer_revision = db_cell_int(&r, 0, 15);
	out->site_revision = db_cell_int(&r, 0, 16);
	out->device_revision = db_cell_int(&r, 0, 17);
	out->status = db_cell(&r, 0, 18);
	out->protection = db_cell(&r, 0, 19);
	out->definitions_at = db_cell_int(&r, 0, 20);
	out->open_threats = db_cell_int(&r, 0, 21);
	return (ST_OK);
}

/* The threats still open, and the status they and the state make. */
#define OPEN_THREATS \
	"(SELECT COUNT(*) FROM device_threats t" \
	" WHERE t.device_id = devices.id AND t.resolved = 0)"
#define STATE_STATUS \
	" open_threats = " OPEN_THREATS "," \
	" status = CASE WHEN ? = 1 OR " OPEN_THREATS " > 0" \
	" THEN 'at_risk' ELSE 'protected' END"

int
store_device_state_save(struct store *st, const char *partner_id,
    const char *customer_id, const char *device_id,
    struct device_state *s, struct arena *a, struct err *e)
{
	struct db_param	 p[16];
	struct db_rows	 r;
	size_t		 i, np = 0;
	int		 rc;

	for (i = 0; i < s->nthreats; i++) {
		const struct device_threat *t = &s->threats[i];

		rc = db_query(st->db, a, &r, e,
		    "INSERT INTO device_threats (id, partner_id, customer_id,"
		    " device_id, name, path, action, detected_at, reported_at,"
		    " resolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		    " ON CONFLICT (device_id, name, path, detected_at)"
		    " DO NOTHING RETURNING id",
		    DB_ARGS(DB_TEXT(id_new_ordered(a, "thr")),
		    DB_TEXT(partner_id), DB_TEXT(customer_id),
		    DB_TEXT(device_id), DB_TEXT(t->name), DB_TEXT(t->path),
		    DB_TEXT(t->action), DB_INT(t->detected_at),
		    DB_INT(s->now), DB_INT(t->resolved ? 1 : 0)));
		if (rc != ST_OK)
			return (rc);
		if (s->fresh != NULL)
			s->fresh[i] = r.nrows > 0;
	}
	p[np++] = DB_TEXT(s->protection);
	p[np++] = s->definitions_at > 0 ? DB_INT(s->definitions_at) : DB_NULLP;
	p[np++] = DB_TEXT(s->state_hash);
	p[np++] = DB_INT(s->now);
	p[np++] = DB_INT(s->now);
	p[np++] = DB_INT(s->risky ? 1 : 0);
	if (s->hostname != NULL) {
		p[np++] = DB_TEXT(s->hostname);
		p[np++] = DB_TEXT(s->sort_key);
		p[np++] = DB_TEXT(s->os);
		p[np++] = DB_TEXT(s->kernel);
		p[np++] = DB_TEXT(s->agent_version);
		p[np++] = DB_TEXT(s->ip_addresses);
		p[np++] = s->booted_at > 0 ? DB_INT(s->booted_at) : DB_NULLP;
	}
	p[np++] = DB_TEXT(partner_id);
	p[np++] = DB_TEXT(device_id);
	rc = db_query(st->db, a, &r, e, s->hostname == NULL ?
	    "UPDATE devices SET protection = ?, definitions_at = ?,"
	    " state_hash = ?, last_seen = ?, seen_mark = ?," STATE_STATUS
	    " WHERE partner_id = ? AND id = ? RETURNING status, open_threats" :
	    "UPDATE devices SET protection = ?, definitions_at = ?,"
	    " state_hash = ?, last_seen = ?, seen_mark = ?," STATE_STATUS ", hostname = ?,"
	    " sort_key = ?, os = ?, kernel = ?, agent_version = ?,"
	    " ip_addresses = ?, booted_at = ?"
	    " WHERE partner_id = ? AND id = ? RETURNING status, open_threats",
	    p, np);
	if (rc != ST_OK)
		return (rc);
	if (r.nrows != 1)
		return (err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND));
	s->status = arena_strdup(a, db_cell(&r, 0, 0));
	s->open_threats = db_cell_int(&r, 0, 1);
	return (ST_OK);
}

int
store_device_commands_taken(struct store *st, const char *device_id,
    struct err *e)
{
	return (store_change_one(st, e,
	    "UPDATE devices SET commands = '', policy_push = 0 WHERE id = ?",
	    DB_ARGS(DB_TEXT(device_id))));
}

/*
 * Last-seen times go out as one UPDATE per time and up to SEEN_IDS_MAX
 * devices (a round trip each on PostgreSQL, rather than one per device).
 * A shorter list is padded by repeating its last id, so there are only
 * four statement texts to prepare. The first statement writes only
 * last_seen, which no index holds: one page per device on SQLite, a HOT
 * update on PostgreSQL. The second moves seen_mark (indexed) on the few
 * rows whose last_seen has gone SEEN_MARK_SPAN past it. In one statement,
 * SQLite would rewrite both indexes' entries of every row, changed or not
 * (three times the pages).
 */
#define SEEN_IDS_MAX	256
#define SEEN_IDS_FEW	16

static const char *
seen_sql(size_t n, bool mark)
{
	static const char prefix[] = "UPDATE devices SET last_seen = ?"
	    " WHERE last_seen < ? AND id IN (?";
	static const char prefix_mark[] = "UPDATE devices SET seen_mark ="
	    " last_seen WHERE seen_mark <= last_seen - " SEEN_MARK_SPAN_SQL
	    " AND id IN (?";
	static char	 few[2][sizeof(prefix_mark) + SEEN_IDS_FEW * 2];
	static char	 many[2][sizeof(prefix_mark) + SEEN_IDS_MAX * 2];
	char		*out = n == SEEN_IDS_FEW ? few[mark] : many[mark];
	const char	*head = mark ? prefix_mark : prefix;
	size_t		 i, o = strlen(head);

	if (*out != '\0')
		return (out);
	memcpy(out, head, o);
	for (i = 1; i < n; i++, o += 2)
		memcpy(out + o, ",?", 2);
	memcpy(out + o, ")", 2);
	return (out);
}

int
store_devices_seen(struct store *st, const char *const *ids,
    const int64_t *at, size_t n, struct err *e)
{
	struct db_param	p[2 + SEEN_IDS_MAX];
	struct arena	a;
	size_t		i = 0, k, run, size;
	int		rc = ST_OK;

	arena_init(&a, 1024);
	while (i < n && rc == ST_OK) {
		/* The run of ids noted at the same time (they come in order). */
		for (run = 0; i + run < n && run < SEEN_IDS_MAX &&
		    at[i + run] == at[i]; run++)
			p[2 + run] = DB_TEXT(ids[i + run]);
		size = run <= SEEN_IDS_FEW ? SEEN_IDS_FEW : SEEN_IDS_MAX;
		for (k = run; k < size; k++)
			p[2 + k] = p[2 + run - 1];
		p[0] = DB_INT(at[i]);
		p[1] = DB_INT(at[i]);
		rc = db_query(st->db, &a, NULL, e, seen_sql(size, false), p,
		    2 + size);
		if (rc == ST_OK)
			rc = db_query(st->db, &a, NULL, e, seen_sql(size, true),
			    p + 2, size);
		i += run;
	}
	arena_free(&a);
	return (rc);
}
