/*
 * csv.h - reading and writing RFC 4180 CSV.
 *
 * Fields may be quoted ("a ""quoted"" word", embedded commas and line
 * breaks); lines end with CRLF or LF; a UTF-8 byte order mark at the start
 * is skipped. Rows and fields are allocated in the arena.
 */
#ifndef STEWARD_CSV_H
#define STEWARD_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct csv {
	const char	*p;		/* next byte */
	const char	*end;
	size_t		 line;		/* line number where the row starts */
	size_t		 next_line;
	char		 error[96];	/* set when csv_row returns -1 */
};

void	csv_init(struct csv *c, const char *data, size_t len);

/*
 * Read the next row: 1 with *fields and *n set, 0 at the end, -1 on a
 * malformed row (unterminated quote, text after a closing quote).
 * Blank lines are skipped.
 */
int	csv_row(struct csv *c, struct arena *a, char ***fields, size_t *n);

struct buf;

/*
 * Append one cell to b, then "," or (last) CRLF: quoted when needed, and
 * never read as a formula by a spreadsheet (a cell starting with = + - @
 * gets an apostrophe in front). NULL is an empty cell.
 */
void	csv_write_cell(struct buf *b, const char *s, bool last);

#endif
