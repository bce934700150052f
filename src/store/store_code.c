/*
 * store_code.c - OMS orders and their activation codes (stored only as
 * hashes). See store.h.
 */
#include "core/arena.h"
#include "core/err.h"
#include "core/rand.h"
#include "store/store_int.h"
#include "store/store_subscription.h"

int
store_order_create(struct store *st, const char *partner_id,
    struct arena *a, const struct oms_order *o, const char *const *hashes,
    const char *const *hints, char **id, struct err *e)
{
	char		*oid;
	long long	 i;
	int		 rc;

	oid = id_new(a, "ord");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO oms_orders (id, partner_id, service_key, seats, months,"
	    " code_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(oid), DB_TEXT(partner_id), DB_TEXT(o->service_key),
	    DB_INT(o->seats), DB_INT(o->months), DB_INT(o->count),
	    DB_INT(o->created_at)));
	for (i = 0; rc == ST_OK && i < o->count; i++)
		rc = db_query(st->db, a, NULL, e,
		    "INSERT INTO activation_codes (id, code_hash, hint, order_id,"
		    " partner_id, service_key, seats, months, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    DB_ARGS(DB_TEXT(id_new(a, "acd")), DB_TEXT(hashes[i]),
		    DB_TEXT(hints[i]), DB_TEXT(oid), DB_TEXT(partner_id),
		    DB_TEXT(o->service_key), DB_INT(o->seats),
		    DB_INT(o->months), DB_INT(o->created_at)));
	if (rc == ST_OK)
		*id = oid;
	return (rc);
}

int
store_code_by_hash(struct store *st, struct arena *a, const char *hash,
    struct activation_code *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT id, order_id, partner_id, service_key, seats, months, hint,"
	    " created_at, COALESCE(redeemed_at, 0), customer_id"
	    " FROM activation_codes WHERE code_hash = ?",
	    DB_ARGS(DB_TEXT(hash)));
	if (rc != ST_OK)
		return (rc);
	out->id = db_cell(&r, 0, 0);
	out->order_id = db_cell(&r, 0, 1);
	out->partner_id = db_cell(&r, 0, 2);
	out->service_key = db_cell(&r, 0, 3);
	out->seats = db_cell_int(&r, 0, 4);
	out->months = db_cell_int(&r, 0, 5);
	out->hint = db_cell(&r, 0, 6);
	out->created_at = db_cell_int(&r, 0, 7);
	out->redeemed_at = db_cell_int(&r, 0, 8);
	out->customer_id = db_cell(&r, 0, 9);
	return (ST_OK);
}

int
store_code_redeem(struct store *st, const char *partner_id,
    const char *code_id, const char *customer_id, const char *login_id,
    int64_t now, struct err *e)
{
	return (store_change_or(st, e, ST_CONFLICT, "code_used", M_CODE_USED,
	    "UPDATE activation_codes SET redeemed_at = ?, customer_id = ?,"
	    " redeemed_by = ? WHERE id = ? AND partner_id = ? AND"
	    " redeemed_at IS NULL",
	    DB_ARGS(DB_INT(now), DB_TEXT(customer_id), DB_TEXT(login_id),
	    DB_TEXT(code_id), DB_TEXT(partner_id))));
}
