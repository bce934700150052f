/*
 * cmd_import.c - stewardctl oms import and customers import: read a CSV
 * file (or standard input), check every row, report each problem by line,
 * write all or nothing. The OMS import streams its file (any size, in
 * bounded memory) and shows its progress on a terminal.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/customer.h"
#include "app/oms.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/country.h"
#include "core/csv.h"
#include "store/store.h"

#define IMPORT_FILE_MAX	(256 * 1024 * 1024)

/* The one file argument (- for standard input), opened; exits 2 if not. */
static int
import_file(struct cmd *c, int argc, char **argv)
{
	int	npos, fd;

	opts_parse(c, argc, argv, &npos);
	if (npos != 1)
		opt_fail(c, NULL, "give exactly one CSV file (- for standard "
		    "input)");
	fd = strcmp(argv[0], "-") == 0 ? STDIN_FILENO :
	    open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		opt_fail(c, NULL, "cannot open %s", argv[0]);
	return (fd);
}

/* The database and the country data; exits 1 if either is missing. */
static void
import_open(struct cmd *c, struct cli *x)
{
	cli_open(x, c, false);
	if (country_load(NULL) != 0) {
		fprintf(stderr, "stewardctl %s: cannot read ISO country data "
		    "(install iso-codes)\n", c->name);
		cli_close(x);
		exit(1);
	}
}

/*
 * After the import: print the problems, then exit 2 when the file had
 * any (the summary on standard error), fail on other errors, else print
 * what was done. Problems are FILE:LINE: field: message (OMS, as before)
 * or line LINE: field: message (customers).
 */
static int
import_done(struct cmd *c, struct cli *x, int rc,
    const struct import_report *rep, bool dry, const char *file,
    bool customers)
{
	const struct import_problem	*p;
	size_t				 i;

	if (rc == ST_NOT_FOUND)
		opt_fail(c, "partner", "no partner account with id '%s'",
		    opt_get(c, "partner"));
	if (rc == ST_INVALID && strcmp(x->e.code, "import_failed") == 0) {
		for (i = 0; i < rep->nproblems; i++) {
			p = &rep->problems[i];
			if (customers)
				fprintf(stderr, "line %zu: ", p->line);
			else
				fprintf(stderr, "%s:%zu: ", file, p->line);
			fprintf(stderr, "%s%s%s\n", p->field ? p->field : "",
			    p->field ? ": " : "", p->message);
		}
		if (rep->nfound > rep->nproblems)
			fprintf(stderr, "stewardctl %s: only the first %zu "
			    "problems are shown\n", c->name, rep->nproblems);
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
		printf("%zu %s%s imported\n", rep->added,
		    customers ? "customer" : "record",
		    rep->added == 1 ? "" : "s");
	cli_close(x);
	return (0);
}

/* ---- progress on a terminal ----------------------------------------- */

struct meter {
	unsigned long long	 size;		/* of the file; 0: unknown */
	double			 start;		/* checking began */
	double			 wstart;	/* writing began; 0: not yet */
	double			 last;		/* shown last */
	bool			 shown;
};

static double
seconds(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* " | about 1:05 left" into b; nothing when it cannot be told. */
static void
time_left(struct buf *b, double secs)
{
	long	s;

	if (!(secs >= 0) || secs > 1e7)
		return;
	s = (long)(secs + 0.5);
	if (s >= 3600)
		buf_printf(b, " | about %ld:%02ld:%02ld left", s / 3600,
		    s / 60 % 60, s % 60);
	else
		buf_printf(b, " | about %ld:%02ld left", s / 60, s % 60);
}

/*
 * One line on standard error (a terminal), written over at most five
 * times a second: rows checked, rows written, rate, time left.
 */
static void
meter_show(void *arg, const struct import_progress *p)
{
	struct meter	*m = arg;
	struct buf	 b = BUF_INIT;
	double		 t = seconds(), rate;
	bool		 writing = p->to_write > 0 && m->wstart == 0;

	/* The first line of each stage is shown at once. */
	if (writing)
		m->wstart = t;
	else if (t - m->last < 0.2)
		return;
	m->last = t;
	if (p->to_write == 0) {
		rate = t > m->start ? (double)p->checked / (t - m->start) : 0;
		buf_printf(&b, "%zu rows checked", p->checked);
		if (m->size > 0)
			buf_printf(&b, " (%.0f%%)", 100.0 * (double)p->bytes /
			    (double)m->size);
		buf_printf(&b, " | 0 written | %.0f rows/s", rate);
		if (m->size > 0 && p->bytes > 0)
			time_left(&b, (t - m->start) * (double)(m->size -
			    p->bytes) / (double)p->bytes);
	} else {
		rate = t > m->wstart ? (double)p->written / (t - m->wstart) :
		    0;
		buf_printf(&b, "%zu rows checked | %zu of %zu written "
		    "(%.0f%%) | %.0f rows/s", p->checked, p->written,
		    p->to_write, 100.0 * (double)p->written /
		    (double)p->to_write, rate);
		if (rate > 0)
			time_left(&b, (double)(p->to_write - p->written) /
			    rate);
	}
	fprintf(stderr, "\r\033[K%s", b.data);
	fflush(stderr);
	m->shown = true;
	buf_free(&b);
}

/* ---- the commands --------------------------------------------------- */

int
cmd_oms_import(struct cmd *c, int argc, char **argv)
{
	struct cli		 x;
	struct import_report	 rep;
	struct meter		 m;
	struct stat		 sb;
	struct csv		 csv;
	bool			 dry, tty;
	int			 fd, rc;

	fd = import_file(c, argc, argv);
	import_open(c, &x);
	dry = opt_flag(c, "dry-run");
	memset(&m, 0, sizeof(m));
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		m.size = (unsigned long long)sb.st_size;
	m.start = seconds();
	tty = isatty(STDERR_FILENO) == 1;
	csv_init_fd(&csv, fd, 0);
	rc = oms_import(&x.app, opt_get(c, "partner"), &csv, dry,
	    tty ? meter_show : NULL, &m, &rep);
	if (m.shown)
		fprintf(stderr, "\r\033[K");
	csv_close(&csv);
	if (fd != STDIN_FILENO)
		close(fd);
	return (import_done(c, &x, rc, &rep, dry, argv[0], false));
}

/* The customer import checks the file in memory (as the API does). */
int
cmd_customers_import(struct cmd *c, int argc, char **argv)
{
	struct cli		 x;
	struct import_report	 rep;
	struct buf		 data = BUF_INIT;
	char			 chunk[65536];
	ssize_t			 n;
	bool			 dry;
	int			 fd, rc;

	fd = import_file(c, argc, argv);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_add(&data, chunk, (size_t)n);
		if (data.len > IMPORT_FILE_MAX)
			opt_fail(c, NULL, "%s is larger than 256 MiB", argv[0]);
	}
	if (n < 0)
		opt_fail(c, NULL, "cannot read %s", argv[0]);
	if (fd != STDIN_FILENO)
		close(fd);
	import_open(c, &x);
	dry = opt_flag(c, "dry-run");
	rc = customer_import(&x.app, opt_get(c, "partner"), data.data,
	    data.len, dry, &rep);
	buf_free(&data);
	return (import_done(c, &x, rc, &rep, dry, argv[0], true));
}
