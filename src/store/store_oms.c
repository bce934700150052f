/*
 * store_oms.c - OMS customer records: adding, changing and reading them,
 * and keeping their search indexes (the search is store_oms_search.c).
 */
#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/text.h"
#include "store/grams.h"
#include "store/store_int.h"
#include "store/store_oms.h"

void
store_oms_row(const struct db_rows *r, size_t i, struct oms_record *o)
{
	o->id = db_cell(r, i, 0);
	o->partner_id = db_cell(r, i, 1);
	o->type = db_cell(r, i, 2);
	o->email = db_cell(r, i, 3);
	o->email_norm = db_cell(r, i, 4);
	o->first_name = db_cell(r, i, 5);
	o->last_name = db_cell(r, i, 6);
	o->d.company = db_cell(r, i, 7);
	o->d.industry = db_cell(r, i, 8);
	o->d.website = db_cell(r, i, 9);
	o->d.phone = db_cell(r, i, 10);
	o->d.street = db_cell(r, i, 11);
	o->d.postal_code = db_cell(r, i, 12);
	o->d.city = db_cell(r, i, 13);
	o->d.country = db_cell(r, i, 14);
	o->customer_id = db_cell(r, i, 15);
	o->created_at = db_cell_int(r, i, 16);
	o->updated_at = db_cell_int(r, i, 17);
	o->eligible = db_cell_int(r, i, 18) != 0;
	o->customer_purge_at = db_cell_int(r, i, 19);
}

static bool
filled(const char *s)
{
	return (s != NULL && *s != '\0');
}

bool
oms_record_eligible(const struct oms_record *r)
{
	return (r->type != NULL && strcmp(r->type, "business") == 0 &&
	    filled(r->d.company) && filled(r->d.industry) && filled(r->d.website) &&
	    filled(r->d.phone) && filled(r->d.street) && filled(r->d.postal_code) &&
	    filled(r->d.city) && filled(r->d.country) &&
	    (filled(r->first_name) || filled(r->last_name)));
}

/*
 * Seqs above the index mark (an upper bound on the records waiting for
 * SQLite's search indexes: a record changed again while waiting, or
 * purged, leaves a gap) past which a writer indexes them itself: only
 * when no background process keeps up (store_oms_index_step() takes
 * OMS_INDEX_BATCH at a time).
 */
#define OMS_WAITING_MAX		(2 * OMS_INDEX_BATCH)

/*
 * SQLite: the record `id`, new or just changed, waits for the search
 * indexes (migration 0041). A changed record leaves them and takes the
 * next seq, so that searches tell it from the records their blocks hold
 * (store_oms_search.c) and the background process indexes it again.
 * With more than OMS_WAITING_MAX seqs above the mark, the records
 * waiting are indexed before the outermost commit, or now in steps of
 * their own outside a transaction.
 */
static int
sqlite_wait(struct store *st, struct arena *a, const char *id, bool update,
    struct err *e)
{
	long long	waiting;
	bool		left;
	int		rc = ST_OK;

	if (update)
		rc = db_query(st->db, a, NULL, e,
		    "DELETE FROM oms_search WHERE rowid = (SELECT seq"
		    " FROM oms_records WHERE id = ? AND seq <= "
		    OMS_INDEX_MARK ")",
		    DB_ARGS(DB_TEXT(id)));
	if (rc == ST_OK && update)
		rc = db_query(st->db, a, NULL, e,
		    "DELETE FROM oms_grams WHERE rowid = (SELECT seq"
		    " FROM oms_records WHERE id = ? AND seq <= "
		    OMS_INDEX_MARK ")",
		    DB_ARGS(DB_TEXT(id)));
	if (rc == ST_OK && update)
		rc = db_query(st->db, a, NULL, e,
		    "UPDATE oms_records SET seq ="
		    " " OMS_SEQ_TOP " + 1 WHERE id = ?",
		    DB_ARGS(DB_TEXT(id)));
	if (rc != ST_OK || st->oms_index_at_commit)
		return (rc);
	rc = store_count(st, e, &waiting, "SELECT (SELECT MAX(seq)"
	    " FROM oms_records) - " OMS_INDEX_MARK,
	    DB_NOARGS);
	if (rc != ST_OK || waiting <= OMS_WAITING_MAX)
		return (rc);
	if (db_in_tx(st->db)) {
		st->oms_index_at_commit = true;
		return (ST_OK);
	}
	for (left = true; rc == ST_OK && left; )
		rc = store_oms_index_step(st, &left, e);
	return (rc);
}

static const char *
fold_or_empty(struct arena *a, const char *s)
{
	char	*f;

	f = text_fold(a, s != NULL ? s : "");
	return (f != NULL ? f : "");
}

/* "company\nemail\nfirst\nlast", each case-folded: what search matches. */
char *
oms_search_text(struct arena *a, const struct oms_record *o)
{
	return (arena_printf(a, "%s\n%s\n%s\n%s", fold_or_empty(a, o->d.company),
	    fold_or_empty(a, o->email), fold_or_empty(a, o->first_name),
	    fold_or_empty(a, o->last_name)));
}

#define S(x)	DB_TEXT((x) != NULL ? (x) : "")

int
store_oms_create(struct store *st, const char *partner_id, struct arena *a,
    const struct oms_record *o, int64_t now, char **id, struct err *e)
{
	char	*nid, *search;
	bool	 lite = db_kind(st->db) == DB_SQLITE;
	int	 rc;

	nid = id_new(a, "oms");
	search = oms_search_text(a, o);
	/* SQLite numbers the record for its search indexes; PostgreSQL
	 * keeps the record's grams in a column. */
#define OMS_INSERT \
	"INSERT INTO oms_records (id, partner_id, type, email, email_norm," \
	" first_name, last_name, company, industry, website, phone, street," \
	" postal_code, city, country, search_text, eligible, created_at," \
	" updated_at, "
#define OMS_VALUES \
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
#define OMS_ARGS \
	DB_TEXT(nid), DB_TEXT(partner_id), DB_TEXT(o->type), \
	DB_TEXT(o->email), DB_TEXT(o->email_norm), S(o->first_name), \
	S(o->last_name), S(o->d.company), S(o->d.industry), S(o->d.website), \
	S(o->d.phone), S(o->d.street), S(o->d.postal_code), S(o->d.city), \
	S(o->d.country), DB_TEXT(search), DB_INT(oms_record_eligible(o)), \
	DB_INT(now), DB_INT(now)
	if (lite)
		rc = db_query(st->db, a, NULL, e, OMS_INSERT "seq)" OMS_VALUES
		    OMS_SEQ_TOP " + 1)",
		    DB_ARGS(OMS_ARGS));
	else
		rc = db_query(st->db, a, NULL, e, OMS_INSERT "grams)"
		    OMS_VALUES "CAST(? AS text[]))",
		    DB_ARGS(OMS_ARGS, DB_TEXT(grams_pg_array(a, search))));
#undef OMS_INSERT
#undef OMS_VALUES
#undef OMS_ARGS
	if (rc == ST_OK && lite)
		rc = sqlite_wait(st, a, nid, false, e);
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

int
store_bulk_begin(struct store *st, struct err *e)
{
	assert(!st->oms_index_at_commit);
	assert(db_in_tx(st->db));
	if (db_kind(st->db) == DB_PG) {
		db_send_ahead(st->db);
		return (db_exec_script(st->db, e,
		    "SET LOCAL plan_cache_mode = force_custom_plan"));
	}
	st->oms_index_at_commit = true;
	return (ST_OK);
}

int
store_oms_index_pending(struct store *st, struct err *e)
{
	if (!st->oms_index_at_commit)
		return (ST_OK);
	st->oms_index_at_commit = false;
	return (store_oms_index_catch_up(st, 0, NULL, e));
}

int
store_oms_get(struct store *st, const char *partner_id, struct arena *a,
    const char *id, struct oms_record *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT " OMS_COLS OMS_FROM " WHERE r.partner_id = ? AND r.id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK)
		store_oms_row(&r, 0, out);
	return (rc);
}

int
store_oms_update(struct store *st, const char *partner_id, const char *id,
    const struct oms_record *o, int64_t now, struct err *e)
{
	struct arena		 a;
	struct db_rows		 r;
	struct oms_record	 cur;
	char			*search;
	bool			 lite = db_kind(st->db) == DB_SQLITE;
	int			 rc;

	arena_init(&a, 0);
	if ((rc = store_oms_get(st, partner_id, &a, id, &cur, e)) != ST_OK)
		goto out;
	cur.first_name = o->first_name;
	cur.last_name = o->last_name;
	cur.d = o->d;
	search = oms_search_text(&a, &cur);
	rc = db_query(st->db, &a, &r, e,
	    "UPDATE oms_records SET first_name = ?, last_name = ?, company = ?,"
	    " industry = ?, website = ?, phone = ?, street = ?,"
	    " postal_code = ?, city = ?, country = ?, search_text = ?,"
	    " eligible = ?, updated_at = ? WHERE partner_id = ? AND id = ?",
	    DB_ARGS(S(o->first_name), S(o->last_name), S(o->d.company),
	    S(o->d.industry), S(o->d.website), S(o->d.phone), S(o->d.street),
	    S(o->d.postal_code), S(o->d.city), S(o->d.country), DB_TEXT(search),
	    DB_INT(oms_record_eligible(&cur)), DB_INT(now),
	    DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK && r.changes == 0)
		rc = err_set(e, ST_NOT_FOUND, "not_found", M_NOT_FOUND);
	if (rc == ST_OK && lite)
		rc = sqlite_wait(st, &a, id, true, e);
	else if (rc == ST_OK)
		rc = db_query(st->db, &a, NULL, e,
		    "UPDATE oms_records SET grams = CAST(? AS text[]),"
		    " changed_xid = pg_current_xact_id()::text::bigint"
		    " WHERE id = ?",
		    DB_ARGS(DB_TEXT(grams_pg_array(&a, search)), DB_TEXT(id)));
out:
	arena_free(&a);
	return (rc);
}

int
store_oms_count(struct store *st, const char *partner_id, long long *n,
    struct err *e)
{
	struct arena	a;
	struct db_rows	r;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, &r, e,
	    "SELECT COUNT(*) FROM oms_records WHERE partner_id = ?",
	    DB_ARGS(DB_TEXT(partner_id)));
	if (rc == ST_OK)
		*n = db_cell_int(&r, 0, 0);
	arena_free(&a);
	return (rc);
}

int
store_oms_by_email_any(struct store *st, struct arena *a,
    const char *email_norm, struct oms_record *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT " OMS_COLS OMS_FROM " WHERE r.email_norm = ?",
	    DB_ARGS(DB_TEXT(email_norm)));
	if (rc == ST_OK)
		store_oms_row(&r, 0, out);
	return (rc);
}
