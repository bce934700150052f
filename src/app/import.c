/*
 * import.c - the parts of a CSV import every importer shares; see
 * import.h.
 */
#include <string.h>

#include "app/app.h"
#include "app/import.h"
#include "core/arena.h"
#include "core/csv.h"
#include "core/text.h"

void
import_problem(struct app *app, struct import_report *r, size_t line,
    const char *field, enum msg_id msg, long long n, const char *s)
{
	struct import_problem	*p;

	r->nfound++;
	if (r->nproblems >= IMPORT_MAX_PROBLEMS)
		return;
	if (r->problems == NULL)
		r->problems = arena_calloc(app->a, IMPORT_MAX_PROBLEMS,
		    sizeof(*r->problems));
	p = &r->problems[r->nproblems++];
	p->line = line;
	p->field = field ? arena_strdup(app->a, field) : NULL;
	msg_render(p->message, sizeof(p->message), app->lang, msg, n, s);
}

void
import_problem_in_order(struct app *app, struct import_report *r,
    size_t line, const char *field, enum msg_id msg, long long n,
    const char *s)
{
	struct import_problem	 p;
	size_t			 at;

	at = r->nproblems;
	while (at > 0 && r->problems[at - 1].line > line)
		at--;
	if (at == r->nproblems || at >= IMPORT_MAX_PROBLEMS) {
		import_problem(app, r, line, field, msg, n, s);
		return;
	}
	/* Made at the end (the last one dropped when full), moved to at. */
	if (r->nproblems == IMPORT_MAX_PROBLEMS)
		r->nproblems--;
	import_problem(app, r, line, field, msg, n, s);
	p = r->problems[r->nproblems - 1];
	memmove(&r->problems[at + 1], &r->problems[at],
	    (r->nproblems - 1 - at) * sizeof(*r->problems));
	r->problems[at] = p;
}

int
import_header(struct app *app, struct import_report *r, struct csv *c,
    const char *const columns[], const bool *required,
    int col[IMPORT_MAX_COLUMNS], size_t *ncols)
{
	char		**f, *name;
	bool		  have[IMPORT_MAX_COLUMNS + 1];
	size_t		  nf, i, j, before = r->nfound;
	int		  rc;

	*ncols = 0;
	memset(have, 0, sizeof(have));
	rc = csv_row(c, app->a, &f, &nf);
	if (rc < 0) {
		import_problem(app, r, c->line, NULL, M_CSV_SYNTAX, 0,
		    c->error);
		return (-1);
	}
	if (rc == 0) {
		import_problem(app, r, 1, NULL, M_IMPORT_EMPTY, 0, NULL);
		return (-1);
	}
	if (nf > IMPORT_MAX_COLUMNS) {
		import_problem(app, r, 1, NULL, M_TOO_MANY,
		    IMPORT_MAX_COLUMNS, NULL);
		return (-1);
	}
	for (i = 0; i < nf; i++) {
		col[i] = -1;
		name = text_trim(app->a, f[i]);
		for (j = 0; columns[j] != NULL && j < IMPORT_MAX_COLUMNS; j++)
			if (strcmp(name, columns[j]) == 0)
				col[i] = (int)j;
		if (col[i] < 0)
			import_problem(app, r, 1, name, M_UNKNOWN_FIELD, 0,
			    NULL);
		else if (have[col[i]])
			import_problem(app, r, 1, name, M_IMPORT_COLUMN_TWICE,
			    0, NULL);
		else
			have[col[i]] = true;
	}
	for (j = 0; required != NULL && columns[j] != NULL; j++)
		if (required[j] && !have[j])
			import_problem(app, r, 1, columns[j],
			    M_IMPORT_COLUMN_MISSING, 0, NULL);
	*ncols = nf;
	return (r->nfound > before ? -1 : 0);
}

bool
import_cell_ok(struct app *app, struct import_report *r, size_t line,
    const char *field, const char *value, bool allow_plus)
{
	if (value == NULL || value[0] == '\0')
		return (true);
	if (strchr("=-@\t\r", value[0]) == NULL &&
	    (value[0] != '+' || allow_plus))
		return (true);
	import_problem(app, r, line, field, M_IMPORT_FORMULA, 0, NULL);
	return (false);
}

void
import_seen_init(struct app *app, struct import_seen *s, size_t len)
{
	s->cap = 1024;
	while (s->cap < len / 16)
		s->cap *= 2;
	s->slot = arena_calloc(app->a, s->cap, sizeof(char *));
}

bool
import_seen_add(struct app *app, struct import_seen *s, const char *key)
{
	size_t	h = 5381, i;

	for (i = 0; key[i] != '\0'; i++)
		h = h * 33 + (unsigned char)key[i];
	for (i = h % s->cap; s->slot[i] != NULL; i = (i + 1) % s->cap)
		if (strcmp(s->slot[i], key) == 0)
			return (false);
	s->slot[i] = arena_strdup(app->a, key);
	return (true);
}
