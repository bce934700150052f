/*
 * fuzz_csv.c - the CSV reader (core/csv.c) and the header check of the
 * CSV imports (app/import.c, which needs no database).
 *
 * Input: any bytes as a CSV file. Checks:
 *  - csv_row() ends (0) or fails (-1 with a message naming a line), and
 *    row line numbers never go down;
 *  - every row has at least one field, and all the rows read, written
 *    back with every field quoted, read again as the same rows with the
 *    same field counts (the reader and RFC 4180 agree);
 *  - csv_write_cell() output of each field reads back as one field that
 *    is the field itself, or with an apostrophe in front when it starts
 *    like a formula;
 *  - import_header() gives one column index per file column, each known,
 *    or reports a problem;
 *  - read from a file descriptor through a buffer of 4 to 35 bytes
 *    (csv_init_fd, the first byte of the input choosing the size), the
 *    input gives the same rows, fields, line numbers and errors as read
 *    from memory, and csv_offset() ends at the input's size.
 */
#include "fuzz.h"

#include <sys/mman.h>
#include <unistd.h>

#include "app/app.h"
#include "app/import.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"

#define MAX_ROWS	256

/* Every field quoted, quotes doubled; rows end CRLF. */
static void
write_row(struct buf *b, char **f, size_t n)
{
	size_t	i;
	char	*p;

	for (i = 0; i < n; i++) {
		buf_addc(b, '"');
		for (p = f[i]; *p != '\0'; p++) {
			if (*p == '"')
				buf_addc(b, '"');
			buf_addc(b, *p);
		}
		buf_addc(b, '"');
		buf_adds(b, i + 1 < n ? "," : "\r\n");
	}
}

/* csv_write_cell() of one field reads back as that field. */
static void
check_cell(struct arena *a, const char *s)
{
	struct buf	  b = BUF_INIT;
	struct csv	  c;
	char		**f;
	size_t		  n;
	int		  formula;

	csv_write_cell(&b, s, true);
	csv_init(&c, b.data, b.len);
	formula = *s == '=' || *s == '+' || *s == '-' || *s == '@';
	if (*s == '\0') {
		/* An empty cell is a blank line: no row at all. */
		FUZZ_CHECK(csv_row(&c, a, &f, &n) == 0);
	} else if (b.len >= 3 && memcmp(b.data, "\xef\xbb\xbf", 3) == 0) {
		/* A cell starting with a byte order mark loses it. */
		FUZZ_CHECK(csv_row(&c, a, &f, &n) >= 0);
	} else {
		FUZZ_CHECK(csv_row(&c, a, &f, &n) == 1 && n == 1);
		FUZZ_CHECK(strcmp(f[0] + formula, s) == 0);
		FUZZ_CHECK(!formula || f[0][0] == '\'');
	}
	buf_free(&b);
}

static void
check_header(struct arena *a, const uint8_t *data, size_t size)
{
	static const char *const columns[] = { "email", "company", "phone",
	    "country", NULL };
	static const bool required[] = { true, false, false, false };
	struct import_report	 r;
	struct app		 app;
	struct err		 e;
	struct csv		 c;
	int			 col[IMPORT_MAX_COLUMNS];
	size_t			 ncols, i;

	memset(&app, 0, sizeof(app));
	memset(&r, 0, sizeof(r));
	err_clear(&e);
	app.a = a;
	app.e = &e;
	app.lang = (size & 1) ? LANG_JA : LANG_EN;
	csv_init(&c, (const char *)data, size);
	if (import_header(&app, &r, &c, columns, required, col, &ncols) == 0) {
		FUZZ_CHECK(r.nfound == 0 && ncols >= 1 &&
		    ncols <= IMPORT_MAX_COLUMNS);
		for (i = 0; i < ncols; i++)
			FUZZ_CHECK(col[i] >= 0 && col[i] < 4);
	} else
		FUZZ_CHECK(r.nfound > 0 && r.nproblems > 0 &&
		    r.problems[0].message[0] != '\0');
}

/* The same bytes read through a file descriptor in small pieces. */
static void
check_fd(struct arena *a, const uint8_t *data, size_t size)
{
	struct csv	  m, s;
	char		**f, **g;
	size_t		  n, k, i, off;
	ssize_t		  w;
	int		  fd, rm, rs;

	if ((fd = memfd_create("fuzz_csv", 0)) < 0)
		return;
	for (off = 0; off < size; off += (size_t)w)
		if ((w = write(fd, data + off, size - off)) <= 0)
			abort();
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	csv_init(&m, (const char *)data, size);
	csv_init_fd(&s, fd, size > 0 ? 4 + data[0] % 32 : 4);
	do {
		rm = csv_row(&m, a, &f, &n);
		rs = csv_row(&s, a, &g, &k);
		FUZZ_CHECK(rm == rs && m.line == s.line);
		FUZZ_CHECK(m.nul_field == s.nul_field);
		if (rm == 1) {
			FUZZ_CHECK(n == k);
			for (i = 0; i < n; i++)
				FUZZ_CHECK(strcmp(f[i], g[i]) == 0);
			FUZZ_CHECK(csv_offset(&m) == csv_offset(&s));
		}
		if (rm < 0)
			FUZZ_CHECK(strcmp(m.error, s.error) == 0);
	} while (rm == 1);
	if (rm == 0)
		FUZZ_CHECK(csv_offset(&s) == size);
	csv_close(&s);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	  a;
	struct csv	  c, c2;
	struct buf	  out = BUF_INIT;
	char		**f, **f2, **rows[MAX_ROWS];
	size_t		  n, n2, counts[MAX_ROWS], nrows = 0, i, j, line = 0;
	int		  rc;

	arena_init(&a, 0);
	csv_init(&c, (const char *)data, size);
	while ((rc = csv_row(&c, &a, &f, &n)) == 1) {
		FUZZ_CHECK(n >= 1 && c.line >= 1 && c.line >= line);
		line = c.line;
		for (i = 0; i < n; i++)
			FUZZ_CHECK(f[i] != NULL);
		if (nrows < MAX_ROWS) {
			rows[nrows] = f;
			counts[nrows++] = n;
		}
	}
	FUZZ_CHECK(rc == 0 || (rc == -1 && strncmp(c.error, "line ", 5) ==
	    0));
	for (i = 0; i < nrows; i++)
		write_row(&out, rows[i], counts[i]);
	csv_init(&c2, out.data, out.len);
	for (i = 0; i < nrows; i++) {
		FUZZ_CHECK(csv_row(&c2, &a, &f2, &n2) == 1);
		FUZZ_CHECK(n2 == counts[i]);
		for (j = 0; j < n2; j++)
			FUZZ_CHECK(strcmp(f2[j], rows[i][j]) == 0);
	}
	FUZZ_CHECK(csv_row(&c2, &a, &f2, &n2) == 0);
	for (i = 0; i < nrows && i < 4; i++)
		for (j = 0; j < counts[i] && j < 4; j++)
			check_cell(&a, rows[i][j]);
	check_header(&a, data, size);
	check_fd(&a, data, size);
	buf_free(&out);
	arena_free(&a);
	return (0);
}
