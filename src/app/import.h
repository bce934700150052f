/*
 * import.h - what every CSV import shares: the report of problems by line
 * and column, the header check, the cell checks a spreadsheet export
 * needs, and the set of e-mail addresses already seen in the file.
 *
 * Used by the OMS import (oms.c) and the customer import
 * (customer_import.c). Everything is allocated in app->a.
 */
#ifndef STEWARD_IMPORT_H
#define STEWARD_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/msg.h"

struct app;
struct csv;

#define IMPORT_MAX_PROBLEMS	1000	/* reported; more are counted */
#define IMPORT_MAX_COLUMNS	16

/* One problem found in an import file. */
struct import_problem {
	size_t		 line;		/* line of the file (1 = header) */
	const char	*field;		/* column, or NULL for the row */
	char		 message[320];	/* in app->lang */
};

struct import_report {
	size_t			 rows;		/* data rows read */
	size_t			 added;		/* written (0 on dry run) */
	struct import_problem	*problems;	/* in app->a */
	size_t			 nproblems;	/* kept: IMPORT_MAX_PROBLEMS at most */
	size_t			 nfound;	/* found, kept or not */
};

/* How far an import has got, for a progress display. */
struct import_progress {
	size_t			 checked;	/* data rows checked */
	size_t			 to_write;	/* rows to write, once all checked */
	size_t			 written;	/* rows written so far */
	unsigned long long	 bytes;		/* of the file, read so far */
};

/* Told at every batch of rows checked or written (arg: the caller's). */
typedef void import_progress_fn(void *arg, const struct import_progress *p);

/* Record a problem (message id with its argument, rendered in app->lang). */
void	import_problem(struct app *app, struct import_report *r, size_t line,
	    const char *field, enum msg_id msg, long long n, const char *s);
/*
 * The same for a line that may come before lines with problems recorded
 * already (a lookup made for many rows at once): the problem goes after
 * those of lines up to its own, so the list stays in the order of the
 * file; when it is full, the last problem makes way for an earlier one.
 */
void	import_problem_in_order(struct app *app, struct import_report *r,
	    size_t line, const char *field, enum msg_id msg, long long n,
	    const char *s);

/*
 * Read and check the header row: every name one of columns[] (any order,
 * surrounding blanks ignored), none twice, every name with required[i]
 * present (required NULL: none required). col[i] is the index in
 * columns[] of the file's column i; *ncols the file's column count. A
 * problem for each fault, including an empty file; ST_INVALID then.
 */
int	import_header(struct app *app, struct import_report *r, struct csv *c,
	    const char *const columns[], const bool *required,
	    int col[IMPORT_MAX_COLUMNS], size_t *ncols);

/*
 * Whether a cell is safe to take from a spreadsheet: a cell starting with
 * = + - @, a tab or a carriage return is a formula to a spreadsheet and
 * is refused (with allow_plus, a leading + is fine: phone numbers). A
 * problem naming the column when it is not; false then.
 */
bool	import_cell_ok(struct app *app, struct import_report *r, size_t line,
	    const char *field, const char *value, bool allow_plus);

/* E-mail keys seen so far in one file (open addressing, in app->a). */
struct import_seen {
	char	**slot;
	size_t	  cap;
};

/* Sized for a file of len bytes. */
void	import_seen_init(struct app *app, struct import_seen *s, size_t len);
/* Add key: false when it was already there. */
bool	import_seen_add(struct app *app, struct import_seen *s,
	    const char *key);

#endif
