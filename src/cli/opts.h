/*
 * opts.h - option parsing for stewardctl commands.
 *
 * Every option is "--name value" or "--name=value" (flags take no value)
 * and may instead come from an environment variable (STEWARD_DB, ...).
 * A mistake exits with status 2 and a message naming the option.
 */
#ifndef STEWARD_OPTS_H
#define STEWARD_OPTS_H

#include <stdbool.h>

struct opt {
	const char	*name;		/* "db" for --db */
	const char	*env;		/* "STEWARD_DB", or NULL */
	const char	*arg;		/* "URL"; NULL for a flag */
	const char	*help;
	bool		 required;
	const char	*def;		/* default value, or NULL */
	const char	*value;		/* result ("1" for a set flag) */
};

struct cmd {
	const char	*name;		/* "user add" */
	const char	*summary;
	const char	*usage_extra;	/* positional arguments, or NULL */
	struct opt	*opts;		/* terminated by { NULL } */
	int		(*run)(struct cmd *, int argc, char **argv);
};

/*
 * Parse argv (after the command words). Positional arguments are left in
 * argv[0..*npos). Prints help and exits 0 for --help; exits 2 on error.
 */
void	opts_parse(struct cmd *c, int argc, char **argv, int *npos);
/* Value of option name (after parsing). */
const char *opt_get(struct cmd *c, const char *name);
bool	opt_flag(struct cmd *c, const char *name);
/* Where an option's value came from (after parsing): "flag",
 * "environment", "default", or NULL when it has none. */
const char *opt_source(struct cmd *c, const char *name);
/* Exit 2 with "stewardctl <cmd>: --opt: <msg>". */
void	opt_fail(struct cmd *c, const char *opt, const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 3, 4)));
void	cmd_usage(struct cmd *c, int to_stderr);

#endif
