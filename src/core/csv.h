/*
 * csv.h - reading and writing RFC 4180 CSV.
 *
 * Fields may be quoted ("a ""quoted"" word", embedded commas and line
 * breaks); lines end with CRLF or LF; a UTF-8 byte order mark at the start
 * is skipped. Rows and fields are allocated in the arena.
 *
 * The text is either all in memory (csv_init) or read from a file
 * descriptor through a buffer of bounded size (csv_init_fd), so a file of
 * any size is read with the same few kilobytes; a row read that way may
 * be at most CSV_ROW_MAX bytes.
 */
#ifndef STEWARD_CSV_H
#define STEWARD_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

#define CSV_BUF_SIZE	65536		/* csv_init_fd's default buffer */
#define CSV_ROW_MAX	(1024 * 1024)	/* fields and separators of a row */

struct csv {
	const char	*p;		/* next byte */
	const char	*end;
	size_t		 line;		/* line number where the row starts */
	size_t		 next_line;
	char		 error[96];	/* set when csv_row returns -1 */
	/* 1 + the first field of the row read last that held a NUL byte
	 * (its string ends there); 0 when none did. */
	size_t		 nul_field;
	/* Reading from a file descriptor: */
	int		 fd;		/* -1: the text is in memory */
	char		*buf;		/* malloc'd, bufsize bytes */
	size_t		 bufsize;
	size_t		 row_max;
	unsigned long long base;	/* offset of buf (or the text) */
	const char	*start;		/* buf, or the text */
	int		 read_errno;	/* a read failed (then the end) */
	bool		 eof;
};

void	csv_init(struct csv *c, const char *data, size_t len);

/*
 * Read from fd (not closed here) with a buffer of bufsize bytes (0:
 * CSV_BUF_SIZE; at least 4) that csv_close() frees. A row longer than
 * CSV_ROW_MAX bytes, or a failed read, is a malformed row.
 */
void	csv_init_fd(struct csv *c, int fd, size_t bufsize);
void	csv_close(struct csv *c);

/* Bytes of the text read so far (consumed by the rows returned). */
unsigned long long csv_offset(const struct csv *c);

/*
 * Read the next row: 1 with *fields and *n set, 0 at the end, -1 on a
 * malformed row (unterminated quote, text after a closing quote, a row
 * too long or a read error). Blank lines are skipped.
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
