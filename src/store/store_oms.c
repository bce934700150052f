/*
 * store_oms.c - OMS customer records.
 */
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"

#define OMS_COLS \
	"id, partner_id, type, email, email_norm, first_name, last_name, " \
	"company, industry, website, phone, street, postal_code, city, " \
	"country, customer_id, created_at, updated_at"

static void
oms_from_row(const struct db_rows *r, size_t i, struct oms_record *o)
{
	o->id = db_cell(r, i, 0);
	o->partner_id = db_cell(r, i, 1);
	o->type = db_cell(r, i, 2);
	o->email = db_cell(r, i, 3);
	o->email_norm = db_cell(r, i, 4);
	o->first_name = db_cell(r, i, 5);
	o->last_name = db_cell(r, i, 6);
	o->company = db_cell(r, i, 7);
	o->industry = db_cell(r, i, 8);
	o->website = db_cell(r, i, 9);
	o->phone = db_cell(r, i, 10);
	o->street = db_cell(r, i, 11);
	o->postal_code = db_cell(r, i, 12);
	o->city = db_cell(r, i, 13);
	o->country = db_cell(r, i, 14);
	o->customer_id = db_cell(r, i, 15);
	o->created_at = db_cell_int(r, i, 16);
	o->updated_at = db_cell_int(r, i, 17);
}

#define S(x)	DB_TEXT((x) != NULL ? (x) : "")

int
store_oms_create(struct store *st, const char *partner_id, struct arena *a,
    const struct oms_record *o, int64_t now, char **id, struct err *e)
{
	char	*nid;
	int	 rc;

	nid = id_new(a, "oms");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO oms_records (id, partner_id, type, email, email_norm,"
	    " first_name, last_name, company, industry, website, phone,"
	    " street, postal_code, city, country, customer_id, created_at,"
	    " updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(partner_id), DB_TEXT(o->type),
	    DB_TEXT(o->email), DB_TEXT(o->email_norm), S(o->first_name),
	    S(o->last_name), S(o->company), S(o->industry), S(o->website),
	    S(o->phone), S(o->street), S(o->postal_code), S(o->city),
	    S(o->country), DB_TEXT(o->customer_id), DB_INT(now),
	    DB_INT(now)));
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

int
store_oms_get(struct store *st, const char *partner_id, struct arena *a,
    const char *id, struct oms_record *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT " OMS_COLS " FROM oms_records"
	    " WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK)
		oms_from_row(&r, 0, out);
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
