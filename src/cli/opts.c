/*
 * opts.c - option parsing; see opts.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opts.h"

void
cmd_usage(struct cmd *c, int to_stderr)
{
	FILE		*f = to_stderr ? stderr : stdout;
	struct opt	*o;
	char		 left[64];

	fprintf(f, "usage: stewardctl %s [options]%s%s\n\n%s\n\noptions:\n",
	    c->name, c->usage_extra ? " " : "",
	    c->usage_extra ? c->usage_extra : "", c->summary);
	for (o = c->opts; o->name != NULL; o++) {
		snprintf(left, sizeof(left), "--%s%s%s", o->name,
		    o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-26s %s%s", left, o->help,
		    o->required ? " (required)" : "");
		if (o->def != NULL)
			fprintf(f, " [default: %s]", o->def);
		if (o->env != NULL)
			fprintf(f, " [env: %s]", o->env);
		fputc('\n', f);
	}
	fprintf(f, "  %-26s %s\n", "--help", "show this help");
}

void
opt_fail(struct cmd *c, const char *opt, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "stewardctl %s: ", c->name);
	if (opt != NULL)
		fprintf(stderr, "--%s: ", opt);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see stewardctl %s --help)\n", c->name);
	exit(2);
}

void
opts_parse(struct cmd *c, int argc, char **argv, int *npos)
{
	struct opt	*o;
	const char	*arg, *eq, *val;
	size_t		 nlen;
	int		 i, pos = 0;

	for (i = 0; i < argc; i++) {
		arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			cmd_usage(c, 0);
			exit(0);
		}
		if (strcmp(arg, "--") == 0) {
			for (i++; i < argc; i++)
				argv[pos++] = argv[i];
			break;
		}
		if (strncmp(arg, "--", 2) != 0) {
			if (arg[0] == '-' && arg[1] != '\0')
				opt_fail(c, NULL, "unknown option %s", arg);
			argv[pos++] = argv[i];
			continue;
		}
		arg += 2;
		eq = strchr(arg, '=');
		nlen = eq ? (size_t)(eq - arg) : strlen(arg);
		for (o = c->opts; o->name != NULL; o++)
			if (strlen(o->name) == nlen &&
			    strncmp(o->name, arg, nlen) == 0)
				break;
		if (o->name == NULL)
			opt_fail(c, NULL, "unknown option --%.*s", (int)nlen,
			    arg);
		if (o->arg == NULL) {
			if (eq != NULL)
				opt_fail(c, o->name, "takes no value");
			o->value = "1";
			continue;
		}
		if (eq != NULL)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			opt_fail(c, o->name, "needs a value (%s)", o->arg);
		o->value = val;
	}
	for (o = c->opts; o->name != NULL; o++) {
		if (o->value == NULL && o->env != NULL &&
		    (val = getenv(o->env)) != NULL && *val != '\0')
			o->value = val;
		if (o->value == NULL && o->def != NULL)
			o->value = o->def;
		if (o->value == NULL && o->required)
			opt_fail(c, o->name, "is required%s%s%s",
			    o->env ? " (or set " : "", o->env ? o->env : "",
			    o->env ? ")" : "");
	}
	if (npos != NULL)
		*npos = pos;
	else if (pos > 0)
		opt_fail(c, NULL, "unexpected argument '%s'", argv[0]);
}

const char *
opt_get(struct cmd *c, const char *name)
{
	struct opt	*o;

	for (o = c->opts; o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			return (o->value);
	return (NULL);
}

bool
opt_flag(struct cmd *c, const char *name)
{
	const char	*v = opt_get(c, name);

	return (v != NULL && strcmp(v, "0") != 0 && *v != '\0');
}

const char *
opt_source(struct cmd *c, const char *name)
{
	struct opt	*o;

	for (o = c->opts; o->name != NULL; o++) {
		if (strcmp(o->name, name) != 0)
			continue;
		if (o->value == NULL)
			return (NULL);
		if (o->def != NULL && o->value == o->def)
			return ("default");
		if (o->env != NULL && getenv(o->env) == o->value)
			return ("environment");
		return ("flag");
	}
	return (NULL);
}
