/*
 * cmd_import.c - stewardctl oms import and customers import: read a CSV
 * file (or standard input), check every row, report each problem by line,
 * write all or nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/customer.h"
#include "app/oms.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/country.h"
#include "store/store.h"

#define IMPORT_FILE_MAX	(256 * 1024 * 1024)

/*
 * The one file argument (- for standard input) into data, then the
 * database and the country data. Exits 2 naming the problem.
 */
static void
import_open(struct cmd *c, struct cli *x, int argc, char **argv,
    struct buf *data)
{
	char	 chunk[65536];
	FILE	*f;
	size_t	 n;
	int	 npos;

	opts_parse(c, argc, argv, &npos);
	if (npos != 1)
		opt_fail(c, NULL, "give exactly one CSV file (- for standard "
		    "input)");
	f = strcmp(argv[0], "-") == 0 ? stdin : fopen(argv[0], "rb");
	if (f == NULL)
		opt_fail(c, NULL, "cannot open %s", argv[0]);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(data, chunk, n);
		if (data->len > IMPORT_FILE_MAX)
			opt_fail(c, NULL, "%s is larger than 256 MiB", argv[0]);
	}
	if (f != stdin)
		fclose(f);
	cli_open(x, c, false);
	if (country_load(NULL) != 0) {
		fprintf(stderr, "stewardctl %s: cannot read ISO country data "
		    "(install iso-codes)\n", c->name);
		cli_close(x);
		exit(1);
	}
}

/*
 * After the import: exit 2 when the file had problems (the summary on
 * standard error), fail on other errors, else print what was done.
 */
static int
import_done(struct cmd *c, struct cli *x, int rc,
    const struct import_report *rep, bool dry, const char *what)
{
	if (rc == ST_NOT_FOUND)
		opt_fail(c, "partner", "no partner account with id '%s'",
		    opt_get(c, "partner"));
	if (rc == ST_INVALID && strcmp(x->e.code, "import_failed") == 0) {
		fprintf(stderr, "stewardctl %s: %zu problem%s in %zu row%s; "
		    "nothing was imported\n", c->name, rep->nfound,
		    rep->nfound == 1 ? "" : "s", rep->rows,
		    rep->rows == 1 ? "" : "s");
		cli_close(x);
		return (2);
	}
	if (rc != ST_OK)
		cli_fail(x);
	if (dry)
		printf("%zu row%s checked, no problems; nothing written "
		    "(dry run)\n", rep->rows, rep->rows == 1 ? "" : "s");
	else
		printf("%zu %s%s imported\n", rep->added, what,
		    rep->added == 1 ? "" : "s");
	cli_close(x);
	return (0);
}

/*
 * Import the file into OMS records or customers. Problems are printed as
 * FILE:LINE: field: message (OMS, as before) or line LINE: field: message
 * (customers).
 */
static int
import_cmd(struct cmd *c, int argc, char **argv, bool customers)
{
	struct cli		 x;
	struct import_report	 rep;
	struct buf		 data = BUF_INIT;
	const struct import_problem *p;
	const char		*text;
	size_t			 i;
	int			 rc;
	bool			 dry;

	import_open(c, &x, argc, argv, &data);
	dry = opt_flag(c, "dry-run");
	text = data.len ? data.data : "";
	rc = customers ? customer_import(&x.app, opt_get(c, "partner"), text,
	    data.len, dry, &rep) : oms_import(&x.app, opt_get(c, "partner"),
	    text, data.len, dry, &rep);
	buf_free(&data);
	for (i = 0; rc == ST_INVALID && i < rep.nproblems; i++) {
		p = &rep.problems[i];
		if (customers)
			fprintf(stderr, "line %zu: ", p->line);
		else
			fprintf(stderr, "%s:%zu: ", argv[0], p->line);
		fprintf(stderr, "%s%s%s\n", p->field ? p->field : "",
		    p->field ? ": " : "", p->message);
	}
	return (import_done(c, &x, rc, &rep, dry, customers ? "customer" :
	    "record"));
}

int
cmd_oms_import(struct cmd *c, int argc, char **argv)
{
	return (import_cmd(c, argc, argv, false));
}

int
cmd_customers_import(struct cmd *c, int argc, char **argv)
{
	return (import_cmd(c, argc, argv, true));
}
