/*
 * customer_import.c - creating many customers from one CSV file; see
 * customer.h (customer_import).
 *
 * Every row is checked exactly as POST .../customers checks a new
 * customer (customer_new_check), plus what only a file can get wrong:
 * its encoding, its header, column counts, formula cells and e-mail
 * addresses repeated in the file; the addresses already in the OMS are
 * looked up for OMS_LOOKUP_BATCH rows at a time. Only when no row has a
 * problem are the customers written, each exactly as a single create
 * writes it (customer_new_write), all in one transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "app/access.h"
#include "app/app.h"
#include "app/customer.h"
#include "app/customer_int.h"
#include "app/import.h"
#include "app/webhook.h"
#include "core/arena.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/text.h"
#include "core/valid.h"
#include "store/store.h"
#include "store/store_oms.h"

/* The columns, in the order of the template file. */
const char *const customer_import_columns[] = {
	"email", "contact_person", "phone", "company", "industry", "website",
	"street", "postal_code", "city", "country", "segment_discount",
	"policy_template", NULL
};

enum {
	COL_EMAIL, COL_CONTACT, COL_PHONE, COL_COMPANY, COL_INDUSTRY,
	COL_WEBSITE, COL_STREET, COL_POSTAL, COL_CITY, COL_COUNTRY,
	COL_SEGMENT, COL_TEMPLATE, NCOLS
};

static const bool required[NCOLS] = {
	true, true, true, true, true, true, true, true, true, true, false,
	false
};

/* Rows whose addresses are looked up in the OMS in one statement. */
#define OMS_LOOKUP_BATCH	256

/* A row that passed every check, and its line. */
struct checked {
	struct customer_new	 n;
	size_t			 line;
};

/*
 * The line of the first byte that is not UTF-8 or is NUL (*nul set); 0
 * if none.
 */
static size_t
bad_text_line(const char *s, size_t len, bool *nul)
{
	size_t	i = 0, k, line = 1;

	*nul = false;
	while (i < len) {
		if (s[i] == '\0') {
			*nul = true;
			return (line);
		}
		if (s[i] == '\n')
			line++;
		if ((k = utf8_seq_len((const unsigned char *)s + i,
		    len - i)) == 0)
			return (line);
		i += k;
	}
	return (0);
}

/*
 * A street written on several lines in one cell (Alt+Enter in a
 * spreadsheet) as one line: "Unit 4\r\n12 Road" -> "Unit 4, 12 Road".
 */
static const char *
street_one_line(struct app *app, const char *s)
{
	char	*out, *o;
	size_t	 i;

	if (s == NULL || strpbrk(s, "\r\n") == NULL)
		return (s);
	o = out = arena_alloc(app->a, strlen(s) * 2 + 1);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] != '\r' && s[i] != '\n') {
			*o++ = s[i];
			continue;
		}
		while (o > out && o[-1] == ' ')
			o--;
		if (o > out && s[i + 1] != '\0' &&
		    strchr("\r\n", s[i + 1]) == NULL) {
			if (o[-1] != ',')
				*o++ = ',';
			*o++ = ' ';
		}
		while (s[i + 1] == ' ')
			i++;
	}
	*o = '\0';
	return (out);
}

/* The column a field error of customer_new_check() belongs to. */
static const char *
column_of(const char *field)
{
	if (strncmp(field, "management.", 11) == 0)
		return ("policy_template");
	return (field);
}

/*
 * Check one data row; on success append it to *rows. Problems go to the
 * report under the row's line.
 */
static int
check_row(struct app *app, const char *partner_id, struct import_report *rep,
    struct import_seen *seen, size_t line, char **f, const int *col,
    size_t nf, struct customer_new *out)
{
	struct customer_input	 in;
	struct err		 rowerr, *saved = app->e;
	const char		*v[NCOLS];
	bool			 skip[NCOLS];
	char			*norm;
	size_t			 i, k, before = rep->nfound;
	int			 rc;

	memset(v, 0, sizeof(v));
	memset(skip, 0, sizeof(skip));
	for (i = 0; i < nf; i++) {
		v[col[i]] = f[i];
		if (!import_cell_ok(app, rep, line, customer_import_columns[
		    col[i]], f[i], col[i] == COL_PHONE))
			skip[col[i]] = true;
	}
	memset(&in, 0, sizeof(in));
	in.source = "new";
	in.email = v[COL_EMAIL];
	in.contact_person = v[COL_CONTACT];
	in.d.phone = v[COL_PHONE];
	in.d.company = v[COL_COMPANY];
	in.d.industry = v[COL_INDUSTRY];
	in.d.website = v[COL_WEBSITE];
	in.d.street = street_one_line(app, v[COL_STREET]);
	in.d.postal_code = v[COL_POSTAL];
	in.d.city = v[COL_CITY];
	in.d.country = v[COL_COUNTRY];
	if (v[COL_SEGMENT] != NULL && !text_is_blank(v[COL_SEGMENT]))
		in.segment_discount = text_lower_ascii(app->a,
		    text_trim(app->a, v[COL_SEGMENT]));
	in.management.mode = "local";
	in.management.template = "workstation";
	if (v[COL_TEMPLATE] != NULL && !text_is_blank(v[COL_TEMPLATE]))
		in.management.template = text_lower_ascii(app->a,
		    text_trim(app->a, v[COL_TEMPLATE]));
	/* A repeated address is a problem even when its row has others. */
	norm = in.email != NULL && !skip[COL_EMAIL] ?
	    email_norm(app->a, in.email) : NULL;
	if (norm != NULL && *norm != '\0' &&
	    !import_seen_add(app, seen, norm)) {
		import_problem(app, rep, line, "email", M_DUPLICATE_IN_FILE, 0,
		    NULL);
		skip[COL_EMAIL] = true;
	}
	err_clear(&rowerr);
	app->e = &rowerr;
	rc = customer_new_check(app, partner_id, &in, out);
	app->e = saved;
	for (i = 0; rc != ST_OK && i < rowerr.nfields; i++) {
		for (k = 0; k < NCOLS; k++)
			if (strcmp(customer_import_columns[k],
			    column_of(rowerr.fields[i].name)) == 0)
				break;
		if (k < NCOLS && skip[k])
			continue;	/* already said why */
		import_problem(app, rep, line, column_of(rowerr.fields[i].name),
		    rowerr.fields[i].msg, rowerr.fields[i].n,
		    rowerr.fields[i].s);
	}
	if (rc != ST_OK && rowerr.nfields == 0) {
		*app->e = rowerr;	/* not about the row: the store */
		return (rc);
	}
	if (rc != ST_OK || rep->nfound > before)
		return (ST_INVALID);
	return (ST_OK);
}

/*
 * Whatever POST .../customers would also refuse: an address in the OMS,
 * looked up for a batch of rows that passed every other check at once.
 */
static int
check_oms(struct app *app, const char *partner_id, struct import_report *rep,
    const struct checked *rows, size_t n)
{
	const char	**keys, **owners;
	size_t		  i;
	int		  rc;

	keys = arena_calloc(app->a, n ? n : 1, sizeof(*keys));
	owners = arena_calloc(app->a, n ? n : 1, sizeof(*owners));
	for (i = 0; i < n; i++)
		keys[i] = rows[i].n.d.email_norm;
	if ((rc = store_oms_email_owners(app->st, app->a, keys, n, owners,
	    app->e)) != ST_OK)
		return (rc);
	for (i = 0; i < n; i++)
		if (owners[i] != NULL)
			import_problem_in_order(app, rep, rows[i].line,
			    "email", strcmp(owners[i], partner_id) == 0 ?
			    M_OMS_OWN_RECORD : M_EMAIL_UNAVAILABLE, 0, NULL);
	return (ST_OK);
}

static int
import_failed(struct app *app, const struct import_report *rep)
{
	return (err_setn(app->e, ST_INVALID, "import_failed", M_IMPORT_FAILED,
	    (long long)rep->nfound));
}

/*
 * After a write that failed on an address: the rows whose address the
 * OMS has now (written by someone else since the check), each a problem.
 * ST_INVALID when there are any, else the write's own status and error.
 */
static int
taken_since(struct app *app, const char *partner_id,
    struct import_report *rep, const struct checked *rows, size_t n, int rc)
{
	struct err	 failed = *app->e;
	size_t		 i, before = rep->nfound;

	for (i = 0; i < n; i += OMS_LOOKUP_BATCH)
		if (check_oms(app, partner_id, rep, rows + i,
		    n - i < OMS_LOOKUP_BATCH ? n - i : OMS_LOOKUP_BATCH) !=
		    ST_OK)
			break;
	*app->e = failed;
	if (rep->nfound == before)
		return (rc);
	err_clear(app->e);
	return (import_failed(app, rep));
}

/*
 * Write every checked row in one transaction. A bulk transaction: on
 * PostgreSQL the statements are sent ahead without waiting for each
 * answer, so a failure may be reported by a later row's statement; an
 * address taken since the check is then found again row by row.
 */
static int
write_all(struct app *app, const char *partner_id, struct import_report *rep,
    const struct checked *rows, size_t n)
{
	struct customer_bulk	 bulk;
	struct err		 tmp;
	char			*id;
	size_t			 i;
	int			 rc;

	if ((rc = store_tx_begin(app->st, app->e)) != ST_OK)
		return (rc);
	/* The new OMS records are indexed for search once, at the end. */
	if ((rc = store_bulk_begin(app->st, app->e)) != ST_OK)
		goto fail;
	if ((rc = webhook_set_load(app, partner_id, &bulk.hooks)) != ST_OK)
		goto fail;
	for (i = 0; i < n; i++)
		if ((rc = customer_new_write(app, partner_id, &rows[i].n,
		    &bulk, &id)) != ST_OK)
			goto fail;
	if ((rc = app_audit(app, partner_id, NULL, "customer", "import",
	    "success", arena_printf(app->a, "%zu customer%s imported from "
	    "a CSV file", n, n == 1 ? "" : "s"))) != ST_OK)
		goto fail;
	if ((rc = store_tx_commit(app->st, app->e)) != ST_OK)
		goto failed;
	rep->added = n;
	err_clear(&tmp);
	(void)store_optimize(app->st, &tmp);	/* many new rows: best effort */
	return (ST_OK);
fail:
	store_tx_rollback(app->st);
failed:
	if (rc == ST_OK)
		rc = app->e->status;
	if (rc == ST_CONFLICT)
		return (taken_since(app, partner_id, rep, rows, n, rc));
	return (app->e->status != ST_OK ? app->e->status : rc);
}

int
customer_import(struct app *app, const char *partner_id, const char *text,
    size_t len, bool dry_run, struct import_report *rep)
{
	struct import_seen	 seen;
	struct checked		*rows = NULL, *grown;
	struct csv		 c;
	char			**f;
	size_t			 nf, ncols, bad, cap = 0, n = 0, looked = 0;
	int			 col[IMPORT_MAX_COLUMNS], r, rc;
	bool			 nul;

	memset(rep, 0, sizeof(*rep));
	if ((rc = partner_access(app, partner_id, true)) != ST_OK)
		return (rc);
	if ((bad = bad_text_line(text, len, &nul)) != 0) {
		import_problem(app, rep, bad, NULL, nul ? M_CONTROL_CHARS :
		    M_BAD_UTF8, 0, NULL);
		return (import_failed(app, rep));
	}
	csv_init(&c, text, len);
	if (import_header(app, rep, &c, customer_import_columns, required,
	    col, &ncols) != 0)
		return (import_failed(app, rep));
	import_seen_init(app, &seen, len);
	while ((r = csv_row(&c, app->a, &f, &nf)) == 1) {
		rep->rows++;
		if (nf != ncols) {
			import_problem(app, rep, c.line, NULL, M_COLUMNS,
			    (long long)ncols, NULL);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((grown = realloc(rows, cap * sizeof(*rows))) ==
			    NULL)
				steward_oom(cap * sizeof(*rows));
			rows = grown;
		}
		rc = check_row(app, partner_id, rep, &seen, c.line, f, col, nf,
		    &rows[n].n);
		if (rc == ST_OK)
			rows[n++].line = c.line;
		else if (rc != ST_INVALID)
			goto out;
		if (n - looked == OMS_LOOKUP_BATCH) {
			if ((rc = check_oms(app, partner_id, rep, rows + looked,
			    n - looked)) != ST_OK)
				goto out;
			looked = n;
		}
	}
	if ((rc = check_oms(app, partner_id, rep, rows + looked, n - looked))
	    != ST_OK)
		goto out;
	if (r < 0)
		import_problem(app, rep, c.line, NULL, M_CSV_SYNTAX, 0,
		    c.error);
	else if (rep->rows == 0)
		import_problem(app, rep, 1, NULL, M_IMPORT_NO_ROWS, 0, NULL);
	if (rep->nproblems > 0)
		rc = import_failed(app, rep);
	else if (dry_run)
		rc = ST_OK;
	else
		rc = write_all(app, partner_id, rep, rows, n);
out:
	free(rows);
	return (rc);
}
