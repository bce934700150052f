/*
 * store_customer.c - customers of a partner.
 */
#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/phone.h"
#include "core/rand.h"
#include "core/text.h"
#include "store/store_int.h"

#define CUSTOMER_COLS \
	"id, partner_id, oms_record_id, company, email, contact_person, " \
	"phone, industry, website, street, postal_code, city, country, " \
	"management, created_by, created_at, updated_at, sort_key, " \
	"COALESCE((SELECT ds.protected + ds.at_risk + ds.offline" \
	" FROM device_stats ds WHERE ds.customer_id = customers.id), 0)"

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
	c->device_count = db_cell_int(r, i, 18);
}

static char *
fold(struct arena *a, const char *s)
{
	char	*f = text_fold(a, s != NULL ? s : "");

	return (f != NULL ? f : arena_strdup(a, ""));
}

/*
 * What a search looks in: company, e-mail and contact (case-folded), and
 * the phone number's digits as dialled from abroad and at home
 * ("49891234567", "0891234567"), for searches typed as a number.
 */
char *
customer_search_text(struct arena *a, const struct customer *c)
{
	char	digits[64];

	phone_search_digits(c->d.phone, digits, sizeof(digits));
	return (arena_printf(a, "%s\n%s\n%s\n%s", fold(a, c->d.company),
	    fold(a, c->email), fold(a, c->contact_person), digits));
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

/* A company console's record has its name and nothing else to find. */
static char *
self_search_text(struct arena *a, const char *name)
{
	struct customer	c;

	memset(&c, 0, sizeof(c));
	c.d.company = name;
	c.email = c.contact_person = c.d.phone = "";
	return (customer_search_text(a, &c));
}

int
store_company_self(struct store *st, const char *account_id, struct arena *a,
    const char **id, struct err *e)
{
	struct db_rows	r;
	int		rc;

	*id = NULL;
	rc = store_one(st, a, &r, e, "SELECT id FROM customers"
	    " WHERE partner_id = ? AND kind = 'company'",
	    DB_ARGS(DB_TEXT(account_id)));
	if (rc == ST_OK)
		*id = db_cell(&r, 0, 0);
	return (rc);
}

int
store_company_self_create(struct store *st, const char *account_id,
    const char *name, const char *country, int64_t now, struct arena *a,
    char **id, struct err *e)
{
	char	*nid;
	int	 rc;

	nid = id_new(a, "cus");
	rc = db_query(st->db, a, NULL, e,
	    "INSERT INTO customers (id, partner_id, kind, oms_record_id,"
	    " company, email, contact_person, phone, industry, website,"
	    " street, postal_code, city, country, management, sort_key,"
	    " search_text, created_at, updated_at)"
	    " VALUES (?, ?, 'company', NULL, ?, '', '', '', '', '', '', '', '',"
	    " ?, 'local', ?, ?, ?, ?)",
	    DB_ARGS(DB_TEXT(nid), DB_TEXT(account_id), DB_TEXT(name),
	    DB_TEXT(country), DB_TEXT(fold(a, name)),
	    DB_TEXT(self_search_text(a, name)), DB_INT(now), DB_INT(now)));
	if (rc == ST_OK)
		*id = nid;
	return (rc);
}

int
store_company_self_rename(struct store *st, const char *account_id,
    const char *name, int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 512);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE customers SET company = ?, sort_key = ?, search_text = ?,"
	    " updated_at = ? WHERE partner_id = ? AND kind = 'company'",
	    DB_ARGS(DB_TEXT(name), DB_TEXT(fold(&a, name)),
	    DB_TEXT(self_search_text(&a, name)), DB_INT(now),
	    DB_TEXT(account_id)));
	arena_free(&a);
	return (rc);
}

int
store_company_self_deleted(struct store *st, const char *account_id,
    const char *by, int64_t now, struct err *e)
{
	struct arena	a;
	int		rc;

	arena_init(&a, 256);
	rc = db_query(st->db, &a, NULL, e,
	    "UPDATE customers SET deleted_at = ?, deleted_by = ?,"
	    " updated_at = ? WHERE partner_id = ? AND kind = 'company'",
	    DB_ARGS(by != NULL ? DB_INT(now) : DB_NULLP, DB_TEXT(by),
	    DB_INT(now), DB_TEXT(account_id)));
	arena_free(&a);
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
	    " WHERE partner_id = ? AND id = ? AND deleted_at IS NULL",
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

/* Each order's keys (as store_page_query() takes them) and their columns
 * in CUSTOMER_COLS. */
static const struct {
	const char	*cols, *types;
	size_t		 ncols, col[3];
} customer_orders[] = {
	[CUSTOMER_BY_NAME] = { "sort_key, id", "tt", 2, { 17, 0 } },
	[CUSTOMER_BY_NAME_DESC] = { "sort_key, id", "TT", 2, { 17, 0 } },
	[CUSTOMER_BY_COUNTRY] = { "country, sort_key, id", "ttt", 3,
	    { 12, 17, 0 } },
	[CUSTOMER_BY_COUNTRY_DESC] = { "country, sort_key, id", "TTT", 3,
	    { 12, 17, 0 } },
	[CUSTOMER_BY_CREATED] = { "created_at, id", "it", 2, { 15, 0 } },
	[CUSTOMER_BY_CREATED_DESC] = { "created_at, id", "IT", 2, { 15, 0 } },
};

size_t
store_customer_sort_keys(enum customer_sort sort)
{
	assert((size_t)sort < sizeof(customer_orders) /
	    sizeof(customer_orders[0]));
	return (customer_orders[sort].ncols);
}

int
store_customer_list(struct store *st, const char *partner_id,
    const char *scoped_login, struct arena *a, const char *q,
    enum customer_sort sort, struct page *pg, struct customer **out,
    size_t *n, long long *total, struct err *e)
{
	struct db_param	 p[16];
	struct db_rows	 r, c;
	struct buf	 where = BUF_INIT;
	char		*w, digits[64];
	size_t		 np = 0, i;
	int		 rc;

	assert((size_t)sort < sizeof(customer_orders) /
	    sizeof(customer_orders[0]));
	*out = NULL;
	*n = 0;
	*total = 0;
	/* Only fixed fragments go into the SQL; values are parameters. */
	buf_adds(&where, " WHERE partner_id = ? AND deleted_at IS NULL");
	p[np++] = DB_TEXT(partner_id);
	store_scope_where(&where, p, &np, "id", partner_id, scoped_login);
	if (q != NULL && *q != '\0' && phone_query_digits(q, digits,
	    sizeof(digits))) {
		/* "+49 89 123" finds the number; "1-800" still the name. */
		buf_adds(&where, " AND (search_text LIKE ? ESCAPE '\\'"
		    " OR search_text LIKE ? ESCAPE '\\')");
		p[np++] = DB_TEXT(like_pattern(a, q));
		p[np++] = DB_TEXT(like_pattern(a, digits));
	} else if (q != NULL && *q != '\0') {
		buf_adds(&where, " AND search_text LIKE ? ESCAPE '\\'");
		p[np++] = DB_TEXT(like_pattern(a, q));
	}
	w = buf_to_arena(&where, a);
	if ((rc = db_query(st->db, a, &c, e, arena_printf(a,
	    "SELECT COUNT(*) FROM customers%s", w), p, np)) != ST_OK)
		return (rc);
	*total = db_cell_int(&c, 0, 0);
	buf_printf(&where, "SELECT " CUSTOMER_COLS " FROM customers%s", w);
	if ((rc = store_page_query(st, a, &r, e, &where, p, np, pg,
	    customer_orders[sort].cols, customer_orders[sort].types)) != ST_OK)
		return (rc);
	store_page_end(pg, &r, customer_orders[sort].col,
	    customer_orders[sort].ncols);
	*out = arena_calloc(a, r.nrows ? r.nrows : 1, sizeof(**out));
	for (i = 0; i < r.nrows; i++)
		customer_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return (ST_OK);
}
