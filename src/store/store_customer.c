/*
 * store_customer.c - customers of a partner.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/text.h"
#include "store/store_int.h"

#define CUSTOMER_COLS \
	"id, partner_id, oms_record_id, company, email, contact_person, " \
	"phone, industry, website, street, postal_code, city, country, " \
	"management, created_by, created_at, updated_at, sort_key"

static void
customer_from_row(const struct db_rows *r, size_t i, struct customer *c)
{
	c->id = db_cell(r, i, 0);
	c->partner_id = db_cell(r, i, 1);
	c->oms_record_id = db_cell(r, i, 2);
	c->d.company = db_cell(r, i, 3);
	c->email = db_cell(r, i, 4);
	c->contact_person = db_cell(r, i, 5);
	c->d.phone = db_cell(r, i, 6);
	c->d.industry = db_cell(r, i, 7);
	c->d.website = db_cell(r, i, 8);
	c->d.street = db_cell(r, i, 9);
	c->d.postal_code = db_cell(r, i, 10);
	c->d.city = db_cell(r, i, 11);
	c->d.country = db_cell(r, i, 12);
	c->management = db_cell(r, i, 13);
	c->created_by = db_cell(r, i, 14);
	c->created_at = db_cell_int(r, i, 15);
	c->updated_at = db_cell_int(r, i, 16);
	c->sort_key = db_cell(r, i, 17);
}

static char *
fold(struct arena *a, const char *s)
{
	char	*f = text_fold(a, s != NULL ? s : "");

	return (f != NULL ? f : arena_strdup(a, ""));
}

static char *
customer_search_text(struct arena *a, const struct customer *c)
{
	return (arena_printf(a, "%s\n%s\n%s", fold(a, c->d.company),
	    fold(a, c->email), fold(a, c->contact_person)));
}

int
store_customer_create(struct store *st, const char *partner_id,
    struct arena *a, const struct customer *c, int64_t now, char **id,
    struct err *e)
{
	char	*nid;
	int	 rc;

	nid = id_new(a, "cus");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO customers (id, partner_id, oms_record_id, company,"
	    " email, contact_person, phone, industry, website, street,"
	    " postal_code, city, country, management, sort_key, search_text,"
	    " created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(partner_id),
	    DB_TEXT(c->oms_record_id), DB_TEXT(c->d.company), DB_TEXT(c->email),
	    DB_TEXT(c->contact_person), DB_TEXT(c->d.phone),
	    DB_TEXT(c->d.industry), DB_TEXT(c->d.website), DB_TEXT(c->d.street),
	    DB_TEXT(c->d.postal_code), DB_TEXT(c->d.city), DB_TEXT(c->d.country),
	    DB_TEXT(c->management), DB_TEXT(fold(a, c->d.company)),
	    DB_TEXT(customer_search_text(a, c)), DB_TEXT(c->created_by),
	    DB_INT(now), DB_INT(now)));
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

int
store_customer_get(struct store *st, const char *partner_id, struct arena *a,
    const char *id, struct customer *out, struct err *e)
{
	struct db_rows	r;
	int		rc;

	rc = store_one(st, a, &r, e,
	    "SELECT " CUSTOMER_COLS " FROM customers"
	    " WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(partner_id), DB_TEXT(id)));
	if (rc == ST_OK)
		customer_from_row(&r, 0, out);
	return (rc);
}

int
store_customer_update(struct store *st, const char *partner_id,
    const char *id, const struct customer *c, int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 1024);
	rc = store_change_one(st, e,
	    "UPDATE customers SET company = ?, contact_person = ?, phone = ?,"
	    " industry = ?, website = ?, street = ?, postal_code = ?,"
	    " city = ?, country = ?, sort_key = ?, search_text = ?,"
	    " updated_at = ? WHERE partner_id = ? AND id = ?",
	    DB_ARGS(DB_TEXT(c->d.company), DB_TEXT(c->contact_person),
	    DB_TEXT(c->d.phone), DB_TEXT(c->d.industry), DB_TEXT(c->d.website),
	    DB_TEXT(c->d.street), DB_TEXT(c->d.postal_code), DB_TEXT(c->d.city),
	    DB_TEXT(c->d.country), DB_TEXT(fold(&a, c->d.company)),
	    DB_TEXT(customer_search_text(&a, c)), DB_INT(now),
	    DB_TEXT(partner_id), DB_TEXT(id)));
	arena_free(&a);
	return (rc);
}

int
store_customer_list(struct store *st, const char *partner_id,
    const char *scoped_login, struct arena *a, const char *q,
    struct page *pg, struct customer **out, size_t *n, long long *total,
    struct err *e)
{
	struct db_param	 p[8];
	struct db_rows	 r, c;
	struct buf	 where = BUF_INIT;
	const char	*pattern = NULL;
	char		*w, *sql;
	size_t		 np = 0, i;
	int		 rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	/* Only fixed fragments go into the SQL; values are parameters. */
	buf_adds(&where, " WHERE partner_id = ?");
	p[np++] = DB_TEXT(partner_id);
	store_scope_where(&where, p, &np, "id", partner_id, scoped_login);
	if (q != NULL && *q != '\0') {
		pattern = like_pattern(a, q);
		buf_adds(&where, " AND search_text LIKE ? ESCAPE '\\'");
		p[np++] = DB_TEXT(pattern);
	}
	w = buf_to_arena(&where, a);
	sql = arena_printf(a, "SELECT COUNT(*) FROM customers%s", w);
	if ((rc = db_query(st->db, a, &c, e, sql, p, np)) != ST_OK)
		return (rc);
	*total = db_cell_int(&c, 0, 0);
	buf_printf(&where, "SELECT " CUSTOMER_COLS " FROM customers%s", w);
	if ((rc = store_page_after(&where, p, &np, pg, "sort_key, id", "tt",
	    e)) != ST_OK) {
		buf_free(&where);
		return (rc);
	}
	buf_adds(&where, " ORDER BY sort_key, id LIMIT ?");
	p[np++] = PAGE_LIMIT(pg);
	rc = db_query(st->db, a, &r, e, where.data, p, np);
	buf_free(&where);
	if (rc != ST_OK)
		return (rc);
	store_page_end(pg, &r, PAGE_COLS(17, 0));
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		customer_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}
